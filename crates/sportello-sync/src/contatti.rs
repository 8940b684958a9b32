//! "Contatta CPI" requests offline (seed 003), kept whole (see [`crate::kept`]).

use sportello_protocol::contatti::{Contatto, NuovoContatto, RispostaContatto, problema_testo};
use sportello_protocol::sync::MutationKind;
use sportello_store::{ContattoRow, OutboxEntry, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::kept::{self, Kept, PENDING, payload};

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

impl Kept for Contatto {
    const TABLE: &'static str = "contatti";
    const NOME: &'static str = "richiesta";

    kept::id_and_version!();

    kept::stored_by!(contatto);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        let record = kept::json(view)?;
        Ok(tx.put_contatto(&ContattoRow {
            id: view.id.to_string(),
            codice_fiscale: view.codice_fiscale.clone(),
            filiale: view.filiale.clone(),
            aperto: view.risposta.is_none(),
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
    match cambio {
        Cambio::Nuovo { id, nuovo } => kept::queue::<Contatto>(
            tx,
            MutationKind::ContattoCpi,
            *id,
            serde_json::to_value(nuovo),
        ),
        Cambio::Risposta { id, risposta } => kept::queue_on_shown::<Contatto>(
            tx,
            MutationKind::ContattoRisposta,
            *id,
            serde_json::to_value(risposta),
        ),
    }
}

/// Makes a refused change again on the record as it is now.
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry, kind: MutationKind) -> Result<()> {
    let id = kept::redo_id(entry)?;
    let cambio = match kind {
        MutationKind::ContattoRisposta => Cambio::Risposta {
            id,
            risposta: kept::redo_payload(entry)?,
        },
        _ => Cambio::Nuovo {
            id,
            nuovo: kept::redo_payload(entry)?,
        },
    };
    record(tx, &cambio).map(drop)
}
