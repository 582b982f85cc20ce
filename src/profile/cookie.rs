//! Cookie format v2: the profile as compact, versioned binary in unpadded base64url. Values
//! of format v1 (written when the questions were fixed) are still read, their answers
//! migrated to the keys those questions have in the config's earlier shape.
//!
//! The byte layout is specified in `docs/cookie-format.md`. Decoding is total: any input
//! either yields a valid [`Profile`] or a [`CookieError`], never a panic.

use super::{
    Affinity, Answer, Consent, ExposureCount, Intent, ItemRef, Lifecycle, Profile, Purposes, Slug,
    SpendStep, TaggedPurchase, ValueBand, ViewedItem, BUCKET_POSITIONS, MAX_AFFINITIES,
    MAX_ANSWERS, MAX_ANSWER_BYTES, MAX_CHOICES_PER_ANSWER, MAX_EXPOSURE_COUNTERS,
    MAX_TAGGED_PURCHASES, MAX_VIEWED, MAX_VISITS,
};
use crate::day::Day;
use crate::errors::CookieError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The format version this build writes.
const VERSION: u8 = 2;
/// The earlier version, still read: its answers are fixed records (`0x01`, `0x02` and
/// `0x04`) where version 2 has one record of answers by key.
const VERSION_FIXED_QUESTIONS: u8 = 1;
/// Longest cookie value (in characters) that is decoded at all.
pub const MAX_COOKIE_VALUE_LEN: usize = 512;
/// Most bytes an encoded profile may take before base64 (512 characters of base64url).
pub const MAX_PROFILE_BYTES: usize = MAX_COOKIE_VALUE_LEN / 4 * 3;

/// Version 1 only: who the shopper is shopping for, one byte.
const TAG_SHOPPING_FOR: u8 = 0x01;
/// Version 1: favourite crafts. Version 2: every answer, by question key.
const TAG_ANSWERS: u8 = 0x02;
const TAG_AFFINITIES: u8 = 0x03;
/// Version 1 only: the occasion given at first purchase.
const TAG_OCCASION: u8 = 0x04;
const TAG_LIFECYCLE: u8 = 0x05;
const TAG_INTENT: u8 = 0x06;
const TAG_CONSENT: u8 = 0x07;
/// Read only: a profile written before buckets held a 32-bit salt, read as the bucket it
/// falls in.
const TAG_SALT: u8 = 0x08;
const TAG_EXPOSURES: u8 = 0x09;
const TAG_PURPOSES: u8 = 0x0a;
const TAG_BUCKET: u8 = 0x0b;
const TAG_SPEND: u8 = 0x0c;
const TAG_BOUGHT: u8 = 0x0d;
const TAG_VIEWED: u8 = 0x0e;
/// In the affinities record, a length byte with this bit set refers to answered choice
/// number `byte & 0x7f` (counted through the answers in order; in version 1, the stated
/// crafts) instead of spelling the key out again.
const CHOICE_REFERENCE: u8 = 0x80;
/// In the answers record, the bit of a question key's length byte that marks an interests
/// question; bits 5 and 6 hold the number of choices less one, bits 0 to 4 the length
/// (keys are at most 24 bytes).
const INTERESTS_ANSWER: u8 = 0x80;
const ANSWER_COUNT_SHIFT: u8 = 5;
const KEY_LENGTH_BITS: u8 = 0x1f;
/// Version 1 kept at most this many favourite crafts.
const LEGACY_MAX_CRAFTS: usize = 3;
/// Marks "no day" in two-byte day fields of fixed-size records.
const NO_DAY: u16 = u16::MAX;

/// Encodes a profile as a cookie value. Entries beyond the format's limits (and invalid
/// zero weights) are dropped; if the result would pass the hard cap, the weakest affinities
/// and then the oldest frequency-cap counters are dropped until it fits, so the value
/// always decodes.
pub fn encode(profile: &Profile) -> String {
    let mut bytes = encode_bytes(profile);
    if bytes.len() > MAX_PROFILE_BYTES {
        let mut trimmed = profile.clone();
        trimmed.affinities.retain(|a| a.weight > 0);
        trimmed
            .affinities
            .sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| b.day.cmp(&a.day)));
        trimmed.affinities.truncate(MAX_AFFINITIES);
        trimmed.exposures.truncate(MAX_EXPOSURE_COUNTERS);
        trimmed
            .exposures
            .sort_by_key(|e| std::cmp::Reverse(e.since));
        while bytes.len() > MAX_PROFILE_BYTES {
            if trimmed.affinities.pop().is_none() && trimmed.exposures.pop().is_none() {
                break;
            }
            bytes = encode_bytes(&trimmed);
        }
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

