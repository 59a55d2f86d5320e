//! `dateline serve` end to end, with the real OpenSSH client running inside tmux (which plays the
//! user's terminal: keys in with send-keys, the screen out with capture-pane). Needs `ssh`,
//! `ssh-keygen` and `tmux`; `.ci/run` installs them when missing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

static NEXT: AtomicUsize = AtomicUsize::new(0);

struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
    dir: PathBuf,
}

impl Server {
    /// Starts a server on a free port with a fresh data folder; `extra` are more flags.
    fn start(extra: &[&str]) -> Server {
        Server::start_with(extra, |_| Vec::new())
    }

    /// Like [`Server::start`], after `setup` has prepared the folder (keys, articles); the
    /// arguments it returns go last (paths to serve).
    fn start_with(extra: &[&str], setup: impl FnOnce(&Path) -> Vec<String>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        let mut child = serve_command(&path, extra, setup)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dateline serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(addr) = line
                    .split(" on ")
                    .nth(1)
                    .filter(|_| line.contains("serving"))
                {
                    let _ = tx.send(addr.rsplit(':').next().unwrap().parse::<u16>().unwrap());
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("server announced its port");
        Server {
            child,
            port,
            log,
            _dir: dir,
            dir: path,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn wait_log(&self, text: &str) {
        let start = Instant::now();
        while !self.log().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "no {text:?} in log:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn ssh_args(&self, key: &str) -> Vec<String> {
        let mut args: Vec<String> = [
            "-p",
            &self.port.to_string(),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-F",
            "/dev/null",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push("-i".into());
        args.push(self.dir.join(key).display().to_string());
        args
    }

    /// Runs `ssh` to completion (no terminal of its own) and returns (exit code, stdout, stderr).
    fn ssh_batch(&self, key: &str, extra: &[&str]) -> (Option<i32>, String, String) {
        let out = Command::new("ssh")
            .args(self.ssh_args(key))
            .args(extra)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn connect(&self, key: &str, cols: u16, rows: u16) -> Screen {
        let mut line = vec!["ssh".to_string(), "-tt".into()];
        line.extend(self.ssh_args(key));
        line.push("reader@127.0.0.1".into());
        Screen::open(&line.join(" "), cols, rows)
    }

    fn terminate(&mut self) -> std::process::ExitStatus {
        self.signal("-TERM")
    }

    /// Sends `signal` (`-TERM`, `-HUP`) and waits for the server to exit.
    fn signal(&mut self, signal: &str) -> std::process::ExitStatus {
        Command::new("kill")
            .arg(signal)
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "server did not stop"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `dateline serve` on a free port with its files in `path`: keys for "ann" (authorised) and
/// "stranger", then whatever `setup` adds.
fn serve_command(path: &Path, extra: &[&str], setup: impl FnOnce(&Path) -> Vec<String>) -> Command {
    keygen(&path.join("ann"));
    keygen(&path.join("stranger"));
    std::fs::copy(path.join("ann.pub"), path.join("authorized_keys")).unwrap();
    let paths = setup(path);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dateline"));
    cmd.arg("serve")
        .args(["--listen", "127.0.0.1:0"])
        .arg("--host-key")
        .arg(path.join("host_key"))
        .arg("--state")
        .arg(path.join("state.db"));
    if !extra.contains(&"--open") {
        cmd.arg("--authorized-keys")
            .arg(path.join("authorized_keys"));
    }
    cmd.args(extra)
        .args(paths)
        .env("XDG_CONFIG_HOME", path)
        // The analysis cache of a served folder goes to the test's own folder.
        .env("XDG_CACHE_HOME", path);
    cmd
}

/// Runs a server that must refuse to start: its exit code and what it said.
fn serve_refused(setup: impl FnOnce(&Path) -> Vec<String>) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = serve_command(dir.path(), &[], setup)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server started instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen is needed for these tests")
        .success();
    assert!(ok);
}

/// A terminal: a tmux pane on a tmux server of its own (never the user's).
struct Screen {
    socket: String,
    conf: PathBuf,
}

impl Screen {
    fn open(command: &str, cols: u16, rows: u16) -> Screen {
        let socket = format!(
            "dateline-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        // Keep the pane after ssh exits, so the last screen can be read; set before the pane
        // starts, or a quick exit would beat it.
        let conf = std::env::temp_dir().join(format!("{socket}.conf"));
        std::fs::write(&conf, "set -g remain-on-exit on\nset -g status off\n").unwrap();
        let s = Screen { socket, conf };
        // After ssh, the shell says how it ended and lingers, so that the last bytes ssh wrote
        // are on the screen (tmux can mark a pane dead before reading all its output).
        let wrapped = format!("{command}; printf '\\n[ssh exited %s]\\n' $?; sleep 60");
        s.tmux(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
            &wrapped,
        ]);
        s
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f"])
            .arg(&self.conf)
            .args(args)
            .output()
            .expect("tmux is needed for these tests");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn text(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &cols.to_string(),
            "-y",
            &rows.to_string(),
        ]);
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.text();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "never saw {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for ssh to end; returns its exit code.
    fn wait_dead(&self) -> i32 {
        let screen = self.wait_for("[ssh exited ");
        let code = screen
            .split("[ssh exited ")
            .nth(1)
            .and_then(|r| r.split(']').next());
        code.and_then(|c| c.parse().ok()).expect("an exit code")
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
        let _ = std::fs::remove_file(&self.conf);
    }
}

#[test]
fn an_authorised_key_reads_and_quits() {
    let server = Server::start(&[]);
    let s = server.connect("ann", 120, 40);
    s.wait_for("1 of 2");
    s.keys(&["j"]);
    s.wait_for("2 of 2");
    server.wait_log("authenticated key:SHA256:");
    s.keys(&["q"]);
    assert_eq!(s.wait_dead(), 0);
    assert!(
        !s.text().contains("Articles 2"),
        "the alternate screen was left:\n{}",
        s.text()
    );
    server.wait_log("session ended (reader quit)");
    assert!(
        !server.log().contains("Armenian"),
        "no article text in the logs"
    );
}

#[test]
fn unknown_keys_and_commands_are_refused() {
    let server = Server::start(&[]);
    let (code, _, err) = server.ssh_batch("stranger", &["127.0.0.1"]);
    assert_eq!(code, Some(255));
    assert!(err.contains("Permission denied"), "{err}");
    let (code, out, _) = server.ssh_batch("ann", &["127.0.0.1", "cat", "/etc/passwd"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        out.trim(),
        "dateline runs no commands: connect without one (ssh -t host) to read."
    );
    let (code, out, _) = server.ssh_batch("ann", &["-T", "127.0.0.1"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        out.trim(),
        "dateline needs a terminal: connect with ssh -t (not -T)."
    );
    let (code, _, err) = server.ssh_batch("ann", &["-s", "127.0.0.1", "sftp"]);
    assert_ne!(code, Some(0), "{err}");
    let (code, _, _) = server.ssh_batch(
        "ann",
        &[
            "-N",
            "-R",
            "0:127.0.0.1:9",
            "-o",
            "ExitOnForwardFailure=yes",
            "127.0.0.1",
        ],
    );
    assert_ne!(code, Some(0));
}

#[test]
fn open_access_needs_no_key() {
    let server = Server::start(&["--open"]);
    let s = server.connect("stranger", 100, 30);
    s.wait_for("1 of 2");
    server.wait_log("open access as open:reader");
}

#[test]
fn two_sessions_have_their_own_size_and_selection() {
    let server = Server::start(&[]);
    let wide = server.connect("ann", 120, 40);
    let narrow = server.connect("ann", 60, 20);
    wide.wait_for("1 of 2");
    narrow.wait_for("1 of 2");
    wide.keys(&["j"]);
    wide.wait_for("2 of 2");
    std::thread::sleep(Duration::from_millis(300));
    assert!(narrow.text().contains("1 of 2"), "{}", narrow.text());
    // The narrow one shows one pane with a tab bar; the wide one three panes.
    assert!(narrow.text().contains("1 Articles"), "{}", narrow.text());
    assert!(wide.text().contains("In this article"), "{}", wide.text());
    // Resizing the wide one narrows its layout.
    wide.resize(60, 20);
    wide.wait_for("1 Articles");
}

#[test]
fn the_session_limit_is_polite() {
    let server = Server::start(&["--max-sessions", "1"]);
    let first = server.connect("ann", 80, 24);
    first.wait_for("1 of 2");
    let second = server.connect("ann", 80, 24);
    second.wait_for("dateline is full (1 readers); please try again later.");
    assert_eq!(second.wait_dead(), 1);
    first.keys(&["j"]);
    first.wait_for("2 of 2");
}

#[test]
fn idle_sessions_say_goodbye_and_restore_the_terminal() {
    let server = Server::start(&["--idle-timeout", "3s"]);
    let s = server.connect("ann", 80, 24);
    s.wait_for("1 of 2");
    s.wait_for("No key pressed for 3 seconds; goodbye.");
    s.wait_dead();
    assert!(!s.text().contains("1 of 2"), "{}", s.text());
    server.wait_log("session ended (idle timeout)");
}

#[test]
fn garbage_from_one_client_does_not_disturb_another() {
    let server = Server::start(&[]);
    let calm = server.connect("ann", 100, 30);
    calm.wait_for("1 of 2");
    let noisy = server.connect("ann", 100, 30);
    noisy.wait_for("1 of 2");
    // Escape fragments, invalid UTF-8 as typed text, control keys, a flood of bytes.
    for chunk in [
        "\x1b[",
        "\x1b[999999999999;",
        "\u{fffd}\u{202e}",
        "\x1bO",
        "ÿ",
    ] {
        noisy.keys(&["-l", chunk]);
    }
    noisy.keys(&["C-a", "C-b", "C-v", "Escape", "Escape"]);
    let flood: String = (0..400)
        .map(|i| char::from(b'!' + (i % 90) as u8))
        .collect();
    noisy.keys(&["-l", &flood]);
    calm.keys(&["j"]);
    calm.wait_for("2 of 2");
    // Whatever mode the flood left it in (search, help), the reader still answers. An ESC that
    // arrives just before the next key reads as Alt+key (as in any terminal), so on a loaded
    // machine a round may not quit: try a few.
    let start = Instant::now();
    while !noisy.text().contains("[ssh exited ") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "noisy session never quit:\n{}",
            noisy.text()
        );
        noisy.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(250));
        noisy.keys(&["q"]);
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(noisy.wait_dead(), 0);
    assert!(!server.log().contains("internal error"), "{}", server.log());
}

#[test]
fn shutdown_restores_every_terminal() {
    let mut server = Server::start(&[]);
    let a = server.connect("ann", 80, 24);
    let b = server.connect("ann", 70, 20);
    a.wait_for("1 of 2");
    b.wait_for("1 of 2");
    server.terminate();
    for s in [&a, &b] {
        s.wait_for("The dateline server is shutting down; goodbye.");
        s.wait_dead();
        assert!(!s.text().contains("1 of 2"), "{}", s.text());
    }
    assert!(server.log().contains("stopped"));
}

#[test]
fn marks_are_kept_per_key() {
    let server = Server::start(&[]);
    let s = server.connect("ann", 100, 30);
    s.wait_for("2 unread");
    s.keys(&["Enter"]);
    s.wait_for("1 unread");
    s.keys(&["q"]);
    s.wait_dead();
    let again = server.connect("ann", 100, 30);
    again.wait_for("1 unread");
}

#[test]
fn host_keys_that_cannot_be_used_are_refused_at_start() {
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;
    type Setup = fn(&Path);
    let cases: [(&str, Setup); 3] = [
        ("protected by a passphrase", |dir| {
            let ok = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "a passphrase", "-f"])
                .arg(dir.join("host_key"))
                .status()
                .unwrap()
                .success();
            assert!(ok);
        }),
        ("can be read by other users (mode 0644)", |dir| {
            keygen(&dir.join("host_key"));
            std::fs::set_permissions(dir.join("host_key"), std::fs::Permissions::from_mode(0o644))
                .unwrap();
        }),
        ("is empty; remove it to have a new one created", |dir| {
            std::fs::write(dir.join("host_key"), "").unwrap();
            std::fs::set_permissions(dir.join("host_key"), std::fs::Permissions::from_mode(0o600))
                .unwrap();
        }),
    ];
    for (why, setup) in cases {
        let (code, said) = serve_refused(|dir| {
            setup(dir);
            Vec::new()
        });
        assert_eq!(code, Some(1), "{why}: {said}");
        assert!(said.contains(why), "{why}: {said}");
        assert_eq!(said.lines().count(), 1, "one line: {said}");
    }
}

#[test]
fn remote_readers_see_sources_relative_to_the_served_folder() {
    let server = Server::start_with(&[], |dir| {
        let news = dir.join("news");
        std::fs::create_dir(&news).unwrap();
        std::fs::write(
            news.join("valley.txt"),
            " date 2021-05-01 Flooding closed roads in the valley on Friday.\n\nMore rain is expected.",
        )
        .unwrap();
        vec![news.display().to_string()]
    });
    let s = server.connect("ann", 120, 40);
    let screen = s.wait_for("· news/valley.txt");
    let root = server.dir.display().to_string();
    assert!(!screen.contains(&root[..root.len().min(12)]), "{screen}");
}

#[test]
fn authorized_keys_options_are_honoured_or_the_line_refused() {
    let server = Server::start_with(&[], |dir| {
        for name in ["far", "cmd", "restricted", "near"] {
            keygen(&dir.join(name));
        }
        let public = |name: &str| std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
        let text = format!(
            "from=\"10.9.9.9\" {}command=\"/bin/true\",no-pty {}restrict {}not a key line\nrestrict,pty,from=\"!10.0.0.0/8,127.0.0.*\" {}from=\"trusted.example.com\" {}",
            public("far"),
            public("cmd"),
            public("restricted"),
            public("near"),
            public("ann"),
        );
        std::fs::write(dir.join("authorized_keys"), text).unwrap();
        Vec::new()
    });
    let log = server.log();
    for said in [
        "authorized_keys:2: command= cannot be honoured",
        "authorized_keys:3: restrict (without pty)",
        "authorized_keys:4: not a public key",
        "authorized_keys:6: from= names only host names",
    ] {
        assert!(log.contains(said), "no {said:?} in:\n{log}");
    }
    let far_key = std::fs::read_to_string(server.dir.join("far.pub")).unwrap();
    let base64 = far_key.split(' ').nth(1).unwrap();
    for key in ["far", "cmd", "restricted", "ann"] {
        let (code, _, err) = server.ssh_batch(key, &["127.0.0.1"]);
        assert_eq!(code, Some(255), "{key} got in: {err}");
        assert!(err.contains("Permission denied"), "{key}: {err}");
    }
    server.wait_log("not allowed from this address (from=)");
    // `restrict,pty` with a from= that matches: a reader.
    let s = server.connect("near", 100, 30);
    s.wait_for("1 of 2");
    assert!(!server.log().contains(&base64[..20]), "key material logged");
}

#[test]
fn refused_keys_and_passwords_are_logged_as_failures() {
    let server = Server::start(&[]);
    let (code, _, _) = server.ssh_batch("stranger", &["127.0.0.1"]);
    assert_eq!(code, Some(255));
    server.wait_log("authentication failure: key:SHA256:");
    server.wait_log("key not in the authorized keys");
    // OpenSSH tries only the methods the server offers, and passwords are never offered, so a
    // password attempt comes from a client that sends one anyway.
    let secret = "hunter2-not-logged";
    let port = server.port;
    let rejected = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async move {
            let config = Arc::new(russh::client::Config::default());
            let mut handle = russh::client::connect(config, ("127.0.0.1", port), AnyHostKey)
                .await
                .unwrap();
            let result = handle
                .authenticate_password("mallory", secret)
                .await
                .unwrap();
            !result.success()
        });
    assert!(rejected);
    server.wait_log("authentication failure: password attempt as mallory refused");
    assert!(!server.log().contains(secret), "{}", server.log());
}

struct AnyHostKey;

impl russh::client::Handler for AnyHostKey {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Opens a raw TCP connection to the server from `source` (a loopback address).
fn raw_connection(port: u16, source: &str) -> std::net::TcpStream {
    let from: std::net::SocketAddr = format!("{source}:0").parse().unwrap();
    let to: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    // std cannot choose a connection's source address; tokio's TcpSocket can.
    let stream = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async move {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind(from).unwrap();
            socket.connect(to).await.unwrap()
        });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
}

/// Everything the server sends until it closes the connection (or `limit` passes).
fn read_until_closed(stream: &mut std::net::TcpStream, limit: Duration) -> Option<String> {
    use std::io::Read;
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Some(String::from_utf8_lossy(&all).into_owned()),
            Ok(n) => all.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Some(String::from_utf8_lossy(&all).into_owned());
            }
            Err(_) => return None,
        }
    }
}

