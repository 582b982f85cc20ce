//! The shared decision vectors (`tests/data/decision-vectors.json`) in the native build:
//! each rule type, episode and date-window boundaries, guardrails and the empty profile.

use shelfwise::context::{VisitContext, VisitFacts};
use shelfwise::profile::Purposes;
use shelfwise::request::Permissions;
use shelfwise::rewrite::{Decisions, ListingItem};
use shelfwise::session::Session;
use shelfwise::{profile, Config, Day, PagePlan, Profile};
use std::rc::Rc;

const VECTORS: &str = include_str!("data/decision-vectors.json");

fn listing(items: &serde_json::Value) -> Vec<ListingItem> {
    items
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            let text = |key: &str| match &item[key] {
                serde_json::Value::Null => None,
                serde_json::Value::Bool(true) => Some(String::new()),
                serde_json::Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            };
            let attribute = |name: &str| {
                text(match name {
                    "data-pz-item" => "sku",
                    "data-pz-tags" => "tags",
                    "data-pz-price" => "price",
                    "data-pz-stock" => "stock",
                    "data-pz-margin" => "margin",
                    "data-pz-pin" => "pin",
                    _ => return None,
                })
            };
            ListingItem::from_attributes(attribute)
        })
        .collect()
}

#[test]
fn every_decision_vector_decides_as_expected() {
    let file: serde_json::Value = serde_json::from_str(VECTORS).expect("JSON");
    let config = Rc::new(
        Config::from_json("decision-vectors.json", &file["config"].to_string())
            .expect("valid config"),
    );
    let items = listing(&file["listing"]);
    let vectors = file["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 20);
    for vector in vectors {
        let name = vector["name"].as_str().expect("name");
        // A null profile is a visitor who has stored nothing. The profile is stored and
        // read back as every adapter does, through the shopper's session, so the session's
        // rules (retention, purposes) decide here as they do at the edge and in the browser.
        let profile: Option<Profile> =
            serde_json::from_value(vector["profile"].clone()).expect("profile");
        let stored = profile.as_ref().map(profile::encode);
        decides_as_expected(&config, &items, vector, name, stored.as_deref());
        // The value format v1 wrote for the same profile, read and migrated, decides the
        // same.
        if let Some(v1) = vector["v1_cookie"].as_str() {
            decides_as_expected(&config, &items, vector, &format!("{name} (v1)"), Some(v1));
        }
        assert_eq!(
            vector["v1_cookie"].is_string(),
            profile.is_some(),
            "{name}: a profile's v1 value"
        );
    }
}

/// Decides `vector` for the stored value `stored` and checks every expectation.
fn decides_as_expected(
    config: &Rc<Config>,
    items: &[ListingItem],
    vector: &serde_json::Value,
    name: &str,
    stored: Option<&str>,
) {
    let today = Day::parse_iso(vector["today"].as_str().expect("today")).expect("date");
    let permissions = Permissions {
        inferred: true,
        explicit_opt_in: false,
        statistics: false,
        allowed: Purposes::ALL,
        platform_chooses: false,
    };
    let mut session = Session::new(config.clone(), today, permissions, stored);
    let expired = vector["profile_expired"].as_bool().unwrap_or(false);
    assert_eq!(
        session.profile().is_some(),
        stored.is_some() && !expired,
        "{name}: a live profile"
    );
    assert_eq!(session.stale(), expired, "{name}: deleted when expired");
    let context = &vector["context"];
    session.set_context(VisitContext::read(VisitFacts {
        url: context["url"].as_str().unwrap_or("http://shop.test/"),
        referrer: context["referrer"].as_str(),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64)"),
        ..VisitFacts::default()
    }));
    let plan = session.plan().unwrap_or_else(|| {
        PagePlan::with_context(
            config.clone(),
            None,
            VisitContext::default(),
            today,
            false,
            false,
        )
    });
    let expect = &vector["expect"];

    let segments: Vec<&str> = plan.segments().collect();
    assert_eq!(
        serde_json::json!(segments),
        expect["segments"],
        "{name}: segments"
    );
    assert_eq!(
        serde_json::json!(plan.episodes()),
        expect["episodes"],
        "{name}: episodes"
    );
    for (slot, variant) in expect["slots"].as_object().expect("slots") {
        let shown = plan.slot_decision(slot).map(|d| d.variant.clone());
        assert_eq!(serde_json::json!(shown), *variant, "{name}: slot {slot}");
    }
    for (slot, markup) in expect["shelf"].as_object().into_iter().flatten() {
        let filled = plan.slot(slot).and_then(|fill| fill.library_html);
        assert_eq!(filled.as_deref(), markup.as_str(), "{name}: shelf {slot}");
    }
    if let Some(order) = expect.get("order") {
        let ranked = plan.rank_listing("category", items).map(|order| {
            order
                .iter()
                .map(|&i| items[i].sku.clone())
                .collect::<Vec<_>>()
        });
        assert_eq!(serde_json::json!(ranked), *order, "{name}: order");
    }
}
