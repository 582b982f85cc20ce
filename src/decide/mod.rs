//! Decisions: from a config and a profile to what each slot shows and how listings rank.
//!
//! Nothing here knows about HTML. [`PagePlan`] answers the rewriter's two questions —
//! "which variant fills this slot?" and "in which order do these items go?" — and carries
//! a reason code, a plain-words explanation and the experiment arm for each answer.

mod affinity;
mod conditions;
mod episodes;
mod experiments;
mod explain;
mod ranking;
mod reasons;
mod segments;
mod shelves;
mod slots;

pub use affinity::Affinities;
pub use conditions::Facts;
pub use episodes::{is_running, running};
pub use experiments::{assign, in_holdout, Assignment};
pub use explain::{explain, Candidate, ListingTrace, SlotTrace, Trace};
pub use ranking::{rank, score_of, RankingContext};
pub use reasons::Reason;
pub use segments::segments_of;
pub use slots::{choose_variant, SlotDecision};

use crate::config::Config;
use crate::context::VisitContext;
use crate::contract::{Badge, Decisions, Exposure, ListingItem, ListingOrder, SlotFill};
use crate::day::Day;
use crate::messages::{Lang, Wording};
use crate::profile::{Profile, ValueBand};
use shelves::ShelfFacts;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

/// What the plan decided for one slot.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotOutcome {
    /// The personalized decision, if any variant is eligible.
    pub decision: Option<SlotDecision>,
    /// The experiment arm the shopper is in for this slot, if any.
    pub assignment: Option<Assignment>,
}

impl SlotOutcome {
    /// The variant actually shown: none for a control arm (the default stays).
    pub fn shown(&self) -> Option<&SlotDecision> {
        if self.assignment.as_ref().is_some_and(|a| a.control) {
            None
        } else {
            self.decision.as_ref()
        }
    }
}

/// Everything decided for one page view, computed once per request before the body streams.
#[derive(Debug, Clone)]
pub struct PagePlan {
    config: Rc<Config>,
    slots: BTreeMap<String, SlotOutcome>,
    listings: BTreeMap<String, Option<Assignment>>,
    ranking: RankingContext,
    segments: Vec<(String, String)>,
    episodes: Vec<String>,
    holdout: bool,
    /// The request's context the plan was made with.
    context: VisitContext,
    /// Made for a visitor without a profile: context rules only, nothing counted.
    anonymous: bool,
    /// Showings of capped variants are counted (see [`PagePlan::with_context`]).
    counts_showings: bool,
    /// The offers that may be shown today (valid, to a profile that may earn them).
    open_offers: Vec<String>,
    /// The offers with a badge whose conditions hold for this shopper, highest priority
    /// first: listing items they apply to get their badge.
    badges: Vec<String>,
    /// The language what the shopper reads is said in: the request's, until the page's
    /// `<html lang>` names one of the config's ([`Decisions::page_language`]).
    language: Cell<Lang>,
}

impl PagePlan {
    /// Decides every slot of the config for this profile on `today` (the shop's calendar),
    /// with no request context (no campaign, referrer, country, device; the root path).
    pub fn new(config: Rc<Config>, profile: &Profile, today: Day) -> PagePlan {
        PagePlan::with_context(
            config,
            Some(profile),
            VisitContext::default(),
            today,
            true,
            true,
        )
    }

    /// Decides every slot for `profile` on `today` and the request's `context`. Without a
    /// profile (a visitor who has stored nothing) only what the request itself says can
    /// decide: no experiment or holdout (an arm needs a stored bucket), no frequency-capped
    /// variant (its showings cannot be counted) and no listing ranking (there are no
    /// interests to rank by). `counts_showings` is false where a showing may not be counted
    /// in the profile (Global Privacy Control): a frequency-capped variant is then not shown,
    /// as its cap could not be kept. `offers_allowed` is false for a profile that may not
    /// earn offers ([`crate::session::Provenance`]).
    pub fn with_context(
        config: Rc<Config>,
        profile: Option<&Profile>,
        context: VisitContext,
        today: Day,
        counts_showings: bool,
        offers_allowed: bool,
    ) -> PagePlan {
        PagePlan::build(
            config,
            profile,
            context,
            today,
            counts_showings,
            offers_allowed,
            &[],
        )
    }

