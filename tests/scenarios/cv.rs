//! Seed 003's "Curriculum Vitae" across two operators of the same branch: a scan is
//! refused and changes nothing; a text CV is found by its words only while the citizen
//! consents, on the client that uploaded it (offline) and on the other after a sync,
//! which downloads the file and saves it, audited; a year after its last event the CV
//! is deleted on the server, from the cache that syncs and from the one that does not.

use std::sync::Arc;

use chrono::{Duration, Utc};
use sportello_app::cv::{self, DatiCvForm};
use sportello_app::sync as app;
use sportello_centrale::{Config, ManualClock};
use sportello_core::filter::CandidateFilter;
use sportello_store::{Scope, Store};

use crate::support::{quiet, seeded_on, synced};

fn found(store: &Store, words: &str) -> u64 {
    let filter = CandidateFilter {
        keywords: Some(words.into()),
        ..Default::default()
    };
    store
        .count_matching(&filter, &Scope::All, Utc::now().date_naive())
        .unwrap()
}

fn dati(consenso: bool) -> DatiCvForm {
    DatiCvForm {
        descrizione: "cv numero 1".into(),
        consenso,
        territori: vec!["Firenze".into()],
    }
}

/// A branch's operatore (`a`) and the master over every branch (`b`), both synced with
/// a sandbox of 80 citizens seeded with `seed`; `cf` its first citizen.
struct Desk {
    server: sportello_centrale::Server,
    url: String,
    master: String,
    a: Store,
    b: Store,
    cf: String,
    _dirs: [tempfile::TempDir; 3],
}

