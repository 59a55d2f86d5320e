//! Tokens with byte offsets, line and sentence starts, found in one pass over the text without
//! allocating per token.
//!
//! A word keeps its inner hyphens ("Nagorno-Karabakh", "COVID-19"), inner apostrophes ("O'Brien")
//! and ampersands between capitals ("AT&T"); dotted abbreviations keep their dots ("U.S.", "J.").
//! A possessive `'s`/`’s` is split off so that it is never part of a name.

/// What a token is made of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// Letters, possibly with digits, inner hyphens and apostrophes.
    Word,
    /// Digits only, possibly with inner `,` `.` `:` (`1,200`, `08:08`).
    Number,
    /// Anything else, one character at a time.
    Punct,
}

/// The first letter is upper case.
pub const CAP: u16 = 1;
/// Every letter is upper case and there are at least two letters ("NATO", "U.S.").
pub const ALL_CAPS: u16 = 1 << 1;
/// The first token of a line (also of a paragraph).
pub const LINE_START: u16 = 1 << 2;
/// The first word of a sentence: its capital says nothing about it being a name.
pub const SENT_START: u16 = 1 << 3;
/// Holds at least one digit.
pub const DIGIT: u16 = 1 << 4;
/// The token sits on a line written in capitals or title case (a headline), so capitals say
/// little.
pub const SHOUT: u16 = 1 << 5;
/// A possessive `'s` / `’s` split off the word before it.
pub const POSSESSIVE: u16 = 1 << 6;
/// Ends with a dot that belongs to it ("U.S.", "Mr.", "J.").
pub const DOTTED: u16 = 1 << 7;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub shape: Shape,
    pub flags: u16,
    /// How many letters the token holds (at most 255).
    pub letters: u8,
}

impl Token {
    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start as usize..self.end as usize]
    }
    pub fn is_word(&self) -> bool {
        self.shape == Shape::Word
    }
}

/// Whether `word` (with or without its dot) is an abbreviation whose dot does not end a sentence,
/// or an initial.
fn is_non_final_abbreviation(word: &str) -> bool {
    let trimmed = word.trim_end_matches('.');
    let w = trimmed.as_bytes();
    if w.len() > 6 || w.is_empty() {
        return false;
    }
    // A single capital letter is an initial ("J. Smith").
    if w.len() == 1 && w[0].is_ascii_uppercase() {
        return true;
    }
    if w[0] >= 0x80 {
        let mut chars = trimmed.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return c.is_uppercase();
        }
    }
    // Lower-cased into a stack buffer and matched as byte strings: this runs for every word
    // before a dot, and a `match` beats a case-insensitive scan of a list.
    let mut buf = [0u8; 6];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"mr"
            | b"mrs"
            | b"ms"
            | b"dr"
            | b"prof"
            | b"gen"
            | b"sen"
            | b"rep"
            | b"gov"
            | b"lt"
            | b"col"
            | b"capt"
            | b"maj"
            | b"sgt"
            | b"adm"
            | b"rev"
            | b"st"
            | b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"no"
            | b"vs"
            | b"v"
            | b"fr"
            | b"messrs"
            | b"cmdr"
            | b"supt"
            | b"insp"
            | b"det"
            | b"cpl"
            | b"pvt"
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Byte classes for the ASCII fast paths: one table load tells a letter, its case and a digit
/// apart without a chain of range comparisons.
const C_LOWER: u8 = 1;
const C_UPPER: u8 = 1 << 1;
const C_DIGIT: u8 = 1 << 2;
const C_ALPHA: u8 = C_LOWER | C_UPPER;
const C_ALNUM: u8 = C_ALPHA | C_DIGIT;

static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'a'..=b'z' => C_LOWER,
            b'A'..=b'Z' => C_UPPER,
            b'0'..=b'9' => C_DIGIT,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// Letters, capitals and digits counted together in one `u64`, `COUNT_BITS` bits each, indexed
/// by byte class.
const COUNT_BITS: u32 = 21;
const COUNT_MASK: u64 = (1 << COUNT_BITS) - 1;
const RUN_LIMIT: usize = 1 << 20;
const RUN_COUNTS: [u64; 8] = {
    let mut t = [0u64; 8];
    t[C_LOWER as usize] = 1;
    t[C_UPPER as usize] = 1 | 1 << COUNT_BITS;
    t[C_DIGIT as usize] = 1 << (2 * COUNT_BITS);
    t
};

