//! The arguments every command that opens a collection shares.

use super::progress::StderrProgress;
use crate::corpus::{Corpus, LoadOptions, load_embedded};
use crate::sanitize::sanitize_line;
use crate::state::{StateLocation, Store, collection_key, local_reader};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug, Clone, Default)]
pub struct CollectionArgs {
    /// Files and folders of articles (folders are walked recursively). None: the built-in seeds.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Skip files larger than this (bytes, or with K, M, G suffix).
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// The reader-state file (read and starred marks, last position).
    /// Default: $XDG_DATA_HOME/dateline/state.db.
    #[arg(long, value_name = "PATH", conflicts_with = "no_state")]
    pub state: Option<PathBuf>,
    /// Keep no reader state: marks last for this run only.
    #[arg(long)]
    pub no_state: bool,
    /// Neither read nor write the analysis cache ($XDG_CACHE_HOME/dateline): parse and analyse
    /// every file afresh.
    #[arg(long)]
    pub no_cache: bool,
}

impl CollectionArgs {
    /// Where the reader state is kept, from `--state` / `--no-state`.
    pub fn state_location(&self) -> StateLocation {
        match (&self.state, self.no_state) {
            (_, true) => StateLocation::Memory,
            (Some(path), false) => StateLocation::File(path.clone()),
            (None, false) => StateLocation::default_file(),
        }
    }

    /// Opens the local reader's state; an unusable file is reported on stderr in one line and
    /// replaced by memory.
    pub fn open_store(&self) -> Store {
        let opened = Store::open(&self.state_location(), &local_reader());
        if let Some(w) = opened.warning {
            let _ = writeln!(
                std::io::stderr(),
                "dateline: warning: {}",
                sanitize_line(&w)
            );
        }
        opened.store
    }

    /// What the background loader should open: these paths, limits and cache.
    pub fn load_request(&self) -> crate::collection::loader::Request {
        crate::collection::loader::Request {
            paths: self.paths.clone(),
            load: LoadOptions {
                max_file_size: self.max_file_size,
            },
            cache_dir: if self.no_cache || self.paths.is_empty() {
                None
            } else {
                crate::state::cache_dir()
            },
        }
    }

    /// The key this collection's last position is stored under.
    pub fn collection_key(&self) -> String {
        collection_key(&self.paths)
    }

    /// Loads the collection. Problems are not printed here: each command decides how loudly to
    /// report them.
    pub fn load(&self) -> Corpus {
        if self.paths.is_empty() {
            load_embedded()
        } else {
            let bar = StderrProgress::new("loading");
            let corpus =
                crate::collection::loader::load_articles(&self.load_request(), &|done, total| {
                    bar.update(done, total)
                });
            bar.finish();
            corpus
        }
    }

    /// Loads and, when anything went wrong, prints a one-line summary on stderr pointing to
    /// `dateline check` (data on stdout stays clean for scripts).
    pub fn load_noting_problems(&self) -> Corpus {
        let corpus = self.load();
        note_problems(&corpus);
        corpus
    }
}

/// A collection loaded and analysed for a command.
pub struct Analysed {
    pub collection: std::sync::Arc<crate::collection::Collection>,
    pub analysis: std::sync::Arc<crate::analysis::Analysis>,
    pub stats: crate::collection::loader::Stats,
}

impl Analysed {
    pub fn corpus(&self) -> &Corpus {
        &self.collection.corpus
    }
}

impl CollectionArgs {
    /// Loads and analyses the collection through the analysis cache (unless `--no-cache`),
    /// with a progress bar on stderr when it is a terminal and a one-line note of any problem.
    pub fn open_analysed(&self) -> Result<Analysed, super::Failure> {
        use crate::collection::Stage;
        let (opening, handle) = crate::collection::loader::start(self.load_request())
            .map_err(|e| super::Failure::new(1, format!("cannot start loading: {e}")))?;
        let bars = [
            StderrProgress::new("loading"),
            StderrProgress::new("analysing"),
        ];
        // The loader always ends the opening ready (or failed), so this wait ends.
        let mut seen = 0;
        while let Some(s) = opening.wait_since(seen, None) {
            seen = s.version;
            match s.progress.stage {
                Stage::Loading => bars[0].update(s.progress.done, s.progress.total),
                Stage::Analysing => {
                    bars[0].finish();
                    bars[1].update(s.progress.done, s.progress.total);
                }
                Stage::Indexing => bars[1].finish(),
                Stage::Ready => break,
            }
        }
        bars.iter().for_each(StderrProgress::finish);
        let stats = handle.join();
        let s = opening.current();
        let analysis = s.analysis.ok_or_else(|| {
            super::Failure::new(
                1,
                s.progress
                    .problem
                    .unwrap_or_else(|| "the analysis failed".into()),
            )
        })?;
        note_problems(&s.collection.corpus);
        if let Some(p) = stats.cache_problem_to_tell() {
            let _ = writeln!(std::io::stderr(), "dateline: {}", sanitize_line(p));
        }
        Ok(Analysed {
            collection: s.collection,
            analysis,
            stats,
        })
    }
}

/// Prints a one-line summary of a load's problems on stderr, pointing to `dateline check`.
fn note_problems(corpus: &Corpus) {
    let r = &corpus.report;
    if !r.skipped.is_empty() || !r.warnings.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "dateline: {} (details: dateline check)",
            sanitize_line(&r.summary())
        );
    }
}

/// Why a size option's value is refused; each quotes what was given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("unknown size unit {0:?} (use K, M or G)")]
    UnknownUnit(String),
    #[error("not a size: {0:?}")]
    NotASize(String),
    #[error("size must be at least 1 byte: {0:?}")]
    TooSmall(String),
}

/// `16M`, `512K`, `1G`, `1000` → bytes.
pub fn parse_size(s: &str) -> Result<u64, SizeError> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = s[i..].to_ascii_lowercase();
            let mult: u64 = match unit.trim_end_matches("ib").trim_end_matches('b') {
                "" => 1,
                "k" => 1 << 10,
                "m" => 1 << 20,
                "g" => 1 << 30,
                _ => return Err(SizeError::UnknownUnit(s[i..].to_string())),
            };
            (&s[..i], mult)
        }
        None => (s, 1),
    };
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| SizeError::NotASize(s.to_string()))?;
    if n < 1.0 {
        return Err(SizeError::TooSmall(s.to_string()));
    }
    let bytes = (n * mult as f64) as u64;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::{SizeError, parse_size};

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("1.5k"), Ok(1536));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("2MiB"), Ok(2 << 20));
        assert_eq!(
            parse_size("3 parsecs"),
            Err(SizeError::UnknownUnit("parsecs".into()))
        );
        assert_eq!(parse_size("M"), Err(SizeError::NotASize("M".into())));
        assert_eq!(parse_size(" 0 "), Err(SizeError::TooSmall("0".into())));
        assert_eq!(
            parse_size("0").unwrap_err().to_string(),
            "size must be at least 1 byte: \"0\""
        );
    }
}
