//! The client process killed (SIGKILL) at random moments of pulls and pushes: after
//! each kill the store is sound; at the end no change is lost or applied twice and the
//! cache equals the server.

use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;
use sportello_core::candidate::Contacts;
use sportello_store::Store;
use sportello_sync::{Client, Edit, local, sync_once};

use crate::support::*;

const CHILD: &str = "SPORTELLO_SYNC_TEST_CHILD";
const TEST: &str = "kills::killed_clients_lose_nothing_and_apply_nothing_twice";

fn child_config() -> sportello_sync::ClientConfig {
    let mut c = fast_config();
    c.page_size = 100;
    c.batch_size = 5;
    c
}

/// The child: one sync of the store in `dir`, then exit.
async fn child(spec: &str) {
    let mut parts = spec.splitn(3, '|');
    let (dir, password, url) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let mut store = Store::open(std::path::Path::new(dir), password).unwrap();
    let client = Client::new(url, child_config()).unwrap();
    sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    println!("SYNCED");
    std::process::exit(0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_clients_lose_nothing_and_apply_nothing_twice() {
    if let Ok(spec) = std::env::var(CHILD) {
        child(&spec).await;
    }
    let sandbox = Sandbox::start(1_500, 3).await;
    let client = sandbox.client(child_config());
    let password = sandbox.password("master");
    let (dir, store) = sandbox.logged_in_store("master", None, &client).await;
    drop(store);
    let initial = sandbox.server_view("master", None).await;
    let cfs: Vec<String> = initial.candidates.keys().cloned().collect();
    let spec = format!("{}|{password}|{}", dir.path().display(), sandbox.url);

    let mut rng = rand::rng();
    let mut edits: BTreeMap<String, i64> = BTreeMap::new();
    let mut annotations = 0;
    let (mut kills, mut completed, mut round) = (0, 0, 0);
    // How long to let a child run before the kill: adapted to this machine, so that
    // most rounds kill a running sync whether the machine is fast or loaded.
    let mut window = Duration::from_millis(700);
    while kills < 24 {
        round += 1;
        // After the first complete sync, queue local work every few rounds.
        if completed > 0 && round % 3 == 0 {
            let mut store = Store::open(dir.path(), &password).unwrap();
            store
                .write(|tx| {
                    for i in 0..40 {
                        let cf = &cfs[rng.random_range(0..cfs.len())];
                        let e = if i % 4 == 0 {
                            annotations += 1;
                            Edit::Annotation {
                                kind: sportello_protocol::sync::AnnotationKind::Nota,
                                text: format!("Nota {round}.{i}"),
                                occurred_on: None,
                            }
                        } else {
                            *edits.entry(cf.clone()).or_default() += 1;
                            Edit::Contacts(Contacts {
                                phone: Some(format!("055{round:03}{i:04}")),
                                ..Contacts::default()
                            })
                        };
                        local::record_edit(tx, "master", cf, &e, chrono::Utc::now())?;
                    }
                    Ok::<_, sportello_sync::Error>(())
                })
                .unwrap();
        }
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([TEST, "--exact", "--nocapture", "--test-threads", "1"])
            .env(CHILD, &spec)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        tokio::time::sleep(window.mul_f64(rng.random_range(0.1..1.0))).await;
        match child.try_wait().unwrap() {
            None => {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                kills += 1;
                window = window.mul_f64(1.1).min(Duration::from_secs(3));
            }
            Some(status) => {
                let mut err = String::new();
                child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                assert!(status.success(), "round {round}: the child failed: {err}");
                completed += 1;
                // It finished inside the window: kill sooner next time.
                window = window.mul_f64(0.7).max(Duration::from_millis(20));
            }
        }
        let store =
            Store::open(dir.path(), &password).expect("a killed client leaves a store that opens");
        store_is_sound(&store);
        let counts = store.outbox_counts().unwrap();
        assert_eq!((counts.rejected, counts.conflict), (0, 0), "round {round}");
        assert!(round < 200, "too many rounds");
    }
    assert!(
        completed > 0,
        "some syncs must have completed between the kills"
    );

    // Finish in-process.
    let mut store = Store::open(dir.path(), &password).unwrap();
    sync_once(&client, &mut store, &no_progress())
        .await
        .unwrap();
    let counts = store.outbox_counts().unwrap();
    assert_eq!(counts.total(), 0, "every change delivered");
    let server = sandbox.server_view("master", None).await;
    for (cf, n) in &edits {
        assert_eq!(
            server.candidates[cf].version,
            initial.candidates[cf].version + n,
            "{cf}: {n} edits, each applied exactly once across {kills} kills"
        );
    }
    assert_eq!(
        server.annotations.len(),
        annotations,
        "every annotation once"
    );
    assert_same(&local_view(&store), &server, "after the kills");
    fully_loaded(&store);
}
