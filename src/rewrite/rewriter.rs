//! The streaming rewriter: lol_html handlers wired to the capture state.

use super::capture::{CaptureKind, CapturedItem, ListingCapture, SlotCapture, State};
use super::{Decisions, ListingItem};
use crate::errors::RewriteError;
use lol_html::html_content::{Element, EndTag};
use lol_html::{bail_out, element, end_tag, HtmlRewriter, MemorySettings, OutputSink, Settings};
use std::cell::RefCell;
use std::rc::Rc;

/// Budgets of one rewriter. Exceeding one never fails the page: the affected element, or the
/// rest of the page, passes through unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RewriteSettings {
    /// Largest slot or listing (in bytes) held in memory to be rearranged.
    pub max_capture_bytes: usize,
    /// Memory the HTML parser may use for its own buffers.
    pub max_parser_memory: usize,
}

impl Default for RewriteSettings {
    /// 1 MiB per captured element, 4 MiB for the parser.
    fn default() -> Self {
        RewriteSettings {
            max_capture_bytes: 1024 * 1024,
            max_parser_memory: 4 * 1024 * 1024,
        }
    }
}

struct Sink(Rc<RefCell<State>>);

impl OutputSink for Sink {
    fn handle_chunk(&mut self, chunk: &[u8]) {
        self.0.borrow_mut().emit(chunk);
    }
}

/// Rewrites one HTML page chunk by chunk. Feed it with [`write`](Self::write), finish with
/// [`end`](Self::end); each call appends the bytes that are ready to `out`.
pub struct PageRewriter {
    html: Option<HtmlRewriter<'static, Sink>>,
    state: Rc<RefCell<State>>,
    failure: Option<RewriteError>,
}

impl PageRewriter {
    /// Creates a rewriter that asks `decisions` what to do with each slot and listing.
    pub fn new(decisions: Rc<dyn Decisions>, settings: RewriteSettings) -> PageRewriter {
        PageRewriter::build(decisions, settings, None)
    }

    /// Like [`new`](Self::new), and also appends `head_html` (trusted markup, the same for
    /// every shopper) to the end of the page's `<head>`.
    pub fn with_head_content(
        decisions: Rc<dyn Decisions>,
        settings: RewriteSettings,
        head_html: String,
    ) -> PageRewriter {
        PageRewriter::build(decisions, settings, Some(head_html))
    }

    fn build(
        decisions: Rc<dyn Decisions>,
        settings: RewriteSettings,
        head_html: Option<String>,
    ) -> PageRewriter {
        let state = Rc::new(RefCell::new(State::new(settings.max_capture_bytes)));
        let lol_settings = Settings::new()
            .with_memory_settings(
                MemorySettings::new()
                    .with_max_allowed_memory_usage(settings.max_parser_memory)
                    .with_graceful_bail_out_on_memory_limit_exceeded(true),
            )
            .with_graceful_bail_out_on_content_handler_error(true)
            .append_bail_out_handler({
                let state = state.clone();
                bail_out!(move |_error, _bail_out| state.borrow_mut().abandon())
            })
            .append_element_content_handler(element!("[data-pz-view]", {
                let state = state.clone();
                move |el| {
                    let mut s = state.borrow_mut();
                    if s.view.is_none() {
                        s.view = el.get_attribute("data-pz-view");
                    }
                    Ok(())
                }
            }))
            .append_element_content_handler(element!("head", {
                let mut head_html = head_html;
                move |el| {
                    // Only the first <head> gets it.
                    if let Some(html) = head_html.take() {
                        el.append(&html, lol_html::html_content::ContentType::Html);
                    }
                    Ok(())
                }
            }))
            .append_element_content_handler(element!("body", {
                let state = state.clone();
                move |_el| {
                    state.borrow_mut().body_started = true;
                    Ok(())
                }
            }))
            .append_element_content_handler(element!("[data-pz-slot]", {
                let (state, decisions) = (state.clone(), decisions.clone());
                move |el| {
                    on_slot_start(&state, decisions.as_ref(), el);
                    Ok(())
                }
            }))
            .append_element_content_handler(element!(
                "[data-pz-slot] > template[data-pz-variant]",
                {
                    let state = state.clone();
                    move |el| {
                        on_template_start(&state, el);
                        Ok(())
                    }
                }
            ))
            .append_element_content_handler(element!("[data-pz-listing]", {
                let (state, decisions) = (state.clone(), decisions.clone());
                move |el| {
                    on_listing_start(&state, &decisions, el);
                    Ok(())
                }
            }))
            .append_element_content_handler(element!("[data-pz-listing] > [data-pz-item]", {
                let state = state.clone();
                move |el| {
                    on_item_start(&state, el);
                    Ok(())
                }
            }));
        let html = HtmlRewriter::new(lol_settings, Sink(state.clone()));
        PageRewriter {
            html: Some(html),
            state,
            failure: None,
        }
    }

