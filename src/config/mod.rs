//! The site config: one JSON file describing the cookie, the preference questions, which
//! variant fills each slot for whom, and how listings are ranked.
//!
//! [`Config::from_json`] parses and validates in one step and reports every problem it
//! finds with the JSON path of the offending key. A config that fails is never applied.
//! Keys are documented in `docs/config.md`.

mod catalog;
mod dates;
mod offers;
mod parse;
mod questions;
#[cfg(feature = "schema")]
pub mod schema;
pub mod source;
mod validate;

pub use catalog::{Bundle, CatalogItem, Shelf, ShelfTemplate, Strategy, PLACEHOLDERS};
pub use dates::{ConfigDate, EpisodeDate};
pub use offers::{Discount, Offer};
pub use questions::{
    Choice, Question, Questions, MAX_ANSWER_BYTES, MAX_CHOICES, MAX_PICKED, MAX_QUESTIONS,
    RESERVED_KEYS,
};

use crate::errors::ConfigError;
use crate::profile::{Consent, Slug, ValueBand};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A validated site config, ready for per-request decisions.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the profile cookie lives and how long it is kept.
    #[serde(default)]
    pub cookie: CookieSettings,
    /// The preference questions offered to shoppers.
    pub questions: Questions,
    /// How inferred affinities count.
    #[serde(default)]
    pub affinity: AffinitySettings,
    /// Segment name → the rule that puts a shopper in it (intent and lifecycle groups).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub segments: BTreeMap<String, SegmentRule>,
    /// Episode name → a calendar campaign that can switch variants and boost products.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub episodes: BTreeMap<String, Episode>,
    /// The shop's calendar: which day it is for episodes and date windows.
    #[serde(default)]
    pub calendar: Calendar,
    /// Slot name → variants; the eligible one with the highest priority is shown (ties go
    /// to the earlier one).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub slots: BTreeMap<String, Vec<VariantRule>>,
    /// Experiments and the global holdout.
    #[serde(default)]
    pub experiments: Experiments,
    /// Consent, Global Privacy Control and regional opt-in rules.
    #[serde(default)]
    pub privacy: Privacy,
    /// Memory budgets of the streaming rewriter.
    #[serde(default)]
    pub budgets: Budgets,
    /// Diagnostics.
    #[serde(default)]
    pub debug: Debug,
    /// Variant id → its markup, for variants the pages do not carry as
    /// `<template data-pz-variant>`. A template in the page wins over the library.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub content: BTreeMap<String, std::sync::Arc<str>>,
    /// Listing name → ranking policy.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub listings: BTreeMap<String, ListingPolicy>,
    /// How on-device signals are recorded.
    #[serde(default)]
    pub signals: SignalSettings,
    /// The catalog feed: items shelves can show, whether or not a page carries them.
    #[serde(default)]
    pub catalog: Vec<CatalogItem>,
    /// Shelf name → a recommendation shelf, shown by slot rules that name it (`shelf`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub shelves: BTreeMap<String, Shelf>,
    /// Tag → tags that go well with it (`goes_well_with` shelves): after viewing or
    /// liking a mug, coasters and spoons.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub complements: BTreeMap<String, Vec<String>>,
    /// Offer name → a discount for the shoppers its conditions name, in a slot and as
    /// badges on listing items, within its guardrails.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub offers: BTreeMap<String, Offer>,
    /// Exposure events for the site's own analytics.
    #[serde(default)]
    pub analytics: Analytics,
    /// The language the shop's own words in this config are in (the questions' labels, the
    /// explanations), and the one pages are said in when neither the page's `<html lang>`
    /// nor the request's `Accept-Language` names one of the config's languages.
    #[serde(default = "default_language")]
    #[cfg_attr(
        feature = "schema",
        schemars(pattern(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))
    )]
    pub language: String,
    /// Language tag → message id → template: the shop's own wording over the built-in
    /// messages (English and German), further languages, and the words for its own keys
    /// in each language (`question.KEY`, `choice.QUESTION.CHOICE`, `because.QUESTION.CHOICE`,
    /// `tag.KEY`, `segment.NAME`, `why.SLOT.VARIANT`, `episode.NAME`).
    #[serde(default)]
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
    /// The message tables: the built-in ones with the config's `messages` and its own words
    /// in its default language (built once when the config is loaded).
    #[serde(skip)]
    pub texts: crate::messages::Messages,
    /// The tags some `bought` condition names: a purchase keeps its day for these tags
    /// only (computed once when the config is loaded).
    #[serde(skip)]
    pub bought_tags: Vec<Slug>,
    /// True when some `spend_band` condition reads the spending total, which purchases
    /// then keep (computed once when the config is loaded).
    #[serde(skip)]
    pub keeps_spend: bool,
    /// True when a `recently_viewed` shelf shows viewed items, which page views then
    /// record (computed once when the config is loaded).
    #[serde(skip)]
    pub keeps_viewed: bool,
    /// Each catalog item's reference ([`crate::profile::ItemRef`]), in the catalog's
    /// order (computed once when the config is loaded).
    #[serde(skip)]
    pub catalog_refs: Vec<crate::profile::ItemRef>,
    /// True when a slot rule or a segment reads the request's context (computed once when
    /// the config is loaded; see [`Config::has_context_rules`]).
    #[serde(skip)]
    pub context_rules: bool,
    /// The config as compact JSON, kept from parsing: the browser package is handed this
    /// same config in local-only mode (see [`crate::local_only`]).
    #[serde(skip)]
    pub json: std::sync::Arc<str>,
}

