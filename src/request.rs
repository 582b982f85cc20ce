//! What to do with an incoming request, independent of the runtime it arrives in.
//!
//! The edge adapter translates the platform's request into these plain values and the
//! answers back into a response; every rule lives here so each adapter behaves the same.

use crate::config::Config;
use crate::day::Day;
use crate::errors::RequestError;
use crate::profile::{self, Profile, ShoppingFor, Slug, MAX_STATED_CRAFTS};

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
    /// Any other path under the reserved prefix.
    UnknownEndpoint,
    /// Everything else goes to the origin.
    Origin,
}

impl Route {
    /// Classifies a request by method and path.
    pub fn of(method: &str, path: &str) -> Route {
        match (method, path.strip_prefix(RESERVED_PREFIX)) {
            (_, None) => Route::Origin,
            ("POST", Some("prefs")) => Route::SetPreferences,
            ("POST", Some("forget")) => Route::Forget,
            _ => Route::UnknownEndpoint,
        }
    }
}

/// True for requests whose response may be personalized: page loads (`GET`) that accept HTML.
/// Everything else is forwarded and answered untouched.
pub fn wants_personalization(method: &str, accept: Option<&str>) -> bool {
    method == "GET" && accept.is_none_or(|a| a.contains("text/html") || a.contains("*/*"))
}

/// True when an origin response can be personalized: a `200` with an HTML body. (The
/// platform hands the worker decoded bodies, so compression does not matter here.)
pub fn is_personalizable_response(status: u16, content_type: Option<&str>) -> bool {
    status == 200
        && content_type
            .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"))
}

/// Finds the value of cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key.trim() == name).then(|| value.trim().trim_matches('"'))
    })
}

/// The profile carried by a request's `Cookie` header, if there is a usable one. A cookie
/// that fails to decode is ignored: the shopper simply gets the unpersonalized page.
pub fn profile_from_cookie_header(header: Option<&str>, config: &Config) -> Option<Profile> {
    let value = cookie_value(header?, &config.cookie.name)?;
    profile::decode(value).ok()
}

/// A `Set-Cookie` header value storing `profile` for the configured retention.
pub fn set_cookie(config: &Config, profile: &Profile, secure: bool) -> String {
    let max_age = u32::from(config.cookie.max_age_days) * 86_400;
    cookie_header(
        &config.cookie.name,
        &profile::encode(profile),
        max_age,
        secure,
    )
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

/// The answers submitted by the preference form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferenceForm {
    /// `for`: self, gift or unsure; absent when not answered.
    pub shopping_for: Option<ShoppingFor>,
    /// `craft` (repeated): favourite crafts, each offered by the config.
    pub crafts: Vec<Slug>,
    /// `return`: the same-site path to go back to.
    pub return_to: String,
}

impl PreferenceForm {
    /// Parses an `application/x-www-form-urlencoded` body, accepting only offered answers.
    pub fn parse(body: &[u8], config: &Config) -> Result<PreferenceForm, RequestError> {
        if body.len() > MAX_FORM_BYTES {
            return Err(RequestError::BodyTooLarge {
                max: MAX_FORM_BYTES,
            });
        }
        let mut form = PreferenceForm {
            shopping_for: None,
            crafts: Vec::new(),
            return_to: "/".to_owned(),
        };
        for (key, value) in form_urlencoded::parse(body) {
            match key.as_ref() {
                "for" if !value.is_empty() => {
                    form.shopping_for = Some(
                        ShoppingFor::parse(&value)
                            .ok_or(RequestError::UnknownChoice { field: "for" })?,
                    );
                }
                "craft" => {
                    let offered = config.questions.crafts.iter().any(|c| *c == value);
                    let craft = Slug::new(&value)
                        .filter(|_| offered)
                        .ok_or(RequestError::UnknownChoice { field: "craft" })?;
                    if !form.crafts.contains(&craft) {
                        form.crafts.push(craft);
                    }
                    if form.crafts.len() > MAX_STATED_CRAFTS {
                        return Err(RequestError::TooManyChoices {
                            field: "craft",
                            max: MAX_STATED_CRAFTS,
                        });
                    }
                }
                "return" => form.return_to = safe_return_path(&value),
                _ => {}
            }
        }
        Ok(form)
    }

    /// Applies the answers to `profile` (which may be empty) on `today`.
    pub fn apply(self, profile: &mut Profile, today: Day) {
        profile.set_answers(self.shopping_for, self.crafts, today);
    }
}

/// Only same-site absolute paths are followed; anything else goes home. This keeps the
/// endpoint from being an open redirect.
pub fn safe_return_path(value: &str) -> String {
    let is_safe = value.starts_with('/')
        && !value.starts_with("//")
        && !value.starts_with("/\\")
        && !value.starts_with(RESERVED_PREFIX)
        && value.len() <= 512
        && value.bytes().all(|b| b.is_ascii_graphic());
    if is_safe {
        value.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::from_json("t.json", r#"{"questions":{"crafts":["ceramics","glass"]}}"#)
            .expect("valid config")
    }

    #[test]
    fn finds_the_profile_cookie_among_others() {
        assert_eq!(cookie_value("a=1; pz=AQ; b=2", "pz"), Some("AQ"));
        assert_eq!(cookie_value("apz=1", "pz"), None);
    }

    #[test]
    fn the_form_accepts_only_offered_answers() {
        let form = PreferenceForm::parse(b"for=gift&craft=glass&return=%2Fshop", &config())
            .expect("valid form");
        assert_eq!(form.shopping_for, Some(ShoppingFor::Gift));
        assert_eq!(form.return_to, "/shop");
        assert_eq!(
            PreferenceForm::parse(b"craft=plutonium", &config()),
            Err(RequestError::UnknownChoice { field: "craft" })
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
        ] {
            assert_eq!(safe_return_path(hostile), "/");
        }
    }
}
