//! The Cloudflare Worker adapter: translates the platform's request and response types to
//! and from the core. It holds no business logic; every rule lives in [`crate::request`],
//! [`crate::profile`], [`crate::decide`] and [`crate::rewrite`].
//!
//! Fail-open: any problem inside personalization serves the origin's response unchanged.
//! The JavaScript entry (`src/edge/worker.mjs`) adds the last line of defence: if the
//! module itself throws, it fetches the origin directly.

use crate::caching;
use crate::config::Config;
use crate::decide::PagePlan;
use crate::errors::RequestError;
use crate::local_only;
use crate::request::{self, PreferenceForm, PrivacySignals, RequestSource, Route};
use crate::rewrite::{NoDecisions, PageExtras, PageRewriter};
use crate::session::Session;
use origin_body::{BoundedReadError, OriginBody};
use std::cell::RefCell;
use std::rc::Rc;
mod origin_body;

use wasm_bindgen::JsValue;

use worker::{
    console_error, event, Context, Env, Fetch, Headers, Method, Request, RequestInit,
    RequestRedirect, Response, Result,
};

/// The config bundled at build time (see `build.rs`).
const BUNDLED_CONFIG: &str = include_str!(concat!(env!("OUT_DIR"), "/site-config.json"));

/// The most of a page read before the response starts, looking for its `data-pz-view`
/// marker (on `<body>` or in the head) so the updated cookie goes out with this page.
const VIEW_MARKER_WINDOW: usize = 64 * 1024;
/// The most of a page read before the response starts while a frequency-capped variant's
/// slot has not been reached yet: the showing is counted only if the page carries the slot
/// within this window (capped content is usually a banner near the top). Kept as small as
/// the view window so pages without the slot are not held back longer.
const CAPPED_SLOT_WINDOW: usize = 64 * 1024;

thread_local! {
    /// The bundled config, parsed and validated once per isolate.
    static BUNDLED: RefCell<Option<std::result::Result<Rc<Config>, String>>> = const { RefCell::new(None) };
    /// The config from the `SHELFWISE_CONFIG` variable, with the JavaScript string it was
    /// parsed from.
    static FROM_VARIABLE: RefCell<Option<(JsValue, Option<Rc<Config>>)>> = const { RefCell::new(None) };
}

fn bundled_config() -> std::result::Result<Rc<Config>, String> {
    BUNDLED.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                Config::from_json("bundled site config", BUNDLED_CONFIG)
                    .map(Rc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    })
}

/// The site config in force, in order of precedence: the `config` key of the
/// `SHELFWISE_KV` namespace (when bound), the `SHELFWISE_CONFIG` variable, the bundled
/// config. A config that fails validation is never applied: the last good one keeps
/// serving and the problem is logged.
async fn config(env: &Env) -> std::result::Result<Rc<Config>, String> {
    if let Some(config) = config_from_kv(env).await {
        return Ok(config);
    }
    config_from_variable(env).map_or_else(bundled_config, Ok)
}

fn config_from_variable(env: &Env) -> Option<Rc<Config>> {
    let variable = env.var("SHELFWISE_CONFIG").ok()?;
    config_from_variable_value(variable.as_ref())
}

/// The config parsed from `value`, the `SHELFWISE_CONFIG` variable's JavaScript string;
/// parsed again only when the text changes. `None` when it is not a string or is rejected.
fn config_from_variable_value(value: &JsValue) -> Option<Rc<Config>> {
    FROM_VARIABLE.with(|cell| {
        let mut cached = cell.borrow_mut();
        // `==` on two JavaScript values is `===`: for strings, the same text, compared on the
        // JavaScript side instead of copying the whole config into wasm on every request.
        if cached.as_ref().is_none_or(|(parsed, _)| parsed != value) {
            let text = value.as_string()?;
            let config = match Config::from_json("SHELFWISE_CONFIG", &text) {
                Ok(config) => Some(Rc::new(config)),
                Err(error) => {
                    console_error!("shelfwise: config rejected, keeping the bundled one: {error}");
                    None
                }
            };
            *cached = Some((value.clone(), config));
        }
        cached.as_ref().and_then(|(_, config)| config.clone())
    })
}

