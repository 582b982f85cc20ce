//! The config's JSON Schema, generated from the config's types so it cannot drift from
//! what the loader accepts. `docs/config.schema.json` is this output, committed for
//! editors (a test keeps it current: `shelfwise config schema > docs/config.schema.json`).

use super::Config;
use schemars::generate::SchemaSettings;

/// The JSON Schema (draft 2020-12) of a site config, pretty-printed with a final newline.
pub fn json_schema() -> String {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Config>();
    schema.insert("title".into(), "Shelfwise site config".into());
    schema.insert(
        "description".into(),
        "The site config read by the Shelfwise worker, browser package and CLI, described in \
         docs/config.md. Rules that span keys (references to segments, episodes, occasions, \
         slots and listings; low_value_below <= high_value_from; an episode's from and until \
         in the same form, from <= until) are checked by `shelfwise config check`, not by \
         this schema."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_schema_is_the_one_the_types_give() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/config.schema.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == super::json_schema(),
            "docs/config.schema.json is out of date: run \
             `cargo run -q -- config schema > docs/config.schema.json`"
        );
    }
}
