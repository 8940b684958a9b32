//! Local changes through a sync: applied, rejected without blocking, conflicts with
//! both versions, rebase on pull, scope change.

use sportello_core::candidate::Contacts;
use sportello_protocol::sync::{FasciaDeboleDeclaration, Mutation};
use sportello_sync::{Edit, Error, Resolution, local, session, sync_once};

use crate::support::*;

fn contacts(phone: &str) -> Edit {
    Edit::Contacts(Contacts {
        phone: Some(phone.into()),
        mobile: None,
        email: None,
    })
}

fn edit(store: &mut sportello_store::Store, cf: &str, e: Edit) -> i64 {
    store
        .write(|tx| local::record_edit(tx, "master", cf, &e, chrono::Utc::now()))
        .unwrap()
        .seq
}

/// Another client changes `cf` on the server (its version goes up by one).
async fn server_side_edit(sandbox: &Sandbox, cf: &str, version: i64, phone: &str) {
    let client = sandbox.client(fast_config());
    let s = session::login(&client, "master", &sandbox.password("master"), None)
        .await
        .unwrap();
    let m = Mutation::edit_contacts(
        1,
        cf,
        version,
        &Contacts {
            phone: Some(phone.into()),
            ..Contacts::default()
        },
    );
    let batch = sportello_protocol::sync::MutationBatch {
        client_id: uuid::Uuid::new_v4(),
        mutations: vec![m],
    };
    let r = client.push(&s.token, &batch).await.unwrap();
    assert!(
        matches!(
            r.results[0],
            sportello_protocol::sync::MutationResult::Applied { .. }
        ),
        "{r:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejection_does_not_block_and_a_conflict_keeps_both_sides() {
    let sandbox = Sandbox::start(200, 2).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let cfs: Vec<String> = local_view(&store)
        .candidates
        .keys()
        .take(3)
        .cloned()
        .collect();
    let v1 = store.candidate(&cfs[1]).unwrap().unwrap().version;

    // Rejected (unknown category), then an edit after it that must still go through.
    edit(
        &mut store,
        &cfs[0],
        Edit::FasciaDebole(FasciaDeboleDeclaration {
            fascia_debole: true,
            categoria: Some("ZZZ".into()),
        }),
    );
    assert!(
        store.declaration(&cfs[0]).unwrap().is_some(),
        "shown at once"
    );
    // A later edit of the same record, made counting on the version the refused one
    // would have added: rebased when that one is refused, so it applies.
    edit(&mut store, &cfs[0], contacts("0553333333"));
    // A conflict: the server's record moves on before our edit arrives.
    edit(&mut store, &cfs[1], contacts("0551111111"));
    server_side_edit(&sandbox, &cfs[1], v1, "0559999999").await;
    edit(&mut store, &cfs[2], contacts("0552222222"));

    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(
        (report.applied, report.conflicts, report.rejected),
        (2, 1, 1)
    );
    assert_eq!(
        store.declaration(&cfs[0]).unwrap(),
        None,
        "the rejected change leaves the cache"
    );
    assert_eq!(
        sandbox.server_view("master", None).await.candidates[&cfs[0]]
            .contacts
            .phone
            .as_deref(),
        Some("0553333333"),
        "the edit after the refused one reached the server"
    );
    let conflicts = store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0].local_payload["phone"], "0551111111",
        "our side"
    );
    assert_eq!(
        conflicts[0].server_record["sap"]["contacts"]["phone"], "0559999999",
        "theirs"
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
        Some("0559999999"),
        "until resolved, the cache shows the server's record"
    );
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", None).await,
        "after push",
    );

    // Keep mine: sent again on the server's version, applied.
    let c = conflicts[0].clone();
    store
        .write(|tx| {
            local::resolve_conflict(tx, "master", &c, Resolution::KeepMine, chrono::Utc::now())
        })
        .unwrap();
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(report.applied, 1);
    let counts = store.outbox_counts().unwrap();
    assert_eq!(
        (counts.pending, counts.conflict, counts.rejected),
        (0, 0, 1)
    );
    let server = sandbox.server_view("master", None).await;
    assert_eq!(
        server.candidates[&cfs[1]].contacts.phone.as_deref(),
        Some("0551111111")
    );
    assert_same(&local_view(&store), &server, "after resolving");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_never_overwrites_a_pending_change() {
    let sandbox = Sandbox::start(200, 2).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let cf = local_view(&store).candidates.keys().next().unwrap().clone();
    let v = store.candidate(&cf).unwrap().unwrap().version;
    // Offline: a fascia-debole declaration; meanwhile the server's contacts change.
    edit(
        &mut store,
        &cf,
        Edit::FasciaDebole(FasciaDeboleDeclaration {
            fascia_debole: true,
            categoria: Some("SVA".into()),
        }),
    );
    server_side_edit(&sandbox, &cf, v, "0557777777").await;
    let token = store.session().unwrap().unwrap().token;
    let mut report = sportello_sync::SyncReport::default();
    sportello_sync::engine::pull(&client, &mut store, &token, &mut report, &no_progress())
        .await
        .unwrap();
    let live = store.candidate(&cf).unwrap().unwrap();
    assert_eq!(
        live.candidate.contacts.phone.as_deref(),
        Some("0557777777"),
        "server's change in"
    );
    assert_eq!(
        store
            .declaration(&cf)
            .unwrap()
            .and_then(|d| d.categoria)
            .as_deref(),
        Some("SVA"),
        "local change re-applied on top"
    );
    // Made on the old version: the server reports the conflict when it is pushed.
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(report.conflicts, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chained_edits_and_annotations_apply_in_order() {
    let sandbox = Sandbox::start(150, 1).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let cf = local_view(&store).candidates.keys().next().unwrap().clone();
    for phone in ["0550000001", "0550000002", "0550000003"] {
        edit(&mut store, &cf, contacts(phone));
    }
    edit(
        &mut store,
        &cf,
        Edit::Annotation {
            kind: sportello_protocol::sync::AnnotationKind::EsitoColloquio,
            text: "Disponibile da lunedì".into(),
            occurred_on: None,
        },
    );
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(
        (report.applied, report.conflicts),
        (4, 0),
        "each edit on the one before"
    );
    let server = sandbox.server_view("master", None).await;
    assert_eq!(
        server.candidates[&cf].contacts.phone.as_deref(),
        Some("0550000003")
    );
    assert_eq!(server.annotations.values().filter(|c| **c == cf).count(), 1);
    assert_same(&local_view(&store), &server, "after chained edits");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_change_drops_what_is_no_longer_visible() {
    let sandbox = Sandbox::start(600, 3).await;
    let client = sandbox.client(fast_config());
    let (_dir, mut store) = sandbox
        .logged_in_store("master", Some("tutte"), &client)
        .await;
    sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(store.candidate_count().unwrap(), 600);
    let branch = sandbox.report.branches[1].clone();
    let scope = format!("filiale:{branch}");
    session::switch_scope(&client, &mut store, &scope, &no_progress())
        .await
        .unwrap();
    assert!(
        local_view(&store)
            .candidates
            .values()
            .all(|s| s.branch == branch),
        "other branches are dropped at once, before any pull"
    );
    sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", Some(&scope)).await,
        "after the scope change",
    );
    assert_eq!(
        store.scope_choice().unwrap().as_deref(),
        Some(scope.as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_logged_in_is_a_typed_error() {
    let sandbox = Sandbox::start(10, 1).await;
    let client = sandbox.client(fast_config());
    let dir = tempfile::tempdir().unwrap();
    let mut store = sportello_store::Store::create(dir.path(), "Segreta123").unwrap();
    let err = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotLoggedIn), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_that_fail_validation_are_counted_and_never_stored() {
    let sandbox = Sandbox::start(50, 2).await;
    let branch = sportello_demo::branches(1)[0].code.clone();
    let mut planted = sportello_demo::Generator::new(77, chrono::Utc::now().date_naive())
        .candidates(4, std::slice::from_ref(&branch))
        .collect::<Vec<_>>();
    // A path, a wrong check character, a code in lower case, a code with a space.
    planted[0].codice_fiscale = "../../FUORI".into();
    let mut wrong_check = planted[1].codice_fiscale.clone();
    let last = if wrong_check.ends_with('A') { "B" } else { "A" };
    wrong_check.replace_range(15..16, last);
    planted[1].codice_fiscale = wrong_check.clone();
    planted[2].codice_fiscale = planted[2].codice_fiscale.to_lowercase();
    planted[3].codice_fiscale = format!("{} ", planted[3].codice_fiscale);
    let bad: Vec<String> = planted.iter().map(|c| c.codice_fiscale.clone()).collect();
    let now = chrono::Utc::now();
    sandbox
        .server()
        .state()
        .write(move |tx| {
            for c in &planted {
                sportello_centrale::db::candidates::insert(tx, c, now)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let client = sandbox.client(fast_config());
    let (_dir, mut store) = sandbox.logged_in_store("master", None, &client).await;
    let report = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(report.invalid, 4, "{report:?}");
    assert_eq!(
        store.candidate_count().unwrap(),
        50,
        "the demo citizens, none of the planted ones"
    );
    for cf in &bad {
        assert!(store.candidate(cf).unwrap().is_none(), "{cf} not stored");
    }
}

/// A first sync into an empty cache sets the search indexes aside and builds them once
/// at the end. Interrupted half-way it leaves them aside, searches still answer from
/// what arrived, and the next sync finishes the load and builds them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_load_builds_its_indexes_once_even_across_an_interruption() {
    let sandbox = Sandbox::start(1_200, 3).await;
    let client = sandbox.client(sportello_sync::ClientConfig {
        attempts: 2,
        ..fast_config()
    });
    let (_dir, mut store) = sandbox.logged_in_store("master", None, &client).await;
    // The network goes after the third page.
    let progress = |p: sportello_sync::Progress| {
        if matches!(p, sportello_sync::Progress::Pulling { pages: 3, .. }) {
            sandbox
                .server()
                .set_faults(Some(sportello_centrale::FaultConfig {
                    seed: 1,
                    error_rate: 1.0,
                    ..Default::default()
                }));
        }
    };
    sync_once(&client, &mut store, &progress)
        .await
        .expect_err("the server stopped answering");
    sandbox.server().set_faults(None);
    let arrived = store.candidate_count().unwrap();
    assert!(arrived > 0 && arrived < 1_200, "half a load: {arrived}");
    assert!(
        store.suspended_indexes().unwrap() >= 17,
        "indexes set aside during the load"
    );
    let found = store
        .candidates_matching_keywords(&sportello_core::keywords::KeywordQuery::parse(""))
        .unwrap();
    assert_eq!(found.len() as u64, arrived, "searches answer meanwhile");

    sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_same(
        &local_view(&store),
        &sandbox.server_view("master", None).await,
        "after the resumed load",
    );
    fully_loaded(&store);
}

/// A change the server answers but never takes (here a payload it cannot read) holds
/// the push for a few cycles, never the pull; after `MAX_ATTEMPTS` it is set aside as
/// a problem and the changes queued behind it go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_the_server_never_takes_is_set_aside_and_blocks_nothing() {
    use sportello_store::MutationState;
    use sportello_sync::engine::MAX_ATTEMPTS;
    let sandbox = Sandbox::start(60, 2).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let view = local_view(&store);
    let cfs: Vec<&String> = view.candidates.keys().collect();
    let (good, poison_cf, behind, theirs) = (cfs[0], cfs[1], cfs[2], cfs[3]);

    edit(&mut store, good, contacts("0551111111"));
    let poison = store
        .write(|tx| {
            tx.enqueue_mutation(
                "edit_contacts",
                poison_cf,
                Some(view.candidates[poison_cf].version),
                &serde_json::json!({"mobile": 42}),
            )
        })
        .unwrap()
        .seq;
    edit(&mut store, behind, contacts("0552222222"));

    for cycle in 1..MAX_ATTEMPTS {
        // Someone else changes a record meanwhile: the pull must bring it every time.
        let version = sandbox.server_view("master", None).await.candidates[theirs].version;
        server_side_edit(&sandbox, theirs, version, &format!("05590000{cycle:02}")).await;
        let r = sync_once(&client, &mut store, &no_progress())
            .await
            .unwrap();
        assert!(r.push_stopped.is_some(), "cycle {cycle}: {r:?}");
        assert_eq!(
            r.applied,
            u64::from(cycle == 1),
            "only the change before it, once"
        );
        assert!(r.pulled >= 1, "cycle {cycle}: the pull ran: {r:?}");
        assert_eq!(
            local_view(&store).candidates[theirs.as_str()].version,
            version + 1
        );
        let head = &store.pending_mutations(1).unwrap()[0];
        assert_eq!(
            (head.seq, head.attempts),
            (poison, cycle),
            "counted once a cycle"
        );
    }
    let r = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(
        (r.set_aside, r.applied, r.push_stopped.clone()),
        (1, 1, None),
        "{r:?}"
    );
    let aside = store.mutations(MutationState::Rejected, 10).unwrap();
    assert_eq!(aside.len(), 1);
    assert_eq!(aside[0].seq, poison);
    let reason = aside[0].last_error.clone().unwrap();
    assert!(
        reason.contains(&format!("dopo {MAX_ATTEMPTS} tentativi")),
        "{reason}"
    );
    assert_eq!(store.outbox_counts().unwrap().pending, 0);
    let server = sandbox.server_view("master", None).await;
    assert_eq!(
        server.candidates[good.as_str()].version,
        view.candidates[good].version + 1
    );
    assert_eq!(
        server.candidates[behind.as_str()].version,
        view.candidates[behind].version + 1
    );
    assert_eq!(
        server.candidates[poison_cf.as_str()].version,
        view.candidates[poison_cf].version
    );
}

/// Offline is nobody's fault: a push that cannot reach the server counts no attempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_counts_no_attempt() {
    let mut sandbox = Sandbox::start(30, 1).await;
    let client = sandbox.client(sportello_sync::ClientConfig {
        attempts: 2,
        ..fast_config()
    });
    let (_dir, mut store) = sandbox.logged_in_store("master", None, &client).await;
    sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    let cf = local_view(&store).candidates.keys().next().unwrap().clone();
    edit(&mut store, &cf, contacts("0553333333"));
    sandbox.stop().await;
    for _ in 0..3 {
        let err = sync_once(&client, &mut store, &no_progress())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Unavailable(_)), "{err:?}");
    }
    assert_eq!(store.pending_mutations(1).unwrap()[0].attempts, 0);
    sandbox.restart().await;
    let r = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(r.applied, 1);
}

/// A change larger than the server's body limit can never be sent: set aside at once,
/// and the others go in batches under the limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_too_large_to_send_is_set_aside_at_once() {
    let sandbox = Sandbox::start(30, 1).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let cfs: Vec<String> = local_view(&store).candidates.keys().cloned().collect();
    let huge = "x".repeat(sportello_protocol::sync::MAX_PUSH_BYTES + 1);
    store
        .write(|tx| {
            tx.enqueue_mutation(
                "add_annotation",
                &cfs[0],
                None,
                &serde_json::json!({"id": uuid::Uuid::new_v4(), "kind": "nota", "text": huge}),
            )
        })
        .unwrap();
    edit(&mut store, &cfs[1], contacts("0554444444"));
    let r = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(
        (r.set_aside, r.applied, r.push_stopped.clone()),
        (1, 1, None),
        "{r:?}"
    );
    let aside = store
        .mutations(sportello_store::MutationState::Rejected, 10)
        .unwrap();
    assert!(
        aside[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("troppo grande")
    );
}

/// A change set aside after the server failed it again and again is the operator's
/// to settle: sent again once the server works (it arrives once), or dropped. One that
/// cannot be made again (its payload unreadable) says so and stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_set_aside_change_is_sent_again_or_dropped_as_the_operator_decides() {
    use sportello_centrale::FaultConfig;
    use sportello_store::MutationState;
    use sportello_sync::engine::MAX_ATTEMPTS;
    let sandbox = Sandbox::start(40, 1).await;
    let (client, _dir, mut store) = sandbox.master_synced().await;
    let before = local_view(&store);
    let cfs: Vec<String> = before.candidates.keys().take(2).cloned().collect();
    let (kept, other) = (&cfs[0], &cfs[1]);
    edit(&mut store, kept, contacts("0551111111"));

    // The push answers 500/503 every time while the rest of the server works.
    sandbox.server().set_faults(Some(FaultConfig {
        seed: 7,
        error_rate: 1.0,
        drop_rate: 0.0,
        truncate_rate: 0.0,
        delay_rate: 0.0,
        delay_ms: 0,
        path_prefix: Some(sportello_protocol::paths::MUTATIONS.into()),
    }));
    for _ in 0..MAX_ATTEMPTS {
        sync_once(&client, &mut store, &no_progress())
            .await
            .unwrap();
    }
    let aside = store.mutations(MutationState::Rejected, 10).unwrap();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(local_view(&store), before, "its effect left the cache");
    sandbox.server().set_faults(None);

    let settle = |store: &mut sportello_store::Store, entry: &sportello_store::OutboxEntry, r| {
        store.write(|tx| local::resolve_rejected(tx, "master", entry, r, chrono::Utc::now()))
    };
    assert!(settle(&mut store, &aside[0], Resolution::KeepMine).unwrap());
    assert!(
        !settle(&mut store, &aside[0], Resolution::KeepMine).unwrap(),
        "settled once"
    );
    assert!(
        store
            .mutations(MutationState::Rejected, 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.outbox_counts().unwrap().pending, 1);
    let r = sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    assert_eq!(r.applied, 1, "{r:?}");
    let server = sandbox.server_view("master", None).await;
    assert_eq!(
        server.candidates[kept.as_str()].contacts.phone.as_deref(),
        Some("0551111111")
    );
    assert_eq!(
        server.candidates[kept.as_str()].version,
        before.candidates[kept].version + 1,
        "arrived once"
    );
    assert_same(&local_view(&store), &server, "after sending it again");

    // One the server can never read: sending it again is refused and changes nothing;
    // dropping it empties the problems.
    let poison = store
        .write(|tx| {
            tx.enqueue_mutation(
                "edit_contacts",
                other,
                None,
                &serde_json::json!({"mobile": 42}),
            )
        })
        .unwrap();
    store
        .write(|tx| tx.mark_mutation_rejected(poison.seq, "illeggibile"))
        .unwrap();
    assert!(settle(&mut store, &poison, Resolution::KeepMine).is_err());
    assert_eq!(
        store.mutations(MutationState::Rejected, 10).unwrap().len(),
        1
    );
    assert!(settle(&mut store, &poison, Resolution::KeepServer).unwrap());
    assert!(
        store
            .mutations(MutationState::Rejected, 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.outbox_counts().unwrap().pending, 0);
    assert_eq!(
        local_view(&store).candidates[other.as_str()],
        server.candidates[other.as_str()]
    );
}
