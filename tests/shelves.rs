//! Recommendation shelves in the native build: each strategy, the fallback to the next
//! rule, the page's own product, escaping, and the streamed page.

use shelfwise::context::{VisitContext, VisitFacts};
use shelfwise::profile::{Affinity, Purposes, Slug};
use shelfwise::request::Permissions;
use shelfwise::rewrite::Decisions;
use shelfwise::session::Session;
use shelfwise::{profile, rewrite_to_vec, Config, Day, Profile, RewriteSettings};
use std::rc::Rc;

const TODAY: Day = Day(2518);

fn config() -> Rc<Config> {
    let text = r#"{
        "questions": { "crafts": ["ceramics", "glass", "prints"] },
        "catalog": [
            { "id": "mug-1", "title": "Speckled mug", "url": "/p/mug-1/", "price": 28, "tags": ["ceramics", "mug"] },
            { "id": "mug-2", "title": "Blue \"Tide\" mug <b>", "url": "/p/mug-2/", "price": 31.5, "tags": ["ceramics", "mug"] },
            { "id": "bowl-1", "title": "Bowl", "url": "/p/bowl-1/", "price": 40, "stock": 0, "tags": ["ceramics", "bowl"] },
            { "id": "coaster-1", "title": "Cork coasters", "url": "/p/coaster-1/", "price": 12, "tags": ["woodwork", "coaster"] },
            { "id": "spoon-1", "title": "Cherry spoon", "url": "/p/spoon-1/", "price": 18, "tags": ["woodwork", "spoon"] },
            { "id": "vase-1", "title": "Glass vase", "url": "/p/vase-1/", "price": 90, "margin": 0.1, "tags": ["glass", "vase"] },
            { "id": "vase-2", "title": "Tall vase", "url": "/p/vase-2/", "price": 70, "margin": 0.4, "tags": ["glass", "vase"] },
            { "id": "print-1", "title": "Harbour 'print'", "url": "https://prints.example/p/1", "image": "/img/p1.png", "price": 45, "tags": ["prints"] }
        ],
        "complements": { "mug": ["coaster", "spoon"], "vase": ["prints"] },
        "episodes": { "winter": { "from": "11-20", "until": "12-24" } },
        "listings": { "guarded": { "margin_floor": 0.2 } },
        "shelves": {
            "for-you": { "strategy": "for_you", "items": 3, "listing": "guarded",
                         "template": { "before": "<h2>For you</h2><ul>", "item": "<li data-id='{id}'><a href=\"{url}\">{title}</a> {price} { kept }</li>", "after": "</ul>" } },
            "goes-well": { "strategy": "goes_well_with", "items": 4, "min_items": 2,
                           "template": { "item": "<a href=\"{url}\">{title}</a>" } },
            "favourite": { "strategy": "popular_in_favourite", "items": 2, "min_items": 2,
                           "template": { "item": "[{id}]" } },
            "recent": { "strategy": "recently_viewed", "items": 3, "template": { "item": "[{id}]" } },
            "winter": { "strategy": "bundle", "items": 3, "bundle": { "items": ["print-1", "bowl-1"], "tags": ["vase"] },
                        "template": { "item": "[{id}]" } }
        },
        "slots": {
            "home-shelf": [
                { "variant": "for-you", "shelf": "for-you", "priority": 10, "when": { "consent": "personalization" } },
                { "variant": "favourite", "shelf": "favourite", "priority": 5, "when": { "consent": "personalization" } }
            ],
            "bundle-slot": [
                { "variant": "winter-bundle", "shelf": "winter", "cap": { "max": 2, "days": 7 }, "when": { "episode": "winter" } }
            ],
            "favourite-shelf": [
                { "variant": "favourite", "shelf": "favourite", "when": { "consent": "personalization" } }
            ],
            "recent-slot": [
                { "variant": "recent", "shelf": "recent", "when": { "consent": "personalization" } }
            ],
            "product-shelf": [
                { "variant": "goes-well", "shelf": "goes-well", "when": { "consent": "personalization" } }
            ]
        }
    }"#;
    Rc::new(Config::from_json("shelves.json", text).expect("valid config"))
}

