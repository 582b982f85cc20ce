//! Rules a parsed config must follow beyond its JSON shape. Every broken rule is reported,
//! not just the first.

use super::{Condition, Config, EpisodeDate};
use crate::errors::ConfigProblem;
use crate::profile::Slug;

/// Longest cookie lifetime a config may ask for, in days.
const MAX_RETENTION_DAYS: u16 = 90;

pub(super) fn problems(config: &Config) -> Vec<ConfigProblem> {
    let mut out = Vec::new();
    let mut report = |path: String, expected: &str, found: String| {
        out.push(ConfigProblem {
            path,
            expected: expected.to_owned(),
            found,
        })
    };

    let name = &config.cookie.name;
    if name.is_empty()
        || name.len() > 32
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        report(
            "cookie.name".into(),
            "1-32 characters of A-Z, a-z, 0-9, _ and -",
            format!("{name:?}"),
        );
    }
    let max_age = config.cookie.max_age_days;
    if !(1..=MAX_RETENTION_DAYS).contains(&max_age) {
        report(
            "cookie.max_age_days".into(),
            "a number of days from 1 to 90",
            max_age.to_string(),
        );
    }
    let max_profile_age = config.privacy.max_profile_age_days;
    if !(1..=super::MAX_PROFILE_AGE_DAYS).contains(&max_profile_age) {
        report(
            "privacy.max_profile_age_days".into(),
            "a number of days from 1 to 396 (13 months)",
            max_profile_age.to_string(),
        );
    }
    if config.affinity.half_life_days == 0 {
        report(
            "affinity.half_life_days".into(),
            "a number of days from 1",
            "0".into(),
        );
    }

    check_questions(config, &mut report);
    check_messages(config, &mut report);
    let signals = &config.signals;
    let bands_ok = signals.low_value_below.is_finite()
        && signals.high_value_from.is_finite()
        && 0.0 <= signals.low_value_below
        && signals.low_value_below <= signals.high_value_from;
    let dwell = &signals.dwell;
    if dwell.iter().any(|step| step.weight == 0)
        || dwell
            .windows(2)
            .any(|pair| pair[0].seconds >= pair[1].seconds)
    {
        report(
            "signals.dwell".into(),
            "steps with rising seconds and weights from 1",
            format!("{} step(s)", dwell.len()),
        );
    }
    let spend_ok = signals.low_spend_below.is_finite()
        && signals.high_spend_from.is_finite()
        && 0.0 <= signals.low_spend_below
        && signals.low_spend_below <= signals.high_spend_from;
    if !spend_ok {
        report(
            "signals".into(),
            "0 <= low_spend_below <= high_spend_from",
            format!(
                "{} and {}",
                signals.low_spend_below, signals.high_spend_from
            ),
        );
    }
    if !bands_ok {
        report(
            "signals".into(),
            "0 <= low_value_below <= high_value_from",
            format!(
                "{} and {}",
                signals.low_value_below, signals.high_value_from
            ),
        );
    }

    for (name, segment) in &config.segments {
        let path = format!("segments.{name}");
        if Slug::new(name).is_none() {
            report(path.clone(), SLUG_RULE, format!("segment name {name:?}"));
        }
        if !segment.when.segments.is_empty() {
            report(
                format!("{path}.when.segments"),
                "no segments (a segment cannot depend on another)",
                format!("{:?}", segment.when.segments),
            );
        }
        if segment.explanation.trim().is_empty() {
            report(
                format!("{path}.explanation"),
                "a sentence for the shopper",
                "an empty string".into(),
            );
        }
        check_condition(&segment.when, &format!("{path}.when"), config, &mut report);
    }

    for (name, episode) in &config.episodes {
        let path = format!("episodes.{name}");
        if Slug::new(name).is_none() {
            report(path.clone(), SLUG_RULE, format!("episode name {name:?}"));
        }
        match (episode.from, episode.until) {
            (EpisodeDate::Day(from), EpisodeDate::Day(until)) if from > until => report(
                format!("{path}.until"),
                "a day on or after `from`",
                episode.until.to_string(),
            ),
            (EpisodeDate::Day(_), EpisodeDate::Day(_))
            | (EpisodeDate::EveryYear(..), EpisodeDate::EveryYear(..)) => {}
            (from, until) => report(
                format!("{path}.from"),
                "both `from` and `until` as YYYY-MM-DD, or both as MM-DD (every year)",
                format!("\"{from}\" and \"{until}\""),
            ),
        }
        if !episode.boost.is_finite() || !(-100.0..=100.0).contains(&episode.boost) {
            report(
                format!("{path}.boost"),
                "a number from -100 to 100",
                episode.boost.to_string(),
            );
        }
    }
    if !(-14 * 60..=14 * 60).contains(&config.calendar.utc_offset_minutes) {
        report(
            "calendar.utc_offset_minutes".into(),
            "minutes from -840 to 840",
            config.calendar.utc_offset_minutes.to_string(),
        );
    }

    let privacy = &config.privacy;
    for (i, country) in privacy.opt_in_countries.iter().enumerate() {
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            report(
                format!("privacy.opt_in_countries[{i}]"),
                "a two-letter country code such as \"DE\"",
                format!("{country:?}"),
            );
        }
    }
    if let Some(cookie) = &privacy.consent_cookie {
        if cookie.name.is_empty() || cookie.name == config.cookie.name {
            report(
                "privacy.consent_cookie.name".into(),
                "the site's consent cookie name (not the profile cookie)",
                format!("{:?}", cookie.name),
            );
        }
        if cookie.personalization.is_empty() {
            report(
                "privacy.consent_cookie.personalization".into(),
                "at least one value that grants personalization",
                "an empty list".into(),
            );
        }
    }

    let budgets = &config.budgets;
    if !(16..=65_536).contains(&budgets.max_capture_kib)
        || !(64..=65_536).contains(&budgets.max_parser_memory_kib)
    {
        report(
            "budgets".into(),
            "max_capture_kib from 16 to 65536 and max_parser_memory_kib from 64 to 65536",
            format!(
                "{} and {}",
                budgets.max_capture_kib, budgets.max_parser_memory_kib
            ),
        );
    }

    let experiments = &config.experiments;
    if !(0.0..=100.0).contains(&experiments.holdout_percent) {
        report(
            "experiments.holdout_percent".into(),
            "a percentage from 0 to 100",
            experiments.holdout_percent.to_string(),
        );
    }
    for (key, experiment) in &experiments.tests {
        let path = format!("experiments.tests.{key}");
        if Slug::new(key).is_none() {
            report(path.clone(), SLUG_RULE, format!("experiment key {key:?}"));
        }
        if !(0.0..=100.0).contains(&experiment.traffic_percent) {
            report(
                format!("{path}.traffic_percent"),
                "a percentage from 0 to 100",
                experiment.traffic_percent.to_string(),
            );
        }
        match (&experiment.slot, &experiment.listing) {
            (Some(slot), None) if config.slots.contains_key(slot) => {}
            (None, Some(listing)) if config.listings.contains_key(listing) => {}
            (slot, listing) => report(
                path.clone(),
                "exactly one of `slot` or `listing`, naming one the config defines",
                format!("slot {slot:?}, listing {listing:?}"),
            ),
        }
        if experiment.arms.len() < 2 || experiment.arms.iter().any(|a| a.weight == 0) {
            report(
                format!("{path}.arms"),
                "at least two arms, each with a weight above 0",
                format!("{} arm(s)", experiment.arms.len()),
            );
        }
        for (i, arm) in experiment.arms.iter().enumerate() {
            if Slug::new(&arm.name).is_none() {
                report(
                    format!("{path}.arms[{i}].name"),
                    SLUG_RULE,
                    format!("{:?}", arm.name),
                );
            }
        }
    }

    for (variant, html) in &config.content {
        if Slug::new(variant).is_none() {
            report(
                format!("content.{variant}"),
                SLUG_RULE,
                format!("variant id {variant:?}"),
            );
        }
        if html.len() > 64 * 1024 {
            report(
                format!("content.{variant}"),
                "markup of at most 64 KiB",
                format!("{} bytes", html.len()),
            );
        }
    }

    check_catalog(config, &mut report);
    check_offers(config, &mut report);

    for (slot, rules) in &config.slots {
        if Slug::new(slot).is_none() {
            report(
                format!("slots.{slot}"),
                SLUG_RULE,
                format!("slot name {slot:?}"),
            );
        }
        for (i, rule) in rules.iter().enumerate() {
            let path = format!("slots.{slot}[{i}]");
            if Slug::new(&rule.variant).is_none() {
                report(
                    format!("{path}.variant"),
                    SLUG_RULE,
                    format!("{:?}", rule.variant),
                );
            }
            check_condition(&rule.when, &format!("{path}.when"), config, &mut report);
            if let Some(shelf) = rule
                .shelf
                .as_ref()
                .filter(|s| !config.shelves.contains_key(*s))
            {
                report(
                    format!("{path}.shelf"),
                    "a shelf defined under `shelves`",
                    format!("{shelf:?}"),
                );
            }
            check_cap(rule.cap, &path, &mut report);
        }
    }

    for (listing, policy) in &config.listings {
        if Slug::new(listing).is_none() {
            report(
                format!("listings.{listing}"),
                SLUG_RULE,
                format!("listing name {listing:?}"),
            );
        }
        if policy.max_items == Some(0) {
            report(
                format!("listings.{listing}.max_items"),
                "at least 1 item",
                "0".into(),
            );
        }
        for (key, value) in [
            ("stated_weight", policy.stated_weight),
            ("inferred_weight", policy.inferred_weight),
        ] {
            if !(value.is_finite() && (0.0..=100.0).contains(&value)) {
                report(
                    format!("listings.{listing}.{key}"),
                    "a number from 0 to 100",
                    value.to_string(),
                );
            }
        }
        // The floor guards offers' discounts too: a share of the price, 0 to 1.
        if let Some(floor) = policy.margin_floor.filter(|f| !(0.0..=1.0).contains(f)) {
            report(
                format!("listings.{listing}.margin_floor"),
                "a share of the price from 0 to 1",
                floor.to_string(),
            );
        }
    }
    out
}

