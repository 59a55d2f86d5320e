//! Content words: the vocabulary that says what an article is about beyond its named entities.
//!
//! A term is a lower-cased word of at least three letters that is not a stopword, with a light
//! plural stemmer (Harman's S-stemmer) so that "sanctions" and "sanction" count as one. Terms are
//! identified by a 64-bit hash of their stem: the per-article phase then produces only numbers,
//! which the collection phase interns without touching strings (see [`super::term_index`]).

use super::hashing::{FNV_START, fnv_finish, fnv_step};
use super::stopwords::is_stopword_hash;
use crate::corpus::{Article, ParagraphKind};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Shortest word (in bytes of its stem) kept as a term: two-letter words are almost all function
/// words or abbreviations, which the entity recogniser handles better.
const MIN_TERM_LEN: usize = 3;
/// Title words say most about the story: they count as this many mentions.
const TITLE_WEIGHT: u32 = 3;

/// How often each term occurs in one article, sorted by hash (each hash once).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TermCounts {
    pub counts: Vec<(u64, u32)>,
}

impl TermCounts {
    /// Counts the terms of an article's title and prose (body and captions). Read-more headlines
    /// and update lines are left out: they are about other stories, or about nothing.
    pub fn of_article(article: &Article) -> TermCounts {
        TermCounts::of_text(article, &article.text)
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
        hashes.sort_unstable_by_key(|&(h, _)| h);
        // Merged in place and cut to size: a list of every occurrence is several times longer
        // than the distinct terms, and these lists live until the collection phase interns them.
        hashes.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        hashes.shrink_to_fit();
        TermCounts { counts: hashes }
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
        let b = raw.as_bytes();
        if !b.iter().any(u8::is_ascii_alphabetic) {
            return;
        }
        // Without a possessive "'s"; any other apostrophe makes a contraction.
        let possessive = b.len() >= 2 && b[b.len() - 2] == b'\'' && b[b.len() - 1] | 0x20 == b's';
        let w = if possessive { &b[..b.len() - 2] } else { b };
        if w.contains(&b'\'') {
            return;
        }
        let n = w.len();
        let lower = |i: usize| w[i].to_ascii_lowercase();
        // The hash states after all but one and all but three bytes: the plural stems' hashes.
        let (mut h, mut but_one, mut but_three) = (FNV_START, FNV_START, FNV_START);
        for i in 0..n {
            if i + 1 == n {
                but_one = h;
            }
            if i + 3 == n {
                but_three = h;
            }
            h = fnv_step(h, lower(i));
        }
        let word_hash = fnv_finish(h);
        if is_stopword_hash(word_hash) {
            return;
        }
        // `s_stem`'s rules on the lower-cased bytes.
        let ends = |suffix: &[u8]| {
            n >= suffix.len() && (0..suffix.len()).all(|k| lower(n - suffix.len() + k) == suffix[k])
        };
        let (stem_len, stem_hash) = if n > 4 && ends(b"ies") && !ends(b"eies") && !ends(b"aies") {
            (n - 2, fnv_finish(fnv_step(but_three, b'y')))
        } else if (n > 3 && ends(b"es") && !ends(b"aes") && !ends(b"ees") && !ends(b"oes"))
            || (n > 3 && ends(b"s") && !ends(b"us") && !ends(b"ss") && !ends(b"is"))
        {
            (n - 1, fnv_finish(but_one))
        } else {
            (n, word_hash)
        };
        if stem_len < MIN_TERM_LEN {
            return;
        }
        if stem_len == n || !is_stopword_hash(stem_hash) {
            f(stem_hash);
        }
    });
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
    // The character at byte `j` (non-ASCII) and its length.
    let char_at = |j: usize| {
        let c = text[j..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    };
    let alphanumeric_at = |j: usize| match bytes.get(j) {
        Some(&b) if b < 0x80 => ASCII_ALPHANUMERIC[b as usize],
        Some(_) => char_at(j).0.is_alphanumeric(),
        None => false,
    };
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
            let (c, len) = char_at(i);
            if !c.is_alphanumeric() {
                i += len;
                continue;
            }
        }
        // To its end: alphanumerics, and apostrophes with an alphanumeric after them.
        let start = i;
        let mut ascii = true;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                let inner_apostrophe = b == b'\'' && alphanumeric_at(i + 1);
                if !(ASCII_ALPHANUMERIC[b as usize] || inner_apostrophe) {
                    break;
                }
                i += 1;
            } else {
                let (c, len) = char_at(i);
                if c.is_alphanumeric() || (c == '\u{2019}' && alphanumeric_at(i + len)) {
                    ascii = false;
                    i += len;
                } else {
                    break;
                }
            }
        }
        f(&text[start..i], ascii);
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

/// The identity of a term: a 64-bit hash of its stem.
pub fn term_hash(stem: &str) -> u64 {
    super::hashing::hash_str(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            check(&a.text);
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
        let alphabet = ['s', 'S', 'e', 'i', 'a', 'y', 'u', 'o', '\'', ' ', '1', 'b'];
        every_string(&alphabet, 5, |s| check(&format!("{s} x{s} tab{s}")));
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
        assert!(t.counts.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
