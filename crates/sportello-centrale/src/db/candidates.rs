//! Candidates and their annotations: reads and the writes mutations and the sandbox make.

use crate::db::{OptionalExtension, Tx};
use chrono::{DateTime, Utc};
use sportello_core::Candidate;
use sportello_core::candidate::Contacts;
use sportello_protocol::sync::{CandidateRecord, Entity, FasciaDeboleDeclaration, NewAnnotation};

use super::changes::{self, State};
use super::{parse_ts, ts};
use crate::error::{Error, Result};

/// The branch a candidate belongs to, if it exists.
pub fn branch_of(conn: &Tx, codice_fiscale: &str) -> Result<Option<String>> {
    conn.prepare_cached("SELECT branch FROM candidates WHERE codice_fiscale = ?1")?
        .query_row([codice_fiscale], |r| r.get(0))
        .optional()
}

pub fn record(conn: &Tx, codice_fiscale: &str) -> Result<Option<CandidateRecord>> {
    let row = conn
        .prepare_cached("SELECT version, updated_at, sap, fascia_debole, categoria FROM candidates WHERE codice_fiscale = ?1")?
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
    let Some((version, updated_at, sap, flag, categoria)) = row else {
        return Ok(None);
    };
    Ok(Some(CandidateRecord {
        version,
        updated_at: parse_ts(&updated_at)?,
        sap: serde_json::from_str(&sap)?,
        fascia_debole: flag.map(|fascia_debole| FasciaDeboleDeclaration {
            fascia_debole,
            categoria,
        }),
    }))
}

/// Inserts a candidate at version 1 (the seeder has its own bulk path).
pub fn insert(tx: &Tx, c: &Candidate, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO candidates (codice_fiscale, branch, version, updated_at, sap, created_at)
         VALUES (?1, ?2, 1, ?3, ?4, ?3)",
    )?
    .execute((
        &c.codice_fiscale,
        &c.branch,
        ts(now),
        serde_json::to_string(c)?,
    ))?;
    changes::log(
        tx,
        Entity::Candidate,
        &c.codice_fiscale,
        &c.branch,
        State::Present,
        now,
    )?;
    Ok(())
}

