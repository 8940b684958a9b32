//! The CPIs' desks and the appointments (seed 003) offline, kept whole (see
//! [`crate::kept`]): each desk and booking from the pull is checked
//! ([`sane_sportello`], [`sane_prenotazione`]) and kept as the server's record beside
//! the record shown, which is the server's with the pending changes applied in outbox
//! order. A booking made here shows at once; the server decides whether it holds its
//! slot (refused: `slot_occupato`, and the booking leaves the view).

use sportello_core::cpi::agenda::{StatoPrenotazione, ora_locale};
use sportello_protocol::agenda::{DatiSportello, NuovaPrenotazione, Prenotazione, Sportello};
use sportello_protocol::sync::{Change, MutationKind};
use sportello_store::{OutboxEntry, PrenotazioneRow, SportelloRow, Tx};
use uuid::Uuid;

use crate::error::Result;
use crate::kept::{self, Kept, PENDING, payload};

const ORA: &str = "%Y-%m-%dT%H:%M:%S";

fn text_ok(t: &str, max: usize) -> bool {
    t.chars().count() <= max && !t.chars().any(|c| c.is_control() && c != '\n')
}

/// A desk the server sent is one the rules accept (its availability among them).
pub fn sane_sportello(s: &Sportello) -> bool {
    s.version >= 1 && s.dati.problemi().is_empty()
}

/// A booking the server sent has a sane shape: its duration the type's, texts short
/// and without control characters, the operator's name short.
pub fn sane_prenotazione(p: &Prenotazione) -> bool {
    let testo = match &p.stato {
        StatoPrenotazione::Annullato { motivo: t }
        | StatoPrenotazione::Svolto { esito: t }
        | StatoPrenotazione::Spostato { nuova: t } => t.as_str(),
        StatoPrenotazione::Prenotato | StatoPrenotazione::NonPresentato => "",
    };
    p.version >= 1
        && p.minuti == p.tipo.minuti()
        && text_ok(testo, 2000)
        && text_ok(&p.creato_da, 64)
}

fn sportello_row(server: Option<&Sportello>, view: &Sportello) -> Result<SportelloRow> {
    let record = kept::json(view)?;
    Ok(SportelloRow {
        id: view.id.to_string(),
        filiale: view.dati.filiale.clone(),
        version: server.map_or(0, |s| s.version),
        server: kept::server_json(server, view, &record)?,
        record,
    })
}

fn prenotazione_row(server: Option<&Prenotazione>, view: &Prenotazione) -> Result<PrenotazioneRow> {
    let record = kept::json(view)?;
    Ok(PrenotazioneRow {
        id: view.id.to_string(),
        sportello: view.sportello.to_string(),
        codice_fiscale: view.codice_fiscale.clone(),
        filiale: view.filiale.clone(),
        inizio: view.inizio.format(ORA).to_string(),
        version: server.map_or(0, |s| s.version),
        server: kept::server_json(server, view, &record)?,
        record,
    })
}

/// The desk as shown (with the pending changes).
pub fn sportello(tx: &Tx<'_>, id: &str) -> Result<Option<Sportello>> {
    tx.sportello(id)?
        .map(|r| kept::parse(&r.record))
        .transpose()
}

impl Kept for Sportello {
    const TABLE: &'static str = "sportelli";
    const NOME: &'static str = "sportello";

    kept::id_and_version!();

    kept::stored_by!(sportello);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        Ok(tx.put_sportello(&sportello_row(server, view)?)?)
    }

    /// New data replace the desk's; the version stays the server's (the change is made
    /// on it).
    fn apply(_: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>> {
        Ok(match payload::<DatiSportello>(entry) {
            Some(dati) => Some(Sportello {
                id: kept::redo_id(entry)?,
                version: view.map_or(0, |v| v.version),
                dati,
            }),
            None => view,
        })
    }
}

impl Kept for Prenotazione {
    const TABLE: &'static str = "prenotazioni";
    const NOME: &'static str = "prenotazione";

    kept::id_and_version!();

    kept::stored_by!(prenotazione);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        Ok(tx.put_prenotazione(&prenotazione_row(server, view)?)?)
    }

    fn apply(tx: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>> {
        Ok(match (MutationKind::parse(&entry.kind), view) {
            (Some(MutationKind::PrenotazioneNuova), None) => {
                let Some(n) = payload::<NuovaPrenotazione>(entry) else {
                    return Ok(None);
                };
                let Some(desk) = sportello(tx, &n.sportello.to_string())? else {
                    return Ok(None);
                };
                Some(Prenotazione::nuova(
                    kept::redo_id(entry)?,
                    &n,
                    &desk.dati.filiale,
                    PENDING,
                    entry.created_at,
                ))
            }
            (Some(MutationKind::PrenotazioneStato), Some(mut p)) => {
                if let Some(s) = payload::<StatoPrenotazione>(entry)
                    && p.stato
                        .verso(&s, p.inizio, ora_locale(entry.created_at))
                        .is_ok()
                {
                    p.stato = s;
                    p.version += 1;
                }
                Some(p)
            }
            (_, view) => view,
        })
    }
}

/// Rewrites the shown desk or booking `key` as the server's with the pending changes.
pub(crate) fn rebuild(tx: &Tx<'_>, kind: MutationKind, key: &str) -> Result<()> {
    match kind {
        MutationKind::SportelloSalva => kept::rebuild::<Sportello>(tx, key),
        _ => kept::rebuild::<Prenotazione>(tx, key),
    }
}

/// The server applied `entry`, making the record `version`: the server's copy moves
/// forward with it (the next pull brings the server's own).
pub(crate) fn applied(
    tx: &Tx<'_>,
    entry: &OutboxEntry,
    kind: MutationKind,
    version: i64,
) -> Result<()> {
    match kind {
        MutationKind::SportelloSalva => kept::applied::<Sportello>(tx, entry, version),
        _ => kept::applied::<Prenotazione>(tx, entry, version),
    }
}

