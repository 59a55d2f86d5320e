//! Incremental search over titles and text: the query being typed, and finding it (ASCII case
//! folded) in an article.

use crate::corpus::Article;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

/// Text read per step of a search: a small part of a frame's work, so that a query typed into a
/// large collection never holds up a key press or a frame.
pub const SCAN_STEP_BYTES: usize = 2 << 20;

/// A search going through its candidate rows one step at a time.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The rows it may show, in list order.
    pub candidates: Vec<u32>,
    /// How many of them it has read.
    pub next: usize,
    /// The article the cursor was on: it goes back there when found, unless the reader moved.
    pub selected: Option<usize>,
    /// Candidates whose text could not be read (the analysis cache changed on disk).
    pub unreadable: usize,
}

impl Scan {
    pub fn is_done(&self) -> bool {
        self.next >= self.candidates.len()
    }

    /// The share read so far, in percent.
    pub fn percent(&self) -> usize {
        (self.next * 100)
            .checked_div(self.candidates.len())
            .unwrap_or(100)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: String,
    /// The prompt has the keyboard: keys type into the query.
    pub editing: bool,
    /// The query the list was last filtered by, to narrow instead of rescanning when it grows.
    filtered_by: String,
    matcher: Option<AhoCorasick>,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }

    /// Rebuilds the matcher for the current query. Returns whether the new query only extends
    /// the one the list was last filtered by (so the list can be narrowed rather than refiltered).
    pub fn refresh(&mut self) -> bool {
        self.matcher = (!self.query.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build([self.query.as_str()])
                .expect("a single literal pattern always builds")
        });
        let narrows = !self.filtered_by.is_empty() && self.query.starts_with(&self.filtered_by);
        self.filtered_by.clone_from(&self.query);
        narrows
    }

    pub fn clear(&mut self) {
        self.query.clear();
        self.editing = false;
        self.filtered_by.clear();
        self.matcher = None;
    }

    /// Whether the article's title or `text` (its text, read by the driver) holds the query.
    pub fn matches(&self, a: &Article, text: &str) -> bool {
        match &self.matcher {
            Some(m) => m.is_match(&a.title) || m.is_match(text.as_bytes()),
            None => true,
        }
    }

    /// The byte ranges of the query in `text` (an article's text or title).
    pub fn ranges_in(&self, text: &str) -> Vec<(u32, u32)> {
        match &self.matcher {
            Some(m) => m
                .find_iter(text)
                .map(|f| (f.start() as u32, f.end() as u32))
                .collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_case_insensitively_and_narrows_when_the_query_grows() {
        let mut s = Search {
            query: "arm".into(),
            ..Search::default()
        };
        assert!(!s.refresh());
        assert_eq!(s.ranges_in("Armenia and ARMS"), vec![(0, 3), (12, 15)]);
        s.query = "arme".into();
        assert!(s.refresh(), "a longer query narrows");
        s.query = "arx".into();
        assert!(!s.refresh(), "a different query refilters");
        s.clear();
        assert!(s.ranges_in("arm").is_empty());
    }
}
