//! One shopper's visit, the same at the edge, in the browser and in the CLI: which profile
//! may be read, what may be decided from it, what a page view, an answer, a signal, a
//! pause or a "forget me" records, and what the shopper is told about it.
//!
//! Every shopper rule lives here once. The adapters only translate their platform's
//! request (a `Cookie` header or a `localStorage` value, the consent signals, the day) into
//! a [`Session`] and its outcome (a value to store, a page plan) back into their platform's
//! response, so the worker and the browser package cannot drift apart.

use crate::analytics::ReportSettings;
use crate::config::Config;
use crate::context::VisitContext;
use crate::day::Day;
use crate::decide::{PagePlan, Trace};
use crate::messages::Lang;
use crate::profile::{self, Consent, Profile, Purposes, Signal, Slug, BUCKET_POSITIONS};
use crate::request::{self, view_keys, Permissions, PreferenceForm};
use crate::rewrite::PageExtras;
use crate::signing::{self, Signature, SigningKeys};
use std::rc::Rc;

/// One shopper's visit: the site config, the day, what the shopper's privacy choices allow
/// and the profile those choices let the site use.
#[derive(Debug, Clone)]
pub struct Session {
    config: Rc<Config>,
    today: Day,
    permissions: Permissions,
    /// The stored profile, within retention, when consent allows reading it at all.
    profile: Option<Profile>,
    /// The stored value was unreadable, past retention, or may no longer be kept (the
    /// shop's consent was withdrawn): the adapter deletes it.
    stale: bool,
    /// The stored profile was changed on reading (the shop's consent no longer allows a
    /// purpose it had): the adapter stores it again with the next page view.
    changed_on_read: bool,
    /// What the request itself says (campaign, referrer, country, device, path), when the
    /// config has rules that read it.
    context: VisitContext,
    /// Where the profile comes from, which decides whether it may earn offers.
    provenance: Provenance,
    /// The edge's keys: a profile it may trust is stored signed.
    signing: Option<SigningKeys>,
    /// The language what the shopper reads is said in ([`Session::set_languages`]).
    language: Lang,
}

/// Where a visit's profile comes from. An offer is worth money, so only a profile that
/// cannot have been forged on its way to a server is eligible for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    /// At the edge, signed with the worker's key (or none stored yet: what is created
    /// now is signed).
    Signed,
    /// At the edge without a valid signature (or without keys to check one): it still
    /// personalizes content, but never earns an offer, and is stored again unsigned, so
    /// that the shopper's next action cannot launder it.
    Unsigned,
    /// On the shopper's own device (the browser package in local-only mode): nothing of it
    /// reaches a server, and the shop's checkout re-validates any discount it shows.
    Device,
}

impl Provenance {
    /// True when offers may be shown from the profile.
    pub fn allows_offers(self) -> bool {
        self != Provenance::Unsigned
    }
}

/// One slot's decision or one listing's order, explained to the shopper in the privacy
/// centre.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Explanation {
    /// The slot or listing (a config key).
    pub slot: String,
    /// True for a listing's order.
    pub listing: bool,
    /// The variant it shows (a config key), or `default` for what everyone sees.
    pub variant: String,
    /// Why, in plain words: the decision's reason sentence.
    pub because: String,
}

/// Why a preference form stored nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotStored {
    /// The site's consent platform does not allow personalization.
    NoConsent,
    /// The shopper is where opt-in is required and did not tick "remember my answers".
    OptInRequired,
    /// The form carried no answer, and there is no profile to change.
    NoAnswer,
}

impl Session {
    /// The day of the shop's calendar (`calendar.utc_offset_minutes`) at `unix_millis`.
    pub fn today(config: &Config, unix_millis: f64) -> Day {
        let offset_millis = f64::from(config.calendar.utc_offset_minutes) * 60_000.0;
        Day::from_unix_millis(unix_millis + offset_millis)
    }

    /// A visit whose privacy choices are `permissions` and whose stored profile is
    /// `stored` (the cookie's or `localStorage`'s value). Retention is applied: an
    /// unreadable or expired value counts as nothing stored (and is [`stale`](Self::stale)).
    /// Without the shop's consent to personalization the stored profile is not read at all,
    /// and is deleted: withdrawing consent on the shop's platform erases it. A purpose the
    /// shop's consent no longer allows is withdrawn from the profile, with what it kept.
    pub fn new(
        config: Rc<Config>,
        today: Day,
        permissions: Permissions,
        stored: Option<&str>,
    ) -> Session {
        let live = stored.map(|value| {
            profile::decode(signing::unsigned_part(value))
                .ok()
                .and_then(|p| {
                    p.expire(
                        today,
                        config.cookie.max_age_days,
                        config.privacy.max_profile_age_days,
                    )
                })
        });
        // Tags the shop may no longer profile on are dropped from what was stored before, and
        // so are purchase facts no condition reads any more and answers to questions the
        // shop no longer asks.
        let privacy = &config.privacy;
        let mut trimmed = false;
        let live = live.map(|profile| {
            profile.map(|mut profile| {
                let sizes = |p: &Profile| {
                    let counts = (p.affinities.len(), p.bought.len(), p.viewed.len());
                    (counts, p.lifecycle.spend.is_some())
                };
                let before = sizes(&profile);
                // Answers are kept as the questions now ask them.
                let answers_changed = config.questions.keep_asked(&mut profile.answers);
                profile
                    .affinities
                    .retain(|affinity| privacy.may_profile(affinity.key.as_str()));
                profile
                    .bought
                    .retain(|b| config.bought_tags.contains(&b.tag));
                if !config.keeps_spend {
                    profile.lifecycle.spend = None;
                }
                // Recently viewed items are kept only while a shelf shows them, and only
                // those the privacy centre can list (and so the shopper remove).
                let listable = |item| config.keeps_viewed && config.catalog_item_of(item).is_some();
                profile.viewed.retain(|viewed| listable(viewed.item));
                // What was dropped is dropped from the stored value too, on the next page.
                trimmed = answers_changed || sizes(&profile) != before;
                profile
            })
        });
        let stale = matches!(live, Some(None)) || (stored.is_some() && !permissions.personalize());
        let mut profile = live.flatten().filter(|_| permissions.personalize());
        let mut changed_on_read = trimmed;
        if let Some(profile) = profile.as_mut() {
            let kept = profile.purposes.and(permissions.allowed);
            if kept != profile.purposes {
                profile.set_purposes(kept, today);
                changed_on_read = true;
            }
        }
        let language = config.texts.default_language();
        Session {
            stale,
            changed_on_read,
            profile,
            config,
            today,
            permissions,
            context: VisitContext::default(),
            provenance: Provenance::Device,
            signing: None,
            language,
        }
    }

    /// The languages the request names: the page's (its `<html lang>`, or the language a
    /// page asks the privacy centre's report in) and the request's `Accept-Language`. What
    /// the shopper reads is said in the first the config has, else its default.
    pub fn set_languages(&mut self, page: Option<&str>, accept_language: Option<&str>) {
        self.language = self.config.texts.choose(page, accept_language);
    }

    /// True when the config has rules that read the request's own context: only then
    /// does the adapter read it ([`set_context`](Self::set_context)), so requests to shops
    /// without such rules cost nothing more.
    pub fn wants_context(&self) -> bool {
        self.config.has_context_rules() || self.config.reads_page_for_shelves()
    }

