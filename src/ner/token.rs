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
/// A capitalised word that may name a month or a weekday ([`super::dates::may_be_calendar_word`]):
/// told once here for the date finder and the name finder, which both ask of every capital.
pub const CALENDAR: u16 = 1 << 8;

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
            | b"sens"
            | b"rep"
            | b"reps"
            | b"gov"
            | b"govs"
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

/// The high bit of every byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes' ASCII letters, capitals and digits, each as the high bit of its byte; a
/// non-ASCII byte is none of them. Exact for every byte: the sums below stay under 0x100, so no
/// carry crosses into the next byte.
struct AsciiClasses {
    letters: u64,
    upper: u64,
    digits: u64,
}

impl AsciiClasses {
    #[inline]
    fn of(x: u64) -> AsciiClasses {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let ones = |b: u8| u64::from_le_bytes([b; 8]);
        let ascii = !x & HIGH_BITS;
        let b = x & LOW7;
        // The high bit of `b + (0x80 - k)` is set exactly when `b >= k`.
        let at_least = |k: u8| b.wrapping_add(ones(0x80 - k)) & HIGH_BITS;
        let upper = at_least(b'A') & !at_least(b'Z' + 1) & ascii;
        let lower = at_least(b'a') & !at_least(b'z' + 1) & ascii;
        let digits = at_least(b'0') & !at_least(b'9' + 1) & ascii;
        AsciiClasses {
            letters: upper | lower,
            upper,
            digits,
        }
    }
}