/// A frequency cap of the rule or offer at `path`.
fn check_cap(cap: Option<super::Cap>, path: &str, report: &mut impl FnMut(String, &str, String)) {
    if let Some(cap) =
        cap.filter(|cap| cap.max == 0 || !(1..=MAX_RETENTION_DAYS).contains(&cap.days))
    {
        report(
            format!("{path}.cap"),
            "`max` from 1 to 255 and `days` from 1 to 90",
            format!("max {} and days {}", cap.max, cap.days),
        );
    }
}

/// The offers: their conditions, window, discount and guardrail, and where they show.
fn check_offers(config: &Config, report: &mut impl FnMut(String, &str, String)) {
    for (name, offer) in &config.offers {
        let path = format!("offers.{name}");
        if Slug::new(name).is_none() {
            report(path.clone(), SLUG_RULE, format!("offer name {name:?}"));
        }
        check_condition(&offer.when, &format!("{path}.when"), config, report);
        if offer.valid_from > offer.valid_until {
            report(
                format!("{path}.valid_until"),
                "a day on or after `valid_from`",
                "an earlier day".into(),
            );
        }
        let discount = offer.discount;
        if !(discount.percent > 0.0 && discount.percent <= 90.0)
            || discount
                .up_to
                .is_some_and(|most| !(most.is_finite() && most >= 0.0))
        {
            report(
                format!("{path}.discount"),
                "`percent` above 0 and at most 90, `up_to` a number from 0",
                format!("{discount:?}"),
            );
        }
        let floor = config
            .listings
            .get(&offer.listing)
            .and_then(|p| p.margin_floor);
        if floor.is_none() {
            report(
                format!("{path}.listing"),
                "a listing under `listings` with a `margin_floor`, which guards the offer",
                format!("{:?}", offer.listing),
            );
        }
        for (t, tag) in offer.tags.iter().enumerate() {
            if Slug::new(tag).is_none() {
                report(format!("{path}.tags[{t}]"), SLUG_RULE, format!("{tag:?}"));
            }
        }
        if offer.slot.is_none() && offer.badge.is_none() {
            report(
                path.clone(),
                "a `slot` or a `badge` to show it in",
                "neither".into(),
            );
        }
        if offer.slot.is_none() && (offer.cap.is_some() || offer.html.is_some()) {
            report(
                format!("{path}.slot"),
                "a slot for `html`, and for `cap` (showings are counted in the slot)",
                "none".into(),
            );
        }
        if let Some(slot) = &offer.slot {
            let taken = config.content.contains_key(name)
                || config
                    .slots
                    .get(slot)
                    .is_some_and(|rules| rules.iter().any(|rule| rule.variant == *name));
            if Slug::new(slot).is_none() || taken {
                report(
                    format!("{path}.slot"),
                    "a slot key, where the offer's name is no other variant's or content entry's",
                    format!("{slot:?}"),
                );
            }
        }
        check_cap(offer.cap, &path, report);
        for (field, markup) in [("html", &offer.html), ("badge", &offer.badge)] {
            if markup.as_ref().is_some_and(|m| m.len() > 64 * 1024) {
                report(
                    format!("{path}.{field}"),
                    "markup of at most 64 KiB",
                    "more".into(),
                );
            }
        }
    }
}

