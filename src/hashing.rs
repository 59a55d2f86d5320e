//! The hash maps of the hot paths: the recogniser's gazetteer and per-document tables, the
//! analysis's indexes, the cache's lookups. std's SipHash resists flooding by crafted keys, which
//! matters for tables fed by the network; these are fed by our own assets, the collection's
//! words and hashes, and a fast non-keyed hash is enough. It has no random seed, so a table's
//! order is the same on every run.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The one hasher of these maps. Nearly every key is already a well-mixed 64-bit hash (a word's,
/// a term's, an entity key's, a file's), used as it is; small integers (ids) are spread by one
/// multiply; strings are taken eight bytes at a time with a multiply-rotate step (the scheme of
/// rustc's FxHasher). foldhash, tried in its place, made the collection phase slower: it mixes
/// keys that need no mixing.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // The last chunk is padded with zeros, so "a" and "a\0" collide: harmless, as maps
        // compare keys, and the text's words hold no NUL. Hashing the length as well costs the
        // recogniser more time than such collisions could.
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    /// Already a hash: kept as it is.
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_take_hashes_integers_and_strings() {
        let mut by_hash: FastMap<u64, u32> = FastMap::default();
        by_hash.insert(0x9e37_79b9_7f4a_7c15, 1);
        assert_eq!(by_hash.get(&0x9e37_79b9_7f4a_7c15), Some(&1));
        let mut by_id: FastMap<u32, f32> = FastMap::default();
        for i in 0..1000 {
            by_id.insert(i, i as f32);
        }
        assert_eq!(by_id.get(&999), Some(&999.0));
        let words: FastSet<&str> = ["ceasefire", "army"].into_iter().collect();
        assert!(words.contains("army"));
    }

    #[test]
    fn the_order_is_the_same_on_every_run() {
        let map = |n: u32| -> Vec<u32> {
            let m: FastMap<u32, ()> = (0..n).map(|i| (i * 7919, ())).collect();
            m.keys().copied().collect()
        };
        assert_eq!(map(500), map(500));
        let build = BuildHasherDefault::<FastHasher>::default();
        let hash = |s: &str| std::hash::BuildHasher::hash_one(&build, s);
        assert_eq!(hash("Geneva"), hash("Geneva"));
        assert_ne!(hash("Geneva"), hash("Genevb"));
        assert_eq!(
            std::hash::BuildHasher::hash_one(&build, 42u64),
            42,
            "a hash kept as it is"
        );
    }
}
