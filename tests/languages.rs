//! What the shopper reads, in the shop's languages: the "why this?" line follows the page's
//! `<html lang>`, then `Accept-Language`, then the config's `language`; the privacy centre's
//! facts are said in the language asked for, with their counts' plural forms and numbers
//! grouped as the language groups them. Ridgeline Outfitters (tests/outdoor-site/) is a German
//! shop that gives its own words in English too.

use shelfwise::profile::{Answer, Lifecycle, Purposes, Slug};
use shelfwise::request::PrivacySignals;
use shelfwise::session::Session;
use shelfwise::{profile, rewrite_to_vec, Config, Day, Profile, RewriteSettings};
use std::rc::Rc;

const TODAY: Day = Day(2518);
/// Every purpose granted on the shop's TCF banner (made by `@iabtcf/core`; see
/// tests/data/consent-vectors.json).
const ACCEPTED: &str = "CQuhNtAQuhNtAAKABAENDIFgAI0AAAAAAAAAF5wAQF5gAAAA.YAAAAAAAAAAA";

fn outdoor() -> Rc<Config> {
    let text = include_str!("outdoor-site/shelfwise.config.json");
    Rc::new(Config::from_json("outdoor-site/shelfwise.config.json", text).expect("valid config"))
}

fn climber(visits: u8) -> Profile {
    let key = |k: &str| Slug::new(k).expect("key");
    let mut profile = Profile::new(TODAY, Purposes::ALL);
    profile.answers = vec![
        Answer {
            question: key("activity"),
            choices: vec![key("climbing")],
            interests: true,
        },
        Answer {
            question: key("fit"),
            choices: vec![key("relaxed")],
            interests: false,
        },
    ];
    profile.lifecycle = Lifecycle {
        first_seen: Day(2500),
        last_seen: TODAY,
        visits,
        ..Lifecycle::default()
    };
    profile.bucket = Some(12_345);
    profile
}

/// The shopper's visit at the edge, with the banner answered and `Accept-Language`.
fn session(
    config: &Rc<Config>,
    profile: &Profile,
    page: Option<&str>,
    accept: Option<&str>,
) -> Session {
    let cookie = format!(
        "{}={}; euconsent-v2={ACCEPTED}",
        config.cookie.name,
        profile::encode(profile)
    );
    let mut session = Session::at_edge(
        config.clone(),
        TODAY,
        PrivacySignals {
            cookie_header: Some(&cookie),
            gpc: false,
            country: Some("DE"),
        },
        None,
    );
    session.set_languages(page, accept);
    session
}

/// The hero's "why this?" line on `page` for `session`.
fn why(session: &Session, page: &str) -> String {
    let plan = Rc::new(session.plan().expect("a plan"));
    let (html, _) = rewrite_to_vec(page.as_bytes(), plan, RewriteSettings::default(), 8192);
    let html = String::from_utf8(html).expect("utf-8");
    let start = html.find("data-pz-why>").expect("a why line") + "data-pz-why>".len();
    html[start..start + html[start..].find('<').expect("its end")].to_owned()
}

fn page(lang: Option<&str>) -> String {
    let html = include_str!("outdoor-site/www/index.html");
    match lang {
        Some(lang) => html.replace("<html lang=\"de\">", &format!("<html lang=\"{lang}\">")),
        None => html.replace("<html lang=\"de\">", "<html>"),
    }
}

#[test]
fn the_page_language_decides_then_accept_language_then_the_shops_own() {
    let config = outdoor();
    let profile = climber(3);
    let german = "Weil Sie uns gesagt haben, dass Sie Platz für ein Fleece darunter mögen";
    let english = "Because you told us you like room for a fleece underneath";
    // The page says German: German, whatever the browser prefers.
    let visit = session(&config, &profile, None, Some("en-US,en;q=0.9"));
    assert_eq!(why(&visit, &page(Some("de"))), german);
    assert_eq!(why(&visit, &page(Some("de-AT"))), german);
    // An English page of the same shop: its English words.
    assert_eq!(why(&visit, &page(Some("en-GB"))), english);
    // A page that does not say: the browser's preference, by quality.
    assert_eq!(why(&visit, &page(None)), english);
    let german_browser = session(
        &config,
        &profile,
        None,
        Some("fr;q=0.9, de;q=0.8, en;q=0.5"),
    );
    assert_eq!(why(&german_browser, &page(None)), german);
    // A language the shop does not have: its own, German.
    let japanese = session(&config, &profile, None, Some("ja"));
    assert_eq!(why(&japanese, &page(Some("ja"))), german);
}