/// How many bytes of `mask` (high bits only) are set.
#[inline]
fn count_high_bits(mask: u64) -> usize {
    ((mask >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// Splits `text` into tokens. Offsets are byte offsets into `text`, on char boundaries.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut line_start = true;
    let mut sentence_pending = true;
    let mut line = LineTally::default();
    while i < bytes.len() {
        let c = match lead_at(text, i) {
            Lead::Newline => {
                line_start = true;
                sentence_pending = true;
                i += 1;
                continue;
            }
            Lead::Space(len) => {
                i += len;
                continue;
            }
            Lead::End => break,
            Lead::Char(c) => c,
        };
        let flags = if line_start { LINE_START } else { 0 };
        let mut token = if starts_word(bytes[i], c) {
            word_token(text, i, flags)
        } else {
            punct_token(text, i, c, flags, out.last())
        };
        i = token.end as usize;
        line_start = false;
        if token.shape != Shape::Punct {
            if sentence_pending {
                token.flags |= SENT_START;
            }
            sentence_pending = false;
        }
        if ends_sentence(text, &token, c, out.last()) {
            sentence_pending = true;
        }
        if token.has(LINE_START) {
            line.close(text, out);
        }
        line.add(&token);
        out.push(token);
    }
    line.close(text, out);
}

/// What [`tokenize`] finds at a byte offset between tokens.
enum Lead {
    /// A line break: the next token starts a line and a sentence.
    Newline,
    /// White space of this many bytes, which only separates tokens.
    Space(usize),
    /// The first char of a token.
    Char(char),
    /// Not a char boundary: the text ends here for the tokenizer.
    End,
}

/// What stands at byte `i` of `text`: ASCII white space as `char::is_whitespace` has it (which
/// includes \x0b), other white space, or the char a token starts with.
#[inline]
fn lead_at(text: &str, i: usize) -> Lead {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return match b {
            b'\n' => Lead::Newline,
            b' ' | b'\t' | 0x0b | 0x0c | b'\r' => Lead::Space(1),
            _ => Lead::Char(b as char),
        };
    }
    match text[i..].chars().next() {
        Some(c) if c.is_whitespace() => Lead::Space(c.len_utf8()),
        Some(c) => Lead::Char(c),
        None => Lead::End,
    }
}

/// Whether a token starting with byte `b`, the first of char `c`, is a word or number.
#[inline]
fn starts_word(b: u8, c: char) -> bool {
    if b < 0x80 {
        BYTE_CLASS[b as usize] & C_ALNUM != 0
    } else {
        crate::chars::is_alphanumeric(c)
    }
}

/// The word or number starting at byte `start`, with the line's `flags`.
#[inline]
fn word_token(text: &str, start: usize, mut flags: u16) -> Token {
    let scan = scan_word(text, start);
    let mut letters = 0u8;
    let shape = classify_word(text, start, &scan, &mut flags, &mut letters);
    Token {
        start: start as u32,
        end: scan.end as u32,
        shape,
        flags,
        letters,
    }
}

/// The punctuation token starting at byte `start` with char `c`: one char, or a possessive
/// `'s` right after the word `last` (an apostrophe, an `s`, then no letter or digit), split
/// off whole so that it is never part of a name.
#[inline]
fn punct_token(text: &str, start: usize, c: char, flags: u16, last: Option<&Token>) -> Token {
    let clen = c.len_utf8();
    let possessive = is_apostrophe(c)
        && flags & LINE_START == 0
        && last.is_some_and(|t| t.end as usize == start && t.is_word())
        && {
            let mut r = text[start + clen..].chars();
            matches!(r.next(), Some('s') | Some('S'))
                && !r.next().is_some_and(|n| n.is_alphanumeric())
        };
    if possessive {
        return Token {
            start: start as u32,
            end: (start + clen + 1) as u32,
            shape: Shape::Punct,
            flags: flags | POSSESSIVE,
            letters: 1,
        };
    }
    Token {
        start: start as u32,
        end: (start + clen) as u32,
        shape: Shape::Punct,
        flags,
        letters: 0,
    }
}

/// Whether a sentence may start after `token` (first char `c`, after the token `last`), so
/// that the next word's capital says nothing. After a quote or bracket a capital says as
/// little as at a sentence's start; a dot after an abbreviation ("Mr.") ends nothing.
/// "U.S." may end a sentence: treating the next word as sentence-initial is the safe reading
/// (only common words lose their capital's evidence).
#[inline]
fn ends_sentence(text: &str, token: &Token, c: char, last: Option<&Token>) -> bool {
    if token.shape == Shape::Punct {
        matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '•' | '"' | '“' | '‘' | '(' | '['
        ) && !(c == '.'
            && last.is_some_and(|t| {
                t.end as usize == token.start as usize && is_non_final_abbreviation(t.text(text))
            }))
    } else {
        token.has(DOTTED) && !is_non_final_abbreviation(token.text(text))
    }
}

/// A word found by [`scan_word`]: where it ends and what its characters are, counted while
/// scanning so that the word is read once.
struct WordScan {
    end: usize,
    letters: usize,
    upper: usize,
    digits: usize,
}

/// The state of [`scan_word`] between the parts of a word (runs of letters and digits, and
/// the characters that join them).
struct WordState {
    /// Where the word ends so far: past its last part taken.
    end: usize,
    /// The last char taken is a letter or digit (not a joiner).
    prev_alnum: bool,
    /// The last char taken is a letter.
    prev_alpha: bool,
    /// Letters and digits since the word's start or its last dot or joiner.
    letters_since_dot: usize,
    /// So far of the form L.L. (single letters with dots).
    dotted: bool,
    letters: usize,
    upper: usize,
    digits: usize,
}

/// The word starting at `start` (an alphanumeric char).
fn scan_word(text: &str, start: usize) -> WordScan {
    let bytes = text.as_bytes();
    let mut pos = start;
    let mut word = WordState {
        end: start,
        prev_alnum: false,
        prev_alpha: false,
        letters_since_dot: 0,
        dotted: true,
        letters: 0,
        upper: 0,
        digits: 0,
    };
    while pos < bytes.len() {
        let b = bytes[pos];
        if BYTE_CLASS[b as usize] & C_ALNUM != 0 {
            pos = word.take_ascii_run(bytes, pos);
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
            word.take_alphanumeric(c, pos);
            continue;
        }
        if !word.takes_joiner(text, pos, c) {
            break;
        }
        pos += clen;
    }
    // The first char is alphanumeric, so it was taken: `end` is past it.
    debug_assert!(word.end > start);
    WordScan {
        end: word.end,
        letters: word.letters,
        upper: word.upper,
        digits: word.digits,
    }
}

