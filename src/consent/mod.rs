//! What the shop's own consent says, from its consent-management platform (an IAB TCF or
//! GPP string, OneTrust's or Cookiebot's cookie) or its own consent cookie: which of
//! Shelfwise's purposes the shopper allowed there, and whether exposure events may be sent.
//!
//! Every decoder is total: a malformed value allows nothing. The mapping of each source to
//! Shelfwise's purposes lives here once, for the edge and the browser alike.

mod bits;
pub mod gpp;
mod platforms;
pub mod tcf;

pub use platforms::{cookiebot, onetrust, Accepted};

use crate::config::{ConsentCookie, PlatformMapping, Privacy, TcfSource};
use crate::cookie_header::cookie_value;
use crate::profile::{Consent, Purposes};

/// What the shop's consent allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteConsent {
    /// The purposes the shop's consent allows (all, where the shop has no consent source).
    pub allowed: Purposes,
    /// A consent source the config names was present and granted the answers: the shopper
    /// already opted in there, so the preference form's tick is not needed.
    pub granted_by_platform: bool,
    /// The source speaks of purposes (TCF, GPP's EU section, OneTrust, Cookiebot): what it
    /// allows is what the shopper chose, so a new profile is given exactly that.
    pub chooses_purposes: bool,
    /// Exposure events for the shop's analytics are allowed.
    pub statistics: bool,
    /// A US opt-out of sale, sharing or targeted advertising (GPP): treated as Global
    /// Privacy Control.
    pub opted_out: bool,
}

impl SiteConsent {
    /// No consent source configured: everything is up to the shopper's own choices.
    const UNCONFIGURED: SiteConsent = SiteConsent {
        allowed: Purposes::ALL,
        granted_by_platform: false,
        chooses_purposes: false,
        statistics: true,
        opted_out: false,
    };

    /// Sources configured, none present or none allowing anything.
    const NOTHING: SiteConsent = SiteConsent {
        allowed: Purposes::NONE,
        granted_by_platform: false,
        chooses_purposes: false,
        statistics: false,
        opted_out: false,
    };

    fn from_purposes(allowed: Purposes, statistics: bool, chooses_purposes: bool) -> SiteConsent {
        // Without the answers there is no profile, so nothing else is allowed either.
        let allowed = if allowed.answers {
            allowed
        } else {
            Purposes::NONE
        };
        SiteConsent {
            allowed,
            granted_by_platform: allowed.answers,
            chooses_purposes,
            statistics,
            opted_out: false,
        }
    }
}

/// Reads the shop's consent from the request's cookies: the first configured source whose
/// cookie is present decides (TCF, GPP, OneTrust, Cookiebot, then the shop's own consent
/// cookie).
pub fn site_consent(privacy: &Privacy, cookie_header: Option<&str>) -> SiteConsent {
    let platforms = &privacy.consent_platforms;
    if !platforms.any() && privacy.consent_cookie.is_none() {
        return SiteConsent::UNCONFIGURED;
    }
    let cookie = |name: &str| cookie_header.and_then(|header| cookie_value(header, name));
    if let Some(source) = &platforms.tcf {
        if let Some(value) = cookie(source.cookie.as_deref().unwrap_or("euconsent-v2")) {
            return tcf::decode(value).map_or(SiteConsent::NOTHING, |tc| from_tc(&tc, source));
        }
    }
    if let Some(source) = &platforms.gpp {
        if let Some(value) = cookie(source.cookie.as_deref().unwrap_or("__gpp")) {
            return gpp::decode(value).map_or(SiteConsent::NOTHING, |gpp| from_gpp(&gpp, source));
        }
    }
    let mapped = [
        (
            &platforms.onetrust,
            "OptanonConsent",
            onetrust as fn(&str) -> Accepted,
        ),
        (&platforms.cookiebot, "CookieConsent", cookiebot),
    ];
    for (mapping, usual_name, read) in mapped {
        if let Some(mapping) = mapping {
            if let Some(value) = cookie(mapping.cookie.as_deref().unwrap_or(usual_name)) {
                return from_accepted(&read(value), mapping);
            }
        }
    }
    if let Some(consent) = &privacy.consent_cookie {
        if let Some(value) = cookie(&consent.name) {
            return from_consent_cookie(value, consent);
        }
    }
    SiteConsent::NOTHING
}

/// A TC string: each purpose allowed when all its TCF purposes have consent (the vendor's
/// too, when the shop names its vendor id), or the publisher's own purposes when the shop
/// reads those.
fn from_tc(tc: &tcf::TcString, source: &TcfSource) -> SiteConsent {
    let granted = |purpose: u8| {
        if source.publisher_purposes {
            tc.publisher_purposes
                .is_some_and(|flags| flags.has(purpose))
        } else {
            tc.purposes.has(purpose) && source.vendor_id.is_none_or(|v| tc.vendor_consented(v))
        }
    };
    let all = |name: &str| {
        Purposes::TCF_PURPOSES
            .iter()
            .find(|(purpose, _)| *purpose == name)
            .is_some_and(|(_, tcf)| tcf.iter().all(|p| granted(*p)))
    };
    let allowed = Purposes {
        answers: all("answers"),
        interests: all("interests"),
        measurement: all("measurement"),
    };
    SiteConsent::from_purposes(allowed, allowed.measurement, true)
}

/// A GPP string: its EU section decides as a TC string does; without one (a US-only
/// string) the shopper's own choices decide, and a US opt-out counts as Global Privacy
/// Control.
fn from_gpp(gpp: &gpp::GppString, source: &TcfSource) -> SiteConsent {
    let mut consent = match &gpp.tcf {
        Some(tc) => from_tc(tc, source),
        None => SiteConsent {
            granted_by_platform: false,
            ..SiteConsent::UNCONFIGURED
        },
    };
    consent.opted_out = gpp.us_opt_out;
    consent
}

fn from_accepted(accepted: &Accepted, mapping: &PlatformMapping) -> SiteConsent {
    let allowed = Purposes {
        answers: accepted.all_of(&mapping.answers),
        interests: accepted.all_of(&mapping.interests),
        measurement: accepted.all_of(&mapping.measurement),
    };
    SiteConsent::from_purposes(allowed, accepted.all_of(&mapping.statistics), true)
}

/// The shop's own consent cookie: its value grants personalization (every purpose,
/// the shopper's own ticks deciding), essential storage only, or nothing.
fn from_consent_cookie(value: &str, consent: &ConsentCookie) -> SiteConsent {
    let level = if consent.personalization.iter().any(|v| v == value) {
        Consent::Personalization
    } else if consent.essential.iter().any(|v| v == value) {
        Consent::Essential
    } else {
        Consent::None
    };
    let allowed = if level == Consent::Personalization {
        Purposes::ALL
    } else {
        Purposes::NONE
    };
    SiteConsent::from_purposes(
        allowed,
        consent.statistics.iter().any(|v| v == value),
        false,
    )
}
