//! Seed desks and appointments (seed 003): two desks for every CPI — reception, open
//! every weekday morning for every interview, and guidance, open in the afternoons for
//! job search and traineeships — with the coming holidays as exceptions; and a few
//! bookings of the CPI's first citizens in the coming days, and one held last week.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use sportello_core::cpi::agenda::{
    Disponibilita, Eccezione, Fascia, StatoPrenotazione, TipoEvento, ora_locale, slots,
};
use sportello_protocol::agenda::{DatiSportello, NuovaPrenotazione, Prenotazione, Sportello};
use sportello_protocol::contatti::{Contatto, NuovoContatto, RispostaContatto};
use uuid::Uuid;

use super::fasce_deboli::Pool;
use crate::db::Tx;
use crate::db::agenda as db;
use crate::error::Result;

fn ora(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a valid time")
}

const FERIALI: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

/// The national holidays in the next year, closed at every desk.
fn festivi(from: NaiveDate) -> Vec<Eccezione> {
    let fixed = [
        (1, 1, "Capodanno"),
        (1, 6, "Epifania"),
        (4, 25, "Festa della Liberazione"),
        (5, 1, "Festa del Lavoro"),
        (6, 2, "Festa della Repubblica"),
        (8, 15, "Ferragosto"),
        (11, 1, "Ognissanti"),
        (12, 8, "Immacolata Concezione"),
        (12, 25, "Natale"),
        (12, 26, "Santo Stefano"),
    ];
    let mut out: Vec<Eccezione> = [from.year(), from.year() + 1]
        .into_iter()
        .flat_map(|y| {
            fixed.iter().filter_map(move |(m, d, motivo)| {
                NaiveDate::from_ymd_opt(y, *m, *d).map(|data| Eccezione {
                    data,
                    fasce: vec![],
                    motivo: (*motivo).to_string(),
                })
            })
        })
        .filter(|e| e.data >= from && e.data < from + Duration::days(366))
        .collect();
    out.sort_by_key(|e| e.data);
    out
}

fn accoglienza(from: NaiveDate) -> Disponibilita {
    Disponibilita {
        settimana: FERIALI
            .iter()
            .map(|g| Fascia {
                giorno: *g,
                dalle: ora(9, 0),
                alle: ora(13, 0),
                eventi: TipoEvento::TUTTI.to_vec(),
            })
            .collect(),
        eccezioni: festivi(from),
    }
}

fn orientamento(from: NaiveDate) -> Disponibilita {
    Disponibilita {
        settimana: [Weekday::Tue, Weekday::Thu]
            .iter()
            .map(|g| Fascia {
                giorno: *g,
                dalle: ora(14, 30),
                alle: ora(17, 30),
                eventi: vec![TipoEvento::RicercaLavoro, TipoEvento::AttivazioneTirocini],
            })
            .collect(),
        eccezioni: festivi(from),
    }
}

/// A branch's first citizens have a booking: these many to come, and the next one a
/// held interview. The "Contatta CPI" requests are written by the citizens after them.
const PRENOTAZIONI_FUTURE: usize = 3;
/// The branch's citizens with a booking: those to come and the held one.
const CON_PRENOTAZIONE: usize = PRENOTAZIONI_FUTURE + 1;

/// Seeds the desks of every branch in `pool` and a few bookings; returns (desks, bookings).
pub fn seed(tx: &Tx, pool: &Pool, now: DateTime<Utc>) -> Result<(usize, usize)> {
    let today = ora_locale(now).date();
    let (mut desks, mut bookings) = (0, 0);
    for (code, people) in pool.codes.iter().zip(&pool.people) {
        let author = format!("operatore.{}", code.to_lowercase());
        let desk = |nome: &str, n: u32, disponibilita| Sportello {
            id: Uuid::new_v4(),
            version: 1,
            dati: DatiSportello {
                filiale: code.clone(),
                nome: format!("{nome} – CPI {code}"),
                indirizzo: format!("Via del Lavoro {n}, sede del CPI {code}"),
                email: format!("cpi.{}@regione.example", code.to_lowercase()),
                telefono: format!("055 0000{n:03}"),
                disponibilita,
            },
        };
        let primo = desk("Sportello Accoglienza", 1, accoglienza(today));
        let secondo = desk("Sportello Orientamento", 2, orientamento(today));
        db::put_sportello(tx, &primo, now)?;
        db::put_sportello(tx, &secondo, now)?;
        desks += 2;

        // The coming days' first free slots of the reception desk, one citizen each.
        let free = slots(
            &primo.dati.disponibilita,
            TipoEvento::IscrizioneCpi,
            today + Duration::days(1),
            today + Duration::days(10),
        );
        for ((cf, _, _), slot) in people
            .iter()
            .zip(free.iter().step_by(3))
            .take(PRENOTAZIONI_FUTURE)
        {
            let n = NuovaPrenotazione {
                sportello: primo.id,
                codice_fiscale: cf.clone(),
                tipo: TipoEvento::IscrizioneCpi,
                inizio: slot.inizio,
                sposta: None,
            };
            let p = Prenotazione::nuova(Uuid::new_v4(), &n, code, &author, now);
            db::put_prenotazione(tx, &p, now)?;
            bookings += 1;
        }
        // One held last week, with its outcome.
        let past = slots(
            &primo.dati.disponibilita,
            TipoEvento::RicercaLavoro,
            today - Duration::days(7),
            today - Duration::days(1),
        );
        if let (Some((cf, _, _)), Some(slot)) = (people.get(PRENOTAZIONI_FUTURE), past.first()) {
            let n = NuovaPrenotazione {
                sportello: primo.id,
                codice_fiscale: cf.clone(),
                tipo: TipoEvento::RicercaLavoro,
                inizio: slot.inizio,
                sposta: None,
            };
            let mut p =
                Prenotazione::nuova(Uuid::new_v4(), &n, code, &author, now - Duration::days(10));
            p.stato = StatoPrenotazione::Svolto {
                esito: "Definito il piano di ricerca: tre candidature a settimana.".into(),
            };
            p.version = 2;
            db::put_prenotazione(tx, &p, now)?;
            bookings += 1;
        }
        contatti(tx, code, people, &author, now)?;
    }
    Ok((desks, bookings))
}

/// "Contatta CPI": two requests a CPI, one waiting, one answered.
fn contatti(
    tx: &Tx,
    code: &str,
    people: &[(String, String, String)],
    author: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let requests = [
        (
            TipoEvento::StesuraCv,
            "Lavoro fino alle 14: non trovo orari liberi il pomeriggio per il CV.",
            None,
        ),
        (
            TipoEvento::AttivazioneTirocini,
            "Vorrei attivare un tirocinio ma non ci sono date disponibili questo mese.",
            Some("La chiameremo per fissare un colloquio martedì prossimo alle 15:00."),
        ),
    ];
    // The citizens with a booking above do not write; the ones after them do.
    let writers = people.get(CON_PRENOTAZIONE..).unwrap_or_default();
    for ((cf, _, _), (tipo, testo, risposta)) in writers.iter().zip(requests) {
        let n = NuovoContatto {
            codice_fiscale: cf.clone(),
            tipo,
            testo: testo.into(),
        };
        let mut c = Contatto::nuovo(
            Uuid::new_v4(),
            &n,
            code,
            "cittadino",
            now - Duration::days(2),
        );
        if let Some(r) = risposta {
            let r = RispostaContatto { testo: r.into() };
            c.rispondi(&r, author, now - Duration::days(1))
                .expect("a first answer");
        }
        crate::db::contatti::put(tx, &c, now)?;
    }
    Ok(())
}