    /// A merchandiser's preview ([`crate::preview`]): decided for `profile` (built from the
    /// preview's answers) on `today` as if the shopper were also in `segments`, then with the
    /// forced `variants` (slot → variant) and experiment `arms` (experiment → arm) in place
    /// of what was decided. Nothing is counted.
    pub fn preview(
        config: Rc<Config>,
        profile: &Profile,
        today: Day,
        segments: &[String],
        variants: &BTreeMap<String, String>,
        arms: &BTreeMap<String, String>,
    ) -> PagePlan {
        let mut plan = PagePlan::build(
            config.clone(),
            Some(profile),
            VisitContext::default(),
            today,
            false,
            true,
            segments,
        );
        for (key, arm_name) in arms {
            let Some(experiment) = config.experiments.tests.get(key) else {
                continue;
            };
            let Some(arm) = experiment.arms.iter().find(|arm| &arm.name == arm_name) else {
                continue;
            };
            let assignment = Assignment {
                experiment: key.clone(),
                arm: arm.name.clone(),
                control: arm.treatment == crate::config::Treatment::Default,
            };
            if let Some(slot) = &experiment.slot {
                if let Some(outcome) = plan.slots.get_mut(slot) {
                    outcome.assignment = Some(assignment.clone());
                }
            }
            if let Some(listing) = &experiment.listing {
                plan.listings.insert(listing.clone(), Some(assignment));
            }
        }
        plan.holdout = false;
        for (slot, variant) in variants {
            // A forced shelf variant shows the shelf as the previewed answers would fill it.
            let shelf = config
                .slots
                .get(slot)
                .and_then(|rules| rules.iter().find(|rule| rule.variant == *variant))
                .and_then(|rule| config.shelves.get(rule.shelf.as_deref()?))
                .and_then(|shelf| {
                    let facts = ShelfFacts {
                        config: &config,
                        ranking: &plan.ranking,
                        current: None,
                        viewed: &[],
                    };
                    shelves::markup(shelf, &facts)
                });
            plan.slots.insert(
                slot.clone(),
                SlotOutcome {
                    decision: Some(SlotDecision {
                        variant: variant.clone(),
                        reason: Reason::Preview,
                        also: Vec::new(),
                        cap: None,
                        explanation: None,
                        shelf,
                    }),
                    assignment: None,
                },
            );
        }
        plan
    }

