//! Golden tests through the `shelfwise` CLI: page + profile + config → expected HTML.
//!
//! Each folder under `tests/data/golden/` holds `profile.json` (encoded to a cookie with
//! `shelfwise cookie encode`), an optional `page.html` (default: the shared one) and
//! `expected.html`. A missing `expected.html` means "byte-identical to the page".
//! Set `SHELFWISE_BLESS=1` to write the current output as the expected one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const TODAY: &str = "2026-11-23";

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden")
}

fn shelfwise(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shelfwise"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the CLI starts");
    // A command refused before it reads its input (a bad flag) may have exited already: a
    // broken pipe then is its answer, not a failure of the test.
    match child.stdin.take().expect("stdin is piped").write_all(stdin) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(error) => panic!("the CLI reads stdin: {error}"),
    }
    child.wait_with_output().expect("the CLI finishes")
}

fn rewrite(page: &[u8], cookie: Option<&str>) -> Output {
    let config = data().join("config.json");
    let mut args = vec![
        "rewrite",
        "--config",
        config.to_str().expect("utf-8 path"),
        "--today",
        TODAY,
    ];
    if let Some(cookie) = cookie {
        args.extend(["--cookie", cookie]);
    }
    shelfwise(&args, page)
}

fn encode(profile: &Path) -> String {
    let json = std::fs::read(profile).expect("profile.json");
    let output = shelfwise(&["cookie", "encode"], &json);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

#[test]
fn golden_cases() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(data())
        .expect("golden data")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 3);
    for case in cases {
        let page_path = Some(case.join("page.html"))
            .filter(|p| p.exists())
            .unwrap_or_else(|| data().join("page.html"));
        let page = std::fs::read(&page_path).expect("page");
        let cookie = encode(&case.join("profile.json"));
        let output = rewrite(&page, Some(&cookie));
        assert!(
            output.status.success(),
            "{}: {}",
            case.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let expected_path = case.join("expected.html");
        if std::env::var_os("SHELFWISE_BLESS").is_some() && output.stdout != page {
            std::fs::write(&expected_path, &output.stdout).expect("bless");
        }
        let expected = std::fs::read(&expected_path).unwrap_or_else(|_| page.clone());
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&expected),
            "golden case {}",
            case.display()
        );
    }
}

#[test]
fn without_a_cookie_the_page_is_byte_identical() {
    let page = std::fs::read(data().join("page.html")).expect("page");
    let output = rewrite(&page, None);
    assert!(output.status.success());
    assert_eq!(output.stdout, page);
}

#[test]
fn a_corrupt_cookie_leaves_the_page_unchanged_and_says_why() {
    let page = std::fs::read(data().join("page.html")).expect("page");
    for cookie in ["not base64!", "AgAA", "AQnWAQ", "AQnWAQECAgkI<script>"] {
        let output = rewrite(&page, Some(cookie));
        assert!(output.status.success(), "{cookie}");
        assert_eq!(output.stdout, page, "{cookie}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("cookie ignored"));
    }
}

#[test]
fn the_cli_follows_the_shoppers_choices_as_the_worker_does() {
    let page = std::fs::read(data().join("page.html")).expect("page");
    let dir = std::env::temp_dir().join(format!("shelfwise-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    // Paused from the privacy centre (consent essential), or never consented: the answers
    // are kept but decide nothing.
    for consent in ["essential", "none"] {
        let profile = dir.join(format!("{consent}.json"));
        std::fs::write(
            &profile,
            format!(
                r#"{{ "written": 2518, "consent": "{consent}",
                     "answers": [{{ "question": "for", "choices": ["gift"] }}] }}"#
            ),
        )
        .expect("profile written");
        let output = rewrite(&page, Some(&encode(&profile)));
        assert!(output.status.success(), "{consent}");
        assert_eq!(
            output.stdout, page,
            "{consent}: the page is everyone's page"
        );
    }
    std::fs::remove_dir_all(&dir).expect("cleaned up");
    // The page's path decides nothing, so the CLI does not pretend to take it.
    let config = data().join("config.json");
    let config = config.to_str().expect("utf-8 path");
    let path = shelfwise(&["rewrite", "--config", config, "--path", "/x"], &page);
    assert!(!path.status.success());
    assert!(String::from_utf8_lossy(&path.stderr).contains("--path is no longer accepted"));
}

#[test]
fn cookie_decode_prints_the_profile_and_rejects_garbage() {
    let cookie = encode(&data().join("gift-shopper/profile.json"));
    let output = shelfwise(&["cookie", "decode", &cookie], b"");
    assert!(output.status.success());
    let profile: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(profile["answers"][0]["question"], "for");
    assert_eq!(profile["answers"][0]["choices"][0], "gift");
    assert_eq!(profile["answers"][1]["choices"][0], "ceramics");

    // Days print as dates, and a profile written with dates encodes to the same cookie.
    let written = profile["written"].as_str().expect("a date");
    assert_eq!(written.len(), 10, "{written}");
    let again = shelfwise(&["cookie", "encode"], profile.to_string().as_bytes());
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), cookie);
    let numbers = shelfwise(&["cookie", "decode", "--day-numbers", &cookie], b"");
    let numbers: serde_json::Value = serde_json::from_slice(&numbers.stdout).expect("JSON");
    assert!(numbers["written"].is_u64(), "{numbers}");

    let bad = shelfwise(&["cookie", "decode", "%%%"], b"");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not base64url"));
}

