//! The on-device profile: what a shopper told us and what their browsing suggests.
//!
//! The profile lives only on the shopper's device (a cookie in edge mode). It holds day
//! counts, short keys from the site's own vocabulary and small numbers — no free text, no
//! product lists beyond the last few items viewed (only while a shelf shows them) and
//! nothing that identifies the person.

mod answers;
mod cookie;
mod describe;
mod signals;
mod slug;
mod viewed;

pub use answers::{Answer, MAX_ANSWERS, MAX_ANSWER_BYTES, MAX_CHOICES_PER_ANSWER};
pub use cookie::{decode, encode, MAX_COOKIE_VALUE_LEN, MAX_PROFILE_BYTES};
pub use describe::{describe, fact_end, profile_end, Fact, FactKind};
pub use signals::{DwellStep, Signal, SignalRules, ValueBands};
pub use slug::{Slug, KEY_PATTERN, MAX_SLUG_LEN};
pub use viewed::{ItemRef, ViewedItem, MAX_VIEWED};

use crate::day::Day;
use serde::{Deserialize, Serialize};

/// At most this many inferred affinities are kept; the weakest are dropped first.
pub const MAX_AFFINITIES: usize = 8;
/// At most this many frequency-capped variants are counted; the oldest window goes first.
pub const MAX_EXPOSURE_COUNTERS: usize = 8;
/// At most this many tags' latest purchase days are kept (only tags a `bought` condition
/// of the config names); the oldest goes first.
pub const MAX_TAGGED_PURCHASES: usize = 4;
/// Visits are counted (one per day with a page view) up to this number, no further.
pub const MAX_VISITS: u8 = 20;
/// Experiment buckets: a profile holds one of this many positions (14 bits), enough that
/// every 0.01 % traffic step covers at least one of them, and coarse enough that each
/// position is shared by many shoppers (about 6 at 100,000 shoppers, 61 at a million).
pub const BUCKET_POSITIONS: u16 = 1 << 14;

/// What the shopper allowed. Only `Personalization` lets Shelfwise record signals.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Consent {
    /// Nothing beyond what is strictly needed.
    #[default]
    None,
    /// Essential storage only.
    Essential,
    /// Personalization: stated answers and on-device signals may be stored.
    Personalization,
}

/// What the shopper agreed the profile may be used for, each granted on its own.
///
/// A profile exists only for a shopper who stated answers, so `answers` is the basis of
/// every profile; `interests` (learning from views, wishlist, basket and purchases,
/// counting visits and capped showings) and `measurement` (an experiment bucket) are
/// separate choices. Where a TCF string is the consent source they correspond to TCF
/// purposes 1, 5 and 6, and 8 ([`Purposes::TCF_PURPOSES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purposes {
    /// Stored answers personalize pages.
    pub answers: bool,
    /// Behaviour on this device may be recorded and used (inferred interests).
    pub interests: bool,
    /// The shopper may be placed in experiments and the holdout.
    pub measurement: bool,
}

impl Purposes {
    /// Every purpose: what a profile written before purposes were separate was given by
    /// its one tick.
    pub const ALL: Purposes = Purposes {
        answers: true,
        interests: true,
        measurement: true,
    };
    /// None: nothing may be stored.
    pub const NONE: Purposes = Purposes {
        answers: false,
        interests: false,
        measurement: false,
    };
    /// Stated answers only.
    pub const ANSWERS: Purposes = Purposes {
        answers: true,
        interests: false,
        measurement: false,
    };
    /// Each purpose's name and the IAB TCF v2.2 purposes it corresponds to.
    pub const TCF_PURPOSES: [(&'static str, &'static [u8]); 3] = [
        ("answers", &[1]),
        ("interests", &[1, 5, 6]),
        ("measurement", &[1, 8]),
    ];

    /// The purposes granted in both `self` and `other`.
    pub fn and(self, other: Purposes) -> Purposes {
        Purposes {
            answers: self.answers && other.answers,
            interests: self.interests && other.interests,
            measurement: self.measurement && other.measurement,
        }
    }

    /// The purposes as one byte (bit 0 answers, bit 1 interests, bit 2 measurement).
    pub fn to_bits(self) -> u8 {
        u8::from(self.answers) | u8::from(self.interests) << 1 | u8::from(self.measurement) << 2
    }