fn default_language() -> String {
    "en".to_owned()
}

/// Exposure events for the site's analytics: one per slot or listing a page shows with
/// exposure marks, carrying only config keys and reason codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Analytics {
    /// Emit a `shelfwise:exposure` event on `document` for each exposure, once per page
    /// view, after the page is visible (in edge mode with the package's small
    /// `@shelfwise/browser/exposures` module). Off by default.
    pub events: bool,
    /// Also push each exposure to `window.dataLayer` as `{event: THIS, slot | listing,
    /// variant, reason, experiment, arm}` (for example `"shelfwise_exposure"`).
    pub data_layer_event: Option<String>,
}

/// How on-device signals are recorded.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct SignalSettings {
    /// Order totals below this are the `low` value band.
    pub low_value_below: f64,
    /// Order totals from this are the `high` value band.
    pub high_value_from: f64,
    /// All orders added up below this are the `low` spend band.
    pub low_spend_below: f64,
    /// All orders added up from this are the `high` spend band.
    pub high_spend_from: f64,
    /// Time on a product page (visible seconds, measured in the browser) reinforces the
    /// page's keys: the highest step reached counts.
    pub dwell: Vec<crate::profile::DwellStep>,
}

impl Default for SignalSettings {
    fn default() -> Self {
        SignalSettings {
            low_value_below: 40.0,
            high_value_from: 150.0,
            low_spend_below: 100.0,
            high_spend_from: 500.0,
            dwell: vec![
                crate::profile::DwellStep {
                    seconds: 20,
                    weight: 8,
                },
                crate::profile::DwellStep {
                    seconds: 60,
                    weight: 16,
                },
                crate::profile::DwellStep {
                    seconds: 180,
                    weight: 24,
                },
            ],
        }
    }
}

impl SignalSettings {
    /// The last order's value band thresholds as the profile uses them.
    pub fn bands(&self) -> crate::profile::ValueBands {
        crate::profile::ValueBands {
            low_below: self.low_value_below,
            high_from: self.high_value_from,
        }
    }

    /// The cumulative spend band thresholds.
    pub fn spend_bands(&self) -> crate::profile::ValueBands {
        crate::profile::ValueBands {
            low_below: self.low_spend_below,
            high_from: self.high_spend_from,
        }
    }
}

/// Cookie name and retention.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct CookieSettings {
    /// Name of the profile cookie.
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[A-Za-z0-9_-]{1,32}$")))]
    pub name: String,
    /// `Max-Age` of the cookie in days (1–90).
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 90)))]
    pub max_age_days: u16,
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            name: "pz".to_owned(),
            max_age_days: 30,
        }
    }
}

/// How inferred affinities are weighed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct AffinitySettings {
    /// An affinity halves every this many days without reinforcement.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub half_life_days: u16,
    /// Decayed weight (0–255) from which an inferred affinity counts as "loves".
    pub loves_threshold: u8,
}

impl Default for AffinitySettings {
    fn default() -> Self {
        AffinitySettings {
            half_life_days: 14,
            loves_threshold: 64,
        }
    }
}

/// One variant of a slot and who is eligible for it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VariantRule {
    /// The variant's id, matching `<template data-pz-variant="…">` in the page.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::profile::KEY_PATTERN)))]
    pub variant: String,
    /// Conditions that must all hold for the variant to be shown.
    pub when: Condition,
    /// Higher wins among eligible variants; equal priorities go to the earlier rule.
    #[serde(default)]
    pub priority: i32,
    /// Show this shelf (`shelves`) instead of a template: the rule holds only when the
    /// shelf finds enough items, and `variant` names what was shown in exposure marks.
    #[serde(default)]
    pub shelf: Option<String>,
    /// Show it at most `max` times within `days` days (counted in the shopper's profile);
    /// after that the next eligible variant, or the default, takes its place.
    #[serde(default)]
    pub cap: Option<Cap>,
    /// What the shopper is told when this rule chose the variant ("Because you came from
    /// our winter newsletter"), instead of the sentence of its strongest reason.
    #[serde(default)]
    pub explanation: Option<String>,
    /// The rule reads the request's context, itself or through a segment it names, so it
    /// may decide for a visitor without a profile (set when the config is loaded).
    #[serde(skip)]
    pub applies_without_profile: bool,
    /// The offer (`offers`) this rule shows: set when the config is loaded, for the rule
    /// each offer with a `slot` adds to it.
    #[serde(skip)]
    pub offer: Option<String>,
}

