// What every parsed article must satisfy, whatever bytes it came from. Included by the parser
// targets (each target is its own crate, so this is shared with `include!`).

use dateline::corpus::Article;

/// True for characters the sanitiser must have removed from one-line or multi-line text.
fn forbidden(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && c == '\n'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}')
}

fn check_article(a: &Article) {
    assert!(!a.title.chars().any(|c| forbidden(c, false)), "title {:?}", a.title);
    assert!(!a.source.chars().any(|c| forbidden(c, false)), "source {:?}", a.source);
    for h in &a.read_more {
        assert!(!h.chars().any(|c| forbidden(c, false)), "read more {h:?}");
    }
    let text: &str = &a.text;
    assert!(!text.chars().any(|c| forbidden(c, true)), "text {text:?}");
    for p in &a.paragraphs {
        let (s, e) = (p.start as usize, p.end as usize);
        assert!(s <= e && e <= text.len(), "paragraph {s}..{e} of {}", text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    }
}
