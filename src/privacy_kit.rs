//! What a privacy team needs to sign off, generated from the config so it is always in step
//! with the code: the cookie-banner entry, cookie-policy text, a machine-readable data
//! inventory, an art. 30 record of processing and the answers to a DPIA's standard
//! questions (`shelfwise privacy-kit`).
//!
//! [`INVENTORY`] is the one list of what a profile can hold and which purpose each field
//! serves. `tests/inventory.rs` checks it against the profile the code stores, and checks
//! that withdrawing a purpose really drops every field listed under it.

use crate::config::Config;
use crate::profile::{Purposes, BUCKET_POSITIONS};
use serde::Serialize;
use serde_json::json;

/// What a stored field is kept for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldPurpose {
    /// The consent record and retention bookkeeping every profile carries, so the shopper's
    /// choices and the retention rules can be honoured.
    Record,
    /// Stated answers personalize pages (the `answers` purpose).
    Answers,
    /// Behaviour learnt on the device (the `interests` purpose).
    Interests,
    /// Experiments and the holdout (the `measurement` purpose).
    Measurement,
}

impl FieldPurpose {
    /// The IAB TCF v2.2 purposes this corresponds to ([`Purposes::TCF_PURPOSES`]).
    pub fn tcf_purposes(self) -> &'static [u8] {
        let name = match self {
            FieldPurpose::Record => return &[1],
            FieldPurpose::Answers => "answers",
            FieldPurpose::Interests => "interests",
            FieldPurpose::Measurement => "measurement",
        };
        Purposes::TCF_PURPOSES
            .iter()
            .find(|(purpose, _)| *purpose == name)
            .map_or(&[1], |(_, tcf)| tcf)
    }
}

/// One line of the data inventory: fields of the profile and what they are for.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StoredField {
    /// The fields, as the profile's JSON names them (`lifecycle.visits`).
    pub fields: &'static [&'static str],
    /// What they hold.
    pub holds: &'static str,
    /// Where they come from.
    pub source: &'static str,
    /// What they are used for.
    pub used_for: &'static str,
    /// The purpose the shopper granted for them.
    pub purpose: FieldPurpose,
    /// How long they are kept.
    pub retention: &'static str,
}