/// The catalog feed, the shelves and the complements.
fn check_catalog(config: &Config, report: &mut impl FnMut(String, &str, String)) {
    let address = |value: &str| {
        (value.starts_with('/') && !value.starts_with("//")) || value.starts_with("https://")
    };
    for (i, item) in config.catalog.iter().enumerate() {
        let path = format!("catalog[{i}]");
        if Slug::new(&item.id).is_none() {
            report(format!("{path}.id"), SLUG_RULE, format!("{:?}", item.id));
        } else if config.catalog[..i].iter().any(|other| other.id == item.id) {
            report(
                format!("{path}.id"),
                "each id once",
                format!("{:?} again", item.id),
            );
        }
        for (field, value) in [("url", Some(&item.url)), ("image", item.image.as_ref())] {
            if let Some(value) = value.filter(|value| !address(value)) {
                report(
                    format!("{path}.{field}"),
                    "a path on the shop (`/…`) or an `https://` address",
                    format!("{value:?}"),
                );
            }
        }
        for (field, value) in [("price", item.price), ("margin", item.margin)] {
            if value.is_some_and(|v| !v.is_finite() || v < 0.0) {
                report(
                    format!("{path}.{field}"),
                    "a number from 0",
                    "a negative or infinite number".into(),
                );
            }
        }
        for (t, tag) in item.tags.iter().enumerate() {
            if Slug::new(tag).is_none() {
                report(format!("{path}.tags[{t}]"), SLUG_RULE, format!("{tag:?}"));
            }
        }
    }
    for (name, shelf) in &config.shelves {
        let path = format!("shelves.{name}");
        if Slug::new(name).is_none() {
            report(path.clone(), SLUG_RULE, format!("shelf name {name:?}"));
        }
        if !(1..=24).contains(&shelf.items) || !(1..=shelf.items).contains(&shelf.min_items) {
            report(
                path.clone(),
                "`items` from 1 to 24 and `min_items` from 1 to `items`",
                format!("items {} and min_items {}", shelf.items, shelf.min_items),
            );
        }
        if let Some(listing) = shelf
            .listing
            .as_ref()
            .filter(|l| !config.listings.contains_key(*l))
        {
            report(
                format!("{path}.listing"),
                "a listing defined under `listings`",
                format!("{listing:?}"),
            );
        }
        let bundle = &shelf.bundle;
        if (shelf.strategy == super::Strategy::Bundle)
            == (bundle.items.is_empty() && bundle.tags.is_empty())
        {
            report(
                format!("{path}.bundle"),
                "items or tags for a `bundle` shelf, and for no other",
                format!(
                    "{} item(s), {} tag(s)",
                    bundle.items.len(),
                    bundle.tags.len()
                ),
            );
        }
        for (i, id) in bundle.items.iter().enumerate() {
            if !config.catalog.iter().any(|item| item.id == *id) {
                report(
                    format!("{path}.bundle.items[{i}]"),
                    "an id of the `catalog`",
                    format!("{id:?}"),
                );
            }
        }
        let template = &shelf.template;
        if template.before.len() + template.item.len() + template.after.len() > 64 * 1024 {
            report(
                format!("{path}.template"),
                "markup of at most 64 KiB",
                "more".into(),
            );
        }
        // A `{word}` that is not a placeholder is almost always a misspelt one.
        let mut rest = template.item.as_str();
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let word = rest.split('}').next().unwrap_or_default();
            let looks_like_one = rest.contains('}')
                && !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if looks_like_one && !super::PLACEHOLDERS.contains(&word) {
                report(
                    format!("{path}.template.item"),
                    "placeholders among {id}, {title}, {url}, {image}, {price}",
                    format!("{{{word}}}"),
                );
            }
        }
    }
    for (tag, goes_with) in &config.complements {
        let path = format!("complements.{tag}");
        if Slug::new(tag).is_none() {
            report(path.clone(), SLUG_RULE, format!("tag {tag:?}"));
        }
        for (i, other) in goes_with.iter().enumerate() {
            if Slug::new(other).is_none() {
                report(format!("{path}[{i}]"), SLUG_RULE, format!("{other:?}"));
            }
        }
    }
}

