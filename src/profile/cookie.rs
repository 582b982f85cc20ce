//! Cookie format v1: the profile as compact, versioned binary in unpadded base64url.
//!
//! The byte layout is specified in `docs/cookie-format.md`. Decoding is total: any input
//! either yields a valid [`Profile`] or a [`CookieError`], never a panic.

use super::{Affinity, Profile, ShoppingFor, Slug, MAX_AFFINITIES, MAX_STATED_CRAFTS};
use crate::day::Day;
use crate::errors::CookieError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The format version this build writes and reads.
const VERSION: u8 = 1;
/// Longest cookie value (in characters) that is decoded at all.
pub const MAX_COOKIE_VALUE_LEN: usize = 512;
/// Most bytes an encoded profile may take before base64 (512 characters of base64url).
pub const MAX_PROFILE_BYTES: usize = MAX_COOKIE_VALUE_LEN / 4 * 3;

const TAG_SHOPPING_FOR: u8 = 0x01;
const TAG_CRAFTS: u8 = 0x02;
const TAG_AFFINITIES: u8 = 0x03;

/// Encodes a profile as a cookie value. Entries beyond the format's limits (and invalid
/// zero weights) are dropped, weakest affinities first, so the result always decodes.
pub fn encode(profile: &Profile) -> String {
    let mut out = Vec::with_capacity(64);
    out.push(VERSION);
    out.extend_from_slice(&profile.written.0.to_be_bytes());

    if let Some(answer) = profile.shopping_for {
        out.extend_from_slice(&[TAG_SHOPPING_FOR, 1, shopping_for_byte(answer)]);
    }

    if !profile.crafts.is_empty() {
        let mut record = Vec::new();
        for craft in profile.crafts.iter().take(MAX_STATED_CRAFTS) {
            push_slug(&mut record, craft);
        }
        push_record(&mut out, TAG_CRAFTS, &record);
    }

    let mut affinities: Vec<&Affinity> =
        profile.affinities.iter().filter(|a| a.weight > 0).collect();
    affinities.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| b.day.cmp(&a.day)));
    affinities.truncate(MAX_AFFINITIES);
    if !affinities.is_empty() {
        let mut record = Vec::new();
        for affinity in affinities {
            push_slug(&mut record, &affinity.key);
            record.push(affinity.weight);
            record.extend_from_slice(&affinity.day.0.to_be_bytes());
        }
        push_record(&mut out, TAG_AFFINITIES, &record);
    }

    URL_SAFE_NO_PAD.encode(out)
}

