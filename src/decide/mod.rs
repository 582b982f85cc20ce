//! Decisions: from a config and a profile to what each slot shows and how listings rank.
//!
//! Nothing here knows about HTML. [`PagePlan`] answers the rewriter's two questions —
//! "which variant fills this slot?" and "in which order do these items go?" — and carries
//! a reason code and a plain-words explanation for each answer.

mod affinity;
mod ranking;
mod slots;

pub use affinity::Affinities;
pub use ranking::rank;
pub use slots::{choose_variant, SlotDecision};

use crate::config::Config;
use crate::day::Day;
use crate::profile::Profile;
use crate::rewrite::{Decisions, Exposure, ListingItem, ListingOrder, SlotFill};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Everything decided for one page view, computed once per request before the body streams.
#[derive(Debug, Clone)]
pub struct PagePlan {
    config: Rc<Config>,
    slots: BTreeMap<String, SlotDecision>,
    affinities: Affinities,
}

impl PagePlan {
    /// Decides every slot of the config for this profile on `today`.
    pub fn new(config: Rc<Config>, profile: &Profile, today: Day) -> PagePlan {
        let affinities = Affinities::new(profile, &config.affinity, today);
        let slots = config
            .slots
            .iter()
            .filter_map(|(slot, rules)| {
                choose_variant(rules, profile, &affinities, config.affinity.loves_threshold)
                    .map(|decision| (slot.clone(), decision))
            })
            .collect();
        PagePlan {
            config,
            slots,
            affinities,
        }
    }

    /// The decision for one slot, if a variant replaces its default.
    pub fn slot_decision(&self, slot: &str) -> Option<&SlotDecision> {
        self.slots.get(slot)
    }

    /// True when nothing on any page would change: the rewriter can be skipped entirely.
    pub fn is_noop(&self) -> bool {
        self.slots.is_empty() && self.affinities.is_empty()
    }
}

impl Decisions for PagePlan {
    fn slot(&self, slot: &str) -> Option<SlotFill> {
        let decision = self.slots.get(slot)?;
        Some(SlotFill {
            variant: decision.variant.clone(),
            exposure: Exposure {
                variant: decision.variant.clone(),
                reason: decision.reason.code(),
            },
        })
    }

    fn wants_listing(&self, listing: &str) -> bool {
        !self.affinities.is_empty() && self.config.listings.contains_key(listing)
    }

    fn order(&self, listing: &str, items: &[ListingItem]) -> Option<ListingOrder> {
        let policy = self.config.listings.get(listing)?;
        let order = rank(items, policy, &self.affinities)?;
        Some(ListingOrder {
            order,
            exposure: Exposure {
                variant: "affinity".to_owned(),
                reason: "affinity".to_owned(),
            },
        })
    }
}
