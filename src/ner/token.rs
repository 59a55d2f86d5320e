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

/// Abbreviations whose dot does not end a sentence (compared without the dot, lower case).
const NON_FINAL_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "maj", "sgt",
    "adm", "rev", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "vs", "v", "fr", "messrs", "cmdr", "supt", "insp", "det", "cpl", "pvt",
];

fn is_non_final_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.len() > 6 {
        return false;
    }
    // A single capital letter is an initial ("J. Smith").
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next())
        && c.is_uppercase()
    {
        return true;
    }
    NON_FINAL_ABBREVIATIONS
        .iter()
        .any(|a| a.eq_ignore_ascii_case(w))
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `text` into tokens. Offsets are byte offsets into `text`, on char boundaries.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut line_start = true;
    let mut sentence_pending = true;
    while i < bytes.len() {
        let c = if bytes[i] < 0x80 {
            bytes[i] as char
        } else {
            match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let clen = c.len_utf8();
        if c == '\n' {
            line_start = true;
            sentence_pending = true;
            i += clen;
            continue;
        }
        if c.is_whitespace() {
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
        if c.is_alphanumeric() {
            let end = scan_word(text, i);
            let word = &text[start..end];
            shape = classify_word(word, &mut flags, &mut letters);
            i = end;
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
            let after_abbreviation = c == '.'
                && out.last().is_some_and(|t| {
                    t.end as usize == start && is_non_final_abbreviation(t.text(text))
                });
            // After a quote or bracket a capital says as little as at a sentence's start.
            if matches!(
                c,
                '.' | '!' | '?' | ':' | ';' | '•' | '"' | '“' | '‘' | '(' | '['
            ) && !after_abbreviation
            {
                sentence_pending = true;
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

/// The end of the word starting at `start` (an alphanumeric char).
fn scan_word(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut end = start;
    let mut prev_alnum = false;
    let mut prev_alpha = false;
    let mut letters_since_dot = 0usize;
    let mut dotted = true; // so far of the form L.L.
    while pos < bytes.len() {
        let b = bytes[pos];
        // The common case: ASCII letters and digits.
        if b.is_ascii_alphanumeric() {
            pos += 1;
            end = pos;
            prev_alnum = true;
            prev_alpha = b.is_ascii_alphabetic();
            letters_since_dot += 1;
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
        if c.is_alphanumeric() {
            pos += clen;
            end = pos;
            prev_alnum = true;
            prev_alpha = c.is_alphabetic();
            letters_since_dot += 1;
            dotted &= letters_since_dot <= 1;
            continue;
        }
        let next = text[pos + clen..].chars().next();
        let next_alnum = next.is_some_and(char::is_alphanumeric);
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
    end.max(start + text[start..].chars().next().map_or(1, char::len_utf8))
}

fn classify_word(word: &str, flags: &mut u16, letters_out: &mut u8) -> Shape {
    let (mut letters, mut upper, mut digits) = (0usize, 0usize, 0usize);
    if word.is_ascii() {
        for b in word.bytes() {
            if b.is_ascii_alphabetic() {
                letters += 1;
                upper += b.is_ascii_uppercase() as usize;
            } else if b.is_ascii_digit() {
                digits += 1;
            }
        }
    } else {
        for c in word.chars() {
            if c.is_alphabetic() {
                letters += 1;
                upper += c.is_uppercase() as usize;
            } else if c.is_numeric() {
                digits += 1;
            }
        }
    }
    *letters_out = letters.min(255) as u8;
    if word.ends_with('.') {
        *flags |= DOTTED;
    }
    if digits > 0 {
        *flags |= DIGIT;
    }
    if letters == 0 {
        return Shape::Number;
    }
    // "1990s" starts with a digit: not capitalised. "COVID-19" does.
    if word.chars().next().is_some_and(char::is_uppercase) {
        *flags |= CAP;
    }
    if letters >= 2 && upper == letters {
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
        let mut titled_function_word = false;
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
                titled_function_word |=
                    !t.has(ALL_CAPS) && TITLE_CASE_FUNCTION_WORDS.contains(&t.text(text));
            } else if !t.has(CAP) && letters >= 4 {
                long_lower += 1;
            }
        }
        // In capitals ("LEICESTERSHIRE TAKE OVER"), or in title case ("Obama Willing To Talk"):
        // either way a capital says nothing about a name.
        let capitals = caps >= 2 && lower * 4 <= caps || caps == 1 && lower == 0;
        let title_case = titled >= 4 && long_lower == 0 && titled_function_word;
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
