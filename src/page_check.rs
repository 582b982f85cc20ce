//! Checking a shop's pages against its config: what would silently do nothing.
//!
//! At the edge every mismatch between markup and config fails open — a slot keeps its
//! default, a listing keeps the origin's order — which is right for shoppers and invisible
//! to the shop. [`scan`] reads what a page carries (slots and their templates, listings and
//! their items, the view marker) with the same parser and the same contract as the rewriter;
//! [`check`] sets that against the config and says, for each mismatch, what will not happen.

use crate::config::Config;
use crate::contract::{ITEM, LISTING, SLOT, TAGS, VARIANT, VIEW};
use crate::errors::RewriteError;
use crate::profile::Slug;
use lol_html::{element, end_tag, HtmlRewriter, Settings};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// At most this many keys of a `data-pz-view` value are read (as the edge does).
const MAX_VIEW_KEYS: usize = 8;

/// What one page carries of the markup contract.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageFacts {
    /// Each `data-pz-slot`, in page order.
    pub slots: Vec<SlotFacts>,
    /// Each `data-pz-listing`, in page order.
    pub listings: Vec<ListingFacts>,
    /// Each `data-pz-view` value.
    pub views: Vec<String>,
}

/// One slot of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlotFacts {
    /// Its name.
    pub name: String,
    /// The `data-pz-variant` of each `<template>` inside it.
    pub variants: Vec<String>,
}

/// One listing of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListingFacts {
    /// Its name.
    pub name: String,
    /// Its `data-pz-item` elements, in page order.
    pub items: Vec<ItemFacts>,
    /// Child elements without `data-pz-item`, by tag name: they are not ranked.
    pub unmarked_children: Vec<String>,
}

/// One listing item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemFacts {
    /// The `data-pz-item` value.
    pub sku: String,
    /// The `data-pz-tags` entries.
    pub tags: Vec<String>,
    /// Its element has an end tag of its own: without one the listing cannot be reordered
    /// byte for byte and keeps the origin's order.
    pub closed: bool,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Personalization the config asks for cannot happen on these pages.
    Error,
    /// Probably unintended, but nothing the config asks for is lost.
    Warning,
}

/// One thing that would silently do nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// The page it is on, when it is on one.
    pub page: Option<String>,
    /// What is wrong and what will not happen because of it.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.page {
            Some(page) => write!(f, "{severity}: {page}: {}", self.message),
            None => write!(f, "{severity}: {}", self.message),
        }
    }
}

#[derive(Default)]
struct Scan {
    facts: PageFacts,
    /// Index in `facts.listings` of each listing element still open, innermost last.
    open_listings: Vec<usize>,
    /// The item element open now, as (listing index, item index).
    open_item: Option<(usize, usize)>,
    /// Items another item started inside: they relied on an implicit end tag.
    interrupted: BTreeSet<(usize, usize)>,
}

