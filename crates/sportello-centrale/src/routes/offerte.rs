//! Offers (seed 001's SIISL operations): lookup by code, bulk insert, detail, state,
//! interests of an offer or of the agency, the coded lists. The contract is
//! `sportello_protocol::offerte`; the records change through the push as well.

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use sportello_core::offerte::{StatoOfferta, Voci};
use sportello_protocol::offerte::{
    CambioStatoOfferta, InserimentoMassivo, InteressiQuery, MAX_MASSIVO, MAX_MASSIVO_BYTES,
    MAX_PAGINA, Offerta, Offerte, OfferteQuery, PaginaInteressi, paths,
};
use sportello_protocol::{ErrorCode, FieldError};
use uuid::Uuid;

use super::{ApiJson, ApiQuery};
use crate::db::offerte::{self as db, InteressiFilter, push};
use crate::error::{Error, Result};
use crate::session::Auth;
use crate::state::AppState;

/// Field errors reported for a refused bulk insert, at most (the rest is counted).
const MAX_ERRORS: usize = 1000;
/// The furthest position a page may start from (the document's maximum).
const MAX_DOPO: u64 = 1_000_000_000;
/// Interests per page when the query names none.
const DEFAULT_PAGINA: u32 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::OFFERTE, get(cerca))
        .route(
            paths::MASSIVO,
            post(massivo).layer(DefaultBodyLimit::max(MAX_MASSIVO_BYTES)),
        )
        .route(paths::VOCI, get(voci))
        .route(paths::INTERESSI, get(interessi))
        .route(paths::OFFERTA, get(offerta))
        .route(paths::STATO, post(stato))
        .route(paths::INTERESSI_OFFERTA, get(interessi_offerta))
}

fn not_found() -> Error {
    Error::new(ErrorCode::NonTrovato, "Offerta inesistente.")
}

/// The offer `id`, if it exists and the session sees its branch.
async fn visible(state: &AppState, auth: &Auth, id: &str) -> Result<Offerta> {
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    let offerta = state
        .read(move |tx| db::offerta(tx, id))
        .await?
        .ok_or_else(not_found)?;
    if !auth.sees(&offerta.dati.filiale) {
        return Err(Error::out_of_scope(
            "L'offerta è di una filiale fuori dall'ambito di questa sessione.",
        ));
    }
    Ok(offerta)
}

async fn cerca(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<OfferteQuery>,
) -> Result<Json<Offerte>> {
    if q.codice.chars().count() > 40 {
        return Err(Error::invalid(
            "Il codice offerta ha al massimo 40 caratteri.",
            vec![FieldError::new(
                "codice",
                "troppo_lungo",
                "Al massimo 40 caratteri.",
            )],
        ));
    }
    let codice = q.codice.trim().to_uppercase();
    let found = state
        .read(move |tx| db::offerta_by_codice(tx, &codice))
        .await?;
    if let Some(o) = &found
        && !auth.sees(&o.dati.filiale)
    {
        return Err(Error::out_of_scope(
            "L'offerta è di una filiale fuori dall'ambito di questa sessione.",
        ));
    }
    Ok(Json(Offerte {
        offerte: found.into_iter().collect(),
    }))
}

async fn massivo(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<InserimentoMassivo>,
) -> Result<(StatusCode, Json<Offerte>)> {
    if req.offerte.is_empty() || req.offerte.len() > MAX_MASSIVO {
        return Err(Error::invalid(
            format!("Un inserimento massivo va da 1 a {MAX_MASSIVO} offerte."),
            vec![FieldError::new(
                "offerte",
                "formato_non_valido",
                "Da 1 a 10000 offerte.",
            )],
        ));
    }
    let now = state.now();
    let stato = if req.pubblica {
        StatoOfferta::Pubblicata
    } else {
        StatoOfferta::Bozza
    };
    let offerte = state
        .write(move |tx| {
            let mut errors = Vec::new();
            let mut rows = Vec::with_capacity(req.offerte.len());
            for (i, dati) in req.offerte.into_iter().enumerate() {
                let dati = dati.normalised();
                errors.extend(push::check_dati(
                    tx,
                    &dati,
                    &auth.scope_branches,
                    now,
                    &format!("offerte[{i}]."),
                )?);
                rows.push(dati);
            }
            if !errors.is_empty() {
                let count = errors.len();
                errors.truncate(MAX_ERRORS);
                return Err(Error::incoherent(
                    format!("{count} errori: nessuna offerta inserita."),
                    errors,
                ));
            }
            rows.into_iter()
                .map(|dati| db::create(tx, Uuid::new_v4(), dati, stato, &auth.username, now))
                .collect::<Result<Vec<_>>>()
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Offerte { offerte })))
}

