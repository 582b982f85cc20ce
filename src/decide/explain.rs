//! The debug trace: for each slot and listing, the candidates considered, why each was or
//! was not eligible, and the final choice. `shelfwise explain` prints it; the worker sends a
//! summary in the `x-shelfwise-trace` header when the config enables `debug.trace`.

use super::conditions::Facts;
use super::{PagePlan, Reason};
use crate::day::Day;
use crate::profile::Profile;
use serde::Serialize;

/// Everything decided for one profile on one day, with reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The day decided for, `YYYY-MM-DD`.
    pub today: String,
    /// Segments the shopper is in, highest priority first.
    pub segments: Vec<String>,
    /// Episodes running today.
    pub episodes: Vec<String>,
    /// The shopper is in the global holdout: defaults everywhere.
    pub holdout: bool,
    /// One entry per slot of the config.
    pub slots: Vec<SlotTrace>,
    /// One entry per listing of the config.
    pub listings: Vec<ListingTrace>,
}

/// How one slot was decided.
#[derive(Debug, Clone, Serialize)]
pub struct SlotTrace {
    /// The slot's name.
    pub slot: String,
    /// Every variant rule, in config order.
    pub candidates: Vec<Candidate>,
    /// The variant shown, or `None` for the default content.
    pub shown: Option<String>,
    /// Why, in plain words.
    pub because: Option<String>,
    /// `experiment/arm`, when the shopper is in an experiment on this slot.
    pub experiment: Option<String>,
}

/// One variant rule and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// The variant's id.
    pub variant: String,
    /// The rule's priority.
    pub priority: i32,
    /// Whether every condition held.
    pub eligible: bool,
    /// The reason code, when eligible.
    pub reason: Option<String>,
}

/// How one listing will be ranked.
#[derive(Debug, Clone, Serialize)]
pub struct ListingTrace {
    /// The listing's name.
    pub listing: String,
    /// Whether it will be re-ranked at all.
    pub ranked: bool,
    /// `experiment/arm`, when the shopper is in an experiment on this listing.
    pub experiment: Option<String>,
}

/// Builds the trace of `plan`, which was made for `profile` on `today`.
pub fn explain(plan: &PagePlan, profile: &Profile, today: Day) -> Trace {
    let config = &plan.config;
    let facts = Facts {
        profile,
        affinities: &plan.ranking.affinities,
        loves_threshold: config.affinity.loves_threshold,
        spend_bands: config.signals.spend_bands(),
        segments: &plan.segments,
        episodes: plan.episodes(),
        today,
        context: plan.context(),
        without_profile: plan.is_for_visitor_without_profile(),
        counts_showings: plan.counts_showings(),
        open_offers: &plan.open_offers,
    };
    let slots = config
        .slots
        .iter()
        .map(|(slot, rules)| {
            let candidates = rules
                .iter()
                .map(|rule| {
                    let capped = super::slots::capped(rule, &facts);
                    let closed = super::slots::offer_closed(rule, &facts);
                    let reason = facts
                        .check(&rule.when)
                        .filter(|_| super::slots::applies(rule, &facts));
                    Candidate {
                        variant: rule.variant.clone(),
                        priority: rule.priority,
                        eligible: reason.is_some() && !capped && !closed,
                        reason: if closed {
                            Some("offer-closed".to_owned())
                        } else if capped {
                            Some("capped".to_owned())
                        } else {
                            reason.and_then(|r| r.first().map(Reason::code))
                        },
                    }
                })
                .collect();
            let outcome = plan.slot_outcome(slot);
            let shown = outcome.and_then(|o| o.shown());
            SlotTrace {
                slot: slot.clone(),
                candidates,
                shown: shown.map(|d| d.variant.clone()),
                because: shown.map(|d| d.sentence(slot, &plan.wording())),
                experiment: outcome
                    .and_then(|o| o.assignment.as_ref())
                    .map(|a| format!("{}/{}", a.experiment, a.arm)),
            }
        })
        .collect();
    let listings = config
        .listings
        .keys()
        .map(|listing| {
            let assignment = plan.listing_assignment(listing);
            ListingTrace {
                listing: listing.clone(),
                ranked: plan.listings.contains_key(listing)
                    && !assignment.is_some_and(|a| a.control),
                experiment: assignment.map(|a| format!("{}/{}", a.experiment, a.arm)),
            }
        })
        .collect();
    Trace {
        today: today.to_iso(),
        segments: plan.segments().map(str::to_owned).collect(),
        episodes: plan.episodes().to_vec(),
        holdout: plan.in_holdout(),
        slots,
        listings,
    }
}

impl Trace {
    /// A one-line summary for a response header: `slot=variant(reason)` pairs and listings.
    /// Contains only config keys and reason codes, never profile content.
    pub fn header(&self) -> String {
        let mut parts: Vec<String> = self
            .slots
            .iter()
            .map(|s| {
                let shown = s.shown.as_deref().unwrap_or("default");
                let reason = s
                    .candidates
                    .iter()
                    .find(|c| Some(&c.variant) == s.shown.as_ref() && c.eligible)
                    .and_then(|c| c.reason.as_deref())
                    .unwrap_or("-");
                match &s.experiment {
                    Some(arm) => format!("{}={shown}({reason};{arm})", s.slot),
                    None => format!("{}={shown}({reason})", s.slot),
                }
            })
            .collect();
        parts.extend(self.listings.iter().map(|l| {
            let how = if l.ranked { "ranked" } else { "origin" };
            format!("{}={how}", l.listing)
        }));
        if self.holdout {
            parts.insert(0, "holdout".to_owned());
        }
        parts.join("; ")
    }
}
