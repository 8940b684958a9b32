//! What the sync engine keeps in the store: session, annotations, declarations, bases,
//! conflicts, the sweep after a pull from zero, and the crash-safe password change.

use std::io::{BufRead, BufReader};
use std::time::Duration;

use chrono::NaiveDate;
use rand::Rng;
use serde_json::json;
use sportello_store::{
    AnnotationRow, CandidateBase, Conflict, Declaration, Error, RekeyStep, SeenEntity,
    SessionRecord, Store,
};

use crate::support::*;

const NEW_PASSWORD: &str = "Cambiata2027";

fn session() -> SessionRecord {
    SessionRecord {
        server_url: "http://127.0.0.1:9".into(),
        username: "op.fi01".into(),
        role: "operatore".into(),
        token: "segreto-del-token".into(),
        token_expires_at: server_time(),
        password_expires_at: server_time(),
        scope: "filiale:FI01".into(),
        scope_branches: vec!["FI01".into()],
    }
}

fn annotation(id: &str, cf: &str, branch: &str) -> AnnotationRow {
    AnnotationRow {
        id: id.into(),
        codice_fiscale: cf.into(),
        branch: branch.into(),
        kind: "nota".into(),
        text: "Colloquio fissato".into(),
        occurred_on: NaiveDate::from_ymd_opt(2026, 11, 2),
        author: "op.fi01".into(),
        created_at: server_time(),
    }
}

#[test]
fn session_is_kept_encrypted_and_never_printed() {
    let (dir, mut store) = new_store();
    assert_eq!(store.session().unwrap(), None);
    store.write(|tx| tx.save_session(&session())).unwrap();
    store
        .write(|tx| tx.set_scope_choice("filiale:FI01"))
        .unwrap();
    drop(store);
    let store = Store::open(dir.path(), PASSWORD).unwrap();
    assert_eq!(store.session().unwrap(), Some(session()));
    assert_eq!(
        store.scope_choice().unwrap().as_deref(),
        Some("filiale:FI01")
    );
    assert!(
        !format!("{:?}", session()).contains("segreto"),
        "Debug must not print the token"
    );
    drop(store);
    for name in file_names(dir.path()) {
        let bytes = std::fs::read(dir.path().join(&name)).unwrap();
        assert!(
            !bytes.windows(17).any(|w| w == b"segreto-del-token"),
            "{name} holds the token in clear"
        );
    }
}

#[test]
fn annotations_declarations_and_bases_round_trip() {
    let (_dir, mut store) = new_store();
    let record = demo_records(3, 1).remove(0);
    let cf = record.candidate.codice_fiscale.clone();
    store
        .write(|tx| {
            tx.upsert_annotations(&[annotation("a1", &cf, "FI01"), annotation("a2", &cf, "FI01")])?;
            tx.set_declaration(
                &cf,
                Some(&Declaration {
                    fascia_debole: true,
                    categoria: Some("SVA".into()),
                }),
            )?;
            tx.save_base(&CandidateBase {
                record: record.clone(),
                declaration: None,
            })
        })
        .unwrap();
    assert_eq!(store.annotations(&cf).unwrap().len(), 2);
    assert_eq!(
        store
            .declaration(&cf)
            .unwrap()
            .unwrap()
            .categoria
            .as_deref(),
        Some("SVA")
    );
    store
        .write(|tx| {
            assert_eq!(tx.base(&cf)?.unwrap().record, record);
            tx.delete_annotations(&["a1"])?;
            tx.set_declaration(&cf, None)?;
            assert!(tx.delete_base(&cf)?);
            Ok::<_, Error>(())
        })
        .unwrap();
    assert_eq!(
        store.annotations(&cf).unwrap(),
        vec![annotation("a2", &cf, "FI01")]
    );
    assert_eq!(store.declaration(&cf).unwrap(), None);
}

