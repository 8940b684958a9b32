//! Damage detection and recovery: the outbox must come through.

use serde_json::json;
use sportello_store::{
    Conflict, DB_FILE, Error, FdCampaign, FdCategory, FdParticipant, FdRequest, FdRequestState,
    FdTipologia, FdUpload, FdUploadState, KEY_FILE, OutboxEntry, Store,
};

use crate::support::*;

fn store_receipt_probe() -> sportello_store::NewReceipt {
    sportello_store::NewReceipt {
        issued_at: chrono::Utc::now(),
        operator: "op".into(),
        branch: "FI01".into(),
        kind: "k".into(),
        title: "t".into(),
        file_sha256: None,
        acknowledgement: None,
        content: json!({}),
    }
}

/// A store with an outbox (written first, so it sits in the first pages) and enough
/// candidates after it that damage to the second half of the file misses the outbox.
fn store_with_outbox() -> (tempfile::TempDir, Vec<OutboxEntry>, String) {
    let (dir, mut store) = new_store();
    let mut entries = vec![];
    for n in 0..20 {
        entries.push(
            store
                .write(|tx| {
                    tx.enqueue_mutation(
                        "candidate.note",
                        "RSSMRA85T10A562S",
                        Some(n),
                        &json!({"n": n}),
                    )
                })
                .unwrap(),
        );
    }
    // An applied mutation leaves the outbox, but its seq stays used.
    let applied = store
        .write(|tx| tx.enqueue_mutation("candidate.note", "X", None, &json!({})))
        .unwrap();
    store
        .write(|tx| tx.mark_mutation_applied(applied.seq))
        .unwrap();
    let filter = sportello_core::CandidateFilter {
        keywords: Some("cuochi".into()),
        age_max: Some(30),
        ..Default::default()
    };
    store
        .save_search(
            "Cuochi giovani",
            &filter,
            Default::default(),
            chrono::Utc::now(),
        )
        .unwrap();
    let receipt = sportello_store::NewReceipt {
        issued_at: chrono::Utc::now(),
        operator: "mario.rossi".into(),
        branch: "FI01".into(),
        kind: "fasce_deboli_upload".into(),
        title: "Caricamento".into(),
        file_sha256: None,
        acknowledgement: Some("ACK-1".into()),
        content: json!({}),
    };
    for _ in 0..2 {
        store
            .write(|tx| tx.issue_receipt(&receipt, |id| format!("R-{id}")))
            .unwrap();
    }
    store.bulk_upsert_candidates(demo_records(9, 2000)).unwrap();
    let client_id = store.client_id().unwrap();
    drop(store);
    (dir, entries, client_id)
}

fn damage_second_half(db: &std::path::Path) {
    let pages = page_count(db);
    for page in [pages / 2, pages * 2 / 3, pages * 3 / 4, pages - 3] {
        damage_page(db, page);
    }
}

#[test]
fn damage_is_reported_as_corrupt_not_as_a_wrong_password() {
    let (dir, _, _) = store_with_outbox();
    damage_page(&dir.path().join(DB_FILE), 1);
    let err = Store::open(dir.path(), PASSWORD).unwrap_err();
    assert!(
        matches!(err, Error::Corrupt { .. }),
        "page 1 damaged with the right password is Corrupt, got {err:?}"
    );
    assert!(
        matches!(
            Store::open(dir.path(), "sbagliata"),
            Err(Error::WrongPassword)
        ),
        "a wrong password stays WrongPassword"
    );
}

#[test]
fn damage_to_the_cache_leaves_the_outbox_usable_and_check_reports_it() {
    let (dir, entries, _) = store_with_outbox();
    damage_second_half(&dir.path().join(DB_FILE));
    let store = Store::open(dir.path(), PASSWORD)
        .expect("open checks the outbox-side tables; damage confined to the cache does not stop the operator");
    assert_eq!(store.pending_mutations(100).unwrap(), entries);
    let report = store.check().unwrap();
    assert!(
        !report.quick_check_ok,
        "the full check reads every page and must see the damage"
    );
    assert!(!report.integrity_messages.is_empty());
}