/// Every field a profile can hold. A field is stored only under its purpose: withdrawing
/// `interests` or `measurement` drops the fields listed under it.
pub const INVENTORY: &[StoredField] = &[
    StoredField {
        fields: &["written"],
        holds: "the day the profile was last written",
        source: "the worker (edge mode) or the browser package (local-only mode)",
        used_for: "retention: a profile not written within the window is discarded",
        purpose: FieldPurpose::Record,
        retention: "the window (cookie.max_age_days), renewed on write",
    },
    StoredField {
        fields: &["created"],
        holds: "the day the profile was created",
        source: "the first answers the shopper saved",
        used_for: "the absolute lifetime: the profile ends privacy.max_profile_age_days after it, however often it is renewed",
        purpose: FieldPurpose::Record,
        retention: "with the profile",
    },
    StoredField {
        fields: &["consent"],
        holds: "personalization on, or paused (essential)",
        source: "the shopper answering the questions, or pausing in the privacy centre",
        used_for: "a paused profile decides nothing and records nothing",
        purpose: FieldPurpose::Record,
        retention: "with the profile",
    },
    StoredField {
        fields: &["purposes", "consented_on"],
        holds: "which purposes the shopper allowed (answers, interests, measurement) and the day they last gave or changed them",
        source: "the preference form's ticks and the privacy centre",
        used_for: "each purpose is honoured on its own; the day is shown in the privacy centre",
        purpose: FieldPurpose::Record,
        retention: "with the profile",
    },
    StoredField {
        fields: &["answers"],
        holds: "up to 4 answers to the shop's own questions, each the question's key and up to 4 of its choices' keys",
        source: "stated by the shopper (on the preference form, or at first purchase)",
        used_for: "slot choices, segments, ranking (an interests question's choices each seed an affinity)",
        purpose: FieldPurpose::Answers,
        retention: "until changed or forgotten, at most the profile's life; dropped when the shop stops asking the question",
    },
    StoredField {
        fields: &["affinities"],
        holds: "up to 8 × (shop key, strength 1–255, day); sensitive tags never",
        source: "views, time on product pages, wishlist, basket and purchases on this device (and the stated interests' seeds)",
        used_for: "slot choices, ranking",
        purpose: FieldPurpose::Interests,
        retention: "decays with the half-life; dropped after the window; only stated interests' seeds stay without the interests purpose",
    },
    StoredField {
        fields: &["lifecycle.first_seen", "lifecycle.last_seen", "lifecycle.visits"],
        holds: "two days and a count of days with a visit (up to 20)",
        source: "page views",
        used_for: "new / returning segments",
        purpose: FieldPurpose::Interests,
        retention: "with the profile; first_seen moves up once older than the window",
    },
    StoredField {
        fields: &[
            "lifecycle.purchases",
            "lifecycle.last_purchase",
            "lifecycle.value_band",
        ],
        holds: "a count, a day and low / mid / high (never an amount)",
        source: "purchase signals",
        used_for: "collector, lapsed and high-value segments; the price-band guardrail",
        purpose: FieldPurpose::Interests,
        retention: "dropped once the last purchase is older than the window",
    },
    StoredField {
        fields: &["lifecycle.spend"],
        holds: "all orders added up, as one of 256 steps each a quarter larger than the one before (never an amount)",
        source: "purchase signals",
        used_for: "the `spend_band` condition (low / mid / high of the shop's thresholds)",
        purpose: FieldPurpose::Interests,
        retention: "dropped with the purchases once the last is older than the window",
    },
    StoredField {
        fields: &["bought"],
        holds: "up to 4 × (tag, day of its latest purchase), only for tags a `bought` condition of the shop's config names",
        source: "purchase signals",
        used_for: "replenishment reminders (`bought` conditions)",
        purpose: FieldPurpose::Interests,
        retention: "each dropped once older than the window",
    },
    StoredField {
        fields: &["viewed"],
        holds: "up to 5 × (a 24-bit reference to a catalog item, the day it was viewed), only while a `recently_viewed` shelf exists",
        source: "views of the catalog items' own pages",
        used_for: "the `recently_viewed` shelf; each item removable on its own in the privacy centre",
        purpose: FieldPurpose::Interests,
        retention: "each dropped once older than the window",
    },
    StoredField {
        fields: &[
            "intent.wishlist_adds",
            "intent.cart_adds",
            "intent.cart_open_since",
        ],
        holds: "counters up to 255 and a day",
        source: "wishlist, basket and purchase signals",
        used_for: "intent rules, basket hesitation",
        purpose: FieldPurpose::Interests,
        retention: "with the profile; an open basket older than the window is dropped",
    },
    StoredField {
        fields: &["exposures"],
        holds: "up to 8 × (variant id, count, day the window started)",
        source: "pages shown with a frequency-capped variant",
        used_for: "frequency caps, so a personalization the shopper asked for does not repeat itself (under Global Privacy Control nothing is counted and no capped variant is shown)",
        purpose: FieldPurpose::Answers,
        retention: "dropped after the window",
    },
    StoredField {
        fields: &["bucket"],
        holds: "a coarse experiment bucket, one of 16,384 values shared by many shoppers",
        source: "drawn at random while an experiment or the holdout runs",
        used_for: "sticky experiment arms and the holdout; never sent anywhere",
        purpose: FieldPurpose::Measurement,
        retention: "dropped when no experiment runs or measurement is withdrawn",
    },
];

/// Shoppers sharing each bucket value when `shoppers` shoppers have one.
pub fn shoppers_per_bucket(shoppers: u32) -> f64 {
    f64::from(shoppers) / f64::from(BUCKET_POSITIONS)
}

/// The cookie-banner entry (or consent-platform declaration) for the profile cookie.
pub fn cookie_banner(config: &Config) -> serde_json::Value {
    json!({
        "name": config.cookie.name,
        "first_party": true,
        "http_only": true,
        "same_site": "Lax",
        "set_by": "the shop's own domain (the Shelfwise worker); in local-only mode the same name is a localStorage key instead",
        "category": "personalization",
        "purposes": purposes_json(),
        "lifetime_days": config.cookie.max_age_days,
        "renewed_on_write": true,
        "absolute_lifetime_days": config.privacy.max_profile_age_days,
        "set_before_consent": false,
        "shared_with_third_parties": false,
        "description": cookie_description(config),
    })
}

fn purposes_json() -> serde_json::Value {
    let describe = |name: &str| match name {
        "answers" => "Remember the answers the shopper gives to arrange the shop for them",
        "interests" => "Learn from what the shopper views, saves and buys on this device",
        _ => "Include the shopper in the shop's experiments, with a coarse group number",
    };
    Purposes::TCF_PURPOSES
        .iter()
        .map(|(name, tcf)| json!({ "purpose": name, "description": describe(name), "tcf_purposes": tcf }))
        .collect()
}

fn cookie_description(config: &Config) -> String {
    format!(
        "Remembers, on this device only, the answers you give about what you like and (if you allow it) what you look at here, so the shop can arrange its pages for you. It is read by the shop's own server for the page you ask for and never stored there. It lasts {} days from your last change and never more than {} days in all.",
        config.cookie.max_age_days, config.privacy.max_profile_age_days
    )
}

