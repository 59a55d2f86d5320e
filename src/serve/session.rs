//! One SSH channel, from its requests to its close: waits for a pty and a shell (refusing
//! commands and subsystems with one polite line), then runs the program on its own thread and
//! relays bytes both ways, ending the session on client exit, idle timeout or server shutdown.

use super::limits::Slot;
use super::program::{FrameSink, RemoteProgram, SessionEvent, SessionIo, SessionWaker};
use russh::ChannelMsg;
use russh::server::Msg;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// Variables a client may pass with `SendEnv` that change how the reader looks.
const ACCEPTED_ENV: [&str; 5] = ["LANG", "LC_ALL", "LC_CTYPE", "COLORTERM", "NO_COLOR"];

/// Restores a client terminal whatever state the reader left it in: leave the alternate screen,
/// show the cursor, reset colours, end any synchronized update.
pub const RESTORE_TERMINAL: &[u8] = b"\x1b[?2026l\x1b[0m\x1b[?25h\x1b[?1049l";

#[derive(Clone)]
pub struct SessionOptions {
    pub idle_timeout: Duration,
    /// Bytes waiting for a slow client before the reader stops sending diffs.
    pub output_cap: usize,
}

pub struct SessionContext {
    pub program: Arc<dyn RemoteProgram>,
    pub identity: String,
    pub options: SessionOptions,
    /// Becomes `Some(reason)` when the server is stopping.
    pub shutdown: watch::Receiver<Option<String>>,
    /// The session's slot under the limits; released when the session ends.
    pub slot: Result<Slot, String>,
    /// `peer` for the logs.
    pub peer: String,
}

/// Runs one session channel to its end.
pub async fn run_channel(channel: russh::Channel<Msg>, mut ctx: SessionContext) {
    let (mut reader, writer) = channel.split();
    let mut pty: Option<(String, u16, u16)> = None;
    let mut env = HashMap::new();
    let say_and_close = |text: String| async {
        let mut line = text.into_bytes();
        line.extend_from_slice(b"\r\n");
        let _ = writer.data_bytes(line).await;
        let _ = writer.exit_status(1).await;
        let _ = writer.eof().await;
        let _ = writer.close().await;
    };
    loop {
        match reader.wait().await {
            Some(ChannelMsg::RequestPty {
                term,
                col_width,
                row_height,
                ..
            }) => pty = Some((term, clamp(col_width), clamp(row_height))),
            Some(ChannelMsg::SetEnv {
                variable_name,
                variable_value,
                ..
            }) if ACCEPTED_ENV.contains(&variable_name.as_str()) => {
                env.insert(variable_name, variable_value);
            }
            Some(ChannelMsg::RequestShell { .. }) => break,
            Some(ChannelMsg::Exec { .. }) => {
                log(&ctx.peer, "refused a command (ssh host cmd)");
                say_and_close(
                    "dateline runs no commands: connect without one (ssh -t host) to read.".into(),
                )
                .await;
                return;
            }
            Some(ChannelMsg::RequestSubsystem { name, .. }) => {
                log(
                    &ctx.peer,
                    &format!(
                        "refused subsystem {}",
                        crate::sanitize::sanitize_line(&name)
                    ),
                );
                say_and_close(
                    "dateline offers no subsystems: connect with ssh -t host to read.".into(),
                )
                .await;
                return;
            }
            Some(ChannelMsg::Eof | ChannelMsg::Close) | None => return,
            Some(_) => {}
        }
    }
    let Some((term, cols, rows)) = pty else {
        log(&ctx.peer, "refused a session without a terminal");
        say_and_close("dateline needs a terminal: connect with ssh -t (not -T).".into()).await;
        return;
    };
    let _slot = match std::mem::replace(&mut ctx.slot, Err(String::new())) {
        Ok(slot) => slot,
        Err(refusal) => {
            log(&ctx.peer, &format!("refused: {refusal}"));
            say_and_close(refusal).await;
            return;
        }
    };

    let (event_tx, event_rx) = std::sync::mpsc::channel();
    let (out_tx, mut out_rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let backlog = Arc::new(AtomicUsize::new(0));
    let sink = FrameSink::new(out_tx, Arc::clone(&backlog), ctx.options.output_cap);
    let io = SessionIo {
        events: event_rx,
        waker: SessionWaker::new(event_tx.clone()),
        out: sink.clone(),
        cols,
        rows,
        term,
        env,
        identity: ctx.identity.clone(),
    };
    let thread = spawn_program(Arc::clone(&ctx.program), io, sink, ctx.peer.clone());
    if thread.is_err() {
        say_and_close("dateline cannot start a reader right now; please try again.".into()).await;
        return;
    }

    // Frames go out on their own task: sending waits for the client's window, which must not
    // stop keys and resizes from arriving.
    // A congested client that catches up wakes the reader, which then repaints in full.
    let sender = {
        let backlog = Arc::clone(&backlog);
        let cap = ctx.options.output_cap;
        let caught_up = SessionWaker::new(event_tx.clone());
        tokio::spawn(async move {
            while let Some(bytes) = out_rx.recv().await {
                let n = bytes.len();
                if writer.data_bytes(bytes).await.is_err() {
                    break;
                }
                let before = backlog.fetch_sub(n, std::sync::atomic::Ordering::AcqRel);
                if before > cap && before - n <= cap {
                    caught_up.look();
                }
            }
            let _ = writer.exit_status(0).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
        })
    };

    let idle = ctx.options.idle_timeout;
    let mut deadline = Instant::now() + idle;
    let mut sender = sender;
    let mut sender_done = false;
    let stop = |reason: &str| {
        let _ = event_tx.send(SessionEvent::Stop {
            reason: reason.to_string(),
        });
    };
    let ended_by = loop {
        tokio::select! {
            msg = reader.wait() => match msg {
                Some(ChannelMsg::Data { data }) => {
                    deadline = Instant::now() + idle;
                    if event_tx.send(SessionEvent::Input(data.to_vec())).is_err() {
                        break "reader quit";
                    }
                }
                Some(ChannelMsg::WindowChange { col_width, row_height, .. }) => {
                    let _ = event_tx.send(SessionEvent::Resize { cols: clamp(col_width), rows: clamp(row_height) });
                }
                Some(ChannelMsg::Eof | ChannelMsg::Close) | None => {
                    stop("");
                    break "client left";
                }
                Some(_) => {}
            },
            _ = tokio::time::sleep_until(deadline) => {
                stop(&format!("No key pressed for {}; goodbye.", human_duration(idle)));
                break "idle timeout";
            }
            _ = ctx.shutdown.changed() => {
                let reason = ctx.shutdown.borrow().clone().unwrap_or_default();
                stop(&reason);
                break "server shutdown";
            }
            _ = &mut sender => {
                sender_done = true;
                break "reader quit";
            }
        }
    };
    // The reader may still run (its client's window closed under it): every way out stops it.
    stop("");
    drop(event_tx);
    // Give the reader time to restore the terminal and the last bytes time to leave.
    if !sender_done {
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut sender).await;
        sender.abort();
    }
    log(&ctx.peer, &format!("session ended ({ended_by})"));
}

