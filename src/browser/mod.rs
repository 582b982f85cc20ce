//! The browser package's adapter: the core exported to JavaScript with wasm-bindgen.
//!
//! It holds no business logic. The JavaScript half of the package (`package/src/`) reads the
//! page's markup contract from the live DOM, asks an [`Engine`] the same questions the
//! streaming rewriter asks at the edge ([`crate::rewrite::Decisions`]) and applies the
//! answers; the profile is stored by the page in `localStorage`, as the same compact
//! encoding the edge keeps in its cookie. Values cross the boundary as strings and arrays
//! of strings or numbers, one call per slot or listing.

mod dom;

use crate::analytics::PageExposures;
use crate::config::Config;
use crate::context::{PageParts, VisitContext};

use crate::contract::{Decisions, Exposure};
use crate::decide::PagePlan;
use crate::request::{self, PreferenceForm};
use crate::session::{NotStored, Session};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

pub use dom::{ABSENT, FIELD_SEPARATOR};

/// Decisions and profile updates for one page, on the shopper's device: the shopper's
/// [`Session`] (every rule lives there) and its page plan, made once.
#[wasm_bindgen]
pub struct Engine {
    session: Session,
    plan: Option<PagePlan>,
    /// Why the last answers were not stored, if they were not.
    refusal: Option<NotStored>,
    /// The view marker last recorded for each root personalized, so personalizing the same
    /// content again records nothing more (weakly held: a root the page drops is let go).
    viewed: js_sys::WeakMap,
}

/// What a slot shows.
#[wasm_bindgen(getter_with_clone)]
pub struct SlotChoice {
    /// The `data-pz-variant` of the template to show; `undefined` keeps the default
    /// content (an experiment's control arm: only the marks are written).
    pub variant: Option<String>,
    /// The variant's markup from the site config's content library, for a page without
    /// its `<template>`. Written by the site's operator, never derived from the profile.
    pub html: Option<String>,
    /// The "why this?" sentence, to be set as text, when the config turns the badge on.
    pub why: Option<String>,
    /// Attribute names and values to set on the slot element, flattened.
    pub marks: Vec<String>,
}

/// What applying the decisions to a part of the page changed, and the view it shows.
#[wasm_bindgen(getter_with_clone)]
pub struct PageChanges {
    /// The slots that now show a variant.
    pub slots: Vec<String>,
    /// The listings now in a decided order.
    pub listings: Vec<String>,
    /// The profile to store after recording the view, or `undefined` when nothing changed
    /// (or the same content was personalized again).
    pub stored: Option<String>,
    /// The exposures to report to the site's analytics (`{event, exposures}`), or
    /// `undefined`: the shopper's consent does not allow statistics, or this content was
    /// reported already.
    pub exposures: JsValue,
}

/// A listing's new order.
#[wasm_bindgen(getter_with_clone)]
pub struct ListingChoice {
    /// `order[i]` is the index (in page order) of the item shown at position `i`.
    pub order: Vec<u32>,
    /// Attribute names and values to set on the listing element, flattened.
    pub marks: Vec<String>,
}

fn marks(exposure: &Exposure) -> Vec<String> {
    exposure
        .attributes()
        .flat_map(|(name, value)| [name.to_owned(), value.to_owned()])
        .collect()
}

fn js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

