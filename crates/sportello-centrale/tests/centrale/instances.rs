//! Several instances on one PostgreSQL database: what they must share (the failed
//! logins, the sessions) and what only one of them may run (the fasce-deboli worker).

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use sportello_centrale::db::{Db, Location};
use sportello_centrale::rate_limit::MAX_FAILURES;
use sportello_centrale::seed::{SeedOptions, SeededUser, seed};
use sportello_centrale::{Config, serve};
use sportello_protocol::fasce_deboli::paths as fd_paths;
use sportello_protocol::paths;

use crate::support::reference;

fn database() -> Location {
    Location::Postgres(sportello_testkit::postgres::postgres_database())
}

/// A new database seeded with `citizens` in `branches`: where, and the master.
async fn seeded(citizens: usize, branches: usize) -> (Location, SeededUser) {
    let db = database();
    let opts = SeedOptions {
        citizens,
        branches,
        seed: 3,
        reference: reference(),
    };
    let target = db.clone();
    let report = tokio::task::spawn_blocking(move || seed(target, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let master = report
        .users
        .into_iter()
        .find(|u| u.role == "master")
        .unwrap();
    (db, master)
}

/// The master's login at `url`, as sent.
async fn log_in(url: &str, password: &str) -> reqwest::Response {
    let body = serde_json::json!({"username": "master", "password": password});
    reqwest::Client::new()
        .post(format!("{url}{}", paths::LOGIN))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn token_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    let session: serde_json::Value = response.json().await.unwrap();
    session["token"].as_str().unwrap().to_string()
}

#[test]
fn one_instance_at_a_time_holds_the_worker_lease() {
    let db = database();
    let (one, two) = (Db::open(&db).unwrap(), Db::open(&db).unwrap());
    let lease = one
        .try_worker_lease()
        .unwrap()
        .expect("the first asks, gets it");
    assert!(lease.held());
    assert!(
        two.try_worker_lease().unwrap().is_none(),
        "never two workers at once"
    );
    drop(lease);
    // The lock goes with the first one's connection, as when its instance dies.
    let mut taken = None;
    for _ in 0..100 {
        taken = two.try_worker_lease().unwrap();
        if taken.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(taken.is_some_and(|l| l.held()), "the other takes over");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_and_sessions_are_shared_by_the_instances() {
    let (db, master) = seeded(10, 1).await;
    let a = serve(config(&db)).await.unwrap();
    let b = serve(config(&db)).await.unwrap();
    let token = token_of(log_in(&a.url(), &master.password).await).await;
    let through_b = reqwest::Client::new()
        .get(format!("{}{}", b.url(), paths::CHANGES))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        through_b.status(),
        StatusCode::OK,
        "a session of A works on B"
    );

    for i in 0..MAX_FAILURES {
        let url = if i % 2 == 0 { a.url() } else { b.url() };
        let wrong = log_in(&url, "Sbagliata123").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for url in [a.url(), b.url()] {
        assert_eq!(
            log_in(&url, &master.password).await.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the failures made through both count on each"
        );
    }
}

#[test]
fn postgres_over_tls_trusts_only_the_named_authority() {
    let url = sportello_testkit::postgres::postgres_database();
    let ca = sportello_testkit::postgres::test_cluster_ca();
    let tls = format!("{}?sslmode=require", url.replace("127.0.0.1", "localhost"));
    let trusted = format!("{tls}&sslrootcert={}", ca.display());
    let db = Db::open(&Location::Postgres(trusted)).expect("TLS, the cluster's CA named");
    let encrypted: bool = db
        .read(|tx| {
            tx.query_row(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                (),
                |r| r.get(0),
            )
        })
        .unwrap();
    assert!(encrypted, "the connection is encrypted");

    let other = tempfile::tempdir().unwrap();
    let stranger = sportello_testkit::agency_pki(other.path(), &["localhost"]);
    let untrusted = format!("{tls}&sslrootcert={}", stranger.ca_file.display());
    let err = Db::open(&Location::Postgres(untrusted)).unwrap_err();
    assert!(
        matches!(err, sportello_centrale::Error::Postgres(_)),
        "a certificate another CA signed is refused: {err}"
    );
}

/// A request made through `url`, followed there until it is ready; how many times a
/// worker claimed it.
async fn request_processed(db: &Location, url: &str, token: &str) -> i64 {
    use sportello_protocol::fasce_deboli::{Campagne, NewRichiesta, Richiesta, StatoRichiesta};
    let http = reqwest::Client::new();
    let get = |path: String| http.get(format!("{url}{path}")).bearer_auth(token).send();
    let campagne: Campagne = get(fd_paths::CAMPAGNE.into())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let request = NewRichiesta {
        tipologie: vec!["BASE".into()],
        anno: campagne.campagne.iter().map(|c| c.anno).max().unwrap(),
        email_aggiuntiva: None,
    };
    let made: Richiesta = http
        .post(format!("{url}{}", fd_paths::RICHIESTE))
        .bearer_auth(token)
        .json(&request)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let path = fd_paths::RICHIESTA.replace("{id}", &made.id.to_string());
    for _ in 0..600 {
        let now: Richiesta = get(path.clone()).await.unwrap().json().await.unwrap();
        if now.stato == StatoRichiesta::Pronto {
            let (db, id) = (db.clone(), made.id.to_string());
            return tokio::task::spawn_blocking(move || {
                crate::support::read_db(&db, |tx| {
                    tx.query_row(
                        "SELECT tentativi FROM fd_richieste WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                })
            })
            .await
            .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the request was not processed within 30 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fasce_deboli_worker_runs_on_one_instance_and_another_takes_over() {
    let (db, master) = seeded(100, 1).await;
    let config = || {
        let mut c = config(&db);
        c.processing_delay = Duration::ZERO;
        c
    };
    let a = serve(config()).await.unwrap();
    // A's worker takes the lease before B exists.
    let probe = db.clone();
    tokio::task::spawn_blocking(move || {
        let other = Db::open(&probe).unwrap();
        for _ in 0..250 {
            if other.try_worker_lease().unwrap().is_none() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("A's worker never took the lease");
    })
    .await
    .unwrap();
    let b = serve(config()).await.unwrap();
    let token = token_of(log_in(&b.url(), &master.password).await).await;

    assert_eq!(
        request_processed(&db, &b.url(), &token).await,
        1,
        "made through B, processed by A's worker, once"
    );
    a.shutdown().await.unwrap();
    assert_eq!(
        request_processed(&db, &b.url(), &token).await,
        1,
        "A gone, B's worker took over"
    );
}

#[test]
fn a_write_that_fails_changes_nothing_and_frees_the_writer() {
    let location = database();
    let (db, other) = (Db::open(&location).unwrap(), Db::open(&location).unwrap());
    let count = |db: &Db| -> i64 {
        db.read(|tx| {
            tx.query_row("SELECT COUNT(*) FROM meta WHERE key = 'prova'", (), |r| {
                r.get(0)
            })
        })
        .unwrap()
    };
    let refused = db.write(|tx| {
        tx.execute("INSERT INTO meta (key, value) VALUES ('prova', 'x')", ())?;
        Err::<(), _>(sportello_centrale::Error::Internal("rifiutata".into()))
    });
    assert!(refused.is_err());
    assert_eq!(count(&db), 0, "rolled back");
    // Another instance writes: the failed transaction's lock is gone.
    other
        .write(|tx| tx.execute("INSERT INTO meta (key, value) VALUES ('prova', 'y')", ()))
        .unwrap();
    db.write(|tx| tx.execute("UPDATE meta SET value = 'z' WHERE key = 'prova'", ()))
        .unwrap();
    assert_eq!(count(&db), 1);
}

/// A server of the tests' PostgreSQL database, its CV files sealed with the tests' key.
fn config(db: &Location) -> Config {
    let mut c = Config::new(db.clone());
    c.chiave_cv = Some(sportello_testkit::postgres::chiave_cv());
    c
}