    /// Sets what the request itself says, for context rules. It is used for this page view
    /// only and never stored.
    pub fn set_context(&mut self, context: VisitContext) {
        self.context = context;
    }

    /// A visit at the edge: the profile cookie and the site's consent cookie from the
    /// request's `Cookie` header, and the platform's privacy signals. With the worker's
    /// signing `keys` the cookie's signature is checked ([`Provenance`]); a value signed
    /// with the previous key is signed again with the current one on the next page view.
    pub fn at_edge(
        config: Rc<Config>,
        today: Day,
        signals: request::PrivacySignals<'_>,
        keys: Option<&SigningKeys>,
    ) -> Session {
        let permissions = request::permissions(&config, signals);
        let stored = signals
            .cookie_header
            .and_then(|header| request::cookie_value(header, &config.cookie.name));
        let (value, signature) = match (stored, keys) {
            (Some(stored), Some(keys)) => {
                let (value, signature) = keys.verify(stored);
                (Some(value), signature)
            }
            (stored, _) => (stored, Signature::Missing),
        };
        let mut session = Session::new(config, today, permissions, value);
        session.provenance = match (stored, keys, signature) {
            (_, None, _) | (Some(_), _, Signature::Missing) => Provenance::Unsigned,
            _ => Provenance::Signed,
        };
        session.changed_on_read |= signature == Signature::Previous && session.profile.is_some();
        session.signing = keys.cloned();
        session
    }

    /// Where the profile comes from, and so whether it may earn offers.
    pub fn provenance(&self) -> Provenance {
        self.provenance
    }

    /// The site config.
    pub fn config(&self) -> &Rc<Config> {
        &self.config
    }

    /// The day the visit happens on.
    pub fn day(&self) -> Day {
        self.today
    }

    /// What the shopper's privacy choices allow.
    pub fn permissions(&self) -> Permissions {
        self.permissions
    }

