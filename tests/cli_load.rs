//! The binary on a folder of good and bad files: the report, the exit codes, and that no control
//! byte from an article is ever printed.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn dateline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        // Never touch the real reader state of whoever runs the tests.
        .arg("--no-state")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join(format!("dateline-test-cache-{}", std::process::id())),
        )
        .output()
        .expect("run dateline")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A folder with one file of every kind of trouble, and two good articles.
fn fixture(dir: &Path) {
    fs::write(
        dir.join("good.txt"),
        " date 2021-05-01 Flooding closed roads in the valley on Friday.\n\nMore rain is expected.",
    )
    .unwrap();
    fs::write(dir.join("hostile.txt"), " date 2021-05-02 A bomb\x1b[2J\x1b]52;c;ZXZpbA==\x07 of \x1b[31mcontrol\u{9b} characters\u{202e} here.\n\nSecond\x08 paragraph.").unwrap();
    fs::write(dir.join("binary.txt"), b"\x00\x01\x02 date 2020").unwrap();
    fs::write(dir.join("empty.txt"), "  \n").unwrap();
    fs::write(
        dir.join("latin1.txt"),
        b" date 2021-05-03 Caf\xe9 reopens in M\xfcnchen after months.",
    )
    .unwrap();
    fs::write(dir.join("header-only.txt"), " date 2021-05-04 ").unwrap();
    fs::write(
        dir.join("bad-date.txt"),
        " date 2020-13-45 An article with an impossible date.",
    )
    .unwrap();
    fs::write(
        dir.join("no-header.txt"),
        "Just some text with no header at all.",
    )
    .unwrap();
    fs::write(
        dir.join("copy-of-good.txt"),
        " date 2021-05-01 Flooding closed roads in the valley on Friday.\n\nMore rain is expected.",
    )
    .unwrap();
    fs::write(dir.join("notes.tsv"), "a\tb\n").unwrap();
    fs::create_dir(dir.join(".hidden")).unwrap();
    fs::write(dir.join(".hidden/secret.txt"), " date 2021-01-01 Hidden.").unwrap();
    fs::create_dir(dir.join("sub")).unwrap();
    fs::write(
        dir.join("sub/export.json"),
        r#"[{"title":"From JSON","date":"2021-05-05","text":"Exported text."}]"#,
    )
    .unwrap();
    fs::write(dir.join("sub/broken.json"), "{\"articles\": [").unwrap();
    fs::write(
        dir.join("sub/wire.rss"),
        "<rss><channel><item><title>Feed item</title><pubDate>Mon, 03 May 2021 09:00:00 GMT</pubDate>\
         <description>&lt;p&gt;From a feed.&lt;/p&gt;</description></item></channel></rss>",
    )
    .unwrap();
}

#[test]
fn check_reports_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let out = dateline(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "7 articles · 4 skipped · 3 warnings · 1 duplicate · 1 other file ignored"
        ),
        "{stdout}"
    );
    for expected in [
        "binary.txt: binary file (contains NUL bytes)",
        "empty.txt: empty file",
        "header-only.txt: only a date header, no text",
        "broken.json: malformed JSON",
        "latin1.txt: not valid UTF-8",
        "bad-date.txt: impossible date \"2020-13-45\"",
        "no-header.txt: no date header; date unknown",
        "good.txt: same article as /",
        "notes.tsv",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    assert!(!stdout.contains("secret"), "hidden folders are skipped");
}

#[test]
fn check_on_a_clean_collection_exits_0() {
    let out = dateline(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).trim(), "2 articles");
}

#[test]
fn no_control_byte_is_ever_printed() {
    let dir = tempfile::tempdir().unwrap();
    fixture(dir.path());
    let d = dir.path().to_str().unwrap();
    let list = dateline(&["list", "--json", d]);
    let id = text(&list.stdout)
        .lines()
        .find(|l| l.contains("bomb"))
        .and_then(|l| l.split("\"id\":\"").nth(1))
        .map(|s| s[..12].to_string())
        .expect("hostile article listed");
    for args in [
        vec!["list", d],
        vec!["list", "--json", d],
        vec!["show", &id, d],
        vec!["show", &id, "--json", d],
        vec!["check", d],
    ] {
        let out = dateline(&args);
        for (i, b) in out.stdout.iter().enumerate() {
            assert!(
                *b == b'\n' || *b >= 0x20 && *b != 0x7f,
                "{args:?}: control byte {b:#x} at {i}"
            );
        }
        let printed = text(&out.stdout);
        assert!(
            !printed.contains('\u{9b}') && !printed.contains('\u{202e}'),
            "{args:?}"
        );
    }
}

#[test]
fn exit_codes_for_unknown_ids_and_usage() {
    let out = dateline(&["show", "ffffffff"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("dateline: no article with id ffffffff"));
    assert_eq!(dateline(&["show"]).status.code(), Some(2));
    assert_eq!(dateline(&["list", "--no-such-flag"]).status.code(), Some(2));
    let missing = dateline(&["check", "/no/such/place"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stdout).contains("/no/such/place: no such file or folder"));
}

#[test]
fn show_wraps_and_sets_captions_apart() {
    let out = dateline(&["show", "9dc40b5c07ed", "--width", "60"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(
        s.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 60),
        "{s}"
    );
    assert!(s.contains("    [photo] Armenian reservists"));
    let json = dateline(&["show", "9dc4", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["date"], "2020-10-31");
    assert_eq!(v["timestamp"], "2020-10-31T08:08:00Z");
    assert_eq!(v["paragraphs"][5]["kind"], "caption");
}

#[test]
fn max_file_size_skips_large_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("big.txt"),
        format!(" date 2021-01-01 {}", "word ".repeat(400)),
    )
    .unwrap();
    let out = dateline(&[
        "check",
        "--max-file-size",
        "1K",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("larger than the 1 KiB limit (2.0 KiB; see --max-file-size)"),
        "{}",
        text(&out.stdout)
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_skipped_with_a_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("locked.txt");
    fs::write(&p, " date 2021-01-01 Locked away.").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&p).is_ok() {
        return; // running as root: permissions do not apply, nothing to test here
    }
    let out = dateline(&["check", dir.path().to_str().unwrap()]);
    assert!(text(&out.stdout).contains("locked.txt: unreadable: permission denied"));
}
