//! Reading the IAB's bit-packed strings: unpadded base64url text, read most significant bit
//! first. Every read past the end is `None`, so a short or damaged string is never a panic.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The longest encoded string read at all: a TC string with every vendor is a few KB.
pub const MAX_ENCODED_LEN: usize = 16 * 1024;

/// The bytes of one base64url segment (padding tolerated), or `None`.
pub fn decode_segment(text: &str) -> Option<Vec<u8>> {
    if text.len() > MAX_ENCODED_LEN {
        return None;
    }
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// A cursor over bits, most significant first.
pub struct Bits<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Bits<'a> {
    /// Reads `bytes` from their first bit.
    pub fn new(bytes: &'a [u8]) -> Bits<'a> {
        Bits { bytes, pos: 0 }
    }

    /// The bits not read yet.
    pub fn remaining(&self) -> usize {
        (self.bytes.len() * 8).saturating_sub(self.pos)
    }

    /// One bit.
    pub fn bit(&mut self) -> Option<bool> {
        let byte = self.bytes.get(self.pos / 8)?;
        let bit = byte >> (7 - self.pos % 8) & 1 == 1;
        self.pos += 1;
        Some(bit)
    }

    /// An unsigned integer of `width` bits (at most 64).
    pub fn int(&mut self, width: usize) -> Option<u64> {
        if width > 64 || width > self.remaining() {
            return None;
        }
        let mut value = 0u64;
        for _ in 0..width {
            value = value << 1 | u64::from(self.bit()?);
        }
        Some(value)
    }

    /// Skips `width` bits.
    pub fn skip(&mut self, width: usize) -> Option<()> {
        (width <= self.remaining()).then(|| self.pos += width)
    }

    /// A field of `width` flags, the first read being number 1.
    pub fn flags(&mut self, width: usize) -> Option<Flags> {
        let value = self.int(width)?;
        Some(Flags { value, width })
    }

    /// A Fibonacci-coded positive integer (Zeckendorf bits from 1, 2, 3, 5…, ended by "11").
    pub fn fibonacci(&mut self) -> Option<u64> {
        let (mut low, mut high) = (1u64, 2u64);
        let mut value = 0u64;
        let mut last = false;
        loop {
            let bit = self.bit()?;
            if bit && last {
                return (value > 0).then_some(value);
            }
            if bit {
                value = value.checked_add(low)?;
            }
            last = bit;
            (low, high) = (high, low.checked_add(high)?);
        }
    }
}

/// A fixed-width field of numbered flags (purposes 1–24, for example).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    value: u64,
    width: usize,
}

impl Flags {
    /// True when flag `number` (from 1) is set.
    pub fn has(self, number: u8) -> bool {
        let number = usize::from(number);
        (1..=self.width).contains(&number) && self.value >> (self.width - number) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_flags_are_read_most_significant_bit_first() {
        let mut bits = Bits::new(&[0b1010_0000, 0xff]);
        assert_eq!(bits.int(3), Some(0b101));
        let flags = bits.flags(5).expect("five bits");
        assert!(!flags.has(1) && !flags.has(5) && !flags.has(0) && !flags.has(6));
        assert_eq!(bits.int(8), Some(0xff));
        assert_eq!(bits.bit(), None, "past the end");
        assert_eq!(bits.int(65), None);
    }

    #[test]
    fn fibonacci_integers_follow_zeckendorf() {
        // 1 = "11", 2 = "011", 3 = "0011", 4 = "1011", 12 = "101011".
        let mut bits = Bits::new(&[0b1101_1001, 0b1101_1101, 0b0110_0000]);
        assert_eq!(bits.fibonacci(), Some(1));
        assert_eq!(bits.fibonacci(), Some(2));
        assert_eq!(bits.fibonacci(), Some(3));
        assert_eq!(bits.fibonacci(), Some(4));
        assert_eq!(bits.fibonacci(), Some(12));
        assert_eq!(bits.fibonacci(), None, "no terminator before the end");
    }
}
