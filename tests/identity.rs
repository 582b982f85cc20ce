//! No byte lost: every document of the identity corpus (`tests/data/identity/corpus.json`,
//! odd, malformed and hostile markup with no `data-pz-*` marker) comes out byte-identical,
//! with no profile, with the documented demo cookie and with every valid cookie vector,
//! through the core in several chunkings and through the `shelfwise rewrite` CLI. The worker
//! runs a sample of the same corpus in `tests/worker/identity.test.mjs`; the fuzz target
//! `rewrite_html` checks the same property on generated input.

use shelfwise::rewrite::{rewrite_to_vec_with, Decisions, NoDecisions, PageExtras};
use shelfwise::{profile, Config, Day, PagePlan, Profile};
use std::io::Write;
use std::process::{Command, Stdio};
use std::rc::Rc;

const CORPUS: &str = include_str!("data/identity/corpus.json");
const VECTORS: &str = include_str!("data/cookie-vectors.json");
const DEMO_CONFIG: &str = "www/shelfwise.config.json";
const DEMO_COOKIE: &str =
    "AQnWAQECAgkIY2VyYW1pY3MDC4CYCdYDbXVnGAnWBQkJ1gnWAQD__wAHAQIKBQcJ1gnWCwIyyQ";
/// The vectors' `today` (2026-11-23).
const TODAY: Day = Day(2518);

struct Document {
    name: String,
    html: String,
}

fn corpus() -> Vec<Document> {
    let value: serde_json::Value = serde_json::from_str(CORPUS).expect("the corpus is JSON");
    value
        .as_array()
        .expect("an array of documents")
        .iter()
        .map(|d| Document {
            name: d["name"].as_str().expect("name").to_owned(),
            html: d["html"].as_str().expect("html").to_owned(),
        })
        .collect()
}

/// The demo cookie and every valid vector, decoded.
fn profiles() -> Vec<(String, Profile)> {
    let vectors: serde_json::Value = serde_json::from_str(VECTORS).expect("vectors are JSON");
    let mut profiles = vec![(
        "demo cookie".to_owned(),
        profile::decode(DEMO_COOKIE).expect("the demo cookie decodes"),
    )];
    for vector in vectors["valid"].as_array().expect("valid vectors") {
        let cookie = vector["cookie"].as_str().expect("cookie");
        let profile = profile::decode(cookie).expect("a valid vector decodes");
        profiles.push((vector["name"].as_str().expect("name").to_owned(), profile));
    }
    profiles
}

fn demo_config() -> Rc<Config> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO_CONFIG);
    Rc::new(Config::from_file(&path).expect("the demo config is valid"))
}

/// The first differing byte, for a readable failure.
fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

fn assert_identical(out: &[u8], document: &Document, how: &str) {
    let page = document.html.as_bytes();
    assert!(
        out == page,
        "{} ({how}): {} bytes in, {} out, first difference at byte {}",
        document.name,
        page.len(),
        out.len(),
        first_difference(out, page)
    );
}

#[test]
fn the_corpus_is_large_and_marker_free() {
    let corpus = corpus();
    assert!(corpus.len() >= 500, "{} documents", corpus.len());
    for document in &corpus {
        assert!(
            !document.html.to_ascii_lowercase().contains("data-pz"),
            "{} carries a marker",
            document.name
        );
    }
}

#[test]
fn every_document_passes_the_core_unchanged_with_and_without_a_profile() {
    let config = demo_config();
    let settings = config.budgets.rewrite_settings();
    let mut deciders: Vec<(String, Rc<dyn Decisions>)> =
        vec![("no profile".to_owned(), Rc::new(NoDecisions))];
    for (name, profile) in profiles() {
        deciders.push((
            name,
            Rc::new(PagePlan::new(config.clone(), &profile, TODAY)),
        ));
    }
    let extras = PageExtras {
        strip_item_margins: true,
        ..PageExtras::default()
    };
    for document in corpus() {
        for (who, decisions) in &deciders {
            // Whole, in the worker's read size, and in pieces small enough to split tags.
            for chunk in [1 << 20, 64 * 1024, 7] {
                let (out, _) = rewrite_to_vec_with(
                    document.html.as_bytes(),
                    decisions.clone(),
                    settings,
                    extras.clone(),
                    chunk,
                );
                assert_identical(&out, &document, &format!("{who}, {chunk}-byte chunks"));
            }
        }
    }
}

#[test]
fn every_document_passes_the_cli_unchanged_with_and_without_a_cookie() {
    let cli = env!("CARGO_BIN_EXE_shelfwise");
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO_CONFIG);
    // One process per document and cookie: a sample keeps this quick, every document with
    // the markup the parser finds ambiguous and every 20th of the rest.
    let ambiguous = ["select", "plaintext", "frameset"];
    for (index, document) in corpus().iter().enumerate() {
        if index % 20 != 0 && !ambiguous.iter().any(|a| document.name.contains(a)) {
            continue;
        }
        for cookie in [None, Some(DEMO_COOKIE)] {
            let mut command = Command::new(cli);
            command.args(["rewrite", "--config"]).arg(&config);
            command.args(["--today", "2026-11-23"]);
            if let Some(cookie) = cookie {
                command.args(["--cookie", cookie]);
            }
            let mut child = command
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("the CLI starts");
            let mut stdin = child.stdin.take().expect("stdin");
            let page = document.html.clone();
            let writer = std::thread::spawn(move || stdin.write_all(page.as_bytes()));
            let output = child.wait_with_output().expect("the CLI finishes");
            writer.join().expect("writer").expect("page written");
            assert!(output.status.success(), "{}: the CLI failed", document.name);
            let how = if cookie.is_some() {
                "CLI, demo cookie"
            } else {
                "CLI, no cookie"
            };
            assert_identical(&output.stdout, document, how);
        }
    }
}
