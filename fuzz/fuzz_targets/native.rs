#![no_main]
//! The native format: any bytes become an article whose text is clean and whose paragraphs are
//! in bounds.

use libfuzzer_sys::fuzz_target;

include!("check.rs");

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let parsed = dateline::corpus::parse::parse_native(&raw, "fuzz.txt");
    check_article(&parsed.article);
});
