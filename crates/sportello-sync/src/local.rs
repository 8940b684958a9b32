//! Local changes and their rebase.
//!
//! A candidate the operator changed keeps a *base* in the store: the server's copy the
//! change was made on. The cached row always shows base + pending mutations, in outbox
//! order. When the server's record arrives (a pull, a conflict answer) the base is
//! replaced and the pending mutations are re-applied on top; when the server applies a
//! mutation the base moves forward by it; a rejected mutation simply drops out. So the
//! cache never loses a local change to a pull, and never keeps one the server refused.
//!
//! The `base_version` of an edit is the base's version plus the versioned edits still
//! pending on the record: the server applies them in order, each adding one version.

use chrono::{DateTime, NaiveDate, Utc};
use sportello_core::candidate::Contacts;
use sportello_protocol::sync::{
    self as wire, AnnotationKind, FasciaDeboleDeclaration, MutationKind, NewAnnotation,
};
use sportello_store::{
    AnnotationRow, CandidateBase, CandidateRecord, Conflict, Declaration, OutboxEntry, Tx,
};
use uuid::Uuid;

use crate::error::{Error, Result};

/// The local changes the server accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Replace the 1.3.3 recapiti.
    Contacts(Contacts),
    /// Add an annotation.
    Annotation {
        kind: AnnotationKind,
        text: String,
        occurred_on: Option<NaiveDate>,
    },
    /// Set the fascia-debole declaration.
    FasciaDebole(FasciaDeboleDeclaration),
}

impl Edit {
    fn kind(&self) -> MutationKind {
        match self {
            Self::Contacts(_) => MutationKind::EditContacts,
            Self::Annotation { .. } => MutationKind::AddAnnotation,
            Self::FasciaDebole(_) => MutationKind::SetFasciaDebole,
        }
    }

    /// The same checks as the server, so that a change the operator makes offline is
    /// not refused hours later for a reason visible now.
    fn check(&self) -> Result<()> {
        match self {
            Self::Contacts(_) => Ok(()),
            Self::Annotation { text, .. } => {
                let n = text.trim().chars().count();
                if n == 0 {
                    Err(Error::invalid("il testo dell'annotazione è obbligatorio"))
                } else if n > 4000 {
                    Err(Error::invalid(
                        "l'annotazione può avere al massimo 4000 caratteri",
                    ))
                } else {
                    Ok(())
                }
            }
            Self::FasciaDebole(d) => match (d.fascia_debole, &d.categoria) {
                (true, None) => Err(Error::invalid(
                    "per una fascia debole va indicata la categoria",
                )),
                (false, Some(_)) => Err(Error::invalid(
                    "la categoria si indica solo per una fascia debole",
                )),
                _ => Ok(()),
            },
        }
    }
}

/// What a pending mutation does to the record, decoded from the outbox.
enum Effect {
    Contacts(Contacts),
    Declaration(FasciaDeboleDeclaration),
    None,
}

fn effect(entry: &OutboxEntry) -> Effect {
    match MutationKind::parse(&entry.kind) {
        Some(MutationKind::EditContacts) => serde_json::from_value(entry.payload.clone())
            .map(Effect::Contacts)
            .unwrap_or(Effect::None),
        Some(MutationKind::SetFasciaDebole) => serde_json::from_value(entry.payload.clone())
            .map(Effect::Declaration)
            .unwrap_or(Effect::None),
        _ => Effect::None,
    }
}

pub(crate) fn versioned(entry: &OutboxEntry) -> bool {
    matches!(
        MutationKind::parse(&entry.kind),
        Some(MutationKind::EditContacts | MutationKind::SetFasciaDebole)
    )
}

fn apply_effect(base: &mut CandidateBase, entry: &OutboxEntry) {
    match effect(entry) {
        Effect::Contacts(c) => base.record.candidate.contacts = c,
        Effect::Declaration(d) => base.declaration = Some(declaration(&d)),
        Effect::None => {}
    }
}

pub(crate) fn declaration(d: &FasciaDeboleDeclaration) -> Declaration {
    Declaration {
        fascia_debole: d.fascia_debole,
        categoria: d.categoria.clone(),
    }
}

/// The server's record as the store keeps it.
pub(crate) fn server_base(record: &wire::CandidateRecord) -> CandidateBase {
    CandidateBase {
        record: CandidateRecord {
            candidate: record.sap.clone(),
            version: record.version,
            updated_at: record.updated_at,
        },
        declaration: record.fascia_debole.as_ref().map(declaration),
    }
}

