//! The markup contract between a shop's pages and Shelfwise, written once: the `data-pz-*`
//! attribute names, what a listing item carries, the questions a page's markup is asked
//! ([`Decisions`]) and the answers ([`SlotFill`], [`ListingOrder`]) with their exposure
//! marks. The decisions, the streaming rewriter and the browser package all depend on this
//! module and on nothing of each other.

/// A slot: its children are the default content. `<section data-pz-slot="home-hero">`.
pub const SLOT: &str = "data-pz-slot";
/// A variant of a slot, on a `<template>` inside it.
pub const VARIANT: &str = "data-pz-variant";
/// A listing to reorder, on the element whose children are the items.
pub const LISTING: &str = "data-pz-listing";
/// A listing item: its value is the SKU.
pub const ITEM: &str = "data-pz-item";
/// An item's tags, comma- or space-separated keys.
pub const TAGS: &str = "data-pz-tags";
/// An item's price.
pub const PRICE: &str = "data-pz-price";
/// An item's stock; `0` or less is sold out.
pub const STOCK: &str = "data-pz-stock";
/// An item's margin (business data: the edge removes it from the pages it serves).
pub const MARGIN: &str = "data-pz-margin";
/// Present on an item that keeps its position.
pub const PIN: &str = "data-pz-pin";
/// The keys a view of the page signals, on `<body>` (or in the head).
pub const VIEW: &str = "data-pz-view";
/// Exposure mark: the variant shown (`affinity` on a reordered listing).
pub const SHOWN: &str = "data-pz-shown";
/// Exposure mark: the reason code.
pub const REASON: &str = "data-pz-reason";
/// Exposure mark: the experiment the shopper is in.
pub const EXPERIMENT: &str = "data-pz-experiment";
/// Exposure mark: the experiment arm.
pub const ARM: &str = "data-pz-arm";
/// On the "why this?" line added after a variant.
pub const WHY: &str = "data-pz-why";
/// Inside a listing item: where an offer's badge goes (empty, or what everyone sees).
pub const BADGE: &str = "data-pz-badge";
/// Exposure mark on a badge: the offer it shows.
pub const OFFER: &str = "data-pz-offer";
/// On the `<body>` of a page opened with a preview link: analytics drop such page views.
pub const PREVIEW: &str = "data-pz-preview";

/// The attributes a listing item is read from, in the order the browser package hands
/// their values over.
pub const ITEM_FIELDS: [&str; 6] = [ITEM, TAGS, PRICE, STOCK, MARGIN, PIN];

/// What the rewriter asks while streaming a page.
pub trait Decisions {
    /// The variant that replaces `slot`'s default content, if any.
    fn slot(&self, slot: &str) -> Option<SlotFill>;
    /// True when `listing` may be reordered, so its items are worth collecting.
    fn wants_listing(&self, listing: &str) -> bool;
    /// The new order of a listing's items, or `None` to keep the origin's order.
    fn order(&self, listing: &str, items: &[ListingItem]) -> Option<ListingOrder>;
    /// True when some listing item may get an offer's badge: only then are items read for
    /// it.
    fn has_badges(&self) -> bool {
        false
    }
    /// The badge for `item`'s `data-pz-badge` element, if an offer applies to it.
    fn badge(&self, _item: &ListingItem) -> Option<Badge> {
        None
    }
    /// The page's `<html lang>`: what the shopper reads is said in it from here on, when
    /// the config has that language.
    fn page_language(&self, _tag: &str) {}
}

/// An offer's badge on a listing item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// The offer's name, written as `data-pz-offer`.
    pub offer: String,
    /// The markup written into the item's `data-pz-badge` element: the config's own.
    pub html: std::sync::Arc<str>,
}

/// Decides nothing: every slot and listing stays as the origin sent it (local-only mode,
/// where the rewriter only adds the browser package to the page's head).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDecisions;

impl Decisions for NoDecisions {
    fn slot(&self, _slot: &str) -> Option<SlotFill> {
        None
    }
    fn wants_listing(&self, _listing: &str) -> bool {
        false
    }
    fn order(&self, _listing: &str, _items: &[ListingItem]) -> Option<ListingOrder> {
        None
    }
}

