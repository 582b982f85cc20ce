//! Evaluating a [`Condition`] against what is known for this request: the profile, the
//! shopper's affinities and segments, and the shop's calendar.

use super::reasons::Reason;
use super::Affinities;
use crate::config::{Condition, ConfigDate};
use crate::context::VisitContext;
use crate::day::Day;
use crate::profile::{Profile, ValueBands};

/// Everything a condition may look at, computed once per request.
pub struct Facts<'a> {
    /// The shopper's profile.
    pub profile: &'a Profile,
    /// Stated and decayed inferred interests.
    pub affinities: &'a Affinities,
    /// Decayed weight (0–255) from which an inferred affinity counts as "loves".
    pub loves_threshold: u8,
    /// The cumulative spend band thresholds.
    pub spend_bands: ValueBands,
    /// Segments the shopper is in, highest priority first, with their explanations.
    pub segments: &'a [(String, String)],
    /// Episodes running today.
    pub episodes: &'a [String],
    /// Today in the shop's calendar.
    pub today: Day,
    /// The request's own facts (campaign, referrer, country, device, path).
    pub context: &'a VisitContext,
    /// The visitor has no profile: only rules that read the request's context apply, and
    /// no frequency-capped variant is shown (its showings could not be counted).
    pub without_profile: bool,
    /// Showings are counted in the profile: when not (no profile, or Global Privacy
    /// Control), a frequency-capped variant is not shown.
    pub counts_showings: bool,
    /// The offers that may be shown today: valid today, to a profile that may earn them.
    pub open_offers: &'a [String],
}

