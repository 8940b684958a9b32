//! The training-course catalogue (seed 004): every course the caller sees, unless the
//! catalogue has not changed since the version it names. Changes arrive as push
//! mutations (`db::corsi`).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use sportello_protocol::corsi::{Corsi, CorsiQuery, paths};

use super::ApiQuery;
use crate::db::corsi as db;
use crate::error::{Error, Result};
use crate::session::Auth;
use crate::state::AppState;
use sportello_protocol::FieldError;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::CORSI, get(list))
}

async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<CorsiQuery>,
) -> Result<Json<Corsi>> {
    if q.noto.is_some_and(|v| v < 0) {
        return Err(Error::invalid(
            "Versione non valida.",
            vec![FieldError::new(
                "noto",
                "formato_non_valido",
                "Un numero da 0 in su.",
            )],
        ));
    }
    let user = auth.username.clone();
    let corsi = state
        .read(move |c| {
            let who = db::attore(c, &user)?;
            let versione = db::versione(c)?;
            let corsi = if q.noto == Some(versione) {
                None
            } else {
                Some(db::visibili(c, &who)?)
            };
            Ok(Corsi {
                versione,
                ente: who.ente,
                corsi,
            })
        })
        .await?;
    Ok(Json(corsi))
}
