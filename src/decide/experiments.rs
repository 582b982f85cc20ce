//! Experiments and the global holdout: deterministic, sticky assignment from the profile's
//! coarse bucket.
//!
//! A profile holds one of [`BUCKET_POSITIONS`] positions, shared by many shoppers. Each
//! experiment (and the holdout) turns the circle of positions by its own offset (SipHash of
//! its key), so experiments fall on different shoppers, and cuts it into 10,000 steps of
//! 0.01 %: with 16,384 positions every step holds at least one, so even a 0.01 % experiment
//! has shoppers in it. Rehashing the small position instead would leave some small
//! experiments with nobody.
//!
//! A shopper is in an experiment when their turned position falls under its traffic, and
//! their arm is their position modulo the arms' total weight: raising `traffic_percent`
//! only adds shoppers (a position under the old cut stays under the new one) and never
//! moves anyone to another arm.

use crate::config::{Arm, Experiment, Experiments};
use crate::profile::BUCKET_POSITIONS;
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

/// Steps per 100 %: traffic is resolved to 0.01 %.
const STEPS: u32 = 10_000;

/// An experiment arm a shopper is assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The experiment's key.
    pub experiment: String,
    /// The arm's name.
    pub arm: String,
    /// True when the arm shows the defaults (a control).
    pub control: bool,
}

/// `bucket` turned by the offset of `key` (an experiment, or the holdout).
fn position(bucket: u16, key: &str) -> u32 {
    let mut hasher = SipHasher13::new_with_keys(0x5e1f_0a5e, 0x0000_5a17);
    hasher.write(key.as_bytes());
    let positions = u32::from(BUCKET_POSITIONS);
    let offset = (hasher.finish() % u64::from(positions)) as u32;
    (u32::from(bucket) % positions + offset) % positions
}

/// True when `position` falls under `percent` of the circle, in 0.01 % steps.
fn within(percent: f32, position: u32) -> bool {
    let threshold =
        (f64::from(percent.clamp(0.0, 100.0)) * f64::from(STEPS) / 100.0).round() as u32;
    position * STEPS / u32::from(BUCKET_POSITIONS) < threshold
}

/// True when the shopper is in the global holdout. A profile without a bucket is never
/// assigned to anything.
pub fn in_holdout(experiments: &Experiments, bucket: Option<u16>) -> bool {
    bucket.is_some_and(|bucket| within(experiments.holdout_percent, position(bucket, "\0holdout")))
}

/// The shopper's arm of `experiment`, if they are in it.
pub fn assign(key: &str, experiment: &Experiment, bucket: Option<u16>) -> Option<Assignment> {
    let position = position(bucket?, key);
    if !within(experiment.traffic_percent, position) {
        return None;
    }
    let total: u32 = experiment.arms.iter().map(|a| a.weight).sum();
    let mut point = position % total.max(1);
    let arm: &Arm = experiment.arms.iter().find(|arm| {
        let weight = arm.weight;
        if point < weight {
            true
        } else {
            point -= weight;
            false
        }
    })?;
    Some(Assignment {
        experiment: key.to_owned(),
        arm: arm.name.clone(),
        control: arm.treatment == crate::config::Treatment::Default,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Treatment;

    fn experiment(traffic: f32) -> Experiment {
        Experiment {
            traffic_percent: traffic,
            slot: Some("hero".into()),
            listing: None,
            arms: vec![
                Arm {
                    name: "control".into(),
                    weight: 1,
                    treatment: Treatment::Default,
                },
                Arm {
                    name: "personalized".into(),
                    weight: 1,
                    treatment: Treatment::Personalized,
                },
            ],
        }
    }

    #[test]
    fn assignment_is_sticky_and_splits_traffic_evenly() {
        let exp = experiment(50.0);
        let (mut included, mut control) = (0, 0);
        for bucket in 0..BUCKET_POSITIONS {
            let first = assign("hero-test", &exp, Some(bucket));
            assert_eq!(first, assign("hero-test", &exp, Some(bucket)));
            if let Some(a) = first {
                included += 1;
                control += usize::from(a.control);
            }
        }
        assert_eq!(included, 8_192);
        assert_eq!(control, 4_096);
        assert_eq!(assign("hero-test", &exp, None), None);
    }

    #[test]
    fn every_step_of_one_hundredth_of_a_percent_has_shoppers() {
        // Many experiments of 0.01 %: each holds one or two of the positions, never none.
        for key in (0..500).map(|i| format!("tiny-{i}")) {
            let members = (0..BUCKET_POSITIONS)
                .filter(|&bucket| assign(&key, &experiment(0.01), Some(bucket)).is_some())
                .count();
            assert!((1..=2).contains(&members), "{key}: {members}");
        }
    }

    #[test]
    fn experiments_turn_the_circle_differently() {
        let members = |key: &str| -> Vec<u16> {
            (0..BUCKET_POSITIONS)
                .filter(|&bucket| assign(key, &experiment(10.0), Some(bucket)).is_some())
                .collect()
        };
        assert_ne!(members("hero-test"), members("listing-test"));
    }
}
