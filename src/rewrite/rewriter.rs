//! The streaming rewriter: lol_html handlers wired to the capture state.

use super::capture::{CaptureKind, CapturedItem, ListingCapture, OpenItem, SlotCapture, State};
use super::{Decisions, ListingItem};
use crate::analytics::{PageExposures, ReportSettings};
use crate::contract::{
    Exposed, Exposure, BADGE, ITEM, LISTING, MARGIN, OFFER, PREVIEW, SLOT, VARIANT, VIEW,
};
use crate::errors::RewriteError;
use lol_html::html_content::{ContentType, Element, EndTag};
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

/// What a rewriter does to a page besides filling slots and reordering listings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageExtras {
    /// Trusted markup, the same for every shopper, appended to the end of the document's
    /// `<head>` (local-only mode's config and package). A `<head>` inside foreign content,
    /// a template or the body is not the document's and gets nothing.
    pub head_html: Option<String>,
    /// Removes `data-pz-margin` from listing items: margins are the shop's business data,
    /// needed only where the ranking runs. The edge ranks on the server, so it strips them;
    /// local-only pages keep them for the ranking in the browser.
    pub strip_item_margins: bool,
    /// Reports the page's exposures for the site's analytics: a data element before
    /// `</body>` ([`PageExposures::element`]), read by the package's `exposures` module.
    pub exposure_report: Option<ReportSettings>,
    /// A merchandiser's preview: this banner (trusted markup) opens the `<body>`, which is
    /// marked `data-pz-preview` so analytics can drop the page view.
    pub preview_banner: Option<String>,
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
        PageRewriter::with_extras(decisions, settings, PageExtras::default())
    }

    /// Like [`new`](Self::new), and also appends `head_html` (trusted markup, the same for
    /// every shopper) to the end of the page's `<head>`.
    pub fn with_head_content(
        decisions: Rc<dyn Decisions>,
        settings: RewriteSettings,
        head_html: String,
    ) -> PageRewriter {
        let extras = PageExtras {
            head_html: Some(head_html),
            ..PageExtras::default()
        };
        PageRewriter::with_extras(decisions, settings, extras)
    }

    /// Like [`new`](Self::new), with the [`PageExtras`] applied as well.
    pub fn with_extras(
        decisions: Rc<dyn Decisions>,
        settings: RewriteSettings,
        extras: PageExtras,
    ) -> PageRewriter {
        let state = Rc::new(RefCell::new(State::new(settings.max_capture_bytes)));
        let mut lol_settings = Settings::new()
            // Non-strict: markup the streaming parser cannot place for certain (a `<xmp>` or
            // `<plaintext>` inside `<select>`, raw text after `</frameset>`) is parsed on a
            // best guess instead of aborting the rewrite, which would drop the rest of the
            // page. Every byte the handlers do not touch is still copied as it came; a wrong
            // guess can at worst leave a marker unseen or seen, never lose output.
            .with_strict(false)
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
            // The page's language: the "why this?" lines after it are said in it.
            .append_element_content_handler(element!("html[lang]", {
                let decisions = decisions.clone();
                move |el| {
                    if let Some(lang) = el.get_attribute("lang") {
                        decisions.page_language(&lang);
                    }
                    Ok(())
                }
            }))
            .append_element_content_handler(element!(format!("[{VIEW}]"), {
                let state = state.clone();
                move |el| {
                    let mut s = state.borrow_mut();
                    if s.view.is_none() {
                        s.view = el.get_attribute(VIEW);
                    }
                    Ok(())
                }
            }))
            .append_element_content_handler(element!("body", {
                let state = state.clone();
                let report = extras.exposure_report.clone();
                let banner = extras.preview_banner.clone();
                move |el| {
                    let mut s = state.borrow_mut();
                    let first = !s.body_started;
                    s.body_started = true;
                    s.past_document_head = true;
                    drop(s);
                    if let Some(banner) = banner.as_deref().filter(|_| first) {
                        let _ = el.set_attribute(PREVIEW, "");
                        el.prepend(banner, ContentType::Html);
                    }
                    if let Some(report) = report.clone().filter(|_| first) {
                        let state = state.clone();
                        // Before the document's `</body>`: every slot and listing is written.
                        let _ = el.on_end_tag(end_tag!(move |end| {
                            let s = state.borrow();
                            if !s.exposed.is_empty() {
                                let event = report.data_layer_event.as_deref();
                                let page = PageExposures::of(&s.exposed, event);
                                end.before(&page.element(), ContentType::Html);
                            }
                            Ok(())
                        }));
                    }
                    Ok(())
                }
            }))
            .append_element_content_handler(element!(format!("[{SLOT}]"), {
                let (state, decisions) = (state.clone(), decisions.clone());
                move |el| {
                    on_slot_start(&state, decisions.as_ref(), el);
                    Ok(())
                }
            }))
            .append_element_content_handler(element!(format!("[{SLOT}] > template[{VARIANT}]"), {
                let state = state.clone();
                move |el| {
                    on_template_start(&state, el);
                    Ok(())
                }
            }))
            .append_element_content_handler(element!(format!("[{LISTING}]"), {
                let (state, decisions) = (state.clone(), decisions.clone());
                move |el| {
                    on_listing_start(&state, &decisions, el);
                    Ok(())
                }
            }))
            .append_element_content_handler(element!(format!("[{LISTING}] > [{ITEM}]"), {
                let state = state.clone();
                move |el| {
                    on_item_start(&state, el);
                    Ok(())
                }
            }));
        if decisions.has_badges() {
            // Only then: following items for their badges costs a handler call per item.
            // Registered before margins are stripped, so the guardrail reads them.
            lol_settings = lol_settings
                .append_element_content_handler(element!(format!("[{ITEM}]"), {
                    let state = state.clone();
                    move |el| {
                        on_badge_item_start(&state, el);
                        Ok(())
                    }
                }))
                .append_element_content_handler(element!(format!("[{ITEM}] [{BADGE}]"), {
                    let (state, decisions) = (state.clone(), decisions.clone());
                    move |el| {
                        on_badge(&state, decisions.as_ref(), el);
                        Ok(())
                    }
                }));
        }
        if let Some(head_html) = extras.head_html {
            // Only then: every inline SVG on a page would otherwise cost a handler call.
            lol_settings = lol_settings
                .append_element_content_handler(element!("svg, math, template", {
                    let state = state.clone();
                    move |_el| {
                        state.borrow_mut().past_document_head = true;
                        Ok(())
                    }
                }))
                .append_element_content_handler(element!("head", {
                    let state = state.clone();
                    let mut head_html = Some(head_html);
                    move |el| {
                        // Only the document's own head gets it, and only once.
                        if !state.borrow().past_document_head {
                            if let Some(html) = head_html.take() {
                                el.append(&html, lol_html::html_content::ContentType::Html);
                            }
                        }
                        Ok(())
                    }
                }));
        }
        if extras.strip_item_margins {
            // Registered last: the item handler above has read the margin by now.
            lol_settings = lol_settings.append_element_content_handler(element!(
                format!("[{ITEM}][{MARGIN}]"),
                |el| {
                    el.remove_attribute(MARGIN);
                    Ok(())
                }
            ));
        }
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
        self.failure = Some(RewriteError::Parser(std::sync::Arc::new(error)));
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
    rewrite_to_vec_with(page, decisions, settings, PageExtras::default(), chunk_size)
}

