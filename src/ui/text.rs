//! The last step before a string reaches a widget: the sanitiser (always), ASCII folding in ASCII
//! mode, and cutting to a width by display columns (never at a byte offset).

use super::symbols::Symbols;
use crate::sanitize::sanitize_line;
use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Safe for one line of a widget. In ASCII mode, typographic punctuation becomes its ASCII
/// look-alike and anything else outside ASCII a `?`, since the terminal could not show it.
pub fn clean<'a>(s: &'a str, sym: &Symbols) -> Cow<'a, str> {
    let safe = sanitize_line(s);
    if !sym.ascii || safe.is_ascii() {
        return safe;
    }
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            '“' | '”' | '„' | '«' | '»' | '″' => out.push('"'),
            '‘' | '’' | '‚' | '′' => out.push('\''),
            '–' | '—' | '‐' | '‑' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            '\u{a0}' | '\u{2009}' | '\u{202f}' => out.push(' '),
            '·' => out.push('-'),
            '•' => out.push('*'),
            _ => out.push('?'),
        }
    }
    Cow::Owned(out)
}

/// `s` cleaned and cut to `width` columns, ending in an ellipsis when it was cut.
pub fn fit(s: &str, width: usize, sym: &Symbols) -> String {
    let s = clean(s, sym);
    if s.width() <= width {
        return s.into_owned();
    }
    let tail = sym.ellipsis.width();
    if width <= tail {
        return take_width(&s, width).to_string();
    }
    let mut out = take_width(&s, width - tail).trim_end().to_string();
    out.push_str(sym.ellipsis);
    out
}

/// The longest prefix of `s` at most `width` columns wide.
pub fn take_width(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            return &s[..i];
        }
        used += w;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_by_columns_with_an_ellipsis() {
        let u = Symbols::UNICODE;
        assert_eq!(fit("Pashinyan asks Putin", 10, &u), "Pashinyan…");
        assert_eq!(fit("日本語のテキスト", 7, &u), "日本語…");
        assert_eq!(fit("short", 10, &u), "short");
        assert_eq!(fit("abc", 0, &u), "");
        assert_eq!(fit("a\x1b[31mb", 10, &u), "a[31mb");
    }

    #[test]
    fn ascii_mode_folds_typography() {
        let a = Symbols::ASCII;
        assert_eq!(clean("“urgent” — talks…", &a), "\"urgent\" - talks...");
        assert_eq!(fit("Ærø “x”", 5, &a), "?r...");
    }
}
