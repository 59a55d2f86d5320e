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
        dateline(&state, &["mark", "78aa", "--star", "--read"])
            .status
            .success()
    );
    let listed = stdout(&dateline(&state, &["list", "--starred"]));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(" ★ 78aa93c5f98a"), "{listed}");
    let unread = stdout(&dateline(&state, &["list", "--unread", "--json"]));
    assert_eq!(unread.lines().count(), 1);
    assert!(unread.contains("9994b5eec99e"));
    assert!(
        dateline(&state, &["mark", "78aa", "--unread", "--unstar"])
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
    let out = dateline(&state, &["mark", "78aa", "--star"]);
    assert!(out.status.success(), "marks still work, in memory");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("left untouched"), "{err}");
    assert_eq!(fs::read(&state).unwrap(), bytes);
    // The mark was not persisted anywhere.
    assert_eq!(
        stdout(&dateline(
            dir.path().join("other.db").as_path(),
            &["list", "--starred"]
        )),
        ""
    );
}

#[test]
fn killing_a_writer_mid_write_keeps_the_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let ids = collection(dir.path(), 12);
    let folder = dir.path().join("articles");
    assert!(
        dateline(&state, &["mark", "78aa", "--read"])
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
    let out = dateline(&state, &["mark", "78aa", "--star"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("read, starred"), "{}", stdout(&out));
}
