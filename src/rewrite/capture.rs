//! The shared state between the output sink and the element handlers.
//!
//! lol_html calls a handler for an element's start tag after every byte before that tag has
//! reached the sink, and an end-tag handler after every byte of the element's content has.
//! So while a slot or listing is being rewritten, the sink appends to a capture buffer and
//! the handlers record offsets into it; when the element ends, the handler writes the
//! rearranged bytes to the output. Outside captures, bytes go straight to the output.

use super::{Exposure, ListingItem, SlotFill};
use crate::contract::Exposed;
use crate::escape::push_escaped_bytes;

/// Output bytes plus at most one element being captured.
pub(super) struct State {
    /// Bytes ready to be sent to the client.
    pub out: Vec<u8>,
    /// The element currently being captured.
    pub capture: Option<Capture>,
    /// The first `data-pz-view` value on the page: the keys a view of it signals.
    pub view: Option<String>,
    /// The `<body>` start tag has been reached: the head is complete.
    pub body_started: bool,
    /// A `<body>`, `<svg>`, `<math>` or `<template>` start tag has been seen: a `<head>`
    /// after it is not the document's head (it sits in foreign content, in a template or
    /// in the body, where the browser ignores it), so nothing is added to it.
    pub past_document_head: bool,
    /// Slots whose start tag has been reached with a variant to fill in.
    pub filled_slots: Vec<String>,
    /// Listings written in a decided order (or marked, in a control arm).
    pub reordered_listings: usize,
    /// Every slot and listing written with exposure marks, in page order.
    pub exposed: Vec<Exposed>,
    /// The listing items open at this point of the page, innermost last, while offers'
    /// badges are written: a `data-pz-badge` element is decided from the innermost.
    pub open_items: Vec<OpenItem>,
    /// The capture and index of the item a listing capture read from the current start
    /// tag, so the badges need not read it again.
    pub just_captured: Option<(u32, usize)>,
    /// Identifies captures, so a late handler of an abandoned capture does nothing.
    next_id: u32,
    /// Largest capture kept in memory; a bigger one is flushed unchanged.
    capture_limit: usize,
}

/// An open listing item, for the badges inside it.
pub(super) enum OpenItem {
    /// Read by the listing capture `capture`, as its item number `index`.
    Captured {
        /// The capture's id.
        capture: u32,
        /// The item's index in the capture.
        index: usize,
    },
    /// Read from its own attributes.
    Read(super::ListingItem),
}

/// One slot or listing, from its start tag up to (not including) its end tag.
pub(super) struct Capture {
    pub id: u32,
    pub bytes: Vec<u8>,
    /// Length of the element's start tag, which opens `bytes`.
    pub start_tag_len: usize,
    /// The start tag ends in a self-closing `/>` (as the parser read it, so an unquoted
    /// value ending in `/`, as in `data-x=/gifts/>`, is not mistaken for one).
    pub self_closing: bool,
    pub kind: CaptureKind,
}

pub(super) enum CaptureKind {
    Slot(SlotCapture),
    Listing(ListingCapture),
}

pub(super) struct SlotCapture {
    /// The slot's name.
    pub name: String,
    pub fill: SlotFill,
    /// Byte range of the chosen template's content within the capture. The template's own
    /// tags stay in the captured bytes, so an abandoned slot goes out exactly as it came.
    pub variant_start: Option<usize>,
    pub variant_end: Option<usize>,
    /// A slot inside this slot makes template ownership ambiguous: keep the origin's bytes.
    pub ambiguous: bool,
}

pub(super) struct ListingCapture {
    pub name: String,
    pub items: Vec<CapturedItem>,
    /// An item whose end tag has not been seen yet.
    pub open_item: bool,
    /// The markup does not allow a byte-exact reorder (implicit closes, nesting, …).
    pub broken: bool,
}

pub(super) struct CapturedItem {
    pub item: ListingItem,
    pub start: usize,
    pub end: Option<usize>,
}

impl State {
    pub fn new(capture_limit: usize) -> State {
        State {
            out: Vec::with_capacity(16 * 1024),
            capture: None,
            view: None,
            body_started: false,
            past_document_head: false,
            filled_slots: Vec::new(),
            exposed: Vec::new(),
            reordered_listings: 0,
            open_items: Vec::new(),
            just_captured: None,
            next_id: 0,
            capture_limit,
        }
    }

    /// The sink: route parser output to the capture or the output.
    pub fn emit(&mut self, chunk: &[u8]) {
        match &mut self.capture {
            Some(capture) => {
                capture.bytes.extend_from_slice(chunk);
                if capture.bytes.len() > self.capture_limit {
                    self.abandon();
                }
            }
            None => self.out.extend_from_slice(chunk),
        }
    }

    /// Starts capturing an element whose start tag is `start_tag_len` bytes long.
    pub fn begin(&mut self, start_tag_len: usize, self_closing: bool, kind: CaptureKind) -> u32 {
        self.next_id = self.next_id.wrapping_add(1);
        self.capture = Some(Capture {
            id: self.next_id,
            bytes: Vec::with_capacity(4 * 1024),
            start_tag_len,
            self_closing,
            kind,
        });
        self.next_id
    }

    /// The capture with `id`, if it is still the active one.
    pub fn active(&mut self, id: u32) -> Option<&mut Capture> {
        self.capture.as_mut().filter(|c| c.id == id)
    }

    /// Ends the capture with `id` and returns it for rearranging.
    pub fn take(&mut self, id: u32) -> Option<Capture> {
        if self.capture.as_ref().is_some_and(|c| c.id == id) {
            self.capture.take()
        } else {
            None
        }
    }

    /// Gives up on the current capture: its bytes go out unchanged.
    pub fn abandon(&mut self) {
        if let Some(capture) = self.capture.take() {
            self.out.extend_from_slice(&capture.bytes);
        }
    }
}

impl Capture {
    /// Writes the captured start tag with the exposure marks added before its closing `>`.
    /// Returns false, writing nothing, when the captured bytes do not look like a start tag.
    pub fn write_marked_start_tag(&self, exposure: &Exposure, out: &mut Vec<u8>) -> bool {
        let Some(tag) = self.bytes.get(..self.start_tag_len) else {
            return false;
        };
        if tag.first() != Some(&b'<') || tag.last() != Some(&b'>') {
            return false;
        }
        let close = if self.self_closing && tag.ends_with(b"/>") {
            tag.len() - 2
        } else {
            tag.len() - 1
        };
        out.extend_from_slice(&tag[..close]);
        for (name, value) in exposure.attributes() {
            push_attribute(out, name, value);
        }
        out.extend_from_slice(&tag[close..]);
        true
    }
}

/// Appends ` name="value"` with the value escaped for a double-quoted attribute.
fn push_attribute(out: &mut Vec<u8>, name: &str, value: &str) {
    out.push(b' ');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"=\"");
    push_escaped_bytes(out, value);
    out.push(b'"');
}
