#![no_main]
//! The SSH input parser: bytes in any packet split give events without a panic, and the same
//! events whichever way the bytes were split (a sequence cut across two packets is still one
//! key).

use dateline::serve::input::InputParser;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&cut, bytes)) = data.split_first() else {
        return;
    };
    let mut whole = InputParser::new();
    let mut expected = whole.feed(bytes);
    expected.extend(whole.flush_pending());

    let mut split = InputParser::new();
    let at = usize::from(cut).min(bytes.len());
    let mut got = split.feed(&bytes[..at]);
    got.extend(split.feed(&bytes[at..]));
    got.extend(split.flush_pending());
    assert!(!split.has_pending());
    // A split can only matter where the first part ends in a held ESC that the second part
    // completes; both parsers saw the same bytes before flushing, so they must agree.
    assert_eq!(format!("{expected:?}"), format!("{got:?}"));
});
