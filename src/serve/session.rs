//! One SSH channel, from its requests to its close: waits for a pty and a shell (refusing
//! commands and subsystems with one polite line), then runs the program on its own thread and
//! relays bytes both ways, ending the session on client exit, idle timeout or server shutdown.

use super::limits::{Refusal, Slot};
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
    /// `peer` for the logs.
    pub peer: String,
}

/// What a client asked for before its shell: its terminal and the variables it sent.
struct ShellRequest {
    term: String,
    cols: u16,
    rows: u16,
    env: HashMap<String, String>,
}

/// Runs one session channel to its end. `slot` is the session's place under the limits, held
/// until the session ends, or why it has none (said to the client once it asks for a shell).
pub async fn run_channel(
    channel: russh::Channel<Msg>,
    mut ctx: SessionContext,
    slot: Result<Slot, Refusal>,
) {
    let (mut reader, writer) = channel.split();
    let Some(ShellRequest {
        term,
        cols,
        rows,
        env,
    }) = wait_for_shell(&mut reader, &writer, &ctx.peer).await
    else {
        return;
    };
    let _slot = match slot {
        Ok(slot) => slot,
        Err(refusal) => {
            log(&ctx.peer, &format!("refused: {refusal}"));
            say_and_close(&writer, refusal.to_string()).await;
            return;
        }
    };

    let (event_tx, event_rx) = std::sync::mpsc::channel();
    let (out_tx, out_rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    let backlog = Arc::new(AtomicUsize::new(0));
    let cap = ctx.options.output_cap;
    let sink = FrameSink::new(out_tx, Arc::clone(&backlog), cap);
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
        say_and_close(
            &writer,
            "dateline cannot start a reader right now; please try again.".into(),
        )
        .await;
        return;
    }
    let caught_up = SessionWaker::new(event_tx.clone());
    let mut sender = spawn_sender(writer, out_rx, backlog, cap, caught_up);
    let (ended_by, sender_done) = relay(&mut reader, &event_tx, &mut ctx, &mut sender).await;
    // The reader may still run (its client's window closed under it): every way out stops it.
    stop(&event_tx, "");
    drop(event_tx);
    // Give the reader time to restore the terminal and the last bytes time to leave.
    if !sender_done {
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut sender).await;
        sender.abort();
    }
    log(&ctx.peer, &format!("session ended ({ended_by})"));
}

/// Takes the channel's requests until it asks for a shell, refusing commands, subsystems and
/// sessions without a terminal with one polite line. `None`: the channel was refused or closed.
async fn wait_for_shell(
    reader: &mut russh::ChannelReadHalf,
    writer: &russh::ChannelWriteHalf<Msg>,
    peer: &str,
) -> Option<ShellRequest> {
    let mut pty: Option<(String, u16, u16)> = None;
    let mut env = HashMap::new();
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
                log(peer, "refused a command (ssh host cmd)");
                let line = "dateline runs no commands: connect without one (ssh -t host) to read.";
                say_and_close(writer, line.into()).await;
                return None;
            }
            Some(ChannelMsg::RequestSubsystem { name, .. }) => {
                let name = crate::sanitize::sanitize_line(&name);
                log(peer, &format!("refused subsystem {name}"));
                let line = "dateline offers no subsystems: connect with ssh -t host to read.";
                say_and_close(writer, line.into()).await;
                return None;
            }
            Some(ChannelMsg::Eof | ChannelMsg::Close) | None => return None,
            Some(_) => {}
        }
    }
    let Some((term, cols, rows)) = pty else {
        log(peer, "refused a session without a terminal");
        let line = "dateline needs a terminal: connect with ssh -t (not -T).";
        say_and_close(writer, line.into()).await;
        return None;
    };
    Some(ShellRequest {
        term,
        cols,
        rows,
        env,
    })
}

/// One line to the client, then the channel closed with a failing exit status.
async fn say_and_close(writer: &russh::ChannelWriteHalf<Msg>, text: String) {
    let mut line = text.into_bytes();
    line.extend_from_slice(b"\r\n");
    let _ = writer.data_bytes(line).await;
    let _ = writer.exit_status(1).await;
    let _ = writer.eof().await;
    let _ = writer.close().await;
}

/// Frames go out on their own task: sending waits for the client's window, which must not stop
/// keys and resizes from arriving. A congested client that catches up (its backlog falls back
/// under `cap`) wakes the reader, which then repaints in full.
fn spawn_sender(
    writer: russh::ChannelWriteHalf<Msg>,
    mut out_rx: tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>,
    backlog: Arc<AtomicUsize>,
    cap: usize,
    caught_up: SessionWaker,
) -> tokio::task::JoinHandle<()> {
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
}

/// Asks the session's reader to end, restoring its client's terminal and saying `reason`.
fn stop(events: &std::sync::mpsc::Sender<SessionEvent>, reason: &str) {
    let _ = events.send(SessionEvent::Stop {
        reason: reason.to_string(),
    });
}

/// Relays the client's keys and resizes to the reader until the client leaves, it idles too
/// long, the server stops or the reader quits. Says which, and whether the sender has ended.
async fn relay(
    reader: &mut russh::ChannelReadHalf,
    events: &std::sync::mpsc::Sender<SessionEvent>,
    ctx: &mut SessionContext,
    sender: &mut tokio::task::JoinHandle<()>,
) -> (&'static str, bool) {
    let idle = ctx.options.idle_timeout;
    let mut deadline = Instant::now() + idle;
    loop {
        tokio::select! {
            msg = reader.wait() => match msg {
                Some(ChannelMsg::Data { data }) => {
                    deadline = Instant::now() + idle;
                    if events.send(SessionEvent::Input(data.to_vec())).is_err() {
                        return ("reader quit", false);
                    }
                }
                Some(ChannelMsg::WindowChange { col_width, row_height, .. }) => {
                    let (cols, rows) = (clamp(col_width), clamp(row_height));
                    let _ = events.send(SessionEvent::Resize { cols, rows });
                }
                Some(ChannelMsg::Eof | ChannelMsg::Close) | None => {
                    stop(events, "");
                    return ("client left", false);
                }
                Some(_) => {}
            },
            _ = tokio::time::sleep_until(deadline) => {
                stop(events, &format!("No key pressed for {}; goodbye.", human_duration(idle)));
                return ("idle timeout", false);
            }
            _ = ctx.shutdown.changed() => {
                let reason = ctx.shutdown.borrow().clone().unwrap_or_default();
                stop(events, &reason);
                return ("server shutdown", false);
            }
            _ = &mut *sender => return ("reader quit", true),
        }
    }
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
