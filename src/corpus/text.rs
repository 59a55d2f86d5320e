//! Small text utilities of the corpus layer: paragraph splitting, the content hash, lead
//! sentences and width-aware cutting.

use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;

/// The lines of `s`, each ended by LF, CRLF or a bare CR (old Mac files, some exporters): what
/// `str::lines` gives when every line ends in LF or CRLF. A bare CR is a line end in every
/// format read, not a character to drop (which glued the lines it separated).
pub fn lines(s: &str) -> Lines<'_> {
    if s.as_bytes().contains(&b'\r') {
        Lines::AnyEnd(Some(s).filter(|s| !s.is_empty()))
    } else {
        // Nearly every text: the standard splitter, which finds line ends much faster than a
        // search for either of two characters.
        Lines::Lf(s.lines())
    }
}

/// The iterator of [`lines`].
pub enum Lines<'a> {
    Lf(std::str::Lines<'a>),
    /// What is left to split, if anything.
    AnyEnd(Option<&'a str>),
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Lines::Lf(lines) => lines.next(),
            Lines::AnyEnd(rest) => {
                let r = rest.take()?;
                let Some(i) = r.find(['\n', '\r']) else {
                    return Some(r);
                };
                let after = if r[i..].starts_with("\r\n") {
                    i + 2
                } else {
                    i + 1
                };
                *rest = Some(&r[after..]).filter(|t| !t.is_empty());
                Some(&r[..i])
            }
        }
    }
}

/// `s` with every CRLF and bare CR made an LF (borrowed when it has no CR, as nearly every
/// file has not): for text that is sanitised next, which would remove a CR.
pub fn normalise_line_ends(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Splits a body into paragraphs at blank lines. Lines inside a paragraph are joined with one
/// space (hard-wrapped files read as flowing text); surrounding whitespace is trimmed. Any line
/// end ends a line (see [`lines`]).
pub fn split_paragraphs(body: &str) -> Vec<String> {
    split_paragraphs_borrowed(body)
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// [`split_paragraphs`] without copying what need not be copied: a paragraph of one line is a
/// slice of `body`, and only a paragraph whose lines are joined is a new string. (A cold load
/// splits every article it reads.)
pub fn split_paragraphs_borrowed(body: &str) -> Vec<Cow<'_, str>> {
    gather_paragraphs(lines(body))
}

/// [`split_paragraphs_borrowed`] for a body known to have no CR (sanitised, or with its line
/// ends made LFs): it need not be searched for one.
pub(crate) fn split_lf_paragraphs(body: &str) -> Vec<Cow<'_, str>> {
    debug_assert!(!body.contains('\r'), "a CR in {body:?}");
    gather_paragraphs(body.lines())
}

fn gather_paragraphs<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<Cow<'a, str>> {
    let mut out = Vec::new();
    // The paragraph being gathered; never empty, as only non-empty lines start or extend it.
    let mut current: Option<Cow<'a, str>> = None;
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            out.extend(current.take());
        } else if let Some(p) = current.as_mut() {
            let p = p.to_mut();
            p.push(' ');
            p.push_str(line);
        } else {
            current = Some(Cow::Borrowed(line));
        }
    }
    out.extend(current);
    out
}

