//! Every sentence a shopper can read, in the shop's languages: the "why this?" lines, the
//! explanations and the privacy centre's facts come from message tables, never from text
//! written into the code that decides.
//!
//! English ([`en`]) and German ([`de`]) are built in. A shop overrides any message and adds
//! languages under `messages` in its config, and names its own keys there too (a question,
//! a choice, a tag, a segment's or a rule's explanation: the *key-derived* ids of
//! [`KEY_PREFIXES`]). A page's language is its `<html lang>`, else the request's
//! `Accept-Language`, else the config's `language` ([`Messages::choose`]).
//!
//! Plurals follow CLDR's cardinal categories for the built-in languages, which are the same
//! for both: `one` for exactly 1, `other` for every other count. Numbers are grouped by
//! thousands with each language's separator (`number.group`). Dates stay `YYYY-MM-DD`.

pub mod de;
pub mod en;

use std::collections::BTreeMap;

/// The prefixes of ids a config defines for its own keys: `question.KEY`,
/// `choice.QUESTION.CHOICE`, `because.QUESTION.CHOICE`, `tag.KEY`, `segment.NAME`,
/// `why.SLOT.VARIANT` and `episode.NAME`.
pub const KEY_PREFIXES: [&str; 7] = [
    "question.",
    "choice.",
    "because.",
    "tag.",
    "segment.",
    "why.",
    "episode.",
];

/// The languages whose messages are built in, by tag.
const BUILT_IN: [(&str, &[(&str, &str)]); 2] = [("en", en::MESSAGES), ("de", de::MESSAGES)];

/// One of a config's languages (an index into [`Messages`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lang(u8);

/// One language: its tag, its built-in table (if Shelfwise ships it) and the config's own
/// messages in it.
#[derive(Debug, Clone, PartialEq, Default)]
struct Language {
    tag: String,
    built_in: &'static [(&'static str, &'static str)],
    own: BTreeMap<String, String>,
}

/// The message tables of one config: the built-in languages and the shop's, with the
/// shop's messages over the built-in ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Messages {
    languages: Vec<Language>,
    default: Lang,
}

impl Default for Messages {
    fn default() -> Messages {
        Messages::new("en", BTreeMap::new())
    }
}

impl Messages {
    /// The tables for a config whose default language is `default` and whose own messages
    /// are `own` (language tag → id → template). Tags are compared without regard to case.
    pub fn new(default: &str, own: BTreeMap<String, BTreeMap<String, String>>) -> Messages {
        let mut languages: Vec<Language> = BUILT_IN
            .iter()
            .map(|(tag, built_in)| Language {
                tag: (*tag).to_owned(),
                built_in,
                own: BTreeMap::new(),
            })
            .collect();
        for (tag, messages) in own {
            let tag = tag.to_ascii_lowercase();
            match languages.iter_mut().find(|l| l.tag == tag) {
                Some(language) => language.own.extend(messages),
                None => languages.push(Language {
                    tag,
                    built_in: &[],
                    own: messages,
                }),
            }
        }
        let mut messages = Messages {
            languages,
            default: Lang(0),
        };
        messages.default = messages.find(default).unwrap_or_default();
        messages
    }

    /// Adds the config's own words for its keys in its default language (a question's label,
    /// a choice's label and `because`, an explanation), under messages the config gives for
    /// that language explicitly.
    pub fn add_default_words(&mut self, words: impl IntoIterator<Item = (String, String)>) {
        let default = &mut self.languages[usize::from(self.default.0)];
        for (id, text) in words {
            default.own.entry(id).or_insert(text);
        }
    }

    /// The language of a page: its `<html lang>` when this config has it, else the first
    /// of the request's `Accept-Language` it has (by quality), else the default. A tag
    /// matches exactly, or by its primary language (`de-AT` is said in `de`).
    pub fn choose(&self, page: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = page.and_then(|tag| self.find(tag)) {
            return lang;
        }
        let mut wanted: Vec<(u16, &str)> = accept_language
            .unwrap_or("")
            .split(',')
            .filter_map(|entry| {
                let mut parts = entry.split(';');
                let tag = parts.next()?.trim();
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1000), |q| quality(q.trim()))?;
                (quality > 0 && !tag.is_empty() && tag != "*").then_some((quality, tag))
            })
            .collect();
        // Stable: equal qualities keep the header's order.
        wanted.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        wanted
            .iter()
            .find_map(|(_, tag)| self.find(tag))
            .unwrap_or(self.default)
    }

    /// True when Shelfwise ships the language of `tag` (by its primary language).
    pub fn is_built_in(tag: &str) -> bool {
        let primary = tag.split('-').next().unwrap_or("");
        BUILT_IN
            .iter()
            .any(|(built_in, _)| built_in.eq_ignore_ascii_case(primary))
    }

    /// The language with this tag, exactly or by its primary language; `None` when the
    /// config has no such language.
    pub fn find(&self, tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or("");
        let position = self
            .languages
            .iter()
            .position(|l| l.tag == tag)
            .or_else(|| self.languages.iter().position(|l| l.tag == primary))
            .or_else(|| {
                self.languages
                    .iter()
                    .position(|l| l.tag.split('-').next() == Some(primary))
            })?;
        u8::try_from(position).ok().map(Lang)
    }

    /// The tag of `lang`.
    pub fn tag(&self, lang: Lang) -> &str {
        self.languages
            .get(usize::from(lang.0))
            .map_or("en", |l| l.tag.as_str())
    }

    /// The messages in `lang`.
    pub fn in_language(&self, lang: Lang) -> Wording<'_> {
        Wording {
            messages: self,
            lang,
        }
    }

    /// The default language.
    pub fn default_language(&self) -> Lang {
        self.default
    }

    /// The template `id` in `lang`: the shop's, else the built-in one; else the same in the
    /// default language; else the English built-in one.
    fn template(&self, lang: Lang, id: &str) -> Option<&str> {
        let in_language = |lang: Lang| {
            let language = self.languages.get(usize::from(lang.0))?;
            language
                .own
                .get(id)
                .map(String::as_str)
                .or_else(|| lookup(language.built_in, id))
        };
        in_language(lang)
            .or_else(|| in_language(self.default))
            .or_else(|| lookup(en::MESSAGES, id))
    }
}

