//! Opening a state file. Every check that only reads comes before the first write, so a file
//! that is damaged, newer, or someone else's database is never changed. A file that can be read
//! but not written (mode 0444, a folder or file system that is read-only) is opened read-only:
//! its marks are shown and every change is refused with the reason.

use super::{BUSY_TIMEOUT, is_busy, one_line, schema};
use rusqlite::{Connection, ErrorCode, MAIN_DB, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// Attempts at opening a state file while another dateline holds it in a way the busy timeout
/// does not wait for (two processes setting up a new file at once, one of them switching it to
/// write-ahead logging): a few, with growing pauses, before the marks stay in memory.
const OPEN_ATTEMPTS: u32 = 8;

/// Every statement the store runs. A file whose tables do not take them all (wrong columns, no
/// key to update on) is not one this build can use, and is found out before anything is written.
pub(super) const MARKS: &str = "SELECT article, read, starred FROM marks WHERE reader = ?1";
pub(super) const SET_READ: &str =
    "INSERT INTO marks (reader, article, read, updated) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (reader, article) DO UPDATE SET read = excluded.read, updated = excluded.updated";
pub(super) const SET_STARRED: &str = "INSERT INTO marks (reader, article, starred, updated) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (reader, article) DO UPDATE SET starred = excluded.starred, updated = excluded.updated";
pub(super) const POSITION: &str =
    "SELECT article, scroll FROM positions WHERE reader = ?1 AND collection = ?2";
pub(super) const SAVE_POSITION: &str = "INSERT INTO positions (reader, collection, article, scroll, updated) VALUES (?1, ?2, ?3, ?4, ?5)
     ON CONFLICT (reader, collection) DO UPDATE
     SET article = excluded.article, scroll = excluded.scroll, updated = excluded.updated";
const STATEMENTS: [&str; 5] = [MARKS, SET_READ, SET_STARRED, POSITION, SAVE_POSITION];

/// How a state file was opened.
pub(super) enum Access {
    ReadWrite,
    /// Readable only: changes are refused.
    ReadOnly,
}

/// Why a state file cannot be used; shown after its path ("state file PATH is damaged (…)").
#[derive(Debug, thiserror::Error)]
pub enum StateFileError {
    #[error("is not a regular file")]
    NotAFile,
    #[error("cannot be created ({})", one_line(.0))]
    CannotCreate(String),
    #[error("is not a usable database ({})", one_line(&.0.to_string()))]
    Unusable(rusqlite::Error),
    #[error("is damaged ({})", one_line(.0))]
    Damaged(String),
    #[error("was written by a newer dateline (schema {found}, this one knows {knows})")]
    Newer { found: i64, knows: i64 },
    #[error("is not a dateline state file (it holds other tables)")]
    OtherTables,
    #[error("is not a dateline state file ({})", one_line(&.0.to_string()))]
    OtherSchema(rusqlite::Error),
    #[error("cannot use write-ahead logging (journal mode {0})")]
    NoWal(String),
    #[error("is read-only and holds no marks yet")]
    ReadOnlyAndEmpty,
    #[error("cannot be written, nor read without writing ({})", one_line(&.0.to_string()))]
    NotReadable(rusqlite::Error),
}

/// Why the read-write opening stopped short of a connection.
enum Refusal {
    /// The file must not be used.
    Unusable(StateFileError),
    /// The file can perhaps be read, but not written.
    NotWritable,
}

/// Opens and checks a state file; `Err` says, after the path, why it cannot be used.
pub(super) fn open_file(path: &Path) -> Result<(Connection, Access), StateFileError> {
    let existed = match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(StateFileError::NotAFile),
        Ok(_) => true,
        Err(_) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StateFileError::CannotCreate(e.to_string()))?;
            }
            false
        }
    };
    match retrying(|| prepare(path)) {
        Ok(Ok(conn)) => Ok((conn, Access::ReadWrite)),
        Ok(Err(Refusal::Unusable(why))) => Err(why),
        Ok(Err(Refusal::NotWritable)) => open_read_only(path).map(|c| (c, Access::ReadOnly)),
        // The file is there but cannot be written, nor the journal beside it.
        Err(e) if existed && cannot_write(&e) => {
            open_read_only(path).map(|c| (c, Access::ReadOnly))
        }
        Err(e) if !existed => Err(StateFileError::CannotCreate(e.to_string())),
        Err(e) => Err(StateFileError::Unusable(e)),
    }
}

