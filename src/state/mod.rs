//! Reader state that lasts: read and starred marks per article, and the last position per
//! collection, in SQLite. Keyed by the article's content id (so renames keep marks) and by reader
//! identity (so people sharing one server do not see each other's marks).
//!
//! Safety: WAL mode with `synchronous=NORMAL` (a committed mark survives a killed process), every
//! change in its own `BEGIN IMMEDIATE` transaction with a busy timeout (two readers on one file
//! wait for each other instead of failing), and a file that cannot be used is never written to:
//! the reader falls back to memory and says so in one line. A file that can be read but not
//! written is opened read-only: its marks are shown, and every change fails saying so.

mod location;
mod open;
mod schema;

pub use location::{StateLocation, cache_dir, config_dir, data_dir, local_reader};

use crate::corpus::ArticleId;
use open::Access;
use rusqlite::{Connection, ErrorCode, TransactionBehavior, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a write waits for another dateline holding the file before retrying.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_ATTEMPTS: usize = 3;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    pub read: bool,
    pub starred: bool,
}

/// Where a reader was in a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub article: ArticleId,
    pub scroll: u32,
}

/// A failed read or write of the state, as one line for the status bar or stderr. A failed
/// write says what was not saved ("mark not saved: …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(format!("reader state: {}", one_line(&e.to_string())))
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct Store {
    conn: Connection,
    reader: String,
    file: Option<PathBuf>,
    /// Set when the file could be read but not written: why each change is refused.
    read_only: Option<String>,
}

/// A store and, when the requested file could not be used as asked, why (one line).
pub struct Opened {
    pub store: Store,
    /// For stderr or the status line: what is wrong with the file and what happens instead.
    pub warning: Option<String>,
    /// Why changes will not reach the file asked for (it is read-only, or marks are in memory
    /// instead); `None` when they will, or when no file was asked for.
    pub not_saved: Option<String>,
}

impl Store {
    /// Opens the state at `location` for `reader`. Never fails: an unusable file gives an
    /// in-memory store and a warning, and the file is left as it was; a file that can only be
    /// read gives its marks, a warning, and a store that refuses changes.
    pub fn open(location: &StateLocation, reader: &str) -> Opened {
        let path = match location {
            StateLocation::Memory => {
                return Opened {
                    store: Store::in_memory(reader),
                    warning: None,
                    not_saved: None,
                };
            }
            StateLocation::File(path) => path,
        };
        match open::open_file(path) {
            Ok((conn, access)) => Store::on_file(path, conn, access, reader),
            Err(why) => {
                let shown = path.display();
                Opened {
                    store: Store::in_memory(reader),
                    warning: Some(format!(
                        "state file {shown} {why}; marks are kept in memory for this session and the file is left untouched"
                    )),
                    not_saved: Some(format!(
                        "state file {shown} {why}; the file is left untouched"
                    )),
                }
            }
        }
    }

    /// The store on an opened file, refusing changes when it could only be opened read-only.
    fn on_file(path: &Path, conn: Connection, access: Access, reader: &str) -> Opened {
        let read_only = matches!(access, Access::ReadOnly)
            .then(|| format!("state file {} is read-only", path.display()));
        Opened {
            warning: read_only
                .as_ref()
                .map(|why| format!("{why}: its marks are shown but changes cannot be saved")),
            not_saved: read_only.clone(),
            store: Store {
                conn,
                reader: reader.to_string(),
                file: Some(path.to_path_buf()),
                read_only,
            },
        }
    }

    /// A store that lasts as long as the process.
    pub fn in_memory(reader: &str) -> Store {
        let conn =
            Connection::open_in_memory().expect("SQLite can always open an in-memory database");
        let mut store = Store {
            conn,
            reader: reader.to_string(),
            file: None,
            read_only: None,
        };
        let tx = store.conn.transaction().expect("in-memory transaction");
        schema::migrate(&tx).expect("in-memory schema");
        tx.commit().expect("in-memory commit");
        store
    }

    /// The file behind the store, or `None` when marks are in memory only.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Whether changes are refused because the file can only be read.
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    pub fn reader(&self) -> &str {
        &self.reader
    }