/// An `Accept-Language` quality (`1`, `0.8`, `0.125`) in thousandths; `None` when it is not
/// one. Read by hand: parsing it as a float would bring float parsing into the worker for
/// three digits.
fn quality(q: &str) -> Option<u16> {
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths = 0u16;
    for (i, digit) in fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .enumerate()
    {
        thousandths += u16::from(digit - b'0') * [100, 10, 1][i];
    }
    (whole == 0 || thousandths == 0).then_some(whole * 1000 + thousandths)
}

fn lookup(table: &'static [(&'static str, &'static str)], id: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(key, _)| *key == id)
        .map(|(_, text)| *text)
}

/// True when `id` is one a config may define: a built-in message, or one for its own keys.
pub fn is_known_id(id: &str) -> bool {
    lookup(en::MESSAGES, id).is_some()
        || KEY_PREFIXES
            .iter()
            .any(|prefix| id.strip_prefix(prefix).is_some_and(|rest| !rest.is_empty()))
}

/// The messages of one language, ready to say things in it.
#[derive(Debug, Clone, Copy)]
pub struct Wording<'a> {
    messages: &'a Messages,
    lang: Lang,
}

impl<'a> Wording<'a> {
    /// The language's tag.
    pub fn tag(&self) -> &'a str {
        self.messages.tag(self.lang)
    }

    /// Message `id` with its `{name}`s filled from `args`.
    pub fn say(&self, id: &str, args: &[(&str, &str)]) -> String {
        fill(self.messages.template(self.lang, id).unwrap_or(id), args)
    }

    /// Message `id` for a count of `count`: its `.one` or `.other` form, with `{count}`
    /// written as a number of this language.
    pub fn count(&self, id: &str, count: u64, args: &[(&str, &str)]) -> String {
        let category = if count == 1 { "one" } else { "other" };
        let template = self
            .messages
            .template(self.lang, &format!("{id}.{category}"))
            .or_else(|| self.messages.template(self.lang, &format!("{id}.other")))
            .unwrap_or(id);
        let number = self.number(count);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(("count", number.as_str()));
        all.extend_from_slice(args);
        fill(template, &all)
    }

    /// A whole number with this language's thousands separator (`16,383`, `16.383`).
    pub fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let group = self
            .messages
            .template(self.lang, "number.group")
            .unwrap_or(",");
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * group.len());
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(group);
            }
            out.push(digit);
        }
        out
    }

    /// The shop's words for one of its keys (`tag.ceramics`, `choice.fit.relaxed`), when the
    /// config gives them in this language or its default one.
    pub fn own(&self, id: &str) -> Option<&'a str> {
        self.messages.template(self.lang, id)
    }

    /// The name of one of the shop's keys: its words under `PREFIX.KEY`, else the key.
    pub fn name<'k>(&self, prefix: &str, key: &'k str) -> &'k str
    where
        'a: 'k,
    {
        self.own(&format!("{prefix}.{key}")).unwrap_or(key)
    }

    /// What the answer `choice` to `question` told us, as the privacy centre lists it: the
    /// shop's `because` for it ("You told us you're shopping for a gift."), or else the
    /// question and the choice's label.
    pub fn told(&self, question: &str, choice: &str) -> String {
        let id = format!("{question}.{choice}");
        match self.own(&format!("because.{id}")) {
            Some(because) => self.say("fact.told", &[("because", because)]),
            None => self.say(
                "fact.told.label",
                &[
                    ("question", self.name("question", question)),
                    ("label", self.name("choice", &id)),
                ],
            ),
        }
    }

    /// "a", "a and b", "a, b and c" in this language; its word for nothing for none.
    pub fn words(&self, words: &[&str]) -> String {
        match words {
            [] => self.say("words.nothing", &[]),
            [one] => (*one).to_owned(),
            [init @ .., last] => {
                let comma = self.say("words.comma", &[]);
                let and = self.say("words.and", &[]);
                format!("{}{and}{last}", init.join(&comma))
            }
        }
    }

    /// "Because A", "Because A, and because B": each sentence once, the first as it is and
    /// each later one joined by this language's `sentences.and`, its first letter lowered.
    pub fn sentences(&self, sentences: impl Iterator<Item = String>) -> String {
        let mut said: Vec<String> = Vec::new();
        for sentence in sentences {
            if !said.contains(&sentence) {
                said.push(sentence);
            }
        }
        let and = self.say("sentences.and", &[]);
        let mut text = String::new();
        for (i, sentence) in said.iter().enumerate() {
            if i == 0 {
                text.push_str(sentence);
                continue;
            }
            text.push_str(&and);
            // Only an ASCII capital is lowered: Unicode case tables would cost the worker
            // kilobytes for no sentence it writes.
            let mut chars = sentence.chars();
            if let Some(first) = chars.next() {
                text.push(first.to_ascii_lowercase());
                text.push_str(chars.as_str());
            }
        }
        text
    }
}