#[test]
fn unauthenticated_connections_are_closed_at_the_deadline() {
    use std::io::Write;
    let server = Server::start(&["--auth-timeout", "2s"]);
    let mut bare = raw_connection(server.port, "127.0.0.1");
    bare.write_all(b"SSH-2.0-OpenSSH_9.6\r\n").unwrap();
    let start = Instant::now();
    let closed = read_until_closed(&mut bare, Duration::from_secs(10));
    assert!(closed.is_some(), "the socket stayed open past the deadline");
    assert!(
        start.elapsed() < Duration::from_secs(6),
        "{:?}",
        start.elapsed()
    );
    server.wait_log("did not authenticate in time; closed");
}

#[test]
fn unauthenticated_connections_are_capped_per_address_and_in_all() {
    let server = Server::start(&["--auth-timeout", "20s"]);
    let mut held = Vec::new();
    // Eight from one address are let in to sign in; the ninth is told why and closed.
    for _ in 0..8 {
        held.push(raw_connection(server.port, "127.0.0.1"));
    }
    server.wait_log("connected");
    let mut ninth = raw_connection(server.port, "127.0.0.1");
    let said = read_until_closed(&mut ninth, Duration::from_secs(5)).expect("closed");
    assert!(
        said.contains("too many connections from your address"),
        "{said:?}"
    );
    server.wait_log("connections from this address are already signing in");
    // Others still get in, up to the total.
    for source in ["127.0.0.2", "127.0.0.3", "127.0.0.4"] {
        for _ in 0..8 {
            held.push(raw_connection(server.port, source));
        }
    }
    let start = Instant::now();
    while server.log().matches(" connected\n").count() < 32 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut over = raw_connection(server.port, "127.0.0.5");
    let said = read_until_closed(&mut over, Duration::from_secs(5)).expect("closed");
    assert!(said.contains("dateline is busy"), "{said:?}");
    // Once one of the first address's leaves, a reader from there gets in.
    drop(held.remove(0));
    server.wait_log("handshake failed");
    let s = server.connect("ann", 80, 24);
    s.wait_for("1 of 2");
    // Signed in, it no longer holds a place among those signing in.
    let mut next = raw_connection(server.port, "127.0.0.1");
    assert_eq!(
        read_until_closed(&mut next, Duration::from_secs(1)),
        None,
        "refused"
    );
}

#[test]
fn a_hang_up_restores_every_terminal_like_sigterm() {
    let mut server = Server::start(&[]);
    let a = server.connect("ann", 80, 24);
    a.wait_for("1 of 2");
    let status = server.signal("-HUP");
    a.wait_for("The dateline server is shutting down; goodbye.");
    a.wait_dead();
    assert!(!a.text().contains("1 of 2"), "{}", a.text());
    assert!(status.success(), "{status:?}");
    assert!(server.log().contains("server stopped"), "{}", server.log());
}
