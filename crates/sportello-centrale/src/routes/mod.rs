//! The HTTP surface: one router module per area, assembled here with the layers every
//! route shares (request log, gzip, fault injection, problem+json for the fallbacks).
//!
//! A new area (e.g. the fasce deboli) adds `routes/<area>.rs` with a
//! `pub fn router() -> Router<AppState>` and one `.merge(...)` line below.

pub mod agenda;
pub mod auth;
pub mod configurazione;
pub mod corsi;
pub mod cv;
pub mod fasce_deboli;
pub mod health;
pub mod offerte;
pub mod report;
pub mod sandbox;
pub mod sync;
pub mod users;

use std::time::Instant;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use sportello_protocol::{ErrorCode, FieldError};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::error::Error;
use crate::state::AppState;

/// The whole application. `sandbox`: mount the sandbox endpoints (`--sandbox`).
pub fn app(state: AppState, sandbox: bool) -> Router {
    let mut router = Router::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(users::router())
        .merge(configurazione::router())
        .merge(sync::router())
        .merge(fasce_deboli::router())
        .merge(offerte::router())
        .merge(report::router())
        .merge(corsi::router())
        .merge(agenda::router())
        .merge(cv::router());
    if sandbox {
        router = router.merge(sandbox::router());
    }
    router
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::fault::inject,
        ))
        // Fastest: a full pull is tens of MB of JSON; level 1 keeps gzip off the
        // critical path and still shrinks it about 8×.
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .quality(CompressionLevel::Fastest),
        )
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Marks answers of the fallback, whose path is not ours to log.
#[derive(Debug, Clone, Copy)]
struct Unrouted;

async fn not_found() -> Response {
    let mut response = Error::new(ErrorCode::NonTrovato, "Percorso sconosciuto.").into_response();
    response.extensions_mut().insert(Unrouted);
    response
}

/// One line per request: method, path, status, duration. No query string (cursors,
/// never codici fiscali, but still) and no bodies; paths of routes carry no personal
/// data, and unknown paths are not logged at all.
async fn log_request(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    let path = if response.extensions().get::<Unrouted>().is_some() {
        "-"
    } else {
        path.as_str()
    };
    tracing::info!(
        target: "sportello_centrale::request",
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// `Json` whose rejections are problem+json.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(v)) => v,
            Err(rejection) => return Err(not_this_body(rejection.body_text())),
        };
        // Every body of the contract is an object; serde would also read a struct
        // from an array of its fields in order.
        if !value.is_object() {
            return Err(not_this_body("il corpo deve essere un oggetto JSON".into()));
        }
        whole_numbers_as_integers(&mut value);
        serde_path_to_error::deserialize(value)
            .map(Self)
            .map_err(|e| not_this_body(format!("{}: {}", e.path(), e.inner())))
    }
}

fn not_this_body(detail: String) -> Error {
    Error::invalid(
        "Il corpo della richiesta non è un JSON valido per questa operazione.",
        vec![FieldError::new("body", "formato_non_valido", detail)],
    )
}

/// JSON Schema counts `3.0` as an integer, serde does not: whole numbers written with a
/// fraction become integers, so every body the document accepts is read. (Nesting is
/// bounded by serde_json's parser, 128 levels.)
fn whole_numbers_as_integers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64())
                && f.fract() == 0.0
                && f.abs() <= 9_007_199_254_740_992.0
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// `Query` whose rejections are problem+json.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    axum::extract::Query<T>: FromRequestParts<S, Rejection = QueryRejection>,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(rejection) => Err(Error::invalid(
                "Parametri della richiesta non validi.",
                vec![FieldError::new(
                    "query",
                    "formato_non_valido",
                    rejection.body_text(),
                )],
            )),
        }
    }
}