/// Citizens a real central server receives from elsewhere (a registration on the
/// regional portal), made by the demo generator for the sandbox: `quanti` new ones in
/// `branch`, received `now`. Returns their codici fiscali.
pub fn sandbox_citizens(
    tx: &Tx,
    quanti: usize,
    seed: u64,
    branch: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>> {
    let codes = [branch.to_string()];
    let generator = sportello_demo::Generator::new(seed, now.date_naive());
    let mut made = Vec::with_capacity(quanti);
    // Over-generate: a codice fiscale already in the database is skipped.
    for c in generator.candidates(quanti * 2 + 10, &codes) {
        if made.len() == quanti {
            break;
        }
        if branch_of(tx, &c.codice_fiscale)?.is_none() {
            insert(tx, &c, now)?;
            made.push(c.codice_fiscale);
        }
    }
    Ok(made)
}

/// Rewrites the SAP record with `edit`, bumps the version; returns the new version.
fn update_sap(
    tx: &Tx,
    codice_fiscale: &str,
    now: DateTime<Utc>,
    edit: impl FnOnce(&mut Candidate),
) -> Result<i64> {
    let (sap, branch): (String, String) = tx
        .prepare_cached("SELECT sap, branch FROM candidates WHERE codice_fiscale = ?1")?
        .query_row([codice_fiscale], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut candidate: Candidate = serde_json::from_str(&sap)?;
    edit(&mut candidate);
    let version: i64 = tx
        .prepare_cached(
            "UPDATE candidates SET sap = ?2, branch = ?3, version = version + 1, updated_at = ?4
             WHERE codice_fiscale = ?1 RETURNING version",
        )?
        .query_row(
            (
                codice_fiscale,
                serde_json::to_string(&candidate)?,
                &candidate.branch,
                ts(now),
            ),
            |r| r.get(0),
        )?;
    if candidate.branch != branch {
        changes::log(
            tx,
            Entity::Candidate,
            codice_fiscale,
            &branch,
            State::Moved,
            now,
        )?;
    }
    changes::log(
        tx,
        Entity::Candidate,
        codice_fiscale,
        &candidate.branch,
        State::Present,
        now,
    )?;
    Ok(version)
}

pub fn set_contacts(
    tx: &Tx,
    codice_fiscale: &str,
    contacts: Contacts,
    now: DateTime<Utc>,
) -> Result<i64> {
    update_sap(tx, codice_fiscale, now, |c| c.contacts = contacts)
}

pub fn set_fascia_debole(
    tx: &Tx,
    codice_fiscale: &str,
    d: &FasciaDeboleDeclaration,
    now: DateTime<Utc>,
) -> Result<i64> {
    let (version, branch): (i64, String) = tx
        .prepare_cached(
            "UPDATE candidates SET fascia_debole = ?2, categoria = ?3, version = version + 1, updated_at = ?4
             WHERE codice_fiscale = ?1 RETURNING version, branch",
        )?
        .query_row((codice_fiscale, d.fascia_debole, &d.categoria, ts(now)), |r| Ok((r.get(0)?, r.get(1)?)))?;
    changes::log(
        tx,
        Entity::Candidate,
        codice_fiscale,
        &branch,
        State::Present,
        now,
    )?;
    Ok(version)
}

pub fn annotation_exists(conn: &Tx, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM annotations WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn add_annotation(
    tx: &Tx,
    codice_fiscale: &str,
    branch: &str,
    a: &NewAnnotation,
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let kind = serde_json::to_value(a.kind)?;
    tx.prepare_cached(
        "INSERT INTO annotations (id, codice_fiscale, branch, kind, text, occurred_on, author, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        a.id.to_string(),
        codice_fiscale,
        branch,
        kind.as_str().unwrap_or_default(),
        a.text.trim(),
        a.occurred_on.map(|d| d.to_string()),
        author,
        ts(now),
    ))?;
    changes::log(
        tx,
        Entity::Annotation,
        &a.id.to_string(),
        branch,
        State::Present,
        now,
    )?;
    Ok(())
}

fn annotation_ids(tx: &Tx, codice_fiscale: &str) -> Result<Vec<String>> {
    let mut stmt =
        tx.prepare_cached("SELECT id FROM annotations WHERE codice_fiscale = ?1 ORDER BY id")?;
    let ids = stmt.query_map([codice_fiscale], |r| r.get(0))?;
    Ok(ids)
}

/// Moves a candidate (and its annotations) to another branch: sessions of the old
/// branch get tombstones, those of the new one the record. Returns the new version.
pub fn transfer(tx: &Tx, codice_fiscale: &str, to_branch: &str, now: DateTime<Utc>) -> Result<i64> {
    let from = branch_of(tx, codice_fiscale)?.ok_or_else(|| {
        Error::new(
            sportello_protocol::ErrorCode::NonTrovato,
            "Candidato non trovato.",
        )
    })?;
    let version = update_sap(tx, codice_fiscale, now, |c| {
        c.branch = to_branch.to_string()
    })?;
    if from != to_branch {
        tx.execute(
            "UPDATE annotations SET branch = ?2 WHERE codice_fiscale = ?1",
            (codice_fiscale, to_branch),
        )?;
        for id in annotation_ids(tx, codice_fiscale)? {
            changes::log(tx, Entity::Annotation, &id, &from, State::Moved, now)?;
            changes::log(tx, Entity::Annotation, &id, to_branch, State::Present, now)?;
        }
    }
    Ok(version)
}

/// Deletes a candidate and its annotations, leaving tombstones.
pub fn delete(tx: &Tx, codice_fiscale: &str, now: DateTime<Utc>) -> Result<()> {
    let branch = branch_of(tx, codice_fiscale)?.ok_or_else(|| {
        Error::new(
            sportello_protocol::ErrorCode::NonTrovato,
            "Candidato non trovato.",
        )
    })?;
    for id in annotation_ids(tx, codice_fiscale)? {
        changes::log(tx, Entity::Annotation, &id, &branch, State::Deleted, now)?;
    }
    tx.execute(
        "DELETE FROM annotations WHERE codice_fiscale = ?1",
        [codice_fiscale],
    )?;
    tx.execute(
        "DELETE FROM candidates WHERE codice_fiscale = ?1",
        [codice_fiscale],
    )?;
    changes::log(
        tx,
        Entity::Candidate,
        codice_fiscale,
        &branch,
        State::Deleted,
        now,
    )?;
    Ok(())
}
