//! The Cloudflare Worker adapter: translates the platform's request and response types to
//! and from the core. It holds no business logic; every rule lives in [`crate::request`],
//! [`crate::decide`] and [`crate::rewrite`].
//!
//! Fail-open: any problem inside personalization serves the origin's response unchanged.
//! The JavaScript entry (`src/edge/worker.mjs`) adds the last line of defence: if the
//! module itself throws, it fetches the origin directly.

use crate::config::Config;
use crate::day::Day;
use crate::decide::PagePlan;
use crate::request::{self, PreferenceForm, Route};
use crate::rewrite::{PageRewriter, RewriteSettings};
use futures_util::StreamExt;
use std::cell::RefCell;
use std::rc::Rc;
use worker::{
    console_error, event, Context, Env, Fetch, Headers, Method, Request, RequestInit,
    RequestRedirect, Response, Result,
};

/// The config bundled at build time (see `build.rs`).
const BUNDLED_CONFIG: &str = include_str!(concat!(env!("OUT_DIR"), "/site-config.json"));

thread_local! {
    /// The config, parsed and validated once per isolate.
    static CONFIG: RefCell<Option<std::result::Result<Rc<Config>, String>>> = const { RefCell::new(None) };
}

fn config() -> std::result::Result<Rc<Config>, String> {
    CONFIG.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                Config::from_json("bundled site config", BUNDLED_CONFIG)
                    .map(Rc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    })
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let route = Route::of(&req.inner().method(), &req.path());
    match route {
        Route::Origin => serve_page(req, &env).await,
        Route::SetPreferences => set_preferences(req).await,
        Route::Forget => forget(req),
        Route::UnknownEndpoint => Response::error("Unknown Shelfwise endpoint", 404),
    }
}

fn today() -> Day {
    Day::from_unix_millis(js_sys::Date::now())
}

/// Forwards the request to the origin and personalizes the page when everything allows it.
async fn serve_page(req: Request, env: &Env) -> Result<Response> {
    let mut origin = match fetch_origin(&req, env).await {
        Ok(response) => response,
        Err(error) => {
            console_error!("shelfwise: origin unreachable: {error}");
            return Response::error("The shop's server could not be reached.", 502);
        }
    };
    let method = req.inner().method();
    let accept = req.headers().get("accept").ok().flatten();
    if !request::wants_personalization(&method, accept.as_deref()) {
        return Ok(origin);
    }
    let content_type = origin.headers().get("content-type").ok().flatten();
    if !request::is_personalizable_response(origin.status_code(), content_type.as_deref()) {
        return Ok(origin);
    }
    let config = match config() {
        Ok(config) => config,
        Err(error) => {
            console_error!("shelfwise: config rejected, serving pages unchanged: {error}");
            return Ok(origin);
        }
    };
    let cookie_header = req.headers().get("cookie").ok().flatten();
    let Some(profile) = request::profile_from_cookie_header(cookie_header.as_deref(), &config)
    else {
        return Ok(origin);
    };
    let plan = PagePlan::new(config, &profile, today());
    if plan.is_noop() {
        return Ok(origin);
    }
    match personalized(&mut origin, plan) {
        Ok(response) => Ok(response),
        Err(error) => {
            console_error!("shelfwise: personalization skipped: {error}");
            Ok(origin)
        }
    }
}

async fn fetch_origin(req: &Request, env: &Env) -> Result<Response> {
    let base = env.var("ORIGIN")?.to_string();
    let incoming = req.url()?;
    let mut url = worker::Url::parse(&base)?;
    url.set_path(incoming.path());
    url.set_query(incoming.query());

    let mut init = RequestInit::new();
    init.with_method(Method::from(req.inner().method()))
        .with_headers(copy_headers(req.headers()))
        .with_redirect(RequestRedirect::Manual);
    if !matches!(req.inner().method().as_str(), "GET" | "HEAD") {
        if let Some(body) = req.inner().body() {
            init.with_body(Some(body.into()));
        }
    }
    let outbound = Request::new_with_init(url.as_str(), &init)?;
    Fetch::Request(outbound).send().await
}