impl WordState {
    /// Takes the run of ASCII letters and digits starting at `pos` and returns where it ends.
    /// The common case, taken in a tight loop that only adds up packed counts; the word's
    /// state is updated once for the whole run. Eight bytes at a time while eight remain: the
    /// run's end is found from a mask, without a branch per byte that mispredicts at every
    /// word's end.
    #[inline]
    fn take_ascii_run(&mut self, bytes: &[u8], mut pos: usize) -> usize {
        let run_start = pos;
        let mut last_alpha = false;
        let mut finished = false;
        while let Some(chunk) = bytes.get(pos..pos + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            let classes = AsciiClasses::of(x);
            let alnum = classes.letters | classes.digits;
            let stop = !alnum & HIGH_BITS;
            let n = stop.trailing_zeros() / 8; // 8 when the run goes on
            let keep = if n == 8 {
                u64::MAX
            } else {
                (1u64 << (n * 8)) - 1
            };
            self.letters += count_high_bits(classes.letters & keep);
            self.upper += count_high_bits(classes.upper & keep);
            self.digits += count_high_bits(classes.digits & keep);
            if n > 0 {
                last_alpha = classes.letters >> (n * 8 - 1) & 1 != 0;
            }
            pos += n as usize;
            if n < 8 {
                finished = true;
                break;
            }
        }
        if !finished {
            // The last few bytes of the text.
            let mut last = if pos > run_start {
                if last_alpha { C_ALPHA } else { C_DIGIT }
            } else {
                BYTE_CLASS[bytes[run_start] as usize]
            };
            while pos < bytes.len() {
                let c = BYTE_CLASS[bytes[pos] as usize];
                if c & C_ALNUM == 0 {
                    break;
                }
                self.letters += (c & C_ALPHA != 0) as usize;
                self.upper += (c & C_UPPER != 0) as usize;
                self.digits += (c & C_DIGIT != 0) as usize;
                last = c;
                pos += 1;
            }
            last_alpha = last & C_ALPHA != 0;
        }
        self.end = pos;
        self.prev_alnum = true;
        self.prev_alpha = last_alpha;
        self.letters_since_dot += pos - run_start;
        self.dotted &= self.letters_since_dot <= 1;
        pos
    }

    /// Takes one non-ASCII letter or digit `c`, which ends at `end`.
    #[inline]
    fn take_alphanumeric(&mut self, c: char, end: usize) {
        self.end = end;
        self.prev_alnum = true;
        self.prev_alpha = c.is_alphabetic();
        if self.prev_alpha {
            self.letters += 1;
            self.upper += c.is_uppercase() as usize;
        } else if c.is_numeric() {
            self.digits += 1;
        }
        self.letters_since_dot += 1;
        self.dotted &= self.letters_since_dot <= 1;
    }

