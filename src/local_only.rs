//! Local-only mode at the edge: the worker personalizes nothing and never touches the
//! profile; the page carries the browser package instead, which keeps the profile in the
//! shopper's `localStorage`.
//!
//! What the worker still does is the same for every shopper, so the page stays cacheable:
//! it strips the profile cookie from requests to the origin (a profile left over from edge
//! mode never leaves the device again) and adds [`head_snippet`] to HTML pages.

use crate::config::Config;
/// The module the injected snippet loads unless `SHELFWISE_BROWSER_MODULE` says otherwise:
/// the site's own script that imports `@shelfwise/browser` and calls `personalize`.
pub const DEFAULT_BROWSER_MODULE: &str = "/assets/shelfwise-local.js";

/// The id of the `<script type="application/json">` element holding the site config.
pub const CONFIG_ELEMENT_ID: &str = "shelfwise-config";

/// The class that keeps `<body>` invisible (not unlaid: layout happens once, so nothing
/// shifts) until the package has personalized the page, or for at most this long.
pub const PENDING_CLASS: &str = "pz-pending";
/// The longest the page stays hidden if the package never loads.
pub const REVEAL_AFTER_MS: u32 = 1500;

/// What goes at the end of `<head>`: the site config as JSON data (never executed), the
/// anti-flicker rule, and the module that personalizes the page before it is shown.
/// `module` comes from the operator's settings; it is written as an escaped attribute.
pub fn head_snippet(config: &Config, module: &str) -> String {
    let mut out = String::with_capacity(config.json.len() + 512);
    out.push_str("<script type=\"application/json\" id=\"");
    out.push_str(CONFIG_ELEMENT_ID);
    out.push_str("\">");
    push_json_for_script(&mut out, &config.json);
    out.push_str("</script><style>html.");
    out.push_str(PENDING_CLASS);
    out.push_str(" body{visibility:hidden}</style><script>(function(d){d.classList.add(\"");
    out.push_str(PENDING_CLASS);
    out.push_str("\");setTimeout(function(){d.classList.remove(\"");
    out.push_str(PENDING_CLASS);
    out.push_str("\")},");
    out.push_str(&REVEAL_AFTER_MS.to_string());
    out.push_str(")})(document.documentElement)</script><script type=\"module\" src=\"");
    push_attribute(&mut out, module);
    out.push_str("\"></script>");
    out
}

/// JSON inside `<script>`: `<`, `>` and `&` only ever appear inside JSON strings, where
/// `\u003c` and friends mean the same, so no text can close the element or open a comment.
fn push_json_for_script(out: &mut String, json: &str) {
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
}

fn push_attribute(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> Config {
        Config::from_json("test", json).expect("valid config")
    }

    #[test]
    fn the_config_cannot_close_its_script_element() {
        let config = config(
            r#"{"questions":{"crafts":["glass"]},"content":{"x":"</script><script>alert(1)</script>"}}"#,
        );
        let snippet = head_snippet(&config, "/m.js\"><script>");
        let data_end = snippet.find("</script>").expect("closed");
        let data = &snippet[..data_end];
        assert!(!data[1..].contains('<'), "{data}");
        assert!(data.contains("\\u003c/script\\u003e"));
        assert!(snippet.ends_with("src=\"/m.js&quot;&gt;&lt;script&gt;\"></script>"));
        let start = data.find('>').expect("start tag") + 1;
        let round_trip: serde_json::Value =
            serde_json::from_str(&data[start..]).expect("still JSON");
        assert_eq!(
            round_trip["content"]["x"],
            "</script><script>alert(1)</script>"
        );
    }
}
