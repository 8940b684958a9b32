//! Appointments (seed 003): a desk and its availability through the push, the free
//! slots the server computes, bookings decided by the server (one per slot, two
//! operators racing for it: one wins), moves, cancellations, missed and held ones (the
//! outcome an annotation), each refused step with its reason, and scope.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use sportello_centrale::clock::Clock;
use sportello_core::cpi::agenda::{
    Disponibilita, Eccezione, Fascia, StatoPrenotazione, TipoEvento, ora_locale,
};
use sportello_protocol::agenda::{DatiSportello, NuovaPrenotazione, Prenotazione, SlotLiberi};
use sportello_protocol::sync::{Change, MutationKind, MutationResult};
use uuid::Uuid;

use crate::support::{Client, Sandbox, applied, candidates, ok};

impl Client<'_> {
    async fn prenota(&mut self, id: Uuid, n: &NuovaPrenotazione) -> MutationResult {
        self.send(MutationKind::PrenotazioneNuova, id, None, n)
            .await
    }

    async fn stato(&mut self, id: Uuid, base: i64, s: StatoPrenotazione) -> MutationResult {
        self.send(MutationKind::PrenotazioneStato, id, Some(base), &s)
            .await
    }

    async fn liberi(&self, desk: Uuid, tipo: &str, dal: NaiveDate, al: NaiveDate) -> SlotLiberi {
        let path = format!("/api/v1/sportelli/{desk}/slot?tipo={tipo}&dal={dal}&al={al}");
        ok(self.sb.get(&path, Some(&self.token)).await).await
    }

    async fn prenotazioni(&self) -> Vec<Prenotazione> {
        let (changes, _) = self.sb.pull_from(&self.token, None, 5000).await;
        changes
            .into_iter()
            .filter_map(|c| match c {
                Change::Prenotazione { prenotazione, .. } => Some(*prenotazione),
                _ => None,
            })
            .collect()
    }
}

