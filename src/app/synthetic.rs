//! Generated collections of any size, for the reader's tests and its render benchmark: real
//! `Article`s with dates, paragraphs of every kind and read-more headlines, built without files.

use crate::corpus::{Article, ArticleId, Corpus, Paragraph, ParagraphKind, TitleSource};
use chrono::NaiveDate;

const WORDS: &[&str] = &[
    "talks",
    "ceasefire",
    "minister",
    "border",
    "region",
    "forces",
    "council",
    "report",
    "vote",
    "economy",
    "market",
    "protest",
    "court",
    "election",
    "summit",
    "treaty",
    "capital",
    "envoy",
];
const NAMES: &[&str] = &[
    "Armenia",
    "Azerbaijan",
    "Geneva",
    "Moscow",
    "Ankara",
    "Baku",
];

/// `n` articles, one a day backwards from 2020-11-01, each with a few body paragraphs, a caption,
/// a read-more headline naming the previous article, and an update line.
pub fn corpus(n: usize) -> Corpus {
    let start = NaiveDate::from_ymd_opt(2020, 11, 1).expect("a valid date");
    let articles = (0..n)
        .map(|i| {
            let title = title(i);
            let mut text = String::new();
            let mut paragraphs = Vec::new();
            let mut push = |kind, body: String| {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let start = text.len() as u32;
                text.push_str(&body);
                paragraphs.push(Paragraph {
                    kind,
                    start,
                    end: text.len() as u32,
                });
            };
            for p in 0..4 {
                push(ParagraphKind::Body, sentence(i * 7 + p, 40));
            }
            push(
                ParagraphKind::Caption,
                format!("A view of {} at dusk. (Reuters)", NAMES[i % NAMES.len()]),
            );
            let read_more = if i + 1 < n {
                vec![self::title(i + 1)]
            } else {
                vec![]
            };
            for h in &read_more {
                push(ParagraphKind::ReadMore, format!("Read more: {h}"));
            }
            push(ParagraphKind::Body, sentence(i * 11 + 3, 30));
            Article {
                id: ArticleId(0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(i as u64 + 1)),
                source: format!("synthetic/{i:06}.txt"),
                date: Some(start - chrono::Days::new(i as u64)),
                timestamp: None,
                title,
                title_source: TitleSource::Headline,
                url: None,
                text,
                paragraphs,
                read_more,
            }
        })
        .collect();
    Corpus {
        articles,
        report: Default::default(),
    }
}

fn title(i: usize) -> String {
    format!(
        "{} {} {} in {} ({i})",
        capitalise(WORDS[i % WORDS.len()]),
        WORDS[(i / 3) % WORDS.len()],
        WORDS[(i / 7) % WORDS.len()],
        NAMES[i % NAMES.len()]
    )
}

fn sentence(seed: usize, words: usize) -> String {
    let mut s = String::new();
    for w in 0..words {
        if w > 0 {
            s.push(' ');
        }
        let k = seed.wrapping_mul(31).wrapping_add(w * 17);
        if k.is_multiple_of(9) {
            s.push_str(NAMES[k % NAMES.len()]);
        } else {
            s.push_str(WORDS[k % WORDS.len()]);
        }
    }
    s.push('.');
    capitalise(&s)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