/// Records `edit` of candidate `codice_fiscale` by `author`: the cached record shows it
/// at once, and its mutation is queued, in the caller's transaction.
pub fn record_edit(
    tx: &Tx<'_>,
    author: &str,
    codice_fiscale: &str,
    edit: &Edit,
    now: DateTime<Utc>,
) -> Result<OutboxEntry> {
    edit.check()?;
    let Some(live) = tx.candidate(codice_fiscale)? else {
        return Err(Error::invalid(format!(
            "il candidato {codice_fiscale} non è nell'archivio locale"
        )));
    };
    let kind = edit.kind();
    let (base_version, payload) = match edit {
        Edit::Annotation {
            kind: annotation_kind,
            text,
            occurred_on,
        } => {
            let new = NewAnnotation {
                id: Uuid::new_v4(),
                kind: *annotation_kind,
                text: text.trim().to_string(),
                occurred_on: *occurred_on,
            };
            tx.upsert_annotations(&[AnnotationRow {
                id: new.id.to_string(),
                codice_fiscale: codice_fiscale.to_string(),
                branch: live.candidate.branch.clone(),
                kind: kind_code(new.kind).to_string(),
                text: new.text.clone(),
                occurred_on: new.occurred_on,
                author: author.to_string(),
                created_at: now,
            }])?;
            (None, serde_json::to_value(&new).map_err(store_json)?)
        }
        Edit::Contacts(c) => (
            Some(next_base_version(tx, codice_fiscale, live)?),
            serde_json::to_value(c).map_err(store_json)?,
        ),
        Edit::FasciaDebole(d) => (
            Some(next_base_version(tx, codice_fiscale, live)?),
            serde_json::to_value(d).map_err(store_json)?,
        ),
    };
    let entry = tx.enqueue_mutation(kind.as_str(), codice_fiscale, base_version, &payload)?;
    rebuild(tx, codice_fiscale)?;
    Ok(entry)
}

fn store_json(e: serde_json::Error) -> Error {
    Error::Store(sportello_store::Error::Json(e))
}

/// Makes sure the record has a base and returns the version the next versioned edit is
/// made on.
fn next_base_version(tx: &Tx<'_>, codice_fiscale: &str, live: CandidateRecord) -> Result<i64> {
    let base = match tx.base(codice_fiscale)? {
        Some(base) => base,
        None => {
            // No base: nothing versioned is pending, so the cache is the server's copy.
            let base = CandidateBase {
                declaration: tx.declaration(codice_fiscale)?,
                record: live,
            };
            tx.save_base(&base)?;
            base
        }
    };
    let pending = tx.pending_mutations_for(codice_fiscale)?;
    let in_flight = pending.iter().filter(|e| versioned(e)).count() as i64;
    Ok(base.record.version + in_flight)
}

/// The wire code of an annotation kind.
pub fn kind_code(kind: AnnotationKind) -> &'static str {
    match kind {
        AnnotationKind::EsitoColloquio => "esito_colloquio",
        AnnotationKind::Contatto => "contatto",
        AnnotationKind::Nota => "nota",
        AnnotationKind::RifiutoOfferta => "rifiuto_offerta",
    }
}

/// Rewrites the cached record as base + pending mutations; drops the base when nothing
/// versioned is pending any more.
pub(crate) fn rebuild(tx: &Tx<'_>, codice_fiscale: &str) -> Result<()> {
    let Some(mut view) = tx.base(codice_fiscale)? else {
        return Ok(());
    };
    let pending = tx.pending_mutations_for(codice_fiscale)?;
    for entry in &pending {
        apply_effect(&mut view, entry);
    }
    tx.upsert_candidates(std::iter::once(&view.record))?;
    tx.set_declaration(codice_fiscale, view.declaration.as_ref())?;
    if !pending.iter().any(versioned) {
        tx.delete_base(codice_fiscale)?;
    }
    Ok(())
}

/// A record from a pull. Returns `false` when the record has no local changes: the
/// caller writes it with the others of its page (one bulk write).
pub(crate) fn pulled_candidate(tx: &Tx<'_>, record: &wire::CandidateRecord) -> Result<bool> {
    let cf = &record.sap.codice_fiscale;
    let Some(base) = tx.base(cf)? else {
        return Ok(false);
    };
    if record.version >= base.record.version {
        tx.save_base(&server_base(record))?;
    }
    rebuild(tx, cf)?;
    Ok(true)
}

/// The server applied `entry`, making the record `version`.
pub(crate) fn applied(
    tx: &Tx<'_>,
    entry: &OutboxEntry,
    version: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.mark_mutation_applied(entry.seq)?;
    if !versioned(entry) {
        return Ok(());
    }
    let Some(mut base) = tx.base(&entry.record_key)? else {
        return Ok(());
    };
    // The server applied exactly this change on exactly the base's version.
    apply_effect(&mut base, entry);
    if version > base.record.version {
        base.record.version = version;
        base.record.updated_at = now;
    }
    let pending = tx.pending_mutations_for(&entry.record_key)?;
    if pending.iter().any(versioned) {
        tx.save_base(&base)?;
        return rebuild(tx, &entry.record_key);
    }
    // Nothing versioned left: the new base is the record (one write, not three).
    tx.upsert_candidates(std::iter::once(&base.record))?;
    tx.set_declaration(&entry.record_key, base.declaration.as_ref())?;
    tx.delete_base(&entry.record_key)?;
    Ok(())
}

