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
