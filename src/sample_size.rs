//! Planning an experiment (`shelfwise plan-test`): how many visitors each arm needs to
//! detect a given change of a conversion rate, before the experiment starts.
//!
//! The two-sided test of two proportions with the normal approximation: for a baseline
//! rate `p1` and the rate `p2` to detect,
//! `n = (z(1-α/2)·√(2·p̄·(1-p̄)) + z(1-β)·√(p1·(1-p1) + p2·(1-p2)))² / (p2-p1)²` per arm,
//! with `p̄` their mean. With more than two arms each is compared with the control, so α is
//! split between the comparisons (Bonferroni).

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, Normal};
use thiserror::Error;

/// What to plan for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// The control's conversion rate, 0–1 exclusive.
    pub baseline: f64,
    /// The smallest change worth detecting: relative to the baseline (0.1 = +10 %) or, with
    /// `absolute`, in rate points (0.01 = one point).
    pub effect: f64,
    /// `effect` is in rate points rather than relative.
    pub absolute: bool,
    /// The chance of detecting the effect when it is real (0.8 usual).
    pub power: f64,
    /// The chance of a false alarm overall (0.05 usual).
    pub alpha: f64,
    /// Arms, the control included (2 or more).
    pub arms: u32,
}

/// Why a plan cannot be computed.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A number outside its range.
    #[error("{name} must be {range}, got {value}")]
    OutOfRange {
        /// The option.
        name: &'static str,
        /// Its allowed range.
        range: &'static str,
        /// What was given.
        value: f64,
    },
}

/// The visitors an experiment needs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SampleSize {
    /// The rate the effect would bring the treatment to.
    pub treatment_rate: f64,
    /// Visitors per arm.
    pub per_arm: u64,
    /// Visitors in all arms together.
    pub total: u64,
    /// The significance level each comparison with the control uses.
    pub alpha_per_comparison: f64,
}

fn check(name: &'static str, value: f64, range: &'static str, ok: bool) -> Result<(), PlanError> {
    if ok && value.is_finite() {
        Ok(())
    } else {
        Err(PlanError::OutOfRange { name, range, value })
    }
}

/// Visitors per arm for `plan`.
pub fn sample_size(plan: &Plan) -> Result<SampleSize, PlanError> {
    let Plan {
        baseline: p1,
        effect,
        absolute,
        power,
        alpha,
        arms,
    } = *plan;
    check("the baseline", p1, "between 0 and 1", p1 > 0.0 && p1 < 1.0)?;
    check(
        "the power",
        power,
        "between 0.5 and 1",
        (0.5..1.0).contains(&power),
    )?;
    check(
        "alpha",
        alpha,
        "between 0 and 0.5",
        alpha > 0.0 && alpha <= 0.5,
    )?;
    check("arms", f64::from(arms), "2 or more", arms >= 2)?;
    let p2 = if absolute {
        p1 + effect
    } else {
        p1 * (1.0 + effect)
    };
    check(
        "the effect",
        effect,
        "non-zero, keeping the treatment's rate between 0 and 1",
        effect != 0.0 && p2 > 0.0 && p2 < 1.0,
    )?;
    let alpha_per_comparison = alpha / f64::from(arms - 1);
    let normal = Normal::standard();
    let z_alpha = normal.inverse_cdf(1.0 - alpha_per_comparison / 2.0);
    let z_power = normal.inverse_cdf(power);
    let mean = (p1 + p2) / 2.0;
    let numerator = z_alpha * (2.0 * mean * (1.0 - mean)).sqrt()
        + z_power * (p1 * (1.0 - p1) + p2 * (1.0 - p2)).sqrt();
    let per_arm = (numerator * numerator / ((p2 - p1) * (p2 - p1))).ceil() as u64;
    Ok(SampleSize {
        treatment_rate: p2,
        per_arm,
        total: per_arm * u64::from(arms),
        alpha_per_comparison,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(baseline: f64, effect: f64, absolute: bool, arms: u32) -> Plan {
        Plan {
            baseline,
            effect,
            absolute,
            power: 0.8,
            alpha: 0.05,
            arms,
        }
    }

    #[test]
    fn the_textbook_cases() {
        // 10 % → 12 % at 80 % power and 5 % significance: 3,841 per arm (the figure of
        // the usual calculators for the pooled-variance formula).
        let size = sample_size(&plan(0.10, 0.02, true, 2)).expect("a plan");
        assert_eq!(size.per_arm, 3_841);
        assert_eq!(size.total, 7_682);
        // The same as a relative effect of +20 %.
        let relative = sample_size(&plan(0.10, 0.2, false, 2)).expect("a plan");
        assert_eq!(
            (relative.per_arm, relative.total),
            (size.per_arm, size.total)
        );
        // Three arms: each comparison at 2.5 %, so more visitors per arm.
        let three = sample_size(&plan(0.10, 0.02, true, 3)).expect("a plan");
        assert!(three.per_arm > size.per_arm);
        assert!((three.alpha_per_comparison - 0.025).abs() < 1e-12);
    }

    #[test]
    fn impossible_plans_are_refused() {
        assert!(sample_size(&plan(0.0, 0.1, false, 2)).is_err());
        assert!(
            sample_size(&plan(0.5, 1.5, false, 2)).is_err(),
            "a rate over 1"
        );
        assert!(sample_size(&plan(0.5, 0.0, false, 2)).is_err());
        assert!(sample_size(&plan(0.5, 0.1, false, 1)).is_err());
    }
}