    /// Feeds the next chunk of the origin's body.
    pub fn write(&mut self, chunk: &[u8], out: &mut Vec<u8>) {
        match &mut self.html {
            Some(html) => {
                if let Err(error) = html.write(chunk) {
                    self.fail(error);
                }
            }
            // After a failure the rest of the page passes through untouched.
            None => self.state.borrow_mut().out.extend_from_slice(chunk),
        }
        self.drain(out);
    }

    /// The page's `data-pz-view` value, once the parser has seen it.
    pub fn view(&self) -> Option<String> {
        self.state.borrow().view.clone()
    }

    /// True once the `<body>` start tag has been parsed: a `data-pz-view` marker placed on
    /// `<body>` or before it has been seen by now.
    pub fn body_started(&self) -> bool {
        self.state.borrow().body_started
    }

    /// Bytes held back right now (a slot or listing being rearranged). Bounded by
    /// [`RewriteSettings::max_capture_bytes`] plus one input chunk.
    pub fn buffered_bytes(&self) -> usize {
        let state = self.state.borrow();
        state.capture.as_ref().map_or(0, |c| c.bytes.len()) + state.out.len()
    }

    /// True once the start tag of `slot` has been reached with a variant to fill in.
    pub fn has_filled_slot(&self, slot: &str) -> bool {
        self.state.borrow().filled_slots.iter().any(|s| s == slot)
    }

    /// How many slots were filled and listings reordered so far (for the counts-only log).
    pub fn counts(&self) -> (usize, usize) {
        let state = self.state.borrow();
        (state.filled_slots.len(), state.reordered_listings)
    }

    /// Finishes the page. Returns the reason if personalization stopped part-way; the
    /// output is complete either way.
    pub fn end(mut self, out: &mut Vec<u8>) -> Result<(), RewriteError> {
        if let Some(html) = self.html.take() {
            if let Err(error) = html.end() {
                self.fail(error);
            }
        }
        // An element still open at the end of the page is emitted as it came.
        self.state.borrow_mut().abandon();
        self.drain(out);
        self.failure.map_or(Ok(()), Err)
    }

    fn fail(&mut self, error: lol_html::errors::RewritingError) {
        self.html = None;
        self.state.borrow_mut().abandon();
        self.failure = Some(RewriteError::Parser(error.to_string()));
    }

    fn drain(&mut self, out: &mut Vec<u8>) {
        let mut state = self.state.borrow_mut();
        if out.is_empty() {
            std::mem::swap(out, &mut state.out);
        } else {
            out.append(&mut state.out);
        }
    }
}

/// Rewrites a whole page held in memory (the CLI, tests and benchmarks use this).
pub fn rewrite_to_vec(
    page: &[u8],
    decisions: Rc<dyn Decisions>,
    settings: RewriteSettings,
    chunk_size: usize,
) -> (Vec<u8>, Result<(), RewriteError>) {
    let mut rewriter = PageRewriter::new(decisions, settings);
    let mut out = Vec::with_capacity(page.len() + 1024);
    for chunk in page.chunks(chunk_size.max(1)) {
        rewriter.write(chunk, &mut out);
    }
    let result = rewriter.end(&mut out);
    (out, result)
}

