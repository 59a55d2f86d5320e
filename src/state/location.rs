//! Where the reader state lives: `--state PATH`, `--no-state`, or the XDG data directory.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateLocation {
    /// A state file on disk.
    File(PathBuf),
    /// Nothing persisted: marks last as long as the process (`--no-state`, or a fallback).
    Memory,
}

impl StateLocation {
    /// The default file: `$XDG_DATA_HOME/dateline/state.db`, else `~/.local/share/dateline/state.db`
    /// (the XDG base directory spec). No home at all: memory only.
    pub fn default_file() -> StateLocation {
        match data_dir() {
            Some(dir) => StateLocation::File(dir.join("state.db")),
            None => StateLocation::Memory,
        }
    }
}

/// `$XDG_DATA_HOME/dateline` (when absolute, as the spec requires) or `~/.local/share/dateline`.
pub fn data_dir() -> Option<PathBuf> {
    xdg_dir("XDG_DATA_HOME", ".local/share")
}

/// `$XDG_CACHE_HOME/dateline` or `~/.cache/dateline`.
pub fn cache_dir() -> Option<PathBuf> {
    xdg_dir("XDG_CACHE_HOME", ".cache")
}

/// `$XDG_CONFIG_HOME/dateline` or `~/.config/dateline`.
pub fn config_dir() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config")
}

fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    let from_env = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = from_env.or_else(|| {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .map(|h| h.join(fallback))
    })?;
    Some(base.join("dateline"))
}

/// The local reader's identity for marks: `local:<user>`.
pub fn local_reader() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "user".to_string());
    format!("local:{user}")
}
