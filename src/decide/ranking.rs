//! Re-ranking a listing by the shopper's interests, within the merchant's guardrails.

use super::Affinities;
use crate::config::ListingPolicy;
use crate::rewrite::ListingItem;

/// Returns the new order as indices into `items`, or `None` when the origin order stands
/// (nothing scores, or the result would be the same). Pinned items keep their positions;
/// ties keep the origin order, so the result is stable.
pub fn rank(
    items: &[ListingItem],
    policy: &ListingPolicy,
    affinities: &Affinities,
) -> Option<Vec<usize>> {
    let scores: Vec<f32> = items
        .iter()
        .map(|item| score(item, policy, affinities))
        .collect();
    if scores.iter().all(|s| *s <= 0.0) {
        return None;
    }

    let mut movable: Vec<usize> = (0..items.len()).filter(|&i| !items[i].pinned).collect();
    movable.sort_by(|&a, &b| {
        let stock = |i: usize| policy.sink_out_of_stock && !items[i].in_stock;
        stock(a)
            .cmp(&stock(b))
            .then_with(|| scores[b].total_cmp(&scores[a]))
            .then_with(|| a.cmp(&b))
    });

    let mut movable = movable.into_iter();
    let order: Vec<usize> = (0..items.len())
        .map(|position| {
            if items[position].pinned {
                position
            } else {
                // Both sides count the same unpinned items, so this never runs dry.
                movable.next().unwrap_or(position)
            }
        })
        .collect();
    let unchanged = order.iter().enumerate().all(|(i, &o)| i == o);
    (!unchanged).then_some(order)
}

/// An item's score: the stated weight if one of its tags is a stated favourite, plus the
/// inferred weight times its strongest decayed affinity.
fn score(item: &ListingItem, policy: &ListingPolicy, affinities: &Affinities) -> f32 {
    let stated = item.tags.iter().any(|t| affinities.is_stated(t));
    let inferred = item
        .tags
        .iter()
        .map(|t| affinities.inferred(t))
        .fold(0.0f32, f32::max);
    let stated_part = if stated { policy.stated_weight } else { 0.0 };
    stated_part + policy.inferred_weight * inferred / 255.0
}
