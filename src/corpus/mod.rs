//! The corpus layer: files in, articles out. Knows nothing of terminals or analysis.

pub mod article;
pub mod article_text;
pub mod duplicates;
pub mod embedded;
pub mod feed;
pub mod json;
pub mod load;
pub mod parse;
pub mod report;
pub mod text;

pub use article::{Article, ArticleId, Paragraph, ParagraphKind, TitleSource};
pub use article_text::{CachePlace, Text, TextSource, TextUnavailable};
pub use duplicates::FirstOfEachText;
pub use load::{LoadOptions, load_embedded};
pub use report::LoadReport;

/// The articles of a collection, in file order, and what happened while loading them.
#[derive(Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub report: LoadReport,
}

impl Corpus {
    /// Articles whose id starts with `prefix`: exactly one is a match; more is ambiguous.
    pub fn find_by_prefix(&self, prefix: &str) -> Vec<usize> {
        self.articles
            .iter()
            .enumerate()
            .filter(|(_, a)| a.id.matches_prefix(prefix))
            .map(|(i, _)| i)
            .collect()
    }

    /// Indices of the articles, newest first (unknown dates last, then by source for stability).
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.articles.len()).collect();
        // The order is total (sources differ), so an unstable sort gives the one answer.
        rayon::slice::ParallelSliceMut::par_sort_unstable_by(&mut order[..], |&a, &b| {
            let (x, y) = (&self.articles[a], &self.articles[b]);
            y.sort_key()
                .cmp(&x.sort_key())
                .then_with(|| x.source.cmp(&y.source))
        });
        order
    }
}
