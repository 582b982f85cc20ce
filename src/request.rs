//! What to do with an incoming request, independent of the runtime it arrives in.
//!
//! The edge adapter translates the platform's request into these plain values and the
//! answers back into a response; every rule lives here so each adapter behaves the same.

use crate::config::Config;
use crate::consent;
pub use crate::cookie_header::{cookie_pairs, cookie_value};
use crate::day::Day;
use crate::errors::RequestError;
use crate::profile::{self, Answer, Profile, Purposes, Signal, Slug};
use std::borrow::Cow;

/// Paths under this prefix are answered by Shelfwise itself, never forwarded.
pub const RESERVED_PREFIX: &str = "/__pz/";
/// Largest form body the preference endpoint reads.
pub const MAX_FORM_BYTES: usize = 4 * 1024;

/// The kinds of request the edge distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `POST /__pz/prefs`: store the answers to the preference questions.
    SetPreferences,
    /// `POST /__pz/forget`: erase the profile.
    Forget,
    /// `POST /__pz/signal`: record a wishlist, cart or purchase signal.
    RecordSignal,
    /// `GET /__pz/profile`: show what is stored, in plain words.
    ShowProfile,
    /// `POST /__pz/pause`: pause or resume personalization, keeping the answers.
    Pause,
    /// `POST /__pz/purposes`: change what the profile may be used for.
    Purposes,
    /// `POST /__pz/viewed`: remove one item from the recently viewed.
    ForgetViewed,
    /// Any other path under the reserved prefix.
    UnknownEndpoint,
    /// Everything else goes to the origin.
    Origin,
}

impl Route {
    /// True for the endpoints that write the profile: only the shopper's own actions on the
    /// shop's own pages may reach them (see [`endpoint_refusal`]).
    pub fn changes_profile(self) -> bool {
        matches!(
            self,
            Route::SetPreferences
                | Route::Forget
                | Route::RecordSignal
                | Route::Pause
                | Route::Purposes
                | Route::ForgetViewed
        )
    }

    /// Classifies a request by method and path.
    pub fn of(method: &str, path: &str) -> Route {
        match (method, path.strip_prefix(RESERVED_PREFIX)) {
            (_, None) => Route::Origin,
            ("POST", Some("prefs")) => Route::SetPreferences,
            ("POST", Some("forget")) => Route::Forget,
            ("POST", Some("signal")) => Route::RecordSignal,
            ("GET", Some("profile")) => Route::ShowProfile,
            ("POST", Some("pause")) => Route::Pause,
            ("POST", Some("purposes")) => Route::Purposes,
            ("POST", Some("viewed")) => Route::ForgetViewed,
            _ => Route::UnknownEndpoint,
        }
    }
}

/// True for requests whose response may be personalized: page loads (`GET`) that accept HTML.
/// Everything else is forwarded and answered untouched.
pub fn wants_personalization(method: &str, accept: Option<&str>) -> bool {
    method == "GET" && accept.is_none_or(|a| a.contains("text/html") || a.contains("*/*"))
}

/// Lower-case fragments of the user agents of crawlers, link previewers, monitors, HTTP
/// libraries and automated browsers. Deliberately short: the platform's own bot signal is
/// the primary source at the edge (see [`is_bot`]); this list catches the rest, including
/// local runs where the platform gives no signal.
const BOT_AGENT_FRAGMENTS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "mediapartners",
    "externalhit",
    "facebookcatalog",
    "embedly",
    "preview",
    "whatsapp",
    "telegram",
    "headless",
    "lighthouse",
    "pingdom",
    "uptime",
    "monitor",
    "curl/",
    "wget/",
    "python-",
    "go-http-client",
    "java/",
    "okhttp",
    "axios/",
    "node-fetch",
    "undici",
    "libwww",
    "httpclient",
    "scrapy",
    "feedfetcher",
    "archiver",
    "phantomjs",
    "selenium",
    "puppeteer",
    "playwright",
    "validator",
];

