//! Opening a store made by an earlier schema version.

use serde_json::json;
use sportello_core::CandidateFilter;
use sportello_core::filter::Sort;
use sportello_store::{
    CandidateRecord, CandidateSummary, DB_FILE, KEY_FILE, Matches, SCHEMA_VERSION, Scope, Store,
};

use crate::support::*;

#[test]
fn a_store_from_the_previous_version_is_migrated_with_a_backup() {
    // The schema of the last release: the migrations after it ship together.
    let previous = 3;
    let dir = temp_dir();
    let records = demo_records(5, 200);
    let mut old = Store::create_at_version(dir.path(), PASSWORD, previous).unwrap();
    // Written as that version did (migration 4 moved the records to their own table).
    old.insert_candidates_as_v3(&records).unwrap();
    // Branches as that version wrote them: no `pad` column yet (migration 12).
    for b in demo_branches() {
        old.execute_batch_as_is(&format!(
            "INSERT INTO branches (code, name, comune, provincia) VALUES ('{}', '{}', '{}', '{}')",
            b.code,
            b.name.replace('\'', "''"),
            b.comune.replace('\'', "''"),
            b.provincia
        ))
        .unwrap();
    }
    old.write(|tx| tx.set_meta("preferenza", "tema scuro"))
        .unwrap();
    let client_id = old.client_id().unwrap();
    let old_report = old.check().unwrap();
    drop(old);
    assert_eq!(
        old_report.schema_version, previous,
        "the old store must really be at the previous version"
    );

    let mut store = Store::open(dir.path(), PASSWORD).expect("an older store opens and migrates");
    let report = store.check().unwrap();
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert!(report.quick_check_ok, "{:?}", report.integrity_messages);
    assert_eq!(
        store.candidate_count().unwrap(),
        200,
        "migrating keeps every candidate"
    );
    assert_eq!(
        store
            .candidate(&records[42].candidate.codice_fiscale)
            .unwrap()
            .as_ref(),
        Some(&records[42])
    );
    assert_eq!(
        store.meta("preferenza").unwrap().as_deref(),
        Some("tema scuro")
    );
    assert_eq!(
        store.client_id().unwrap(),
        client_id,
        "the client id survives migration"
    );
    assert_search_data_survives(&store, &records);
    let mut branches = demo_branches();
    branches.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(
        store.branches().unwrap(),
        branches,
        "the branches survive, selectable in the PAD until the server says otherwise"
    );
    store
        .write(|tx| tx.enqueue_mutation("candidate.note", "X", None, &json!({})))
        .expect("the new tables work");
    drop(store);

    let backup = dir.path().join(format!("{DB_FILE}.bak-v{previous}"));
    assert!(
        backup.exists(),
        "migrating must leave a backup of the old store: {:?}",
        file_names(dir.path())
    );
    let header = std::fs::read(&backup).unwrap();
    assert_ne!(
        &header[..16],
        b"SQLite format 3\0",
        "the backup is encrypted like the store"
    );

    // The backup is a whole store at the old version: put it in a folder of its own with
    // the key file, and opening it migrates it again (and backs it up again).
    let restored = temp_dir();
    std::fs::copy(&backup, restored.path().join(DB_FILE)).unwrap();
    std::fs::copy(dir.path().join(KEY_FILE), restored.path().join(KEY_FILE)).unwrap();
    let store =
        Store::open(restored.path(), PASSWORD).expect("the backup opens with the same password");
    assert_eq!(store.candidate_count().unwrap(), 200);
    assert_eq!(
        store.outbox_counts().unwrap().total(),
        0,
        "the backup predates the migration"
    );
    assert!(
        restored
            .path()
            .join(format!("{DB_FILE}.bak-v{previous}"))
            .exists(),
        "so the backup was at v{previous}"
    );
}

