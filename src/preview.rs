//! Preview links: a merchandiser looks at a variant on the live site before shoppers do.
//!
//! `shelfwise preview-link` signs what the page should show — forced variants, segments,
//! answers, experiment arms, a day — and an expiry, with HMAC-SHA256 and the worker's secret
//! (`SHELFWISE_PREVIEW_SECRET`, set with `wrangler secret put`, never in the config). The
//! worker shows a page opened with a valid token exactly that way, with a visible banner,
//! never writing a cookie, never cached, marked `data-pz-preview` so analytics can drop it,
//! and left out of the counts log. An expired, tampered or foreign token is ignored: the
//! normal page, with the reason in the trace header.

use crate::config::Config;
use crate::day::Day;
use crate::decide::PagePlan;
use crate::escape::push_escaped;
use crate::profile::Profile;
use crate::request::PreferenceForm;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::rc::Rc;
use thiserror::Error;

/// The query parameter that carries a preview token.
pub const PREVIEW_PARAM: &str = "pz-preview";

/// Longest token read; anything longer is refused unread.
const MAX_TOKEN_LEN: usize = 4096;

/// What a preview link shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preview {
    /// Slot → the variant it shows.
    #[serde(default, rename = "v", skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, String>,
    /// Segments the visitor counts as being in.
    #[serde(default, rename = "s", skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<String>,
    /// Answers as a preference form sends them (`for=gift&craft=glass`).
    #[serde(default, rename = "a", skip_serializing_if = "String::is_empty")]
    pub answers: String,
    /// Experiment → the arm shown.
    #[serde(default, rename = "x", skip_serializing_if = "BTreeMap::is_empty")]
    pub arms: BTreeMap<String, String>,
    /// The day the page is decided for, instead of today.
    #[serde(default, rename = "d", skip_serializing_if = "Option::is_none")]
    pub today: Option<Day>,
    /// When the link stops working, in seconds since the Unix epoch.
    #[serde(rename = "e")]
    pub expires: u64,
}

/// Why a preview token was ignored (the normal page is served).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PreviewRefusal {
    /// The worker has no preview secret.
    #[error("previews are off (no SHELFWISE_PREVIEW_SECRET)")]
    NoSecret,
    /// Not a token of the documented shape.
    #[error("malformed token")]
    Malformed,
    /// Signed with another secret, or changed after signing.
    #[error("bad signature")]
    BadSignature,
    /// Past its expiry.
    #[error("expired")]
    Expired,
}

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8]) -> Option<HmacSha256> {
    <HmacSha256 as Mac>::new_from_slice(secret).ok()
}

impl Preview {
    /// The token for this preview: the payload and its HMAC-SHA256, both base64url.
    pub fn sign(&self, secret: &[u8]) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default());
        let signature = mac(secret)
            .map(|mut mac| {
                mac.update(payload.as_bytes());
                URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
            })
            .unwrap_or_default();
        format!("{payload}.{signature}")
    }

    /// The preview a token carries, when its signature is the secret's and it has not
    /// expired at `now` (seconds since the Unix epoch). The signature is checked in constant
    /// time before anything in the payload is read.
    pub fn verify(token: &str, secret: Option<&[u8]>, now: u64) -> Result<Preview, PreviewRefusal> {
        let secret = secret
            .filter(|secret| !secret.is_empty())
            .ok_or(PreviewRefusal::NoSecret)?;
        if token.len() > MAX_TOKEN_LEN {
            return Err(PreviewRefusal::Malformed);
        }
        let (payload, signature) = token.split_once('.').ok_or(PreviewRefusal::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| PreviewRefusal::Malformed)?;
        let mut mac = mac(secret).ok_or(PreviewRefusal::NoSecret)?;
        mac.update(payload.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| PreviewRefusal::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| PreviewRefusal::Malformed)?;
        let preview: Preview =
            serde_json::from_slice(&json).map_err(|_| PreviewRefusal::Malformed)?;
        if preview.expires <= now {
            return Err(PreviewRefusal::Expired);
        }
        Ok(preview)
    }

    /// The page plan the preview shows for `config`, on its day or else `today`.
    pub fn plan(&self, config: Rc<Config>, today: Day) -> PagePlan {
        let day = self.today.unwrap_or(today);
        let mut profile = Profile::new(day, crate::profile::Purposes::ALL);
        if let Ok(form) = PreferenceForm::parse(self.answers.as_bytes(), &config) {
            form.apply(&mut profile, day);
        }
        PagePlan::preview(
            config,
            &profile,
            day,
            &self.segments,
            &self.variants,
            &self.arms,
        )
    }

    /// The banner shown at the top of a preview page: what is forced, and a link to the
    /// normal page (`normal_path`, the page's path and query without the token). Every value
    /// is escaped.
    pub fn banner(&self, normal_path: &str) -> String {
        let mut forced: Vec<String> = self
            .variants
            .iter()
            .map(|(slot, variant)| format!("{slot} \u{2192} {variant}"))
            .collect();
        forced.extend(self.segments.iter().map(|s| format!("segment {s}")));
        forced.extend(self.arms.iter().map(|(e, a)| format!("{e}: {a}")));
        if !self.answers.is_empty() {
            forced.push(format!("answers {}", self.answers));
        }
        if let Some(day) = self.today {
            forced.push(format!("as on {}", day.to_iso()));
        }
        let mut out = String::from(
            "<div data-pz-preview-banner role=\"status\" style=\"position:sticky;top:0;z-index:9999;padding:.5em;background:#111;color:#fff\">Preview: ",
        );
        push_escaped(&mut out, &forced.join(" \u{b7} "));
        out.push_str(" \u{2014} <a style=\"color:#fff\" href=\"");
        push_escaped(&mut out, normal_path);
        out.push_str("\">see the normal page</a></div>");
        out
    }
}

