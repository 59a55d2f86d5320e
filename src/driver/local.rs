//! The local terminal: crossterm input, stdout output, signals, and the guard around them.

use super::event_loop::{self, EventSource, Persist};
use super::signals::StopFlag;
use super::terminal_guard::TerminalGuard;
use crate::app::{App, AppOptions};
use crate::ui::Look;
use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, BufWriter};
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
}

impl LocalEvents {
    pub fn start(stop: StopFlag) -> LocalEvents {
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
        LocalEvents { stop, events }
    }
}

impl EventSource for LocalEvents {
    fn next_event(&mut self) -> io::Result<Option<Event>> {
        loop {
            if self.stop.is_set() {
                return Ok(None);
            }
            match self.events.recv_timeout(Duration::from_millis(100)) {
                Ok(event) => return event.map(Some),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }
}

/// Runs the reader on this process's terminal until it quits.
pub fn run(
    collection: std::sync::Arc<crate::app::Collection>,
    options: AppOptions,
    look: &Look,
    persist: &mut Persist,
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
    let mut events = LocalEvents::start(stop);
    let result = event_loop::run(&mut terminal, &mut app, look, &mut events, persist);
    drop(terminal);
    drop(guard);
    result
}