fn start_tag_len(el: &Element) -> usize {
    el.source_location().bytes().len()
}

fn on_slot_start(state: &Rc<RefCell<State>>, decisions: &dyn Decisions, el: &mut Element) {
    let mut s = state.borrow_mut();
    if let Some(capture) = &mut s.capture {
        if let CaptureKind::Slot(slot) = &mut capture.kind {
            slot.ambiguous = true;
        }
        return;
    }
    let Some(name) = el.get_attribute("data-pz-slot") else {
        return;
    };
    let Some(fill) = decisions.slot(&name) else {
        return;
    };
    if fill.variant.is_none() {
        // Keep the default content; only mark the slot so the exposure can be counted.
        for (attribute, value) in fill.exposure.attributes() {
            let _ = el.set_attribute(attribute, value);
        }
        return;
    }
    s.filled_slots.push(name);
    let id = s.begin(
        start_tag_len(el),
        CaptureKind::Slot(SlotCapture {
            fill,
            variant_start: None,
            variant_end: None,
            ambiguous: false,
        }),
    );
    drop(s);
    let end_state = state.clone();
    let registered = el.on_end_tag(end_tag!(move |_end| {
        finish_slot(&mut end_state.borrow_mut(), id);
        Ok(())
    }));
    if registered.is_err() {
        // A void element cannot hold a slot's content; nothing has been captured yet.
        state.borrow_mut().abandon();
    }
}

fn on_template_start(state: &Rc<RefCell<State>>, el: &mut Element) {
    let mut s = state.borrow_mut();
    let Some(capture) = &mut s.capture else {
        return;
    };
    let id = capture.id;
    let offset = capture.bytes.len();
    let CaptureKind::Slot(slot) = &mut capture.kind else {
        return;
    };
    if slot.variant_start.is_some() || slot.ambiguous {
        return;
    }
    if el.get_attribute("data-pz-variant") != slot.fill.variant {
        return;
    }
    // Only the template's content is wanted: drop its own tags from the captured bytes.
    el.remove_and_keep_content();
    slot.variant_start = Some(offset);
    drop(s);
    let end_state = state.clone();
    let registered = el.on_end_tag(end_tag!(move |_end| {
        let mut s = end_state.borrow_mut();
        if let Some(capture) = s.active(id) {
            let offset = capture.bytes.len();
            if let CaptureKind::Slot(slot) = &mut capture.kind {
                slot.variant_end = Some(offset);
            }
        }
        Ok(())
    }));
    if registered.is_err() {
        state.borrow_mut().abandon();
    }
}

/// At the slot's end tag: the marked start tag and the chosen variant replace the default.
fn finish_slot(state: &mut State, id: u32) {
    let Some(capture) = state.take(id) else {
        return;
    };
    let CaptureKind::Slot(slot) = &capture.kind else {
        state.out.extend_from_slice(&capture.bytes);
        return;
    };
    let in_page = match (slot.variant_start, slot.variant_end) {
        (Some(start), Some(end)) if start <= end => capture.bytes.get(start..end),
        _ => None,
    };
    let variant = if slot.ambiguous {
        None
    } else {
        in_page.or(slot.fill.library_html.as_deref().map(str::as_bytes))
    };
    let mut rewritten = Vec::with_capacity(capture.start_tag_len + 128);
    match variant {
        Some(content) if capture.write_marked_start_tag(&slot.fill.exposure, &mut rewritten) => {
            rewritten.extend_from_slice(content);
            if let Some(why) = &slot.fill.why {
                rewritten.extend_from_slice(b"<small class=\"pz-why\" data-pz-why>");
                super::capture::push_text(&mut rewritten, why);
                rewritten.extend_from_slice(b"</small>");
            }
            state.out.extend_from_slice(&rewritten);
        }
        // The chosen variant is neither in the page nor in the content library (or the
        // markup is unusual): keep the default.
        _ => state.out.extend_from_slice(&capture.bytes),
    }
}

