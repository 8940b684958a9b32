//! "Configurazione APL" (seed 001): super and master users choose which of their
//! branches citizens may select when they sign the PAD; all at once or one by one.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use sportello_core::branch::provinces_without_pad;
use sportello_protocol::configurazione::{ConfigurazionePad, FilialePad, ModificaPad, paths};
use sportello_protocol::{ErrorCode, FieldError};

use super::ApiJson;
use crate::db::Tx;
use crate::db::users;
use crate::error::{Error, Result};
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::PAD, get(read).put(change))
}

fn only_super(auth: &Auth) -> Result<()> {
    if !auth.role.agency_level() {
        return Err(Error::new(
            ErrorCode::NonAutorizzato,
            "La configurazione delle filiali del PAD è delle utenze super e master.",
        ));
    }
    Ok(())
}

/// The user's branches with their choice, and the provinces left without one.
fn view(conn: &Tx, own: &[String]) -> Result<ConfigurazionePad> {
    let mut filiali = Vec::with_capacity(own.len());
    for b in users::branches_named(conn, own)? {
        let last = users::last_pad_change(conn, &b.code)?;
        filiali.push(FilialePad {
            selezionabile: b.pad,
            modificata_da: last.as_ref().map(|(by, _)| by.clone()),
            modificata_il: last.map(|(_, at)| at),
            code: b.code,
            name: b.name,
            comune: b.comune,
            provincia: b.provincia,
        });
    }
    filiali.sort_by(|a, b| a.code.cmp(&b.code));
    let province_scoperte = provinces_without_pad(
        &users::all_branches(conn)?,
        &users::provinces_with_citizens(conn)?,
    );
    Ok(ConfigurazionePad {
        filiali,
        province_scoperte,
    })
}

async fn read(State(state): State<AppState>, auth: Auth) -> Result<Json<ConfigurazionePad>> {
    only_super(&auth)?;
    let own = auth.branches.clone();
    Ok(Json(state.read(move |c| view(c, &own)).await?))
}

async fn change(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<ModificaPad>,
) -> Result<Json<ConfigurazionePad>> {
    only_super(&auth)?;
    if req.filiali.len() > 1000 {
        return Err(Error::invalid(
            "Troppe filiali.",
            vec![FieldError::new(
                "filiali",
                "troppi_elementi",
                "Al massimo 1000 filiali per richiesta.",
            )],
        ));
    }
    if let Some(other) = req
        .filiali
        .iter()
        .find(|f| !auth.branches.contains(&f.code))
    {
        return Err(Error::out_of_scope(format!(
            "La filiale {} non è abilitata per questo utente.",
            other.code
        )));
    }
    let (now, by, own) = (state.now(), auth.username.clone(), auth.branches.clone());
    let answer = state
        .write(move |tx| {
            for f in &req.filiali {
                users::set_pad(tx, &f.code, f.selezionabile, &by, now)?;
            }
            view(tx, &own)
        })
        .await?;
    Ok(Json(answer))
}
