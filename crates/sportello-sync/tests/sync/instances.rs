//! Two server instances on one PostgreSQL database, as a deployment behind a load
//! balancer runs them: writers push through both at once, under fault mode, while a
//! reader pulls incrementally through either. Every change must arrive exactly once,
//! and the reader's cursor must never step past a change that commits later (the
//! change sequence is taken inside the serialised write transaction).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{NaiveDate, Utc};
use sportello_centrale::db::Location;
use sportello_centrale::seed::{SeedOptions, SeedReport, seed};
use sportello_centrale::{Config, FaultConfig, Server, serve};
use sportello_core::candidate::Contacts;
use sportello_protocol::sync::AnnotationKind;
use sportello_store::Store;
use sportello_sync::{Client, Edit, Error, local, session, sync_once};
use tempfile::TempDir;

use crate::support::*;

/// Candidates each writer edits (twice each) and annotates (once each).
const PER_WRITER: usize = 40;

async fn instance(db: &Location, fault_seed: u64) -> Server {
    let mut config = Config::new(db);
    config.chiave_cv = Some(sportello_testkit::postgres::chiave_cv());
    config.sandbox = true;
    config.faults = Some(FaultConfig {
        seed: fault_seed,
        error_rate: 0.15,
        drop_rate: 0.05,
        truncate_rate: 0.05,
        ..FaultConfig::default()
    });
    serve(config).await.expect("an instance starts")
}

fn master_password(report: &SeedReport) -> String {
    report
        .users
        .iter()
        .find(|u| u.username == "master")
        .unwrap()
        .password
        .clone()
}

async fn store_on(url: &str, password: &str) -> (Client, TempDir, Store) {
    let client = Client::new(url, fast_config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let s = session::login(&client, "master", password, None)
        .await
        .expect("login through faults");
    let mut store = Store::create(dir.path(), password).unwrap();
    session::adopt(&mut store, &client, &s).unwrap();
    (client, dir, store)
}

/// Two contact edits and an annotation on each of `cfs`, queued offline.
fn queue_work(store: &mut Store, cfs: &[String], tag: &str) {
    store
        .write(|tx| {
            for (i, cf) in cfs.iter().enumerate() {
                for round in 0..2 {
                    let edit = Edit::Contacts(Contacts {
                        phone: Some(format!("0{round}5{i:06}")),
                        mobile: None,
                        email: Some(format!("{tag}{i}.{round}@esempio.it")),
                    });
                    local::record_edit(tx, "master", cf, &edit, Utc::now())?;
                }
                let note = Edit::Annotation {
                    kind: AnnotationKind::Nota,
                    text: format!("{tag} {i}"),
                    occurred_on: None,
                };
                local::record_edit(tx, "master", cf, &note, Utc::now())?;
            }
            Ok::<_, Error>(())
        })
        .unwrap();
}

/// Syncs until nothing is left to send.
async fn push_all(client: Client, mut store: Store) -> Store {
    while store.outbox_counts().unwrap().pending > 0 {
        sync_once(&client, &mut store, &no_progress())
            .await
            .expect("a sync through faults");
    }
    store
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_deliver_every_change_exactly_once() {
    let db = Location::Postgres(sportello_testkit::postgres::postgres_database());
    let opts = SeedOptions {
        citizens: 300,
        branches: 2,
        seed: 9,
        reference: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    };
    let seeded = db.clone();
    let report = tokio::task::spawn_blocking(move || seed(seeded, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let password = master_password(&report);
    let (a, b) = (instance(&db, 1).await, instance(&db, 2).await);

    // The reader's first pull, through A; the writers' through A and B.
    let (reader_a, _rd, mut reader) = store_on(&a.url(), &password).await;
    sync_once(&reader_a, &mut reader, &no_progress())
        .await
        .unwrap();
    let before = local_view(&reader);
    let cfs: Vec<String> = before.candidates.keys().cloned().collect();
    let (x_client, _xd, mut x) = store_on(&a.url(), &password).await;
    let (y_client, _yd, mut y) = store_on(&b.url(), &password).await;
    for (client, store) in [(&x_client, &mut x), (&y_client, &mut y)] {
        sync_once(client, store, &no_progress()).await.unwrap();
    }
    queue_work(&mut x, &cfs[..PER_WRITER], "x");
    queue_work(&mut y, &cfs[PER_WRITER..2 * PER_WRITER], "y");

    // The reader pulls in small steps, alternating instances (the session and the
    // cursor are the database's, not an instance's), while both writers push.
    let reader_b = Client::new(&b.url(), fast_config()).unwrap();
    let writing = Arc::new(AtomicBool::new(true));
    let reading = {
        let writing = writing.clone();
        tokio::spawn(async move {
            let mut pulls = 0u32;
            while writing.load(Ordering::SeqCst) {
                let client = if pulls.is_multiple_of(2) {
                    &reader_a
                } else {
                    &reader_b
                };
                sync_once(client, &mut reader, &no_progress())
                    .await
                    .expect("a pull through faults");
                pulls += 1;
            }
            (reader, reader_a, pulls)
        })
    };
    let (x, y) = tokio::join!(push_all(x_client, x), push_all(y_client, y));
    writing.store(false, Ordering::SeqCst);
    let (mut reader, reader_a, pulls) = reading.await.unwrap();
    assert!(
        pulls >= 2,
        "the reader pulled while the writers pushed: {pulls}"
    );
    for server in [&a, &b] {
        server.set_faults(None);
    }
    sync_once(&reader_a, &mut reader, &no_progress())
        .await
        .unwrap();

    let through_a = view_at(&a.url(), "master", &password, None).await;
    let through_b = view_at(&b.url(), "master", &password, None).await;
    assert_eq!(through_a, through_b, "both instances serve one database");
    for cf in &cfs[..2 * PER_WRITER] {
        assert_eq!(
            through_a.candidates[cf].version,
            before.candidates[cf].version + 2,
            "{cf}: two edits, each applied exactly once"
        );
    }
    let notes = through_a.annotations.len() - before.annotations.len();
    assert_eq!(notes, 2 * PER_WRITER, "every annotation once");
    assert_same(
        &local_view(&reader),
        &through_a,
        "the incremental reader missed nothing and holds nothing twice",
    );
    for (name, store) in [("x", &x), ("y", &y)] {
        assert_eq!(store.outbox_counts().unwrap().pending, 0, "{name} sent all");
    }
}
