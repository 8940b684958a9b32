//! Health of a store: integrity checks, row counts, file sizes.

use std::io;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::migrations;
use crate::open::Paths;

/// Tables reported by [`crate::Store::check`], in schema order.
const TABLES: &[&str] = &[
    "meta",
    "branches",
    "candidates",
    "candidate_licences",
    "candidate_languages",
    "candidate_policies",
    "sync_state",
    "outbox",
    "audit_log",
    "saved_searches",
    "candidate_annotations",
    "candidate_fasce_deboli",
    "candidate_bases",
    "sync_conflicts",
    "fd_partecipanti",
    "fd_caricamenti",
    "receipts",
    // Their names before migration 10: a damaged older store is found before migrating.
    "fd_participants",
    "fd_uploads",
];

/// What [`crate::Store::check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreReport {
    /// `PRAGMA quick_check` and SQLCipher's page authentication check both passed.
    pub quick_check_ok: bool,
    /// The problems they reported; empty when all is well.
    pub integrity_messages: Vec<String>,
    pub schema_version: u32,
    /// Rows per table, in schema order.
    pub table_counts: Vec<TableCount>,
    pub db_bytes: u64,
    /// 0 when there is no WAL file.
    pub wal_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub rows: u64,
}

/// Checked at every open: the operator's unsynced work and the store's identity.
/// They are small, so checking them costs well under a millisecond. The candidate
/// cache (hundreds of MB with 100,000 candidates, about a second to check in full) is
/// checked by [`crate::Store::check`]; a damaged page met while reading it is reported
/// as [`Error::Corrupt`] all the same, and the cache can always be rebuilt.
const CHECKED_AT_OPEN: &[&str] = &[
    "meta",
    "sync_state",
    "outbox",
    "audit_log",
    "candidate_bases",
    "sync_conflicts",
];

fn table_exists(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )?)
}

/// Problems in the tables of [`CHECKED_AT_OPEN`] that exist (an older store lacks
/// some); empty when they are sound.
pub(crate) fn quick_check_at_open(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = vec![];
    for table in CHECKED_AT_OPEN {
        let exists: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if exists {
            // Table names come from the constant above, never from input.
            problems.extend(quick_check(conn, &format!("PRAGMA quick_check({table})"))?);
        }
    }
    Ok(problems)
}

/// Messages from a `quick_check` pragma; empty when the database is sound. A page that
/// fails to decrypt comes back as an error from SQLite rather than as a message; it is
/// turned into a message too.
pub(crate) fn quick_check(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let run = || -> rusqlite::Result<Vec<String>> {
        conn.prepare(pragma)?.query_map([], |r| r.get(0))?.collect()
    };
    match run() {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Ok(vec![]),
        Ok(rows) => Ok(rows),
        Err(e) => match Error::from(e) {
            Error::Corrupt { detail } => Ok(vec![detail]),
            other => Err(other),
        },
    }
}

/// SQLCipher's check of every page's authentication code, which also covers pages
/// (free pages) that `quick_check` does not visit. Rows are problems only.
fn cipher_integrity_check(conn: &Connection) -> Result<Vec<String>> {
    let run = || -> rusqlite::Result<Vec<String>> {
        conn.prepare("PRAGMA cipher_integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect()
    };
    match run() {
        Ok(rows) => Ok(rows),
        Err(e) => match Error::from(e) {
            Error::Corrupt { detail } => Ok(vec![detail]),
            other => Err(other),
        },
    }
}

pub(crate) fn report(conn: &Connection, paths: &Paths) -> Result<StoreReport> {
    let mut messages = quick_check(conn, "PRAGMA quick_check(20)")?;
    messages.extend(cipher_integrity_check(conn)?);
    let mut table_counts = Vec::with_capacity(TABLES.len());
    for &table in TABLES {
        if !table_exists(conn, table)? {
            continue; // a store at an older version, before its migration
        }
        // Table names come from the constant above, never from input.
        match conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(Error::from)
        {
            Ok(rows) => table_counts.push(TableCount {
                table,
                rows: rows.unsigned_abs(),
            }),
            // Already among the messages; a damaged table has no count.
            Err(Error::Corrupt { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(StoreReport {
        quick_check_ok: messages.is_empty(),
        integrity_messages: messages,
        schema_version: migrations::user_version(conn)?,
        table_counts,
        db_bytes: file_len(&paths.db)?,
        wal_bytes: file_len(&paths.db_sibling("-wal"))?,
    })
}

/// Bytes on disk of the database and its WAL together.
pub(crate) fn size_on_disk(paths: &Paths) -> Result<u64> {
    Ok(file_len(&paths.db)? + file_len(&paths.db_sibling("-wal"))?)
}

fn file_len(path: &std::path::Path) -> Result<u64> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(m.len()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(Error::io(path)(e)),
    }
}
