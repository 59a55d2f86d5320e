//! The SSH server: host key, access control, limits, one task per connection and per session,
//! and an orderly shutdown on Ctrl-C, SIGTERM or SIGHUP that restores every client's terminal.

use super::access::{Access, key_identity, open_identity};
use super::hostkey;
use super::limits::{Limits, Refusal, Slot};
use super::program::RemoteProgram;
use super::session::{SessionContext, SessionOptions, log, run_channel};
use russh::server::{
    Auth, Config, Handler, Msg, PublicKeyOffer, Response, Session, VerifiedPublicKey, run_stream,
};
use russh::{Channel, ChannelId, MethodKind, MethodSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct ServeOptions {
    pub listen: SocketAddr,
    pub access: Access,
    pub host_key: hostkey::HostKey,
    pub max_sessions: usize,
    pub max_per_ip: usize,
    pub idle_timeout: Duration,
    /// Time a connection has to complete the handshake and authenticate.
    pub auth_timeout: Duration,
    pub output_cap: usize,
    /// Connections not yet authenticated, in all and per source address: each costs a task and
    /// a key exchange, so a flood from one address must not crowd out everyone else.
    pub max_unauthenticated: usize,
    pub max_unauthenticated_per_ip: usize,
}

/// Why the server could not start: one line for the user.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot start the server runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// The socket is bound but cannot say to what address.
    #[error(transparent)]
    LocalAddr(std::io::Error),
    /// `name` is `SIGTERM` or `SIGHUP`.
    #[error("cannot watch for {name}: {source}")]
    Signal {
        name: &'static str,
        #[source]
        source: std::io::Error,
    },
}

/// What every connection shares.
struct Shared {
    access: Access,
    program: Arc<dyn RemoteProgram>,
    limits: Arc<Limits>,
    /// Slots for connections that have not authenticated yet.
    pending: Arc<Limits>,
    session: SessionOptions,
    shutdown: watch::Receiver<Option<String>>,
}

/// Runs the server until Ctrl-C, SIGTERM or SIGHUP. `Err` says why it could not start (port in
/// use…). `ready` is told the bound address (useful with port 0).
pub fn serve(
    options: ServeOptions,
    program: Arc<dyn RemoteProgram>,
    ready: impl FnOnce(SocketAddr, &str) + Send,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(run(options, program, ready))
}

async fn run(
    options: ServeOptions,
    program: Arc<dyn RemoteProgram>,
    ready: impl FnOnce(SocketAddr, &str) + Send,
) -> Result<(), ServeError> {
    let hostkey::HostKey { key, path, created } = options.host_key;
    let fingerprint = hostkey::fingerprint(&key);
    let open = matches!(options.access, Access::Open);
    let methods: &[MethodKind] = if open {
        &[MethodKind::None]
    } else {
        &[MethodKind::PublicKey]
    };
    let config = Arc::new(Config {
        keys: vec![key],
        methods: MethodSet::from(methods),
        auth_rejection_time: Duration::from_millis(500),
        auth_rejection_time_initial: Some(Duration::ZERO),
        // Idle sessions are ended by the session itself, with a goodbye; this is only a backstop
        // for connections that never open a session.
        inactivity_timeout: Some(options.idle_timeout + options.auth_timeout),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Default::default()
    });
    let addr = options.listen;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Listen { addr, source })?;
    let bound = listener.local_addr().map_err(ServeError::LocalAddr)?;
    log(
        "server",
        &format!(
            "host key {} ({}) {fingerprint}",
            path.display(),
            if created { "created" } else { "loaded" }
        ),
    );
    ready(bound, &fingerprint);

    let (shutdown_tx, shutdown_rx) = watch::channel(None);
    let shared = Arc::new(Shared {
        access: options.access,
        program,
        limits: Limits::new(options.max_sessions, options.max_per_ip),
        pending: Limits::new(
            options.max_unauthenticated,
            options.max_unauthenticated_per_ip,
        ),
        session: SessionOptions {
            idle_timeout: options.idle_timeout,
            output_cap: options.output_cap,
        },
        shutdown: shutdown_rx,
    });
    use tokio::signal::unix::{SignalKind, signal};
    let watch_for = |kind, name| signal(kind).map_err(|source| ServeError::Signal { name, source });
    let mut terminate = watch_for(SignalKind::terminate(), "SIGTERM")?;
    // A hang-up (the operator's terminal closed) would otherwise end the process at once and
    // leave every reader in the alternate screen with no cursor.
    let mut hangup = watch_for(SignalKind::hangup(), "SIGHUP")?;
    let auth_timeout = options.auth_timeout;
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => admit(stream, peer, &config, &shared, auth_timeout),
                Err(e) => log("server", &format!("accept failed: {e}")),
            },
            _ = tokio::signal::ctrl_c() => break,
            _ = terminate.recv() => break,
            _ = hangup.recv() => break,
        }
    }
    log("server", "stopping: closing every session");
    let _ = shutdown_tx.send(Some(
        "The dateline server is shutting down; goodbye.".to_string(),
    ));
    // Sessions restore their clients' terminals and close; wait for them, within reason.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while shared.limits.active() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    log("server", "stopped");
    Ok(())
}

