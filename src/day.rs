//! Day-granular time. The profile never stores anything finer than a day.

use serde::{Deserialize, Serialize};

/// Days between 1970-01-01 and 2020-01-01, the profile's epoch.
const EPOCH_OFFSET_DAYS: i64 = 18_262;
const MILLIS_PER_DAY: f64 = 86_400_000.0;

/// A calendar day, counted from 2020-01-01 (day 0). Fits the cookie's two-byte field
/// until the year 2199.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Day(pub u16);

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

    /// Whole days from `earlier` to `self`; zero when `earlier` is later.
    pub fn days_since(self, earlier: Day) -> u16 {
        self.0.saturating_sub(earlier.0)
    }
}