async fn desk(seed: u64, clock: Arc<ManualClock>, configure: fn(&mut Config)) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let reference = Utc::now().date_naive();
    let (seeded, server) = seeded_on(dir.path(), (80, 1, seed), reference, clock, configure).await;
    let url = server.url();
    let op = seeded.users.iter().find(|u| u.role == "operatore").unwrap();
    let master = seeded.users.iter().find(|u| u.role == "master").unwrap();
    let (da, db_) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = synced(da.path(), &url, op, None).await;
    let b = synced(db_.path(), &url, master, Some("tutte")).await;
    let cf = sportello_demo::Generator::new(seed, reference)
        .candidates(80, &seeded.branches)
        .next()
        .unwrap()
        .codice_fiscale;
    Desk {
        server,
        url,
        master: master.username.clone(),
        a,
        b,
        cf,
        _dirs: [dir, da, db_],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_cv_is_found_only_while_consenting_and_expires_everywhere() {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    // Sessions that outlive the year the test jumps.
    let Desk {
        server,
        master,
        mut a,
        mut b,
        cf,
        _dirs,
        ..
    } = desk(21, clock.clone(), |c| c.token_ttl = Duration::days(400)).await;
    let words = "speleologo subacqueo";
    assert_eq!(found(&a, words), 0);

    // A scan: refused in Italian, nothing kept.
    let files = tempfile::tempdir().unwrap();
    let scan = files.path().join("scansione.pdf");
    std::fs::write(&scan, sportello_testkit::scanned_pdf()).unwrap();
    let err = cv::carica(&mut a, &cf, &scan, &dati(true), true).unwrap_err();
    assert!(err.to_string().contains("scansione"), "{err}");
    assert!(cv::elenco(&a, &cf).unwrap().is_empty());
    assert_eq!(a.outbox_counts().unwrap().pending, 0);

    // A text CV without consent: kept, not searchable; consent makes it so, offline.
    let pdf = files.path().join("CV Rossi.pdf");
    let bytes = sportello_testkit::text_pdf(&[
        "Curriculum Vitae",
        "Esperienza come speleologo subacqueo presso le grotte del Carso.",
        "Guida ambientale escursionistica, inglese buono.",
    ]);
    std::fs::write(&pdf, &bytes).unwrap();
    let c = cv::carica(&mut a, &cf, &pdf, &dati(false), true).unwrap();
    assert!(c.in_attesa && c.caricato_cpi && !c.consenso && c.file_locale);
    assert_eq!(found(&a, words), 0, "no consent, no search");
    let c = cv::modifica(&mut a, &c.id, &dati(true), None).unwrap();
    assert_eq!(found(&a, words), 1, "found offline once consenting");
    let s = app::sync(&mut a, &quiet()).await.unwrap();
    assert_eq!((s.applied, s.rejected, s.conflicts), (2, 0, 0), "{s:?}");
    let c = cv::uno(&a, &c.id).unwrap();
    assert!(!c.in_attesa);
    assert_eq!(
        c.storico
            .iter()
            .map(|u| u.tipo.as_str())
            .collect::<Vec<_>>(),
        ["Caricamento", "Aggiornamento"]
    );

    // The other client: found after a sync; the file downloaded, checked and saved.
    app::sync(&mut b, &quiet()).await.unwrap();
    assert_eq!(found(&b, words), 1);
    let on_b = cv::uno(&b, &c.id).unwrap();
    assert!(!on_b.file_locale, "the pull carries the text, not the file");
    cv::scarica(&mut b, &c.id).await.unwrap();
    let out = files.path().join("salvato.pdf");
    let saved = cv::salva(&mut b, &master, &c.id, &out, false).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let audit = b.audit_entries(10).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.id == saved.audit_id && e.event.subject.contains("salvato.pdf")),
        "{audit:?}"
    );

    // Consent withdrawn on one client: the other no longer finds it after a sync.
    cv::modifica(&mut a, &c.id, &dati(false), None).unwrap();
    assert_eq!(found(&a, words), 0);
    app::sync(&mut a, &quiet()).await.unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();
    assert_eq!(found(&b, words), 0);
    cv::modifica(&mut a, &c.id, &dati(true), None).unwrap();
    app::sync(&mut a, &quiet()).await.unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();
    assert_eq!(found(&b, words), 1);

    // A year and a day on: the server deletes it at its maintenance and the client
    // that syncs drops it, file and all; the one that stays offline drops it on its
    // own (as it does when it opens its store), by its own calendar.
    clock.advance(Duration::days(366));
    server.maintain_now().await.unwrap();
    app::sync(&mut a, &quiet()).await.unwrap();
    assert!(cv::elenco(&a, &cf).unwrap().is_empty());
    assert_eq!(found(&a, words), 0);
    assert!(
        a.cv_file(&sha256(&bytes)).unwrap().is_none(),
        "its file went too"
    );
    assert_eq!(found(&b, words), 1, "b has not synced");
    let year_on = (Utc::now() + Duration::days(366)).date_naive();
    let gone = b
        .write(|tx| sportello_sync::cv::expire(tx, year_on))
        .unwrap();
    assert_eq!(gone, 1);
    assert!(cv::elenco(&b, &cf).unwrap().is_empty());
    assert_eq!(found(&b, words), 0);
    assert!(
        b.cv_file(&sha256(&bytes)).unwrap().is_none(),
        "its file went too"
    );
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// "Elimina" offline: the CV leaves the list and the search at once. Made on a
/// version the other operator has moved past, the server refuses it and the CV is
/// back; made again and applied, it stays gone even before any pull.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cv_deleted_offline_leaves_at_once_and_returns_only_if_refused() {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let Desk {
        server: _server,
        url,
        mut a,
        mut b,
        cf,
        _dirs,
        ..
    } = desk(22, clock, |_| {}).await;
    let files = tempfile::tempdir().unwrap();
    let pdf = files.path().join("cv.pdf");
    std::fs::write(
        &pdf,
        sportello_testkit::text_pdf(&[
            "Curriculum Vitae",
            "Esperienza come speleologo subacqueo presso le grotte del Carso.",
        ]),
    )
    .unwrap();
    let words = "speleologo";
    let c = cv::carica(&mut a, &cf, &pdf, &dati(true), true).unwrap();
    app::sync(&mut a, &quiet()).await.unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();

    // b changes it first; a, not yet synced, deletes it: gone from a's view at once.
    cv::modifica(&mut b, &c.id, &dati(true), None).unwrap();
    app::sync(&mut b, &quiet()).await.unwrap();
    cv::elimina(&mut a, &c.id).unwrap();
    assert!(
        cv::elenco(&a, &cf).unwrap().is_empty(),
        "gone from the list"
    );
    assert_eq!(found(&a, words), 0, "gone from the search");
    assert!(cv::uno(&a, &c.id).is_err(), "nothing more is done to it");

    // Refused (made on the version before b's change): the CV is back, as the server
    // has it.
    let s = app::sync(&mut a, &quiet()).await.unwrap();
    assert_eq!(s.applied, 0, "{s:?}");
    assert!(s.rejected + s.conflicts + s.set_aside >= 1, "{s:?}");
    let back = cv::elenco(&a, &cf).unwrap();
    assert_eq!(back.len(), 1, "the refused deletion leaves the view");
    assert_eq!(found(&a, words), 1);

    // Made again and only pushed: applied, and gone without waiting for a pull.
    cv::elimina(&mut a, &back[0].id).unwrap();
    let session = a.session().unwrap().unwrap();
    let client = sportello_sync::Client::new(&url, Default::default()).unwrap();
    let mut report = sportello_sync::SyncReport::default();
    sportello_sync::engine::push(&client, &mut a, &session.token, &mut report, &|_| {})
        .await
        .unwrap();
    assert_eq!(report.applied, 1, "{report:?}");
    assert!(cv::elenco(&a, &cf).unwrap().is_empty());
    assert_eq!(found(&a, words), 0);
    assert!(a.cv(&c.id).unwrap().is_none());
    app::sync(&mut b, &quiet()).await.unwrap();
    assert!(
        cv::elenco(&b, &cf).unwrap().is_empty(),
        "and on b after its sync"
    );
}