/// True for bots and crawlers: the platform flags the request as a verified bot
/// (`platform_says_bot`), the user agent matches a known fragment, or there is no user
/// agent at all (browsers always send one). Bots get the origin's page unchanged, never a
/// cookie, and are never assigned to experiments.
pub fn is_bot(user_agent: Option<&str>, platform_says_bot: bool) -> bool {
    if platform_says_bot {
        return true;
    }
    match user_agent.map(str::trim) {
        Some(agent) if !agent.is_empty() => {
            let agent = agent.to_ascii_lowercase();
            BOT_AGENT_FRAGMENTS
                .iter()
                .any(|fragment| agent.contains(fragment))
        }
        _ => true,
    }
}

/// True when an origin response can be personalized: a `200` with an HTML body. (The
/// platform hands the worker decoded bodies, so compression does not matter here.)
pub fn is_personalizable_response(status: u16, content_type: Option<&str>) -> bool {
    status == 200
        && content_type
            .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

/// A `Cookie` header without the profile cookie, or `None` when nothing else is left. The
/// origin never needs the profile, in either mode: the worker strips it from every request
/// it forwards, from every form of the header the platform hands over.
pub fn without_profile_cookie(header: &str, profile_cookie: &str) -> Option<String> {
    let kept: Vec<&str> = cookie_pairs(header)
        .filter(|pair| cookie_value(pair, profile_cookie).is_none())
        .collect();
    (!kept.is_empty()).then(|| kept.join("; "))
}

/// Where a request to an endpoint comes from, as the browser states it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestSource<'a> {
    /// The `Sec-Fetch-Site` header (`same-origin`, `same-site`, `cross-site`, `none`).
    pub fetch_site: Option<&'a str>,
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// The `Referer` header.
    pub referer: Option<&'a str>,
    /// This shop's own origin (`https://shop.example`), from the request's URL.
    pub own_origin: &'a str,
    /// The client is a crawler or other automated client ([`is_bot`]).
    pub automated: bool,
}

/// Why a request to a profile-changing endpoint must be refused, if it must: it came from
/// another site (a form, fetch or frame on another origin, which a `SameSite=Lax` cookie
/// does not stop for top-level form posts), did not say where it came from, or came from
/// an automated client. Browsers send `Sec-Fetch-Site`, or at least `Origin`, with every
/// `POST`; only the shop's own origin passes.
pub fn endpoint_refusal(route: Route, source: RequestSource<'_>) -> Option<RequestError> {
    if !route.changes_profile() {
        return None;
    }
    if source.automated {
        return Some(RequestError::Automated);
    }
    let own = source.own_origin;
    let same_origin = match (source.fetch_site, source.origin, source.referer) {
        (Some(site), _, _) => site.trim().eq_ignore_ascii_case("same-origin"),
        (None, Some(origin), _) => origin.trim() == own,
        (None, None, Some(referer)) => referer
            .strip_prefix(own)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')),
        (None, None, None) => false,
    };
    (!same_origin).then_some(RequestError::CrossSite)
}

/// A `Set-Cookie` header value storing `profile` for the configured retention, and never
/// past the profile's absolute lifetime (`privacy.max_profile_age_days`).
/// `value` is the cookie's value ([`crate::session::Session::cookie_value`]: the encoded
/// profile, signed when the edge may vouch for it).
pub fn set_cookie(config: &Config, profile: &Profile, value: &str, secure: bool) -> String {
    let end = profile::profile_end(
        profile,
        config.cookie.max_age_days,
        config.privacy.max_profile_age_days,
    );
    let max_age = u32::from(end.days_since(profile.written).max(1)) * 86_400;
    cookie_header(&config.cookie.name, value, max_age, secure)
}

/// A `Set-Cookie` header value that erases the profile cookie.
pub fn clear_cookie(config: &Config, secure: bool) -> String {
    cookie_header(&config.cookie.name, "", 0, secure)
}

/// The profile is written by the server only; page scripts never need it, so it is
/// `HttpOnly`. `SameSite=Lax` keeps it off cross-site subrequests.
fn cookie_header(name: &str, value: &str, max_age: u32, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Max-Age={max_age}; Path=/; SameSite=Lax; HttpOnly{secure}")
}

