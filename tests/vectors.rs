//! The shared cookie vectors (`tests/data/cookie-vectors.json`) in the native build. The
//! browser build runs the same file in `tests/browser.rs`, the worker in
//! `tests/worker/profile.test.mjs`.

use shelfwise::{profile, Profile};

const VECTORS: &str = include_str!("data/cookie-vectors.json");

fn vectors() -> serde_json::Value {
    serde_json::from_str(VECTORS).expect("the vectors are JSON")
}

#[test]
fn every_valid_vector_encodes_and_decodes_exactly() {
    let vectors = vectors();
    let valid = vectors["valid"].as_array().expect("valid vectors");
    assert!(valid.len() >= 5);
    for vector in valid {
        let name = &vector["name"];
        let cookie = vector["cookie"].as_str().expect("cookie");
        let expected: Profile = serde_json::from_value(vector["profile"].clone()).expect("profile");
        assert_eq!(profile::encode(&expected), cookie, "encoding {name}");
        assert_eq!(
            profile::decode(cookie).as_ref(),
            Ok(&expected),
            "decoding {name}"
        );
        assert!(cookie.len() <= 100, "{name} is {} characters", cookie.len());
    }
}

#[test]
fn every_value_written_before_purposes_and_buckets_or_in_format_v1_is_migrated() {
    let vectors = vectors();
    let legacy = vectors["legacy"].as_array().expect("legacy vectors");
    assert!(legacy.len() >= 5);
    for vector in legacy {
        let name = &vector["name"];
        let cookie = vector["cookie"].as_str().expect("cookie");
        let migrated: Profile = serde_json::from_value(vector["profile"].clone()).expect("profile");
        assert_eq!(profile::decode(cookie).as_ref(), Ok(&migrated), "{name}");
        assert_eq!(
            profile::encode(&migrated),
            vector["rewritten"].as_str().expect("rewritten"),
            "{name}"
        );
        // A value written before purposes was given every purpose by its one tick (a v1
        // value of a current vector keeps its own).
        if !vector["name"].as_str().is_some_and(|n| n.ends_with("-v1")) {
            assert_eq!(
                migrated.purposes,
                shelfwise::profile::Purposes::ALL,
                "{name}"
            );
        }
    }
}

#[test]
fn every_invalid_vector_is_rejected_with_its_reason() {
    let vectors = vectors();
    for vector in vectors["invalid"].as_array().expect("invalid vectors") {
        let cookie = vector["cookie"].as_str().expect("cookie");
        let reason = vector["error"].as_str().expect("error");
        match profile::decode(cookie) {
            Ok(profile) => panic!("{} decoded to {profile:?}", vector["name"]),
            Err(error) => assert!(
                error.to_string().contains(reason),
                "{}: {error}",
                vector["name"]
            ),
        }
    }
}
