//! The sidebar's rows for the open article and the cursor among the ones that do something.
//! Built once when an article opens; a frame draws only the rows on screen.

use crate::corpus::{Article, Corpus};
use std::collections::HashMap;

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Row {
    Heading(String),
    /// A line of facts (date, source).
    Info(String),
    /// A read-more headline, with the article it names when that is in the collection.
    Link {
        headline: String,
        target: Option<usize>,
    },
}

impl Row {
    /// Rows the cursor can rest on.
    pub fn selectable(&self) -> bool {
        matches!(self, Row::Link { .. })
    }
}

#[derive(Clone, Debug, Default)]
pub struct Sidebar {
    pub rows: Vec<Row>,
    /// Index into `rows`, on a selectable row when there is one.
    pub cursor: Option<usize>,
    pub offset: usize,
}

impl Sidebar {
    pub fn new(rows: Vec<Row>) -> Sidebar {
        let cursor = rows.iter().position(Row::selectable);
        Sidebar {
            rows,
            cursor,
            offset: 0,
        }
    }

    pub fn selected(&self) -> Option<&Row> {
        self.cursor.and_then(|i| self.rows.get(i))
    }

    /// Moves to the `steps`-th selectable row up or down (clamped), keeping it in `height` rows.
    pub fn move_by(&mut self, steps: isize, height: usize) {
        let Some(mut at) = self.cursor else { return };
        for _ in 0..steps.unsigned_abs() {
            let next = if steps > 0 {
                (at + 1..self.rows.len()).find(|&i| self.rows[i].selectable())
            } else {
                (0..at).rev().find(|&i| self.rows[i].selectable())
            };
            match next {
                Some(n) => at = n,
                None => break,
            }
        }
        self.cursor = Some(at);
        self.scroll_into_view(height);
    }

    pub fn move_to_end(&mut self, last: bool, height: usize) {
        let found = if last {
            self.rows.iter().rposition(Row::selectable)
        } else {
            self.rows.iter().position(Row::selectable)
        };
        if found.is_some() {
            self.cursor = found;
        }
        if !last {
            // Headings above the first selectable row come back into view.
            self.offset = 0;
        }
        self.scroll_into_view(height);
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if let Some(c) = self.cursor {
            // Keep the heading just above the cursor visible when there is one.
            let top = if c > 0 && !self.rows[c - 1].selectable() {
                c - 1
            } else {
                c
            };
            if top < self.offset {
                self.offset = top;
            } else if c >= self.offset + height {
                self.offset = c + 1 - height;
            }
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }
}

/// Titles of the collection, normalised, to resolve read-more headlines to articles.
#[derive(Clone, Debug, Default)]
pub struct TitleIndex(HashMap<String, usize>);

impl TitleIndex {
    pub fn new(corpus: &Corpus) -> TitleIndex {
        TitleIndex(
            corpus
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (normalise(&a.title), i))
                .collect(),
        )
    }

    pub fn find(&self, headline: &str) -> Option<usize> {
        self.0.get(&normalise(headline)).copied()
    }
}

/// Lower case, words only: headlines are quoted with other punctuation and spacing than titles.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The rows the corpus alone can give: when and where the article comes from, and its read-more
/// headlines resolved against the collection's titles.
pub fn corpus_rows(article: &Article, titles: &TitleIndex, self_index: usize) -> Vec<Row> {
    let mut rows = vec![Row::Heading("About".into())];
    let mut when = article.date.map_or_else(
        || "date unknown".to_string(),
        |d| d.format("%a %-d %b %Y").to_string(),
    );
    if let Some(t) = article.timestamp {
        when.push_str(&t.format(" · %H:%M UTC").to_string());
    }
    rows.push(Row::Info(when));
    rows.push(Row::Info(article.source.clone()));
    rows.push(Row::Info(format!("id {}", article.id)));
    if !article.read_more.is_empty() {
        rows.push(Row::Heading("Read more".into()));
        rows.extend(article.read_more.iter().map(|h| Row::Link {
            headline: h.clone(),
            target: titles.find(h).filter(|&t| t != self_index),
        }));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(h: &str) -> Row {
        Row::Link {
            headline: h.into(),
            target: None,
        }
    }

    #[test]
    fn the_cursor_skips_headings_and_info() {
        let rows = vec![
            Row::Heading("A".into()),
            link("one"),
            Row::Info("x".into()),
            link("two"),
            Row::Heading("B".into()),
            link("three"),
        ];
        let mut s = Sidebar::new(rows);
        assert_eq!(s.cursor, Some(1));
        s.move_by(1, 10);
        assert_eq!(s.cursor, Some(3));
        s.move_by(5, 10);
        assert_eq!(s.cursor, Some(5));
        s.move_by(-1, 10);
        assert_eq!(s.cursor, Some(3));
        s.move_to_end(false, 10);
        assert_eq!(s.cursor, Some(1));
    }

    #[test]
    fn headlines_match_titles_despite_punctuation_and_case() {
        let corpus = crate::corpus::load_embedded();
        let titles = TitleIndex::new(&corpus);
        let title = corpus.articles[1].title.to_uppercase().replace(' ', "  ");
        assert_eq!(titles.find(&format!("“{title}”")), Some(1));
        assert_eq!(titles.find("Nothing like this"), None);
    }
}
