//! The offline experiment readout: per-arm conversion rate and revenue per visitor, and
//! their lift over the control arm with 95 % confidence intervals, from exported counts.
//! Shelfwise collects nothing itself: the counts come from the site's own analytics, which
//! read the exposure marks (`data-pz-experiment`, `data-pz-arm`) on its pages.
//!
//! Input columns (CSV with a header row): `experiment, arm, visitors, conversions, revenue`
//! and optionally `revenue_sq` (the sum over visitors of their squared revenue, needed for
//! the revenue intervals), `segment` (a segment or reason code from the exposure marks:
//! each segment is read out on its own, against its own control), `orders` (for the average
//! order value) and `repeat_buyers` (converting visitors who ordered again, for the
//! repeat-purchase rate). The control is the arm named `control` or else the experiment's
//! (and segment's) first row. Lifts use the normal approximation on the log of the ratio
//! (delta method); a rate's own interval is Wilson's.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// Why a readout could not be computed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReadoutError {
    /// A row could not be read as the documented columns.
    #[error("row {row}: {reason}")]
    BadRow {
        /// 1-based data row number.
        row: usize,
        /// What was wrong.
        reason: String,
    },
    /// Counts that cannot be right (more conversions than visitors, negative revenue…).
    #[error("row {row}: {reason}")]
    Inconsistent {
        /// 1-based data row number.
        row: usize,
        /// What was wrong.
        reason: &'static str,
    },
}

/// One exported row.
#[derive(Debug, Clone, Deserialize)]
struct Row {
    experiment: String,
    arm: String,
    visitors: u64,
    conversions: u64,
    revenue: f64,
    #[serde(default)]
    revenue_sq: Option<f64>,
    #[serde(default)]
    segment: Option<String>,
    #[serde(default)]
    orders: Option<u64>,
    #[serde(default)]
    repeat_buyers: Option<u64>,
}

/// A 95 % interval around an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// A relative lift over the control and its 95 % interval, e.g. 0.2 = +20 %.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lift {
    /// The point estimate.
    pub estimate: f64,
    /// Lower end of the 95 % interval.
    pub low: f64,
    /// Upper end of the 95 % interval.
    pub high: f64,
}

/// The readout of one arm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmReadout {
    /// The experiment's key.
    pub experiment: String,
    /// The segment or reason the row is about, when the export splits by one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The arm's name.
    pub arm: String,
    /// True for the arm the others are compared with.
    pub control: bool,
    /// Visitors exposed.
    pub visitors: u64,
    /// Conversions / visitors.
    pub conversion_rate: f64,
    /// The conversion rate's own 95 % interval (Wilson).
    pub conversion_interval: Interval,
    /// Revenue / visitors.
    pub revenue_per_visitor: f64,
    /// Its 95 % interval (needs `revenue_sq`).
    pub revenue_per_visitor_interval: Option<Interval>,
    /// Revenue / orders (needs `orders`).
    pub average_order_value: Option<f64>,
    /// Converting visitors who ordered again / converting visitors (needs `repeat_buyers`).
    pub repeat_purchase_rate: Option<f64>,
    /// Its 95 % interval (Wilson).
    pub repeat_purchase_interval: Option<Interval>,
    /// Relative lift of the conversion rate over the control (none for the control).
    pub conversion_lift: Option<Lift>,
    /// Relative lift of revenue per visitor (needs `revenue_sq`).
    pub revenue_lift: Option<Lift>,
    /// Relative lift of the repeat-purchase rate (needs `repeat_buyers`).
    pub repeat_lift: Option<Lift>,
}

