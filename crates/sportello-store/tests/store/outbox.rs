//! The outbox: order, states, atomicity with local changes, and durability.

use std::io::{BufRead, BufReader};

use rand::Rng;
use serde_json::json;
use sportello_store::{Error, MutationState, OutboxCounts, Store};

use crate::support::*;

#[test]
fn mutations_keep_their_order_and_states() {
    let (_dir, mut store) = new_store();
    let a = store
        .write(|tx| {
            tx.enqueue_mutation(
                "candidate.note",
                "RSSMRA85T10A562S",
                Some(3),
                &json!({"testo": "a"}),
            )
        })
        .unwrap();
    let b = store
        .write(|tx| {
            tx.enqueue_mutation(
                "candidate.note",
                "RSSMRA85T10A562S",
                Some(3),
                &json!({"testo": "b"}),
            )
        })
        .unwrap();
    let c = store
        .write(|tx| tx.enqueue_mutation("offer.create", "GR-9097", None, &json!({"posti": 2})))
        .unwrap();
    assert!(a.seq < b.seq && b.seq < c.seq, "seq is monotonic");
    assert_ne!(a.mutation_id, b.mutation_id);
    assert_eq!(
        store.pending_mutations(10).unwrap(),
        vec![a.clone(), b.clone(), c.clone()],
        "read back as enqueued"
    );
    assert_eq!(
        store.pending_mutations(2).unwrap().len(),
        2,
        "limit is honoured"
    );

    assert!(
        store
            .write(|tx| tx.mark_mutation_failed(a.seq, "timeout"))
            .unwrap()
    );
    assert!(
        store
            .write(|tx| tx.mark_mutation_failed(a.seq, "503"))
            .unwrap()
    );
    let a2 = &store.pending_mutations(1).unwrap()[0];
    assert_eq!(
        (a2.seq, a2.attempts, a2.last_error.as_deref()),
        (a.seq, 2, Some("503")),
        "a failure keeps it first in line"
    );
    assert!(a2.last_attempt_at.is_some());

    assert!(
        store
            .write(|tx| tx.mark_mutation_rejected(b.seq, "nota troppo lunga"))
            .unwrap()
    );
    assert!(
        store
            .write(|tx| tx.mark_mutation_conflict(c.seq, "versione 4 sul server"))
            .unwrap()
    );
    assert_eq!(
        store.outbox_counts().unwrap(),
        OutboxCounts {
            pending: 1,
            rejected: 1,
            conflict: 1
        }
    );
    let rejected = store.mutations(MutationState::Rejected, 10).unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].last_error.as_deref(), Some("nota troppo lunga"));

    assert!(store.write(|tx| tx.mark_mutation_applied(a.seq)).unwrap());
    assert!(
        !store.write(|tx| tx.mark_mutation_applied(a.seq)).unwrap(),
        "applying twice is harmless"
    );
    assert_eq!(store.outbox_counts().unwrap().total(), 2);
    let d = store
        .write(|tx| tx.enqueue_mutation("candidate.note", "X", None, &json!(null)))
        .unwrap();
    assert!(d.seq > c.seq, "a removed seq is never given out again");
}

#[test]
fn a_local_change_and_its_mutation_commit_together() {
    let (_dir, mut store) = new_store();
    let c = candidate("RSSMRA85T10A562S", "Rossi", "Maria", "cuoca");

    let failed: Result<(), Error> = store.write(|tx| {
        tx.upsert_candidates([record(c.clone(), 1)])?;
        tx.enqueue_mutation(
            "candidate.update",
            &c.codice_fiscale,
            Some(1),
            &json!({"cv": "cuoca"}),
        )?;
        Err(Error::Corrupt {
            detail: "simulated failure after both writes".into(),
        })
    });
    assert!(failed.is_err());
    assert_eq!(
        store.candidate_count().unwrap(),
        0,
        "the local change is rolled back with the mutation"
    );
    assert_eq!(
        store.outbox_counts().unwrap().total(),
        0,
        "and the mutation with the change"
    );

    let entry = store
        .write(|tx| {
            tx.upsert_candidates([record(c.clone(), 1)])?;
            tx.enqueue_mutation(
                "candidate.update",
                &c.codice_fiscale,
                Some(1),
                &json!({"cv": "cuoca"}),
            )
        })
        .unwrap();
    assert_eq!(store.candidate_count().unwrap(), 1);
    assert_eq!(store.pending_mutations(10).unwrap(), vec![entry]);
}

const KILL_TEST: &str = "outbox::outbox_survives_a_writer_killed_mid_write";

#[test]
fn outbox_survives_a_writer_killed_mid_write() {
    if let Some((role, dir)) = child_role() {
        assert_eq!(role, "enqueue-forever");
        enqueue_forever(&dir);
    }
    let dir = temp_dir();
    drop(Store::create(dir.path(), PASSWORD).unwrap());
    let mut rng = rand::rng();
    let mut last_printed = 0;
    for round in 1..=4 {
        let kill_after = rng.random_range(20..=250);
        let mut child = spawn_self(KILL_TEST, "enqueue-forever", dir.path());
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut printed = vec![];
        for line in stdout.lines() {
            let Ok(line) = line else { break };
            if let Some(seq) = line.strip_prefix("SEQ ") {
                printed.push(seq.parse::<i64>().unwrap());
                if printed.len() == kill_after {
                    break;
                }
            }
        }
        child.kill().unwrap(); // SIGKILL: no destructor, no checkpoint, mid-transaction
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            printed.len(),
            kill_after,
            "round {round}: the child stopped by itself: {}",
            String::from_utf8_lossy(&output.stderr)
        );

        let store =
            Store::open(dir.path(), PASSWORD).expect("a killed writer leaves a store that opens");
        let report = store.check().unwrap();
        assert!(
            report.quick_check_ok,
            "round {round}: {:?}",
            report.integrity_messages
        );
        let seqs: Vec<i64> = store
            .pending_mutations(usize::MAX)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        let max = *seqs.last().unwrap();
        assert_eq!(
            seqs,
            (1..=max).collect::<Vec<_>>(),
            "round {round}: the sequence has no gaps"
        );
        for seq in &printed {
            assert!(
                seqs.binary_search(seq).is_ok(),
                "round {round}: seq {seq} was reported committed and must survive"
            );
        }
        assert!(
            printed[0] > last_printed,
            "round {round}: sequences continue across processes"
        );
        last_printed = *printed.last().unwrap();
        assert!(max >= last_printed);
    }
}

/// The child: enqueue until killed, printing each committed seq.
fn enqueue_forever(dir: &std::path::Path) -> ! {
    let mut store = Store::open(dir, PASSWORD).unwrap();
    let filler = "x".repeat(300);
    for n in 0.. {
        let entry = store
            .write(|tx| {
                tx.enqueue_mutation(
                    "candidate.note",
                    "RSSMRA85T10A562S",
                    Some(n),
                    &json!({"n": n, "testo": filler}),
                )
            })
            .unwrap();
        println!("SEQ {}", entry.seq);
    }
    unreachable!()
}
