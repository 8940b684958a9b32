//! What the sync engine keeps beside the candidate cache: the operator's session,
//! annotations, fascia-debole declarations, the server bases of locally changed
//! records, conflicts, and the records met during a pull from zero.
//!
//! The store decides nothing here: the sync engine says what to write, the store
//! writes it inside the caller's transaction.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::candidates::{self, CandidateRecord};
use crate::error::{Error, Result};
use crate::outbox::{self, MutationState, OutboxEntry};
use crate::{settings, time};

/// `meta` key of the operator's session (JSON of [`SessionRecord`]).
const SESSION: &str = "session";
/// `meta` key of the last completed sync.
const LAST_SYNC_AT: &str = "last_sync_at";
/// `meta` key of the scope the operator chose last (master and super).
const SCOPE_CHOICE: &str = "scope_choice";

/// The operator's session with the central server. Kept inside the encrypted store,
/// token included: nothing of it reaches the disk in clear.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub server_url: String,
    pub username: String,
    /// `master`, `super` or `operatore`.
    pub role: String,
    pub token: String,
    pub token_expires_at: DateTime<Utc>,
    pub password_expires_at: DateTime<Utc>,
    /// `filiale:CODE` or `tutte`.
    pub scope: String,
    pub scope_branches: Vec<String>,
}

impl std::fmt::Debug for SessionRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRecord")
            .field("server_url", &self.server_url)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("token", &"…")
            .field("token_expires_at", &self.token_expires_at)
            .field("scope", &self.scope)
            .field("scope_branches", &self.scope_branches)
            .finish()
    }
}

/// An annotation on a candidate, as the server holds it (or as written locally and
/// not yet confirmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationRow {
    pub id: String,
    pub codice_fiscale: String,
    pub branch: String,
    /// The wire code of the kind (`esito_colloquio`, `contatto`, `nota`).
    pub kind: String,
    pub text: String,
    pub occurred_on: Option<NaiveDate>,
    pub author: String,
    pub created_at: DateTime<Utc>,
}

/// A fascia-debole declaration (seed 000).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub fascia_debole: bool,
    pub categoria: Option<String>,
}

/// The server's copy of a candidate: the record and its declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateBase {
    pub record: CandidateRecord,
    pub declaration: Option<Declaration>,
}

/// A mutation the server refused with a conflict, with both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The outbox entry, in state `conflict`.
    pub seq: i64,
    pub record_key: String,
    pub kind: String,
    pub local_payload: serde_json::Value,
    pub server_version: i64,
    /// The server's record as it answered (the wire JSON).
    pub server_record: serde_json::Value,
    pub detected_at: DateTime<Utc>,
}

/// Counts for a status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheCounts {
    pub branches: u64,
    pub candidates: u64,
    pub annotations: u64,
    pub fasce_deboli: u64,
}

/// What the end of a pull from zero dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sweep {
    pub candidates: usize,
    pub annotations: usize,
    pub branches: usize,
    /// Offers, interests and refusals.
    pub offerte: usize,
}

/// Entities tracked by [`mark_seen`].
pub(crate) const SEEN_CANDIDATE: &str = "candidate";
pub(crate) const SEEN_ANNOTATION: &str = "annotation";
pub(crate) const SEEN_BRANCH: &str = "branch";

// --- session -----------------------------------------------------------------------

pub(crate) fn session(conn: &Connection) -> Result<Option<SessionRecord>> {
    settings::get(conn, SESSION)?
        .map(|json| {
            serde_json::from_str(&json)
                .map_err(|e| Error::corrupt(format!("the stored session cannot be read: {e}")))
        })
        .transpose()
}

pub(crate) fn save_session(conn: &Connection, session: &SessionRecord) -> Result<()> {
    settings::set(conn, SESSION, &serde_json::to_string(session)?)
}

pub(crate) fn clear_session(conn: &Connection) -> Result<bool> {
    settings::delete(conn, SESSION)
}

pub(crate) fn last_sync_at(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    settings::get(conn, LAST_SYNC_AT)?
        .map(|t| time::from_text(&t))
        .transpose()
}

pub(crate) fn set_last_sync_at(conn: &Connection, at: DateTime<Utc>) -> Result<()> {
    settings::set(conn, LAST_SYNC_AT, &time::to_text(at))
}