/// A 64-bit hash of the words of `parts`, whitespace-insensitive, so that the same article with
/// other line breaks or spacing hashes the same. Stable across versions and platforms — the ids
/// are stored in the reader state, so this function must never change:
///
/// for each word (split at Unicode whitespace), its UTF-8 bytes in 8-byte little-endian chunks
/// (the last zero-padded) are each folded in with `h = (h ^ chunk) * K; h ^= h >> 29`, then the
/// word's length (`len << 8 | 0xff`) the same way; `h` starts at `SEED`; the result goes through
/// the splitmix64 finaliser so that the short displayed prefix is evenly spread. Eight bytes per
/// step keep hashing off the load's profile.
///
/// The words are found with a bit mask of the whitespace in each 64 bytes rather than with
/// `str::split_whitespace`, which decodes every character and takes a hard-to-predict branch at
/// every word end: the scan runs over every article a cold load parses. Tests check it against
/// `split_whitespace` (the definition above) over every short string that matters.
pub fn normalised_hash<'a>(parts: impl Iterator<Item = &'a str>) -> u64 {
    let mut h = HASH_SEED;
    for part in parts {
        h = fold_words(h, part.as_bytes());
    }
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const HASH_SEED: u64 = 0x243f_6a88_85a3_08d3;

fn fold(h: u64, v: u64) -> u64 {
    let h = (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

/// Folds the words of one part into `h`, in order.
fn fold_words(mut h: u64, bytes: &[u8]) -> u64 {
    // Start of the word the scan is in, if it is in one (a word can span blocks).
    let mut word_start = None;
    // Whitespace bits of the next block, from a character that began in this one.
    let mut spill = 0u64;
    let mut base = 0;
    while base < bytes.len() {
        let (mask, next_spill) = whitespace_mask(bytes, base);
        let mut ws = mask | spill;
        spill = next_spill;
        // Bits at or past the end of the part count as whitespace: a word ends with its part.
        let left = bytes.len() - base;
        if left < 64 {
            ws |= u64::MAX << left;
        }
        // Where words start and end in this block, as bits: a start is a byte after white
        // space (or after the block before ended in it), an end a white space byte after a
        // word's byte. Starts and ends then pair up in order, so the words are taken one per
        // step with no branch on what each byte is.
        let in_word = u64::from(word_start.is_some());
        let mut starts = !ws & (ws << 1 | (in_word ^ 1));
        let mut ends = ws & (!ws << 1 | in_word);
        if let Some(start) = word_start {
            if ends == 0 {
                base += 64;
                continue; // the word goes on into the next block
            }
            h = fold_word(h, bytes, start, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
            word_start = None;
        }
        while starts != 0 {
            let start = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                word_start = Some(start); // it goes on into the next block
                break;
            }
            h = fold_word(h, bytes, start, base + ends.trailing_zeros() as usize);
            ends &= ends - 1;
        }
        base += 64;
    }
    // A word that runs to the end of a part a whole number of blocks long.
    if let Some(start) = word_start {
        h = fold_word(h, bytes, start, bytes.len());
    }
    h
}

/// Folds the word `bytes[start..end]` into `h`: its bytes eight at a time (the last chunk
/// zero-padded), then its length.
#[inline]
fn fold_word(mut h: u64, bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    let mut at = start;
    while end - at > 8 {
        h = fold(h, load8(bytes, at));
        at += 8;
    }
    // The last 1–8 bytes, the rest of the chunk zero.
    let keep = (end - at) as u32 * 8;
    let last = load8(bytes, at) & (u64::MAX >> (64 - keep));
    h = fold(h, last);
    fold(h, ((len as u64) << 8) | 0xff)
}

/// The eight bytes at `at` as a little-endian word, zeros past the end of `bytes`.
#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
        None => {
            let mut buf = [0u8; 8];
            let tail = &bytes[at..];
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// The whitespace of the (up to) 64 bytes at `base` as a bit mask, bit `k` for byte `base + k`,
/// with every byte of a multi-byte whitespace character set; and the bits of the next block
/// that such a character starting near the end of this one covers. Eight bytes at a time, with
/// word operations that are exact for every byte (no carry or borrow crosses a byte).
#[inline]
fn whitespace_mask(bytes: &[u8], base: usize) -> (u64, u64) {
    let block: [u8; 64] = match bytes.get(base..base + 64) {
        Some(b) => b.try_into().unwrap_or([0; 64]),
        None => {
            let mut block = [0u8; 64];
            let src = &bytes[base..];
            block[..src.len()].copy_from_slice(src);
            block
        }
    };
    let mut ascii = 0u64;
    let mut leads = 0u64;
    for (w, chunk) in block.chunks_exact(8).enumerate() {
        let v = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // TAB, LF, VT, FF, CR (9..=13) and space.
        let space = (below(v, 14) & !below(v, 9)) | zero_bytes(v ^ (ONES * 0x20));
        ascii |= pack_high_bits(space) << (8 * w);
        if v & HIGH != 0 {
            // Lead bytes of the other whitespace characters (see `whitespace_len`).
            let lead = zero_bytes(v ^ (ONES * 0xc2))
                | zero_bytes(v ^ (ONES * 0xe1))
                | zero_bytes(v ^ (ONES * 0xe2))
                | zero_bytes(v ^ (ONES * 0xe3));
            leads |= pack_high_bits(lead) << (8 * w);
        }
    }
    let mut spill = 0u64;
    while leads != 0 {
        let k = leads.trailing_zeros() as usize;
        leads &= leads - 1;
        let n = whitespace_len(bytes, base + k);
        if n > 0 {
            let bits = ((1u128 << n) - 1) << k;
            ascii |= bits as u64;
            spill |= (bits >> 64) as u64;
        }
    }
    (ascii, spill)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` that is zero. `(b & 0x7f) + 0x7f` stays within the byte
/// and has its high bit set unless the low bits are all clear.
#[inline]
fn zero_bytes(v: u64) -> u64 {
    !(((v & !HIGH) + !HIGH) | v) & HIGH
}

/// The high bit of each byte of `v` below `n` (at most 0x80). With the high bit set first, a
/// byte's subtraction cannot borrow from the next, and keeps its high bit when the low bits are
/// at least `n`.
#[inline]
fn below(v: u64, n: u64) -> u64 {
    !((v | HIGH) - ONES * n) & !v & HIGH
}

/// The high bits of the eight bytes of `flags` (its only bits) as eight bits, byte `i` → bit `i`:
/// the multiplication moves each byte's bit to bit 56 + i without any two terms meeting.
#[inline]
fn pack_high_bits(flags: u64) -> u64 {
    (flags >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The length in bytes of the whitespace character (as `char::is_whitespace` has it) starting at
/// `bytes[i]`, or 0 when there is none. `bytes` is UTF-8, so a byte that leads a whitespace
/// character is never inside another character; and 0 for a continuation byte is right, as the
/// character it belongs to was judged at its lead byte.
#[inline]
fn whitespace_len(bytes: &[u8], i: usize) -> usize {
    let b = bytes[i];
    if b < 0x80 {
        // TAB, LF, VT, FF, CR and space.
        return usize::from(matches!(b, 0x09..=0x0d | b' '));
    }
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    // The other characters with the White_Space property, by their UTF-8 encoding.
    let space = match b {
        // U+0085 NEXT LINE, U+00A0 NO-BREAK SPACE.
        0xc2 => matches!(at(1), 0x85 | 0xa0),
        // U+1680 OGHAM SPACE MARK.
        0xe1 => at(1) == 0x9a && at(2) == 0x80,
        // U+2000–U+200A, U+2028, U+2029, U+202F; U+205F.
        0xe2 => match at(1) {
            0x80 => matches!(at(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf),
            0x81 => at(2) == 0x9f,
            _ => false,
        },
        // U+3000 IDEOGRAPHIC SPACE.
        0xe3 => at(1) == 0x80 && at(2) == 0x80,
        _ => false,
    };
    if !space {
        0
    } else if b == 0xc2 {
        2
    } else {
        3
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt",
    "st", "jr", "sr", "no", "vs", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m",
    "p.m", "mt", "ft", "rev", "hon", "pres", "supt", "adm", "cmdr", "atty",
];

/// The first sentence of a paragraph (the whole paragraph when it has one sentence).
pub fn lead_sentence(p: &str) -> &str {
    let bytes = p.as_bytes();
    for (i, c) in p.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + c.len_utf8();
        // Closing quotes belong to the sentence.
        while let Some(q) = p[end..]
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '”' | '’' | '\'' | ')'))
        {
            end += q.len_utf8();
        }
        let rest = &p[end..];
        if !rest.starts_with(' ') {
            continue;
        }
        let next = rest.trim_start().chars().next();
        if !next
            .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘'))
        {
            continue;
        }
        if c == '.' {
            // Past the separator, which may be wider than a byte (a no-break space).
            let word_start = p[..i]
                .char_indices()
                .rfind(|&(_, ch)| ch.is_whitespace() || ch == '(')
                .map_or(0, |(w, ch)| w + ch.len_utf8());
            let word = p[word_start..i].to_ascii_lowercase();
            let initial = word.chars().count() == 1 && bytes[word_start].is_ascii_uppercase();
            if initial || ABBREVIATIONS.contains(&word.as_str()) {
                continue;
            }
        }
        return &p[..end];
    }
    p
}

#[cfg(test)]
mod lead_sentence_tests {
    use super::lead_sentence;

    #[test]
    fn a_wide_space_before_an_abbreviation_is_stepped_over() {
        // The no-break space before "U.S." is two bytes: the word starts after both.
        assert_eq!(
            lead_sentence("Talks in the\u{a0}U.S. went on. Then they ended."),
            "Talks in the\u{a0}U.S. went on."
        );
        assert_eq!(
            lead_sentence("Met\u{3000}J. Smith. Left."),
            "Met\u{3000}J. Smith."
        );
    }
}

/// Cuts `s` at a word boundary so that it fits `max_cols` display columns, marking the cut with
/// `…`. Text that fits is returned whole.
pub fn cut_to_width(s: &str, max_cols: usize) -> String {
    let s = s.trim();
    let width: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
    if width <= max_cols {
        return s.to_string();
    }
    let budget = max_cols.saturating_sub(1);
    let mut cols = 0;
    let mut cut = 0;
    let mut last_space = None;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if cols + w > budget {
            break;
        }
        if c.is_whitespace() {
            last_space = Some(i);
        }
        cols += w;
        cut = i + c.len_utf8();
    }
    // Prefer a word boundary unless it would throw away most of the line.
    let at_word_end = s[cut..].starts_with(char::is_whitespace);
    let end = match last_space {
        _ if at_word_end => cut,
        Some(sp) if sp * 2 > cut => sp,
        _ => cut,
    };
    let head = s[..end]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '—'));
    format!("{head}…")
}

/// Calls `f` with every string of at most `max_len` characters of `alphabet` (for tests that
/// check a fast function against a plain one exhaustively).
#[cfg(test)]
pub(crate) fn every_string(alphabet: &[char], max_len: u32, mut f: impl FnMut(&str)) {
    let mut s = String::new();
    for len in 0..=max_len {
        for n in 0..alphabet.len().pow(len) {
            let mut k = n;
            s.clear();
            for _ in 0..len {
                s.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            f(&s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`normalised_hash`] as it was first written, with `str::split_whitespace`: the definition
    /// the byte scan must agree with.
    fn reference_hash<'a>(parts: impl Iterator<Item = &'a str>) -> u64 {
        const SEED: u64 = 0x243f_6a88_85a3_08d3;
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let fold = |h: u64, v: u64| {
            let h = (h ^ v).wrapping_mul(K);
            h ^ (h >> 29)
        };
        let mut h = SEED;
        for word in parts.flat_map(str::split_whitespace) {
            let bytes = word.as_bytes();
            let mut chunks = bytes.chunks_exact(8);
            for c in &mut chunks {
                h = fold(h, u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                let mut last = [0u8; 8];
                last[..rest.len()].copy_from_slice(rest);
                h = fold(h, u64::from_le_bytes(last));
            }
            h = fold(h, ((bytes.len() as u64) << 8) | 0xff);
        }
        let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn same_hash(parts: &[&str]) {
        assert_eq!(
            normalised_hash(parts.iter().copied()),
            reference_hash(parts.iter().copied()),
            "{parts:?}"
        );
    }

    #[test]
    fn whitespace_is_found_as_char_is_whitespace_finds_it() {
        for c in (0..=0x10_ffffu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { bytes.len() } else { 0 };
            assert_eq!(whitespace_len(bytes, 0), expected, "U+{:04X}", c as u32);
            // The bytes after a lead byte are never judged as whitespace on their own.
            for i in 1..bytes.len() {
                assert_eq!(whitespace_len(bytes, i), 0, "U+{:04X} byte {i}", c as u32);
            }
        }
    }

    #[test]
    fn hash_agrees_with_split_whitespace_on_every_short_string() {
        let alphabet = [
            'a', 'B', ' ', '\t', '\n', '\x0b', '\x0c', '\r', '\u{a0}', '\u{2003}', '\u{3000}',
            '\u{85}', 'é', '’',
        ];
        every_string(&alphabet, 5, |s| {
            same_hash(&[s]);
            same_hash(&[s, s]);
            same_hash(&["x", s, "y"]);
        });
        // Longer, from a smaller alphabet, so that words cross 8-byte chunks.
        every_string(&['a', ' ', '\u{2028}', '’'], 9, |s| same_hash(&[s]));
    }

    #[test]
    fn hash_agrees_on_long_words() {
        for s in [
            "",
            "abcdefgh",
            "abcdefghijklmnop",
            "abcdefghi",
            "abcdefghijklmnopq",
            " abcdefgh ",
            "abcdefgh\u{a0}abcdefghijklmnop\u{3000}x",
            "ééééé’’’ abcdéfgh\u{85}\u{1680}\u{205f}\u{202f}wxyz",
            "Armenian Prime Minister Nikol Pashinyan has formally asked Russian President",
        ] {
            same_hash(&[s]);
            same_hash(&[s, s]);
        }
    }

    #[test]
    fn byte_tests_are_exact() {
        // Every byte value in every place, among bytes that could upset a carry or a borrow.
        for fill in [0x00u8, 0x09, 0x20, 0x7f, 0x80, 0xc2, 0xff] {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [fill; 8];
                    bytes[pos] = b;
                    let v = u64::from_le_bytes(bytes);
                    let flags = |f: &dyn Fn(u8) -> bool| {
                        bytes
                            .iter()
                            .enumerate()
                            .fold(0u64, |m, (i, &x)| m | (u64::from(f(x)) << i))
                    };
                    assert_eq!(pack_high_bits(zero_bytes(v)), flags(&|x| x == 0));
                    for n in [9, 14, 0x20, 0x80] {
                        assert_eq!(
                            pack_high_bits(below(v, n)),
                            flags(&|x| u64::from(x) < n),
                            "{bytes:?} < {n}"
                        );
                    }
                }
            }
        }
        for m in 0..=255u64 {
            let spread = (0..8).fold(0u64, |f, i| f | (((m >> i) & 1) << (8 * i + 7)));
            assert_eq!(pack_high_bits(spread), m);
        }
    }

    #[test]
    fn hash_agrees_across_block_ends() {
        // Words and whitespace characters that start, end or straddle the end of a 64-byte
        // block, and parts exactly a whole number of blocks long.
        let fillers = ["a", " ", "é", "’"];
        let specials = [
            " ",
            "\u{a0}",
            "\u{85}",
            "\u{2003}",
            "\u{2028}",
            "\u{3000}",
            "\u{1680}",
            "’",
            "é",
            "abcdefghijk",
            "\u{205f}",
            "\u{202f}",
        ];
        for filler in fillers {
            for special in specials {
                for n in 50..=140 {
                    let mut s = String::new();
                    while s.len() < n {
                        s.push_str(filler);
                    }
                    let t = format!("{s}{special}");
                    same_hash(&[&t]);
                    same_hash(&[&t, &t]);
                    let u = format!("{t}x{s}");
                    same_hash(&[&u]);
                    let v = format!("x{special}{s}");
                    same_hash(&[&v]);
                }
            }
        }
        same_hash(&["a".repeat(64).as_str()]);
        same_hash(&["a".repeat(128).as_str(), "b"]);
        same_hash(&[&format!("{} {}", "a".repeat(63), "b".repeat(64))]);
    }

    /// The byte scan's hash of `parts` is the plain implementation's.
    fn hashes_agree(parts: &[String]) -> Result<(), proptest::test_runner::TestCaseError> {
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        prop_assert_eq!(
            normalised_hash(parts.iter().copied()),
            reference_hash(parts.iter().copied())
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn hash_agrees_on_any_text(parts in proptest::collection::vec(any::<String>(), 0..5)) {
            hashes_agree(&parts)?;
        }

        #[test]
        fn hash_agrees_on_long_spaced_text(
            parts in proptest::collection::vec("[a-z é’\n\u{a0}\u{85}\u{2028}\u{3000}]{0,300}", 0..4)
        ) {
            hashes_agree(&parts)?;
        }

        #[test]
        fn hash_agrees_on_spaced_text(
            parts in proptest::collection::vec("[a-zé’ \t\n\u{a0}\u{2000}-\u{200b}\u{3000}]{0,40}", 0..5)
        ) {
            hashes_agree(&parts)?;
        }
    }

    #[test]
    fn more_hashes_are_pinned() {
        // Computed with the plain implementation (`reference_hash`) before the byte scan
        // replaced it: stored ids depend on them.
        let cases: [(&[&str], u64); 4] = [
            (&["abcdefgh"], 0xa715_747a_398d_65d3),
            (
                &["abcdefghijklmnop", "é\u{a0}x\u{3000}y"],
                0x76d0_6032_be5f_202b,
            ),
            (
                &[" Café’s \tüber-long-compound-word\n\nNext"],
                0xa207_2796_a089_61ea,
            ),
            (&[], 0x2cb0_f69f_4abe_a221),
        ];
        for (parts, hash) in cases {
            assert_eq!(normalised_hash(parts.iter().copied()), hash, "{parts:?}");
            assert_eq!(reference_hash(parts.iter().copied()), hash, "{parts:?}");
        }
    }

    /// [`split_paragraphs`] as it was first written, copying every paragraph (with every line
    /// end made an LF first).
    fn reference_split(body: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = String::new();
        for line in normalise_line_ends(body).lines() {
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(line);
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
        out
    }

    #[test]
    fn borrowed_paragraphs_are_the_copied_ones() {
        every_string(
            &['a', ' ', '\n', '\r', '\t', '\u{a0}', '\u{2028}'],
            6,
            |s| {
                let borrowed = split_paragraphs_borrowed(s);
                assert_eq!(borrowed, reference_split(s), "{s:?}");
                assert_eq!(split_paragraphs(s), reference_split(s), "{s:?}");
                // A paragraph not copied is a slice of the body.
                for p in &borrowed {
                    if let Cow::Borrowed(b) = p {
                        assert!(s.as_bytes().as_ptr_range().contains(&b.as_ptr()));
                    }
                }
            },
        );
    }

    #[test]
    fn every_line_end_ends_a_line() {
        // With LF alone, `lines` is `str::lines`; any CR or CRLF reads as an LF there.
        every_string(&['a', '\n', '\r', ' '], 7, |s| {
            let normal = normalise_line_ends(s);
            assert!(!normal.contains('\r'), "{s:?}");
            assert_eq!(
                lines(s).collect::<Vec<_>>(),
                normal.lines().collect::<Vec<_>>(),
                "{s:?}"
            );
        });
        assert_eq!(
            split_paragraphs("Title here\rFirst para\rbare CR.\r\rSecond."),
            ["Title here First para bare CR.", "Second."]
        );
        assert_eq!(split_paragraphs("One.\r\n\r\nTwo."), ["One.", "Two."]);
    }

    #[test]
    fn hash_is_pinned() {
        // Stored ids depend on these values: a change here orphans every reader's marks.
        assert_eq!(
            normalised_hash(["Hello  world"].into_iter()),
            0xb272_8417_d60e_406b
        );
        assert_ne!(
            normalised_hash(["ab cd"].into_iter()),
            normalised_hash(["abcd"].into_iter())
        );
        assert_ne!(
            normalised_hash(["abcdefgh"].into_iter()),
            normalised_hash(["abcdefgh\0"].into_iter())
        );
    }

    #[test]
    fn hash_ignores_spacing() {
        let a = normalised_hash(["One two", "three"].into_iter());
        let b = normalised_hash(["One  two\n three"].into_iter());
        assert_eq!(a, b);
        assert_ne!(a, normalised_hash(["One two", "four"].into_iter()));
    }

    #[test]
    fn lead_sentence_skips_abbreviations_and_initials() {
        assert_eq!(
            lead_sentence("Mr. Smith met Gen. J. Doe in the U.S. on Friday. Then left."),
            "Mr. Smith met Gen. J. Doe in the U.S. on Friday."
        );
        assert_eq!(lead_sentence("He said “go.” They went."), "He said “go.”");
        assert_eq!(lead_sentence("No end"), "No end");
    }

    #[test]
    fn cut_at_word_boundary_within_width() {
        let t = cut_to_width(
            "Armenian Prime Minister Nikol Pashinyan has formally asked Russian President Vladimir Putin to begin talks",
            40,
        );
        assert_eq!(t, "Armenian Prime Minister Nikol Pashinyan…");
        assert!(unicode_width::UnicodeWidthStr::width(t.as_str()) <= 40);
        assert_eq!(cut_to_width("short", 40), "short");
    }
}
