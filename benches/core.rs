//! Benchmarks of the per-request hot path on the demo shop's real pages:
//! cookie decode/encode, deciding a page, and rewriting the home and category pages
//! compared with a plain lol_html pass-through (the floor).
//!
//! Run: `cargo bench --bench core` (results and figures in BENCHMARKS.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use lol_html::{element, HtmlRewriter, Settings};
use shelfwise::decide::{rank, Affinities, RankingContext};
use shelfwise::rewrite::{ListingItem, PageRewriter, RewriteSettings};
use shelfwise::{profile, Config, Day, PagePlan, Profile};
use std::rc::Rc;

const CHUNK: usize = 8 * 1024;
const VECTORS: &str = include_str!("../tests/data/cookie-vectors.json");

fn vector(name: &str) -> String {
    let vectors: serde_json::Value = serde_json::from_str(VECTORS).expect("vectors");
    vectors["valid"]
        .as_array()
        .expect("valid")
        .iter()
        .find(|v| v["name"] == name)
        .and_then(|v| v["cookie"].as_str())
        .expect("vector")
        .to_owned()
}

fn maximal_profile() -> Profile {
    let slug = |prefix: &str, i: usize| {
        profile::Slug::new(&format!("{prefix}{i}-{}", "x".repeat(24))[..24]).expect("slug")
    };
    let mut maximal = profile::decode(&vector("repeat-buyer")).expect("decodes");
    // The longest answers a config may ask for (128 bytes): one question with four long
    // choices.
    maximal.answers = vec![profile::Answer {
        question: slug("question", 0),
        choices: (0..4).map(|i| slug("choice", i)).collect(),
        interests: true,
    }];
    maximal.affinities = (0..8)
        .map(|i| profile::Affinity {
            key: slug("key", i),
            weight: 200,
            day: maximal.written,
        })
        .collect();
    // Every record: the purposes, their day and the creation day, and a bucket.
    maximal.created = maximal.lifecycle.first_seen;
    maximal.consented_on = maximal.written;
    maximal.bucket = Some(16_383);
    maximal
}

fn cookie(c: &mut Criterion) {
    // The worked example of docs/cookie-format.md: answers, two affinities, a visit, every
    // purpose and a bucket.
    let typical = vector("all-purposes-bucket");
    let maximal = profile::encode(&maximal_profile());
    println!(
        "cookie sizes: typical {} characters, maximal {} characters",
        typical.len(),
        maximal.len()
    );
    let mut group = c.benchmark_group("cookie");
    group.bench_function("decode typical", |b| {
        b.iter(|| profile::decode(black_box(&typical)))
    });
    group.bench_function("decode maximal", |b| {
        b.iter(|| profile::decode(black_box(&maximal)))
    });
    let typical_profile = profile::decode(&typical).expect("decodes");
    let maximal_profile = maximal_profile();
    group.bench_function("encode typical", |b| {
        b.iter(|| profile::encode(black_box(&typical_profile)))
    });
    group.bench_function("encode maximal", |b| {
        b.iter(|| profile::encode(black_box(&maximal_profile)))
    });
    // What the edge adds per request with a signing key: checking the HMAC of the value.
    let keys = shelfwise::signing::SigningKeys::new("bench-key", Some("old-key")).expect("keys");
    let signed = keys.sign(&typical);
    group.bench_function("verify signature typical", |b| {
        b.iter(|| keys.verify(black_box(&signed)))
    });
    group.finish();
}

/// Reading the shop's consent from a request's cookies: a TC string made by the IAB's
/// reference encoder (`tests/data/consent-vectors.json`), alone and inside a GPP string.
fn consent(c: &mut Criterion) {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../tests/data/consent-vectors.json")).expect("JSON");
    let value = |name: &str| {
        vectors["vectors"]
            .as_array()
            .and_then(|all| all.iter().find(|v| v["name"] == name))
            .and_then(|v| v["cookie"][1].as_str())
            .expect("a vector")
            .to_owned()
    };
    let tc = value("tcf: purposes 1, 5, 6 and 8");
    let gpp = value("gpp: EU and California together");
    let config = Config::from_json(
        "bench.json",
        r#"{ "questions": { "crafts": ["glass"] },
             "privacy": { "consent_platforms": { "tcf": { "vendor_id": 755 } } } }"#,
    )
    .expect("valid config");
    let header = format!("_ga=GA1.1.1; euconsent-v2={tc}; theme=dark");
    let mut group = c.benchmark_group("consent");
    group.bench_function("tcf decode", |b| {
        b.iter(|| shelfwise::consent::tcf::decode(black_box(&tc)))
    });
    group.bench_function("gpp decode (EU and California)", |b| {
        b.iter(|| shelfwise::consent::gpp::decode(black_box(&gpp)))
    });
    group.bench_function("site consent from a Cookie header (TCF)", |b| {
        b.iter(|| shelfwise::consent::site_consent(&config.privacy, Some(black_box(&header))))
    });
    group.finish();
}

