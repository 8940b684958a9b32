//! The server process killed (SIGKILL) in the middle of pushes, again and again, and
//! restarted on the same database: every mutation a client was told was applied is
//! there, and none is applied twice. (A killed process cannot show a power cut: that
//! is what `synchronous = FULL` on the writer covers, checked in `db::tests`.)

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sportello_centrale::db::{Location, Tx};

use sportello_protocol::paths;
use sportello_protocol::sync::{
    AnnotationKind, Mutation, MutationBatch, MutationResult, MutationResults, NewAnnotation,
};

const BIN: &str = env!("CARGO_BIN_EXE_sportello-centrale");
const ROUNDS: usize = 20;
const PER_BATCH: usize = 25;

fn serve(db: &Location) -> (Child, String) {
    crate::support::serve_binary(db, Stdio::null())
}

async fn login(http: &reqwest::Client, url: &str, user: &serde_json::Value) -> String {
    let body = serde_json::json!({"username": user["username"], "password": user["password"]});
    let r = http
        .post(format!("{url}{}", paths::LOGIN))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Mutations `from..from + PER_BATCH`, each a new annotation with its own id.
fn batch(client_id: uuid::Uuid, cf: &str, from: i64) -> MutationBatch {
    MutationBatch {
        client_id,
        mutations: (from..from + PER_BATCH as i64)
            .map(|seq| {
                let annotation = NewAnnotation {
                    id: uuid::Uuid::from_u128(seq as u128),
                    kind: AnnotationKind::Nota,
                    text: format!("nota {seq}"),
                    occurred_on: None,
                };
                // A resend is the same mutation: same seq, same id (as the outbox keeps).
                let mut m = Mutation::add_annotation(seq, cf, &annotation);
                m.mutation_id = uuid::Uuid::from_u128((1 << 64) | seq as u128);
                m
            })
            .collect(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_push_keeps_every_acknowledged_change_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = sportello_testkit::postgres::test_database(dir.path());
    let seeded = Command::new(BIN)
        .args(["seed", "--db", &db.to_string(), "--citizens", "20"])
        .args(["--branches", "1", "--seed", "5", "--json"])
        .output()
        .unwrap();
    assert!(seeded.status.success());
    let report: serde_json::Value = serde_json::from_slice(&seeded.stdout).unwrap();
    let master = report["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["role"] == "master")
        .unwrap()
        .clone();
    let cf: String = read(&db, |tx| {
        tx.query_row("SELECT codice_fiscale FROM candidates LIMIT 1", (), |r| {
            r.get(0)
        })
    })
    .await;
    let client_id = uuid::Uuid::new_v4();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut acknowledged = std::collections::BTreeSet::new();
    let mut next_seq = 1i64;
    for round in 0..ROUNDS {
        let (mut child, url) = serve(&db);
        let token = login(&http, &url, &master).await;
        // Kill after a delay that varies by round, while batches are in flight.
        let killer = {
            let pid = child.id();
            let delay = Duration::from_millis(20 + (round as u64 * 37) % 150);
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            })
        };
        loop {
            let sent = http
                .post(format!("{url}{}", paths::MUTATIONS))
                .bearer_auth(&token)
                .json(&batch(client_id, &cf, next_seq))
                .send()
                .await;
            let Ok(response) = sent else { break };
            let Ok(results) = response.json::<MutationResults>().await else {
                break;
            };
            for r in results.results {
                assert!(matches!(r, MutationResult::Applied { .. }), "{r:?}");
                acknowledged.insert(r.seq());
            }
            // Only what was answered moves on, as the client's outbox does.
            next_seq += PER_BATCH as i64;
        }
        killer.await.unwrap();
        let _ = child.wait();
        // The unanswered batch is sent again after the restart (same seqs).
    }
    let (mut child, url) = serve(&db);
    let token = login(&http, &url, &master).await;
    // Every batch ever sent, again: the server answers from what it recorded.
    let mut from = 1;
    while from < next_seq + PER_BATCH as i64 {
        let results: MutationResults = http
            .post(format!("{url}{}", paths::MUTATIONS))
            .bearer_auth(&token)
            .json(&batch(client_id, &cf, from))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            results
                .results
                .iter()
                .all(|r| matches!(r, MutationResult::Applied { .. }))
        );
        from += PER_BATCH as i64;
    }
    child.kill().unwrap();
    let _ = child.wait();

    let notes: Vec<String> = read(&db, move |tx| {
        tx.query_map(
            "SELECT text FROM annotations WHERE codice_fiscale = ?1 AND text LIKE 'nota %'",
            [cf],
            |r| r.get(0),
        )
    })
    .await;
    let distinct: std::collections::BTreeSet<&String> = notes.iter().collect();
    assert_eq!(distinct.len(), notes.len(), "no mutation applied twice");
    for seq in &acknowledged {
        assert!(
            distinct.contains(&format!("nota {seq}")),
            "acknowledged mutation {seq} lost"
        );
    }
    assert!(
        acknowledged.len() >= ROUNDS,
        "the kills came while pushes were answered: {} acknowledged",
        acknowledged.len()
    );
    assert_eq!(
        notes.len() as i64,
        next_seq - 1 + PER_BATCH as i64,
        "every mutation sent is applied exactly once after the resends"
    );
}

/// `f` on the database, from a blocking thread.
async fn read<T: Send + 'static>(
    db: &Location,
    f: impl FnOnce(&Tx) -> sportello_centrale::Result<T> + Send + 'static,
) -> T {
    let db = db.clone();
    tokio::task::spawn_blocking(move || crate::support::read_db(&db, f))
        .await
        .unwrap()
}
