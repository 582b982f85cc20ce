//! Offers in the native build: who gets one (conditions, validity, a signed profile), the
//! cap, and the margin guardrail on each badge, through the streamed page.

use shelfwise::profile::{Lifecycle, Purposes, Slug, ValueBand};
use shelfwise::request::PrivacySignals;
use shelfwise::session::{Provenance, Session};
use shelfwise::signing::SigningKeys;
use shelfwise::{profile, rewrite_to_vec, Config, Day, Profile, RewriteSettings};
use std::rc::Rc;

const TODAY: Day = Day(2526); // 2026-12-01

fn config() -> Rc<Config> {
    let text = r#"{
        "questions": { "crafts": ["ceramics", "glass"] },
        "signals": { "low_value_below": 40, "high_value_from": 150 },
        "listings": { "category": { "margin_floor": 0.2 } },
        "catalog": [ { "id": "feed-only", "title": "Jug", "url": "/p/jug/", "price": 80, "margin": 0.5, "tags": ["ceramics"] } ],
        "offers": {
            "thank-you": {
                "when": { "value_band": ["high"] },
                "priority": 10,
                "valid_from": "2026-11-20",
                "valid_until": "2026-12-24",
                "cap": { "max": 2, "days": 7 },
                "discount": { "percent": 10, "up_to": 15 },
                "listing": "category",
                "tags": ["ceramics"],
                "slot": "offer",
                "html": "<p>10% off ceramics</p>",
                "badge": "<b>-10%</b>",
                "explanation": "Because you've chosen well before"
            }
        },
        "slots": { "offer": [ { "variant": "newsletter", "when": { "consent": "personalization" } } ] }
    }"#;
    Rc::new(Config::from_json("offers.json", text).expect("valid config"))
}

const PAGE: &str = "<section data-pz-slot=\"offer\"><p>Everyone</p><template data-pz-variant=\"newsletter\"><p>Join us</p></template></section>\
<ul data-pz-listing=\"category\">\
<li data-pz-item=\"a\" data-pz-tags=\"ceramics\" data-pz-price=\"100\" data-pz-margin=\"0.4\">A<span data-pz-badge></span></li>\
<li data-pz-item=\"b\" data-pz-tags=\"ceramics\" data-pz-price=\"100\" data-pz-margin=\"0.25\">B<span data-pz-badge></span></li>\
<li data-pz-item=\"c\" data-pz-tags=\"glass\" data-pz-price=\"100\" data-pz-margin=\"0.6\">C<span data-pz-badge></span></li>\
<li data-pz-item=\"d\" data-pz-tags=\"ceramics\" data-pz-price=\"400\" data-pz-margin=\"0.25\">D<span data-pz-badge></span></li>\
<li data-pz-item=\"feed-only\" data-pz-tags=\"ceramics\">E<span data-pz-badge></span></li>\
<li data-pz-item=\"f\" data-pz-tags=\"ceramics\" data-pz-price=\"100\">F<span data-pz-badge></span></li>\
</ul>";

fn big_spender() -> Profile {
    big_spender_on(TODAY)
}

fn big_spender_on(today: Day) -> Profile {
    let mut profile = Profile::new(today, Purposes::ALL);
    profile.answers = vec![shelfwise::profile::Answer {
        question: Slug::new("for").expect("key"),
        choices: vec![Slug::new("self").expect("key")],
        interests: false,
    }];
    profile.lifecycle = Lifecycle {
        first_seen: Day(2500),
        last_seen: today,
        visits: 4,
        purchases: 1,
        last_purchase: Some(Day(2505)),
        value_band: Some(ValueBand::High),
        spend: None,
    };
    profile
}

fn keys() -> SigningKeys {
    SigningKeys::new("test-key", None).expect("keys")
}

fn visit(value: &str, today: Day) -> Session {
    let header = format!("pz={value}");
    Session::at_edge(
        config(),
        today,
        PrivacySignals {
            cookie_header: Some(&header),
            gpc: false,
            country: Some("US"),
        },
        Some(&keys()),
    )
}

