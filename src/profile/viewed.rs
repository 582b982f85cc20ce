//! Recently viewed: the last few catalog items the shopper looked at, for a "recently
//! viewed" shelf.
//!
//! Item ids can be long, so the profile keeps a 24-bit reference to each (a SipHash of the
//! id) with the day it was viewed: four bytes an item in the cookie. A reference is a
//! compaction, not a secret: the catalog is public and the shelf maps each reference back
//! to the one catalog item it names. A reference that matches no item, or more than one,
//! is never shown.

use super::Profile;
use crate::day::Day;
use serde::{Deserialize, Serialize};
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

/// At most this many viewed items are kept; the oldest goes first.
pub const MAX_VIEWED: usize = 5;

/// A catalog item's 24-bit reference: what the profile keeps instead of its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemRef(u32);

impl ItemRef {
    /// The largest reference (24 bits).
    pub const MAX: u32 = (1 << 24) - 1;

    /// The reference of the catalog item `id`.
    pub fn of(id: &str) -> ItemRef {
        let mut hasher = SipHasher13::new_with_keys(0x7669_6577_6564, 0x0073_6865_6c66);
        hasher.write(id.as_bytes());
        ItemRef((hasher.finish() & u64::from(Self::MAX)) as u32)
    }

    /// A stored reference, when it fits in 24 bits.
    pub fn from_bits(bits: u32) -> Option<ItemRef> {
        (bits <= Self::MAX).then_some(ItemRef(bits))
    }

    /// The reference's 24 bits.
    pub fn bits(self) -> u32 {
        self.0
    }
}

/// One recently viewed catalog item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewedItem {
    /// The item's reference ([`ItemRef::of`] its catalog id).
    pub item: ItemRef,
    /// The day it was last viewed.
    pub day: Day,
}

impl Profile {
    /// Records that the catalog item `item` was viewed on `today`: it moves to the front,
    /// and the oldest item makes room when [`MAX_VIEWED`] are kept. The caller checks that
    /// behaviour may be recorded (the `interests` purpose, no Global Privacy Control).
    pub fn record_viewed(&mut self, item: ItemRef, today: Day) {
        self.viewed.retain(|viewed| viewed.item != item);
        self.viewed.insert(0, ViewedItem { item, day: today });
        self.viewed.truncate(MAX_VIEWED);
        self.written = today;
    }

    /// Removes one viewed item, from the privacy centre. Returns false when it was not
    /// kept.
    pub fn forget_viewed(&mut self, item: ItemRef, today: Day) -> bool {
        let before = self.viewed.len();
        self.viewed.retain(|viewed| viewed.item != item);
        let removed = self.viewed.len() != before;
        if removed {
            self.written = today;
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_view_comes_first_and_the_oldest_makes_room() {
        let mut profile = Profile::default();
        for (day, id) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
            profile.record_viewed(ItemRef::of(id), Day(100 + day as u16));
        }
        profile.record_viewed(ItemRef::of("c"), Day(110));
        let order: Vec<ItemRef> = profile.viewed.iter().map(|v| v.item).collect();
        let expected: Vec<ItemRef> = ["c", "f", "e", "d", "b"].map(ItemRef::of).to_vec();
        assert_eq!(order, expected);
        assert_eq!(profile.viewed[0].day, Day(110));
        assert!(profile.forget_viewed(ItemRef::of("e"), Day(111)));
        assert!(!profile.forget_viewed(ItemRef::of("e"), Day(111)));
        assert_eq!(profile.viewed.len(), 4);
        assert_eq!(profile.written, Day(111));
    }

    #[test]
    fn references_are_stable_and_fit_24_bits() {
        assert_eq!(ItemRef::of("cer-001"), ItemRef::of("cer-001"));
        assert_ne!(ItemRef::of("cer-001"), ItemRef::of("cer-002"));
        assert!(ItemRef::of("cer-001").bits() <= ItemRef::MAX);
        assert_eq!(ItemRef::from_bits(1 << 24), None);
    }
}