/// `template` with each `{name}` of `args` replaced by its value; other braces stay.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((args.iter().find(|(n, _)| *n == &after[..close])?, close)))
        {
            Some(((_, value), close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> Messages {
        let mut own = BTreeMap::new();
        own.insert(
            "de".to_owned(),
            BTreeMap::from([("tag.climbing".to_owned(), "Klettern".to_owned())]),
        );
        own.insert(
            "fr".to_owned(),
            BTreeMap::from([(
                "reason.browsed".to_owned(),
                "Parce que vous avez regardé {key}".to_owned(),
            )]),
        );
        Messages::new("en", own)
    }

    #[test]
    fn the_page_then_accept_language_then_the_default_decide() {
        let messages = shop();
        let tag = |lang| messages.tag(lang).to_owned();
        assert_eq!(tag(messages.choose(Some("de-AT"), Some("fr"))), "de");
        assert_eq!(
            tag(messages.choose(Some("ja"), Some("ja, fr;q=0.5, de;q=0.8"))),
            "de"
        );
        assert_eq!(tag(messages.choose(None, Some("es, *;q=0.1"))), "en");
        assert_eq!(
            tag(messages.choose(None, Some("fr-CA;q=0.9, en;q=0"))),
            "fr"
        );
        assert_eq!(tag(messages.choose(None, None)), "en");
    }

    #[test]
    fn a_missing_message_is_said_in_the_default_language() {
        let messages = shop();
        let french = messages.in_language(messages.choose(Some("fr"), None));
        assert_eq!(
            french.say("reason.browsed", &[("key", "escalade")]),
            "Parce que vous avez regardé escalade"
        );
        assert_eq!(french.say("reason.preview", &[]), "Shown by a preview link");
        let german = messages.in_language(messages.choose(Some("de"), None));
        assert_eq!(german.name("tag", "climbing"), "Klettern");
        assert_eq!(german.name("tag", "paddling"), "paddling");
    }

    #[test]
    fn counts_and_numbers_follow_the_language() {
        let messages = shop();
        let english = messages.in_language(messages.default_language());
        let german = messages.in_language(messages.choose(Some("de"), None));
        let purchases = |w: Wording<'_>, n| {
            w.count("fact.purchases", n, &[("date", "2026-11-23"), ("band", "")])
        };
        assert_eq!(
            purchases(english, 1),
            "1 purchase, the latest on 2026-11-23."
        );
        assert_eq!(
            purchases(english, 2),
            "2 purchases, the latest on 2026-11-23."
        );
        assert_eq!(purchases(german, 1), "1 Kauf, zuletzt am 2026-11-23.");
        assert_eq!(purchases(german, 3), "3 Käufe, zuletzt am 2026-11-23.");
        assert_eq!(english.number(16_383), "16,383");
        assert_eq!(german.number(16_383), "16.383");
        assert_eq!(german.number(1_234_567), "1.234.567");
        assert_eq!(german.number(999), "999");
        assert_eq!(
            german.words(&["Keramik", "Glas", "Drucke"]),
            "Keramik, Glas und Drucke"
        );
    }

    #[test]
    fn every_built_in_language_says_every_message_and_keeps_its_placeholders() {
        for (tag, table) in BUILT_IN {
            for (id, english) in en::MESSAGES {
                let text = lookup(table, id).unwrap_or_else(|| panic!("{tag} lacks {id}"));
                let names = |t: &str| -> Vec<String> {
                    let mut names: Vec<String> = t
                        .split('{')
                        .skip(1)
                        .filter_map(|part| part.split_once('}').map(|(n, _)| n.to_owned()))
                        .collect();
                    names.sort();
                    names
                };
                assert_eq!(names(text), names(english), "{tag}: {id}");
            }
            assert_eq!(
                table.len(),
                en::MESSAGES.len(),
                "{tag}: messages English lacks"
            );
        }
    }

    #[test]
    fn filling_leaves_unknown_braces_alone() {
        assert_eq!(fill("{a} and {b} {", &[("a", "1")]), "1 and {b} {");
        assert_eq!(fill("no braces", &[]), "no braces");
    }
}