#[test]
fn the_privacy_centre_says_its_facts_in_the_language_asked_for() {
    let config = outdoor();
    let facts = |visits: u8, lang: &str| -> Vec<String> {
        let report = session(&config, &climber(visits), Some(lang), None).report_value();
        assert_eq!(report["language"], lang);
        report["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .map(|f| f["text"].as_str().expect("text").to_owned())
            .collect()
    };
    let german = facts(1, "de");
    assert!(
        german.contains(&"Sie haben uns gesagt, dass Sie klettern.".to_owned()),
        "{german:#?}"
    );
    assert!(
        german
            .iter()
            .any(|f| f.starts_with("Besuche an 1 Tag (bis 20 gezählt)")),
        "{german:#?}"
    );
    assert!(
        german
            .iter()
            .any(|f| f.starts_with("Experimentgruppe 12.345 von 16.384")),
        "{german:#?}"
    );
    let german = facts(3, "de");
    assert!(
        german
            .iter()
            .any(|f| f.starts_with("Besuche an 3 Tagen (bis 20 gezählt)")),
        "{german:#?}"
    );
    let english = facts(1, "en");
    assert!(
        english.contains(&"You told us you climb.".to_owned()),
        "{english:#?}"
    );
    assert!(
        english
            .iter()
            .any(|f| f.starts_with("Visits on 1 day (counted up to 20)")),
        "{english:#?}"
    );
    assert!(
        english
            .iter()
            .any(|f| f.starts_with("Experiment group 12,345 of 16,384")),
        "{english:#?}"
    );
    let english = facts(3, "en");
    assert!(
        english
            .iter()
            .any(|f| f.starts_with("Visits on 3 days (counted up to 20)")),
        "{english:#?}"
    );
    // What each slot shows and why, in the same language.
    let report = session(&config, &climber(1), Some("de"), None).report_value();
    let because: Vec<&str> = report["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter_map(|d| d["because"].as_str())
        .collect();
    assert!(
        because
            .contains(&"Weil Sie uns gesagt haben, dass Sie Platz für ein Fleece darunter mögen"),
        "{because:?}"
    );
    assert!(
        because.contains(&"Weil Sie uns gesagt haben, dass Sie Klettern mögen"),
        "{because:?}"
    );
}

#[test]
fn a_shop_overrides_a_built_in_message_and_adds_a_language() {
    let config = Rc::new(
        Config::from_json(
            "t.json",
            r#"{ "questions": { "crafts": ["glass"] },
                 "slots": { "hero": [ { "variant": "gifts", "when": { "shopping_for": ["gift"] } } ] },
                 "privacy": { "why_badge": true },
                 "messages": {
                   "en": { "because.for.gift": "you are choosing a present" },
                   "fr": { "reason.stated": "Parce que vous nous avez dit {because}",
                           "because.for.gift": "que vous cherchez un cadeau" } } }"#,
        )
        .expect("valid config"),
    );
    let key = |k: &str| Slug::new(k).expect("key");
    let mut profile = Profile::new(TODAY, Purposes::ALL);
    profile.answers = vec![Answer {
        question: key("for"),
        choices: vec![key("gift")],
        interests: false,
    }];
    let page = "<html lang=\"LANG\"><div data-pz-slot=\"hero\">x<template data-pz-variant=\"gifts\">G</template></div>";
    let visit = session(&config, &profile, None, None);
    assert_eq!(
        why(&visit, &page.replace("LANG", "en")),
        "Because you told us you are choosing a present"
    );
    assert_eq!(
        why(&visit, &page.replace("LANG", "fr-FR")),
        "Parce que vous nous avez dit que vous cherchez un cadeau"
    );
    // German is built in; a word the shop gives only in English is said in English.
    assert_eq!(
        why(&visit, &page.replace("LANG", "de")),
        "Weil Sie uns gesagt haben, you are choosing a present"
    );
}

#[test]
fn languages_and_messages_the_config_cannot_use_are_refused() {
    let problems = |extra: &str| {
        let text = format!(r#"{{ "questions": {{ "crafts": ["glass"] }}, {extra} }}"#);
        match Config::from_json("t.json", &text) {
            Ok(_) => String::new(),
            Err(error) => error.to_string(),
        }
    };
    assert!(problems(r#""language": "fr""#).contains("at `language`"));
    assert!(problems(r#""language": "not a tag""#).contains("at `language`"));
    assert!(problems(r#""language": "fr", "messages": { "fr": {} }"#).is_empty());
    assert!(
        problems(r#""messages": { "de": { "reason.stated.typo": "x" } }"#)
            .contains("messages.de.reason.stated.typo")
    );
    assert!(problems(r#""messages": { "de": { "tag.": "x" } }"#).contains("messages.de.tag."));
    assert!(
        problems(r#""messages": { "de_DE": { "tag.glass": "Glas" } }"#).contains("messages.de_DE")
    );
    assert!(problems(
        r#""messages": { "de": { "tag.glass": "Glas", "reason.browsed": "Weil {key}" } }"#
    )
    .is_empty());
}
