//! The reader as a served program: the same `App`, rendering and event loop as the local
//! terminal, fed by the session's bytes and drawing into frames for the client. Each session has
//! its own state, look (from the client's `TERM`, not the server's) and marks (its identity).

use super::backend::{RemoteBackend, SharedSize};
use super::input::InputParser;
use super::program::{FrameSink, RemoteProgram, SessionEvent, SessionIo};
use super::session::RESTORE_TERMINAL;
use crate::app::keymap::Keymap;
use crate::app::{Action, App, AppOptions, Effect};
use crate::collection::Opening;
use crate::config::Config;
use crate::driver::event_loop::{self, EventSource, Wake};
use crate::driver::local::{earliest, receive_by};
use crate::driver::opening_watch::OpeningWatch;
use crate::driver::reader_setup::{look_for, persist, saved_state};
use crate::state::{StateLocation, Store};
use crossterm::event::Event;
use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long a lone ESC waits for the rest of a sequence before it counts as the Escape key.
const ESC_WAIT: Duration = Duration::from_millis(40);

/// Enter the alternate screen, hide the cursor, clear.
const ENTER_TERMINAL: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[2J";

pub struct ReaderProgram {
    /// The collection, opened once in the background and shared by every session: each one
    /// starts from whatever it has and follows it as articles and the analysis arrive.
    pub opening: Arc<Opening>,
    pub config: Arc<Config>,
    pub keymap: Arc<Keymap>,
    pub state: StateLocation,
    pub collection_key: String,
    pub ascii: bool,
    /// How sources are shown to remote readers (relative to the served paths); `None`: as
    /// loaded (the embedded seeds, or tests).
    pub source_name: Option<crate::app::SourceName>,
}

impl RemoteProgram for ReaderProgram {
    fn run(&self, io: SessionIo) {
        let SessionIo {
            events,
            waker,
            out,
            cols,
            rows,
            term,
            env,
            identity,
        } = io;
        let var = |name: &str| match name {
            "TERM" => Some(term.clone()),
            // Most SSH clients are UTF-8 but not all send their locale: assume UTF-8 unless told.
            "LANG"
                if !["LANG", "LC_ALL", "LC_CTYPE"]
                    .iter()
                    .any(|k| env.contains_key(*k)) =>
            {
                Some("C.UTF-8".to_string())
            }
            other => env.get(other).cloned(),
        };
        let look = look_for(var, &self.config, self.ascii);
        let opened = Store::open(&self.state, &identity);
        let mut store = opened.store;
        let saved = saved_state(&store, &self.collection_key);

        let size = SharedSize::new(cols, rows);
        let repaint = Arc::new(AtomicBool::new(false));
        let mut backend = RemoteBackend::new(size.clone(), out.clone(), Arc::clone(&repaint));
        backend.write_raw(ENTER_TERMINAL);
        let snapshot = self.opening.current();
        let watch = OpeningWatch::new(Arc::clone(&self.opening), snapshot.clone(), move || {
            waker.look()
        });
        let mut app = App::from_snapshot(
            snapshot,
            AppOptions {
                keymap: Arc::clone(&self.keymap),
                marks: saved.marks,
                size: (cols, rows),
                resume: saved.resume,
                notice: opened.warning.or(saved.notice),
            },
        );
        if let Some(name) = &self.source_name {
            app.name_sources(Arc::clone(name));
        }
        let Ok(mut terminal) = ratatui::Terminal::new(backend) else {
            let _ = out.send(RESTORE_TERMINAL.to_vec());
            return;
        };
        let mut source = SessionEvents {
            events,
            parser: InputParser::new(),
            queue: VecDeque::new(),
            size,
            repaint,
            sink: out.clone(),
            stop_reason: None,
            opening: watch,
        };
        let key = &self.collection_key;
        let mut persist = |effect: &Effect| persist(&mut store, key, effect);
        let _ = event_loop::run(&mut terminal, &mut app, &look, &mut source, &mut persist);
        let mut goodbye = RESTORE_TERMINAL.to_vec();
        if let Some(reason) = source.stop_reason.filter(|r| !r.is_empty()) {
            goodbye.extend_from_slice(crate::sanitize::sanitize_line(&reason).as_bytes());
            goodbye.extend_from_slice(b"\r\n");
        }
        let _ = out.send(goodbye);
    }
}

/// The session's input as terminal events.
struct SessionEvents {
    events: Receiver<SessionEvent>,
    parser: InputParser,
    queue: VecDeque<Event>,
    size: SharedSize,
    repaint: Arc<AtomicBool>,
    sink: FrameSink,
    stop_reason: Option<String>,
    /// The shared opening, and what this reader last had of it.
    opening: OpeningWatch,
}

impl EventSource for SessionEvents {
    fn next(&mut self, until: Option<Instant>) -> io::Result<Option<Wake>> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Ok(Some(Wake::Input(e)));
            }
            if self.stop_reason.is_some() {
                return Ok(None);
            }
            // A lone ESC waits a moment for the rest of its sequence.
            let esc = self.parser.has_pending().then(|| Instant::now() + ESC_WAIT);
            let deadline = earliest(earliest(until, self.opening.due()), esc);
            match receive_by(&self.events, deadline) {
                Ok(SessionEvent::Input(bytes)) => self.queue.extend(self.parser.feed(&bytes)),
                Ok(SessionEvent::Resize { cols, rows }) => {
                    self.size.set(cols, rows);
                    self.queue.push_back(Event::Resize(cols, rows));
                }
                Ok(SessionEvent::Stop { reason }) => self.stop_reason = Some(reason),
                Ok(SessionEvent::Look) => return Ok(Some(Wake::Look)),
                Err(RecvTimeoutError::Timeout) => {
                    self.queue.extend(self.parser.flush_pending());
                    if self.queue.is_empty() {
                        return Ok(Some(Wake::Look));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(None),
            }
        }
    }

    fn take_action(&mut self) -> Option<Action> {
        self.opening.take_action(Instant::now())
    }

    fn take_repaint_request(&mut self) -> bool {
        if self.repaint.load(Ordering::Acquire) && !self.sink.congested() {
            self.repaint.store(false, Ordering::Release);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::Collection;
    use crate::corpus::load_embedded;
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc;

    /// A session of `opening` at `cols`×`rows`, running on its own thread: the sender of its
    /// events, the receiver of its output, and the thread.
    fn start_session(
        opening: Arc<Opening>,
        cols: u16,
        rows: u16,
        ascii: bool,
    ) -> (
        mpsc::Sender<SessionEvent>,
        tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>,
        std::thread::JoinHandle<()>,
    ) {
        let program = ReaderProgram {
            opening,
            config: Arc::new(Config::default()),
            keymap: Arc::new(Config::default().keymap()),
            state: StateLocation::Memory,
            collection_key: "test".into(),
            ascii,
            source_name: None,
        };
        let (event_tx, events) = mpsc::channel();
        let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel();
        let io = SessionIo {
            events,
            waker: crate::serve::program::SessionWaker::new(event_tx.clone()),
            out: FrameSink::new(out_tx, Arc::new(AtomicUsize::new(0)), 1 << 20),
            cols,
            rows,
            term: "xterm-256color".into(),
            env: Default::default(),
            identity: "test".into(),
        };
        (
            event_tx,
            out_rx,
            std::thread::spawn(move || program.run(io)),
        )
    }

    /// Runs a session at `cols`×`rows` on the seeds; returns the bytes of the first frame, of the
    /// frame after `keys`, and of the goodbye.
    fn session_bytes(cols: u16, rows: u16, keys: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let seeds = Opening::ready(Arc::new(Collection::new(load_embedded())), None);
        let (event_tx, mut out_rx, thread) = start_session(seeds, cols, rows, false);
        let first = out_rx.blocking_recv().unwrap();
        event_tx.send(SessionEvent::Input(keys.to_vec())).unwrap();
        let after = out_rx.blocking_recv().unwrap();
        event_tx
            .send(SessionEvent::Stop {
                reason: "bye".into(),
            })
            .unwrap();
        thread.join().unwrap();
        let goodbye = out_rx.blocking_recv().unwrap();
        (first, after, goodbye)
    }

    #[test]
    fn a_session_follows_the_opening_without_a_key_press() {
        let all = crate::app::synthetic::corpus(30);
        let prefix = crate::corpus::Corpus {
            articles: all.articles[..10].to_vec(),
            report: Default::default(),
        };
        let opening = Opening::start();
        opening.publish_collection(Arc::new(Collection::new(prefix)));
        opening.publish_progress(crate::collection::Progress {
            stage: crate::collection::Stage::Loading,
            done: 10,
            total: 30,
            problem: None,
        });
        let (event_tx, mut out_rx, thread) = start_session(Arc::clone(&opening), 100, 30, true);
        let first = String::from_utf8_lossy(&out_rx.blocking_recv().unwrap()).into_owned();
        // (Cells are sent as runs between cursor moves, so only space-free words are looked for.)
        assert!(first.contains("loading"), "{first}");
        // The loader finishes; the session draws it with no input from its client.
        opening.publish_collection(Arc::new(Collection::new(all)));
        opening.publish_failure("worker-gone".into());
        let mut seen = String::new();
        while !seen.contains("worker-gone") {
            seen.push_str(&String::from_utf8_lossy(&out_rx.blocking_recv().unwrap()));
        }
        event_tx
            .send(SessionEvent::Stop {
                reason: "bye".into(),
            })
            .unwrap();
        thread.join().unwrap();
    }

    #[test]
    fn frames_are_small_and_a_move_sends_only_the_change() {
        let (first, moved, goodbye) = session_bytes(100, 30, b"j");
        let first_text = String::from_utf8_lossy(&first);
        assert!(
            first_text.starts_with("\x1b[?1049h"),
            "enters the alternate screen"
        );
        assert!(first_text.contains("Articles"));
        // Numbers recorded in BENCHMARKS.md; the bounds catch a regression to full repaints.
        eprintln!(
            "first frame at 100x30: {} bytes; one list move: {} bytes",
            first.len(),
            moved.len()
        );
        assert!(first.len() < 16_000, "{}", first.len());
        assert!(
            moved.len() < first.len() / 2,
            "a move sent {} of {} bytes",
            moved.len(),
            first.len()
        );
        assert!(moved.starts_with(b"\x1b[?2026h") && moved.ends_with(b"\x1b[?2026l"));
        assert!(goodbye.starts_with(RESTORE_TERMINAL));
        assert!(goodbye.ends_with(b"bye\r\n"));
    }

    #[test]
    fn hostile_input_bytes_end_nothing_but_the_keys_they_are() {
        let (_, after, _) = session_bytes(80, 24, b"\x1b[2J\x07\x1b]52;c;eA==\x07\x9b31m");
        // The session still draws (nothing it received reached the client as an escape).
        assert!(!String::from_utf8_lossy(&after).contains("]52;"));
    }
}
