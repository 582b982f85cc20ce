//! The shop's preference questions: one to four of them, each single- or multiple-choice,
//! in the shop's own words.
//!
//! A question may name the shopper's *interests* (its answers are tags listings rank by and
//! seed affinities) and one may be asked at first purchase. The earlier shape — a fixed
//! "who are you shopping for?", `crafts` and `occasions` — is still read, as the three
//! questions it always meant (`for`, `craft` and `occasion`), so configs written for it keep
//! working and their shoppers' answers keep their keys.

use crate::profile::Answer;
use serde::Deserialize;

/// At most this many questions (the cookie format's limit).
pub const MAX_QUESTIONS: usize = 4;
/// At most this many choices may be picked in one answer (a multiple-choice `max`).
pub const MAX_PICKED: u8 = 4;
/// At most this many choices a question offers.
pub const MAX_CHOICES: usize = 32;
/// The most cookie bytes the longest possible answers to every question may take: keys
/// are stored as written, so long keys and high maxima leave less room for the rest.
pub use crate::profile::MAX_ANSWER_BYTES;
/// Form fields with a meaning of their own, which no question may be named.
pub const RESERVED_KEYS: [&str; 5] = ["part", "return", "consent", "interests", "measurement"];

/// The preference questions, in the order they are asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Questions {
    /// The questions.
    pub list: Vec<Question>,
    /// Written in the earlier `{crafts, occasions}` shape: problems are reported at the
    /// paths that shape has.
    pub legacy: bool,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The question's key: the preference form's field name, and how conditions
    /// (`answered`) and the cookie name it.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::profile::KEY_PATTERN)))]
    pub key: String,
    /// The question as the shopper reads it ("Who are you shopping for?").
    #[serde(default)]
    pub label: Option<String>,
    /// More than one choice may be picked, up to `max`.
    #[serde(default)]
    pub multiple: bool,
    /// The most choices a multiple-choice answer may pick (1–4, default 3).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 4)))]
    pub max: Option<u8>,
    /// The choices are interests: tags listings rank by, each picked one seeding an
    /// affinity (as favourite crafts do), and kept when learning from behaviour is
    /// withdrawn. Their keys must be tags the shop may profile on.
    #[serde(default)]
    pub interests: bool,
    /// Asked at first purchase rather than with the others (as an occasion is).
    #[serde(default)]
    pub at_purchase: bool,
    /// The choices, in the order offered.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 32)))]
    pub choices: Vec<Choice>,
}

/// One choice of a question.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The choice's key (the form's value, stored in the cookie).
    #[cfg_attr(feature = "schema", schemars(pattern(crate::profile::KEY_PATTERN)))]
    pub key: String,
    /// The choice as the shopper reads it ("A gift"); the key when not given.
    #[serde(default)]
    pub label: Option<String>,
    /// What "Because you told us …" says when this answer decided ("you're shopping for
    /// a gift"); when not given, the sentence quotes the label.
    #[serde(default)]
    pub because: Option<String>,
}

impl Question {
    /// How many choices an answer may pick.
    pub fn max_picked(&self) -> u8 {
        if self.multiple {
            self.max.unwrap_or(3)
        } else {
            1
        }
    }

    /// The choice with this key, if offered.
    pub fn choice(&self, key: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.key == key)
    }

    /// The most cookie bytes an answer to this question can take: a head byte, its key and
    /// the longest choices it may pick, each with a length byte.
    pub fn answer_bytes(&self) -> usize {
        let mut lengths: Vec<usize> = self.choices.iter().map(|c| c.key.len() + 1).collect();
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        let picked: usize = lengths.iter().take(usize::from(self.max_picked())).sum();
        self.key.len() + 1 + picked
    }
}

impl Questions {
    /// The question with this key.
    pub fn get(&self, key: &str) -> Option<&Question> {
        self.list.iter().find(|q| q.key == key)
    }

    /// The questions asked together on the preference form (`at_purchase` false), or the
    /// ones asked at first purchase.
    pub fn asked(&self, at_purchase: bool) -> impl Iterator<Item = &Question> {
        self.list
            .iter()
            .filter(move |q| q.at_purchase == at_purchase)
    }

    /// Every choice of every interests question: the tags a shopper may name as
    /// favourites.
    pub fn interest_choices(&self) -> impl Iterator<Item = &str> {
        self.list
            .iter()
            .filter(|q| q.interests)
            .flat_map(|q| q.choices.iter().map(|c| c.key.as_str()))
    }

    /// Keeps of stored `answers` what the questions still ask: answers to questions no
    /// longer asked and choices no longer offered are dropped, an answer keeps at most as
    /// many choices as its question allows, and whether it names interests follows the
    /// question. Returns true when anything changed.
    pub fn keep_asked(&self, answers: &mut Vec<Answer>) -> bool {
        let before = answers.clone();
        answers.retain_mut(|answer| {
            let Some(question) = self.get(answer.question.as_str()) else {
                return false;
            };
            answer
                .choices
                .retain(|choice| question.choice(choice.as_str()).is_some());
            answer.choices.truncate(usize::from(question.max_picked()));
            answer.interests = question.interests;
            !answer.choices.is_empty()
        });
        *answers != before
    }

    /// Where a question's member is in the file, as its shape has it.
    pub fn path(&self, question: usize, member: &str) -> String {
        if self.legacy {
            return match (self.list.get(question).map(|q| q.key.as_str()), member) {
                (Some("craft"), "choices") => "questions.crafts".to_owned(),
                (Some("occasion"), "choices") => "questions.occasions".to_owned(),
                _ => "questions".to_owned(),
            };
        }
        format!("questions[{question}].{member}")
    }