/// The answers a preference form submitted, each question's field named by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// The questions the form asks: the ones on the preference form, or with `part=purchase`
    /// the one asked at first purchase. Their earlier answers are replaced.
    pub asked: Vec<Slug>,
    /// The answers given, in the order the questions are asked.
    pub given: Vec<Answer>,
}

impl Answers {
    /// True when at least one question is answered.
    pub fn has_any(&self) -> bool {
        !self.given.is_empty()
    }
}

/// What the request tells about the shopper's privacy choices.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrivacySignals<'a> {
    /// The request's `Cookie` header (for the site's consent cookie).
    pub cookie_header: Option<&'a str>,
    /// `Sec-GPC: 1` was sent.
    pub gpc: bool,
    /// The country the platform places the request in (ISO 3166-1 alpha-2).
    pub country: Option<&'a str>,
}

/// What this request may do with the profile, from the config's privacy rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permissions {
    /// Behavioural signals may be used and recorded (off under Global Privacy Control).
    pub inferred: bool,
    /// The preference form must carry `consent=yes` before anything is stored.
    pub explicit_opt_in: bool,
    /// Exposure events may be emitted for the site's analytics: the config asks for them,
    /// the site's consent (when it has a source) grants statistics, and Global Privacy
    /// Control is off.
    pub statistics: bool,
    /// The purposes the shop's consent allows: a stored profile never keeps more, and
    /// without the answers nothing is personalized or stored ([`Permissions::personalize`]).
    pub allowed: Purposes,
    /// The shop's consent platform chose the purposes with the shopper: a new profile is
    /// given exactly what it allows, whatever the form's ticks.
    pub platform_chooses: bool,
}

impl Permissions {
    /// Pages may be personalized and the profile may be written: the shop's consent allows
    /// the answers, the basis of every profile.
    pub fn personalize(&self) -> bool {
        self.allowed.answers
    }
}

/// Applies the shop's consent (its consent platform or consent cookie, see
/// [`consent::site_consent`]), Global Privacy Control and regional rules.
pub fn permissions(config: &Config, signals: PrivacySignals<'_>) -> Permissions {
    let privacy = &config.privacy;
    let site = consent::site_consent(privacy, signals.cookie_header);
    // A country the platform cannot tell (none, `XX` for unknown, `T1` for Tor) counts as
    // one where opt-in is required, the stricter reading, whenever the config names any.
    let known_country = signals
        .country
        .map(str::trim)
        .filter(|c| c.len() == 2 && !c.eq_ignore_ascii_case("XX") && !c.eq_ignore_ascii_case("T1"));
    let in_opt_in_region = privacy.opt_in_everywhere
        || match known_country {
            Some(country) => privacy
                .opt_in_countries
                .iter()
                .any(|o| o.eq_ignore_ascii_case(country)),
            None => !privacy.opt_in_countries.is_empty(),
        };
    Permissions {
        // A US opt-out on the shop's platform counts as Global Privacy Control.
        inferred: !(site.opted_out || signals.gpc && privacy.gpc_limits_to_stated),
        explicit_opt_in: in_opt_in_region && !site.granted_by_platform,
        statistics: config.analytics.events && site.statistics && !signals.gpc,
        allowed: site.allowed,
        platform_chooses: site.chooses_purposes,
    }
}

/// The same rules on the shopper's device, where no platform tells the country (the page
/// may): an unknown country counts as one where opt-in is required, as at the edge.
/// `cookies` is the page's `document.cookie`, for the site's consent cookie.
pub fn permissions_on_device(
    config: &Config,
    cookies: Option<&str>,
    gpc: bool,
    country: Option<&str>,
) -> Permissions {
    permissions(
        config,
        PrivacySignals {
            cookie_header: cookies,
            gpc,
            country,
        },
    )
}

/// The answers submitted by a preference form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferenceForm {
    /// The answers given.
    pub answers: Answers,
    /// `return`: the path the form asks to go back to, as sent; only
    /// [`PreferenceForm::return_path`] may be followed.
    pub return_to: String,
    /// `consent=yes`: the shopper ticked "remember my answers on this device".
    pub opted_in: bool,
    /// `interests=yes` and `measurement=yes`: the purposes beyond the answers the shopper
    /// ticked. A form only grants them; the privacy centre withdraws them.
    pub grants: Purposes,
}