fn encode_bytes(profile: &Profile) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.push(VERSION);
    out.extend_from_slice(&profile.written.0.to_be_bytes());

    // Each answer: the question's key, its length byte also holding the number of choices
    // and the interests bit, then the choices' keys. An answer that would pass the
    // answers' share of the cookie is left out (a config cannot ask for one).
    let mut answers: Vec<&Answer> = Vec::new();
    let mut record = Vec::new();
    for answer in profile.answers.iter().take(MAX_ANSWERS) {
        let choices = &answer.choices[..answer.choices.len().min(MAX_CHOICES_PER_ANSWER)];
        let mut bytes = Vec::new();
        push_slug(&mut bytes, &answer.question);
        let interests = if answer.interests {
            INTERESTS_ANSWER
        } else {
            0
        };
        // At most four choices, so the count less one takes two bits.
        bytes[0] |= (choices.len().saturating_sub(1) as u8) << ANSWER_COUNT_SHIFT | interests;
        for choice in choices {
            push_slug(&mut bytes, choice);
        }
        if !choices.is_empty() && record.len() + bytes.len() <= MAX_ANSWER_BYTES {
            record.extend_from_slice(&bytes);
            answers.push(answer);
        }
    }
    if !record.is_empty() {
        push_record(&mut out, TAG_ANSWERS, &record);
    }

    let mut affinities: Vec<&Affinity> =
        profile.affinities.iter().filter(|a| a.weight > 0).collect();
    affinities.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| b.day.cmp(&a.day)));
    affinities.truncate(MAX_AFFINITIES);
    if !affinities.is_empty() {
        let mut record = Vec::new();
        let choices: Vec<&Slug> = answers
            .iter()
            .flat_map(|a| a.choices.iter().take(MAX_CHOICES_PER_ANSWER))
            .collect();
        for affinity in affinities {
            // A key that is also an answered choice is written as a reference to it.
            match choices.iter().position(|c| **c == affinity.key) {
                Some(index) => record.push(CHOICE_REFERENCE | index as u8),
                None => push_slug(&mut record, &affinity.key),
            }
            record.push(affinity.weight);
            record.extend_from_slice(&affinity.day.0.to_be_bytes());
        }
        push_record(&mut out, TAG_AFFINITIES, &record);
    }

    let lifecycle = &profile.lifecycle;
    if *lifecycle != Lifecycle::default() {
        let mut record = Vec::with_capacity(9);
        record.extend_from_slice(&lifecycle.first_seen.0.to_be_bytes());
        record.extend_from_slice(&lifecycle.last_seen.0.to_be_bytes());
        record.push(lifecycle.visits.min(MAX_VISITS));
        record.push(lifecycle.purchases);
        record.extend_from_slice(&day_or_none(lifecycle.last_purchase));
        record.push(lifecycle.value_band.map_or(0, value_band_byte));
        push_record(&mut out, TAG_LIFECYCLE, &record);
    }

    let intent = &profile.intent;
    if *intent != Intent::default() {
        let mut record = vec![intent.wishlist_adds, intent.cart_adds];
        record.extend_from_slice(&day_or_none(intent.cart_open_since));
        push_record(&mut out, TAG_INTENT, &record);
    }

    if profile.consent != Consent::None {
        push_record(&mut out, TAG_CONSENT, &[consent_byte(profile.consent)]);
    }
    if !profile.exposures.is_empty() {
        let mut record = Vec::new();
        for exposure in profile.exposures.iter().take(MAX_EXPOSURE_COUNTERS) {
            push_slug(&mut record, &exposure.variant);
            record.push(exposure.count);
            record.extend_from_slice(&exposure.since.0.to_be_bytes());
        }
        push_record(&mut out, TAG_EXPOSURES, &record);
    }
    // A profile read from a value written before purposes were kept says nothing of them
    // and is written back the same way.
    let says_nothing = profile.created == Day::default()
        && profile.consented_on == Day::default()
        && profile.purposes == Purposes::ALL;
    if !says_nothing {
        // The days as stored, so that a value decodes and encodes to itself.
        let mut record = vec![profile.purposes.to_bits()];
        record.extend_from_slice(&profile.consented_on.0.to_be_bytes());
        record.extend_from_slice(&profile.created.0.to_be_bytes());
        push_record(&mut out, TAG_PURPOSES, &record);
    }
    if let Some(bucket) = profile.bucket.filter(|b| *b < BUCKET_POSITIONS) {
        push_record(&mut out, TAG_BUCKET, &bucket.to_be_bytes());
    }
    // A total belongs to purchases: without them (dropped with the window) it is not kept.
    if let Some(spend) = profile.lifecycle.spend.filter(|_| lifecycle.purchases > 0) {
        push_record(&mut out, TAG_SPEND, &[spend.0]);
    }
    if !profile.bought.is_empty() {
        let mut record = Vec::new();
        for bought in profile.bought.iter().take(MAX_TAGGED_PURCHASES) {
            push_slug(&mut record, &bought.tag);
            record.extend_from_slice(&bought.day.0.to_be_bytes());
        }
        push_record(&mut out, TAG_BOUGHT, &record);
    }
    // Each viewed item: its 24-bit reference and the days between its view and the day the
    // profile is written (one byte; an item viewed longer ago than that is not kept).
    let mut record = Vec::new();
    for viewed in profile.viewed.iter().take(MAX_VIEWED) {
        let Some(age) = profile
            .written
            .0
            .checked_sub(viewed.day.0)
            .and_then(|age| u8::try_from(age).ok())
        else {
            continue;
        };
        record.extend_from_slice(&viewed.item.bits().to_be_bytes()[1..]);
        record.push(age);
    }
    if !record.is_empty() {
        push_record(&mut out, TAG_VIEWED, &record);
    }
    out
}