/// [`rewrite_to_vec`] with [`PageExtras`].
pub fn rewrite_to_vec_with(
    page: &[u8],
    decisions: Rc<dyn Decisions>,
    settings: RewriteSettings,
    extras: PageExtras,
    chunk_size: usize,
) -> (Vec<u8>, Result<(), RewriteError>) {
    let mut rewriter = PageRewriter::with_extras(decisions, settings, extras);
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

/// An item opens: it is the one the badges inside it are decided from, until its end tag.
/// An item the listing's capture has just read is referred to there rather than read again.
fn on_badge_item_start(state: &Rc<RefCell<State>>, el: &mut Element) {
    if !el.can_have_content() {
        return;
    }
    let mut s = state.borrow_mut();
    let open = match s.just_captured.take() {
        Some((capture, index)) => OpenItem::Captured { capture, index },
        None => OpenItem::Read(ListingItem::from_attributes(|name| el.get_attribute(name))),
    };
    s.open_items.push(open);
    drop(s);
    let end_state = state.clone();
    let registered = el.on_end_tag(end_tag!(move |_end| {
        end_state.borrow_mut().open_items.pop();
        Ok(())
    }));
    if registered.is_err() {
        state.borrow_mut().open_items.pop();
    }
}

/// A `data-pz-badge` element: the offer's badge for the innermost open item, if one applies
/// and its margin allows. An item whose fields can no longer be found gets none.
fn on_badge(state: &Rc<RefCell<State>>, decisions: &dyn Decisions, el: &mut Element) {
    if !el.can_have_content() {
        return;
    }
    let s = state.borrow();
    let item = match s.open_items.last() {
        Some(OpenItem::Read(item)) => Some(item),
        Some(OpenItem::Captured { capture, index }) => s
            .capture
            .as_ref()
            .filter(|c| c.id == *capture)
            .and_then(|c| match &c.kind {
                CaptureKind::Listing(listing) => listing.items.get(*index),
                CaptureKind::Slot(_) => None,
            })
            .map(|captured| &captured.item),
        None => None,
    };
    let badge = item.and_then(|item| decisions.badge(item));
    drop(s);
    if let Some(badge) = badge {
        el.set_inner_content(&badge.html, ContentType::Html);
        let _ = el.set_attribute(OFFER, &badge.offer);
    }
}

fn on_slot_start(state: &Rc<RefCell<State>>, decisions: &dyn Decisions, el: &mut Element) {
    let mut s = state.borrow_mut();
    if let Some(capture) = &mut s.capture {
        if let CaptureKind::Slot(slot) = &mut capture.kind {
            slot.ambiguous = true;
        }
        return;
    }
    let Some(name) = el.get_attribute(SLOT) else {
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
        s.exposed.push(Exposed {
            listing: false,
            name,
            exposure: fill.exposure,
        });
        return;
    }
    s.filled_slots.push(name.clone());
    let id = s.begin(
        start_tag_len(el),
        el.is_self_closing(),
        CaptureKind::Slot(SlotCapture {
            name,
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
    if el.get_attribute(VARIANT) != slot.fill.variant {
        return;
    }
    // The template's tags stay in the captured bytes (an abandoned slot must go out as it
    // came); only the range of its content is recorded. The start tag reaches the sink
    // unchanged right after this handler, so the content starts after its source bytes.
    slot.variant_start = Some(offset + start_tag_len(el));
    drop(s);
    let end_state = state.clone();
    let registered = el.on_end_tag(end_tag!(move |end: &mut EndTag<'_>| {
        let mut s = end_state.borrow_mut();
        if let Some(capture) = s.active(id) {
            let offset = capture.bytes.len();
            if let CaptureKind::Slot(slot) = &mut capture.kind {
                if end.name().eq_ignore_ascii_case("template") {
                    slot.variant_end = Some(offset);
                } else {
                    // Closed by the slot's own end tag: the template's extent is unclear.
                    slot.ambiguous = true;
                }
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
                crate::escape::push_escaped_bytes(&mut rewritten, why);
                rewritten.extend_from_slice(b"</small>");
            }
            state.out.extend_from_slice(&rewritten);
            let exposed = Exposed {
                listing: false,
                name: slot.name.clone(),
                exposure: slot.fill.exposure.clone(),
            };
            state.exposed.push(exposed);
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
    let Some(name) = el.get_attribute(LISTING) else {
        return;
    };
    if !decisions.wants_listing(&name) {
        return;
    }
    let id = s.begin(
        start_tag_len(el),
        el.is_self_closing(),
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
    let index = listing.items.len() - 1;
    s.just_captured = Some((id, index));
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
        Some((bytes, exposure)) => {
            state.out.extend_from_slice(&bytes);
            state.reordered_listings += 1;
            state.exposed.push(Exposed {
                listing: true,
                name: listing.name.clone(),
                exposure,
            });
        }
        None => state.out.extend_from_slice(&capture.bytes),
    }
}

fn reordered(
    capture: &super::capture::Capture,
    listing: &ListingCapture,
    decisions: &dyn Decisions,
) -> Option<(Vec<u8>, Exposure)> {
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
    if !decided.fits(items.len()) {
        return None;
    }

    let mut out = Vec::with_capacity(bytes.len() + 64);
    if !capture.write_marked_start_tag(&decided.exposure, &mut out) {
        return None;
    }
    out.extend_from_slice(&bytes[capture.start_tag_len..ranges[0].start]);
    // Each kept item takes the place of the one at its position; the text between kept
    // places stays, and after the last kept item comes what followed the last item.
    let kept = decided.order.len();
    for (position, &source) in decided.order.iter().enumerate() {
        out.extend_from_slice(&bytes[ranges[source].clone()]);
        let gap = if position + 1 < kept {
            ranges[position].end..ranges[position + 1].start
        } else {
            ranges[ranges.len() - 1].end..bytes.len()
        };
        out.extend_from_slice(&bytes[gap]);
    }
    Some((out, decided.exposure))
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
                    reason: Some("test".into()),
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
                    reason: Some("test".into()),
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
    fn a_listing_cut_to_its_first_items_keeps_its_framing_text() {
        /// Keeps the last item, then the first, and leaves the rest out.
        struct Cut;
        impl Decisions for Cut {
            fn slot(&self, _: &str) -> Option<SlotFill> {
                None
            }
            fn wants_listing(&self, _: &str) -> bool {
                true
            }
            fn order(&self, _: &str, items: &[ListingItem]) -> Option<ListingOrder> {
                Some(ListingOrder {
                    order: vec![items.len() - 1, 0],
                    exposure: Exposure {
                        variant: "affinity".into(),
                        reason: None,
                        experiment: None,
                    },
                })
            }
        }
        let page = "<ol data-pz-listing=top>\n <li data-pz-item=a>A</li>\n <!--x--> <li data-pz-item=b>B</li>\n <li data-pz-item=c>C &amp; c</li>\n</ol><p>after</p>";
        for chunk in [1, 3, 64] {
            let (out, result) = rewrite_to_vec(
                page.as_bytes(),
                Rc::new(Cut),
                RewriteSettings::default(),
                chunk,
            );
            assert_eq!(result, Ok(()));
            assert_eq!(
                String::from_utf8(out).expect("utf-8"),
                "<ol data-pz-listing=top data-pz-shown=\"affinity\">\n <li data-pz-item=c>C &amp; c</li>\n <!--x--> <li data-pz-item=a>A</li>\n</ol><p>after</p>",
                "chunk size {chunk}"
            );
        }
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
        let extras = PageExtras {
            head_html: Some("<script src=/m.js></script>".to_owned()),
            ..PageExtras::default()
        };
        same_in_every_chunking(
            Rc::new(super::super::NoDecisions),
            page,
            extras,
            "<html><head><title>T</title><script src=/m.js></script></head><body><head></head>x</body></html>",
        );
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

    /// Rewrites `page` in chunks of `chunk` bytes with `extras`, deciding as [`Fixed`].
    fn run_with(page: &str, chunk: usize, settings: RewriteSettings, extras: PageExtras) -> String {
        rewrite_in_pieces(Rc::new(Fixed), page, chunk, settings, extras).0
    }

    /// Asserts that `page` becomes `expected`, without error, whatever the chunk size.
    fn same_in_every_chunking(
        decisions: Rc<dyn Decisions>,
        page: &str,
        extras: PageExtras,
        expected: &str,
    ) {
        for chunk in [1, 5, 1 << 20] {
            let (out, result) = rewrite_in_pieces(
                decisions.clone(),
                page,
                chunk,
                RewriteSettings::default(),
                extras.clone(),
            );
            assert_eq!(result, Ok(()));
            assert_eq!(out, expected, "chunk size {chunk}");
        }
    }

    fn rewrite_in_pieces(
        decisions: Rc<dyn Decisions>,
        page: &str,
        chunk: usize,
        settings: RewriteSettings,
        extras: PageExtras,
    ) -> (String, Result<(), RewriteError>) {
        let mut rewriter = PageRewriter::with_extras(decisions, settings, extras);
        let mut out = Vec::new();
        for part in page.as_bytes().chunks(chunk) {
            rewriter.write(part, &mut out);
        }
        let result = rewriter.end(&mut out);
        (String::from_utf8(out).expect("utf-8"), result)
    }

    #[test]
    fn markup_the_parser_finds_ambiguous_loses_no_byte() {
        // Used to come out as `<!doctype html><html><body>`: strict parsing aborted the
        // rewrite and dropped the chunk it was fed.
        for page in [
            "<!doctype html><html><body><p>hello</p><select><plaintext>zzz</plaintext></select><p>tail</p>",
            "<select><xmp><script>\"use strict\";</script></select><p>tail</p>",
            "<frameset></frameset><noframes><style>x</style></noframes><p>tail</p>",
            "<select><style>a{}</style><iframe>x</iframe><noscript>n</noscript><title>t</title><noembed>e</noembed></select>tail",
        ] {
            for chunk in [1, 3, 64, 1 << 20] {
                assert_eq!(run(page, chunk), page, "chunk size {chunk}");
            }
        }
    }

    #[test]
    fn personalization_goes_on_after_ambiguous_markup() {
        let page = "<section data-pz-slot=hero>D<template data-pz-variant=gifts>G</template></section><select><xmp>x</xmp></select><section data-pz-slot=hero>D2<template data-pz-variant=gifts>G2</template></section>";
        let expected = "<section data-pz-slot=hero data-pz-shown=\"gifts\" data-pz-reason=\"test\">G</section><select><xmp>x</xmp></select><section data-pz-slot=hero data-pz-shown=\"gifts\" data-pz-reason=\"test\">G2</section>";
        all_chunkings(page, expected);
    }

    #[test]
    fn a_page_that_outgrows_the_parser_budget_continues_with_the_origin_bytes() {
        // The first slot is filled; a huge attribute then exceeds the parser's memory, and
        // from there the origin's bytes follow exactly, the second slot included.
        let tail = format!(
            "<p title=\"{}\">big</p><section data-pz-slot=hero>D<template data-pz-variant=gifts>G</template></section><p>end</p>",
            "x".repeat(200_000)
        );
        let page = format!(
            "<section data-pz-slot=hero>D<template data-pz-variant=gifts>G</template></section>{tail}"
        );
        let settings = RewriteSettings {
            max_parser_memory: 64 * 1024,
            ..RewriteSettings::default()
        };
        // In pieces, the unfinished attribute has to be buffered by the parser (a page held
        // whole in memory never is).
        let expected = format!(
            "<section data-pz-slot=hero data-pz-shown=\"gifts\" data-pz-reason=\"test\">G</section>{tail}"
        );
        for chunk in [7, 4096] {
            let out = run_with(&page, chunk, settings, PageExtras::default());
            assert!(out == expected, "chunk size {chunk}: {} bytes", out.len());
        }
    }

    #[test]
    fn an_abandoned_slot_is_byte_identical_to_the_origin() {
        // Over the capture budget: the chosen template and its script must stay inert
        // inside their <template>, not appear next to the default.
        let big = "<section data-pz-slot=hero><h1>Default</h1><template data-pz-variant=gifts><h1>GIFT</h1><script>steal()</script></template>PAD</section><p>after</p>"
            .replace("PAD", &"p".repeat(8192));
        let settings = RewriteSettings {
            max_capture_bytes: 4096,
            ..RewriteSettings::default()
        };
        for chunk in [1, 100, 1 << 20] {
            assert_eq!(run_with(&big, chunk, settings, PageExtras::default()), big);
        }
        // Never closed: the page ends inside the slot.
        for unclosed in [
            "<section data-pz-slot=hero><h1>Default</h1><template data-pz-variant=gifts><h1>GIFT</h1><script>steal()</script></template>",
            "<section data-pz-slot=hero><h1>Default</h1><template data-pz-variant=gifts><h1>GIFT</h1>",
        ] {
            all_chunkings(unclosed, unclosed);
        }
    }

    #[test]
    fn a_slot_whose_template_is_closed_by_the_slot_keeps_its_default() {
        let page = "<section data-pz-slot=hero>Default<template data-pz-variant=gifts>G</section><p>after</p>";
        all_chunkings(page, page);
    }

    #[test]
    fn an_unquoted_value_ending_in_a_slash_keeps_its_slash() {
        all_chunkings(
            "<section data-x=/gifts/ data-pz-slot=hero>D<template data-pz-variant=gifts>G</template></section>",
            "<section data-x=/gifts/ data-pz-slot=hero data-pz-shown=\"gifts\" data-pz-reason=\"test\">G</section>",
        );
    }

    #[test]
    fn head_content_never_goes_into_a_head_that_is_not_the_documents() {
        let snippet = "<script src=/m.js></script>";
        let extras = PageExtras {
            head_html: Some(snippet.to_owned()),
            ..PageExtras::default()
        };
        for page in [
            "<svg><head></head></svg><p>x</p>",
            "<template><head></head></template>",
            "<math><head></head></math><head></head>",
            "<body><head></head></body>",
        ] {
            assert_eq!(
                run_with(page, 4, RewriteSettings::default(), extras.clone()),
                page
            );
        }
        assert_eq!(
            run_with(
                "<!doctype html><head><title>t</title></head><svg><head></head></svg>",
                4,
                RewriteSettings::default(),
                extras
            ),
            format!(
                "<!doctype html><head><title>t</title>{snippet}</head><svg><head></head></svg>"
            )
        );
    }

    #[test]
    fn item_margins_are_stripped_after_the_ranking_has_read_them() {
        /// Orders by margin, highest first: proves the margin was read before it was removed.
        struct ByMargin;
        impl Decisions for ByMargin {
            fn slot(&self, _: &str) -> Option<SlotFill> {
                None
            }
            fn wants_listing(&self, _: &str) -> bool {
                true
            }
            fn order(&self, _: &str, items: &[ListingItem]) -> Option<ListingOrder> {
                let mut order: Vec<usize> = (0..items.len()).collect();
                order.sort_by(|&a, &b| {
                    items[b]
                        .margin
                        .partial_cmp(&items[a].margin)
                        .unwrap_or(std::cmp::Ordering::Equal)
                });
                Some(ListingOrder {
                    order,
                    exposure: Exposure {
                        variant: "affinity".into(),
                        reason: Some("test".into()),
                        experiment: None,
                    },
                })
            }
        }
        let page = "<ul data-pz-listing=c><li data-pz-item=a data-pz-margin=\"0.1\">A</li><li data-pz-margin='0.9' data-pz-item=b>B</li></ul><p data-pz-margin=1>not an item</p>";
        let extras = PageExtras {
            strip_item_margins: true,
            ..PageExtras::default()
        };
        same_in_every_chunking(
            Rc::new(ByMargin),
            page,
            extras,
            "<ul data-pz-listing=c data-pz-shown=\"affinity\" data-pz-reason=\"test\"><li data-pz-item=b>B</li><li data-pz-item=a>A</li></ul><p data-pz-margin=1>not an item</p>",
        );
    }
}
