//! Faults the sync must survive: server errors, dropped and truncated answers, slow
//! answers past the timeout, a server restart, an expired token, an expired cursor,
//! clock skew.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use sportello_centrale::FaultConfig;
use sportello_sync::{Edit, Error, Progress, engine, local, session, sync_once};

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sync_completes_through_errors_drops_truncations_and_timeouts() {
    let sandbox = Sandbox::start(2_500, 3).await;
    let client = sandbox.client(fast_config());
    let (_dir, mut store) = sandbox.logged_in_store("master", None, &client).await;
    sandbox.server().set_faults(Some(FaultConfig {
        seed: 42,
        error_rate: 0.20,
        drop_rate: 0.05,
        truncate_rate: 0.05,
        delay_rate: 0.05,
        delay_ms: 1_500, // past the client's 1 s timeout
        path_prefix: None,
    }));
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert!(report.pages > 10, "small pages: {report:?}");
    sandbox.server().set_faults(None);
    let server = sandbox.server_view("master", None).await;
    assert_same(&local_view(&store), &server, "after a faulty sync");
    assert_eq!(server.candidates.len(), 2_500);
    fully_loaded(&store);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_through_faults_apply_each_change_once() {
    let sandbox = Sandbox::start(600, 2).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let before = local_view(&store);
    let cfs: Vec<String> = before.candidates.keys().take(60).cloned().collect();
    store
        .write(|tx| {
            for (i, cf) in cfs.iter().enumerate() {
                for round in 0..2 {
                    let edit = Edit::Contacts(sportello_core::candidate::Contacts {
                        phone: Some(format!("0{round}5{i:06}")),
                        mobile: None,
                        email: Some(format!("c{i}.{round}@esempio.it")),
                    });
                    local::record_edit(tx, "master", cf, &edit, chrono::Utc::now())?;
                }
            }
            Ok::<_, Error>(())
        })
        .unwrap();
    sandbox.server().set_faults(Some(FaultConfig {
        seed: 7,
        error_rate: 0.2,
        drop_rate: 0.1,
        truncate_rate: 0.1,
        ..FaultConfig::default()
    }));
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    sandbox.server().set_faults(None);
    assert_eq!(
        (report.applied, report.conflicts, report.rejected),
        (120, 0, 0)
    );
    let server = sandbox.server_view("master", None).await;
    for cf in &cfs {
        assert_eq!(
            server.candidates[cf].version,
            before.candidates[cf].version + 2,
            "{cf}: two edits, each applied exactly once, whatever was resent"
        );
    }
    assert_same(&local_view(&store), &server, "after pushing through faults");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restarted_mid_sync_is_waited_for() {
    let mut sandbox = Sandbox::start(2_000, 3).await;
    let mut config = fast_config();
    config.page_size = 100;
    let client = sandbox.client(config);
    let (_dir, mut store) = sandbox.logged_in_store("master", None, &client).await;
    let started = std::sync::Arc::new(AtomicBool::new(false));
    let flag = started.clone();
    let progress = move |p: Progress| {
        if matches!(p, Progress::Pulling { pages: 3, .. }) {
            flag.store(true, Ordering::SeqCst);
        }
    };
    let sync = tokio::spawn(async move {
        let r = sync_once(&client, &mut store, &progress).await;
        (r, store)
    });
    while !started.load(Ordering::SeqCst) {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    sandbox.stop().await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    sandbox.restart().await;
    let (result, store) = sync.await.unwrap();
    let report = result.expect("the client retries until the server is back");
    assert!(report.pages >= 20);
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", None).await,
        "after a restart",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_mid_sync_asks_for_login_and_loses_nothing() {
    let sandbox = Sandbox::start(1_500, 2).await;
    let mut config = fast_config();
    config.page_size = 100;
    let client = sandbox.client(config);
    let (_dir, mut store) = sandbox.logged_in_store("master", None, &client).await;
    let clock = sandbox.clock.clone();
    let pages = Mutex::new(0);
    let progress = move |p: Progress| {
        if let Progress::Pulling { pages: n, .. } = p {
            *pages.lock().unwrap() = n;
            if n == 4 {
                clock.advance(chrono::Duration::hours(9)); // past the 8 h token
            }
        }
    };
    let err = sync_once(&client, &mut store, &progress).await.unwrap_err();
    assert!(matches!(err, Error::SessionExpired), "{err:?}");
    let kept = store.candidate_count().unwrap();
    assert!(kept >= 400, "the pages written before stay: {kept}");
    assert!(store.sync_cursor(engine::CURSOR_KEY).unwrap().is_some());
    // Log in again: the sync resumes from the cursor and completes.
    let password = sandbox.password("master");
    let fresh = session::login(&client, "master", &password, None)
        .await
        .unwrap();
    session::adopt(&mut store, &client, &fresh).unwrap();
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert!(
        (report.pulled as usize) < 1_500 && report.pulled as usize + kept as usize >= 1_500,
        "resumed from the cursor, not restarted: {report:?}, {kept} kept"
    );
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", None).await,
        "after logging in again",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_skew_between_client_and_server_does_not_matter() {
    for skew_hours in [-50i64, 30] {
        let sandbox = Sandbox::start(300, 2).await;
        sandbox.clock.advance(chrono::Duration::hours(skew_hours));
        let client = sandbox.client(fast_config());
        let (_dir, mut store) = sandbox.logged_in_store("master", None, &client).await;
        let session = store.session().unwrap().unwrap();
        if skew_hours < 0 {
            assert!(
                session.token_expires_at < chrono::Utc::now(),
                "by the client's clock the token is already expired"
            );
        }
        sync_once(&client, &mut store, &no_progress())
            .await
            .unwrap();
        let cf = store
            .candidates_matching_keywords(&sportello_core::keywords::KeywordQuery::parse(""))
            .unwrap()[0]
            .clone();
        store
            .write(|tx| {
                local::record_edit(
                    tx,
                    "master",
                    &cf,
                    &Edit::Annotation {
                        kind: sportello_protocol::sync::AnnotationKind::Nota,
                        text: "Richiamare".into(),
                        occurred_on: None,
                    },
                    chrono::Utc::now(),
                )
            })
            .unwrap();
        let report = sync_once(&client, &mut store, &no_progress())
            .await
            .unwrap();
        assert_eq!(report.applied, 1, "skew {skew_hours} h");
        assert_same(
            &local_view(&store),
            &sandbox.server_view("master", None).await,
            "with a skewed clock",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_cursor_resyncs_from_zero_and_keeps_the_outbox() {
    let sandbox = Sandbox::start(400, 2).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let cfs: Vec<String> = local_view(&store).candidates.keys().cloned().collect();
    // The server deletes one record and forgets the tombstone; we edit another offline.
    let http = reqwest::Client::new();
    http.post(format!("{}/api/v1/sandbox/candidates/delete", sandbox.url))
        .json(&serde_json::json!({"codice_fiscale": cfs[0]}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    http.post(format!("{}/api/v1/sandbox/tombstones/purge", sandbox.url))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    store
        .write(|tx| {
            local::record_edit(
                tx,
                "master",
                &cfs[1],
                &Edit::Contacts(sportello_core::candidate::Contacts {
                    phone: Some("3331234567".into()),
                    ..Default::default()
                }),
                chrono::Utc::now(),
            )
        })
        .unwrap();
    // Pull before push: the pending edit must survive the resync and show on top.
    let mut report = engine::SyncReport::default();
    let token = store.session().unwrap().unwrap().token;
    engine::pull(&client, &mut store, &token, &mut report, &no_progress())
        .await
        .unwrap();
    assert!(report.from_zero, "410 → pull from zero");
    assert!(
        store.candidate(&cfs[0]).unwrap().is_none(),
        "the deleted record is swept"
    );
    assert_eq!(
        store.outbox_counts().unwrap().pending,
        1,
        "the outbox is kept"
    );
    assert_eq!(
        store
            .candidate(&cfs[1])
            .unwrap()
            .unwrap()
            .candidate
            .contacts
            .phone
            .as_deref(),
        Some("3331234567"),
        "the pending edit is re-applied on the pulled record"
    );
    sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", None).await,
        "after the resync",
    );
}
