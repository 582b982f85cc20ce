//! Segments: named groups of shoppers (intent and lifecycle), derived from the profile by
//! the config's rules. A shopper can be in several.

use super::conditions::Facts;
use crate::config::SegmentRule;
use std::collections::BTreeMap;

/// The segments whose rule holds for `facts`, highest priority first (ties by name), each
/// with its explanation. Segment rules cannot refer to other segments.
pub fn segments_of(
    rules: &BTreeMap<String, SegmentRule>,
    facts: &Facts<'_>,
) -> Vec<(String, String)> {
    let mut matched: Vec<(&String, &SegmentRule)> = rules
        .iter()
        .filter(|(_, rule)| facts.check(&rule.when).is_some())
        .collect();
    matched.sort_by(|a, b| b.1.priority.cmp(&a.1.priority).then_with(|| a.0.cmp(b.0)));
    matched
        .into_iter()
        .map(|(name, rule)| (name.clone(), rule.explanation.clone()))
        .collect()
}
