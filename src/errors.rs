//! Every error type of the crate, one enum per area.
//!
//! Errors carry enough context to act on (which cookie byte, which config key), and
//! none of them ever contains profile data, so they are safe to log.

use thiserror::Error;

/// Why a preference cookie value was rejected. A rejected cookie is ignored as a whole:
/// the page is served unpersonalized.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CookieError {
    /// The cookie value is longer than the hard cap, so it is not even decoded.
    #[error("cookie value is {len} characters long, more than the {max}-character cap")]
    TooLong {
        /// Length of the rejected value.
        len: usize,
        /// The cap it exceeded.
        max: usize,
    },
    /// The value is not unpadded base64url.
    #[error("cookie value is not base64url")]
    NotBase64,
    /// The value decoded to nothing.
    #[error("cookie value is empty")]
    Empty,
    /// The first byte names a format version this build does not read.
    #[error("cookie format version {0} is not supported")]
    UnsupportedVersion(u8),
    /// The bytes end in the middle of a field.
    #[error("cookie ends in the middle of {0}")]
    Truncated(&'static str),
    /// Records must appear once each, in increasing tag order.
    #[error("cookie record {tag:#04x} is out of order or repeated")]
    RecordOrder {
        /// The offending record tag.
        tag: u8,
    },
    /// A field holds a value outside its documented range.
    #[error("cookie field {0} holds an invalid value")]
    InvalidValue(&'static str),
    /// A record lists more entries than the format allows.
    #[error("cookie field {field} lists more than {max} entries")]
    TooMany {
        /// The field with too many entries.
        field: &'static str,
        /// The allowed maximum.
        max: usize,
    },
    /// A record's declared length does not match its content.
    #[error("cookie record {tag:#04x} has trailing bytes")]
    TrailingBytes {
        /// The offending record tag.
        tag: u8,
    },
}

/// One problem found while loading a site config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// JSON path of the offending key, e.g. `slots.home-hero[2].when.loves`.
    pub path: String,
    /// What the key should hold.
    pub expected: String,
    /// What it held instead.
    pub found: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "at `{}`: expected {}, found {}",
            self.path, self.expected, self.found
        )
    }
}

/// Why a site config could not be loaded. A config that fails is never applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{file}: cannot read the config: {reason}")]
    Unreadable {
        /// The config's file name.
        file: String,
        /// The operating system's reason.
        reason: String,
    },
    /// No config was given: the worker's entry handed none over, and no variable or store
    /// holds one. Pages pass through unchanged.
    #[error("no site config: the worker's entry hands none over, and neither SHELFWISE_CONFIG nor SHELFWISE_KV holds one")]
    Missing,
    /// The text is not JSON of the expected shape, or its values break the rules.
    #[error("{file}: {} problem(s) in the config:\n{}", problems.len(), render_problems(problems))]
    Invalid {
        /// The config's file name.
        file: String,
        /// Every problem found: values of the wrong shape first, then broken rules.
        problems: Vec<ConfigProblem>,
    },
}

fn render_problems(problems: &[ConfigProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a profile could not be built from a request to one of the reserved endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RequestError {
    /// A form field holds a value the site does not offer.
    #[error("form field `{field}` holds a value that is not offered")]
    UnknownChoice {
        /// The form field's name.
        field: String,
    },
    /// More values than allowed were submitted for a field.
    #[error("form field `{field}` accepts at most {max} values")]
    TooManyChoices {
        /// The form field's name.
        field: String,
        /// The allowed maximum.
        max: usize,
    },
    /// The request body is larger than the endpoint accepts.
    #[error("request body is larger than {max} bytes")]
    BodyTooLarge {
        /// The allowed maximum.
        max: usize,
    },
    /// A state-changing request came from another site (or did not say where it came
    /// from): only the shop's own pages may change a shopper's profile.
    #[error("only the shop's own pages may change your preferences")]
    CrossSite,
    /// A crawler or other automated client asked to change a profile: none is kept for it.
    #[error("no profile is kept for automated clients")]
    Automated,
}

impl RequestError {
    /// The HTTP status an endpoint answers this error with.
    pub fn status(&self) -> u16 {
        match self {
            RequestError::UnknownChoice { .. } | RequestError::TooManyChoices { .. } => 400,
            RequestError::BodyTooLarge { .. } => 413,
            RequestError::CrossSite | RequestError::Automated => 403,
        }
    }
}

/// Why the streaming rewriter stopped personalizing. The page itself is never lost: the
/// rewriter passes the rest of the input through unchanged.
#[derive(Debug, Clone, Error)]
#[non_exhaustive]
pub enum RewriteError {
    /// The HTML parser gave up (a memory budget, a handler error), kept as lol_html
    /// reported it; shared, so the error can be cloned.
    #[error("HTML rewriting stopped part-way: {0}")]
    Parser(#[source] std::sync::Arc<lol_html::errors::RewritingError>),
}

impl PartialEq for RewriteError {
    /// Two errors are equal when they say the same: lol_html's errors cannot be compared.
    fn eq(&self, other: &RewriteError) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for RewriteError {}