pub(crate) fn scope_choice(conn: &Connection) -> Result<Option<String>> {
    settings::get(conn, SCOPE_CHOICE)
}

pub(crate) fn set_scope_choice(conn: &Connection, scope: &str) -> Result<()> {
    settings::set(conn, SCOPE_CHOICE, scope)
}

pub(crate) fn clear_sync_cursors(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_state", [])?;
    Ok(())
}

// --- annotations -------------------------------------------------------------------

pub(crate) fn upsert_annotations(conn: &Connection, rows: &[AnnotationRow]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO candidate_annotations (id, codice_fiscale, branch, kind, text, occurred_on, author, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET codice_fiscale = excluded.codice_fiscale, branch = excluded.branch,
             kind = excluded.kind, text = excluded.text, occurred_on = excluded.occurred_on,
             author = excluded.author, created_at = excluded.created_at",
    )?;
    for a in rows {
        stmt.execute(params![
            a.id,
            a.codice_fiscale,
            a.branch,
            a.kind,
            a.text,
            a.occurred_on.map(|d| d.to_string()),
            a.author,
            time::to_text(a.created_at)
        ])?;
    }
    Ok(())
}

pub(crate) fn delete_annotations(conn: &Connection, ids: &[impl AsRef<str>]) -> Result<usize> {
    let mut stmt = conn.prepare_cached("DELETE FROM candidate_annotations WHERE id = ?1")?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute([id.as_ref()])?;
    }
    Ok(n)
}

pub(crate) fn annotations(conn: &Connection, codice_fiscale: &str) -> Result<Vec<AnnotationRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, codice_fiscale, branch, kind, text, occurred_on, author, created_at
         FROM candidate_annotations WHERE codice_fiscale = ?1 ORDER BY created_at, id",
    )?;
    let raw = stmt
        .query_map([codice_fiscale], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter()
        .map(
            |(id, codice_fiscale, branch, kind, text, occurred_on, author, created_at)| {
                Ok(AnnotationRow {
                    occurred_on: occurred_on
                        .map(|d| {
                            d.parse::<NaiveDate>().map_err(|e| {
                                Error::corrupt(format!("annotation {id}: invalid date: {e}"))
                            })
                        })
                        .transpose()?,
                    created_at: time::from_text(&created_at)?,
                    id,
                    codice_fiscale,
                    branch,
                    kind,
                    text,
                    author,
                })
            },
        )
        .collect()
}

// --- fasce deboli ------------------------------------------------------------------

pub(crate) fn set_declaration(
    conn: &Connection,
    codice_fiscale: &str,
    declaration: Option<&Declaration>,
) -> Result<()> {
    match declaration {
        Some(d) => conn
            .prepare_cached(
                "INSERT INTO candidate_fasce_deboli (codice_fiscale, fascia_debole, categoria) VALUES (?1, ?2, ?3)
                 ON CONFLICT (codice_fiscale) DO UPDATE SET fascia_debole = excluded.fascia_debole,
                     categoria = excluded.categoria",
            )?
            .execute(params![codice_fiscale, d.fascia_debole, d.categoria])?,
        None => conn
            .prepare_cached("DELETE FROM candidate_fasce_deboli WHERE codice_fiscale = ?1")?
            .execute([codice_fiscale])?,
    };
    Ok(())
}

pub(crate) fn declaration(conn: &Connection, codice_fiscale: &str) -> Result<Option<Declaration>> {
    Ok(conn
        .prepare_cached(
            "SELECT fascia_debole, categoria FROM candidate_fasce_deboli WHERE codice_fiscale = ?1",
        )?
        .query_row([codice_fiscale], |r| {
            Ok(Declaration {
                fascia_debole: r.get(0)?,
                categoria: r.get(1)?,
            })
        })
        .optional()?)
}

// --- bases of locally changed records ------------------------------------------------

pub(crate) fn save_base(conn: &Connection, base: &CandidateBase) -> Result<()> {
    let r = &base.record;
    conn.prepare_cached(
        "INSERT INTO candidate_bases (codice_fiscale, version, updated_at, record, fascia_debole, categoria)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (codice_fiscale) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at,
             record = excluded.record, fascia_debole = excluded.fascia_debole, categoria = excluded.categoria",
    )?
    .execute(params![
        r.candidate.codice_fiscale,
        r.version,
        time::to_text(r.updated_at),
        serde_json::to_string(&r.candidate)?,
        base.declaration.as_ref().map(|d| d.fascia_debole),
        base.declaration.as_ref().and_then(|d| d.categoria.clone()),
    ])?;
    Ok(())
}

