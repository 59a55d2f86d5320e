//! A cache that cannot be written stays so from one run to the next (a read-only folder, a
//! folder in the cache file's place): its problem is told once, not on every run. The line last
//! told is kept in the state folder, since the cache folder is the one that cannot be written.

use std::fs;
use std::path::{Path, PathBuf};

/// `$XDG_STATE_HOME/dateline/cache-problem`, or `~/.local/state/dateline/cache-problem`.
pub fn note_path() -> Option<PathBuf> {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base =
        absolute("XDG_STATE_HOME").or_else(|| absolute("HOME").map(|h| h.join(".local/state")))?;
    Some(base.join("dateline").join("cache-problem"))
}

/// Whether `problem` (this run's, if any) is to be told, remembering it in `note` when it is.
/// The same problem as the one last told is not told again; once a cache is `written` the note
/// goes, so that the problem, should it come back, is told again. A note that cannot be kept
/// changes nothing: the problem is told each time then.
pub fn tell(problem: Option<&str>, written: bool, note: &Path) -> bool {
    if written {
        let _ = fs::remove_file(note);
    }
    let Some(problem) = problem else {
        return false;
    };
    if fs::read(note).is_ok_and(|told| told == problem.as_bytes()) {
        return false;
    }
    if let Some(dir) = note.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let _ = fs::write(note, problem);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_told_once_until_a_cache_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("state/dateline/cache-problem");
        let a = Some("cannot write the analysis cache in /c: read-only file system");
        assert!(tell(a, false, &note));
        assert!(!tell(a, false, &note));
        // No problem this time (the cache served, nothing needed writing): still told.
        assert!(!tell(None, false, &note));
        assert!(!tell(a, false, &note));
        let b = Some("cannot write the analysis cache in /c: no space left on device");
        assert!(tell(b, false, &note));
        assert!(!tell(b, false, &note));
        assert!(!tell(None, true, &note));
        assert!(!note.exists());
        assert!(tell(b, false, &note));
        // Nowhere to remember it: told every time.
        let nowhere = dir.path().join("state/dateline/cache-problem/x");
        assert!(tell(a, false, &nowhere));
        assert!(tell(a, false, &nowhere));
    }
}
