//! Re-ranking a listing by the shopper's interests, within the merchant's guardrails.
//!
//! Score: the stated weight if one of an item's tags is a stated favourite, plus the
//! inferred weight times its strongest decayed affinity, plus the boosts of running
//! episodes. Guardrails: pinned items keep their positions; sold-out items sink; items
//! under the margin floor or far above the shopper's usual price band are never promoted
//! (score 0); at most `diversity_max_run` consecutive items of one category in the top
//! `diversity_top_n`. The origin's order breaks every tie, so the result is stable.

use super::Affinities;
use crate::config::ListingPolicy;
use crate::contract::ListingItem;

/// What ranking knows about this request beyond the items and the policy.
#[derive(Debug, Clone, Default)]
pub struct RankingContext {
    /// The shopper's interests.
    pub affinities: Affinities,
    /// Running episodes' boosts: (tags, score added).
    pub boosts: Vec<(Vec<String>, f32)>,
    /// The top of the shopper's usual order value band, when they have bought before.
    pub usual_price_top: Option<f64>,
}

/// Returns the new order as indices into `items`, or `None` when the origin order stands
/// (nothing scores, or the result would be the same).
pub fn rank(
    items: &[ListingItem],
    policy: &ListingPolicy,
    context: &RankingContext,
) -> Option<Vec<usize>> {
    let scores: Vec<f32> = items
        .iter()
        .map(|item| score(item, policy, context))
        .collect();
    if scores.iter().all(|s| *s <= 0.0) {
        return None;
    }
    let sunk = |i: usize| policy.sink_out_of_stock && !items[i].in_stock;
    let mut movable: Vec<usize> = (0..items.len()).filter(|&i| !items[i].pinned).collect();
    movable.sort_by(|&a, &b| {
        sunk(a)
            .cmp(&sunk(b))
            .then_with(|| scores[b].total_cmp(&scores[a]))
            .then_with(|| a.cmp(&b))
    });
    if let Some(max_run) = policy.diversity_max_run.filter(|k| *k > 0) {
        diversify(&mut movable, items, max_run, policy.diversity_top_n);
    }

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

fn score(item: &ListingItem, policy: &ListingPolicy, context: &RankingContext) -> f32 {
    score_of(&item.tags, item.price, item.margin, policy, context)
}

/// The score of an item with these tags, price and margin: what listings and shelves rank
/// by. 0 when a guardrail holds it back.
pub fn score_of(
    tags: &[String],
    price: Option<f64>,
    margin: Option<f64>,
    policy: &ListingPolicy,
    context: &RankingContext,
) -> f32 {
    let below_margin = policy
        .margin_floor
        .is_some_and(|floor| margin.is_some_and(|m| m < floor));
    let above_band = match (policy.max_price_multiple, context.usual_price_top, price) {
        (Some(multiple), Some(top), Some(price)) => price > top * multiple,
        _ => false,
    };
    if below_margin || above_band {
        return 0.0;
    }
    let affinities = &context.affinities;
    let stated = tags.iter().any(|t| affinities.is_stated(t));
    let inferred = tags
        .iter()
        .map(|t| affinities.inferred(t))
        .fold(0.0f32, f32::max);
    let boost: f32 = context
        .boosts
        .iter()
        .filter(|(boosted, _)| tags.iter().any(|t| boosted.contains(t)))
        .map(|(_, boost)| *boost)
        .sum();
    let stated_part = if stated { policy.stated_weight } else { 0.0 };
    stated_part + policy.inferred_weight * inferred / 255.0 + boost
}

/// Within the first `top_n` positions, breaks runs longer than `max_run` of one category
/// (an item's first tag) by pulling the next item of another category forward.
fn diversify(order: &mut [usize], items: &[ListingItem], max_run: usize, top_n: usize) {
    let category = |i: usize| items[i].tags.first().map(String::as_str).unwrap_or("");
    let limit = top_n.min(order.len());
    for position in max_run..limit {
        let run = &order[position - max_run..position];
        let current = category(run[0]);
        if !run.iter().all(|&i| category(i) == current) || category(order[position]) != current {
            continue;
        }
        if let Some(offset) = order[position..]
            .iter()
            .position(|&i| category(i) != current)
        {
            // Move the found item to `position`, shifting the rest one place back.
            order[position..=position + offset].rotate_right(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Profile, Slug};

    fn item(sku: &str, tag: &str) -> ListingItem {
        ListingItem {
            sku: sku.into(),
            tags: vec![tag.into()],
            in_stock: true,
            ..ListingItem::default()
        }
    }

    fn context(stated: &[&str]) -> RankingContext {
        let profile = Profile {
            answers: vec![crate::profile::Answer {
                question: Slug::new("craft").expect("slug"),
                choices: stated.iter().map(|s| Slug::new(s).expect("slug")).collect(),
                interests: true,
            }],
            ..Profile::default()
        };
        RankingContext {
            affinities: Affinities::new(&profile, &Default::default(), crate::day::Day(0)),
            ..RankingContext::default()
        }
    }

    fn skus(items: &[ListingItem], order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| items[i].sku.clone()).collect()
    }

    #[test]
    fn items_under_the_margin_floor_are_never_promoted() {
        let mut cheap = item("thin", "glass");
        cheap.margin = Some(0.1);
        let items = vec![item("a", "wood"), cheap, item("b", "glass")];
        let policy = ListingPolicy {
            margin_floor: Some(0.2),
            ..ListingPolicy::default()
        };
        let order = rank(&items, &policy, &context(&["glass"])).expect("reordered");
        assert_eq!(skus(&items, &order), ["b", "a", "thin"]);
    }

    #[test]
    fn items_far_above_the_usual_band_are_never_promoted() {
        let mut pricey = item("pricey", "glass");
        pricey.price = Some(900.0);
        let mut fine = item("fine", "glass");
        fine.price = Some(60.0);
        let items = vec![item("a", "wood"), pricey, fine];
        let policy = ListingPolicy {
            max_price_multiple: Some(2.0),
            ..ListingPolicy::default()
        };
        let mut ctx = context(&["glass"]);
        ctx.usual_price_top = Some(150.0);
        let order = rank(&items, &policy, &ctx).expect("reordered");
        assert_eq!(skus(&items, &order), ["fine", "a", "pricey"]);
    }

    #[test]
    fn diversity_breaks_long_runs_of_one_category() {
        let items: Vec<ListingItem> = ["w1", "w2", "g1", "g2", "g3", "g4"]
            .iter()
            .map(|s| item(s, if s.starts_with('g') { "glass" } else { "wood" }))
            .collect();
        let policy = ListingPolicy {
            diversity_max_run: Some(2),
            diversity_top_n: 6,
            ..ListingPolicy::default()
        };
        let order = rank(&items, &policy, &context(&["glass"])).expect("reordered");
        assert_eq!(skus(&items, &order), ["g1", "g2", "w1", "g3", "g4", "w2"]);
    }

    #[test]
    fn running_episodes_boost_their_tags() {
        let items = vec![item("a", "wood"), item("b", "prints")];
        let mut ctx = context(&[]);
        ctx.boosts = vec![(vec!["prints".into()], 1.0)];
        let order = rank(&items, &ListingPolicy::default(), &ctx).expect("reordered");
        assert_eq!(skus(&items, &order), ["b", "a"]);
    }
}