/// The page as the session's plan streams it, the same in every chunking.
fn streamed(session: &Session) -> String {
    let plan = Rc::new(session.plan().expect("a plan"));
    let pages: Vec<String> = [1, 7, 4096]
        .into_iter()
        .map(|chunk| {
            let (out, result) = rewrite_to_vec(
                PAGE.as_bytes(),
                plan.clone(),
                RewriteSettings::default(),
                chunk,
            );
            assert_eq!(result, Ok(()));
            String::from_utf8(out).expect("utf-8")
        })
        .collect();
    assert!(pages.windows(2).all(|w| w[0] == w[1]));
    pages.into_iter().next().expect("a page")
}

fn badged(page: &str) -> Vec<&str> {
    page.split("<li data-pz-item=\"")
        .skip(1)
        .filter(|item| item.contains("data-pz-offer=\"thank-you\"><b>-10%</b>"))
        .map(|item| &item[..item.find('"').unwrap_or(0)])
        .collect()
}

#[test]
fn a_signed_high_value_shopper_gets_the_offer_and_only_items_that_keep_their_margin_are_badged() {
    let signed = keys().sign(&profile::encode(&big_spender()));
    let session = visit(&signed, TODAY);
    assert_eq!(session.provenance(), Provenance::Signed);
    let page = streamed(&session);
    assert!(
        page.starts_with("<section data-pz-slot=\"offer\" data-pz-shown=\"thank-you\"><p>10% off ceramics</p></section>"),
        "{page}"
    );
    // a: 40 % margin keeps 33 % after 10 off; b: 25 % keeps 17 %, under the 20 % floor;
    // c: not ceramics; d: 400 at 25 %, the discount capped at 15, keeps 22 %; the feed's
    // margin stands in for the page's; f: no margin known, so no badge.
    assert_eq!(badged(&page), ["a", "d", "feed-only"]);
    // The same when the listing is also re-ranked (its items read by the listing's capture).
    let mut browsing = big_spender();
    browsing.affinities = vec![shelfwise::profile::Affinity {
        key: shelfwise::profile::Slug::new("glass").expect("key"),
        weight: 200,
        day: TODAY,
    }];
    let page = streamed(&visit(&keys().sign(&profile::encode(&browsing)), TODAY));
    assert!(
        page.contains(
            "<ul data-pz-listing=\"category\" data-pz-shown=\"affinity\"><li data-pz-item=\"c\""
        ),
        "{page}"
    );
    let mut reranked = badged(&page);
    reranked.sort_unstable();
    assert_eq!(reranked, ["a", "d", "feed-only"]);
    assert!(page.contains("<li data-pz-item=\"b\" data-pz-tags=\"ceramics\" data-pz-price=\"100\" data-pz-margin=\"0.25\">B<span data-pz-badge></span></li>"));
}

#[test]
fn an_unsigned_or_forged_profile_still_personalizes_but_never_gets_an_offer() {
    let value = profile::encode(&big_spender());
    let forged = SigningKeys::new("guess", None).expect("keys").sign(&value);
    for stored in [value, forged] {
        let session = visit(&stored, TODAY);
        assert_eq!(session.provenance(), Provenance::Unsigned);
        let page = streamed(&session);
        assert!(
            page.starts_with(
                "<section data-pz-slot=\"offer\" data-pz-shown=\"newsletter\"><p>Join us</p>"
            ),
            "{page}"
        );
        assert!(badged(&page).is_empty(), "{page}");
    }
}