/// How long a config read from KV is used before KV is asked again, unless
/// `CONFIG_KV_TTL_MS` says otherwise.
const DEFAULT_KV_TTL_MS: f64 = 30_000.0;

/// What this isolate last read from KV.
#[derive(Default)]
struct KvConfig {
    /// When KV was last asked (ms since the epoch).
    fetched_at: Option<f64>,
    /// The text last read, to parse only when it changes.
    text: Option<String>,
    /// The last config from KV that passed validation.
    last_good: Option<Rc<Config>>,
}

thread_local! {
    static FROM_KV: RefCell<KvConfig> = RefCell::new(KvConfig::default());
}

async fn config_from_kv(env: &Env) -> Option<Rc<Config>> {
    let kv = env.kv("SHELFWISE_KV").ok()?;
    let ttl = env
        .var("CONFIG_KV_TTL_MS")
        .ok()
        .and_then(|v| v.to_string().parse::<f64>().ok())
        .unwrap_or(DEFAULT_KV_TTL_MS);
    let now = js_sys::Date::now();
    let fresh = FROM_KV.with(|cell| cell.borrow().fetched_at.is_some_and(|at| now - at < ttl));
    if !fresh {
        let read = kv.get("config").text().await;
        FROM_KV.with(|cell| {
            let mut state = cell.borrow_mut();
            state.fetched_at = Some(now);
            match read {
                Ok(Some(text)) if state.text.as_deref() != Some(text.as_str()) => {
                    match Config::from_json("KV SHELFWISE_KV/config", &text) {
                        Ok(config) => state.last_good = Some(Rc::new(config)),
                        Err(error) => console_error!(
                            "shelfwise: config rejected, keeping the last good one: {error}"
                        ),
                    }
                    state.text = Some(text);
                }
                Ok(Some(_)) => {}
                // The key was deleted: back to the variable or the bundled config.
                Ok(None) => {
                    state.text = None;
                    state.last_good = None;
                }
                Err(error) => {
                    console_error!("shelfwise: reading the config from KV failed: {error}")
                }
            }
        });
    }
    FROM_KV.with(|cell| cell.borrow().last_good.clone())
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    #[cfg(feature = "fault-injection")]
    if req.headers().get("x-shelfwise-fault")?.as_deref() == Some("panic") {
        panic!("fault injected by a test");
    }
    let route = Route::of(&req.inner().method(), &req.path());
    let local_only = is_local_only(&env);
    if route == Route::Origin {
        return if local_only {
            serve_local_only(req, &env).await
        } else {
            serve_page(req, &env).await
        };
    }
    if local_only {
        // The profile lives in the browser: no endpoint of ours reads or writes it.
        return endpoint_answer(
            404,
            "Shelfwise runs in local-only mode here: your profile is kept in your browser.",
        );
    }
    if let Some(refusal) = endpoint_refusal(&req, route) {
        return refuse(&refusal);
    }
    let config = match config(&env).await {
        Ok(config) => config,
        Err(error) => {
            console_error!("shelfwise: config rejected: {error}");
            return endpoint_answer(503, "Shelfwise is unavailable right now.");
        }
    };
    match route {
        Route::SetPreferences => set_preferences(req, config).await,
        Route::Forget => forget(&req, &config),
        Route::RecordSignal => record_signal(req, config).await,
        Route::ShowProfile => show_profile(&req, config),
        Route::Pause => pause(req, config).await,
        Route::UnknownEndpoint | Route::Origin => {
            endpoint_answer(404, "Unknown Shelfwise endpoint.")
        }
    }
}

/// A short plain-text answer of a `/__pz/` endpoint, never stored by any cache.
fn endpoint_answer(status: u16, message: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", "text/plain; charset=utf-8")?;
    headers.set("cache-control", caching::ENDPOINT_CACHE_CONTROL)?;
    Ok(Response::ok(message)?
        .with_status(status)
        .with_headers(headers))
}

