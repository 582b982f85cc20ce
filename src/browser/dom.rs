//! Applying decisions to the live DOM (web-sys), following the markup contract exactly as
//! the streaming rewriter does at the edge: `data-pz-slot` elements with
//! `<template data-pz-variant>` children, `data-pz-listing` elements with `data-pz-item`
//! children, and a `data-pz-view` marker. Anything unusual (a slot inside a slot, a listing
//! inside a listing, a missing template, content already personalized) is left exactly as
//! the page has it. Values from the decisions are set as attributes or text; the only
//! markup ever parsed is the site's own: its templates, or a content-library entry from the
//! site config. A DOM call that fails skips that element: the page is never broken.

use crate::contract::{
    Decisions, Exposed, Exposure, ListingItem, BADGE, ITEM, ITEM_FIELDS, LISTING, OFFER, SHOWN,
    SLOT, VARIANT, VIEW, WHY,
};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, Element, HtmlTemplateElement, Node};

// Reading a listing takes hundreds of attribute lookups; one call that hands them all over
// as one string costs far less than one call (and one string copy) per attribute. The
// helper knows nothing of the contract: the attribute names come from `contract`.
#[wasm_bindgen(inline_js = "
export function listing_items(listing, item) {
  return Array.prototype.filter.call(listing.children, (child) => child.hasAttribute(item));
}
export function read_attributes(elements, names, separator, absent) {
  const values = [];
  for (const element of elements) for (const name of names) values.push(element.getAttribute(name) ?? absent);
  return values.join(separator);
}
")]
extern "C" {
    /// The children of `listing` that carry the `item` attribute.
    fn listing_items(listing: &Element, item: &str) -> js_sys::Array;
    /// The values of `names` on each of `elements`, all joined by `separator`, with
    /// `absent` for an attribute an element does not carry.
    fn read_attributes(
        elements: &js_sys::Array,
        names: &js_sys::Array,
        separator: &str,
        absent: &str,
    ) -> String;
}

/// Separates the values [`read_attributes`] hands over (U+001F, the unit separator, which
/// has no business in an attribute value).
pub const FIELD_SEPARATOR: char = '\u{1f}';
/// Stands for an absent attribute (U+001E): an empty value is a present attribute.
pub const ABSENT: &str = "\u{1e}";

/// The listing items of `items`, read from their attributes in one call.
fn read_items(items: &js_sys::Array) -> Vec<ListingItem> {
    let names: js_sys::Array = ITEM_FIELDS
        .iter()
        .map(|name| wasm_bindgen::JsValue::from_str(name))
        .collect();
    let text = read_attributes(items, &names, &FIELD_SEPARATOR.to_string(), ABSENT);
    parse_items(&text).unwrap_or_default()
}

/// Listing items from the values of their [`ITEM_FIELDS`], all separated by
/// [`FIELD_SEPARATOR`], [`ABSENT`] for an attribute an item does not carry. `None` when the
/// text does not split into whole items.
pub fn parse_items(text: &str) -> Option<Vec<ListingItem>> {
    let values: Vec<&str> = text.split(FIELD_SEPARATOR).collect();
    if !values.len().is_multiple_of(ITEM_FIELDS.len()) {
        return None;
    }
    let items = values
        .chunks(ITEM_FIELDS.len())
        .map(|values| {
            ListingItem::from_attributes(|name| {
                let at = ITEM_FIELDS.iter().position(|field| *field == name)?;
                let value = *values.get(at)?;
                (value != ABSENT).then(|| value.to_owned())
            })
        })
        .collect();
    Some(items)
}

/// What one application changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// The slots that now show a variant.
    pub slots: Vec<String>,
    /// The listings now in a decided order.
    pub listings: Vec<String>,
    /// Every slot and listing now carrying exposure marks (control arms included).
    pub exposed: Vec<Exposed>,
}

