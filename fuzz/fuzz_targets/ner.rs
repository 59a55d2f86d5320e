#![no_main]
//! The recogniser: on any text, every mention is in bounds, on character boundaries, in order
//! and not overlapping the one before, and names an entity that exists.

use dateline::ner::Recognizer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let entities = Recognizer::shared().recognize(&text, None);
    let mut last_end = 0usize;
    for m in &entities.mentions {
        let (s, e) = (m.start as usize, m.end as usize);
        assert!(s < e && e <= text.len(), "mention {s}..{e} of {}", text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{s}..{e}");
        assert!(s >= last_end, "mention {s}..{e} overlaps the one ending at {last_end}");
        assert!((m.entity as usize) < entities.len(), "entity {}", m.entity);
        last_end = e;
    }
});