/// A frequency cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cap {
    /// Most showings within the window (1–255).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max: u8,
    /// The window's length in days (1–90).
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 90)))]
    pub days: u16,
}

/// A named group of shoppers, derived from the profile by a rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    /// Conditions that must all hold.
    pub when: Condition,
    /// Higher first when a shopper is in several segments (explanations name the first).
    #[serde(default)]
    pub priority: i32,
    /// What the shopper is told, e.g. "Because you've bought from us before".
    pub explanation: String,
}

/// Eligibility conditions over the profile and the calendar. Every condition given must
/// hold, and at least one is required.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Question key → choices: the shopper's answer to each question named picked at
    /// least one of its choices listed here.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub answered: BTreeMap<String, Vec<String>>,
    /// Shorthand for `answered: { "for": [...] }`: the shopper told us they shop for one
    /// of these (`self`, `gift`, `unsure` in the earlier questions).
    #[serde(default)]
    pub shopping_for: Vec<String>,
    /// The shopper picked this key in an `interests` question, or browsed it enough.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(pattern(crate::profile::KEY_PATTERN)))]
    pub loves: Option<String>,
    /// The shopper is in at least one of these segments (slot variants only).
    #[serde(default)]
    pub segments: Vec<String>,
    /// Shorthand for `answered: { "occasion": [...] }`: the shopper gave one of these
    /// occasions at first purchase.
    #[serde(default)]
    pub occasion: Vec<String>,
    /// Days with a visit, at least.
    #[serde(default)]
    pub visits_at_least: Option<u8>,
    /// Days with a visit, at most.
    #[serde(default)]
    pub visits_at_most: Option<u8>,
    /// Purchases, at least.
    #[serde(default)]
    pub purchases_at_least: Option<u8>,
    /// Purchases, at most (`0`: a shopper who has not bought yet).
    #[serde(default)]
    pub purchases_at_most: Option<u8>,
    /// The last purchase's value band is one of these (`low`, `mid`, `high`).
    #[serde(default)]
    pub value_band: Vec<ValueBand>,
    /// All orders so far added up fall in one of these bands (`low`, `mid`, `high`; the
    /// thresholds are `signals.low_spend_below` and `signals.high_spend_from`).
    #[serde(default)]
    pub spend_band: Vec<ValueBand>,
    /// Days since the last purchase, at least (a shopper who never bought does not match).
    #[serde(default)]
    pub days_since_purchase_at_least: Option<u16>,
    /// Something tagged this was bought, within or after these many days (replenishment
    /// reminders). Only the tags these conditions name keep a purchase day in the profile.
    #[serde(default)]
    pub bought: Option<Bought>,
    /// Something has sat in the cart without a purchase for at least this many days.
    #[serde(default)]
    pub cart_open_days_at_least: Option<u16>,
    /// Wishlist adds, at least.
    #[serde(default)]
    pub wishlist_adds_at_least: Option<u8>,
    /// The shopper allowed at least this much (`essential` or `personalization`).
    #[serde(default)]
    pub consent: Option<Consent>,
    /// This episode is running.
    #[serde(default)]
    pub episode: Option<String>,
    /// Only from this day on (`YYYY-MM-DD`, the shop's calendar).
    #[serde(default)]
    pub from: Option<ConfigDate>,
    /// Only until this day, inclusive.
    #[serde(default)]
    pub until: Option<ConfigDate>,
    /// The page URL's query parameter NAME has one of these values (`utm_campaign`,
    /// `utm_source`, `utm_medium` or the shop's own click parameters), compared without
    /// regard to ASCII case. Every parameter named must match. Read per request, never
    /// stored.
    #[serde(default)]
    pub campaign: BTreeMap<String, Vec<String>>,
    /// The visit was referred by one of these: a kind (`search`, `social`, `email`, `none`,
    /// `internal`, `other`) or a host (`newsletter.example.com`, matching its subdomains).
    #[serde(default)]
    pub referrer: Vec<String>,
    /// The request comes from one of these countries (ISO 3166-1 alpha-2, from the
    /// platform at the edge; given by the page to the browser package).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(inner(pattern(r"^[A-Z]{2}$"))))]
    pub country: Vec<String>,
    /// The request comes from one of these regions: `COUNTRY-REGION` codes (ISO 3166-2,
    /// such as `US-CA` or `DE-BY`), from the platform at the edge; given by the page to the
    /// browser package.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(inner(pattern(r"^[A-Z]{2}-[A-Z0-9]{1,8}$")))
    )]
    pub region: Vec<String>,
    /// The device is one of these (`mobile`, `desktop`).
    #[serde(default)]
    pub device: Vec<crate::context::Device>,
    /// At least one of these conditions holds (each a condition of its own, every part of
    /// which must hold).
    #[serde(default)]
    pub any_of: Vec<Condition>,
    /// This condition does not hold.
    #[serde(default)]
    pub not: Option<Box<Condition>>,
    /// The page's path is one of these; a pattern ending in `*` matches by prefix
    /// (`/category/*`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(inner(pattern(r"^/"))))]
    pub path: Vec<String>,
}

