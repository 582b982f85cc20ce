//! Choosing a slot's variant: the first rule, in the config's order, whose conditions all hold.

use super::Affinities;
use crate::config::{Condition, VariantRule};
use crate::profile::{Profile, ShoppingFor};

/// The variant chosen for a slot and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotDecision {
    /// The chosen variant's id.
    pub variant: String,
    /// Why it was chosen.
    pub reason: Reason,
}

/// Why a variant was chosen. Only config keys appear here, never raw cookie content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The shopper said who they are shopping for.
    StatedShoppingFor(ShoppingFor),
    /// The shopper named this craft as a favourite.
    StatedCraft(String),
    /// The shopper browsed this craft enough to count.
    Browsed(String),
}

impl Reason {
    /// A short machine-readable code for exposure attributes and analytics.
    pub fn code(&self) -> String {
        match self {
            Reason::StatedShoppingFor(answer) => format!("stated-for:{}", answer.as_str()),
            Reason::StatedCraft(craft) => format!("stated-craft:{craft}"),
            Reason::Browsed(key) => format!("browsed:{key}"),
        }
    }

    /// The explanation shown to the shopper.
    pub fn sentence(&self) -> String {
        match self {
            Reason::StatedShoppingFor(ShoppingFor::Gift) => {
                "Because you told us you're shopping for a gift".to_owned()
            }
            Reason::StatedShoppingFor(ShoppingFor::Myself) => {
                "Because you told us you're shopping for yourself".to_owned()
            }
            Reason::StatedShoppingFor(ShoppingFor::Unsure) => {
                "Because you told us you're still deciding who it's for".to_owned()
            }
            Reason::StatedCraft(craft) => format!("Because you told us you love {craft}"),
            Reason::Browsed(key) => format!("Because you've been looking at {key}"),
        }
    }
}

/// Picks the first eligible variant, or `None` to keep the slot's default content.
pub fn choose_variant(
    rules: &[VariantRule],
    profile: &Profile,
    affinities: &Affinities,
    loves_threshold: u8,
) -> Option<SlotDecision> {
    rules.iter().find_map(|rule| {
        eligible(&rule.when, profile, affinities, loves_threshold).map(|reason| SlotDecision {
            variant: rule.variant.clone(),
            reason,
        })
    })
}

/// Checks every condition; returns the strongest reason when all hold. Stated answers
/// outrank inferred behaviour, so they are named first.
fn eligible(
    when: &Condition,
    profile: &Profile,
    affinities: &Affinities,
    loves_threshold: u8,
) -> Option<Reason> {
    let mut reason = None;
    if !when.shopping_for.is_empty() {
        let answer = profile.shopping_for?;
        if !when.shopping_for.iter().any(|a| a == answer.as_str()) {
            return None;
        }
        reason = Some(Reason::StatedShoppingFor(answer));
    }
    if let Some(key) = &when.loves {
        let loves = if affinities.is_stated(key) {
            Reason::StatedCraft(key.clone())
        } else if affinities.inferred(key) >= f32::from(loves_threshold) {
            Reason::Browsed(key.clone())
        } else {
            return None;
        };
        reason = reason.or(Some(loves));
    }
    reason
}
