//! The boundary between the SSH plumbing and what runs in a session. The plumbing is async
//! (tokio, russh); a reader is a plain blocking loop on its own thread, like the local one. They
//! talk through two queues: events in (bytes, resizes, a request to stop), frames out.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use tokio::sync::mpsc::UnboundedSender;

/// What reaches a running session from its client or the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionEvent {
    /// Bytes typed by the client (raw: keys, escape sequences, possibly split).
    Input(Vec<u8>),
    Resize {
        cols: u16,
        rows: u16,
    },
    /// The session must end: restore the client's terminal, say `reason`, and return.
    Stop {
        reason: String,
    },
    /// Something outside the client changed (the collection's opening published news, or a
    /// congested client caught up): the session should look.
    Look,
}

/// Wakes a session's loop from outside its input: sends [`SessionEvent::Look`] into its events.
#[derive(Clone)]
pub struct SessionWaker(mpsc::Sender<SessionEvent>);

impl SessionWaker {
    pub fn new(events: mpsc::Sender<SessionEvent>) -> SessionWaker {
        SessionWaker(events)
    }

    pub fn look(&self) {
        let _ = self.0.send(SessionEvent::Look);
    }
}

/// Everything a session needs to run.
pub struct SessionIo {
    pub events: mpsc::Receiver<SessionEvent>,
    /// Wakes this session's loop; the session's plumbing always ends it with a
    /// [`SessionEvent::Stop`], as the events never close while a waker is held.
    pub waker: SessionWaker,
    pub out: FrameSink,
    pub cols: u16,
    pub rows: u16,
    /// The client's `TERM` from its pty request (not the server's environment).
    pub term: String,
    /// Variables the client sent (`LANG`, `COLORTERM`, `NO_COLOR` when its `SendEnv` has them).
    pub env: HashMap<String, String>,
    /// Whose marks these are: `key:SHA256:…` or `open:<user>`.
    pub identity: String,
}

/// A program served to each session.
pub trait RemoteProgram: Send + Sync + 'static {
    /// Runs one session until the client quits or a [`SessionEvent::Stop`] arrives. Runs on its
    /// own thread; a panic ends this session only.
    fn run(&self, io: SessionIo);
}

/// The outgoing side: frames queued for the client, with a count of the bytes not yet sent so a
/// slow client cannot make the queue grow without bound.
#[derive(Clone)]
pub struct FrameSink {
    tx: UnboundedSender<Vec<u8>>,
    backlog: Arc<AtomicUsize>,
    cap: usize,
}

/// The client went away; the session should end.
#[derive(Debug, PartialEq, Eq)]
pub struct Disconnected;

impl FrameSink {
    pub fn new(tx: UnboundedSender<Vec<u8>>, backlog: Arc<AtomicUsize>, cap: usize) -> Self {
        Self { tx, backlog, cap }
    }

    /// Queues bytes for the client.
    pub fn send(&self, bytes: Vec<u8>) -> Result<(), Disconnected> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.backlog.fetch_add(bytes.len(), Ordering::AcqRel);
        self.tx.send(bytes).map_err(|_| Disconnected)
    }

    /// True when more than the cap waits to be sent: the session should stop sending diffs and
    /// repaint in full once the backlog drains, instead of queueing ever more.
    pub fn congested(&self) -> bool {
        self.backlog.load(Ordering::Acquire) > self.cap
    }

    pub fn backlog(&self) -> usize {
        self.backlog.load(Ordering::Acquire)
    }
}
