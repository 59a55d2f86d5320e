//! The binary on a folder of good and bad files: the report, the exit codes, and that no control
//! byte from an article is ever printed.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn dateline(args: &[&str]) -> Output {
    let base = std::env::temp_dir().join(format!("dateline-test-cache-{}", std::process::id()));
    dateline_with(args, &base.join("cache"), &base.join("state"))
}

/// Runs dateline with its cache and state folders (`XDG_CACHE_HOME`, `XDG_STATE_HOME`) where
/// given. Killed, and the test failed, if it has not finished in a minute: a loader that opened
/// a pipe or read a device would never finish.
fn dateline_with(args: &[&str], cache: &Path, state: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("NO_COLOR", "1")
        // Never touch the real reader state of whoever runs the tests.
        .arg("--no-state")
        .env("XDG_CACHE_HOME", cache)
        .env("XDG_STATE_HOME", state)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run dateline");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().expect("wait for dateline").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dateline {args:?} did not finish");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("dateline's output")
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

/// `mkfifo path`.
#[cfg(unix)]
fn fifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(made.success());
}

#[cfg(unix)]
#[test]
fn special_files_named_are_skipped_with_a_reason_and_never_opened() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fifo(&d.join("pipe"));
    symlink("/dev/zero", d.join("zero")).unwrap();
    symlink(d.join("pipe"), d.join("to-pipe")).unwrap();
    symlink(d.join("nothing"), d.join("gone")).unwrap();
    let path = |name: &str| d.join(name).to_str().unwrap().to_string();
    let (pipe, zero, to_pipe, gone) = (path("pipe"), path("zero"), path("to-pipe"), path("gone"));
    let out = dateline(&[
        "check",
        "--max-file-size",
        "1K",
        &pipe,
        &zero,
        &to_pipe,
        &gone,
        "/dev/zero",
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("0 articles · 5 skipped\n"), "{stdout}");
    for expected in [
        format!("skipped {pipe}: not a regular file (a named pipe)"),
        format!("skipped {zero}: not a regular file (a character device)"),
        format!("skipped {to_pipe}: not a regular file (a named pipe)"),
        format!("skipped {gone}: a broken symbolic link (nothing is at its target)"),
        "skipped /dev/zero: not a regular file (a character device)".to_string(),
    ] {
        assert!(
            stdout.contains(&expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    // The system folders are not walked when named either.
    let out = dateline(&["check", "/proc", "/sys", "/dev"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("skipped /proc: a system folder (/proc, /sys and /dev are never read)"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn special_files_and_broken_links_in_folders_have_a_reason() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.txt"), " date 2021-05-01 A good article.").unwrap();
    fifo(&d.join("pipe.txt"));
    fifo(&d.join("pipe.dat"));
    symlink("/dev/zero", d.join("zero.txt")).unwrap();
    symlink(d.join("deleted.txt"), d.join("gone.txt")).unwrap();
    fs::create_dir(d.join("elsewhere")).unwrap();
    symlink(d.join("elsewhere"), d.join("linked")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(d.join("sock.json")).unwrap();
    let out = dateline(&["check", "--max-file-size", "1K", d.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with("1 article · 4 skipped · 1 other file ignored · 1 folder not walked\n"),
        "{stdout}"
    );
    let p = |name: &str| d.join(name).display().to_string();
    for expected in [
        format!(
            "skipped {}: not a regular file (a named pipe)",
            p("pipe.txt")
        ),
        format!(
            "skipped {}: not a regular file (a character device)",
            p("zero.txt")
        ),
        format!("skipped {}: a broken symbolic link", p("gone.txt")),
        format!("skipped {}: not a regular file (a socket)", p("sock.json")),
        format!("ignored (not an article format): {}", p("pipe.dat")),
        format!("not walked {}: a symbolic link to a folder", p("linked")),
    ] {
        assert!(
            stdout.contains(&expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    let json = dateline(&["check", "--json", d.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["not_walked"][0]["path"], p("linked"));
}

#[test]
fn byte_order_marks_cr_line_ends_and_xhtml_feeds_load() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("bom.json"),
        "\u{feff}[{\"title\":\"From JSON\",\"date\":\"2021-05-05\",\"text\":\"Exported text.\"}]",
    )
    .unwrap();
    fs::write(
        d.join("bom.jsonl"),
        "\u{feff}{\"title\":\"From lines\",\"date\":\"2021-05-06\",\"text\":\"One line.\"}\r\n",
    )
    .unwrap();
    fs::write(
        d.join("cr.txt"),
        " date 2021-01-01\rTitle here\r\rFirst para\rbare CR.\r\rSecond.",
    )
    .unwrap();
    fs::write(
        d.join("x.atom"),
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>XHTML entry</title>\
         <updated>2021-03-04T10:00:00Z</updated><content type=\"xhtml\">\
         <div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Counted <b>late</b>.</p></div>\
         </content></entry></feed>",
    )
    .unwrap();
    let out = dateline(&["check", d.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout).trim(), "4 articles");
    let list = dateline(&["list", "--json", d.join("cr.txt").to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let id = v["id"].as_str().unwrap().to_string();
    let show = dateline(&["show", &id, "--json", d.join("cr.txt").to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(v["title"], "Title here");
    assert_eq!(v["text"], "First para bare CR.\n\nSecond.");
    assert_eq!(v["paragraphs"].as_array().map(Vec::len), Some(2));
}

/// The temporary files left in a folder.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_folder_in_the_cache_file_place_is_told_once_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    fs::create_dir(&news).unwrap();
    for (i, t) in [
        "Floods in Lagos on Sunday.",
        "Lagos cleans up after floods.",
    ]
    .iter()
    .enumerate()
    {
        fs::write(
            news.join(format!("{i}.txt")),
            format!(" date 2020-10-0{} {t}", i + 1),
        )
        .unwrap();
    }
    let (cache, state) = (dir.path().join("cache"), dir.path().join("state"));
    let stories = || dateline_with(&["stories", news.to_str().unwrap()], &cache, &state);
    assert_eq!(stories().status.code(), Some(0));
    let folder = cache.join("dateline");
    let file = fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    fs::write(file.join("keep"), "not ours").unwrap();

    let first = stories();
    assert_eq!(first.status.code(), Some(0));
    let err = text(&first.stderr);
    assert!(
        err.contains(&format!("{} is a folder with files in it", file.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(temp_files(&folder), Vec::<String>::new());
    let again = stories();
    assert_eq!(text(&again.stderr), "", "told once");
    assert_eq!(temp_files(&folder), Vec::<String>::new());
    assert!(file.join("keep").exists());

    // Once it is gone the cache is written, and a new problem would be told again.
    fs::remove_dir_all(&file).unwrap();
    assert_eq!(text(&stories().stderr), "");
    assert!(file.is_file());
}

#[test]
fn a_cache_folder_that_cannot_be_written_is_told_once_with_where() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    fs::create_dir(&news).unwrap();
    fs::write(
        news.join("a.txt"),
        " date 2020-10-01 Floods in Lagos on Sunday.",
    )
    .unwrap();
    // A file where the cache folder's parent should be: as unwritable as a read-only folder,
    // and so even for root, who may write in any folder.
    let cache = dir.path().join("not-a-folder");
    fs::write(&cache, "").unwrap();
    let state = dir.path().join("state");
    let stories = || dateline_with(&["stories", news.to_str().unwrap()], &cache, &state);
    let first = stories();
    assert_eq!(first.status.code(), Some(0));
    let err = text(&first.stderr);
    assert!(
        err.contains(&format!(
            "cannot write the analysis cache in {}",
            cache.join("dateline").display()
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let again = stories();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&again.stderr), "", "told once");
}
