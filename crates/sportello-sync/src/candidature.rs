//! Applications offline (seed 003, "Candidature"), kept whole (see [`crate::kept`]).

use sportello_core::cpi::agenda::ora_locale;
use sportello_core::cpi::candidature::EsitoCandidatura;
use sportello_protocol::candidature::{Candidatura, NuovaCandidatura, NuovoEsito};
use sportello_protocol::offerte::Offerta;
use sportello_protocol::sync::MutationKind;
use sportello_store::{CandidaturaRow, OutboxEntry, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::kept::{self, Kept, PENDING, payload};

/// A pulled application worth keeping: short texts without control characters, a
/// trail as long as the outcomes allow.
pub fn sane(c: &Candidatura) -> bool {
    let short = |s: &str, max: usize| s.chars().count() <= max && !s.chars().any(char::is_control);
    c.version >= 1
        && short(&c.codice_offerta, 40)
        && short(&c.profilo, 300)
        && (1..=EsitoCandidatura::TUTTI.len()).contains(&c.storico.len())
        && c.storico.iter().all(|p| {
            short(&p.chi, 64)
                && p.nota.chars().count() <= 1000
                && !p.nota.chars().any(|x| x.is_control() && x != '\n')
        })
}

impl Kept for Candidatura {
    const TABLE: &'static str = "candidature";
    const NOME: &'static str = "candidatura";

    kept::id_and_version!();

    kept::stored_by!(candidatura);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        let record = kept::json(view)?;
        Ok(tx.put_candidatura(&CandidaturaRow {
            id: view.id.to_string(),
            offerta: view.offerta.to_string(),
            codice_fiscale: view.codice_fiscale.clone(),
            filiale: view.filiale.clone(),
            // The day in Italy: an application at 00:30 belongs to that day, not the UTC one.
            data: ora_locale(view.data).date().to_string(),
            esito: view.esito.as_str().to_string(),
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
            (MutationKind::CandidaturaNuova, None) => {
                let Some(n) = payload::<NuovaCandidatura>(entry) else {
                    return Ok(None);
                };
                let Some(o) = tx.offerta(&n.offerta.to_string())? else {
                    return Ok(None);
                };
                let o: Offerta = serde_json::from_str(&o.record)
                    .map_err(|e| Error::invalid(format!("offerta locale illeggibile: {e}")))?;
                let id = Uuid::parse_str(&entry.record_key)
                    .map_err(|_| Error::invalid("chiave non valida"))?;
                Some(Candidatura::nuova(
                    id,
                    (o.id, &o.codice, &o.dati.filiale, &o.dati.qualifica),
                    &n,
                    PENDING,
                    entry.created_at,
                ))
            }
            (MutationKind::CandidaturaEsito, Some(mut c)) => {
                if let Some(e) = payload::<NuovoEsito>(entry) {
                    // A step the rules refuse changes nothing shown; the server will say.
                    let _ = c.esito(&e, PENDING, entry.created_at);
                }
                Some(c)
            }
            (_, view) => view,
        })
    }
}

/// What the operator does with applications, offline.
#[derive(Debug, Clone, PartialEq)]
pub enum Cambio {
    Nuova { id: Uuid, nuova: NuovaCandidatura },
    Esito { id: Uuid, esito: NuovoEsito },
}

/// Records `cambio`: the view shows it at once, its mutation is queued, in the
/// caller's transaction.
pub fn record(tx: &Tx<'_>, cambio: &Cambio) -> Result<OutboxEntry> {
    match cambio {
        Cambio::Nuova { id, nuova } => kept::queue::<Candidatura>(
            tx,
            MutationKind::CandidaturaNuova,
            *id,
            serde_json::to_value(nuova),
        ),
        Cambio::Esito { id, esito } => kept::queue_on_shown::<Candidatura>(
            tx,
            MutationKind::CandidaturaEsito,
            *id,
            serde_json::to_value(esito),
        ),
    }
}

/// Makes a refused change again on the record as it is now.
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry, kind: MutationKind) -> Result<()> {
    let id = kept::redo_id(entry)?;
    let cambio = match kind {
        MutationKind::CandidaturaEsito => Cambio::Esito {
            id,
            esito: kept::redo_payload(entry)?,
        },
        _ => Cambio::Nuova {
            id,
            nuova: kept::redo_payload(entry)?,
        },
    };
    record(tx, &cambio).map(drop)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn candidatura() -> Candidatura {
        let n = NuovaCandidatura {
            cv: None,
            offerta: Uuid::new_v4(),
            codice_fiscale: "RSSMRA80A01H501U".into(),
            requisiti_dichiarati: true,
        };
        Candidatura::nuova(
            Uuid::new_v4(),
            (n.offerta, "FI-1", "FI01", "cuoco"),
            &n,
            "operatore.fi01",
            Utc::now(),
        )
    }

    #[test]
    fn hostile_applications_are_refused() {
        assert!(sane(&candidatura()));
        let mut c = candidatura();
        c.profilo = "x".repeat(10_000);
        assert!(!sane(&c), "a huge profile");
        let mut c = candidatura();
        c.codice_offerta = "FI-1\u{1b}[2J".into();
        assert!(!sane(&c), "control characters");
        let mut c = candidatura();
        c.storico = vec![c.storico[0].clone(); 1000];
        assert!(!sane(&c), "a trail longer than the outcomes");
        let mut c = candidatura();
        c.storico.clear();
        assert!(!sane(&c), "no trail");
        let mut c = candidatura();
        c.storico[0].nota = "n".repeat(5000);
        assert!(!sane(&c), "a huge note");
        let mut c = candidatura();
        c.version = 0;
        assert!(!sane(&c));
        let mut c = candidatura();
        c.storico[0].nota = "riga uno\nriga due".into();
        assert!(sane(&c), "a note of two lines is fine");
    }
}
