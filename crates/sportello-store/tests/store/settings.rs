//! Meta values, the client id, sync cursors and the audit log.

use chrono::Duration;
use serde_json::json;
use sportello_store::{AuditAction, AuditEvent, Store, SyncCursor};

use crate::support::*;

#[test]
fn client_id_is_made_once_and_kept() {
    let (dir, store) = new_store();
    let id = store.client_id().unwrap();
    uuid::Uuid::parse_str(&id).expect("the client id is a UUID");
    drop(store);
    let store = Store::open(dir.path(), PASSWORD).unwrap();
    assert_eq!(
        store.client_id().unwrap(),
        id,
        "reopening keeps the client id"
    );
    let (_other_dir, other) = new_store();
    assert_ne!(other.client_id().unwrap(), id, "every store has its own");
}

#[test]
fn meta_values_are_set_replaced_and_deleted() {
    let (_dir, mut store) = new_store();
    assert_eq!(store.meta("session").unwrap(), None);
    store.write(|tx| tx.set_meta("session", "uno")).unwrap();
    store.write(|tx| tx.set_meta("session", "due")).unwrap();
    assert_eq!(store.meta("session").unwrap().as_deref(), Some("due"));
    assert!(store.write(|tx| tx.delete_meta("session")).unwrap());
    assert_eq!(store.meta("session").unwrap(), None);
}

#[test]
fn sync_cursors_are_kept_per_scope() {
    let (_dir, mut store) = new_store();
    let at = server_time();
    assert_eq!(store.sync_cursor("candidates:FI01").unwrap(), None);
    store
        .write(|tx| tx.save_sync_cursor("candidates:FI01", "c-100", at))
        .unwrap();
    store
        .write(|tx| tx.save_sync_cursor("candidates:PO01", "c-7", at))
        .unwrap();
    store
        .write(|tx| tx.save_sync_cursor("candidates:FI01", "c-250", at + Duration::minutes(5)))
        .unwrap();
    assert_eq!(
        store.sync_cursor("candidates:FI01").unwrap(),
        Some(SyncCursor {
            cursor: "c-250".into(),
            last_sync_at: at + Duration::minutes(5)
        })
    );
    assert_eq!(
        store
            .sync_cursor("candidates:PO01")
            .unwrap()
            .unwrap()
            .cursor,
        "c-7"
    );
}

#[test]
fn audit_log_lists_newest_first() {
    let (_dir, mut store) = new_store();
    let event = |action, subject: &str, minutes| AuditEvent {
        at: server_time() + Duration::minutes(minutes),
        operator: "mario.rossi".into(),
        action,
        subject: subject.into(),
        details: json!({"righe": 12}),
    };
    let first = event(AuditAction::Export, "elenco candidati FI01.xlsx", 0);
    let second = event(AuditAction::Print, "RSSMRA85T10A562S", 1);
    store.write(|tx| tx.record_audit(&first)).unwrap();
    store.write(|tx| tx.record_audit(&second)).unwrap();
    let entries = store.audit_entries(10).unwrap();
    let events: Vec<_> = entries.iter().map(|e| e.event.clone()).collect();
    assert_eq!(events, vec![second, first]);
    assert_eq!(store.audit_entries(1).unwrap().len(), 1);
}