    /// Every mark of this reader.
    pub fn marks(&self) -> Result<HashMap<ArticleId, Mark>, StoreError> {
        let mut stmt = self.conn.prepare_cached(open::MARKS)?;
        let rows = stmt.query_map([&self.reader], |r| {
            Ok((
                ArticleId(r.get::<_, i64>(0)? as u64),
                Mark {
                    read: r.get(1)?,
                    starred: r.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn set_read(&mut self, article: ArticleId, read: bool) -> Result<(), StoreError> {
        self.write_mark(open::SET_READ, article, read)
    }

    pub fn set_starred(&mut self, article: ArticleId, starred: bool) -> Result<(), StoreError> {
        self.write_mark(open::SET_STARRED, article, starred)
    }

    fn write_mark(&mut self, sql: &str, article: ArticleId, value: bool) -> Result<(), StoreError> {
        let reader = self.reader.clone();
        self.with_retries("mark", |conn| {
            conn.execute(sql, params![reader, article.0 as i64, value, now()])
                .map(drop)
        })
    }

    /// The last position of this reader in `collection` (see [`collection_key`]).
    pub fn position(&self, collection: &str) -> Result<Option<Position>, StoreError> {
        let mut stmt = self.conn.prepare_cached(open::POSITION)?;
        let mut rows = stmt.query(params![self.reader, collection])?;
        Ok(match rows.next()? {
            Some(r) => Some(Position {
                article: ArticleId(r.get::<_, i64>(0)? as u64),
                scroll: r.get(1)?,
            }),
            None => None,
        })
    }

    pub fn save_position(&mut self, collection: &str, pos: Position) -> Result<(), StoreError> {
        let reader = self.reader.clone();
        self.with_retries("position", |conn| {
            conn.execute(
                open::SAVE_POSITION,
                params![reader, collection, pos.article.0 as i64, pos.scroll, now()],
            )
            .map(drop)
        })
    }

    /// Runs `f` in an immediate transaction, retrying when another process holds the file
    /// beyond the busy timeout, so that the user never sees "database is locked". A failure
    /// says that `what` was not saved, and why.
    fn with_retries(
        &mut self,
        what: &str,
        f: impl Fn(&Connection) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
        let not_saved = |why: &str| StoreError(format!("{what} not saved: {why}"));
        if let Some(why) = &self.read_only {
            return Err(not_saved(why));
        }
        let mut last = None;
        for _ in 0..WRITE_ATTEMPTS {
            let attempt = (|| {
                let tx = self
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                f(&tx)?;
                tx.commit()
            })();
            match attempt {
                Ok(()) => return Ok(()),
                Err(e) if is_busy(&e) => last = Some(e),
                Err(e) => return Err(not_saved(&one_line(&e.to_string()))),
            }
        }
        Err(not_saved(&last.map_or_else(
            || "the state file is busy".into(),
            |e| one_line(&e.to_string()),
        )))
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The key a collection's last position is stored under: the canonical paths, sorted, or `seeds`
/// for the built-in articles.
pub fn collection_key(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "seeds".to_string();
    }
    let mut keys: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_store(dir: &Path, reader: &str) -> Store {
        let opened = Store::open(&StateLocation::File(dir.join("state.db")), reader);
        assert!(opened.warning.is_none(), "{:?}", opened.warning);
        opened.store
    }

    #[test]
    fn marks_persist_per_reader() {
        let dir = tempfile::tempdir().unwrap();
        let id = ArticleId(0xdead_beef_0000_0001);
        {
            let mut s = temp_store(dir.path(), "local:ann");
            s.set_read(id, true).unwrap();
            s.set_starred(id, true).unwrap();
            s.set_read(id, false).unwrap();
        }
        let ann = temp_store(dir.path(), "local:ann");
        assert_eq!(
            ann.marks().unwrap()[&id],
            Mark {
                read: false,
                starred: true
            }
        );
        let bob = temp_store(dir.path(), "local:bob");
        assert!(bob.marks().unwrap().is_empty());
    }

    #[test]
    fn positions_per_collection() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = temp_store(dir.path(), "r");
        let pos = Position {
            article: ArticleId(u64::MAX),
            scroll: 17,
        };
        s.save_position("seeds", pos).unwrap();
        assert_eq!(s.position("seeds").unwrap(), Some(pos));
        assert_eq!(s.position("other").unwrap(), None);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let garbage = b"this is not sqlite, it is my diary".repeat(100);
        std::fs::write(&path, &garbage).unwrap();
        let opened = Store::open(&StateLocation::File(path.clone()), "r");
        let warning = opened.warning.expect("a warning");
        assert!(warning.contains("is not a usable database"), "{warning}");
        assert!(!warning.contains('\n'));
        assert!(opened.store.file().is_none());
        assert_eq!(std::fs::read(&path).unwrap(), garbage);
        assert!(!dir.path().join("state.db-wal").exists());
    }

    #[test]
    fn a_newer_schema_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let opened = Store::open(&StateLocation::File(path.clone()), "r");
        assert!(opened.warning.unwrap().contains("newer dateline"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn missing_parent_folders_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/state.db");
        let opened = Store::open(&StateLocation::File(path.clone()), "r");
        assert!(opened.warning.is_none());
        assert!(path.exists());
    }

    /// Opens a state file that `sql` made, checking that opening changed not one byte of it
    /// (not even by switching it to write-ahead logging).
    fn open_untouched(sql: &str) -> Opened {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        let before = std::fs::read(&path).unwrap();
        let opened = Store::open(&StateLocation::File(path.clone()), "r");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the file was changed"
        );
        opened
    }

    #[test]
    fn a_file_with_other_columns_is_left_untouched() {
        let opened = open_untouched(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE marks (reader TEXT, article INTEGER, read INTEGER);
             CREATE TABLE positions (reader TEXT);
             PRAGMA user_version = 1;",
        );
        let warning = opened.warning.expect("a warning");
        assert!(
            warning.contains("is not a dateline state file"),
            "{warning}"
        );
        assert!(warning.contains("kept in memory"), "{warning}");
        assert!(opened.not_saved.is_some());
        assert!(opened.store.file().is_none());
        assert!(opened.store.marks().unwrap().is_empty());
    }

    #[test]
    fn another_programs_database_is_left_untouched() {
        let opened = open_untouched(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        );
        assert!(opened.warning.unwrap().contains("other tables"));
    }

    /// The read-only opening itself, which the operating system only asks for when the file
    /// cannot be written (the end-to-end test in tests/state.rs runs as an unprivileged user).
    #[test]
    fn a_read_only_file_shows_its_marks_and_refuses_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let ids: Vec<ArticleId> = (1..=600).map(ArticleId).collect();
        {
            let mut s = temp_store(dir.path(), "local:ann");
            for &id in &ids {
                s.set_starred(id, true).unwrap();
            }
        }
        let before = std::fs::read(&path).unwrap();
        for immutable in [false, true] {
            let conn = open::read_only_connection(&path, immutable)
                .unwrap()
                .unwrap();
            let opened = Store::on_file(&path, conn, Access::ReadOnly, "local:ann");
            let warning = opened.warning.unwrap();
            assert!(
                warning.contains("read-only") && warning.contains("cannot be saved"),
                "{warning}"
            );
            assert!(!warning.contains('\n'));
            let mut store = opened.store;
            assert!(store.is_read_only());
            let marks = store.marks().unwrap();
            assert_eq!(marks.values().filter(|m| m.starred).count(), 600);
            let err = store.set_read(ids[0], true).unwrap_err();
            assert!(err.0.starts_with("mark not saved: state file "), "{err}");
            assert!(err.0.ends_with("is read-only"), "{err}");
            let pos = Position {
                article: ids[0],
                scroll: 0,
            };
            assert!(
                store
                    .save_position("seeds", pos)
                    .unwrap_err()
                    .0
                    .starts_with("position not saved")
            );
        }
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(open::open_read_only(&path).is_ok());
    }

    #[test]
    fn a_failed_write_says_it_was_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = temp_store(dir.path(), "r");
        s.conn.execute_batch("DROP TABLE marks").unwrap();
        let err = s.set_starred(ArticleId(1), true).unwrap_err();
        assert!(err.0.starts_with("mark not saved: "), "{err}");
    }
}
