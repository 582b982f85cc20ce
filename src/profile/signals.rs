//! Low-cost on-device signals and how each one changes the profile.
//!
//! A signal names the keys (tags) of what the shopper looked at or acted on; nothing about
//! the product itself is kept. Stronger intent reinforces affinities more.

use super::{
    Profile, Slug, SpendStep, TaggedPurchase, ValueBand, MAX_TAGGED_PURCHASES, MAX_VISITS,
};
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
    /// Time actually spent on a product page (visible tab): the page's visible time went
    /// from `from` to `seconds`. The page reports as it goes (a report can be lost when a
    /// page is left), so the keys are reinforced by what the config's dwell steps give
    /// `seconds` beyond what they gave `from`: reports of one page view add up to the
    /// highest step reached, once.
    Dwell {
        /// Keys of what was looked at.
        keys: Vec<Slug>,
        /// Visible seconds on the page so far.
        seconds: f64,
        /// Visible seconds already reported for this page view (0 for the first report).
        from: f64,
    },
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

/// What recording a signal takes from the config.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalRules<'a> {
    /// The last order's value band thresholds.
    pub bands: ValueBands,
    /// The tags whose latest purchase day is kept: those a `bought` condition names, and
    /// no others.
    pub bought_tags: &'a [Slug],
    /// Purchases add up to a coarse spending total: only when a `spend_band` condition
    /// reads it.
    pub keeps_spend: bool,
    /// The dwell steps (`signals.dwell`).
    pub dwell: &'a [DwellStep],
    /// A uniformly random number: where an order leaves the coarse spending total
    /// ([`SpendStep::add`]).
    pub random: u32,
}

impl ValueBands {
    /// The band `value` falls in.
    pub fn band(self, value: f64) -> ValueBand {
        if value >= self.high_from {
            ValueBand::High
        } else if value < self.low_below {
            ValueBand::Low
        } else {
            ValueBand::Mid
        }
    }
}

/// A dwell step: from this many visible seconds on a page, its keys are reinforced by
/// `weight` (the highest step reached counts, once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DwellStep {
    /// Visible seconds on the page, at least.
    pub seconds: u16,
    /// How much the page's keys are reinforced (1–255; a product view adds 24).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub weight: u8,
}

impl Signal {
    /// How much one occurrence reinforces each key; 0 for a dwell under the first step.
    fn weight(&self, dwell: &[DwellStep]) -> u8 {
        match self {
            Signal::View(_) => 24,
            Signal::Wishlist(_) => 40,
            Signal::Cart(_) => 56,
            Signal::Purchase { .. } => 80,
            Signal::Dwell { seconds, from, .. } => {
                let reached = |time: f64| {
                    dwell
                        .iter()
                        .filter(|step| f64::from(step.seconds) <= time)
                        .map(|step| step.weight)
                        .max()
                        .unwrap_or(0)
                };
                reached(*seconds).saturating_sub(reached(*from))
            }
        }
    }

    fn keys(&self) -> &[Slug] {
        match self {
            Signal::View(keys) | Signal::Wishlist(keys) | Signal::Cart(keys) => keys,
            Signal::Purchase { keys, .. } | Signal::Dwell { keys, .. } => keys,
        }
    }
}

impl Profile {
    /// Records a signal on `today`. Returns false (changing nothing) when the shopper has
    /// not allowed personalization.
    pub fn record(&mut self, signal: &Signal, rules: SignalRules<'_>, today: Day) -> bool {
        let weight = signal.weight(rules.dwell);
        if !self.allows_signals() || weight == 0 {
            return false;
        }
        for key in signal.keys().iter().take(MAX_KEYS_PER_SIGNAL) {
            self.reinforce(key.clone(), weight, today);
        }
        match signal {
            Signal::View(_) => self.record_visit(today),
            Signal::Dwell { .. } => {}
            Signal::Wishlist(_) => {
                self.intent.wishlist_adds = self.intent.wishlist_adds.saturating_add(1);
            }
            Signal::Cart(_) => {
                self.intent.cart_adds = self.intent.cart_adds.saturating_add(1);
                self.intent.cart_open_since.get_or_insert(today);
            }
            Signal::Purchase { value, keys } => {
                let lifecycle = &mut self.lifecycle;
                lifecycle.purchases = lifecycle.purchases.saturating_add(1);
                lifecycle.last_purchase = Some(today);
                lifecycle.value_band = value.is_finite().then(|| rules.bands.band(*value));
                if rules.keeps_spend {
                    lifecycle.spend = Some(SpendStep::add(lifecycle.spend, *value, rules.random));
                }
                self.intent.cart_open_since = None;
                for key in keys.iter().filter(|key| rules.bought_tags.contains(key)) {
                    self.record_tagged_purchase(key, today);
                }
            }
        }
        self.written = today;
        true
    }

