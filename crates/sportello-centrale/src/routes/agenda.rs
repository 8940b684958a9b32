//! Appointments (seed 003): the free slots of a desk, computed from its availability
//! and the bookings that hold time. Desks and bookings travel in the pull and change
//! through the push (`db::agenda`).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use chrono::Duration;
use sportello_core::cpi::agenda::{TipoEvento, ora_locale, slots};
use sportello_protocol::FieldError;
use sportello_protocol::agenda::{MAX_GIORNI_SLOT, SlotLiberi, SlotQuery, paths};
use sportello_protocol::problem::ErrorCode;
use uuid::Uuid;

use super::ApiQuery;
use crate::db::agenda as db;
use crate::error::{Error, Result};
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::SLOT, get(liberi))
}

fn not_found() -> Error {
    Error::new(ErrorCode::NonTrovato, "Sportello inesistente.")
}

async fn liberi(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<SlotQuery>,
) -> Result<Json<SlotLiberi>> {
    let invalid = |field: &str, message: &str| {
        Error::invalid(
            message.to_string(),
            vec![FieldError::new(
                field,
                "formato_non_valido",
                message.to_string(),
            )],
        )
    };
    let tipo = TipoEvento::parse(q.tipo.trim()).ok_or_else(|| {
        invalid(
            "tipo",
            "Tipo di colloquio sconosciuto: iscrizione_cpi, stesura_cv, ricerca_lavoro o attivazione_tirocini.",
        )
    })?;
    let giorni = (q.al - q.dal).num_days();
    if !(0..=MAX_GIORNI_SLOT).contains(&giorni) {
        let message = "Il periodo va da «dal» ad «al», al massimo 62 giorni.";
        return Err(Error::incoherent(
            message,
            vec![FieldError::new("al", "incoerente", message)],
        ));
    }
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let now = ora_locale(state.now());
    let scope = auth.scope_branches.clone();
    let liberi = state
        .read(move |tx| {
            let s = db::visible_sportello(tx, &scope, id)?.ok_or_else(not_found)?;
            let dal = q.dal.and_hms_opt(0, 0, 0).expect("midnight exists");
            let al = dal
                .checked_add_signed(Duration::days(giorni + 1))
                .unwrap_or(chrono::NaiveDateTime::MAX);
            let occupate = db::occupate(tx, id, dal, al)?;
            let inizi = slots(&s.dati.disponibilita, tipo, q.dal, q.al)
                .into_iter()
                .filter(|slot| slot.inizio > now)
                .filter(|slot| {
                    let fine = slot.inizio + Duration::minutes(i64::from(slot.minuti));
                    !occupate.iter().any(|p| p.sovrappone(slot.inizio, fine))
                })
                .map(|slot| slot.inizio)
                .collect();
            Ok(SlotLiberi {
                minuti: tipo.minuti(),
                inizi,
            })
        })
        .await?;
    Ok(Json(liberi))
}
