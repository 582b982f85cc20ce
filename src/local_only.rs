//! Local-only mode at the edge: the worker personalizes nothing and never touches the
//! profile; the page carries the browser package instead, which keeps the profile in the
//! shopper's `localStorage`.
//!
//! What the worker still does is the same for every shopper, so the page stays cacheable:
//! it strips the profile cookie from requests to the origin (a profile left over from edge
//! mode never leaves the device again) and adds [`head_snippet`] to HTML pages.

use crate::config::Config;
use crate::escape::{push_escaped, push_json_for_script};
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
/// `nonces` are the page's own, from its Content-Security-Policy ([`Nonces::of`]): the
/// style and the two scripts carry them, so a strict policy lets them run.
pub fn head_snippet(config: &Config, module: &str, nonces: &Nonces) -> String {
    let mut out = config_element(config);
    out.push_str(&loader(module, nonces));
    out
}

/// The site config as a `<script type="application/json">` data element: the same for every
/// page of one config (the costly part to build), and never executed, so it needs no nonce.
pub fn config_element(config: &Config) -> String {
    let mut out = String::with_capacity(config.json.len() + 64);
    out.push_str("<script type=\"application/json\" id=\"");
    out.push_str(CONFIG_ELEMENT_ID);
    out.push_str("\">");
    push_json_for_script(&mut out, &config.json);
    out.push_str("</script>");
    out
}

/// The anti-flicker style (`<style>` with [`anti_flicker_style`]), its inline script
/// ([`anti_flicker_script`]) and the module script, each with the page's nonce when it has one.
pub fn loader(module: &str, nonces: &Nonces) -> String {
    let mut out = String::with_capacity(256 + module.len());
    out.push_str("<style");
    push_nonce(&mut out, nonces.style.as_deref());
    out.push('>');
    out.push_str(&anti_flicker_style());
    out.push_str("</style><script");
    push_nonce(&mut out, nonces.script.as_deref());
    out.push('>');
    out.push_str(&anti_flicker_script());
    out.push_str("</script><script type=\"module\"");
    push_nonce(&mut out, nonces.script.as_deref());
    out.push_str(" src=\"");
    push_escaped(&mut out, module);
    out.push_str("\"></script>");
    out
}

/// The anti-flicker rule's text: the same on every page, so a shop whose policy lists hashes
/// can allow it by its hash (published in `docs/csp.md`, checked by a test).
pub fn anti_flicker_style() -> String {
    format!("html.{PENDING_CLASS} body{{visibility:hidden}}")
}

/// The anti-flicker script's text: hides the page until the package reveals it, or for at
/// most [`REVEAL_AFTER_MS`]. The same on every page (see [`anti_flicker_style`]).
pub fn anti_flicker_script() -> String {
    format!(
        "(function(d){{d.classList.add(\"{PENDING_CLASS}\");setTimeout(function(){{d.classList.remove(\"{PENDING_CLASS}\")}},{REVEAL_AFTER_MS})}})(document.documentElement)"
    )
}

/// The nonces a page's Content-Security-Policy gives its scripts and styles, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nonces {
    /// For `<script>` elements: from `script-src-elem`, `script-src` or `default-src`.
    pub script: Option<String>,
    /// For `<style>` elements: from `style-src-elem`, `style-src` or `default-src`.
    pub style: Option<String>,
}

impl Nonces {
    /// Reads the nonces from the origin's `Content-Security-Policy` header (every policy in
    /// it, comma-separated). A nonce is taken only when it is made of base64 characters, so
    /// nothing from the header can break out of the attribute.
    pub fn of(policy: Option<&str>) -> Nonces {
        let Some(policy) = policy else {
            return Nonces::default();
        };
        let directive = |names: &[&str]| {
            policy.split([',', ';']).find_map(|directive| {
                let mut words = directive.split_ascii_whitespace();
                let name = words.next()?;
                if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    return None;
                }
                words.find_map(|word| {
                    let nonce = word.strip_prefix("'nonce-")?.strip_suffix('\'')?;
                    let base64 = !nonce.is_empty()
                        && nonce.bytes().all(|b| {
                            b.is_ascii_alphanumeric()
                                || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')
                        });
                    base64.then(|| nonce.to_owned())
                })
            })
        };
        let first = |names: [&str; 3]| names.iter().find_map(|name| directive(&[name]));
        Nonces {
            script: first(["script-src-elem", "script-src", "default-src"]),
            style: first(["style-src-elem", "style-src", "default-src"]),
        }
    }
}

fn push_nonce(out: &mut String, nonce: Option<&str>) {
    if let Some(nonce) = nonce {
        out.push_str(" nonce=\"");
        push_escaped(out, nonce);
        out.push('"');
    }
}

/// The `Set-Cookie` that expires a profile cookie left over from edge mode, when the
/// request (`cookie_header`) still carries one: in local-only mode the worker never reads it
/// and has no endpoint to erase it, so it erases it on the next page instead.
pub fn leftover_cookie_removal(
    config: &Config,
    cookie_header: Option<&str>,
    secure: bool,
) -> Option<String> {
    cookie_header
        .and_then(|header| crate::request::cookie_value(header, &config.cookie.name))
        .map(|_| crate::request::clear_cookie(config, secure))
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
        let snippet = head_snippet(&config, "/m.js\"><script>", &Nonces::default());
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

    #[test]
    fn the_pages_nonces_are_read_from_its_policy_and_carried_by_the_snippet() {
        let nonces = Nonces::of(Some(
            "default-src 'self'; script-src 'nonce-R4nd0m+/=' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self' 'nonce-St7le'",
        ));
        assert_eq!(nonces.script.as_deref(), Some("R4nd0m+/="));
        assert_eq!(nonces.style.as_deref(), Some("St7le"));
        let html = loader("/m.js", &nonces);
        assert_eq!(html.matches(" nonce=\"R4nd0m+/=\"").count(), 2, "{html}");
        assert_eq!(html.matches(" nonce=\"St7le\"").count(), 1, "{html}");

        // default-src stands in for both; a nonce that is not base64 is never copied.
        let fallback = Nonces::of(Some("default-src 'nonce-abc'"));
        assert_eq!(fallback.script.as_deref(), Some("abc"));
        assert_eq!(fallback.style.as_deref(), Some("abc"));
        assert_eq!(
            Nonces::of(Some("script-src 'nonce-a\"b'")),
            Nonces::default()
        );
        assert_eq!(Nonces::of(None), Nonces::default());
        assert!(!loader("/m.js", &Nonces::default()).contains("nonce"));
    }

    #[test]
    fn the_inline_parts_are_the_texts_whose_hashes_are_published() {
        let html = loader("/m.js", &Nonces::default());
        assert!(html.contains(&format!("<style>{}</style>", anti_flicker_style())));
        assert!(html.contains(&format!("<script>{}</script>", anti_flicker_script())));
    }

    #[test]
    fn a_leftover_profile_cookie_is_expired() {
        let config = config(r#"{"questions":{"crafts":["glass"]}}"#);
        let removal =
            leftover_cookie_removal(&config, Some("a=1; pz=AQnW; b=2"), true).expect("a removal");
        assert!(removal.starts_with("pz=; Max-Age=0"), "{removal}");
        assert_eq!(leftover_cookie_removal(&config, Some("a=1"), true), None);
        assert_eq!(leftover_cookie_removal(&config, None, true), None);
    }
}