/// Runs the program for one session on a thread of its own. A panic there ends this session
/// only: the client's terminal is restored and told, and the server and other sessions go on.
fn spawn_program(
    program: Arc<dyn RemoteProgram>,
    io: SessionIo,
    sink: FrameSink,
    peer: String,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("dateline-session".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| program.run(io)));
            if result.is_err() {
                log(
                    &peer,
                    "session ended by an internal error; the server goes on",
                );
                let mut bytes = RESTORE_TERMINAL.to_vec();
                bytes.extend_from_slice(
                    b"dateline hit an internal error and closed this session. Sorry.\r\n",
                );
                let _ = sink.send(bytes);
            }
        })
}

fn clamp(v: u32) -> u16 {
    v.clamp(1, 1000) as u16
}

fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 120 {
        format!("{} minutes", s / 60)
    } else {
        format!("{s} seconds")
    }
}

/// One line on stderr with a UTC timestamp. Never article text: only addresses, identities and
/// what happened.
pub fn log(peer: &str, what: &str) {
    use std::io::Write;
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    // Not eprintln!: after a hang-up stderr may be a closed terminal, and a log line that
    // cannot be written must not end the session that wrote it.
    let _ = writeln!(std::io::stderr(), "{now} {peer} {what}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Panics on the first key; otherwise echoes what it receives until stopped.
    struct Fragile;

    impl RemoteProgram for Fragile {
        fn run(&self, io: SessionIo) {
            while let Ok(SessionEvent::Input(bytes)) = io.events.recv() {
                if bytes == b"boom" {
                    panic!("a bug in one session");
                }
                let _ = io.out.send(bytes);
            }
        }
    }

    fn session(
        program: &Arc<dyn RemoteProgram>,
    ) -> (
        std::sync::mpsc::Sender<SessionEvent>,
        tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>,
        std::thread::JoinHandle<()>,
    ) {
        let (event_tx, events) = std::sync::mpsc::channel();
        let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel();
        let sink = FrameSink::new(out_tx, Arc::new(AtomicUsize::new(0)), 1 << 20);
        let io = SessionIo {
            events,
            waker: SessionWaker::new(event_tx.clone()),
            out: sink.clone(),
            cols: 80,
            rows: 24,
            term: "xterm".into(),
            env: HashMap::new(),
            identity: "test".into(),
        };
        let thread = spawn_program(Arc::clone(program), io, sink, "test".into()).unwrap();
        (event_tx, out_rx, thread)
    }

    #[test]
    fn a_panic_ends_its_session_only_and_restores_its_terminal() {
        let program: Arc<dyn RemoteProgram> = Arc::new(Fragile);
        let (calm_tx, mut calm_out, calm) = session(&program);
        let (bad_tx, mut bad_out, bad) = session(&program);
        bad_tx.send(SessionEvent::Input(b"boom".to_vec())).unwrap();
        bad.join().expect("the panic stays inside the session");
        let goodbye = bad_out.blocking_recv().unwrap();
        assert!(goodbye.starts_with(RESTORE_TERMINAL));
        assert!(String::from_utf8_lossy(&goodbye).contains("internal error"));
        assert!(
            bad_out.blocking_recv().is_none(),
            "the session's output ends"
        );
        // The other session goes on.
        calm_tx
            .send(SessionEvent::Input(b"still here".to_vec()))
            .unwrap();
        assert_eq!(calm_out.blocking_recv().unwrap(), b"still here");
        calm_tx
            .send(SessionEvent::Stop {
                reason: String::new(),
            })
            .unwrap();
        calm.join().unwrap();
    }
}
