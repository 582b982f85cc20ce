//! Streaming HTML rewriting: fills slots and reorders listings as the page flows through.
//!
//! The rewriter knows the HTML contract (`data-pz-slot`, `data-pz-variant`,
//! `data-pz-listing`, `data-pz-item` and the item attributes) but not why a variant was
//! chosen: it asks a [`Decisions`] implementation. Only a slot or listing being rewritten
//! is held in memory; everything else is passed on as soon as the parser has seen it.
//! Anything malformed or unknown is left exactly as the origin sent it.

mod capture;
mod item;
mod rewriter;

pub use item::ListingItem;
pub use rewriter::{
    rewrite_to_vec, rewrite_to_vec_with, PageExtras, PageRewriter, RewriteSettings,
};

/// What the rewriter asks while streaming a page.
pub trait Decisions {
    /// The variant that replaces `slot`'s default content, if any.
    fn slot(&self, slot: &str) -> Option<SlotFill>;
    /// True when `listing` may be reordered, so its items are worth collecting.
    fn wants_listing(&self, listing: &str) -> bool;
    /// The new order of a listing's items, or `None` to keep the origin's order.
    fn order(&self, listing: &str, items: &[ListingItem]) -> Option<ListingOrder>;
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
    /// `order[i]` is the index (in origin order) of the item shown at position `i`.
    pub order: Vec<usize>,
    /// Marks written onto the listing element.
    pub exposure: Exposure,
}

/// The measurement marks on a personalized element, so the site's own analytics can count
/// exposures. Values come from the config, never from the cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// Written as `data-pz-shown`.
    pub variant: String,
    /// Written as `data-pz-reason`.
    pub reason: String,
    /// Written as `data-pz-experiment` and `data-pz-arm`, when the shopper is in one.
    pub experiment: Option<(String, String)>,
}