    /// The profile the site may use, if any.
    pub fn profile(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    /// True when the stored value was unreadable or past retention: it should be deleted.
    pub fn stale(&self) -> bool {
        self.stale
    }

    /// True when a profile is kept but personalization is paused from the privacy centre.
    pub fn paused(&self) -> bool {
        self.profile.as_ref().is_some_and(|p| !personalizes(p))
    }

    /// The page's decisions, when anything may be decided. With a profile: a paused one
    /// decides nothing, and under Global Privacy Control only what the shopper stated is
    /// used. Without one (nothing stored, or nothing that may be read): only the request's
    /// own context, when the site's consent allows personalization — and only a plan that
    /// changes something, so everyone else's page stays the origin's.
    pub fn plan(&self) -> Option<PagePlan> {
        match &self.profile {
            Some(profile) if personalizes(profile) => {
                let plan = PagePlan::with_context(
                    self.config.clone(),
                    Some(&self.decision_profile(profile)),
                    self.context.clone(),
                    self.today,
                    self.permissions.inferred,
                    self.provenance.allows_offers(),
                );
                plan.set_language(self.language);
                Some(plan)
            }
            Some(_) => None,
            None if self.permissions.personalize() && self.config.has_context_rules() => {
                let plan = PagePlan::with_context(
                    self.config.clone(),
                    None,
                    self.context.clone(),
                    self.today,
                    false,
                    false,
                );
                plan.set_language(self.language);
                (!plan.is_noop()).then_some(plan)
            }
            None => None,
        }
    }

    /// What a page personalized for this visit gets besides its decisions: item margins
    /// removed (the ranking ran here, and margins are the shop's business data) and, where
    /// the shopper's consent allows statistics, its exposures reported for the site's
    /// analytics.
    pub fn page_extras(&self) -> PageExtras {
        PageExtras {
            strip_item_margins: true,
            exposure_report: self.permissions.statistics.then(|| ReportSettings {
                data_layer_event: self.config.analytics.data_layer_event.clone(),
            }),
            ..PageExtras::default()
        }
    }

    /// True when a page with `plan` needs rewriting: something is decided, or viewing the
    /// page may be recorded (behavioural signals are allowed).
    pub fn page_needs_rewrite(&self, plan: &PagePlan) -> bool {
        !plan.is_noop() || self.permissions.inferred
    }

    /// The decision trace (`debug.trace`) of `plan` for this visit.
    pub fn trace_header(&self, plan: &PagePlan) -> Option<String> {
        self.trace(plan).map(|trace| trace.header())
    }

    /// How `plan` was decided for this visit (`shelfwise explain`): from the profile as the
    /// visit may use it (stated answers only under Global Privacy Control), or from the
    /// request's context alone for a visitor without one.
    pub fn trace(&self, plan: &PagePlan) -> Option<Trace> {
        let profile = self
            .profile
            .as_ref()
            .map(|profile| self.decision_profile(profile))
            .unwrap_or_default();
        Some(plan.trace(&profile, self.today))
    }

    /// True when behaviour may be recorded into and used from `profile`: the shopper
    /// allowed it (the `interests` purpose) and Global Privacy Control does not rule it out.
    fn behavioural(&self, profile: &Profile) -> bool {
        self.permissions.inferred && profile.allows_signals()
    }

    fn decision_profile(&self, profile: &Profile) -> Profile {
        if self.behavioural(profile) {
            profile.clone()
        } else {
            profile.stated_only()
        }
    }

    /// Draws the profile's experiment bucket from `random` when an experiment or the
    /// holdout runs and the shopper allows measurement, and drops it when neither holds:
    /// it is kept no longer than it is needed.
    fn settle_bucket(&self, profile: &mut Profile, random: u32) {
        let wanted = self.config.experiments.running() && profile.purposes.measurement;
        match (wanted, profile.bucket) {
            (true, None) => {
                profile.bucket = Some((random % u32::from(BUCKET_POSITIONS)) as u16);
            }
            (false, Some(_)) => profile.bucket = None,
            _ => {}
        }
    }

    /// Records what a page view means for the profile: the keys of its `data-pz-view`
    /// marker (a behavioural signal: only with the `interests` purpose and not under Global
    /// Privacy Control) and, not under Global Privacy Control, one showing of each
    /// frequency-capped variant the page actually displayed (`shown_capped`: variant and
    /// window in days). An experiment bucket is drawn
    /// from `random` when one is now needed, or dropped when no longer. Returns true when
    /// the profile changed and must be stored again.
    pub fn record_view<'a>(
        &mut self,
        view_marker: Option<&str>,
        shown_capped: impl IntoIterator<Item = (&'a str, u16)>,
        random: u32,
    ) -> bool {
        let Some(mut profile) = self.profile.take() else {
            return false;
        };
        let changed = self.record_view_into(&mut profile, view_marker, shown_capped, random);
        self.profile = Some(profile);
        changed || std::mem::take(&mut self.changed_on_read)
    }

    fn record_view_into<'a>(
        &self,
        profile: &mut Profile,
        view_marker: Option<&str>,
        shown_capped: impl IntoIterator<Item = (&'a str, u16)>,
        random: u32,
    ) -> bool {
        let today = self.today;
        if !personalizes(profile) {
            return false;
        }
        let before = profile.clone();
        self.settle_bucket(profile, random);
        let behavioural = self.behavioural(profile);
        if behavioural {
            let privacy = &self.config.privacy;
            let keys = view_marker
                .map(view_keys)
                .unwrap_or_default()
                .into_iter()
                .filter(|key| privacy.may_profile(key.as_str()))
                .collect();
            profile.record(&Signal::View(keys), self.config.signal_rules(random), today);
            // A catalog item's own page adds it to the recently viewed, while a shelf shows
            // them.
            let config = &self.config;
            let item = config
                .catalog_item_at(&self.context.path)
                .filter(|_| config.keeps_viewed)
                .and_then(|index| {
                    let item = *config.catalog_refs.get(index)?;
                    // Only an item its reference names alone: the privacy centre lists it.
                    (config.catalog_item_of(item) == Some(index)).then_some(item)
                });
            if let Some(item) = item {
                profile.record_viewed(item, today);
            }
        }
        // Under Global Privacy Control no showing is counted either (and the plan shows no
        // capped variant, whose cap could not be kept). A cap is kept with the answers, so
        // it does not need the `interests` purpose.
        for (variant, days) in shown_capped
            .into_iter()
            .filter(|_| self.permissions.inferred)
        {
            if let Some(variant) = Slug::new(variant) {
                profile.record_exposure(&variant, days, today);
            }
        }
        *profile != before
    }

    /// Stores the answers of a preference form. Answering is the shopper's consent to using
    /// their answers; learning from behaviour (`interests=yes`) and experiments
    /// (`measurement=yes`) are each granted only by their own tick, and the form never
    /// withdraws one (the privacy centre does, [`set_purposes`](Self::set_purposes)). An
    /// experiment bucket is drawn from `random` when one is needed. Nothing is stored when
    /// the site's consent does not allow it, or where opt-in is required and the form does
    /// not carry it.
    pub fn set_answers(&mut self, form: PreferenceForm, random: u32) -> Result<(), NotStored> {
        if !self.permissions.personalize() {
            return Err(NotStored::NoConsent);
        }
        if self.permissions.explicit_opt_in && !form.opted_in {
            return Err(NotStored::OptInRequired);
        }
        // A form with no answer is no choice to be remembered: it creates nothing (for a
        // stored profile it clears the answers, as the shopper asked).
        if self.profile.is_none() && !form.answers.has_any() {
            return Err(NotStored::NoAnswer);
        }
        let today = self.today;
        if self.profile.is_none() && self.signing.is_some() {
            // A profile created now is the edge's own: it is signed.
            self.provenance = Provenance::Signed;
        }
        let mut profile = self
            .profile
            .take()
            .unwrap_or_else(|| Profile::new(today, Purposes::ANSWERS));
        // Where the shop's consent platform chose the purposes with the shopper, the
        // profile gets exactly those; elsewhere the form's own ticks add to what was given.
        let allowed = self.permissions.allowed;
        let granted = if self.permissions.platform_chooses {
            allowed
        } else {
            Purposes {
                answers: true,
                interests: profile.purposes.interests || form.grants.interests,
                measurement: profile.purposes.measurement || form.grants.measurement,
            }
            .and(allowed)
        };
        profile.set_purposes(granted, today);
        form.apply(&mut profile, today);
        self.settle_bucket(&mut profile, random);
        self.profile = Some(profile);
        Ok(())
    }

    /// Sets what the stored profile may be used for, from the privacy centre: withdrawing
    /// learning from behaviour drops what was learnt, withdrawing measurement drops the
    /// experiment bucket, granting it draws one from `random` when an experiment runs.
    /// Returns false when there is no profile to change.
    pub fn set_purposes(&mut self, purposes: Purposes, random: u32) -> bool {
        let Some(mut profile) = self.profile.take() else {
            return false;
        };
        let purposes = Purposes {
            answers: true,
            ..purposes
        };
        profile.set_purposes(purposes.and(self.permissions.allowed), self.today);
        self.settle_bucket(&mut profile, random);
        self.profile = Some(profile);
        true
    }

    /// Records a wishlist, cart or purchase signal. Returns true when the profile changed;
    /// nothing is recorded without a profile, while paused, or under Global Privacy Control.
    /// `random` places an order in the coarse spending total ([`crate::profile::SpendStep`]).
    pub fn record_signal(&mut self, signal: &Signal, random: u32) -> bool {
        // `Profile::record` checks the shopper's own `interests` purpose.
        if !self.permissions.inferred {
            return false;
        }
        let today = self.today;
        let signal = self.profiled(signal.clone());
        let rules = self.config.signal_rules(random);
        self.profile
            .as_mut()
            .is_some_and(|profile| profile.record(&signal, rules, today))
    }

    /// `signal` with its sensitive or disallowed keys removed ([`Privacy::may_profile`]):
    /// they are never stored.
    ///
    /// [`Privacy::may_profile`]: crate::config::Privacy::may_profile
    fn profiled(&self, signal: Signal) -> Signal {
        let privacy = &self.config.privacy;
        let keep = |keys: Vec<Slug>| -> Vec<Slug> {
            keys.into_iter()
                .filter(|key| privacy.may_profile(key.as_str()))
                .collect()
        };
        match signal {
            Signal::View(keys) => Signal::View(keep(keys)),
            Signal::Wishlist(keys) => Signal::Wishlist(keep(keys)),
            Signal::Cart(keys) => Signal::Cart(keep(keys)),
            Signal::Purchase { keys, value } => Signal::Purchase {
                keys: keep(keys),
                value,
            },
            Signal::Dwell {
                keys,
                seconds,
                from,
            } => Signal::Dwell {
                keys: keep(keys),
                seconds,
                from,
            },
        }
    }

    /// Removes the catalog item `id` from the recently viewed, from the privacy centre.
    /// Returns true when the profile changed.
    pub fn forget_viewed(&mut self, id: &str) -> bool {
        let today = self.today;
        self.profile
            .as_mut()
            .is_some_and(|profile| profile.forget_viewed(profile::ItemRef::of(id), today))
    }

    /// Pauses (`true`) or resumes personalization, keeping the answers. Returns false when
    /// there is no profile to pause.
    pub fn set_paused(&mut self, paused: bool) -> bool {
        let today = self.today;
        self.profile
            .as_mut()
            .map(|profile| profile.set_paused(paused, today))
            .is_some()
    }

    /// Forgets the profile: nothing is kept.
    pub fn forget(&mut self) {
        self.profile = None;
    }

    /// The profile's stored form (`localStorage`'s value; the cookie's before it is signed,
    /// see [`cookie_value`](Self::cookie_value)), if there is one.
    pub fn stored_value(&self) -> Option<String> {
        self.profile.as_ref().map(profile::encode)
    }

    /// The profile cookie's value at the edge: [`stored_value`](Self::stored_value), signed
    /// with the worker's key when the profile is one the edge may vouch for (see
    /// [`Provenance`]). Kept apart from `stored_value` so that the browser package, which
    /// never signs, does not carry the signing code.
    pub fn cookie_value(&self) -> Option<String> {
        let value = self.stored_value()?;
        Some(match &self.signing {
            Some(keys) if self.provenance == Provenance::Signed => keys.sign(&value),
            _ => value,
        })
    }

    /// The `Set-Cookie` header value that stores the profile at the edge ([`cookie_value`](Self::cookie_value)
    /// for as long as the profile may live), if there is one.
    pub fn set_cookie(&self, secure: bool) -> Option<String> {
        let profile = self.profile.as_ref()?;
        Some(request::set_cookie(
            &self.config,
            profile,
            &self.cookie_value()?,
            secure,
        ))
    }

    /// What each slot of the config shows this shopper today, and how each listing is
    /// ordered, and why: the privacy centre's "why you see what you see", naming every
    /// condition that decided. Nothing while personalization is paused; a comparison group
    /// (an experiment's control arm or the holdout) is said as such.
    pub fn explanations(&self) -> Vec<Explanation> {
        let Some(plan) = self.plan() else {
            return Vec::new();
        };
        let wording = plan.wording();
        let slots = self.config.slots.keys().filter_map(|slot| {
            let outcome = plan.slot_outcome(slot)?;
            let (variant, because) = match outcome.shown() {
                Some(shown) => (shown.variant.clone(), shown.sentence(slot, &wording)),
                None => ("default".to_owned(), wording.say("reason.comparison", &[])),
            };
            Some(Explanation {
                slot: slot.clone(),
                listing: false,
                variant,
                because,
            })
        });
        let listings = self.config.listings.keys().filter_map(|listing| {
            Some(Explanation {
                slot: listing.clone(),
                listing: true,
                variant: "affinity".to_owned(),
                because: plan.listing_sentence(listing)?,
            })
        });
        slots.chain(listings).collect()
    }

    /// What is stored, in plain words, as the JSON the privacy centre shows (the edge's
    /// `GET /__pz/profile` and the package's `profile()`): whether anything is stored, until
    /// when, whether personalization is paused, every fact, what each slot shows today and
    /// why, and the raw profile.
    pub fn report(&self) -> String {
        self.report_value().to_string()
    }

    /// [`report`](Self::report) as a JSON value, for adapters that hand it over structured.
    pub fn report_value(&self) -> serde_json::Value {
        let config = &self.config;
        let wording = config.texts.in_language(self.language);
        match &self.profile {
            Some(profile) => serde_json::json!({
                "stored": true,
                "language": wording.tag(),
                "cookie": config.cookie.name,
                "expires": profile::profile_end(profile, config.cookie.max_age_days, config.privacy.max_profile_age_days).to_iso(),
                "paused": !personalizes(profile),
                "purposes": profile.purposes,
                "consented_on": profile.consent_day().to_iso(),
                "started_on": profile.created_on().to_iso(),
                "facts": profile::describe(profile, config.cookie.max_age_days, config.privacy.max_profile_age_days, config.affinity.half_life_days, &wording),
                "decisions": self.explanations(),
                "viewed": self.viewed_items(profile),
                "profile": profile,
            }),
            None => {
                serde_json::json!({ "stored": false, "language": wording.tag(), "cookie": config.cookie.name, "facts": [] })
            }
        }
    }
}

/// One recently viewed item, as the privacy centre lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ViewedEntry {
    /// The catalog id: what removing it one by one names.
    pub id: String,
    /// The item's name, from the catalog.
    pub title: String,
    /// Its page.
    pub url: String,
    /// The day it was last viewed, `YYYY-MM-DD`.
    pub viewed_on: String,
    /// The last day it is kept unless viewed again, `YYYY-MM-DD`.
    pub expires: String,
}

