//! The change log and the pull.
//!
//! One row per (entity, key, branch) holds the latest change of a record as seen from a
//! branch, under a server-wide sequence number taken inside the write transaction.
//! A move leaves a "moved" row (a tombstone for scopes without the new branch) and a
//! present row with a higher number; a deletion turns the present row into "deleted".
//! A pull reads the rows of its scope after the cursor in sequence order, one snapshot
//! per page, and for a record keeps only its highest row in scope, so each record
//! appears at most once per page and a tombstone never follows the live record.

use std::fmt::Write as _;

use crate::db::Tx;
use blake2::{Blake2s256, Digest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sportello_protocol::ErrorCode;
use sportello_protocol::sync::{Entity, TombstoneReason};

use super::sql::{Backend, Value};
use super::{counter, meta_text, ts};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Present = 0,
    Moved = 1,
    Deleted = 2,
}

pub fn entity_code(e: Entity) -> i64 {
    match e {
        Entity::Branch => 0,
        Entity::Candidate => 1,
        Entity::Annotation => 2,
        Entity::Offerta => 3,
        Entity::Interesse => 4,
        Entity::Rifiuto => 5,
        Entity::Documento => 6,
        Entity::Sportello => 7,
        Entity::Prenotazione => 8,
        Entity::Candidatura => 9,
        Entity::Contatto => 10,
        Entity::Cv => 11,
    }
}

fn entity_of(code: i64) -> Result<Entity> {
    match code {
        0 => Ok(Entity::Branch),
        1 => Ok(Entity::Candidate),
        2 => Ok(Entity::Annotation),
        3 => Ok(Entity::Offerta),
        4 => Ok(Entity::Interesse),
        5 => Ok(Entity::Rifiuto),
        6 => Ok(Entity::Documento),
        7 => Ok(Entity::Sportello),
        8 => Ok(Entity::Prenotazione),
        9 => Ok(Entity::Candidatura),
        10 => Ok(Entity::Contatto),
        11 => Ok(Entity::Cv),
        other => Err(Error::Internal(format!(
            "unknown entity {other} in the change log"
        ))),
    }
}

/// Takes the next change sequence number. Only inside a write transaction.
pub fn next_seq(tx: &Tx) -> Result<i64> {
    tx.prepare_cached(
        "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
    )?
    .query_row((), |r| r.get(0))
}

/// Records that `(entity, key)` changed as seen from `branch`; returns the sequence number.
pub fn log(
    tx: &Tx,
    entity: Entity,
    key: &str,
    branch: &str,
    state: State,
    now: DateTime<Utc>,
) -> Result<i64> {
    let seq = next_seq(tx)?;
    tx.prepare_cached(
        "INSERT INTO change_log (seq, entity, key, branch, state, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (entity, key, branch) DO UPDATE SET seq = excluded.seq, state = excluded.state, changed_at = excluded.changed_at",
    )?
    .execute(crate::params![seq, entity_code(entity), key, branch, state as i64, ts(now)])?;
    Ok(seq)
}

/// Drops tombstones changed before `before`; cursors below the new horizon answer
/// `cursore_scaduto`. Returns how many were dropped.
pub fn purge_tombstones(tx: &Tx, before: DateTime<Utc>) -> Result<usize> {
    let horizon: Option<i64> = tx.query_row(
        "SELECT MAX(seq) FROM change_log WHERE state != 0 AND changed_at < ?1",
        [ts(before)],
        |r| r.get(0),
    )?;
    let Some(horizon) = horizon else { return Ok(0) };
    let purged = tx.execute(
        "DELETE FROM change_log WHERE state != 0 AND seq <= ?1",
        [horizon],
    )?;
    tx.execute(
        "UPDATE counters SET value = CASE WHEN value < ?1 THEN ?1 ELSE value END
         WHERE name = 'tombstone_horizon'",
        [horizon],
    )?;
    Ok(purged)
}

/// Where a client is: the last sequence number it has and the fingerprint of the scope
/// (and database) the cursor was issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub seq: i64,
    pub fingerprint: u64,
    /// Issued mid-way through a pull that started from zero (suffix `.z`). Such a
    /// cursor points into records the client is still receiving for the first time,
    /// so it stays valid below the tombstone horizon: unchanged records keep old
    /// sequence numbers, and a large first pull would otherwise expire on page two.
    pub initial: bool,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!(
            "v1.{:x}.{:016x}{}",
            self.seq,
            self.fingerprint,
            if self.initial { ".z" } else { "" }
        )
    }

    pub fn decode(s: &str) -> Option<Self> {
        let mut parts = s.split('.');
        let (Some("v1"), Some(seq), Some(fp), flag, None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let initial = match flag {
            None => false,
            Some("z") => true,
            Some(_) => return None,
        };
        Some(Self {
            seq: i64::try_from(lower_hex(seq)?).ok()?,
            fingerprint: lower_hex(fp)?,
            initial,
        })
    }
}

