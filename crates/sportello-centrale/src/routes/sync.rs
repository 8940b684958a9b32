//! `GET /api/v1/sync/changes` and `POST /api/v1/sync/mutations`.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_protocol::sync::{
    ChangesQuery, DEFAULT_PAGE_SIZE, MAX_MUTATIONS_PER_BATCH, MAX_PAGE_SIZE, MAX_PUSH_BYTES,
    MutationBatch, MutationResults,
};
use sportello_protocol::{ErrorCode, FieldError, paths};

use super::{ApiJson, ApiQuery};
use crate::db::changes::{self, Cursor};
use crate::db::mutations::{self, Pusher};
use crate::error::{Error, Result};
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::CHANGES, get(pull)).route(
        paths::MUTATIONS,
        post(push).layer(DefaultBodyLimit::max(MAX_PUSH_BYTES)),
    )
}

async fn pull(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ChangesQuery>,
) -> Result<Response> {
    let limit = q.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(Error::invalid(
            "Dimensione della pagina non valida.",
            vec![FieldError::new(
                "limit",
                "formato_non_valido",
                format!("Il limite va da 1 a {MAX_PAGE_SIZE}."),
            )],
        ));
    }
    let cursor = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(Cursor::decode(c).ok_or_else(|| {
            Error::invalid(
                "Cursore non valido.",
                vec![FieldError::new(
                    "cursor",
                    "formato_non_valido",
                    "Cursore non riconosciuto.",
                )],
            )
        })?),
    };
    let scope = auth.scope.to_string();
    let branches = auth.scope_branches;
    let page = state
        .read(move |c| {
            let fingerprint = changes::fingerprint(c, &scope, &branches)?;
            if cursor.is_some_and(|cur| cur.fingerprint != fingerprint) {
                return Err(Error::new(
                    ErrorCode::CursoreScaduto,
                    "Il cursore appartiene a un altro ambito o a un altro archivio: ripeti la sincronizzazione dall'inizio.",
                ));
            }
            changes::page(
                c,
                &branches,
                fingerprint,
                cursor.map(|c| c.seq),
                cursor.is_some_and(|c| c.initial),
                limit as usize,
            )
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], page.json).into_response())
}

async fn push(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(batch): ApiJson<MutationBatch>,
) -> Result<Json<MutationResults>> {
    if batch.mutations.len() > MAX_MUTATIONS_PER_BATCH {
        return Err(Error::invalid(
            "Troppe modifiche in un invio.",
            vec![FieldError::new(
                "mutations",
                "troppo_lungo",
                format!("Al massimo {MAX_MUTATIONS_PER_BATCH} modifiche per invio."),
            )],
        ));
    }
    if batch.mutations.iter().any(|m| m.seq < 1) {
        return Err(Error::invalid(
            "Numeri di sequenza non validi.",
            vec![FieldError::new(
                "mutations",
                "formato_non_valido",
                "I numeri di sequenza devono essere positivi.",
            )],
        ));
    }
    let shapes: Vec<FieldError> = batch
        .mutations
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let why = m.shape_error()?;
            Some(FieldError::new(
                format!("mutations[{i}]"),
                "formato_non_valido",
                format!("Modifica non leggibile: {why}."),
            ))
        })
        .collect();
    if !shapes.is_empty() {
        return Err(Error::invalid(
            "Alcune modifiche non hanno la forma prevista.",
            shapes,
        ));
    }
    let now = state.now();
    let results = state
        .write(move |tx| {
            let pusher = Pusher {
                username: &auth.username,
                branches: &auth.scope_branches,
            };
            mutations::apply_batch(tx, &pusher, batch.client_id, &batch.mutations, now)
        })
        .await?;
    Ok(Json(MutationResults { results }))
}
