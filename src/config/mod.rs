//! The site config: one JSON file describing the cookie, the preference questions, which
//! variant fills each slot for whom, and how listings are ranked.
//!
//! [`Config::from_json`] parses and validates in one step and reports every problem it
//! finds with the JSON path of the offending key. A config that fails is never applied.
//! Keys are documented in `docs/config.md`.

mod validate;

use crate::errors::{ConfigError, ConfigProblem};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A validated site config, ready for per-request decisions.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the profile cookie lives and how long it is kept.
    #[serde(default)]
    pub cookie: CookieSettings,
    /// The preference questions offered to shoppers.
    pub questions: Questions,
    /// How inferred affinities count.
    #[serde(default)]
    pub affinity: AffinitySettings,
    /// Slot name → variants in priority order; the first eligible one is shown.
    #[serde(default)]
    pub slots: BTreeMap<String, Vec<VariantRule>>,
    /// Listing name → ranking policy.
    #[serde(default)]
    pub listings: BTreeMap<String, ListingPolicy>,
    /// How on-device signals are recorded.
    #[serde(default)]
    pub signals: SignalSettings,
}

/// How on-device signals are recorded.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignalSettings {
    /// Order totals below this are the `low` value band.
    pub low_value_below: f64,
    /// Order totals from this are the `high` value band.
    pub high_value_from: f64,
}

impl Default for SignalSettings {
    fn default() -> Self {
        SignalSettings {
            low_value_below: 40.0,
            high_value_from: 150.0,
        }
    }
}

impl SignalSettings {
    /// The value band thresholds as the profile uses them.
    pub fn bands(&self) -> crate::profile::ValueBands {
        crate::profile::ValueBands {
            low_below: self.low_value_below,
            high_from: self.high_value_from,
        }
    }
}

/// Cookie name and retention.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CookieSettings {
    /// Name of the profile cookie.
    pub name: String,
    /// `Max-Age` of the cookie in days (1–90).
    pub max_age_days: u16,
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            name: "pz".to_owned(),
            max_age_days: 30,
        }
    }
}

/// The choices the preference questions offer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questions {
    /// Crafts a shopper may name as favourites (keys of the site's vocabulary).
    pub crafts: Vec<String>,
    /// Occasions offered by the question asked at first purchase (may be empty).
    #[serde(default)]
    pub occasions: Vec<String>,
}

/// How inferred affinities are weighed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AffinitySettings {
    /// An affinity halves every this many days without reinforcement.
    pub half_life_days: u16,
    /// Decayed weight (0–255) from which an inferred affinity counts as "loves".
    pub loves_threshold: u8,
}

impl Default for AffinitySettings {
    fn default() -> Self {
        AffinitySettings {
            half_life_days: 14,
            loves_threshold: 64,
        }
    }
}

/// One variant of a slot and who is eligible for it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantRule {
    /// The variant's id, matching `<template data-pz-variant="…">` in the page.
    pub variant: String,
    /// Conditions that must all hold for the variant to be shown.
    pub when: Condition,
}

/// Eligibility conditions; every condition given must hold, and at least one is required.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The shopper told us they shop for one of these (`self`, `gift`, `unsure`).
    #[serde(default)]
    pub shopping_for: Vec<String>,
    /// The shopper named this craft as a favourite, or browsed it enough.
    #[serde(default)]
    pub loves: Option<String>,
}

/// How one listing is re-ranked.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ListingPolicy {
    /// Score for an item tagged with a craft the shopper named as a favourite.
    pub stated_weight: f32,
    /// Score per unit of (decayed) inferred affinity for one of the item's tags, 0–1.
    pub inferred_weight: f32,
    /// Out-of-stock items (`data-pz-stock="0"`) go after every in-stock item.
    pub sink_out_of_stock: bool,
}

impl Default for ListingPolicy {
    fn default() -> Self {
        ListingPolicy {
            stated_weight: 2.0,
            inferred_weight: 1.0,
            sink_out_of_stock: true,
        }
    }
}

impl Config {
    /// Parses and validates a config. `file` names the source in error messages.
    pub fn from_json(file: &str, text: &str) -> Result<Config, ConfigError> {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            ConfigError::Invalid {
                file: file.to_owned(),
                problems: vec![problem_from_serde(&path, &inner)],
            }
        })?;
        let problems = validate::problems(&config);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError::Invalid {
                file: file.to_owned(),
                problems,
            })
        }
    }

    /// Reads, parses and validates a config file (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_file(path: &std::path::Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        Config::from_json(&file, &text)
    }
}

/// Splits serde's message ("invalid type: string \"x\", expected u16 at line 3 column 9")
/// into what was expected and what was found.
fn problem_from_serde(path: &str, error: &serde_json::Error) -> ConfigProblem {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    let location = format!("line {} column {}", error.line(), error.column());
    let path = if path == "." { "(top level)" } else { path };
    let (expected, found) = match message.split_once(", expected ") {
        Some((found, expected)) => (expected.to_owned(), format!("{found} ({location})")),
        None => (
            "valid JSON of the documented shape".to_owned(),
            format!("{message} ({location})"),
        ),
    };
    ConfigProblem {
        path: path.to_owned(),
        expected,
        found,
    }
}