fn profile(crafts: &[&str], browsed: &[(&str, u8)]) -> Profile {
    let slug = |s: &str| Slug::new(s).expect("slug");
    let mut profile = Profile::new(TODAY, Purposes::ALL);
    if !crafts.is_empty() {
        profile.answers = vec![shelfwise::profile::Answer {
            question: slug("craft"),
            choices: crafts.iter().map(|c| slug(c)).collect(),
            interests: true,
        }];
    }
    profile.affinities = browsed
        .iter()
        .map(|(key, weight)| Affinity {
            key: slug(key),
            weight: *weight,
            day: TODAY,
        })
        .collect();
    profile
}

/// The markup each slot gets for `profile` on the page at `path`.
fn shelf(profile: &Profile, path: &str, slot: &str) -> Option<(String, String)> {
    let permissions = Permissions {
        inferred: true,
        explicit_opt_in: false,
        statistics: false,
        allowed: Purposes::ALL,
        platform_chooses: false,
    };
    let stored = profile::encode(profile);
    let mut session = Session::new(config(), TODAY, permissions, Some(&stored));
    assert!(
        session.wants_context(),
        "goes_well_with reads the page's path"
    );
    let url = format!("https://shop.example{path}");
    session.set_context(VisitContext::read(VisitFacts {
        url: &url,
        ..VisitFacts::default()
    }));
    let plan = session.plan()?;
    let fill = plan.slot(slot)?;
    Some((fill.variant?, fill.library_html?.to_string()))
}

#[test]
fn for_you_ranks_the_feed_by_the_shoppers_interests_within_the_guardrails() {
    let (variant, html) = shelf(
        &profile(&["glass"], &[("ceramics", 200)]),
        "/",
        "home-shelf",
    )
    .expect("a shelf");
    assert_eq!(variant, "for-you");
    // Glass (stated) first; the vase under the margin floor is never promoted; ceramics
    // browsed next; the sold-out bowl never; item fields escaped, unknown braces kept.
    assert_eq!(
        html,
        "<h2>For you</h2><ul>\
         <li data-id='vase-2'><a href=\"/p/vase-2/\">Tall vase</a> 70 { kept }</li>\
         <li data-id='mug-1'><a href=\"/p/mug-1/\">Speckled mug</a> 28 { kept }</li>\
         <li data-id='mug-2'><a href=\"/p/mug-2/\">Blue &quot;Tide&quot; mug &lt;b&gt;</a> 31.50 { kept }</li>\
         </ul>"
    );
}

#[test]
fn a_shelf_with_too_few_items_gives_way_to_the_next_rule_or_the_default() {
    // Interest in prints only: `for_you` finds one item (under its default minimum of two),
    // so the next rule's shelf decides, which finds one too: the default stays.
    assert_eq!(shelf(&profile(&["prints"], &[]), "/", "home-shelf"), None);
    // Ceramics: for_you finds the two in-stock mugs.
    let (variant, _) = shelf(&profile(&["ceramics"], &[]), "/", "home-shelf").expect("a shelf");
    assert_eq!(variant, "for-you");
}

#[test]
fn goes_well_with_starts_from_the_product_on_the_page_and_never_shows_it() {
    let nobody_in_particular = profile(&["prints"], &[]);
    let (_, html) =
        shelf(&nobody_in_particular, "/p/mug-1/", "product-shelf").expect("complements of a mug");
    assert_eq!(
        html,
        "<a href=\"/p/coaster-1/\">Cork coasters</a><a href=\"/p/spoon-1/\">Cherry spoon</a>"
    );
    // Off a product page it starts from the shopper's interests: browsing mugs.
    let (_, html) = shelf(&profile(&[], &[("mug", 150)]), "/", "product-shelf")
        .expect("complements of what was browsed");
    assert_eq!(
        html,
        "<a href=\"/p/coaster-1/\">Cork coasters</a><a href=\"/p/spoon-1/\">Cherry spoon</a>"
    );
    // Vases go with prints, of which there is one: under the shelf's minimum of two.
    assert_eq!(
        shelf(&profile(&[], &[("vase", 150)]), "/", "product-shelf"),
        None
    );
}

