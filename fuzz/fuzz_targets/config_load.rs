//! Loading any text as a config either succeeds or reports problems; it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shelfwise::Config;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(error) = Config::from_json("fuzz.json", text) {
            assert!(!error.to_string().is_empty());
        }
    }
});
