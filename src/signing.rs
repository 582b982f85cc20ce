//! Signed profile cookies: in edge mode the profile cookie carries an HMAC-SHA256 of its
//! value under the worker's secret key, so a shopper (or anyone) who edits the cookie can
//! still be personalized from it, but never gets an offer from it.
//!
//! The value is `PROFILE.SIGNATURE`: the profile as [`crate::profile::encode`] writes it,
//! a dot (not in the base64url alphabet, so the split is unambiguous) and the first 16
//! bytes of the HMAC in base64url (22 characters). Keys rotate with two secrets: the
//! current one signs, and a value signed with the previous one is still trusted and signed
//! again with the current one when it is next written.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The worker secret that signs profiles (`wrangler secret put SHELFWISE_SIGNING_KEY`);
/// the CLI reads the same environment variable.
pub const KEY_VARIABLE: &str = "SHELFWISE_SIGNING_KEY";
/// The key it replaced, while keys rotate: still trusted, never used to sign.
pub const PREVIOUS_KEY_VARIABLE: &str = "SHELFWISE_SIGNING_KEY_PREVIOUS";

/// Bytes of the HMAC kept in the cookie: 128 bits, beyond guessing.
const SIGNATURE_BYTES: usize = 16;
/// What the MAC covers besides the value: a signature made for anything else never fits.
const CONTEXT: &[u8] = b"shelfwise-profile-v1:";

/// The worker's profile-signing secrets. Its `Debug` never prints them.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKeys {
    current: Vec<u8>,
    previous: Option<Vec<u8>>,
}

impl std::fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKeys(…)")
    }
}

/// What the signature of a stored value says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// Signed with the current key.
    Current,
    /// Signed with the previous key: trusted, and signed again when next written.
    Previous,
    /// No signature, or one that no key made: the value may have been forged.
    Missing,
}

type HmacSha256 = Hmac<Sha256>;

impl SigningKeys {
    /// The keys from the current secret and, while keys rotate, the previous one. `None`
    /// without a current secret (an empty one counts as none).
    pub fn new(current: &str, previous: Option<&str>) -> Option<SigningKeys> {
        (!current.is_empty()).then(|| SigningKeys {
            current: current.as_bytes().to_vec(),
            previous: previous
                .filter(|key| !key.is_empty())
                .map(|key| key.as_bytes().to_vec()),
        })
    }

    /// The keys from the variables [`KEY_VARIABLE`] and [`PREVIOUS_KEY_VARIABLE`], looked
    /// up with `var`.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Option<SigningKeys> {
        SigningKeys::new(&var(KEY_VARIABLE)?, var(PREVIOUS_KEY_VARIABLE).as_deref())
    }

    /// `value` with its signature under the current key.
    pub fn sign(&self, value: &str) -> String {
        let signature = URL_SAFE_NO_PAD.encode(signature(&self.current, value));
        format!("{value}.{signature}")
    }

    /// The profile part of a stored value and what its signature says. The signature is
    /// compared in constant time; a value without one is returned whole, as `Missing`.
    pub fn verify<'a>(&self, stored: &'a str) -> (&'a str, Signature) {
        let Some((value, given)) = stored.rsplit_once('.') else {
            return (stored, Signature::Missing);
        };
        let Ok(given) = URL_SAFE_NO_PAD.decode(given) else {
            return (value, Signature::Missing);
        };
        let matches = |key: &[u8]| {
            given.len() == SIGNATURE_BYTES
                && mac(key, value).is_some_and(|mac| mac.verify_truncated_left(&given).is_ok())
        };
        let signature = if matches(&self.current) {
            Signature::Current
        } else if self.previous.as_deref().is_some_and(matches) {
            Signature::Previous
        } else {
            Signature::Missing
        };
        (value, signature)
    }
}

/// The profile part of a stored value read without keys: whatever follows a dot is a
/// signature nobody here can check.
pub fn unsigned_part(stored: &str) -> &str {
    stored.rsplit_once('.').map_or(stored, |(value, _)| value)
}

fn mac(key: &[u8], value: &str) -> Option<HmacSha256> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).ok()?;
    mac.update(CONTEXT);
    mac.update(value.as_bytes());
    Some(mac)
}

fn signature(key: &[u8], value: &str) -> Vec<u8> {
    mac(key, value)
        .map(|mac| mac.finalize().into_bytes()[..SIGNATURE_BYTES].to_vec())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_value_verifies_and_any_change_does_not() {
        let keys = SigningKeys::new("k1", None).expect("keys");
        let signed = keys.sign("AQnYAQEB");
        assert_eq!(signed.len(), "AQnYAQEB".len() + 1 + 22);
        assert_eq!(keys.verify(&signed), ("AQnYAQEB", Signature::Current));
        let tampered = signed.replacen("AQnYAQEB", "AQnYAQEC", 1);
        assert_eq!(keys.verify(&tampered).1, Signature::Missing);
        assert_eq!(keys.verify("AQnYAQEB"), ("AQnYAQEB", Signature::Missing));
        assert_eq!(keys.verify("AQnYAQEB.!!").1, Signature::Missing);
        // A shortened signature is no signature.
        assert_eq!(
            keys.verify(&signed[..signed.len() - 4]).1,
            Signature::Missing
        );
        let other = SigningKeys::new("k2", None).expect("keys");
        assert_eq!(other.verify(&signed).1, Signature::Missing);
    }

    #[test]
    fn keys_rotate_with_the_previous_one_still_trusted() {
        let old = SigningKeys::new("old", None).expect("keys");
        let rotated = SigningKeys::new("new", Some("old")).expect("keys");
        let signed = old.sign("AQnY");
        assert_eq!(rotated.verify(&signed), ("AQnY", Signature::Previous));
        assert_eq!(rotated.verify(&rotated.sign("AQnY")).1, Signature::Current);
        assert_eq!(SigningKeys::new("", Some("old")), None);
        assert_eq!(unsigned_part(&signed), "AQnY");
        assert_eq!(format!("{rotated:?}"), "SigningKeys(…)");
    }
}
