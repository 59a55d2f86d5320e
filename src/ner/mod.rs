//! Named-entity recognition: the people, places, organisations, groups, dates and other named
//! things of a text, found deterministically from gazetteers (`assets/`), capitalisation and
//! context rules, then made consistent across the document.
//!
//! The stages, each in its own file:
//! 1. [`token`]: tokens with byte offsets, line, sentence and headline marks;
//! 2. [`dates`]: explicit dates and weekdays resolved against the article's date;
//! 3. [`names`]: runs of capitalised words cut into titles and names, each with a kind and how
//!    strong the evidence for it is;
//! 4. [`document`]: one kind per name, surnames linked to full names, keys and display names.

mod dates;
mod document;
mod hash;
mod lexicon;
mod names;
mod token;

use crate::entity::DocEntities;
use chrono::NaiveDate;
use lexicon::Lexicon;
use std::sync::LazyLock;

pub use dates::resolve_weekday;

/// The recogniser: the gazetteers, loaded once. `Send + Sync`; share it with [`Recognizer::shared`].
pub struct Recognizer {
    lex: Lexicon,
}

static SHARED: LazyLock<Recognizer> = LazyLock::new(Recognizer::new);

impl Default for Recognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Recognizer {
    /// Builds the recogniser from the gazetteers compiled into the binary.
    pub fn new() -> Recognizer {
        Recognizer {
            lex: Lexicon::embedded(),
        }
    }

    /// The process-wide recogniser, built on first use.
    pub fn shared() -> &'static Recognizer {
        &SHARED
    }

    /// The entities of `text`. It may hold several paragraphs separated by "\n\n" (no entity spans
    /// a line break). Mentions are byte offsets into `text`, sorted, non-overlapping, on char
    /// boundaries. Weekdays and day-month dates resolve against `article_date` when given.
    pub fn recognize(&self, text: &str, article_date: Option<NaiveDate>) -> DocEntities {
        // Offsets are u32: a longer text is cut rather than mis-indexed.
        let text = truncate_to_u32(text);
        let mut tokens = Vec::with_capacity(text.len() / 5);
        token::tokenize(text, &mut tokens);
        let mut date_spans = Vec::new();
        dates::find_dates(text, &tokens, article_date, &mut date_spans);
        let mut claimed = vec![false; tokens.len()];
        for d in &date_spans {
            claimed[d.first..d.end].iter_mut().for_each(|c| *c = true);
        }
        let evidence = names::Evidence::collect(text, &tokens, &self.lex);
        let mut candidates = Vec::new();
        names::NameFinder::new(text, &tokens, &claimed, &self.lex, &evidence).find(&mut candidates);
        document::assemble(text, &tokens, &date_spans, &candidates, &self.lex)
    }
}

fn truncate_to_u32(text: &str) -> &str {
    let max = u32::MAX as usize;
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests;
