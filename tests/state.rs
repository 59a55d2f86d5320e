//! Reader state across processes: persistence, two writers at once, a damaged file, and a
//! process killed mid-write.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn dateline(state: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .arg("--state")
        .arg(state)
        .output()
        .expect("run dateline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A folder of `n` distinct short articles; returns their ids.
fn collection(dir: &Path, n: usize) -> Vec<String> {
    let articles = dir.join("articles");
    fs::create_dir_all(&articles).unwrap();
    for i in 0..n {
        fs::write(
            articles.join(format!("{i:03}.txt")),
            format!(
                " date 2021-02-{:02} Report number {i} on the harvest.",
                i % 28 + 1
            ),
        )
        .unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["list", "--json", "--no-state"])
        .arg(&articles)
        .output()
        .unwrap();
    stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn marks_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    assert!(
        dateline(&state, &["mark", "9dc4", "--star", "--read"])
            .status
            .success()
    );
    let listed = stdout(&dateline(&state, &["list", "--starred"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(" ★ 9dc40b5c07ed"), "{listed}");
    let unread = stdout(&dateline(&state, &["list", "--unread", "--json"]));
    assert_eq!(unread.lines().count(), 1);
    assert!(unread.contains("202c40cd4633"));
    assert!(
        dateline(&state, &["mark", "9dc4", "--unread", "--unstar"])
            .status
            .success()
    );
    assert_eq!(stdout(&dateline(&state, &["list", "--starred"])), "");
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let ids = collection(dir.path(), 24);
    let folder = dir.path().join("articles");
    let writer = |ids: Vec<String>| {
        let state = state.clone();
        let folder = folder.clone();
        std::thread::spawn(move || {
            for id in ids {
                let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
                    .args(["mark", &id, "--star"])
                    .arg(&folder)
                    .arg("--state")
                    .arg(&state)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(
                    out.stderr.is_empty(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    let (a, b) = ids.split_at(ids.len() / 2);
    let t1 = writer(a.to_vec());
    let t2 = writer(b.to_vec());
    t1.join().unwrap();
    t2.join().unwrap();
    let starred = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["list", "--starred", "--json"])
        .arg(&folder)
        .arg("--state")
        .arg(&state)
        .output()
        .unwrap();
    assert_eq!(stdout(&starred).lines().count(), ids.len());
}

#[test]
fn a_damaged_state_file_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    fs::write(&state, &bytes).unwrap();
    // Reading goes on, from memory.
    let out = dateline(&state, &["list"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 2, "the seeds are listed");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("left untouched"), "{err}");
    // `mark`, which exists to save, says the mark was not saved.
    let out = dateline(&state, &["mark", "9dc4", "--star"]);
    assert_eq!(out.status.code(), Some(1), "a mark kept in memory is lost");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("mark not saved: state file "), "{err}");
    assert!(err.contains("left untouched"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(&state).unwrap(), bytes);
}

/// A state file whose tables have other columns than this build's (an edited file, another
/// program's `marks` table): read from memory instead, with the one-line notice, never exit 1
/// for a `list`.
#[test]
fn a_state_file_with_other_columns_falls_back_to_memory() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let status = Command::new("sqlite3")
        .arg(&state)
        .arg(
            "PRAGMA journal_mode = WAL; CREATE TABLE marks (reader TEXT, article INTEGER); \
             CREATE TABLE positions (reader TEXT); PRAGMA user_version = 1;",
        )
        .output();
    if !status.is_ok_and(|o| o.status.success()) {
        // Without the sqlite3 shell, write the same file through the library.
        let conn = rusqlite::Connection::open(&state).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE marks (reader TEXT, article INTEGER);
             CREATE TABLE positions (reader TEXT); PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let before = fs::read(&state).unwrap();
    for args in [&["list"][..], &["list", "--starred", "--json"]] {
        let out = dateline(&state, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("is not a dateline state file") && err.contains("kept in memory"),
            "{err}"
        );
    }
    let out = dateline(&state, &["mark", "9dc4", "--read"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("mark not saved"), "{err}");
    assert_eq!(fs::read(&state).unwrap(), before);
}

#[test]
fn a_mark_with_nowhere_to_go_is_not_success() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    fs::write(&file, "").unwrap();
    for state in [Path::new("/dev/full"), &file.join("state.db")] {
        let out = dateline(state, &["mark", "9dc4", "--star"]);
        assert_eq!(out.status.code(), Some(1), "{state:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("dateline: mark not saved: "), "{err}");
    }
    // No home to put the default file in.
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["mark", "9dc4", "--star"])
        .env_remove("HOME")
        .env_remove("XDG_DATA_HOME")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mark not saved"));
    // Keeping nothing was asked for: nothing to report.
    let out = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["mark", "9dc4", "--star", "--no-state"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn killing_a_writer_mid_write_keeps_the_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let ids = collection(dir.path(), 12);
    let folder = dir.path().join("articles");
    assert!(
        dateline(&state, &["mark", "9dc4", "--read"])
            .status
            .success()
    );
    // Start writers and SIGKILL each after a different delay, so that the kills land at every
    // stage: loading, opening the file, inside the transaction, committing.
    for (round, id) in ids.iter().cycle().take(36).enumerate() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args([
                "mark",
                id,
                if round % 2 == 0 { "--star" } else { "--unstar" },
            ])
            .arg(&folder)
            .arg("--state")
            .arg(&state)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(500 * (round as u64 % 12)));
        let _ = child.kill();
        let _ = child.wait();
    }
    let check = Command::new("sqlite3")
        .arg(&state)
        .arg("PRAGMA integrity_check;")
        .output();
    if let Some(o) = check.ok().filter(|o| o.status.success()) {
        assert_eq!(stdout(&o).trim(), "ok");
    }
    // dateline itself refuses damaged files with a warning; there must be none, the earlier
    // mark must still be there, and the file must still take writes.
    let out = dateline(&state, &["mark", "9dc4", "--star"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("read, starred"), "{}", stdout(&out));
}

/// Runs dateline as the unprivileged user `nobody`, for whom mode 0444 means what it says (the
/// tests run as root, who may write anything). `None` when neither `setpriv` nor `runuser`
/// (util-linux) is installed; `.ci/run` installs them.
fn as_nobody(args: &[&std::ffi::OsStr], home: &Path) -> Option<Output> {
    let bin = env!("CARGO_BIN_EXE_dateline");
    let tool = |name: &str| {
        Command::new(name)
            .arg("--help")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut cmd = if tool("setpriv") {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else if tool("runuser") {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--", bin]);
        c
    } else {
        return None;
    };
    let out = cmd
        .args(args)
        .env("USER", "ann")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("XDG_CACHE_HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .output()
        .expect("run dateline as nobody");
    Some(out)
}

/// A state file with every article in `articles` starred, set through the library as the local
/// user `ann` (600 `dateline mark` runs would take a while).
fn starred_state(state: &Path, articles: &Path) {
    use dateline::collection::loader::{Request, load_articles};
    use dateline::state::{StateLocation, Store};
    let opened = Store::open(&StateLocation::File(state.to_path_buf()), "local:ann");
    assert!(opened.warning.is_none());
    let mut store = opened.store;
    let request = Request {
        paths: vec![articles.to_path_buf()],
        ..Request::default()
    };
    let corpus = load_articles(&request, &|_, _| {});
    for article in &corpus.articles {
        store.set_starred(article.id, true).unwrap();
    }
}

/// A state file the user may not write (mode 0444 in a folder they may not write either, or in
/// one they may): its marks are shown, one line says they cannot be saved, `mark` fails saying
/// so, and the file is not changed.
#[test]
fn a_read_only_state_file_shows_its_marks_and_refuses_changes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    let ids = collection(root, 600);
    assert_eq!(ids.len(), 600);
    let articles = root.join("articles");
    let home = root.join("home");
    fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(65534), Some(65534)).unwrap();
    let locked = root.join("locked");
    let open_folder = root.join("open");
    for folder in [&locked, &open_folder] {
        fs::create_dir(folder).unwrap();
        starred_state(&folder.join("state.db"), &articles);
        fs::set_permissions(folder.join("state.db"), fs::Permissions::from_mode(0o444)).unwrap();
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    std::os::unix::fs::chown(&open_folder, Some(65534), Some(65534)).unwrap();
    for folder in [&locked, &open_folder] {
        let state = folder.join("state.db");
        let before = fs::read(&state).unwrap();
        let run = |args: &[&str]| {
            let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
            all.extend([
                articles.as_os_str(),
                "--no-cache".as_ref(),
                "--state".as_ref(),
                state.as_os_str(),
            ]);
            as_nobody(&all, &home)
        };
        let Some(out) = run(&["list", "--starred"]) else {
            eprintln!("SKIPPED: neither setpriv nor runuser (util-linux) is installed");
            return;
        };
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert_eq!(stdout(&out).lines().count(), 600, "{folder:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("is read-only") && err.contains("cannot be saved"),
            "{err}"
        );
        assert!(!err.contains("not a usable database"), "{err}");
        let out = run(&["mark", &ids[0], "--unstar"]).unwrap();
        assert_eq!(out.status.code(), Some(1), "{folder:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("mark not saved") && err.contains("read-only"),
            "{err}"
        );
        assert_eq!(fs::read(&state).unwrap(), before, "{folder:?}");
    }
    // Root may write: the marks were kept all along.
    let starred = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["list", "--starred", "--no-cache", "--state"])
        .arg(locked.join("state.db"))
        .arg(&articles)
        .env("USER", "ann")
        .output()
        .unwrap();
    assert_eq!(stdout(&starred).lines().count(), 600);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}
