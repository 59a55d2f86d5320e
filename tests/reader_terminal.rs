//! The local reader in a real terminal: a tmux pane on a tmux server of its own (never the
//! user's). A signal that ends the reader leaves the terminal as it was (main screen, cursor
//! shown, cooked mode) and the status a shell expects; a read-only state file is said so in the
//! status line, and a mark that cannot be saved says "not saved". Needs `tmux` (`.ci/run`
//! installs it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A tmux pane running the reader through a script that, once the reader has ended, writes its
/// exit status and the terminal's `stty -a` next to it, then lingers so the pane can be read.
struct Pane {
    socket: String,
    conf: PathBuf,
    dir: PathBuf,
}

impl Pane {
    /// Runs `prefix` (e.g. `setpriv …`, may be empty) then the reader with `args`, in `dir`.
    fn start(dir: &Path, prefix: &str, args: &str) -> Pane {
        let socket = format!(
            "dateline-reader-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let conf = dir.join("tmux.conf");
        fs::write(&conf, "set -g remain-on-exit on\nset -g status off\n").unwrap();
        let d = dir.display();
        let script = format!(
            "export HOME={d}/home XDG_CONFIG_HOME={d}/home XDG_DATA_HOME={d}/home \
             XDG_CACHE_HOME={d}/home USER=ann\n\
             sh -c 'echo $$ > \"$1\"; shift; exec \"$@\"' sh {d}/pid {prefix} {bin} {args}\n\
             echo $? > {d}/status.tmp && mv {d}/status.tmp {d}/status\n\
             stty -a > {d}/stty\n\
             sleep 60\n",
            bin = env!("CARGO_BIN_EXE_dateline"),
        );
        fs::create_dir_all(dir.join("home")).unwrap();
        fs::write(dir.join("run.sh"), script).unwrap();
        let pane = Pane {
            socket,
            conf,
            dir: dir.to_path_buf(),
        };
        let run = format!("sh {d}/run.sh");
        pane.tmux(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "100",
            "-y",
            "30",
            &run,
        ]);
        pane
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

    fn format(&self, f: &str) -> String {
        self.tmux(&["display", "-p", "-t", "t", f])
            .trim()
            .to_string()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Waits until `ready` holds of the screen; returns the screen.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.text();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The reader's process id, once it has started.
    fn pid(&self) -> String {
        let path = self.dir.join("pid");
        let start = Instant::now();
        loop {
            if let Some(pid) = fs::read_to_string(&path)
                .ok()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
            {
                return pid;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "never started");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The reader's exit status as the shell saw it, once it has ended.
    fn status(&self) -> i32 {
        let path = self.dir.join("status");
        let start = Instant::now();
        loop {
            if let Ok(s) = fs::read_to_string(&path) {
                // stty writes its file right after.
                std::thread::sleep(Duration::from_millis(100));
                return s.trim().parse().expect("a status");
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the reader did not end; screen:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal's modes after the reader, as `stty -a` printed them.
    fn stty(&self) -> String {
        fs::read_to_string(self.dir.join("stty")).unwrap_or_default()
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// Whether `stty -a` shows `flag` on (`icanon`, not `-icanon`).
fn mode_on(stty: &str, flag: &str) -> bool {
    stty.split_whitespace().any(|w| w == flag)
}

/// The reader on the built-in articles, ready for keys.
fn reader_on_seeds(dir: &Path) -> Pane {
    let pane = Pane::start(dir, "", "--no-state --no-cache");
    pane.wait_for("the reader", |s| s.contains("1 of 2"));
    assert_eq!(pane.format("#{alternate_on}"), "1", "the reader is on");
    pane
}

/// Every signal that ends a process by default, sent from outside: the reader leaves the
/// alternate screen, shows the cursor, leaves raw mode, and ends with 128 + the signal.
#[test]
fn ending_signals_restore_the_terminal() {
    let signals = [
        ("HUP", 1),
        ("INT", 2),
        ("QUIT", 3),
        ("USR1", 10),
        ("USR2", 12),
        ("ALRM", 14),
        ("TERM", 15),
        ("XCPU", 24),
        ("XFSZ", 25),
        ("VTALRM", 26),
        ("PROF", 27),
    ];
    for (name, number) in signals {
        let dir = tempfile::tempdir().unwrap();
        let pane = reader_on_seeds(dir.path());
        let killed = Command::new("kill")
            .args(["-s", name, &pane.pid()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = pane.status();
        let screen = pane.text();
        assert_eq!(
            pane.format("#{alternate_on}"),
            "0",
            "SIG{name} left the alternate screen on:\n{screen}"
        );
        assert_eq!(
            pane.format("#{cursor_flag}"),
            "1",
            "SIG{name} left the cursor hidden"
        );
        let stty = pane.stty();
        assert!(
            mode_on(&stty, "icanon") && mode_on(&stty, "echo"),
            "SIG{name} left the terminal raw: {stty}"
        );
        assert_eq!(status, 128 + number, "SIG{name}'s status");
    }
}

/// Quitting with a key still ends with 0, and a config cannot take Ctrl-C's quitting away.
#[test]
fn ctrl_c_quits_whatever_the_config_binds() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("keys.toml");
    fs::write(&config, "[keys]\nquit = \"x\"\n").unwrap();
    let pane = Pane::start(
        dir.path(),
        "",
        &format!("--no-state --no-cache --config {}", config.display()),
    );
    pane.wait_for("the reader", |s| s.contains("1 of 2"));
    pane.keys(&["C-c"]);
    assert_eq!(pane.status(), 0);
    assert_eq!(pane.format("#{alternate_on}"), "0");
}

/// Runs a command as `nobody` in the pane: `setpriv` or `runuser`, whichever is installed.
fn nobody_prefix() -> Option<&'static str> {
    let works = |tool: &str| {
        Command::new(tool)
            .arg("--help")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works("setpriv") {
        Some("setpriv --reuid=65534 --regid=65534 --clear-groups")
    } else if works("runuser") {
        Some("runuser -u nobody --")
    } else {
        None
    }
}

/// A state file the reader may only read: its stars are shown, the status line says marks cannot
/// be saved, and starring says "not saved".
#[test]
fn a_read_only_state_file_is_shown_and_said_so() {
    use std::os::unix::fs::PermissionsExt;
    let Some(prefix) = nobody_prefix() else {
        eprintln!("SKIPPED: neither setpriv nor runuser (util-linux) is installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    let locked = root.join("locked");
    fs::create_dir(&locked).unwrap();
    let state = locked.join("state.db");
    let marked = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["mark", "9dc4", "--star", "--no-cache", "--state"])
        .arg(&state)
        .env("USER", "ann")
        .output()
        .unwrap();
    assert!(marked.status.success());
    fs::set_permissions(&state, fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let before = fs::read(&state).unwrap();
    let home = root.join("home");
    fs::create_dir_all(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(65534), Some(65534)).unwrap();
    let pane = Pane::start(
        root,
        prefix,
        &format!("--no-cache --state {}", state.display()),
    );
    // The notice comes from opening the state file, the star from the loaded collection: on a
    // slow machine the first can be on screen well before the second.
    pane.wait_for("the read-only notice", |s| s.contains("read-only"));
    pane.wait_for("the starred article", |s| s.contains('★'));
    pane.keys(&["*"]);
    pane.wait_for("not saved", |s| s.contains("not saved"));
    pane.keys(&["q"]);
    assert_eq!(pane.status(), 0);
    assert_eq!(fs::read(&state).unwrap(), before);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}
