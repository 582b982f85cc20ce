//! Where the config in force comes from while the worker runs: the bundled config, a
//! config in an environment variable, and one in a key-value store that can change at any
//! time. Each changing source is parsed only when its text changes, and a text that fails
//! validation is never applied: the last good config of that source keeps serving.

use super::Config;
use crate::errors::ConfigError;
use std::rc::Rc;

/// One source of config text that can change while the program runs (a key-value store's
/// key, an environment variable).
#[derive(Debug, Clone)]
pub struct ConfigSource {
    /// Names the source in error messages (`KV SHELFWISE_KV/config`).
    name: String,
    /// The text last offered; `None` when the source held nothing.
    text: Option<String>,
    /// The last text of this source that passed validation, parsed.
    last_good: Option<Rc<Config>>,
    /// When the source was last read (milliseconds since the epoch).
    read_at: Option<f64>,
}

impl ConfigSource {
    /// A source named `name` that has not been read yet.
    pub fn new(name: impl Into<String>) -> ConfigSource {
        ConfigSource {
            name: name.into(),
            text: None,
            last_good: None,
            read_at: None,
        }
    }

    /// True when the source should be read again at `now_ms`: never read, or last read
    /// `refresh_ms` or longer ago.
    pub fn is_due(&self, now_ms: f64, refresh_ms: f64) -> bool {
        self.read_at.is_none_or(|at| now_ms - at >= refresh_ms)
    }

    /// Offers the source's text as read at `now_ms` (`None`: it holds nothing now, so the
    /// next source down takes over). A changed text is parsed; one that fails validation
    /// is not applied and its problem is returned, while the last good config keeps serving.
    pub fn offer(&mut self, text: Option<&str>, now_ms: f64) -> Result<(), ConfigError> {
        self.read_at = Some(now_ms);
        if self.text.as_deref() == text {
            return Ok(());
        }
        self.text = text.map(str::to_owned);
        let Some(text) = text else {
            self.last_good = None;
            return Ok(());
        };
        let config = Config::from_json(&self.name, text)?;
        self.last_good = Some(Rc::new(config));
        Ok(())
    }

    /// Marks the source as read at `now_ms` without a new text (the read failed): the last
    /// good config keeps serving until the next read is due.
    pub fn read_failed(&mut self, now_ms: f64) {
        self.read_at = Some(now_ms);
    }

    /// The source's last good config, if it has one.
    pub fn config(&self) -> Option<Rc<Config>> {
        self.last_good.clone()
    }
}

/// The config in force, in order of precedence: the key-value store's, the variable's, then
/// the bundled one.
pub fn in_force(
    store: Option<Rc<Config>>,
    variable: Option<Rc<Config>>,
    bundled: Result<Rc<Config>, ConfigError>,
) -> Result<Rc<Config>, ConfigError> {
    store.or(variable).map_or(bundled, Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"questions":{"crafts":["glass"]}}"#;
    const OTHER: &str = r#"{"questions":{"crafts":["ceramics"]}}"#;
    const BROKEN: &str = r#"{"questions":{"crafts":"glass"}}"#;

    fn choices(config: &Config) -> Vec<String> {
        config
            .questions
            .interest_choices()
            .map(str::to_owned)
            .collect()
    }

    fn crafts(source: &ConfigSource) -> Vec<String> {
        choices(&source.config().expect("a config"))
    }

    #[test]
    fn a_rejected_text_never_replaces_the_last_good_config() {
        let mut source = ConfigSource::new("KV SHELFWISE_KV/config");
        assert!(source.config().is_none());
        source.offer(Some(GOOD), 0.0).expect("valid");
        assert_eq!(crafts(&source), ["glass"]);
        let error = source.offer(Some(BROKEN), 1.0).expect_err("rejected");
        assert!(
            error.to_string().contains("KV SHELFWISE_KV/config"),
            "{error}"
        );
        assert_eq!(
            crafts(&source),
            ["glass"],
            "the last good one keeps serving"
        );
        source.offer(Some(OTHER), 2.0).expect("valid");
        assert_eq!(crafts(&source), ["ceramics"]);
        // The key deleted: the next source down takes over.
        source.offer(None, 3.0).expect("nothing to parse");
        assert!(source.config().is_none());
    }

    #[test]
    fn a_source_is_read_again_only_when_due() {
        let mut source = ConfigSource::new("KV");
        assert!(source.is_due(0.0, 30_000.0));
        source.offer(Some(GOOD), 1_000.0).expect("valid");
        assert!(!source.is_due(30_999.0, 30_000.0));
        assert!(source.is_due(31_000.0, 30_000.0));
        source.read_failed(31_000.0);
        assert!(!source.is_due(32_000.0, 30_000.0));
        assert_eq!(crafts(&source), ["glass"]);
    }

    #[test]
    fn the_store_outranks_the_variable_which_outranks_the_bundle() {
        let config = |text| Rc::new(Config::from_json("t", text).expect("valid"));
        let bundled = || Ok(config(GOOD));
        let names = |c: Result<Rc<Config>, ConfigError>| choices(&c.expect("a config"));
        assert_eq!(names(in_force(None, None, bundled())), ["glass"]);
        assert_eq!(
            names(in_force(None, Some(config(OTHER)), bundled())),
            ["ceramics"]
        );
        let store = r#"{"questions":{"crafts":["prints"]}}"#;
        assert_eq!(
            names(in_force(
                Some(config(store)),
                Some(config(OTHER)),
                bundled()
            )),
            ["prints"]
        );
    }
}