fn day_or_none(day: Option<Day>) -> [u8; 2] {
    day.map_or(NO_DAY, |d| d.0).to_be_bytes()
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
    if version != VERSION && version != VERSION_FIXED_QUESTIONS {
        return Err(CookieError::UnsupportedVersion(version));
    }
    let fixed_questions = version == VERSION_FIXED_QUESTIONS;
    let mut profile = Profile {
        written: Day(reader.u16("the written day")?),
        ..Profile::default()
    };
    // The keys an affinity may refer to by number: every answered choice in order (in
    // version 1, the stated crafts).
    let mut referable: Vec<Slug> = Vec::new();
    // Version 1's occasion is placed after the other answers once all are read.
    let mut occasion: Option<Slug> = None;

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
            TAG_SHOPPING_FOR if fixed_questions => {
                let choice = match record.byte("shopping_for")? {
                    1 => "self",
                    2 => "gift",
                    3 => "unsure",
                    _ => return Err(CookieError::InvalidValue("shopping_for")),
                };
                profile.answers.push(Answer {
                    question: Slug::known("for"),
                    choices: vec![Slug::known(choice)],
                    interests: false,
                });
            }
            TAG_ANSWERS if fixed_questions => {
                while !record.is_done() {
                    if referable.len() == LEGACY_MAX_CRAFTS {
                        return Err(CookieError::TooMany {
                            field: "crafts",
                            max: LEGACY_MAX_CRAFTS,
                        });
                    }
                    let craft = record.slug("crafts")?;
                    if referable.contains(&craft) {
                        return Err(CookieError::InvalidValue("crafts"));
                    }
                    referable.push(craft);
                }
                if !referable.is_empty() {
                    profile.answers.push(Answer {
                        question: Slug::known("craft"),
                        choices: referable.clone(),
                        interests: true,
                    });
                }
            }
            TAG_ANSWERS => {
                // The encoder never writes more (nor could it write these back).
                if len > MAX_ANSWER_BYTES {
                    return Err(CookieError::InvalidValue("answers"));
                }
                while !record.is_done() {
                    if profile.answers.len() == MAX_ANSWERS {
                        return Err(CookieError::TooMany {
                            field: "answers",
                            max: MAX_ANSWERS,
                        });
                    }
                    let head = record.byte("answers")?;
                    let question = record.slug_of_len(head & KEY_LENGTH_BITS, "answers")?;
                    let picked = usize::from((head & !INTERESTS_ANSWER) >> ANSWER_COUNT_SHIFT) + 1;
                    if profile.answers.iter().any(|a| a.question == question) {
                        return Err(CookieError::InvalidValue("answers"));
                    }
                    let mut choices: Vec<Slug> = Vec::with_capacity(picked);
                    for _ in 0..picked {
                        let choice = record.slug("answers")?;
                        if choices.contains(&choice) {
                            return Err(CookieError::InvalidValue("answers"));
                        }
                        choices.push(choice);
                    }
                    referable.extend(choices.iter().cloned());
                    profile.answers.push(Answer {
                        question,
                        choices,
                        interests: head & INTERESTS_ANSWER != 0,
                    });
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
                    let key = record.slug_or_reference("affinities", &referable)?;
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
            TAG_OCCASION if fixed_questions => occasion = Some(record.slug("occasion")?),
            TAG_LIFECYCLE => profile.lifecycle = read_lifecycle(&mut record, profile.written)?,
            TAG_INTENT => {
                profile.intent = Intent {
                    wishlist_adds: record.byte("wishlist_adds")?,
                    cart_adds: record.byte("cart_adds")?,
                    cart_open_since: record.optional_day("cart_open_since", profile.written)?,
                };
            }
            TAG_CONSENT => profile.consent = parse_consent(record.byte("consent")?)?,
            TAG_SALT => {
                let b = record.take(4, "salt")?;
                let salt = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
                // Zero was "no salt". The position keeps the salt's low bits, which are as
                // uniform as the whole.
                profile.bucket = (salt != 0).then(|| (salt % u32::from(BUCKET_POSITIONS)) as u16);
            }
            TAG_EXPOSURES => {
                while !record.is_done() {
                    if profile.exposures.len() == MAX_EXPOSURE_COUNTERS {
                        return Err(CookieError::TooMany {
                            field: "exposures",
                            max: MAX_EXPOSURE_COUNTERS,
                        });
                    }
                    let variant = record.slug("exposures")?;
                    let count = record.byte("an exposure count")?;
                    let since = Day(record.u16("an exposure window")?);
                    if count == 0
                        || since > profile.written
                        || profile.exposures.iter().any(|e| e.variant == variant)
                    {
                        return Err(CookieError::InvalidValue("exposures"));
                    }
                    profile.exposures.push(ExposureCount {
                        variant,
                        count,
                        since,
                    });
                }
            }
            TAG_PURPOSES => {
                // The answers are the basis of every profile: a record without them is not
                // one this format writes.
                profile.purposes = Purposes::from_bits(record.byte("purposes")?)
                    .filter(|purposes| purposes.answers)
                    .ok_or(CookieError::InvalidValue("purposes"))?;
                profile.consented_on = Day(record.u16("consented_on")?);
                profile.created = Day(record.u16("created")?);
                if profile.created > profile.consented_on || profile.consented_on > profile.written
                {
                    return Err(CookieError::InvalidValue("purposes"));
                }
            }
            TAG_BUCKET => {
                let bucket = record.u16("bucket")?;
                if bucket >= BUCKET_POSITIONS {
                    return Err(CookieError::InvalidValue("bucket"));
                }
                profile.bucket = Some(bucket);
            }
            TAG_SPEND => {
                if profile.lifecycle.purchases == 0 {
                    return Err(CookieError::InvalidValue("spend"));
                }
                profile.lifecycle.spend = Some(SpendStep(record.byte("spend")?));
            }
            TAG_BOUGHT => {
                while !record.is_done() {
                    if profile.bought.len() == MAX_TAGGED_PURCHASES {
                        return Err(CookieError::TooMany {
                            field: "bought",
                            max: MAX_TAGGED_PURCHASES,
                        });
                    }
                    let tag = record.slug("bought")?;
                    let day = Day(record.u16("a purchase day")?);
                    if day > profile.written || profile.bought.iter().any(|b| b.tag == tag) {
                        return Err(CookieError::InvalidValue("bought"));
                    }
                    profile.bought.push(TaggedPurchase { tag, day });
                }
            }
            TAG_VIEWED => {
                while !record.is_done() {
                    if profile.viewed.len() == MAX_VIEWED {
                        return Err(CookieError::TooMany {
                            field: "viewed",
                            max: MAX_VIEWED,
                        });
                    }
                    let bits = record.take(3, "a viewed item")?;
                    let item =
                        ItemRef::from_bits(u32::from_be_bytes([0, bits[0], bits[1], bits[2]]))
                            .ok_or(CookieError::InvalidValue("viewed"))?;
                    let age = record.byte("a viewed item's age")?;
                    let day = profile
                        .written
                        .0
                        .checked_sub(u16::from(age))
                        .map(Day)
                        .ok_or(CookieError::InvalidValue("viewed"))?;
                    if profile.viewed.iter().any(|v| v.item == item) {
                        return Err(CookieError::InvalidValue("viewed"));
                    }
                    profile.viewed.push(ViewedItem { item, day });
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
    if let Some(occasion) = occasion {
        profile.answers.push(Answer {
            question: Slug::known("occasion"),
            choices: vec![occasion],
            interests: false,
        });
    }
    // The profile keeps affinities strongest first (as the encoder writes them); a value
    // written in another order decodes to the same canonical profile.
    profile
        .affinities
        .sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| b.day.cmp(&a.day)));
    Ok(profile)
}

fn read_lifecycle(record: &mut Reader<'_>, written: Day) -> Result<Lifecycle, CookieError> {
    let first_seen = Day(record.u16("first_seen")?);
    let last_seen = Day(record.u16("last_seen")?);
    let visits = record.byte("visits")?;
    let purchases = record.byte("purchases")?;
    let last_purchase = record.optional_day("last_purchase", written)?;
    let value_band = match record.byte("value_band")? {
        0 => None,
        1 => Some(ValueBand::Low),
        2 => Some(ValueBand::Mid),
        3 => Some(ValueBand::High),
        _ => return Err(CookieError::InvalidValue("value_band")),
    };
    let consistent = first_seen <= last_seen
        && last_seen <= written
        && visits <= MAX_VISITS
        && (purchases > 0) == last_purchase.is_some()
        && (value_band.is_none() || last_purchase.is_some());
    if !consistent {
        return Err(CookieError::InvalidValue("lifecycle"));
    }
    Ok(Lifecycle {
        first_seen,
        last_seen,
        visits,
        purchases,
        last_purchase,
        value_band,
        spend: None,
    })
}

fn value_band_byte(band: ValueBand) -> u8 {
    match band {
        ValueBand::Low => 1,
        ValueBand::Mid => 2,
        ValueBand::High => 3,
    }
}

fn consent_byte(consent: Consent) -> u8 {
    match consent {
        Consent::None => 0,
        Consent::Essential => 1,
        Consent::Personalization => 2,
    }
}

fn parse_consent(byte: u8) -> Result<Consent, CookieError> {
    match byte {
        0 => Ok(Consent::None),
        1 => Ok(Consent::Essential),
        2 => Ok(Consent::Personalization),
        _ => Err(CookieError::InvalidValue("consent")),
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

    /// A day field where [`NO_DAY`] means absent; a present day may not be after `written`.
    fn optional_day(
        &mut self,
        field: &'static str,
        written: Day,
    ) -> Result<Option<Day>, CookieError> {
        match self.u16(field)? {
            NO_DAY => Ok(None),
            day if Day(day) <= written => Ok(Some(Day(day))),
            _ => Err(CookieError::InvalidValue(field)),
        }
    }

    fn slug_or_reference(
        &mut self,
        field: &'static str,
        referable: &[Slug],
    ) -> Result<Slug, CookieError> {
        match self.bytes.get(self.pos) {
            Some(&byte) if byte & CHOICE_REFERENCE != 0 => {
                self.pos += 1;
                referable
                    .get(usize::from(byte & !CHOICE_REFERENCE))
                    .cloned()
                    .ok_or(CookieError::InvalidValue(field))
            }
            _ => self.slug(field),
        }
    }

    fn slug(&mut self, field: &'static str) -> Result<Slug, CookieError> {
        let len = self.byte(field)?;
        self.slug_of_len(len, field)
    }

    /// A key of `len` bytes (its length byte already read).
    fn slug_of_len(&mut self, len: u8, field: &'static str) -> Result<Slug, CookieError> {
        let raw = self.take(usize::from(len), field)?;
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
            consent: Consent::Personalization,
            lifecycle: Lifecycle {
                first_seen: Day(2_100),
                last_seen: Day(2_150),
                visits: 6,
                purchases: 2,
                last_purchase: Some(Day(2_149)),
                value_band: Some(ValueBand::Mid),
                spend: None,
            },
            bought: vec![],
            viewed: vec![],
            intent: Intent {
                wishlist_adds: 3,
                cart_adds: 1,
                cart_open_since: None,
            },
            bucket: Some(0x1eef),
            created: Day(2_100),
            consented_on: Day(2_120),
            purposes: Purposes::ANSWERS,
            exposures: vec![],
            answers: vec![
                Answer {
                    question: slug("for"),
                    choices: vec![slug("gift")],
                    interests: false,
                },
                Answer {
                    question: slug("craft"),
                    choices: vec![slug("ceramics"), slug("textiles")],
                    interests: true,
                },
            ],
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
    fn round_trips_a_typical_profile_in_under_100_characters() {
        // Who for, one favourite (seeding the stronger affinity) and one browsed interest.
        let mut typical = sample();
        typical.answers[1].choices.truncate(1);
        typical.intent = Intent::default();
        let value = encode(&typical);
        assert!(value.len() <= 100, "{} characters", value.len());
        assert_eq!(decode(&value), Ok(typical));
        assert_eq!(decode(&encode(&sample())), Ok(sample()));
    }

    #[test]
    fn a_value_of_the_fixed_questions_reads_as_answers_by_their_keys() {
        // Version 1: written day 1, for=gift, crafts [glass, prints], an affinity that
        // refers to craft 1, the occasion "birthday".
        let mut bytes = vec![1, 0, 1, TAG_SHOPPING_FOR, 1, 2, TAG_ANSWERS, 13, 5];
        bytes.extend_from_slice(b"glass");
        bytes.push(6);
        bytes.extend_from_slice(b"prints");
        bytes.extend_from_slice(&[TAG_AFFINITIES, 4, CHOICE_REFERENCE | 1, 99, 0, 1]);
        bytes.extend_from_slice(&[TAG_OCCASION, 9, 8]);
        bytes.extend_from_slice(b"birthday");
        let profile = decode_bytes(&bytes).expect("a version 1 value");
        let answers: Vec<(&str, Vec<&str>, bool)> = profile
            .answers
            .iter()
            .map(|a| {
                let choices = a.choices.iter().map(Slug::as_str).collect();
                (a.question.as_str(), choices, a.interests)
            })
            .collect();
        assert_eq!(
            answers,
            [
                ("for", vec!["gift"], false),
                ("craft", vec!["glass", "prints"], true),
                ("occasion", vec!["birthday"], false),
            ]
        );
        assert_eq!(profile.affinities[0].key.as_str(), "prints");
        // Written back in the current version, it reads the same.
        let again = encode(&profile);
        assert_eq!(URL_SAFE_NO_PAD.decode(&again).expect("base64")[0], VERSION);
        assert_eq!(decode(&again), Ok(profile));
    }

    #[test]
    fn answers_past_their_share_of_the_cookie_are_not_stored() {
        let long = |prefix: &str, i: usize| slug(&format!("{prefix}{i}-{}", "x".repeat(20))[..24]);
        let answer = |i: usize| Answer {
            question: long("question", i),
            choices: (0..MAX_CHOICES_PER_ANSWER)
                .map(|c| long("choice", c))
                .collect(),
            interests: false,
        };
        let profile = Profile {
            answers: vec![answer(0), answer(1)],
            ..sample()
        };
        let decoded = decode(&encode(&profile)).expect("decodes");
        assert_eq!(decoded.answers, [answer(0)]);
    }

    #[test]
    fn a_maximal_profile_fits_the_cap() {
        let long = |prefix: &str, i: usize| slug(&format!("{prefix}{i}-{}", "x".repeat(20))[..24]);
        let mut profile = sample();
        // The longest answers a config may ask for: 128 bytes.
        profile.answers = vec![Answer {
            question: long("question", 0),
            choices: (0..MAX_CHOICES_PER_ANSWER)
                .map(|i| long("choice", i))
                .collect(),
            interests: false,
        }];
        profile.lifecycle.spend = Some(SpendStep(40));
        profile.bought = (0..MAX_TAGGED_PURCHASES)
            .map(|i| TaggedPurchase {
                tag: long("tag", i),
                day: Day(2_149),
            })
            .collect();
        profile.viewed = (0..MAX_VIEWED)
            .map(|i| ViewedItem {
                item: ItemRef::of(&format!("item-{i}")),
                day: Day(2_150 - i as u16),
            })
            .collect();
        profile.affinities = (0..MAX_AFFINITIES)
            .map(|i| Affinity {
                key: long("key", i),
                weight: 255 - i as u8,
                day: Day(2_150),
            })
            .collect();
        let value = encode(&profile);
        assert!(
            value.len() <= MAX_COOKIE_VALUE_LEN,
            "{} characters",
            value.len()
        );
        // Past the cap the weakest affinities make room; everything else is kept.
        let decoded = decode(&value).expect("the capped value decodes");
        assert!(decoded.affinities.len() < MAX_AFFINITIES);
        assert_eq!(
            decoded.affinities[..],
            profile.affinities[..decoded.affinities.len()]
        );
        assert_eq!(
            decoded,
            Profile {
                affinities: decoded.affinities.clone(),
                ..profile
            }
        );
    }

    #[test]
    fn affinities_for_answered_choices_are_written_as_references() {
        let mut profile = sample();
        let spelled_out = encode(&Profile {
            answers: vec![],
            ..profile.clone()
        })
        .len()
            + encode(&Profile {
                affinities: vec![],
                ..profile.clone()
            })
            .len();
        profile.affinities[0].key = slug("textiles");
        assert_eq!(decode(&encode(&profile)), Ok(profile.clone()));
        assert!(encode(&profile).len() < spelled_out);
        // A reference to a choice that is not there rejects the cookie.
        let bytes = [2, 0, 1, TAG_AFFINITIES, 4, CHOICE_REFERENCE | 2, 9, 0, 1];
        assert_eq!(
            decode_bytes(&bytes),
            Err(CookieError::InvalidValue("affinities"))
        );
    }

    #[test]
    fn viewed_items_take_four_bytes_each_and_are_checked() {
        let mut profile = sample();
        let without = encode(&profile).len();
        profile.viewed = ["cer-001", "gla-002", "tex-003"]
            .iter()
            .zip([2_150, 2_100, 1_900])
            .map(|(id, day)| ViewedItem {
                item: ItemRef::of(id),
                day: Day(day),
            })
            .collect();
        let value = encode(&profile);
        // 2 + 3 × 4 bytes: 14 bytes, 18 or 19 characters.
        assert!((18..=19).contains(&(value.len() - without)), "{value}");
        assert_eq!(decode(&value), Ok(profile.clone()));
        // An item viewed before the profile could say (256 days and more) is not kept.
        profile.viewed[2].day = Day(1_894);
        let decoded = decode(&encode(&profile)).expect("decodes");
        assert_eq!(decoded.viewed[..], profile.viewed[..2]);
        // Twice the same item, or an age before day zero, rejects the cookie.
        let twice = [1, 0, 9, TAG_VIEWED, 8, 1, 2, 3, 0, 1, 2, 3, 1];
        assert_eq!(
            decode_bytes(&twice),
            Err(CookieError::InvalidValue("viewed"))
        );
        let too_old = [1, 0, 9, TAG_VIEWED, 4, 1, 2, 3, 10];
        assert_eq!(
            decode_bytes(&too_old),
            Err(CookieError::InvalidValue("viewed"))
        );
    }

    #[test]
    fn rejects_unknown_versions_and_garbage() {
        assert_eq!(decode("AwAA"), Err(CookieError::UnsupportedVersion(3)));
        assert_eq!(decode("***"), Err(CookieError::NotBase64));
        assert_eq!(decode(""), Err(CookieError::Empty));
        assert!(matches!(
            decode(&"A".repeat(600)),
            Err(CookieError::TooLong { .. })
        ));
    }

    #[test]
    fn rejects_records_out_of_order() {
        let bytes = [1, 0, 1, TAG_ANSWERS, 0, TAG_SHOPPING_FOR, 1, 2];
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
        assert!(profile.answer("for").is_some_and(|a| a.picked("gift")));
    }

    #[test]
    fn a_salt_written_before_buckets_is_read_as_its_bucket_and_written_as_one() {
        // written day 1, consent personalization, salt 0xdeadbeef.
        let bytes = [
            1,
            0,
            1,
            TAG_CONSENT,
            1,
            2,
            TAG_SALT,
            4,
            0xde,
            0xad,
            0xbe,
            0xef,
        ];
        let profile = decode_bytes(&bytes).expect("decodes");
        assert_eq!(profile.bucket, Some((0xdead_beef_u32 % 16_384) as u16));
        assert_eq!(profile.purposes, Purposes::ALL);
        assert_eq!(profile.created_on(), Day(1));
        let again = URL_SAFE_NO_PAD.decode(encode(&profile)).expect("base64");
        assert_eq!(
            again,
            [VERSION, 0, 1, TAG_CONSENT, 1, 2, TAG_BUCKET, 2, 0x3e, 0xef]
        );
        // A bucket past the positions is refused.
        let bytes = [1, 0, 1, TAG_BUCKET, 2, 0x40, 0];
        assert_eq!(
            decode_bytes(&bytes),
            Err(CookieError::InvalidValue("bucket"))
        );
    }

    #[test]
    fn purposes_and_their_days_are_checked() {
        let record = |bits: u8, consented: u8, created: u8| {
            decode_bytes(&[1, 0, 9, TAG_PURPOSES, 5, bits, 0, consented, 0, created])
        };
        let profile = record(0b011, 5, 3).expect("decodes");
        assert_eq!(
            (profile.purposes, profile.consented_on, profile.created),
            (
                Purposes {
                    answers: true,
                    interests: true,
                    measurement: false
                },
                Day(5),
                Day(3)
            )
        );
        assert!(record(0b1000, 5, 3).is_err(), "unknown purpose bit");
        assert!(record(1, 10, 3).is_err(), "consent after the last write");
        assert!(record(1, 5, 6).is_err(), "created after consent");
    }

    /// Found by the `cookie_decode` fuzz target: a purposes record without a creation day
    /// was written back with the day the profile counts as created, after its consent day,
    /// so the value did not decode again. Days are written as stored, and a record without
    /// the answers purpose is refused.
    #[test]
    fn regression_purposes_days_are_written_as_stored() {
        let bytes = [1, 0x81, 0x18, TAG_PURPOSES, 5, 0b001, 6, 4, 0, 0];
        let profile = decode_bytes(&bytes).expect("decodes");
        assert_eq!(decode(&encode(&profile)), Ok(profile));
        let without_answers = [1, 0x81, 0x18, TAG_PURPOSES, 5, 0b110, 6, 4, 0, 0];
        assert_eq!(
            decode_bytes(&without_answers),
            Err(CookieError::InvalidValue("purposes"))
        );
    }

    /// Found by the `cookie_decode` fuzz target: affinities written weakest first decoded
    /// in that order, so re-encoding (strongest first) did not give the same profile back.
    #[test]
    fn regression_affinities_out_of_order_decode_canonically() {
        let value = "ATPBAwwBNwwAwANwNWvBAfPPCAQPwAPAPBA0";
        let profile = decode(value).expect("decodes");
        assert_eq!(profile.affinities[0].key.as_str(), "p5k");
        assert_eq!(decode(&encode(&profile)), Ok(profile));
    }

    #[test]
    fn rejects_slugs_with_markup() {
        let mut bytes = vec![1, 0, 1, TAG_ANSWERS, 9, 8];
        bytes.extend_from_slice(b"<script>");
        assert_eq!(
            decode_bytes(&bytes),
            Err(CookieError::InvalidValue("crafts"))
        );
    }
}
