//! Seed 003's "Prenota un appuntamento" at the desk, across two clients of the same
//! CPI, both offline: they book the same slot for two citizens; at the sync the server
//! decides — exactly one booking holds the slot, the other comes back refused, named on
//! the Cruscotto with the server's reason, and leaves the agenda; the loser picks
//! another slot. The winner prints the receipt (read back); a cancellation made on one
//! client shows on the other.

use chrono::{Duration, Utc};
use sportello_app::agenda;
use sportello_app::sync as app;

use crate::support::{quiet, seeded, synced};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_book_the_same_slot_offline_and_exactly_one_wins() {
    let dir = tempfile::tempdir().unwrap();
    let reference = Utc::now().date_naive();
    let (seeded, server) = seeded(dir.path(), (120, 2, 23), reference).await;
    let url = server.url();
    let op = seeded.users.iter().find(|u| u.role == "operatore").unwrap();
    let master = seeded.users.iter().find(|u| u.role == "master").unwrap();
    let branch = op.branches[0].clone();

    let (da, db_) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = synced(da.path(), &url, op, None).await;
    let mut b = synced(db_.path(), &url, master, Some("tutte")).await;

    // The CPI's reception desk, as both clients received it.
    let desk = agenda::sportelli(&a)
        .unwrap()
        .into_iter()
        .find(|s| s.filiale == branch && s.nome.contains("Accoglienza"))
        .expect("the sandbox's desks arrived");
    assert!(
        desk.orari
            .iter()
            .any(|o| o.starts_with("Lunedì 09:00–13:00")),
        "{:?}",
        desk.orari
    );
    assert!(
        agenda::sportelli(&b)
            .unwrap()
            .iter()
            .any(|s| s.id == desk.id)
    );
    let tomorrow = reference + Duration::days(1);
    let free_a = agenda::liberi(&a, &desk.id, "ricerca_lavoro", tomorrow, 14, None).unwrap();
    let free_b = agenda::liberi(&b, &desk.id, "ricerca_lavoro", tomorrow, 14, None).unwrap();
    assert_eq!(free_a, free_b, "the same view of the desk");
    let slot = free_a[0];

    // Two citizens of the CPI, neither booked yet.
    let cfs: Vec<String> = sportello_demo::Generator::new(23, reference)
        .candidates(120, &seeded.branches)
        .filter(|c| c.branch == branch)
        .map(|c| c.codice_fiscale)
        .filter(|cf| agenda::del_cittadino(&a, cf).unwrap().is_empty())
        .take(2)
        .collect();
    assert!(
        agenda::prenota(
            &mut a,
            &cfs[0],
            &desk.id,
            "ricerca_lavoro",
            slot + Duration::minutes(10),
            None
        )
        .is_err(),
        "only the desk's slots"
    );

    // Both offline, the same slot.
    let mine = agenda::prenota(&mut a, &cfs[0], &desk.id, "ricerca_lavoro", slot, None).unwrap();
    let theirs = agenda::prenota(&mut b, &cfs[1], &desk.id, "ricerca_lavoro", slot, None).unwrap();
    assert!(mine.in_attesa && theirs.in_attesa);
    assert!(
        !agenda::liberi(&a, &desk.id, "ricerca_lavoro", tomorrow, 14, None)
            .unwrap()
            .contains(&slot),
        "taken here at once"
    );

    let s = app::sync(&mut a, &quiet()).await.unwrap();
    assert_eq!((s.applied, s.rejected), (1, 0), "{s:?}");
    let s = app::sync(&mut b, &quiet()).await.unwrap();
    assert_eq!(
        (s.applied, s.rejected),
        (0, 1),
        "the server gave the slot to the first: {s:?}"
    );
    let cruscotto = sportello_app::cruscotto::sync_state(&b, None, true).unwrap();
    let problem = cruscotto
        .problems
        .iter()
        .find(|p| p.kind == "prenotazione_nuova")
        .expect("the refused booking on the Cruscotto");
    let reason = problem.reason.clone().unwrap_or_default();
    assert!(reason.contains("scegliere un altro orario"), "{reason}");
    assert!(
        agenda::del_cittadino(&b, &cfs[1]).unwrap().is_empty(),
        "the refused booking left the agenda"
    );
    let day = agenda::agenda(&b, std::slice::from_ref(&desk.id), slot.date(), 1).unwrap();
    let held: Vec<_> = day[0]
        .prenotazioni
        .iter()
        .filter(|p| p.inizio == mine.inizio)
        .collect();
    assert_eq!(held.len(), 1, "exactly one booking holds the slot");
    assert_eq!(held[0].codice_fiscale, cfs[0]);

    // The loser picks another slot.
    let free = agenda::liberi(&b, &desk.id, "ricerca_lavoro", tomorrow, 14, None).unwrap();
    assert!(!free.contains(&slot));
    let other =
        agenda::prenota(&mut b, &cfs[1], &desk.id, "ricerca_lavoro", free[0], None).unwrap();
    let s = app::sync(&mut b, &quiet()).await.unwrap();
    assert_eq!((s.applied, s.rejected), (1, 0), "{s:?}");
    let other = agenda::del_cittadino(&b, &cfs[1])
        .unwrap()
        .into_iter()
        .find(|p| p.id == other.id)
        .unwrap();
    assert!(!other.in_attesa);

    // Moved to a longer interview overlapping its own time: that time is free for it,
    // on the client as on the server.
    let own = chrono::NaiveDateTime::parse_from_str(&other.inizio, "%Y-%m-%dT%H:%M:%S").unwrap();
    let own_end = own + Duration::minutes(i64::from(other.minuti));
    let overlapping = |t: &chrono::NaiveDateTime| *t < own_end && own < *t + Duration::minutes(45);
    let day = own.date();
    let elsewhere = agenda::liberi(&b, &desk.id, "iscrizione_cpi", day, 1, None).unwrap();
    assert!(!elsewhere.iter().any(overlapping), "{elsewhere:?}");
    let moving = agenda::liberi(&b, &desk.id, "iscrizione_cpi", day, 1, Some(&other.id)).unwrap();
    let onto = *moving
        .iter()
        .find(|t| overlapping(t))
        .expect("its own time is free for it");
    let moved = agenda::prenota(
        &mut b,
        &cfs[1],
        &desk.id,
        "iscrizione_cpi",
        onto,
        Some(&other.id),
    )
    .unwrap();
    let s = app::sync(&mut b, &quiet()).await.unwrap();
    assert_eq!(
        (s.applied, s.rejected),
        (1, 0),
        "one change, the booking that moves the other: {s:?}"
    );
    let now = agenda::del_cittadino(&b, &cfs[1]).unwrap();
    assert_eq!(
        now.iter()
            .find(|p| p.id == other.id)
            .map(|p| p.stato.as_str()),
        Some("spostato")
    );
    assert!(now.iter().any(|p| p.id == moved.id && !p.in_attesa));

    // The winner's receipt: the interview, where, when, for how long, what to bring.
    let pdf = dir.path().join("ricevuta.pdf");
    agenda::ricevuta(&mut a, &op.username, &mine.id, &pdf, false).unwrap();
    let text = sportello_testkit::pdftotext(&pdf);
    for expected in [
        "Colloquio per la ricerca di lavoro",
        desk.nome.as_str(),
        desk.indirizzo.as_str(),
        mine.data.as_str(),
        "30 minuti",
        "curriculum vitae aggiornato",
        cfs[0].as_str(),
    ] {
        assert!(text.contains(expected), "{expected} in the receipt: {text}");
    }

    // Cancelled on one client; the other sees it after a sync, and the slot is free.
    assert!(
        agenda::cambia(&mut a, &mine.id, "annulla", " ").is_err(),
        "a reason is needed"
    );
    assert!(
        agenda::cambia(&mut a, &mine.id, "svolto", "ok").is_err(),
        "not started yet"
    );
    agenda::cambia(&mut a, &mine.id, "annulla", "Richiesta del cittadino").unwrap();
    app::sync(&mut a, &quiet()).await.unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();
    let seen = agenda::del_cittadino(&b, &cfs[0]).unwrap();
    let cancelled = seen.iter().find(|p| p.id == mine.id).unwrap();
    assert_eq!(cancelled.stato, "annullato");
    assert_eq!(cancelled.nota, "Richiesta del cittadino");
    assert!(
        agenda::liberi(&b, &desk.id, "ricerca_lavoro", tomorrow, 14, None)
            .unwrap()
            .contains(&slot)
    );
}