/// Starts a connection's task, or refuses it politely when too many are still signing in.
fn admit(
    stream: TcpStream,
    peer: SocketAddr,
    config: &Arc<Config>,
    shared: &Arc<Shared>,
    auth_timeout: Duration,
) {
    let _ = stream.set_nodelay(true);
    match shared.pending.acquire(Some(peer.ip())) {
        Ok(slot) => {
            tokio::spawn(connection(
                stream,
                peer,
                Arc::clone(config),
                Arc::clone(shared),
                auth_timeout,
                slot,
            ));
        }
        Err(refusal) => {
            let (why, line) = match refusal {
                Refusal::Full(n) => (
                    format!("refused: {n} connections are already signing in"),
                    "dateline is busy with other connections; please try again later.",
                ),
                Refusal::TooManyFromYou(n) => (
                    format!("refused: {n} connections from this address are already signing in"),
                    "dateline: too many connections from your address are signing in; please try again later.",
                ),
            };
            log(&peer.to_string(), &why);
            // Before the SSH version line a server may send text lines; the client ignores or
            // shows them, then sees the connection close.
            tokio::spawn(async move {
                let mut stream = stream;
                let said = format!("{line}\r\n");
                let _ =
                    tokio::time::timeout(Duration::from_secs(1), stream.write_all(said.as_bytes()))
                        .await;
                let _ = stream.shutdown().await;
            });
        }
    }
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    config: Arc<Config>,
    shared: Arc<Shared>,
    auth_timeout: Duration,
    slot: Slot,
) {
    let peer_name = peer.to_string();
    log(&peer_name, "connected");
    let deadline = tokio::time::Instant::now() + auth_timeout;
    // A second handle on the socket, so that it can be closed at the authentication deadline
    // whatever state the protocol is in (a session waiting in key exchange does not act on a
    // disconnect request).
    let (stream, closer) = match split_closer(stream) {
        Ok(pair) => pair,
        Err(e) => {
            log(&peer_name, &format!("connection failed: {e}"));
            return;
        }
    };
    let authenticated = Arc::new(AtomicBool::new(false));
    let handler = Connection {
        peer,
        shared,
        identity: None,
        authenticated: Arc::clone(&authenticated),
        pending: Some(slot),
    };
    let session = match tokio::time::timeout_at(deadline, run_stream(config, stream, handler)).await
    {
        Ok(Ok(session)) => session,
        Ok(Err(e)) => {
            log(&peer_name, &format!("handshake failed: {e}"));
            return;
        }
        Err(_) => {
            log(&peer_name, "handshake took too long; closed");
            return;
        }
    };
    let watchdog = tokio::spawn({
        let peer_name = peer_name.clone();
        async move {
            tokio::time::sleep_until(deadline).await;
            if !authenticated.load(Ordering::Acquire) {
                log(&peer_name, "did not authenticate in time; closed");
                let _ = closer.shutdown(std::net::Shutdown::Both);
            }
        }
    });
    let result = session.await;
    watchdog.abort();
    match result {
        Ok(()) => log(&peer_name, "disconnected"),
        Err(e) => log(&peer_name, &format!("disconnected: {e}")),
    }
}

