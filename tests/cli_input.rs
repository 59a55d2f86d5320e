//! Hostile input to the commands: endless or oversized stdin for `ner`, and file names with
//! control characters in the text `show` and `check` print.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `dateline ner ARGS` on `stdin`, killing it (and failing) if it runs on for 20 s.
fn ner(args: &[&str], stdin: fs::File) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .arg("ner")
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("dateline ner {args:?} read on and on");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn ner_refuses_stdin_beyond_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("text.txt");
    fs::write(&text, "Paris. ".repeat(300)).unwrap();
    let out = ner(&["--max-file-size", "1K"], fs::File::open(&text).unwrap());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("larger than the 1 KiB limit"), "{err}");
    assert!(out.stdout.is_empty(), "nothing recognised");
    // Within the limit, the same text is recognised.
    let out = ner(&["--max-file-size", "4K"], fs::File::open(&text).unwrap());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"Paris\""));
}

/// An endless stdin stops at the default 16 MiB.
#[test]
fn ner_on_dev_zero_ends_at_the_default_limit() {
    let out = ner(&[], fs::File::open("/dev/zero").unwrap());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("larger than the 16 MiB limit"), "{err}");
}

#[test]
fn file_names_with_control_characters_stay_on_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\nname\x1b[31m\r.txt";
    fs::write(
        dir.path().join(name),
        " date 2021-02-01 Report on the harvest in Lyon.",
    )
    .unwrap();
    fs::write(dir.path().join("empty\n\x07.txt"), "").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(args)
            .arg(dir.path())
            .args(["--no-state", "--no-cache"])
            .output()
            .unwrap()
    };
    let listed = run(&["list", "--json"]);
    let row: serde_json::Value =
        serde_json::from_slice(listed.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    let id = row["id"].as_str().unwrap().to_string();
    let shown = run(&["show", &id]);
    assert!(shown.status.success());
    let text = String::from_utf8(shown.stdout).unwrap();
    let header = text.lines().nth(1).unwrap();
    assert!(header.contains(&id), "{text:?}");
    assert!(header.contains("evil name[31m.txt"), "{header:?}");
    let checked = run(&["check"]);
    let report = String::from_utf8(checked.stdout).unwrap();
    for output in [&text, &report] {
        assert!(
            !output.chars().any(|c| c.is_control() && c != '\n'),
            "{output:?}"
        );
    }
    assert!(
        report
            .lines()
            .any(|l| l.contains("empty ") && l.contains(".txt")),
        "{report:?}"
    );
}