fn on_listing_start(state: &Rc<RefCell<State>>, decisions: &Rc<dyn Decisions>, el: &mut Element) {
    let mut s = state.borrow_mut();
    if let Some(capture) = &mut s.capture {
        if let CaptureKind::Listing(listing) = &mut capture.kind {
            listing.broken = true;
        }
        return;
    }
    let Some(name) = el.get_attribute("data-pz-listing") else {
        return;
    };
    if !decisions.wants_listing(&name) {
        return;
    }
    let id = s.begin(
        start_tag_len(el),
        CaptureKind::Listing(ListingCapture {
            name,
            items: Vec::with_capacity(128),
            open_item: false,
            broken: false,
        }),
    );
    drop(s);
    let (end_state, decisions) = (state.clone(), decisions.clone());
    let registered = el.on_end_tag(end_tag!(move |_end| {
        finish_listing(&mut end_state.borrow_mut(), decisions.as_ref(), id);
        Ok(())
    }));
    if registered.is_err() {
        state.borrow_mut().abandon();
    }
}

fn on_item_start(state: &Rc<RefCell<State>>, el: &mut Element) {
    let mut s = state.borrow_mut();
    let Some(capture) = &mut s.capture else {
        return;
    };
    let id = capture.id;
    let start = capture.bytes.len();
    let CaptureKind::Listing(listing) = &mut capture.kind else {
        return;
    };
    if listing.broken {
        return;
    }
    if listing.open_item || !el.can_have_content() {
        // An item inside an unclosed item: the origin relies on implicit end tags.
        listing.broken = true;
        return;
    }
    listing.open_item = true;
    listing.items.push(CapturedItem {
        item: ListingItem::from_attributes(|name| el.get_attribute(name)),
        start,
        end: None,
    });
    let tag_name = el.tag_name();
    drop(s);
    let end_state = state.clone();
    let registered = el.on_end_tag(end_tag!(move |end: &mut EndTag<'_>| {
        on_item_end(&mut end_state.borrow_mut(), id, &tag_name, end);
        Ok(())
    }));
    if registered.is_err() {
        state.borrow_mut().abandon();
    }
}

fn on_item_end(state: &mut State, id: u32, tag_name: &str, end: &EndTag<'_>) {
    let Some(capture) = state.active(id) else {
        return;
    };
    let offset = capture.bytes.len();
    let CaptureKind::Listing(listing) = &mut capture.kind else {
        return;
    };
    listing.open_item = false;
    if !end.name().eq_ignore_ascii_case(tag_name) {
        // lol_html closes items left open at the listing's end tag; the order stays.
        listing.broken = true;
        return;
    }
    // The end tag is written unchanged right after this handler, so its source length is
    // its output length.
    if let Some(item) = listing.items.last_mut() {
        item.end = Some(offset + end.source_location().bytes().len());
    }
}

/// At the listing's end tag: write the items in the decided order. Text between items
/// (whitespace, comments) stays where it was; each item's bytes move unchanged.
fn finish_listing(state: &mut State, decisions: &dyn Decisions, id: u32) {
    let Some(capture) = state.take(id) else {
        return;
    };
    let CaptureKind::Listing(listing) = &capture.kind else {
        state.out.extend_from_slice(&capture.bytes);
        return;
    };
    match reordered(&capture, listing, decisions) {
        Some(bytes) => {
            state.out.extend_from_slice(&bytes);
            state.reordered_listings += 1;
        }
        None => state.out.extend_from_slice(&capture.bytes),
    }
}

