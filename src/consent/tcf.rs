//! The IAB TCF v2.2 TC string (the `euconsent-v2` cookie, or a GPP string's EU section):
//! what Shelfwise needs of it — which purposes the shopper consented to, globally and (in
//! the publisher TC segment) for the publisher itself, and whether one vendor has consent.
//!
//! Decoding is total: any string that is not a well-formed version-2 TC string is `None`,
//! which the caller reads as "no consent".

use super::bits::{decode_segment, Bits, Flags};

/// What a TC string says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcString {
    /// Purposes 1–24 the shopper consented to (for vendors).
    pub purposes: Flags,
    /// Purposes consented to for the publisher itself (the publisher TC segment), when the
    /// string carries that segment.
    pub publisher_purposes: Option<Flags>,
    /// The vendor consents, as ranges of vendor ids.
    vendors: VendorSet,
}

impl TcString {
    /// True when `vendor` has the shopper's consent.
    pub fn vendor_consented(&self, vendor: u16) -> bool {
        self.vendors.contains(vendor)
    }
}

/// Vendor ids with consent: a bitfield or a list of ranges, as the string encodes them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum VendorSet {
    Bitfield { max: u16, bits: Vec<u8> },
    Ranges(Vec<(u16, u16)>),
}

impl VendorSet {
    fn contains(&self, vendor: u16) -> bool {
        match self {
            VendorSet::Bitfield { max, bits } => {
                let index = usize::from(vendor).wrapping_sub(1);
                vendor >= 1
                    && vendor <= *max
                    && bits
                        .get(index / 8)
                        .is_some_and(|byte| byte >> (7 - index % 8) & 1 == 1)
            }
            VendorSet::Ranges(ranges) => ranges
                .iter()
                .any(|(start, end)| (*start..=*end).contains(&vendor)),
        }
    }
}

/// Most ranges read from one section; a real string has a few hundred at most.
const MAX_RANGES: u64 = 4096;

/// Decodes a TC string: its core segment and, when present, its publisher TC segment.
pub fn decode(text: &str) -> Option<TcString> {
    let mut segments = text.trim().split('.');
    let core = decode_segment(segments.next()?)?;
    let mut bits = Bits::new(&core);
    if bits.int(6)? != 2 {
        return None;
    }
    // Created, LastUpdated, CmpId, CmpVersion, ConsentScreen, ConsentLanguage,
    // VendorListVersion, TcfPolicyVersion, IsServiceSpecific, UseNonStandardTexts,
    // SpecialFeatureOptIns.
    bits.skip(36 + 36 + 12 + 12 + 6 + 12 + 12 + 6 + 1 + 1 + 12)?;
    let purposes = bits.flags(24)?;
    // PurposesLITransparency, PurposeOneTreatment, PublisherCC.
    bits.skip(24 + 1 + 12)?;
    let vendors = vendor_section(&mut bits)?;
    let mut publisher_purposes = None;
    for segment in segments {
        let bytes = decode_segment(segment)?;
        let mut bits = Bits::new(&bytes);
        // Segment type 3: the publisher TC segment.
        if bits.int(3)? == 3 {
            publisher_purposes = Some(bits.flags(24)?);
        }
    }
    Some(TcString {
        purposes,
        publisher_purposes,
        vendors,
    })
}

/// The vendor consent section: MaxVendorId, then a bitfield or ranges.
fn vendor_section(bits: &mut Bits<'_>) -> Option<VendorSet> {
    let max = u16::try_from(bits.int(16)?).ok()?;
    if bits.bit()? {
        let entries = bits.int(12)?.min(MAX_RANGES);
        let mut ranges = Vec::new();
        for _ in 0..entries {
            let is_range = bits.bit()?;
            let start = u16::try_from(bits.int(16)?).ok()?;
            let end = if is_range {
                u16::try_from(bits.int(16)?).ok()?
            } else {
                start
            };
            if start == 0 || end < start {
                return None;
            }
            ranges.push((start, end));
        }
        Some(VendorSet::Ranges(ranges))
    } else {
        let width = usize::from(max);
        if width > bits.remaining() {
            return None;
        }
        let mut packed = vec![0u8; width.div_ceil(8)];
        for index in 0..width {
            if bits.bit()? {
                packed[index / 8] |= 1 << (7 - index % 8);
            }
        }
        Some(VendorSet::Bitfield { max, bits: packed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_other_versions_are_no_consent() {
        for text in [
            "",
            ".",
            "###",
            "AAAA",
            "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA",
            "C",
        ] {
            assert_eq!(decode(text), None, "{text}");
        }
    }

    #[test]
    fn vendor_ranges_and_bitfields_answer_for_their_ids() {
        let ranges = VendorSet::Ranges(vec![(3, 5), (755, 755)]);
        assert!(ranges.contains(4) && ranges.contains(755) && !ranges.contains(6));
        let bitfield = VendorSet::Bitfield {
            max: 10,
            bits: vec![0b0100_0000, 0b0100_0000],
        };
        assert!(bitfield.contains(2) && bitfield.contains(10));
        assert!(!bitfield.contains(1) && !bitfield.contains(0) && !bitfield.contains(11));
    }
}
