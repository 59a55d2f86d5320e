//! The core every front end stands on: one collection's articles ([`Collection`]), its opening
//! in the background and the snapshots readers take of it ([`opening`]), and the loader that
//! fills it ([`loader`]). The terminal reader, the SSH server and the CLI all reach the articles
//! and their analysis through here, never through each other.

pub mod loader;
pub mod opening;

pub use opening::{EarlyEntities, Opening, Progress, Snapshot, Stage};

use crate::analysis::read_more::TitleIndex;
use crate::corpus::Corpus;

/// What every reader of one collection shares (one per process; each SSH session holds an `Arc`).
#[derive(Debug)]
pub struct Collection {
    pub corpus: Corpus,
    /// Built when first asked for ([`Self::titles`]): only the sidebar of a collection whose
    /// analysis is not there yet needs it (the analysis resolves read-more headlines itself),
    /// so the loader builds it only when the analysis will take a while.
    titles: std::sync::OnceLock<TitleIndex>,
    newest_first: Vec<u32>,
    /// The year of the newest article: list dates in it omit the year.
    pub latest_year: Option<i32>,
}

impl Collection {
    /// This collection with `articles` — the same articles, in the same order, held another
    /// way (their texts left in the analysis cache) — keeping its order and title index.
    pub fn with_same_articles(&self, articles: Vec<crate::corpus::Article>) -> Collection {
        debug_assert_eq!(articles.len(), self.corpus.articles.len());
        Collection {
            corpus: Corpus {
                articles,
                report: self.corpus.report.clone(),
            },
            titles: self.titles.clone(),
            newest_first: self.newest_first.clone(),
            latest_year: self.latest_year,
        }
    }

    pub fn new(corpus: Corpus) -> Collection {
        let newest_first: Vec<u32> = corpus
            .newest_first()
            .into_iter()
            .map(|i| i as u32)
            .collect();
        let latest_year = newest_first
            .first()
            .and_then(|&i| corpus.articles[i as usize].date)
            .map(|d| chrono::Datelike::year(&d));
        Collection {
            latest_year,
            titles: std::sync::OnceLock::new(),
            corpus,
            newest_first,
        }
    }

    /// The articles' titles, normalised, to find read-more headlines among them: built now if
    /// they are not yet (by the loader, never on a reader's thread: building it for a large
    /// collection takes longer than a frame).
    pub fn titles(&self) -> &TitleIndex {
        self.titles
            .get_or_init(|| TitleIndex::build(&self.corpus.articles))
    }

    /// [`Self::titles`], built on every core: only when they are free (between loading and
    /// analysing), never while the pool reads files, where the work would queue behind theirs.
    pub fn titles_on_every_core(&self) -> &TitleIndex {
        self.titles
            .get_or_init(|| TitleIndex::build_on_every_core(&self.corpus.articles))
    }

    /// The articles' indexes, newest first (undated last): the list's default order.
    pub fn newest_first(&self) -> &[u32] {
        &self.newest_first
    }

    /// Where the article `id` is in this collection. Indexes hold within one collection only;
    /// what outlives a snapshot (the reader's history, its open article) keeps the id and
    /// finds it again here. A scan, for the rare moments a place is restored: it costs less
    /// than a frame, and nothing to keep.
    pub fn position(&self, id: crate::corpus::ArticleId) -> Option<usize> {
        self.corpus.articles.iter().position(|a| a.id == id)
    }

    /// The title index if it is built.
    pub fn titles_if_built(&self) -> Option<&TitleIndex> {
        self.titles.get()
    }
}