/// The machine-readable data inventory: each stored field, what it holds, its purpose and
/// TCF purposes, its retention, and where each mode stores it.
pub fn inventory(config: &Config) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = INVENTORY
        .iter()
        .flat_map(|entry| {
            entry.fields.iter().map(move |field| {
                json!({
                    "field": field,
                    "holds": entry.holds,
                    "source": entry.source,
                    "used_for": entry.used_for,
                    "purpose": entry.purpose,
                    "tcf_purposes": entry.purpose.tcf_purposes(),
                    "retention": entry.retention,
                })
            })
        })
        .collect();
    json!({
        "stored_where": {
            "edge": format!("the first-party HttpOnly cookie `{}` on the shopper's device; the server reads it for the page it serves and keeps nothing", config.cookie.name),
            "local-only": format!("the browser's localStorage under `{}`; it never leaves the device", config.cookie.name),
        },
        "retention_days": config.cookie.max_age_days,
        "absolute_lifetime_days": config.privacy.max_profile_age_days,
        "never_stored": [
            "free text", "product lists beyond the last five items viewed (only while a `recently_viewed` shelf exists)", "order amounts", "identifiers of the person",
            "timestamps finer than a day", "tags the config lists as sensitive",
            "the request's context (campaign, referrer, country, device, path)",
        ],
        "sensitive_tags": config.privacy.sensitive_tags,
        "fields": fields,
    })
}

/// Cookie-policy text for the shop's cookie page, in Markdown.
pub fn cookie_policy(config: &Config) -> String {
    let mut text = format!(
        "### `{}` — personalization on this device\n\n{}\n\n",
        config.cookie.name,
        cookie_description(config)
    );
    text.push_str("You choose what it may be used for, each on its own:\n\n");
    text.push_str("- **Your answers** — always, once you save them: who you are shopping for and what you love.\n");
    text.push_str(if config.keeps_viewed {
        "- **What you look at** — only if you tick it: the kinds of things you view, save and buy here, kept as a few keys with a strength, counts of visits and orders (never amounts), and the last five pieces you viewed, for a \"recently viewed\" shelf, each of which you can remove.\n"
    } else {
        "- **What you look at** — only if you tick it: the kinds of things you view, save and buy here, kept as a few keys with a strength, and counts of visits and orders (never amounts or products).\n"
    });
    text.push_str(&format!(
        "- **Experiments** — only if you tick it: a group number, one of {}, each shared by many shoppers, so the shop can compare versions of a page.\n\n",
        BUCKET_POSITIONS
    ));
    text.push_str("Nothing is stored before you answer. Under Global Privacy Control nothing is learnt from your browsing. You can see everything that is stored, pause it, change your choices or erase it at any time in the privacy centre.\n");
    text
}

/// An art. 30 GDPR record of processing, as a template the shop completes.
pub fn record_of_processing(config: &Config) -> String {
    let mut text = String::from("### Record of processing activities (GDPR art. 30)\n\n");
    let rows = [
        ("Controller", "[the shop: name, address, contact, DPO]".to_owned()),
        ("Name of the processing", "Personalization of the shop's pages on the shopper's device (Shelfwise)".to_owned()),
        ("Purposes", "Arranging pages from stated answers (answers); from behaviour on the device (interests); comparing versions of pages (measurement)".to_owned()),
        ("Legal basis", "Consent (GDPR art. 6(1)(a); ePrivacy art. 5(3) for the storage on the device), each purpose on its own".to_owned()),
        ("Categories of data subjects", "Shoppers who answer the preference questions".to_owned()),
        ("Categories of personal data", format!("See the data inventory: {} fields, day-granular, no identifiers, no free text, no exact amounts (a spending total only in coarse steps); sensitive tags excluded", INVENTORY.iter().map(|e| e.fields.len()).sum::<usize>())),
        ("Recipients", "The shop (its server reads the cookie for the page it serves, in edge mode); the platform running the worker (Cloudflare) as processor, which sees the request as for any page. No third party receives the profile".to_owned()),
        ("Transfers to third countries", "[as for the shop's hosting platform]".to_owned()),
        ("Retention", format!("{} days after the last change, at most {} days in all; affinities decay and age out with the window", config.cookie.max_age_days, config.privacy.max_profile_age_days)),
        ("Security measures", format!("Stored only on the shopper's device; HttpOnly, SameSite=Lax, Secure on https; endpoints refuse other sites; nothing from the profile is logged{}", if config.offers.is_empty() { "" } else { "; the cookie is signed (HMAC-SHA256 under the worker's secret) so that offers are shown only from values the shop wrote" })),
    ];
    text.push_str("| item | entry |\n|---|---|\n");
    for (item, entry) in rows {
        text.push_str(&format!("| {item} | {entry} |\n"));
    }
    text
}

