//! Why something was personalized: the reason a decision names, how strong it is, its code
//! in exposure marks and the sentence the shopper is told. Conditions produce reasons and
//! slot choices carry them; neither owns them.

use crate::messages::Wording;

/// Why something was personalized. Only config keys appear here, never raw cookie content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The shopper answered a preference question with this choice.
    Stated {
        /// The question's key.
        question: String,
        /// The choice's key.
        choice: String,
    },
    /// The shopper is in this segment.
    Segment {
        /// The segment's name.
        name: String,
        /// The config's explanation for it.
        explanation: String,
    },
    /// The shopper browsed this key enough to count.
    Browsed(String),
    /// Something with this tag was bought (a replenishment rule).
    Bought(String),
    /// A lifecycle or intent rule held (visits, purchases, cart, wishlist, dates).
    Rule(&'static str),
    /// The request itself matched: `campaign`, `referrer`, `country`, `device` or `path`.
    Context(&'static str),
    /// A calendar episode is running.
    Episode(String),
    /// Forced by a merchandiser's preview link.
    Preview,
}

impl Reason {
    /// Lower is stronger: stated answers outrank segments, browsing, rules, the request's
    /// context and the calendar.
    pub fn strength(&self) -> u8 {
        match self {
            Reason::Stated { .. } => 0,
            Reason::Segment { .. } => 1,
            Reason::Browsed(_) => 2,
            Reason::Rule(_) | Reason::Bought(_) => 3,
            Reason::Context(_) => 4,
            Reason::Episode(_) => 5,
            Reason::Preview => 6,
        }
    }

    /// A short machine-readable code for exposure attributes and analytics.
    pub fn code(&self) -> String {
        match self {
            Reason::Stated { question, choice } => format!("stated-{question}:{choice}"),
            Reason::Segment { name, .. } => format!("segment:{name}"),
            Reason::Browsed(key) => format!("browsed:{key}"),
            Reason::Bought(tag) => format!("bought:{tag}"),
            Reason::Rule(rule) => format!("rule:{rule}"),
            Reason::Context(what) => format!("context:{what}"),
            Reason::Episode(name) => format!("episode:{name}"),
            Reason::Preview => "preview".to_owned(),
        }
    }

    /// The explanation shown to the shopper, in the language of `wording`: built from the
    /// config's keys and words, never from the cookie.
    pub fn sentence(&self, wording: &Wording<'_>) -> String {
        match self {
            Reason::Stated { question, choice } => {
                let id = format!("{question}.{choice}");
                match wording.own(&format!("because.{id}")) {
                    Some(because) => wording.say("reason.stated", &[("because", because)]),
                    None => wording.say(
                        "reason.stated.label",
                        &[("label", wording.name("choice", &id))],
                    ),
                }
            }
            Reason::Segment { name, explanation } => wording
                .own(&format!("segment.{name}"))
                .unwrap_or(explanation)
                .to_owned(),
            Reason::Browsed(key) => {
                wording.say("reason.browsed", &[("key", wording.name("tag", key))])
            }
            Reason::Bought(tag) => {
                wording.say("reason.bought", &[("tag", wording.name("tag", tag))])
            }
            Reason::Rule(rule) => {
                let id = match *rule {
                    "visits" | "purchases" | "value-band" | "spend" | "lapsed" | "cart"
                    | "wishlist" | "dates" => rule,
                    _ => "other",
                };
                wording.say(&format!("reason.rule.{id}"), &[])
            }
            Reason::Context(what) => {
                let id = match *what {
                    "campaign" | "referrer" | "device" => what,
                    "country" | "region" => "country",
                    _ => "other",
                };
                wording.say(&format!("reason.context.{id}"), &[])
            }
            Reason::Episode(name) => {
                wording.say("reason.episode", &[("name", wording.name("episode", name))])
            }
            Reason::Preview => wording.say("reason.preview", &[]),
        }
    }
}
