#![no_main]
//! RSS and Atom feeds: any bytes give articles that hold the article invariants, or a reason.

use dateline::corpus::feed::parse_feed;
use dateline::corpus::parse::Item;
use libfuzzer_sys::fuzz_target;

include!("check.rs");

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    if let Ok(items) = parse_feed(&raw, "fuzz.xml") {
        for item in &items {
            if let Item::Article(p) = item {
                check_article(&p.article);
            }
        }
    }
});
