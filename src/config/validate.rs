//! Rules a parsed config must follow beyond its JSON shape. Every broken rule is reported,
//! not just the first.

use super::{Condition, Config};
use crate::errors::ConfigProblem;
use crate::profile::{ShoppingFor, Slug};

/// Longest cookie lifetime a config may ask for, in days.
const MAX_RETENTION_DAYS: u16 = 90;

pub(super) fn problems(config: &Config) -> Vec<ConfigProblem> {
    let mut out = Vec::new();
    let mut report = |path: String, expected: &str, found: String| {
        out.push(ConfigProblem {
            path,
            expected: expected.to_owned(),
            found,
        })
    };

    let name = &config.cookie.name;
    if name.is_empty()
        || name.len() > 32
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        report(
            "cookie.name".into(),
            "1-32 characters of A-Z, a-z, 0-9, _ and -",
            format!("{name:?}"),
        );
    }
    let max_age = config.cookie.max_age_days;
    if !(1..=MAX_RETENTION_DAYS).contains(&max_age) {
        report(
            "cookie.max_age_days".into(),
            "a number of days from 1 to 90",
            max_age.to_string(),
        );
    }
    if config.affinity.half_life_days == 0 {
        report(
            "affinity.half_life_days".into(),
            "a number of days from 1",
            "0".into(),
        );
    }

    if config.questions.crafts.is_empty() {
        report(
            "questions.crafts".into(),
            "at least one craft",
            "an empty list".into(),
        );
    }
    for (i, craft) in config.questions.crafts.iter().enumerate() {
        let path = format!("questions.crafts[{i}]");
        if Slug::new(craft).is_none() {
            report(path, SLUG_RULE, format!("{craft:?}"));
        } else if config.questions.crafts[..i].contains(craft) {
            report(path, "each craft once", format!("{craft:?} again"));
        }
    }

    for (i, occasion) in config.questions.occasions.iter().enumerate() {
        let path = format!("questions.occasions[{i}]");
        if Slug::new(occasion).is_none() {
            report(path, SLUG_RULE, format!("{occasion:?}"));
        } else if config.questions.occasions[..i].contains(occasion) {
            report(path, "each occasion once", format!("{occasion:?} again"));
        }
    }
    let signals = &config.signals;
    let bands_ok = signals.low_value_below.is_finite()
        && signals.high_value_from.is_finite()
        && 0.0 <= signals.low_value_below
        && signals.low_value_below <= signals.high_value_from;
    if !bands_ok {
        report(
            "signals".into(),
            "0 <= low_value_below <= high_value_from",
            format!(
                "{} and {}",
                signals.low_value_below, signals.high_value_from
            ),
        );
    }

    for (slot, rules) in &config.slots {
        if Slug::new(slot).is_none() {
            report(
                format!("slots.{slot}"),
                SLUG_RULE,
                format!("slot name {slot:?}"),
            );
        }
        for (i, rule) in rules.iter().enumerate() {
            let path = format!("slots.{slot}[{i}]");
            if Slug::new(&rule.variant).is_none() {
                report(
                    format!("{path}.variant"),
                    SLUG_RULE,
                    format!("{:?}", rule.variant),
                );
            }
            check_condition(&rule.when, &format!("{path}.when"), &mut report);
        }
    }

    for (listing, policy) in &config.listings {
        if Slug::new(listing).is_none() {
            report(
                format!("listings.{listing}"),
                SLUG_RULE,
                format!("listing name {listing:?}"),
            );
        }
        for (key, value) in [
            ("stated_weight", policy.stated_weight),
            ("inferred_weight", policy.inferred_weight),
        ] {
            if !(value.is_finite() && (0.0..=100.0).contains(&value)) {
                report(
                    format!("listings.{listing}.{key}"),
                    "a number from 0 to 100",
                    value.to_string(),
                );
            }
        }
    }
    out
}

const SLUG_RULE: &str = "a key of 1-24 characters of a-z, 0-9 and -";

fn check_condition(
    condition: &Condition,
    path: &str,
    report: &mut impl FnMut(String, &str, String),
) {
    if condition.shopping_for.is_empty() && condition.loves.is_none() {
        report(
            path.to_owned(),
            "at least one condition (`shopping_for` or `loves`)",
            "none".into(),
        );
    }
    for (i, answer) in condition.shopping_for.iter().enumerate() {
        if ShoppingFor::parse(answer).is_none() {
            report(
                format!("{path}.shopping_for[{i}]"),
                "one of \"self\", \"gift\", \"unsure\"",
                format!("{answer:?}"),
            );
        }
    }
    if let Some(key) = &condition.loves {
        if Slug::new(key).is_none() {
            report(format!("{path}.loves"), SLUG_RULE, format!("{key:?}"));
        }
    }
}
