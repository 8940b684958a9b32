//! `GET /api/v1/health` and `GET /api/v1/openapi.json`.

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use sportello_protocol::{API_VERSION, Health, openapi, paths};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::HEALTH, get(health))
        .route(paths::OPENAPI, get(document))
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        api_version: API_VERSION.into(),
        time: state.now(),
    })
}

async fn document() -> impl IntoResponse {
    static DOC: OnceLock<String> = OnceLock::new();
    let doc = DOC.get_or_init(openapi::document_json);
    ([(header::CONTENT_TYPE, "application/json")], doc.as_str())
}