/// 1–16 lowercase hex digits, exactly the cursor pattern of the OpenAPI document
/// (`from_str_radix` alone would also take a sign and capitals).
fn lower_hex(s: &str) -> Option<u64> {
    let digits = (1..=16).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    digits.then(|| u64::from_str_radix(s, 16).ok()).flatten()
}

/// The fingerprint of a scope in this database: its wire form and its branches.
pub fn fingerprint(conn: &Tx, scope: &str, branches: &[String]) -> Result<u64> {
    let instance = meta_text(conn, "instance")?;
    let mut h = Blake2s256::new();
    h.update(instance.as_bytes());
    h.update(b"\0");
    h.update(scope.as_bytes());
    for b in branches {
        h.update(b"\0");
        h.update(b.as_bytes());
    }
    let digest = h.finalize();
    Ok(u64::from_be_bytes(digest[..8].try_into().expect("8 bytes")))
}

/// One page, already serialised: candidates are stored as JSON and spliced in as they
/// are, which is what makes a large pull cheap. The shape is `sync::ChangesPage`; the
/// integration tests read it back with the protocol types.
#[derive(Debug)]
pub struct Page {
    pub json: Vec<u8>,
    pub count: usize,
}

#[derive(Serialize)]
struct BranchOut<'a> {
    code: &'a str,
    name: &'a str,
    comune: &'a str,
    provincia: &'a str,
    pad: bool,
}

#[derive(Serialize)]
struct FasciaDeboleOut<'a> {
    fascia_debole: bool,
    categoria: Option<&'a str>,
}

#[derive(Serialize)]
struct AnnotationOut<'a> {
    id: &'a str,
    codice_fiscale: &'a str,
    branch: &'a str,
    kind: &'a str,
    text: &'a str,
    occurred_on: Option<&'a str>,
    author: &'a str,
    created_at: DateTime<Utc>,
}

