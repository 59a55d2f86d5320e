#![no_main]
//! JSON and JSON Lines exports: any bytes give articles that hold the article invariants, or a
//! reason.

use dateline::corpus::json::{parse_json, parse_json_lines};
use dateline::corpus::parse::Item;
use libfuzzer_sys::fuzz_target;

include!("check.rs");

fn check_items(items: &[Item]) {
    for item in items {
        if let Item::Article(p) = item {
            check_article(&p.article);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    if let Ok(items) = parse_json(&raw, "fuzz.json") {
        check_items(&items);
    }
    check_items(&parse_json_lines(&raw, "fuzz.jsonl"));
});