    fn build(
        config: Rc<Config>,
        profile: Option<&Profile>,
        context: VisitContext,
        today: Day,
        counts_showings: bool,
        offers_allowed: bool,
        extra_segments: &[String],
    ) -> PagePlan {
        let nobody = Profile::default();
        let anonymous = profile.is_none();
        let profile = profile.unwrap_or(&nobody);
        let episodes = running(&config.episodes, today);
        let boosts: Vec<(Vec<String>, f32)> = episodes
            .iter()
            .filter_map(|name| config.episodes.get(name))
            .filter(|episode| episode.boost != 0.0 && !episode.boost_tags.is_empty())
            .map(|episode| (episode.boost_tags.clone(), episode.boost))
            .collect();
        let usual_price_top = profile.lifecycle.value_band.map(|band| match band {
            ValueBand::Low => config.signals.low_value_below,
            ValueBand::Mid | ValueBand::High => config.signals.high_value_from,
        });
        let ranking = RankingContext {
            affinities: Affinities::new(profile, &config.affinity, today),
            boosts,
            usual_price_top,
        };
        let affinities = &ranking.affinities;
        let open_offers: Vec<String> = config
            .offers
            .iter()
            .filter(|(_, offer)| offers_allowed && !anonymous && offer.valid_on(today))
            .map(|(name, _)| name.clone())
            .collect();
        let mut facts = Facts {
            profile,
            affinities,
            loves_threshold: config.affinity.loves_threshold,
            spend_bands: config.signals.spend_bands(),
            segments: &[],
            episodes: &episodes,
            today,
            context: &context,
            without_profile: anonymous,
            counts_showings: counts_showings && !anonymous,
            open_offers: &open_offers,
        };
        let mut segments = segments_of(&config.segments, &facts);
        for name in extra_segments {
            if let Some(rule) = config.segments.get(name) {
                if !segments.iter().any(|(known, _)| known == name) {
                    segments.push((name.clone(), rule.explanation.clone()));
                }
            }
        }
        facts.segments = &segments;

        // Only a shopper who allows measurement is placed in experiments or the holdout.
        let bucket = profile.bucket.filter(|_| profile.purposes.measurement);
        let holdout = !anonymous && in_holdout(&config.experiments, bucket);
        // The holdout is marked like a control arm, so analytics can count it.
        let holdout_arm = Assignment {
            experiment: "holdout".to_owned(),
            arm: "holdout".to_owned(),
            control: true,
        };
        let assignment_for = |matches: &dyn Fn(&crate::config::Experiment) -> bool| {
            if anonymous {
                return None;
            }
            if holdout {
                return Some(holdout_arm.clone());
            }
            config
                .experiments
                .tests
                .iter()
                .filter(|(_, experiment)| matches(experiment))
                .find_map(|(key, experiment)| assign(key, experiment, bucket))
        };
        let shelf_facts = ShelfFacts {
            config: &config,
            ranking: &ranking,
            current: config.catalog_item_at(&context.path),
            viewed: &profile.viewed,
        };
        // A shelf is picked only for a rule whose conditions hold, and at most once a page.
        let picked: RefCell<BTreeMap<&str, Option<Arc<str>>>> = RefCell::default();
        let shelf_markup = |name: &str| {
            let shelf = config.shelves.get_key_value(name)?;
            picked
                .borrow_mut()
                .entry(shelf.0.as_str())
                .or_insert_with(|| shelves::markup(shelf.1, &shelf_facts))
                .clone()
        };
        let slots: BTreeMap<String, SlotOutcome> = {
            config
                .slots
                .iter()
                .map(|(slot, rules)| {
                    let outcome = SlotOutcome {
                        decision: choose_variant(rules, &facts, &shelf_markup),
                        assignment: assignment_for(&|e| e.slot.as_deref() == Some(slot.as_str())),
                    };
                    (slot.clone(), outcome)
                })
                .filter(|(_, outcome)| outcome.decision.is_some())
                .collect()
        };
        // Badges: the offers whose conditions hold, open today, under their cap; none in
        // the holdout, which sees what everyone sees, nor in the control arm of an
        // experiment on the offer's slot.
        let in_control = |slot: &Option<String>| {
            slot.as_ref()
                .and_then(|slot| slots.get(slot)?.assignment.as_ref())
                .is_some_and(|assignment| assignment.control)
        };
        let mut badges: Vec<(&String, &crate::config::Offer)> = config
            .offers
            .iter()
            .filter(|(name, offer)| {
                offer.badge.is_some()
                    && !holdout
                    && !in_control(&offer.slot)
                    && !slots::cap_reached(offer.cap, name, &facts)
                    && open_offers.contains(name)
                    && facts.check(&offer.when).is_some()
            })
            .collect();
        badges.sort_by_key(|(_, offer)| std::cmp::Reverse(offer.priority));
        let badges = badges.into_iter().map(|(name, _)| name.clone()).collect();
        let boosts = &ranking.boosts;
        let listings = if anonymous || (affinities.is_empty() && boosts.is_empty()) {
            BTreeMap::new()
        } else {
            config
                .listings
                .keys()
                .map(|listing| {
                    let assignment =
                        assignment_for(&|e| e.listing.as_deref() == Some(listing.as_str()));
                    (listing.clone(), assignment)
                })
                .collect()
        };
        let config_language = config.texts.default_language();
        PagePlan {
            ranking,
            config,
            slots,
            listings,
            segments,
            episodes,
            holdout,
            context,
            anonymous,
            counts_showings: counts_showings && !anonymous,
            open_offers,
            badges,
            language: Cell::new(config_language),
        }
    }

    /// Says what the shopper reads in `lang` (chosen from the request by the session).
    pub fn set_language(&self, lang: Lang) {
        self.language.set(lang);
    }