/// The answer to a request an endpoint refuses: its status and reason, nothing written.
fn refuse(error: &RequestError) -> Result<Response> {
    endpoint_answer(error.status(), &format!("Request refused: {error}."))
}

/// Why `req` may not reach `route`, if it may not: the rule is
/// [`request::endpoint_refusal`]; this only reads the headers it needs.
fn endpoint_refusal(req: &Request, route: Route) -> Option<RequestError> {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let (fetch_site, origin, referer) = (
        header("sec-fetch-site"),
        header("origin"),
        header("referer"),
    );
    let own_origin = req
        .url()
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default();
    request::endpoint_refusal(
        route,
        RequestSource {
            fetch_site: fetch_site.as_deref(),
            origin: origin.as_deref(),
            referer: referer.as_deref(),
            own_origin: &own_origin,
            automated: is_automated(req),
        },
    )
}

/// The body of a request to an endpoint, read no further than [`request::MAX_FORM_BYTES`]:
/// the declared length is checked before anything is read.
async fn form_body(req: &Request) -> std::result::Result<Vec<u8>, RequestError> {
    let too_large = RequestError::BodyTooLarge {
        max: request::MAX_FORM_BYTES,
    };
    let declared = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > request::MAX_FORM_BYTES as u64) {
        return Err(too_large);
    }
    match OriginBody::of_request(req)
        .read_at_most(request::MAX_FORM_BYTES)
        .await
    {
        Ok(body) => Ok(body),
        Err(BoundedReadError::TooLarge) => Err(too_large),
        // A body that broke off is read as far as it came: the form then fails to parse
        // or parses as what arrived, like any short form.
        Err(BoundedReadError::Broken(error)) => {
            console_error!("shelfwise: {error}");
            Ok(Vec::new())
        }
    }
}

/// The profile cookie's name in the config given by `SHELFWISE_CONFIG` (the variable's
/// value, when it is valid) or else the bundled one. `worker.mjs` asks once per isolate in
/// local-only mode, so its fail-open path, which runs without this module, still keeps the
/// cookie from the origin. (A config from KV that renames the cookie is not seen there.)
/// The parsed config is the one requests then use: nothing is parsed twice.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = profileCookieName)]
pub fn profile_cookie_name(config_variable: JsValue) -> String {
    let config = config_from_variable_value(&config_variable).map_or_else(bundled_config, Ok);
    profile_cookie(config.ok().as_deref())
}

