//! The shop's catalog feed and its recommendation shelves: items the pages need not carry,
//! and slots filled with a few of them, chosen on the device.

use serde::Deserialize;

/// One item of the catalog feed. Only config keys and these fields ever reach a page; an
/// item's fields are escaped wherever a shelf writes them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogItem {
    /// The item's id (the `data-pz-item` of listings), unique in the feed.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::profile::KEY_PATTERN)))]
    pub id: String,
    /// Its name, as shown.
    pub title: String,
    /// Its page: a path on the shop (`/product/cer-001/`) or an `https://` address.
    pub url: String,
    /// Its picture: a path on the shop or an `https://` address.
    #[serde(default)]
    pub image: Option<String>,
    /// Its price in the shop's currency, shown as written here.
    #[serde(default)]
    pub price: Option<f64>,
    /// Units in stock; `0` is never shown on a shelf.
    #[serde(default)]
    pub stock: Option<u32>,
    /// Its margin (0–1), for the shelves' `margin_floor` guardrail. Never written to a page.
    #[serde(default)]
    pub margin: Option<f64>,
    /// Its keys in the site's vocabulary (crafts, kinds), as listings tag items.
    #[cfg_attr(
        feature = "schema",
        schemars(inner(pattern(crate::profile::KEY_PATTERN)))
    )]
    pub tags: Vec<String>,
}

impl CatalogItem {
    /// True unless the feed says none are left.
    pub fn in_stock(&self) -> bool {
        self.stock != Some(0)
    }
}

/// How a shelf picks its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The feed ranked by the shopper's interests (stated favourites, browsing, running
    /// episodes), within the guardrails of the listing policy the shelf names.
    ForYou,
    /// Complements (`complements` in the config) of the product on the page, or else of the
    /// shopper's favourites: after tag A, items tagged B.
    GoesWellWith,
    /// The feed's own order within the shopper's favourite tag.
    PopularInFavourite,
    /// The catalog items the shopper viewed most recently, latest first (kept on the
    /// device only while a shelf with this strategy exists).
    RecentlyViewed,
    /// A fixed bundle (`bundle`): the items it names, then the feed's items carrying its
    /// tags. With an `episode` condition on its rule it is a campaign's bundle.
    Bundle,
}

/// What a `bundle` shelf shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Bundle {
    /// Catalog ids, shown first, in this order.
    #[cfg_attr(
        feature = "schema",
        schemars(inner(pattern(crate::profile::KEY_PATTERN)))
    )]
    pub items: Vec<String>,
    /// Then the feed's items carrying one of these tags, in the feed's order.
    #[cfg_attr(
        feature = "schema",
        schemars(inner(pattern(crate::profile::KEY_PATTERN)))
    )]
    pub tags: Vec<String>,
}

/// A recommendation shelf: a slot variant that shows a few catalog items.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Shelf {
    /// How the items are picked.
    pub strategy: Strategy,
    /// At most this many items (1–24).
    #[serde(default = "default_shelf_items")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 24)))]
    pub items: u8,
    /// The shelf is shown only when the strategy finds at least this many; otherwise its
    /// rule does not hold and the slot's next eligible rule (another shelf, a variant) or
    /// its default takes its place.
    #[serde(default = "default_shelf_min_items")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 24)))]
    pub min_items: u8,
    /// The listing policy (`listings`) whose guardrails and weights `for_you` ranks with;
    /// without one, the default weights and no guardrails.
    #[serde(default)]
    pub listing: Option<String>,
    /// The items of a `bundle` shelf.
    #[serde(default)]
    pub bundle: Bundle,
    /// The markup written into the slot.
    pub template: ShelfTemplate,
}

fn default_shelf_items() -> u8 {
    4
}

fn default_shelf_min_items() -> u8 {
    2
}

/// A shelf's markup: `before`, then `item` once per item, then `after`. In `item`,
/// `{id}`, `{title}`, `{url}`, `{image}` and `{price}` are replaced by the item's fields,
/// escaped for text and quoted attribute values alike.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShelfTemplate {
    /// Written once before the items (a heading, a list's start tag).
    #[serde(default)]
    pub before: String,
    /// Written once per item.
    pub item: String,
    /// Written once after the items.
    #[serde(default)]
    pub after: String,
}

/// The placeholders a shelf's `item` template may use.
pub const PLACEHOLDERS: [&str; 5] = ["id", "title", "url", "image", "price"];
