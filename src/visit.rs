//! One page view, the same at the edge and in the browser: which profile the decisions may
//! use, and how viewing the page changes the profile afterwards.
//!
//! Both adapters (the worker streaming HTML, the browser package walking the DOM) call
//! these two functions, so a page view is decided and recorded identically in both modes.

use crate::config::Config;
use crate::day::Day;
use crate::decide::PagePlan;
use crate::profile::{Consent, Profile, Signal, Slug};
use crate::request::{view_keys, Permissions};
use std::rc::Rc;

/// True when pages may be personalized from `profile` at all: only with consent to
/// personalization. A paused profile (consent essential) keeps its answers but decides
/// nothing; both adapters then serve the page as everyone else sees it.
pub fn personalizes(profile: &Profile) -> bool {
    profile.consent == Consent::Personalization
}

/// The profile a page's decisions may use: all of it, or under Global Privacy Control only
/// what the shopper stated.
pub fn decision_profile(profile: &Profile, permissions: Permissions) -> Profile {
    if permissions.inferred {
        profile.clone()
    } else {
        profile.stated_only()
    }
}

/// Decides the page for `profile` as `permissions` allow.
pub fn plan(
    config: Rc<Config>,
    profile: &Profile,
    permissions: Permissions,
    today: Day,
) -> PagePlan {
    PagePlan::new(config, &decision_profile(profile, permissions), today)
}

/// One slot's decision, explained to the shopper in the privacy centre.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Explanation {
    /// The slot (a config key).
    pub slot: String,
    /// The variant it shows (a config key), or `default` for what everyone sees.
    pub variant: String,
    /// Why, in plain words: the decision's reason sentence.
    pub because: String,
}

/// What each slot of the config shows this shopper today, and why: the privacy centre's
/// "why you see what you see". Nothing while personalization is paused; a comparison group
/// (an experiment's control arm or the holdout) is said as such.
pub fn explain_decisions(
    config: Rc<Config>,
    profile: &Profile,
    permissions: Permissions,
    today: Day,
) -> Vec<Explanation> {
    if !personalizes(profile) {
        return Vec::new();
    }
    let plan = plan(config.clone(), profile, permissions, today);
    config
        .slots
        .keys()
        .filter_map(|slot| {
            let outcome = plan.slot_outcome(slot)?;
            let (variant, because) = match outcome.shown() {
                Some(shown) => (shown.variant.clone(), shown.reason.sentence()),
                None => (
                    "default".to_owned(),
                    "You are in a comparison group that sees what everyone sees here, so the \
                     shop can check that personalization helps"
                        .to_owned(),
                ),
            };
            Some(Explanation {
                slot: slot.clone(),
                variant,
                because,
            })
        })
        .collect()
}

/// Records what a page view means for the profile: the keys of its `data-pz-view` marker
/// (a behavioural signal, so not under Global Privacy Control) and one showing of each
/// frequency-capped variant the page actually displayed (`shown_capped`: variant and window
/// in days). Returns true when the profile changed and must be stored again.
pub fn record_view<'a>(
    profile: &mut Profile,
    config: &Config,
    permissions: Permissions,
    view_marker: Option<&str>,
    shown_capped: impl IntoIterator<Item = (&'a str, u16)>,
    today: Day,
) -> bool {
    let before = profile.clone();
    if permissions.inferred {
        let keys = view_marker.map(view_keys).unwrap_or_default();
        profile.record(&Signal::View(keys), config.signals.bands(), today);
    }
    for (variant, days) in shown_capped {
        if let Some(variant) = Slug::new(variant) {
            profile.record_exposure(&variant, days, today);
        }
    }
    *profile != before
}