#[test]
fn recovery_keeps_the_outbox_and_moves_the_damage_aside() {
    let (dir, entries, client_id) = store_with_outbox();
    let db = dir.path().join(DB_FILE);
    let damaged_bytes = {
        damage_second_half(&db);
        std::fs::read(&db).unwrap()
    };

    assert!(matches!(
        Store::recover(dir.path(), "sbagliata"),
        Err(Error::WrongPassword)
    ));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged_bytes,
        "a refused recovery touches nothing"
    );

    let report = Store::recover(dir.path(), PASSWORD).unwrap();
    assert!(report.was_damaged);
    assert_eq!(
        report.salvaged_mutations,
        entries.len(),
        "every outbox row was readable: {report:?}"
    );
    assert!(report.client_id_kept, "{report:?}");
    assert_eq!(
        report.salvaged_saved_searches, 1,
        "saved searches are the operator's own work: the server cannot give them back"
    );
    let moved = &report.moved_aside[0];
    assert!(
        moved
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("store.db.damaged-"),
        "{moved:?}"
    );
    assert_eq!(
        std::fs::read(moved).unwrap(),
        damaged_bytes,
        "the damaged file is kept, byte for byte"
    );

    let mut store = Store::open(dir.path(), PASSWORD).expect("the rebuilt store opens");
    let check = store.check().unwrap();
    assert!(check.quick_check_ok, "{:?}", check.integrity_messages);
    assert_eq!(
        store.pending_mutations(100).unwrap(),
        entries,
        "the outbox is intact, in order, field for field"
    );
    assert_eq!(store.client_id().unwrap(), client_id);
    assert_eq!(
        report.salvaged_receipts, 2,
        "receipts are the operator's record"
    );
    let kept: Vec<String> = store
        .receipts(10)
        .unwrap()
        .into_iter()
        .map(|r| r.number)
        .collect();
    assert_eq!(kept, ["R-2", "R-1"]);
    let next = store
        .write(|tx| tx.issue_receipt(&store_receipt_probe(), |id| format!("R-{id}")))
        .unwrap();
    assert_eq!(next.number, "R-3", "numbers go on after the salvaged ones");
    let saved = store
        .saved_search("cuochi GIOVANI")
        .unwrap()
        .expect("the saved search came through");
    assert_eq!(saved.filter.keywords.as_deref(), Some("cuochi"));
    assert_eq!(saved.filter.age_max, Some(30));
    assert_eq!(
        store.candidate_count().unwrap(),
        0,
        "the cache is left to the next sync"
    );
    let next = store
        .write(|tx| tx.enqueue_mutation("candidate.note", "X", None, &json!({})))
        .unwrap();
    assert_eq!(
        next.seq,
        entries.last().unwrap().seq + 2,
        "seqs continue after the applied one, never reused"
    );
}

#[test]
fn recovering_a_sound_store_changes_nothing() {
    let (dir, entries, _) = store_with_outbox();
    let before = file_names(dir.path());
    let report = Store::recover(dir.path(), PASSWORD).unwrap();
    assert!(
        !report.was_damaged && report.moved_aside.is_empty(),
        "{report:?}"
    );
    assert_eq!(file_names(dir.path()), before);
    let store = Store::open(dir.path(), PASSWORD).unwrap();
    assert_eq!(store.pending_mutations(100).unwrap(), entries);
    assert_eq!(
        store.candidate_count().unwrap(),
        2000,
        "a sound cache is kept"
    );
}

#[test]
fn a_lost_key_file_is_damage_and_recovery_starts_afresh() {
    let (dir, _, client_id) = store_with_outbox();
    std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
    match Store::open(dir.path(), PASSWORD) {
        Err(Error::Corrupt { detail }) => assert!(
            detail.contains(KEY_FILE),
            "the message names the missing file: {detail}"
        ),
        other => {
            panic!("without store.key the database cannot be decrypted: Corrupt, not {other:?}")
        }
    }
    let report = Store::recover(dir.path(), PASSWORD).unwrap();
    assert!(report.was_damaged);
    assert_eq!(
        report.salvaged_mutations, 0,
        "nothing can be decrypted without the salt"
    );
    assert!(!report.client_id_kept);
    assert_eq!(
        report.moved_aside.len(),
        1,
        "the undecryptable database is kept aside: {report:?}"
    );
    let store = Store::open(dir.path(), PASSWORD).expect("the fresh store has a fresh key file");
    assert_ne!(store.client_id().unwrap(), client_id);
}

