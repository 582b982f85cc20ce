//! Why something was personalized: the reason a decision names, how strong it is, its code
//! in exposure marks and the sentence the shopper is told. Conditions produce reasons and
//! slot choices carry them; neither owns them.

/// Why something was personalized. Only config keys appear here, never raw cookie content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The shopper answered a preference question with this choice.
    Stated {
        /// The question's key.
        question: String,
        /// The choice's key.
        choice: String,
        /// The sentence the config gives this answer ("Because you told us …").
        sentence: String,
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
            Reason::Stated {
                question, choice, ..
            } => format!("stated-{question}:{choice}"),
            Reason::Segment { name, .. } => format!("segment:{name}"),
            Reason::Browsed(key) => format!("browsed:{key}"),
            Reason::Bought(tag) => format!("bought:{tag}"),
            Reason::Rule(rule) => format!("rule:{rule}"),
            Reason::Context(what) => format!("context:{what}"),
            Reason::Episode(name) => format!("episode:{name}"),
            Reason::Preview => "preview".to_owned(),
        }
    }

    /// The explanation shown to the shopper.
    pub fn sentence(&self) -> String {
        match self {
            Reason::Stated { sentence, .. } => sentence.clone(),
            Reason::Segment { explanation, .. } => explanation.clone(),
            Reason::Browsed(key) => format!("Because you've been looking at {key}"),
            Reason::Rule("visits") => "Because of how often you've visited".to_owned(),
            Reason::Rule("purchases") => "Because of how many orders you've placed".to_owned(),
            Reason::Rule("value-band") => "Because of the size of your last order".to_owned(),
            Reason::Bought(tag) => format!("Because you bought {tag} from us a while ago"),
            Reason::Rule("spend") => "Because of how much you've ordered from us".to_owned(),
            Reason::Rule("lapsed") => "Because it's been a while since your last order".to_owned(),
            Reason::Rule("cart") => "Because something is waiting in your basket".to_owned(),
            Reason::Rule("wishlist") => "Because you've saved things to your wishlist".to_owned(),
            Reason::Rule("dates") => "Because it's on for these dates".to_owned(),
            Reason::Rule(_) => "Because of your visits and orders here".to_owned(),
            Reason::Context("campaign") => "Because of the link you followed".to_owned(),
            Reason::Context("referrer") => "Because of the site you came from".to_owned(),
            Reason::Context("country") | Reason::Context("region") => {
                "Because of where you're shopping from".to_owned()
            }
            Reason::Context("device") => "Because of the device you're shopping on".to_owned(),
            Reason::Context(_) => "Because of the page you're on".to_owned(),
            Reason::Episode(name) => format!("Because {name} is on now"),
            Reason::Preview => "Shown by a preview link".to_owned(),
        }
    }
}