/// What the searches read after the migration is what was stored before it: every
/// record, its summary columns, and the child rows and keyword entries that point at
/// the candidates by row id (migration 4 rebuilds the candidates table).
fn assert_search_data_survives(store: &Store, records: &[CandidateRecord]) {
    let reference = reference_date();
    let mut seen = Vec::new();
    let everyone = CandidateFilter::default();
    let matches = Matches {
        filter: &everyone,
        scope: &Scope::All,
        reference,
        sort: Sort::default(),
        with_records: true,
    };
    store
        .for_each_match(&matches, |found| {
            let record = records
                .iter()
                .find(|r| r.candidate.codice_fiscale == found.summary.codice_fiscale)
                .expect("only stored candidates");
            assert_eq!(found.summary, CandidateSummary::of(record));
            assert_eq!(found.record.as_deref(), Some(&record.candidate));
            seen.push(found.id);
            Ok::<_, sportello_store::Error>(())
        })
        .unwrap();
    assert_eq!(seen.len(), records.len());
    for (what, filter) in [
        (
            "licences",
            CandidateFilter {
                driving_licences: vec!["B".into()],
                ..Default::default()
            },
        ),
        (
            "languages",
            CandidateFilter {
                languages: vec!["en".into()],
                ..Default::default()
            },
        ),
        (
            "keywords",
            CandidateFilter {
                keywords: Some("magazziniere".into()),
                ..Default::default()
            },
        ),
    ] {
        let expect = records
            .iter()
            .filter(|r| filter.matches(&r.candidate, r.updated_at, reference))
            .count();
        assert!(expect > 0, "the data has {what} to find");
        assert_eq!(
            store
                .count_matching(&filter, &Scope::All, reference)
                .unwrap() as usize,
            expect,
            "the {what} still point at their candidates"
        );
    }
}

#[test]
fn a_password_change_rekeys_the_migration_backup() {
    let previous = 3;
    let dir = temp_dir();
    let records = demo_records(6, 20);
    let mut old = Store::create_at_version(dir.path(), PASSWORD, previous).unwrap();
    old.insert_candidates_as_v3(&records).unwrap();
    drop(old);
    let mut store = Store::open(dir.path(), PASSWORD).unwrap();
    let new_password = "Un'altra parola 2026";
    store.change_password(PASSWORD, new_password).unwrap();
    drop(store);

    // Restored as documented: the backup with the store's (new) key file.
    let restored = temp_dir();
    let backup = dir.path().join(format!("{DB_FILE}.bak-v{previous}"));
    std::fs::copy(&backup, restored.path().join(DB_FILE)).unwrap();
    std::fs::copy(dir.path().join(KEY_FILE), restored.path().join(KEY_FILE)).unwrap();
    let store = Store::open(restored.path(), new_password)
        .expect("the backup opens with the new password and the current key file");
    assert_eq!(store.candidate_count().unwrap(), 20);
}

#[test]
fn a_current_store_is_opened_without_migrating_or_backing_up() {
    let (dir, store) = new_store();
    drop(store);
    drop(Store::open(dir.path(), PASSWORD).unwrap());
    let names = file_names(dir.path());
    assert!(
        !names.iter().any(|n| n.contains(".bak-")),
        "no backup without a migration: {names:?}"
    );
}

#[test]
fn migration_10_renames_the_fasce_deboli_tables_keeping_their_rows() {
    let dir = temp_dir();
    let old = Store::create_at_version(dir.path(), PASSWORD, 9).unwrap();
    old.execute_batch_as_is(
        "INSERT INTO fd_requests (id, anno, tipologie, stato, requested_at)
             VALUES ('req-1', 2026, '[\"BASE\"]', 'in_coda', '2026-12-01T10:00:00Z');
         INSERT INTO fd_uploads (id, anno, file_name, sha256, file, stato, submitted_at)
             VALUES ('up-1', 2026, 'compilato.xlsx', 'ab', x'504b', 'da_inviare',
                     '2026-12-01T10:00:00Z');",
    )
    .unwrap();
    drop(old);

    let store = Store::open(dir.path(), PASSWORD).unwrap();
    assert_eq!(store.check().unwrap().schema_version, SCHEMA_VERSION);
    let requests = store.fd_richieste().unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].id, "req-1");
    assert_eq!(
        store.fd_upload_file("up-1").unwrap().as_deref(),
        Some(&b"PK"[..])
    );
}
