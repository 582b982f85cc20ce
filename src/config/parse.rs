//! Reading a config's JSON into its types, reporting every problem rather than the first.
//!
//! serde stops at the first value that does not fit its type. So that one `config check`
//! lists every such value, each one serde rejects is reported, set aside (an array element
//! or object member removed; a member whose owner cannot do without it takes its owner
//! along), and the rest is read again. Paths are always reported as they are in the file,
//! even after earlier array elements were set aside. A config with any problem is never
//! applied; what is set aside only lets the reading go on.

use super::Config;
use crate::errors::ConfigProblem;
use serde_json::Value;
use serde_path_to_error::Segment;

/// At most this many problems of shape are collected; a file that has more is reported
/// with the first ones.
const MAX_SHAPE_PROBLEMS: usize = 50;

/// One step from a JSON value into one of its children.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Member(String),
    Element(usize),
}

/// What reading a config's text gave.
pub(super) struct Reading {
    /// The config, read as far as it fits its types; `None` when a problem left nothing to
    /// read (JSON that does not parse, or the top level itself broken).
    pub config: Option<Config>,
    /// Every problem of shape, in the order found.
    pub problems: Vec<ConfigProblem>,
    /// Array elements set aside, as (the array's path in the file, the element's index in
    /// the file).
    removed: Vec<(Vec<Step>, usize)>,
}

impl Reading {
    /// A path into [`Reading::config`] (as a later check reports it) as the file has it:
    /// indices move past the array elements that were set aside.
    pub fn as_in_file(&self, path: &str) -> String {
        if self.removed.is_empty() {
            return path.to_owned();
        }
        render(&in_file(&steps_of(path), &self.removed))
    }
}

/// Reads the config's text into its types; see the module's documentation.
pub(super) fn read(text: &str) -> Reading {
    // The worker and the browser package only need to know that a config does not apply,
    // and the first problem says it: they read the text straight into the types, with the
    // problem's line and column. The complete report, with JSON paths, is
    // `shelfwise config check`'s; tracking paths and reading on would cost the edge's wasm
    // bytes its size budget does not have.
    if cfg!(target_arch = "wasm32") {
        return match serde_json::from_str::<Config>(text) {
            Ok(config) => finish(Some(config), Vec::new(), &[]),
            Err(error) if error.is_syntax() || error.is_eof() => {
                finish(None, vec![syntax_problem(&error)], &[])
            }
            Err(error) => finish(None, vec![problem_at_line(text, &error)], &[]),
        };
    }
    let mut value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return Reading {
                config: None,
                problems: vec![syntax_problem(&error)],
                removed: Vec::new(),
            }
        }
    };
    let mut problems = Vec::new();
    // Array elements set aside so far, as (the array's path in the file, the element's
    // index in the file), to report later paths as the file has them.
    let mut removed: Vec<(Vec<Step>, usize)> = Vec::new();
    // Members set aside, in the file's terms: a "missing field" that follows from setting
    // one aside is not the author's problem.
    let mut set_aside: Vec<Vec<Step>> = Vec::new();
    loop {
        let error = match serde_path_to_error::deserialize::<_, Config>(&value) {
            Ok(config) => return finish(Some(config), problems, &removed),
            Err(error) => error,
        };
        let here: Vec<Step> = error.path().iter().filter_map(step).collect();
        let in_file = in_file(&here, &removed);
        let message = error.into_inner().to_string();
        let caused_by_us = missing_member(&message).is_some_and(|member| {
            let mut path = in_file.clone();
            path.push(Step::Member(member.to_owned()));
            set_aside.contains(&path)
        });
        if !caused_by_us {
            problems.push(shape_problem(&in_file, &message));
        }
        if here.is_empty() || problems.len() >= MAX_SHAPE_PROBLEMS {
            return finish(None, problems, &removed);
        }
        if let (Some(Step::Element(_)), Some((Step::Element(index), array))) =
            (here.last(), in_file.split_last())
        {
            removed.push((array.to_vec(), *index));
        }
        set_aside.push(in_file);
        if !remove(&mut value, &here) {
            return finish(None, problems, &removed);
        }
    }
}

fn finish(
    config: Option<Config>,
    problems: Vec<ConfigProblem>,
    removed: &[(Vec<Step>, usize)],
) -> Reading {
    Reading {
        config,
        problems,
        removed: removed.to_vec(),
    }
}