#[test]
fn a_broken_config_is_reported_with_its_path_and_fails() {
    let dir = std::env::temp_dir().join(format!("shelfwise-golden-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("broken.json");
    std::fs::write(&file, r#"{"questions":{"crafts":["glass"]},"slots":{"hero":[{"variant":"Big Hero","when":{"shopping_for":["aliens"]}}]}}"#)
        .expect("write");
    let output = shelfwise(&["config", "check", file.to_str().expect("utf-8")], b"");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("slots.hero[0].variant"), "{stderr}");
    assert!(
        stderr.contains("slots.hero[0].when.shopping_for[0]"),
        "{stderr}"
    );

    let output = rewrite(b"<p>x</p>", None);
    assert!(output.status.success());
    let missing = shelfwise(&["rewrite", "--config", "/nonexistent/config.json"], b"");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the config"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_worked_example_in_the_cookie_format_doc_is_what_the_cli_prints() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cookie-format.md"),
    )
    .expect("docs/cookie-format.md");
    let example = doc
        .split("```console\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a console example");
    let (command, printed) = example.split_once('\n').expect("a command line");
    let args: Vec<&str> = command
        .trim_start_matches("$ shelfwise ")
        .split_whitespace()
        .collect();
    let output = shelfwise(&args, b"");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), printed);
}

#[test]
fn plan_test_gives_the_visitors_per_arm() {
    let output = shelfwise(
        &[
            "plan-test",
            "--baseline",
            "0.10",
            "--mde-points",
            "0.02",
            "--daily-visitors",
            "1000",
        ],
        b"",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("3841 visitors per arm, 7682 in all (2 arms)"),
        "{text}"
    );
    assert!(
        text.contains("About 8 days at 1000 visitors a day."),
        "{text}"
    );
    let refused = shelfwise(&["plan-test", "--baseline", "1.5", "--mde", "0.1"], b"");
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("the baseline must be between 0 and 1")
    );
}

#[test]
fn readout_reports_lift_with_confidence_intervals() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/readout.csv");
    let output = shelfwise(&["readout", file.to_str().expect("utf-8")], b"");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(
        table.contains("hero-personalization | control (control) | 1000 | 10.00% | 5.00"),
        "{table}"
    );
    assert!(
        table.contains(
            "hero-personalization | personalized | 1000 | 12.00% | 6.60 | +20.0% [-6.6%, +54.2%]"
        ),
        "{table}"
    );
    assert!(
        table.contains("listing-ranking | ranked | 2000 | 9.00% | 5.40 | +20.0% ["),
        "{table}"
    );

    let broken = std::env::temp_dir().join(format!("shelfwise-readout-{}.csv", std::process::id()));
    std::fs::write(
        &broken,
        "experiment,arm,visitors,conversions,revenue\nx,control,5,9,0\n",
    )
    .expect("write");
    let output = shelfwise(&["readout", broken.to_str().expect("utf-8")], b"");
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("row 1: more conversions than visitors")
    );
    let _ = std::fs::remove_file(broken);
}

