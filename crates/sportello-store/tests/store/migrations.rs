//! Opening a store made by an earlier schema version.

use serde_json::json;
use sportello_store::{DB_FILE, KEY_FILE, SCHEMA_VERSION, Store};

use crate::support::*;

#[test]
fn a_store_from_the_previous_version_is_migrated_with_a_backup() {
    let previous = SCHEMA_VERSION - 1;
    let dir = temp_dir();
    let records = demo_records(5, 200);
    let mut old = Store::create_at_version(dir.path(), PASSWORD, previous).unwrap();
    old.bulk_upsert_candidates(&records).unwrap();
    old.upsert_branches(&demo_branches()).unwrap();
    old.set_meta("preferenza", "tema scuro").unwrap();
    let client_id = old.client_id().unwrap();
    let old_report = old.check();
    drop(old);
    // The report of a v1 store fails on the v2 tables; what matters is that it was v1.
    assert!(
        old_report.is_err(),
        "the old store must really lack the newer tables"
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
    store
        .enqueue_mutation("candidate.note", "X", None, &json!({}))
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
