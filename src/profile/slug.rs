//! Short keys from the site's vocabulary (`ceramics`, `gift-guide`).

use serde::{Deserialize, Deserializer, Serialize};

/// Longest key the cookie format stores.
pub const MAX_SLUG_LEN: usize = 24;

/// [`Slug::is_valid`] as a regular expression, for the config's JSON Schema.
pub const KEY_PATTERN: &str = "^[a-z0-9-]{1,24}$";

/// A key of 1–24 characters from `a-z`, `0-9` and `-`. Keys are the only strings a
/// profile holds; the restricted alphabet keeps them compact and inert in any context.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Validates `value` as a key; `None` when it is empty, too long or uses other characters.
    pub fn new(value: &str) -> Option<Slug> {
        Slug::is_valid(value.as_bytes()).then(|| Slug(value.to_owned()))
    }

    /// A key this crate spells out itself (a question of the config's earlier shape). It
    /// is not checked: only literals that are valid keys are passed.
    pub(crate) fn known(value: &'static str) -> Slug {
        debug_assert!(Slug::is_valid(value.as_bytes()));
        Slug(value.to_owned())
    }

    /// True when `bytes` form a valid key.
    pub fn is_valid(bytes: &[u8]) -> bool {
        !bytes.is_empty()
            && bytes.len() <= MAX_SLUG_LEN
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Slug::new(&value).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{value}` is not a key (1-{MAX_SLUG_LEN} characters of a-z, 0-9, -)"
            ))
        })
    }
}