    /// The purposes of [`to_bits`](Self::to_bits); `None` when other bits are set.
    pub fn from_bits(bits: u8) -> Option<Purposes> {
        (bits & !0b111 == 0).then_some(Purposes {
            answers: bits & 1 != 0,
            interests: bits & 2 != 0,
            measurement: bits & 4 != 0,
        })
    }
}

impl Default for Purposes {
    /// A profile that does not say (written before purposes were separate) was given every
    /// purpose with one tick; it is read that way until the shopper changes them.
    fn default() -> Purposes {
        Purposes::ALL
    }
}

/// The order value band of the last purchase; the amount itself is never stored.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueBand {
    /// Below the config's `low_below` amount.
    Low,
    /// Between the two thresholds.
    Mid,
    /// At or above the config's `high_from` amount.
    High,
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

/// Lifecycle facts: enough for new / returning / high-value / lapsed, nothing finer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// The first day with a recorded page view.
    pub first_seen: Day,
    /// The latest day with a recorded page view.
    pub last_seen: Day,
    /// Days with a page view, counted up to [`MAX_VISITS`].
    pub visits: u8,
    /// Purchases, counted up to 255.
    pub purchases: u8,
    /// The day of the latest purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_purchase: Option<Day>,
    /// The value band of the latest purchase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_band: Option<ValueBand>,
    /// All orders so far added up, as a step of a scale that grows by a quarter per step
    /// ([`SpendStep`]): known to within an eighth, never as an exact amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend: Option<SpendStep>,
}

/// A cumulative order total on a geometric scale: step `k` stands for 1.25^k in the shop's
/// currency, so each step is a quarter more than the one before. Coarse on purpose: enough
/// for a spending band, too coarse to be an order history.
///
/// An order moves the total to one of the two steps around the new sum, the upper one with
/// the chance that makes the expected amount the true sum (stochastic rounding): with plain
/// rounding, orders small against the total would never move it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SpendStep(pub u8);

impl SpendStep {
    /// How much larger each step is than the one before.
    const RATIO: f64 = 1.25;

    /// The amount the step stands for.
    pub fn amount(self) -> f64 {
        Self::RATIO.powi(i32::from(self.0))
    }

    /// The step after an order of `value` is added to `step` (none: nothing bought yet).
    /// `random` is a uniformly random number that picks between the two steps around the
    /// sum. A value that is not a finite, positive number adds nothing.
    pub fn add(step: Option<SpendStep>, value: f64, random: u32) -> SpendStep {
        let before = step.map_or(0.0, SpendStep::amount);
        let total = before
            + if value.is_finite() && value > 0.0 {
                value
            } else {
                0.0
            };
        let mut lower = SpendStep(0);
        while lower.0 < u8::MAX && SpendStep(lower.0 + 1).amount() <= total {
            lower.0 += 1;
        }
        if lower.0 == u8::MAX || total <= lower.amount() {
            return lower;
        }
        let (low, high) = (lower.amount(), lower.amount() * Self::RATIO);
        let chance_up = (total - low) / (high - low);
        if f64::from(random) / 4_294_967_296.0 < chance_up {
            SpendStep(lower.0 + 1)
        } else {
            lower
        }
    }
}

/// The latest day something carrying a tag was bought, kept only for tags the config asks
/// about (replenishment reminders: "days since a purchase tagged coffee").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaggedPurchase {
    /// The tag, from the site's vocabulary.
    pub tag: Slug,
    /// The latest day an order carried it.
    pub day: Day,
}

/// Intent signals: counters and a flag, never product lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    /// Wishlist adds, counted up to 255.
    pub wishlist_adds: u8,
    /// Add-to-cart events, counted up to 255.
    pub cart_adds: u8,
    /// The day something was put in the cart without a purchase since (cart hesitation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cart_open_since: Option<Day>,
}

/// How often a frequency-capped variant was shown, within its current window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExposureCount {
    /// The variant's id.
    pub variant: Slug,
    /// Times shown since `since`, up to 255.
    pub count: u8,
    /// The first day of the current counting window.
    pub since: Day,
}