/// `SHELFWISE_MODE = "local-only"`: the worker never reads, sets or forwards the profile
/// cookie and the browser package personalizes the page on the device. Anything else
/// (or nothing) is edge mode.
fn is_local_only(env: &Env) -> bool {
    env.var("SHELFWISE_MODE")
        .is_ok_and(|mode| mode.to_string().trim() == "local-only")
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

/// The config for serving a page: a rejected one is logged and the page passes through.
async fn page_config(env: &Env) -> Option<Rc<Config>> {
    config(env)
        .await
        .map_err(|error| {
            console_error!("shelfwise: config rejected, serving pages unchanged: {error}")
        })
        .ok()
}

/// Local-only mode: the origin's page, fetched without the profile cookie, with the browser
/// package added to HTML pages. The same for every shopper, so cache headers stay the
/// origin's (only the length and strong validators change with the body).
async fn serve_local_only(req: Request, env: &Env) -> Result<Response> {
    let shopper_page_load = is_shopper_page_load(&req);
    let config = page_config(env).await;
    let cookie_name = profile_cookie(config.as_deref());
    let origin = match fetch_origin(&req, env, true, Some(&cookie_name)).await {
        Ok(response) => response,
        Err(error) => return error.response(),
    };
    let content_type = origin.headers().get("content-type").ok().flatten();
    let Some(config) = config.filter(|_| {
        shopper_page_load
            && request::is_personalizable_response(origin.status_code(), content_type.as_deref())
    }) else {
        return Ok(origin);
    };
    let module = env
        .var("SHELFWISE_BROWSER_MODULE")
        .map(|v| v.to_string())
        .unwrap_or_else(|_| local_only::DEFAULT_BROWSER_MODULE.to_owned());
    // Item margins stay: the ranking runs in the browser and needs them (docs/privacy.md).
    let rewriter = PageRewriter::with_head_content(
        Rc::new(NoDecisions),
        config.budgets.rewrite_settings(),
        head_snippet(&config, &module),
    );
    everyones_page(&origin, copy_headers(origin.headers()), rewriter)
}

/// The profile cookie's name: the config's, or the default one when no config is usable.
fn profile_cookie(config: Option<&Config>) -> String {
    config.map_or_else(
        || crate::config::CookieSettings::default().name,
        |config| config.cookie.name.clone(),
    )
}

/// The origin's page as everyone gets it, streamed through `rewriter`, which changes its
/// bytes but not its meaning (local-only mode's snippet, removed item margins): `headers`
/// without the length, and with a strong validator made weak. Cache rules stay the origin's.
fn everyones_page(origin: &Response, headers: Headers, rewriter: PageRewriter) -> Result<Response> {
    headers.delete("content-length")?;
    if let Some(etag) = headers.get("etag")?.filter(|tag| !tag.starts_with("W/")) {
        headers.set("etag", &format!("W/{etag}"))?;
    }
    // Taken after the header work: until here the origin's response is untouched.
    let body = OriginBody::of(origin);
    stream_response(
        Vec::new(),
        Some((body, rewriter)),
        headers,
        origin.status_code(),
        None,
    )
}

/// The local-only head snippet of one config and module.
struct Snippet {
    config: Rc<Config>,
    module: String,
    html: String,
}

thread_local! {
    /// The snippet last served: the same for every request until the config or the module
    /// changes.
    static SNIPPET: RefCell<Option<Snippet>> = const { RefCell::new(None) };
}

/// [`local_only::head_snippet`], built once per config and module rather than per request
/// (escaping the config's JSON is the costly part; a copy is cheap).
fn head_snippet(config: &Rc<Config>, module: &str) -> String {
    SNIPPET.with(|cell| {
        let mut cached = cell.borrow_mut();
        match cached.as_ref() {
            Some(s) if Rc::ptr_eq(&s.config, config) && s.module == module => s.html.clone(),
            _ => {
                let html = local_only::head_snippet(config, module);
                *cached = Some(Snippet {
                    config: config.clone(),
                    module: module.to_owned(),
                    html: html.clone(),
                });
                html
            }
        }
    })
}

fn is_https(req: &Request) -> bool {
    req.url().is_ok_and(|url| url.scheme() == "https")
}

/// This request's visit: the facts the session needs, read from the platform — the
/// `Cookie` header (profile and site consent cookies), `Sec-GPC`, the country the platform
/// places the request in, and the time.
fn session_of(req: &Request, config: Rc<Config>) -> Session {
    let cookie = req.headers().get("cookie").ok().flatten();
    let gpc = req
        .headers()
        .get("sec-gpc")
        .ok()
        .flatten()
        .is_some_and(|v| v.trim() == "1");
    let country = req.cf().and_then(|cf| cf.country());
    let today = Session::today(&config, js_sys::Date::now());
    Session::at_edge(
        config,
        today,
        PrivacySignals {
            cookie_header: cookie.as_deref(),
            gpc,
            country: country.as_deref(),
        },
    )
}

/// A `Set-Cookie` value storing the session's profile, when there is one.
fn stored_cookie(req: &Request, session: &Session) -> Option<String> {
    let profile = session.profile()?;
    Some(request::set_cookie(
        session.config(),
        profile,
        is_https(req),
    ))
}

/// Forwards the request to the origin and personalizes the page when everything allows it.
async fn serve_page(req: Request, env: &Env) -> Result<Response> {
    let wants_personalization = is_shopper_page_load(&req);
    let config = page_config(env).await;
    // The profile is read once, before the origin is asked. Without a plan (no profile, or
    // a paused one) the page is everyone's page.
    let shopper = config
        .clone()
        .filter(|_| wants_personalization)
        .map(|config| session_of(&req, config))
        .and_then(|session| Some((session.plan()?, session)));
    // A shopper with a profile must get a full page to personalize, not a 304 for a copy
    // cached before (which would be unpersonalized, or personalized for older answers).
    let revalidate = shopper.is_none();
    // The origin never receives the profile, in either mode.
    let cookie_name = profile_cookie(config.as_deref());
    let origin = match fetch_origin(&req, env, revalidate, Some(&cookie_name)).await {
        Ok(response) => response,
        Err(error) => return error.response(),
    };
    let content_type = origin.headers().get("content-type").ok().flatten();
    let is_page = req.inner().method() == "GET"
        && request::is_personalizable_response(origin.status_code(), content_type.as_deref());
    if !is_page {
        return Ok(origin);
    }
    let Some((plan, session)) = shopper else {
        return Ok(unpersonalized(
            origin,
            config.as_deref(),
            wants_personalization,
        ));
    };
    if !session.page_needs_rewrite(&plan) {
        return Ok(unpersonalized(origin, Some(session.config()), true));
    }
    let trace = session
        .config()
        .debug
        .trace
        .then(|| session.trace_header(&plan))
        .flatten();
    let view = PageView {
        session,
        secure: is_https(&req),
        trace,
        log_counts: env
            .var("SHELFWISE_LOG")
            .is_ok_and(|v| v.to_string().trim() == "counts"),
    };
    match personalized(&origin, plan, view).await {
        Ok(response) => Ok(response),
        Err(error) => {
            console_error!("shelfwise: personalization skipped: {error}");
            Ok(origin)
        }
    }
}

/// An HTML page served as everyone sees it. A page the worker could personalize for a
/// shopper (`could_personalize`) varies on `Cookie`, so the shopper's browser does not
/// reuse it once the profile cookie changes. When the config ranks by margin
/// ([`Config::ranks_by_margin`]) the listing items lose their margins (business data), so
/// the body is streamed through the rewriter; otherwise it is handed on unread. The
/// origin's caching rules stay. On any problem with the headers, the origin's response as
/// it came.
fn unpersonalized(origin: Response, config: Option<&Config>, could_personalize: bool) -> Response {
    let headers = copy_headers(origin.headers());
    if could_personalize {
        let vary = headers.get("vary").ok().flatten();
        if let Some(vary) = caching::vary_with_cookie(vary.as_deref()) {
            if headers.set("vary", &vary).is_err() {
                return origin;
            }
        }
    }
    let Some(config) = config.filter(|config| config.ranks_by_margin()) else {
        return origin.with_headers(headers);
    };
    let extras = PageExtras {
        strip_item_margins: true,
        ..PageExtras::default()
    };
    let rewriter = PageRewriter::with_extras(
        Rc::new(NoDecisions),
        config.budgets.rewrite_settings(),
        extras,
    );
    everyones_page(&origin, headers, rewriter).unwrap_or(origin)
}

/// Why the origin gave no response.
enum OriginError {
    /// No response headers within the limit (milliseconds).
    TimedOut(u64),
    /// The fetch failed (unreachable, refused, misconfigured `ORIGIN`).
    Failed(worker::Error),
}

impl OriginError {
    /// The clear error the shopper gets instead of the page (logged, never the request).
    fn response(self) -> Result<Response> {
        match self {
            OriginError::TimedOut(limit) => {
                console_error!("shelfwise: origin gave no answer within {limit} ms");
                Response::error("The shop's server took too long to answer.", 504)
            }
            OriginError::Failed(error) => {
                console_error!("shelfwise: origin unreachable: {error}");
                Response::error("The shop's server could not be reached.", 502)
            }
        }
    }
}

/// How long the origin may take to start answering, unless `ORIGIN_TIMEOUT_MS` says otherwise.
const DEFAULT_ORIGIN_TIMEOUT_MS: u64 = 10_000;

/// Asks the origin for `req`'s path, within the time limit. `revalidate: false` drops the
/// conditional headers; `strip_cookie` names a cookie the origin must not see.
async fn fetch_origin(
    req: &Request,
    env: &Env,
    revalidate: bool,
    strip_cookie: Option<&str>,
) -> std::result::Result<Response, OriginError> {
    let limit = env
        .var("ORIGIN_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.to_string().parse::<u64>().ok())
        .unwrap_or(DEFAULT_ORIGIN_TIMEOUT_MS);
    let request =
        origin_request(req, env, revalidate, strip_cookie).map_err(OriginError::Failed)?;
    let outbound = Fetch::Request(request);
    let fetch = Box::pin(outbound.send());
    let timeout = worker::Delay::from(std::time::Duration::from_millis(limit));
    let outcome = match futures_util::future::select(fetch, timeout).await {
        futures_util::future::Either::Left((response, _)) => response.map_err(OriginError::Failed),
        futures_util::future::Either::Right(_) => Err(OriginError::TimedOut(limit)),
    };
    outcome
}

fn origin_request(
    req: &Request,
    env: &Env,
    revalidate: bool,
    strip_cookie: Option<&str>,
) -> Result<Request> {
    let base = env.var("ORIGIN")?.to_string();
    let incoming = req.url()?;
    let mut url = worker::Url::parse(&base)?;
    url.set_path(incoming.path());
    url.set_query(incoming.query());

    let headers = copy_headers(req.headers());
    if !revalidate {
        headers.delete("if-none-match")?;
        headers.delete("if-modified-since")?;
    }
    if let (Some(name), Some(cookie)) = (strip_cookie, headers.get("cookie")?) {
        match request::without_profile_cookie(&cookie, name) {
            Some(kept) => headers.set("cookie", &kept)?,
            None => headers.delete("cookie")?,
        }
    }
    let mut init = RequestInit::new();
    init.with_method(Method::from(req.inner().method()))
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual);
    if !matches!(req.inner().method().as_str(), "GET" | "HEAD") {
        if let Some(body) = req.inner().body() {
            init.with_body(Some(body.into()));
        }
    }
    Request::new_with_init(url.as_str(), &init)
}

/// What a personalized page view needs besides the plan: the shopper's session, to record
/// the view in, and how to write the profile back.
struct PageView {
    session: Session,
    secure: bool,
    /// The decision summary, when the config enables `debug.trace`.
    trace: Option<String>,
    /// `SHELFWISE_LOG = "counts"`: log one counts-only line per personalized page.
    log_counts: bool,
}

/// Streams the origin's body through the rewriter. Only the page's head is read before the
/// response starts (to find the view marker); the rest is pulled chunk by chunk as the
/// client reads the response.
async fn personalized(origin: &Response, plan: PagePlan, mut view: PageView) -> Result<Response> {
    let headers = copy_headers(origin.headers());
    // The length changes, and one shopper's page must never be stored for another.
    headers.delete("content-length")?;
    // No validators: a shared cache must not revalidate one shopper's page for another,
    // and the browser must not revalidate it against the unpersonalized original.
    headers.delete("etag")?;
    headers.delete("last-modified")?;
    let cache_control = headers.get("cache-control")?;
    headers.set(
        "cache-control",
        &caching::personalized_cache_control(cache_control.as_deref()),
    )?;
    for shared in caching::SHARED_CACHE_HEADERS {
        headers.delete(shared)?;
    }
    if let Some(vary) = caching::vary_with_cookie(headers.get("vary")?.as_deref()) {
        headers.set("vary", &vary)?;
    }
    if let Some(trace) = &view.trace {
        headers.set("x-shelfwise-trace", trace)?;
    }
    // Taken after the header work: until here an error hands back the origin's response
    // untouched, afterwards its body is being read.
    let mut body = OriginBody::of(origin);

    let capped: Vec<(String, String, u16)> = plan
        .capped_variants()
        .map(|(slot, variant, days)| (slot.to_owned(), variant.to_owned(), days))
        .collect();
    let extras = PageExtras {
        strip_item_margins: true,
        ..PageExtras::default()
    };
    let mut rewriter = PageRewriter::with_extras(
        Rc::new(plan),
        view.session.config().budgets.rewrite_settings(),
        extras,
    );
    let mut head = Vec::new();
    let mut read = 0;
    let mut finished = false;
    let needs_more = |rewriter: &PageRewriter, read: usize| {
        let view_pending = !rewriter.body_started() && read < VIEW_MARKER_WINDOW;
        let caps_pending = read < CAPPED_SLOT_WINDOW
            && capped
                .iter()
                .any(|(slot, _, _)| !rewriter.has_filled_slot(slot));
        view_pending || caps_pending
    };
    while needs_more(&rewriter, read) {
        match body.next().await {
            Some(Ok(chunk)) => {
                read += chunk.len();
                rewriter.write(chunk, &mut head);
            }
            Some(Err(_)) | None => {
                finished = true;
                break;
            }
        }
    }

    let shown_capped = capped
        .iter()
        .filter(|(slot, _, _)| rewriter.has_filled_slot(slot))
        .map(|(_, variant, days)| (variant.as_str(), *days));
    let changed = view
        .session
        .record_view(rewriter.view().as_deref(), shown_capped);
    let log = view.log_counts.then_some(changed);
    if let Some(profile) = view.session.profile().filter(|_| changed) {
        let cookie = request::set_cookie(view.session.config(), profile, view.secure);
        // The origin's body is being read: from here on nothing may fail the response.
        if let Err(error) = headers.append("set-cookie", &cookie) {
            console_error!("shelfwise: profile not updated: {error}");
        }
    }

    let rest = if finished {
        let counts = rewriter.counts();
        let result = rewriter.end(&mut head);
        if let Err(error) = &result {
            console_error!("shelfwise: {error}");
        }
        log_page(log, counts, result.is_err());
        None
    } else {
        Some((body, rewriter))
    };
    stream_response(head, rest, headers, 200, log)
}

/// The counts-only line for a personalized page, when `SHELFWISE_LOG = "counts"`
/// (`log` is then whether the profile was updated).
fn log_page(log: Option<bool>, (slots, listings): (usize, usize), stopped_early: bool) {
    if let Some(profile_updated) = log {
        let line = crate::page_log::PageLog {
            slots_filled: slots,
            listings_reordered: listings,
            profile_updated,
            stopped_early,
        }
        .line();
        worker::console_log!("{line}");
    }
}

/// Output is handed to the platform in pieces of at least this many bytes (a read of the
/// origin's body may bring only a few KiB): every piece crosses from wasm to the JavaScript
/// stream through a promise, which costs far more than copying a few KiB.
const OUTPUT_BATCH: usize = 32 * 1024;

/// A response whose body is `head` followed by the rest of the origin's body streamed
/// through `rewriter`, pulled chunk by chunk as the client reads.
fn stream_response(
    head: Vec<u8>,
    rest: Option<(OriginBody, PageRewriter)>,
    headers: Headers,
    status: u16,
    log: Option<bool>,
) -> Result<Response> {
    let stream = futures_util::stream::unfold((Some(head), rest), move |(head, rest)| async move {
        if let Some(head) = head {
            return Some((Ok::<Vec<u8>, worker::Error>(head), (None, rest)));
        }
        let (mut body, mut rewriter) = rest?;
        let mut out = Vec::with_capacity(OUTPUT_BATCH + 8 * 1024);
        loop {
            match body.next().await {
                Some(Ok(chunk)) => {
                    rewriter.write(chunk, &mut out);
                    if out.len() >= OUTPUT_BATCH {
                        return Some((Ok(out), (None, Some((body, rewriter)))));
                    }
                }
                // The origin's body broke off: finish what arrived, as the origin would have.
                Some(Err(error)) => {
                    console_error!("shelfwise: {error}");
                    let counts = rewriter.counts();
                    let _ = rewriter.end(&mut out);
                    log_page(log, counts, true);
                    return Some((Ok(out), (None, None)));
                }
                None => {
                    let counts = rewriter.counts();
                    let result = rewriter.end(&mut out);
                    if let Err(error) = &result {
                        console_error!("shelfwise: {error}");
                    }
                    log_page(log, counts, result.is_err());
                    return Some((Ok(out), (None, None)));
                }
            }
        }
    });
    Ok(Response::from_stream(stream)?
        .with_status(status)
        .with_headers(headers))
}

/// A mutable copy of `source`, made by the platform in one call (`new Headers(source)`)
/// rather than one crossing per header.
fn copy_headers(source: &Headers) -> Headers {
    source.clone()
}

/// `POST /__pz/prefs`: stores the answers in the cookie and goes back to the page.
async fn set_preferences(req: Request, config: Rc<Config>) -> Result<Response> {
    let form = match form_body(&req)
        .await
        .and_then(|body| PreferenceForm::parse(&body, &config))
    {
        Ok(form) => form,
        Err(error) => return refuse(&error),
    };
    let return_to = form.return_path();
    let mut session = session_of(&req, config);
    if session.set_answers(form, random_u32()).is_err() {
        // Nothing is stored without consent: back to the page, no cookie.
        let response = redirect(&req, &return_to, None)?;
        let headers = copy_headers(response.headers());
        headers.set("x-pz-recorded", "no")?;
        return Ok(response.with_headers(headers));
    }
    redirect(&req, &return_to, stored_cookie(&req, &session).as_deref())
}

/// A random number for a new profile's experiment salt. It only spreads shoppers over
/// experiment arms, so the runtime's `Math.random` is enough.
fn random_u32() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

/// `POST /__pz/forget`: erases the cookie; the next page is unpersonalized.
fn forget(req: &Request, config: &Config) -> Result<Response> {
    redirect(
        req,
        "/",
        Some(&request::clear_cookie(config, is_https(req))),
    )
}

/// `POST /__pz/signal`: records a wishlist, cart or purchase signal in the cookie and
/// answers `204`. Nothing is logged or stored anywhere else; without a profile that allows
/// it nothing is written at all.
async fn record_signal(req: Request, config: Rc<Config>) -> Result<Response> {
    let signal = match form_body(&req)
        .await
        .and_then(|body| request::parse_signal(&body))
    {
        Ok(signal) => signal,
        Err(error) => return refuse(&error),
    };
    let mut session = session_of(&req, config);
    let headers = Headers::new();
    headers.set("cache-control", caching::ENDPOINT_CACHE_CONTROL)?;
    let recorded = session.record_signal(&signal);
    if let Some(cookie) = stored_cookie(&req, &session).filter(|_| recorded) {
        headers.append("set-cookie", &cookie)?;
    }
    // Tells the page whether anything was kept, so it never claims to remember in vain.
    headers.set("x-pz-recorded", if recorded { "yes" } else { "no" })?;
    Ok(Response::empty()?.with_status(204).with_headers(headers))
}

/// `POST /__pz/pause`: pauses or resumes personalization, keeping the answers, and goes
/// back to the page. Without a profile there is nothing to pause and nothing is written.
async fn pause(req: Request, config: Rc<Config>) -> Result<Response> {
    let (paused, return_to) = match form_body(&req)
        .await
        .and_then(|body| request::parse_pause(&body))
    {
        Ok(form) => form,
        Err(error) => return refuse(&error),
    };
    let mut session = session_of(&req, config);
    let cookie = session
        .set_paused(paused)
        .then(|| stored_cookie(&req, &session))
        .flatten();
    redirect(&req, &return_to, cookie.as_deref())
}

/// `GET /__pz/profile`: what is stored, in plain words, as JSON for the privacy centre.
fn show_profile(req: &Request, config: Rc<Config>) -> Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("cache-control", caching::ENDPOINT_CACHE_CONTROL)?;
    Ok(Response::ok(session_of(req, config).report())?.with_headers(headers))
}

fn redirect(req: &Request, path: &str, set_cookie: Option<&str>) -> Result<Response> {
    let target = req.url()?.join(path)?;
    let response = Response::redirect_with_status(target, 303)?;
    let headers = copy_headers(response.headers());
    if let Some(cookie) = set_cookie {
        headers.append("set-cookie", cookie)?;
    }
    headers.set("cache-control", "no-store")?;
    Ok(response.with_headers(headers))
}