/// Reads one page of changes after `after` (None: from zero, no tombstones) for
/// `branches`, at most `limit`. `initial`: `after` continues a pull from zero (see
/// [`Cursor::initial`]).
pub fn page(
    conn: &Tx,
    branches: &[String],
    fingerprint: u64,
    after: Option<i64>,
    initial: bool,
    limit: usize,
) -> Result<Page> {
    let from = after.unwrap_or(0);
    let initial = initial || after.is_none();
    if let Some(seq) = after {
        let horizon = counter(conn, "tombstone_horizon")?;
        let last = counter(conn, "change_seq")?;
        if (seq < horizon && !initial) || seq > last {
            return Err(Error::new(
                ErrorCode::CursoreScaduto,
                "Il punto di sincronizzazione non è più disponibile: ripeti la sincronizzazione dall'inizio.",
            ));
        }
    }
    if branches.is_empty() {
        // A session without branches (the regional office) has no records to pull.
        let cursor = Cursor {
            seq: counter(conn, "change_seq")?.max(from),
            fingerprint,
            initial: false,
        }
        .encode();
        let json = format!("{{\"changes\":[],\"next_cursor\":\"{cursor}\",\"has_more\":false}}");
        return Ok(Page {
            json: json.into_bytes(),
            count: 0,
        });
    }
    // One branch: the (branch, seq) index. Several: walk the log in seq order and
    // filter (the `+` keeps SQLite from sorting every match of the branch index;
    // PostgreSQL plans by its statistics).
    let placeholders: Vec<String> = (0..branches.len()).map(|i| format!("?{}", i + 3)).collect();
    let unary_plus = if conn.backend() == Backend::Sqlite {
        "+"
    } else {
        ""
    };
    let in_scope = |col: &str| {
        if branches.len() == 1 {
            format!("{col} = ?3")
        } else {
            format!("{unary_plus}{col} IN ({})", placeholders.join(", "))
        }
    };
    let tombstones = if after.is_none() {
        "cl.state = 0".to_string()
    } else {
        format!(
            "(cl.state = 0 OR NOT EXISTS (SELECT 1 FROM change_log c2 WHERE c2.entity = cl.entity AND c2.key = cl.key \
             AND c2.seq > cl.seq AND {}))",
            in_scope("c2.branch")
        )
    };
    // A candidate's record comes with its change, in the same query: one round trip
    // a page rather than one a candidate (which PostgreSQL, across a socket, felt).
    // So do the offer area's records, kept whole as JSON.
    let sql = format!(
        "SELECT cl.seq, cl.entity, cl.key, cl.state,
                c.version, c.updated_at, c.sap, c.fascia_debole, c.categoria,
                COALESCE(o.record, i.record, r.record, d.record, s.record, p.record, ca.record, ct.record, cv.record)
         FROM change_log cl
         LEFT JOIN candidates c
                ON cl.entity = {candidate} AND cl.state = 0 AND c.codice_fiscale = cl.key
         LEFT JOIN offerte o ON cl.entity = {offerta} AND cl.state = 0 AND o.id = cl.key
         LEFT JOIN interessi i ON cl.entity = {interesse} AND cl.state = 0 AND i.id = cl.key
         LEFT JOIN rifiuti r ON cl.entity = {rifiuto} AND cl.state = 0 AND r.id = cl.key
         LEFT JOIN documenti d ON cl.entity = {documento} AND cl.state = 0 AND d.id = cl.key
         LEFT JOIN sportelli s ON cl.entity = {sportello} AND cl.state = 0 AND s.id = cl.key
         LEFT JOIN prenotazioni p ON cl.entity = {prenotazione} AND cl.state = 0 AND p.id = cl.key
         LEFT JOIN candidature ca ON cl.entity = {candidatura} AND cl.state = 0 AND ca.id = cl.key
         LEFT JOIN contatti ct ON cl.entity = {contatto} AND cl.state = 0 AND ct.id = cl.key
         LEFT JOIN cv ON cl.entity = {cv} AND cl.state = 0 AND cv.id = cl.key
         WHERE cl.seq > ?1 AND {} AND {} ORDER BY cl.seq LIMIT ?2",
        in_scope("cl.branch"),
        tombstones,
        candidate = entity_code(Entity::Candidate),
        offerta = entity_code(Entity::Offerta),
        interesse = entity_code(Entity::Interesse),
        rifiuto = entity_code(Entity::Rifiuto),
        documento = entity_code(Entity::Documento),
        sportello = entity_code(Entity::Sportello),
        prenotazione = entity_code(Entity::Prenotazione),
        candidatura = entity_code(Entity::Candidatura),
        contatto = entity_code(Entity::Contatto),
        cv = entity_code(Entity::Cv),
    );
    let mut params = vec![Value::Int(from), Value::Int((limit + 1) as i64)];
    params.extend(branches.iter().map(|b| Value::Text(b.clone())));
    let rows = conn.query_map(&sql, params, |r| {
        let record = match r.get::<_, Option<i64>>(4)? {
            Some(version) => Some(CandidateRow {
                version,
                updated_at: r.get(5)?,
                sap: r.get(6)?,
                flag: r.get(7)?,
                categoria: r.get(8)?,
            }),
            None => None,
        };
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            record,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;

    let mut branch = conn.prepare_cached(
        "SELECT name, comune, provincia, version, pad FROM branches WHERE code = ?1",
    )?;
    let mut annotation = conn.prepare_cached(
        "SELECT codice_fiscale, branch, kind, text, occurred_on, author, created_at FROM annotations WHERE id = ?1",
    )?;

    let mut json = Vec::with_capacity(limit * 2048);
    json.extend_from_slice(b"{\"changes\":[");
    let mut count = 0;
    let mut last_seq = from;
    let mut has_more = false;
    for (seq, entity, key, state, record, whole) in rows {
        if count == limit {
            has_more = true;
            break;
        }
        let entity = entity_of(entity)?;
        if count > 0 {
            json.push(b',');
        }
        last_seq = seq;
        count += 1;
        if state != State::Present as i64 {
            let reason = if state == State::Moved as i64 {
                TombstoneReason::OutOfScope
            } else {
                TombstoneReason::Deleted
            };
            let tomb = serde_json::json!({"type": "tombstone", "seq": seq, "entity": entity, "key": key, "reason": reason});
            serde_json::to_writer(&mut json, &tomb)?;
            continue;
        }
        match entity {
            Entity::Offerta
            | Entity::Interesse
            | Entity::Rifiuto
            | Entity::Documento
            | Entity::Sportello
            | Entity::Prenotazione
            | Entity::Candidatura
            | Entity::Contatto
            | Entity::Cv => {
                let whole = whole
                    .ok_or_else(|| Error::Internal("change log names a missing record".into()))?;
                let (tag, field) = match entity {
                    Entity::Offerta => ("offerta", "offerta"),
                    Entity::Interesse => ("interesse", "interesse"),
                    Entity::Documento => ("documento", "documento"),
                    Entity::Sportello => ("sportello", "sportello"),
                    Entity::Prenotazione => ("prenotazione", "prenotazione"),
                    Entity::Candidatura => ("candidatura", "candidatura"),
                    Entity::Contatto => ("contatto", "contatto"),
                    Entity::Cv => ("cv", "cv"),
                    _ => ("rifiuto", "rifiuto"),
                };
                write!(
                    json_writer(&mut json),
                    "{{\"type\":\"{tag}\",\"seq\":{seq},\"{field}\":"
                )
                .expect("writing to a Vec");
                json.extend_from_slice(whole.as_bytes());
                json.push(b'}');
            }
            Entity::Candidate => {
                let CandidateRow {
                    version,
                    updated_at,
                    sap,
                    flag,
                    categoria,
                } = record.ok_or_else(|| {
                    Error::Internal("change log names a missing candidate".into())
                })?;
                write!(json_writer(&mut json), "{{\"type\":\"candidate\",\"seq\":{seq},\"record\":{{\"version\":{version},\"updated_at\":")
                    .expect("writing to a Vec");
                serde_json::to_writer(&mut json, &super::parse_ts(&updated_at)?)?;
                json.extend_from_slice(b",\"sap\":");
                json.extend_from_slice(sap.as_bytes());
                json.extend_from_slice(b",\"fascia_debole\":");
                let fd = flag.map(|f| FasciaDeboleOut {
                    fascia_debole: f,
                    categoria: categoria.as_deref(),
                });
                serde_json::to_writer(&mut json, &fd)?;
                json.extend_from_slice(b"}}");
            }
            Entity::Branch => {
                let (name, comune, provincia, version, pad): (String, String, String, i64, i64) =
                    branch.query_row([&key], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })?;
                let out = BranchOut {
                    code: &key,
                    name: &name,
                    comune: &comune,
                    provincia: &provincia,
                    pad: pad != 0,
                };
                let change = serde_json::json!({"type": "branch", "seq": seq, "version": version, "branch": out});
                serde_json::to_writer(&mut json, &change)?;
            }
            Entity::Annotation => {
                #[allow(clippy::type_complexity)]
                let (cf, br, kind, text, occurred_on, author, created_at): (
                    String,
                    String,
                    String,
                    String,
                    Option<String>,
                    String,
                    String,
                ) = annotation.query_row([&key], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })?;
                let out = AnnotationOut {
                    id: &key,
                    codice_fiscale: &cf,
                    branch: &br,
                    kind: &kind,
                    text: &text,
                    occurred_on: occurred_on.as_deref(),
                    author: &author,
                    created_at: super::parse_ts(&created_at)?,
                };
                let change = serde_json::json!({"type": "annotation", "seq": seq, "version": 1, "annotation": out});
                serde_json::to_writer(&mut json, &change)?;
            }
        }
    }
    // At the end of the log nothing in scope lies between the last row and the newest
    // change of this snapshot, so the cursor can jump there and skip other branches'.
    let next = if has_more {
        last_seq
    } else {
        counter(conn, "change_seq")?.max(last_seq)
    };
    let cursor = Cursor {
        seq: next,
        fingerprint,
        initial: initial && has_more,
    }
    .encode();
    write!(
        json_writer(&mut json),
        "],\"next_cursor\":\"{cursor}\",\"has_more\":{has_more}}}"
    )
    .expect("writing to a Vec");
    Ok(Page { json, count })
}

