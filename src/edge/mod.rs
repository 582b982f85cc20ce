//! The Cloudflare Worker adapter: translates the platform's request and response types to
//! and from the core. It holds no shopper rule: who may be personalized, what is recorded
//! and written is the [`Session`]'s; which config is in force is [`crate::config::source`]'s;
//! what caches may keep is [`crate::caching`]'s; what the variables mean is
//! [`crate::settings`]'s. The files here are split by platform concern: reading the config
//! ([`config_source`]), asking the origin ([`origin`]), the endpoints ([`endpoints`]) and
//! streaming pages ([`pages`]).
//!
//! Fail-open: any problem inside personalization serves the origin's response unchanged.
//! The JavaScript request handling (`src/edge/create-worker.mjs`) adds the last line of defence: if the
//! module itself throws, it fetches the origin directly.

mod config_source;
mod endpoints;
mod origin;
mod origin_body;
mod pages;

use crate::caching::HeaderChange;
use crate::config::{Config, CookieSettings};
use crate::context::{VisitContext, VisitFacts};
use crate::request::{self, PrivacySignals, Route};
use crate::session::Session;
use crate::settings::{Mode, WorkerSettings};
use crate::signing::SigningKeys;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use worker::{console_error, event, Context, Env, Headers, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    #[cfg(feature = "fault-injection")]
    if req.headers().get("x-shelfwise-fault")?.as_deref() == Some("panic") {
        panic!("fault injected by a test");
    }
    let settings = WorkerSettings::from_vars(|name| env.var(name).ok().map(|v| v.to_string()));
    let route = Route::of(&req.inner().method(), &req.path());
    let local_only = settings.mode == Mode::LocalOnly;
    if route == Route::Origin {
        if let Some(token) = preview_token(&req) {
            return pages::serve_preview(req, &env, &settings, &token).await;
        }
        return if local_only {
            pages::serve_local_only(req, &env, &settings).await
        } else {
            pages::serve_page(req, &env, &settings).await
        };
    }
    if local_only {
        // The profile lives in the browser: no endpoint of ours reads or writes it.
        return endpoints::endpoint_answer(
            404,
            "Shelfwise runs in local-only mode here: your profile is kept in your browser.",
        );
    }
    if let Some(refusal) = endpoints::endpoint_refusal(&req, route) {
        return endpoints::refuse(&refusal);
    }
    match config_source::config(&env, &settings).await {
        Ok(config) => endpoints::serve(req, route, config, settings.signing_keys.as_ref()).await,
        Err(error) => {
            console_error!("shelfwise: config rejected: {error}");
            endpoints::endpoint_answer(503, "Shelfwise is unavailable right now.")
        }
    }
}

/// The profile cookie's name in the config given by `SHELFWISE_CONFIG` (the variable's
/// value, when it is valid) or else the one the entry handed over. `create-worker.mjs` asks once per isolate, so
/// its fail-open path, which runs without this module, still keeps the cookie from the
/// origin. (A config from KV that renames the cookie is not seen there.) The parsed config
/// is the one requests then use: nothing is parsed twice.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = profileCookieName)]
pub fn profile_cookie_name(config_variable: JsValue) -> String {
    profile_cookie(config_source::variable_or_bundled(&config_variable).as_deref())
}

/// The version of Shelfwise this wasm was built from (the worker package and the CLI print
/// the same).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Called once by the worker's entry (this repository's, or the worker package's), before
/// any request, with the site's config (JSON text) bundled with the entry: the wasm carries
/// none of its own. The `SHELFWISE_CONFIG` variable and the key-value store still take
/// precedence over it.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = setBundledConfig)]
pub fn set_bundled_config(text: String) {
    config_source::hand_over(text);
}

/// The preview token a page request carries (`?pz-preview=…`), if any. Every page request
/// asks, so the URL is parsed only when its text names the parameter at all.
fn preview_token(req: &Request) -> Option<String> {
    let raw = req.inner().url();
    if !raw.contains(crate::preview::PREVIEW_PARAM) {
        return None;
    }
    let url = url::Url::parse(&raw).ok()?;
    url.query_pairs()
        .find(|(name, _)| name == crate::preview::PREVIEW_PARAM)
        .map(|(_, token)| token.into_owned())
}

/// The profile cookie's name: the config's, or the default one when no config is usable.
fn profile_cookie(config: Option<&Config>) -> String {
    config.map_or_else(
        || CookieSettings::default().name,
        |config| config.cookie.name.clone(),
    )
}

/// True for a page load by a shopper's browser: a `GET` that accepts HTML, from neither a
/// known crawler nor a bot the platform has verified.
fn is_shopper_page_load(req: &Request) -> bool {
    let method = req.inner().method();
    let accept = req.headers().get("accept").ok().flatten();
    request::wants_personalization(&method, accept.as_deref()) && !is_automated(req)
}

/// True for crawlers and other automated clients: the platform's verified-bot signal or
/// the user agent ([`request::is_bot`]).
fn is_automated(req: &Request) -> bool {
    let user_agent = req.headers().get("user-agent").ok().flatten();
    let platform_says_bot = req
        .cf()
        .is_some_and(|cf| cf.verified_bot_category().is_some_and(|c| !c.is_empty()));
    request::is_bot(user_agent.as_deref(), platform_says_bot)
}

fn is_https(req: &Request) -> bool {
    req.url().is_ok_and(|url| url.scheme() == "https")
}

/// This request's visit: the facts the session needs, read from the platform — the
/// `Cookie` header (profile and site consent cookies), `Sec-GPC`, the country the platform
/// places the request in, and the time.
fn session_of(req: &Request, config: Rc<Config>, keys: Option<&SigningKeys>) -> Session {
    let cookie = req.headers().get("cookie").ok().flatten();
    let gpc = req
        .headers()
        .get("sec-gpc")
        .ok()
        .flatten()
        .is_some_and(|v| v.trim() == "1");
    let country = req.cf().and_then(|cf| cf.country());
    let today = Session::today(&config, js_sys::Date::now());
    let mut session = Session::at_edge(
        config,
        today,
        PrivacySignals {
            cookie_header: cookie.as_deref(),
            gpc,
            country: country.as_deref(),
        },
        keys,
    );
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let url = req.inner().url();
    session.set_languages(
        request::language_asked(&url).as_deref(),
        header("accept-language").as_deref(),
    );
    if session.wants_context() {
        let (referrer, mobile, agent) = (
            header("referer"),
            header("sec-ch-ua-mobile"),
            header("user-agent"),
        );
        let region = req.cf().and_then(|cf| cf.region_code());
        session.set_context(VisitContext::read(VisitFacts {
            url: &url,
            referrer: referrer.as_deref(),
            country: country.as_deref(),
            region: region.as_deref(),
            mobile_hint: mobile.as_deref(),
            user_agent: agent.as_deref(),
        }));
    }
    session
}

/// A random number for a profile's experiment bucket. It only spreads shoppers over
/// experiment arms, so the runtime's `Math.random` is enough.
fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// A mutable copy of `source`, made by the platform in one call (`new Headers(source)`)
/// rather than one crossing per header.
fn copy_headers(source: &Headers) -> Headers {
    source.clone()
}

/// Applies the core's header changes to `headers`.
fn apply(headers: &Headers, changes: Vec<HeaderChange>) -> Result<()> {
    for change in changes {
        match change {
            HeaderChange::Set(name, value) => headers.set(name, &value)?,
            HeaderChange::Remove(name) => headers.delete(name)?,
        }
    }
    Ok(())
}
