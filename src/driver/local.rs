//! The local terminal: crossterm input, stdout output, signals, and the guard around them.

use super::event_loop::{self, EventSource, Persist};
use super::opening_watch::{OpeningWatch, POLL_EVERY};
use super::signals::StopFlag;
use super::terminal_guard::TerminalGuard;
use crate::app::{Action, App, AppOptions};
use crate::opening::Opening;
use crate::ui::Look;
use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, BufWriter};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// Terminal input read on a thread of its own, handed over through a channel the loop waits on
/// in short slices, so a signal is always noticed and the collection's opening is looked at
/// between key presses. The thread matters: when the terminal hangs up (a dropped SSH
/// connection), crossterm 0.29's reader can spin on end-of-file without returning, and the
/// reader must still restore the screen and exit — which ends that thread too.
pub struct LocalEvents {
    stop: StopFlag,
    events: Receiver<io::Result<Event>>,
    /// The collection still opening in the background, and what it last had for the reader.
    opening: OpeningWatch,
    /// The longest the loop wants to wait for input now (see `EventSource::limit_wait`).
    max_wait: Option<Duration>,
}

impl LocalEvents {
    pub fn start(stop: StopFlag, opening: OpeningWatch) -> LocalEvents {
        let (tx, events) = mpsc::sync_channel(256);
        thread::Builder::new()
            .name("terminal input".into())
            .spawn(move || {
                loop {
                    let event = event::read();
                    let failed = event.is_err();
                    if tx.send(event).is_err() || failed {
                        return;
                    }
                }
            })
            .expect("spawning the input thread");
        LocalEvents {
            stop,
            events,
            opening,
            max_wait: None,
        }
    }
}

impl EventSource for LocalEvents {
    fn next_event(&mut self) -> io::Result<Option<Event>> {
        loop {
            if self.stop.is_set() {
                return Ok(None);
            }
            if self.opening.wake() {
                // Any event wakes the loop, which then takes the action.
                return Ok(Some(Event::FocusGained));
            }
            let wait = self.max_wait.map_or(POLL_EVERY, |m| m.min(POLL_EVERY));
            match self.events.recv_timeout(wait) {
                Ok(event) => return event.map(Some),
                // The loop has work to carry on with: wake it.
                Err(RecvTimeoutError::Timeout) if self.max_wait.is_some() => {
                    return Ok(Some(Event::FocusGained));
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }

    fn limit_wait(&mut self, max: Option<Duration>) {
        self.max_wait = max;
    }

    fn take_action(&mut self) -> Option<Action> {
        self.opening.take_action()
    }
}

/// Runs the reader on this process's terminal until it quits. The articles, the progress and
/// then the analysis arrive from `opening` while the reader runs. `Ok(Some(signal))`: a signal
/// ended it, and the process should end by it (see [`super::signals::end_by`]) once the rest of
/// the shutdown is done.
pub fn run(
    opening: Arc<Opening>,
    options: AppOptions,
    look: &Look,
    persist: &mut Persist,
) -> io::Result<Option<i32>> {
    let stop = StopFlag::install()?;
    let guard = TerminalGuard::enter()?;
    // Buffered: ratatui writes a frame as many small pieces; one write per frame is kinder to
    // slow links.
    let backend = CrosstermBackend::new(BufWriter::with_capacity(64 * 1024, io::stdout()));
    let mut terminal = Terminal::new(backend)?;
    terminal.hide_cursor()?;
    let size = terminal.size()?;
    let snapshot = opening.current();
    let watch = OpeningWatch::new(opening, snapshot.clone());
    let mut app = App::from_snapshot(
        snapshot,
        AppOptions {
            size: (size.width, size.height),
            ..options
        },
    );
    let mut events = LocalEvents::start(stop.clone(), watch);
    let result = event_loop::run(&mut terminal, &mut app, look, &mut events, persist);
    drop(terminal);
    drop(guard);
    stop.terminal_restored();
    match (result, stop.received()) {
        // A hang-up can fail the terminal before the loop sees the signal: the signal says why.
        (_, Some(signal)) => Ok(Some(signal)),
        (result, None) => result.map(|()| None),
    }
}
