//! Applications offline (seed 003, "Candidature"), on the offers' model (see
//! [`crate::offerte`]): the store keeps the server's record and the record as shown,
//! which is the server's with the pending changes applied in outbox order; a pull
//! replaces the server's record and re-applies them, an applied change moves it
//! forward, a refused one leaves the view.

use sportello_core::cpi::agenda::ora_locale;
use sportello_core::cpi::candidature::EsitoCandidatura;
use sportello_protocol::candidature::{Candidatura, NuovaCandidatura, NuovoEsito};
use sportello_protocol::offerte::Offerta;
use sportello_protocol::sync::{Change, MutationKind};
use sportello_store::{CandidaturaRow, OutboxEntry, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};

/// Who made a change the server has not seen yet.
const PENDING: &str = "(in attesa di invio)";

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| Error::invalid(format!("candidatura non serializzabile: {e}")))
}

fn parse(text: &str) -> Result<Candidatura> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("candidatura locale illeggibile: {e}")))
}

fn payload<T: serde::de::DeserializeOwned>(entry: &OutboxEntry) -> Option<T> {
    serde_json::from_value(entry.payload.clone()).ok()
}

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

fn row(server: Option<&Candidatura>, view: &Candidatura) -> Result<CandidaturaRow> {
    Ok(CandidaturaRow {
        id: view.id.to_string(),
        offerta: view.offerta.to_string(),
        codice_fiscale: view.codice_fiscale.clone(),
        filiale: view.filiale.clone(),
        // The day in Italy: an application at 00:30 belongs to that day, not the UTC one.
        data: ora_locale(view.data).date().to_string(),
        esito: view.esito.as_str().to_string(),
        version: server.map_or(0, |s| s.version),
        server: server.map(json).transpose()?,
        record: json(view)?,
    })
}

/// The effect of a pending change on the shown application.
fn apply(
    tx: &Tx<'_>,
    view: Option<Candidatura>,
    entry: &OutboxEntry,
) -> Result<Option<Candidatura>> {
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

fn server_copy(tx: &Tx<'_>, key: &str) -> Result<Option<Candidatura>> {
    tx.candidatura(key)?
        .and_then(|r| r.server)
        .map(|s| parse(&s))
        .transpose()
}

/// Rewrites the shown application `key` as the server's with the pending changes.
pub(crate) fn rebuild(tx: &Tx<'_>, key: &str) -> Result<()> {
    let server = server_copy(tx, key)?;
    let mut view = server.clone();
    for entry in tx.pending_mutations_for(key)? {
        view = apply(tx, view, &entry)?;
    }
    match view {
        Some(v) => tx.put_candidatura(&row(server.as_ref(), &v)?)?,
        None => {
            tx.forget_offer_record("candidature", key)?;
        }
    }
    Ok(())
}

/// An application from a pull; a stale copy (lower version) is skipped.
pub(crate) fn pulled(tx: &Tx<'_>, change: &Change) -> Result<()> {
    let Change::Candidatura { candidatura, .. } = change else {
        return Ok(());
    };
    let key = candidatura.id.to_string();
    if tx
        .candidatura(&key)?
        .is_some_and(|r| r.server.is_some() && r.version > candidatura.version)
    {
        return Ok(());
    }
    tx.put_candidatura(&row(Some(candidatura), candidatura)?)?;
    if tx.pending_mutations_for(&key)?.is_empty() {
        return Ok(());
    }
    rebuild(tx, &key)
}

/// The server applied `entry`, making the application `version`.
pub(crate) fn applied(tx: &Tx<'_>, entry: &OutboxEntry, version: i64) -> Result<()> {
    tx.mark_mutation_applied(entry.seq)?;
    let server = server_copy(tx, &entry.record_key)?;
    if let Some(mut s) = apply(tx, server, entry)? {
        s.version = version;
        tx.put_candidatura(&row(Some(&s), &s)?)?;
    }
    rebuild(tx, &entry.record_key)
}

/// Refused (or made on a version the server has moved past): recorded for the
/// operator, and its effect leaves the view.
pub(crate) fn rejected(tx: &Tx<'_>, entry: &OutboxEntry, reason: &str) -> Result<()> {
    tx.mark_mutation_rejected(entry.seq, reason)?;
    rebuild(tx, &entry.record_key)
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
    let (kind, id, base, payload) = match cambio {
        Cambio::Nuova { id, nuova } => (
            MutationKind::CandidaturaNuova,
            id,
            None,
            serde_json::to_value(nuova),
        ),
        Cambio::Esito { id, esito } => {
            let shown = tx
                .candidatura(&id.to_string())?
                .ok_or_else(|| Error::invalid("candidatura sconosciuta"))?;
            let base = parse(&shown.record)?.version;
            (
                MutationKind::CandidaturaEsito,
                id,
                Some(base),
                serde_json::to_value(esito),
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
        MutationKind::CandidaturaEsito => Cambio::Esito {
            id,
            esito: payload(entry).ok_or_else(unreadable)?,
        },
        _ => Cambio::Nuova {
            id,
            nuova: payload(entry).ok_or_else(unreadable)?,
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