impl PreferenceForm {
    /// Parses an `application/x-www-form-urlencoded` body, accepting only offered answers.
    pub fn parse(body: &[u8], config: &Config) -> Result<PreferenceForm, RequestError> {
        if body.len() > MAX_FORM_BYTES {
            return Err(RequestError::BodyTooLarge {
                max: MAX_FORM_BYTES,
            });
        }
        let fields: Vec<(Cow<'_, str>, Cow<'_, str>)> = form_urlencoded::parse(body).collect();
        let mut at_purchase = false;
        let mut return_to = "/".to_owned();
        let mut opted_in = false;
        let mut grants = Purposes {
            answers: true,
            interests: false,
            measurement: false,
        };
        for (key, value) in &fields {
            match key.as_ref() {
                "interests" => grants.interests = value == "yes",
                "measurement" => grants.measurement = value == "yes",
                // `occasion` is the part's name in forms written for the earlier questions.
                "part" => at_purchase = value == "purchase" || value == "occasion",
                "return" => return_to = value.clone().into_owned(),
                "consent" => opted_in = value == "yes",
                _ => {}
            }
        }
        let mut answers = Answers {
            asked: Vec::new(),
            given: Vec::new(),
        };
        for question in config.questions.asked(at_purchase) {
            let Some(key) = Slug::new(&question.key) else {
                continue;
            };
            let mut choices: Vec<Slug> = Vec::new();
            let values = fields
                .iter()
                .filter(|(field, value)| *field == question.key && !value.is_empty());
            for (_, value) in values {
                let choice = Slug::new(value)
                    .filter(|_| question.choice(value).is_some())
                    .ok_or_else(|| RequestError::UnknownChoice {
                        field: question.key.clone(),
                    })?;
                if !choices.contains(&choice) {
                    choices.push(choice);
                }
                if choices.len() > usize::from(question.max_picked()) {
                    return Err(RequestError::TooManyChoices {
                        field: question.key.clone(),
                        max: usize::from(question.max_picked()),
                    });
                }
            }
            if !choices.is_empty() {
                answers.given.push(Answer {
                    question: key.clone(),
                    choices,
                    interests: question.interests,
                });
            }
            answers.asked.push(key);
        }
        Ok(PreferenceForm {
            answers,
            return_to,
            opted_in,
            grants,
        })
    }

    /// The same-site path to go back to ([`safe_return_path`] of what the form asked).
    pub fn return_path(&self) -> String {
        safe_return_path(&self.return_to)
    }

    /// Applies the answers to `profile` on `today`. Answering is an explicit choice to be
    /// personalized, so it records that consent.
    pub fn apply(self, profile: &mut Profile, today: Day) {
        profile.consent = profile::Consent::Personalization;
        let asked: Vec<&str> = self.answers.asked.iter().map(Slug::as_str).collect();
        profile.set_answers(&asked, self.answers.given, today);
    }
}

/// The language a page asks for in its URL's `lang` query parameter: the privacy centre's
/// page passes its own `<html lang>` when it asks for the report, which has no page of its
/// own to read it from.
pub fn language_asked(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "lang")
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty() && value.len() <= 35)
}