/// Streams the origin's body through the rewriter. Nothing is awaited here: the body is
/// pulled chunk by chunk as the client reads the response.
fn personalized(origin: &mut Response, plan: PagePlan) -> Result<Response> {
    let body = origin.stream()?;
    let headers = copy_headers(origin.headers());
    // The length changes, and one shopper's page must never be stored for another.
    headers.delete("content-length")?;
    headers.delete("etag")?;
    headers.set("cache-control", "private, max-age=0")?;
    headers.append("vary", "Cookie")?;

    let rewriter = PageRewriter::new(Rc::new(plan), RewriteSettings::default());
    let stream = futures_util::stream::unfold(Some((body, rewriter)), |state| async move {
        let (mut body, mut rewriter) = state?;
        loop {
            let mut out = Vec::new();
            match body.next().await {
                Some(Ok(chunk)) => {
                    rewriter.write(&chunk, &mut out);
                    if !out.is_empty() {
                        return Some((Ok::<Vec<u8>, worker::Error>(out), Some((body, rewriter))));
                    }
                }
                // The origin's body broke off: finish what arrived, as the origin would have.
                Some(Err(error)) => {
                    console_error!("shelfwise: origin body failed: {error}");
                    let _ = rewriter.end(&mut out);
                    return Some((Ok(out), None));
                }
                None => {
                    if let Err(error) = rewriter.end(&mut out) {
                        console_error!("shelfwise: {error}");
                    }
                    return Some((Ok(out), None));
                }
            }
        }
    });
    Ok(Response::from_stream(stream)?
        .with_status(200)
        .with_headers(headers))
}

fn copy_headers(source: &Headers) -> Headers {
    let headers = Headers::new();
    for (name, value) in source.entries() {
        let _ = headers.append(&name, &value);
    }
    headers
}

/// `POST /__pz/prefs`: stores the answers in the cookie and goes back to the page.
async fn set_preferences(mut req: Request) -> Result<Response> {
    let config = match config() {
        Ok(config) => config,
        Err(error) => {
            console_error!("shelfwise: config rejected: {error}");
            return Response::error("Preferences are unavailable right now.", 503);
        }
    };
    let declared_length = req
        .headers()
        .get("content-length")?
        .and_then(|v| v.parse::<usize>().ok());
    if declared_length.is_some_and(|len| len > request::MAX_FORM_BYTES) {
        return Response::error("The form is too large.", 413);
    }
    let body = req.bytes().await.unwrap_or_default();
    let form = match PreferenceForm::parse(&body, &config) {
        Ok(form) => form,
        Err(error) => return Response::error(format!("Bad request: {error}."), 400),
    };
    let cookie_header = req.headers().get("cookie")?;
    let mut profile =
        request::profile_from_cookie_header(cookie_header.as_deref(), &config).unwrap_or_default();
    let return_to = form.return_to.clone();
    form.apply(&mut profile, today());
    let secure = req.url()?.scheme() == "https";
    redirect(
        &req,
        &return_to,
        Some(request::set_cookie(&config, &profile, secure)),
    )
}

/// `POST /__pz/forget`: erases the cookie; the next page is unpersonalized.
fn forget(req: Request) -> Result<Response> {
    let config = config().map_err(worker::Error::RustError)?;
    let secure = req.url()?.scheme() == "https";
    redirect(&req, "/", Some(request::clear_cookie(&config, secure)))
}

fn redirect(req: &Request, path: &str, set_cookie: Option<String>) -> Result<Response> {
    let target = req.url()?.join(path)?;
    let response = Response::redirect_with_status(target, 303)?;
    let headers = copy_headers(response.headers());
    if let Some(cookie) = set_cookie {
        headers.append("set-cookie", &cookie)?;
    }
    headers.set("cache-control", "no-store")?;
    Ok(response.with_headers(headers))
}
