//! Bundles the site config into the worker at build time.
//!
//! `SHELFWISE_CONFIG` names the config file (default: the demo shop's
//! `www/shelfwise.config.json`). It is copied into the build so the worker needs no
//! storage to start; it is validated when the worker first uses it. Valid JSON is copied
//! compacted (whitespace only: the worker carries it in its wasm, where indentation costs
//! bytes); anything else is copied as it is, so the worker reports its problems.

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let source = std::env::var_os("SHELFWISE_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir.join("www/shelfwise.config.json"));
    println!("cargo:rerun-if-env-changed=SHELFWISE_CONFIG");
    println!("cargo:rerun-if-changed={}", source.display());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let text = std::fs::read_to_string(&source).unwrap_or_else(|error| {
        panic!("cannot read the site config {}: {error}", source.display())
    });
    let text = serde_json::from_str::<serde_json::Value>(&text)
        .map(|value| value.to_string())
        .unwrap_or(text);
    if let Err(error) = std::fs::write(out_dir.join("site-config.json"), text) {
        panic!("cannot write the bundled config: {error}");
    }
}