/// Answers to the standard questions of a data protection impact assessment.
pub fn dpia_answers(config: &Config) -> String {
    let k_100k = shoppers_per_bucket(100_000);
    let k_1m = shoppers_per_bucket(1_000_000);
    let opt_in = if config.privacy.opt_in_everywhere {
        "every shopper".to_owned()
    } else {
        format!(
            "shoppers in {} countries and any shopper whose country is unknown",
            config.privacy.opt_in_countries.len()
        )
    };
    let platforms = &config.privacy.consent_platforms;
    let platform = if platforms.any() {
        " The shop's consent-management platform decides which purposes are allowed (TCF purposes 1, 5, 6 and 8 where a TCF or GPP string is the source); withdrawing there erases what it no longer allows."
    } else {
        ""
    };
    let answers = [
        ("What is processed, and is it necessary?", "The inventory's fields only: stated answers, keys of what was viewed with a strength, day counts and a coarse experiment group. Each field serves one granted purpose and is dropped when that purpose is withdrawn.".to_owned()),
        ("Where is it stored, and who can read it?", format!("On the shopper's device only: the HttpOnly cookie `{}` (edge mode) or localStorage (local-only mode). Page scripts cannot read the cookie; in local-only mode the server never receives the profile.", config.cookie.name)),
        ("Is anyone identified or singled out?", format!("No identifier is stored. The experiment group has {BUCKET_POSITIONS} values: about {k_100k:.0} shoppers share each at 100,000 shoppers and {k_1m:.0} at 1,000,000; it is drawn only while an experiment runs and only with the measurement purpose.")),
        ("How is consent obtained?", format!("Nothing is stored before the shopper saves answers. Explicit opt-in (the \"remember my answers\" tick) is required for {opt_in}. Learning from behaviour and experiments each need their own tick; the day and the purposes are kept and shown.{platform}")),
        ("Are special categories processed?", format!("No: {} sensitive terms (health, sex life, religion, ethnicity, politics, trade unions by default) are never stored, ranked on or explained.", config.privacy.sensitive_tags.len())),
        ("Automated decisions with legal or similar effects?", "No. Only the order and choice of content on the shop's own pages; every shopper can see why in the privacy centre.".to_owned()),
        ("How long is it kept?", format!("{} days from the last change, at most {} days in all, then the shopper starts afresh and is asked again.", config.cookie.max_age_days, config.privacy.max_profile_age_days)),
        ("Which rights can be exercised, and how?", "Access (the privacy centre lists every stored fact), rectification (change answers), withdrawal per purpose, pause, and erasure (forget) — all on the device, at once, without contacting the shop.".to_owned()),
        ("Global Privacy Control?", if config.privacy.gpc_limits_to_stated { "Honoured: only stated answers are used, nothing behavioural is recorded and no capped variant is shown." } else { "Not honoured by this config (privacy.gpc_limits_to_stated is off)." }.to_owned()),
    ];
    let mut text = String::from("### Answers to a DPIA's standard questions\n\n");
    for (question, answer) in answers {
        text.push_str(&format!("**{question}** {answer}\n\n"));
    }
    text
}

/// The whole kit as one Markdown document, with the inventory and the banner entry as JSON
/// blocks, for reading (`shelfwise privacy-kit` without `--out`).
pub fn kit_document(config: &Config) -> String {
    let pretty =
        |value: &serde_json::Value| serde_json::to_string_pretty(value).unwrap_or_default();
    format!(
        "## Cookie-banner entry\n\n```json\n{}\n```\n\n## Cookie policy\n\n{}\n## Data inventory\n\n```json\n{}\n```\n\n## Record of processing\n\n{}\n## DPIA\n\n{}",
        pretty(&cookie_banner(config)),
        cookie_policy(config),
        pretty(&inventory(config)),
        record_of_processing(config),
        dpia_answers(config)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_purpose_maps_to_tcf_purpose_one_and_its_own() {
        assert_eq!(FieldPurpose::Answers.tcf_purposes(), &[1]);
        assert_eq!(FieldPurpose::Interests.tcf_purposes(), &[1, 5, 6]);
        assert_eq!(FieldPurpose::Measurement.tcf_purposes(), &[1, 8]);
    }

    #[test]
    fn the_kit_states_the_configured_lifetimes_and_k() {
        let config = Config::from_json("c.json", r#"{ "questions": { "crafts": ["glass"] } }"#)
            .expect("a config");
        let document = kit_document(&config);
        assert!(
            document.contains("\"absolute_lifetime_days\": 365"),
            "{document}"
        );
        assert!(
            document.contains("about 6 shoppers share each at 100,000"),
            "{document}"
        );
        assert!(document.contains("61 at 1,000,000"), "{document}");
    }
}
