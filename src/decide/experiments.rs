//! Experiments and the global holdout: deterministic, sticky assignment from the profile's
//! salt, with SipHash-1-3 so buckets are uniform and independent per experiment.
//!
//! Whether a shopper is in an experiment and which arm they get are two separate hashes:
//! raising `traffic_percent` only adds shoppers (their inclusion bucket is fixed) and never
//! moves anyone to another arm (their arm bucket does not depend on traffic).

use crate::config::{Arm, Experiment, Experiments};
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

/// Buckets per 100 %: traffic is resolved to 0.01 %.
const BUCKETS: u64 = 10_000;

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

fn bucket(salt: u32, purpose: &str, key: &str, modulus: u64) -> u64 {
    let mut hasher = SipHasher13::new_with_keys(0x5e1f_0a5e, 0x0000_5a17);
    hasher.write(purpose.as_bytes());
    hasher.write_u8(0);
    hasher.write(key.as_bytes());
    hasher.write_u32(salt);
    hasher.finish() % modulus.max(1)
}

fn within(percent: f32, bucket: u64) -> bool {
    let threshold =
        (f64::from(percent.clamp(0.0, 100.0)) * (BUCKETS as f64) / 100.0).round() as u64;
    bucket < threshold
}

/// True when the shopper is in the global holdout. A profile without a salt is never
/// assigned to anything.
pub fn in_holdout(experiments: &Experiments, salt: u32) -> bool {
    salt != 0
        && within(
            experiments.holdout_percent,
            bucket(salt, "holdout", "", BUCKETS),
        )
}

/// The shopper's arm of `experiment`, if they are in it.
pub fn assign(key: &str, experiment: &Experiment, salt: u32) -> Option<Assignment> {
    if salt == 0
        || !within(
            experiment.traffic_percent,
            bucket(salt, "include", key, BUCKETS),
        )
    {
        return None;
    }
    let total: u64 = experiment.arms.iter().map(|a| u64::from(a.weight)).sum();
    let mut point = bucket(salt, "arm", key, total);
    let arm: &Arm = experiment.arms.iter().find(|arm| {
        let weight = u64::from(arm.weight);
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
        for salt in 1..=20_000u32 {
            let first = assign("hero-test", &exp, salt);
            assert_eq!(first, assign("hero-test", &exp, salt));
            if let Some(a) = first {
                included += 1;
                control += usize::from(a.control);
            }
        }
        assert!((9_500..10_500).contains(&included), "{included}");
        assert!(
            (included * 45 / 100..included * 55 / 100).contains(&control),
            "{control}"
        );
        assert_eq!(assign("hero-test", &exp, 0), None);
    }
}