#[test]
fn explain_lists_every_candidate_and_the_choice() {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/shelfwise.config.json");
    // The worked example of docs/cookie-format.md: a gift shopper who loves ceramics.
    let cookie = "AQnWAQECAgkIY2VyYW1pY3MDC4CYCdYDbXVnGAnWBQkJ1gnWAQD__wAHAQIKBQcJ1gnWCwIyyQ";
    let output = shelfwise(
        &[
            "explain",
            "--config",
            config.to_str().expect("utf-8"),
            "--cookie",
            cookie,
            "--today",
            "2026-12-05",
        ],
        b"",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let trace: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(trace["segments"][0], "gift-buyer");
    assert_eq!(trace["episodes"], serde_json::json!(["winter-gifting"]));
    let slot = |name: &str| {
        trace["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .find(|s| s["slot"] == name)
            .cloned()
            .expect("slot")
    };
    // This cookie's bucket puts it in the control arm of the hero experiment: the default
    // stays, though the gift guide would have been chosen.
    let hero = slot("home-hero");
    assert_eq!(hero["experiment"], "hero-personalization/control");
    assert_eq!(hero["shown"], serde_json::Value::Null);
    let candidates = hero["candidates"].as_array().expect("candidates");
    assert!(candidates
        .iter()
        .any(|c| c["variant"] == "ceramics-spotlight" && c["eligible"] == true));
    assert!(candidates
        .iter()
        .any(|c| c["variant"] == "glass-spotlight" && c["eligible"] == false));
    assert_eq!(slot("featured-collection")["shown"], "ceramics-collection");

    let expired = shelfwise(
        &[
            "explain",
            "--config",
            config.to_str().expect("utf-8"),
            "--cookie",
            cookie,
            "--today",
            "2027-03-01",
        ],
        b"",
    );
    assert!(!expired.status.success());
    assert!(String::from_utf8_lossy(&expired.stderr).contains("expired"));
}

#[test]
fn check_passes_the_shops_in_the_repository_and_fails_a_page_that_would_do_nothing() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (config, pages) in [
        ("www/shelfwise.config.json", "www"),
        (
            "tests/sample-site/shelfwise.config.json",
            "tests/sample-site/www",
        ),
    ] {
        let config = repo.join(config);
        let pages = repo.join(pages);
        let output = shelfwise(
            &[
                "check",
                "--config",
                config.to_str().expect("utf-8"),
                pages.to_str().expect("utf-8"),
            ],
            b"",
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}");
        assert!(stdout.contains(": 0 error(s)"), "{stdout}");
    }

    let dir = std::env::temp_dir().join(format!("shelfwise-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let page = dir.join("category.html");
    std::fs::write(
        &page,
        r#"<ul data-pz-listing="category"><li data-pz-item="a">A<li data-pz-item="b">B</li></ul>"#,
    )
    .expect("write");
    let config = repo.join("www/shelfwise.config.json");
    let output = shelfwise(
        &[
            "check",
            "--config",
            config.to_str().expect("utf-8"),
            dir.to_str().expect("utf-8"),
        ],
        b"",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success());
    assert!(
        stdout.contains("category.html: listing `category`: item `a` has no end tag"),
        "{stdout}"
    );
    assert!(stdout.contains("1 page(s) checked: 1 error(s)"), "{stdout}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn explain_and_rewrite_take_the_requests_privacy_facts_as_the_worker_does() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join("www/shelfwise.config.json")).expect("demo config"),
    )
    .expect("JSON");
    config["privacy"]["consent_cookie"] =
        serde_json::json!({ "name": "cmp", "personalization": ["all"] });
    let dir = std::env::temp_dir().join(format!("shelfwise-facts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("config.json");
    std::fs::write(&file, config.to_string()).expect("write");
    let file = file.to_str().expect("utf-8");
    let cookie = "AQnWAQECAgkIY2VyYW1pY3MDC4CYCdYDbXVnGAnWBQkJ1gnWAQD__wAHAQIKBQcJ1gnWCwIyyQ";
    let explain = |extra: &[&str]| {
        let mut args = vec![
            "explain",
            "--config",
            file,
            "--cookie",
            cookie,
            "--today",
            "2026-12-05",
        ];
        args.extend_from_slice(extra);
        shelfwise(&args, b"")
    };

    // The site's consent platform decides whether the profile is read at all.
    let refused = explain(&["--consent-cookie", "essential-only"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("does not allow personalization"));
    let without = explain(&[]);
    assert!(!without.status.success(), "no consent cookie, no consent");
    let allowed = explain(&["--consent-cookie", "all"]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );

    // Under Global Privacy Control only stated answers decide, and the CLI says so.
    let gpc = explain(&["--consent-cookie", "all", "--gpc"]);
    assert!(gpc.status.success());
    assert!(String::from_utf8_lossy(&gpc.stderr).contains("Global Privacy Control"));

    // The demo config has no consent cookie to give a value for.
    let demo = repo.join("www/shelfwise.config.json");
    let output = shelfwise(
        &[
            "rewrite",
            "--config",
            demo.to_str().expect("utf-8"),
            "--consent-cookie",
            "all",
        ],
        b"<p>x</p>",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("privacy.consent_cookie"));
    let _ = std::fs::remove_dir_all(dir);
}