async fn voci(State(state): State<AppState>, _auth: Auth) -> Result<Json<Voci>> {
    Ok(Json(state.read(db::voci).await?))
}

async fn offerta(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<Offerta>> {
    Ok(Json(visible(&state, &auth, &id).await?))
}

async fn stato(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CambioStatoOfferta>,
) -> Result<Json<Offerta>> {
    let id = visible(&state, &auth, &id).await?.id;
    let now = state.now();
    let offerta = state
        .write(move |tx| {
            let mut o = db::offerta(tx, id)?.ok_or_else(not_found)?;
            if o.version != req.base_version {
                return Err(Error::new(
                    ErrorCode::VersioneSuperata,
                    "L'offerta è cambiata nel frattempo: rileggerla e ripetere l'operazione.",
                ));
            }
            o.applica(req.azione, &auth.username, now)
                .map_err(|message| {
                    Error::incoherent(
                        message,
                        vec![FieldError::new("azione", "incoerente", message)],
                    )
                })?;
            db::update(tx, &o, now)?;
            Ok(o)
        })
        .await?;
    Ok(Json(offerta))
}

/// The page of `q` over `branches` (and one offer).
async fn page(
    state: &AppState,
    q: InteressiQuery,
    branches: Vec<String>,
    offerta: Option<Uuid>,
) -> Result<PaginaInteressi> {
    let limit = q.limite.unwrap_or(DEFAULT_PAGINA);
    if !(1..=MAX_PAGINA).contains(&limit) {
        return Err(Error::invalid(
            "Il limite va da 1 a 1000.",
            vec![FieldError::new(
                "limite",
                "formato_non_valido",
                "Da 1 a 1000.",
            )],
        ));
    }
    let after = q.dopo.unwrap_or(0);
    if after > MAX_DOPO {
        return Err(Error::invalid(
            "Posizione oltre il limite.",
            vec![FieldError::new(
                "dopo",
                "formato_non_valido",
                "Al massimo 1000000000.",
            )],
        ));
    }
    let filter = InteressiFilter {
        branches,
        offerta,
        dal: q.dal,
        al: q.al,
    };
    let interessi = state
        .read(move |tx| db::interessi(tx, &filter, after, limit + 1))
        .await?;
    let more = interessi.len() > limit as usize;
    let mut interessi = interessi;
    interessi.truncate(limit as usize);
    Ok(PaginaInteressi {
        next: more.then(|| after + u64::from(limit)),
        interessi,
    })
}

/// The query's branch, if in scope, else every branch of the scope.
fn branches(auth: &Auth, filiale: Option<&str>) -> Result<Vec<String>> {
    match filiale.map(|f| f.trim().to_uppercase()) {
        Some(f) if auth.sees(&f) => Ok(vec![f]),
        Some(_) => Err(Error::out_of_scope(
            "Filiale fuori dall'ambito di questa sessione.",
        )),
        None => Ok(auth.scope_branches.clone()),
    }
}

async fn interessi(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<InteressiQuery>,
) -> Result<Json<PaginaInteressi>> {
    let branches = branches(&auth, q.filiale.as_deref())?;
    Ok(Json(page(&state, q, branches, None).await?))
}

async fn interessi_offerta(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<InteressiQuery>,
) -> Result<Json<PaginaInteressi>> {
    let offerta = visible(&state, &auth, &id).await?;
    let branches = branches(&auth, q.filiale.as_deref())?;
    Ok(Json(page(&state, q, branches, Some(offerta.id)).await?))
}