fn reordered(
    capture: &super::capture::Capture,
    listing: &ListingCapture,
    decisions: &dyn Decisions,
) -> Option<Vec<u8>> {
    if listing.broken || listing.open_item || listing.items.len() < 2 {
        return None;
    }
    let bytes = &capture.bytes;
    let mut ranges = Vec::with_capacity(listing.items.len());
    let mut previous_end = capture.start_tag_len;
    for item in &listing.items {
        let end = item.end?;
        if item.start < previous_end || end > bytes.len() || bytes.get(end - 1) != Some(&b'>') {
            return None;
        }
        ranges.push(item.start..end);
        previous_end = end;
    }
    let items: Vec<ListingItem> = listing.items.iter().map(|c| c.item.clone()).collect();
    let decided = decisions.order(&listing.name, &items)?;
    if !is_permutation(&decided.order, items.len()) {
        return None;
    }

    let mut out = Vec::with_capacity(bytes.len() + 64);
    if !capture.write_marked_start_tag(&decided.exposure, &mut out) {
        return None;
    }
    out.extend_from_slice(&bytes[capture.start_tag_len..ranges[0].start]);
    for (position, &source) in decided.order.iter().enumerate() {
        out.extend_from_slice(&bytes[ranges[source].clone()]);
        let gap_end = ranges.get(position + 1).map_or(bytes.len(), |r| r.start);
        out.extend_from_slice(&bytes[ranges[position].end..gap_end]);
    }
    Some(out)
}