    /// Whether the char `c` at `pos`, neither a letter nor a digit, continues the word: an
    /// inner hyphen, ampersand or apostrophe between letters ("Nagorno-Karabakh", "AT&T",
    /// "O'Brien", but not a possessive 's), a separator inside a number (1,200 · 3.5 · 08:08)
    /// or the dot of a single letter (U.S. / J. / p.m.). The dot is taken into the word even
    /// when the word ends after it. Only these characters can continue a word: anything else
    /// ends it without looking further.
    #[inline]
    fn takes_joiner(&mut self, text: &str, pos: usize, c: char) -> bool {
        if !matches!(c, '-' | '‐' | '&' | '\'' | '’' | ',' | '.' | ':') {
            return false;
        }
        let after = &text[pos + c.len_utf8()..];
        let next = after.chars().next();
        let next_alnum = next.is_some_and(crate::chars::is_alphanumeric);
        match c {
            '-' | '‐' | '&' if self.prev_alnum && next_alnum => {
                self.dotted = false;
                self.prev_alnum = false;
                self.letters_since_dot = 0;
                true
            }
            '\'' | '’' if self.prev_alnum && next_alnum => {
                // Keep "O'Brien" whole but stop before a possessive 's.
                let mut a = after.chars();
                let s = a.next();
                if matches!(s, Some('s') | Some('S'))
                    && !a.next().is_some_and(char::is_alphanumeric)
                {
                    return false;
                }
                self.dotted = false;
                self.prev_alnum = false;
                self.letters_since_dot = 0;
                true
            }
            ',' | '.' | ':'
                if self.prev_alnum
                    && next.is_some_and(|n| n.is_ascii_digit())
                    && text.as_bytes()[self.end - 1].is_ascii_digit() =>
            {
                self.dotted = false;
                self.prev_alnum = false;
                true
            }
            '.' if self.prev_alnum
                && self.dotted
                && self.letters_since_dot == 1
                && self.prev_alpha =>
            {
                self.end = pos + 1;
                self.prev_alnum = false;
                self.letters_since_dot = 0;
                next_alnum
            }
            _ => false,
        }
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
        if super::dates::may_be_calendar_word(&text[start..scan.end]) {
            *flags |= CALENDAR;
        }
    }
    if letters >= 2 && scan.upper == letters {
        *flags |= ALL_CAPS;
    }
    Shape::Word
}

/// Short words that only a title-case headline capitalises mid-line ("Talks To Resume In Geneva").
const TITLE_CASE_FUNCTION_WORDS: &[&str] = &[
    "The", "A", "An", "To", "Of", "In", "On", "For", "And", "Is", "Are", "At", "By", "With",
    "From", "As", "Be", "Will", "Not", "No", "Over", "After", "Up", "Its", "Into", "Amid", "Says",
    "Say",
];

/// The words of the line being tokenized, counted as they come so that a line in capitals or
/// title case is told when it ends, without a second pass over every token.
#[derive(Default)]
struct LineTally {
    /// The line's first token.
    first: usize,
    /// Words of three or more letters in capitals.
    caps: usize,
    /// Words of two or more letters not in capitals.
    lower: usize,
    /// Capitalised words of two or more letters.
    titled: usize,
    /// Words of four or more letters not capitalised.
    long_lower: usize,
}

impl LineTally {
    /// Counts the line's next token (without branches: whether a token is a word, and its
    /// case, change from one token to the next unpredictably).
    #[inline]
    fn add(&mut self, t: &Token) {
        let word = t.is_word() as usize;
        let all_caps = t.has(ALL_CAPS) as usize;
        let cap = t.has(CAP) as usize;
        let letters = t.letters;
        self.caps += word & all_caps & (letters >= 3) as usize;
        self.lower += word & (all_caps ^ 1) & (letters >= 2) as usize;
        self.titled += word & cap & (letters >= 2) as usize;
        self.long_lower += word & (cap ^ 1) & (letters >= 4) as usize;
    }

