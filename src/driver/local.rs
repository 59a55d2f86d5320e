//! The local terminal: crossterm input, stdout output, signals, and the guard around them.

use super::event_loop::{self, EventSource, Persist, Wake};
use super::opening_watch::OpeningWatch;
use super::signals::StopFlag;
use super::terminal_guard::TerminalGuard;
use crate::app::{Action, App, AppOptions};
use crate::collection::{Opening, Snapshot};
use crate::ui::Look;
use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, BufWriter};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::thread;
use std::time::Instant;

/// What reaches the local loop's channel.
enum Incoming {
    Terminal(io::Result<Event>),
    /// The opening changed, or a signal arrived: the loop should look.
    Look,
}

/// Terminal input read on a thread of its own and handed over through a channel the loop
/// waits on; the collection's opening and the signals that end the reader wake the same
/// channel. The thread matters: when the terminal hangs up (a dropped SSH connection),
/// crossterm 0.29's reader can spin on end-of-file without returning, and the reader must still
/// restore the screen and exit — which ends that thread too.
pub struct LocalEvents {
    stop: StopFlag,
    incoming: Receiver<Incoming>,
    /// The collection's opening, and what the reader last had of it.
    opening: OpeningWatch,
    signals: signal_hook::iterator::Handle,
}

impl LocalEvents {
    /// Starts reading the terminal, following `opening` for a reader that already has `seen`.
    pub fn start(stop: StopFlag, opening: Arc<Opening>, seen: Snapshot) -> io::Result<LocalEvents> {
        let (tx, incoming) = mpsc::sync_channel(256);
        let input = tx.clone();
        thread::Builder::new()
            .name("terminal input".into())
            .spawn(move || {
                loop {
                    let event = event::read();
                    let failed = event.is_err();
                    if input.send(Incoming::Terminal(event)).is_err() || failed {
                        return;
                    }
                }
            })?;
        let signals = stop.wake_on_signal(look_again(tx.clone()))?;
        let opening = OpeningWatch::new(opening, seen, look_again(tx));
        Ok(LocalEvents {
            stop,
            incoming,
            opening,
            signals,
        })
    }
}

/// A waker for the loop. When the channel is full the note is not needed: the loop looks
/// after every event it takes.
fn look_again(tx: SyncSender<Incoming>) -> impl Fn() + Send + Sync + 'static {
    move || {
        let _ = tx.try_send(Incoming::Look);
    }
}

impl Drop for LocalEvents {
    fn drop(&mut self) {
        self.signals.close();
    }
}

impl EventSource for LocalEvents {
    fn next(&mut self, until: Option<Instant>) -> io::Result<Option<Wake>> {
        if self.stop.is_set() {
            return Ok(None);
        }
        match receive_by(&self.incoming, earliest(until, self.opening.due())) {
            Ok(Incoming::Terminal(event)) => event.map(|e| Some(Wake::Input(e))),
            Ok(Incoming::Look) | Err(RecvTimeoutError::Timeout) if self.stop.is_set() => Ok(None),
            Ok(Incoming::Look) | Err(RecvTimeoutError::Timeout) => Ok(Some(Wake::Look)),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
        }
    }

    fn take_action(&mut self) -> Option<Action> {
        self.opening.take_action(Instant::now())
    }
}

/// The sooner of two optional times.
pub fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The next message on `rx`, waiting until `deadline` at the latest (`None`: for as long as it
/// takes). A driver's one way of waiting: for its own channel, never by polling.
pub fn receive_by<T>(rx: &Receiver<T>, deadline: Option<Instant>) -> Result<T, RecvTimeoutError> {
    match deadline {
        Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
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
    let mut events = LocalEvents::start(stop.clone(), opening, snapshot.clone())?;
    let mut app = App::from_snapshot(
        snapshot,
        AppOptions {
            size: (size.width, size.height),
            ..options
        },
    );
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
