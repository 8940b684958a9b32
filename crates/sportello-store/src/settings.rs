//! Small values: `meta` (key/value) and the sync cursors.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::time;

/// The `meta` key of the client id: a random UUID made when the store is created,
/// which names this store to the server. Managed by the store.
pub(crate) const CLIENT_ID: &str = "client_id";

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM meta WHERE key = ?1")?
        .execute([key])?
        > 0)
}

/// Where a sync scope stopped last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncCursor {
    /// Opaque to the store: whatever the server gave.
    pub cursor: String,
    pub last_sync_at: DateTime<Utc>,
}

pub(crate) fn sync_cursor(conn: &Connection, scope: &str) -> Result<Option<SyncCursor>> {
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT cursor, last_sync_at FROM sync_state WHERE scope = ?1")?
        .query_row([scope], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(cursor, at)| {
        Ok(SyncCursor {
            cursor,
            last_sync_at: time::from_text(&at)?,
        })
    })
    .transpose()
}

pub(crate) fn save_sync_cursor(
    conn: &Connection,
    scope: &str,
    cursor: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (scope, cursor, last_sync_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor, last_sync_at = excluded.last_sync_at",
    )?
    .execute(params![scope, cursor, time::to_text(at)])?;
    Ok(())
}
