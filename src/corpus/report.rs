//! What happened while loading: every file that was not used, and why.

use serde::Serialize;

/// A file that could not be used at all.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Skip {
    pub path: String,
    pub reason: String,
}

/// A file that loaded, with something the user should know (a guessed date, bad encoding).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// A file whose article was already loaded from another file.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Duplicate {
    pub path: String,
    pub same_as: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LoadReport {
    pub loaded: usize,
    pub skipped: Vec<Skip>,
    pub warnings: Vec<Warning>,
    pub duplicates: Vec<Duplicate>,
    /// Files in walked folders whose extension is not an article format (`labels.tsv`, images…).
    /// Named on explicit request only: they were never meant to be articles.
    pub ignored: Vec<String>,
    /// Folders met in a walk and not walked, with why: `/proc`, `/sys` and `/dev`, and links to
    /// folders. Not problems (nothing in them was meant to load), but said, so nothing vanishes.
    pub not_walked: Vec<Skip>,
}

impl LoadReport {
    /// One line per problem, for stderr or `dateline check`.
    pub fn problem_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for s in &self.skipped {
            lines.push(format!("skipped {}: {}", s.path, s.reason));
        }
        for w in &self.warnings {
            lines.push(format!("warning {}: {}", w.path, w.message));
        }
        for d in &self.duplicates {
            lines.push(format!(
                "duplicate {}: same article as {}",
                d.path, d.same_as
            ));
        }
        lines
    }

    /// A one-line summary: "152 articles · 1 skipped · 2 warnings · 1 duplicate".
    pub fn summary(&self) -> String {
        let mut parts = vec![plural(self.loaded, "article")];
        if !self.skipped.is_empty() {
            parts.push(format!("{} skipped", self.skipped.len()));
        }
        if !self.warnings.is_empty() {
            parts.push(plural(self.warnings.len(), "warning"));
        }
        if !self.duplicates.is_empty() {
            parts.push(plural(self.duplicates.len(), "duplicate"));
        }
        if !self.ignored.is_empty() {
            let n = self.ignored.len();
            parts.push(format!(
                "{n} other file{} ignored",
                if n == 1 { "" } else { "s" }
            ));
        }
        if !self.not_walked.is_empty() {
            let n = self.not_walked.len();
            parts.push(format!(
                "{n} folder{} not walked",
                if n == 1 { "" } else { "s" }
            ));
        }
        parts.join(" · ")
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
