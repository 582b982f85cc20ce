//! The profile in plain words, each fact with the day it expires: what the privacy centre
//! shows and `GET /__pz/profile` returns.

use super::{Consent, Profile, ValueBand};
use crate::day::Day;
use crate::messages::Wording;
use serde::Serialize;

/// Where a fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// The shopper told us ("you told us").
    Stated,
    /// Inferred from on-device signals.
    Inferred,
    /// Visits and purchases.
    Lifecycle,
    /// Wishlist and cart signals.
    Intent,
    /// Consent and technical settings.
    Setting,
}

/// One stored fact, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// Where the fact came from.
    pub kind: FactKind,
    /// The fact as a sentence.
    pub text: String,
    /// The last day it is kept unless renewed, `YYYY-MM-DD`.
    pub expires: String,
}

/// Lists every stored field of `profile` as a fact. `retention_days` is the cookie's
/// lifetime, `max_age_days` the profile's absolute lifetime and `half_life_days` the
/// affinity decay. Every sentence is said by `wording`, in its language and the shop's
/// words. Nothing is kept past the profile's own end.
pub fn describe(
    profile: &Profile,
    retention_days: u16,
    max_age_days: u16,
    half_life_days: u16,
    wording: &Wording<'_>,
) -> Vec<Fact> {
    let end = profile_end(profile, retention_days, max_age_days);
    let until = |day: Day| fact_end(day, retention_days, end).to_iso();
    let profile_expiry = end.to_iso();
    let mut facts = Vec::new();
    let mut push = |kind, text: String, expires: String| {
        facts.push(Fact {
            kind,
            text,
            expires,
        })
    };

    for answer in &profile.answers {
        for choice in &answer.choices {
            push(
                FactKind::Stated,
                wording.told(answer.question.as_str(), choice.as_str()),
                profile_expiry.clone(),
            );
        }
    }
    let number = |n: u64| wording.number(n);
    for affinity in &profile.affinities {
        push(
            FactKind::Inferred,
            wording.count(
                "fact.interest",
                u64::from(half_life_days),
                &[
                    ("key", wording.name("tag", affinity.key.as_str())),
                    ("weight", &number(u64::from(affinity.weight))),
                    ("date", &affinity.day.to_iso()),
                ],
            ),
            until(affinity.day),
        );
    }
    let lifecycle = &profile.lifecycle;
    if lifecycle.visits > 0 {
        push(
            FactKind::Lifecycle,
            wording.count(
                "fact.visits",
                u64::from(lifecycle.visits),
                &[
                    ("first", &lifecycle.first_seen.to_iso()),
                    ("latest", &lifecycle.last_seen.to_iso()),
                ],
            ),
            profile_expiry.clone(),
        );
    }
    if let Some(day) = lifecycle.last_purchase {
        let band = match lifecycle.value_band {
            Some(ValueBand::Low) => wording.say("fact.band.low", &[]),
            Some(ValueBand::Mid) => wording.say("fact.band.mid", &[]),
            Some(ValueBand::High) => wording.say("fact.band.high", &[]),
            None => String::new(),
        };
        push(
            FactKind::Lifecycle,
            wording.count(
                "fact.purchases",
                u64::from(lifecycle.purchases),
                &[("date", &day.to_iso()), ("band", &band)],
            ),
            until(day),
        );
    }
    if let (Some(spend), Some(day)) = (lifecycle.spend, lifecycle.last_purchase) {
        // Whole units: steps reach about 5e24, which saturates; no shop sells that much.
        let amount = number(spend.amount().round() as u64);
        push(
            FactKind::Lifecycle,
            wording.say("fact.spend", &[("amount", &amount)]),
            until(day),
        );
    }
    for bought in &profile.bought {
        push(
            FactKind::Lifecycle,
            wording.say(
                "fact.bought",
                &[
                    ("tag", wording.name("tag", bought.tag.as_str())),
                    ("date", &bought.day.to_iso()),
                ],
            ),
            until(bought.day),
        );
    }
    if let Some(latest) = profile.viewed.first() {
        push(
            FactKind::Inferred,
            wording.count(
                "fact.viewed",
                profile.viewed.len() as u64,
                &[("date", &latest.day.to_iso())],
            ),
            until(latest.day),
        );
    }
    let intent = &profile.intent;
    if intent.wishlist_adds > 0 {
        push(
            FactKind::Intent,
            wording.count("fact.wishlist", u64::from(intent.wishlist_adds), &[]),
            profile_expiry.clone(),
        );
    }
    if intent.cart_adds > 0 {
        push(
            FactKind::Intent,
            wording.count("fact.cart", u64::from(intent.cart_adds), &[]),
            profile_expiry.clone(),
        );
    }
    if let Some(day) = intent.cart_open_since {
        push(
            FactKind::Intent,
            wording.say("fact.cart-open", &[("date", &day.to_iso())]),
            until(day),
        );
    }
    for exposure in &profile.exposures {
        push(
            FactKind::Setting,
            wording.count(
                "fact.exposure",
                u64::from(exposure.count),
                &[
                    ("variant", exposure.variant.as_str()),
                    ("date", &exposure.since.to_iso()),
                ],
            ),
            until(exposure.since),
        );
    }
    let consent = match profile.consent {
        Consent::None => "consent.none",
        Consent::Essential => "consent.essential",
        Consent::Personalization => "consent.personalization",
    };
    push(
        FactKind::Setting,
        wording.say("fact.consent", &[("consent", &wording.say(consent, &[]))]),
        profile_expiry.clone(),
    );
    let purposes = profile.purposes;
    let granted: Vec<String> = [
        (purposes.answers, "purpose.answers"),
        (purposes.interests, "purpose.interests"),
        (purposes.measurement, "purpose.measurement"),
    ]
    .into_iter()
    .filter(|(granted, _)| *granted)
    .map(|(_, id)| wording.say(id, &[]))
    .collect();
    let granted: Vec<&str> = granted.iter().map(String::as_str).collect();
    push(
        FactKind::Setting,
        wording.say(
            "fact.purposes",
            &[
                ("date", &profile.consent_day().to_iso()),
                ("purposes", &wording.words(&granted)),
            ],
        ),
        profile_expiry.clone(),
    );
    push(
        FactKind::Setting,
        wording.say(
            "fact.started",
            &[
                ("start", &profile.created_on().to_iso()),
                (
                    "end",
                    &Day(profile.created_on().0.saturating_add(max_age_days)).to_iso(),
                ),
            ],
        ),
        profile_expiry.clone(),
    );
    if let Some(bucket) = profile.bucket {
        push(
            FactKind::Setting,
            wording.say(
                "fact.bucket",
                &[
                    ("bucket", &number(u64::from(bucket))),
                    ("positions", &number(u64::from(super::BUCKET_POSITIONS))),
                ],
            ),
            profile_expiry,
        );
    }
    facts
}

/// The last day a fact dated `day` is kept unless renewed: `retention_days` after it, and
/// never past the profile's own end.
pub fn fact_end(day: Day, retention_days: u16, profile_end: Day) -> Day {
    Day(day.0.saturating_add(retention_days)).min(profile_end)
}

/// The last day `profile` is kept: `retention_days` after its last write, and never more
/// than `max_age_days` after it was created.
pub fn profile_end(profile: &Profile, retention_days: u16, max_age_days: u16) -> Day {
    Day(profile.written.0.saturating_add(retention_days))
        .min(Day(profile.created_on().0.saturating_add(max_age_days)))
}
