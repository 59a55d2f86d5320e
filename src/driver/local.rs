//! The local terminal: crossterm input, stdout output, signals, and the guard around them.

use super::event_loop::{self, EventSource, Persist};
use super::signals::StopFlag;
use super::terminal_guard::TerminalGuard;
use crate::analysis::Analysis;
use crate::app::action::SharedAnalysis;
use crate::app::{Action, App, AppOptions};
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
/// in short slices, so a signal is always noticed. The thread matters: when the terminal hangs up
/// (a dropped SSH connection), crossterm 0.29's reader can spin on end-of-file without returning,
/// and the reader must still restore the screen and exit — which ends that thread too.
pub struct LocalEvents {
    stop: StopFlag,
    events: Receiver<io::Result<Event>>,
    /// The analysis being built on another thread, and the action that delivers it once built.
    analysis: Option<Receiver<Arc<Analysis>>>,
    ready: Option<Action>,
}

impl LocalEvents {
    pub fn start(stop: StopFlag, analysis: Option<Receiver<Arc<Analysis>>>) -> LocalEvents {
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
            analysis,
            ready: None,
        }
    }
}

impl EventSource for LocalEvents {
    fn next_event(&mut self) -> io::Result<Option<Event>> {
        loop {
            if self.stop.is_set() {
                return Ok(None);
            }
            if let Some(rx) = &self.analysis {
                match rx.try_recv() {
                    Ok(an) => {
                        self.analysis = None;
                        self.ready = Some(Action::AnalysisReady(SharedAnalysis(an)));
                        // Any event wakes the loop, which then takes the action.
                        return Ok(Some(Event::FocusGained));
                    }
                    Err(mpsc::TryRecvError::Empty) => {}
                    Err(mpsc::TryRecvError::Disconnected) => self.analysis = None,
                }
            }
            match self.events.recv_timeout(Duration::from_millis(100)) {
                Ok(event) => return event.map(Some),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }

    fn take_action(&mut self) -> Option<Action> {
        self.ready.take()
    }
}

/// Runs the reader on this process's terminal until it quits. `analysis`, when given, delivers
/// the collection's analysis once a background thread has built it; until then the reader shows
/// the articles without entities and related stories.
pub fn run(
    collection: Arc<crate::app::Collection>,
    options: AppOptions,
    look: &Look,
    persist: &mut Persist,
    analysis: Option<Receiver<Arc<Analysis>>>,
) -> io::Result<()> {
    let stop = StopFlag::install()?;
    let guard = TerminalGuard::enter()?;
    // Buffered: ratatui writes a frame as many small pieces; one write per frame is kinder to
    // slow links.
    let backend = CrosstermBackend::new(BufWriter::with_capacity(64 * 1024, io::stdout()));
    let mut terminal = Terminal::new(backend)?;
    terminal.hide_cursor()?;
    let size = terminal.size()?;
    let mut app = App::new(
        collection,
        AppOptions {
            size: (size.width, size.height),
            ..options
        },
    );
    let mut events = LocalEvents::start(stop, analysis);
    let result = event_loop::run(&mut terminal, &mut app, look, &mut events, persist);
    drop(terminal);
    drop(guard);
    result
}