/// The stream for the session, and a duplicate of its socket that can shut it down.
fn split_closer(stream: TcpStream) -> std::io::Result<(TcpStream, std::net::TcpStream)> {
    let std_stream = stream.into_std()?;
    let closer = std_stream.try_clone()?;
    Ok((TcpStream::from_std(std_stream)?, closer))
}

/// One connection's view of the protocol: it authenticates and accepts channels; each session
/// channel then runs on its own task, which owns the reader.
struct Connection {
    peer: SocketAddr,
    shared: Arc<Shared>,
    identity: Option<String>,
    authenticated: Arc<AtomicBool>,
    /// The connection's place among those still signing in, given back once authenticated.
    pending: Option<Slot>,
}

impl Connection {
    fn peer_name(&self) -> String {
        self.peer.to_string()
    }

    /// Whether `key` may sign in from this peer; a refusal is logged as an authentication
    /// failure with the key's fingerprint and the reason (never the key itself).
    fn key_allowed(&self, key: &russh::keys::PublicKey) -> bool {
        match self.shared.access.check(key, self.peer.ip()) {
            Ok(()) => true,
            Err(why) => {
                log(
                    &self.peer_name(),
                    &format!(
                        "authentication failure: {} refused: {why}",
                        key_identity(key)
                    ),
                );
                false
            }
        }
    }

    fn keys_only(&self) -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
            partial_success: false,
        }
    }

    /// A password or keyboard-interactive attempt: logged as a failure, and keys asked for.
    fn refuse_secret(&self, method: &str, user: &str) -> Auth {
        log(
            &self.peer_name(),
            &format!(
                "authentication failure: {method} attempt as {} refused (passwords are never accepted)",
                open_identity(user).trim_start_matches("open:")
            ),
        );
        self.keys_only()
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        if matches!(self.shared.access, Access::Open) {
            self.identity = Some(open_identity(user));
            log(
                &self.peer.to_string(),
                &format!("open access as {}", open_identity(user)),
            );
            return Ok(Auth::Accept);
        }
        Ok(self.keys_only())
    }

    async fn auth_password(&mut self, user: &str, _password: &str) -> Result<Auth, Self::Error> {
        Ok(self.refuse_secret("password", user))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        _response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.refuse_secret("keyboard-interactive", user))
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.key_allowed(offer.public_key) {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let identity = key_identity(key.public_key);
        if self.key_allowed(key.public_key) {
            log(&self.peer_name(), &format!("authenticated {identity}"));
            self.identity = Some(identity);
            Ok(Auth::Accept)
        } else {
            Ok(Auth::reject())
        }
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.authenticated.store(true, Ordering::Release);
        self.pending = None;
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        reply.accept().await;
        let ctx = SessionContext {
            program: Arc::clone(&self.shared.program),
            identity: self
                .identity
                .clone()
                .unwrap_or_else(|| "open:anonymous".into()),
            options: self.shared.session.clone(),
            shutdown: self.shared.shutdown.clone(),
            peer: self.peer.to_string(),
        };
        let slot = self.shared.limits.acquire(Some(self.peer.ip()));
        tokio::spawn(run_channel(channel, ctx, slot));
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _cols: u32,
        _rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    /// Accepted so that the client shows the session's one-line refusal (a failure reply would
    /// leave the user with only "exec request failed").
    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }
}
