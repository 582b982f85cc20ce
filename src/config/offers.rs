//! Offers: a discount shown to the shoppers its conditions name, in a slot and as a badge
//! on listing items, with the guardrails that keep it from costing the shop more than it
//! chose — a validity window, a per-shopper cap, a discount cap and the margin floor of a
//! listing policy. At the edge an offer is shown only from a cookie the worker signed (see
//! [`crate::session::Provenance`]): one edited by hand never earns it. The signature proves
//! who wrote the cookie, not that what the shopper's page reported (a purchase) happened,
//! so the shop's checkout re-validates every discount.

use super::{Cap, Condition, ConfigDate};
use crate::day::Day;
use serde::Deserialize;
use std::sync::Arc;

/// An offer of the config (`offers`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// Who may get it: conditions that must all hold, as a slot rule's.
    pub when: Condition,
    /// Among the offers one shopper may get, higher first (in a slot: among its rules).
    #[serde(default)]
    pub priority: i32,
    /// The first day it may be shown, `YYYY-MM-DD`.
    pub valid_from: ConfigDate,
    /// The last day it may be shown, `YYYY-MM-DD`.
    pub valid_until: ConfigDate,
    /// Show it at most `max` times within `days` days per shopper (counted where its slot
    /// shows it); once reached, neither the slot nor the badges show it.
    #[serde(default)]
    pub cap: Option<Cap>,
    /// The discount.
    pub discount: Discount,
    /// The listing policy (`listings`) whose `margin_floor` guards it: no item whose
    /// margin after the discount falls under the floor is ever badged.
    pub listing: String,
    /// The items it applies to: those carrying one of these tags (every item when empty).
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(inner(pattern(crate::profile::KEY_PATTERN)))
    )]
    pub tags: Vec<String>,
    /// The slot it fills, with `html`, as a variant whose id is the offer's name.
    #[serde(default)]
    pub slot: Option<String>,
    /// The markup the slot shows.
    #[serde(default)]
    pub html: Option<Arc<str>>,
    /// The markup written into the `data-pz-badge` element of each listing item it applies
    /// to and whose margin allows it.
    #[serde(default)]
    pub badge: Option<Arc<str>>,
    /// What the shopper is told in the privacy centre and the "why this?" line.
    #[serde(default)]
    pub explanation: Option<String>,
}

/// A percentage off, with an optional most it takes off one item.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Discount {
    /// Percent off the price (above 0, at most 90).
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 90)))]
    pub percent: f64,
    /// The most taken off one item, in the shop's currency.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
    pub up_to: Option<f64>,
}

impl Offer {
    /// True on the days of its validity window.
    pub fn valid_on(&self, today: Day) -> bool {
        (self.valid_from.0..=self.valid_until.0).contains(&today)
    }
}

impl Discount {
    /// The amount taken off `price`.
    pub fn amount(self, price: f64) -> f64 {
        let off = price * self.percent / 100.0;
        self.up_to.map_or(off, |most| off.min(most))
    }

    /// True when an item at `price` with `margin` (0–1, of the price) keeps at least
    /// `floor` of the discounted price as margin. An item without a known price or margin
    /// never passes: an offer is worth money, so the guardrail fails closed.
    pub fn keeps_margin(self, price: Option<f64>, margin: Option<f64>, floor: f64) -> bool {
        let (Some(price), Some(margin)) = (price, margin) else {
            return false;
        };
        if !(price > 0.0 && (0.0..=1.0).contains(&margin)) {
            return false;
        }
        let cost = price * (1.0 - margin);
        let discounted = price - self.amount(price);
        discounted > 0.0 && (discounted - cost) / discounted >= floor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_margin_after_the_discount_decides_and_unknowns_fail_closed() {
        let ten = Discount {
            percent: 10.0,
            up_to: Some(15.0),
        };
        assert_eq!(ten.amount(100.0), 10.0);
        assert_eq!(ten.amount(400.0), 15.0, "capped");
        // 40 % margin on 100: cost 60, 90 after the discount: a third kept.
        assert!(ten.keeps_margin(Some(100.0), Some(0.4), 0.3));
        assert!(!ten.keeps_margin(Some(100.0), Some(0.4), 0.34));
        // 25 % margin: cost 75, 15 of 90 kept (16.7 %): under a 20 % floor.
        assert!(!ten.keeps_margin(Some(100.0), Some(0.25), 0.2));
        // The cap keeps a dear item's margin: 400 at 25 %, 15 off: 85 of 385 (22 %).
        assert!(ten.keeps_margin(Some(400.0), Some(0.25), 0.2));
        assert!(!ten.keeps_margin(None, Some(0.9), 0.1));
        assert!(!ten.keeps_margin(Some(100.0), None, 0.0));
        assert!(!ten.keeps_margin(Some(0.0), Some(0.5), 0.0));
        assert!(!ten.keeps_margin(Some(10.0), Some(1.5), 0.0));
    }
}
