//! What a request says about the visit itself: the campaign link it came from, the page
//! that referred it, the country, the device, the path. Read from the request (or, in the
//! browser, from the page) for this one page view, and stored nowhere: context rules
//! personalize for visitors without a profile without any identifier.

use serde::Deserialize;

/// Query parameters read at most; a URL with more is read as far as this.
const MAX_PARAMS: usize = 32;
/// Longest query parameter value compared; longer ones never match.
const MAX_PARAM_LEN: usize = 256;

/// The device class of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Device {
    /// A phone: `Sec-CH-UA-Mobile: ?1`, or a user agent that says `Mobi`.
    Mobile,
    /// Anything else that says who it is.
    Desktop,
    /// Nothing to tell by (no user agent): matches neither.
    #[default]
    #[serde(skip)]
    Unknown,
}

/// Where the visitor came from, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReferrerKind {
    /// No referrer (typed, bookmarked, or a referrer policy that sends none).
    #[default]
    None,
    /// Another page of the same site.
    Internal,
    /// A search engine.
    Search,
    /// A social network.
    Social,
    /// A webmail client, or a link tagged `utm_medium=email`.
    Email,
    /// Any other site.
    Other,
}

impl ReferrerKind {
    /// The kind's name in a config's `referrer` condition.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferrerKind::None => "none",
            ReferrerKind::Internal => "internal",
            ReferrerKind::Search => "search",
            ReferrerKind::Social => "social",
            ReferrerKind::Email => "email",
            ReferrerKind::Other => "other",
        }
    }

    /// True for a word a `referrer` condition uses as a kind rather than a host.
    pub fn is_kind(word: &str) -> bool {
        matches!(
            word,
            "none" | "internal" | "search" | "social" | "email" | "other"
        )
    }
}

/// Registrable names (or their leading label) of well-known search engines, social
/// networks and webmail clients, for [`ReferrerKind`].
const SEARCH: &[&str] = &[
    "google",
    "bing",
    "duckduckgo",
    "yahoo",
    "ecosia",
    "baidu",
    "yandex",
    "qwant",
    "startpage",
    "brave",
    "kagi",
];
const SOCIAL: &[&str] = &[
    "facebook",
    "instagram",
    "t.co",
    "twitter",
    "x.com",
    "pinterest",
    "linkedin",
    "reddit",
    "tiktok",
    "youtube",
    "threads",
    "bsky",
    "mastodon",
];
const WEBMAIL: &[&str] = &[
    "mail.google.com",
    "outlook.live.com",
    "outlook.office.com",
    "mail.yahoo.com",
    "mail.proton.me",
    "webmail",
];

/// The facts of one page view. Built per request only when the config has context rules
/// ([`crate::Config::has_context_rules`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitContext {
    /// The page's path (`/category/all/`).
    pub path: String,
    /// The page URL's query parameters, as (name, value).
    pub query: Vec<(String, String)>,
    /// The referring site's host, lowercase, when another site referred the visit.
    pub referrer_host: Option<String>,
    /// The referrer by kind.
    pub referrer_kind: ReferrerKind,
    /// The country (ISO 3166-1 alpha-2) the platform places the request in, or the page
    /// says the visitor is in.
    pub country: Option<String>,
    /// The region within the country (the ISO 3166-2 subdivision code without the country,
    /// such as `CA` or `BY`), from the platform or the page.
    pub region: Option<String>,
    /// The device class.
    pub device: Device,
}

/// What an adapter reads from its platform for a [`VisitContext`], as full URLs (the edge
/// and the CLI).
#[derive(Debug, Clone, Copy, Default)]
pub struct VisitFacts<'a> {
    /// The page's full URL.
    pub url: &'a str,
    /// The `Referer` header.
    pub referrer: Option<&'a str>,
    /// The country, when the platform knows it.
    pub country: Option<&'a str>,
    /// The region's code within the country, when the platform knows it.
    pub region: Option<&'a str>,
    /// `Sec-CH-UA-Mobile` (`?1` or `?0`).
    pub mobile_hint: Option<&'a str>,
    /// The `User-Agent`.
    pub user_agent: Option<&'a str>,
}

