//! Asking the shop's own server: the origin request (the shopper's request to the same
//! path, without the profile cookie), within the time limit, with a clear error for the
//! shopper when the origin cannot answer.

use super::copy_headers;
use crate::request;
use crate::settings::WorkerSettings;
use worker::{
    console_error, Fetch, Method, Request, RequestInit, RequestRedirect, Response, Result,
};

/// Why the origin gave no response.
pub enum OriginError {
    /// No response headers within the limit (milliseconds).
    TimedOut(u64),
    /// The fetch failed (unreachable, refused, misconfigured `ORIGIN`).
    Failed(worker::Error),
}

impl OriginError {
    /// The clear error the shopper gets instead of the page (logged, never the request).
    pub fn response(self) -> Result<Response> {
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

/// Asks the origin for `req`'s path, within `settings`' time limit. `revalidate: false`
/// drops the conditional headers; `profile_cookie` names the cookie the origin never sees.
pub async fn fetch_origin(
    req: &Request,
    settings: &WorkerSettings,
    revalidate: bool,
    profile_cookie: &str,
) -> std::result::Result<Response, OriginError> {
    let limit = settings.origin_timeout_ms;
    let request =
        origin_request(req, settings, revalidate, profile_cookie).map_err(OriginError::Failed)?;
    let outbound = Fetch::Request(request);
    let fetch = Box::pin(outbound.send());
    let timeout = worker::Delay::from(std::time::Duration::from_millis(limit));
    // Bound to a name so the pending fetch is dropped before `outbound`, which it borrows.
    let outcome = match futures_util::future::select(fetch, timeout).await {
        futures_util::future::Either::Left((response, _)) => response.map_err(OriginError::Failed),
        futures_util::future::Either::Right(_) => Err(OriginError::TimedOut(limit)),
    };
    outcome
}

fn origin_request(
    req: &Request,
    settings: &WorkerSettings,
    revalidate: bool,
    profile_cookie: &str,
) -> Result<Request> {
    let base = settings
        .origin
        .as_deref()
        .ok_or_else(|| worker::Error::RustError("the ORIGIN variable is not set".into()))?;
    let incoming = req.url()?;
    let mut url = worker::Url::parse(base)?;
    url.set_path(incoming.path());
    url.set_query(incoming.query());

    let headers = copy_headers(req.headers());
    if !revalidate {
        headers.delete("if-none-match")?;
        headers.delete("if-modified-since")?;
    }
    if let Some(cookie) = headers.get("cookie")? {
        match request::without_profile_cookie(&cookie, profile_cookie) {
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