/// Splits `text` into tokens. Offsets are byte offsets into `text`, on char boundaries.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut line_start = true;
    let mut sentence_pending = true;
    while i < bytes.len() {
        let b = bytes[i];
        let c = if b < 0x80 {
            // ASCII white space as `char::is_white_space` has it (which includes \x0b).
            match b {
                b'\n' => {
                    line_start = true;
                    sentence_pending = true;
                    i += 1;
                    continue;
                }
                b' ' | b'\t' | 0x0b | 0x0c | b'\r' => {
                    i += 1;
                    continue;
                }
                _ => b as char,
            }
        } else {
            match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let clen = c.len_utf8();
        if b >= 0x80 && c.is_whitespace() {
            i += clen;
            continue;
        }
        let start = i;
        let mut flags = 0u16;
        if line_start {
            flags |= LINE_START;
        }
        let shape;
        let mut letters = 0u8;
        let is_word_start = if b < 0x80 {
            BYTE_CLASS[b as usize] & C_ALNUM != 0
        } else {
            crate::chars::is_alphanumeric(c)
        };
        if is_word_start {
            let scan = scan_word(text, i);
            shape = classify_word(text, start, &scan, &mut flags, &mut letters);
            i = scan.end;
        } else {
            shape = Shape::Punct;
            // A possessive right after a word: `'s` followed by a non-letter.
            if is_apostrophe(c)
                && !line_start
                && out
                    .last()
                    .is_some_and(|t| t.end as usize == start && t.is_word())
            {
                let rest = &text[i + clen..];
                let mut r = rest.chars();
                if matches!(r.next(), Some('s') | Some('S'))
                    && !r.next().is_some_and(|n| n.is_alphanumeric())
                {
                    out.push(Token {
                        start: start as u32,
                        end: (i + clen + 1) as u32,
                        shape: Shape::Punct,
                        flags: flags | POSSESSIVE,
                        letters: 1,
                    });
                    i += clen + 1;
                    line_start = false;
                    continue;
                }
            }
            i += clen;
        }
        line_start = false;
        if shape != Shape::Punct {
            if sentence_pending {
                flags |= SENT_START;
            }
            sentence_pending = false;
        }
        let token = Token {
            start: start as u32,
            end: i as u32,
            shape,
            flags,
            letters,
        };
        if shape == Shape::Punct {
            // After a quote or bracket a capital says as little as at a sentence's start.
            if matches!(
                c,
                '.' | '!' | '?' | ':' | ';' | '•' | '"' | '“' | '‘' | '(' | '['
            ) {
                let after_abbreviation = c == '.'
                    && out.last().is_some_and(|t| {
                        t.end as usize == start && is_non_final_abbreviation(t.text(text))
                    });
                if !after_abbreviation {
                    sentence_pending = true;
                }
            }
        } else if token.has(DOTTED) && !is_non_final_abbreviation(token.text(text)) {
            // "U.S." may end a sentence; treating the next word as sentence-initial is the safe
            // reading (only common words lose their capital's evidence).
            sentence_pending = true;
        }
        out.push(token);
    }
    mark_shouting_lines(text, out);
}

/// A word found by [`scan_word`]: where it ends and what its characters are, counted while
/// scanning so that the word is read once.
struct WordScan {
    end: usize,
    letters: usize,
    upper: usize,
    digits: usize,
}

