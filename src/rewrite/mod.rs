//! Streaming HTML rewriting: fills slots and reorders listings as the page flows through.
//!
//! The rewriter knows the HTML contract (`data-pz-slot`, `data-pz-variant`,
//! `data-pz-listing`, `data-pz-item` and the item attributes) but not why a variant was
//! chosen: it asks a [`Decisions`] implementation. Only a slot or listing being rewritten
//! is held in memory; everything else is passed on as soon as the parser has seen it.
//! Anything malformed or unknown is left exactly as the origin sent it.

mod capture;
mod rewriter;

pub use crate::contract::{Decisions, Exposure, ListingItem, ListingOrder, NoDecisions, SlotFill};
pub use rewriter::{
    rewrite_to_vec, rewrite_to_vec_with, PageExtras, PageRewriter, RewriteSettings,
};