/// Refused (the slot taken, the time past…): recorded for the operator, and its
/// effect leaves the view.
pub(crate) fn rejected(
    tx: &Tx<'_>,
    entry: &OutboxEntry,
    kind: MutationKind,
    reason: &str,
) -> Result<()> {
    match kind {
        MutationKind::SportelloSalva => kept::rejected::<Sportello>(tx, entry, reason),
        _ => kept::rejected::<Prenotazione>(tx, entry, reason),
    }
}

/// What the operator does with the agenda, offline.
#[derive(Debug, Clone, PartialEq)]
pub enum Cambio {
    Sportello { id: Uuid, dati: DatiSportello },
    Prenota { id: Uuid, nuova: NuovaPrenotazione },
    Stato { id: Uuid, stato: StatoPrenotazione },
}

/// Records `cambio`: the view shows it at once, its mutation is queued, in the
/// caller's transaction.
pub fn record(tx: &Tx<'_>, cambio: &Cambio) -> Result<OutboxEntry> {
    match cambio {
        // A desk the server has is changed on its version; a new one needs none.
        Cambio::Sportello { id, dati } => {
            let known = tx
                .sportello(&id.to_string())?
                .is_some_and(|r| r.server.is_some());
            let queue = if known {
                kept::queue_on_shown::<Sportello>
            } else {
                kept::queue::<Sportello>
            };
            queue(
                tx,
                MutationKind::SportelloSalva,
                *id,
                serde_json::to_value(dati),
            )
        }
        Cambio::Prenota { id, nuova } => kept::queue::<Prenotazione>(
            tx,
            MutationKind::PrenotazioneNuova,
            *id,
            serde_json::to_value(nuova),
        ),
        Cambio::Stato { id, stato } => kept::queue_on_shown::<Prenotazione>(
            tx,
            MutationKind::PrenotazioneStato,
            *id,
            serde_json::to_value(stato),
        ),
    }
}

/// Makes a refused change again on the record as it is now.
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry, kind: MutationKind) -> Result<()> {
    let id = kept::redo_id(entry)?;
    let cambio = match kind {
        MutationKind::SportelloSalva => Cambio::Sportello {
            id,
            dati: kept::redo_payload(entry)?,
        },
        MutationKind::PrenotazioneNuova => Cambio::Prenota {
            id,
            nuova: kept::redo_payload(entry)?,
        },
        _ => Cambio::Stato {
            id,
            stato: kept::redo_payload(entry)?,
        },
    };
    record(tx, &cambio).map(drop)
}

/// Stores a pulled desk or booking (a stale copy, lower version, is skipped) and
/// re-applies what is pending on it.
pub(crate) fn pulled(tx: &Tx<'_>, change: &Change) -> Result<()> {
    match change {
        Change::Sportello { sportello: s, .. } => kept::pulled(tx, s.as_ref()),
        Change::Prenotazione {
            prenotazione: p, ..
        } => kept::pulled(tx, p.as_ref()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, Utc, Weekday};
    use sportello_core::cpi::agenda::{Disponibilita, Fascia, TipoEvento};
    use sportello_protocol::agenda::{DatiSportello, NuovaPrenotazione};
    use uuid::Uuid;

    use super::*;

    fn desk() -> Sportello {
        Sportello {
            id: Uuid::new_v4(),
            version: 1,
            dati: DatiSportello {
                filiale: "FI01".into(),
                nome: "Sportello 1".into(),
                indirizzo: "Via Roma 1".into(),
                email: "cpi@regione.example".into(),
                telefono: "055 1".into(),
                disponibilita: Disponibilita {
                    settimana: vec![Fascia {
                        giorno: Weekday::Mon,
                        dalle: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                        alle: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
                        eventi: vec![TipoEvento::RicercaLavoro],
                    }],
                    eccezioni: vec![],
                },
            },
        }
    }

    fn booking() -> Prenotazione {
        let n = NuovaPrenotazione {
            sportello: Uuid::new_v4(),
            codice_fiscale: "RSSMRA80A01H501U".into(),
            tipo: TipoEvento::StesuraCv,
            inizio: NaiveDate::from_ymd_opt(2026, 12, 7)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            sposta: None,
        };
        Prenotazione::nuova(Uuid::new_v4(), &n, "FI01", "operatore.fi01", Utc::now())
    }

    #[test]
    fn hostile_desks_and_bookings_are_refused() {
        assert!(sane_sportello(&desk()));
        let mut d = desk();
        d.dati.disponibilita.settimana[0].alle = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        assert!(!sane_sportello(&d), "closing before opening");
        let mut d = desk();
        d.dati.nome = "x".repeat(10_000);
        assert!(!sane_sportello(&d), "a huge name");
        let mut d = desk();
        d.dati.disponibilita.settimana = vec![d.dati.disponibilita.settimana[0].clone(); 51];
        assert!(!sane_sportello(&d), "too many windows");

        assert!(sane_prenotazione(&booking()));
        let mut p = booking();
        p.minuti = 10_000;
        assert!(!sane_prenotazione(&p), "a duration not the type's");
        let mut p = booking();
        p.stato = StatoPrenotazione::Svolto {
            esito: "ok\u{1b}[31m".into(),
        };
        assert!(!sane_prenotazione(&p), "control characters");
        let mut p = booking();
        p.version = 0;
        assert!(!sane_prenotazione(&p));
        let mut p = booking();
        p.inizio = chrono::NaiveDateTime::MAX;
        assert_eq!(p.fine(), chrono::NaiveDateTime::MAX, "no overflow");
    }
}
