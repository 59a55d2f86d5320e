//! Opens a collection the way the reader does and prints what the opening did: a harness for
//! memory profilers (it uses the system allocator, which heaptrack can follow).
//!
//! usage: cargo run --release --example open_collection -- PATH [CACHE_DIR]

use dateline::collection::Opening;
use dateline::collection::loader::{Request, run};
use dateline::corpus::LoadOptions;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: open_collection PATH [CACHE_DIR]");
        std::process::exit(2);
    };
    let request = Request {
        paths: vec![PathBuf::from(path)],
        load: LoadOptions::default(),
        cache_dir: args.next().map(PathBuf::from),
    };
    let opening = Opening::start();
    let stats = run(&request, &opening);
    let snapshot = opening.current();
    println!(
        "{} articles, analysed: {}",
        snapshot.collection.corpus.articles.len(),
        snapshot.analysis.is_some()
    );
    println!("{stats:?}");
}