    /// Where a choice's key is in the file, as its shape has it.
    pub fn choice_path(&self, question: usize, choice: usize) -> String {
        if self.legacy {
            return format!("{}[{choice}]", self.path(question, "choices"));
        }
        format!("questions[{question}].choices[{choice}].key")
    }

    /// The questions of the earlier shape: who the shopper is shopping for, up to three
    /// favourite crafts (interests) and, when occasions are offered, the occasion at first
    /// purchase. The sentences are the ones that shape always used.
    fn from_legacy(legacy: LegacyQuestions) -> Questions {
        let plain = |key: &str, label: &str, because: String| Choice {
            key: key.to_owned(),
            label: Some(label.to_owned()),
            because: Some(because),
        };
        let mut list = vec![
            Question {
                key: "for".to_owned(),
                label: Some("Who are you shopping for?".to_owned()),
                multiple: false,
                max: None,
                interests: false,
                at_purchase: false,
                choices: vec![
                    plain("self", "Myself", "you're shopping for yourself".to_owned()),
                    plain("gift", "A gift", "you're shopping for a gift".to_owned()),
                    plain(
                        "unsure",
                        "Not sure yet",
                        "you're still deciding who it's for".to_owned(),
                    ),
                ],
            },
            Question {
                key: "craft".to_owned(),
                label: Some("Which crafts do you love?".to_owned()),
                multiple: true,
                max: Some(3),
                interests: true,
                at_purchase: false,
                choices: legacy
                    .crafts
                    .iter()
                    .map(|craft| plain(craft, craft, format!("you love {craft}")))
                    .collect(),
            },
        ];
        if !legacy.occasions.is_empty() {
            list.push(Question {
                key: "occasion".to_owned(),
                label: Some("What's the occasion?".to_owned()),
                multiple: false,
                max: None,
                interests: false,
                at_purchase: true,
                choices: legacy
                    .occasions
                    .iter()
                    .map(|occasion| plain(occasion, occasion, format!("the occasion: {occasion}")))
                    .collect(),
            });
        }
        Questions { list, legacy: true }
    }
}

/// The earlier shape of `questions`: favourite crafts and the occasions asked at first
/// purchase, with "who are you shopping for?" always asked.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct LegacyQuestions {
    /// Crafts a shopper may name as favourites (up to three).
    #[cfg_attr(feature = "schema", schemars(length(min = 1), inner(pattern(crate::profile::KEY_PATTERN)), extend("uniqueItems" = true)))]
    crafts: Vec<String>,
    /// Occasions offered at first purchase (may be empty).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(inner(pattern(crate::profile::KEY_PATTERN)), extend("uniqueItems" = true)))]
    occasions: Vec<String>,
}

/// Either shape of `questions`: a list of one to four questions, or the earlier shape (for
/// the schema; [`Questions`] reads them).
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum QuestionsShape {
    /// The shop's own questions.
    List(#[cfg_attr(feature = "schema", schemars(length(min = 1, max = 4)))] Vec<Question>),
    /// The earlier shape.
    Legacy(LegacyQuestions),
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Questions {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Questions".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        QuestionsShape::json_schema(generator)
    }
}

impl<'de> Deserialize<'de> for Questions {
    /// A list is the shop's questions, an object the earlier shape. Told apart by the
    /// JSON's own shape, so that a problem is reported in the shape the author wrote (not
    /// as "no variant matched"), and without buffering the value.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Questions, D::Error> {
        deserializer.deserialize_any(QuestionsVisitor)
    }
}

struct QuestionsVisitor;

impl<'de> serde::de::Visitor<'de> for QuestionsVisitor {
    type Value = Questions;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a list of questions")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Questions, A::Error> {
        let list = Vec::<Question>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Questions {
            list,
            legacy: false,
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Questions, A::Error> {
        let legacy =
            LegacyQuestions::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(Questions::from_legacy(legacy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_shape_reads_as_its_three_questions() {
        let questions: Questions =
            serde_json::from_str(r#"{"crafts":["glass","prints"],"occasions":["birthday"]}"#)
                .expect("questions");
        let keys: Vec<&str> = questions.list.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(keys, ["for", "craft", "occasion"]);
        let craft = questions.get("craft").expect("craft");
        assert!(craft.interests && craft.multiple && craft.max_picked() == 3);
        assert!(questions.get("occasion").expect("occasion").at_purchase);
        assert_eq!(
            questions
                .get("for")
                .and_then(|q| q.choice("gift"))
                .and_then(|c| c.because.as_deref()),
            Some("you're shopping for a gift")
        );
        assert_eq!(questions.path(1, "choices"), "questions.crafts");
    }

    #[test]
    fn a_question_list_reads_as_written() {
        let questions: Questions = serde_json::from_str(
            r#"[{"key":"fit","label":"How do you like it to fit?","choices":[{"key":"relaxed","label":"Relaxed"}]}]"#,
        )
        .expect("questions");
        assert!(!questions.legacy);
        let fit = &questions.list[0];
        assert_eq!(fit.max_picked(), 1);
        assert_eq!(
            fit.choice("relaxed").and_then(|c| c.label.as_deref()),
            Some("Relaxed")
        );
        assert_eq!(fit.answer_bytes(), 1 + 3 + 8);
    }
}