/// The questions: one to four, keys unique and not a form field of their own, each with
/// choices that are keys (interests: tags the shop may profile on), a `max` that fits, at
/// most one asked at first purchase, and answers that fit their share of the cookie.
fn check_questions(config: &Config, report: &mut impl FnMut(String, &str, String)) {
    let questions = &config.questions;
    let count = questions.list.len();
    if !(1..=super::MAX_QUESTIONS).contains(&count) {
        report(
            "questions".into(),
            "one to four questions",
            format!("{count} question(s)"),
        );
    }
    for (q, question) in questions.list.iter().enumerate() {
        let key = &question.key;
        if Slug::new(key).is_none() {
            report(questions.path(q, "key"), SLUG_RULE, format!("{key:?}"));
        } else if super::RESERVED_KEYS.contains(&key.as_str()) {
            report(
                questions.path(q, "key"),
                "a key other than part, return, consent, interests and measurement",
                format!("{key:?}"),
            );
        } else if questions.list[..q].iter().any(|other| other.key == *key) {
            report(
                questions.path(q, "key"),
                "each question once",
                format!("{key:?} again"),
            );
        }
        let choices = question.choices.len();
        if choices == 0 || choices > super::MAX_CHOICES {
            report(
                questions.path(q, "choices"),
                "1 to 32 choices",
                format!("{choices} choice(s)"),
            );
        }
        for (c, choice) in question.choices.iter().enumerate() {
            let path = questions.choice_path(q, c);
            let key = &choice.key;
            if Slug::new(key).is_none() {
                report(path, SLUG_RULE, format!("{key:?}"));
            } else if question.interests && !config.privacy.may_profile(key) {
                report(path, PROFILED_RULE, format!("{key:?}"));
            } else if question.choices[..c].iter().any(|other| other.key == *key) {
                report(path, "each choice once", format!("{key:?} again"));
            }
        }
        if let Some(max) = question.max {
            if !question.multiple || !(1..=super::MAX_PICKED).contains(&max) {
                report(
                    questions.path(q, "max"),
                    "1 to 4, on a question with `multiple`",
                    max.to_string(),
                );
            }
        }
    }
    let at_purchase = questions.list.iter().filter(|q| q.at_purchase).count();
    if at_purchase > 1 {
        report(
            "questions".into(),
            "at most one question with `at_purchase`",
            format!("{at_purchase}"),
        );
    }
    if questions.list.iter().all(|q| q.at_purchase) && count > 0 {
        report(
            "questions".into(),
            "a question asked on the preference form (without `at_purchase`)",
            "only questions asked at first purchase".into(),
        );
    }
    let bytes: usize = questions
        .list
        .iter()
        .map(super::Question::answer_bytes)
        .sum();
    if bytes > super::MAX_ANSWER_BYTES {
        report(
            "questions".into(),
            "answers that fit 128 bytes of the cookie (shorter keys or a lower `max`)",
            format!("up to {bytes} bytes"),
        );
    }
}

