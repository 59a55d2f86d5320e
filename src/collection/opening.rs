//! A collection being opened in the background: the articles loaded so far, the analysis once it
//! is built, and how far the work has got. One per process, shared by every reader of the
//! collection (the local terminal, or each SSH session). The loader publishes; readers ask for
//! what is new since they last looked ([`Opening::latest_since`]), so a reader that polls between
//! key presses never waits on the loader, and a session that joins late sees the latest state.

use crate::analysis::Analysis;
use crate::app::Collection;
use crate::corpus::Corpus;
use crate::entity::DocEntities;
use crate::stored_entities::Entities;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// What the loader is doing.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Stage {
    /// Reading and parsing files: `done` / `total` files.
    #[default]
    Loading,
    /// Recognising entities and counting terms: `done` / `total` articles.
    Analysing,
    /// The collection-wide indexes, related stories and story threads (no finer progress).
    Indexing,
    /// Everything is built (or the analysis failed: see [`Progress::problem`]).
    Ready,
}

/// How far the opening has got, for a status line.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
    /// Set when the analysis will not arrive (a worker failed); the articles stay readable.
    pub problem: Option<String>,
}

impl Progress {
    pub fn ready() -> Progress {
        Progress {
            stage: Stage::Ready,
            ..Progress::default()
        }
    }
}

/// Everything a reader needs from the opening at one moment.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Increases with every change; readers remember the last one they took.
    pub version: u64,
    /// The articles so far. While loading this is a prefix (in file order) of the final
    /// collection, so an article keeps its index as the collection grows.
    pub collection: Arc<Collection>,
    /// The analysis of the complete collection, once built.
    pub analysis: Option<Arc<Analysis>>,
    /// Each article's entities as they are found, until the analysis is built.
    pub early: Option<Arc<EarlyEntities>>,
    pub progress: Progress,
}

/// The articles' entities as the loader finds them, chunk by chunk, before the collection's
/// analysis exists: the sidebar names what the open article names as soon as its chunk is done,
/// not only when the whole collection is (related stories and threads need all of it).
#[derive(Debug, Default)]
pub struct EarlyEntities(Vec<OnceLock<Entities>>);

impl EarlyEntities {
    /// Room for the entities of `articles` articles, none found yet.
    pub fn new(articles: usize) -> EarlyEntities {
        EarlyEntities((0..articles).map(|_| OnceLock::new()).collect())
    }

    /// Loader: article `i`'s entities are found (the first word stands).
    pub fn set(&self, i: usize, entities: Entities) {
        if let Some(slot) = self.0.get(i) {
            let _ = slot.set(entities);
        }
    }

    /// Article `i`'s entities, once found.
    pub fn get(&self, i: usize) -> Option<&DocEntities> {
        self.0.get(i)?.get().map(|e| &**e)
    }
}

/// The shared, growing state of one collection's opening.
#[derive(Debug)]
pub struct Opening {
    latest: Mutex<Snapshot>,
    /// The version of `latest`, readable without the lock (readers poll often).
    version: AtomicU64,
}

impl Opening {
    /// An opening that has just begun: nothing loaded yet.
    pub fn start() -> Arc<Opening> {
        Self::with(Snapshot {
            version: 1,
            collection: Arc::new(Collection::new(Corpus::default())),
            analysis: None,
            early: None,
            progress: Progress::default(),
        })
    }

    /// An opening that is already complete (the embedded seeds, tests, a warm cache).
    pub fn ready(collection: Arc<Collection>, analysis: Option<Arc<Analysis>>) -> Arc<Opening> {
        Self::with(Snapshot {
            version: 1,
            collection,
            analysis,
            early: None,
            progress: Progress::ready(),
        })
    }

    fn with(snapshot: Snapshot) -> Arc<Opening> {
        Arc::new(Opening {
            version: AtomicU64::new(snapshot.version),
            latest: Mutex::new(snapshot),
        })
    }

    /// The current state.
    pub fn current(&self) -> Snapshot {
        self.lock().clone()
    }

    /// The current state if it changed after version `seen` (0: always).
    pub fn latest_since(&self, seen: u64) -> Option<Snapshot> {
        if self.version.load(Ordering::Acquire) <= seen {
            return None;
        }
        Some(self.current())
    }

    /// The version of the current state.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// True once the analysis is built (or will not be).
    pub fn is_ready(&self) -> bool {
        self.lock().progress.stage == Stage::Ready
    }

    /// Loader: the articles loaded so far (or all of them).
    pub fn publish_collection(&self, collection: Arc<Collection>) {
        self.change(|s| s.collection = collection);
    }

    /// Loader: how far it has got.
    pub fn publish_progress(&self, progress: Progress) {
        self.change(|s| s.progress = progress);
    }

    /// Loader: where the articles' entities will appear as they are found.
    pub fn publish_early(&self, early: Arc<EarlyEntities>) {
        self.change(|s| s.early = Some(early));
    }

    /// Loader: the finished analysis; the opening is then ready.
    pub fn publish_analysis(&self, analysis: Arc<Analysis>) {
        self.change(|s| {
            s.analysis = Some(analysis);
            // It has every article's entities.
            s.early = None;
            s.progress = Progress::ready();
        });
    }

    /// Loader: the analysis cannot be built; readers keep the articles and show why.
    pub fn publish_failure(&self, problem: String) {
        self.change(|s| {
            s.progress = Progress {
                problem: Some(problem),
                ..Progress::ready()
            }
        });
    }

    fn change(&self, f: impl FnOnce(&mut Snapshot)) {
        let mut s = self.lock();
        f(&mut s);
        s.version += 1;
        self.version.store(s.version, Ordering::Release);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Snapshot> {
        // A loader that panicked mid-change leaves a consistent snapshot (each change is one
        // assignment), so a poisoned lock is still safe to read.
        self.latest.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::synthetic;

    #[test]
    fn readers_see_each_change_once() {
        let opening = Opening::start();
        let first = opening
            .latest_since(0)
            .expect("a new reader sees the start");
        assert_eq!(first.collection.corpus.articles.len(), 0);
        assert!(opening.latest_since(first.version).is_none());

        opening.publish_collection(Arc::new(Collection::new(synthetic::corpus(3))));
        let grown = opening.latest_since(first.version).expect("the articles");
        assert_eq!(grown.collection.corpus.articles.len(), 3);
        assert!(grown.analysis.is_none());
        assert!(!opening.is_ready());

        opening.publish_progress(Progress {
            stage: Stage::Analysing,
            done: 1,
            total: 3,
            problem: None,
        });
        let progressed = opening.latest_since(grown.version).unwrap();
        assert_eq!(progressed.progress.stage, Stage::Analysing);

        opening.publish_analysis(Arc::new(Analysis::default()));
        let done = opening.latest_since(progressed.version).unwrap();
        assert!(done.analysis.is_some());
        assert!(opening.is_ready());
        assert!(opening.latest_since(done.version).is_none());
    }

    #[test]
    fn a_failure_is_ready_without_analysis() {
        let opening = Opening::start();
        opening.publish_failure("worker panicked".into());
        let s = opening.current();
        assert_eq!(s.progress.stage, Stage::Ready);
        assert!(s.analysis.is_none());
        assert_eq!(s.progress.problem.as_deref(), Some("worker panicked"));
    }
}