pub(crate) fn base(conn: &Connection, codice_fiscale: &str) -> Result<Option<CandidateBase>> {
    let row = conn
        .prepare_cached(
            "SELECT version, updated_at, record, fascia_debole, categoria FROM candidate_bases WHERE codice_fiscale = ?1",
        )?
        .query_row([codice_fiscale], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<bool>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .optional()?;
    let Some((version, updated_at, record, flag, categoria)) = row else {
        return Ok(None);
    };
    let candidate = serde_json::from_str(&record).map_err(|e| {
        Error::corrupt(format!(
            "the base record of {codice_fiscale} cannot be read: {e}"
        ))
    })?;
    Ok(Some(CandidateBase {
        record: CandidateRecord {
            candidate,
            version,
            updated_at: time::from_text(&updated_at)?,
        },
        declaration: flag.map(|fascia_debole| Declaration {
            fascia_debole,
            categoria,
        }),
    }))
}

pub(crate) fn delete_base(conn: &Connection, codice_fiscale: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM candidate_bases WHERE codice_fiscale = ?1")?
        .execute([codice_fiscale])?
        > 0)
}

/// Pending mutations about one record, oldest first.
pub(crate) fn pending_for(conn: &Connection, record_key: &str) -> Result<Vec<OutboxEntry>> {
    outbox::for_key(conn, record_key, MutationState::Pending)
}

// --- conflicts -----------------------------------------------------------------------

pub(crate) fn record_conflict(conn: &Connection, c: &Conflict) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sync_conflicts (seq, record_key, kind, local_payload, server_version, server_record, detected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        c.seq,
        c.record_key,
        c.kind,
        serde_json::to_string(&c.local_payload)?,
        c.server_version,
        serde_json::to_string(&c.server_record)?,
        time::to_text(c.detected_at)
    ])?;
    Ok(())
}

pub(crate) fn conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, record_key, kind, local_payload, server_version, server_record, detected_at
         FROM sync_conflicts ORDER BY seq",
    )?;
    let raw = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    raw.into_iter()
        .map(
            |(seq, record_key, kind, local, server_version, server, at)| {
                let bad = |e: serde_json::Error| Error::corrupt(format!("conflict {seq}: {e}"));
                Ok(Conflict {
                    seq,
                    record_key,
                    kind,
                    local_payload: serde_json::from_str(&local).map_err(bad)?,
                    server_version,
                    server_record: serde_json::from_str(&server).map_err(bad)?,
                    detected_at: time::from_text(&at)?,
                })
            },
        )
        .collect()
}

/// Removes a resolved conflict and its outbox entry.
pub(crate) fn delete_conflict(conn: &Connection, seq: i64) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM sync_conflicts WHERE seq = ?1")?
        .execute([seq])?;
    outbox::mark_applied(conn, seq)?;
    Ok(n > 0)
}

// --- pulls from zero and scope ---------------------------------------------------------

pub(crate) fn mark_seen(conn: &Connection, entity: &str, keys: &[impl AsRef<str>]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO sync_seen (entity, key) VALUES (?1, ?2)")?;
    for key in keys {
        stmt.execute(params![entity, key.as_ref()])?;
    }
    Ok(())
}