#[test]
fn outside_its_window_to_other_shoppers_and_past_its_cap_the_offer_is_not_shown() {
    let signed = keys().sign(&profile::encode(&big_spender()));
    for day in [Day(2514), Day(2550)] {
        let signed = keys().sign(&profile::encode(&big_spender_on(day)));
        let page = streamed(&visit(&signed, day));
        assert!(
            page.contains("data-pz-shown=\"newsletter\""),
            "day {day:?}: {page}"
        );
        assert!(badged(&page).is_empty());
    }
    let mut modest = big_spender();
    modest.lifecycle.value_band = Some(ValueBand::Mid);
    let page = streamed(&visit(&keys().sign(&profile::encode(&modest)), TODAY));
    assert!(page.contains("data-pz-shown=\"newsletter\"") && badged(&page).is_empty());

    // Two showings in a week, then neither the slot nor the badges.
    let mut stored = signed;
    for _ in 0..2 {
        let mut session = visit(&stored, TODAY);
        let page = streamed(&session);
        assert!(page.contains("data-pz-shown=\"thank-you\""));
        let plan = session.plan().expect("a plan");
        let capped: Vec<(String, u16)> = plan
            .capped_variants()
            .map(|(_, variant, days)| (variant.to_owned(), days))
            .collect();
        assert!(session.record_view(None, capped.iter().map(|(v, d)| (v.as_str(), *d)), 0));
        stored = session.cookie_value().expect("a value");
    }
    let page = streamed(&visit(&stored, TODAY));
    assert!(page.contains("data-pz-shown=\"newsletter\""), "{page}");
    assert!(badged(&page).is_empty());
}

#[test]
fn a_config_with_an_unguarded_offer_is_refused() {
    let text = r#"{
        "questions": { "crafts": ["ceramics"] },
        "listings": { "plain": {} },
        "offers": { "x": { "when": { "consent": "personalization" }, "valid_from": "2026-12-02", "valid_until": "2026-12-01",
                           "discount": { "percent": 95 }, "listing": "plain", "cap": { "max": 1, "days": 7 } } }
    }"#;
    let error = Config::from_json("bad.json", text)
        .expect_err("refused")
        .to_string();
    for path in [
        "offers.x.valid_until",
        "offers.x.discount",
        "offers.x.listing",
        "offers.x.slot",
    ] {
        assert!(error.contains(path), "{path} in {error}");
    }
}

#[test]
fn a_badge_is_decided_from_the_item_it_is_in_however_items_nest() {
    // `x` keeps too little margin; `y`, inside it, enough. The badge after `y` closes is
    // `x`'s, and so is the one before it; `y`'s own badge is `y`'s.
    let page = "<ul data-pz-listing=\"category\">\
<li data-pz-item=\"x\" data-pz-tags=\"ceramics\" data-pz-price=\"100\" data-pz-margin=\"0.2\"><i data-pz-badge></i>\
<div data-pz-item=\"y\" data-pz-tags=\"ceramics\" data-pz-price=\"100\" data-pz-margin=\"0.6\"><b data-pz-badge></b></div>\
<span data-pz-badge></span><img data-pz-badge></li>\
<li data-pz-item=\"z\" data-pz-tags=\"ceramics\" data-pz-price=\"100\" data-pz-margin=\"0.6\"><span data-pz-badge></span></li></ul>";
    let mut browsing = big_spender();
    browsing.affinities = vec![shelfwise::profile::Affinity {
        key: shelfwise::profile::Slug::new("glass").expect("key"),
        weight: 200,
        day: TODAY,
    }];
    for profile in [big_spender(), browsing] {
        let plan = Rc::new(
            visit(&keys().sign(&profile::encode(&profile)), TODAY)
                .plan()
                .expect("a plan"),
        );
        for chunk in [1, 5, 4096] {
            let (out, result) = rewrite_to_vec(
                page.as_bytes(),
                plan.clone(),
                RewriteSettings::default(),
                chunk,
            );
            assert_eq!(result, Ok(()));
            let out = String::from_utf8(out).expect("utf-8");
            assert!(out.contains("<i data-pz-badge></i>"), "{out}");
            assert!(
                out.contains("<b data-pz-badge data-pz-offer=\"thank-you\"><b>-10%</b></b>"),
                "{out}"
            );
            assert!(
                out.contains("<span data-pz-badge></span><img data-pz-badge>"),
                "{out}"
            );
            assert!(out.contains("<li data-pz-item=\"z\" data-pz-tags=\"ceramics\" data-pz-price=\"100\" data-pz-margin=\"0.6\"><span data-pz-badge data-pz-offer=\"thank-you\">"), "{out}");
        }
    }
}
