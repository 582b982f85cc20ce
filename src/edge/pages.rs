//! Serving pages: the origin's page for everyone, personalized for a shopper with a
//! profile, or carrying the browser package in local-only mode — always streamed, and
//! always the origin's page when anything goes wrong.

use super::config_source::page_config;
use super::origin::fetch_origin;
use super::origin_body::OriginBody;
use super::{
    apply, copy_headers, is_https, is_shopper_page_load, profile_cookie, random_u32, session_of,
};
use crate::caching;
use crate::config::Config;
use crate::decide::PagePlan;
use crate::local_only::{self, Nonces};
use crate::preview::{normal_path, Preview};
use crate::request;
use crate::rewrite::{NoDecisions, PageExtras, PageRewriter};
use crate::session::Session;
use crate::settings::{Mode, WorkerSettings};
use std::cell::RefCell;
use std::rc::Rc;
use worker::{console_error, Env, Headers, Request, Response, Result};

/// The most of a page read before the response starts, looking for its `data-pz-view`
/// marker (on `<body>` or in the head) so the updated cookie goes out with this page.
const VIEW_MARKER_WINDOW: usize = 64 * 1024;

/// The most of a page read before the response starts while a frequency-capped variant's
/// slot has not been reached yet: the showing is counted only if the page carries the slot
/// within this window (capped content is usually a banner near the top). Kept as small as
/// the view window so pages without the slot are not held back longer.
const CAPPED_SLOT_WINDOW: usize = 64 * 1024;

/// Local-only mode: the origin's page, fetched without the profile cookie, with the browser
/// package added to HTML pages. The same for every shopper, so cache headers stay the
/// origin's (only the length and strong validators change with the body).
pub async fn serve_local_only(
    req: Request,
    env: &Env,
    settings: &WorkerSettings,
) -> Result<Response> {
    let shopper_page_load = is_shopper_page_load(&req);
    let config = page_config(env, settings).await;
    let cookie_name = profile_cookie(config.as_deref());
    let leftover = config.as_deref().and_then(|config| {
        let cookies = req.headers().get("cookie").ok().flatten();
        local_only::leftover_cookie_removal(config, cookies.as_deref(), is_https(&req))
    });
    let origin = match fetch_origin(&req, settings, true, &cookie_name).await {
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
    // Item margins stay: the ranking runs in the browser and needs them (docs/privacy.md).
    // A page with a strict Content-Security-Policy gets the snippet with its own nonces.
    let policy = origin
        .headers()
        .get("content-security-policy")
        .ok()
        .flatten();
    let rewriter = PageRewriter::with_head_content(
        Rc::new(NoDecisions),
        config.budgets.rewrite_settings(),
        head_snippet(
            &config,
            &settings.browser_module,
            &Nonces::of(policy.as_deref()),
        ),
    );
    erasing_cookie(everyones_page(&origin, false, rewriter)?, leftover)
}

/// `page`, with a `Set-Cookie` that erases the profile cookie when there is one to erase
/// (`removal`). Such an answer is this browser's alone: no cache may keep it.
fn erasing_cookie(page: Response, removal: Option<String>) -> Result<Response> {
    let Some(removal) = removal else {
        return Ok(page);
    };
    let headers = copy_headers(page.headers());
    headers.append("set-cookie", &removal)?;
    headers.set("cache-control", "private, no-store")?;
    Ok(page.with_headers(headers))
}

/// The origin's page as everyone gets it, streamed through `rewriter`, which changes its
/// bytes but not its meaning (local-only mode's snippet, removed item margins), with the
/// header changes of [`caching::everyones_page`].
fn everyones_page(
    origin: &Response,
    could_personalize: bool,
    rewriter: PageRewriter,
) -> Result<Response> {
    let headers = copy_headers(origin.headers());
    let changes = caching::everyones_page(header_of(&headers), could_personalize, true);
    apply(&headers, changes)?;
    // Taken after the header work: until here the origin's response is untouched.
    streamed_through(origin, headers, rewriter)
}

/// The origin's body streamed through `rewriter`, with `headers`, unlogged.
fn streamed_through(
    origin: &Response,
    headers: Headers,
    rewriter: PageRewriter,
) -> Result<Response> {
    let body = OriginBody::of(origin);
    stream_response(
        Vec::new(),
        Some((body, rewriter)),
        headers,
        origin.status_code(),
        None,
    )
}

/// Looks a header of `headers` up, for the core's header rules.
fn header_of(headers: &Headers) -> impl Fn(&str) -> Option<String> + '_ {
    |name| headers.get(name).ok().flatten()
}

thread_local! {
    /// The config's data element last served, with the config it was built from: the same
    /// for every request until the config changes.
    static CONFIG_ELEMENT: RefCell<Option<(Rc<Config>, Rc<str>)>> = const { RefCell::new(None) };
}

/// [`local_only::head_snippet`] for this page: the config's data element built once per
/// config rather than per request (escaping the config's JSON is the costly part), and the
/// loader with the page's own nonces.
fn head_snippet(config: &Rc<Config>, module: &str, nonces: &Nonces) -> String {
    let element = CONFIG_ELEMENT.with(|cell| {
        let mut cached = cell.borrow_mut();
        match cached.as_ref() {
            Some((built_for, element)) if Rc::ptr_eq(built_for, config) => element.clone(),
            _ => {
                let element: Rc<str> = local_only::config_element(config).into();
                *cached = Some((config.clone(), element.clone()));
                element
            }
        }
    });
    let mut html = String::from(&*element);
    html.push_str(&local_only::loader(module, nonces));
    html
}