/// Reads a rendered path (`slots.hero[0].when`) back into its steps.
fn steps_of(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for member in path.split('.') {
        let (name, mut indices) = member
            .split_once('[')
            .map_or((member, ""), |(name, rest)| (name, rest));
        if !name.is_empty() {
            steps.push(Step::Member(name.to_owned()));
        }
        while let Some((index, rest)) = indices.split_once(']') {
            match index.parse() {
                Ok(index) => steps.push(Step::Element(index)),
                Err(_) => steps.push(Step::Member(format!("[{index}]"))),
            }
            indices = rest.strip_prefix('[').unwrap_or(rest);
        }
    }
    steps
}

fn step(segment: &Segment) -> Option<Step> {
    match segment {
        Segment::Seq { index } => Some(Step::Element(*index)),
        Segment::Map { key } => Some(Step::Member(key.clone())),
        Segment::Enum { .. } | Segment::Unknown => None,
    }
}

/// The path as the file has it: each array index moved past the elements set aside before
/// it in the same array.
fn in_file(path: &[Step], removed: &[(Vec<Step>, usize)]) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(path.len());
    for step in path {
        match step {
            Step::Member(name) => out.push(Step::Member(name.clone())),
            Step::Element(index) => {
                let mut gone: Vec<usize> = removed
                    .iter()
                    .filter(|(array, _)| *array == out)
                    .map(|(_, index)| *index)
                    .collect();
                gone.sort_unstable();
                let mut index = *index;
                for taken in gone {
                    if taken <= index {
                        index += 1;
                    }
                }
                out.push(Step::Element(index));
            }
        }
    }
    out
}

/// Removes the value at `path` from its array or object; false when there is none.
fn remove(value: &mut Value, path: &[Step]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut owner = value;
    for step in parents {
        owner = match (step, owner) {
            (Step::Member(name), Value::Object(members)) => match members.get_mut(name) {
                Some(child) => child,
                None => return false,
            },
            (Step::Element(index), Value::Array(elements)) => match elements.get_mut(*index) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, owner) {
        (Step::Member(name), Value::Object(members)) => members.remove(name).is_some(),
        (Step::Element(index), Value::Array(elements)) if *index < elements.len() => {
            elements.remove(*index);
            true
        }
        _ => false,
    }
}

/// The member named by serde's "missing field `name`".
fn missing_member(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name)
}

