//! A collection being opened in the background: the articles loaded so far, the analysis once it
//! is built, and how far the work has got. One per process, shared by every reader of the
//! collection (the local terminal, or each SSH session). The loader publishes; a reader is woken
//! when something changed ([`Opening::subscribe`], or [`Opening::wait_since`] for one that has
//! nothing else to wait on) and takes what is new since it last looked
//! ([`Opening::latest_since`]), so it never waits on the loader, and a session that joins late
//! sees the latest state.

use super::Collection;
use crate::analysis::Analysis;
use crate::corpus::Corpus;
use crate::entity::Entities;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::Instant;

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

impl Snapshot {
    /// A complete opening's state: every article, and the analysis if there is one.
    pub fn ready(collection: Arc<Collection>, analysis: Option<Arc<Analysis>>) -> Snapshot {
        Snapshot {
            version: 1,
            collection,
            analysis,
            early: None,
            progress: Progress::ready(),
        }
    }
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

    /// Article `i`'s entities, once found, as held (in memory, or left in the cache).
    pub fn get(&self, i: usize) -> Option<&Entities> {
        self.0.get(i)?.get()
    }
}

/// The shared, growing state of one collection's opening.
pub struct Opening {
    latest: Mutex<Snapshot>,
    /// The version of `latest`, readable without the lock (readers look after every key).
    version: AtomicU64,
    /// Signalled with every change, for [`Opening::wait_since`].
    changed: Condvar,
    /// Called after every change, for [`Opening::subscribe`].
    wakers: Mutex<Wakers>,
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opening")
            .field("version", &self.version())
            .finish_non_exhaustive()
    }
}

/// A function that wakes one reader; called on the publishing thread, so it only sends a note.
type Waker = Box<dyn Fn() + Send + Sync>;

#[derive(Default)]
struct Wakers {
    next_id: u64,
    list: Vec<(u64, Waker)>,
}

/// A reader's subscription to an [`Opening`]: its waker is called until this is dropped.
#[must_use = "the waker is removed when the subscription is dropped"]
pub struct Subscription {
    opening: Weak<Opening>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(opening) = self.opening.upgrade() {
            lock(&opening.wakers).list.retain(|(id, _)| *id != self.id);
        }
    }
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
        Self::with(Snapshot::ready(collection, analysis))
    }

    fn with(snapshot: Snapshot) -> Arc<Opening> {
        Arc::new(Opening {
            version: AtomicU64::new(snapshot.version),
            latest: Mutex::new(snapshot),
            changed: Condvar::new(),
            wakers: Mutex::new(Wakers::default()),
        })
    }

    /// Calls `wake` after every change from now on, until the subscription is dropped. It runs
    /// on the loader's thread: it should only note the news (send on a channel, set a flag) for
    /// the reader to take with [`Self::latest_since`].
    pub fn subscribe(self: &Arc<Self>, wake: impl Fn() + Send + Sync + 'static) -> Subscription {
        let mut wakers = lock(&self.wakers);
        wakers.next_id += 1;
        let id = wakers.next_id;
        wakers.list.push((id, Box::new(wake)));
        Subscription {
            opening: Arc::downgrade(self),
            id,
        }
    }

    /// Waits until the state changes after version `seen` and returns it (at once if it already
    /// has), or returns `None` once `deadline` passes first.
    pub fn wait_since(&self, seen: u64, deadline: Option<Instant>) -> Option<Snapshot> {
        let mut s = self.lock();
        while s.version <= seen {
            s = match deadline {
                None => self.changed.wait(s).unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.checked_duration_since(Instant::now())?;
                    self.changed
                        .wait_timeout(s, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
        Some(s.clone())
    }

    /// Waits until the opening is ready and returns its final state.
    pub fn wait_until_ready(&self) -> Snapshot {
        let mut s = self.lock();
        while s.progress.stage != Stage::Ready {
            s = self.changed.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        s.clone()
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
        {
            let mut s = self.lock();
            f(&mut s);
            s.version += 1;
            self.version.store(s.version, Ordering::Release);
        }
        self.changed.notify_all();
        for (_, wake) in &lock(&self.wakers).list {
            wake();
        }
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        lock(&self.latest)
    }
}

/// A loader that panicked mid-change leaves a consistent snapshot (each change is one
/// assignment), and a waker list is changed in one push or retain, so a poisoned lock is still
/// safe to use.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::synthetic;
    use std::sync::atomic::AtomicUsize;
    use std::time::Duration;

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
    fn subscribers_are_woken_by_every_change_until_they_unsubscribe() {
        let opening = Opening::start();
        let woken = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&woken);
        let subscription = opening.subscribe(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        opening.publish_progress(Progress::default());
        opening.publish_collection(Arc::new(Collection::new(synthetic::corpus(2))));
        assert_eq!(woken.load(Ordering::SeqCst), 2);
        drop(subscription);
        opening.publish_progress(Progress::default());
        assert_eq!(
            woken.load(Ordering::SeqCst),
            2,
            "no waker after unsubscribing"
        );
    }

    #[test]
    fn a_waiting_reader_wakes_when_the_loader_publishes() {
        let opening = Opening::start();
        let seen = opening.version();
        let loader = {
            let opening = Arc::clone(&opening);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                opening.publish_analysis(Arc::new(Analysis::default()));
            })
        };
        let next = opening.wait_since(seen, None).expect("no deadline");
        assert!(next.version > seen);
        assert_eq!(opening.wait_until_ready().progress.stage, Stage::Ready);
        loader.join().unwrap();
        let already = Instant::now() + Duration::from_secs(60);
        assert!(
            opening.wait_since(seen, Some(already)).is_some(),
            "changed already"
        );
        let past = Instant::now();
        assert!(opening.wait_since(opening.version(), Some(past)).is_none());
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