#[test]
fn a_conflict_keeps_both_sides_until_resolved() {
    let (_dir, mut store) = new_store();
    let entry = store
        .write(|tx| {
            tx.enqueue_mutation(
                "edit_contacts",
                "RSSMRA85T10A562S",
                Some(3),
                &json!({"email": "a@b.it"}),
            )
        })
        .unwrap();
    let conflict = Conflict {
        seq: entry.seq,
        record_key: entry.record_key.clone(),
        kind: entry.kind.clone(),
        local_payload: entry.payload.clone(),
        server_version: 5,
        server_record: json!({"version": 5}),
        detected_at: server_time(),
    };
    store
        .write(|tx| {
            tx.mark_mutation_conflict(entry.seq, "versione 5 sul server")?;
            tx.record_conflict(&conflict)
        })
        .unwrap();
    assert_eq!(store.conflicts().unwrap(), vec![conflict]);
    assert_eq!(store.outbox_counts().unwrap().conflict, 1);
    store.write(|tx| tx.delete_conflict(entry.seq)).unwrap();
    assert!(store.conflicts().unwrap().is_empty());
    assert_eq!(
        store.outbox_counts().unwrap().total(),
        0,
        "resolved: the entry leaves the outbox"
    );
}

#[test]
fn sweep_drops_what_a_pull_from_zero_did_not_meet() {
    let (_dir, mut store) = new_store();
    let records = demo_records(5, 10);
    store
        .write(|tx| tx.upsert_branches(&demo_branches()))
        .unwrap();
    store.bulk_upsert_candidates(&records).unwrap();
    let cfs: Vec<String> = records
        .iter()
        .map(|r| r.candidate.codice_fiscale.clone())
        .collect();
    store
        .write(|tx| {
            tx.upsert_annotations(&[
                annotation("kept", &cfs[0], "FI01"),
                annotation("gone", &cfs[1], "FI01"),
            ])
        })
        .unwrap();
    let sweep = store
        .write(|tx| {
            tx.mark_seen(SeenEntity::Candidate, &cfs[..7])?;
            tx.mark_seen(SeenEntity::Annotation, &["kept"])?;
            tx.mark_seen(SeenEntity::Branch, &[demo_branches()[0].code.clone()])?;
            tx.sweep_unseen()
        })
        .unwrap();
    assert_eq!(
        (sweep.candidates, sweep.annotations, sweep.branches),
        (3, 1, 3)
    );
    assert_eq!(store.candidate_count().unwrap(), 7);
    for cf in &cfs[7..] {
        assert!(store.candidate(cf).unwrap().is_none(), "{cf} was not met");
    }
    assert_eq!(store.branches().unwrap().len(), 1);
    assert!(store.check().unwrap().quick_check_ok);
}

#[test]
fn scope_change_drops_other_branches() {
    let (_dir, mut store) = new_store();
    let records = demo_records(6, 40);
    store.bulk_upsert_candidates(&records).unwrap();
    let keep = records[0].candidate.branch.clone();
    let expected = records
        .iter()
        .filter(|r| r.candidate.branch == keep)
        .count();
    let sweep = store
        .write(|tx| tx.drop_outside(std::slice::from_ref(&keep)))
        .unwrap();
    assert_eq!(sweep.candidates, records.len() - expected);
    assert_eq!(store.candidate_count().unwrap() as usize, expected);
    let kw = sportello_core::keywords::KeywordQuery::parse("");
    for cf in store.candidates_matching_keywords(&kw).unwrap() {
        assert_eq!(
            store.candidate(&cf).unwrap().unwrap().candidate.branch,
            keep
        );
    }
}

#[test]
fn password_change_rekeys_in_place() {
    let (dir, mut store) = new_store();
    store.bulk_upsert_candidates(demo_records(7, 20)).unwrap();
    store
        .write(|tx| tx.enqueue_mutation("nota", "X", None, &json!({"n": 1})))
        .unwrap();
    assert!(matches!(
        store.change_password("Sbagliata1", NEW_PASSWORD),
        Err(Error::WrongPassword)
    ));
    store.change_password(PASSWORD, NEW_PASSWORD).unwrap();
    store
        .write(|tx| tx.enqueue_mutation("nota", "X", None, &json!({"n": 2})))
        .unwrap();
    drop(store);
    assert!(matches!(
        Store::open(dir.path(), PASSWORD),
        Err(Error::WrongPassword)
    ));
    let store = Store::open(dir.path(), NEW_PASSWORD).unwrap();
    assert_eq!(store.candidate_count().unwrap(), 20);
    assert_eq!(store.outbox_counts().unwrap().pending, 2);
    assert!(store.check().unwrap().quick_check_ok);
    assert!(!file_names(dir.path()).contains(&sportello_store::NEXT_KEY_FILE.to_string()));
}

