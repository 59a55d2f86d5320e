//! The one gate between untrusted article text and the terminal.
//!
//! Every string that leaves the program — CLI output, TUI widgets, SSH frames — passes through
//! [`sanitize`] (multi-line text) or [`sanitize_line`] (one-line contexts such as titles, list rows
//! and file names). Articles are also sanitised once when they are parsed, so the text that the
//! analysis sees, and the byte offsets it produces, are those of the clean text; the second pass at
//! output time is then a cheap scan that borrows.
//!
//! Removed: C0 controls except `\n` (so ESC, BEL, CR, backspace…), DEL, C1 controls (including the
//! 8-bit CSI `\u{9b}` and OSC `\u{9d}`), bidirectional overrides and isolates (which can make text
//! display in an order other than the one stored), and zero-width characters (which hide content).
//! Tabs are expanded to spaces at 4-column stops, because a terminal's own tab handling would move
//! the cursor in ways the renderer does not know about.

use std::borrow::Cow;

const TAB_STOP: usize = 4;

/// Characters that never reach the terminal (besides the control characters).
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                  // soft hyphen: invisible unless at a line break
            | '\u{061C}'            // Arabic letter mark
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers (blank but wide)
            | '\u{180E}'            // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{206A}'..='\u{206F}' // deprecated format characters
            | '\u{FEFF}'            // zero-width no-break space / BOM
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation controls
    )
}

fn is_removed(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c)
}

/// Whether `s` holds anything to remove or replace. Runs on every string the program prints and
/// on every article it loads, so it looks at bytes: eight bytes of printable ASCII are passed over
/// at once (most of any text), other ASCII is judged directly, and a character is decoded only
/// when its lead byte is one that starts a character we remove (C1 controls and U+00AD: 0xC2;
/// U+061C: 0xD8; U+115F, U+1160, U+180E: 0xE1; U+200B–U+206F: 0xE2; U+3164: 0xE3; U+FEFF,
/// U+FFA0, U+FFF9–U+FFFB: 0xEF).
fn needs_work(s: &str, keep_newlines: bool) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + 8) {
            if all_printable_ascii(u64::from_le_bytes(block.try_into().unwrap_or([0; 8]))) {
                i += 8;
                continue;
            }
            // Something else in these eight bytes: judge them one by one. A character that
            // starts here and ends in the next block is decoded whole at its lead byte; its
            // continuation bytes are then passed over like any other.
            for j in i..i + 8 {
                if byte_needs_work(s, j, keep_newlines) {
                    return true;
                }
            }
            i += 8;
        } else {
            if byte_needs_work(s, i, keep_newlines) {
                return true;
            }
            i += 1;
        }
    }
    false
}

/// Whether every byte of the eight in `v` is printable ASCII (0x20..=0x7E). Exact for any `v`:
/// a byte below 0x20 sets its high bit in `v - 0x20…` where it was clear in `v` (the borrow
/// that can spread from it only matters once some byte is already below 0x20); a byte of 0x7F
/// or more sets its high bit in `v + 0x01…` or in `v` itself (a carry out of a 0xFF byte, the
/// only kind, comes from a byte whose high bit is set already).
#[inline]
fn all_printable_ascii(v: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = v.wrapping_sub(ONES * 0x20) & !v;
    let del_or_above = v | v.wrapping_add(ONES);
    (below_space | del_or_above) & HIGH == 0
}

/// The byte-at-a-time judgement of [`needs_work`] for the byte at `i`: an ASCII control or DEL
/// (a newline only when it is to be replaced), or the lead byte of a character to remove or
/// replace.
#[inline]
fn byte_needs_work(s: &str, i: usize, keep_newlines: bool) -> bool {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b < 0x20 && (b != b'\n' || !keep_newlines)) || b == 0x7f;
    }
    matches!(b, 0xc2 | 0xd8 | 0xe1 | 0xe2 | 0xe3 | 0xef)
        && s[i..]
            .chars()
            .next()
            .is_some_and(|c| is_removed(c) || is_line_separator(c))
}