/// Renders a path the way the rest of the config's reports do: `slots.hero[0].when`.
fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Member(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Element(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() {
        "(top level)".to_owned()
    } else {
        out
    }
}

/// Splits serde's message ("invalid type: string \"x\", expected u16") into what was
/// expected and what was found.
fn shape_problem(path: &[Step], message: &str) -> ConfigProblem {
    let (expected, found) = match message.split_once(", expected ") {
        Some((found, expected)) => {
            let found = ["invalid value: ", "invalid type: "]
                .iter()
                .find_map(|prefix| found.strip_prefix(prefix))
                .unwrap_or(found);
            (expected.to_owned(), found.to_owned())
        }
        None => match missing_member(message) {
            Some(member) => (format!("a `{member}` member"), "none".to_owned()),
            None => (
                "valid JSON of the documented shape".to_owned(),
                message.to_owned(),
            ),
        },
    };
    ConfigProblem {
        path: render(path),
        expected,
        found,
    }
}

/// A file that is not JSON at all: where it stops parsing.
/// A value that does not fit its type, where the worker and the browser package read it:
/// at its line and column in the text, with the text that leads up to it (the key it is
/// the value of, usually).
fn problem_at_line(text: &str, error: &serde_json::Error) -> ConfigProblem {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    let line = text
        .lines()
        .nth(error.line().saturating_sub(1))
        .unwrap_or("");
    let upto: Vec<char> = line.chars().take(error.column()).collect();
    let lead: String = upto[upto.len().saturating_sub(32)..].iter().collect();
    ConfigProblem {
        path: format!(
            "line {} column {}, after {}",
            error.line(),
            error.column(),
            lead.trim()
        ),
        ..shape_problem(&[], message)
    }
}

fn syntax_problem(error: &serde_json::Error) -> ConfigProblem {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    ConfigProblem {
        path: "(top level)".to_owned(),
        expected: "JSON".to_owned(),
        found: format!(
            "{message} (line {} column {})",
            error.line(),
            error.column()
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::errors::ConfigError;
    use crate::Config;

    fn problems(json: &str) -> Vec<String> {
        match Config::from_json("test.json", json) {
            Ok(_) => Vec::new(),
            Err(ConfigError::Invalid { problems, .. }) => {
                problems.iter().map(ToString::to_string).collect()
            }
            Err(other) => vec![other.to_string()],
        }
    }

    #[test]
    fn every_value_of_the_wrong_shape_is_reported_at_its_place_in_the_file() {
        let found = problems(
            r#"{"questions": {"crafts": ["glass", "Bad Craft"]},
                "slots": {"hero": [
                    {"variant": "Big Hero", "when": {"shopping_for": ["aliens", "gift", "martians"]}},
                    {"when": {"loves": "glass"}},
                    {"variant": "ok", "when": {"loves": "Glass"}, "extra": 1}
                ]}}"#,
        );
        let at = |path: &str| {
            found
                .iter()
                .any(|problem| problem.contains(&format!("at `{path}`")))
        };
        for path in [
            "questions.crafts[1]",
            "slots.hero[0].variant",
            "slots.hero[0].when.shopping_for[0]",
            "slots.hero[0].when.shopping_for[2]",
            "slots.hero[1]",
            "slots.hero[2].extra",
            "slots.hero[2].when.loves",
        ] {
            assert!(at(path), "{path} in {found:#?}");
        }
        assert_eq!(found.len(), 7, "{found:#?}");
        assert!(found
            .iter()
            .any(|problem| problem.contains("one of the question's choices, found \"martians\"")));
    }

    #[test]
    fn a_question_list_of_the_wrong_shape_is_reported_at_questions() {
        let found = problems(r#"{"questions": [{"key": "fit", "choices": [{"key": 5}]}]}"#);
        assert!(
            found.iter().any(
                |p| p.contains("at `questions[0].choices[0].key`") && p.contains("integer `5`")
            ),
            "{found:#?}"
        );
    }

    #[test]
    fn purchase_conditions_name_a_profilable_tag_and_sensible_bounds() {
        let found = problems(
            r#"{"questions": {"crafts": ["glass"]},
                "signals": {"low_spend_below": 900, "high_spend_from": 100},
                "slots": {"hero": [
                    {"variant": "a", "when": {"bought": {"tag": "Coffee Beans"}}},
                    {"variant": "b", "when": {"not": {"bought": {"tag": "pregnancy-test"}}}},
                    {"variant": "c", "when": {"bought": {"tag": "tea", "days_at_least": 30, "days_at_most": 20}}},
                    {"variant": "d", "when": {"spend_band": ["high"], "bought": {"tag": "tea"}}}
                ]}}"#,
        );
        for (path, expected) in [
            ("signals", "low_spend_below <= high_spend_from"),
            ("slots.hero[0].when.bought.tag", "key"),
            ("slots.hero[1].when.not.bought.tag", "sensitive"),
            ("slots.hero[2].when.bought", "days_at_least <= days_at_most"),
        ] {
            assert!(
                found
                    .iter()
                    .any(|p| p.contains(&format!("at `{path}`")) && p.contains(expected)),
                "{path}: {expected} in {found:#?}"
            );
        }
        assert_eq!(found.len(), 4, "{found:#?}");
    }

    #[test]
    fn a_catalog_and_its_shelves_are_checked_before_anything_reaches_a_page() {
        let found = problems(
            r#"{"questions": {"crafts": ["glass"]},
                "catalog": [
                    {"id": "a-1", "title": "A", "url": "javascript:alert(1)", "tags": ["glass"]},
                    {"id": "a-1", "title": "B", "url": "//evil.example/", "image": "/i.png", "price": -1, "tags": ["Glass"]}
                ],
                "complements": {"mug": ["Coaster"]},
                "shelves": {"s": {"strategy": "for_you", "items": 2, "min_items": 3, "listing": "nowhere",
                                  "template": {"item": "<a href=\"{link}\">{title}</a>"}}},
                "slots": {"hero": [{"variant": "v", "shelf": "missing", "when": {"consent": "personalization"}}]}}"#,
        );
        for (path, expected) in [
            ("catalog[0].url", "https://"),
            ("catalog[1].id", "each id once"),
            ("catalog[1].url", "https://"),
            ("catalog[1].price", "a number from 0"),
            ("catalog[1].tags[0]", "key"),
            ("complements.mug[0]", "key"),
            ("shelves.s", "min_items"),
            ("shelves.s.listing", "listings"),
            ("shelves.s.template.item", "placeholders"),
            ("slots.hero[0].shelf", "shelves"),
        ] {
            assert!(
                found
                    .iter()
                    .any(|p| p.contains(&format!("at `{path}`")) && p.contains(expected)),
                "{path}: {expected} in {found:#?}"
            );
        }
        assert_eq!(found.len(), 10, "{found:#?}");
    }

    #[test]
    fn a_member_set_aside_is_not_reported_again_as_missing() {
        let found = problems(
            r#"{"questions": {"crafts": ["glass"]},
                "episodes": {"winter": {"from": "13-01", "until": "12-24"}}}"#,
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("episodes.winter.from"), "{found:#?}");
    }

    #[test]
    fn text_that_is_not_json_says_where_it_stops() {
        let found = problems("{\"questions\": ");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("line 1"), "{found:#?}");
    }
}
