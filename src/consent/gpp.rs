//! The IAB Global Privacy Platform string (the `__gpp` cookie): its EU TCF section, and the
//! opt-outs of sale, sharing and targeted advertising of its US sections (the national one,
//! every state one, and the older US Privacy string).
//!
//! Decoding is total: a string whose header does not parse is `None` ("no consent"); a
//! section that does not parse counts as absent.

use super::bits::{decode_segment, Bits};
use super::tcf::{self, TcString};

/// What a GPP string says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GppString {
    /// The EU TCF v2 section, when present and well formed.
    pub tcf: Option<TcString>,
    /// Some US section records an opt-out of sale, sharing or targeted advertising.
    pub us_opt_out: bool,
}

/// The header's type field: always 3.
const HEADER_TYPE: u64 = 3;
/// The EU TCF v2 section.
const TCF_EU_V2: u64 = 2;
/// The US Privacy string (`1YNN`), kept as a section.
const US_PRIVACY_V1: u64 = 6;
/// Most sections read from one string; there are fewer than 30 kinds.
const MAX_SECTIONS: usize = 64;

/// Where a US section's opt-outs sit: the first bit of each two-bit field (`1` = opted
/// out), from the sections' published layouts. `None` when the section has no such field.
struct UsLayout {
    sale: usize,
    sharing: Option<usize>,
    targeted: Option<usize>,
}

fn us_layout(section: u64) -> Option<UsLayout> {
    let (sale, sharing, targeted) = match section {
        // National.
        7 => (18, Some(20), Some(22)),
        // California.
        8 => (12, Some(14), None),
        // Utah, Iowa.
        11 | 18 => (14, None, Some(16)),
        // Maryland, Indiana, Kentucky, Rhode Island.
        24..=27 => (16, None, Some(18)),
        // Virginia, Colorado, Connecticut, Florida, Montana, Oregon, Texas, Delaware,
        // Nebraska, New Hampshire, New Jersey, Tennessee, Minnesota.
        9 | 10 | 12..=17 | 19..=23 => (12, None, Some(14)),
        _ => return None,
    };
    Some(UsLayout {
        sale,
        sharing,
        targeted,
    })
}

/// Decodes a GPP string: `HEADER~SECTION~SECTION…`, one section per id of the header, in
/// order.
pub fn decode(text: &str) -> Option<GppString> {
    let mut parts = text.trim().split('~');
    let header = decode_segment(parts.next()?)?;
    let mut bits = Bits::new(&header);
    if bits.int(6)? != HEADER_TYPE || bits.int(6)? != 1 {
        return None;
    }
    let ids = fibonacci_range(&mut bits)?;
    let mut gpp = GppString::default();
    for (id, section) in ids.into_iter().zip(parts) {
        match id {
            TCF_EU_V2 => gpp.tcf = tcf::decode(section),
            US_PRIVACY_V1 => {
                // `1YNN`: version, notice given, opted out of sale, covered by the LSPA.
                gpp.us_opt_out |= section.as_bytes().get(2) == Some(&b'Y');
            }
            _ => gpp.us_opt_out |= us_opted_out(id, section).unwrap_or(false),
        }
    }
    Some(gpp)
}

/// True when a US section records an opt-out; `None` when it does not parse.
fn us_opted_out(id: u64, section: &str) -> Option<bool> {
    let layout = us_layout(id)?;
    // The core segment comes first; a GPC subsection may follow after a `.`.
    let core = decode_segment(section.split('.').next()?)?;
    let opted_out = |start: usize| -> Option<bool> {
        let mut bits = Bits::new(&core);
        bits.skip(start)?;
        Some(bits.int(2)? == 1)
    };
    let mut any = opted_out(layout.sale)?;
    for start in [layout.sharing, layout.targeted].into_iter().flatten() {
        any |= opted_out(start)?;
    }
    Some(any)
}

/// The header's section ids: a count, then single ids or ranges, each Fibonacci-coded as
/// an offset from the id before.
fn fibonacci_range(bits: &mut Bits<'_>) -> Option<Vec<u64>> {
    let entries = usize::try_from(bits.int(12)?).ok()?;
    let mut ids = Vec::new();
    let mut last = 0u64;
    for _ in 0..entries.min(MAX_SECTIONS) {
        let is_range = bits.bit()?;
        let start = last.checked_add(bits.fibonacci()?)?;
        let end = if is_range {
            start.checked_add(bits.fibonacci()?)?
        } else {
            start
        };
        for id in start..=end {
            if ids.len() == MAX_SECTIONS {
                return None;
            }
            ids.push(id);
        }
        last = end;
    }
    Some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_that_does_not_parse_is_no_consent() {
        for text in ["", "~", "DBAA", "ABABLA~x", "DBABLA"] {
            let decoded = decode(text);
            assert!(
                decoded.is_none() || decoded == Some(GppString::default()),
                "{text}: {decoded:?}"
            );
        }
    }
}
