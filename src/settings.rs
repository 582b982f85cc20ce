//! The worker's settings: its environment variables (`wrangler.toml` `[vars]`), read once
//! per request into typed values with their defaults written once. The worker only hands
//! over how to look a variable up; what each one means, and what a missing or malformed
//! value falls back to, is decided here.

use crate::local_only;

/// Where personalization happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The worker personalizes pages from the profile cookie (the default).
    Edge,
    /// `SHELFWISE_MODE = "local-only"`: the worker never reads, sets or forwards the profile
    /// cookie, and the browser package personalizes the page on the device.
    LocalOnly,
}

/// The worker's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerSettings {
    /// `SHELFWISE_MODE`.
    pub mode: Mode,
    /// `ORIGIN`: the shop's own server; `None` when not set (every origin fetch then fails
    /// with a clear error).
    pub origin: Option<String>,
    /// `ORIGIN_TIMEOUT_MS`: how long the origin may take to start answering.
    pub origin_timeout_ms: u64,
    /// `CONFIG_KV_TTL_MS`: how long a config read from `SHELFWISE_KV` is used before the
    /// store is asked again.
    pub config_refresh_ms: f64,
    /// `SHELFWISE_BROWSER_MODULE`: the script local-only pages load to personalize.
    pub browser_module: String,
    /// `SHELFWISE_LOG = "counts"`: one counts-only line per personalized page.
    pub log_counts: bool,
    /// `SHELFWISE_PREVIEW_SECRET` (a `wrangler secret`): the key preview links are signed
    /// with; without it, preview links are ignored.
    pub preview_secret: Option<PreviewSecret>,
    /// `SHELFWISE_SIGNING_KEY` and `SHELFWISE_SIGNING_KEY_PREVIOUS` (`wrangler secret`s):
    /// the keys profile cookies are signed with; without them no profile earns an offer.
    pub signing_keys: Option<crate::signing::SigningKeys>,
}

/// The preview links' signing key. Its `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct PreviewSecret(pub String);

impl std::fmt::Debug for PreviewSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreviewSecret(…)")
    }
}

/// How long the origin may take to start answering, unless `ORIGIN_TIMEOUT_MS` says
/// otherwise.
pub const DEFAULT_ORIGIN_TIMEOUT_MS: u64 = 10_000;

/// How long a config read from the key-value store is used, unless `CONFIG_KV_TTL_MS` says
/// otherwise.
pub const DEFAULT_CONFIG_REFRESH_MS: f64 = 30_000.0;

impl WorkerSettings {
    /// The settings from `var`, which looks an environment variable up by name. A missing
    /// or malformed value gets its default.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> WorkerSettings {
        let number = |name: &str| var(name).and_then(|v| v.trim().parse::<f64>().ok());
        WorkerSettings {
            mode: match var("SHELFWISE_MODE").as_deref().map(str::trim) {
                Some("local-only") => Mode::LocalOnly,
                _ => Mode::Edge,
            },
            origin: var("ORIGIN").filter(|origin| !origin.trim().is_empty()),
            origin_timeout_ms: var("ORIGIN_TIMEOUT_MS")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(DEFAULT_ORIGIN_TIMEOUT_MS),
            config_refresh_ms: number("CONFIG_KV_TTL_MS")
                .filter(|ms| ms.is_finite() && *ms >= 0.0)
                .unwrap_or(DEFAULT_CONFIG_REFRESH_MS),
            browser_module: var("SHELFWISE_BROWSER_MODULE")
                .unwrap_or_else(|| local_only::DEFAULT_BROWSER_MODULE.to_owned()),
            log_counts: var("SHELFWISE_LOG").is_some_and(|v| v.trim() == "counts"),
            preview_secret: var("SHELFWISE_PREVIEW_SECRET")
                .filter(|secret| !secret.is_empty())
                .map(PreviewSecret),
            signing_keys: crate::signing::SigningKeys::from_vars(&var),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> WorkerSettings {
        WorkerSettings::from_vars(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn nothing_set_means_edge_mode_with_the_defaults() {
        let defaults = settings(&[]);
        assert_eq!(defaults.mode, Mode::Edge);
        assert_eq!(defaults.origin, None);
        assert_eq!(defaults.origin_timeout_ms, DEFAULT_ORIGIN_TIMEOUT_MS);
        assert_eq!(defaults.config_refresh_ms, DEFAULT_CONFIG_REFRESH_MS);
        assert_eq!(defaults.browser_module, local_only::DEFAULT_BROWSER_MODULE);
        assert!(!defaults.log_counts);
    }

    #[test]
    fn each_variable_is_read_and_a_malformed_one_falls_back() {
        let set = settings(&[
            ("SHELFWISE_MODE", " local-only "),
            ("ORIGIN", "https://shop.example"),
            ("ORIGIN_TIMEOUT_MS", "300"),
            ("CONFIG_KV_TTL_MS", "0"),
            ("SHELFWISE_BROWSER_MODULE", "/m.js"),
            ("SHELFWISE_LOG", "counts"),
        ]);
        assert_eq!(set.mode, Mode::LocalOnly);
        assert_eq!(set.origin.as_deref(), Some("https://shop.example"));
        assert_eq!(set.origin_timeout_ms, 300);
        assert_eq!(set.config_refresh_ms, 0.0);
        assert_eq!(set.browser_module, "/m.js");
        assert!(set.log_counts);
        let malformed = settings(&[
            ("SHELFWISE_MODE", "local"),
            ("ORIGIN_TIMEOUT_MS", "soon"),
            ("CONFIG_KV_TTL_MS", "-5"),
            ("SHELFWISE_LOG", "everything"),
        ]);
        assert_eq!(malformed.mode, Mode::Edge);
        assert_eq!(malformed.origin_timeout_ms, DEFAULT_ORIGIN_TIMEOUT_MS);
        assert_eq!(malformed.config_refresh_ms, DEFAULT_CONFIG_REFRESH_MS);
        assert!(!malformed.log_counts);
    }
}