const REKEY_TEST: &str = "sync::a_password_change_killed_at_any_point_opens_with_one_password";

#[test]
fn a_password_change_killed_at_any_point_opens_with_one_password() {
    if let Some((role, dir)) = child_role() {
        rekey_child(&role, &dir);
    }
    // The dangerous points, then random moments of a loop of changes.
    let steps = ["NextKeyWritten", "Rekeyed", "KeyFileReplaced"];
    let mut rng = rand::rng();
    for round in 0..(steps.len() + 6) {
        let dir = temp_dir();
        let mut store = Store::create(dir.path(), PASSWORD).unwrap();
        store.bulk_upsert_candidates(demo_records(8, 30)).unwrap();
        let mark = store
            .write(|tx| tx.enqueue_mutation("nota", "X", None, &json!({"round": round})))
            .unwrap();
        drop(store);
        let role = match steps.get(round) {
            Some(step) => format!("stop-at-{step}"),
            None => "loop".to_string(),
        };
        let mut child = spawn_self(REKEY_TEST, &role, dir.path());
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        if steps.get(round).is_some() {
            // Wait until the child is parked at the step.
            loop {
                let line = lines.next().expect("the child reaches the step").unwrap();
                if line.contains("REKEY-AT ") {
                    break;
                }
            }
        } else {
            std::thread::sleep(Duration::from_millis(rng.random_range(30..600)));
        }
        child.kill().unwrap();
        let out = child.wait_with_output().unwrap();
        let opened = [PASSWORD, NEW_PASSWORD]
            .into_iter()
            .filter_map(|p| Store::open(dir.path(), p).ok().map(|s| (p, s)))
            .collect::<Vec<_>>();
        assert_eq!(
            opened.len(),
            1,
            "round {round} ({role}): exactly one password must open the store; child: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (password, store) = &opened[0];
        let report = store.check().unwrap();
        assert!(
            report.quick_check_ok,
            "round {round}: {:?}",
            report.integrity_messages
        );
        assert_eq!(store.candidate_count().unwrap(), 30, "round {round}");
        let pending = store.pending_mutations(10).unwrap();
        assert_eq!(
            pending,
            vec![mark.clone()],
            "round {round}: the outbox is intact"
        );
        if role == "stop-at-NextKeyWritten" {
            assert_eq!(*password, PASSWORD, "the database was not re-keyed yet");
        }
        if role == "stop-at-Rekeyed" || role == "stop-at-KeyFileReplaced" {
            assert_eq!(*password, NEW_PASSWORD, "the re-key had committed");
        }
        assert!(
            !file_names(dir.path()).contains(&sportello_store::NEXT_KEY_FILE.to_string()),
            "round {round}: opening finishes or rolls back the change"
        );
    }
}

fn rekey_child(role: &str, dir: &std::path::Path) -> ! {
    if let Some(step) = role.strip_prefix("stop-at-") {
        let mut store = Store::open(dir, PASSWORD).unwrap();
        store
            .change_password_with(PASSWORD, NEW_PASSWORD, |at: RekeyStep| {
                if format!("{at:?}") == step {
                    println!("REKEY-AT {step}");
                    loop {
                        std::thread::sleep(Duration::from_secs(1));
                    }
                }
            })
            .unwrap();
        unreachable!("the step is always reached");
    }
    // Back and forth until killed.
    let mut current = PASSWORD;
    loop {
        let next = if current == PASSWORD {
            NEW_PASSWORD
        } else {
            PASSWORD
        };
        let mut store = Store::open(dir, current).unwrap();
        store.change_password(current, next).unwrap();
        println!("CHANGED");
        current = next;
    }
}
