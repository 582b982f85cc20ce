//! The core compiled to wasm, run in headless Chromium: the same decisions and the same
//! bytes as the native build, using the demo shop's config.
#![cfg(target_arch = "wasm32")]

use shelfwise::profile::{Answer, Slug};
use shelfwise::rewrite::{rewrite_to_vec, RewriteSettings};
use shelfwise::{profile, Config, Day, PagePlan};

/// The answers "shopping for a gift" and "loves ceramics", by the earlier questions' keys.
fn gift_and_ceramics() -> Vec<Answer> {
    let key = |k: &str| Slug::new(k).expect("key");
    vec![
        Answer {
            question: key("for"),
            choices: vec![key("gift")],
            interests: false,
        },
        Answer {
            question: key("craft"),
            choices: vec![key("ceramics")],
            interests: true,
        },
    ]
}
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const DEMO_CONFIG: &str = include_str!("../www/shelfwise.config.json");
const GOLDEN_CONFIG: &str = include_str!("data/golden/config.json");
const GOLDEN_PAGE: &str = include_str!("data/golden/page.html");
const GOLDEN_GIFT: &str = include_str!("data/golden/gift-shopper/expected.html");
const VECTORS: &str = include_str!("data/cookie-vectors.json");

#[wasm_bindgen_test]
fn the_shared_cookie_vectors_decode_the_same_as_natively() {
    let vectors: serde_json::Value = serde_json::from_str(VECTORS).expect("JSON");
    for vector in vectors["valid"].as_array().expect("valid") {
        let cookie = vector["cookie"].as_str().expect("cookie");
        let expected: shelfwise::Profile =
            serde_json::from_value(vector["profile"].clone()).expect("profile");
        assert_eq!(profile::encode(&expected), cookie);
        assert_eq!(profile::decode(cookie), Ok(expected));
    }
    for vector in vectors["legacy"].as_array().expect("legacy") {
        let cookie = vector["cookie"].as_str().expect("cookie");
        let migrated: shelfwise::Profile =
            serde_json::from_value(vector["profile"].clone()).expect("profile");
        assert_eq!(profile::decode(cookie).as_ref(), Ok(&migrated));
        assert_eq!(
            profile::encode(&migrated),
            vector["rewritten"].as_str().expect("rewritten")
        );
    }
    for vector in vectors["invalid"].as_array().expect("invalid") {
        let cookie = vector["cookie"].as_str().expect("cookie");
        let reason = vector["error"].as_str().expect("reason");
        let error = profile::decode(cookie).expect_err("rejected");
        assert!(error.to_string().contains(reason));
    }
}

#[wasm_bindgen_test]
fn the_demo_config_loads_in_the_browser() {
    let config =
        Config::from_json("shelfwise.config.json", DEMO_CONFIG).expect("the demo config is valid");
    assert!(config.slots.contains_key("home-hero"));
}

#[wasm_bindgen_test]
fn cookies_round_trip_and_hostile_ones_are_rejected() {
    let mut profile = shelfwise::Profile::default();
    profile.set_answers(&["for", "craft"], gift_and_ceramics(), Day(2518));
    let value = profile::encode(&profile);
    assert_eq!(profile::decode(&value), Ok(profile));
    assert!(profile::decode("\"><script>").is_err());
    assert!(profile::decode(&"A".repeat(4096)).is_err());
}

#[wasm_bindgen_test]
fn rewriting_in_wasm_matches_the_native_golden_output() {
    let config = Config::from_json("config.json", GOLDEN_CONFIG).expect("valid");
    let mut profile = shelfwise::Profile {
        written: Day(2518),
        ..Default::default()
    };
    profile.answers = gift_and_ceramics();
    let plan = PagePlan::new(
        Rc::new(config),
        &profile,
        Day::parse_iso("2026-11-23").expect("date"),
    );
    for chunk in [7, 8192] {
        let (html, result) = rewrite_to_vec(
            GOLDEN_PAGE.as_bytes(),
            Rc::new(plan.clone()),
            RewriteSettings::default(),
            chunk,
        );
        assert_eq!(result, Ok(()));
        assert_eq!(String::from_utf8(html).expect("utf-8"), GOLDEN_GIFT);
    }
}
