//! The outbox: local changes waiting for the server, in the order they were made.
//!
//! `seq` is the client's monotonic sequence (SQLite AUTOINCREMENT: never reused, even
//! after applied rows are removed); `mutation_id` is a random UUID that lets the server
//! recognise a mutation sent twice. An applied mutation leaves the outbox; a rejected or
//! conflicting one stays, in its state, until the operator deals with it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MutationState {
    /// Waiting to be sent (or re-sent after a failure).
    Pending,
    /// The server refused it for good (validation, permissions).
    Rejected,
    /// The server holds a newer version of the record than `base_version`.
    Conflict,
}

impl MutationState {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Rejected => "rejected",
            Self::Conflict => "conflict",
        }
    }

    fn from_code(code: &str) -> Result<Self> {
        match code {
            "pending" => Ok(Self::Pending),
            "rejected" => Ok(Self::Rejected),
            "conflict" => Ok(Self::Conflict),
            other => Err(Error::corrupt(format!("unknown outbox state {other:?}"))),
        }
    }
}

/// One queued mutation.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub seq: i64,
    pub mutation_id: Uuid,
    /// What the mutation does, in the wire contract's words.
    pub kind: String,
    /// The record it changes (a codice fiscale, an offer code…).
    pub record_key: String,
    /// The server version the change was made on; `None` for a new record.
    pub base_version: Option<i64>,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
    /// Failed attempts so far.
    pub attempts: u32,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub state: MutationState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: u64,
    pub rejected: u64,
    pub conflict: u64,
}

impl OutboxCounts {
    pub fn total(&self) -> u64 {
        self.pending + self.rejected + self.conflict
    }
}

pub(crate) fn enqueue(
    conn: &Connection,
    kind: &str,
    record_key: &str,
    base_version: Option<i64>,
    payload: &serde_json::Value,
) -> Result<OutboxEntry> {
    let mutation_id = Uuid::new_v4();
    let created_text = time::to_text(Utc::now());
    let seq: i64 = conn
        .prepare_cached(
            "INSERT INTO outbox (mutation_id, kind, record_key, base_version, payload, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING seq",
        )?
        .query_row(
            params![
                mutation_id.to_string(),
                kind,
                record_key,
                base_version,
                serde_json::to_string(payload)?,
                created_text
            ],
            |r| r.get(0),
        )?;
    Ok(OutboxEntry {
        seq,
        mutation_id,
        kind: kind.to_owned(),
        record_key: record_key.to_owned(),
        base_version,
        payload: payload.clone(),
        created_at: time::from_text(&created_text)?,
        attempts: 0,
        last_error: None,
        last_attempt_at: None,
        state: MutationState::Pending,
    })
}