fn refused(r: &MutationResult) -> String {
    crate::support::refused(r).join(",")
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// The next Monday after today (the desk's local day).
fn next_monday(now: NaiveDateTime) -> NaiveDate {
    let mut d = now.date() + Duration::days(1);
    while d.weekday() != Weekday::Mon {
        d += Duration::days(1);
    }
    d
}

fn desk(filiale: &str, closed: NaiveDate) -> DatiSportello {
    DatiSportello {
        filiale: filiale.into(),
        nome: "Sportello 1".into(),
        indirizzo: "Via Roma 1".into(),
        email: "cpi@regione.example".into(),
        telefono: "055 123456".into(),
        disponibilita: Disponibilita {
            settimana: vec![Fascia {
                giorno: Weekday::Mon,
                dalle: t(9, 0),
                alle: t(11, 0),
                eventi: TipoEvento::TUTTI.to_vec(),
            }],
            eccezioni: vec![Eccezione {
                data: closed,
                fasce: vec![],
                motivo: "Chiuso per formazione".into(),
            }],
        },
    }
}

#[tokio::test]
async fn a_desk_its_slots_and_bookings_decided_by_the_server() {
    let sb = Sandbox::start(200, 2).await;
    let branch = sb.branches()[0].clone();
    let other = sb.branches()[1].clone();
    let op = format!("operatore.{}", branch.to_lowercase());
    let mut a = Client::new(&sb, &op).await;
    let mut b = Client::new(&sb, &op).await;
    let mut master = Client::new(&sb, "master").await;
    let (all, _) = sb.pull_from(&master.token, None, 5000).await;
    let cfs: Vec<String> = candidates(&all)
        .into_iter()
        .filter(|(_, b)| *b == branch)
        .map(|(cf, _)| cf)
        .collect();
    let stranger = candidates(&all)
        .into_iter()
        .find(|(_, b)| *b == other)
        .unwrap()
        .0;

    // The desk: a wrong availability named; another CPI's refused; then saved.
    let monday = next_monday(ora_locale(sb.clock.now()));
    let closed = monday + Duration::days(7);
    let id = Uuid::new_v4();
    let mut wrong = desk(&branch, closed);
    wrong.disponibilita.settimana[0].alle = t(8, 0);
    let r = a.send(MutationKind::SportelloSalva, id, None, &wrong).await;
    assert_eq!(refused(&r), "payload:dati_non_coerenti");
    let r = a
        .send(
            MutationKind::SportelloSalva,
            id,
            None,
            &desk(&other, closed),
        )
        .await;
    assert_eq!(refused(&r), "payload.filiale:fuori_ambito");
    assert_eq!(
        applied(
            &a.send(
                MutationKind::SportelloSalva,
                id,
                None,
                &desk(&branch, closed)
            )
            .await
        ),
        1
    );

    // Slots: 09:00–11:00 makes four of 30 minutes, two of 45; none the closed Monday.
    let free = a.liberi(id, "ricerca_lavoro", monday, closed).await;
    let starts: Vec<String> = free
        .inizi
        .iter()
        .map(|s| s.format("%d %H:%M").to_string())
        .collect();
    let day = monday.format("%d").to_string();
    assert_eq!(
        starts,
        ["09:00", "09:30", "10:00", "10:30"].map(|h| format!("{day} {h}"))
    );
    assert_eq!(
        a.liberi(id, "iscrizione_cpi", monday, monday)
            .await
            .inizi
            .len(),
        2
    );
    let bad = sb
        .get(
            &format!("/api/v1/sportelli/{id}/slot?tipo=ricerca_lavoro&dal={closed}&al={monday}"),
            Some(&a.token),
        )
        .await;
    assert_eq!(bad.status(), 422, "a span backwards");
    let outside = Client::new(&sb, &format!("operatore.{}", other.to_lowercase())).await;
    let hidden = sb
        .get(
            &format!("/api/v1/sportelli/{id}/slot?tipo=ricerca_lavoro&dal={monday}&al={monday}"),
            Some(&outside.token),
        )
        .await;
    assert_eq!(hidden.status(), 404, "another CPI's desk is unknown");

    // Two operators book 09:00 offline; the server decides: one wins.
    let at = |h, m| monday.and_time(t(h, m));
    let nuova = |cf: &str, tipo, inizio| NuovaPrenotazione {
        sportello: id,
        codice_fiscale: cf.into(),
        tipo,
        inizio,
        sposta: None,
    };
    let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
    assert_eq!(
        applied(
            &a.prenota(first, &nuova(&cfs[0], TipoEvento::IscrizioneCpi, at(9, 0)))
                .await
        ),
        1
    );
    let lost = b
        .prenota(
            second,
            &nuova(&cfs[1], TipoEvento::RicercaLavoro, at(9, 30)),
        )
        .await;
    assert_eq!(
        refused(&lost),
        "payload.inizio:slot_occupato",
        "09:30 is inside the 45 minutes from 09:00"
    );
    let MutationResult::Rejected { errors, .. } = &lost else {
        unreachable!()
    };
    assert!(
        errors[0].message.contains("scegliere un altro orario"),
        "{}",
        errors[0].message
    );
    // The loser picks another slot.
    assert_eq!(
        applied(
            &b.prenota(
                second,
                &nuova(&cfs[1], TipoEvento::RicercaLavoro, at(10, 0))
            )
            .await
        ),
        1
    );
    let free = a.liberi(id, "ricerca_lavoro", monday, monday).await;
    assert_eq!(
        free.inizi,
        vec![at(10, 30)],
        "09:00–09:45 and 10:00–10:30 are taken"
    );

    // Refused: a time the desk does not offer, the closed day, a past time, another
    // CPI's citizen, an unknown desk, the same key twice.
    for (n, why) in [
        (
            nuova(&cfs[2], TipoEvento::RicercaLavoro, at(9, 10)),
            "payload.inizio:fuori_orario",
        ),
        (
            nuova(&cfs[2], TipoEvento::RicercaLavoro, closed.and_time(t(9, 0))),
            "payload.inizio:fuori_orario",
        ),
        (
            nuova(
                &cfs[2],
                TipoEvento::RicercaLavoro,
                at(9, 0) - Duration::days(14),
            ),
            "payload.inizio:fuori_orario",
        ),
        (
            nuova(&stranger, TipoEvento::RicercaLavoro, at(10, 30)),
            "payload.codice_fiscale:non_trovato",
        ),
        (
            NuovaPrenotazione {
                sportello: Uuid::new_v4(),
                ..nuova(&cfs[2], TipoEvento::RicercaLavoro, at(10, 30))
            },
            "payload.sportello:non_trovato",
        ),
        (
            nuova(&cfs[2], TipoEvento::RicercaLavoro, at(10, 30)),
            "key:gia_esistente",
        ),
    ] {
        let key = if why == "key:gia_esistente" {
            first
        } else {
            Uuid::new_v4()
        };
        assert_eq!(refused(&a.prenota(key, &n).await), why, "{n:?}");
    }
    let r = master
        .prenota(
            Uuid::new_v4(),
            &nuova(&stranger, TipoEvento::RicercaLavoro, at(10, 30)),
        )
        .await;
    assert_eq!(
        refused(&r),
        "payload.codice_fiscale:incoerente",
        "a citizen books at their own CPI"
    );

    // Moved: the new slot booked, the old one marked moved and its time freed.
    let moved = Uuid::new_v4();
    let r = a
        .prenota(
            moved,
            &NuovaPrenotazione {
                sposta: Some(first),
                ..nuova(
                    &cfs[0],
                    TipoEvento::IscrizioneCpi,
                    at(9, 0) + Duration::days(21),
                )
            },
        )
        .await;
    assert_eq!(applied(&r), 1);
    let seen = a.prenotazioni().await;
    let old = seen.iter().find(|p| p.id == first).unwrap();
    assert_eq!(
        old.stato,
        StatoPrenotazione::Spostato {
            nuova: moved.to_string()
        }
    );
    assert_eq!(
        a.liberi(id, "ricerca_lavoro", monday, monday).await.inizi,
        vec![at(9, 0), at(9, 30), at(10, 30)]
    );
    assert_eq!(
        refused(&a.stato(first, 2, StatoPrenotazione::NonPresentato).await),
        "payload.stato:incoerente",
        "a moved booking is over"
    );

    // Cancelled before it starts (a reason needed); stale base → outdated.
    assert_eq!(
        refused(
            &a.stato(
                second,
                1,
                StatoPrenotazione::Annullato { motivo: " ".into() }
            )
            .await
        ),
        "payload.stato:incoerente"
    );
    assert!(matches!(
        a.stato(
            second,
            7,
            StatoPrenotazione::Annullato {
                motivo: "Malattia".into()
            }
        )
        .await,
        MutationResult::Outdated { .. }
    ));
    assert_eq!(
        refused(
            &a.stato(second, 1, StatoPrenotazione::Svolto { esito: "ok".into() })
                .await
        ),
        "payload.stato:incoerente",
        "not started yet"
    );
    assert_eq!(
        applied(
            &a.stato(
                second,
                1,
                StatoPrenotazione::Annullato {
                    motivo: "Malattia".into()
                }
            )
            .await
        ),
        2
    );

    // Held: after it starts, with its outcome, which becomes an annotation.
    let third = Uuid::new_v4();
    assert_eq!(
        applied(
            &a.prenota(
                third,
                &nuova(&cfs[2], TipoEvento::RicercaLavoro, at(10, 30))
            )
            .await
        ),
        1
    );
    assert_eq!(
        refused(&a.stato(third, 1, StatoPrenotazione::NonPresentato).await),
        "payload.stato:incoerente"
    );
    let start = at(10, 30)
        .and_local_timezone(chrono_tz::Europe::Rome)
        .unwrap()
        .with_timezone(&chrono::Utc);
    sb.clock.set(start + Duration::minutes(5));
    // Days later: a new session.
    a.token = sb.login(&op, None).await.token;
    assert_eq!(
        refused(
            &a.stato(
                third,
                1,
                StatoPrenotazione::Annullato {
                    motivo: "tardi".into()
                }
            )
            .await
        ),
        "payload.stato:incoerente"
    );
    assert_eq!(
        applied(
            &a.stato(
                third,
                1,
                StatoPrenotazione::Svolto {
                    esito: "Definito il piano di ricerca".into()
                }
            )
            .await
        ),
        2
    );
    let (changes, _) = sb.pull_from(&a.token, None, 5000).await;
    let note = changes.iter().find_map(|c| match c {
        Change::Annotation { annotation, .. } if annotation.codice_fiscale == cfs[2] => {
            Some(annotation.clone())
        }
        _ => None,
    });
    let note = note.expect("the outcome is annotated");
    assert_eq!(
        note.text,
        "Colloquio per la ricerca di lavoro: Definito il piano di ricerca"
    );
    assert_eq!(note.occurred_on, Some(monday));

    // Another CPI's operator sees none of it and cannot touch it.
    let mut outside = Client::new(&sb, &format!("operatore.{}", other.to_lowercase())).await;
    assert!(
        outside
            .prenotazioni()
            .await
            .iter()
            .all(|p| p.filiale == other)
    );
    assert_eq!(
        refused(
            &outside
                .stato(third, 2, StatoPrenotazione::NonPresentato)
                .await
        ),
        "key:non_trovato"
    );
    let (theirs, _) = sb.pull_from(&outside.token, None, 5000).await;
    assert!(
        !theirs
            .iter()
            .any(|c| matches!(c, Change::Sportello { sportello, .. } if sportello.id == id))
    );
}

/// "Contatta CPI": the sandbox's requests; a new one for a citizen of the CPI (an empty
/// text or another CPI's citizen refused), answered once, a stale answer outdated;
/// another CPI sees none of it.
#[tokio::test]
async fn a_request_to_the_cpi_is_answered_once() {
    use sportello_protocol::contatti::{Contatto, NuovoContatto, RispostaContatto};
    let sb = Sandbox::start(120, 2).await;
    let branch = sb.branches()[0].clone();
    let other = sb.branches()[1].clone();
    let mut a = Client::new(&sb, &format!("operatore.{}", branch.to_lowercase())).await;
    let b = Client::new(&sb, &format!("operatore.{}", other.to_lowercase())).await;
    let contatti = |changes: &[Change]| -> Vec<Contatto> {
        changes
            .iter()
            .filter_map(|c| match c {
                Change::Contatto { contatto, .. } => Some((**contatto).clone()),
                _ => None,
            })
            .collect()
    };
    let (all, _) = sb.pull_from(&a.token, None, 5000).await;
    let seeded = contatti(&all);
    assert_eq!(seeded.len(), 2, "two a CPI: {seeded:?}");
    assert!(
        seeded.iter().any(|c| c.risposta.is_some()) && seeded.iter().any(|c| c.risposta.is_none())
    );
    assert!(seeded.iter().all(|c| c.filiale == branch));
    let cf = candidates(&all)
        .into_iter()
        .find(|(_, b)| *b == branch)
        .unwrap()
        .0;
    let (theirs, _) = sb.pull_from(&b.token, None, 5000).await;
    let foreign = candidates(&theirs)
        .into_iter()
        .find(|(_, b)| *b == other)
        .unwrap()
        .0;

    let nuovo = |cf: &str, testo: &str| NuovoContatto {
        codice_fiscale: cf.into(),
        tipo: TipoEvento::StesuraCv,
        testo: testo.into(),
    };
    let id = Uuid::new_v4();
    let r = a
        .send(MutationKind::ContattoCpi, id, None, &nuovo(&cf, "   "))
        .await;
    assert_eq!(refused(&r), "payload.testo:non_valido");
    let r = a
        .send(
            MutationKind::ContattoCpi,
            id,
            None,
            &nuovo(&foreign, "Nessun orario"),
        )
        .await;
    assert_eq!(refused(&r), "payload.codice_fiscale:non_trovato");
    let text = "Nessun orario libero il sabato: posso venire solo dopo le 17.";
    assert_eq!(
        applied(
            &a.send(MutationKind::ContattoCpi, id, None, &nuovo(&cf, text))
                .await
        ),
        1
    );
    let risposta = |t: &str| RispostaContatto { testo: t.into() };
    let r = a
        .send(MutationKind::ContattoRisposta, id, Some(1), &risposta(""))
        .await;
    assert_eq!(refused(&r), "payload.testo:incoerente");
    assert_eq!(
        applied(
            &a.send(
                MutationKind::ContattoRisposta,
                id,
                Some(1),
                &risposta("Giovedì alle 17:30.")
            )
            .await
        ),
        2
    );
    assert!(matches!(
        a.send(
            MutationKind::ContattoRisposta,
            id,
            Some(1),
            &risposta("Altro")
        )
        .await,
        MutationResult::Outdated { version: 2, .. }
    ));
    let r = a
        .send(
            MutationKind::ContattoRisposta,
            id,
            Some(2),
            &risposta("Altro"),
        )
        .await;
    assert_eq!(refused(&r), "payload.testo:incoerente", "answered once");

    let (all, _) = sb.pull_from(&a.token, None, 5000).await;
    let c = contatti(&all).into_iter().find(|c| c.id == id).unwrap();
    assert_eq!(c.testo, text);
    assert_eq!(
        c.risposta.as_ref().map(|r| r.testo.as_str()),
        Some("Giovedì alle 17:30.")
    );
    let (theirs, _) = sb.pull_from(&b.token, None, 5000).await;
    assert!(contatti(&theirs).iter().all(|c| c.filiale == other));
}
