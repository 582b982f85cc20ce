//! The shared consent vectors (`tests/data/consent-vectors.json`, made by the IAB's
//! reference libraries and the platforms' documented cookie formats) in the native build.
//! The worker runs the same file in `tests/worker/consent-platforms.test.mjs`, the browser
//! package in `tests/package/package.test.mjs`.

use shelfwise::consent;
use shelfwise::profile::Purposes;
use shelfwise::Config;

const VECTORS: &str = include_str!("data/consent-vectors.json");

#[test]
fn every_consent_vector_allows_what_it_says() {
    let file: serde_json::Value = serde_json::from_str(VECTORS).expect("JSON");
    let vectors = file["vectors"].as_array().expect("vectors");
    assert!(vectors.len() >= 25);
    for vector in vectors {
        let name = vector["name"].as_str().expect("name");
        let config = serde_json::json!({
            "questions": { "crafts": ["glass"] },
            "privacy": vector["privacy"],
        });
        let config = Config::from_json("consent.json", &config.to_string()).expect(name);
        let header = vector["cookie"].as_array().map(|pair| {
            format!(
                "other=1; {}={}",
                pair[0].as_str().expect("a cookie name"),
                pair[1].as_str().expect("a cookie value")
            )
        });
        let site = consent::site_consent(&config.privacy, header.as_deref());
        let expect = &vector["expect"];
        let allowed: Purposes =
            serde_json::from_value(expect["allowed"].clone()).expect("purposes");
        assert_eq!(site.allowed, allowed, "{name}: allowed");
        assert_eq!(site.statistics, expect["statistics"], "{name}: statistics");
        assert_eq!(site.opted_out, expect["opted_out"], "{name}: opted out");
    }
}