/// A candidate's columns as a page reads them.
struct CandidateRow {
    version: i64,
    updated_at: String,
    sap: String,
    flag: Option<bool>,
    categoria: Option<String>,
}

/// `write!` into a byte vector.
fn json_writer(v: &mut Vec<u8>) -> impl std::fmt::Write + '_ {
    struct W<'a>(&'a mut Vec<u8>);
    impl std::fmt::Write for W<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }
    W(v)
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn a_cursor_round_trips() {
        let c = Cursor {
            seq: 0x1234,
            fingerprint: u64::MAX,
            initial: true,
        };
        let back = Cursor::decode(&c.encode()).unwrap();
        assert_eq!(
            (back.seq, back.fingerprint, back.initial),
            (0x1234, u64::MAX, true)
        );
    }

    /// Exactly the document's pattern: what `from_str_radix` would also take is refused.
    #[test]
    fn only_the_documented_form_decodes() {
        for bad in [
            "",
            "v1.+1.0",
            "v1.A.0",
            "v1.1.-0",
            "v1.8000000000000000.0",
            "v1.1.00000000000000000",
            "v1.1.0.y",
            "v2.1.0",
            "v1..0",
        ] {
            assert!(Cursor::decode(bad).is_none(), "{bad:?} decoded");
        }
        assert!(Cursor::decode("v1.7fffffffffffffff.0").is_some());
    }
}