/// Parses the body of `POST /__pz/signal`: `kind` (wishlist, cart, purchase or dwell),
/// `keys` (comma-separated keys of what it was about) and `value`: for purchases the total,
/// for dwell the visible seconds on the page so far, with `from` the seconds reported
/// before for the same page view (0 when absent).
pub fn parse_signal(body: &[u8]) -> Result<Signal, RequestError> {
    if body.len() > MAX_FORM_BYTES {
        return Err(RequestError::BodyTooLarge {
            max: MAX_FORM_BYTES,
        });
    }
    let mut kind = None;
    let mut keys = Vec::new();
    let mut value = None;
    let mut from = 0.0;
    let number = |text: &str, field: &'static str| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or(RequestError::UnknownChoice {
                field: field.to_owned(),
            })
    };
    for (key, text) in form_urlencoded::parse(body) {
        match key.as_ref() {
            "kind" => kind = Some(text.into_owned()),
            "keys" => keys = view_keys(&text),
            "value" => value = Some(number(&text, "value")?),
            "from" => from = number(&text, "from")?,
            _ => {}
        }
    }
    match kind.as_deref() {
        Some("wishlist") => Ok(Signal::Wishlist(keys)),
        Some("cart") => Ok(Signal::Cart(keys)),
        Some("purchase") => Ok(Signal::Purchase {
            keys,
            value: value.unwrap_or(f64::NAN),
        }),
        Some("dwell") => Ok(Signal::Dwell {
            keys,
            seconds: value.ok_or(RequestError::UnknownChoice {
                field: "value".to_owned(),
            })?,
            from,
        }),
        _ => Err(RequestError::UnknownChoice {
            field: "kind".to_owned(),
        }),
    }
}

/// The privacy centre's purpose choices (`POST /__pz/purposes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposesForm {
    /// `interests` and `measurement`: `yes` grants; anything else or absent, as an
    /// unticked checkbox sends, withdraws. Stated answers are the basis of every profile
    /// and stay granted.
    pub purposes: Purposes,
    /// `return`: the path the form asks to go back to, as sent; only
    /// [`PurposesForm::return_path`] may be followed.
    pub return_to: String,
}

impl PurposesForm {
    /// Parses an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Result<PurposesForm, RequestError> {
        if body.len() > MAX_FORM_BYTES {
            return Err(RequestError::BodyTooLarge {
                max: MAX_FORM_BYTES,
            });
        }
        let mut form = PurposesForm {
            purposes: Purposes::ANSWERS,
            return_to: "/".to_owned(),
        };
        for (key, value) in form_urlencoded::parse(body) {
            match key.as_ref() {
                "interests" => form.purposes.interests = value == "yes",
                "measurement" => form.purposes.measurement = value == "yes",
                "return" => form.return_to = value.into_owned(),
                _ => {}
            }
        }
        Ok(form)
    }

    /// The same-site path to go back to ([`safe_return_path`] of what the form asked).
    pub fn return_path(&self) -> String {
        safe_return_path(&self.return_to)
    }
}

/// Parses the body of `POST /__pz/pause`: `paused` (`yes` pauses, `no` resumes) and
/// `return` (the same-site path to go back to). Returns whether to pause, and the path.
pub fn parse_pause(body: &[u8]) -> Result<(bool, String), RequestError> {
    if body.len() > MAX_FORM_BYTES {
        return Err(RequestError::BodyTooLarge {
            max: MAX_FORM_BYTES,
        });
    }
    let mut paused = None;
    let mut return_to = "/".to_owned();
    for (key, value) in form_urlencoded::parse(body) {
        match (key.as_ref(), value.as_ref()) {
            ("paused", "yes") => paused = Some(true),
            ("paused", "no") => paused = Some(false),
            ("paused", _) => {
                return Err(RequestError::UnknownChoice {
                    field: "paused".to_owned(),
                })
            }
            ("return", path) => return_to = safe_return_path(path),
            _ => {}
        }
    }
    let paused = paused.ok_or(RequestError::UnknownChoice {
        field: "paused".to_owned(),
    })?;
    Ok((paused, return_to))
}

/// Parses the body of `POST /__pz/viewed`: `remove` (the catalog id of the recently
/// viewed item to remove) and `return` (the same-site path to go back to). Returns the id
/// and the path.
pub fn parse_viewed_removal(body: &[u8]) -> Result<(Slug, String), RequestError> {
    if body.len() > MAX_FORM_BYTES {
        return Err(RequestError::BodyTooLarge {
            max: MAX_FORM_BYTES,
        });
    }
    let mut item = None;
    let mut return_to = "/".to_owned();
    for (key, value) in form_urlencoded::parse(body) {
        match key.as_ref() {
            "remove" => item = Slug::new(&value),
            "return" => return_to = safe_return_path(&value),
            _ => {}
        }
    }
    let item = item.ok_or(RequestError::UnknownChoice {
        field: "remove".to_owned(),
    })?;
    Ok((item, return_to))
}