    /// The messages in the plan's language.
    pub fn wording(&self) -> Wording<'_> {
        self.config.texts.in_language(self.language.get())
    }

    /// True when the plan's showings of capped variants are counted in the profile.
    pub fn counts_showings(&self) -> bool {
        self.counts_showings
    }

    /// True when the plan was made for a visitor without a profile.
    pub fn is_for_visitor_without_profile(&self) -> bool {
        self.anonymous
    }

    /// The request context the plan was made with.
    pub fn context(&self) -> &VisitContext {
        &self.context
    }

    /// The outcome for one slot, if a variant is eligible.
    pub fn slot_outcome(&self, slot: &str) -> Option<&SlotOutcome> {
        self.slots.get(slot)
    }

    /// The decision for one slot, if a variant replaces its default.
    pub fn slot_decision(&self, slot: &str) -> Option<&SlotDecision> {
        self.slots.get(slot).and_then(SlotOutcome::shown)
    }

    /// Segments the shopper is in, highest priority first.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().map(|(name, _)| name.as_str())
    }

    /// Episodes running on the plan's day.
    pub fn episodes(&self) -> &[String] {
        &self.episodes
    }

    /// True when the shopper is in the global holdout (defaults everywhere).
    pub fn in_holdout(&self) -> bool {
        self.holdout
    }

    /// The experiment arm for a listing, if the shopper is in one.
    pub fn listing_assignment(&self, listing: &str) -> Option<&Assignment> {
        self.listings.get(listing).and_then(Option::as_ref)
    }

    /// Why `listing` is ordered as it is for this shopper, in plain words: every interest
    /// and running episode the ranking follows, or the comparison group. `None` when the
    /// listing keeps the shop's order.
    pub fn listing_sentence(&self, listing: &str) -> Option<String> {
        let assignment = self.listings.get(listing)?;
        let wording = self.wording();
        if assignment.as_ref().is_some_and(|a| a.control) {
            return Some(wording.say("reason.comparison", &[]));
        }
        let affinities = &self.ranking.affinities;
        let names = |keys: &[&str]| {
            let named: Vec<&str> = keys.iter().map(|key| wording.name("tag", key)).collect();
            wording.words(&named)
        };
        let mut sentences = Vec::new();
        let stated: Vec<&str> = affinities.stated().iter().map(String::as_str).collect();
        if !stated.is_empty() {
            sentences.push(wording.say("listing.stated", &[("keys", &names(&stated))]));
        }
        let browsed = affinities.strongest_inferred(3);
        if !browsed.is_empty() {
            sentences.push(wording.say("listing.browsed", &[("keys", &names(&browsed))]));
        }
        for name in &self.episodes {
            if self
                .config
                .episodes
                .get(name)
                .is_some_and(|e| e.boost != 0.0 && !e.boost_tags.is_empty())
            {
                sentences.push(Reason::Episode(name.clone()).sentence(&wording));
            }
        }
        if self.ranking.usual_price_top.is_some() {
            sentences.push(Reason::Rule("value-band").sentence(&wording));
        }
        (!sentences.is_empty()).then(|| wording.sentences(sentences.into_iter()))
    }

    /// Ranks a listing's items as the rewriter would (for `shelfwise explain` and tests).
    pub fn rank_listing(&self, listing: &str, items: &[ListingItem]) -> Option<Vec<usize>> {
        let policy = self.config.listings.get(listing)?;
        rank(items, policy, &self.ranking)
    }

    /// The frequency-capped variants this plan shows, by slot, with their windows: when the
    /// page carries the slot, the showing must be counted in the profile.
    pub fn capped_variants(&self) -> impl Iterator<Item = (&str, &str, u16)> {
        self.slots.iter().filter_map(|(slot, outcome)| {
            let shown = outcome.shown()?;
            let cap = shown.cap?;
            Some((slot.as_str(), shown.variant.as_str(), cap.days))
        })
    }

    /// The debug trace of this plan for `profile` on `today` (the same inputs it was made from).
    pub fn trace(&self, profile: &Profile, today: Day) -> Trace {
        explain(self, profile, today)
    }

    /// True when nothing on any page would change: the rewriter can be skipped entirely.
    pub fn is_noop(&self) -> bool {
        self.slots.is_empty() && self.listings.is_empty() && self.badges.is_empty()
    }
}