    /// Keeps `today` as the latest purchase day of `tag`; when the list is full, the tag
    /// bought longest ago makes room.
    fn record_tagged_purchase(&mut self, tag: &Slug, today: Day) {
        self.bought.retain(|b| b.tag != *tag);
        if self.bought.len() == MAX_TAGGED_PURCHASES {
            if let Some(oldest) = (0..self.bought.len()).min_by_key(|&i| self.bought[i].day) {
                self.bought.remove(oldest);
            }
        }
        self.bought.push(TaggedPurchase {
            tag: tag.clone(),
            day: today,
        });
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

    const BANDS: SignalRules<'static> = SignalRules {
        bands: ValueBands {
            low_below: 40.0,
            high_from: 150.0,
        },
        bought_tags: &[],
        keeps_spend: false,
        dwell: &[
            DwellStep {
                seconds: 15,
                weight: 8,
            },
            DwellStep {
                seconds: 60,
                weight: 20,
            },
        ],
        random: 0,
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
    fn orders_add_up_to_a_coarse_total_and_named_tags_keep_their_day() {
        let tags = keys(&["coffee", "tea"]);
        let rules = SignalRules {
            bought_tags: &tags,
            keeps_spend: true,
            random: 1 << 31,
            ..BANDS
        };
        let mut profile = Profile::new(Day(10), crate::profile::Purposes::ALL);
        for (day, value, bought) in [
            (10, 60.0, &["coffee", "mug"][..]),
            (12, 60.0, &["tea"]),
            (20, 80.0, &["coffee"]),
        ] {
            let purchase = Signal::Purchase {
                keys: keys(bought),
                value,
            };
            assert!(profile.record(&purchase, rules, Day(day)));
        }
        let total = profile.lifecycle.spend.expect("a total").amount();
        assert!((200.0 / 1.25..=200.0 * 1.25).contains(&total), "{total}");
        let days: Vec<(&str, u16)> = profile
            .bought
            .iter()
            .map(|b| (b.tag.as_str(), b.day.0))
            .collect();
        assert_eq!(
            days,
            [("tea", 12), ("coffee", 20)],
            "only named tags, latest day"
        );
    }

    #[test]
    fn many_small_orders_still_add_up_and_bad_values_add_nothing() {
        // A fixed sequence of draws stands in for the device's random numbers.
        let mut state = 0x9e37_79b9_u32;
        let mut draw = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for (orders, value) in [(100, 10.0), (20, 55.5), (3, 1200.0)] {
            let mut step = None;
            for _ in 0..orders {
                step = Some(SpendStep::add(step, value, draw()));
            }
            let (amount, truth) = (step.expect("a step").amount(), orders as f64 * value);
            assert!(
                amount >= truth / 1.6 && amount <= truth * 1.6,
                "{orders} orders of {value}: {amount}"
            );
        }
        assert_eq!(SpendStep::add(None, 0.0, 7), SpendStep(0));
        assert_eq!(SpendStep::add(None, f64::MAX, 7), SpendStep(u8::MAX));
        assert_eq!(
            SpendStep::add(Some(SpendStep(20)), f64::NAN, 0),
            SpendStep(20)
        );
        assert_eq!(
            SpendStep::add(Some(SpendStep(20)), -500.0, 0),
            SpendStep(20)
        );
        // A sum on a step stays there; between two steps it goes to one of them.
        assert_eq!(
            SpendStep::add(None, SpendStep(12).amount(), u32::MAX),
            SpendStep(12)
        );
        let between = SpendStep(12).amount() * 1.1;
        assert_eq!(SpendStep::add(None, between, 0), SpendStep(13));
        assert_eq!(SpendStep::add(None, between, u32::MAX), SpendStep(12));
    }

    #[test]
    fn dwell_reinforces_by_the_highest_step_reached_and_nothing_below_the_first() {
        let mut profile = Profile::new(Day(10), crate::profile::Purposes::ALL);
        let dwell = |from, seconds| Signal::Dwell {
            keys: keys(&["glass", "vase"]),
            seconds,
            from,
        };
        assert!(
            !profile.record(&dwell(0.0, 14.9), BANDS, Day(10)),
            "under the first step"
        );
        assert!(!profile.record(&dwell(0.0, f64::NAN), BANDS, Day(10)));
        assert!(profile.affinities.is_empty());
        // One page view reported as it went: 0 → 20 s (8), 20 → 45 s (nothing new), 45 s →
        // an hour (20 − 8 = 12 more): 20 in all, the highest step reached, once.
        assert!(profile.record(&dwell(0.0, 20.0), BANDS, Day(10)));
        assert!(!profile.record(&dwell(20.0, 45.0), BANDS, Day(10)));
        assert!(profile.record(&dwell(45.0, 3600.0), BANDS, Day(10)));
        assert_eq!(profile.affinities[0].weight, 20);
        // A report that goes backwards adds nothing.
        assert!(!profile.record(&dwell(3600.0, 30.0), BANDS, Day(10)));
        assert_eq!(profile.lifecycle.visits, 0, "a dwell is not a visit");
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
