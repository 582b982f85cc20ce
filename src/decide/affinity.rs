//! The shopper's interests as ranking and eligibility see them: stated favourites plus
//! inferred affinities decayed to the request's day.

use crate::config::AffinitySettings;
use crate::day::Day;
use crate::profile::Profile;

/// Interests by key, decayed to one day. Small (≤ 11 entries), so lookups are linear scans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Affinities {
    stated: Vec<String>,
    inferred: Vec<(String, f32)>,
}

impl Affinities {
    /// Applies exponential decay with the configured half-life to each inferred affinity.
    pub fn new(profile: &Profile, settings: &AffinitySettings, today: Day) -> Affinities {
        let half_life = f32::from(settings.half_life_days.max(1));
        let inferred = profile
            .affinities
            .iter()
            .map(|a| {
                let age = f32::from(today.days_since(a.day));
                let weight = f32::from(a.weight) * 0.5f32.powf(age / half_life);
                (a.key.as_str().to_owned(), weight)
            })
            .filter(|(_, weight)| *weight >= 1.0)
            .collect();
        Affinities {
            stated: profile
                .stated_interests()
                .map(|c| c.as_str().to_owned())
                .collect(),
            inferred,
        }
    }

    /// True when there is nothing to rank by.
    pub fn is_empty(&self) -> bool {
        self.stated.is_empty() && self.inferred.is_empty()
    }

    /// The favourites the shopper named.
    pub fn stated(&self) -> &[String] {
        &self.stated
    }

    /// Up to `n` inferred interests the shopper did not name, strongest first.
    pub fn strongest_inferred(&self, n: usize) -> Vec<&str> {
        let mut inferred: Vec<&(String, f32)> = self
            .inferred
            .iter()
            .filter(|(key, _)| !self.is_stated(key))
            .collect();
        inferred.sort_by(|a, b| b.1.total_cmp(&a.1));
        inferred
            .into_iter()
            .take(n)
            .map(|(key, _)| key.as_str())
            .collect()
    }

    /// The shopper named `key` as a favourite.
    pub fn is_stated(&self, key: &str) -> bool {
        self.stated.iter().any(|s| s == key)
    }

    /// Decayed inferred weight for `key`, 0–255.
    pub fn inferred(&self, key: &str) -> f32 {
        self.inferred
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0.0, |(_, w)| *w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Affinity, Slug};

    #[test]
    fn an_affinity_halves_after_one_half_life() {
        let profile = Profile {
            written: Day(100),
            affinities: vec![Affinity {
                key: Slug::new("glass").expect("slug"),
                weight: 200,
                day: Day(100),
            }],
            ..Profile::default()
        };
        let settings = AffinitySettings::default();
        let fresh = Affinities::new(&profile, &settings, Day(100));
        let later = Affinities::new(&profile, &settings, Day(114));
        assert_eq!(fresh.inferred("glass"), 200.0);
        assert!((later.inferred("glass") - 100.0).abs() < 0.01);
    }
}
