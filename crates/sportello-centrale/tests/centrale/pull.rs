//! Pull: scope, paging under concurrent writes, tombstones, cursors.

use std::collections::{BTreeMap, HashMap, HashSet};

use reqwest::StatusCode;
use sportello_centrale::routes::sandbox;
use sportello_core::candidate::Contacts;
use sportello_protocol::ErrorCode;
use sportello_protocol::sync::{Change, Entity, Mutation, MutationResult, TombstoneReason};
use uuid::Uuid;

use crate::support::{Sandbox, candidates, problem};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_scope_pulls_exactly_its_records() {
    let sb = Sandbox::start(600, 4).await;
    let master = sb.login("master", None).await;
    let (all, _) = sb.pull_from(&master.token, None, 5000).await;
    let everyone = candidates(&all);
    assert_eq!(everyone.len(), 600, "master sees every citizen");
    let branches: Vec<String> = all
        .iter()
        .filter_map(|c| match c {
            Change::Branch { branch, .. } => Some(branch.code.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(branches.len(), 4);

    for code in sb.branches().to_vec() {
        let op = sb
            .login(&format!("operatore.{}", code.to_lowercase()), None)
            .await;
        let (changes, _) = sb.pull_from(&op.token, None, 97).await;
        let mine: HashSet<_> = candidates(&changes).into_iter().collect();
        let expected: HashSet<_> = everyone
            .iter()
            .filter(|(_, b)| *b == code)
            .cloned()
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(
            mine, expected,
            "operatore of {code} sees its branch's citizens and no other"
        );
        let seen_branches: Vec<_> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Branch { branch, .. } => Some(branch.code.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            seen_branches,
            vec![code.clone()],
            "and only its own branch record"
        );
    }
    let sup = sb.login("super", None).await;
    let (changes, _) = sb.pull_from(&sup.token, None, 1000).await;
    let enabled = sup.scope_branches.clone();
    let got: HashSet<_> = candidates(&changes).into_iter().collect();
    let expected: HashSet<_> = everyone
        .iter()
        .filter(|(_, b)| enabled.contains(b))
        .cloned()
        .collect();
    assert_eq!(got, expected, "super sees the union of its branches");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_while_others_write_misses_and_duplicates_nothing() {
    let sb = std::sync::Arc::new(Sandbox::start(1500, 3).await);
    let master = sb.login("master", None).await;
    let (initial, _) = sb.pull_from(&master.token, None, 5000).await;
    let keys: Vec<(String, String)> = candidates(&initial);

    // Writers: one operatore per branch edits its citizens' contacts and annotates them.
    let mut writers = Vec::new();
    for (w, code) in sb.branches().to_vec().into_iter().enumerate() {
        let sb = sb.clone();
        let mine: Vec<String> = keys
            .iter()
            .filter(|(_, b)| *b == code)
            .map(|(cf, _)| cf.clone())
            .collect();
        writers.push(tokio::spawn(async move {
            let op = sb
                .login(&format!("operatore.{}", code.to_lowercase()), None)
                .await;
            let client = Uuid::new_v4();
            let mut versions: HashMap<String, i64> = HashMap::new();
            let mut seq = 0;
            for round in 0..20 {
                let mut batch = Vec::new();
                for (i, cf) in mine
                    .iter()
                    .enumerate()
                    .skip(round * 7 % 50)
                    .step_by(23)
                    .take(10)
                {
                    seq += 1;
                    let contacts = Contacts {
                        phone: None,
                        mobile: Some(format!("3{:09}", w * 1_000_000 + round * 1000 + i)),
                        email: None,
                    };
                    batch.push(Mutation::edit_contacts(
                        seq,
                        cf,
                        *versions.get(cf).unwrap_or(&1),
                        &contacts,
                    ));
                }
                seq += 1;
                let note = sportello_protocol::sync::NewAnnotation {
                    id: Uuid::new_v4(),
                    kind: sportello_protocol::sync::AnnotationKind::Contatto,
                    text: format!("Telefonata {round}"),
                    occurred_on: None,
                };
                batch.push(Mutation::add_annotation(seq, &mine[round], &note));
                let sent = batch.clone();
                for (m, r) in sent.iter().zip(sb.push(&op.token, client, batch).await) {
                    match r {
                        MutationResult::Applied { version, .. } => {
                            versions.insert(m.key.clone(), version);
                        }
                        MutationResult::Conflict { server, .. } => {
                            versions.insert(m.key.clone(), server.version);
                        }
                        MutationResult::Rejected { errors, .. } => panic!("{errors:?}"),
                        MutationResult::Outdated { .. } => unreachable!("candidate kinds only"),
                    }
                }
                tokio::task::yield_now().await;
            }
        }));
    }

    // The reader pages from zero in small pages while the writers run.
    let reader = sb.login("master", None).await;
    let mut cursor: Option<String> = None;
    let mut seen: Vec<Change> = Vec::new();
    let mut pages = 0;
    loop {
        let page: sportello_protocol::sync::ChangesPage =
            crate::support::ok(sb.page(&reader.token, cursor.as_deref(), 40).await).await;
        let mut in_page = HashSet::new();
        for c in &page.changes {
            assert!(
                in_page.insert(c.key()),
                "a record appears at most once per page: {:?}",
                c.key()
            );
        }
        pages += 1;
        seen.extend(page.changes);
        cursor = Some(page.next_cursor);
        if !page.has_more {
            break;
        }
    }
    for w in writers {
        w.await.unwrap();
    }
    // Then catch up: whatever was written after the first pass.
    let (rest, _) = sb.pull_from(&reader.token, cursor, 40).await;
    seen.extend(rest);
    assert!(pages > 10, "the reader really paged ({pages} pages)");

    let seqs: Vec<i64> = seen.iter().map(Change::seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "changes come in strictly increasing sequence"
    );
    let mut versions_seen = HashSet::new();
    let mut latest: BTreeMap<(Entity, String), i64> = BTreeMap::new();
    for c in &seen {
        let version = c.version().expect("nothing was deleted");
        assert!(
            versions_seen.insert((c.key(), version)),
            "no version of a record is served twice: {:?}",
            c.key()
        );
        latest.insert(c.key(), version);
    }
    // The truth, from a fresh pull after the writers stopped.
    let (fresh, _) = sb.pull_from(&reader.token, None, 5000).await;
    let truth: BTreeMap<(Entity, String), i64> = fresh
        .iter()
        .map(|c| (c.key(), c.version().expect("nothing was deleted")))
        .collect();
    // The seeded offers, applications, documents to sign and appointments are not the
    // writers'.
    let seeded_records = truth
        .keys()
        .filter(|(e, _)| {
            matches!(
                e,
                Entity::Offerta
                    | Entity::Interesse
                    | Entity::Rifiuto
                    | Entity::Documento
                    | Entity::Sportello
                    | Entity::Prenotazione
                    | Entity::Candidatura
                    | Entity::Contatto
            )
        })
        .count();
    assert_eq!(
        truth.len() - seeded_records,
        1500 + 3 + 60,
        "every citizen, branch and annotation"
    );
    assert_eq!(
        latest, truth,
        "paging to the end under concurrent writes leaves the client equal to the server"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moves_and_deletions_arrive_as_tombstones() {
    let sb = Sandbox::start(200, 3).await;
    let (a, b) = (sb.branches()[0].clone(), sb.branches()[1].clone());
    let op_a = sb
        .login(&format!("operatore.{}", a.to_lowercase()), None)
        .await;
    let op_b = sb
        .login(&format!("operatore.{}", b.to_lowercase()), None)
        .await;
    let master = sb.login("master", None).await;
    let (changes_a, cursor_a) = sb.pull_from(&op_a.token, None, 1000).await;
    let (_, cursor_b) = sb.pull_from(&op_b.token, None, 1000).await;
    let (_, cursor_m) = sb.pull_from(&master.token, None, 1000).await;
    let moved = candidates(&changes_a)[0].0.clone();
    let gone = candidates(&changes_a)[1].0.clone();

    // An annotation that travels with the candidate.
    let note = sportello_protocol::sync::NewAnnotation {
        id: Uuid::new_v4(),
        kind: sportello_protocol::sync::AnnotationKind::EsitoColloquio,
        text: "Colloquio svolto, esito positivo".into(),
        occurred_on: Some(crate::support::reference()),
    };
    let r = sb
        .push(
            &op_a.token,
            Uuid::new_v4(),
            vec![Mutation::add_annotation(1, &moved, &note)],
        )
        .await;
    assert!(matches!(r[0], MutationResult::Applied { version: 1, .. }));
    let transfer = sandbox::Transfer {
        codice_fiscale: moved.clone(),
        branch: b.clone(),
    };
    assert_eq!(
        sb.post(sandbox::TRANSFER, None, &transfer).await.status(),
        StatusCode::OK
    );
    let delete = sandbox::Delete {
        codice_fiscale: gone.clone(),
    };
    assert_eq!(
        sb.post(sandbox::DELETE, None, &delete).await.status(),
        StatusCode::NO_CONTENT
    );

    let (after_a, _) = sb.pull_from(&op_a.token, Some(cursor_a), 1000).await;
    let tomb = |changes: &[Change], key: &str| {
        changes.iter().find_map(|c| match c {
            Change::Tombstone {
                entity,
                key: k,
                reason,
                ..
            } if k == key => Some((*entity, *reason)),
            _ => None,
        })
    };
    assert_eq!(
        tomb(&after_a, &moved),
        Some((Entity::Candidate, TombstoneReason::OutOfScope)),
        "the old branch loses it"
    );
    assert_eq!(
        tomb(&after_a, &note.id.to_string()),
        Some((Entity::Annotation, TombstoneReason::OutOfScope)),
        "with its annotations"
    );
    assert_eq!(
        tomb(&after_a, &gone),
        Some((Entity::Candidate, TombstoneReason::Deleted))
    );
    assert_eq!(
        after_a.len(),
        3,
        "nothing else changed for branch {a}: {after_a:?}"
    );

    let (after_b, _) = sb.pull_from(&op_b.token, Some(cursor_b), 1000).await;
    assert_eq!(
        candidates(&after_b),
        vec![(moved.clone(), b.clone())],
        "the new branch gains it"
    );
    assert!(
        after_b.iter().any(
            |c| matches!(c, Change::Annotation { annotation, .. } if annotation.id == note.id)
        )
    );
    assert!(
        after_b
            .iter()
            .all(|c| !matches!(c, Change::Tombstone { .. }))
    );

    let (after_m, _) = sb.pull_from(&master.token, Some(cursor_m), 1000).await;
    assert!(
        tomb(&after_m, &moved).is_none(),
        "a cross-branch scope sees a move as an update, not a removal"
    );
    assert_eq!(
        tomb(&after_m, &gone),
        Some((Entity::Candidate, TombstoneReason::Deleted))
    );
    let (fresh, _) = sb.pull_from(&master.token, None, 1000).await;
    assert!(
        fresh.iter().all(|c| !matches!(c, Change::Tombstone { .. })),
        "a first pull has no tombstones"
    );
    assert!(candidates(&fresh).iter().all(|(cf, _)| *cf != gone));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cursors_expire_and_belong_to_their_scope() {
    let sb = Sandbox::start(50, 2).await;
    let a = sb.branches()[0].clone();
    let one = sb.login("master", Some(&format!("filiale:{a}"))).await;
    let all = sb.login("master", None).await;
    let (_, cursor_one) = sb.pull_from(&one.token, None, 1000).await;
    let (changes, cursor_all) = sb.pull_from(&all.token, None, 1000).await;
    problem(
        sb.page(&all.token, Some(&cursor_one), 10).await,
        StatusCode::GONE,
        ErrorCode::CursoreScaduto,
    )
    .await;
    problem(
        sb.page(&all.token, Some("rubbish"), 10).await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    problem(
        sb.page(&all.token, None, 0).await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    problem(
        sb.page(&all.token, None, 5001).await,
        StatusCode::BAD_REQUEST,
        ErrorCode::RichiestaNonValida,
    )
    .await;
    assert_eq!(
        sb.page(&all.token, None, 5000).await.status(),
        StatusCode::OK
    );

    let victim = candidates(&changes)[0].0.clone();
    sb.post(
        sandbox::DELETE,
        None,
        &sandbox::Delete {
            codice_fiscale: victim,
        },
    )
    .await;
    let (_, newest) = sb
        .pull_from(&all.token, Some(cursor_all.clone()), 1000)
        .await;
    let purged: sandbox::Purged = crate::support::ok(
        sb.post(sandbox::PURGE_TOMBSTONES, None, &sandbox::Purge::default())
            .await,
    )
    .await;
    assert_eq!(purged.purged, 1);
    let p = problem(
        sb.page(&all.token, Some(&cursor_all), 10).await,
        StatusCode::GONE,
        ErrorCode::CursoreScaduto,
    )
    .await;
    assert!(
        p.detail.contains("dall'inizio"),
        "the detail tells what to do: {}",
        p.detail
    );
    assert_eq!(
        sb.page(&all.token, Some(&newest), 10).await.status(),
        StatusCode::OK,
        "a cursor past the horizon still works"
    );
}
