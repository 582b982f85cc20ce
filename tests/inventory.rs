//! The data inventory in `docs/privacy.md` matches the code: every field the profile can
//! store is listed there, and every field listed exists.

use shelfwise::profile::{
    self, Affinity, Consent, ExposureCount, Intent, Lifecycle, Slug, ValueBand,
};
use shelfwise::{Day, Profile, ShoppingFor};
use std::collections::BTreeSet;

fn full_profile() -> Profile {
    let key = |s: &str| Slug::new(s).expect("slug");
    Profile {
        written: Day(2518),
        consent: Consent::Personalization,
        shopping_for: Some(ShoppingFor::Gift),
        crafts: vec![key("glass")],
        occasion: Some(key("birthday")),
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
        },
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
        salt: 42,
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
