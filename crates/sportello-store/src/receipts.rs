//! Receipts (ricevute): what was submitted, when, by whom, with the server's
//! acknowledgement. The store keeps them and gives each its unique number; what a
//! receipt says is the app layer's JSON.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::time;

/// A receipt to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReceipt {
    pub issued_at: DateTime<Utc>,
    pub operator: String,
    pub branch: String,
    /// What kind of submission (`fasce_deboli_upload`…), for filtering.
    pub kind: String,
    pub title: String,
    pub file_sha256: Option<String>,
    pub acknowledgement: Option<String>,
    pub content: serde_json::Value,
}

/// A kept receipt.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReceipt {
    pub id: i64,
    pub number: String,
    pub receipt: NewReceipt,
}

/// Keeps `new` and numbers it with `number(id)`, `id` being the row's sequence
/// (increasing, never reused). A number already taken fails the insert.
pub(crate) fn issue(
    conn: &Connection,
    new: &NewReceipt,
    number: impl FnOnce(i64) -> String,
) -> Result<StoredReceipt> {
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO receipts (issued_at, operator, branch, kind, title, file_sha256,
                                   acknowledgement, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        )?
        .query_row(
            params![
                time::to_text(new.issued_at),
                new.operator,
                new.branch,
                new.kind,
                new.title,
                new.file_sha256,
                new.acknowledgement,
                serde_json::to_string(&new.content)?
            ],
            |r| r.get(0),
        )?;
    let number = number(id);
    conn.prepare_cached("UPDATE receipts SET number = ?1 WHERE id = ?2")?
        .execute(params![number, id])?;
    Ok(StoredReceipt {
        id,
        number,
        receipt: new.clone(),
    })
}

const COLUMNS: &str = "SELECT id, number, issued_at, operator, branch, kind, title, file_sha256,
                              acknowledgement, content FROM receipts";

type Raw = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

fn raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

fn decode(
    (id, number, issued_at, operator, branch, kind, title, file_sha256, acknowledgement, content): Raw,
) -> Result<StoredReceipt> {
    Ok(StoredReceipt {
        receipt: NewReceipt {
            issued_at: time::from_text(&issued_at)?,
            operator,
            branch,
            kind,
            title,
            file_sha256,
            acknowledgement,
            content: serde_json::from_str(&content)
                .map_err(|e| Error::corrupt(format!("receipt {number}: content: {e}")))?,
        },
        id,
        number,
    })
}

pub(crate) fn get(conn: &Connection, number: &str) -> Result<Option<StoredReceipt>> {
    conn.prepare_cached(&format!("{COLUMNS} WHERE number = ?1"))?
        .query_row([number], raw)
        .optional()?
        .map(decode)
        .transpose()
}

/// The most recent first.
pub(crate) fn recent(conn: &Connection, limit: usize) -> Result<Vec<StoredReceipt>> {
    let rows = conn
        .prepare_cached(&format!(
            "{COLUMNS} WHERE number IS NOT NULL ORDER BY id DESC LIMIT ?1"
        ))?
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], raw)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(decode).collect()
}