/// The same facts with the URLs already taken apart, as a browser has them (`location`,
/// `document.referrer`): the browser package hands these over, so it needs no URL parser of
/// its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageParts<'a> {
    /// The page's path (`location.pathname`).
    pub path: &'a str,
    /// The page's query, with or without its `?` (`location.search`).
    pub query: &'a str,
    /// The page's host (`location.hostname`).
    pub host: Option<&'a str>,
    /// The referring page's host, when there is a referrer.
    pub referrer_host: Option<&'a str>,
    /// The country, when the platform or the page knows it.
    pub country: Option<&'a str>,
    /// The region's code within the country, when the platform or the page knows it.
    pub region: Option<&'a str>,
    /// `?1` for a phone, `?0` for anything else, when the browser says.
    pub mobile_hint: Option<&'a str>,
    /// The user agent.
    pub user_agent: Option<&'a str>,
}

impl VisitContext {
    /// Reads the context of a page view from full URLs. A URL that does not parse gives the
    /// root path and no query; a referrer that does not parse counts as none.
    pub fn read(facts: VisitFacts<'_>) -> VisitContext {
        let page = url::Url::parse(facts.url).ok();
        let referrer_host = facts
            .referrer
            .filter(|value| !value.is_empty())
            .and_then(|value| url::Url::parse(value).ok())
            .and_then(|url| url.host_str().map(str::to_owned));
        VisitContext::from_parts(PageParts {
            path: page.as_ref().map_or("/", |url| url.path()),
            query: page
                .as_ref()
                .and_then(|url| url.query())
                .unwrap_or_default(),
            host: page.as_ref().and_then(|url| url.host_str()),
            referrer_host: referrer_host.as_deref(),
            country: facts.country,
            region: facts.region,
            mobile_hint: facts.mobile_hint,
            user_agent: facts.user_agent,
        })
    }

    /// Reads the context of a page view from its parts.
    pub fn from_parts(parts: PageParts<'_>) -> VisitContext {
        let query: Vec<(String, String)> =
            form_urlencoded::parse(parts.query.trim_start_matches('?').as_bytes())
                .take(MAX_PARAMS)
                .filter(|(_, value)| value.len() <= MAX_PARAM_LEN)
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
        let referrer_host = parts
            .referrer_host
            .filter(|host| !host.is_empty())
            .map(str::to_ascii_lowercase);
        let page_host = parts.host.map(str::to_ascii_lowercase);
        let tagged_email = query
            .iter()
            .any(|(name, value)| name == "utm_medium" && value.eq_ignore_ascii_case("email"));
        let referrer_kind = match referrer_host.as_deref() {
            _ if tagged_email => ReferrerKind::Email,
            None => ReferrerKind::None,
            Some(host) if Some(host) == page_host.as_deref() => ReferrerKind::Internal,
            Some(host) if WEBMAIL.iter().any(|name| names(host, name)) => ReferrerKind::Email,
            Some(host) if SEARCH.iter().any(|name| names(host, name)) => ReferrerKind::Search,
            Some(host) if SOCIAL.iter().any(|name| names(host, name)) => ReferrerKind::Social,
            Some(_) => ReferrerKind::Other,
        };
        let device = match (parts.mobile_hint.map(str::trim), parts.user_agent) {
            (Some("?1"), _) => Device::Mobile,
            (Some("?0"), _) => Device::Desktop,
            (_, Some(agent)) if agent.contains("Mobi") => Device::Mobile,
            (_, Some(agent)) if !agent.trim().is_empty() => Device::Desktop,
            _ => Device::Unknown,
        };
        VisitContext {
            path: if parts.path.is_empty() {
                "/".to_owned()
            } else {
                parts.path.to_owned()
            },
            query,
            referrer_kind,
            referrer_host: referrer_host.filter(|_| referrer_kind != ReferrerKind::Internal),
            country: parts
                .country
                .filter(|country| country.len() == 2)
                .map(str::to_ascii_uppercase),
            region: parts
                .region
                .map(str::trim)
                .filter(|region| !region.is_empty() && region.len() <= 8)
                .map(str::to_ascii_uppercase),
            device,
        }
    }

    /// The value of query parameter `name`, if the URL carries it.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// True when the referrer is of kind `word` or its host is `word` or under it.
    pub fn referred_by(&self, word: &str) -> bool {
        if ReferrerKind::is_kind(word) {
            return self.referrer_kind.as_str() == word;
        }
        self.referrer_host
            .as_deref()
            .is_some_and(|host| host == word || host.ends_with(&format!(".{word}")))
    }

    /// True when the path is `pattern`, or starts with it when it ends in `*`.
    pub fn on_path(&self, pattern: &str) -> bool {
        match pattern.strip_suffix('*') {
            Some(prefix) => self.path.starts_with(prefix),
            None => self.path == pattern,
        }
    }
}

