//! Content words: the vocabulary that says what an article is about beyond its named entities.
//!
//! A term is a lower-cased word of at least three letters that is not a stopword, with a light
//! plural stemmer (Harman's S-stemmer) so that "sanctions" and "sanction" count as one. Terms are
//! identified by a 64-bit hash of their stem: the per-article phase then produces only numbers,
//! which the collection phase interns without touching strings (see [`super::term_index`]).

use super::stopwords::is_stopword_hash;
use crate::corpus::{Article, ParagraphKind};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Shortest word (in bytes of its stem) kept as a term: two-letter words are almost all function
/// words or abbreviations, which the entity recogniser handles better.
const MIN_TERM_LEN: usize = 3;
/// Title words say most about the story: they count as this many mentions.
const TITLE_WEIGHT: u32 = 3;

/// How often each term occurs in one article: each hash once, in the order the article first
/// names it. Not sorted: the collection interns the hashes and sorts by its own ids anyway, and
/// a sort here too was a fifth of counting's cost.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TermCounts {
    pub counts: Vec<(u64, u32)>,
}

/// Equal when they count the same terms the same, in whatever order.
impl PartialEq for TermCounts {
    fn eq(&self, other: &TermCounts) -> bool {
        let sorted = |c: &TermCounts| {
            let mut v = c.counts.clone();
            v.sort_unstable();
            v
        };
        self.counts.len() == other.counts.len() && sorted(self) == sorted(other)
    }
}

impl TermCounts {
    /// Counts the terms of an article's title and prose (body and captions). Read-more headlines
    /// and update lines are left out: they are about other stories, or about nothing.
    /// A text that cannot be read counts the title alone.
    pub fn of_article(article: &Article) -> TermCounts {
        TermCounts::of_text(article, &article.text.read().unwrap_or_default())
    }

    /// [`Self::of_article`] with the article's text given (as [`crate::corpus::Text::read`]
    /// gave it, so that counting every article keeps no stored text in memory).
    pub fn of_text(article: &Article, text: &str) -> TermCounts {
        let mut hashes: Vec<(u64, u32)> = Vec::new();
        for_each_term_hash(&article.title, |h| hashes.push((h, TITLE_WEIGHT)));
        for (p, text) in article.paragraphs_in(text) {
            if is_prose(p.kind) {
                for_each_term_hash(text, |h| hashes.push((h, 1)));
            }
        }
        TermCounts::from_occurrences(hashes)
    }

    /// Every occurrence's (hash, weight) summed per hash, in order of first occurrence.
    fn from_occurrences(mut hashes: Vec<(u64, u32)>) -> TermCounts {
        // Summed in a table, in place: an article names each of its terms about twice, and
        // sorting every occurrence was most of counting's cost. The distinct terms are gathered
        // at the front of the list, then cut to size (the lists live until the collection
        // interns them).
        let distinct = sum_in_place(&mut hashes);
        hashes.truncate(distinct);
        hashes.shrink_to_fit();
        TermCounts { counts: hashes }
    }
}

