//! How caches may keep the pages and answers the worker sends: the rules written once, so
//! every response path applies the same ones (see `docs/caching.md`).
//!
//! Personalization happens after the zone's cache, on the way out: the origin's page is
//! cached as the origin says, and what one shopper receives is never stored for another.

/// Cache headers that only shared caches (a CDN in front of the worker) obey. A
/// personalized page drops them all, so no shared cache can keep one shopper's page.
pub const SHARED_CACHE_HEADERS: &[&str] = &[
    "cdn-cache-control",
    "cloudflare-cdn-cache-control",
    "surrogate-control",
    "expires",
];

/// `Cache-Control` of every answer of a `/__pz/` endpoint, errors included: each is about
/// one shopper's profile at one moment.
pub const ENDPOINT_CACHE_CONTROL: &str = "no-store";

/// Origin directives kept on a personalized page because they only ever make caching
/// stricter.
const STRICTER_DIRECTIVES: &[&str] = &["no-store", "no-cache", "must-revalidate", "no-transform"];

/// `Cache-Control` for a personalized page, never looser than the origin's: `private`, kept
/// by the shopper's browser only, and `max-age=0`, so it is fetched again on the next visit
/// — unless the origin said `no-store` (an account or order page), which stays, so the page
/// is never written to the browser's disk cache at all.
pub fn personalized_cache_control(origin: Option<&str>) -> String {
    let mut directives = vec!["private"];
    let mut no_store = false;
    for directive in origin.unwrap_or_default().split(',').map(str::trim) {
        let name = directive.split('=').next().unwrap_or_default().trim();
        if let Some(kept) = STRICTER_DIRECTIVES
            .iter()
            .find(|d| d.eq_ignore_ascii_case(name))
        {
            no_store |= *kept == "no-store";
            if !directives.contains(kept) {
                directives.push(kept);
            }
        }
    }
    if !no_store {
        directives.push("max-age=0");
    }
    directives.join(", ")
}

/// The `Vary` value for an HTML page the worker could personalize: the origin's, plus
/// `Cookie`. The page depends on the profile cookie, so a browser that cached it must not
/// reuse it once the shopper answers, pauses, resumes or forgets (the cookie changes); the
/// zone's cache is unaffected, as it holds the origin's response from before
/// personalization. `None` when the origin's value already covers it.
pub fn vary_with_cookie(origin: Option<&str>) -> Option<String> {
    match origin.map(str::trim).filter(|v| !v.is_empty()) {
        None => Some("Cookie".to_owned()),
        Some(vary)
            if vary
                .split(',')
                .any(|v| v.trim() == "*" || v.trim().eq_ignore_ascii_case("cookie")) =>
        {
            None
        }
        Some(vary) => Some(format!("{vary}, Cookie")),
    }
}

/// One change to a response's headers, for the adapter to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderChange {
    /// Set the header to this value, replacing any.
    Set(&'static str, String),
    /// Remove the header.
    Remove(&'static str),
}

/// How the origin's headers change on a page personalized for one shopper. `origin` looks
/// an origin header up by its lower-case name.
///
/// The length changes and is streamed; the validators go (a shared cache must not
/// revalidate one shopper's page for another, nor the browser against the unpersonalized
/// original); `Cache-Control` becomes private and never looser than the origin's; rules
/// for shared caches go; `Vary` gains `Cookie`.
pub fn personalized_page(origin: impl Fn(&str) -> Option<String>) -> Vec<HeaderChange> {
    let mut changes = vec![
        HeaderChange::Remove("content-length"),
        HeaderChange::Remove("etag"),
        HeaderChange::Remove("last-modified"),
        HeaderChange::Set(
            "cache-control",
            personalized_cache_control(origin("cache-control").as_deref()),
        ),
    ];
    changes.extend(SHARED_CACHE_HEADERS.iter().map(|h| HeaderChange::Remove(h)));
    changes
        .extend(vary_with_cookie(origin("vary").as_deref()).map(|v| HeaderChange::Set("vary", v)));
    changes
}

/// How the origin's headers change on a page served the same to everyone: it varies on
/// `Cookie` when the worker could have personalized it for this shopper
/// (`could_personalize`), and when its body is rewritten (`body_rewritten`: item margins
/// removed, local-only mode's snippet added) the length goes and a strong validator becomes
/// weak — the same page, not the same bytes. The origin's caching rules stay.
pub fn everyones_page(
    origin: impl Fn(&str) -> Option<String>,
    could_personalize: bool,
    body_rewritten: bool,
) -> Vec<HeaderChange> {
    let mut changes = Vec::new();
    if could_personalize {
        changes.extend(
            vary_with_cookie(origin("vary").as_deref()).map(|v| HeaderChange::Set("vary", v)),
        );
    }
    if body_rewritten {
        changes.push(HeaderChange::Remove("content-length"));
        if let Some(etag) = origin("etag").filter(|tag| !tag.starts_with("W/")) {
            changes.push(HeaderChange::Set("etag", format!("W/{etag}")));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personalized_page_is_never_cached_more_loosely_than_the_origin_said() {
        assert_eq!(personalized_cache_control(None), "private, max-age=0");
        assert_eq!(
            personalized_cache_control(Some("public, max-age=60, s-maxage=600")),
            "private, max-age=0"
        );
        // An account page: no-store stays, nothing is written to the disk cache.
        assert_eq!(
            personalized_cache_control(Some("no-store, private")),
            "private, no-store"
        );
        assert_eq!(
            personalized_cache_control(Some("No-Cache, must-revalidate, max-age=5")),
            "private, no-cache, must-revalidate, max-age=0"
        );
    }

    fn headers<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn a_personalized_page_loses_validators_length_and_shared_cache_rules() {
        let changes = personalized_page(headers(&[
            ("cache-control", "public, max-age=60"),
            ("vary", "Accept-Encoding"),
            ("etag", "\"v1\""),
        ]));
        for removed in [
            "content-length",
            "etag",
            "last-modified",
            "cdn-cache-control",
            "expires",
        ] {
            assert!(
                changes.contains(&HeaderChange::Remove(removed)),
                "{removed}"
            );
        }
        assert!(changes.contains(&HeaderChange::Set(
            "cache-control",
            "private, max-age=0".into()
        )));
        assert!(changes.contains(&HeaderChange::Set("vary", "Accept-Encoding, Cookie".into())));
    }

    #[test]
    fn everyones_page_keeps_the_origins_rules_and_weakens_a_rewritten_validator() {
        let origin = [("etag", "\"v1\""), ("cache-control", "public, max-age=60")];
        assert_eq!(
            everyones_page(headers(&origin), true, false),
            [HeaderChange::Set("vary", "Cookie".into())]
        );
        assert_eq!(
            everyones_page(headers(&origin), false, true),
            [
                HeaderChange::Remove("content-length"),
                HeaderChange::Set("etag", "W/\"v1\"".into())
            ]
        );
        let weak = [("etag", "W/\"v1\"")];
        assert_eq!(
            everyones_page(headers(&weak), false, true),
            [HeaderChange::Remove("content-length")]
        );
    }

    #[test]
    fn cookie_is_added_to_vary_once() {
        assert_eq!(vary_with_cookie(None).as_deref(), Some("Cookie"));
        assert_eq!(
            vary_with_cookie(Some("Accept-Encoding")).as_deref(),
            Some("Accept-Encoding, Cookie")
        );
        assert_eq!(vary_with_cookie(Some("accept-encoding, cookie")), None);
        assert_eq!(vary_with_cookie(Some("*")), None);
    }
}