/// What happens to a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotFill {
    /// The `data-pz-variant` of the template whose content is shown; `None` keeps the
    /// default content and only marks the slot (an experiment's control arm).
    pub variant: Option<String>,
    /// The variant's markup from the config's content library, used when the page has no
    /// `<template>` for it.
    pub library_html: Option<std::sync::Arc<str>>,
    /// A "why this?" sentence shown after the variant (`<small class="pz-why">`), when the
    /// config turns the badge on. Written as text, escaped.
    pub why: Option<String>,
    /// Marks written onto the slot element.
    pub exposure: Exposure,
}

/// A listing's new order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingOrder {
    /// `order[i]` is the index (in origin order) of the item shown at position `i`. It
    /// names each item at most once; items it does not name are left out of the page (a
    /// listing cut to its first items, `max_items`).
    pub order: Vec<usize>,
    /// Marks written onto the listing element.
    pub exposure: Exposure,
}

impl ListingOrder {
    /// True when the order fits a listing of `len` items: it names at least one, each at
    /// most once, none out of range. The rewriter and the DOM both refuse any other.
    pub fn fits(&self, len: usize) -> bool {
        if self.order.is_empty() || self.order.len() > len {
            return false;
        }
        let mut seen = vec![false; len];
        self.order
            .iter()
            .all(|&i| i < len && !std::mem::replace(&mut seen[i], true))
    }
}

/// The measurement marks on a personalized element, so the site's own analytics can count
/// exposures. Values come from the config, never from the cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// Written as `data-pz-shown`.
    pub variant: String,
    /// Written as `data-pz-reason`, only when the config asks for reasons in the marks
    /// (`privacy.reasons_in_marks`): it is derived from the profile.
    pub reason: Option<String>,
    /// Written as `data-pz-experiment` and `data-pz-arm`, when the shopper is in one.
    pub experiment: Option<(String, String)>,
}

impl Exposure {
    /// The exposure marks as attribute names and values, in the order they are written.
    pub fn attributes(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let experiment = self.experiment.as_ref();
        [
            Some((SHOWN, self.variant.as_str())),
            self.reason.as_deref().map(|reason| (REASON, reason)),
            experiment.map(|(key, _)| (EXPERIMENT, key.as_str())),
            experiment.map(|(_, arm)| (ARM, arm.as_str())),
        ]
        .into_iter()
        .flatten()
    }
}

/// A slot or a listing that a page carries with exposure marks: what the site's analytics
/// count as seen (a control arm's or the holdout's default included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposed {
    /// A slot (`false`) or a listing (`true`).
    pub listing: bool,
    /// Its name.
    pub name: String,
    /// The marks it carries.
    pub exposure: Exposure,
}

/// One `data-pz-item` element of a listing, read from its attributes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListingItem {
    /// `data-pz-item`: the SKU.
    pub sku: String,
    /// `data-pz-tags`: comma- or space-separated keys.
    pub tags: Vec<String>,
    /// `data-pz-price`, when it parses as a number.
    pub price: Option<f64>,
    /// `data-pz-stock`: false only when it parses as a number ≤ 0.
    pub in_stock: bool,
    /// `data-pz-margin`, when it parses as a number.
    pub margin: Option<f64>,
    /// `data-pz-pin` is present: the item keeps its position.
    pub pinned: bool,
}

impl ListingItem {
    /// Reads an item from its attribute lookup. Unparseable values count as absent.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> ListingItem {
        let number = |name: &str| {
            get(name)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|n| n.is_finite())
        };
        ListingItem {
            sku: get(ITEM).unwrap_or_default(),
            tags: get(TAGS)
                .map(|t| {
                    t.split([',', ' '])
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            price: number(PRICE),
            in_stock: number(STOCK).is_none_or(|n| n > 0.0),
            margin: number(MARGIN),
            pinned: get(PIN).is_some(),
        }
    }
}