thread_local! {
    /// [`sum_in_place`]'s table, kept between articles.
    static SLOTS: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Moves each distinct hash of `occurrences` to the front (in order of first occurrence) with its
/// weights summed; says how many there are. The rest of the list is left as it was.
fn sum_in_place(occurrences: &mut [(u64, u32)]) -> usize {
    const EMPTY: u32 = u32::MAX;
    // Room for twice the occurrences: probes stay short.
    let bits = (occurrences.len() * 2).next_power_of_two().trailing_zeros();
    SLOTS.with_borrow_mut(|slots| {
        slots.clear();
        slots.resize(1 << bits, EMPTY);
        let mask = (1usize << bits) - 1;
        let mut distinct = 0;
        for i in 0..occurrences.len() {
            let (h, weight) = occurrences[i];
            // The top bits of a multiplicative hash: the table's index whatever the low bits.
            let mut at = (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize;
            loop {
                match slots[at] {
                    EMPTY => {
                        slots[at] = distinct as u32;
                        occurrences[distinct] = (h, weight);
                        distinct += 1;
                        break;
                    }
                    k if occurrences[k as usize].0 == h => {
                        occurrences[k as usize].1 += weight;
                        break;
                    }
                    _ => at = (at + 1) & mask,
                }
            }
        }
        distinct
    })
}

/// [`TermCounts::of_text`] from words someone else has already found: the entity recogniser
/// splits every text into words, and counting terms from those spans spares a second pass over
/// the text's bytes.
///
/// Give it, in text order, the span of every word or number token the recogniser found (a run of
/// letters and digits, possibly joined by hyphens, apostrophes, `&`, or dots and commas between
/// digits; never containing white space; a possessive `'s` not included). Such a span splits into
/// the same words as the text around it would, so the counts are [`TermCounts::of_text`]'s —
/// when the article's paragraphs lie in text order and each begins and ends at white space, which
/// [`Self::new`] checks, falling back to counting from the text otherwise.
pub struct WordSpanCounter<'a> {
    article: &'a Article,
    text: &'a str,
    /// The first paragraph that may still hold the next span.
    next: usize,
    hashes: Vec<(u64, u32)>,
    /// Where the last word counted ended, when it ran past its span.
    covered_to: usize,
    /// The paragraphs do not allow counting from spans: [`Self::finish`] counts from the text.
    from_text: bool,
}

impl<'a> WordSpanCounter<'a> {
    pub fn new(article: &'a Article, text: &'a str) -> WordSpanCounter<'a> {
        let bytes = text.as_bytes();
        let at_space = |i: usize| i == 0 || i >= bytes.len() || bytes[i].is_ascii_whitespace();
        let in_order = article
            .paragraphs
            .windows(2)
            .all(|w| w[0].end <= w[1].start);
        let bounded = article.paragraphs.iter().all(|p| {
            let (start, end) = (p.start as usize, p.end as usize);
            text.get(start..end).is_some() && (start == 0 || at_space(start - 1)) && at_space(end)
        });
        // About one term in every dozen bytes of news text: room enough to rarely grow.
        let mut hashes = Vec::with_capacity(text.len() / 8 + 16);
        let from_text = !(in_order && bounded);
        if !from_text {
            for_each_term_hash(&article.title, |h| hashes.push((h, TITLE_WEIGHT)));
        }
        WordSpanCounter {
            article,
            text,
            next: 0,
            hashes,
            covered_to: 0,
            from_text,
        }
    }

    /// The word `text[start..end]`; `plain` when it is ASCII letters only (a hint that spares
    /// splitting it), and then `hash` is its [`term_hash`] as a word (lower-cased), which spares
    /// hashing it.
    #[inline]
    pub fn word(&mut self, start: usize, end: usize, plain: bool, hash: u64) {
        if self.from_text {
            return;
        }
        let bytes = self.text.as_bytes();
        if plain && end.saturating_sub(start) < MIN_TERM_LEN {
            // A third of a text's words: no term, and nothing the words after it see changes
            // unless the text's word runs on past it through an apostrophe.
            let runs_on = matches!(bytes.get(end), Some(&b'\'') | Some(&0xe2));
            let runs_in = start > 0 && matches!(bytes[start - 1], b'\'' | 0x99);
            if !runs_on && !runs_in {
                return;
            }
        }
        let paragraphs = &self.article.paragraphs;
        while self.next < paragraphs.len() && (paragraphs[self.next].end as usize) <= start {
            self.next += 1;
        }
        let Some(p) = paragraphs.get(self.next) else {
            return;
        };
        if (p.start as usize) > start || !is_prose(p.kind) {
            return;
        }
        // Its beginning was counted as part of the word before ("1990's‐Zürich": the text's
        // word "1990's" ran into the span "s‐Zürich"): only the rest is left.
        let resumed = start < self.covered_to;
        let start = start.max(self.covered_to);
        if start >= end {
            return;
        }
        // The recogniser ends a span before an apostrophe that the text's words run on through:
        // a possessive "'s" (which then drops off, so that only "1990's" counting "1990" tells)
        // and "'s" with more after it ("IT'S'll"). Count the text's word then, and skip the
        // spans inside it.
        let continues = bytes.get(end).is_some_and(|&b| b == b'\'' || b == 0xe2)
            && end > start
            && alphanumeric_before(self.text, end);
        // And one that starts after an apostrophe the recogniser split off ("U.S.'s’90s" holds
        // the text's word "s’90s").
        let continued =
            !resumed && start > 0 && (bytes[start - 1] == b'\'' || bytes[start - 1] == 0x99);
        let word_start = if continued {
            text_word_start(self.text, start)
        } else {
            start
        };
        let hashes = &mut self.hashes;
        if !continues && !resumed && word_start == start && plain {
            debug_assert_eq!(hash, crate::ner::hash::ascii_word_hash(&bytes[start..end]));
            let Some(w) = bytes.get(start..end) else {
                return;
            };
            if w.len() >= MIN_TERM_LEN && w[w.len() - 1] | 0x20 != b's' {
                // Not a plural: the word is a term unless it is a stopword, which is a coin
                // toss to the branch predictor. So it is pushed, then dropped again or not
                // by arithmetic on the length, without a branch.
                let stopword = is_stopword_hash(hash);
                hashes.push((hash, 1));
                let kept = hashes.len() - usize::from(stopword);
                hashes.truncate(kept);
            } else if let Some(h) = letters_term_hash(w, hash) {
                hashes.push((h, 1));
            }
            return;
        }
        let start = word_start;
        let end = if continues {
            word_end(self.text, end).0
        } else {
            end
        };
        self.covered_to = end;
        if let Some(w) = self.text.get(start..end) {
            for_each_term_hash(w, |h| hashes.push((h, 1)));
        }
    }

    pub fn finish(self) -> TermCounts {
        if self.from_text {
            return TermCounts::of_text(self.article, self.text);
        }
        TermCounts::from_occurrences(self.hashes)
    }
}

