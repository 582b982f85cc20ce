//! Episodes: calendar campaigns, absolute or yearly, in the shop's calendar.

use crate::config::{Episode, EpisodeDays};
use crate::day::{month_day, Day};
use std::collections::BTreeMap;

/// The episodes running on `today`.
pub fn running(episodes: &BTreeMap<String, Episode>, today: Day) -> Vec<String> {
    episodes
        .iter()
        .filter(|(_, episode)| is_running(episode, today))
        .map(|(name, _)| name.clone())
        .collect()
}

/// True when `today` lies within the episode's days (inclusive), as parsed when the config
/// was loaded.
pub fn is_running(episode: &Episode, today: Day) -> bool {
    match episode.days {
        EpisodeDays::Never => false,
        EpisodeDays::Absolute(from, until) => from <= today && today <= until,
        EpisodeDays::Yearly(from, until) => {
            let Some(now) = Day::to_iso(today).get(5..).and_then(month_day) else {
                return false;
            };
            if from <= until {
                from <= now && now <= until
            } else {
                // Wraps the new year: 12-20 … 01-06.
                now >= from || now <= until
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episode(from: &str, until: &str) -> Episode {
        let mut episode = Episode {
            from: from.into(),
            until: until.into(),
            boost_tags: vec![],
            boost: 0.0,
            days: EpisodeDays::Never,
        };
        episode.parse_once();
        episode
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
