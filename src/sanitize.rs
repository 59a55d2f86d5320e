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
/// on every article it loads, so it looks at bytes: ASCII is judged directly, and a character is
/// decoded only when its lead byte is one that starts a character we remove (C1 controls and
/// U+00AD: 0xC2; U+061C: 0xD8; U+115F, U+1160, U+180E: 0xE1; U+200B–U+206F: 0xE2; U+3164: 0xE3;
/// U+FEFF, U+FFA0, U+FFF9–U+FFFB: 0xEF).
fn needs_work(s: &str, keep_newlines: bool) -> bool {
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