/// Paragraph kinds whose words describe the article itself.
pub fn is_prose(kind: ParagraphKind) -> bool {
    matches!(kind, ParagraphKind::Body | ParagraphKind::Caption)
}

/// Calls `f` with the stem and its [`term_hash`] of every content word of `text`, in order.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str, u64)) {
    let mut word = String::with_capacity(24);
    for_each_word(text, |raw, ascii| {
        word.clear();
        if ascii {
            // The common case, without per-character case tables.
            word.push_str(raw);
            word.make_ascii_lowercase();
            if !word.bytes().any(|b| b.is_ascii_alphabetic()) {
                return;
            }
        } else {
            for c in raw.chars() {
                // Curly and straight apostrophes are one character for matching.
                let c = if c == '\u{2019}' { '\'' } else { c };
                word.extend(c.to_lowercase());
            }
            if !word.chars().any(char::is_alphabetic) {
                return;
            }
        }
        let w = strip_possessive(&word);
        if w.contains('\'') {
            // Contractions ("don't", "they're") are function words.
            return;
        }
        let word_hash = term_hash(w);
        if is_stopword_hash(word_hash) {
            return;
        }
        let stem = s_stem(w);
        if stem.len() < MIN_TERM_LEN {
            return;
        }
        if stem.len() == w.len() {
            // Not a plural: the stem is the word, already hashed and found no stopword.
            f(&stem, word_hash);
            return;
        }
        let hash = term_hash(&stem);
        if !is_stopword_hash(hash) {
            f(&stem, hash);
        }
    });
}

/// The [`term_hash`]es [`for_each_term`] gives, in order, computed without making the stems:
/// an ASCII word is lower-cased, checked and hashed in one pass, the hashes of its possible stems
/// taken from the same pass (counting the terms of every article is a tenth of a cold start).
pub fn for_each_term_hash(text: &str, mut f: impl FnMut(u64)) {
    for_each_word(text, |raw, ascii| {
        if !ascii {
            // Rare: the general path (the word splits into itself again).
            for_each_term(raw, |_, h| f(h));
            return;
        }
        if let Some(h) = ascii_word_term_hash(raw.as_bytes()) {
            f(h);
        }
    });
}

