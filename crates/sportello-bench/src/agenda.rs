//! Issue 18: the agenda of a CPI with 50 desks over a month — the data the desktop
//! renders (every booking of every desk, day by day, with the citizen's name and what
//! may be done) read from the encrypted store; and a desk's free slots for a week.
//! Every desk is open weekdays 09:00–13:00 and 14:00–17:00 and nearly fully booked.

use chrono::{Datelike, Days, Duration, NaiveTime, Utc, Weekday};
use sportello_app::agenda;
use sportello_core::cpi::agenda::{Disponibilita, Fascia, StatoPrenotazione, TipoEvento};
use sportello_demo::Generator;
use sportello_protocol::agenda::{DatiSportello, Prenotazione, Sportello};
use sportello_store::{CandidateRecord, PrenotazioneRow, SportelloRow, Store};
use uuid::Uuid;

use crate::{PASSWORD, median, ms, timed};

fn ore(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).expect("valid time")
}

fn disponibilita() -> Disponibilita {
    let giorni = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    Disponibilita {
        settimana: giorni
            .iter()
            .flat_map(|&giorno| {
                [(9, 13), (14, 17)].map(|(dalle, alle)| Fascia {
                    giorno,
                    dalle: ore(dalle),
                    alle: ore(alle),
                    eventi: TipoEvento::TUTTI.to_vec(),
                })
            })
            .collect(),
        eccezioni: vec![],
    }
}

/// Stored as a sync keeps what it pulled: the server's record and the one shown.
fn sportello_row(s: &Sportello) -> SportelloRow {
    let json = serde_json::to_string(s).expect("desk JSON");
    SportelloRow {
        id: s.id.to_string(),
        filiale: s.dati.filiale.clone(),
        version: s.version,
        server: Some(json.clone()),
        record: json,
    }
}

fn prenotazione_row(p: &Prenotazione) -> PrenotazioneRow {
    let json = serde_json::to_string(p).expect("booking JSON");
    PrenotazioneRow {
        id: p.id.to_string(),
        sportello: p.sportello.to_string(),
        codice_fiscale: p.codice_fiscale.clone(),
        filiale: p.filiale.clone(),
        inizio: p.inizio.format("%Y-%m-%dT%H:%M:%S").to_string(),
        version: p.version,
        server: Some(json.clone()),
        record: json,
    }
}

pub(crate) fn agenda(desks: usize, citizens: usize) {
    println!("== agenda: a CPI with {desks} desks, a month nearly fully booked");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::create(dir.path(), PASSWORD).expect("create");
    let today = Utc::now().date_naive();
    let branch = sportello_demo::branches(1).remove(0);
    let codes = vec![branch.code.clone()];
    let people: Vec<String> = Generator::new(18, today)
        .candidates(citizens, &codes)
        .map(|c| c.codice_fiscale.clone())
        .collect();
    let now = Utc::now();
    store
        .write(|tx| tx.upsert_branches(std::slice::from_ref(&branch)))
        .expect("branch");
    store
        .bulk_upsert_candidates(Generator::new(18, today).candidates(citizens, &codes).map(
            |candidate| CandidateRecord {
                candidate,
                version: 1,
                updated_at: now,
            },
        ))
        .expect("citizens");

    // The month ahead, from next Monday.
    let dal = today + Days::new(u64::from(7 - today.weekday().num_days_from_monday()));
    let giorni = 31;
    let tipi = TipoEvento::TUTTI;
    let mut bookings = 0usize;
    let (_, load) = timed(|| {
        store
            .write(|tx| {
                for d in 0..desks {
                    let s = Sportello {
                        id: Uuid::new_v4(),
                        version: 1,
                        dati: DatiSportello {
                            filiale: branch.code.clone(),
                            nome: format!("Sportello {}", d + 1),
                            indirizzo: "Via Roma 1, Firenze".into(),
                            email: "cpi@example.it".into(),
                            telefono: "055 000000".into(),
                            disponibilita: disponibilita(),
                        },
                    };
                    tx.put_sportello(&sportello_row(&s))?;
                    for day in 0..giorni {
                        let data = dal + Duration::days(day);
                        let tipo = tipi[(d + day as usize) % tipi.len()];
                        let slots = sportello_core::cpi::agenda::slots(
                            &s.dati.disponibilita,
                            tipo,
                            data,
                            data,
                        );
                        for slot in slots {
                            let p = Prenotazione {
                                id: Uuid::new_v4(),
                                sportello: s.id,
                                filiale: branch.code.clone(),
                                codice_fiscale: people[bookings % people.len()].clone(),
                                tipo,
                                inizio: slot.inizio,
                                minuti: slot.minuti,
                                stato: StatoPrenotazione::Prenotato,
                                version: 1,
                                creato_da: "bench".into(),
                                creato_il: now,
                            };
                            tx.put_prenotazione(&prenotazione_row(&p))?;
                            bookings += 1;
                        }
                    }
                }
                Ok::<_, sportello_store::Error>(())
            })
            .expect("desks and bookings")
    });
    println!(
        "load {desks} desks, {bookings} bookings, {citizens} citizens {:>7.0} ms",
        ms(load)
    );

    let runs = 7;
    let mut month = vec![];
    let mut shown = 0;
    for _ in 0..runs {
        let (days, took) = timed(|| agenda::agenda(&store, &[], dal, giorni).expect("agenda"));
        shown = days.iter().map(|g| g.prenotazioni.len()).sum::<usize>();
        month.push(took);
    }
    println!(
        "month's agenda, every desk ({shown} bookings), median of {runs} {:>7.1} ms (target ≤ 100 ms)",
        ms(median(month))
    );

    let desk = store.sportelli().expect("desks").remove(0).id;
    let week: Vec<_> = (0..runs)
        .map(|_| {
            timed(|| agenda::agenda(&store, std::slice::from_ref(&desk), dal, 7).expect("week")).1
        })
        .collect();
    println!(
        "one desk's week, median of {runs}      {:>7.1} ms",
        ms(median(week))
    );
    let free: Vec<_> = (0..runs)
        .map(|_| {
            timed(|| agenda::liberi(&store, &desk, "ricerca_lavoro", dal, 31, None).expect("free"))
                .1
        })
        .collect();
    println!(
        "one desk's free slots over the month, median of {runs} {:>7.1} ms",
        ms(median(free))
    );
}
