//! The browser package's exported API (`Engine`), called as JavaScript calls it, in headless
//! Chromium: answers and consent, signals, Global Privacy Control, listings, frequency caps
//! and the plain-words report.
#![cfg(all(target_arch = "wasm32", feature = "browser"))]

use shelfwise::browser::{Engine, ABSENT};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const DEMO_CONFIG: &str = include_str!("../www/shelfwise.config.json");
/// 2026-11-23 12:00 UTC.
const NOW_MS: f64 = 1_795_435_200_000.0;

fn engine() -> Engine {
    // No experiments: a random bucket must not put the shopper in a control arm.
    let mut config: serde_json::Value = serde_json::from_str(DEMO_CONFIG).expect("JSON");
    config["experiments"] = serde_json::json!({ "holdout_percent": 0, "tests": {} });
    Engine::new(&config.to_string(), NOW_MS).expect("demo config is valid")
}

/// An item's values in the contract's `ITEM_FIELDS` order: no stock, margin or pin attribute.
fn item(sku: &str, tags: &str) -> [String; 6] {
    [sku, tags, "30", ABSENT, ABSENT, ABSENT].map(str::to_owned)
}

#[wasm_bindgen_test]
fn nothing_is_stored_or_decided_without_answers() {
    let mut engine = engine();
    engine.load(None, None, false, Some("US".into()));
    assert!(!engine.has_profile());
    assert!(engine.is_noop());
    assert!(engine.slot("home-hero").is_none());
    assert_eq!(
        engine.record_signal("kind=cart&keys=glass").ok().flatten(),
        None
    );
    assert_eq!(engine.finish_page(Some("glass".into()), vec![], 7), None);
}

#[wasm_bindgen_test]
fn answers_personalize_slots_and_listings() {
    let mut engine = engine();
    engine.load(None, None, false, Some("US".into()));
    let stored = engine
        .set_answers("for=gift&craft=ceramics", 7)
        .ok()
        .flatten()
        .expect("stored");
    // A fresh engine reading the stored value decides the same.
    let mut engine = self::engine();
    engine.load(Some(stored), None, false, Some("US".into()));
    let hero = engine.slot("home-hero").expect("filled");
    assert_eq!(hero.variant.as_deref(), Some("gift-guide"));
    assert_eq!(
        hero.marks[..2],
        ["data-pz-shown".to_owned(), "gift-guide".to_owned()]
    );
    assert!(engine.wants_listing("category"));
    let fields = [
        item("g1", "glass"),
        item("c1", "ceramics"),
        item("p1", "prints"),
    ]
    .concat()
    .join("\u{1f}");
    let order = engine.order("category", &fields).expect("ranked");
    assert_eq!(order.order, vec![1, 0, 2]);
    // A listing with a field missing is left alone rather than misread.
    assert!(engine.order("category", "g1\u{1f}glass").is_none());
    // `data-pz-pin=""` is a present pin: the pinned glass item keeps its place while the
    // ceramics move to the front.
    let mut pinned = item("g1", "glass");
    pinned[5] = String::new();
    let fields = [item("p1", "prints"), pinned, item("c1", "ceramics")]
        .concat()
        .join("\u{1f}");
    let order = engine.order("category", &fields).expect("ranked");
    assert_eq!(order.order, vec![2, 1, 0]);
}

#[wasm_bindgen_test]
fn an_opt_in_region_needs_the_consent_box() {
    let mut engine = engine();
    engine.load(None, None, false, Some("DE".into()));
    assert_eq!(
        engine.set_answers("for=self&craft=glass", 7).ok().flatten(),
        None
    );
    // Unknown country: the stricter reading.
    engine.load(None, None, false, None);
    assert_eq!(
        engine.set_answers("for=self&craft=glass", 7).ok().flatten(),
        None
    );
    assert!(engine
        .set_answers("for=self&craft=glass&consent=yes", 7)
        .ok()
        .flatten()
        .is_some());
}

#[wasm_bindgen_test]
fn gpc_keeps_stated_answers_and_records_no_behaviour() {
    let mut engine = engine();
    engine.load(None, None, true, Some("US".into()));
    // Learning from browsing granted: only Global Privacy Control stops it.
    let stored = engine
        .set_answers("for=self&craft=glass&interests=yes", 7)
        .ok()
        .flatten();
    assert!(stored.is_some());
    assert_eq!(
        engine
            .record_signal("kind=wishlist&keys=prints")
            .ok()
            .flatten(),
        None
    );
    assert_eq!(engine.finish_page(Some("prints".into()), vec![], 7), None);
}

#[wasm_bindgen_test]
fn unknown_answers_and_signals_are_clear_errors() {
    let mut engine = engine();
    engine.load(None, None, false, Some("US".into()));
    assert!(engine.set_answers("for=self&craft=<script>", 7).is_err());
    assert!(engine.record_signal("kind=steal").is_err());
    assert!(Engine::new("{\"slots\": 7}", NOW_MS).is_err());
}

#[wasm_bindgen_test]
fn a_view_is_recorded_and_the_report_says_it_in_plain_words() {
    let mut engine = engine();
    engine.load(None, None, false, Some("US".into()));
    let stored = engine
        .set_answers("for=self&craft=glass&interests=yes", 7)
        .ok()
        .flatten();
    engine.load(stored, None, false, Some("US".into()));
    let after_view = engine.finish_page(Some("prints,wall-art".into()), vec![], 7);
    assert!(after_view.is_some());
    let report: serde_json::Value =
        serde_wasm_bindgen::from_value(engine.report().expect("a report")).expect("an object");
    assert_eq!(report["stored"], true);
    let facts = report["facts"].to_string();
    assert!(facts.contains("glass"), "{facts}");
    assert!(facts.contains("prints"), "{facts}");
    // The same report in German, as a page with `lang="de"` asks for it.
    engine.set_languages(Some("de".into()), Some("en-US,en".into()));
    let report: serde_json::Value =
        serde_wasm_bindgen::from_value(engine.report().expect("a report")).expect("an object");
    assert_eq!(report["language"], "de");
    let facts = report["facts"].to_string();
    assert!(
        facts.contains("Besuche an 1 Tag (bis 20 gezählt)"),
        "{facts}"
    );
    engine.forget();
    assert!(!engine.has_profile());
    let report: serde_json::Value =
        serde_wasm_bindgen::from_value(engine.report().expect("a report")).expect("an object");
    assert_eq!(
        report,
        serde_json::json!({ "cookie": "pz", "facts": [], "language": "de", "stored": false })
    );
}

#[wasm_bindgen_test]
fn a_tampered_profile_is_ignored() {
    let mut engine = engine();
    engine.load(Some("AAAA!!".into()), None, false, Some("US".into()));
    assert!(!engine.has_profile());
    assert!(engine.slot("home-hero").is_none());
}
