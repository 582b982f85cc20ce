//! Day-granular time. The profile never stores anything finer than a day.

use serde::{Deserialize, Serialize};

/// Days between 1970-01-01 and 2020-01-01, the profile's epoch.
const EPOCH_OFFSET_DAYS: i64 = 18_262;
const MILLIS_PER_DAY: f64 = 86_400_000.0;

/// A calendar day, counted from 2020-01-01 (day 0). Fits the cookie's two-byte field
/// until the year 2199.
///
/// In a profile's JSON a day is its number; a `YYYY-MM-DD` date is read as well, so a
/// profile can be written by hand with calendar dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Day(pub u16);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DayVisitor;
        impl serde::de::Visitor<'_> for DayVisitor {
            type Value = Day;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a day number (0-65535) or a date as YYYY-MM-DD")
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Day, E> {
                u16::try_from(value)
                    .map(Day)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(value), &self))
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Day, E> {
                Day::parse_iso(value)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(value), &self))
            }
        }
        deserializer.deserialize_any(DayVisitor)
    }
}

impl Day {
    /// The day containing the given instant, in milliseconds since the Unix epoch (UTC), as
    /// JavaScript's `Date.now()` gives it. Instants outside the representable range clamp.
    pub fn from_unix_millis(millis: f64) -> Day {
        let days = (millis / MILLIS_PER_DAY).floor();
        let since_epoch = if days.is_finite() {
            days as i64 - EPOCH_OFFSET_DAYS
        } else {
            0
        };
        Day(since_epoch.clamp(0, i64::from(u16::MAX)) as u16)
    }

    /// Today, by the system clock (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today() -> Day {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as f64)
            .unwrap_or(0.0);
        Day::from_unix_millis(millis)
    }

    /// Parses a `YYYY-MM-DD` date; `None` when it is not a real date or lies outside
    /// 2020-01-01 ..= 2199-06-06, the range the cookie can store.
    pub fn parse_iso(text: &str) -> Option<Day> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        let month = time::Month::try_from(month).ok()?;
        let date = time::Date::from_calendar_date(year, month, day).ok()?;
        let offset = date.to_julian_day() - epoch().to_julian_day();
        u16::try_from(offset).ok().map(Day)
    }

    /// The calendar date, as `YYYY-MM-DD`.
    pub fn to_iso(self) -> String {
        let date = time::Date::from_julian_day(epoch().to_julian_day() + i32::from(self.0))
            .unwrap_or_else(|_| epoch());
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }

    /// The (month, day) of this date, comparable with [`month_day`]'s pairs for yearly
    /// spans; no text is formatted or parsed.
    pub fn month_and_day(self) -> (u8, u8) {
        let date = time::Date::from_julian_day(epoch().to_julian_day() + i32::from(self.0))
            .unwrap_or_else(|_| epoch());
        (u8::from(date.month()), date.day())
    }

    /// Whole days from `earlier` to `self`; zero when `earlier` is later.
    pub fn days_since(self, earlier: Day) -> u16 {
        self.0.saturating_sub(earlier.0)
    }
}

fn epoch() -> time::Date {
    // 2020-01-01 is a valid date, so this never falls back.
    time::Date::from_calendar_date(2020, time::Month::January, 1).unwrap_or(time::Date::MIN)
}

/// Parses `MM-DD` into a sortable (month, day) pair.
pub fn month_day(text: &str) -> Option<(u8, u8)> {
    let (month, day) = text.split_once('-')?;
    let (month, day): (u8, u8) = (month.parse().ok()?, day.parse().ok()?);
    ((1..=12).contains(&month) && (1..=31).contains(&day) && text.len() == 5)
        .then_some((month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_round_trip_and_match_unix_time() {
        assert_eq!(Day::parse_iso("2020-01-01"), Some(Day(0)));
        assert_eq!(
            Day::parse_iso("2026-11-23").map(Day::to_iso).as_deref(),
            Some("2026-11-23")
        );
        // 2026-11-23T12:00:00Z
        assert_eq!(
            Day::from_unix_millis(1_795_435_200_000.0),
            Day::parse_iso("2026-11-23").unwrap_or_default()
        );
        assert_eq!(Day::parse_iso("2026-02-30"), None);
        assert_eq!(Day::parse_iso("2019-12-31"), None);
    }

    #[test]
    fn a_day_in_json_is_a_number_or_a_date() {
        let read = |json: &str| serde_json::from_str::<Day>(json).ok();
        assert_eq!(read("2524"), Some(Day(2524)));
        assert_eq!(read("\"2026-11-29\""), Day::parse_iso("2026-11-29"));
        assert_eq!(read("\"2026-02-30\""), None);
        assert_eq!(read("70000"), None);
        assert_eq!(read("-1"), None);
    }

    #[test]
    fn month_and_day_matches_the_written_date() {
        for iso in ["2020-01-01", "2024-02-29", "2026-12-31"] {
            let day = Day::parse_iso(iso).expect("date");
            assert_eq!(Some(day.month_and_day()), month_day(&iso[5..]), "{iso}");
        }
    }
}