/// The page's path and query without the preview token, for the banner's link.
pub fn normal_path(path: &str, query: Option<&str>) -> String {
    let kept: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(PREVIEW_PARAM))
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"a long random secret";

    fn preview() -> Preview {
        Preview {
            variants: [("hero".to_owned(), "gifts".to_owned())].into(),
            answers: "craft=glass".to_owned(),
            expires: 2_000_000_000,
            ..Preview::default()
        }
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let token = preview().sign(SECRET);
        assert_eq!(
            Preview::verify(&token, Some(SECRET), 1_900_000_000),
            Ok(preview())
        );
        assert_eq!(
            Preview::verify(&token, Some(SECRET), 2_000_000_000),
            Err(PreviewRefusal::Expired)
        );
    }

    #[test]
    fn a_tampered_foreign_or_malformed_token_is_refused() {
        let token = preview().sign(SECRET);
        assert_eq!(
            Preview::verify(&token, Some(b"another secret"), 0),
            Err(PreviewRefusal::BadSignature)
        );
        let (payload, signature) = token.split_once('.').expect("two parts");
        let mut forged = preview();
        forged.expires = u64::MAX;
        let forged_payload = forged.sign(SECRET);
        let forged_payload = forged_payload.split_once('.').expect("two parts").0;
        assert_ne!(forged_payload, payload);
        assert_eq!(
            Preview::verify(&format!("{forged_payload}.{signature}"), Some(SECRET), 0),
            Err(PreviewRefusal::BadSignature)
        );
        assert_eq!(
            Preview::verify("nonsense", Some(SECRET), 0),
            Err(PreviewRefusal::Malformed)
        );
        assert_eq!(
            Preview::verify(&token, None, 0),
            Err(PreviewRefusal::NoSecret)
        );
        assert_eq!(
            Preview::verify(&token, Some(b""), 0),
            Err(PreviewRefusal::NoSecret)
        );
    }

    #[test]
    fn the_banner_escapes_what_it_names_and_links_the_normal_page() {
        let mut preview = preview();
        preview.segments.push("<b>".to_owned());
        let banner = preview.banner(&normal_path("/a\"b", Some("x=1&pz-preview=t&y=2")));
        assert!(banner.contains("hero \u{2192} gifts"));
        assert!(banner.contains("segment &lt;b&gt;"));
        assert!(banner.contains("href=\"/a&quot;b?x=1&amp;y=2\""));
        assert!(!banner.contains("<b>"));
    }

    #[test]
    fn the_plan_shows_the_forced_variant_to_someone_who_does_not_qualify() {
        let config = Rc::new(
            Config::from_json(
                "t.json",
                r#"{ "questions": { "crafts": ["glass"] },
                     "slots": { "hero": [ { "variant": "gifts", "when": { "shopping_for": ["gift"] } } ],
                                "story": [ { "variant": "glass-story", "when": { "loves": "glass" } } ] } }"#,
            )
            .expect("valid config"),
        );
        let plan = preview().plan(config, Day(2518));
        let shown = |slot: &str| plan.slot_decision(slot).map(|d| d.variant.clone());
        assert_eq!(shown("hero").as_deref(), Some("gifts"));
        assert_eq!(
            shown("story").as_deref(),
            Some("glass-story"),
            "from the answers"
        );
        assert_eq!(plan.capped_variants().count(), 0);
    }
}