fn passthrough(page: &[u8]) -> usize {
    let mut written = 0;
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(element!("[data-pz-nothing]", |_el| Ok(()))),
        |chunk: &[u8]| written += chunk.len(),
    );
    for chunk in page.chunks(CHUNK) {
        rewriter.write(chunk).expect("writes");
    }
    rewriter.end().expect("ends");
    written
}

fn personalize(page: &[u8], plan: &Rc<PagePlan>) -> usize {
    let mut rewriter = PageRewriter::new(plan.clone(), RewriteSettings::default());
    let mut out = Vec::with_capacity(page.len() + 1024);
    for chunk in page.chunks(CHUNK) {
        rewriter.write(chunk, &mut out);
    }
    let _ = rewriter.end(&mut out);
    out.len()
}

fn pages(c: &mut Criterion) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/www");
    let config = Rc::new(
        Config::from_file(std::path::Path::new(&format!(
            "{root}/shelfwise.config.json"
        )))
        .expect("config"),
    );
    let profile = profile::decode(&vector("gift-ceramics")).expect("decodes");
    let today = Day::parse_iso("2026-11-23").expect("date");

    c.bench_function("decide: plan all slots", |b| {
        b.iter(|| PagePlan::new(config.clone(), black_box(&profile), today))
    });

    let items: Vec<ListingItem> = (0..1000)
        .map(|i| ListingItem {
            sku: format!("sku-{i}"),
            tags: vec![
                ["ceramics", "glass", "prints", "textiles", "woodwork"][i % 5].to_owned(),
                "gift".to_owned(),
            ],
            in_stock: i % 11 != 0,
            pinned: i % 97 == 0,
            ..ListingItem::default()
        })
        .collect();
    let context = RankingContext {
        affinities: Affinities::new(&profile, &config.affinity, today),
        ..RankingContext::default()
    };
    let policy = config.listings["category"].clone();
    c.bench_function("decide: rank 1,000 items", |b| {
        b.iter(|| rank(black_box(&items), &policy, &context))
    });
    c.bench_function("decide: rank 96 items", |b| {
        b.iter(|| rank(black_box(&items[..96]), &policy, &context))
    });

    let plan = Rc::new(PagePlan::new(config.clone(), &profile, today));
    // The same shopper after a large order: the demo's thank-you offer fills its slot and
    // badges the category pieces whose margin allows it.
    let mut high_value = profile.clone();
    high_value.lifecycle.purchases = 1;
    high_value.lifecycle.last_purchase = Some(today);
    high_value.lifecycle.value_band = Some(shelfwise::profile::ValueBand::High);
    let offer_plan = Rc::new(PagePlan::new(config.clone(), &high_value, today));
    for (name, path) in [
        ("home", "index.html"),
        ("category", "category/all/index.html"),
    ] {
        let page = std::fs::read(format!("{root}/{path}")).expect("page");
        let mut group = c.benchmark_group(format!("page {name}"));
        group.throughput(Throughput::Bytes(page.len() as u64));
        group.bench_function("lol_html pass-through (floor)", |b| {
            b.iter(|| passthrough(black_box(&page)))
        });
        group.bench_function("shelfwise personalize", |b| {
            b.iter(|| personalize(black_box(&page), &plan))
        });
        group.bench_function("shelfwise personalize, with an offer", |b| {
            b.iter(|| personalize(black_box(&page), &offer_plan))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(3));
    targets = cookie, consent, pages
}
criterion_main!(benches);
