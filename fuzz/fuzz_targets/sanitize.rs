#![no_main]
//! The sanitiser: no control character, bidirectional control or zero-width character survives
//! (newlines only in multi-line text), and clean text passes through unchanged.

use dateline::sanitize::{sanitize, sanitize_line};
use libfuzzer_sys::fuzz_target;

fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}')
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let multi = sanitize(&s);
    assert!(!multi.chars().any(|c| c != '\n' && forbidden(c)), "{multi:?}");
    let line = sanitize_line(&s);
    assert!(!line.chars().any(forbidden), "{line:?}");
    // Idempotent: what the gate lets through, it lets through again untouched.
    assert_eq!(sanitize(&multi), multi);
    assert_eq!(sanitize_line(&line), line);
});