impl Condition {
    /// True when no condition is given (a rule needs one at least). Checked field by field
    /// rather than compared with an empty condition, which would cost the worker a derived
    /// comparison of every field.
    pub fn is_empty(&self) -> bool {
        let Condition {
            answered,
            shopping_for,
            loves,
            segments,
            occasion,
            visits_at_least,
            visits_at_most,
            purchases_at_least,
            purchases_at_most,
            value_band,
            spend_band,
            days_since_purchase_at_least,
            bought,
            cart_open_days_at_least,
            wishlist_adds_at_least,
            consent,
            episode,
            from,
            until,
            campaign,
            referrer,
            country,
            region,
            device,
            any_of,
            not,
            path,
        } = self;
        answered.is_empty()
            && shopping_for.is_empty()
            && loves.is_none()
            && segments.is_empty()
            && occasion.is_empty()
            && visits_at_least.is_none()
            && visits_at_most.is_none()
            && purchases_at_least.is_none()
            && purchases_at_most.is_none()
            && value_band.is_empty()
            && spend_band.is_empty()
            && days_since_purchase_at_least.is_none()
            && bought.is_none()
            && cart_open_days_at_least.is_none()
            && wishlist_adds_at_least.is_none()
            && consent.is_none()
            && episode.is_none()
            && from.is_none()
            && until.is_none()
            && campaign.is_empty()
            && referrer.is_empty()
            && country.is_empty()
            && region.is_empty()
            && device.is_empty()
            && any_of.is_empty()
            && not.is_none()
            && path.is_empty()
    }

    /// True when the condition looks at the request itself (campaign, referrer, country,
    /// device, path), itself or in a part: such rules may apply to visitors without a
    /// profile.
    pub fn reads_context(&self) -> bool {
        !self.campaign.is_empty()
            || !self.referrer.is_empty()
            || !self.country.is_empty()
            || !self.region.is_empty()
            || !self.device.is_empty()
            || !self.path.is_empty()
            || self.any_of.iter().any(Condition::reads_context)
            || self.not.as_deref().is_some_and(Condition::reads_context)
    }

    /// Calls `visit` with this condition and each of its parts (`any_of`, `not`), deep.
    fn each_part(&self, visit: &mut dyn FnMut(&Condition)) {
        visit(self);
        for part in self.any_of.iter().chain(self.not.as_deref()) {
            part.each_part(visit);
        }
    }
}

/// A purchase of something tagged `tag`, and how long ago (its latest day is kept).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Bought {
    /// The tag, from the site's vocabulary (the keys pages give with purchases).
    #[cfg_attr(feature = "schema", schemars(pattern(crate::profile::KEY_PATTERN)))]
    pub tag: String,
    /// The latest such purchase is at least this many days ago.
    #[serde(default)]
    pub days_at_least: Option<u16>,
    /// The latest such purchase is at most this many days ago.
    #[serde(default)]
    pub days_at_most: Option<u16>,
}

/// Consent, Global Privacy Control and regional rules.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Privacy {
    /// The site's own consent cookie, when it has one: without a value granting
    /// personalization nothing is personalized and nothing is stored.
    pub consent_cookie: Option<ConsentCookie>,
    /// The shop's consent-management platforms, read in the order TCF, GPP, OneTrust,
    /// Cookiebot (then `consent_cookie`): the first whose cookie the request carries
    /// decides. With any configured and none present, nothing is personalized or stored.
    pub consent_platforms: ConsentPlatforms,
    /// `Sec-GPC: 1` turns off inferred behavioural signals: only what the shopper stated is
    /// used and nothing is inferred or counted from their browsing.
    pub gpc_limits_to_stated: bool,
    /// Countries (ISO 3166-1 alpha-2, from the platform's request metadata) where the
    /// preference form must carry an explicit opt-in (`consent=yes`) before anything is
    /// stored, unless the site's consent cookie already grants personalization.
    #[cfg_attr(feature = "schema", schemars(inner(pattern(r"^[A-Z]{2}$"))))]
    pub opt_in_countries: Vec<String>,
    /// Opt-in everywhere: the preference form must carry `consent=yes` for every shopper,
    /// wherever they are (a shop established in the EU owes it to all of them).
    pub opt_in_everywhere: bool,
    /// Tags never profiled on: never stored from a view or signal, dropped from stored
    /// profiles, so never ranked on or explained. A tag is sensitive when it, or one of its
    /// `-`-separated words, is listed. The default names the kinds of terms GDPR art. 9
    /// protects (health, sex life, religion, ethnicity, politics, trade unions).
    pub sensitive_tags: Vec<String>,
    /// When given, only these tags are ever profiled on (sensitive ones still never are).
    pub allowed_tags: Option<Vec<String>>,
    /// Show a small "why this?" sentence (the decision's explanation) after each filled
    /// slot's content, as `<small class="pz-why" data-pz-why>`. Off by default.
    pub why_badge: bool,
    /// Write the decision's reason code (`stated-craft:glass`, `segment:high-value`) into
    /// the page as `data-pz-reason` and into exposure events. It is derived from the
    /// profile and every script on the page can read it, so it is off by default: the
    /// marks then carry config keys and arms only.
    pub reasons_in_marks: bool,
    /// The profile's absolute lifetime in days, 1 to 396 (13 months): however often it is
    /// renewed, a profile this old is dropped and the shopper starts afresh (and is asked
    /// again).
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 396)))]
    pub max_profile_age_days: u16,
}

