//! Related-article queries and the collection phase of the analysis, at scale.
//!
//! By default the collection is synthetic and made here: stories of a few articles each, written
//! from a story's own words and names plus a common vocabulary with a Zipf-like spread, dated over
//! ten years, with entities given by hand (so this measures the analysis, not the recogniser).
//! `DATELINE_BENCH_CORPUS=DIR` measures a folder of articles instead (e.g. one written by
//! `mkcorpus.py`), entities from the recogniser. `DATELINE_BENCH_ARTICLES=N` sets the synthetic
//! size (default 100,000).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use dateline::analysis::{Analysis, AnalysisBuilder, ArticleAnalysis, analyse_articles, recognise};
use dateline::collection::loader::{Request, load_articles};
use dateline::corpus::load::load_bytes;
use dateline::corpus::{Corpus, LoadOptions};
use dateline::entity::{DocEntities, DocEntity, EntityKind, Evidence};
use std::hint::black_box;
use std::path::PathBuf;

/// A small deterministic generator (xorshift64*), so every run measures the same collection.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards small values: roughly Zipf over `0..n`.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// A pronounceable made-up word for a number.
fn word(mut n: usize) -> String {
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ten", "ra", "vos", "du", "pel", "an", "gri", "so", "ber", "ul", "fa",
        "nek", "ti",
    ];
    let mut w = String::new();
    loop {
        w.push_str(SYL[n % 16]);
        n /= 16;
        if n == 0 {
            break;
        }
    }
    if w.len() < 4 {
        w.push_str("ria");
    }
    w
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `n` articles in stories of 1 to 5, with their hand-made entities.
fn synthetic(n: usize) -> (Corpus, Vec<DocEntities>) {
    const COMMON_WORDS: usize = 6000;
    const COMMON_NAMES: usize = 40;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut corpus = Corpus::default();
    let mut docs = Vec::with_capacity(n);
    let mut story = 0usize;
    while corpus.articles.len() < n {
        story += 1;
        let size = 1 + rng.below(5);
        let day = rng.below(3650);
        let own_words: Vec<String> = (0..30).map(|i| word(100_000 + story * 40 + i)).collect();
        let own_names: Vec<String> = (0..5)
            .map(|i| capitalised(&word(5_000_000 + story * 8 + i)))
            .collect();
        for k in 0..size.min(n - corpus.articles.len()) {
            let mut text = String::new();
            let mut counts: Vec<(String, EntityKind, u32)> = Vec::new();
            for sentence in 0..20 {
                for _ in 0..14 {
                    let w = if rng.below(5) == 0 {
                        own_words[rng.below(own_words.len())].clone()
                    } else {
                        word(rng.skewed(COMMON_WORDS))
                    };
                    text.push_str(&w);
                    text.push(' ');
                }
                let (name, kind) = if rng.below(3) == 0 {
                    (
                        capitalised(&word(9_000_000 + rng.skewed(COMMON_NAMES))),
                        EntityKind::Place,
                    )
                } else {
                    (
                        own_names[rng.below(own_names.len())].clone(),
                        EntityKind::Person,
                    )
                };
                text.push_str(&name);
                match counts.iter_mut().find(|(n, _, _)| *n == name) {
                    Some((_, _, c)) => *c += 1,
                    None => counts.push((name, kind, 1)),
                }
                text.push_str(if sentence % 4 == 3 { ".\n\n" } else { ". " });
            }
            let date = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
                + chrono::Days::new((day + rng.below(3)) as u64);
            let raw = format!(" date {date} Story {story} part {k}\n\n{text}");
            let name = format!("{:06}.txt", corpus.articles.len());
            corpus
                .articles
                .extend(load_bytes(raw.as_bytes(), &name).articles);
            docs.push(DocEntities::new(
                counts
                    .into_iter()
                    .map(|(name, kind, count)| DocEntity {
                        kind,
                        key: format!("{}:{}", kind.label(), name.to_lowercase()),
                        name,
                        date: None,
                        count,
                        evidence: Evidence::NAMED.with(Evidence::DECIDED),
                    })
                    .collect(),
                vec![],
            ));
        }
    }
    (corpus, docs)
}

/// The collection and its per-article phase, ready for the collection phase.
fn collection() -> (Corpus, Vec<ArticleAnalysis>) {
    if let Some(dir) = std::env::var_os("DATELINE_BENCH_CORPUS") {
        let request = Request {
            paths: vec![PathBuf::from(dir)],
            load: LoadOptions {
                max_file_size: 16 << 20,
            },
            cache_dir: None,
        };
        let corpus = load_articles(&request, &|_, _| {});
        let per = analyse_articles(&corpus.articles, recognise);
        return (corpus, per);
    }
    let n = std::env::var("DATELINE_BENCH_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let (corpus, docs) = synthetic(n);
    let per = corpus
        .articles
        .iter()
        .zip(docs)
        .map(|(a, d)| ArticleAnalysis::new(a, d))
        .collect();
    (corpus, per)
}

fn benches(c: &mut Criterion) {
    let (corpus, per_article) = collection();
    let n = corpus.articles.len();
    let text_bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    let analysis = Analysis::from_articles(&corpus, per_article.clone());

    let mut next = 0usize;
    c.bench_function(&format!("related top 10 of {n} articles"), |b| {
        b.iter(|| {
            // Walk through the collection so caches do not flatter one article.
            next = (next + 7919) % n.max(1);
            black_box(analysis.related(next, 10))
        })
    });

    let mut group = c.benchmark_group("collection phase");
    group.sample_size(10);
    group.bench_function(format!("indexes and stories of {n} articles"), |b| {
        b.iter_batched(
            || per_article.clone(),
            |per| black_box(Analysis::from_articles(&corpus, per)),
            BatchSize::LargeInput,
        )
    });
    group.finish();

    // The collection phase in its two parts, as a chunked build runs them: interning each
    // chunk's terms as it arrives (`add`), then the indexes and stories (`finish`).
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function(
        format!("builder add of {n} articles in chunks of 4096"),
        |b| {
            b.iter_batched(
                || per_article.clone(),
                |per| {
                    let mut builder = AnalysisBuilder::with_capacity(n, text_bytes);
                    let mut per = per.into_iter();
                    loop {
                        let chunk: Vec<ArticleAnalysis> = per.by_ref().take(4096).collect();
                        if chunk.is_empty() {
                            break;
                        }
                        builder.add(chunk);
                    }
                    black_box(builder)
                },
                BatchSize::LargeInput,
            )
        },
    );
    group.bench_function(format!("builder finish of {n} articles"), |b| {
        b.iter_batched(
            || {
                let mut builder = AnalysisBuilder::with_capacity(n, text_bytes);
                builder.add(per_article.clone());
                builder
            },
            |builder| black_box(builder.finish(&corpus, &mut |_| {})),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(related_benches, benches);
criterion_main!(related_benches);
