//! Character classes for the hot loops that split text into words.

/// [`char::is_alphanumeric`], without the Unicode tables for the punctuation that fills news text
/// (curly quotes, dashes, ellipses: the General Punctuation block, which holds no letter or
/// digit). The tables are searched for every such character otherwise, and the recogniser and
/// the term counter ask about every non-ASCII character they meet.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{2000}'..='\u{206f}').contains(&c) {
        return false;
    }
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_the_standard_library_on_every_char() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