/// Everything Shelfwise stores about a shopper.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The day the profile was last written.
    pub written: Day,
    /// The day the profile was created. Its absolute age counts from here, whatever its
    /// renewals (`privacy.max_profile_age_days`). A profile that does not say was created
    /// on its first recorded visit, or else the day it was written.
    #[serde(default, skip_serializing_if = "is_default")]
    pub created: Day,
    /// What the shopper allowed.
    #[serde(default)]
    pub consent: Consent,
    /// What the profile may be used for, each purpose granted on its own.
    #[serde(default, skip_serializing_if = "is_default")]
    pub purposes: Purposes,
    /// The day the purposes were last given or changed, shown in the privacy centre.
    #[serde(default, skip_serializing_if = "is_default")]
    pub consented_on: Day,
    /// Stated: the answers to the shop's preference questions, at most [`MAX_ANSWERS`],
    /// in the order the questions are asked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    /// Inferred: category and tag affinities, at most [`MAX_AFFINITIES`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affinities: Vec<Affinity>,
    /// Lifecycle facts.
    #[serde(default, skip_serializing_if = "is_default")]
    pub lifecycle: Lifecycle,
    /// Wishlist and cart signals.
    #[serde(default, skip_serializing_if = "is_default")]
    pub intent: Intent,
    /// The latest purchase day of each tag a `bought` condition names, at most
    /// [`MAX_TAGGED_PURCHASES`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bought: Vec<TaggedPurchase>,
    /// Recently viewed catalog items, latest first, at most [`MAX_VIEWED`]: kept only
    /// while a `recently_viewed` shelf shows them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub viewed: Vec<ViewedItem>,
    /// Frequency-cap counters, at most [`MAX_EXPOSURE_COUNTERS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposures: Vec<ExposureCount>,
    /// A coarse experiment bucket (one of [`BUCKET_POSITIONS`]), drawn at random only
    /// while an experiment or the holdout runs and the shopper allows measurement. Many
    /// shoppers share each value, so it identifies nobody; it never leaves the device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<u16>,
}