/// Reads the markup contract out of a page, with the rewriter's parser and settings.
pub fn scan(html: &[u8]) -> Result<PageFacts, RewriteError> {
    let state = Rc::new(RefCell::new(Scan::default()));
    let (slots, templates, listings, children, items, views) = (
        state.clone(),
        state.clone(),
        state.clone(),
        state.clone(),
        state.clone(),
        state.clone(),
    );
    let slot_selector = format!("[{SLOT}]");
    let template_selector = format!("[{SLOT}] template[{VARIANT}]");
    let listing_selector = format!("[{LISTING}]");
    let child_selector = format!("[{LISTING}] > *");
    let item_selector = format!("[{LISTING}] [{ITEM}]");
    let view_selector = format!("[{VIEW}]");
    let handlers = vec![
        element!(slot_selector, move |el| {
            let name = el.get_attribute(SLOT).unwrap_or_default();
            slots.borrow_mut().facts.slots.push(SlotFacts {
                name,
                variants: Vec::new(),
            });
            Ok(())
        }),
        element!(template_selector, move |el| {
            if let (Some(variant), Some(slot)) = (
                el.get_attribute(VARIANT),
                templates.borrow_mut().facts.slots.last_mut(),
            ) {
                slot.variants.push(variant);
            }
            Ok(())
        }),
        element!(listing_selector, move |el| {
            let name = el.get_attribute(LISTING).unwrap_or_default();
            let mut scan = listings.borrow_mut();
            let index = scan.facts.listings.len();
            scan.facts.listings.push(ListingFacts {
                name,
                ..ListingFacts::default()
            });
            scan.open_listings.push(index);
            scan.open_item = None;
            drop(scan);
            if el.can_have_content() {
                let state = listings.clone();
                el.on_end_tag(end_tag!(move |_end| {
                    let mut scan = state.borrow_mut();
                    scan.open_listings.pop();
                    scan.open_item = None;
                    Ok(())
                }))?;
            } else {
                listings.borrow_mut().open_listings.pop();
            }
            Ok(())
        }),
        element!(child_selector, move |el| {
            if el.get_attribute(ITEM).is_none() && el.get_attribute(LISTING).is_none() {
                let mut scan = children.borrow_mut();
                if let Some(&index) = scan.open_listings.last() {
                    scan.facts.listings[index]
                        .unmarked_children
                        .push(el.tag_name());
                }
            }
            Ok(())
        }),
        element!(item_selector, move |el| {
            let mut scan = items.borrow_mut();
            let Some(&index) = scan.open_listings.last() else {
                return Ok(());
            };
            // An item that starts while another is open: the other had no end tag.
            if let Some(open) = scan.open_item {
                scan.interrupted.insert(open);
            }
            let tags = el
                .get_attribute(TAGS)
                .map(|tags| {
                    tags.split([',', ' '])
                        .filter(|tag| !tag.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let position = (index, scan.facts.listings[index].items.len());
            scan.facts.listings[index].items.push(ItemFacts {
                sku: el.get_attribute(ITEM).unwrap_or_default(),
                tags,
                closed: false,
            });
            scan.open_item = el.can_have_content().then_some(position);
            drop(scan);
            if el.can_have_content() {
                let state = items.clone();
                let tag_name = el.tag_name();
                el.on_end_tag(end_tag!(move |end| {
                    let mut scan = state.borrow_mut();
                    let own = end.name().eq_ignore_ascii_case(&tag_name)
                        && !scan.interrupted.contains(&position);
                    let (listing, item) = position;
                    scan.facts.listings[listing].items[item].closed = own;
                    if scan.open_item == Some(position) {
                        scan.open_item = None;
                    }
                    Ok(())
                }))?;
            }
            Ok(())
        }),
        element!(view_selector, move |el| {
            if let Some(value) = el.get_attribute(VIEW) {
                views.borrow_mut().facts.views.push(value);
            }
            Ok(())
        }),
    ];
    let mut settings = Settings::new().with_strict(false);
    for handler in handlers {
        settings = settings.append_element_content_handler(handler);
    }
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter
        .write(html)
        .and_then(|()| rewriter.end())
        .map_err(|error| RewriteError::Parser(std::sync::Arc::new(error)))?;
    let facts = std::mem::take(&mut state.borrow_mut().facts);
    Ok(facts)
}

/// Sets the pages' facts against the config. `pages` are (name, facts) in the order they
/// were given; findings come page by page, then those about the config as a whole.
pub fn check(config: &Config, pages: &[(String, PageFacts)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut say = |severity, page: Option<&str>, message: String| {
        findings.push(Finding {
            severity,
            page: page.map(str::to_owned),
            message,
        })
    };
    let named_tags = tags_the_config_names(config, pages);
    // Slot name → the variants the pages carry for it.
    let mut slots_in_pages: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (page, facts) in pages {
        let page = Some(page.as_str());
        for slot in &facts.slots {
            slots_in_pages
                .entry(slot.name.as_str())
                .or_default()
                .extend(slot.variants.iter().map(String::as_str));
            if !config.slots.contains_key(&slot.name) {
                say(
                    Severity::Warning,
                    page,
                    format!(
                        "slot `{}` has no rules under `slots`: its default content always shows",
                        slot.name
                    ),
                );
            }
        }
        for listing in &facts.listings {
            check_listing(config, listing, &named_tags, page, &mut say);
        }
        for view in &facts.views {
            let tokens: Vec<&str> = view.split([',', ' ']).filter(|t| !t.is_empty()).collect();
            let bad: Vec<&str> = tokens
                .iter()
                .copied()
                .filter(|token| Slug::new(token).is_none())
                .collect();
            if !bad.is_empty() {
                say(
                    Severity::Error,
                    page,
                    format!(
                        "`data-pz-view=\"{view}\"`: {} not a key (1-24 of a-z, 0-9 and -) and \
                         never recorded",
                        quoted_list(&bad, "is", "are")
                    ),
                );
            } else if tokens.len() > MAX_VIEW_KEYS {
                say(
                    Severity::Error,
                    page,
                    format!(
                        "`data-pz-view=\"{view}\"` names {} keys: only the first {MAX_VIEW_KEYS} \
                         are recorded",
                        tokens.len()
                    ),
                );
            } else if tokens.is_empty() {
                say(
                    Severity::Warning,
                    page,
                    "`data-pz-view` is empty: the view records nothing".to_owned(),
                );
            }
        }
    }

    for (slot, rules) in &config.slots {
        let Some(variants_in_pages) = slots_in_pages.get(slot.as_str()) else {
            say(
                Severity::Warning,
                None,
                format!(
                    "slot `{slot}` is in the config but on none of the {} page(s) checked",
                    pages.len()
                ),
            );
            continue;
        };
        let mut reported = BTreeSet::new();
        for rule in rules {
            let variant = rule.variant.as_str();
            if rule.shelf.is_some() {
                // A template in the page would be shown instead of the shelf.
                if variants_in_pages.contains(variant) && reported.insert(variant) {
                    say(
                        Severity::Error,
                        None,
                        format!(
                            "slot `{slot}`: shelf variant `{variant}` also has a \
                             `<template data-pz-variant=\"{variant}\">` in the page, which \
                             is shown instead of the shelf: give the rule another variant name"
                        ),
                    );
                }
                continue;
            }
            if !variants_in_pages.contains(variant)
                && !config.content.contains_key(variant)
                && reported.insert(variant)
            {
                say(
                    Severity::Error,
                    None,
                    format!(
                        "slot `{slot}`: variant `{variant}` is neither a \
                         `<template data-pz-variant=\"{variant}\">` in the slot on any page \
                         checked nor in `content`: shoppers it is chosen for see the default"
                    ),
                );
            }
        }
    }
    findings
}

fn check_listing(
    config: &Config,
    listing: &ListingFacts,
    named_tags: &BTreeSet<String>,
    page: Option<&str>,
    say: &mut impl FnMut(Severity, Option<&str>, String),
) {
    let name = &listing.name;
    if !config.listings.contains_key(name) {
        say(
            Severity::Error,
            page,
            format!("listing `{name}` has no policy under `listings`: it keeps the origin's order"),
        );
    }
    if let Some(item) = listing.items.iter().find(|item| !item.closed) {
        say(
            Severity::Error,
            page,
            format!(
                "listing `{name}`: item `{}` has no end tag of its own (closed implicitly), so \
                 the listing cannot be reordered byte for byte and keeps the origin's order",
                item.sku
            ),
        );
    }
    let empty = listing
        .items
        .iter()
        .filter(|item| item.sku.trim().is_empty())
        .count();
    if empty > 0 {
        say(
            Severity::Error,
            page,
            format!("listing `{name}`: {empty} item(s) with an empty `data-pz-item`"),
        );
    }
    let mut seen = BTreeSet::new();
    let duplicates: BTreeSet<&str> = listing
        .items
        .iter()
        .map(|item| item.sku.as_str())
        .filter(|sku| !sku.is_empty() && !seen.insert(*sku))
        .collect();
    if !duplicates.is_empty() {
        let duplicates: Vec<&str> = duplicates.into_iter().collect();
        say(
            Severity::Error,
            page,
            format!(
                "listing `{name}`: item id(s) {} appear more than once",
                quoted_list(&duplicates, "", "")
            ),
        );
    }
    if !listing.unmarked_children.is_empty() {
        say(
            Severity::Warning,
            page,
            format!(
                "listing `{name}`: {} child element(s) without `data-pz-item` (`<{}>`…) are not \
                 ranked",
                listing.unmarked_children.len(),
                listing.unmarked_children[0]
            ),
        );
    }
    if listing.items.is_empty() {
        say(
            Severity::Warning,
            page,
            format!("listing `{name}` has no `data-pz-item` elements: there is nothing to rank"),
        );
    }
    let mut not_keys = BTreeSet::new();
    let mut unnamed = BTreeSet::new();
    for tag in listing.items.iter().flat_map(|item| &item.tags) {
        if Slug::new(tag).is_none() {
            not_keys.insert(tag.as_str());
        } else if !named_tags.contains(tag) {
            unnamed.insert(tag.as_str());
        }
    }
    if !not_keys.is_empty() {
        let not_keys: Vec<&str> = not_keys.into_iter().collect();
        say(
            Severity::Warning,
            page,
            format!(
                "listing `{name}`: tag(s) {} are not keys (1-24 of a-z, 0-9 and -) and never \
                 match anything",
                quoted_list(&not_keys, "", "")
            ),
        );
    }
    if !unnamed.is_empty() {
        let unnamed: Vec<&str> = unnamed.into_iter().collect();
        say(
            Severity::Warning,
            page,
            format!(
                "listing `{name}`: tag(s) {} are named by no question, `loves` condition, \
                 episode or `data-pz-view` on the pages checked: they never change the order",
                quoted_list(&unnamed, "", "")
            ),
        );
    }
}

/// Every tag something can match: the interests a shopper may name, `loves` conditions,
/// episodes' boosted tags, and keys a page view records (inferred interests).
fn tags_the_config_names(config: &Config, pages: &[(String, PageFacts)]) -> BTreeSet<String> {
    let mut tags: BTreeSet<String> = config
        .questions
        .interest_choices()
        .map(str::to_owned)
        .collect();
    let conditions = config
        .segments
        .values()
        .map(|segment| &segment.when)
        .chain(config.slots.values().flatten().map(|rule| &rule.when));
    tags.extend(conditions.filter_map(|when| when.loves.clone()));
    tags.extend(
        config
            .episodes
            .values()
            .flat_map(|episode| episode.boost_tags.iter().cloned()),
    );
    tags.extend(
        pages
            .iter()
            .flat_map(|(_, facts)| &facts.views)
            .flat_map(|view| view.split([',', ' ']))
            .filter(|key| !key.is_empty())
            .map(str::to_owned),
    );
    tags
}

fn quoted_list(values: &[&str], one: &str, many: &str) -> String {
    let list = values
        .iter()
        .map(|value| format!("`{value}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let verb = if values.len() == 1 { one } else { many };
    if verb.is_empty() {
        list
    } else {
        format!("{list} {verb}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::from_json(
            "test.json",
            r#"{
                "questions": { "crafts": ["ceramics", "glass"] },
                "episodes": { "winter": { "from": "12-01", "until": "12-24", "boost_tags": ["gift"] } },
                "content": { "from-library": "<p>Library</p>" },
                "slots": {
                    "hero": [
                        { "variant": "in-page", "when": { "shopping_for": ["gift"] } },
                        { "variant": "from-library", "when": { "shopping_for": ["self"] } },
                        { "variant": "nowhere", "when": { "loves": "woodwork" } }
                    ],
                    "unused": [ { "variant": "in-page", "when": { "shopping_for": ["gift"] } } ]
                },
                "listings": { "category": {} }
            }"#,
        )
        .expect("config")
    }

    fn findings(pages: &[(&str, &str)]) -> Vec<Finding> {
        let pages: Vec<(String, PageFacts)> = pages
            .iter()
            .map(|(name, html)| ((*name).to_owned(), scan(html.as_bytes()).expect("scan")))
            .collect();
        check(&config(), &pages)
    }

    fn has(findings: &[Finding], severity: Severity, words: &str) -> bool {
        findings
            .iter()
            .any(|finding| finding.severity == severity && finding.message.contains(words))
    }

    const GOOD: &str = r#"<body data-pz-view="ceramics">
        <section data-pz-slot="hero"><p>Hi</p><template data-pz-variant="in-page"><p>Gift</p></template></section>
        <ul data-pz-listing="category">
          <li data-pz-item="a" data-pz-tags="ceramics, gift">A</li>
          <li data-pz-item="b" data-pz-tags="glass">B</li>
        </ul></body>"#;

    #[test]
    fn a_page_that_meets_the_config_has_only_the_findings_it_earns() {
        let found = findings(&[("home.html", GOOD)]);
        assert!(
            has(&found, Severity::Error, "variant `nowhere`"),
            "{found:#?}"
        );
        assert!(has(
            &found,
            Severity::Warning,
            "slot `unused` is in the config but on none"
        ));
        assert!(
            !has(&found, Severity::Error, "`in-page`"),
            "a template in the page counts"
        );
        assert!(
            !has(&found, Severity::Error, "`from-library`"),
            "the content library counts"
        );
        assert_eq!(found.len(), 2, "{found:#?}");
    }

    #[test]
    fn listings_that_would_keep_the_origins_order_are_errors() {
        let found = findings(&[(
            "list.html",
            r#"<ul data-pz-listing="category">
                 <li data-pz-item="a">A
                 <li data-pz-item="b">B</li>
                 <li data-pz-item="b">B again</li>
               </ul>
               <ol data-pz-listing="deals"><li data-pz-item="x">X</li></ol>"#,
        )]);
        assert!(
            has(&found, Severity::Error, "item `a` has no end tag"),
            "{found:#?}"
        );
        assert!(
            has(&found, Severity::Error, "`b` appear more than once"),
            "{found:#?}"
        );
        assert!(
            has(&found, Severity::Error, "listing `deals` has no policy"),
            "{found:#?}"
        );
        assert!(found
            .iter()
            .all(|f| f.page.is_some() || f.message.contains("slot")));
    }

    #[test]
    fn tags_and_view_markers_that_can_never_match_are_named() {
        let found = findings(&[(
            "p.html",
            r#"<body data-pz-view="Ceramics">
               <ul data-pz-listing="category">
                 <li data-pz-item="a" data-pz-tags="Glass_Art, linen">A</li>
                 <li>not an item</li>
               </ul></body>"#,
        )]);
        assert!(
            has(&found, Severity::Error, "`Ceramics` is not a key"),
            "{found:#?}"
        );
        assert!(
            has(&found, Severity::Warning, "`Glass_Art` are not keys"),
            "{found:#?}"
        );
        assert!(
            has(
                &found,
                Severity::Warning,
                "`linen` are named by no question"
            ),
            "{found:#?}"
        );
        assert!(
            has(&found, Severity::Warning, "without `data-pz-item`"),
            "{found:#?}"
        );
    }

    #[test]
    fn scanning_reads_slots_templates_items_and_views() {
        let facts = scan(GOOD.as_bytes()).expect("scan");
        assert_eq!(facts.views, vec!["ceramics".to_owned()]);
        assert_eq!(facts.slots.len(), 1);
        assert_eq!(facts.slots[0].variants, vec!["in-page".to_owned()]);
        let items = &facts.listings[0].items;
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|item| item.closed));
        assert_eq!(
            items[0].tags,
            vec!["ceramics".to_owned(), "gift".to_owned()]
        );
    }
}
