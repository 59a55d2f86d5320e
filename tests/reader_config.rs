//! The reader's config file, through the binary: an invalid file is refused before the screen is
//! touched, with the file, the line and the key named.

use std::process::Command;

fn dateline(args: &[&str], config_home: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("XDG_DATA_HOME", config_home)
        .output()
        .expect("running dateline")
}

#[test]
fn an_invalid_config_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "ascii = true\n\n[keys]\nquit = \"q\"\nscroll_sideways = \"x\"\n",
    )
    .unwrap();
    let out = dateline(&["--config", path.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:5:"), "{err}");
    assert!(err.contains("scroll_sideways"), "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn");
}

#[test]
fn the_default_config_location_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dateline")).unwrap();
    std::fs::write(
        dir.path().join("dateline/config.toml"),
        "[theme]\nperson = \"blurple\"\n",
    )
    .unwrap();
    let out = dateline(&[], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml:2:") && err.contains("theme.person"),
        "{err}"
    );
}

#[test]
fn a_named_config_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = dateline(&["--config", "/nonexistent/dateline.toml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/dateline.toml"));
}

#[test]
fn without_a_terminal_the_reader_says_what_to_use_instead() {
    let dir = tempfile::tempdir().unwrap();
    let out = dateline(&["--no-state"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dateline list"));
}

#[test]
fn a_config_that_unbinds_quit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.toml");
    std::fs::write(&path, "[keys]\ndown = \"j\"\nquit = []\n").unwrap();
    let out = dateline(&["--config", path.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("keys.toml:3: keys.quit"), "{err}");
}

/// Judged by the bytes read: a config larger than 1 MiB is refused, and an endless one
/// (`/dev/zero`) ends there instead of filling the memory.
#[test]
fn a_huge_config_is_refused_after_a_megabyte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    // Valid TOML: only comments.
    std::fs::write(&path, format!("# {}\n", "x".repeat(1021)).repeat(1025)).unwrap();
    for config in [path.to_str().unwrap(), "/dev/zero"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["--config", config])
            .env("XDG_CONFIG_HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > std::time::Duration::from_secs(20) {
                let _ = child.kill();
                panic!("dateline --config {config} read on and on");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(config) && err.contains("larger than 1 MiB"),
            "{err}"
        );
    }
}
