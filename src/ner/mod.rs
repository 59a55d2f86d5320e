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
pub(crate) mod hash;
mod lexicon;
mod names;
mod token;

use crate::entity::DocEntities;
use chrono::NaiveDate;
use lexicon::Lexicon;
use std::cell::RefCell;
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
        self.recognize_telling_words(text, article_date, |_, _, _, _| {})
    }

    /// [`Self::recognize`], also calling `word(start, end, plain, hash)` for every word and
    /// number the text splits into, in text order: a run of letters and digits, possibly joined
    /// inside by hyphens, apostrophes, `&`, or by dots and commas between digits, with a
    /// possessive `'s` left out; never with white space. `plain` when it is ASCII letters only;
    /// `hash` is the span's [`hash::word_hash`] for a word, 0 for a number. Whoever counts words
    /// (the analysis's term counts) takes them from here rather than splitting and hashing the
    /// text again.
    pub fn recognize_telling_words(
        &self,
        text: &str,
        article_date: Option<NaiveDate>,
        mut word: impl FnMut(usize, usize, bool, u64),
    ) -> DocEntities {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                let found = self.recognize_in(text, article_date, &mut scratch, &mut word);
                // A huge text must not leave its buffers behind for the thread's lifetime.
                if scratch.tokens.capacity() > SCRATCH_KEEP_TOKENS {
                    *scratch = Scratch::default();
                }
                found
            }
            Err(_) => self.recognize_in(text, article_date, &mut Scratch::default(), &mut word),
        })
    }

    fn recognize_in(
        &self,
        text: &str,
        article_date: Option<NaiveDate>,
        scratch: &mut Scratch,
        word: &mut dyn FnMut(usize, usize, bool, u64),
    ) -> DocEntities {
        // Offsets are u32: a longer text is cut rather than mis-indexed.
        let text = truncate_to_u32(text);
        let Scratch {
            tokens,
            date_spans,
            claimed,
            candidates,
            evidence,
            finder,
        } = scratch;
        // About one token per five bytes of news text; a little more to rarely grow.
        tokens.clear();
        tokens.reserve(text.len() / 4 + 16);
        token::tokenize(text, tokens);
        dates::find_dates(text, tokens, article_date, date_spans);
        claimed.clear();
        claimed.resize(tokens.len(), false);
        for d in date_spans.iter() {
            claimed[d.first..d.end].iter_mut().for_each(|c| *c = true);
        }
        evidence.collect(text, tokens, &self.lex);
        // The evidence has hashed every word: whoever counts words gets the hashes with them.
        for (t, &hash) in tokens.iter().zip(&evidence.hashes) {
            if t.shape != token::Shape::Punct {
                let len = (t.end - t.start) as usize;
                word(
                    t.start as usize,
                    t.end as usize,
                    t.letters as usize == len,
                    hash,
                );
            }
        }
        names::NameFinder::new(text, tokens, claimed, &self.lex, evidence, finder).find(candidates);
        document::assemble(text, tokens, date_spans, candidates, &self.lex)
    }
}

/// Working memory reused from one text to the next on the same thread: per-token vectors and
/// maps that would otherwise be allocated, zeroed and freed for every article.
#[derive(Default)]
struct Scratch {
    tokens: Vec<token::Token>,
    date_spans: Vec<dates::DateSpan>,
    claimed: Vec<bool>,
    candidates: Vec<names::Candidate>,
    evidence: names::Evidence,
    finder: names::FinderBuffers,
}

/// Past this many tokens (a text of ~1 MB) the scratch buffers are freed after use.
const SCRATCH_KEEP_TOKENS: usize = 1 << 18;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
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