/// Reads the CSV and computes every arm's readout, in input order.
pub fn readout(csv_text: &str) -> Result<Vec<ArmReadout>, ReadoutError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let mut rows: Vec<Row> = Vec::new();
    for (i, record) in reader.deserialize::<Row>().enumerate() {
        let row = record.map_err(|e| ReadoutError::BadRow {
            row: i + 1,
            reason: e.to_string(),
        })?;
        if row.conversions > row.visitors {
            return Err(ReadoutError::Inconsistent {
                row: i + 1,
                reason: "more conversions than visitors",
            });
        }
        if row.visitors == 0 {
            return Err(ReadoutError::Inconsistent {
                row: i + 1,
                reason: "no visitors",
            });
        }
        if row.repeat_buyers.is_some_and(|r| r > row.conversions) {
            return Err(ReadoutError::Inconsistent {
                row: i + 1,
                reason: "more repeat buyers than conversions",
            });
        }
        if !row.revenue.is_finite()
            || row.revenue < 0.0
            || row.revenue_sq.is_some_and(|s| !s.is_finite() || s < 0.0)
        {
            return Err(ReadoutError::Inconsistent {
                row: i + 1,
                reason: "revenue must be a non-negative number",
            });
        }
        rows.push(row);
    }
    Ok(rows
        .iter()
        .map(|row| {
            let siblings = rows
                .iter()
                .filter(|r| r.experiment == row.experiment && r.segment == row.segment);
            let control = siblings
                .clone()
                .find(|r| r.arm == "control")
                .or_else(|| siblings.clone().next())
                .unwrap_or(row);
            let is_control = std::ptr::eq(control, row);
            let compared = |lift: fn(&Row, &Row) -> Option<Lift>| {
                (!is_control).then(|| lift(row, control)).flatten()
            };
            let repeat = row.repeat_buyers.filter(|_| row.conversions > 0);
            ArmReadout {
                experiment: row.experiment.clone(),
                segment: row.segment.clone().filter(|s| !s.is_empty()),
                arm: row.arm.clone(),
                control: is_control,
                visitors: row.visitors,
                conversion_rate: rate(row),
                conversion_interval: wilson(row.conversions, row.visitors),
                revenue_per_visitor: row.revenue / row.visitors as f64,
                revenue_per_visitor_interval: revenue_moments(row).map(|(mean, variance)| {
                    let half = Z95 * variance.sqrt();
                    Interval {
                        low: mean - half,
                        high: mean + half,
                    }
                }),
                average_order_value: row
                    .orders
                    .filter(|orders| *orders > 0)
                    .map(|orders| row.revenue / orders as f64),
                repeat_purchase_rate: repeat.map(|r| r as f64 / row.conversions as f64),
                repeat_purchase_interval: repeat.map(|r| wilson(r, row.conversions)),
                conversion_lift: compared(conversion_lift),
                revenue_lift: compared(revenue_lift),
                repeat_lift: compared(repeat_lift),
            }
        })
        .collect())
}

fn rate(row: &Row) -> f64 {
    row.conversions as f64 / row.visitors as f64
}

/// Lift of a ratio of two independent estimates, given each one's squared relative error.
fn ratio_lift(treatment: f64, control: f64, relative_variance: f64) -> Option<Lift> {
    if treatment <= 0.0 || control <= 0.0 || !relative_variance.is_finite() {
        return None;
    }
    let log_ratio = (treatment / control).ln();
    let half = Z95 * relative_variance.sqrt();
    Some(Lift {
        estimate: (treatment / control) - 1.0,
        low: (log_ratio - half).exp() - 1.0,
        high: (log_ratio + half).exp() - 1.0,
    })
}

fn conversion_lift(treatment: &Row, control: &Row) -> Option<Lift> {
    let (pt, pc) = (rate(treatment), rate(control));
    let variance =
        (1.0 - pt) / (treatment.visitors as f64 * pt) + (1.0 - pc) / (control.visitors as f64 * pc);
    ratio_lift(pt, pc, variance)
}

/// Revenue per visitor and the variance of that mean (needs `revenue_sq`).
fn revenue_moments(row: &Row) -> Option<(f64, f64)> {
    let n = row.visitors as f64;
    let mean = row.revenue / n;
    let variance = (row.revenue_sq? / n - mean * mean).max(0.0);
    Some((mean, variance / n))
}

/// Wilson's 95 % interval for `successes` out of `trials`.
fn wilson(successes: u64, trials: u64) -> Interval {
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Interval {
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    }
}

fn repeat_lift(treatment: &Row, control: &Row) -> Option<Lift> {
    let rate_of = |row: &Row| {
        let repeat = row.repeat_buyers? as f64;
        let buyers = row.conversions as f64;
        (buyers > 0.0).then(|| (repeat / buyers, buyers))
    };
    let ((pt, nt), (pc, nc)) = (rate_of(treatment)?, rate_of(control)?);
    ratio_lift(pt, pc, (1.0 - pt) / (nt * pt) + (1.0 - pc) / (nc * pc))
}

fn revenue_lift(treatment: &Row, control: &Row) -> Option<Lift> {
    let moments = revenue_moments;
    let ((mt, vt), (mc, vc)) = (moments(treatment)?, moments(control)?);
    if mt <= 0.0 || mc <= 0.0 {
        return None;
    }
    ratio_lift(mt, mc, vt / (mt * mt) + vc / (mc * mc))
}

