//! "Contatta CPI" requests offline (seed 003), on the offers' model (see
//! [`crate::offerte`]): the store keeps the server's record and the record as shown,
//! the server's with the pending changes applied in outbox order.

use sportello_protocol::contatti::{Contatto, NuovoContatto, RispostaContatto, problema_testo};
use sportello_protocol::sync::{Change, MutationKind};
use sportello_store::{ContattoRow, OutboxEntry, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};

/// Who made a change the server has not seen yet.
const PENDING: &str = "(in attesa di invio)";

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| Error::invalid(format!("richiesta non serializzabile: {e}")))
}

fn parse(text: &str) -> Result<Contatto> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("richiesta locale illeggibile: {e}")))
}

fn payload<T: serde::de::DeserializeOwned>(entry: &OutboxEntry) -> Option<T> {
    serde_json::from_value(entry.payload.clone()).ok()
}

/// A pulled request worth keeping: texts as the server accepts them, short names.
pub fn sane(c: &Contatto) -> bool {
    let short = |s: &str| s.chars().count() <= 64 && !s.chars().any(char::is_control);
    c.version >= 1
        && problema_testo(&c.testo).is_none()
        && short(&c.creato_da)
        && c.risposta
            .as_ref()
            .is_none_or(|r| problema_testo(&r.testo).is_none() && short(&r.chi))
}

fn row(server: Option<&Contatto>, view: &Contatto) -> Result<ContattoRow> {
    Ok(ContattoRow {
        id: view.id.to_string(),
        codice_fiscale: view.codice_fiscale.clone(),
        filiale: view.filiale.clone(),
        aperto: view.risposta.is_none(),
        version: server.map_or(0, |s| s.version),
        server: server.map(json).transpose()?,
        record: json(view)?,
    })
}

fn apply(tx: &Tx<'_>, view: Option<Contatto>, entry: &OutboxEntry) -> Result<Option<Contatto>> {
    let Some(kind) = MutationKind::parse(&entry.kind) else {
        return Ok(view);
    };
    Ok(match (kind, view) {
        (MutationKind::ContattoCpi, None) => {
            let Some(n) = payload::<NuovoContatto>(entry) else {
                return Ok(None);
            };
            let Some(c) = tx.candidate(&n.codice_fiscale)? else {
                return Ok(None);
            };
            let id = Uuid::parse_str(&entry.record_key)
                .map_err(|_| Error::invalid("chiave non valida"))?;
            Some(Contatto::nuovo(
                id,
                &n,
                &c.candidate.branch,
                PENDING,
                entry.created_at,
            ))
        }
        (MutationKind::ContattoRisposta, Some(mut c)) => {
            if let Some(r) = payload::<RispostaContatto>(entry) {
                // An answer the rules refuse changes nothing shown; the server will say.
                let _ = c.rispondi(&r, PENDING, entry.created_at);
            }
            Some(c)
        }
        (_, view) => view,
    })
}

fn server_copy(tx: &Tx<'_>, key: &str) -> Result<Option<Contatto>> {
    tx.contatto(key)?
        .and_then(|r| r.server)
        .map(|s| parse(&s))
        .transpose()
}

/// Rewrites the shown request `key` as the server's with the pending changes.
pub(crate) fn rebuild(tx: &Tx<'_>, key: &str) -> Result<()> {
    let server = server_copy(tx, key)?;
    let mut view = server.clone();
    for entry in tx.pending_mutations_for(key)? {
        view = apply(tx, view, &entry)?;
    }
    match view {
        Some(v) => tx.put_contatto(&row(server.as_ref(), &v)?)?,
        None => {
            tx.forget_offer_record("contatti", key)?;
        }
    }
    Ok(())
}

/// A request from a pull; a stale copy (lower version) is skipped.
pub(crate) fn pulled(tx: &Tx<'_>, change: &Change) -> Result<()> {
    let Change::Contatto { contatto, .. } = change else {
        return Ok(());
    };
    let key = contatto.id.to_string();
    if tx
        .contatto(&key)?
        .is_some_and(|r| r.server.is_some() && r.version > contatto.version)
    {
        return Ok(());
    }
    tx.put_contatto(&row(Some(contatto), contatto)?)?;
    if tx.pending_mutations_for(&key)?.is_empty() {
        return Ok(());
    }
    rebuild(tx, &key)
}

/// The server applied `entry`, making the request `version`.
pub(crate) fn applied(tx: &Tx<'_>, entry: &OutboxEntry, version: i64) -> Result<()> {
    tx.mark_mutation_applied(entry.seq)?;
    let server = server_copy(tx, &entry.record_key)?;
    if let Some(mut s) = apply(tx, server, entry)? {
        s.version = version;
        tx.put_contatto(&row(Some(&s), &s)?)?;
    }
    rebuild(tx, &entry.record_key)
}

/// Refused: recorded for the operator, and its effect leaves the view.
pub(crate) fn rejected(tx: &Tx<'_>, entry: &OutboxEntry, reason: &str) -> Result<()> {
    tx.mark_mutation_rejected(entry.seq, reason)?;
    rebuild(tx, &entry.record_key)
}

/// What the operator does with the requests, offline.
#[derive(Debug, Clone, PartialEq)]
pub enum Cambio {
    Nuovo {
        id: Uuid,
        nuovo: NuovoContatto,
    },
    Risposta {
        id: Uuid,
        risposta: RispostaContatto,
    },
}

/// Records `cambio`: the view shows it at once, its mutation is queued, in the
/// caller's transaction.
pub fn record(tx: &Tx<'_>, cambio: &Cambio) -> Result<OutboxEntry> {
    let (kind, id, base, payload) = match cambio {
        Cambio::Nuovo { id, nuovo } => (
            MutationKind::ContattoCpi,
            id,
            None,
            serde_json::to_value(nuovo),
        ),
        Cambio::Risposta { id, risposta } => {
            let shown = tx
                .contatto(&id.to_string())?
                .ok_or_else(|| Error::invalid("richiesta sconosciuta"))?;
            let base = parse(&shown.record)?.version;
            (
                MutationKind::ContattoRisposta,
                id,
                Some(base),
                serde_json::to_value(risposta),
            )
        }
    };
    let payload =
        payload.map_err(|e| Error::invalid(format!("modifica non serializzabile: {e}")))?;
    let entry = tx.enqueue_mutation(kind.as_str(), &id.to_string(), base, &payload)?;
    rebuild(tx, &id.to_string())?;
    Ok(entry)
}

/// Makes a refused change again on the record as it is now.
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry, kind: MutationKind) -> Result<()> {
    let id = Uuid::parse_str(&entry.record_key).map_err(|_| Error::invalid("chiave non valida"))?;
    let unreadable = || Error::invalid("modifica illeggibile");
    let cambio = match kind {
        MutationKind::ContattoRisposta => Cambio::Risposta {
            id,
            risposta: payload(entry).ok_or_else(unreadable)?,
        },
        _ => Cambio::Nuovo {
            id,
            nuovo: payload(entry).ok_or_else(unreadable)?,
        },
    };
    record(tx, &cambio).map(drop)
}