/// The longest absolute lifetime a profile may be given: 13 months.
pub const MAX_PROFILE_AGE_DAYS: u16 = 396;

impl Default for Privacy {
    /// No consent cookie; GPC honoured; opt-in in the EU, the EEA, the UK and Switzerland.
    fn default() -> Self {
        Privacy {
            consent_cookie: None,
            consent_platforms: ConsentPlatforms::default(),
            gpc_limits_to_stated: true,
            opt_in_countries: [
                "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
                "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
                "LI", "NO", "GB", "CH",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            opt_in_everywhere: false,
            sensitive_tags: DEFAULT_SENSITIVE_TAGS
                .split(' ')
                .map(str::to_owned)
                .collect(),
            allowed_tags: None,
            why_badge: false,
            reasons_in_marks: false,
            max_profile_age_days: 365,
        }
    }
}

/// Terms a shop should never profile on (GDPR art. 9 special categories): health, sex life
/// and orientation, religion, ethnicity, politics, trade unions; separated by spaces.
pub const DEFAULT_SENSITIVE_TAGS: &str = concat!(
    "pregnancy pregnant fertility ivf contraception contraceptive condom hiv std sti ",
    "erectile viagra incontinence diabetes diabetic insulin cancer chemotherapy ",
    "oncology dementia alzheimers depression antidepressant anxiety mental-health ",
    "psychiatric addiction rehab disability wheelchair hearing-aid prosthetic ",
    "medication selftest lgbt lgbtq gay lesbian bisexual transgender queer sexual ",
    "halal kosher religion religious bible quran koran torah mosque synagogue ethnic ",
    "political trade-union genetic dna",
);

impl Privacy {
    /// True when `tag` may be profiled on: not sensitive, and allowed when an allowlist is
    /// given. The one place this rule lives, for the edge and the browser alike.
    pub fn may_profile(&self, tag: &str) -> bool {
        let sensitive = self.sensitive_tags.iter().any(|term| {
            tag == term
                || tag.split('-').any(|word| word == term)
                || (term.contains('-') && tag.contains(term.as_str()))
        });
        let allowed = self
            .allowed_tags
            .as_ref()
            .is_none_or(|allowed| allowed.iter().any(|a| a == tag));
        allowed && !sensitive
    }
}

/// The site's consent cookie and which of its values grant what.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentCookie {
    /// The cookie's name.
    pub name: String,
    /// Values that grant essential storage only.
    #[serde(default)]
    pub essential: Vec<String>,
    /// Values that grant personalization.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub personalization: Vec<String>,
    /// Values that grant statistics: without one, no exposure event is emitted.
    #[serde(default)]
    pub statistics: Vec<String>,
}

/// The shop's consent-management platforms, each optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ConsentPlatforms {
    /// An IAB TCF v2.2 TC string (`euconsent-v2`): purpose 1 allows the answers, 1, 5 and 6
    /// learning from browsing, 1 and 8 measurement and exposure events.
    pub tcf: Option<TcfSource>,
    /// An IAB GPP string (`__gpp`): its EU TCF section as `tcf`; an opt-out of sale,
    /// sharing or targeted advertising in a US section counts as Global Privacy Control.
    pub gpp: Option<TcfSource>,
    /// OneTrust's `OptanonConsent` cookie, its groups mapped to the purposes.
    pub onetrust: Option<PlatformMapping>,
    /// Cookiebot's `CookieConsent` cookie, its categories mapped to the purposes.
    pub cookiebot: Option<PlatformMapping>,
}

impl ConsentPlatforms {
    /// True when any platform is configured.
    pub fn any(&self) -> bool {
        self.tcf.is_some()
            || self.gpp.is_some()
            || self.onetrust.is_some()
            || self.cookiebot.is_some()
    }
}

