//! The data inventory in `docs/privacy.md` matches the code: every field the profile can
//! store is listed there, and every field listed exists.

use shelfwise::privacy_kit::{self, FieldPurpose, INVENTORY};
use shelfwise::profile::{
    self, Affinity, Answer, Consent, ExposureCount, Intent, ItemRef, Lifecycle, Purposes, Slug,
    SpendStep, TaggedPurchase, ValueBand, ViewedItem,
};
use shelfwise::{Config, Day, Profile};
use std::collections::BTreeSet;

fn full_profile() -> Profile {
    let key = |s: &str| Slug::new(s).expect("slug");
    Profile {
        written: Day(2518),
        consent: Consent::Personalization,
        answers: vec![
            Answer {
                question: key("for"),
                choices: vec![key("gift")],
                interests: false,
            },
            Answer {
                question: key("craft"),
                choices: vec![key("glass")],
                interests: true,
            },
            Answer {
                question: key("occasion"),
                choices: vec![key("birthday")],
                interests: false,
            },
        ],
        affinities: vec![Affinity {
            key: key("glass"),
            weight: 9,
            day: Day(2518),
        }],
        lifecycle: Lifecycle {
            first_seen: Day(2500),
            last_seen: Day(2518),
            visits: 3,
            purchases: 1,
            last_purchase: Some(Day(2510)),
            value_band: Some(ValueBand::Mid),
            spend: Some(SpendStep(24)),
        },
        bought: vec![TaggedPurchase {
            tag: key("coffee"),
            day: Day(2510),
        }],
        viewed: vec![ViewedItem {
            item: ItemRef::of("cer-001"),
            day: Day(2517),
        }],
        intent: Intent {
            wishlist_adds: 1,
            cart_adds: 1,
            cart_open_since: Some(Day(2517)),
        },
        exposures: vec![ExposureCount {
            variant: key("gift-guide"),
            count: 1,
            since: Day(2518),
        }],
        bucket: Some(42),
        created: Day(2500),
        consented_on: Day(2510),
        purposes: Purposes {
            answers: true,
            interests: true,
            measurement: false,
        },
    }
}

/// Field paths as the inventory names them: top-level keys, and `parent.child` for the
/// lifecycle and intent objects.
fn stored_fields(value: &serde_json::Value) -> BTreeSet<String> {
    let mut fields = BTreeSet::new();
    for (key, inner) in value.as_object().expect("an object") {
        match (key.as_str(), inner) {
            ("lifecycle" | "intent", serde_json::Value::Object(children)) => {
                fields.extend(children.keys().map(|child| format!("{key}.{child}")));
            }
            _ => {
                fields.insert(key.clone());
            }
        }
    }
    fields
}

#[test]
fn the_data_inventory_lists_exactly_the_stored_fields() {
    let profile = full_profile();
    // The profile round-trips through the cookie, so this is what is really stored.
    let stored = profile::decode(&profile::encode(&profile)).expect("round trip");
    assert_eq!(stored, profile);
    let fields = stored_fields(&serde_json::to_value(&stored).expect("JSON"));

    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/privacy.md"))
        .expect("docs/privacy.md");
    let inventory = doc
        .split("## Data inventory")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("an inventory section");
    let mut listed = BTreeSet::new();
    for row in inventory.lines().filter(|l| l.starts_with("| `")) {
        let first_cell = row.split('|').nth(1).expect("a first cell");
        listed.extend(first_cell.split('`').skip(1).step_by(2).map(str::to_owned));
    }
    assert_eq!(
        listed, fields,
        "docs/privacy.md's inventory and the profile disagree"
    );
}

#[test]
fn the_kits_json_inventory_lists_exactly_the_stored_fields() {
    let profile = full_profile();
    let fields = stored_fields(&serde_json::to_value(&profile).expect("JSON"));
    let inventory = privacy_kit::inventory(
        &Config::from_json("c.json", r#"{ "questions": { "crafts": ["glass"] } }"#)
            .expect("a config"),
    );
    let listed: BTreeSet<String> = inventory["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|entry| entry["field"].as_str().expect("a field").to_owned())
        .collect();
    assert_eq!(
        listed, fields,
        "the kit's inventory and the profile disagree"
    );
    for entry in inventory["fields"].as_array().expect("fields") {
        let tcf = entry["tcf_purposes"].as_array().expect("TCF purposes");
        assert!(tcf.contains(&serde_json::json!(1)), "{entry}");
        assert!(entry["retention"].as_str().is_some_and(|r| !r.is_empty()));
    }
}

/// The inventory's purpose column is what the code does: withdrawing a purpose drops every
/// field listed under it (the stated crafts' own seeds stay among the affinities), and
/// keeps every other.
#[test]
fn withdrawing_a_purpose_drops_every_field_listed_under_it() {
    let mut profile = full_profile();
    profile.set_purposes(Purposes::ANSWERS, Day(2518));
    let kept = stored_fields(&serde_json::to_value(&profile).expect("JSON"));
    for entry in INVENTORY {
        for field in entry.fields {
            let present = kept.contains(*field);
            match (entry.purpose, *field) {
                (FieldPurpose::Interests, "affinities") => assert!(
                    profile
                        .affinities
                        .iter()
                        .all(|a| profile.states_interest(a.key.as_str())),
                    "only the stated interests' seeds stay: {:?}",
                    profile.affinities
                ),
                (FieldPurpose::Interests | FieldPurpose::Measurement, _) => {
                    assert!(!present, "{field} is kept without its purpose")
                }
                // `purposes` at answers only is written out, as every kept field is.
                (FieldPurpose::Record | FieldPurpose::Answers, _) => {
                    assert!(present, "{field} is lost")
                }
            }
        }
    }
}
