//! The shopper's answers to the shop's preference questions, by the questions' own keys.

use super::Slug;
use serde::{Deserialize, Serialize};

/// At most this many questions are answered (the config asks at most as many).
pub const MAX_ANSWERS: usize = 4;
/// At most this many choices are kept in one answer.
pub const MAX_CHOICES_PER_ANSWER: usize = 4;
/// The most cookie bytes the answers take (each its key, a count and its choices' keys):
/// answers past it are not stored, and a config whose longest answers would pass it is
/// refused.
pub const MAX_ANSWER_BYTES: usize = 128;

/// The answer to one question: the choices picked, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The question's key.
    pub question: Slug,
    /// The choices picked, at least one and at most [`MAX_CHOICES_PER_ANSWER`].
    pub choices: Vec<Slug>,
    /// The question names interests: the choices seeded affinities and are kept as the
    /// shopper's own word when learning from behaviour is withdrawn.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interests: bool,
}

impl Answer {
    /// True when `choice` was picked.
    pub fn picked(&self, choice: &str) -> bool {
        self.choices.iter().any(|c| c.as_str() == choice)
    }
}
