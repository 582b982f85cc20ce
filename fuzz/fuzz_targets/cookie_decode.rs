//! Any string is either a valid profile or rejected; a decoded profile round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shelfwise::profile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(decoded) = profile::decode(text) {
        let again = profile::decode(&profile::encode(&decoded));
        assert_eq!(again, Ok(decoded));
    }
});
