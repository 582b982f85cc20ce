//! Episodes: calendar campaigns, absolute or yearly, in the shop's calendar.

use crate::config::{Episode, EpisodeDate};
use crate::day::Day;
use std::collections::BTreeMap;

/// The episodes running on `today`.
pub fn running(episodes: &BTreeMap<String, Episode>, today: Day) -> Vec<String> {
    episodes
        .iter()
        .filter(|(_, episode)| is_running(episode, today))
        .map(|(name, _)| name.clone())
        .collect()
}

/// True when `today` lies within the episode's days (inclusive). The dates were read when
/// the config was loaded, so nothing is parsed here.
pub fn is_running(episode: &Episode, today: Day) -> bool {
    match (episode.from, episode.until) {
        (EpisodeDate::Day(from), EpisodeDate::Day(until)) => from <= today && today <= until,
        (
            EpisodeDate::EveryYear(from_month, from_day),
            EpisodeDate::EveryYear(until_month, until_day),
        ) => {
            let (from, until) = ((from_month, from_day), (until_month, until_day));
            let now = today.month_and_day();
            if from <= until {
                from <= now && now <= until
            } else {
                // Wraps the new year: 12-20 … 01-06.
                now >= from || now <= until
            }
        }
        // Mixed forms are refused when the config is loaded.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episode(from: &str, until: &str) -> Episode {
        serde_json::from_value(serde_json::json!({ "from": from, "until": until }))
            .expect("episode dates")
    }

    fn day(iso: &str) -> Day {
        Day::parse_iso(iso).expect("date")
    }

    #[test]
    fn absolute_episodes_include_both_ends() {
        let winter = episode("2026-12-01", "2026-12-24");
        assert!(!is_running(&winter, day("2026-11-30")));
        assert!(is_running(&winter, day("2026-12-01")));
        assert!(is_running(&winter, day("2026-12-24")));
        assert!(!is_running(&winter, day("2026-12-25")));
    }

    #[test]
    fn yearly_episodes_repeat_and_may_wrap_the_new_year() {
        let spring = episode("03-01", "03-15");
        assert!(is_running(&spring, day("2027-03-01")));
        assert!(is_running(&spring, day("2031-03-15")));
        assert!(!is_running(&spring, day("2027-03-16")));
        let holidays = episode("12-20", "01-06");
        assert!(is_running(&holidays, day("2026-12-31")));
        assert!(is_running(&holidays, day("2027-01-06")));
        assert!(!is_running(&holidays, day("2027-01-07")));
        assert!(!is_running(&holidays, day("2026-12-19")));
    }
}
