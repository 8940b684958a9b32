//! A working day with the central server: every role logs in, syncs, works offline
//! while the server is down, reconnects and syncs; server and cache agree.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use sportello_app::sync::{self as app, Contacts};
use sportello_app::{AppError, ErrorCode, Profile};
use sportello_centrale::ManualClock;
use sportello_centrale::seed::{SeedOptions, seed};

use crate::support::{quiet, start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_syncs_works_offline_and_reconnects() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centrale.db");
    let opts = SeedOptions {
        citizens: 600,
        branches: 3,
        seed: 3,
        reference: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    };
    let path = db.clone();
    let seeded = tokio::task::spawn_blocking(move || seed(&path, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let mut server = start(&db, clock.clone(), None).await;
    let url = server.url();
    let addr = url.trim_start_matches("http://").to_string();
    let data = tempfile::tempdir().unwrap();

    // Online: each role logs in (a store is created with the same password) and syncs.
    let mut operators = vec![];
    // The agency's operators (the regional office has no citizens to pull).
    for user in seeded.users.iter().filter(|u| u.role != "validatore") {
        let profile = Profile::new(Some(data.path().to_path_buf()), &user.username).unwrap();
        let scope = (user.role != "operatore").then_some("tutte");
        let (mut store, login) = app::login(&profile, Some(&url), &user.password, scope)
            .await
            .unwrap();
        assert!(login.online && login.store_created, "{}", user.username);
        let summary = app::sync(&mut store, &quiet()).await.unwrap();
        assert!(summary.from_zero && summary.pulled > 0);
        let status = app::status(&store).await.unwrap();
        assert!(status.online);
        assert_eq!(status.pending_mutations, 0);
        let expected = user.branches.len() as u64;
        assert_eq!(
            status.records.branches, expected,
            "{} sees its branches",
            user.username
        );
        operators.push((profile, user.password.clone(), user.branches.clone()));
        drop(store);
    }

    // Offline: the server goes away; each operator logs in on the cache and works.
    server.shutdown().await.unwrap();
    let mut edited = vec![];
    for (i, (profile, password, _)) in operators.iter().enumerate() {
        let (mut store, login) = app::login(profile, None, password, None).await.unwrap();
        assert!(!login.online, "the server is down");
        assert!(login.last_sync_at.is_some() && login.data_age_minutes.is_some());
        // A record no other operator touches, so no change conflicts with another.
        let mut offset = i as u64;
        let cf = loop {
            let hits = sportello_app::search::search_in(
                &store,
                &sportello_app::search::SearchRequest {
                    query: sportello_app::search::Query {
                        filter: Default::default(),
                        scope: app::session_scope(&store).unwrap(),
                        sort: Default::default(),
                    },
                    offset: offset as _,
                    limit: 1,
                },
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            )
            .unwrap();
            let cf = hits.rows[0].codice_fiscale.clone();
            if edited.iter().all(|(other, _)| *other != cf) {
                break cf;
            }
            offset += 1;
        };
        let phone = format!("05512345{i:02}");
        app::edit_contacts(
            &mut store,
            profile,
            &cf,
            Contacts {
                phone: Some(phone.clone()),
                mobile: None,
                email: Some(format!("op{i}@esempio.it")),
            },
        )
        .unwrap();
        app::annotate(
            &mut store,
            profile,
            &cf,
            app::parse_annotation_kind("esito_colloquio").unwrap(),
            "Colloquio svolto, disponibile",
            None,
        )
        .unwrap();
        let fast = app::ClientConfig {
            attempts: 2,
            backoff: std::time::Duration::from_millis(10),
            ..app::ClientConfig::default()
        };
        let err = app::sync_with(&mut store, fast, &quiet())
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::ServerNonRaggiungibile, "{err}");
        let err = app::logout(&mut store, false).await.unwrap_err();
        assert!(matches!(err, AppError::PendingMutations(2)), "{err}");
        assert_eq!(app::status(&store).await.unwrap().pending_mutations, 2);
        edited.push((cf, phone));
    }

    // Reconnect: the server is back on the same address; each syncs.
    server = start(&db, clock, Some(&addr)).await;
    let mut last_store = None;
    for ((profile, password, _), (cf, phone)) in operators.iter().zip(&edited) {
        let (mut store, login) = app::login(profile, None, password, None).await.unwrap();
        assert!(login.online);
        let summary = app::sync(&mut store, &quiet()).await.unwrap();
        assert_eq!(summary.rejected, 0, "{}", profile.user());
        let cached = store.candidate(cf).unwrap().unwrap();
        assert_eq!(
            cached.candidate.contacts.phone.as_deref(),
            Some(phone.as_str())
        );
        assert!(
            store
                .annotations(cf)
                .unwrap()
                .iter()
                .any(|a| a.author == profile.user()),
            "the annotation is there, by its author"
        );
        last_store = Some((profile.clone(), password.clone()));
        app::logout(&mut store, false).await.unwrap();
    }

    // Everyone syncs once more, then every cache equals the server's view.
    for (profile, password, branches) in &operators {
        let (mut store, _) = app::login(profile, None, password, None).await.unwrap();
        app::sync(&mut store, &quiet()).await.unwrap();
        let status = app::status(&store).await.unwrap();
        assert_eq!((status.pending_mutations, status.rejected), (0, 0));
        for ((cf, phone), (other, _, _)) in edited.iter().zip(&operators) {
            let record = store.candidate(cf).unwrap();
            let visible = record
                .as_ref()
                .is_some_and(|r| branches.contains(&r.candidate.branch));
            assert_eq!(status.conflicts, 0);
            if let Some(r) = record {
                assert!(visible, "{} holds only its branches", profile.user());
                assert_eq!(
                    r.candidate.contacts.phone.as_deref(),
                    Some(phone.as_str()),
                    "{} sees {}'s change",
                    profile.user(),
                    other.user()
                );
            }
        }
    }
    assert!(last_store.is_some());
    server.shutdown().await.unwrap();
}
