//! Entity recognition throughput over article text, in bytes per second.
//!
//! By default the two embedded seed articles, repeated. For a realistic corpus set
//! `DATELINE_BENCH_CORPUS` to a folder of articles, e.g. one made with
//! `python3 ../shared/bench/mkcorpus.py 2000 /tmp/corpus2k` (the bench reads only that folder).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::collection::loader::{Request, load_articles};
use dateline::corpus::{Article, load_embedded};
use dateline::ner::Recognizer;
use std::hint::black_box;
use std::path::PathBuf;

fn articles() -> (String, Vec<Article>) {
    if let Ok(dir) = std::env::var("DATELINE_BENCH_CORPUS") {
        let request = Request {
            paths: vec![PathBuf::from(&dir)],
            ..Request::default()
        };
        let corpus = load_articles(&request, &|_, _| {});
        if !corpus.articles.is_empty() {
            return (format!("corpus {dir}"), corpus.articles);
        }
        eprintln!("DATELINE_BENCH_CORPUS={dir} holds no articles; using the seeds");
    }
    let seeds = load_embedded().articles;
    let repeated = seeds.iter().cycle().take(200).cloned().collect();
    ("seeds x100".to_string(), repeated)
}

fn recognize(c: &mut Criterion) {
    let recognizer = Recognizer::shared();
    let (label, articles) = articles();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function(format!("recognize {label}"), |b| {
        b.iter(|| {
            let mut mentions = 0usize;
            for a in &articles {
                mentions += recognizer
                    .recognize(black_box(a.text.get().unwrap()), a.date)
                    .mentions
                    .len();
            }
            mentions
        })
    });
    group.finish();
}

criterion_group!(benches, recognize);
criterion_main!(benches);