/// Entries in `state`, oldest first.
pub(crate) fn in_state(
    conn: &Connection,
    state: MutationState,
    limit: usize,
) -> Result<Vec<OutboxEntry>> {
    let sql = format!(
        "{} WHERE state = ?1 ORDER BY seq LIMIT ?2",
        RawEntry::SELECT
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let raw = stmt
        .query_map(
            params![state.code(), i64::try_from(limit).unwrap_or(i64::MAX)],
            RawEntry::from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter().map(RawEntry::decode).collect()
}

/// Entries about `record_key` in `state`, oldest first.
pub(crate) fn for_key(
    conn: &Connection,
    record_key: &str,
    state: MutationState,
) -> Result<Vec<OutboxEntry>> {
    let sql = format!(
        "{} WHERE record_key = ?1 AND state = ?2 ORDER BY seq",
        RawEntry::SELECT
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let raw = stmt
        .query_map(params![record_key, state.code()], RawEntry::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter().map(RawEntry::decode).collect()
}

/// Removes an applied mutation. `false` if it was not there (already removed).
pub(crate) fn mark_applied(conn: &Connection, seq: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM outbox WHERE seq = ?1")?
        .execute([seq])?
        > 0)
}

/// Records a failed attempt (network, server error); the mutation stays pending.
pub(crate) fn mark_failed(conn: &Connection, seq: i64, error: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, last_attempt_at = ?3 WHERE seq = ?1",
        )?
        .execute(params![seq, error, time::to_text(Utc::now())])?;
    Ok(n > 0)
}

pub(crate) fn mark_state(
    conn: &Connection,
    seq: i64,
    state: MutationState,
    reason: &str,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE outbox SET state = ?2, last_error = ?3, last_attempt_at = ?4 WHERE seq = ?1",
        )?
        .execute(params![
            seq,
            state.code(),
            reason,
            time::to_text(Utc::now())
        ])?;
    Ok(n > 0)
}

/// The pending versioned mutations of `record_key` after `seq` were made counting on
/// the version `seq` would have added; it was refused, so each is one version lower.
pub(crate) fn step_back_base_versions(
    conn: &Connection,
    record_key: &str,
    seq: i64,
) -> Result<usize> {
    Ok(conn
        .prepare_cached(
            "UPDATE outbox SET base_version = base_version - 1
             WHERE record_key = ?1 AND seq > ?2 AND state = 'pending' AND base_version IS NOT NULL",
        )?
        .execute(params![record_key, seq])?)
}

pub(crate) fn counts(conn: &Connection) -> Result<OutboxCounts> {
    let mut counts = OutboxCounts::default();
    let mut stmt = conn.prepare_cached("SELECT state, count(*) FROM outbox GROUP BY state")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (state, n) = row?;
        let n = n.unsigned_abs();
        match MutationState::from_code(&state)? {
            MutationState::Pending => counts.pending = n,
            MutationState::Rejected => counts.rejected = n,
            MutationState::Conflict => counts.conflict = n,
        }
    }
    Ok(counts)
}

/// An outbox row exactly as stored, for reading and for copying into a rebuilt store
/// without reinterpreting anything.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawEntry {
    pub seq: i64,
    pub mutation_id: String,
    pub kind: String,
    pub record_key: String,
    pub base_version: Option<i64>,
    pub payload: String,
    pub created_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<String>,
    pub state: String,
}

impl RawEntry {
    pub(crate) const SELECT: &'static str = "SELECT seq, mutation_id, kind, record_key, base_version, payload, \
         created_at, attempts, last_error, last_attempt_at, state FROM outbox";

    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<RawEntry> {
        Ok(RawEntry {
            seq: r.get(0)?,
            mutation_id: r.get(1)?,
            kind: r.get(2)?,
            record_key: r.get(3)?,
            base_version: r.get(4)?,
            payload: r.get(5)?,
            created_at: r.get(6)?,
            attempts: r.get(7)?,
            last_error: r.get(8)?,
            last_attempt_at: r.get(9)?,
            state: r.get(10)?,
        })
    }

    pub(crate) fn insert(&self, conn: &Connection) -> Result<()> {
        conn.prepare_cached(
            "INSERT INTO outbox (seq, mutation_id, kind, record_key, base_version, payload, created_at,
                                 attempts, last_error, last_attempt_at, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            self.seq,
            self.mutation_id,
            self.kind,
            self.record_key,
            self.base_version,
            self.payload,
            self.created_at,
            self.attempts,
            self.last_error,
            self.last_attempt_at,
            self.state
        ])?;
        Ok(())
    }

    fn decode(self) -> Result<OutboxEntry> {
        let seq = self.seq;
        let bad = |what: &str, e: &dyn std::fmt::Display| {
            Error::corrupt(format!("outbox entry {seq}: {what}: {e}"))
        };
        Ok(OutboxEntry {
            seq,
            mutation_id: Uuid::parse_str(&self.mutation_id).map_err(|e| bad("mutation id", &e))?,
            kind: self.kind,
            record_key: self.record_key,
            base_version: self.base_version,
            payload: serde_json::from_str(&self.payload).map_err(|e| bad("payload", &e))?,
            created_at: time::from_text(&self.created_at)?,
            attempts: u32::try_from(self.attempts).map_err(|e| bad("attempts", &e))?,
            last_error: self.last_error,
            last_attempt_at: self
                .last_attempt_at
                .as_deref()
                .map(time::from_text)
                .transpose()?,
            state: MutationState::from_code(&self.state)?,
        })
    }
}