/// How a TC string (alone, or a GPP string's EU section) is read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct TcfSource {
    /// The cookie holding the string: `euconsent-v2` for TCF and `__gpp` for GPP when not
    /// given.
    pub cookie: Option<String>,
    /// The shop's vendor id in the Global Vendor List, when it has one: the vendor must
    /// have consent too.
    pub vendor_id: Option<u16>,
    /// Read the purposes the publisher itself was given (the publisher TC segment), as a
    /// shop personalizing its own pages does, instead of the vendors' purposes.
    pub publisher_purposes: bool,
}

/// A platform's groups (OneTrust `C0003`) or categories (Cookiebot `preferences`) that
/// grant each of Shelfwise's purposes: a purpose is granted when all its names were
/// accepted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlatformMapping {
    /// The platform's cookie, when not its usual name (`OptanonConsent`, `CookieConsent`).
    #[serde(default)]
    pub cookie: Option<String>,
    /// Names that allow using the stated answers (and so storing a profile at all).
    pub answers: Vec<String>,
    /// Names that allow learning from browsing.
    #[serde(default)]
    pub interests: Vec<String>,
    /// Names that allow experiments.
    #[serde(default)]
    pub measurement: Vec<String>,
    /// Names that allow exposure events for the shop's analytics.
    #[serde(default)]
    pub statistics: Vec<String>,
}

/// Memory budgets of the streaming rewriter. Exceeding one never fails a page: the slot or
/// listing (or the rest of the page) passes through unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Budgets {
    /// Largest slot or listing held in memory to be rearranged, in KiB.
    #[cfg_attr(feature = "schema", schemars(range(min = 16, max = 65536)))]
    pub max_capture_kib: u32,
    /// Memory the HTML parser may use for its own buffers, in KiB.
    #[cfg_attr(feature = "schema", schemars(range(min = 64, max = 65536)))]
    pub max_parser_memory_kib: u32,
}

impl Default for Budgets {
    /// The rewriter's own defaults, in KiB: one set of numbers, kept in
    /// [`crate::rewrite::RewriteSettings`].
    fn default() -> Self {
        let settings = crate::rewrite::RewriteSettings::default();
        Budgets {
            max_capture_kib: (settings.max_capture_bytes / 1024) as u32,
            max_parser_memory_kib: (settings.max_parser_memory / 1024) as u32,
        }
    }
}

impl Budgets {
    /// The rewriter settings these budgets give.
    pub fn rewrite_settings(&self) -> crate::rewrite::RewriteSettings {
        crate::rewrite::RewriteSettings {
            max_capture_bytes: self.max_capture_kib as usize * 1024,
            max_parser_memory: self.max_parser_memory_kib as usize * 1024,
        }
    }
}

/// Diagnostics.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Debug {
    /// Send the decision summary in an `x-shelfwise-trace` response header on personalized
    /// pages (config keys and reason codes only). Off by default.
    pub trace: bool,
}

/// The shop's calendar.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Calendar {
    /// The shop's offset from UTC in minutes (e.g. 60 for UTC+1): decides which day it is
    /// for episodes, date windows, decay and retention.
    #[cfg_attr(feature = "schema", schemars(range(min = -840, max = 840)))]
    pub utc_offset_minutes: i16,
}

/// A calendar campaign: either absolute dates or the same dates every year.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Episode {
    /// First day, `YYYY-MM-DD` (absolute) or `MM-DD` (every year).
    pub from: EpisodeDate,
    /// Last day, inclusive, in the same form as `from`. A yearly episode may wrap the new
    /// year (`12-20` to `01-06`).
    pub until: EpisodeDate,
    /// Listing items carrying one of these tags gain `boost` score while it runs.
    #[serde(default)]
    pub boost_tags: Vec<String>,
    /// Score added to boosted items (stated favourites score `stated_weight`).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(range(min = -100, max = 100)))]
    pub boost: f32,
}

/// Experiments with sticky, deterministic assignment, and a global holdout.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Experiments {
    /// Percent of shoppers (0–100) who see the defaults everywhere, to measure the whole.
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub holdout_percent: f32,
    /// Experiment key → its definition.
    #[cfg_attr(feature = "schema", schemars(extend("propertyNames" = { "pattern": crate::profile::KEY_PATTERN })))]
    pub tests: BTreeMap<String, Experiment>,
}

impl Experiments {
    /// True when the holdout or an experiment takes any shopper: only then is an
    /// experiment bucket drawn and kept in a profile.
    pub fn running(&self) -> bool {
        self.holdout_percent > 0.0 || self.tests.values().any(|e| e.traffic_percent > 0.0)
    }
}

