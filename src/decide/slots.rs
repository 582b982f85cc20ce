//! Choosing a slot's variant: among the rules whose conditions all hold, the highest
//! priority wins; equal priorities go to the rule listed first.

use super::conditions::Facts;
use super::reasons::Reason;
use crate::config::{Cap, VariantRule};
use crate::messages::Wording;

/// The variant chosen for a slot and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotDecision {
    /// The chosen variant's id.
    pub variant: String,
    /// Why it was chosen: the strongest reason (its code goes into the marks when the
    /// config asks for reasons).
    pub reason: Reason,
    /// The other conditions that decided, strongest first.
    pub also: Vec<Reason>,
    /// Its frequency cap, when it has one: showing it must be counted.
    pub cap: Option<Cap>,
    /// The rule's own explanation, when the config gives one.
    pub explanation: Option<String>,
    /// A shelf rule's markup, made for this page view.
    pub shelf: Option<std::sync::Arc<str>>,
}

impl SlotDecision {
    /// What the shopper is told in the language of `wording`: the rule's own explanation
    /// (its words for `why.SLOT.VARIANT`), or else every condition that decided, in plain
    /// words ("Because you told us you're shopping for a gift, and because of the size of
    /// your last order").
    pub fn sentence(&self, slot: &str, wording: &Wording<'_>) -> String {
        match &self.explanation {
            Some(explanation) => wording
                .own(&format!("why.{slot}.{}", self.variant))
                .unwrap_or(explanation)
                .to_owned(),
            None => wording.sentences(
                std::iter::once(&self.reason)
                    .chain(&self.also)
                    .map(|reason| reason.sentence(wording)),
            ),
        }
    }
}

/// True when the rule's variant has been shown as often as its cap allows.
/// Where showings are not counted (no profile, Global Privacy Control), a capped variant
/// counts as capped.
pub fn capped(rule: &VariantRule, facts: &Facts<'_>) -> bool {
    cap_reached(rule.cap, &rule.variant, facts)
}

/// True when `variant` (or an offer of that name) has been shown as often as `cap` allows;
/// where showings are not counted, as soon as it has a cap.
pub fn cap_reached(cap: Option<Cap>, variant: &str, facts: &Facts<'_>) -> bool {
    cap.is_some_and(|cap| {
        !facts.counts_showings
            || facts.profile.exposures_of(variant, cap.days, facts.today) >= cap.max
    })
}

/// True when the rule shows an offer that may not be shown today: outside its validity
/// window, or to a profile that may not earn offers.
pub fn offer_closed(rule: &VariantRule, facts: &Facts<'_>) -> bool {
    rule.offer
        .as_ref()
        .is_some_and(|offer| !facts.open_offers.contains(offer))
}

/// True when the rule may decide for this visitor: for one without a profile, only a rule
/// that reads the request's context (itself or through its segments) may.
pub fn applies(rule: &VariantRule, facts: &Facts<'_>) -> bool {
    !facts.without_profile || rule.applies_without_profile
}

/// Picks the eligible variant with the highest priority, or `None` to keep the default.
/// A variant that has reached its frequency cap is not eligible, nor is a shelf rule whose
/// shelf finds too few items (`shelf_markup` gives a shelf's markup by name, or `None`).
pub fn choose_variant(
    rules: &[VariantRule],
    facts: &Facts<'_>,
    shelf_markup: &dyn Fn(&str) -> Option<std::sync::Arc<str>>,
) -> Option<SlotDecision> {
    let mut best: Option<(i32, SlotDecision)> = None;
    for rule in rules {
        let beaten = best
            .as_ref()
            .is_some_and(|(priority, _)| *priority >= rule.priority);
        if beaten || !applies(rule, facts) || capped(rule, facts) || offer_closed(rule, facts) {
            continue;
        }
        if let Some(mut reasons) = facts.check(&rule.when) {
            let shelf = match &rule.shelf {
                Some(name) => match shelf_markup(name) {
                    Some(markup) => Some(markup),
                    None => continue,
                },
                None => None,
            };
            let reason = reasons.remove(0);
            let decision = SlotDecision {
                variant: rule.variant.clone(),
                reason,
                also: reasons,
                cap: rule.cap,
                explanation: rule.explanation.clone(),
                shelf,
            };
            best = Some((rule.priority, decision));
        }
    }
    best.map(|(_, decision)| decision)
}
