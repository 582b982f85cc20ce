//! Dates as a config writes them, read into days once when the config is loaded, so no
//! request parses text.

use crate::day::{month_day, Day};
use serde::de::{Error, Unexpected};
use serde::{Deserialize, Deserializer};

/// A calendar date written `YYYY-MM-DD`, in the shop's calendar (a condition's `from` or
/// `until`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConfigDate(pub Day);

/// An episode's first or last day: one date, or the same month and day every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpisodeDate {
    /// `YYYY-MM-DD`: that day only.
    Day(Day),
    /// `MM-DD`: that (month, day) every year.
    EveryYear(u8, u8),
}

const DATE: &str = "a date as YYYY-MM-DD (2020-01-01 to 2199-06-06)";
const DATE_OR_MONTH_DAY: &str = "a date as YYYY-MM-DD, or MM-DD for every year";

impl<'de> Deserialize<'de> for ConfigDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Day::parse_iso(&text)
            .map(ConfigDate)
            .ok_or_else(|| D::Error::invalid_value(Unexpected::Str(&text), &DATE))
    }
}

impl<'de> Deserialize<'de> for EpisodeDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if let Some(day) = Day::parse_iso(&text) {
            return Ok(EpisodeDate::Day(day));
        }
        month_day(&text)
            .map(|(month, day)| EpisodeDate::EveryYear(month, day))
            .ok_or_else(|| D::Error::invalid_value(Unexpected::Str(&text), &DATE_OR_MONTH_DAY))
    }
}

impl std::fmt::Display for EpisodeDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EpisodeDate::Day(day) => f.write_str(&day.to_iso()),
            EpisodeDate::EveryYear(month, day) => write!(f, "{month:02}-{day:02}"),
        }
    }
}

#[cfg(feature = "schema")]
mod schema {
    use super::{ConfigDate, EpisodeDate, DATE, DATE_OR_MONTH_DAY};
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    impl JsonSchema for ConfigDate {
        fn schema_name() -> Cow<'static, str> {
            "date".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": DATE,
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
            })
        }
    }

    impl JsonSchema for EpisodeDate {
        fn schema_name() -> Cow<'static, str> {
            "episode_date".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": DATE_OR_MONTH_DAY,
                "type": "string",
                "pattern": "^([0-9]{4}-)?[0-9]{2}-[0-9]{2}$"
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }

    #[test]
    fn dates_are_read_once_into_days() {
        assert_eq!(
            read::<ConfigDate>(r#""2026-12-01""#),
            Ok(ConfigDate(Day::parse_iso("2026-12-01").expect("date")))
        );
        assert_eq!(
            read::<EpisodeDate>(r#""12-24""#),
            Ok(EpisodeDate::EveryYear(12, 24))
        );
        assert_eq!(
            read::<EpisodeDate>(r#""2026-12-24""#).map(|date| date.to_string()),
            Ok("2026-12-24".to_owned())
        );
    }

    #[test]
    fn a_date_that_does_not_exist_names_what_was_expected() {
        let error = read::<ConfigDate>(r#""2026-02-30""#).expect_err("no such day");
        assert!(
            error.contains("\"2026-02-30\"") && error.contains(DATE),
            "{error}"
        );
        let error = read::<EpisodeDate>(r#""13-01""#).expect_err("no 13th month");
        assert!(error.contains(DATE_OR_MONTH_DAY), "{error}");
        assert!(read::<ConfigDate>("20261201").is_err());
    }
}
