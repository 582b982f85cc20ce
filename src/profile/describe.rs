//! The profile in plain words, each fact with the day it expires: what the privacy centre
//! shows and `GET /__pz/profile` returns.

use super::{Answer, Consent, Profile, Slug, ValueBand};
use crate::day::Day;
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
/// affinity decay; `told` says, in the shop's words, what one picked choice of an answer
/// told us. Nothing is kept past the profile's own end.
pub fn describe(
    profile: &Profile,
    retention_days: u16,
    max_age_days: u16,
    half_life_days: u16,
    told: &dyn Fn(&Answer, &Slug) -> String,
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
                told(answer, choice),
                profile_expiry.clone(),
            );
        }
    }
    for affinity in &profile.affinities {
        push(
            FactKind::Inferred,
            format!(
                "Interest in {} from your browsing: {} of 255 on {}, halving every {} days.",
                affinity.key,
                affinity.weight,
                affinity.day.to_iso(),
                half_life_days
            ),
            until(affinity.day),
        );
    }
    let lifecycle = &profile.lifecycle;
    if lifecycle.visits > 0 {
        push(
            FactKind::Lifecycle,
            format!(
                "Visits on {} day(s) (counted up to 20), first on {}, latest on {}.",
                lifecycle.visits,
                lifecycle.first_seen.to_iso(),
                lifecycle.last_seen.to_iso()
            ),
            profile_expiry.clone(),
        );
    }
    if let Some(day) = lifecycle.last_purchase {
        let band = match lifecycle.value_band {
            Some(ValueBand::Low) => ", in the low order-value band",
            Some(ValueBand::Mid) => ", in the middle order-value band",
            Some(ValueBand::High) => ", in the high order-value band",
            None => "",
        };
        push(
            FactKind::Lifecycle,
            format!(
                "{} purchase(s), the latest on {}{band}.",
                lifecycle.purchases,
                day.to_iso()
            ),
            until(day),
        );
    }
    if let (Some(spend), Some(day)) = (lifecycle.spend, lifecycle.last_purchase) {
        push(
            FactKind::Lifecycle,
            format!(
                "Your orders add up to about {:.0}, kept only roughly (each step a quarter more than the one before), never as an amount.",
                spend.amount()
            ),
            until(day),
        );
    }
    for bought in &profile.bought {
        push(
            FactKind::Lifecycle,
            format!(
                "You last bought something tagged {} on {}.",
                bought.tag,
                bought.day.to_iso()
            ),
            until(bought.day),
        );
    }
    if let Some(latest) = profile.viewed.first() {
        push(
            FactKind::Inferred,
            format!(
                "{} recently viewed item(s), the latest on {}, each listed under \u{201c}Recently viewed\u{201d}.",
                profile.viewed.len(),
                latest.day.to_iso()
            ),
            until(latest.day),
        );
    }
    let intent = &profile.intent;
    if intent.wishlist_adds > 0 {
        push(
            FactKind::Intent,
            format!("{} wishlist add(s).", intent.wishlist_adds),
            profile_expiry.clone(),
        );
    }
    if intent.cart_adds > 0 {
        push(
            FactKind::Intent,
            format!("{} add-to-cart action(s).", intent.cart_adds),
            profile_expiry.clone(),
        );
    }
    if let Some(day) = intent.cart_open_since {
        push(
            FactKind::Intent,
            format!(
                "Something has been in your cart without checkout since {}.",
                day.to_iso()
            ),
            until(day),
        );
    }
    for exposure in &profile.exposures {
        push(
            FactKind::Setting,
            format!(
                "\u{201c}{}\u{201d} was shown to you {} time(s) since {}, so it is not repeated too often.",
                exposure.variant,
                exposure.count,
                exposure.since.to_iso()
            ),
            until(exposure.since),
        );
    }
    let consent = match profile.consent {
        Consent::None => "none",
        Consent::Essential => {
            "essential only (personalization is paused: nothing is used or recorded)"
        }
        Consent::Personalization => "personalization",
    };
    push(
        FactKind::Setting,
        format!("Consent: {consent}."),
        profile_expiry.clone(),
    );
    let purposes = profile.purposes;
    let granted: Vec<&str> = [
        (purposes.answers, "using your answers"),
        (
            purposes.interests,
            "learning from what you view, save and buy on this device",
        ),
        (
            purposes.measurement,
            "including you in the shop's experiments",
        ),
    ]
    .into_iter()
    .filter_map(|(granted, what)| granted.then_some(what))
    .collect();
    push(
        FactKind::Setting,
        format!(
            "On {} you allowed {}.",
            profile.consent_day().to_iso(),
            crate::plain_words::join_words(&granted)
        ),
        profile_expiry.clone(),
    );
    push(
        FactKind::Setting,
        format!(
            "This profile was started on {}; on {} it ends, however often it is renewed, and the shop asks again.",
            profile.created_on().to_iso(),
            Day(profile.created_on().0.saturating_add(max_age_days)).to_iso()
        ),
        profile_expiry.clone(),
    );
    if let Some(bucket) = profile.bucket {
        push(
            FactKind::Setting,
            format!(
                "Experiment group {bucket} of {}, drawn at random and shared with many other shoppers, so your experiment arms stay the same; it is never sent anywhere.",
                super::BUCKET_POSITIONS
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
