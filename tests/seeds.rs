//! The embedded seed articles parse as their text says.

use chrono::NaiveDate;
use dateline::corpus::{ParagraphKind, TitleSource, load_embedded};

fn seeds() -> dateline::corpus::Corpus {
    load_embedded()
}

#[test]
fn dates_and_update_timestamps() {
    let c = seeds();
    let a = &c.articles[0];
    assert_eq!(a.date, NaiveDate::from_ymd_opt(2020, 10, 31));
    assert_eq!(
        a.timestamp.unwrap().to_rfc3339(),
        "2020-10-31T08:08:00+00:00"
    );
    let b = &c.articles[1];
    assert_eq!(b.date, NaiveDate::from_ymd_opt(2020, 11, 1));
    assert_eq!(
        b.timestamp.unwrap().to_rfc3339(),
        "2020-11-01T12:53:00+00:00"
    );
}

#[test]
fn titles_come_from_the_lead_sentence() {
    let c = seeds();
    for a in &c.articles {
        assert_eq!(a.title_source, TitleSource::LeadSentence);
        assert!(a.title.ends_with('…'), "{}", a.title);
        let cols = unicode_width::UnicodeWidthStr::width(a.title.as_str());
        assert!((60..=90).contains(&cols), "{cols}: {}", a.title);
        assert!(
            a.text
                .get()
                .unwrap()
                .starts_with(a.title.trim_end_matches('…'))
        );
    }
    assert!(
        c.articles[0]
            .title
            .starts_with("Armenian Prime Minister Nikol Pashinyan has formally asked")
    );
}

#[test]
fn paragraph_kinds() {
    let c = seeds();
    let kinds = |i: usize, k: ParagraphKind| {
        c.articles[i]
            .paragraphs
            .iter()
            .filter(|p| p.kind == k)
            .count()
    };
    assert_eq!(kinds(0, ParagraphKind::Caption), 2);
    assert_eq!(kinds(0, ParagraphKind::Update), 1);
    assert_eq!(kinds(0, ParagraphKind::ReadMore), 0);
    assert_eq!(kinds(1, ParagraphKind::Caption), 2);
    assert_eq!(kinds(1, ParagraphKind::ReadMoreHeading), 1);
    assert_eq!(kinds(1, ParagraphKind::ReadMore), 4);
    assert_eq!(kinds(1, ParagraphKind::Update), 1);
    // The update line is the last paragraph, captions end with the credit.
    for a in &c.articles {
        assert_eq!(a.paragraphs.last().unwrap().kind, ParagraphKind::Update);
        for (p, t) in a.paragraphs_with_text().unwrap() {
            if p.kind == ParagraphKind::Caption {
                assert!(
                    t.ends_with("(Reuters)") || t.ends_with("(Reuters/Aziz Karimov)"),
                    "{t}"
                );
            }
        }
    }
}

#[test]
fn the_four_read_more_headlines() {
    let c = seeds();
    let rm = &c.articles[1].read_more;
    assert_eq!(rm.len(), 4);
    assert!(rm[0].starts_with("Erdogan’s spokesman"));
    assert!(rm[1].starts_with("Turkey is to blame"));
    assert!(rm[2].starts_with("Two dead, five injured"));
    assert!(rm[3].starts_with("France's Macron"));
}

#[test]
fn ids_are_stable_and_distinct() {
    let c = seeds();
    let ids: Vec<String> = c.articles.iter().map(|a| a.id.to_hex()).collect();
    assert_ne!(ids[0], ids[1]);
    assert_eq!(ids[0].len(), 12);
    // Stored in reader state: changing the hash would orphan every user's marks.
    assert_eq!(ids[0], "9dc40b5c07ed");
    assert_eq!(ids[1], "202c40cd4633");
}