/// The readout as a plain-text table.
pub fn render(arms: &[ArmReadout]) -> String {
    let percent = |v: f64| format!("{:+.1}%", v * 100.0);
    let lift = |l: &Option<Lift>| match l {
        Some(l) => format!(
            "{} [{}, {}]",
            percent(l.estimate),
            percent(l.low),
            percent(l.high)
        ),
        None => "—".to_owned(),
    };
    let by_segment = arms.iter().any(|arm| arm.segment.is_some());
    let mut out = String::from(if by_segment {
        "experiment | segment | arm"
    } else {
        "experiment | arm"
    });
    out.push_str(" | visitors | conversion | revenue/visitor | conversion lift (95% CI) | revenue/visitor lift (95% CI) | average order | repeat purchase | repeat lift (95% CI)\n");
    for arm in arms {
        let segment = match (&arm.segment, by_segment) {
            (Some(segment), true) => format!(" | {segment}"),
            (None, true) => " | (all)".to_owned(),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{}{segment} | {}{} | {} | {:.2}% | {:.2} | {} | {} | {} | {} | {}\n",
            arm.experiment,
            arm.arm,
            if arm.control { " (control)" } else { "" },
            arm.visitors,
            arm.conversion_rate * 100.0,
            arm.revenue_per_visitor,
            lift(&arm.conversion_lift),
            lift(&arm.revenue_lift),
            arm.average_order_value
                .map_or("—".to_owned(), |v| format!("{v:.2}")),
            arm.repeat_purchase_rate
                .map_or("—".to_owned(), |v| format!("{:.1}%", v * 100.0)),
            lift(&arm.repeat_lift),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_lift_and_interval_match_the_delta_method() {
        let arms = readout(
            "experiment,arm,visitors,conversions,revenue\nhero,control,1000,100,5000\nhero,personalized,1000,120,6600\n",
        )
        .expect("valid");
        assert!(arms[0].control && !arms[1].control);
        let lift = arms[1].conversion_lift.expect("a lift");
        assert!((lift.estimate - 0.2).abs() < 1e-9);
        // ln(1.2) ± 1.96·sqrt(0.88/120 + 0.9/100)
        assert!((lift.low - -0.0659).abs() < 1e-3, "{lift:?}");
        assert!((lift.high - 0.5416).abs() < 1e-3, "{lift:?}");
        assert_eq!(
            arms[1].revenue_lift, None,
            "no revenue_sq, no revenue interval"
        );
    }

    #[test]
    fn revenue_lift_needs_the_sum_of_squares() {
        let arms = readout(
            "experiment,arm,visitors,conversions,revenue,revenue_sq\nx,control,400,40,2000,150000\nx,b,400,48,2600,190000\n",
        )
        .expect("valid");
        let lift = arms[1].revenue_lift.expect("a revenue lift");
        assert!((lift.estimate - 0.3).abs() < 1e-9);
        assert!(lift.low < lift.estimate && lift.estimate < lift.high);
    }

    #[test]
    fn segments_are_read_out_against_their_own_control_with_order_value_and_repeat_rate() {
        let arms = readout(
            "experiment,segment,arm,visitors,conversions,revenue,orders,repeat_buyers\n\
             hero,segment:gift-buyer,control,500,50,2500,55,10\n\
             hero,segment:gift-buyer,personalized,500,65,3900,70,20\n\
             hero,segment:collector,control,300,30,3000,30,12\n\
             hero,segment:collector,personalized,300,30,3000,31,12\n",
        )
        .expect("valid");
        assert!(
            arms[0].control && arms[2].control,
            "one control per segment"
        );
        assert_eq!(arms[1].segment.as_deref(), Some("segment:gift-buyer"));
        assert!((arms[1].average_order_value.expect("orders") - 3900.0 / 70.0).abs() < 1e-9);
        assert!((arms[1].repeat_purchase_rate.expect("repeats") - 20.0 / 65.0).abs() < 1e-9);
        let repeat = arms[1].repeat_lift.expect("a repeat lift");
        assert!((repeat.estimate - (20.0 / 65.0) / (10.0 / 50.0) + 1.0).abs() < 1e-9);
        assert!(repeat.low < repeat.estimate && repeat.estimate < repeat.high);
        assert!(arms[3].conversion_lift.expect("a lift").estimate.abs() < 1e-9);
        // Wilson's interval for 50 of 500 (10 %): 7.7 % to 12.9 %.
        let interval = arms[0].conversion_interval;
        assert!(
            (interval.low - 0.0767).abs() < 1e-3 && (interval.high - 0.1294).abs() < 1e-3,
            "{interval:?}"
        );
        let table = render(&arms);
        assert!(table.starts_with("experiment | segment | arm |"), "{table}");
        assert!(
            table.contains("hero | segment:gift-buyer | personalized | 500 | 13.00% | 7.80 |"),
            "{table}"
        );
    }

    #[test]
    fn impossible_counts_are_rejected_with_the_row() {
        let error = readout("experiment,arm,visitors,conversions,revenue\nx,control,10,11,0\n")
            .expect_err("rejected");
        assert_eq!(error.to_string(), "row 1: more conversions than visitors");
        assert!(readout("experiment,arm,visitors\nx,a,1\n").is_err());
    }
}
