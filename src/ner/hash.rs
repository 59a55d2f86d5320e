//! Word hashes: the recogniser keys its gazetteer and its per-document tables by them, and the
//! analysis identifies content terms by the same hash of their stems, so each word is hashed
//! once, case-insensitively, without allocating. (The tables themselves use
//! [`crate::hashing::FastMap`].)

/// A case-insensitive hash of a word, computed without allocating: the hash of its lower-case
/// UTF-8 bytes, taken 8 at a time (ASCII lower-cased 8 bytes at once).
pub fn word_hash(word: &str) -> u64 {
    let bytes = word.as_bytes();
    if word.is_ascii() {
        return ascii_hash(bytes, 0, bytes.len());
    }
    let mut lower = String::with_capacity(word.len() + 8);
    lower.extend(word.chars().flat_map(char::to_lowercase));
    hash_lower(lower.as_bytes())
}

/// [`word_hash`] of a word already in lower case: the hash of its UTF-8 bytes as they are. The
/// analysis's content terms are identified by this hash of their (lower-case) stems, so that a
/// word's term hash is the hash the recogniser has already taken of it.
pub fn lower_case_hash(bytes: &[u8]) -> u64 {
    hash_lower(bytes)
}

/// [`word_hash`] of ASCII bytes, lower-cased on the way.
pub fn ascii_word_hash(bytes: &[u8]) -> u64 {
    ascii_hash(bytes, 0, bytes.len())
}

/// [`word_hash`] of `text[start..end]`. Reads the word's bytes in 8-byte loads from the text
/// itself (masking off what follows the word) rather than copying them out first: this runs for
/// every word of every document.
#[inline]
pub fn word_hash_in(text: &str, start: usize, end: usize) -> u64 {
    let bytes = text.as_bytes();
    let n = end - start;
    if n <= 8 && start + 8 <= bytes.len() {
        let x = load8(bytes, start) & low_bytes_mask(n);
        if x & HIGH_BITS == 0 {
            return finish(mix(SEED_WORD ^ n as u64 ^ lower8(x), K1));
        }
    } else if n > 8 && start + n.next_multiple_of(8) <= bytes.len() {
        // A longer word: `chunks_hash`'s steps, each chunk loaded from the text (the last one
        // masked) rather than checked for ASCII and copied out first.
        let mut h = SEED_WORD ^ n as u64;
        let mut k = K1;
        let mut high = 0;
        let mut at = start;
        loop {
            let left = end - at;
            let x = load8(bytes, at) & low_bytes_mask(left.min(8));
            high |= x;
            h = mix(h ^ lower8(x), k);
            k = K2 ^ K1;
            if left <= 8 {
                break;
            }
            at += 8;
        }
        if high & HIGH_BITS == 0 {
            return finish(h);
        }
    }
    word_hash(&text[start..end])
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LSB: u64 = 0x0101_0101_0101_0101;
const SEED_WORD: u64 = 0x243f_6a88_85a3_08d3;
const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xbf58_476d_1ce4_e5b9;

#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

/// A mask keeping the first `n` (1..=8) bytes of a little-endian load.
#[inline]
fn low_bytes_mask(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// Eight ASCII bytes lower-cased at once: each byte in 'A'..='Z' gets 0x20 added. No byte
/// carries into the next because every byte is below 0x80.
#[inline]
fn lower8(x: u64) -> u64 {
    let at_least_a = x.wrapping_add(LSB * (0x80 - b'A' as u64));
    let above_z = x.wrapping_add(LSB * (0x7f - b'Z' as u64));
    let upper = at_least_a & !above_z & HIGH_BITS;
    x | (upper >> 2)
}

/// The folded 128-bit product: a good mixer at one multiplication.
#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let r = (a as u128).wrapping_mul(b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline]
fn finish(h: u64) -> u64 {
    mix(h, K2)
}

/// The hash of `bytes[start..end]`, all ASCII, lower-cased on the way.
fn ascii_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    chunks_hash(&bytes[start..end], lower8)
}

/// The hash of bytes already in lower case.
fn hash_lower(bytes: &[u8]) -> u64 {
    chunks_hash(bytes, |x| x)
}

/// Both paths hash the same lower-case bytes the same way, so that "Zürich" and "ZÜRICH" and an
/// ASCII word and its capitalised form agree.
#[inline]
fn chunks_hash(bytes: &[u8], lower: impl Fn(u64) -> u64) -> u64 {
    let n = bytes.len();
    let mut h = SEED_WORD ^ n as u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut first = true;
    for c in &mut chunks {
        let x = lower(u64::from_le_bytes(c.try_into().unwrap()));
        h = if first {
            mix(h ^ x, K1)
        } else {
            mix(h ^ x, K2 ^ K1)
        };
        first = false;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() || n == 0 {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        let x = lower(u64::from_le_bytes(buf));
        h = if first {
            mix(h ^ x, K1)
        } else {
            mix(h ^ x, K2 ^ K1)
        };
    }
    finish(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::FastMap;

    #[test]
    fn word_hash_ignores_case_in_and_out_of_ascii() {
        assert_eq!(word_hash("Leicestershire"), word_hash("LEICESTERSHIRE"));
        assert_eq!(word_hash("Zürich"), word_hash("ZÜRICH"));
        assert_ne!(word_hash("said"), word_hash("sad"));
        assert_eq!(word_hash("Zürich-Nord"), word_hash("zürich-NORD"));
    }

    #[test]
    fn word_hash_in_text_agrees_with_word_hash() {
        let text = "Leicestershire and the U.S. said ZÜRICH: Nagorno-Karabakh, Ab";
        let mut start = 0;
        for w in text.split(' ') {
            let end = start + w.len();
            assert_eq!(word_hash_in(text, start, end), word_hash(w), "{w}");
            start = end + 1;
        }
        assert_ne!(word_hash("a"), word_hash("a\0"));
    }

    #[test]
    fn word_hash_in_text_agrees_with_word_hash_for_every_span() {
        // Spans of every length up to 40 at every position (so the loads run up to the text's
        // end and past words of whole chunks), in ASCII and not.
        for text in [
            "Extraordinarily LONG-winded Counter-Intelligence officials ran a sixteen",
            "Zürich-Nord’s représentants ÉLUS: ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop",
        ] {
            for start in 0..text.len() {
                for end in start + 1..=(start + 40).min(text.len()) {
                    if let Some(w) = text.get(start..end) {
                        assert_eq!(word_hash_in(text, start, end), word_hash(w), "{w:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn fast_map_finds_str_keys() {
        let mut m: FastMap<Box<str>, u32> = FastMap::default();
        m.insert("united states".into(), 1);
        assert_eq!(m.get("united states"), Some(&1));
        assert_eq!(m.get("united state"), None);
    }
}