/// Where the word of [`for_each_word`] that holds byte `i` (the start of an alphanumeric)
/// starts: back over alphanumerics, and over apostrophes with an alphanumeric before them.
fn text_word_start(text: &str, mut i: usize) -> usize {
    let is_apostrophe = |c: char| c == '\'' || c == '\u{2019}';
    while let Some(c) = text[..i].chars().next_back() {
        if c.is_alphanumeric() || is_apostrophe(c) && alphanumeric_before(text, i - c.len_utf8()) {
            i -= c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Whether the character that ends at byte `end` of `text` is alphanumeric.
fn alphanumeric_before(text: &str, end: usize) -> bool {
    text.get(..end)
        .and_then(|before| before.chars().next_back())
        .is_some_and(char::is_alphanumeric)
}

/// The term hash of one ASCII word as [`for_each_word`] splits them, if it is a term.
#[inline]
fn ascii_word_term_hash(b: &[u8]) -> Option<u64> {
    if !b.iter().any(u8::is_ascii_alphabetic) {
        return None;
    }
    // Without a possessive "'s"; any other apostrophe makes a contraction.
    let possessive = b.len() >= 2 && b[b.len() - 2] == b'\'' && b[b.len() - 1] | 0x20 == b's';
    let w = if possessive { &b[..b.len() - 2] } else { b };
    if w.contains(&b'\'') {
        return None;
    }
    letters_term_hash(w, crate::ner::hash::ascii_word_hash(w))
}

/// [`ascii_word_term_hash`] of a word known to be ASCII letters only (no apostrophe to look
/// for), given its [`term_hash`] as a word (which the recogniser has taken already): most words
/// of a text, so the checks that cannot fail are left out, and only a plural is hashed again.
#[inline]
fn letters_term_hash(w: &[u8], word_hash: u64) -> Option<u64> {
    let n = w.len();
    // No stem is longer than its word: a short word is no term, whatever it is.
    if n < MIN_TERM_LEN || is_stopword_hash(word_hash) {
        return None;
    }
    if w[n - 1] | 0x20 != b's' {
        // No plural: the common case, decided by one byte.
        return Some(word_hash);
    }
    // `s_stem`'s rules on the lower-cased bytes.
    let lower = |i: usize| w[i].to_ascii_lowercase();
    let ends = |suffix: &[u8]| {
        n >= suffix.len() && (0..suffix.len()).all(|k| lower(n - suffix.len() + k) == suffix[k])
    };
    let (stem_len, stem_hash) = if n > 4 && ends(b"ies") && !ends(b"eies") && !ends(b"aies") {
        (n - 2, ies_stem_hash(w))
    } else if (n > 3 && ends(b"es") && !ends(b"aes") && !ends(b"ees") && !ends(b"oes"))
        || (n > 3 && ends(b"s") && !ends(b"us") && !ends(b"ss") && !ends(b"is"))
    {
        (n - 1, crate::ner::hash::ascii_word_hash(&w[..n - 1]))
    } else {
        (n, word_hash)
    };
    if stem_len < MIN_TERM_LEN {
        return None;
    }
    (stem_len == n || !is_stopword_hash(stem_hash)).then_some(stem_hash)
}

/// The [`term_hash`] of the stem of an ASCII word ending in "ies": "y" in place of the ending.
fn ies_stem_hash(w: &[u8]) -> u64 {
    let keep = w.len() - 3;
    let mut stem = [0u8; 64];
    if keep < stem.len() {
        stem[..keep].copy_from_slice(&w[..keep]);
        stem[keep] = b'y';
        return crate::ner::hash::ascii_word_hash(&stem[..=keep]);
    }
    let mut stem = w[..keep].to_vec();
    stem.push(b'y');
    crate::ner::hash::ascii_word_hash(&stem)
}

/// Splits at anything that is neither alphanumeric nor an apostrophe inside a word; hyphenated
/// words give their parts ("Nagorno-Karabakh" → "Nagorno", "Karabakh") so that either half
/// matches on its own. `f` also learns whether the word is ASCII.
///
/// Byte by byte, decoding only non-ASCII characters: news text is ASCII but for its curly
/// quotes and the odd name, and one such character must not send a whole paragraph through
/// character decoding and Unicode tables.
fn for_each_word(text: &str, mut f: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        // To the next word's first character.
        let b = bytes[i];
        if b < 0x80 {
            if !ASCII_ALPHANUMERIC[b as usize] {
                i += 1;
                continue;
            }
        } else {
            let (c, len) = char_at(text, i);
            if !crate::chars::is_alphanumeric(c) {
                i += len;
                continue;
            }
        }
        let start = i;
        let (end, ascii) = word_end(text, i);
        i = end;
        f(&text[start..end], ascii);
    }
}

/// Where the word that `text[i..]` continues ends: past alphanumerics, and apostrophes with an
/// alphanumeric after them; and whether what it passed was ASCII.
#[inline]
fn word_end(text: &str, mut i: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut ascii = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let inner_apostrophe = b == b'\'' && alphanumeric_at(text, i + 1);
            if !(ASCII_ALPHANUMERIC[b as usize] || inner_apostrophe) {
                break;
            }
            i += 1;
        } else {
            let (c, len) = char_at(text, i);
            if crate::chars::is_alphanumeric(c)
                || (c == '\u{2019}' && alphanumeric_at(text, i + len))
            {
                ascii = false;
                i += len;
            } else {
                break;
            }
        }
    }
    (i, ascii)
}