#[test]
fn popular_in_favourite_follows_the_feed_within_the_top_tag() {
    let ceramics = profile(&["ceramics"], &[]);
    let (_, html) = shelf(&ceramics, "/", "favourite-shelf").expect("a shelf");
    assert_eq!(html, "[mug-1][mug-2]", "in stock, in the feed's order");
    // On a mug's own page only one other is left, under the shelf's minimum of two.
    assert_eq!(shelf(&ceramics, "/p/mug-2/", "favourite-shelf"), None);
    // Without a stated favourite, the strongest browsed interest.
    let (_, html) =
        shelf(&profile(&[], &[("woodwork", 200)]), "/", "favourite-shelf").expect("a shelf");
    assert_eq!(html, "[coaster-1][spoon-1]");
}

#[test]
fn the_streamed_page_carries_the_shelf_in_the_slot() {
    let permissions = Permissions {
        inferred: true,
        explicit_opt_in: false,
        statistics: false,
        allowed: Purposes::ALL,
        platform_chooses: false,
    };
    let stored = profile::encode(&profile(&["ceramics"], &[]));
    let session = Session::new(config(), TODAY, permissions, Some(&stored));
    let plan = session.plan().expect("a plan");
    let page = "<main><section data-pz-slot=\"home-shelf\"><p>Bestsellers</p></section></main>";
    for chunk in [1, 5, 4096] {
        let (out, result) = rewrite_to_vec(
            page.as_bytes(),
            Rc::new(plan.clone()),
            RewriteSettings::default(),
            chunk,
        );
        assert_eq!(result, Ok(()));
        let out = String::from_utf8(out).expect("utf-8");
        assert!(out.starts_with("<main><section data-pz-slot=\"home-shelf\" data-pz-shown=\"for-you\"><h2>For you</h2><ul><li data-id='mug-1'>"), "{out}");
        assert!(!out.contains("Bestsellers"));
        assert!(out.ends_with("</ul></section></main>"), "{out}");
    }
}

#[test]
fn an_episode_bundle_shows_its_items_then_its_tags_while_the_episode_runs() {
    let (variant, html) =
        shelf(&profile(&["ceramics"], &[]), "/", "bundle-slot").expect("the winter bundle");
    assert_eq!(variant, "winter-bundle");
    // The named print first, the sold-out bowl skipped, then vases in the feed's order.
    assert_eq!(html, "[print-1][vase-1][vase-2]");
    // On the vase's own page it is left out.
    let (_, html) =
        shelf(&profile(&["ceramics"], &[]), "/p/vase-1/", "bundle-slot").expect("a bundle");
    assert_eq!(html, "[print-1][vase-2]");
}

/// A session on the page at `path` for the stored value `stored`.
fn visit(stored: Option<&str>, path: &str, gpc: bool) -> Session {
    let permissions = Permissions {
        inferred: !gpc,
        explicit_opt_in: false,
        statistics: false,
        allowed: Purposes::ALL,
        platform_chooses: false,
    };
    let mut session = Session::new(config(), TODAY, permissions, stored);
    assert!(session.wants_context(), "recently viewed reads the path");
    let url = format!("https://shop.example{path}");
    session.set_context(VisitContext::read(VisitFacts {
        url: &url,
        ..VisitFacts::default()
    }));
    session
}

/// Walks `paths`, recording each view as the adapters do; returns the stored value.
fn walk(stored: String, paths: &[&str], gpc: bool) -> String {
    paths.iter().fold(stored, |stored, path| {
        let mut session = visit(Some(&stored), path, gpc);
        session.record_view(Some("any"), [], 0);
        session.stored_value().expect("a profile")
    })
}

fn recent_shelf(stored: &str, path: &str) -> Option<String> {
    let plan = visit(Some(stored), path, false).plan()?;
    plan.slot("recent-slot")?
        .library_html
        .map(|html| html.to_string())
}