impl Facts<'_> {
    /// The reason of the shopper's answer to `question` when it picked one of `accepted`.
    fn answered(&self, question: &str, accepted: &[String]) -> Option<Reason> {
        let answer = self.profile.answer(question)?;
        let choice = answer
            .choices
            .iter()
            .find(|choice| accepted.iter().any(|a| a == choice.as_str()))?;
        Some(self.stated(question, choice.as_str()))
    }

    /// The reason "the shopper answered `question` with `choice`".
    fn stated(&self, question: &str, choice: &str) -> Reason {
        Reason::Stated {
            question: question.to_owned(),
            choice: choice.to_owned(),
        }
    }

    /// Checks every condition given. When all hold, returns the reason of each, strongest
    /// first (stated answers, then segments, browsing, lifecycle, the request, the
    /// calendar): every one of them decided, so every one is explained.
    pub fn check(&self, when: &Condition) -> Option<Vec<Reason>> {
        let mut reasons: Vec<Reason> = Vec::new();
        let profile = self.profile;
        let lifecycle = &profile.lifecycle;

        // Answers in the order the earlier fixed questions gave their reasons: who for,
        // the other questions, a favourite, the occasion.
        if !when.shopping_for.is_empty() {
            reasons.push(self.answered("for", &when.shopping_for)?);
        }
        for (question, accepted) in &when.answered {
            reasons.push(self.answered(question, accepted)?);
        }
        if let Some(key) = &when.loves {
            if let Some(answer) = profile
                .answers
                .iter()
                .find(|answer| answer.interests && answer.picked(key))
            {
                reasons.push(self.stated(answer.question.as_str(), key));
            } else if self.affinities.inferred(key) >= f32::from(self.loves_threshold) {
                reasons.push(Reason::Browsed(key.clone()));
            } else {
                return None;
            }
        }
        if !when.occasion.is_empty() {
            reasons.push(self.answered("occasion", &when.occasion)?);
        }
        if !when.segments.is_empty() {
            let (name, explanation) = self
                .segments
                .iter()
                .find(|(name, _)| when.segments.contains(name))?;
            reasons.push(Reason::Segment {
                name: name.clone(),
                explanation: explanation.clone(),
            });
        }
        if let Some(min) = when.visits_at_least {
            require(lifecycle.visits >= min, &mut reasons, "visits")?;
        }
        if let Some(max) = when.visits_at_most {
            require(lifecycle.visits <= max, &mut reasons, "visits")?;
        }
        if let Some(min) = when.purchases_at_least {
            require(lifecycle.purchases >= min, &mut reasons, "purchases")?;
        }
        if let Some(max) = when.purchases_at_most {
            require(lifecycle.purchases <= max, &mut reasons, "purchases")?;
        }
        if !when.value_band.is_empty() {
            let band = lifecycle.value_band?;
            require(when.value_band.contains(&band), &mut reasons, "value-band")?;
        }
        if !when.spend_band.is_empty() {
            let band = self.spend_bands.band(lifecycle.spend?.amount());
            require(when.spend_band.contains(&band), &mut reasons, "spend")?;
        }
        if let Some(bought) = &when.bought {
            let day = profile
                .bought
                .iter()
                .find(|b| b.tag.as_str() == bought.tag)?
                .day;
            let days = self.today.days_since(day);
            if bought.days_at_least.is_some_and(|least| days < least)
                || bought.days_at_most.is_some_and(|most| days > most)
            {
                return None;
            }
            reasons.push(Reason::Bought(bought.tag.clone()));
        }
        if let Some(min) = when.days_since_purchase_at_least {
            let last = lifecycle.last_purchase?;
            require(self.today.days_since(last) >= min, &mut reasons, "lapsed")?;
        }
        if let Some(min) = when.cart_open_days_at_least {
            let since = profile.intent.cart_open_since?;
            require(self.today.days_since(since) >= min, &mut reasons, "cart")?;
        }
        if let Some(min) = when.wishlist_adds_at_least {
            require(
                profile.intent.wishlist_adds >= min,
                &mut reasons,
                "wishlist",
            )?;
        }
        if let Some(needed) = when.consent {
            require(profile.consent >= needed, &mut reasons, "consent")?;
        }
        if let Some(episode) = &when.episode {
            if !self.episodes.contains(episode) {
                return None;
            }
            reasons.push(Reason::Episode(episode.clone()));
        }
        if let Some(ConfigDate(from)) = when.from {
            require(self.today >= from, &mut reasons, "dates")?;
        }
        if let Some(ConfigDate(until)) = when.until {
            require(self.today <= until, &mut reasons, "dates")?;
        }
        let context = self.context;
        if !when.campaign.is_empty() {
            let matches = when.campaign.iter().all(|(name, values)| {
                context.param(name).is_some_and(|value| {
                    values
                        .iter()
                        .any(|wanted| wanted.eq_ignore_ascii_case(value))
                })
            });
            notice(matches, &mut reasons, "campaign")?;
        }
        if !when.referrer.is_empty() {
            let matches = when.referrer.iter().any(|word| context.referred_by(word));
            notice(matches, &mut reasons, "referrer")?;
        }
        if !when.country.is_empty() {
            let matches = context
                .country
                .as_ref()
                .is_some_and(|country| when.country.contains(country));
            notice(matches, &mut reasons, "country")?;
        }
        if !when.region.is_empty() {
            let here = context.country.as_deref().zip(context.region.as_deref());
            let matches = here.is_some_and(|(country, region)| {
                when.region.iter().any(|wanted| {
                    wanted.split_once('-').is_some_and(|(c, r)| {
                        c.eq_ignore_ascii_case(country) && r.eq_ignore_ascii_case(region)
                    })
                })
            });
            notice(matches, &mut reasons, "region")?;
        }
        if !when.device.is_empty() {
            notice(
                when.device.contains(&context.device),
                &mut reasons,
                "device",
            )?;
        }
        if !when.path.is_empty() {
            let matches = when.path.iter().any(|pattern| context.on_path(pattern));
            notice(matches, &mut reasons, "path")?;
        }
        if !when.any_of.is_empty() {
            // The first part that holds decides, with its reasons.
            reasons.extend(when.any_of.iter().find_map(|part| self.check(part))?);
        }
        if let Some(part) = &when.not {
            if self.check(part).is_some() {
                return None;
            }
            // What did not happen is no reason to tell; the rule's other conditions are.
            // A rule of nothing but a `not` is explained by the shopper's history here.
            if reasons.is_empty() {
                reasons.push(Reason::Rule("not"));
            }
        }
        // A stable sort: reasons of equal strength keep the config's order.
        reasons.sort_by_key(Reason::strength);
        reasons.dedup();
        (!reasons.is_empty()).then_some(reasons)
    }
}

/// A lifecycle or intent rule (`rule:CODE`).
fn require(holds: bool, reasons: &mut Vec<Reason>, code: &'static str) -> Option<()> {
    hold(holds, reasons, Reason::Rule(code))
}

/// A condition on the request itself (`context:WHAT`).
fn notice(holds: bool, reasons: &mut Vec<Reason>, what: &'static str) -> Option<()> {
    hold(holds, reasons, Reason::Context(what))
}

/// `None` (the rule fails) unless `holds`; else `reason` is one of the rule's reasons.
fn hold(holds: bool, reasons: &mut Vec<Reason>, reason: Reason) -> Option<()> {
    holds.then(|| reasons.push(reason))
}
