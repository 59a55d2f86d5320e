//! Reader state that lasts: read and starred marks per article, and the last position per
//! collection, in SQLite. Keyed by the article's content id (so renames keep marks) and by reader
//! identity (so people sharing one server do not see each other's marks).
//!
//! Safety: WAL mode with `synchronous=NORMAL` (a committed mark survives a killed process), every
//! change in its own `BEGIN IMMEDIATE` transaction with a busy timeout (two readers on one file
//! wait for each other instead of failing), and a file that cannot be used is never written to:
//! the reader falls back to memory and says so in one line.

mod location;
mod schema;

pub use location::{StateLocation, cache_dir, config_dir, data_dir, local_reader};

use crate::corpus::ArticleId;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior, params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a write waits for another dateline holding the file before retrying.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_ATTEMPTS: usize = 3;
/// Attempts at opening a state file while another dateline holds it in a way the busy timeout
/// does not wait for (two processes setting up a new file at once, one of them switching it to
/// write-ahead logging): a few, with growing pauses, before the marks stay in memory.
const OPEN_ATTEMPTS: u32 = 8;

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

/// A failed read or write of the state, as one line for the status bar or stderr.
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
}

/// A store and, when the requested file could not be used, why (one line).
pub struct Opened {
    pub store: Store,
    pub warning: Option<String>,
}

impl Store {
    /// Opens the state at `location` for `reader`. Never fails: an unusable file gives an
    /// in-memory store and a warning, and the file is left as it was.
    pub fn open(location: &StateLocation, reader: &str) -> Opened {
        match location {
            StateLocation::Memory => Opened {
                store: Store::in_memory(reader),
                warning: None,
            },
            StateLocation::File(path) => match open_file(path) {
                Ok(conn) => Opened {
                    store: Store {
                        conn,
                        reader: reader.to_string(),
                        file: Some(path.clone()),
                    },
                    warning: None,
                },
                Err(why) => Opened {
                    store: Store::in_memory(reader),
                    warning: Some(format!(
                        "state file {} {why}; marks are kept in memory for this session and the file is left untouched",
                        path.display()
                    )),
                },
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

    pub fn reader(&self) -> &str {
        &self.reader
    }

    /// Every mark of this reader.
    pub fn marks(&self) -> Result<HashMap<ArticleId, Mark>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT article, read, starred FROM marks WHERE reader = ?1")?;
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
        self.write(
            "INSERT INTO marks (reader, article, read, updated) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (reader, article) DO UPDATE SET read = excluded.read, updated = excluded.updated",
            article,
            read,
        )
    }

    pub fn set_starred(&mut self, article: ArticleId, starred: bool) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO marks (reader, article, starred, updated) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (reader, article) DO UPDATE SET starred = excluded.starred, updated = excluded.updated",
            article,
            starred,
        )
    }

    fn write(&mut self, sql: &str, article: ArticleId, value: bool) -> Result<(), StoreError> {
        let reader = self.reader.clone();
        self.with_retries(|conn| {
            conn.execute(sql, params![reader, article.0 as i64, value, now()])
                .map(drop)
        })
    }

    /// The last position of this reader in `collection` (see [`collection_key`]).
    pub fn position(&self, collection: &str) -> Result<Option<Position>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article, scroll FROM positions WHERE reader = ?1 AND collection = ?2",
        )?;
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
        self.with_retries(|conn| {
            conn.execute(
                "INSERT INTO positions (reader, collection, article, scroll, updated) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (reader, collection) DO UPDATE
                 SET article = excluded.article, scroll = excluded.scroll, updated = excluded.updated",
                params![reader, collection, pos.article.0 as i64, pos.scroll, now()],
            )
            .map(drop)
        })
    }

    /// Runs `f` in an immediate transaction, retrying when another process holds the file
    /// beyond the busy timeout, so that the user never sees "database is locked".
    fn with_retries(
        &mut self,
        f: impl Fn(&Connection) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
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
                Err(e) => return Err(e.into()),
            }
        }
        Err(last.map_or_else(|| StoreError("reader state: busy".into()), StoreError::from))
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

/// Opens and checks a state file; `Err` says, after the path, why it cannot be used.
fn open_file(path: &Path) -> Result<Connection, String> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err("is not a regular file".to_string()),
        Ok(_) => {}
        Err(_) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot be created ({})", one_line(&e.to_string())))?;
            }
        }
    }
    let describe =
        |e: &rusqlite::Error| format!("is not a usable database ({})", one_line(&e.to_string()));
    let mut attempt = 0;
    loop {
        match prepare(path) {
            Ok(usable) => return usable,
            Err(e) if is_busy(&e) && attempt + 1 < OPEN_ATTEMPTS => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(25 << attempt.min(4)));
            }
            Err(e) => return Err(describe(&e)),
        }
    }
}

/// The database steps of [`open_file`]: `Err` when the database said no (another dateline may
/// hold it for a moment), `Ok(Err(why))` for a file that must not be used.
fn prepare(path: &Path) -> rusqlite::Result<Result<Connection, String>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Read-only checks first: a file that is not a database, or a damaged one, is never written.
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Ok(Err(format!("is damaged ({})", one_line(&check))));
    }
    let found = schema::version(&conn)?;
    if found > schema::SCHEMA_VERSION {
        return Ok(Err(format!(
            "was written by a newer dateline (schema {found}, this one knows {})",
            schema::SCHEMA_VERSION
        )));
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Ok(Err(format!(
            "cannot use write-ahead logging (journal mode {mode})"
        )));
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    match schema::migrate(&tx)? {
        schema::Migration::TooNew { found } => {
            return Ok(Err(format!(
                "was written by a newer dateline (schema {found})"
            )));
        }
        schema::Migration::UpToDate | schema::Migration::Migrated => {}
    }
    tx.commit()?;
    Ok(Ok(conn))
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
}