/// The server's record changed since `entry` was made: keep both sides for the
/// operator; the cache shows the server's record with the other pending changes.
pub(crate) fn conflict(
    tx: &Tx<'_>,
    entry: &OutboxEntry,
    server: &wire::CandidateRecord,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.mark_mutation_conflict(
        entry.seq,
        &format!("il record sul server è alla versione {}", server.version),
    )?;
    tx.record_conflict(&Conflict {
        seq: entry.seq,
        record_key: entry.record_key.clone(),
        kind: entry.kind.clone(),
        local_payload: entry.payload.clone(),
        server_version: server.version,
        server_record: serde_json::to_value(server).map_err(store_json)?,
        detected_at: now,
    })?;
    let newer = tx
        .base(&entry.record_key)?
        .is_none_or(|b| server.version >= b.record.version);
    if newer {
        tx.save_base(&server_base(server))?;
    }
    rebuild(tx, &entry.record_key)
}

/// Refused for good: recorded for the operator, and its effect leaves the cache.
pub(crate) fn rejected(tx: &Tx<'_>, entry: &OutboxEntry, reason: &str) -> Result<()> {
    tx.mark_mutation_rejected(entry.seq, reason)?;
    if versioned(entry) {
        tx.step_back_base_versions(&entry.record_key, entry.seq)?;
    }
    let annotation = MutationKind::parse(&entry.kind) == Some(MutationKind::AddAnnotation);
    if let Some(id) = entry.payload.get("id").and_then(|v| v.as_str())
        && annotation
    {
        tx.delete_annotations(&[id])?;
    }
    rebuild(tx, &entry.record_key)
}

/// How the operator settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Drop the local change.
    KeepServer,
    /// Send the local change again, on top of the server's current version.
    KeepMine,
}

/// The local change a queued mutation carries, to make it again.
fn edit_of(kind: &str, payload: &serde_json::Value) -> Result<Edit> {
    let payload = payload.clone();
    Ok(match MutationKind::parse(kind) {
        Some(MutationKind::EditContacts) => {
            Edit::Contacts(serde_json::from_value(payload).map_err(store_json)?)
        }
        Some(MutationKind::SetFasciaDebole) => {
            Edit::FasciaDebole(serde_json::from_value(payload).map_err(store_json)?)
        }
        Some(MutationKind::AddAnnotation) => {
            let a: NewAnnotation = serde_json::from_value(payload).map_err(store_json)?;
            Edit::Annotation {
                kind: a.kind,
                text: a.text,
                occurred_on: a.occurred_on,
            }
        }
        Some(_) | None => {
            return Err(Error::invalid(format!(
                "una modifica di tipo sconosciuto ({kind}) non si può inviare di nuovo"
            )));
        }
    })
}

/// Settles a change the server refused or that was set aside (its effect already left
/// the cache then): `KeepServer` drops it, `KeepMine` makes it again as a new change on
/// the record as it is now, sent with the next sync. `false` when it was already
/// settled.
pub fn resolve_rejected(
    tx: &Tx<'_>,
    author: &str,
    entry: &OutboxEntry,
    resolution: Resolution,
    now: DateTime<Utc>,
) -> Result<bool> {
    if !tx.discard_mutation(entry.seq)? {
        return Ok(false);
    }
    if let Some(kind) = MutationKind::parse(&entry.kind).filter(|k| !k.is_candidate_kind()) {
        crate::offerte::rebuild(tx, kind, &entry.record_key)?;
        if resolution == Resolution::KeepMine {
            crate::offerte::redo(tx, entry, now)?;
        }
        return Ok(true);
    }
    rebuild(tx, &entry.record_key)?;
    if resolution == Resolution::KeepMine {
        record_edit(
            tx,
            author,
            &entry.record_key,
            &edit_of(&entry.kind, &entry.payload)?,
            now,
        )?;
    }
    Ok(true)
}

/// Settles a conflict; `false` when it was already settled.
pub fn resolve_conflict(
    tx: &Tx<'_>,
    author: &str,
    conflict: &Conflict,
    resolution: Resolution,
    now: DateTime<Utc>,
) -> Result<bool> {
    if !tx.delete_conflict(conflict.seq)? {
        return Ok(false);
    }
    rebuild(tx, &conflict.record_key)?;
    if resolution == Resolution::KeepServer {
        return Ok(true);
    }
    let edit = edit_of(&conflict.kind, &conflict.local_payload)?;
    record_edit(tx, author, &conflict.record_key, &edit, now)?;
    Ok(true)
}
