//! Hashing for the hot paths: the gazetteer map and the per-document word sets are probed for
//! nearly every token, and std's DoS-resistant SipHash costs more than the rest of the lookup.
//! The keys are our own assets and the text's words, so a fast non-keyed hash is enough.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hash over 8-byte chunks (the scheme of rustc's FxHasher).
#[derive(Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
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
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// A case-insensitive hash of a word, computed without allocating (ASCII fast path).
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut step = |x: u64| {
        h ^= x;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    if word.is_ascii() {
        for b in word.bytes() {
            step(b.to_ascii_lowercase() as u64);
        }
    } else {
        for c in word.chars() {
            for l in c.to_lowercase() {
                step(l as u64);
            }
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_hash_ignores_case_in_and_out_of_ascii() {
        assert_eq!(word_hash("Leicestershire"), word_hash("LEICESTERSHIRE"));
        assert_eq!(word_hash("Zürich"), word_hash("ZÜRICH"));
        assert_ne!(word_hash("said"), word_hash("sad"));
    }

    #[test]
    fn fast_map_finds_str_keys() {
        let mut m: FastMap<Box<str>, u32> = FastMap::default();
        m.insert("united states".into(), 1);
        assert_eq!(m.get("united states"), Some(&1));
        assert_eq!(m.get("united state"), None);
    }
}
