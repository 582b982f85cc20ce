//! Shelfwise: privacy-first personalization of shop pages at the edge.
//!
//! A compact preference cookie that stays on the shopper's device is decoded into a
//! [`Profile`]; a validated site [`Config`] turns it into a [`PagePlan`] of decisions; a
//! [`PageRewriter`] streams the origin's HTML and fills slots and reorders listings as it
//! passes. The core is pure Rust and target-independent; the Cloudflare Worker adapter
//! (`edge`, wasm32 only), the browser package (`browser`, wasm32 only) and the `shelfwise`
//! CLI are thin doors into it.
//!
//! ```
//! use shelfwise::profile::{Answer, Slug};
//! use shelfwise::{Config, Day, PagePlan, Profile, rewrite_to_vec, RewriteSettings};
//! use std::rc::Rc;
//!
//! let config = Config::from_json("shop.json", r#"{
//!     "questions": [ { "key": "for", "choices": [ { "key": "me" }, { "key": "gift" } ] } ],
//!     "slots": { "hero": [ { "variant": "gifts", "when": { "answered": { "for": ["gift"] } } } ] }
//! }"#).unwrap();
//! let gift = Answer {
//!     question: Slug::new("for").unwrap(),
//!     choices: vec![Slug::new("gift").unwrap()],
//!     interests: false,
//! };
//! let profile = Profile { answers: vec![gift], ..Profile::default() };
//! let plan = PagePlan::new(Rc::new(config), &profile, Day(2000));
//! let page = br#"<section data-pz-slot="hero">Welcome<template data-pz-variant="gifts">Gift ideas</template></section>"#;
//! let (html, _) = rewrite_to_vec(page, Rc::new(plan), RewriteSettings::default(), 8192);
//! assert_eq!(
//!     String::from_utf8(html).unwrap(),
//!     r#"<section data-pz-slot="hero" data-pz-shown="gifts">Gift ideas</section>"#
//! );
//! ```

#![deny(missing_docs)]

pub mod analytics;
pub mod caching;
pub mod config;
pub mod consent;
pub mod context;
pub mod contract;
pub mod cookie_header;
pub mod day;
pub mod decide;
pub mod errors;
pub mod escape;
pub mod local_only;
pub mod messages;
pub mod page_check;
pub mod page_log;
pub mod preview;
pub mod privacy_kit;
pub mod profile;
pub mod readout;
pub mod request;
#[cfg(feature = "cli")]
pub mod sample_size;

#[cfg(all(target_arch = "wasm32", feature = "browser"))]
pub mod browser;
#[cfg(all(target_arch = "wasm32", feature = "edge"))]
mod edge;
pub mod rewrite;
pub mod session;
pub mod settings;
pub mod signing;

pub use config::Config;
pub use day::Day;
pub use decide::PagePlan;
pub use errors::{ConfigError, CookieError, RequestError, RewriteError};
pub use profile::Profile;
pub use rewrite::{rewrite_to_vec, PageExtras, PageRewriter, RewriteSettings};
