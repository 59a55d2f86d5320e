//! Hash tables for the collection phase. The standard SipHash resists flooding by crafted keys,
//! which matters for tables fed by the network, not here; at millions of lookups per build it
//! was a tenth of the build time. Keys here are either already hashes (term and entity key
//! hashes: used as they are) or small integers (mixed with one multiply).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// For keys that are already well-mixed 64-bit hashes, and for small integers (multiplied by an
/// odd constant so that consecutive ids spread over the table's buckets).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // Already a hash: keep it.
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A 64-bit hash of a string: FNV-1a, then a splitmix64 finaliser so the value can key a
/// [`FastMap`] as is. Stable across runs and platforms.
pub fn hash_str(s: &str) -> u64 {
    let mut h = FNV_START;
    for b in s.bytes() {
        h = fnv_step(h, b);
    }
    fnv_finish(h)
}

/// [`hash_str`] in steps, for callers that hash prefixes of one string in one pass.
pub const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// One byte into a [`hash_str`] state.
#[inline]
pub fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The [`hash_str`] of the bytes stepped into `h`.
#[inline]
pub fn fnv_finish(h: u64) -> u64 {
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_with_both_kinds_of_key() {
        let mut by_hash: FastMap<u64, u32> = FastMap::default();
        by_hash.insert(hash_str("ceasefire"), 1);
        by_hash.insert(hash_str("army"), 2);
        assert_eq!(by_hash.get(&hash_str("ceasefire")), Some(&1));
        let mut by_id: FastMap<u32, f32> = FastMap::default();
        for i in 0..1000 {
            by_id.insert(i, i as f32);
        }
        assert_eq!(by_id.get(&999), Some(&999.0));
        assert_ne!(hash_str("a"), hash_str("b"));
        assert_eq!(hash_str("army"), hash_str("army"));
    }
}