/// The fasce-deboli work of the day and a conflict, as the operator left them.
fn add_operator_work(dir: &std::path::Path) -> (Vec<FdParticipant>, FdUpload, Conflict) {
    use chrono::{NaiveDate, Utc};
    use sportello_core::fasce_deboli::Flag;
    let mut store = Store::open(dir, PASSWORD).unwrap();
    store
        .fd_replace_lists(
            &[FdCategory {
                code: "GIO".into(),
                label: "Giovani".into(),
                source: "seed".into(),
            }],
            &[FdTipologia {
                code: "BASE".into(),
                label: "Base".into(),
            }],
            &[FdCampaign {
                anno: 2026,
                scadenza: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                aperta: true,
            }],
        )
        .unwrap();
    let request = FdRequest {
        id: "req-1".into(),
        server_id: Some("srv-1".into()),
        anno: 2026,
        tipologie: vec!["BASE".into()],
        email: None,
        stato: FdRequestState::Pronto,
        requested_at: Utc::now(),
        completed_at: Some(Utc::now()),
        righe: Some(2),
        errore: None,
        downloaded_at: None,
    };
    store.fd_save_request(&request).unwrap();
    let participant = |cf: &str| FdParticipant {
        anno: 2026,
        codice_fiscale: cf.into(),
        codice_progetto: "P1".into(),
        tipologia: "BASE".into(),
        titolo: "Magazzino".into(),
        data_inizio: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        aula_omogenea: false,
        cognome: "Rossi".into(),
        nome: "Maria".into(),
        fascia_debole: None,
        categoria: None,
    };
    store
        .fd_store_download(
            "req-1",
            &[
                participant("RSSMRA85T10A562S"),
                participant("BNCLRA90A41H501X"),
            ],
            Utc::now(),
        )
        .unwrap();
    store
        .write(|tx| {
            tx.fd_declare(
                2026,
                "RSSMRA85T10A562S",
                "P1",
                Some(Flag::Si),
                Some("GIO"),
                Utc::now(),
            )
        })
        .unwrap();
    let upload = FdUpload {
        id: "up-1".into(),
        server_id: None,
        anno: 2026,
        file_name: "compilato.xlsx".into(),
        sha256: "ab".repeat(32),
        stato: FdUploadState::DaInviare,
        submitted_at: Utc::now(),
        processed_at: None,
        conteggi: None,
        errore: None,
        outcome: None,
    };
    store.fd_add_upload(&upload, b"PK the file").unwrap();
    let conflict = Conflict {
        seq: 3,
        record_key: "RSSMRA85T10A562S".into(),
        kind: "candidate.edit_contacts".into(),
        local_payload: json!({"phone": "0551111111"}),
        server_version: 7,
        server_record: json!({"version": 7}),
        detected_at: Utc::now(),
    };
    store.write(|tx| tx.record_conflict(&conflict)).unwrap();
    let participants = store.fd_partecipanti(2026).unwrap();
    (
        participants,
        store.fd_upload("up-1").unwrap().unwrap(),
        conflict,
    )
}

#[test]
fn recovery_finds_the_fasce_deboli_work_under_its_names_before_migration_10() {
    let (dir, _, _) = store_with_outbox();
    let (participants, upload, _) = add_operator_work(dir.path());
    {
        let store = Store::open(dir.path(), PASSWORD).unwrap();
        store
            .execute_batch_as_is(
                "ALTER TABLE fd_categorie RENAME TO fd_categories;
                 ALTER TABLE fd_campagne RENAME TO fd_campaigns;
                 ALTER TABLE fd_richieste RENAME TO fd_requests;
                 ALTER TABLE fd_partecipanti RENAME TO fd_participants;
                 ALTER TABLE fd_caricamenti RENAME TO fd_uploads;
                 PRAGMA user_version = 9;",
            )
            .unwrap();
    }
    damage_second_half(&dir.path().join(DB_FILE));

    let report = Store::recover(dir.path(), PASSWORD).unwrap();
    assert_eq!(
        report.salvaged_work.get("fd_partecipanti"),
        Some(&2),
        "{report:?}"
    );
    let store = Store::open(dir.path(), PASSWORD).unwrap();
    assert_eq!(store.fd_partecipanti(2026).unwrap(), participants);
    assert_eq!(store.fd_upload("up-1").unwrap(), Some(upload));
    assert_eq!(store.fd_richieste().unwrap().len(), 1);
}

#[test]
fn recovery_keeps_the_fasce_deboli_work_and_the_conflicts() {
    let (dir, _, _) = store_with_outbox();
    let (participants, upload, conflict) = add_operator_work(dir.path());
    assert_eq!(
        participants[1].categoria.as_deref(),
        Some("GIO"),
        "{participants:?}"
    );
    damage_second_half(&dir.path().join(DB_FILE));

    let report = Store::recover(dir.path(), PASSWORD).unwrap();
    assert!(report.was_damaged);
    assert_eq!(
        report.salvaged_work.get("fd_partecipanti"),
        Some(&2),
        "{report:?}"
    );
    let store = Store::open(dir.path(), PASSWORD).unwrap();
    assert_eq!(
        store.fd_partecipanti(2026).unwrap(),
        participants,
        "the working copy, declarations included"
    );
    assert_eq!(
        store.fd_upload("up-1").unwrap(),
        Some(upload),
        "the queued upload"
    );
    assert_eq!(
        store.fd_upload_file("up-1").unwrap().as_deref(),
        Some(&b"PK the file"[..]),
        "with its file"
    );
    assert_eq!(store.fd_richieste().unwrap().len(), 1);
    assert_eq!(
        store.fd_categorie().unwrap().len(),
        1,
        "the lists the offline check needs"
    );
    let conflicts = store.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        conflicts[0].local_payload, conflict.local_payload,
        "both sides kept"
    );
    assert_eq!(conflicts[0].server_record, conflict.server_record);
}
