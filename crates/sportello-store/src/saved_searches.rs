//! The operator's saved searches: a name, a filter and a sort. The store belongs to one
//! operator, so its saved searches are that operator's. Names compare without case.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sportello_core::CandidateFilter;
use sportello_core::filter::Sort;

use crate::error::{Error, Result};
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSearch {
    pub name: String,
    pub filter: CandidateFilter,
    pub sort: Sort,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Saves under `name`, replacing a search with the same name (any case); the first
/// creation time is kept. Returns whether it replaced one.
pub(crate) fn save(
    conn: &Connection,
    name: &str,
    filter: &CandidateFilter,
    sort: Sort,
    at: DateTime<Utc>,
) -> Result<bool> {
    let existed = get(conn, name)?.is_some();
    conn.prepare_cached(
        "INSERT INTO saved_searches (name, filter, sort, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (name) DO UPDATE SET name = excluded.name, filter = excluded.filter,
                                          sort = excluded.sort, updated_at = excluded.updated_at",
    )?
    .execute(params![
        name,
        serde_json::to_string(filter)?,
        serde_json::to_string(&sort)?,
        time::to_text(at)
    ])?;
    Ok(existed)
}

type RawSaved = (String, String, String, String, String);

fn raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawSaved> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn decode((name, filter, sort, created_at, updated_at): RawSaved) -> Result<SavedSearch> {
    let bad = |what: &str, e: serde_json::Error| {
        Error::corrupt(format!("saved search {name:?}: {what}: {e}"))
    };
    Ok(SavedSearch {
        filter: serde_json::from_str(&filter).map_err(|e| bad("filter", e))?,
        sort: serde_json::from_str(&sort).map_err(|e| bad("sort", e))?,
        created_at: time::from_text(&created_at)?,
        updated_at: time::from_text(&updated_at)?,
        name,
    })
}

const COLUMNS: &str = "SELECT name, filter, sort, created_at, updated_at FROM saved_searches";

pub(crate) fn get(conn: &Connection, name: &str) -> Result<Option<SavedSearch>> {
    conn.prepare_cached(&format!("{COLUMNS} WHERE name = ?1"))?
        .query_row([name], raw)
        .optional()?
        .map(decode)
        .transpose()
}

/// By name, without case.
pub(crate) fn all(conn: &Connection) -> Result<Vec<SavedSearch>> {
    let rows = conn
        .prepare_cached(&format!("{COLUMNS} ORDER BY name"))?
        .query_map([], raw)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(decode).collect()
}

pub(crate) fn delete(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM saved_searches WHERE name = ?1")?
        .execute([name])?
        > 0)
}
