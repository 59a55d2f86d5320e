//! A reader's view of the shared [`Opening`]: asked between input events, it hands over what
//! changed as one [`Action`]. New articles, a new stage and the analysis come at once; progress
//! alone (which changes with every batch of files) at most every [`PROGRESS_EVERY`], so a
//! reader redraws about ten times a second for the bar and no more.

use crate::app::Action;
use crate::app::action::SharedSnapshot;
use crate::opening::{Opening, Snapshot};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The least time between two deliveries of progress alone (or of a grown collection: swapping
/// it in is linear in its size, see BENCHMARKS.md, rendering, so not for every batch either).
pub const PROGRESS_EVERY: Duration = Duration::from_millis(90);

/// How often a driver that waits for input should look at the opening while it is not ready.
pub const POLL_EVERY: Duration = Duration::from_millis(100);

pub struct OpeningWatch {
    opening: Arc<Opening>,
    /// The snapshot the reader has (its version, collection, stage, analysis).
    seen: Snapshot,
    delivered_at: Option<Instant>,
    /// The reader has the finished opening: nothing more will come.
    done: bool,
    /// News found while waiting for input, for the driver's next `take_action`.
    ready: Option<Action>,
}

impl OpeningWatch {
    /// Watches `opening` for a reader that already has `seen`.
    pub fn new(opening: Arc<Opening>, seen: Snapshot) -> OpeningWatch {
        let done = seen.progress.stage == crate::opening::Stage::Ready;
        OpeningWatch {
            opening,
            seen,
            delivered_at: None,
            done,
            ready: None,
        }
    }

    /// For a driver waiting for input: true when news has just come, so the loop should wake
    /// (with any event) and take it.
    pub fn wake(&mut self) -> bool {
        if self.ready.is_some() {
            return false;
        }
        self.ready = self.poll(Instant::now());
        self.ready.is_some()
    }

    /// The news waiting, or whatever is due now (with a key press, the opening's news comes
    /// along too).
    pub fn take_action(&mut self) -> Option<Action> {
        self.ready.take().or_else(|| self.poll(Instant::now()))
    }

    /// True once the reader has everything: a driver can stop polling.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// What changed since the reader last looked, if it is time to show it.
    pub fn poll(&mut self, now: Instant) -> Option<Action> {
        if self.done {
            return None;
        }
        let latest = self.opening.latest_since(self.seen.version)?;
        let important = latest.progress.stage != self.seen.progress.stage
            || latest.progress.problem != self.seen.progress.problem
            || latest.analysis.is_some() != self.seen.analysis.is_some()
            // The first articles: the list should not stay empty a moment longer than needed.
            || (self.seen.collection.corpus.articles.is_empty()
                && !latest.collection.corpus.articles.is_empty());
        let due = self
            .delivered_at
            .is_none_or(|t| now.duration_since(t) >= PROGRESS_EVERY);
        if !important && !due {
            // Left for a later poll, which finds it (or something newer) still there.
            return None;
        }
        self.delivered_at = Some(now);
        self.done = latest.progress.stage == crate::opening::Stage::Ready;
        self.seen = latest.clone();
        Some(Action::Opening(SharedSnapshot(latest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Collection, synthetic};
    use crate::opening::{Progress, Stage};

    fn loading(done: usize) -> Progress {
        Progress {
            stage: Stage::Loading,
            done,
            total: 100,
            problem: None,
        }
    }

    #[test]
    fn progress_alone_is_throttled_and_the_rest_is_not() {
        let opening = Opening::start();
        let mut watch = OpeningWatch::new(Arc::clone(&opening), opening.current());
        let t0 = Instant::now();
        assert!(watch.poll(t0).is_none(), "nothing new");
        opening.publish_progress(loading(10));
        assert!(
            watch.poll(t0).is_some(),
            "the first delivery is due at once"
        );
        opening.publish_progress(loading(20));
        assert!(watch.poll(t0 + Duration::from_millis(10)).is_none());
        let later = t0 + PROGRESS_EVERY;
        let Some(Action::Opening(s)) = watch.poll(later) else {
            panic!("progress after the pause");
        };
        assert_eq!(s.0.progress.done, 20);
        // A new stage does not wait.
        opening.publish_collection(Arc::new(Collection::new(synthetic::corpus(3))));
        opening.publish_progress(Progress {
            stage: Stage::Analysing,
            ..loading(0)
        });
        assert!(watch.poll(later).is_some());
        opening.publish_analysis(Arc::new(crate::analysis::Analysis::default()));
        assert!(watch.poll(later).is_some(), "the analysis does not wait");
        assert!(watch.is_done());
        assert!(watch.poll(later + PROGRESS_EVERY).is_none());
    }

    #[test]
    fn a_late_reader_starts_from_the_latest_state() {
        let collection = Arc::new(Collection::new(synthetic::corpus(2)));
        let opening = Opening::ready(collection, None);
        let watch = OpeningWatch::new(Arc::clone(&opening), opening.current());
        assert!(watch.is_done());
    }
}
