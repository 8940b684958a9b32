//! Documents to sign offline (seed 003), kept whole (see [`crate::kept`]).

use sportello_core::cpi::documenti::AzioneDocumento;
use sportello_protocol::documenti::{Documento, NuovoDocumento};
use sportello_protocol::sync::MutationKind;
use sportello_store::{DocumentoRow, OutboxEntry, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::kept::{self, Kept, PENDING, payload};

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

impl Kept for Documento {
    const TABLE: &'static str = "documenti";
    const NOME: &'static str = "documento";

    kept::id_and_version!();

    kept::stored_by!(documento);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        let record = kept::json(view)?;
        Ok(tx.put_documento(&DocumentoRow {
            id: view.id.to_string(),
            codice_fiscale: view.codice_fiscale.clone(),
            filiale: view.filiale.clone(),
            stato: stato(view).to_string(),
            version: server.map_or(0, |s| s.version),
            server: kept::server_json(server, view, &record)?,
            record,
        })?)
    }

    fn apply(tx: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>> {
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
    match cambio {
        Cambio::Nuovo { id, nuovo } => kept::queue::<Documento>(
            tx,
            MutationKind::DocumentoNuovo,
            *id,
            serde_json::to_value(nuovo),
        ),
        Cambio::Azione { id, azione } => kept::queue_on_shown::<Documento>(
            tx,
            MutationKind::DocumentoAzione,
            *id,
            serde_json::to_value(azione),
        ),
    }
}

/// Makes a refused change again on the record as it is now.
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry, kind: MutationKind) -> Result<()> {
    let id = kept::redo_id(entry)?;
    let cambio = match kind {
        MutationKind::DocumentoAzione => Cambio::Azione {
            id,
            azione: kept::redo_payload(entry)?,
        },
        _ => Cambio::Nuovo {
            id,
            nuovo: kept::redo_payload(entry)?,
        },
    };
    record(tx, &cambio).map(drop)
}