fn is_line_separator(c: char) -> bool {
    c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}'
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !needs_work(s, keep_newlines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    for c in s.chars() {
        if c == '\n' || is_line_separator(c) {
            if keep_newlines {
                out.push('\n');
                column = 0;
            } else {
                out.push(' ');
                column += 1;
            }
        } else if c == '\t' {
            let spaces = TAB_STOP - column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else if !is_removed(c) {
            out.push(c);
            column += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    Cow::Owned(out)
}

/// Makes multi-line text safe for a terminal: newlines stay, everything else that could move the
/// cursor, change the terminal's state or hide text is removed (tabs become spaces).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// Like [`sanitize`], for one-line contexts: newlines (and Unicode line separators) become spaces.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::text::every_string;
    use proptest::prelude::*;

    /// [`needs_work`] as it was first written, a byte at a time: the definition the eight-byte
    /// scan must agree with.
    fn reference_needs_work(s: &str, keep_newlines: bool) -> bool {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if (b < 0x20 && (b != b'\n' || !keep_newlines)) || b == 0x7f {
                    return true;
                }
                i += 1;
                continue;
            }
            if matches!(b, 0xc2 | 0xd8 | 0xe1 | 0xe2 | 0xe3 | 0xef)
                && let Some(c) = s[i..].chars().next()
                && (is_removed(c) || is_line_separator(c))
            {
                return true;
            }
            i += 1;
        }
        false
    }

    fn agrees(s: &str) {
        for keep in [true, false] {
            assert_eq!(
                needs_work(s, keep),
                reference_needs_work(s, keep),
                "{s:?} keep_newlines={keep}"
            );
        }
    }

    /// Characters that test every branch: printable ASCII (including both ends of the range),
    /// controls, newline, tab, DEL, characters led by 0xC2 that are removed, replaced or kept,
    /// and other multi-byte characters removed or kept.
    const SPECIAL: &[char] = &[
        '\0', '\x01', '\x1f', '\n', '\t', '\r', '\x1b', '\x7f', '\u{80}', '\u{85}', '\u{9b}',
        '\u{9f}', '\u{a0}', '\u{ad}', 'é', '\u{61c}', '\u{180e}', '\u{200b}', '\u{2028}',
        '\u{2029}', '\u{202e}', '’', '\u{3164}', '\u{feff}', '\u{fffb}', '😀',
    ];

    #[test]
    fn eight_byte_test_is_exact() {
        // Every byte value at every place of a block otherwise made of printable ASCII (the ends
        // of the range included), and blocks of two odd bytes.
        for fill in [0x20u8, 0x41, 0x7e] {
            for pos in 0..8 {
                for b in 0..=255u8 {
                    let mut block = [fill; 8];
                    block[pos] = b;
                    let expected = (0x20..=0x7e).contains(&b);
                    assert_eq!(
                        all_printable_ascii(u64::from_le_bytes(block)),
                        expected,
                        "{block:?}"
                    );
                }
            }
        }
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let block = [a, b, b'x', a, b'~', b' ', b, a];
                let expected = block.iter().all(|b| (0x20..=0x7e).contains(b));
                assert_eq!(all_printable_ascii(u64::from_le_bytes(block)), expected);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn eight_byte_test_is_exact_on_any_block(block in any::<[u8; 8]>()) {
            let expected = block.iter().all(|b| (0x20..=0x7e).contains(b));
            prop_assert_eq!(all_printable_ascii(u64::from_le_bytes(block)), expected);
        }

        #[test]
        fn scan_agrees_on_any_text(s in any::<String>()) {
            agrees(&s);
        }

        #[test]
        fn scan_agrees_on_mostly_ascii_text(
            s in "[ -~]{0,30}[\x00-\x1f\x7f\u{80}-\u{ff}\u{200b}\u{2028}\u{feff}é’]?[ -~]{0,30}"
        ) {
            agrees(&s);
        }
    }

    #[test]
    fn scan_agrees_on_every_short_string() {
        let mut alphabet = vec!['a', ' '];
        alphabet.extend_from_slice(SPECIAL);
        every_string(&alphabet, 3, agrees);
        // Longer strings, from fewer characters, so that blocks of eight are passed over and
        // characters straddle them.
        every_string(&['a', '\n', '\x7f', '\u{85}', '\u{a0}', '’'], 7, agrees);
    }

    #[test]
    fn scan_finds_a_character_at_every_place() {
        let ascii = "The quick brown fox!";
        assert_eq!(ascii.len(), 20);
        for &c in SPECIAL {
            for pos in 0..=ascii.len() {
                let s = format!("{}{c}{}", &ascii[..pos], &ascii[pos..]);
                agrees(&s);
                // And a second one further on, after a clean block.
                agrees(&format!("{s}{ascii}{c}"));
            }
        }
        agrees(ascii);
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            sanitize("Armenia’s “urgent” talks — 30,000"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        let hostile = "a\x1b[2Jb\x1b]52;c;ZXZpbA==\x07c\u{9b}31md\rE";
        let out = sanitize(hostile);
        assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
        assert_eq!(out, "a[2Jb]52;c;ZXZpbA==c31mdE");
    }

    #[test]
    fn bidi_and_zero_width_are_removed() {
        assert_eq!(sanitize("ab\u{202E}cd\u{2066}e\u{200B}f\u{FEFF}"), "abcdef");
    }

    #[test]
    fn tabs_expand_to_stops_and_newlines_stay() {
        assert_eq!(sanitize("a\tb\n\tc"), "a   b\n    c");
        assert_eq!(sanitize_line("a\nb\u{2028}c"), "a b c");
    }

    #[test]
    fn the_byte_scan_agrees_with_a_char_scan() {
        // Every character up to U+FFFF and a few above: the fast scan must say "needs work"
        // exactly when some character is removed or replaced.
        for cp in (0..0x1_0000u32).chain([0x1_F600, 0x10_FFFF]) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let text = format!("a{c}b");
            let slow = text
                .chars()
                .any(|c| is_removed(c) || c == '\t' || is_line_separator(c));
            assert_eq!(needs_work(&text, true), slow, "U+{cp:04X}");
        }
    }

    #[test]
    fn wide_characters_count_two_columns_for_tabs() {
        assert_eq!(sanitize("日\tx"), "日  x");
    }
}