/// The keys named by a `data-pz-view` attribute or a signal's `keys` field: valid keys
/// separated by commas or spaces; anything else is ignored.
pub fn view_keys(text: &str) -> Vec<Slug> {
    text.split([',', ' '])
        .filter_map(Slug::new)
        .take(8)
        .collect()
}

/// Only same-site absolute paths are followed; anything else goes home. This keeps the
/// endpoint from being an open redirect. The path is checked after `.` and `..` segments,
/// backslashes and percent-encoded dots are resolved as a browser would, so the final URL
/// is what is checked (`/..//evil.example` would otherwise become `//evil.example`).
pub fn safe_return_path(value: &str) -> String {
    resolved_return_path(value).unwrap_or_else(|| "/".to_owned())
}

fn resolved_return_path(value: &str) -> Option<String> {
    const BASE: &str = "https://shop.invalid/";
    if !value.starts_with('/') || value.len() > 512 || !value.bytes().all(|b| b.is_ascii_graphic())
    {
        return None;
    }
    let base = url::Url::parse(BASE).ok()?;
    let url = base.join(value).ok()?;
    if url.scheme() != "https" || url.host_str() != Some("shop.invalid") || url.port().is_some() {
        return None;
    }
    let resolved = &url[url::Position::BeforePath..url::Position::AfterQuery];
    let is_safe = resolved.starts_with('/')
        && !resolved.starts_with("//")
        && !resolved.starts_with("/\\")
        && !resolved.starts_with(RESERVED_PREFIX);
    is_safe.then(|| resolved.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::from_json("t.json", r#"{"questions":{"crafts":["ceramics","glass"]}}"#)
            .expect("valid config")
    }

    #[test]
    fn the_pause_form_needs_a_clear_choice_and_returns_only_same_site() {
        assert_eq!(
            parse_pause(b"paused=yes&return=/privacy/"),
            Ok((true, "/privacy/".to_owned()))
        );
        assert_eq!(
            parse_pause(b"paused=no&return=//evil.example/"),
            Ok((false, "/".to_owned()))
        );
        assert!(parse_pause(b"paused=maybe").is_err());
        assert!(parse_pause(b"return=/").is_err());
        assert_eq!(Route::of("POST", "/__pz/pause"), Route::Pause);
        assert_eq!(Route::of("POST", "/__pz/viewed"), Route::ForgetViewed);
        assert!(Route::ForgetViewed.changes_profile());
        assert_eq!(
            parse_viewed_removal(b"remove=cer-001&return=%2Fprivacy%2F"),
            Ok((Slug::new("cer-001").expect("key"), "/privacy/".to_owned()))
        );
        assert_eq!(
            parse_viewed_removal(b"remove=%3Cb%3E"),
            Err(RequestError::UnknownChoice {
                field: "remove".to_owned(),
            })
        );
    }

    #[test]
    fn crawlers_are_recognised_and_browsers_are_not() {
        for bot in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "curl/8.5.0",
            "",
        ] {
            assert!(is_bot(Some(bot), false), "{bot}");
        }
        assert!(is_bot(None, false));
        let chrome_ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert!(is_bot(Some(chrome_ua), true), "the platform's verdict wins");
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
        for browser in [chrome, safari, firefox, edge, android] {
            assert!(!is_bot(Some(browser), false), "{browser}");
        }
    }

    #[test]
    fn finds_the_profile_cookie_among_others() {
        assert_eq!(cookie_value("a=1; pz=AQ; b=2", "pz"), Some("AQ"));
        assert_eq!(cookie_value("apz=1", "pz"), None);
    }

    fn slug(key: &str) -> Slug {
        Slug::new(key).expect("slug")
    }

    #[test]
    fn the_form_accepts_only_offered_answers() {
        let form = PreferenceForm::parse(b"for=gift&craft=glass&return=%2Fshop", &config())
            .expect("valid form");
        assert_eq!(
            form.answers,
            Answers {
                asked: vec![slug("for"), slug("craft")],
                given: vec![
                    Answer {
                        question: slug("for"),
                        choices: vec![slug("gift")],
                        interests: false,
                    },
                    Answer {
                        question: slug("craft"),
                        choices: vec![slug("glass")],
                        interests: true,
                    },
                ],
            }
        );
        assert_eq!(form.return_path(), "/shop");
        let hostile = PreferenceForm::parse(b"return=%2F..%2F%2Fevil.example", &config())
            .expect("valid form");
        assert_eq!(hostile.return_path(), "/");
        assert_eq!(
            PreferenceForm::parse(b"craft=plutonium", &config()),
            Err(RequestError::UnknownChoice {
                field: "craft".to_owned(),
            })
        );
    }

    #[test]
    fn return_paths_never_leave_the_site() {
        for hostile in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "javascript:x",
            "/a b",
            "/..//evil.example",
            "/./..//evil.example/x",
            "/%2e%2e//evil.example",
            "/a/..//evil.example",
            "/\\\\evil.example",
            "/..\\/evil.example",
            "/x/../__pz/forget",
        ] {
            let path = safe_return_path(hostile);
            assert_eq!(path, "/", "{hostile}");
        }
        assert_eq!(safe_return_path("/a/./b/../c?x=1"), "/a/c?x=1");
        assert_eq!(safe_return_path("/category/all/"), "/category/all/");
    }

    #[test]
    fn the_profile_cookie_is_stripped_and_others_kept() {
        assert_eq!(
            without_profile_cookie("a=1; pz=AQID; b=2", "pz").as_deref(),
            Some("a=1; b=2")
        );
        assert_eq!(without_profile_cookie("pz=AQID", "pz"), None);
        assert_eq!(
            without_profile_cookie("pzz=1;pz=x", "pz").as_deref(),
            Some("pzz=1")
        );
    }

    #[test]
    fn joined_cookie_headers_are_split_into_their_pairs() {
        // Two `Cookie` headers arrive as one, joined by ", ".
        assert_eq!(cookie_value("a=1, pz=V", "pz"), Some("V"));
        assert_eq!(
            cookie_pairs(" a=1 ;; b=x, y; c=3, d=4 ;").collect::<Vec<_>>(),
            ["a=1", "b=x, y", "c=3", "d=4"]
        );
        assert_eq!(
            without_profile_cookie("a=1, pz=V", "pz").as_deref(),
            Some("a=1")
        );
        assert_eq!(
            without_profile_cookie("a=1; b=x, y, pz=V; c=3", "pz").as_deref(),
            Some("a=1; b=x, y; c=3")
        );
        assert_eq!(without_profile_cookie("pz=V, pz=W", "pz"), None);
        assert_eq!(
            without_profile_cookie("list=a, b", "pz").as_deref(),
            Some("list=a, b")
        );
    }

    #[test]
    fn only_the_shops_own_pages_may_change_a_profile() {
        let own = "https://shop.example";
        let from = |fetch_site, origin, referer| RequestSource {
            fetch_site,
            origin,
            referer,
            own_origin: own,
            automated: false,
        };
        let refused = |source| endpoint_refusal(Route::SetPreferences, source);
        assert_eq!(refused(from(Some("same-origin"), None, None)), None);
        assert_eq!(refused(from(None, Some(own), None)), None);
        assert_eq!(
            refused(from(None, None, Some("https://shop.example/privacy/"))),
            None
        );
        for hostile in [
            from(Some("cross-site"), Some(own), None),
            from(Some("same-site"), None, None),
            from(Some("none"), None, None),
            from(None, Some("https://evil.example"), None),
            from(None, Some("null"), None),
            from(None, None, Some("https://shop.example.evil.example/")),
            from(None, None, None),
        ] {
            assert_eq!(refused(hostile), Some(RequestError::CrossSite));
        }
        let bot = RequestSource {
            automated: true,
            ..from(Some("same-origin"), None, None)
        };
        assert_eq!(refused(bot), Some(RequestError::Automated));
        // Reading what is stored changes nothing.
        assert_eq!(
            endpoint_refusal(Route::ShowProfile, from(None, None, None)),
            None
        );
    }
}
