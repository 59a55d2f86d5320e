//! Generated collections of any size, for the reader's tests and its render benchmark: real
//! `Article`s with dates, paragraphs of every kind and read-more headlines, built without files.

use crate::corpus::{Article, ArticleId, Corpus, Paragraph, ParagraphKind, TitleSource};
use crate::entity::{DocEntities, EntityKind, Evidence, Mention};
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
                push(ParagraphKind::Body, sentence(i, i * 7 + p, 40));
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
            push(ParagraphKind::Body, sentence(i, i * 11 + 3, 30));
            Article {
                id: ArticleId(0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(i as u64 + 1)),
                source: format!("synthetic/{i:06}.txt"),
                date: Some(start - chrono::Days::new(i as u64)),
                timestamp: None,
                title,
                title_source: TitleSource::Headline,
                url: None,
                text: text.into(),
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

/// Words of the vocabulary, with the two places article `i` is about.
fn sentence(i: usize, seed: usize, words: usize) -> String {
    let places = [
        NAMES[i % NAMES.len()],
        NAMES[(i / NAMES.len()) % NAMES.len()],
    ];
    let mut s = String::new();
    for w in 0..words {
        if w > 0 {
            s.push(' ');
        }
        let k = seed.wrapping_mul(31).wrapping_add(w * 17);
        if k.is_multiple_of(9) {
            s.push_str(places[k % 2]);
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

/// A stand-in recogniser for tests: finds the given names (whole words, longest first) and maps
/// each to its entity `(kind, canonical name)`, so screens with entities can be tested whatever
/// the real recogniser finds.
pub fn recognise_names(article: &Article, names: &[(&str, EntityKind, &str)]) -> DocEntities {
    let text = article.text.read().unwrap_or_default();
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(names[i].0.len()));
    for i in order {
        let needle = names[i].0;
        for (start, _) in text.match_indices(needle) {
            let end = start + needle.len();
            let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if !word_edge(text[..start].chars().next_back())
                || !word_edge(text[end..].chars().next())
            {
                continue;
            }
            if found.iter().any(|&(s, e, _)| start < e && s < end) {
                continue;
            }
            found.push((start, end, i));
        }
    }
    found.sort_unstable();
    let mut doc = DocEntities::default();
    for (start, end, i) in found {
        let (_, kind, canonical) = names[i];
        let key = format!("{}:{}", kind.label(), canonical.to_lowercase());
        let known = doc.iter().position(|e| e.key == key);
        let entity = match known {
            Some(e) => e,
            None => doc.push(kind, canonical, &key, None, 0) as usize,
        };
        // The names given are certain: the collection keeps the kinds they come with.
        doc.add_evidence(entity, Evidence::NAMED.with(Evidence::DECIDED));
        doc.add_count(entity, 1);
        doc.mentions.push(Mention {
            start: start as u32,
            end: end as u32,
            entity: entity as u32,
        });
    }
    doc
}

/// The names [`corpus`] uses, as places.
pub fn place_names() -> Vec<(&'static str, EntityKind, &'static str)> {
    NAMES.iter().map(|&n| (n, EntityKind::Place, n)).collect()
}

/// The analysis of `corpus` with its [`place_names`] as the entities (no recogniser), so that
/// what tests see does not change when the recogniser improves.
pub fn place_analysis(corpus: &Corpus) -> crate::analysis::Analysis {
    let names = place_names();
    crate::analysis::Analysis::build_with(corpus, |a| recognise_names(a, &names))
}

/// A reader of `corpus` on a `w`×`h` terminal, without its analysis (as before it is built).
pub fn reader(corpus: Corpus, w: u16, h: u16) -> crate::app::App {
    open(corpus, w, h, None)
}

/// A reader of `corpus` with its analysis built from `names` instead of the recogniser, so that
/// what tests see does not change when the recogniser improves.
pub fn analysed_reader(
    corpus: Corpus,
    w: u16,
    h: u16,
    names: &[(&str, EntityKind, &str)],
) -> crate::app::App {
    let analysis = crate::analysis::Analysis::build_with(&corpus, |a| recognise_names(a, names));
    open(corpus, w, h, Some(std::sync::Arc::new(analysis)))
}

fn open(
    corpus: Corpus,
    w: u16,
    h: u16,
    analysis: Option<std::sync::Arc<crate::analysis::Analysis>>,
) -> crate::app::App {
    let collection = crate::collection::Collection::new(corpus);
    // As the loader does for a collection whose analysis takes a while.
    collection.titles();
    let collection = std::sync::Arc::new(collection);
    let options = crate::app::AppOptions {
        size: (w, h),
        ..crate::app::AppOptions::default()
    };
    match analysis {
        Some(_) => crate::app::App::from_snapshot(
            crate::collection::Snapshot::ready(collection, analysis),
            options,
        ),
        None => crate::app::App::new(collection, options),
    }
}