/// The character at byte `j` (non-ASCII, on a boundary) and its length.
#[inline]
fn char_at(text: &str, j: usize) -> (char, usize) {
    let c = text[j..].chars().next().unwrap_or(' ');
    (c, c.len_utf8())
}

#[inline]
fn alphanumeric_at(text: &str, j: usize) -> bool {
    match text.as_bytes().get(j) {
        Some(&b) if b < 0x80 => ASCII_ALPHANUMERIC[b as usize],
        Some(_) => crate::chars::is_alphanumeric(char_at(text, j).0),
        None => false,
    }
}

/// ASCII letters and digits, by byte.
static ASCII_ALPHANUMERIC: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// [`for_each_word`] character by character: the reference the byte-wise splitter is tested
/// against.
#[cfg(test)]
fn for_each_word_chars(text: &str, mut f: impl FnMut(&str)) {
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_apostrophe = (c == '\'' || c == '\u{2019}')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s").unwrap_or(w)
}

/// Harman's S-stemmer: plural endings only, so stems stay readable words in explanations.
pub fn s_stem(w: &str) -> Cow<'_, str> {
    let n = w.len();
    if n > 4 && w.ends_with("ies") && !w.ends_with("eies") && !w.ends_with("aies") {
        return Cow::Owned(format!("{}y", &w[..n - 3]));
    }
    if n > 3
        && w.ends_with("es")
        && !w.ends_with("aes")
        && !w.ends_with("ees")
        && !w.ends_with("oes")
    {
        return Cow::Borrowed(&w[..n - 1]);
    }
    if n > 3 && w.ends_with('s') && !w.ends_with("us") && !w.ends_with("ss") && !w.ends_with("is") {
        return Cow::Borrowed(&w[..n - 1]);
    }
    Cow::Borrowed(w)
}