/// One experiment on a slot or a listing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Experiment {
    /// Percent of shoppers (0–100) in the experiment. Raising it never moves anyone
    /// already assigned to another arm.
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub traffic_percent: f32,
    /// The slot it applies to (one of `slot` or `listing`).
    #[serde(default)]
    pub slot: Option<String>,
    /// The listing it applies to.
    #[serde(default)]
    pub listing: Option<String>,
    /// The arms, with relative weights.
    #[cfg_attr(feature = "schema", schemars(length(min = 2)))]
    pub arms: Vec<Arm>,
}

/// One arm of an experiment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Arm {
    /// The arm's name, written as `data-pz-arm`.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::profile::KEY_PATTERN)))]
    pub name: String,
    /// Relative share of the experiment's traffic.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub weight: u32,
    /// `personalized` (the normal decision) or `default` (the origin's content or order).
    #[serde(default)]
    pub treatment: Treatment,
}

/// What an arm shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Treatment {
    /// The normal personalized decision.
    #[default]
    Personalized,
    /// The origin's default content or order (a control).
    Default,
}

/// How one listing is re-ranked.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ListingPolicy {
    /// Score for an item tagged with an interest the shopper named (a choice of an `interests` question).
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub stated_weight: f32,
    /// Score per unit of (decayed) inferred affinity for one of the item's tags, 0–1.
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub inferred_weight: f32,
    /// Out-of-stock items (`data-pz-stock="0"`) go after every in-stock item.
    pub sink_out_of_stock: bool,
    /// Items whose `data-pz-margin` is below this are never promoted.
    pub margin_floor: Option<f64>,
    /// Items priced above this multiple of the top of the shopper's usual value band are
    /// never promoted (only for shoppers with a purchase).
    pub max_price_multiple: Option<f64>,
    /// At most this many consecutive items sharing their first tag…
    pub diversity_max_run: Option<usize>,
    /// …within the first this many positions.
    pub diversity_top_n: usize,
    /// Show only the first this many items after ranking ("top picks"); the others are
    /// left out of a personalized page. Everyone's page stays the origin's, so the shop
    /// shows the same number to every visitor with its own CSS (hiding the items after
    /// the N-th).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max_items: Option<usize>,
}

impl Default for ListingPolicy {
    fn default() -> Self {
        ListingPolicy {
            stated_weight: 2.0,
            inferred_weight: 1.0,
            sink_out_of_stock: true,
            margin_floor: None,
            max_price_multiple: None,
            diversity_max_run: None,
            diversity_top_n: 24,
            max_items: None,
        }
    }
}

impl Config {
    /// The message tables of this config: the built-in ones, its `messages`, and the words
    /// it gives its own keys in its default language (questions, choices, explanations).
    fn message_tables(&self) -> crate::messages::Messages {
        let mut texts = crate::messages::Messages::new(&self.language, self.messages.clone());
        let mut words: Vec<(String, String)> = Vec::new();
        for question in &self.questions.list {
            if let Some(label) = &question.label {
                words.push((format!("question.{}", question.key), label.clone()));
            }
            for choice in &question.choices {
                let id = format!("{}.{}", question.key, choice.key);
                if let Some(label) = &choice.label {
                    words.push((format!("choice.{id}"), label.clone()));
                }
                if let Some(because) = &choice.because {
                    words.push((format!("because.{id}"), because.clone()));
                }
            }
        }
        for (name, segment) in &self.segments {
            words.push((format!("segment.{name}"), segment.explanation.clone()));
        }
        for (slot, rules) in &self.slots {
            for rule in rules {
                if let Some(explanation) = &rule.explanation {
                    words.push((format!("why.{slot}.{}", rule.variant), explanation.clone()));
                }
            }
        }
        texts.add_default_words(words);
        texts
    }

    /// True when some rule looks at the request's context ([`Condition::reads_context`]):
    /// only then is the context read, and only then may a visitor without a profile get
    /// anything but the origin's page.
    pub fn has_context_rules(&self) -> bool {
        self.context_rules
    }

    /// True when a listing policy ranks by margin (`margin_floor`): the shop's pages then
    /// carry `data-pz-margin`, business data the edge removes from every page it serves —
    /// so it reads unpersonalized pages too. Without a margin floor nothing reads margins,
    /// and an unpersonalized page passes through without its body being read.
    pub fn ranks_by_margin(&self) -> bool {
        self.listings
            .values()
            .any(|policy| policy.margin_floor.is_some())
    }

    /// True when a shelf looks at the page it is on (`goes_well_with` starts from the
    /// product on the page; `recently_viewed` records it): the page's path is then read.
    pub fn reads_page_for_shelves(&self) -> bool {
        self.keeps_viewed
            || self
                .shelves
                .values()
                .any(|shelf| shelf.strategy == Strategy::GoesWellWith)
    }