/// The word starting at `start` (an alphanumeric char).
fn scan_word(text: &str, start: usize) -> WordScan {
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut end = start;
    let mut prev_alnum = false;
    let mut prev_alpha = false;
    let mut letters_since_dot = 0usize;
    let mut dotted = true; // so far of the form L.L.
    let (mut letters, mut upper, mut digits) = (0usize, 0usize, 0usize);
    while pos < bytes.len() {
        let b = bytes[pos];
        // The common case: a run of ASCII letters and digits, taken in a tight loop that only
        // adds up packed counts; the word's state is updated once for the whole run.
        let class = BYTE_CLASS[b as usize];
        if class & C_ALNUM != 0 {
            let run_start = pos;
            // Bounded so that no packed count can overflow into the next.
            let limit = bytes.len().min(run_start + RUN_LIMIT);
            let mut counts = 0u64;
            let mut last = class;
            while pos < limit {
                let c = BYTE_CLASS[bytes[pos] as usize];
                if c & C_ALNUM == 0 {
                    break;
                }
                counts += RUN_COUNTS[c as usize];
                last = c;
                pos += 1;
            }
            end = pos;
            prev_alnum = true;
            prev_alpha = last & C_ALPHA != 0;
            letters += (counts & COUNT_MASK) as usize;
            upper += ((counts >> COUNT_BITS) & COUNT_MASK) as usize;
            digits += (counts >> (2 * COUNT_BITS)) as usize;
            letters_since_dot += pos - run_start;
            dotted &= letters_since_dot <= 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            match text[pos..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let clen = c.len_utf8();
        if b >= 0x80 && crate::chars::is_alphanumeric(c) {
            pos += clen;
            end = pos;
            prev_alnum = true;
            prev_alpha = c.is_alphabetic();
            if prev_alpha {
                letters += 1;
                upper += c.is_uppercase() as usize;
            } else if c.is_numeric() {
                digits += 1;
            }
            letters_since_dot += 1;
            dotted &= letters_since_dot <= 1;
            continue;
        }
        // Only these characters can continue a word: anything else ends it without looking
        // further.
        if !matches!(c, '-' | '‐' | '&' | '\'' | '’' | ',' | '.' | ':') {
            break;
        }
        let next = text[pos + clen..].chars().next();
        let next_alnum = next.is_some_and(crate::chars::is_alphanumeric);
        match c {
            '-' | '‐' | '&' if prev_alnum && next_alnum => {
                dotted = false;
                prev_alnum = false;
                letters_since_dot = 0;
            }
            '\'' | '’' if prev_alnum && next_alnum => {
                // Keep "O'Brien" whole but stop before a possessive 's.
                let mut a = text[pos + clen..].chars();
                let s = a.next();
                if matches!(s, Some('s') | Some('S'))
                    && !a.next().is_some_and(char::is_alphanumeric)
                {
                    break;
                }
                dotted = false;
                prev_alnum = false;
                letters_since_dot = 0;
            }
            ',' | '.' | ':'
                if prev_alnum
                    && next.is_some_and(|n| n.is_ascii_digit())
                    && bytes[end - 1].is_ascii_digit() =>
            {
                // 1,200 · 3.5 · 08:08
                dotted = false;
                prev_alnum = false;
            }
            '.' if prev_alnum && dotted && letters_since_dot == 1 && prev_alpha => {
                // U.S. / J. / p.m.: a single letter and its dot belong together.
                end = pos + 1;
                prev_alnum = false;
                letters_since_dot = 0;
                if !next_alnum {
                    break;
                }
            }
            _ => break,
        }
        pos += clen;
    }
    // The first char is alphanumeric, so it was taken: `end` is past it.
    debug_assert!(end > start);
    WordScan {
        end,
        letters,
        upper,
        digits,
    }
}

fn classify_word(
    text: &str,
    start: usize,
    scan: &WordScan,
    flags: &mut u16,
    letters_out: &mut u8,
) -> Shape {
    let bytes = text.as_bytes();
    let letters = scan.letters;
    *letters_out = letters.min(255) as u8;
    if bytes[scan.end - 1] == b'.' {
        *flags |= DOTTED;
    }
    if scan.digits > 0 {
        *flags |= DIGIT;
    }
    if letters == 0 {
        return Shape::Number;
    }
    // "1990s" starts with a digit: not capitalised. "COVID-19" does.
    let first = bytes[start];
    let cap = if first < 0x80 {
        first.is_ascii_uppercase()
    } else {
        text[start..].chars().next().is_some_and(char::is_uppercase)
    };
    if cap {
        *flags |= CAP;
    }
    if letters >= 2 && scan.upper == letters {
        *flags |= ALL_CAPS;
    }
    Shape::Word
}

/// Marks the tokens of lines written mostly in capitals (headlines, datelines).
/// Short words that only a title-case headline capitalises mid-line ("Talks To Resume In Geneva").
const TITLE_CASE_FUNCTION_WORDS: &[&str] = &[
    "The", "A", "An", "To", "Of", "In", "On", "For", "And", "Is", "Are", "At", "By", "With",
    "From", "As", "Be", "Will", "Not", "No", "Over", "After", "Up", "Its", "Into", "Amid", "Says",
    "Say",
];

fn mark_shouting_lines(text: &str, tokens: &mut [Token]) {
    let mut line_begin = 0;
    while line_begin < tokens.len() {
        let mut line_end = line_begin + 1;
        while line_end < tokens.len() && !tokens[line_end].has(LINE_START) {
            line_end += 1;
        }
        let (mut caps, mut lower, mut titled, mut long_lower) = (0usize, 0usize, 0usize, 0usize);
        for t in &tokens[line_begin..line_end] {
            if !t.is_word() {
                continue;
            }
            let letters = t.letters;
            if t.has(ALL_CAPS) && letters >= 3 {
                caps += 1;
            } else if !t.has(ALL_CAPS) && letters >= 2 {
                lower += 1;
            }
            if t.has(CAP) && letters >= 2 {
                titled += 1;
            } else if !t.has(CAP) && letters >= 4 {
                long_lower += 1;
            }
        }
        // In capitals ("LEICESTERSHIRE TAKE OVER"), or in title case ("Obama Willing To Talk"):
        // either way a capital says nothing about a name.
        let capitals = caps >= 2 && lower * 4 <= caps || caps == 1 && lower == 0;
        // The function-word test compares strings: only for the rare line that could need it.
        let title_case = !capitals
            && titled >= 4
            && long_lower == 0
            && tokens[line_begin..line_end].iter().any(|t| {
                t.is_word()
                    && t.has(CAP)
                    && t.letters >= 2
                    && !t.has(ALL_CAPS)
                    && TITLE_CASE_FUNCTION_WORDS.contains(&t.text(text))
            });
        if capitals || title_case {
            for t in &mut tokens[line_begin..line_end] {
                t.flags |= SHOUT;
            }
        }
        line_begin = line_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize(text, &mut v);
        v.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn hyphens_abbreviations_and_possessives() {
        assert_eq!(
            words("Nagorno-Karabakh’s U.S. COVID-19 O'Brien's 1,200 AT&T."),
            [
                "Nagorno-Karabakh",
                "’s",
                "U.S.",
                "COVID-19",
                "O'Brien",
                "'s",
                "1,200",
                "AT&T",
                "."
            ]
        );
    }

    #[test]
    fn possessive_is_flagged() {
        let text = "Armenia's borders";
        let mut v = Vec::new();
        tokenize(text, &mut v);
        assert!(v[1].has(POSSESSIVE));
        assert_eq!(v[1].text(text), "'s");
    }

    #[test]
    fn sentence_starts_skip_abbreviations() {
        let text = "He met Mr. Smith. The talks ended: Aliyev left.\nNew line";
        let mut v = Vec::new();
        tokenize(text, &mut v);
        let starts: Vec<&str> = v
            .iter()
            .filter(|t| t.has(SENT_START))
            .map(|t| t.text(text))
            .collect();
        assert_eq!(starts, ["He", "The", "Aliyev", "New"]);
    }

    #[test]
    fn shouting_lines_are_marked() {
        let text = "CRICKET - LEICESTERSHIRE TAKE OVER\nThe rest is prose";
        let mut v = Vec::new();
        tokenize(text, &mut v);
        assert!(v[0].has(SHOUT) && v[2].has(SHOUT));
        assert!(!v.last().unwrap().has(SHOUT));
    }

    #[test]
    fn multibyte_text_keeps_char_boundaries() {
        let text = "Québec — “Zürich” ünd 東京";
        let mut v = Vec::new();
        tokenize(text, &mut v);
        for t in &v {
            assert!(
                text.is_char_boundary(t.start as usize) && text.is_char_boundary(t.end as usize)
            );
        }
        assert_eq!(words(text)[0], "Québec");
    }
}
