//! Several instances on one PostgreSQL database: what they must share (the failed
//! logins, the sessions) and what only one of them may run (the fasce-deboli worker).

use std::time::Duration;

use chrono::Utc;
use reqwest::StatusCode;
use sportello_centrale::db::{Db, Location};
use sportello_centrale::rate_limit::MAX_FAILURES;
use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, serve};
use sportello_protocol::paths;

use crate::support::reference;

fn database() -> Location {
    Location::Postgres(sportello_testkit::postgres::postgres_database())
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
    let db = database();
    let opts = SeedOptions {
        citizens: 10,
        branches: 1,
        seed: 3,
        reference: reference(),
    };
    let seeded = db.clone();
    let report = tokio::task::spawn_blocking(move || seed(seeded, &opts, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    let master = report.users.iter().find(|u| u.role == "master").unwrap();
    let a = serve(Config::new(&db)).await.unwrap();
    let b = serve(Config::new(&db)).await.unwrap();
    let http = reqwest::Client::new();
    let login = |url: String, password: &str| {
        let body = serde_json::json!({"username": "master", "password": password});
        http.post(format!("{url}{}", paths::LOGIN))
            .json(&body)
            .send()
    };

    let good = login(a.url(), &master.password).await.unwrap();
    assert_eq!(good.status(), StatusCode::OK);
    let token = good.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let through_b = http
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
        let wrong = login(url, "Sbagliata123").await.unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for url in [a.url(), b.url()] {
        assert_eq!(
            login(url, &master.password).await.unwrap().status(),
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
