//! Transport: problem+json, gzip, health, the served OpenAPI document.

use std::io::Read;

use reqwest::{Method, StatusCode};
use sportello_protocol::{ErrorCode, Health, openapi, paths};

use crate::support::{Sandbox, ok, problem};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_openapi_are_served() {
    let sb = Sandbox::start(5, 1).await;
    let h: Health = ok(sb.get(paths::HEALTH, None).await).await;
    assert_eq!(
        (h.status.as_str(), h.api_version.as_str()),
        ("ok", sportello_protocol::API_VERSION)
    );
    let doc = sb.get(paths::OPENAPI, None).await.text().await.unwrap();
    assert_eq!(
        doc,
        openapi::document_json(),
        "the server serves the contract's document"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_is_routed() {
    let sb = Sandbox::start(5, 1).await;
    let doc: serde_json::Value = serde_json::from_str(&openapi::document_json()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let status = sb
                .http
                .request(method.clone(), sb.url(path))
                .send()
                .await
                .unwrap()
                .status();
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is documented but answers {status}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_problem_json() {
    let sb = Sandbox::start(5, 1).await;
    problem(
        sb.get("/api/v1/nulla", None).await,
        StatusCode::NOT_FOUND,
        ErrorCode::NonTrovato,
    )
    .await;
    let raw = sb
        .http
        .post(sb.url(paths::LOGIN))
        .header("content-type", "application/json")
        .body("{non json")
        .send()
        .await
        .unwrap();
    let p = problem(raw, StatusCode::BAD_REQUEST, ErrorCode::RichiestaNonValida).await;
    assert_eq!(p.errors[0].field, "body");
    let text = sb
        .try_login("master", "Sbagliata1", None)
        .await
        .text()
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in ["type", "title", "status", "detail", "code"] {
        assert!(v.get(key).is_some(), "RFC 9457 member {key} in {text}");
    }
    assert!(v.get("errors").is_none(), "no empty errors array");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_gzipped_when_asked() {
    let sb = Sandbox::start(300, 1).await;
    let s = sb.login("master", None).await;
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let response = raw
        .get(sb.url(&format!("{}?limit=300", paths::CHANGES)))
        .bearer_auth(&s.token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    let compressed = response.bytes().await.unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_string(&mut json)
        .unwrap();
    let page: sportello_protocol::sync::ChangesPage = serde_json::from_str(&json).unwrap();
    assert_eq!(page.changes.len(), 300);
    assert!(
        compressed.len() * 4 < json.len(),
        "gzip shrinks a page ({} → {})",
        json.len(),
        compressed.len()
    );
    let plain = raw.get(sb.url(paths::HEALTH)).send().await.unwrap();
    assert!(
        plain.headers().get("content-encoding").is_none(),
        "no gzip unless asked"
    );
}