/// A page opened with a preview link. With a valid token: the origin's page (fetched without
/// the profile cookie) showing exactly what the link forces, under a banner, marked
/// `data-pz-preview`, `private, no-store`, with no cookie written and no log line, in either
/// mode. Otherwise the normal page, with why the token was ignored in `x-shelfwise-trace`.
pub async fn serve_preview(
    req: Request,
    env: &Env,
    settings: &WorkerSettings,
    token: &str,
) -> Result<Response> {
    let config = page_config(env, settings).await;
    let now_ms = js_sys::Date::now();
    let secret = settings.preview_secret.as_ref().map(|s| s.0.as_bytes());
    let verdict = Preview::verify(token, secret, (now_ms / 1000.0) as u64);
    let (Some(config), Ok(preview)) = (config, verdict.clone()) else {
        let normal = match settings.mode {
            Mode::LocalOnly => serve_local_only(req, env, settings).await?,
            Mode::Edge => serve_page(req, env, settings).await?,
        };
        let why = verdict
            .err()
            .map_or("no usable config".to_owned(), |e| e.to_string());
        let headers = copy_headers(normal.headers());
        headers.set("x-shelfwise-trace", &format!("preview ignored: {why}"))?;
        return Ok(normal.with_headers(headers));
    };
    let cookie_name = profile_cookie(Some(&config));
    let origin = match fetch_origin(&req, settings, false, &cookie_name).await {
        Ok(response) => response,
        Err(error) => return error.response(),
    };
    let content_type = origin.headers().get("content-type").ok().flatten();
    if req.inner().method() != "GET"
        || !request::is_personalizable_response(origin.status_code(), content_type.as_deref())
    {
        return Ok(origin);
    }
    let url = req.url()?;
    let plan = preview.plan(config.clone(), Session::today(&config, now_ms));
    let extras = PageExtras {
        strip_item_margins: true,
        preview_banner: Some(preview.banner(&normal_path(url.path(), url.query()))),
        ..PageExtras::default()
    };
    let headers = copy_headers(origin.headers());
    apply(&headers, caching::personalized_page(header_of(&headers)))?;
    // A preview is one merchandiser's look: never stored anywhere.
    headers.set("cache-control", "private, no-store")?;
    headers.set("x-shelfwise-trace", "preview")?;
    let rewriter =
        PageRewriter::with_extras(Rc::new(plan), config.budgets.rewrite_settings(), extras);
    streamed_through(&origin, headers, rewriter)
}

/// Forwards the request to the origin and personalizes the page when everything allows it.
pub async fn serve_page(req: Request, env: &Env, settings: &WorkerSettings) -> Result<Response> {
    let wants_personalization = is_shopper_page_load(&req);
    let config = page_config(env, settings).await;
    // The profile is read once, before the origin is asked. Without a plan (no profile, or
    // a paused one) the page is everyone's page.
    let session = config
        .clone()
        .filter(|_| wants_personalization)
        .map(|config| session_of(&req, config, settings.signing_keys.as_ref()));
    // A stored profile that may not be kept (unreadable, past retention, or consent
    // withdrawn on the shop's consent platform) is erased on this page.
    let erase = session
        .as_ref()
        .filter(|session| session.stale())
        .map(|session| request::clear_cookie(session.config(), is_https(&req)));
    let shopper = session.and_then(|session| Some((session.plan()?, session)));
    // A shopper with a profile must get a full page to personalize, not a 304 for a copy
    // cached before (which would be unpersonalized, or personalized for older answers).
    let revalidate = shopper.is_none();
    // The origin never receives the profile, in either mode.
    let cookie_name = profile_cookie(config.as_deref());
    let origin = match fetch_origin(&req, settings, revalidate, &cookie_name).await {
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
        let page = unpersonalized(origin, config.as_deref(), wants_personalization);
        return erasing_cookie(page, erase);
    };
    if !session.page_needs_rewrite(&plan) {
        return erasing_cookie(unpersonalized(origin, Some(session.config()), true), erase);
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
        log_counts: settings.log_counts,
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
    let Some(config) = config.filter(|config| config.ranks_by_margin()) else {
        // The body is handed on unread; without a header to change (a bot's request), the
        // response is the origin's as it came.
        let changes =
            caching::everyones_page(header_of(origin.headers()), could_personalize, false);
        if changes.is_empty() {
            return origin;
        }
        let headers = copy_headers(origin.headers());
        return match apply(&headers, changes) {
            Ok(()) => origin.with_headers(headers),
            Err(_) => origin,
        };
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
    everyones_page(&origin, could_personalize, rewriter).unwrap_or(origin)
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
    // One shopper's page: never stored for another, never looser than the origin's rules.
    apply(&headers, caching::personalized_page(header_of(&headers)))?;
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
    let extras = view.session.page_extras();
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
        .record_view(rewriter.view().as_deref(), shown_capped, random_u32());
    let log = view.log_counts.then_some(changed);
    let cookie = match view.session.profile() {
        Some(_) if changed => view.session.set_cookie(view.secure),
        // A stored profile that may not be kept is erased (a personalized page is never
        // kept by a shared cache).
        None if view.session.stale() => {
            Some(request::clear_cookie(view.session.config(), view.secure))
        }
        _ => None,
    };
    if let Some(cookie) = cookie {
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
