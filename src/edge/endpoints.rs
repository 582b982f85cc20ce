//! The endpoints under `/__pz/`: the preference questions, signals, pause and resume,
//! what is stored, and forgetting it. Each one checks where the request comes from and
//! reads its body within the limit, then asks the shopper's [`Session`]; every answer is
//! kept out of caches.

use super::origin_body::{BoundedReadError, OriginBody};
use super::{copy_headers, is_automated, is_https, random_u32, session_of};
use crate::caching;
use crate::config::Config;
use crate::errors::RequestError;
use crate::request::{self, PreferenceForm, PurposesForm, RequestSource, Route};
use crate::session::Session;
use crate::signing::SigningKeys;
use std::rc::Rc;
use worker::{console_error, Headers, Request, Response, Result};

/// Answers `route` for `req`, with the profile cookie checked against the signing `keys`.
/// Requests that may not change a profile are refused before anything is read.
pub async fn serve(
    req: Request,
    route: Route,
    config: Rc<Config>,
    keys: Option<&SigningKeys>,
) -> Result<Response> {
    let session = session_of(&req, config, keys);
    match route {
        Route::SetPreferences => set_preferences(req, session).await,
        Route::Forget => forget(&req, session.config()),
        Route::RecordSignal => record_signal(req, session).await,
        Route::ShowProfile => show_profile(session),
        Route::Pause => pause(req, session).await,
        Route::Purposes => purposes(req, session).await,
        Route::ForgetViewed => forget_viewed(req, session).await,
        Route::UnknownEndpoint | Route::Origin => {
            endpoint_answer(404, "Unknown Shelfwise endpoint.")
        }
    }
}

/// A short plain-text answer of a `/__pz/` endpoint, never stored by any cache.
pub fn endpoint_answer(status: u16, message: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", "text/plain; charset=utf-8")?;
    headers.set("cache-control", caching::ENDPOINT_CACHE_CONTROL)?;
    Ok(Response::ok(message)?
        .with_status(status)
        .with_headers(headers))
}

/// The answer to a request an endpoint refuses: its status and reason, nothing written.
pub fn refuse(error: &RequestError) -> Result<Response> {
    endpoint_answer(error.status(), &format!("Request refused: {error}."))
}

/// Why `req` may not reach `route`, if it may not: the rule is
/// [`request::endpoint_refusal`]; this only reads the headers it needs.
pub fn endpoint_refusal(req: &Request, route: Route) -> Option<RequestError> {
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

/// `POST /__pz/prefs`: stores the answers in the cookie and goes back to the page.
async fn set_preferences(req: Request, mut session: Session) -> Result<Response> {
    let form = match form_body(&req)
        .await
        .and_then(|body| PreferenceForm::parse(&body, session.config()))
    {
        Ok(form) => form,
        Err(error) => return refuse(&error),
    };
    let return_to = form.return_path();
    if session.set_answers(form, random_u32()).is_err() {
        // Nothing is stored without consent: back to the page, no cookie.
        let response = redirect(&req, &return_to, None)?;
        let headers = copy_headers(response.headers());
        headers.set("x-pz-recorded", "no")?;
        return Ok(response.with_headers(headers));
    }
    redirect(&req, &return_to, stored_cookie(&req, &session).as_deref())
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
async fn record_signal(req: Request, mut session: Session) -> Result<Response> {
    let signal = match form_body(&req)
        .await
        .and_then(|body| request::parse_signal(&body))
    {
        Ok(signal) => signal,
        Err(error) => return refuse(&error),
    };
    let headers = Headers::new();
    headers.set("cache-control", caching::ENDPOINT_CACHE_CONTROL)?;
    let recorded = session.record_signal(&signal, random_u32());
    if let Some(cookie) = stored_cookie(&req, &session).filter(|_| recorded) {
        headers.append("set-cookie", &cookie)?;
    }
    // Tells the page whether anything was kept, so it never claims to remember in vain.
    headers.set("x-pz-recorded", if recorded { "yes" } else { "no" })?;
    Ok(Response::empty()?.with_status(204).with_headers(headers))
}

/// `POST /__pz/pause`: pauses or resumes personalization, keeping the answers, and goes
/// back to the page. Without a profile there is nothing to pause and nothing is written.
async fn pause(req: Request, mut session: Session) -> Result<Response> {
    let (paused, return_to) = match form_body(&req)
        .await
        .and_then(|body| request::parse_pause(&body))
    {
        Ok(form) => form,
        Err(error) => return refuse(&error),
    };
    let cookie = session
        .set_paused(paused)
        .then(|| stored_cookie(&req, &session))
        .flatten();
    redirect(&req, &return_to, cookie.as_deref())
}

/// `POST /__pz/purposes`: changes what the profile may be used for and goes back to the
/// page. Without a profile there is nothing to change and nothing is written.
async fn purposes(req: Request, mut session: Session) -> Result<Response> {
    let form = match form_body(&req)
        .await
        .and_then(|body| PurposesForm::parse(&body))
    {
        Ok(form) => form,
        Err(error) => return refuse(&error),
    };
    let return_to = form.return_path();
    let cookie = session
        .set_purposes(form.purposes, random_u32())
        .then(|| stored_cookie(&req, &session))
        .flatten();
    redirect(&req, &return_to, cookie.as_deref())
}

/// `POST /__pz/viewed`: removes one recently viewed item and goes back to the page.
/// Without it in the profile nothing is written.
async fn forget_viewed(req: Request, mut session: Session) -> Result<Response> {
    let (item, return_to) = match form_body(&req)
        .await
        .and_then(|body| request::parse_viewed_removal(&body))
    {
        Ok(form) => form,
        Err(error) => return refuse(&error),
    };
    let cookie = session
        .forget_viewed(item.as_str())
        .then(|| stored_cookie(&req, &session))
        .flatten();
    redirect(&req, &return_to, cookie.as_deref())
}

/// `GET /__pz/profile`: what is stored, in plain words, as JSON for the privacy centre.
fn show_profile(session: Session) -> Result<Response> {
    let headers = Headers::new();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("cache-control", caching::ENDPOINT_CACHE_CONTROL)?;
    Ok(Response::ok(session.report())?.with_headers(headers))
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

/// A `Set-Cookie` value storing the session's profile, when there is one.
fn stored_cookie(req: &Request, session: &Session) -> Option<String> {
    session.set_cookie(is_https(req))
}
