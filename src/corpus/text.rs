//! Small text utilities of the corpus layer: paragraph splitting, the content hash, lead
//! sentences and width-aware cutting.

use unicode_width::UnicodeWidthChar;

/// Splits a body into paragraphs at blank lines. Lines inside a paragraph are joined with one
/// space (hard-wrapped files read as flowing text); surrounding whitespace is trimmed.
pub fn split_paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
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

/// A 64-bit hash of the words of `parts`, whitespace-insensitive, so that the same article with
/// other line breaks or spacing hashes the same. Stable across versions and platforms — the ids
/// are stored in the reader state, so this function must never change:
///
/// for each word (split at Unicode whitespace), its UTF-8 bytes in 8-byte little-endian chunks
/// (the last zero-padded) are each folded in with `h = (h ^ chunk) * K; h ^= h >> 29`, then the
/// word's length (`len << 8 | 0xff`) the same way; `h` starts at `SEED`; the result goes through
/// the splitmix64 finaliser so that the short displayed prefix is evenly spread. Eight bytes per
/// step keep hashing off the load's profile.
pub fn normalised_hash<'a>(parts: impl Iterator<Item = &'a str>) -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;

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