fn is_permutation(order: &[usize], len: usize) -> bool {
    if order.len() != len {
        return false;
    }
    let mut seen = vec![false; len];
    order
        .iter()
        .all(|&i| i < len && !std::mem::replace(&mut seen[i], true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::{Exposure, ListingOrder, SlotFill};

    /// Fills `hero` with `gifts` and reverses every listing.
    struct Fixed;

    impl Decisions for Fixed {
        fn slot(&self, slot: &str) -> Option<SlotFill> {
            (slot == "hero").then(|| SlotFill {
                variant: Some("gifts".into()),
                library_html: None,
                why: None,
                exposure: Exposure {
                    variant: "gifts".into(),
                    reason: "test".into(),
                    experiment: None,
                },
            })
        }
        fn wants_listing(&self, _: &str) -> bool {
            true
        }
        fn order(&self, _: &str, items: &[ListingItem]) -> Option<ListingOrder> {
            Some(ListingOrder {
                order: (0..items.len()).rev().collect(),
                exposure: Exposure {
                    variant: "affinity".into(),
                    reason: "test".into(),
                    experiment: None,
                },
            })
        }
    }

    fn run(page: &str, chunk: usize) -> String {
        let (out, result) = rewrite_to_vec(
            page.as_bytes(),
            Rc::new(Fixed),
            RewriteSettings::default(),
            chunk,
        );
        assert_eq!(result, Ok(()));
        String::from_utf8(out).expect("utf-8")
    }

    fn all_chunkings(page: &str, expected: &str) {
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(run(page, chunk), expected, "chunk size {chunk}");
        }
    }

    #[test]
    fn fills_a_slot_with_the_chosen_template() {
        all_chunkings(
            "<p>x</p><section class='a>b' data-pz-slot=hero><h1>Default</h1><template data-pz-variant=other>O</template><template data-pz-variant=\"gifts\"><h1 class=\"g\">Gifts &amp; more</h1></template></section><p>y</p>",
            "<p>x</p><section class='a>b' data-pz-slot=hero data-pz-shown=\"gifts\" data-pz-reason=\"test\"><h1 class=\"g\">Gifts &amp; more</h1></section><p>y</p>",
        );
    }

    #[test]
    fn keeps_the_default_when_the_chosen_template_is_missing() {
        let page = "<section data-pz-slot=\"hero\">Default<template data-pz-variant=\"x\">X</template></section>";
        all_chunkings(page, page);
    }

    #[test]
    fn reorders_items_byte_for_byte_and_keeps_gaps() {
        all_chunkings(
            "<ul data-pz-listing=\"c\">\n  <li data-pz-item=\"a\" class='q'>A &amp; <b>a</b></li>\n  <!-- c --><li data-pz-item=\"b\">B</LI >\n</ul>",
            "<ul data-pz-listing=\"c\" data-pz-shown=\"affinity\" data-pz-reason=\"test\">\n  <li data-pz-item=\"b\">B</LI >\n  <!-- c --><li data-pz-item=\"a\" class='q'>A &amp; <b>a</b></li>\n</ul>",
        );
    }

    #[test]
    fn leaves_listings_with_implicitly_closed_items_alone() {
        let page = "<ul data-pz-listing=\"c\"><li data-pz-item=\"a\">A<li data-pz-item=\"b\">B</ul><p>after</p>";
        all_chunkings(page, page);
    }

    #[test]
    fn an_unclosed_listing_is_passed_through_at_the_end() {
        let page =
            "<ul data-pz-listing=\"c\"><li data-pz-item=\"a\">A</li><li data-pz-item=\"b\">B</li>";
        all_chunkings(page, page);
    }

    #[test]
    fn a_10_mb_page_streams_with_bounded_buffering() {
        let filler = "<p>Handmade &amp; small-batch.</p>\n".repeat(300_000);
        let items: String = (0..2000)
            .map(|i| format!("<li data-pz-item=\"{i}\">Item {i}</li>"))
            .collect();
        let page = format!(
            "<section data-pz-slot=\"hero\">D<template data-pz-variant=\"gifts\">G</template></section>{filler}<ul data-pz-listing=\"c\">{items}</ul>"
        );
        assert!(page.len() > 10_000_000);
        let settings = RewriteSettings::default();
        let mut rewriter = PageRewriter::new(Rc::new(Fixed), settings);
        let mut out = Vec::new();
        let mut largest_hold = 0;
        for chunk in page.as_bytes().chunks(8192) {
            rewriter.write(chunk, &mut out);
            largest_hold = largest_hold.max(rewriter.buffered_bytes());
        }
        assert_eq!(rewriter.end(&mut out), Ok(()));
        assert!(
            largest_hold <= settings.max_capture_bytes + 8192,
            "held {largest_hold} bytes"
        );
        let html = String::from_utf8(out).expect("utf-8");
        assert!(html.starts_with("<section data-pz-slot=\"hero\" data-pz-shown=\"gifts\""));
        assert!(html.contains("<li data-pz-item=\"1999\">Item 1999</li><li data-pz-item=\"1998\">"));
        let dropped = "D<template data-pz-variant=\"gifts\"></template>".len();
        let slot_marks = " data-pz-shown=\"gifts\" data-pz-reason=\"test\"".len();
        let listing_marks = " data-pz-shown=\"affinity\" data-pz-reason=\"test\"".len();
        assert_eq!(
            html.len(),
            page.len() - dropped + slot_marks + listing_marks
        );
    }

    #[test]
    fn head_content_goes_at_the_end_of_the_first_head() {
        let page = "<html><head><title>T</title></head><body><head></head>x</body></html>";
        for chunk in [1, 5, 1 << 20] {
            let mut rewriter = PageRewriter::with_head_content(
                Rc::new(super::super::NoDecisions),
                RewriteSettings::default(),
                "<script src=/m.js></script>".to_owned(),
            );
            let mut out = Vec::new();
            for part in page.as_bytes().chunks(chunk) {
                rewriter.write(part, &mut out);
            }
            assert_eq!(rewriter.end(&mut out), Ok(()));
            assert_eq!(
                String::from_utf8(out).expect("utf-8"),
                "<html><head><title>T</title><script src=/m.js></script></head><body><head></head>x</body></html>"
            );
        }
    }

    #[test]
    fn an_oversized_listing_passes_through_unchanged() {
        let items: String = (0..200)
            .map(|i| format!("<li data-pz-item=\"{i}\">{}</li>", "x".repeat(100)))
            .collect();
        let page = format!("<ul data-pz-listing=\"c\">{items}</ul>");
        let settings = RewriteSettings {
            max_capture_bytes: 4096,
            ..RewriteSettings::default()
        };
        let (out, result) = rewrite_to_vec(page.as_bytes(), Rc::new(Fixed), settings, 512);
        assert_eq!(result, Ok(()));
        assert_eq!(String::from_utf8(out).expect("utf-8"), page);
    }
}
