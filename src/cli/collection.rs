//! The arguments every command that opens a collection shares.

use crate::corpus::{Corpus, LoadOptions, load_embedded, load_paths};
use crate::sanitize::sanitize_line;
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
}

impl CollectionArgs {
    /// Loads the collection. Problems are not printed here: each command decides how loudly to
    /// report them.
    pub fn load(&self) -> Corpus {
        if self.paths.is_empty() {
            load_embedded()
        } else {
            load_paths(
                &self.paths,
                LoadOptions {
                    max_file_size: self.max_file_size,
                },
            )
        }
    }

    /// Loads and, when anything went wrong, prints a one-line summary on stderr pointing to
    /// `dateline check` (data on stdout stays clean for scripts).
    pub fn load_noting_problems(&self) -> Corpus {
        let corpus = self.load();
        let r = &corpus.report;
        if !r.skipped.is_empty() || !r.warnings.is_empty() {
            let _ = writeln!(
                std::io::stderr(),
                "dateline: {} (details: dateline check)",
                sanitize_line(&r.summary())
            );
        }
        corpus
    }
}

/// `16M`, `512K`, `1G`, `1000` → bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let unit = s[i..].to_ascii_lowercase();
            let mult: u64 = match unit.trim_end_matches("ib").trim_end_matches('b') {
                "" => 1,
                "k" => 1 << 10,
                "m" => 1 << 20,
                "g" => 1 << 30,
                _ => return Err(format!("unknown size unit {:?} (use K, M or G)", &s[i..])),
            };
            (&s[..i], mult)
        }
        None => (s, 1),
    };
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("not a size: {s:?}"))?;
    if n < 1.0 {
        return Err(format!("size must be at least 1 byte: {s:?}"));
    }
    let bytes = (n * mult as f64) as u64;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("1.5k"), Ok(1536));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("2MiB"), Ok(2 << 20));
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }
}
