//! The CPIs' desks and the appointments (seed 003) as they arrive in the pull: each
//! checked ([`sane_sportello`], [`sane_prenotazione`]) before it is kept, then stored
//! as the server's record beside the record shown, on the documents' model
//! ([`crate::documenti`]): a newer copy kept here is not replaced by an older one.

use sportello_core::cpi::agenda::StatoPrenotazione;
use sportello_protocol::agenda::{Prenotazione, Sportello};
use sportello_protocol::sync::Change;
use sportello_store::{PrenotazioneRow, SportelloRow, Tx};

use crate::error::{Error, Result};

const ORA: &str = "%Y-%m-%dT%H:%M:%S";

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::invalid(format!("agenda non serializzabile: {e}")))
}

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

/// Stores a pulled desk or booking.
pub(crate) fn pulled(tx: &Tx<'_>, change: &Change) -> Result<()> {
    match change {
        Change::Sportello { sportello: s, .. } => {
            let key = s.id.to_string();
            if tx.sportello(&key)?.is_some_and(|r| r.version > s.version) {
                return Ok(());
            }
            let record = json(s)?;
            tx.put_sportello(&SportelloRow {
                id: key,
                filiale: s.dati.filiale.clone(),
                version: s.version,
                server: Some(record.clone()),
                record,
            })?;
        }
        Change::Prenotazione {
            prenotazione: p, ..
        } => {
            let key = p.id.to_string();
            if tx
                .prenotazione(&key)?
                .is_some_and(|r| r.version > p.version)
            {
                return Ok(());
            }
            let record = json(p)?;
            tx.put_prenotazione(&PrenotazioneRow {
                id: key,
                sportello: p.sportello.to_string(),
                codice_fiscale: p.codice_fiscale.clone(),
                filiale: p.filiale.clone(),
                inizio: p.inizio.format(ORA).to_string(),
                version: p.version,
                server: Some(record.clone()),
                record,
            })?;
        }
        _ => {}
    }
    Ok(())
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
