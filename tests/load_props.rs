//! Whatever bytes a file holds, loading never panics and keeps its promises.

use dateline::corpus::load::load_bytes;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let c = load_bytes(&bytes, "f.txt");
        prop_assert!(c.articles.len() + c.report.skipped.len() == 1);
        for a in &c.articles {
            prop_assert!(!a.text.get().unwrap().chars().any(|ch| ch.is_control() && ch != '\n'));
            for p in &a.paragraphs {
                prop_assert!(a.text.get().unwrap().is_char_boundary(p.start as usize));
                prop_assert!(a.text.get().unwrap().is_char_boundary(p.end as usize));
                prop_assert!(p.start <= p.end && (p.end as usize) <= a.text.len());
            }
        }
    }

    #[test]
    fn seed_shaped_text_never_panics(
        date in "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        paras in proptest::collection::vec("[ -~\u{a0}-\u{2fff}\n\t\x1b]{0,120}", 0..12),
    ) {
        let raw = format!(" date {date} {}", paras.join("\n\n"));
        let c = load_bytes(raw.as_bytes(), "s.txt");
        prop_assert!(c.articles.len() + c.report.skipped.len() == 1);
    }

    #[test]
    fn any_line_end_gives_the_same_article(
        lines in proptest::collection::vec("[ -~\u{a0}-\u{2fff}\t]{0,60}", 1..10),
        breaks in proptest::collection::vec(any::<bool>(), 10),
    ) {
        // Lines, some of them ended by a blank line (a paragraph break), with LF line ends.
        let mut body = String::new();
        for (line, blank) in lines.iter().zip(&breaks) {
            body.push_str(line);
            body.push_str(if *blank { "\n\n" } else { "\n" });
        }
        let article = |end: &str| {
            let text = format!(" date 2021-02-03\n{body}").replace('\n', end);
            let c = load_bytes(text.as_bytes(), "s.txt");
            let json = serde_json::json!([{ "title": "T", "text": body.replace('\n', end) }]);
            let j = load_bytes(json.to_string().as_bytes(), "s.json");
            let show = |c: &dateline::corpus::Corpus| {
                c.articles.first().map(|a| format!("{:?} {:?} {:?} {:?}", a.id, a.title, a.text.get().unwrap(), a.paragraphs))
            };
            (show(&c), show(&j), c.report.skipped.len(), j.report.skipped.len())
        };
        let lf = article("\n");
        prop_assert_eq!(&article("\r"), &lf);
        prop_assert_eq!(&article("\r\n"), &lf);
    }

    #[test]
    fn arbitrary_json_never_panics(s in "[\\[\\]{}\":,a-z0-9 \n]{0,300}") {
        let _ = load_bytes(s.as_bytes(), "f.json");
        let _ = load_bytes(s.as_bytes(), "f.jsonl");
    }
}
