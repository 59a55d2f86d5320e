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
        for_each_term(&article.title, |_, h| hashes.push((h, TITLE_WEIGHT)));
        for (p, text) in article.paragraphs_in(text) {
            if is_prose(p.kind) {
                for_each_term(text, |_, h| hashes.push((h, 1)));
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
    for_each_word(text, |raw| {
        word.clear();
        if raw.is_ascii() {
            // The common case, without per-character case tables.
            word.push_str(raw);
            word.make_ascii_lowercase();
        } else {
            for c in raw.chars() {
                // Curly and straight apostrophes are one character for matching.
                let c = if c == '\u{2019}' { '\'' } else { c };
                word.extend(c.to_lowercase());
            }
        }
        let alphabetic = if word.is_ascii() {
            word.bytes().any(|b| b.is_ascii_alphabetic())
        } else {
            word.chars().any(char::is_alphabetic)
        };
        if !alphabetic {
            return;
        }
        let w = strip_possessive(&word);
        if w.contains('\'') || is_stopword_hash(term_hash(w)) {
            // Contractions ("don't", "they're") are function words.
            return;
        }
        let stem = s_stem(w);
        if stem.len() < MIN_TERM_LEN {
            return;
        }
        let hash = term_hash(&stem);
        if !is_stopword_hash(hash) {
            f(&stem, hash);
        }
    });
}

/// Splits at anything that is neither alphanumeric nor an apostrophe inside a word; hyphenated
/// words give their parts ("Nagorno-Karabakh" → "Nagorno", "Karabakh") so that either half
/// matches on its own.
fn for_each_word(text: &str, f: impl FnMut(&str)) {
    if text.is_ascii() {
        for_each_ascii_word(text, f);
    } else {
        for_each_word_chars(text, f);
    }
}

/// [`for_each_word`] on any text, character by character.
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

/// [`for_each_word`] on ASCII text (most paragraphs), byte by byte: the same words without
/// decoding characters or consulting Unicode tables.
fn for_each_ascii_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    for (i, &c) in bytes.iter().enumerate() {
        let inner_apostrophe = c == b'\''
            && start.is_some()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if c.is_ascii_alphanumeric() || inner_apostrophe {
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
    fn ascii_words_split_as_by_characters() {
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
        ];
        for s in samples {
            let mut v = Vec::new();
            for_each_ascii_word(s, |w| v.push(w.to_string()));
            assert_eq!(v, words_by_chars(s), "{s:?}");
        }
        // Every short string over a small alphabet of the characters that matter.
        let alphabet = [b'a', b'Z', b'7', b'\'', b' ', b'-', b'.'];
        for len in 0..=5u32 {
            for n in 0..alphabet.len().pow(len) {
                let mut k = n;
                let s: String = (0..len)
                    .map(|_| {
                        let c = alphabet[k % alphabet.len()] as char;
                        k /= alphabet.len();
                        c
                    })
                    .collect();
                let mut v = Vec::new();
                for_each_ascii_word(&s, |w| v.push(w.to_string()));
                assert_eq!(v, words_by_chars(&s), "{s:?}");
            }
        }
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