    /// The catalog item whose page is at `path` (its `url`), as an index into the catalog.
    pub fn catalog_item_at(&self, path: &str) -> Option<usize> {
        if path.is_empty() {
            return None;
        }
        self.catalog.iter().position(|item| item.url == path)
    }

    /// The catalog item with the id `id`, as an index into the catalog.
    pub fn catalog_item_with_id(&self, id: &str) -> Option<usize> {
        self.catalog.iter().position(|item| item.id == id)
    }

    /// The one catalog item `item` refers to, as an index into the catalog; `None` when no
    /// item has that reference, or when two do (an ambiguous reference is never shown).
    pub fn catalog_item_of(&self, item: crate::profile::ItemRef) -> Option<usize> {
        let mut matches = (0..self.catalog_refs.len()).filter(|&i| self.catalog_refs[i] == item);
        let first = matches.next()?;
        matches.next().is_none().then_some(first)
    }

    /// What recording a signal takes from the config, with `random` for the coarse
    /// spending total.
    pub fn signal_rules(&self, random: u32) -> crate::profile::SignalRules<'_> {
        crate::profile::SignalRules {
            bands: self.signals.bands(),
            bought_tags: &self.bought_tags,
            keeps_spend: self.keeps_spend,
            dwell: &self.signals.dwell,
            random,
        }
    }

    /// Parses and validates a config. `file` names the source in error messages. Every
    /// problem found is reported: values that do not fit their type, then broken rules.
    pub fn from_json(file: &str, text: &str) -> Result<Config, ConfigError> {
        let reading = parse::read(text);
        let mut problems = reading.problems.clone();
        if let Some(config) = &reading.config {
            problems.extend(validate::problems(config).into_iter().map(|mut problem| {
                problem.path = reading.as_in_file(&problem.path);
                problem
            }));
        }
        match reading.config {
            Some(mut config) if problems.is_empty() => {
                // The segments that read the request itself, by name (not a copy of the
                // segments: cloning conditions would cost the worker bytes for nothing).
                let context_segments: Vec<String> = config
                    .segments
                    .iter()
                    .filter(|(_, segment)| segment.when.reads_context())
                    .map(|(name, _)| name.clone())
                    .collect();
                // Each offer with a slot is one more rule of it: its caps, priority and
                // exposure marks work as any variant's.
                for (name, offer) in &config.offers {
                    let Some(slot) = &offer.slot else { continue };
                    config
                        .slots
                        .entry(slot.clone())
                        .or_default()
                        .push(VariantRule {
                            variant: name.clone(),
                            when: offer.when.clone(),
                            priority: offer.priority,
                            shelf: None,
                            cap: offer.cap,
                            explanation: offer.explanation.clone(),
                            applies_without_profile: false,
                            offer: Some(name.clone()),
                        });
                    if let Some(html) = &offer.html {
                        config.content.insert(name.clone(), html.clone());
                    }
                }
                for rule in config.slots.values_mut().flatten() {
                    rule.applies_without_profile = rule.when.reads_context()
                        || rule
                            .when
                            .segments
                            .iter()
                            .any(|name| context_segments.contains(name));
                }
                config.context_rules = config
                    .slots
                    .values()
                    .flatten()
                    .any(|rule| rule.applies_without_profile);
                // Data minimisation: a purchase keeps a tag's day, or the spending total,
                // only when some condition reads it.
                let (mut bought_tags, mut keeps_spend) = (Vec::new(), false);
                let conditions = config.slots.values().flatten().map(|rule| &rule.when);
                let offers = config.offers.values().map(|offer| &offer.when);
                for when in conditions
                    .chain(offers)
                    .chain(config.segments.values().map(|s| &s.when))
                {
                    when.each_part(&mut |part| {
                        keeps_spend |= !part.spend_band.is_empty();
                        let tag = part.bought.as_ref().and_then(|b| Slug::new(&b.tag));
                        if let Some(tag) = tag.filter(|tag| !bought_tags.contains(tag)) {
                            bought_tags.push(tag);
                        }
                    });
                }
                (config.bought_tags, config.keeps_spend) = (bought_tags, keeps_spend);
                config.keeps_viewed = config
                    .shelves
                    .values()
                    .any(|shelf| shelf.strategy == Strategy::RecentlyViewed);
                config.catalog_refs = config
                    .catalog
                    .iter()
                    .map(|item| crate::profile::ItemRef::of(&item.id))
                    .collect();
                config.texts = config.message_tables();
                // Already parsed once, so it is valid JSON; compacting drops whitespace only.
                config.json = serde_json::from_str::<serde_json::Value>(text)
                    .map(|value| value.to_string())
                    .unwrap_or_else(|_| text.to_owned())
                    .into();
                Ok(config)
            }
            _ => Err(ConfigError::Invalid {
                file: file.to_owned(),
                problems,
            }),
        }
    }

    /// Reads, parses and validates a config file (native builds only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_file(path: &std::path::Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        Config::from_json(&file, &text)
    }
}
