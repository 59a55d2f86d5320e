//! Whatever the input, mentions are in bounds, on char boundaries, sorted, non-overlapping and
//! point at existing entities; and recognition never panics.

use dateline::ner::Recognizer;
use proptest::prelude::*;

fn check(text: &str) {
    let found = Recognizer::shared().recognize(text, chrono::NaiveDate::from_ymd_opt(2020, 11, 1));
    let mut last_end = 0u32;
    for m in &found.mentions {
        assert!(m.start < m.end, "empty span {m:?}");
        assert!(m.end as usize <= text.len(), "out of bounds {m:?}");
        assert!(text.is_char_boundary(m.start as usize) && text.is_char_boundary(m.end as usize));
        assert!(m.start >= last_end, "overlap or unsorted at {m:?}");
        assert!((m.entity as usize) < found.len());
        last_end = m.end;
    }
    let total: u32 = found.iter().map(|e| e.count).sum();
    assert_eq!(total as usize, found.mentions.len());
}

/// Words that exercise the rules: names, titles, dates, particles, punctuation.
const PIECES: &[&str] = &[
    "Prime",
    "Minister",
    "Nikol",
    "President",
    "Mr.",
    "U.S.",
    "US",
    "of",
    "Bank",
    "van",
    "der",
    "Saturday",
    "October",
    "25,",
    "2020",
    "1990s",
    "’s",
    "'s",
    "(Reuters/",
    "Aziz",
    "Karimov)",
    "said",
    "in",
    "the",
    "Nagorno-Karabakh",
    "\n\n",
    "\n",
    "NEW",
    "YORK",
    "Cup",
    "Ministry",
    ".",
    "“",
    "”",
    "é",
    "東京",
    "-",
    "&",
    "COVID-19",
    "Sept.",
    "May",
    "5",
    "Party",
    "City",
    "St",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_sound_for_any_string(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn spans_are_sound_for_name_like_text(words in proptest::collection::vec(proptest::sample::select(PIECES), 0..40), seps in proptest::collection::vec(proptest::sample::select(&[" ", "", "  ", "\n", ","][..]), 40)) {
        let mut text = String::new();
        for (w, s) in words.iter().zip(seps.iter()) {
            text.push_str(w);
            text.push_str(s);
        }
        check(&text);
    }
}
