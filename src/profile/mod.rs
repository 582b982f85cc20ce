//! The on-device profile: what a shopper told us and what their browsing suggests.
//!
//! The profile lives only on the shopper's device (a cookie in edge mode). It holds day
//! counts, short keys from the site's own vocabulary and small numbers — no free text, no
//! product lists and nothing that identifies the person.

mod cookie;
mod slug;

pub use cookie::{decode, encode, MAX_COOKIE_VALUE_LEN, MAX_PROFILE_BYTES};
pub use slug::{Slug, MAX_SLUG_LEN};

use crate::day::Day;
use serde::{Deserialize, Serialize};

/// At most this many favourite crafts can be stated.
pub const MAX_STATED_CRAFTS: usize = 3;
/// At most this many inferred affinities are kept; the weakest are dropped first.
pub const MAX_AFFINITIES: usize = 8;

/// Who the shopper is buying for, as they told us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShoppingFor {
    /// For themselves.
    #[serde(rename = "self")]
    Myself,
    /// A gift for someone else.
    Gift,
    /// Not sure yet.
    Unsure,
}

impl ShoppingFor {
    /// The answer's key, as used in forms and in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            ShoppingFor::Myself => "self",
            ShoppingFor::Gift => "gift",
            ShoppingFor::Unsure => "unsure",
        }
    }

    /// Parses an answer key; `None` for anything else.
    pub fn parse(value: &str) -> Option<ShoppingFor> {
        match value {
            "self" => Some(ShoppingFor::Myself),
            "gift" => Some(ShoppingFor::Gift),
            "unsure" => Some(ShoppingFor::Unsure),
            _ => None,
        }
    }
}

/// An inferred interest in one category or tag, quantized to a byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affinity {
    /// The category or tag, from the site's vocabulary.
    pub key: Slug,
    /// Strength on the day it was last reinforced, 1–255.
    pub weight: u8,
    /// The day it was last reinforced; decay counts from here.
    pub day: Day,
}

/// Everything Shelfwise stores about a shopper.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The day the profile was last written.
    pub written: Day,
    /// Stated: who the shopper is buying for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopping_for: Option<ShoppingFor>,
    /// Stated: favourite crafts, at most [`MAX_STATED_CRAFTS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crafts: Vec<Slug>,
    /// Inferred: category and tag affinities, at most [`MAX_AFFINITIES`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affinities: Vec<Affinity>,
}

impl Profile {
    /// True when the profile holds nothing that could personalize a page.
    pub fn is_empty(&self) -> bool {
        self.shopping_for.is_none() && self.crafts.is_empty() && self.affinities.is_empty()
    }

    /// Records the answers to the preference questions, replacing earlier answers. Each
    /// stated craft also seeds a strong affinity, so listings follow the answer at once.
    pub fn set_answers(
        &mut self,
        shopping_for: Option<ShoppingFor>,
        crafts: Vec<Slug>,
        today: Day,
    ) {
        self.shopping_for = shopping_for;
        self.crafts = crafts;
        self.crafts.truncate(MAX_STATED_CRAFTS);
        for craft in self.crafts.clone() {
            self.reinforce(craft, STATED_SEED_WEIGHT, today);
        }
        self.written = today;
    }

    /// Raises the affinity for `key` by `amount` (saturating) and marks it reinforced today.
    /// When the list is full, the weakest affinity makes room.
    pub fn reinforce(&mut self, key: Slug, amount: u8, today: Day) {
        if let Some(existing) = self.affinities.iter_mut().find(|a| a.key == key) {
            existing.weight = existing.weight.saturating_add(amount);
            existing.day = today;
        } else {
            self.affinities.push(Affinity {
                key,
                weight: amount.max(1),
                day: today,
            });
        }
        self.affinities
            .sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| b.day.cmp(&a.day)));
        self.affinities.truncate(MAX_AFFINITIES);
    }
}

/// Affinity given to a craft the shopper names as a favourite.
const STATED_SEED_WEIGHT: u8 = 128;
