//! Low-cost on-device signals and how each one changes the profile.
//!
//! A signal names the keys (tags) of what the shopper looked at or acted on; nothing about
//! the product itself is kept. Stronger intent reinforces affinities more.

use super::{Profile, Slug, ValueBand, MAX_VISITS};
use crate::day::Day;

/// At most this many keys of one signal reinforce affinities.
const MAX_KEYS_PER_SIGNAL: usize = 3;

/// Something the shopper did, with the site's keys for what it was about.
#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// A product or category page was viewed.
    View(Vec<Slug>),
    /// Something was added to the wishlist.
    Wishlist(Vec<Slug>),
    /// Something was added to the cart.
    Cart(Vec<Slug>),
    /// An order was placed, with its total in the shop's currency.
    Purchase {
        /// Keys of what was bought.
        keys: Vec<Slug>,
        /// The order total; only its band is stored.
        value: f64,
    },
}

/// Order value thresholds for the value band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueBands {
    /// Totals below this are `low`.
    pub low_below: f64,
    /// Totals from this are `high`.
    pub high_from: f64,
}

impl ValueBands {
    fn band(self, value: f64) -> ValueBand {
        if value >= self.high_from {
            ValueBand::High
        } else if value < self.low_below {
            ValueBand::Low
        } else {
            ValueBand::Mid
        }
    }
}

impl Signal {
    /// How much one occurrence reinforces each key.
    fn weight(&self) -> u8 {
        match self {
            Signal::View(_) => 24,
            Signal::Wishlist(_) => 40,
            Signal::Cart(_) => 56,
            Signal::Purchase { .. } => 80,
        }
    }

    fn keys(&self) -> &[Slug] {
        match self {
            Signal::View(keys) | Signal::Wishlist(keys) | Signal::Cart(keys) => keys,
            Signal::Purchase { keys, .. } => keys,
        }
    }
}

impl Profile {
    /// Records a signal on `today`. Returns false (changing nothing) when the shopper has
    /// not allowed personalization.
    pub fn record(&mut self, signal: &Signal, bands: ValueBands, today: Day) -> bool {
        if !self.allows_signals() {
            return false;
        }
        for key in signal.keys().iter().take(MAX_KEYS_PER_SIGNAL) {
            self.reinforce(key.clone(), signal.weight(), today);
        }
        match signal {
            Signal::View(_) => self.record_visit(today),
            Signal::Wishlist(_) => {
                self.intent.wishlist_adds = self.intent.wishlist_adds.saturating_add(1);
            }
            Signal::Cart(_) => {
                self.intent.cart_adds = self.intent.cart_adds.saturating_add(1);
                self.intent.cart_open_since.get_or_insert(today);
            }
            Signal::Purchase { value, .. } => {
                let lifecycle = &mut self.lifecycle;
                lifecycle.purchases = lifecycle.purchases.saturating_add(1);
                lifecycle.last_purchase = Some(today);
                lifecycle.value_band = value.is_finite().then(|| bands.band(*value));
                self.intent.cart_open_since = None;
            }
        }
        self.written = today;
        true
    }

    /// Counts a visit once per day.
    fn record_visit(&mut self, today: Day) {
        let lifecycle = &mut self.lifecycle;
        if lifecycle.visits == 0 {
            lifecycle.first_seen = today;
        }
        if lifecycle.visits == 0 || lifecycle.last_seen != today {
            lifecycle.visits = (lifecycle.visits + 1).min(MAX_VISITS);
        }
        lifecycle.last_seen = today;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Consent;

    const BANDS: ValueBands = ValueBands {
        low_below: 40.0,
        high_from: 150.0,
    };

    fn keys(list: &[&str]) -> Vec<Slug> {
        list.iter().map(|k| Slug::new(k).expect("slug")).collect()
    }

    #[test]
    fn views_raise_affinities_and_count_one_visit_per_day() {
        let mut profile = Profile::new(Day(10), crate::profile::Purposes::ALL);
        for _ in 0..3 {
            assert!(profile.record(&Signal::View(keys(&["ceramics", "mug"])), BANDS, Day(10)));
        }
        profile.record(&Signal::View(keys(&["glass"])), BANDS, Day(12));
        assert_eq!(profile.lifecycle.visits, 2);
        assert_eq!(profile.lifecycle.first_seen, Day(10));
        assert_eq!(profile.lifecycle.last_seen, Day(12));
        assert_eq!(profile.affinities[0].key.as_str(), "ceramics");
        assert_eq!(profile.affinities[0].weight, 72);
    }

    #[test]
    fn a_purchase_closes_the_cart_and_keeps_only_the_value_band() {
        let mut profile = Profile::new(Day(10), crate::profile::Purposes::ALL);
        profile.record(&Signal::Cart(keys(&["prints"])), BANDS, Day(10));
        assert_eq!(profile.intent.cart_open_since, Some(Day(10)));
        profile.record(
            &Signal::Purchase {
                keys: keys(&["prints"]),
                value: 180.0,
            },
            BANDS,
            Day(11),
        );
        assert_eq!(profile.intent.cart_open_since, None);
        assert_eq!(profile.lifecycle.purchases, 1);
        assert_eq!(profile.lifecycle.value_band, Some(ValueBand::High));
    }

    #[test]
    fn nothing_is_recorded_without_consent() {
        let mut profile = Profile {
            consent: Consent::Essential,
            ..Profile::default()
        };
        let before = profile.clone();
        assert!(!profile.record(&Signal::View(keys(&["glass"])), BANDS, Day(10)));
        assert_eq!(profile, before);
    }
}
