//! Fault mode: deterministic, each kind of fault, off for the sandbox endpoints.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use sportello_centrale::routes::sandbox;
use sportello_centrale::{Config, FaultConfig};
use sportello_protocol::paths;

use crate::support::Sandbox;

async fn statuses(sb: &Sandbox, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(sb.get(paths::HEALTH, None).await.status().as_u16());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_follow_the_seed() {
    let sb = Sandbox::start(5, 1).await;
    let config = FaultConfig {
        seed: 42,
        error_rate: 0.5,
        ..Default::default()
    };
    let set = sb
        .request(Method::PUT, sandbox::FAULTS, None, Some(&config))
        .await;
    assert_eq!(
        set.status(),
        StatusCode::OK,
        "the admin endpoint is not itself subject to faults"
    );
    let first = statuses(&sb, 40).await;
    assert!(
        first.contains(&500) && first.contains(&503) && first.contains(&200),
        "{first:?}"
    );
    sb.request(Method::PUT, sandbox::FAULTS, None, Some(&config))
        .await;
    assert_eq!(
        statuses(&sb, 40).await,
        first,
        "the same seed gives the same faults"
    );
    let p = sb.get(paths::HEALTH, None).await;
    if p.status() != StatusCode::OK {
        assert_eq!(p.headers()["content-type"], "application/problem+json");
    }
    assert_eq!(
        sb.request(Method::DELETE, sandbox::FAULTS, None, None::<&()>)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert!(
        statuses(&sb, 20).await.iter().all(|s| *s == 200),
        "off again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drops_truncations_and_delays() {
    let sb = Sandbox::start(100, 1).await;
    let token = sb.login("master", None).await.token;

    sb.server.set_faults(Some(FaultConfig {
        seed: 1,
        drop_rate: 1.0,
        ..Default::default()
    }));
    let plain = reqwest::Client::builder().no_gzip().build().unwrap();
    let url = sb.url(&format!("{}?limit=100", paths::CHANGES));
    let response = plain
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("status and headers arrive");
    assert_eq!(response.status(), StatusCode::OK);
    let promised = response
        .content_length()
        .expect("the full length is promised");
    assert!(
        response.bytes().await.is_err(),
        "the connection closes after part of the {promised} bytes"
    );
    let gzipped = sb.http.get(&url).bearer_auth(&token).send().await;
    let failed = match gzipped {
        Err(_) => true,
        Ok(r) => r.bytes().await.is_err(),
    };
    assert!(failed, "with gzip too the client sees a broken response");

    sb.server.set_faults(Some(FaultConfig {
        seed: 1,
        truncate_rate: 1.0,
        ..Default::default()
    }));
    let truncated = sb.page(&token, None, 100).await;
    assert_eq!(truncated.status(), StatusCode::OK);
    let body = truncated.bytes().await.expect("a complete HTTP message");
    assert!(
        serde_json::from_slice::<sportello_protocol::sync::ChangesPage>(&body).is_err(),
        "whose JSON is cut short"
    );

    sb.server.set_faults(Some(FaultConfig {
        seed: 1,
        delay_rate: 1.0,
        delay_ms: 300,
        ..Default::default()
    }));
    let start = Instant::now();
    assert_eq!(sb.get(paths::HEALTH, None).await.status(), StatusCode::OK);
    assert!(start.elapsed() >= Duration::from_millis(300));

    sb.server.set_faults(Some(FaultConfig {
        seed: 1,
        error_rate: 1.0,
        path_prefix: Some(paths::CHANGES.into()),
        ..Default::default()
    }));
    assert_eq!(
        sb.get(paths::HEALTH, None).await.status(),
        StatusCode::OK,
        "only the chosen paths"
    );
    assert_eq!(sb.page(&token, None, 10).await.status().as_u16() / 100, 5);
    sb.server.set_faults(None);

    let bad = FaultConfig {
        seed: 1,
        error_rate: 0.8,
        drop_rate: 0.5,
        ..Default::default()
    };
    assert_eq!(
        sb.request(Method::PUT, sandbox::FAULTS, None, Some(&bad))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_mode_needs_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("x.db"));
    config.listen = "0.0.0.0:0".parse().unwrap();
    config.sandbox = true;
    config.faults = Some(FaultConfig {
        seed: 1,
        error_rate: 0.1,
        ..Default::default()
    });
    assert!(sportello_centrale::serve(config).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_mode_needs_the_sandbox_flag() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("x.db"));
    config.faults = Some(FaultConfig {
        seed: 1,
        error_rate: 0.1,
        ..Default::default()
    });
    assert!(sportello_centrale::serve(config).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_endpoints_exist_only_with_the_flag() {
    let without = Sandbox::start_with(5, 1, |c| c.sandbox = false).await;
    let with = Sandbox::start(5, 1).await;
    // A GET: the faults answer 200, the POST-only routes 405 — never the fallback's 404.
    for path in [
        sandbox::FAULTS,
        sandbox::TRANSFER,
        sandbox::DELETE,
        sandbox::PURGE_TOMBSTONES,
    ] {
        assert_eq!(
            without.get(path, None).await.status(),
            StatusCode::NOT_FOUND,
            "{path} without --sandbox, on loopback"
        );
        let status = with.get(path, None).await.status();
        assert!(
            status == StatusCode::OK || status == StatusCode::METHOD_NOT_ALLOWED,
            "{path} with --sandbox: {status}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_needs_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("x.db"));
    config.listen = "0.0.0.0:0".parse().unwrap();
    config.sandbox = true;
    assert!(sportello_centrale::serve(config).await.is_err());
}