#[wasm_bindgen]
impl Engine {
    /// Parses and validates the site config; `now_ms` is the current time (`Date.now()`),
    /// turned into a day of the shop's calendar.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, now_ms: f64) -> Result<Engine, JsError> {
        let config = Config::from_json("site config", config_json).map_err(js_error)?;
        let today = Session::today(&config, now_ms);
        let permissions = request::permissions_on_device(&config, None, false, None);
        Ok(Engine {
            session: Session::new(Rc::new(config), today, permissions, None),
            plan: None,
            refusal: None,
            viewed: js_sys::WeakMap::new(),
        })
    }

    /// The `localStorage` key the profile lives under (the config's cookie name, so one
    /// name identifies the profile in both modes).
    #[wasm_bindgen(getter, js_name = storageKey)]
    pub fn storage_key(&self) -> String {
        self.session.config().cookie.name.clone()
    }

    /// Loads the stored profile (retention applied: an expired or unreadable one is
    /// ignored) and the shopper's privacy signals: the page's cookies (for the site's
    /// consent cookie), `navigator.globalPrivacyControl`, and the country when the site
    /// knows it.
    pub fn load(
        &mut self,
        stored: Option<String>,
        cookies: Option<String>,
        gpc: bool,
        country: Option<String>,
    ) {
        let config = self.session.config().clone();
        let permissions =
            request::permissions_on_device(&config, cookies.as_deref(), gpc, country.as_deref());
        let today = self.session.day();
        self.session = Session::new(config, today, permissions, stored.as_deref());
        self.plan = None;
    }

    /// Sets what this page view itself says, for the config's context rules: the page's
    /// path, query and host (`location`), the referring page's host (from
    /// `document.referrer`), the country when the site knows it, the browser's own answer to
    /// "mobile?" (`?1`/`?0`, from `navigator.userAgentData`) and the user agent. Read only
    /// when the config has context rules, used for this view only, never stored. Call after
    /// [`load`](Self::load), which starts a new visit.
    #[wasm_bindgen(js_name = setVisit)]
    #[allow(clippy::too_many_arguments)]
    pub fn set_visit(
        &mut self,
        path: &str,
        query: &str,
        host: Option<String>,
        referrer_host: Option<String>,
        country: Option<String>,
        region: Option<String>,
        mobile_hint: Option<String>,
        user_agent: Option<String>,
    ) {
        if !self.session.wants_context() {
            return;
        }
        self.session
            .set_context(VisitContext::from_parts(PageParts {
                path,
                query,
                host: host.as_deref(),
                referrer_host: referrer_host.as_deref(),
                country: country.as_deref(),
                region: region.as_deref(),
                mobile_hint: mobile_hint.as_deref(),
                user_agent: user_agent.as_deref(),
            }));
        self.plan = None;
    }

    /// The languages of this page view: the page's `<html lang>` and the browser's
    /// preferred languages (`navigator.languages`, comma-separated, as `Accept-Language`
    /// would list them). What the shopper reads is said in the first the config has, else
    /// its default. Call after [`load`](Self::load).
    #[wasm_bindgen(js_name = setLanguages)]
    pub fn set_languages(&mut self, page: Option<String>, preferred: Option<String>) {
        self.session.set_languages(
            page.as_deref().filter(|tag| !tag.is_empty()),
            preferred.as_deref(),
        );
        self.plan = None;
    }

    /// True when the stored value just loaded is unreadable or past retention: the page
    /// deletes it, so expired data does not linger on the device.
    #[wasm_bindgen(getter)]
    pub fn stale(&self) -> bool {
        self.session.stale()
    }

    /// True when a profile is loaded and may personalize this page.
    #[wasm_bindgen(getter, js_name = hasProfile)]
    pub fn has_profile(&self) -> bool {
        self.session.profile().is_some()
    }

    /// True when nothing on the page would change: no need to read the DOM at all.
    #[wasm_bindgen(js_name = isNoop)]
    pub fn is_noop(&mut self) -> bool {
        self.plan().is_none_or(PagePlan::is_noop)
    }

    /// Fills the slots and reorders the listings inside `root` (a document or an element)
    /// on the live DOM, exactly as the edge's streaming rewriter does, then records the view
    /// ([`finishPage`](Self::finish_page)) from its `data-pz-view` marker. Content already
    /// personalized is left as it is, and personalizing the same content again (same root,
    /// same marker, nothing left to fill) records nothing. Never throws.
    #[wasm_bindgen(js_name = applyTo)]
    pub fn apply_to(&mut self, root: &web_sys::Node) -> PageChanges {
        let view = dom::view_marker(root);
        let applied = match self.plan() {
            Some(plan) if !plan.is_noop() => dom::apply(plan, root),
            _ => dom::Applied::default(),
        };
        let marker = view
            .as_deref()
            .map_or(JsValue::UNDEFINED, JsValue::from_str);
        let again =
            applied.slots.is_empty() && self.viewed.has(root) && self.viewed.get(root) == marker;
        let stored = if again {
            None
        } else {
            self.viewed.set(root, &marker);
            // Any random number, for an experiment bucket if one is now needed.
            let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
            self.finish_page(view, applied.slots.clone(), random)
        };
        let exposures = if again || !self.session.permissions().statistics {
            JsValue::UNDEFINED
        } else {
            let event = self.session.config().analytics.data_layer_event.clone();
            let page = PageExposures::of(&applied.exposed, event.as_deref());
            serde_wasm_bindgen::to_value(&page).unwrap_or(JsValue::UNDEFINED)
        };
        PageChanges {
            slots: applied.slots,
            listings: applied.listings,
            stored,
            exposures,
        }
    }

    /// What `slot` shows, or `undefined` to leave it as it is.
    pub fn slot(&mut self, slot: &str) -> Option<SlotChoice> {
        let fill = self.plan()?.slot(slot)?;
        Some(SlotChoice {
            marks: marks(&fill.exposure),
            variant: fill.variant,
            html: fill.library_html.map(|html| html.to_string()),
            why: fill.why,
        })
    }

    /// True when `listing` may be reordered, so its items are worth reading.
    #[wasm_bindgen(js_name = wantsListing)]
    pub fn wants_listing(&mut self, listing: &str) -> bool {
        self.plan().is_some_and(|plan| plan.wants_listing(listing))
    }

    /// The new order of a listing. `fields` is one string (one copy across the boundary,
    /// whatever the listing's length): the values of the markup contract's [`ITEM_FIELDS`](crate::contract::ITEM_FIELDS) for
    /// each item, in page order, all separated by [`FIELD_SEPARATOR`], with [`ABSENT`] for
    /// an attribute the item does not carry. `undefined` keeps the page's order, as does a
    /// string that does not split into whole items.
    pub fn order(&mut self, listing: &str, fields: &str) -> Option<ListingChoice> {
        let items = dom::parse_items(fields)?;
        let decided = self.plan()?.order(listing, &items)?;
        Some(ListingChoice {
            order: decided.order.iter().map(|&i| i as u32).collect(),
            marks: marks(&decided.exposure),
        })
    }

    /// Records the page view once the page is personalized: `view` is the page's
    /// `data-pz-view` marker and `filled_slots` the slots that now show a variant (for
    /// frequency caps); `random` is any random number, for an experiment bucket if one is
    /// now needed. Returns the profile to store, or `undefined` when nothing changed.
    #[wasm_bindgen(js_name = finishPage)]
    pub fn finish_page(
        &mut self,
        view: Option<String>,
        filled_slots: Vec<String>,
        random: u32,
    ) -> Option<String> {
        let capped: Vec<(String, u16)> = {
            let plan = self.plan()?;
            plan.capped_variants()
                .filter(|(slot, _, _)| filled_slots.iter().any(|s| s == slot))
                .map(|(_, variant, days)| (variant.to_owned(), days))
                .collect()
        };
        let shown_capped = capped
            .iter()
            .map(|(variant, days)| (variant.as_str(), *days));
        let changed = self
            .session
            .record_view(view.as_deref(), shown_capped, random);
        changed.then(|| self.session.stored_value()).flatten()
    }

    /// Records a wishlist, cart or purchase signal, given as the same form fields the edge
    /// endpoint takes (`kind=cart&keys=ceramics,mugs`). Returns the profile to store, or
    /// `undefined` when nothing may be recorded (no profile, no consent, Global Privacy
    /// Control).
    #[wasm_bindgen(js_name = recordSignal)]
    pub fn record_signal(&mut self, form: &str) -> Result<Option<String>, JsError> {
        let signal = request::parse_signal(form.as_bytes()).map_err(js_error)?;
        // Any random number, for where an order leaves the coarse spending total.
        let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let recorded = self.session.record_signal(&signal, random);
        self.plan = None;
        Ok(recorded.then(|| self.session.stored_value()).flatten())
    }

    /// Stores the answers of a preference form, given as its URL-encoded fields (the same
    /// form the edge endpoint takes, `interests=yes` and `measurement=yes` included).
    /// `random` is any random number, for an experiment bucket if one is needed. Returns
    /// the profile to store, or `undefined` when consent does not allow storing anything.
    #[wasm_bindgen(js_name = setAnswers)]
    pub fn set_answers(&mut self, form: &str, random: u32) -> Result<Option<String>, JsError> {
        let form =
            PreferenceForm::parse(form.as_bytes(), self.session.config()).map_err(js_error)?;
        let outcome = self.session.set_answers(form, random);
        self.refusal = outcome.err();
        self.plan = None;
        Ok(outcome.ok().and_then(|()| self.session.stored_value()))
    }

    /// Why the last answers were not stored: `"opt-in-required"` (the shopper may be where
    /// opt-in is required — an unknown country counts as such — and the form did not carry
    /// `consent=yes`), `"no-consent"` (the site's consent cookie does not allow it),
    /// `"no-answer"` (nothing was answered and there is no profile to change), or `undefined`
    /// when they were stored.
    #[wasm_bindgen(getter, js_name = lastRefusal)]
    pub fn last_refusal(&self) -> Option<String> {
        self.refusal.map(|refusal| {
            match refusal {
                NotStored::OptInRequired => "opt-in-required",
                NotStored::NoConsent => "no-consent",
                NotStored::NoAnswer => "no-answer",
            }
            .to_owned()
        })
    }

    /// Sets what the profile may be used for, given as the privacy centre's form fields
    /// (`interests=yes&measurement=yes`; an absent one is withdrawn). `random` is any
    /// random number, for an experiment bucket if one is needed. Returns the profile to
    /// store, or `undefined` when there is no profile to change.
    #[wasm_bindgen(js_name = setPurposes)]
    pub fn set_purposes(&mut self, form: &str, random: u32) -> Result<Option<String>, JsError> {
        let form = request::PurposesForm::parse(form.as_bytes()).map_err(js_error)?;
        let changed = self.session.set_purposes(form.purposes, random);
        self.plan = None;
        Ok(changed.then(|| self.session.stored_value()).flatten())
    }

    /// Pauses (`true`) or resumes personalization, keeping the answers. Returns the profile
    /// to store, or `undefined` when there is no profile to pause.
    #[wasm_bindgen(js_name = setPaused)]
    pub fn set_paused(&mut self, paused: bool) -> Option<String> {
        let changed = self.session.set_paused(paused);
        self.plan = None;
        changed.then(|| self.session.stored_value()).flatten()
    }

    /// Removes one item (its catalog id) from the recently viewed. Returns the profile to
    /// store, or `undefined` when it was not kept.
    #[wasm_bindgen(js_name = forgetViewed)]
    pub fn forget_viewed(&mut self, id: &str) -> Option<String> {
        let changed = self.session.forget_viewed(id);
        self.plan = None;
        changed.then(|| self.session.stored_value()).flatten()
    }

    /// True when the loaded profile is paused from the privacy centre.
    #[wasm_bindgen(getter)]
    pub fn paused(&self) -> bool {
        self.session.paused()
    }

    /// Forgets the loaded profile (the page removes it from storage).
    pub fn forget(&mut self) {
        self.session.forget();
        self.plan = None;
    }

    /// What is stored, in plain words, as the object the privacy centre shows (the same
    /// report as the edge's `GET /__pz/profile`), handed over structured.
    pub fn report(&self) -> Result<JsValue, JsError> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        serde::Serialize::serialize(&self.session.report_value(), &serializer).map_err(js_error)
    }
}

impl Engine {
    /// The page's decisions, made once per loaded profile.
    fn plan(&mut self) -> Option<&PagePlan> {
        if self.plan.is_none() {
            self.plan = self.session.plan();
        }
        self.plan.as_ref()
    }
}