    /// Ends the line, whose tokens are `tokens[self.first..]`: marks them if it is written in
    /// capitals ("LEICESTERSHIRE TAKE OVER") or in title case ("Obama Willing To Talk"), where
    /// either way a capital says nothing about a name. The next line starts after them.
    fn close(&mut self, text: &str, tokens: &mut [Token]) {
        let line = &mut tokens[self.first..];
        let capitals =
            self.caps >= 2 && self.lower * 4 <= self.caps || self.caps == 1 && self.lower == 0;
        // The function-word test compares strings: only for the rare line that could need it.
        let title_case = !capitals
            && self.titled >= 4
            && self.long_lower == 0
            && line.iter().any(|t| {
                t.is_word()
                    && t.has(CAP)
                    && t.letters >= 2
                    && !t.has(ALL_CAPS)
                    && TITLE_CASE_FUNCTION_WORDS.contains(&t.text(text))
            });
        if capitals || title_case {
            for t in line {
                t.flags |= SHOUT;
            }
        }
        *self = LineTally {
            first: tokens.len(),
            ..LineTally::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_classes_agree_with_the_byte_table() {
        // Every byte value at every place in the word, among neighbours that sit at the edges
        // of the ranges (where a carry or a borrow would show).
        for fill in [
            0x00u8, b'@', b'Z', b'[', b'`', b'z', b'{', b'/', b'9', 0x7f, 0x80, 0xff,
        ] {
            for at in 0..8 {
                for b in 0..=255u8 {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let classes = AsciiClasses::of(u64::from_le_bytes(bytes));
                    for (k, &byte) in bytes.iter().enumerate() {
                        let bit = |mask: u64| mask >> (8 * k + 7) & 1 != 0;
                        let class = BYTE_CLASS[byte as usize];
                        assert_eq!(bit(classes.letters), class & C_ALPHA != 0, "{byte:#x}");
                        assert_eq!(bit(classes.upper), class & C_UPPER != 0, "{byte:#x}");
                        assert_eq!(bit(classes.digits), class & C_DIGIT != 0, "{byte:#x}");
                    }
                    let set = bytes.iter().filter(|&&x| x >= 0x80).count();
                    assert_eq!(
                        count_high_bits(!classes.letters & HIGH_BITS),
                        8 - {
                            bytes
                                .iter()
                                .filter(|&&x| BYTE_CLASS[x as usize] & C_ALPHA != 0)
                                .count()
                        }
                    );
                    assert_eq!(count_high_bits(u64::from_le_bytes(bytes) & HIGH_BITS), set);
                }
            }
        }
    }

    proptest::proptest! {
        /// Words of every length, against the ends of eight-byte loads and of the text: each
        /// word or number token is a whole run (no letter or digit right after it) and counts
        /// its own letters and capitals.
        #[test]
        fn word_tokens_are_whole_runs_that_count_their_letters(
            pieces in proptest::collection::vec((0usize..12, 1usize..20, 0usize..62), 0..40)
        ) {
            const RUN: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            const OTHER: [&str; 11] = [" ", ".", ",", "'", "’", "-", "&", ":", "\n", "é", "日"];
            let mut text = String::new();
            for (kind, len, seed) in pieces {
                match OTHER.get(kind) {
                    Some(other) if kind % 2 == 0 => text.push_str(other),
                    // Runs of letters and digits of every length, some of one case or kind.
                    _ => text.extend(
                        (0..len).map(|k| RUN[(seed + k * (kind + 1) / 3) % RUN.len()] as char),
                    ),
                }
            }
            let mut tokens = Vec::new();
            tokenize(&text, &mut tokens);
            for t in tokens.iter().filter(|t| t.shape != Shape::Punct) {
                let word = t.text(&text);
                let after = text[t.end as usize..].chars().next();
                proptest::prop_assert!(
                    !after.is_some_and(|c| c.is_ascii_alphanumeric()),
                    "{word:?} then {after:?}"
                );
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                proptest::prop_assert_eq!(t.letters as usize, letters.min(255));
                let upper = word.chars().filter(|c| c.is_uppercase()).count();
                proptest::prop_assert_eq!(t.has(ALL_CAPS), letters >= 2 && upper == letters);
                proptest::prop_assert_eq!(
                    t.has(DIGIT),
                    word.chars().any(|c| c.is_numeric())
                );
                proptest::prop_assert_eq!(t.shape == Shape::Number, letters == 0);
            }
        }
    }

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
