//! The one rule for duplicates: articles join a corpus in file order, the first with a given
//! text is kept, and a later one with the same text is reported as a duplicate of it and left
//! out. Loading one file's bytes and opening a whole collection both add articles through here.

use super::report::{Duplicate, Warning};
use super::{Article, Corpus};
use std::collections::HashMap;

/// The text id of each article in a corpus, with the index of the article that has it.
#[derive(Debug, Default)]
pub struct FirstOfEachText {
    index_of: HashMap<u64, usize>,
}

/// What [`FirstOfEachText::add`] did with an article.
#[derive(Debug)]
pub enum Added {
    /// Kept, at this index in the corpus.
    Kept(usize),
    /// Left out, handed back: an article already in the corpus has the same text.
    Duplicate(Box<Article>),
}

impl FirstOfEachText {
    /// Room for `articles` without growing.
    pub fn with_capacity(articles: usize) -> Self {
        Self {
            index_of: HashMap::with_capacity(articles),
        }
    }

    /// Adds `article` at the end of `corpus` with its load `warnings` in the report, unless an
    /// article with its text is there already: then the report names it a duplicate and the
    /// article is handed back. `corpus` is the one every earlier article was added to.
    pub fn add(&mut self, corpus: &mut Corpus, article: Article, warnings: &[String]) -> Added {
        let report = &mut corpus.report;
        if let Some(&first) = self.index_of.get(&article.id.0) {
            report.duplicates.push(Duplicate {
                path: article.source.clone(),
                same_as: corpus.articles[first].source.clone(),
            });
            return Added::Duplicate(Box::new(article));
        }
        report
            .warnings
            .extend(warnings.iter().map(|message| Warning {
                path: article.source.clone(),
                message: message.clone(),
            }));
        let index = corpus.articles.len();
        self.index_of.insert(article.id.0, index);
        corpus.articles.push(article);
        report.loaded = corpus.articles.len();
        Added::Kept(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::parse::parse_native;

    #[test]
    fn the_first_article_with_a_text_is_kept_and_later_ones_are_duplicates() {
        let article = |text: &str, source: &str| parse_native(text, source).article;
        let mut corpus = Corpus::default();
        let mut first = FirstOfEachText::default();
        let warned = ["no date header".to_string()];
        let a = first.add(&mut corpus, article(" date 2020-01-01 A.", "a.txt"), &[]);
        let b = first.add(
            &mut corpus,
            article(" date 2020-01-01 B.", "b.txt"),
            &warned,
        );
        let again = first.add(
            &mut corpus,
            article(" date 2020-01-01 A.", "c.txt"),
            &warned,
        );
        assert!(matches!((a, b), (Added::Kept(0), Added::Kept(1))));
        assert!(matches!(again, Added::Duplicate(d) if d.source == "c.txt"));
        assert_eq!(corpus.articles.len(), 2);
        assert_eq!(corpus.report.loaded, 2);
        let dup = &corpus.report.duplicates;
        assert_eq!(
            (dup.len(), &*dup[0].path, &*dup[0].same_as),
            (1, "c.txt", "a.txt")
        );
        // Only a kept article's warnings are told.
        let warnings = &corpus.report.warnings;
        assert_eq!((warnings.len(), &*warnings[0].path), (1, "b.txt"));
    }
}