impl PagePlan {
    /// True when `listing`, `len` items long, is longer than its `max_items`.
    fn cuts(&self, listing: &str, len: usize) -> bool {
        self.config
            .listings
            .get(listing)
            .and_then(|policy| policy.max_items)
            .is_some_and(|n| n < len)
    }

    /// The marks of an element showing `shown` for `reason`: the reason only when the config
    /// asks for it, since it is derived from the profile.
    fn exposure(
        &self,
        shown: &str,
        reason: impl FnOnce() -> String,
        assignment: Option<&Assignment>,
    ) -> Exposure {
        Exposure {
            variant: shown.to_owned(),
            reason: self.config.privacy.reasons_in_marks.then(reason),
            experiment: assignment.map(|a| (a.experiment.clone(), a.arm.clone())),
        }
    }
}

impl Decisions for PagePlan {
    fn slot(&self, slot: &str) -> Option<SlotFill> {
        let outcome = self.slots.get(slot)?;
        let decision = outcome.decision.as_ref()?;
        let assignment = outcome.assignment.as_ref();
        Some(match outcome.shown() {
            Some(shown) => SlotFill {
                variant: Some(shown.variant.clone()),
                library_html: shown
                    .shelf
                    .clone()
                    .or_else(|| self.config.content.get(&shown.variant).cloned()),
                why: self
                    .config
                    .privacy
                    .why_badge
                    .then(|| shown.sentence(slot, &self.wording())),
                exposure: self.exposure(&shown.variant, || shown.reason.code(), assignment),
            },
            // A control arm keeps the default but is marked, so exposures can be counted.
            None => SlotFill {
                variant: None,
                library_html: None,
                why: None,
                exposure: self.exposure("default", || decision.reason.code(), assignment),
            },
        })
    }

    fn page_language(&self, tag: &str) {
        if let Some(lang) = self.config.texts.find(tag) {
            self.language.set(lang);
        }
    }

    fn wants_listing(&self, listing: &str) -> bool {
        self.listings.contains_key(listing)
    }

    fn has_badges(&self) -> bool {
        !self.badges.is_empty()
    }

    fn badge(&self, item: &ListingItem) -> Option<Badge> {
        let config = &self.config;
        // The feed's price and margin stand in for what the page does not carry.
        let listed = (item.price.is_none() || item.margin.is_none())
            .then(|| config.catalog_item_with_id(&item.sku))
            .flatten()
            .map(|index| &config.catalog[index]);
        let price = item.price.or_else(|| listed?.price);
        let margin = item.margin.or_else(|| listed?.margin);
        self.badges.iter().find_map(|name| {
            let offer = config.offers.get(name)?;
            let floor = config.listings.get(&offer.listing)?.margin_floor?;
            let html = offer.badge.as_ref()?;
            let applies = offer.tags.is_empty() || item.tags.iter().any(|t| offer.tags.contains(t));
            (applies && offer.discount.keeps_margin(price, margin, floor)).then(|| Badge {
                offer: name.clone(),
                html: html.clone(),
            })
        })
    }

    fn order(&self, listing: &str, items: &[ListingItem]) -> Option<ListingOrder> {
        let assignment = self.listings.get(listing)?.as_ref();
        let mut decided = if assignment.is_some_and(|a| a.control) {
            ListingOrder {
                order: (0..items.len()).collect(),
                exposure: self.exposure("origin-order", || "control".to_owned(), assignment),
            }
        } else {
            let order = match self.rank_listing(listing, items) {
                Some(order) => order,
                // In an experiment the listing is marked even when ranking changes nothing,
                // so both arms are counted under the same conditions; a listing cut to its
                // first items is cut whatever the ranking did.
                None if assignment.is_some() || self.cuts(listing, items.len()) => {
                    (0..items.len()).collect()
                }
                None => return None,
            };
            ListingOrder {
                order,
                exposure: self.exposure("affinity", || "affinity".to_owned(), assignment),
            }
        };
        // Both arms of an experiment see the same number of items.
        if let Some(n) = self.config.listings.get(listing).and_then(|p| p.max_items) {
            decided.order.truncate(n);
        }
        Some(decided)
    }
}