/// Decodes a cookie value into a profile, or says why it cannot be used.
pub fn decode(value: &str) -> Result<Profile, CookieError> {
    if value.len() > MAX_COOKIE_VALUE_LEN {
        return Err(CookieError::TooLong {
            len: value.len(),
            max: MAX_COOKIE_VALUE_LEN,
        });
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(value.trim())
        .map_err(|_| CookieError::NotBase64)?;
    decode_bytes(&bytes)
}

fn decode_bytes(bytes: &[u8]) -> Result<Profile, CookieError> {
    let mut reader = Reader { bytes, pos: 0 };
    let version = reader.byte("the version").map_err(|_| CookieError::Empty)?;
    if version != VERSION {
        return Err(CookieError::UnsupportedVersion(version));
    }
    let mut profile = Profile {
        written: Day(reader.u16("the written day")?),
        ..Profile::default()
    };

    let mut last_tag = 0u8;
    while !reader.is_done() {
        let tag = reader.byte("a record tag")?;
        if tag <= last_tag {
            return Err(CookieError::RecordOrder { tag });
        }
        last_tag = tag;
        let len = usize::from(reader.byte("a record length")?);
        let payload = reader.take(len, "a record")?;
        let mut record = Reader {
            bytes: payload,
            pos: 0,
        };
        match tag {
            TAG_SHOPPING_FOR => {
                profile.shopping_for = Some(parse_shopping_for(record.byte("shopping_for")?)?);
            }
            TAG_CRAFTS => {
                while !record.is_done() {
                    if profile.crafts.len() == MAX_STATED_CRAFTS {
                        return Err(CookieError::TooMany {
                            field: "crafts",
                            max: MAX_STATED_CRAFTS,
                        });
                    }
                    let craft = record.slug("crafts")?;
                    if profile.crafts.contains(&craft) {
                        return Err(CookieError::InvalidValue("crafts"));
                    }
                    profile.crafts.push(craft);
                }
            }
            TAG_AFFINITIES => {
                while !record.is_done() {
                    if profile.affinities.len() == MAX_AFFINITIES {
                        return Err(CookieError::TooMany {
                            field: "affinities",
                            max: MAX_AFFINITIES,
                        });
                    }
                    let key = record.slug("affinities")?;
                    let weight = record.byte("an affinity weight")?;
                    let day = Day(record.u16("an affinity day")?);
                    if weight == 0
                        || day > profile.written
                        || profile.affinities.iter().any(|a| a.key == key)
                    {
                        return Err(CookieError::InvalidValue("affinities"));
                    }
                    profile.affinities.push(Affinity { key, weight, day });
                }
            }
            // Records this version does not know are skipped, so a newer writer's cookie
            // still personalizes with the fields both understand.
            _ => continue,
        }
        if !record.is_done() {
            return Err(CookieError::TrailingBytes { tag });
        }
    }
    Ok(profile)
}

fn shopping_for_byte(answer: ShoppingFor) -> u8 {
    match answer {
        ShoppingFor::Myself => 1,
        ShoppingFor::Gift => 2,
        ShoppingFor::Unsure => 3,
    }
}

fn parse_shopping_for(byte: u8) -> Result<ShoppingFor, CookieError> {
    match byte {
        1 => Ok(ShoppingFor::Myself),
        2 => Ok(ShoppingFor::Gift),
        3 => Ok(ShoppingFor::Unsure),
        _ => Err(CookieError::InvalidValue("shopping_for")),
    }
}

fn push_slug(out: &mut Vec<u8>, slug: &Slug) {
    // Slugs are at most 24 bytes, so the length always fits one byte.
    out.push(slug.as_str().len() as u8);
    out.extend_from_slice(slug.as_str().as_bytes());
}

fn push_record(out: &mut Vec<u8>, tag: u8, payload: &[u8]) {
    // Payloads are bounded by the entry limits: 3 × 25 and 8 × 28 bytes, both under 256.
    out.push(tag);
    out.push(payload.len() as u8);
    out.extend_from_slice(payload);
}

/// A bounds-checked cursor over the cookie bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn is_done(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], CookieError> {
        let end = self
            .pos
            .checked_add(len)
            .ok_or(CookieError::Truncated(what))?;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(CookieError::Truncated(what))?;
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self, what: &'static str) -> Result<u8, CookieError> {
        Ok(self.take(1, what)?[0])
    }

    fn u16(&mut self, what: &'static str) -> Result<u16, CookieError> {
        let b = self.take(2, what)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn slug(&mut self, field: &'static str) -> Result<Slug, CookieError> {
        let len = usize::from(self.byte(field)?);
        let raw = self.take(len, field)?;
        std::str::from_utf8(raw)
            .ok()
            .and_then(Slug::new)
            .ok_or(CookieError::InvalidValue(field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::new(s).expect("test slug")
    }

    fn sample() -> Profile {
        Profile {
            written: Day(2_150),
            shopping_for: Some(ShoppingFor::Gift),
            crafts: vec![slug("ceramics"), slug("textiles")],
            affinities: vec![
                Affinity {
                    key: slug("ceramics"),
                    weight: 200,
                    day: Day(2_150),
                },
                Affinity {
                    key: slug("prints"),
                    weight: 40,
                    day: Day(2_140),
                },
            ],
        }
    }

    #[test]
    fn round_trips_a_typical_profile_in_under_100_bytes() {
        let value = encode(&sample());
        assert!(value.len() <= 100, "{} characters", value.len());
        assert_eq!(decode(&value), Ok(sample()));
    }

    #[test]
    fn rejects_unknown_versions_and_garbage() {
        assert_eq!(decode("AgAA"), Err(CookieError::UnsupportedVersion(2)));
        assert_eq!(decode("***"), Err(CookieError::NotBase64));
        assert_eq!(decode(""), Err(CookieError::Empty));
        assert!(matches!(
            decode(&"A".repeat(600)),
            Err(CookieError::TooLong { .. })
        ));
    }

    #[test]
    fn rejects_records_out_of_order() {
        let bytes = [1, 0, 1, TAG_CRAFTS, 0, TAG_SHOPPING_FOR, 1, 2];
        assert_eq!(
            decode_bytes(&bytes),
            Err(CookieError::RecordOrder {
                tag: TAG_SHOPPING_FOR
            })
        );
    }

    #[test]
    fn skips_unknown_records() {
        let bytes = [1, 0, 1, TAG_SHOPPING_FOR, 1, 2, 0x40, 2, 9, 9];
        let profile = decode_bytes(&bytes).expect("decodes");
        assert_eq!(profile.shopping_for, Some(ShoppingFor::Gift));
    }

    #[test]
    fn rejects_slugs_with_markup() {
        let mut bytes = vec![1, 0, 1, TAG_CRAFTS, 9, 8];
        bytes.extend_from_slice(b"<script>");
        assert_eq!(
            decode_bytes(&bytes),
            Err(CookieError::InvalidValue("crafts"))
        );
    }
}