/// True when one of `answers` to an interests question picked `key`.
fn names_interest(answers: &[Answer], key: &str) -> bool {
    answers
        .iter()
        .any(|answer| answer.interests && answer.picked(key))
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Affinity given to an interest the shopper names as a favourite.
const STATED_SEED_WEIGHT: u8 = 128;

/// Where a profile's JSON holds days: (object path, member) with `*` for every element of
/// an array.
const DAY_MEMBERS: [(&[&str], &str); 11] = [
    (&[], "written"),
    (&[], "created"),
    (&[], "consented_on"),
    (&["affinities", "*"], "day"),
    (&["lifecycle"], "first_seen"),
    (&["lifecycle"], "last_seen"),
    (&["lifecycle"], "last_purchase"),
    (&["intent"], "cart_open_since"),
    (&["bought", "*"], "day"),
    (&["viewed", "*"], "day"),
    (&["exposures", "*"], "since"),
];

impl Profile {
    /// The profile as JSON with every day written as its calendar date (`YYYY-MM-DD`), as
    /// people read it; [`Day`]'s JSON reads those back, so the result encodes again.
    pub fn to_json_with_dates(&self) -> serde_json::Value {
        fn visit(value: &mut serde_json::Value, path: &[&str], member: &str) {
            match path.split_first() {
                None => {
                    if let Some(day) = value.get_mut(member) {
                        if let Some(number) = day.as_u64().and_then(|n| u16::try_from(n).ok()) {
                            *day = Day(number).to_iso().into();
                        }
                    }
                }
                Some((&"*", rest)) => {
                    for element in value.as_array_mut().into_iter().flatten() {
                        visit(element, rest, member);
                    }
                }
                Some((name, rest)) => {
                    if let Some(child) = value.get_mut(*name) {
                        visit(child, rest, member);
                    }
                }
            }
        }
        let mut json = serde_json::to_value(self).unwrap_or_default();
        for (path, member) in DAY_MEMBERS {
            visit(&mut json, path, member);
        }
        json
    }

    /// A fresh profile for a shopper who just allowed personalization for `purposes`.
    pub fn new(today: Day, purposes: Purposes) -> Profile {
        Profile {
            written: today,
            created: today,
            consent: Consent::Personalization,
            purposes,
            consented_on: today,
            ..Profile::default()
        }
    }

    /// Changes what the profile may be used for, on `today`. Withdrawing `interests` drops
    /// everything learnt from behaviour; withdrawing `measurement` drops the experiment
    /// bucket.
    pub fn set_purposes(&mut self, purposes: Purposes, today: Day) {
        // A profile written before these days were kept gets them pinned now, so the
        // purposes record it is written with is a consistent one.
        self.consented_on = self.consent_day();
        self.created = self.created_on();
        if !purposes.interests {
            self.drop_inferred();
        }
        if !purposes.measurement {
            self.bucket = None;
        }
        if purposes != self.purposes {
            self.purposes = purposes;
            self.consented_on = today;
        }
        self.written = today;
    }

    /// The day the profile was created: [`created`](Self::created), or for a profile that
    /// does not record it (written before it was kept) its first recorded visit, else the
    /// day it was last written.
    pub fn created_on(&self) -> Day {
        if self.created != Day::default() {
            self.created
        } else if self.lifecycle != Lifecycle::default()
            && self.lifecycle.first_seen <= self.written
        {
            self.lifecycle.first_seen
        } else {
            self.written
        }
    }

    /// The day the purposes were last given: [`consented_on`](Self::consented_on), or for a
    /// profile that does not record it, the day it was created.
    pub fn consent_day(&self) -> Day {
        if self.consented_on != Day::default() {
            self.consented_on
        } else {
            self.created_on()
        }
    }

    /// The answer to `question`, if given.
    pub fn answer(&self, question: &str) -> Option<&Answer> {
        self.answers
            .iter()
            .find(|a| a.question.as_str() == question)
    }

    /// True when the shopper named `key` as one of their interests (a choice of an
    /// interests question).
    pub fn states_interest(&self, key: &str) -> bool {
        names_interest(&self.answers, key)
    }

    /// The interests the shopper named, in the order given.
    pub fn stated_interests(&self) -> impl Iterator<Item = &Slug> {
        self.answers
            .iter()
            .filter(|answer| answer.interests)
            .flat_map(|answer| answer.choices.iter())
    }

    /// Drops what was learnt from behaviour, keeping the answers and the affinities they
    /// seeded.
    fn drop_inferred(&mut self) {
        let answers = &self.answers;
        self.affinities
            .retain(|a| names_interest(answers, a.key.as_str()));
        self.lifecycle = Lifecycle::default();
        self.intent = Intent::default();
        self.bought.clear();
        self.viewed.clear();
    }

    /// True when the profile holds nothing that could personalize a page.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.affinities.is_empty()
    }

    /// Pauses (or resumes) personalization from the privacy centre: a paused profile keeps
    /// the shopper's answers (and the affinities they seeded) and nothing else — inferred
    /// interests, visits, purchases, basket and wishlist counts and capped showings are
    /// dropped — and consent drops to essential, so nothing is decided from it and nothing
    /// is recorded until it is resumed (see [`crate::session::Session::plan`]).
    pub fn set_paused(&mut self, paused: bool, today: Day) {
        if paused {
            self.drop_inferred();
            self.exposures.clear();
        }
        self.consent = if paused {
            Consent::Essential
        } else {
            Consent::Personalization
        };
        self.written = today;
    }

    /// True when behavioural signals (views, wishlist, basket, purchases) may be recorded into this profile: personalization is on and the shopper allowed
    /// learning from behaviour (the `interests` purpose).
    pub fn allows_signals(&self) -> bool {
        self.consent == Consent::Personalization && self.purposes.interests
    }

    /// Records the answers to the questions `asked` (keys), replacing earlier answers to
    /// them; a question asked but left unanswered loses its earlier answer. Each choice of
    /// an interests answer also seeds a strong affinity, so listings follow the answer at
    /// once.
    pub fn set_answers(&mut self, asked: &[&str], answers: Vec<Answer>, today: Day) {
        self.answers
            .retain(|answer| !asked.contains(&answer.question.as_str()));
        for mut answer in answers {
            answer.choices.truncate(MAX_CHOICES_PER_ANSWER);
            self.answers.retain(|a| a.question != answer.question);
            if answer.choices.is_empty() || self.answers.len() == MAX_ANSWERS {
                continue;
            }
            if answer.interests {
                for choice in &answer.choices {
                    self.reinforce(choice.clone(), STATED_SEED_WEIGHT, today);
                }
            }
            self.answers.push(answer);
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

    /// Times `variant` was shown within the last `window_days` days (a window older than
    /// that has lapsed and counts as zero).
    pub fn exposures_of(&self, variant: &str, window_days: u16, today: Day) -> u8 {
        self.exposures
            .iter()
            .find(|e| e.variant.as_str() == variant && today.days_since(e.since) < window_days)
            .map_or(0, |e| e.count)
    }

    /// Counts one showing of a frequency-capped variant on `today`, starting a new window
    /// when the last one (of `window_days`) has lapsed. Returns false, changing nothing,
    /// while personalization is off. A cap keeps a personalization the shopper asked for
    /// from repeating itself, so it is kept with the answers, not learnt as an interest.
    pub fn record_exposure(&mut self, variant: &Slug, window_days: u16, today: Day) -> bool {
        if self.consent != Consent::Personalization {
            return false;
        }
        match self.exposures.iter_mut().find(|e| e.variant == *variant) {
            Some(entry) if today.days_since(entry.since) < window_days => {
                entry.count = entry.count.saturating_add(1);
            }
            Some(entry) => {
                entry.count = 1;
                entry.since = today;
            }
            None => {
                if self.exposures.len() == MAX_EXPOSURE_COUNTERS {
                    if let Some(oldest) =
                        (0..self.exposures.len()).min_by_key(|&i| self.exposures[i].since)
                    {
                        self.exposures.remove(oldest);
                    }
                }
                self.exposures.push(ExposureCount {
                    variant: variant.clone(),
                    count: 1,
                    since: today,
                });
            }
        }
        self.written = today;
        true
    }

    /// Only what the shopper stated (and settings): inferred affinities other than those
    /// seeded by stated interests, lifecycle facts and intent counters are left out. Used when
    /// Global Privacy Control turns off behavioural signals.
    pub fn stated_only(&self) -> Profile {
        Profile {
            affinities: self
                .affinities
                .iter()
                .filter(|a| self.states_interest(a.key.as_str()))
                .cloned()
                .collect(),
            lifecycle: Lifecycle::default(),
            intent: Intent::default(),
            bought: Vec::new(),
            viewed: Vec::new(),
            ..self.clone()
        }
    }

    /// Applies retention on `today`: a profile not written within `retention_days`, older
    /// than `max_age_days` since it was created whatever its renewals, or written in the
    /// future is gone as a whole; within a live profile, affinities, purchases and an open
    /// cart older than the window are dropped.
    pub fn expire(mut self, today: Day, retention_days: u16, max_age_days: u16) -> Option<Profile> {
        if self.written > today
            || today.days_since(self.written) > retention_days
            || today.days_since(self.created_on()) > max_age_days
        {
            return None;
        }
        let fresh = |day: Day| today.days_since(day) <= retention_days;
        self.affinities.retain(|a| fresh(a.day));
        if self.lifecycle.last_purchase.is_some_and(|d| !fresh(d)) {
            self.lifecycle.purchases = 0;
            self.lifecycle.last_purchase = None;
            self.lifecycle.value_band = None;
            self.lifecycle.spend = None;
        }
        self.bought.retain(|b| fresh(b.day));
        self.viewed.retain(|v| fresh(v.day));
        if !fresh(self.lifecycle.first_seen) {
            self.lifecycle.first_seen = self.lifecycle.last_seen;
        }
        if self.intent.cart_open_since.is_some_and(|d| !fresh(d)) {
            self.intent.cart_open_since = None;
        }
        self.exposures.retain(|e| fresh(e.since));
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_of_a_profile_reads_as_a_date_and_encodes_again() {
        let day = Day(1234);
        let key = |text: &str| Slug::new(text).expect("slug");
        let profile = Profile {
            written: day,
            affinities: vec![Affinity {
                key: key("glass"),
                weight: 9,
                day,
            }],
            lifecycle: Lifecycle {
                first_seen: day,
                last_seen: day,
                visits: 3,
                purchases: 1,
                last_purchase: Some(day),
                value_band: None,
                spend: Some(SpendStep(30)),
            },
            bought: vec![TaggedPurchase {
                tag: key("coffee"),
                day,
            }],
            viewed: vec![ViewedItem {
                item: ItemRef::of("cer-001"),
                day,
            }],
            intent: Intent {
                wishlist_adds: 1,
                cart_adds: 1,
                cart_open_since: Some(day),
            },
            exposures: vec![ExposureCount {
                variant: key("hero"),
                count: 2,
                since: day,
            }],
            bucket: Some(77),
            created: Day(1000),
            consented_on: day,
            purposes: Purposes::ANSWERS,
            ..Profile::default()
        };
        let json = profile.to_json_with_dates();
        let text = json.to_string();
        assert!(!text.contains("1234"), "a day left as a number: {text}");
        assert_eq!(text.matches(&day.to_iso()).count(), 10, "{text}");
        assert!(text.contains(&Day(1000).to_iso()), "{text}");
        let again: Profile = serde_json::from_value(json).expect("a profile");
        assert_eq!(again, profile);
    }
}