#[test]
fn recently_viewed_shows_the_items_whose_pages_were_viewed_latest_first() {
    let start = profile::encode(&profile(&["prints"], &[]));
    // A category page and an item elsewhere are not catalog pages of this shop's paths.
    let stored = walk(
        start.clone(),
        &[
            "/p/mug-1/",
            "/category/all/",
            "/p/bowl-1/",
            "/p/vase-2/",
            "/p/mug-2/",
            "/p/vase-2/",
        ],
        false,
    );
    let kept = profile::decode(&stored).expect("decodes").viewed;
    assert_eq!(kept.len(), 4, "mug-1, bowl-1, vase-2, mug-2 once each");
    // Latest first; the sold-out bowl is never shown; at most three.
    assert_eq!(
        recent_shelf(&stored, "/").as_deref(),
        Some("[vase-2][mug-2][mug-1]")
    );
    // On an item's own page it is left out.
    assert_eq!(
        recent_shelf(&stored, "/p/mug-2/").as_deref(),
        Some("[vase-2][mug-1]")
    );
    // Removing one from the privacy centre.
    let mut session = visit(Some(&stored), "/privacy/", false);
    assert!(session.forget_viewed("mug-2"));
    assert!(!session.forget_viewed("mug-2"), "already gone");
    let report = session.report_value();
    let ids: Vec<&str> = report["viewed"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|entry| entry["id"].as_str())
        .collect();
    assert_eq!(ids, ["vase-2", "bowl-1", "mug-1"]);
    assert_eq!(report["viewed"][0]["title"], "Tall vase");
    let stored = session.stored_value().expect("a profile");
    assert_eq!(
        recent_shelf(&stored, "/").as_deref(),
        Some("[vase-2][mug-1]")
    );
}

#[test]
fn recently_viewed_is_not_kept_under_gpc_nor_without_the_interests_purpose() {
    let start = profile::encode(&profile(&["prints"], &[]));
    let stored = walk(start.clone(), &["/p/mug-1/", "/p/vase-2/"], true);
    assert!(profile::decode(&stored).expect("decodes").viewed.is_empty());
    assert_eq!(recent_shelf(&stored, "/"), None);

    let stored = walk(start, &["/p/mug-1/", "/p/vase-2/"], false);
    assert_eq!(profile::decode(&stored).expect("decodes").viewed.len(), 2);
    // Under GPC a stored list is not used either.
    let gpc = visit(Some(&stored), "/", true).plan().expect("a plan");
    assert_eq!(gpc.slot("recent-slot").and_then(|fill| fill.variant), None);
    // Withdrawing the interests purpose erases it.
    let mut session = visit(Some(&stored), "/privacy/", false);
    assert!(session.set_purposes(Purposes::ANSWERS, 0));
    let stored = session.stored_value().expect("a profile");
    assert!(profile::decode(&stored).expect("decodes").viewed.is_empty());
}

#[test]
fn a_config_without_a_recently_viewed_shelf_drops_a_stored_list() {
    let mut with_list = profile(&["prints"], &[]);
    with_list.record_viewed(profile::ItemRef::of("mug-1"), TODAY);
    let text = r#"{ "questions": { "crafts": ["prints"] } }"#;
    let config = Rc::new(Config::from_json("plain.json", text).expect("valid"));
    let permissions = Permissions {
        inferred: true,
        explicit_opt_in: false,
        statistics: false,
        allowed: Purposes::ALL,
        platform_chooses: false,
    };
    let session = Session::new(
        config.clone(),
        TODAY,
        permissions,
        Some(&profile::encode(&with_list)),
    );
    assert!(session.profile().expect("a profile").viewed.is_empty());
    // And the stored value loses it on the next page, even one that records nothing else
    // (under Global Privacy Control).
    let mut quiet = Session::new(
        config,
        TODAY,
        Permissions {
            inferred: false,
            ..permissions
        },
        Some(&profile::encode(&with_list)),
    );
    assert!(quiet.record_view(None, [], 0), "stored again");
    let stored = quiet.stored_value().expect("a profile");
    assert!(profile::decode(&stored).expect("decodes").viewed.is_empty());
}

#[test]
fn a_viewed_item_the_feed_no_longer_holds_is_dropped_when_read() {
    let mut both = profile(&["prints"], &[]);
    both.record_viewed(profile::ItemRef::of("gone-from-the-feed"), TODAY);
    both.record_viewed(profile::ItemRef::of("mug-1"), TODAY);
    let session = visit(Some(&profile::encode(&both)), "/", false);
    let kept: Vec<_> = session
        .profile()
        .expect("a profile")
        .viewed
        .iter()
        .map(|v| v.item)
        .collect();
    assert_eq!(kept, [profile::ItemRef::of("mug-1")]);
}
