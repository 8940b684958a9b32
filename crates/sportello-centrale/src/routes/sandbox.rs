//! Loopback-only endpoints of the sandbox, outside the contract (not in the OpenAPI
//! document): fault mode, and the changes a real central server would get from
//! elsewhere (a candidate moved to another branch, deleted; old tombstones purged), so
//! sync clients can be tested against them. Mounted only when started with `--sandbox`
//! (`Config::sandbox`), which is refused on a non-loopback address.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sportello_protocol::{ErrorCode, FieldError};

use super::ApiJson;
use crate::db::{candidates, changes};
use crate::error::{Error, Result};
use crate::fault::FaultConfig;
use crate::state::AppState;

pub const FAULTS: &str = "/api/v1/sandbox/faults";
pub const TRANSFER: &str = "/api/v1/sandbox/candidates/transfer";
pub const DELETE: &str = "/api/v1/sandbox/candidates/delete";
pub const PURGE_TOMBSTONES: &str = "/api/v1/sandbox/tombstones/purge";
pub const INTERESTS: &str = "/api/v1/sandbox/interessi";
/// The mail outbox (the daily reports a deployment would send), newest first.
/// New citizens, as a regional registration would bring them.
pub const CITIZENS: &str = "/api/v1/sandbox/cittadini";
pub const MAIL: &str = "/api/v1/sandbox/posta";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(FAULTS, get(get_faults).put(set_faults).delete(clear_faults))
        .route(TRANSFER, post(transfer))
        .route(DELETE, post(delete))
        .route(PURGE_TOMBSTONES, post(purge))
        .route(INTERESTS, post(interests))
        .route(MAIL, get(mail))
        .route(CITIZENS, post(citizens))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewCitizens {
    /// At most 10,000.
    pub quanti: usize,
    pub filiale: String,
    #[serde(default)]
    pub seed: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewCitizensMade {
    pub codici_fiscali: Vec<String>,
}

async fn citizens(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<NewCitizens>,
) -> Result<Json<NewCitizensMade>> {
    if req.quanti > 10_000 {
        return Err(Error::invalid(
            "Al massimo 10000.",
            vec![FieldError::new(
                "quanti",
                "formato_non_valido",
                "Al massimo 10000.",
            )],
        ));
    }
    let now = state.now();
    let codici_fiscali = state
        .write(move |tx| {
            if !crate::db::users::branch_codes(tx)?.contains(&req.filiale) {
                return Err(Error::incoherent(
                    "Filiale sconosciuta.",
                    vec![FieldError::new(
                        "filiale",
                        "sconosciuto",
                        "Filiale sconosciuta.",
                    )],
                ));
            }
            candidates::sandbox_citizens(tx, req.quanti, req.seed, &req.filiale, now)
        })
        .await?;
    Ok(Json(NewCitizensMade { codici_fiscali }))
}

async fn mail(State(state): State<AppState>) -> Result<Json<Vec<crate::db::report::Posta>>> {
    Ok(Json(
        state.read(|c| crate::db::report::posta(c, 200)).await?,
    ))
}

async fn get_faults(State(state): State<AppState>) -> Json<Option<FaultConfig>> {
    Json(state.faults.get())
}

async fn set_faults(
    State(state): State<AppState>,
    ApiJson(config): ApiJson<FaultConfig>,
) -> Result<Json<Option<FaultConfig>>> {
    config.validate().map_err(|e| {
        Error::invalid(
            "Configurazione dei guasti non valida.",
            vec![FieldError::new("body", "formato_non_valido", e)],
        )
    })?;
    state.faults.set(Some(config));
    Ok(Json(state.faults.get()))
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.set(None);
    StatusCode::NO_CONTENT
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Transfer {
    pub codice_fiscale: String,
    pub branch: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Version {
    pub version: i64,
}

async fn transfer(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<Transfer>,
) -> Result<Json<Version>> {
    let now = state.now();
    let version = state
        .write(move |tx| {
            let known = crate::db::users::branch_codes(tx)?;
            if !known.contains(&req.branch) {
                return Err(Error::new(ErrorCode::NonTrovato, "Filiale sconosciuta."));
            }
            candidates::transfer(tx, &req.codice_fiscale, &req.branch, now)
        })
        .await?;
    Ok(Json(Version { version }))
}

/// `POST /sandbox/interessi`: citizens express interest in published offers now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewInterests {
    /// At most 1,000,000.
    pub quanti: usize,
    #[serde(default)]
    pub seed: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Made {
    pub creati: usize,
}

async fn interests(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<NewInterests>,
) -> Result<Json<Made>> {
    if req.quanti > 1_000_000 {
        return Err(Error::invalid(
            "Al massimo 1000000.",
            vec![FieldError::new(
                "quanti",
                "formato_non_valido",
                "Al massimo 1000000.",
            )],
        ));
    }
    let now = state.now();
    let creati = state
        .write(move |tx| crate::db::offerte::sandbox_interests(tx, req.quanti, req.seed, now))
        .await?;
    Ok(Json(Made { creati }))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Delete {
    pub codice_fiscale: String,
}

async fn delete(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<Delete>,
) -> Result<StatusCode> {
    let now = state.now();
    state
        .write(move |tx| candidates::delete(tx, &req.codice_fiscale, now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Purge {
    /// Purge tombstones at least this old (default 0: all of them).
    #[serde(default)]
    pub older_than_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Purged {
    pub purged: usize,
}

async fn purge(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<Purge>,
) -> Result<Json<Purged>> {
    // "Older than 0 s" must include a tombstone written this very instant.
    let before = state.now() - chrono::Duration::seconds(req.older_than_secs)
        + chrono::Duration::microseconds(1);
    let purged = state
        .write(move |tx| changes::purge_tombstones(tx, before))
        .await?;
    Ok(Json(Purged { purged }))
}
