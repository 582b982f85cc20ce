//! Recommendation shelves: which catalog items a shelf shows for this shopper, and its
//! markup. Everything is decided from the config and what the device knows; the markup
//! holds the shop's template and the catalog's escaped fields, never anything from the
//! profile.

use super::ranking::{score_of, RankingContext};
use crate::config::{Config, ListingPolicy, Shelf, Strategy, PLACEHOLDERS};
use crate::profile::ViewedItem;

/// What a shelf's strategy may look at on this page view.
pub struct ShelfFacts<'a> {
    /// The shop's config: catalog, complements, listing policies.
    pub config: &'a Config,
    /// The shopper's interests and the running episodes' boosts.
    pub ranking: &'a RankingContext,
    /// The catalog item this page is about (its `url` is the page's path), if any: it is
    /// never recommended on its own page, and `goes_well_with` starts from it.
    pub current: Option<usize>,
    /// The shopper's recently viewed items, latest first.
    pub viewed: &'a [ViewedItem],
}

/// The catalog items `shelf` shows, as indices into the catalog, or `None` when the
/// strategy finds fewer than the shelf's `min_items`.
pub fn pick(shelf: &Shelf, facts: &ShelfFacts<'_>) -> Option<Vec<usize>> {
    let catalog = &facts.config.catalog;
    let wanted = usize::from(shelf.items);
    let eligible = |i: &usize| Some(*i) != facts.current && catalog[*i].in_stock();
    let picked: Vec<usize> = match shelf.strategy {
        Strategy::ForYou => {
            let default_policy = ListingPolicy::default();
            let policy = shelf
                .listing
                .as_ref()
                .and_then(|name| facts.config.listings.get(name))
                .unwrap_or(&default_policy);
            let mut scored: Vec<(usize, f32)> = (0..catalog.len())
                .filter(eligible)
                .map(|i| {
                    let item = &catalog[i];
                    let score =
                        score_of(&item.tags, item.price, item.margin, policy, facts.ranking);
                    (i, score)
                })
                .filter(|(_, score)| *score > 0.0)
                .collect();
            // Highest score first; the feed's order breaks ties, so the result is stable.
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            scored.into_iter().map(|(i, _)| i).take(wanted).collect()
        }
        Strategy::GoesWellWith => {
            let sources: Vec<&str> = match facts.current {
                Some(current) => catalog[current].tags.iter().map(String::as_str).collect(),
                None => favourite_tags(facts),
            };
            let complements: Vec<&str> = sources
                .iter()
                .filter_map(|tag| facts.config.complements.get(*tag))
                .flatten()
                .map(String::as_str)
                .collect();
            with_any_tag(facts, &complements, &eligible, wanted)
        }
        Strategy::PopularInFavourite => {
            let favourites = favourite_tags(facts);
            with_any_tag(
                facts,
                &favourites[..favourites.len().min(1)],
                &eligible,
                wanted,
            )
        }
        Strategy::RecentlyViewed => facts
            .viewed
            .iter()
            .filter_map(|viewed| facts.config.catalog_item_of(viewed.item))
            .filter(eligible)
            .take(wanted)
            .collect(),
        Strategy::Bundle => {
            let bundle = &shelf.bundle;
            let mut picked: Vec<usize> = bundle
                .items
                .iter()
                .filter_map(|id| facts.config.catalog_item_with_id(id))
                .filter(eligible)
                .collect();
            let tags: Vec<&str> = bundle.tags.iter().map(String::as_str).collect();
            for i in with_any_tag(facts, &tags, &eligible, wanted) {
                if !picked.contains(&i) {
                    picked.push(i);
                }
            }
            picked.truncate(wanted);
            picked
        }
    };
    (picked.len() >= usize::from(shelf.min_items)).then_some(picked)
}

/// The markup of `shelf` for this page view, or `None` when its strategy finds too few
/// items.
pub fn markup(shelf: &Shelf, facts: &ShelfFacts<'_>) -> Option<std::sync::Arc<str>> {
    let items = pick(shelf, facts)?;
    Some(render(shelf, facts.config, &items).into())
}

/// The shopper's favourite tags, strongest first: those they named, then the strongest
/// they browsed.
fn favourite_tags<'a>(facts: &ShelfFacts<'a>) -> Vec<&'a str> {
    let affinities = &facts.ranking.affinities;
    let mut tags: Vec<&str> = affinities.stated().iter().map(String::as_str).collect();
    tags.extend(affinities.strongest_inferred(2));
    tags
}

/// Up to `wanted` eligible catalog items carrying one of `tags`, in the feed's order.
fn with_any_tag(
    facts: &ShelfFacts<'_>,
    tags: &[&str],
    eligible: &dyn Fn(&usize) -> bool,
    wanted: usize,
) -> Vec<usize> {
    let catalog = &facts.config.catalog;
    (0..catalog.len())
        .filter(|i| eligible(i) && catalog[*i].tags.iter().any(|t| tags.contains(&t.as_str())))
        .take(wanted)
        .collect()
}

/// The shelf's markup for `items` (indices into the catalog): `before`, each item through
/// the `item` template, `after`. Every field is escaped, single quotes too, so a field can
/// close neither text nor an attribute however the template quotes it.
pub fn render(shelf: &Shelf, config: &Config, items: &[usize]) -> String {
    let template = &shelf.template;
    let mut out = String::with_capacity(
        template.before.len() + template.after.len() + items.len() * (template.item.len() + 64),
    );
    out.push_str(&template.before);
    for &index in items {
        let Some(item) = config.catalog.get(index) else {
            continue;
        };
        let mut rest = template.item.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let field = after
                .find('}')
                .map(|close| &after[..close])
                .filter(|name| PLACEHOLDERS.contains(name));
            match field {
                Some(name) => {
                    let price;
                    let value = match name {
                        "id" => &item.id,
                        "title" => &item.title,
                        "url" => &item.url,
                        "image" => item.image.as_deref().unwrap_or_default(),
                        _ => {
                            price = item.price.map(format_price).unwrap_or_default();
                            &price
                        }
                    };
                    push_escaped_any_quote(&mut out, value);
                    rest = &after[name.len() + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }
    out.push_str(&template.after);
    out
}

/// A price as the feed gives it: whole numbers without decimals, others with two.
fn format_price(price: f64) -> String {
    let cents = (price * 100.0).round();
    if !(0.0..=1e15).contains(&cents) {
        return String::new();
    }
    let cents = cents as u64;
    if cents.is_multiple_of(100) {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

/// [`crate::escape::push_escaped`] that escapes `'` as well.
fn push_escaped_any_quote(out: &mut String, value: &str) {
    for (i, part) in value.split('\'').enumerate() {
        if i > 0 {
            out.push_str("&#39;");
        }
        crate::escape::push_escaped(out, part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_escaped_however_the_template_quotes_it() {
        let config = Config::from_json(
            "t.json",
            r#"{ "questions": { "crafts": ["glass"] },
                 "catalog": [ { "id": "p-1", "title": "It's <b>\"bold\"</b> & more", "url": "/p/1/?a=1&b='2'", "price": 12.5, "tags": ["glass"] } ],
                 "shelves": { "s": { "strategy": "for_you", "template": { "item": "<a href='{url}' title=\"{title}\">{title} {price}{image}</a>" } } } }"#,
        )
        .expect("valid config");
        let html = render(&config.shelves["s"], &config, &[0, 7]);
        assert_eq!(
            html,
            "<a href='/p/1/?a=1&amp;b=&#39;2&#39;' title=\"It&#39;s &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more\">It&#39;s &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more 12.50</a>"
        );
    }
}
