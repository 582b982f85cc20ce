//! Rewriting arbitrary HTML with the demo shop's config and a full profile never panics,
//! and no byte is ever lost: a page without any Shelfwise markup passes through byte for
//! byte with the profile, and every page, markers included, passes through byte for byte
//! when nothing is decided (a shopper without a profile), whatever the parser makes of it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shelfwise::rewrite::{rewrite_to_vec, NoDecisions, RewriteSettings};
use shelfwise::{profile, Config, Day, PagePlan};
use std::rc::Rc;

const CONFIG: &str = include_str!("../../www/shelfwise.config.json");
const COOKIE: &str = "AQnWAQECAgkIY2VyYW1pY3MDC4CYCdYDbXVnGAnWBQkJ1gnWAQD__wAHAQIKBQcJ1gnWCwIyyQ";

thread_local! {
    // Parsed once and shared, as the worker shares one parsed config between requests.
    static CONFIG_AND_PROFILE: (Rc<Config>, profile::Profile) = (
        Rc::new(Config::from_json("shelfwise.config.json", CONFIG).expect("the demo config is valid")),
        profile::decode(COOKIE).expect("the documented cookie decodes"),
    );
}

fuzz_target!(|data: &[u8]| {
    let plan = CONFIG_AND_PROFILE
        .with(|(config, profile)| PagePlan::new(Rc::clone(config), profile, Day(2518)));
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let settings = RewriteSettings {
        max_capture_bytes: 4096,
        ..RewriteSettings::default()
    };
    let (out, _) = rewrite_to_vec(data, Rc::new(plan), settings, chunk);
    if !data.windows(6).any(|w| w.eq_ignore_ascii_case(b"data-p")) {
        assert_eq!(out, data);
    }
    let (unpersonalized, _) = rewrite_to_vec(data, Rc::new(NoDecisions), settings, chunk);
    assert_eq!(unpersonalized, data);
});