/// Drops every cached record a completed pull from zero did not meet, then forgets
/// what it met.
pub(crate) fn sweep_unseen(conn: &Connection) -> Result<Sweep> {
    let gone: Vec<String> = conn
        .prepare_cached(
            "SELECT codice_fiscale FROM candidates WHERE codice_fiscale NOT IN
                 (SELECT key FROM sync_seen WHERE entity = ?1)",
        )?
        .query_map([SEEN_CANDIDATE], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let candidates = drop_candidates(conn, &gone)?;
    let annotations = conn.execute(
        "DELETE FROM candidate_annotations WHERE id NOT IN (SELECT key FROM sync_seen WHERE entity = ?1)",
        [SEEN_ANNOTATION],
    )?;
    let branches = conn.execute(
        "DELETE FROM branches WHERE code NOT IN (SELECT key FROM sync_seen WHERE entity = ?1)",
        [SEEN_BRANCH],
    )?;
    let offerte = crate::offerte::sweep(conn)?;
    conn.execute("DELETE FROM sync_seen", [])?;
    Ok(Sweep {
        candidates,
        annotations,
        branches,
        offerte,
    })
}

/// Forgets what an unfinished pull from zero met (a new one starts).
pub(crate) fn clear_seen(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_seen", [])?;
    Ok(())
}

/// Drops candidates (with their declarations, annotations and bases) and returns how
/// many were cached.
pub(crate) fn drop_candidates(
    conn: &Connection,
    codici_fiscali: &[impl AsRef<str>],
) -> Result<usize> {
    let n = candidates::delete(conn, codici_fiscali)?;
    let mut decl =
        conn.prepare_cached("DELETE FROM candidate_fasce_deboli WHERE codice_fiscale = ?1")?;
    let mut notes =
        conn.prepare_cached("DELETE FROM candidate_annotations WHERE codice_fiscale = ?1")?;
    let mut base = conn.prepare_cached("DELETE FROM candidate_bases WHERE codice_fiscale = ?1")?;
    for cf in codici_fiscali {
        decl.execute([cf.as_ref()])?;
        notes.execute([cf.as_ref()])?;
        base.execute([cf.as_ref()])?;
    }
    Ok(n)
}

/// Drops whatever belongs to branches outside `branches`: what an operator may no
/// longer see after a scope change.
pub(crate) fn drop_outside(conn: &Connection, branches: &[String]) -> Result<Sweep> {
    let list = serde_json::to_string(branches)?;
    let gone: Vec<String> = conn
        .prepare_cached(
            "SELECT codice_fiscale FROM candidates WHERE branch NOT IN (SELECT value FROM json_each(?1))",
        )?
        .query_map([&list], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let candidates = drop_candidates(conn, &gone)?;
    let annotations = conn.execute(
        "DELETE FROM candidate_annotations WHERE branch NOT IN (SELECT value FROM json_each(?1))",
        [&list],
    )?;
    let offerte = crate::offerte::drop_outside(conn, &list)?;
    Ok(Sweep {
        candidates,
        annotations,
        branches: 0,
        offerte,
    })
}

pub(crate) fn delete_branches(conn: &Connection, codes: &[impl AsRef<str>]) -> Result<usize> {
    let mut stmt = conn.prepare_cached("DELETE FROM branches WHERE code = ?1")?;
    let mut n = 0;
    for code in codes {
        n += stmt.execute([code.as_ref()])?;
    }
    Ok(n)
}

pub(crate) fn cache_counts(conn: &Connection) -> Result<CacheCounts> {
    let count = |sql: &str| -> Result<u64> {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    };
    Ok(CacheCounts {
        branches: count("SELECT count(*) FROM branches")?,
        candidates: count("SELECT count(*) FROM candidates")?,
        annotations: count("SELECT count(*) FROM candidate_annotations")?,
        fasce_deboli: count("SELECT count(*) FROM candidate_fasce_deboli")?,
    })
}

/// Drops the whole cache (candidates, annotations, declarations, branches, cursors,
/// session) and the unsent work (outbox, conflicts, bases): what a forced wipe asks for.
/// Keeps saved searches and the audit log; the outbox sequence is never reused.
pub(crate) fn wipe_cache(conn: &Connection) -> Result<()> {
    let all: Vec<String> = conn
        .prepare_cached("SELECT codice_fiscale FROM candidates")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    candidates::delete(conn, &all)?;
    conn.execute_batch(
        "DELETE FROM candidate_annotations;
         DELETE FROM candidate_fasce_deboli;
         DELETE FROM branches;
         DELETE FROM sync_state;
         DELETE FROM sync_seen;
         DELETE FROM candidate_bases;
         DELETE FROM sync_conflicts;
         DELETE FROM outbox;",
    )?;
    crate::offerte::wipe(conn)?;
    crate::corsi::wipe(conn)?;
    settings::delete(conn, SESSION)?;
    settings::delete(conn, LAST_SYNC_AT)?;
    Ok(())
}