/// The identity of a term: a 64-bit hash of its (lower-case) stem. It is the entity
/// recogniser's case-insensitive word hash, so that a word that is its own stem (most words) has
/// the hash the recogniser took of it already.
pub fn term_hash(stem: &str) -> u64 {
    crate::ner::hash::lower_case_hash(stem.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: every occurrence sorted by hash, equal hashes merged.
    fn summed_by_sorting(mut hashes: Vec<(u64, u32)>) -> Vec<(u64, u32)> {
        hashes.sort_by_key(|&(h, _)| h);
        let mut out: Vec<(u64, u32)> = Vec::new();
        for (h, w) in hashes {
            match out.last_mut() {
                Some(last) if last.0 == h => last.1 += w,
                _ => out.push((h, w)),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn occurrences_sum_as_sorting_would(
            // Few distinct hashes (so most repeat), some sharing their low or high bits, on
            // both sides of the table's threshold.
            picks in proptest::collection::vec((0usize..40, 1u32..4), 0..300),
            spread in proptest::prelude::any::<u64>(),
        ) {
            let pool: Vec<u64> = (0..40u64)
                .map(|k| match k % 4 {
                    0 => k,
                    1 => k << 58,
                    2 => spread.rotate_left(k as u32),
                    _ => spread ^ k,
                })
                .collect();
            let hashes: Vec<(u64, u32)> = picks.iter().map(|&(k, w)| (pool[k], w)).collect();
            let expected = summed_by_sorting(hashes.clone());
            let summed = TermCounts::from_occurrences(hashes.clone()).counts;
            // In order of first occurrence, each hash once.
            let mut firsts: Vec<u64> = Vec::new();
            for &(h, _) in &hashes {
                if !firsts.contains(&h) {
                    firsts.push(h);
                }
            }
            let order: Vec<u64> = summed.iter().map(|&(h, _)| h).collect();
            proptest::prop_assert_eq!(order, firsts);
            let mut summed = summed;
            summed.sort_unstable();
            proptest::prop_assert_eq!(summed, expected);
        }
    }

    fn terms(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_term(text, |s, h| {
            assert_eq!(h, term_hash(s));
            v.push(s.to_string())
        });
        v
    }

    /// Splits with the character-by-character path only.
    fn words_by_chars(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_word_chars(text, |w| v.push(w.to_string()));
        v
    }

    #[test]
    fn words_split_as_by_characters() {
        let samples = [
            "",
            "'",
            "a'b",
            "don't stop' 'em rock'n'roll",
            "x' y 'z' '1a",
            "Nagorno-Karabakh's U.S. 2020-10-31, 1990s; co-op's",
            "  trailing'",
            "end'",
            "\ttabs\nand\r\nlines--dashes__under_scores",
            "“Quoted,” he said — Zürich’s café, naïve ’tis x’ y’z ’",
            "日本語 テキスト ２０２０ Ελλάδα’s",
        ];
        let split = |s: &str| {
            let mut v = Vec::new();
            for_each_word(s, |w, ascii| {
                assert_eq!(ascii, w.is_ascii(), "{w:?}");
                v.push(w.to_string())
            });
            v
        };
        for s in samples {
            assert_eq!(split(s), words_by_chars(s), "{s:?}");
        }
        // Every short string over a small alphabet of the characters that matter.
        let alphabet = ['a', 'Z', '7', '\'', ' ', '-', '.', '’', 'é', '“'];
        every_string(&alphabet, 4, |s| {
            assert_eq!(split(s), words_by_chars(s), "{s:?}")
        });
    }

    /// Hashes by the fast path and by stems, over every sample and every short string of the
    /// characters that matter to stemming, possessives and contractions.
    #[test]
    fn hashes_without_stems_are_the_stems_hashes() {
        let check = |s: &str| {
            let mut slow = Vec::new();
            for_each_term(s, |_, h| slow.push(h));
            let mut fast = Vec::new();
            for_each_term_hash(s, |h| fast.push(h));
            assert_eq!(fast, slow, "{s:?}");
        };
        for a in crate::corpus::load_embedded().articles {
            check(a.text.get().unwrap());
            check(&a.title);
        }
        for s in [
            "Countries' armies, studies, series, bodies, the aies eies, dogs' cats's CITIES",
            "bus gas pass crisis status species news yes goes does ties lies dies pies",
            "Zürich’s cafés don’t — O'Neill's 1990's ’90s",
            "s es ies ss is us a's I'S x'y",
        ] {
            check(s);
        }
        // Stems longer than the stack buffer the plurals are hashed from.
        for n in [60, 61, 62, 63, 64, 65, 70] {
            check(&format!("{}ies {}Ies", "b".repeat(n), "B".repeat(n)));
        }
        let alphabet = ['s', 'S', 'e', 'i', 'a', 'y', 'u', 'o', '\'', ' ', '1', 'b'];
        every_string(&alphabet, 5, |s| check(&format!("{s} x{s} tab{s}")));
    }

    /// What [`super::super::recognise_and_count_terms`] counts must be what counting from the
    /// text gives.
    fn assert_spans_count_as_text(article: &Article) {
        let text = article.text.read().unwrap();
        let (_, from_spans) = super::super::recognise_and_count_terms(article, &text);
        assert_eq!(
            from_spans,
            TermCounts::of_text(article, &text),
            "{:?}",
            &*text
        );
    }

    /// Words and separators that exercise both splitters: possessives, contractions, hyphens,
    /// dotted abbreviations, digits with commas, curly apostrophes, non-ASCII letters, a Kelvin
    /// sign, headlines and the paragraph kinds the parser tells apart.
    const PIECES: &[&str] = &[
        "Armenia's",
        "Azerbaijan’s",
        "don't",
        "they’re",
        "Nagorno-Karabakh",
        "COVID-19",
        "U.S.",
        "U.S.'s",
        "1,200",
        "3.5bn",
        "1990's",
        "AT&T",
        "O'Brien",
        "rock'n'roll",
        "Zürich",
        "cafés",
        "\u{212a}elvin",
        "stoc\u{212a}s",
        "countries",
        "sanctions",
        "the",
        "said",
        "crisis",
        "’90s",
        "x'y",
        "dogs'",
        "Read more:",
        "(Reuters)",
        "Last Update:",
        "10:30",
        "‐",
        "-",
        "&",
        "'",
        "’",
        "s",
        "S",
        "é",
        "東京",
        "a",
        "IT'S",
        "Jones's",
    ];
    const SEPARATORS: &[&str] = &[" ", "", "\n", "\n\n", ", ", ". ", " - ", "\t", "\u{a0}"];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        #[test]
        fn word_spans_count_as_the_text(
            words in proptest::collection::vec(proptest::sample::select(PIECES), 1..60),
            seps in proptest::collection::vec(proptest::sample::select(SEPARATORS), 60),
        ) {
            let mut body = String::new();
            for (w, sep) in words.iter().zip(&seps) {
                body.push_str(w);
                body.push_str(sep);
            }
            let raw = format!(" date 2020-10-25 {body}");
            for article in crate::corpus::load::load_bytes(raw.as_bytes(), "p.txt").articles {
                assert_spans_count_as_text(&article);
            }
        }

        #[test]
        fn word_spans_count_as_any_text(body in proptest::prelude::any::<String>()) {
            let raw = format!(" date 2020-10-25 {body}");
            for article in crate::corpus::load::load_bytes(raw.as_bytes(), "p.txt").articles {
                assert_spans_count_as_text(&article);
            }
        }
    }

    #[test]
    fn word_spans_count_as_the_seeds() {
        for article in crate::corpus::load_embedded().articles {
            assert_spans_count_as_text(&article);
        }
    }

    #[test]
    fn paragraphs_that_cut_words_are_counted_from_the_text() {
        let raw = " date 2020-10-25 Sanctions hit Armenia's exporters.\n\nTalks resumed in Geneva.";
        let article = &crate::corpus::load::load_bytes(raw.as_bytes(), "p.txt").articles[0];
        let text = article.text.read().unwrap().into_owned();
        // Paragraph bounds inside words ("Sanc|tions", "Gen|eva") and out of order: spans from
        // the recogniser would not split there, so the counter must count from the text.
        let inside = |word: &str, at: usize| (text.find(word).unwrap() + at) as u32;
        let mut cut = article.clone();
        cut.paragraphs[0].start = inside("Sanctions", 4);
        cut.paragraphs[1].end = inside("Geneva", 3);
        assert_spans_count_as_text(&cut);
        let mut reversed = article.clone();
        reversed.paragraphs.reverse();
        assert_spans_count_as_text(&reversed);
        // Without those, the spans do the counting; the counts are the same either way.
        assert_spans_count_as_text(article);
        assert_ne!(
            TermCounts::of_text(&cut, &text),
            TermCounts::of_text(article, &text)
        );
    }

    /// Calls `f` with every string of at most `max_len` characters of `alphabet`.
    fn every_string(alphabet: &[char], max_len: u32, mut f: impl FnMut(&str)) {
        for len in 0..=max_len {
            for n in 0..alphabet.len().pow(len) {
                let mut k = n;
                let s: String = (0..len)
                    .map(|_| {
                        let c = alphabet[k % alphabet.len()];
                        k /= alphabet.len();
                        c
                    })
                    .collect();
                f(&s);
            }
        }
    }

    #[test]
    fn stems_are_checked_against_stopwords_too() {
        // "ends" is no stopword, but its stem "end" is; a word that is its own stem is
        // checked once, as the word.
        assert!(!is_stopword_hash(term_hash("ends")) && is_stopword_hash(term_hash("end")));
        assert!(terms("ends").is_empty());
        assert_eq!(terms("Sanctions sanction April"), ["sanction", "sanction"]);
    }

    #[test]
    fn content_words_only() {
        assert_eq!(
            terms("The talks in Geneva were about a ceasefire, they said."),
            ["talk", "geneva", "ceasefire"]
        );
    }

    #[test]
    fn hyphens_split_and_possessives_go() {
        assert_eq!(
            terms("Nagorno-Karabakh’s army and Azerbaijan's ally"),
            ["nagorno", "karabakh", "army", "azerbaijan", "ally"]
        );
    }

    #[test]
    fn contractions_and_numbers_are_not_terms() {
        assert_eq!(
            terms("don’t they're 2020 1990s covid-19"),
            ["1990", "covid"]
        );
    }

    #[test]
    fn plurals_meet_their_singulars() {
        assert_eq!(s_stem("sanctions"), "sanction");
        assert_eq!(s_stem("countries"), "country");
        assert_eq!(s_stem("country"), "country");
        assert_eq!(s_stem("crisis"), "crisis");
        assert_eq!(s_stem("status"), "status");
        assert_eq!(s_stem("business"), "business");
        assert_eq!(s_stem("forces"), "force");
    }

    #[test]
    fn counts_add_up_and_title_weighs_more() {
        let c = crate::corpus::load::load_bytes(
            " date 2020-01-01 Ceasefire holds\n\nThe ceasefire held. Troops stayed.".as_bytes(),
            "a.txt",
        );
        let t = TermCounts::of_article(&c.articles[0]);
        let count = |w: &str| {
            t.counts
                .iter()
                .find(|&&(h, _)| h == term_hash(w))
                .map(|&(_, n)| n)
        };
        assert_eq!(count("ceasefire"), Some(TITLE_WEIGHT + 1));
        assert_eq!(count("troop"), Some(1));
        assert_eq!(count("the"), None);
        let mut hashes: Vec<u64> = t.counts.iter().map(|&(h, _)| h).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), t.counts.len(), "each term once");
    }

    #[test]
    fn counts_are_equal_whatever_their_order() {
        let a = TermCounts {
            counts: vec![(1, 2), (5, 1)],
        };
        let b = TermCounts {
            counts: vec![(5, 1), (1, 2)],
        };
        assert_eq!(a, b);
        assert_ne!(
            a,
            TermCounts {
                counts: vec![(5, 2), (1, 1)]
            }
        );
        assert_ne!(
            a,
            TermCounts {
                counts: vec![(1, 2)]
            }
        );
    }
}