fn cannot_write(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
}

/// Runs `attempt` again while the database says another dateline holds it.
fn retrying<T>(mut attempt: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut tries = 0;
    loop {
        match attempt() {
            Err(e) if is_busy(&e) && tries + 1 < OPEN_ATTEMPTS => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(25 << tries.min(4)));
            }
            other => return other,
        }
    }
}

/// The read-write opening: `Err` when the database said no (another dateline may hold it for a
/// moment, or the file cannot be written), `Ok(Err(_))` for a file that must not be written.
fn prepare(path: &Path) -> rusqlite::Result<Result<Connection, Refusal>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    // SQLite quietly opens a file it may not write read-only; the first write would fail.
    if conn.is_readonly(MAIN_DB)? {
        return Ok(Err(Refusal::NotWritable));
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if let Err(why) = check(&conn)? {
        return Ok(Err(Refusal::Unusable(why)));
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Ok(Err(Refusal::Unusable(StateFileError::NoWal(mode))));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    match schema::migrate(&tx)? {
        schema::Migration::TooNew { found } => {
            return Ok(Err(Refusal::Unusable(StateFileError::Newer {
                found,
                knows: schema::SCHEMA_VERSION,
            })));
        }
        schema::Migration::UpToDate | schema::Migration::Migrated => {}
    }
    tx.commit()?;
    Ok(Ok(conn))
}

/// The checks that only read: the file is intact, of a schema this build knows, and its tables
/// take every statement the store runs. `Err` when the database said no; `Ok(Err(why))` for a
/// file that must not be used.
fn check(conn: &Connection) -> rusqlite::Result<Result<(), StateFileError>> {
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Ok(Err(StateFileError::Damaged(check)));
    }
    let found = schema::version(conn)?;
    if found > schema::SCHEMA_VERSION {
        return Ok(Err(StateFileError::Newer {
            found,
            knows: schema::SCHEMA_VERSION,
        }));
    }
    if found == 0 {
        // A new file is empty; one with tables but no version is some other program's.
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            return Ok(Err(StateFileError::OtherTables));
        }
        return Ok(Ok(()));
    }
    if found == schema::SCHEMA_VERSION {
        for sql in STATEMENTS {
            match conn.prepare(sql) {
                Ok(_) => {}
                Err(e) if is_busy(&e) => return Err(e),
                Err(e) => return Ok(Err(StateFileError::OtherSchema(e))),
            }
        }
    }
    Ok(Ok(()))
}

/// Opens a file that cannot be written for reading. A file in write-ahead-log mode needs a
/// shared-memory file beside it; where that cannot be created, and no log is waiting to be
/// read, the file is opened as immutable (nothing else can be writing beside a read-only file
/// either, save a user with more rights, whose newest marks would then be missed).
pub(super) fn open_read_only(path: &Path) -> Result<Connection, StateFileError> {
    let checked = match retrying(|| read_only_connection(path, false)) {
        Err(e) if cannot_write(&e) && !has_log(path) => {
            retrying(|| read_only_connection(path, true))
        }
        other => other,
    };
    match checked {
        Ok(Ok(conn)) => match schema::version(&conn) {
            Ok(schema::SCHEMA_VERSION) => Ok(conn),
            Ok(_) => Err(StateFileError::ReadOnlyAndEmpty),
            Err(e) => Err(StateFileError::Unusable(e)),
        },
        Ok(Err(why)) => Err(why),
        Err(e) => Err(StateFileError::NotReadable(e)),
    }
}

/// A checked read-only connection to `path`, as immutable or not.
pub(super) fn read_only_connection(
    path: &Path,
    immutable: bool,
) -> rusqlite::Result<Result<Connection, StateFileError>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if immutable {
        Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)?
    } else {
        Connection::open_with_flags(path, flags)?
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(check(&conn)?.map(|()| conn))
}

/// Whether a write-ahead log with something in it lies beside `path`.
fn has_log(path: &Path) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(log).is_ok_and(|m| m.len() > 0)
}

/// `file:PATH?immutable=1`, the path percent-encoded (a `?` or `#` in it would end the path).
fn immutable_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_keep_any_path_whole() {
        assert_eq!(
            immutable_uri(Path::new("/a b/s?t#1%.db")),
            "file:/a%20b/s%3Ft%231%25.db?immutable=1"
        );
    }
}