/// Fills the slots and reorders the listings inside `root` (a document or an element).
pub fn apply(decisions: &dyn Decisions, root: &Node) -> Applied {
    let mut exposed = Vec::new();
    // Badges first: as at the edge, items that slots bring in are not badged.
    write_badges(decisions, root);
    let slots = fill_slots(decisions, root, &mut exposed);
    let listings = order_listings(decisions, root, &mut exposed);
    Applied {
        slots,
        listings,
        exposed,
    }
}

/// The view's `data-pz-view` marker: on `root` itself, inside it, or else on the page's
/// `<body>` (where the markup contract puts it).
pub fn view_marker(root: &Node) -> Option<String> {
    if let Some(own) = root
        .dyn_ref::<Element>()
        .and_then(|e| e.get_attribute(VIEW))
    {
        return Some(own);
    }
    let selector = format!("[{VIEW}]");
    if let Some(inside) = select(root, &selector).first() {
        return inside.get_attribute(VIEW);
    }
    document_of(root)?.body()?.get_attribute(VIEW)
}

fn document_of(root: &Node) -> Option<Document> {
    root.owner_document()
        .or_else(|| root.dyn_ref::<Document>().cloned())
}

/// The elements under `root` matching `selector`, in document order.
fn select(root: &Node, selector: &str) -> Vec<Element> {
    let list = if let Some(element) = root.dyn_ref::<Element>() {
        element.query_selector_all(selector)
    } else if let Some(document) = root.dyn_ref::<Document>() {
        document.query_selector_all(selector)
    } else if let Some(fragment) = root.dyn_ref::<DocumentFragment>() {
        fragment.query_selector_all(selector)
    } else {
        return Vec::new();
    };
    let Ok(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// True when `element` sits inside another element matching `[attribute]` or holds one:
/// the nesting the edge leaves alone.
fn nested(element: &Element, attribute: &str) -> bool {
    let selector = format!("[{attribute}]");
    let inside = element
        .parent_element()
        .and_then(|parent| parent.closest(&selector).ok().flatten())
        .is_some();
    inside || element.query_selector(&selector).ok().flatten().is_some()
}

/// The elements under `root` carrying `attribute`, with its value, that are neither nested
/// in another such element nor hold one (the nesting the edge leaves alone), and not already
/// personalized (a second call on the same content leaves them as they are).
fn candidates(root: &Node, attribute: &'static str) -> impl Iterator<Item = (Element, String)> {
    select(root, &format!("[{attribute}]"))
        .into_iter()
        .filter(move |element| !nested(element, attribute) && !element.has_attribute(SHOWN))
        .filter_map(move |element| {
            let name = element.get_attribute(attribute)?;
            Some((element, name))
        })
}

fn set_marks(element: &Element, exposure: &Exposure) {
    for (name, value) in exposure.attributes() {
        let _ = element.set_attribute(name, value);
    }
}

fn fill_slots(decisions: &dyn Decisions, root: &Node, exposed: &mut Vec<Exposed>) -> Vec<String> {
    let mut filled = Vec::new();
    for (slot, name) in candidates(root, SLOT) {
        let Some(fill) = decisions.slot(&name) else {
            continue;
        };
        let Some(variant) = fill.variant.as_deref() else {
            // A control arm: the default stays, marked so the exposure can be counted.
            set_marks(&slot, &fill.exposure);
            exposed.push(Exposed {
                listing: false,
                name,
                exposure: fill.exposure,
            });
            continue;
        };
        let Some(content) = variant_content(&slot, variant, fill.library_html.as_deref()) else {
            continue;
        };
        slot.replace_children_with_node_1(&content);
        set_marks(&slot, &fill.exposure);
        if let Some(why) = &fill.why {
            append_why(&slot, why);
        }
        exposed.push(Exposed {
            listing: false,
            name: name.clone(),
            exposure: fill.exposure,
        });
        filled.push(name);
    }
    filled
}

/// The chosen template's content (a copy), or else the content library's markup.
fn variant_content(slot: &Element, variant: &str, library: Option<&str>) -> Option<Node> {
    let children = slot.children();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        if child.local_name() == "template"
            && child.get_attribute(VARIANT).as_deref() == Some(variant)
        {
            let template = child.dyn_into::<HtmlTemplateElement>().ok()?;
            return template.content().clone_node_with_deep(true).ok();
        }
    }
    let html = library?;
    let template = slot
        .owner_document()?
        .create_element("template")
        .ok()?
        .dyn_into::<HtmlTemplateElement>()
        .ok()?;
    template.set_inner_html(html);
    Some(template.content().into())
}

/// The "why this?" line after the variant, as text.
fn append_why(slot: &Element, why: &str) {
    let Some(small) = slot
        .owner_document()
        .and_then(|document| document.create_element("small").ok())
    else {
        return;
    };
    small.set_class_name("pz-why");
    let _ = small.set_attribute(WHY, "");
    small.set_text_content(Some(why));
    let _ = slot.append_child(&small);
}

/// Elements that cannot hold content: the edge leaves a badge on one of them as it is.
const VOID_ELEMENTS: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Writes offers' badges into the `data-pz-badge` elements of listing items, as the edge
/// does; a badge already written is left as it is.
fn write_badges(decisions: &dyn Decisions, root: &Node) {
    if !decisions.has_badges() {
        return;
    }
    let item_selector = format!("[{ITEM}]");
    for badge in select(root, &format!("[{ITEM}] [{BADGE}]")) {
        if badge.has_attribute(OFFER) || VOID_ELEMENTS.contains(&badge.local_name().as_str()) {
            continue;
        }
        let Some(item) = badge.closest(&item_selector).ok().flatten() else {
            continue;
        };
        let item = ListingItem::from_attributes(|name| item.get_attribute(name));
        if let Some(decided) = decisions.badge(&item) {
            badge.set_inner_html(&decided.html);
            let _ = badge.set_attribute(OFFER, &decided.offer);
        }
    }
}

fn order_listings(
    decisions: &dyn Decisions,
    root: &Node,
    exposed: &mut Vec<Exposed>,
) -> Vec<String> {
    let mut reordered = Vec::new();
    for (listing, name) in candidates(root, LISTING) {
        if !decisions.wants_listing(&name) {
            continue;
        }
        let items = listing_items(&listing, ITEM);
        if items.length() < 2 {
            continue;
        }
        let read = read_items(&items);
        if read.len() != items.length() as usize {
            continue;
        }
        let Some(decided) = decisions.order(&name, &read) else {
            continue;
        };
        if !decided.fits(read.len()) {
            continue;
        }
        // Each item takes the place of the one it replaces; text and comments between items
        // stay where they were. The child nodes are copied into one array (one call), each
        // item's place in it found there, and the listing rebuilt with one replaceChildren
        // call: a single DOM mutation, however long the listing.
        let arranged = js_sys::Array::from(&listing.child_nodes());
        let places: Vec<i32> = items
            .iter()
            .map(|item| arranged.index_of(&item, 0))
            .collect();
        if places.iter().any(|&place| place < 0) {
            continue;
        }
        // Items past the decided ones (a listing cut to its first items) leave the page,
        // with the text between them; what followed the last item stays.
        let kept = decided.order.len();
        for (position, &place) in places.iter().enumerate().take(kept) {
            arranged.set(place as u32, items.get(decided.order[position] as u32));
        }
        let arranged = match (places.get(kept.wrapping_sub(1)), places.last()) {
            (Some(&last_kept), Some(&last)) if kept < places.len() => arranged
                .slice(0, (last_kept + 1) as u32)
                .concat(&arranged.slice((last + 1) as u32, arranged.length())),
            _ => arranged,
        };
        listing.replace_children_with_node(&arranged);
        set_marks(&listing, &decided.exposure);
        exposed.push(Exposed {
            listing: true,
            name: name.clone(),
            exposure: decided.exposure,
        });
        reordered.push(name);
    }
    reordered
}
