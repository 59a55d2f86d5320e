//! The state file's schema and its migrations. `PRAGMA user_version` holds the schema version; each
//! migration runs in the same transaction as the version bump, so a crash mid-migration leaves the
//! previous version intact.

use rusqlite::{Connection, Transaction};

/// The version this build writes. A file with a newer version is not touched.
pub const SCHEMA_VERSION: i64 = 1;

const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [
    // 1: marks per reader and article; the last position per reader and collection.
    "CREATE TABLE marks (
        reader   TEXT    NOT NULL,
        article  INTEGER NOT NULL,   -- ArticleId's 64 bits, as a signed integer
        read     INTEGER NOT NULL DEFAULT 0,
        starred  INTEGER NOT NULL DEFAULT 0,
        updated  INTEGER NOT NULL,   -- Unix seconds
        PRIMARY KEY (reader, article)
     ) WITHOUT ROWID;
     CREATE TABLE positions (
        reader     TEXT    NOT NULL,
        collection TEXT    NOT NULL,
        article    INTEGER NOT NULL,
        scroll     INTEGER NOT NULL,
        updated    INTEGER NOT NULL,
        PRIMARY KEY (reader, collection)
     ) WITHOUT ROWID;",
];

pub enum Migration {
    UpToDate,
    Migrated,
    /// Written by a newer dateline: this build must not write to it.
    TooNew {
        found: i64,
    },
}

pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Brings the schema to [`SCHEMA_VERSION`] inside `tx`.
pub fn migrate(tx: &Transaction<'_>) -> rusqlite::Result<Migration> {
    let found = version(tx)?;
    if found > SCHEMA_VERSION {
        return Ok(Migration::TooNew { found });
    }
    if found == SCHEMA_VERSION {
        return Ok(Migration::UpToDate);
    }
    for sql in &MIGRATIONS[found.max(0) as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(Migration::Migrated)
}
