//! Documents to sign offline (seed 003), on the offers' model (see [`crate::offerte`]):
//! the store keeps the server's record and the record as shown, which is the server's
//! with the pending changes applied in outbox order; a pull replaces the server's record
//! and re-applies them, an applied change moves it forward, a refused one leaves the
//! view.

use sportello_core::cpi::documenti::AzioneDocumento;
use sportello_protocol::documenti::{Documento, NuovoDocumento};
use sportello_protocol::sync::{Change, MutationKind};
use sportello_store::{DocumentoRow, OutboxEntry, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};

/// Who made a change the server has not seen yet.
const PENDING: &str = "(in attesa di invio)";

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| Error::invalid(format!("documento non serializzabile: {e}")))
}

fn parse(text: &str) -> Result<Documento> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("documento locale illeggibile: {e}")))
}

fn payload<T: serde::de::DeserializeOwned>(entry: &OutboxEntry) -> Option<T> {
    serde_json::from_value(entry.payload.clone()).ok()
}

/// `in_corso`, `concluso`, `annullato`.
pub fn stato(d: &Documento) -> &'static str {
    if d.traccia.annullato.is_some() {
        "annullato"
    } else if d.traccia.concluso() {
        "concluso"
    } else {
        "in_corso"
    }
}

fn row(server: Option<&Documento>, view: &Documento) -> Result<DocumentoRow> {
    Ok(DocumentoRow {
        id: view.id.to_string(),
        codice_fiscale: view.codice_fiscale.clone(),
        filiale: view.filiale.clone(),
        stato: stato(view).to_string(),
        version: server.map_or(0, |s| s.version),
        server: server.map(json).transpose()?,
        record: json(view)?,
    })
}

/// The effect of a pending change on the shown document.
fn apply(tx: &Tx<'_>, view: Option<Documento>, entry: &OutboxEntry) -> Result<Option<Documento>> {
    let Some(kind) = MutationKind::parse(&entry.kind) else {
        return Ok(view);
    };
    Ok(match (kind, view) {
        (MutationKind::DocumentoNuovo, None) => {
            let Some(n) = payload::<NuovoDocumento>(entry) else {
                return Ok(None);
            };
            let Some(c) = tx.candidate(&n.codice_fiscale)? else {
                return Ok(None);
            };
            let id = Uuid::parse_str(&entry.record_key)
                .map_err(|_| Error::invalid("chiave non valida"))?;
            Some(Documento::nuovo(
                id,
                &n,
                &c.candidate.branch,
                PENDING,
                entry.created_at,
            ))
        }
        (MutationKind::DocumentoAzione, Some(mut d)) => {
            if let Some(a) = payload::<AzioneDocumento>(entry)
                && d.traccia.applica(&a, entry.created_at).is_ok()
            {
                d.version += 1;
            }
            Some(d)
        }
        (_, view) => view,
    })
}

fn server_copy(tx: &Tx<'_>, key: &str) -> Result<Option<Documento>> {
    tx.documento(key)?
        .and_then(|r| r.server)
        .map(|s| parse(&s))
        .transpose()
}

/// Rewrites the shown document `key` as the server's with the pending changes.
pub(crate) fn rebuild(tx: &Tx<'_>, key: &str) -> Result<()> {
    let server = server_copy(tx, key)?;
    let mut view = server.clone();
    for entry in tx.pending_mutations_for(key)? {
        view = apply(tx, view, &entry)?;
    }
    match view {
        Some(v) => tx.put_documento(&row(server.as_ref(), &v)?)?,
        None => {
            tx.forget_offer_record("documenti", key)?;
        }
    }
    Ok(())
}

/// A document from a pull; a stale copy (lower version) is skipped.
pub(crate) fn pulled(tx: &Tx<'_>, change: &Change) -> Result<()> {
    let Change::Documento { documento, .. } = change else {
        return Ok(());
    };
    let key = documento.id.to_string();
    if tx
        .documento(&key)?
        .is_some_and(|r| r.server.is_some() && r.version > documento.version)
    {
        return Ok(());
    }
    tx.put_documento(&row(Some(documento), documento)?)?;
    if tx.pending_mutations_for(&key)?.is_empty() {
        return Ok(());
    }
    rebuild(tx, &key)
}

/// The server applied `entry`, making the document `version`.
pub(crate) fn applied(tx: &Tx<'_>, entry: &OutboxEntry, version: i64) -> Result<()> {
    tx.mark_mutation_applied(entry.seq)?;
    let server = server_copy(tx, &entry.record_key)?;
    if let Some(mut s) = apply(tx, server, entry)? {
        s.version = version;
        tx.put_documento(&row(Some(&s), &s)?)?;
    }
    rebuild(tx, &entry.record_key)
}

/// Refused (or made on a version the server has moved past): recorded for the
/// operator, and its effect leaves the view.
pub(crate) fn rejected(tx: &Tx<'_>, entry: &OutboxEntry, reason: &str) -> Result<()> {
    tx.mark_mutation_rejected(entry.seq, reason)?;
    rebuild(tx, &entry.record_key)
}

/// What the operator does with a citizen's documents, offline.
#[derive(Debug, Clone, PartialEq)]
pub enum Cambio {
    Nuovo { id: Uuid, nuovo: NuovoDocumento },
    Azione { id: Uuid, azione: AzioneDocumento },
}

/// Records `cambio`: the view shows it at once, its mutation is queued, in the
/// caller's transaction. A replaced document shows as annulled when the server has
/// done it (the pull after the new one is sent): nothing is shown that may not happen.
pub fn record(tx: &Tx<'_>, cambio: &Cambio) -> Result<OutboxEntry> {
    let (kind, id, base, payload) = match cambio {
        Cambio::Nuovo { id, nuovo } => (
            MutationKind::DocumentoNuovo,
            id,
            None,
            serde_json::to_value(nuovo),
        ),
        Cambio::Azione { id, azione } => {
            let shown = tx
                .documento(&id.to_string())?
                .ok_or_else(|| Error::invalid("documento sconosciuto"))?;
            let base = parse(&shown.record)?.version;
            (
                MutationKind::DocumentoAzione,
                id,
                Some(base),
                serde_json::to_value(azione),
            )
        }
    };
    let payload =
        payload.map_err(|e| Error::invalid(format!("modifica non serializzabile: {e}")))?;
    let entry = tx.enqueue_mutation(kind.as_str(), &id.to_string(), base, &payload)?;
    rebuild(tx, &id.to_string())?;
    Ok(entry)
}
