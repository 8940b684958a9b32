//! Receipts: numbered in the same transaction, kept across reopening, listed newest
//! first, found by number; a failed transaction keeps nothing.

use sportello_store::{AuditAction, AuditEvent, NewReceipt, Store};

use crate::support::{PASSWORD, new_store, server_time};

fn new_receipt(title: &str) -> NewReceipt {
    NewReceipt {
        issued_at: server_time(),
        operator: "mario.rossi".into(),
        branch: "FI01".into(),
        kind: "fasce_deboli_upload".into(),
        title: title.into(),
        file_sha256: Some("ab".repeat(32)),
        acknowledgement: Some("ACK-1".into()),
        content: serde_json::json!({"fields": [["Righe", "3"]]}),
    }
}

#[test]
fn receipts_are_numbered_kept_and_listed_newest_first() {
    let (dir, mut store) = new_store();
    let mut numbers = Vec::new();
    for title in ["prima", "seconda", "terza"] {
        let r = store
            .write(|tx| tx.issue_receipt(&new_receipt(title), |id| format!("R-{id:06}")))
            .unwrap();
        numbers.push(r.number);
    }
    assert_eq!(numbers, ["R-000001", "R-000002", "R-000003"]);
    drop(store);
    let store = Store::open(dir.path(), PASSWORD).unwrap();
    let listed: Vec<String> = store
        .receipts(10)
        .unwrap()
        .into_iter()
        .map(|r| r.receipt.title)
        .collect();
    assert_eq!(
        listed,
        ["terza", "seconda", "prima"],
        "newest first, after reopening"
    );
    let found = store.receipt("R-000002").unwrap().expect("found by number");
    assert_eq!(found.receipt, new_receipt("seconda"), "kept as given");
    assert!(store.receipt("R-999999").unwrap().is_none());
}

#[test]
fn a_receipt_and_its_audit_entry_are_kept_together_or_not_at_all() {
    let (_dir, mut store) = new_store();
    let failed: Result<(), sportello_store::Error> = store.write(|tx| {
        tx.issue_receipt(&new_receipt("annullata"), |id| format!("R-{id}"))?;
        Err(sportello_store::Error::Corrupt {
            detail: "the audit entry could not be written".into(),
        })
    });
    assert!(failed.is_err());
    assert!(
        store.receipts(10).unwrap().is_empty(),
        "rolled back with the transaction"
    );
    store
        .write(|tx| {
            let r = tx.issue_receipt(&new_receipt("buona"), |id| format!("R-{id}"))?;
            tx.record_audit(&AuditEvent {
                at: server_time(),
                operator: "mario.rossi".into(),
                action: AuditAction::Receipt,
                subject: r.number.clone(),
                details: serde_json::json!({}),
            })
        })
        .unwrap();
    let audit = store.audit_entries(1).unwrap();
    assert_eq!(audit[0].event.action, AuditAction::Receipt);
    assert_eq!(store.receipts(10).unwrap().len(), 1);
    let dup = store
        .write(|tx| tx.issue_receipt(&new_receipt("doppia"), |_| audit[0].event.subject.clone()));
    assert!(dup.is_err(), "a number is never given twice");
}
