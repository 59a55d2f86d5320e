//! Fingerprints the sources whose behaviour decides what the analysis cache holds (loading,
//! recognition, analysis, their assets), so a build that changes any of them never trusts a
//! cache written by another: `DATELINE_ANALYSER_SOURCES` in `cache::analyser_version`.

use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

const INPUTS: &[&str] = &[
    "src/corpus",
    "src/ner",
    "src/analysis",
    "src/cache",
    "src/entity.rs",
    "src/sanitize.rs",
    "src/calendar.rs",
    "assets",
];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut children: Vec<PathBuf> = fs::read_dir(path)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        children.sort();
        for child in children {
            files(&child, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut all = Vec::new();
    for input in INPUTS {
        println!("cargo::rerun-if-changed={input}");
        files(Path::new(input), &mut all);
    }
    let mut hasher = DefaultHasher::new();
    for path in &all {
        hasher.write(path.to_string_lossy().as_bytes());
        hasher.write(&fs::read(path).unwrap_or_default());
    }
    println!(
        "cargo::rustc-env=DATELINE_ANALYSER_SOURCES={:016x}",
        hasher.finish()
    );
}
