//! A progress bar on stderr for long loads: `loading 41,200 / 100,000 ▕███░░░░░▏`. Shown only when
//! stderr is a terminal and the work has lasted long enough to be worth showing, redrawn at most
//! ten times a second, and erased when done, so scripts and quick loads see nothing.

use crate::ui::progress::thousands;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const DELAY: Duration = Duration::from_millis(300);
const INTERVAL: Duration = Duration::from_millis(100);
const BAR: usize = 20;

pub struct StderrProgress {
    label: &'static str,
    enabled: bool,
    started: Instant,
    /// When the bar was last drawn, and whether it is on screen.
    state: Mutex<(Option<Instant>, bool)>,
}

impl StderrProgress {
    pub fn new(label: &'static str) -> Self {
        Self {
            label,
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            state: Mutex::new((None, false)),
        }
    }

    /// Called from any thread after each step; cheap when nothing is drawn.
    pub fn update(&self, done: usize, total: usize) {
        if !self.enabled || self.started.elapsed() < DELAY {
            return;
        }
        // Another thread drawing right now: this step will show in the next frame.
        let Ok(mut state) = self.state.try_lock() else {
            return;
        };
        if state.0.is_some_and(|t| t.elapsed() < INTERVAL) {
            return;
        }
        *state = (Some(Instant::now()), true);
        let _ = write!(
            std::io::stderr(),
            "\r{}\x1b[K",
            line(self.label, done, total)
        );
    }

    /// Erases the bar, if it was drawn.
    pub fn finish(&self) {
        let drawn = self.state.lock().map(|s| s.1).unwrap_or(false);
        if self.enabled && drawn {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }
}

/// `loading 41,200 / 100,000 ▕████████░░░░░░░░░░░░▏`
pub fn line(label: &str, done: usize, total: usize) -> String {
    let filled = (done.min(total) * BAR).checked_div(total).unwrap_or(BAR);
    format!(
        "{label} {} / {} ▕{}{}▏",
        thousands(done),
        thousands(total),
        "█".repeat(filled),
        "░".repeat(BAR - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_and_numbers() {
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(41_200), "41,200");
        assert_eq!(thousands(7), "7");
        assert_eq!(
            line("loading", 5, 10),
            "loading 5 / 10 ▕██████████░░░░░░░░░░▏"
        );
        assert_eq!(
            line("loading", 0, 0),
            format!("loading 0 / 0 ▕{}▏", "█".repeat(20))
        );
    }
}
