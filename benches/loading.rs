//! Loading: parsing article files, and opening a collection again from the analysis cache.
//!
//! By default the two embedded seeds, repeated with a varying line so that none are duplicates.
//! `DATELINE_BENCH_CORPUS=DIR` measures a folder of articles instead (e.g. one written by
//! `python3 ../shared/bench/mkcorpus.py 10000 /tmp/corpus10k`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dateline::collection::Opening;
use dateline::collection::loader::{self, Request};
use dateline::corpus::LoadOptions;
use dateline::corpus::load::load_bytes;
use dateline::corpus::load_embedded;
use std::hint::black_box;

/// (file name, bytes) of the collection measured.
fn files() -> (String, Vec<(String, Vec<u8>)>) {
    if let Ok(dir) = std::env::var("DATELINE_BENCH_CORPUS") {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                Some((name, std::fs::read(e.path()).ok()?))
            })
            .collect();
        files.sort();
        if !files.is_empty() {
            return (format!("corpus {dir}"), files);
        }
    }
    let seeds = load_embedded().articles;
    let files = (0..1000)
        .map(|i| {
            let a = &seeds[i % seeds.len()];
            let date = a.date.map_or_else(String::new, |d| d.to_string());
            let text = format!(
                " date {date} {}\n\nCopy {i}.\n\n{}",
                a.title,
                a.text.get().unwrap()
            );
            (format!("{i:05}.txt"), text.into_bytes())
        })
        .collect();
    ("seeds x500".to_string(), files)
}

fn parse(c: &mut Criterion) {
    let (label, files) = files();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function(format!("parse {label}"), |b| {
        b.iter(|| {
            let mut n = 0;
            for (name, bytes) in &files {
                n += load_bytes(black_box(bytes), name).articles.len();
            }
            n
        })
    });
    group.finish();
}

fn warm_open(c: &mut Criterion) {
    let (label, files) = files();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("articles");
    std::fs::create_dir_all(&root).expect("folder");
    for (name, bytes) in &files {
        std::fs::write(root.join(name), bytes).expect("write");
    }
    let request = Request {
        paths: vec![root],
        load: LoadOptions::default(),
        cache_dir: Some(dir.path().join("cache")),
    };
    // The cold opening writes the cache every measured opening reads.
    loader::run(&request, &Opening::start());
    let mut group = c.benchmark_group("open");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.sample_size(10);
    group.bench_function(format!("warm cache {label}"), |b| {
        b.iter(|| {
            let stats = loader::run(&request, &Opening::start());
            assert_eq!(stats.files_parsed, 0);
            stats
        })
    });
    group.finish();
}

criterion_group!(benches, parse, warm_open);
criterion_main!(benches);