/// The languages and messages: tags of letters and digits, a default language that is
/// built in or given messages, and ids Shelfwise knows (a built-in message, or one naming
/// the shop's own keys).
fn check_messages(config: &Config, report: &mut impl FnMut(String, &str, String)) {
    let tag_ok = |tag: &str| {
        let mut parts = tag.split('-');
        parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic())
        }) && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    const TAG_RULE: &str = "a language tag such as en, de or pt-BR";
    if !tag_ok(&config.language) {
        report(
            "language".into(),
            TAG_RULE,
            format!("{:?}", config.language),
        );
    } else if !crate::messages::Messages::is_built_in(&config.language)
        && !config
            .messages
            .keys()
            .any(|tag| tag.eq_ignore_ascii_case(&config.language))
    {
        report(
            "language".into(),
            "a built-in language (en, de) or one given under `messages`",
            format!("{:?}", config.language),
        );
    }
    for (tag, messages) in &config.messages {
        if !tag_ok(tag) {
            report(format!("messages.{tag}"), TAG_RULE, format!("{tag:?}"));
        }
        for id in messages.keys() {
            if !crate::messages::is_known_id(id) {
                report(
                    format!("messages.{tag}.{id}"),
                    "a built-in message id (docs/config.md#messages) or one of the shop's keys                      (question., choice., because., tag., segment., why., episode.)",
                    format!("{id:?}"),
                );
            }
        }
    }
}

