//! The local terminal: crossterm input, stdout output, signals, and the guard around them.

use super::event_loop::{self, EventSource};
use super::signals::StopFlag;
use super::terminal_guard::TerminalGuard;
use crate::app::{App, AppOptions, Effect};
use crate::ui::Look;
use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, BufWriter};
use std::time::Duration;

/// Crossterm's event reader, polled in short slices so a signal is noticed promptly.
pub struct LocalEvents {
    stop: StopFlag,
}

impl EventSource for LocalEvents {
    fn next_event(&mut self) -> io::Result<Option<Event>> {
        loop {
            if self.stop.is_set() {
                return Ok(None);
            }
            if event::poll(Duration::from_millis(200))? {
                return event::read().map(Some);
            }
        }
    }
}

/// Runs the reader on this process's terminal until it quits.
pub fn run(
    collection: std::sync::Arc<crate::app::Collection>,
    options: AppOptions,
    look: &Look,
    persist: &mut dyn FnMut(&Effect),
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
    let mut events = LocalEvents { stop };
    let result = event_loop::run(&mut terminal, &mut app, look, &mut events, persist);
    drop(terminal);
    drop(guard);
    result
}
