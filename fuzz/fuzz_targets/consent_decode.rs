//! Any consent value — a TC string, a GPP string, a OneTrust or Cookiebot cookie — decodes
//! to some consent or to none, never a panic; and a shop's consent read from it allows
//! nothing beyond the answers' basis.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shelfwise::consent::{self, gpp, tcf};
use shelfwise::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = tcf::decode(text);
    let _ = gpp::decode(text);
    let _ = consent::onetrust(text);
    let _ = consent::cookiebot(text);
    let config = Config::from_json(
        "fuzz.json",
        r#"{ "questions": { "crafts": ["glass"] },
             "privacy": { "consent_platforms": {
                 "tcf": { "vendor_id": 755 }, "gpp": {},
                 "onetrust": { "answers": ["C0003"], "interests": ["C0004"] },
                 "cookiebot": { "answers": ["preferences"] } } } }"#,
    )
    .expect("the fuzz config is valid");
    for name in ["euconsent-v2", "__gpp", "OptanonConsent", "CookieConsent"] {
        let header = format!("{name}={text}");
        let site = consent::site_consent(&config.privacy, Some(&header));
        // Nothing is allowed without the answers, whatever the value says.
        assert!(site.allowed.answers || site.allowed == shelfwise::profile::Purposes::NONE);
    }
});