/// True when `host` is the site `name` names: `name` itself or a subdomain of it, or, for a
/// bare label (`google`), any host with that label (`www.google.de`).
fn names(host: &str, name: &str) -> bool {
    if name.contains('.') {
        host == name || host.ends_with(&format!(".{name}"))
    } else {
        host.split('.').any(|label| label == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(url: &str, referrer: Option<&str>) -> VisitContext {
        VisitContext::read(VisitFacts {
            url,
            referrer,
            user_agent: Some("Mozilla/5.0 (X11; Linux x86_64)"),
            ..VisitFacts::default()
        })
    }

    #[test]
    fn the_campaign_is_read_from_the_query() {
        let context = read(
            "https://shop.example/?utm_campaign=winter-gifts&utm_source=news%20letter",
            None,
        );
        assert_eq!(context.path, "/");
        assert_eq!(context.param("utm_campaign"), Some("winter-gifts"));
        assert_eq!(context.param("utm_source"), Some("news letter"));
        assert_eq!(context.param("gclid"), None);
    }

    #[test]
    fn referrers_are_told_apart_by_kind_and_host() {
        let kind = |referrer: Option<&str>| read("https://shop.example/a", referrer).referrer_kind;
        assert_eq!(kind(None), ReferrerKind::None);
        assert_eq!(kind(Some("")), ReferrerKind::None);
        assert_eq!(kind(Some("https://shop.example/b")), ReferrerKind::Internal);
        assert_eq!(kind(Some("https://www.google.de/")), ReferrerKind::Search);
        assert_eq!(kind(Some("https://duckduckgo.com/")), ReferrerKind::Search);
        assert_eq!(kind(Some("https://t.co/abc")), ReferrerKind::Social);
        assert_eq!(kind(Some("https://l.instagram.com/")), ReferrerKind::Social);
        assert_eq!(kind(Some("https://mail.google.com/")), ReferrerKind::Email);
        assert_eq!(kind(Some("https://blog.example.org/")), ReferrerKind::Other);
        assert_eq!(kind(Some("not a url")), ReferrerKind::None);
        let tagged = read(
            "https://shop.example/?utm_medium=email",
            Some("https://x.com/"),
        );
        assert_eq!(tagged.referrer_kind, ReferrerKind::Email);

        let blog = read(
            "https://shop.example/",
            Some("https://news.craft-blog.example/post"),
        );
        assert!(blog.referred_by("craft-blog.example"));
        assert!(blog.referred_by("news.craft-blog.example"));
        assert!(blog.referred_by("other"));
        assert!(!blog.referred_by("blog.example"));
        assert!(!blog.referred_by("search"));
        // A same-site referrer names no host.
        assert!(
            !read("https://shop.example/", Some("https://shop.example/x"))
                .referred_by("shop.example")
        );
    }

    #[test]
    fn the_device_follows_the_client_hint_then_the_user_agent() {
        let device = |hint: Option<&str>, agent: Option<&str>| {
            VisitContext::read(VisitFacts {
                url: "https://shop.example/",
                mobile_hint: hint,
                user_agent: agent,
                ..VisitFacts::default()
            })
            .device
        };
        assert_eq!(device(Some("?1"), Some("Desktop")), Device::Mobile);
        assert_eq!(device(Some("?0"), Some("… Mobile Safari")), Device::Desktop);
        assert_eq!(
            device(None, Some("Mozilla/5.0 (iPhone) Mobile/15E148")),
            Device::Mobile
        );
        assert_eq!(
            device(None, Some("Mozilla/5.0 (Windows NT 10.0)")),
            Device::Desktop
        );
        assert_eq!(device(None, None), Device::Unknown);
    }

    #[test]
    fn the_parts_a_browser_has_read_the_same_as_the_urls() {
        let whole = read(
            "https://shop.example/category/glass/?utm_campaign=winter&x=1",
            Some("https://www.pinterest.com/pin/1"),
        );
        let parts = VisitContext::from_parts(PageParts {
            path: "/category/glass/",
            query: "?utm_campaign=winter&x=1",
            host: Some("shop.example"),
            referrer_host: Some("www.pinterest.com"),
            user_agent: Some("Mozilla/5.0 (X11; Linux x86_64)"),
            ..PageParts::default()
        });
        assert_eq!(parts, whole);
    }

    #[test]
    fn paths_match_exactly_or_by_prefix() {
        let context = read("https://shop.example/category/glass/?page=2", None);
        assert!(context.on_path("/category/*"));
        assert!(context.on_path("/category/glass/"));
        assert!(!context.on_path("/category/"));
        assert!(!context.on_path("/product/*"));
    }
}