const SLUG_RULE: &str = "a key of 1-24 characters of a-z, 0-9 and -";

const PROFILED_RULE: &str = "a tag the shop may profile on (not sensitive under \
    `privacy.sensitive_tags`, and in `privacy.allowed_tags` when that is given)";

fn check_condition(
    condition: &Condition,
    path: &str,
    config: &Config,
    report: &mut impl FnMut(String, &str, String),
) {
    if condition.is_empty() {
        report(path.to_owned(), "at least one condition", "none".into());
    }
    for (i, part) in condition.any_of.iter().enumerate() {
        check_condition(part, &format!("{path}.any_of[{i}]"), config, report);
    }
    if let Some(part) = &condition.not {
        check_condition(part, &format!("{path}.not"), config, report);
    }
    if let Some(key) = &condition.loves {
        if Slug::new(key).is_none() {
            report(format!("{path}.loves"), SLUG_RULE, format!("{key:?}"));
        } else if !config.privacy.may_profile(key) {
            report(format!("{path}.loves"), PROFILED_RULE, format!("{key:?}"));
        }
    }
    if let Some(bought) = &condition.bought {
        let tag = &bought.tag;
        if Slug::new(tag).is_none() {
            report(format!("{path}.bought.tag"), SLUG_RULE, format!("{tag:?}"));
        } else if !config.privacy.may_profile(tag) {
            report(
                format!("{path}.bought.tag"),
                PROFILED_RULE,
                format!("{tag:?}"),
            );
        }
        if let (Some(least), Some(most)) = (bought.days_at_least, bought.days_at_most) {
            if least > most {
                report(
                    format!("{path}.bought"),
                    "days_at_least <= days_at_most",
                    format!("{least} and {most}"),
                );
            }
        }
    }
    for (i, segment) in condition.segments.iter().enumerate() {
        if !config.segments.contains_key(segment) {
            report(
                format!("{path}.segments[{i}]"),
                "a segment defined under `segments`",
                format!("{segment:?}"),
            );
        }
    }
    let named = condition
        .answered
        .iter()
        .map(|(question, accepted)| (question.as_str(), format!("answered.{question}"), accepted))
        .chain([
            ("for", "shopping_for".to_owned(), &condition.shopping_for),
            ("occasion", "occasion".to_owned(), &condition.occasion),
        ]);
    for (question, member, accepted) in named {
        if accepted.is_empty() {
            if member.starts_with("answered.") {
                report(
                    format!("{path}.{member}"),
                    "at least one choice",
                    "none".into(),
                );
            }
            continue;
        }
        let Some(asked) = config.questions.get(question) else {
            report(
                format!("{path}.{member}"),
                "a question's key under `questions`",
                format!("{question:?}"),
            );
            continue;
        };
        for (i, choice) in accepted.iter().enumerate() {
            if asked.choice(choice).is_none() {
                report(
                    format!("{path}.{member}[{i}]"),
                    "one of the question's choices",
                    format!("{choice:?}"),
                );
            }
        }
    }
    if let Some(episode) = &condition.episode {
        if !config.episodes.contains_key(episode) {
            report(
                format!("{path}.episode"),
                "an episode defined under `episodes`",
                format!("{episode:?}"),
            );
        }
    }
    for (i, country) in condition.country.iter().enumerate() {
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            report(
                format!("{path}.country[{i}]"),
                "a two-letter country code such as \"DE\"",
                format!("{country:?}"),
            );
        }
    }
    for (i, region) in condition.region.iter().enumerate() {
        let valid = region.split_once('-').is_some_and(|(country, code)| {
            country.len() == 2
                && country.bytes().all(|b| b.is_ascii_uppercase())
                && (1..=8).contains(&code.len())
                && code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        });
        if !valid {
            report(
                format!("{path}.region[{i}]"),
                "a region code such as \"US-CA\" (ISO 3166-2)",
                format!("{region:?}"),
            );
        }
    }
    for (i, pattern) in condition.path.iter().enumerate() {
        let fixed = pattern.strip_suffix('*').unwrap_or(pattern);
        if !pattern.starts_with('/') || fixed.contains('*') {
            report(
                format!("{path}.path[{i}]"),
                "a path starting with / (ending in * to match by prefix)",
                format!("{pattern:?}"),
            );
        }
    }
    for (i, word) in condition.referrer.iter().enumerate() {
        let host_like = !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        if !host_like {
            report(
                format!("{path}.referrer[{i}]"),
                "a kind (search, social, email, none, internal, other) or a lowercase host",
                format!("{word:?}"),
            );
        }
    }
    for (name, values) in &condition.campaign {
        if name.is_empty() || values.is_empty() || values.iter().any(String::is_empty) {
            report(
                format!("{path}.campaign.{name}"),
                "a query parameter name and at least one non-empty value",
                format!("{values:?}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::errors::ConfigError;

    fn problems(json: &str) -> Vec<(String, String)> {
        match Config::from_json("t.json", json) {
            Ok(_) => Vec::new(),
            Err(ConfigError::Invalid { problems, .. }) => {
                problems.into_iter().map(|p| (p.path, p.expected)).collect()
            }
            Err(other) => panic!("{other}"),
        }
    }

    #[test]
    fn the_parts_of_any_of_and_not_are_checked_like_any_condition() {
        let found = problems(
            r#"{ "questions": { "crafts": ["glass"] },
                 "slots": { "hero": [ { "variant": "x", "when": {
                    "any_of": [ { "segments": ["nobody"] }, { "purchases_at_most": 0 } ],
                    "not": {} } } ] } }"#,
        );
        assert_eq!(
            found,
            vec![
                (
                    "slots.hero[0].when.any_of[0].segments[0]".to_owned(),
                    "a segment defined under `segments`".to_owned()
                ),
                (
                    "slots.hero[0].when.not".to_owned(),
                    "at least one condition".to_owned()
                ),
            ]
        );
    }
}