impl Session {
    /// The recently viewed items of `profile` that the catalog names, latest first.
    fn viewed_items(&self, profile: &Profile) -> Vec<ViewedEntry> {
        let config = &self.config;
        let end = profile::profile_end(
            profile,
            config.cookie.max_age_days,
            config.privacy.max_profile_age_days,
        );
        profile
            .viewed
            .iter()
            .filter_map(|viewed| {
                let item = &config.catalog[config.catalog_item_of(viewed.item)?];
                Some(ViewedEntry {
                    id: item.id.clone(),
                    title: item.title.clone(),
                    url: item.url.clone(),
                    viewed_on: viewed.day.to_iso(),
                    expires: profile::fact_end(viewed.day, config.cookie.max_age_days, end)
                        .to_iso(),
                })
            })
            .collect()
    }
}

/// True when pages may be personalized from `profile` at all: only with consent to
/// personalization. A paused profile (consent essential) keeps its answers but decides
/// nothing; every adapter then serves the page as everyone else sees it.
fn personalizes(profile: &Profile) -> bool {
    profile.consent == Consent::Personalization
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::PrivacySignals;

    const CONFIG: &str = r#"{
        "questions": { "crafts": ["ceramics", "glass"] },
        "privacy": { "opt_in_countries": ["DE"] },
        "slots": { "hero": [ { "variant": "gifts", "when": { "shopping_for": ["gift"] } } ] }
    }"#;
    const TODAY: Day = Day(2518);

    /// A request from a country where answering is the opt-in.
    fn elsewhere() -> PrivacySignals<'static> {
        PrivacySignals {
            country: Some("US"),
            cookie_header: None,
            gpc: false,
        }
    }

    fn config() -> Rc<Config> {
        Rc::new(Config::from_json("t.json", CONFIG).expect("valid config"))
    }

    /// The page view of a shopper whose profile cookie holds `value`, at the edge with `keys`.
    fn signed_visit(value: &str, keys: Option<&SigningKeys>) -> Session {
        let header = format!("pz={value}");
        Session::at_edge(
            config(),
            TODAY,
            PrivacySignals {
                cookie_header: Some(&header),
                ..elsewhere()
            },
            keys,
        )
    }

    #[test]
    fn a_profile_created_at_the_edge_is_signed_and_a_forged_one_never_earns_offers() {
        let keys = SigningKeys::new("current", None).expect("keys");
        let mut fresh = Session::at_edge(config(), TODAY, elsewhere(), Some(&keys));
        fresh.set_answers(form("for=gift"), 0).expect("stored");
        let signed = fresh.cookie_value().expect("a value");
        assert!(signed.contains('.'), "{signed}");
        let visit = signed_visit(&signed, Some(&keys));
        assert_eq!(visit.provenance(), Provenance::Signed);
        assert!(visit.provenance().allows_offers());
        assert!(visit.plan().is_some(), "it personalizes");

        // The same profile edited by hand (here: unsigned, or signed with another key).
        let (value, _) = keys.verify(&signed);
        let other = SigningKeys::new("guess", None).expect("keys");
        for forged in [value.to_owned(), other.sign(value)] {
            let mut visit = signed_visit(&forged, Some(&keys));
            assert_eq!(visit.provenance(), Provenance::Unsigned);
            assert!(!visit.provenance().allows_offers());
            assert!(visit.plan().is_some(), "content is still personalized");
            // The shopper's next action stores it again, still unsigned.
            assert!(visit.set_paused(false));
            assert!(!visit.cookie_value().expect("a value").contains('.'));
        }
        // Without keys nothing is signed and nothing earns offers; a signed value is read.
        let keyless = signed_visit(&signed, None);
        assert_eq!(keyless.provenance(), Provenance::Unsigned);
        assert!(keyless.profile().is_some() && !keyless.stale());
        // On the shopper's own device (local-only mode) there is no server to fool.
        let device = Session::new(config(), TODAY, fresh.permissions(), Some(value));
        assert_eq!(device.provenance(), Provenance::Device);
        assert!(device.provenance().allows_offers());
    }

    #[test]
    fn keys_rotate_a_value_signed_with_the_previous_key_is_signed_again() {
        let old = SigningKeys::new("old", None).expect("keys");
        let mut first = Session::at_edge(config(), TODAY, elsewhere(), Some(&old));
        first.set_answers(form("for=self"), 0).expect("stored");
        let before = first.cookie_value().expect("a value");
        let rotated = SigningKeys::new("new", Some("old")).expect("keys");
        let mut visit = signed_visit(&before, Some(&rotated));
        assert_eq!(visit.provenance(), Provenance::Signed);
        assert!(
            visit.record_view(None, [], 0),
            "stored again with the new key"
        );
        let after = visit.cookie_value().expect("a value");
        assert_eq!(rotated.verify(&after).1, Signature::Current);
    }

    fn form(body: &str) -> PreferenceForm {
        PreferenceForm::parse(body.as_bytes(), &config()).expect("valid form")
    }

    fn answered(body: &str, signals: PrivacySignals<'_>) -> Session {
        let mut session = Session::at_edge(config(), TODAY, signals, None);
        session.set_answers(form(body), 7).expect("stored");
        session
    }

    fn cookie_of(session: &Session) -> String {
        format!("pz={}", session.stored_value().expect("a profile"))
    }

    #[test]
    fn purchases_keep_a_total_and_tag_days_only_while_a_condition_reads_them() {
        let reading = Rc::new(
            Config::from_json(
                "t.json",
                r#"{
                    "questions": { "crafts": ["ceramics", "glass"] },
                    "slots": { "hero": [
                        { "variant": "vip", "when": { "spend_band": ["high"] } },
                        { "variant": "refill", "when": { "any_of": [ { "bought": { "tag": "coffee", "days_at_least": 20 } } ] } }
                    ] }
                }"#,
            )
            .expect("valid config"),
        );
        let purchase = |keys: &str, value| Signal::Purchase {
            keys: request::view_keys(keys),
            value,
        };
        let mut session = Session::at_edge(reading.clone(), TODAY, elsewhere(), None);
        let body = "for=gift&craft=glass&interests=yes";
        let answers = PreferenceForm::parse(body.as_bytes(), &reading).expect("valid form");
        session.set_answers(answers, 7).expect("stored");
        assert!(session.record_signal(&purchase("coffee,mug", 400.0), 1 << 31));
        assert!(session.record_signal(&purchase("glass", 300.0), 1 << 31));
        let profile = session.profile().expect("a profile");
        let total = profile.lifecycle.spend.expect("a total").amount();
        assert!((560.0..=875.0).contains(&total), "{total}");
        let tags: Vec<&str> = profile.bought.iter().map(|b| b.tag.as_str()).collect();
        assert_eq!(tags, ["coffee"], "only the tag a condition names");
        let stored = cookie_of(&session);

        // Twenty days on, the high band and the refill both decide.
        let later = Day(TODAY.0 + 20);
        let mut session = Session::at_edge(
            reading.clone(),
            later,
            PrivacySignals {
                cookie_header: Some(&stored),
                ..elsewhere()
            },
            None,
        );
        let plan = session.plan().expect("a plan");
        let decision = plan.slot_decision("hero").expect("a decision");
        assert_eq!((decision.variant.as_str(), decision.also.len()), ("vip", 0));
        let report = session.report();
        assert!(report.contains("tagged coffee"), "{report}");
        assert!(report.contains("Your orders add up to about"), "{report}");

        // Withdrawing interests drops both.
        assert!(session.set_purposes(Purposes::ANSWERS, 7));
        let profile = session.profile().expect("a profile");
        assert_eq!((profile.lifecycle.spend, profile.bought.len()), (None, 0));

        // A config that reads neither keeps neither, and drops what was kept before.
        let session = Session::at_edge(
            config(),
            later,
            PrivacySignals {
                cookie_header: Some(&stored),
                ..elsewhere()
            },
            None,
        );
        let profile = session.profile().expect("a profile");
        assert_eq!((profile.lifecycle.spend, profile.bought.len()), (None, 0));
        let mut session = answered(body, elsewhere());
        session.record_signal(&purchase("coffee", 900.0), 0);
        let profile = session.profile().expect("a profile");
        assert_eq!((profile.lifecycle.spend, profile.bought.len()), (None, 0));
    }

    #[test]
    fn answering_is_consent_to_using_the_answers_and_nothing_more() {
        let mut session = Session::at_edge(config(), TODAY, elsewhere(), None);
        assert!(session.profile().is_none());
        session
            .set_answers(form("for=gift&craft=glass"), 0)
            .expect("stored");
        let profile = session.profile().expect("a profile");
        assert_eq!(profile.consent, Consent::Personalization);
        assert_eq!(profile.purposes, Purposes::ANSWERS);
        assert_eq!((profile.created, profile.consented_on), (TODAY, TODAY));
        assert_eq!(profile.bucket, None, "no experiment runs");
        assert!(session.plan().is_some_and(|plan| !plan.is_noop()));
        // Without the interests purpose nothing is learnt from behaviour.
        assert!(!session.record_view(Some("ceramics"), [], 7));
        assert!(!session.record_signal(&Signal::Cart(request::view_keys("ceramics")), 0));
        let report = session.report_value();
        assert_eq!(report["purposes"]["interests"], false);
        assert_eq!(report["consented_on"], TODAY.to_iso());
    }

    #[test]
    fn each_purpose_is_granted_by_its_own_tick_and_withdrawn_in_the_privacy_centre() {
        let experiments = Rc::new(
            Config::from_json(
                "t.json",
                r#"{ "questions": { "crafts": ["glass", "ceramics"] },
                     "experiments": { "holdout_percent": 5 } }"#,
            )
            .expect("valid config"),
        );
        let ticked =
            |body: &str| PreferenceForm::parse(body.as_bytes(), &experiments).expect("form");
        let mut session = Session::at_edge(experiments.clone(), TODAY, elsewhere(), None);
        session
            .set_answers(ticked("craft=glass&interests=yes"), 20_000)
            .expect("stored");
        let profile = session.profile().expect("a profile");
        assert!(profile.purposes.interests && !profile.purposes.measurement);
        assert_eq!(profile.bucket, None, "measurement not granted");
        assert!(session.record_view(Some("ceramics"), [], 7));

        // A later form adds measurement (and draws a coarse bucket) but withdraws nothing.
        let later = Day(TODAY.0 + 3);
        let cookie = cookie_of(&session);
        let mut session = Session::at_edge(
            experiments.clone(),
            later,
            PrivacySignals {
                cookie_header: Some(&cookie),
                ..elsewhere()
            },
            None,
        );
        session
            .set_answers(ticked("craft=glass&measurement=yes"), 20_000)
            .expect("stored");
        let profile = session.profile().expect("a profile");
        assert_eq!(profile.purposes, Purposes::ALL);
        assert_eq!(profile.bucket, Some((20_000 % 16_384) as u16));
        assert_eq!((profile.created, profile.consented_on), (TODAY, later));

        // The privacy centre withdraws learning: what was learnt goes, the answers stay.
        assert!(session.set_purposes(Purposes::ANSWERS, 9));
        let profile = session.profile().expect("a profile");
        assert_eq!(profile.bucket, None);
        assert!(profile.affinities.iter().all(|a| a.key.as_str() == "glass"));
        assert_eq!(profile.stated_interests().count(), 1);
    }

    #[test]
    fn every_condition_that_decided_is_explained_and_listings_too() {
        let config = Rc::new(
            Config::from_json(
                "t.json",
                r#"{ "questions": { "crafts": ["glass", "ceramics"] },
                     "slots": { "hero": [
                        { "variant": "big-gifts", "priority": 9, "when": { "shopping_for": ["gift"], "value_band": ["high"] } },
                        { "variant": "gifts", "when": { "shopping_for": ["gift"] } }
                     ] },
                     "listings": { "category": {} } }"#,
            )
            .expect("valid config"),
        );
        let shopper = |band: Option<&str>| {
            let mut session = Session::at_edge(config.clone(), TODAY, elsewhere(), None);
            session
                .set_answers(
                    PreferenceForm::parse(b"for=gift&craft=glass&interests=yes", &config)
                        .expect("form"),
                    7,
                )
                .expect("stored");
            if let Some(band) = band {
                let value = if band == "high" { 500.0 } else { 10.0 };
                session.record_signal(
                    &Signal::Purchase {
                        keys: request::view_keys("ceramics"),
                        value,
                    },
                    0,
                );
            }
            session.explanations()
        };
        let because = |explanations: &[Explanation], name: &str| {
            explanations
                .iter()
                .find(|e| e.slot == name)
                .map(|e| e.because.clone())
                .expect("explained")
        };
        let big = shopper(Some("high"));
        let small = shopper(Some("low"));
        assert_eq!(
            because(&big, "hero"),
            "Because you told us you're shopping for a gift, and because of the size of your last order"
        );
        assert_eq!(
            because(&small, "hero"),
            "Because you told us you're shopping for a gift"
        );
        let listing = big
            .iter()
            .find(|e| e.listing)
            .expect("the listing is explained");
        assert_eq!(listing.slot, "category");
        assert!(
            listing.because.starts_with(
                "Because you told us you love glass, and because you've been looking at ceramics"
            ),
            "{}",
            listing.because
        );
    }

    #[test]
    fn withdrawing_consent_on_the_shops_platform_erases_what_it_no_longer_allows() {
        let vectors: serde_json::Value =
            serde_json::from_str(include_str!("../tests/data/consent-vectors.json")).expect("JSON");
        let tc = |name: &str| {
            let vector = vectors["vectors"]
                .as_array()
                .and_then(|all| all.iter().find(|v| v["name"] == name))
                .expect("a vector");
            format!(
                "euconsent-v2={}",
                vector["cookie"][1].as_str().expect("value")
            )
        };
        let config = Rc::new(
            Config::from_json(
                "t.json",
                r#"{ "questions": { "crafts": ["glass", "ceramics"] },
                     "privacy": { "consent_platforms": { "tcf": {} } },
                     "experiments": { "holdout_percent": 5 } }"#,
            )
            .expect("valid config"),
        );
        let visit = |cookies: &str| {
            Session::at_edge(
                config.clone(),
                TODAY,
                PrivacySignals {
                    cookie_header: Some(cookies),
                    country: Some("DE"),
                    gpc: false,
                },
                None,
            )
        };
        // Everything granted on the platform: the profile gets every purpose, without the
        // form's ticks (and without the opt-in tick: the platform was the opt-in).
        let everything = tc("tcf: purposes 1, 5, 6 and 8");
        let mut session = visit(&everything);
        session
            .set_answers(
                PreferenceForm::parse(b"for=gift&craft=glass", &config).expect("form"),
                3,
            )
            .expect("stored");
        assert!(session.record_view(Some("ceramics"), [], 3));
        let profile = session.profile().expect("a profile");
        assert_eq!(profile.purposes, Purposes::ALL);
        assert!(profile.bucket.is_some());
        let stored = session.stored_value().expect("stored");

        // The shopper withdraws 5, 6 and 8: learning and the bucket go, the answers stay,
        // and the next page stores the profile again.
        let mut session = visit(&format!("{}; pz={stored}", tc("tcf: purpose 1 only")));
        let profile = session.profile().expect("a profile");
        assert_eq!(profile.purposes, Purposes::ANSWERS);
        assert_eq!(profile.bucket, None);
        assert!(profile.affinities.iter().all(|a| a.key.as_str() == "glass"));
        assert!(session.record_view(None, [], 3), "stored again");

        // And withdraws everything: the profile is not read, and is deleted.
        let session = visit(&format!(
            "{}; pz={stored}",
            tc("tcf: every purpose refused")
        ));
        assert!(session.profile().is_none());
        assert!(session.stale(), "the adapter deletes it");
    }

    #[test]
    fn a_profile_ends_at_its_absolute_lifetime_however_often_it_is_renewed() {
        let mut session = answered("for=gift", elsewhere());
        let mut cookie = cookie_of(&session);
        // Renewed every 20 days: the 30-day window never lapses, the 365-day lifetime does.
        let mut day = TODAY;
        while day.days_since(TODAY) <= 365 {
            session = Session::at_edge(
                config(),
                day,
                PrivacySignals {
                    cookie_header: Some(&cookie),
                    ..elsewhere()
                },
                None,
            );
            assert!(session.profile().is_some(), "alive on day {}", day.0);
            session.set_answers(form("for=self"), 7).expect("stored");
            cookie = cookie_of(&session);
            day = Day(day.0 + 20);
        }
        let session = Session::at_edge(
            config(),
            Day(TODAY.0 + 366),
            PrivacySignals {
                cookie_header: Some(&cookie),
                ..elsewhere()
            },
            None,
        );
        assert!(session.profile().is_none(), "past 365 days it is gone");
        assert!(session.stale(), "and the adapter deletes it");
    }

    #[test]
    fn under_global_privacy_control_no_showing_is_counted_and_no_capped_variant_shown() {
        let capped = Rc::new(
            Config::from_json(
                "t.json",
                r#"{ "questions": { "crafts": ["glass"] },
                     "slots": { "hero": [
                        { "variant": "offer", "priority": 9, "cap": { "max": 2, "days": 7 }, "when": { "shopping_for": ["gift"] } },
                        { "variant": "gifts", "when": { "shopping_for": ["gift"] } }
                     ] } }"#,
            )
            .expect("valid config"),
        );
        let shown = |session: &Session| {
            let plan = session.plan().expect("a plan");
            plan.slot_decision("hero").map(|d| d.variant.clone())
        };
        let mut open = Session::at_edge(capped.clone(), TODAY, elsewhere(), None);
        open.set_answers(
            PreferenceForm::parse(b"for=gift&interests=yes", &capped).expect("form"),
            7,
        )
        .expect("stored");
        assert_eq!(shown(&open).as_deref(), Some("offer"));
        assert!(open.record_view(None, [("offer", 7)], 7), "counted");

        let cookie = format!("pz={}", open.stored_value().expect("a profile"));
        let mut private = Session::at_edge(
            capped,
            TODAY,
            PrivacySignals {
                cookie_header: Some(&cookie),
                gpc: true,
                ..elsewhere()
            },
            None,
        );
        assert_eq!(
            shown(&private).as_deref(),
            Some("gifts"),
            "the cap cannot be kept"
        );
        assert!(
            !private.record_view(None, [("offer", 7)], 7),
            "nothing counted"
        );
    }

    #[test]
    fn a_form_with_no_answer_creates_nothing_but_clears_a_stored_profiles_answers() {
        let mut session = Session::at_edge(config(), TODAY, elsewhere(), None);
        let empty = PreferenceForm::parse(b"return=%2F", &config()).expect("form");
        assert_eq!(
            session.set_answers(empty.clone(), 7),
            Err(NotStored::NoAnswer)
        );
        assert_eq!(session.stored_value(), None);
        session.set_answers(form("for=gift"), 7).expect("stored");
        assert_eq!(session.set_answers(empty, 7), Ok(()));
        assert_eq!(session.profile().and_then(|p| p.answer("for")), None);
    }

    #[test]
    fn sensitive_tags_are_never_stored_and_leave_stored_profiles() {
        let mut session = answered("for=gift&craft=glass&interests=yes", elsewhere());
        let keys = |text: &str| request::view_keys(text);
        assert!(session.record_signal(
            &Signal::Wishlist(keys("pregnancy-test,hiv-selftest,halal,mug")),
            0
        ));
        session.record_view(Some("lgbt-pride-mug erectile"), [], 7);
        let stored: Vec<String> = session
            .profile()
            .expect("a profile")
            .affinities
            .iter()
            .map(|a| a.key.to_string())
            .collect();
        assert!(stored.contains(&"mug".to_owned()), "{stored:?}");
        for sensitive in [
            "pregnancy-test",
            "hiv-selftest",
            "halal",
            "lgbt-pride-mug",
            "erectile",
        ] {
            assert!(!stored.iter().any(|key| key == sensitive), "{stored:?}");
        }
        // A basket add still counts as one; its sensitive tag is not kept.
        session.record_signal(&Signal::Cart(keys("insulin")), 0);
        let profile = session.profile().expect("a profile");
        assert!(profile
            .affinities
            .iter()
            .all(|a| a.key.as_str() != "insulin"));

        // A profile stored before the shop listed a tag as sensitive loses it on read.
        let mut before = Profile::new(TODAY, Purposes::ALL);
        before.consent = Consent::Personalization;
        before.record(
            &Signal::Wishlist(keys("halal")),
            config().signal_rules(0),
            TODAY,
        );
        let cookie = format!("pz={}", profile::encode(&before));
        let read = Session::at_edge(
            config(),
            TODAY,
            PrivacySignals {
                cookie_header: Some(&cookie),
                ..elsewhere()
            },
            None,
        );
        assert!(read.profile().expect("a profile").affinities.is_empty());
    }

    #[test]
    fn an_allowlist_keeps_only_its_tags_and_the_config_cannot_ask_about_a_sensitive_one() {
        let allow = Config::from_json(
            "t.json",
            r#"{ "questions": { "crafts": ["glass"] }, "privacy": { "allowed_tags": ["glass", "mug"] } }"#,
        )
        .expect("valid config");
        assert!(allow.privacy.may_profile("mug"));
        assert!(!allow.privacy.may_profile("vase"));
        let sensitive = Config::from_json(
            "t.json",
            r#"{ "questions": { "crafts": ["glass", "fertility-tea"] } }"#,
        );
        assert!(sensitive
            .expect_err("a sensitive craft")
            .to_string()
            .contains("questions.crafts[1]"));
    }

    #[test]
    fn pausing_keeps_the_answers_only() {
        let mut session = answered("for=gift&craft=glass&interests=yes", elsewhere());
        session.record_view(Some("mug"), [], 7);
        session.record_signal(
            &Signal::Purchase {
                keys: request::view_keys("vase"),
                value: 99.0,
            },
            0,
        );
        assert!(session.set_paused(true));
        let paused = session.profile().expect("a profile").clone();
        assert!(paused.answer("for").is_some_and(|a| a.picked("gift")));
        assert_eq!(paused.stated_interests().count(), 1);
        let kept: Vec<&str> = paused.affinities.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(kept, vec!["glass"], "only what the answers seeded");
        assert_eq!(paused.lifecycle.purchases, 0);
        assert_eq!(paused.intent, crate::profile::Intent::default());
        assert!(session.set_paused(false));
        assert!(
            session.plan().is_some_and(|plan| !plan.is_noop()),
            "resumed from the answers"
        );
    }

    #[test]
    fn an_unknown_country_counts_as_one_where_opt_in_is_required() {
        for country in [None, Some("XX"), Some("T1"), Some("")] {
            let mut session = Session::at_edge(
                config(),
                TODAY,
                PrivacySignals {
                    country,
                    ..elsewhere()
                },
                None,
            );
            assert_eq!(
                session.set_answers(form("for=gift"), 7),
                Err(NotStored::OptInRequired),
                "{country:?}"
            );
            assert_eq!(session.set_answers(form("for=gift&consent=yes"), 7), Ok(()));
        }
        // Opt-in everywhere: even where the list does not name the country.
        let everywhere = Config::from_json(
            "t.json",
            r#"{ "questions": { "crafts": ["glass"] }, "privacy": { "opt_in_everywhere": true } }"#,
        )
        .expect("valid config");
        let mut session = Session::at_edge(Rc::new(everywhere), TODAY, elsewhere(), None);
        assert_eq!(
            session.set_answers(
                PreferenceForm::parse(b"craft=glass", session.config()).expect("form"),
                7
            ),
            Err(NotStored::OptInRequired)
        );
    }

    #[test]
    fn where_opt_in_is_required_nothing_is_stored_without_the_tick() {
        let germany = PrivacySignals {
            country: Some("DE"),
            ..elsewhere()
        };
        let mut session = Session::at_edge(config(), TODAY, germany, None);
        assert_eq!(
            session.set_answers(form("for=gift"), 7),
            Err(NotStored::OptInRequired)
        );
        assert!(session.stored_value().is_none());
        assert_eq!(session.set_answers(form("for=gift&consent=yes"), 7), Ok(()));
    }

    #[test]
    fn a_paused_profile_decides_and_records_nothing_until_resumed() {
        let mut session = answered("for=gift&craft=glass&interests=yes", elsewhere());
        assert!(session.set_paused(true));
        assert!(session.paused());
        assert!(session.plan().is_none());
        assert!(!session.record_view(Some("ceramics"), [], 7));
        assert!(session.explanations().is_empty());
        assert!(session.set_paused(false));
        assert!(session.plan().is_some());
        assert!(session.record_view(Some("ceramics"), [], 7));
    }

    #[test]
    fn under_global_privacy_control_only_stated_answers_count() {
        let session = answered("for=gift&craft=glass", elsewhere());
        let header = cookie_of(&session);
        let gpc = PrivacySignals {
            cookie_header: Some(&header),
            gpc: true,
            ..elsewhere()
        };
        let mut session = Session::at_edge(config(), TODAY, gpc, None);
        assert!(
            !session.record_signal(&Signal::Cart(vec![Slug::new("ceramics").expect("slug")]), 0)
        );
        assert!(!session.record_view(Some("ceramics"), [], 7));
        let plan = session.plan().expect("stated answers still decide");
        assert!(!plan.is_noop());
    }

    #[test]
    fn a_page_is_read_only_when_something_is_decided_or_may_be_recorded() {
        // Only a craft: nothing in this config's slots depends on it.
        let session = answered("craft=glass", elsewhere());
        let plan = session.plan().expect("a plan");
        assert!(plan.is_noop());
        assert!(
            session.page_needs_rewrite(&plan),
            "the view may be recorded"
        );
        let header = cookie_of(&session);
        let gpc = PrivacySignals {
            cookie_header: Some(&header),
            gpc: true,
            ..elsewhere()
        };
        let session = Session::at_edge(config(), TODAY, gpc, None);
        let plan = session.plan().expect("a plan");
        assert!(
            !session.page_needs_rewrite(&plan),
            "nothing to decide or record"
        );
    }

    #[test]
    fn without_site_consent_the_stored_profile_is_not_read() {
        let session = answered("for=gift", elsewhere());
        let header = format!("{}; consent=no", cookie_of(&session));
        let config = Rc::new(
            Config::from_json(
                "t.json",
                r#"{"questions":{"crafts":["glass"]},"privacy":{"consent_cookie":{"name":"consent","personalization":["yes"]}}}"#,
            )
            .expect("valid config"),
        );
        let signals = PrivacySignals {
            cookie_header: Some(&header),
            ..elsewhere()
        };
        let mut session = Session::at_edge(config, TODAY, signals, None);
        assert!(session.profile().is_none());
        assert_eq!(
            session.set_answers(
                PreferenceForm::parse(b"for=gift", session.config()).expect("form"),
                7
            ),
            Err(NotStored::NoConsent)
        );
    }

    #[test]
    fn an_unreadable_or_expired_value_is_stale() {
        let stale = Session::new(
            config(),
            TODAY,
            request::permissions(&config(), elsewhere()),
            Some("%%%"),
        );
        assert!(stale.stale() && stale.profile().is_none());
        let fresh = answered("for=gift", elsewhere());
        let value = fresh.stored_value().expect("value");
        let later = Day(TODAY.0 + 365);
        let expired = Session::new(config(), later, fresh.permissions(), Some(&value));
        assert!(expired.stale() && expired.profile().is_none());
    }

    mod context_rules {
        use super::*;
        use crate::context::VisitFacts;

        const CONFIG: &str = r#"{
            "questions": { "crafts": ["ceramics", "glass"] },
            "privacy": { "consent_cookie": { "name": "cmp", "personalization": ["all"] } },
            "experiments": { "holdout_percent": 100, "tests": {} },
            "slots": {
                "hero": [
                    { "variant": "winter", "priority": 5, "when": { "campaign": { "utm_campaign": ["winter-gifts"] } } },
                    { "variant": "capped-offer", "priority": 9, "cap": { "max": 1, "days": 7 },
                      "when": { "campaign": { "utm_campaign": ["winter-gifts"] } } },
                    { "variant": "glass", "priority": 7, "when": { "loves": "glass" } }
                ],
                "welcome": [
                    { "variant": "searchers", "when": { "referrer": ["search"], "device": ["mobile"] } },
                    { "variant": "dated", "priority": -1, "when": { "from": "2020-01-01" } }
                ]
            }
        }"#;

        fn visit(cookies: Option<&str>, url: &str, referrer: Option<&str>) -> Session {
            let config = Rc::new(Config::from_json("t.json", CONFIG).expect("valid config"));
            assert!(config.has_context_rules());
            let mut session = Session::at_edge(
                config,
                TODAY,
                PrivacySignals {
                    cookie_header: cookies,
                    ..elsewhere()
                },
                None,
            );
            assert!(session.wants_context());
            session.set_context(VisitContext::read(VisitFacts {
                url,
                referrer,
                mobile_hint: Some("?1"),
                ..VisitFacts::default()
            }));
            session
        }

        fn shown(session: &Session, slot: &str) -> Option<String> {
            let plan = session.plan()?;
            plan.slot_decision(slot)
                .map(|decision| decision.variant.clone())
        }

        #[test]
        fn a_visitor_without_a_profile_gets_the_campaigns_variant_and_nothing_is_stored() {
            let mut session = visit(
                Some("cmp=all"),
                "https://shop.example/?utm_campaign=Winter-Gifts",
                None,
            );
            // Not the capped offer (its showings could not be counted), not the holdout
            // (an arm needs a stored salt).
            assert_eq!(shown(&session, "hero").as_deref(), Some("winter"));
            let plan = session.plan().expect("a plan");
            assert!(!plan.in_holdout());
            assert_eq!(plan.capped_variants().count(), 0);
            assert!(!session.record_view(Some("ceramics"), [], 7));
            assert_eq!(session.stored_value(), None);
        }

        #[test]
        fn a_region_rule_needs_the_country_and_the_region() {
            let config = Rc::new(
                Config::from_json(
                    "t.json",
                    r#"{ "questions": { "crafts": ["glass"] },
                         "slots": { "hero": [ { "variant": "west", "when": { "region": ["US-CA"] } } ] } }"#,
                )
                .expect("valid config"),
            );
            let shown = |country: &str, region: &str| {
                let context = VisitContext::read(VisitFacts {
                    url: "https://shop.example/",
                    country: Some(country),
                    region: Some(region),
                    ..VisitFacts::default()
                });
                PagePlan::with_context(config.clone(), None, context, TODAY, false, false)
                    .slot_decision("hero")
                    .map(|d| d.reason.code())
            };
            assert_eq!(shown("US", "ca").as_deref(), Some("context:region"));
            assert_eq!(shown("US", "TX"), None);
            assert_eq!(shown("MX", "CA"), None);
        }

        #[test]
        fn no_matching_rule_means_no_plan_and_the_origins_page() {
            let session = visit(
                Some("cmp=all"),
                "https://shop.example/?utm_campaign=spring",
                None,
            );
            assert!(session.plan().is_none());
        }

        #[test]
        fn every_condition_of_a_rule_must_hold() {
            let from_search = visit(
                Some("cmp=all"),
                "https://shop.example/",
                Some("https://www.google.com/"),
            );
            assert_eq!(shown(&from_search, "welcome").as_deref(), Some("searchers"));
            // A rule that reads nothing of the request (here: a date) needs a profile.
            let from_blog = visit(
                Some("cmp=all"),
                "https://shop.example/",
                Some("https://blog.example/"),
            );
            assert!(from_blog.plan().is_none());
        }

        #[test]
        fn without_the_sites_consent_the_context_decides_nothing() {
            let session = visit(
                None,
                "https://shop.example/?utm_campaign=winter-gifts",
                None,
            );
            assert!(session.plan().is_none());
        }

        #[test]
        fn context_and_profile_rules_combine_for_a_shopper_with_a_profile() {
            let mut session = visit(
                Some("cmp=all"),
                "https://shop.example/?utm_campaign=winter-gifts",
                None,
            );
            session.set_answers(form("craft=glass"), 7).expect("stored");
            // Holdout 100 %, but the shopper did not allow measurement: no bucket, not
            // held out.
            assert!(!session.plan().expect("a plan").in_holdout());
            // Holdout 100 %: a shopper in experiments is held out, marked, and sees defaults.
            session
                .set_answers(form("craft=glass&measurement=yes"), 7)
                .expect("stored");
            let plan = session.plan().expect("a plan");
            assert!(plan.in_holdout());
        }
    }
}
