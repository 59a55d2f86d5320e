//! A reader's view of the shared [`Opening`]: woken when it changes, it hands over what changed
//! as one [`Action`]. New articles, a new stage and the analysis come at once; progress alone
//! (which changes with every batch of files) at most every [`PROGRESS_EVERY`], so a reader
//! redraws about ten times a second for the bar and no more.

use crate::app::Action;
use crate::app::action::SharedSnapshot;
use crate::collection::opening::Subscription;
use crate::collection::{Opening, Snapshot};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The least time between two deliveries of progress alone (or of a grown collection: swapping
/// in a large collection's articles is not free, so not for every batch either).
pub const PROGRESS_EVERY: Duration = Duration::from_millis(90);

pub struct OpeningWatch {
    opening: Arc<Opening>,
    /// The snapshot the reader has (its version, collection, stage, analysis).
    seen: Snapshot,
    delivered_at: Option<Instant>,
    /// Set by the opening's waker, cleared when the reader looks: one wake per look, however
    /// often the loader publishes in between.
    noted: Arc<AtomicBool>,
    /// News held back by [`PROGRESS_EVERY`], due at this time.
    held_until: Option<Instant>,
    _subscription: Subscription,
}

impl OpeningWatch {
    /// Watches `opening` for a reader that already has `seen`. `wake` is called (on the
    /// loader's thread) when the opening changes and the reader has not looked since: it should
    /// wake the reader's loop, which then calls [`Self::take_action`].
    pub fn new(
        opening: Arc<Opening>,
        seen: Snapshot,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> OpeningWatch {
        let noted = Arc::new(AtomicBool::new(false));
        let subscription = {
            let noted = Arc::clone(&noted);
            opening.subscribe(move || {
                if !noted.swap(true, Ordering::AcqRel) {
                    wake();
                }
            })
        };
        OpeningWatch {
            opening,
            seen,
            delivered_at: None,
            noted,
            held_until: None,
            _subscription: subscription,
        }
    }

    /// When news held back for [`PROGRESS_EVERY`] is due: the reader's loop should look again
    /// by then even if nothing else happens.
    pub fn due(&self) -> Option<Instant> {
        self.held_until
    }

    /// What changed since the reader last looked, if it is time to show it (news held back
    /// stays for a later call, which finds it or something newer).
    pub fn take_action(&mut self, now: Instant) -> Option<Action> {
        self.noted.store(false, Ordering::Release);
        let latest = self.opening.latest_since(self.seen.version)?;
        let important = latest.progress.stage != self.seen.progress.stage
            || latest.progress.problem != self.seen.progress.problem
            || latest.analysis.is_some() != self.seen.analysis.is_some()
            // The first articles: the list should not stay empty a moment longer than needed.
            || (self.seen.collection.corpus.articles.is_empty()
                && !latest.collection.corpus.articles.is_empty());
        let due_at = self.delivered_at.map(|t| t + PROGRESS_EVERY);
        if !important && due_at.is_some_and(|due| now < due) {
            self.held_until = due_at;
            return None;
        }
        self.held_until = None;
        self.delivered_at = Some(now);
        self.seen = latest.clone();
        Some(Action::Opening(SharedSnapshot(latest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::synthetic;
    use crate::collection::{Collection, Progress, Stage};
    use std::sync::atomic::AtomicUsize;

    fn loading(done: usize) -> Progress {
        Progress {
            stage: Stage::Loading,
            done,
            total: 100,
            problem: None,
        }
    }

    fn counting_watch(opening: &Arc<Opening>) -> (OpeningWatch, Arc<AtomicUsize>) {
        let wakes = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&wakes);
        let watch = OpeningWatch::new(Arc::clone(opening), opening.current(), move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        (watch, wakes)
    }

    #[test]
    fn progress_alone_is_throttled_and_the_rest_is_not() {
        let opening = Opening::start();
        let (mut watch, _) = counting_watch(&opening);
        let t0 = Instant::now();
        assert!(watch.take_action(t0).is_none(), "nothing new");
        opening.publish_progress(loading(10));
        assert!(
            watch.take_action(t0).is_some(),
            "the first delivery is due at once"
        );
        opening.publish_progress(loading(20));
        assert!(watch.take_action(t0 + Duration::from_millis(10)).is_none());
        assert_eq!(
            watch.due(),
            Some(t0 + PROGRESS_EVERY),
            "held back, with a time"
        );
        let later = t0 + PROGRESS_EVERY;
        let Some(Action::Opening(s)) = watch.take_action(later) else {
            panic!("progress after the pause");
        };
        assert_eq!(s.0.progress.done, 20);
        assert_eq!(watch.due(), None);
        // A new stage does not wait.
        opening.publish_collection(Arc::new(Collection::new(synthetic::corpus(3))));
        opening.publish_progress(Progress {
            stage: Stage::Analysing,
            ..loading(0)
        });
        assert!(watch.take_action(later).is_some());
        opening.publish_analysis(Arc::new(crate::analysis::Analysis::default()));
        assert!(
            watch.take_action(later).is_some(),
            "the analysis does not wait"
        );
        assert!(watch.take_action(later + PROGRESS_EVERY).is_none());
    }

    #[test]
    fn the_reader_is_woken_once_per_look_however_often_the_loader_publishes() {
        let opening = Opening::start();
        let (mut watch, wakes) = counting_watch(&opening);
        for done in 0..5 {
            opening.publish_progress(loading(done));
        }
        assert_eq!(wakes.load(Ordering::SeqCst), 1);
        assert!(watch.take_action(Instant::now()).is_some());
        opening.publish_progress(loading(6));
        assert_eq!(wakes.load(Ordering::SeqCst), 2, "woken again after looking");
        drop(watch);
        opening.publish_progress(loading(7));
        assert_eq!(
            wakes.load(Ordering::SeqCst),
            2,
            "a reader that left is not woken"
        );
    }

    #[test]
    fn a_late_reader_starts_from_the_latest_state() {
        let collection = Arc::new(Collection::new(synthetic::corpus(2)));
        let opening = Opening::ready(collection, None);
        let (mut watch, wakes) = counting_watch(&opening);
        assert!(watch.take_action(Instant::now()).is_none(), "it has it all");
        assert_eq!(wakes.load(Ordering::SeqCst), 0);
    }
}
