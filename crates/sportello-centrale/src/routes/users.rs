//! `POST /api/v1/users`: a master creates super users (seed 001).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use sportello_core::account::{self, Role};
use sportello_protocol::auth::{NewUser, User};
use sportello_protocol::{ErrorCode, FieldError, paths};

use super::ApiJson;
use crate::db::users::{self, NewUserRow};
use crate::error::{Error, Result};
use crate::password;
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::USERS, post(create_user))
}

async fn create_user(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<User>)> {
    if !auth.role.may_create(Role::Super) {
        return Err(Error::new(
            ErrorCode::NonAutorizzato,
            "Solo un'utenza master può creare utenze super.",
        ));
    }
    // Exactly the documented pattern: surrounding spaces are refused, not trimmed.
    let username = req.username.clone();
    let mut errors = Vec::new();
    if !account::valid_username(&username) {
        errors.push(FieldError::new(
            "username",
            "formato_non_valido",
            "Il nome utente ha 3–32 caratteri: lettere minuscole, cifre, punto, trattino o trattino basso, e inizia con una lettera.",
        ));
    }
    errors.extend(
        account::check_password(&username, &req.password)
            .into_iter()
            .map(|e| FieldError::new("password", e.code(), e.message())),
    );
    let mut branches = req.branches.clone();
    branches.sort();
    branches.dedup();
    if branches.is_empty() {
        errors.push(FieldError::new(
            "branches",
            "obbligatorio",
            "Indica almeno una filiale.",
        ));
    }
    let today = state.now().date_naive();
    let codice_fiscale = match req
        .codice_fiscale
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(cf) => {
            let check = sportello_core::codice_fiscale::check(cf, today);
            if !check.errors.is_empty() {
                errors.push(FieldError::new(
                    "codice_fiscale",
                    "formato_non_valido",
                    "Codice fiscale non valido.",
                ));
            }
            Some(check.normalized)
        }
    };
    let known = state.read(users::branch_codes).await?;
    for b in &branches {
        if !known.contains(b) {
            errors.push(FieldError::new(
                "branches",
                "sconosciuto",
                format!("Filiale sconosciuta: {b}."),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::incoherent(
            "Dati della nuova utenza non validi.",
            errors,
        ));
    }
    if let Some(b) = branches.iter().find(|b| !auth.sees(b)) {
        return Err(Error::out_of_scope(format!(
            "La filiale {b} non è nell'ambito della sessione."
        )));
    }
    let hash = {
        let p = req.password.clone();
        tokio::task::spawn_blocking(move || password::hash(&p)).await??
    };
    let now = state.now();
    let (name, cf, br, creator) = (
        username.clone(),
        codice_fiscale.clone(),
        branches.clone(),
        auth.username.clone(),
    );
    state
        .write(move |tx| {
            let (by_name, by_cf) = users::user_exists(tx, &name, cf.as_deref())?;
            if by_name {
                return Err(Error::new(
                    ErrorCode::GiaEsistente,
                    format!("Il nome utente {name} è già in uso."),
                ));
            }
            if by_cf {
                return Err(Error::new(
                    ErrorCode::GiaEsistente,
                    "Esiste già un'utenza per questo codice fiscale.",
                ));
            }
            let row = NewUserRow {
                username: &name,
                role: Role::Super,
                codice_fiscale: cf.as_deref(),
                password_hash: &hash,
                branches: &br,
                created_by: Some(&creator),
            };
            users::insert_user(tx, &row, now)
        })
        .await?;
    let user = User {
        username,
        role: Role::Super.into(),
        branches,
        password_expires_at: account::password_expires_at(now),
    };
    Ok((StatusCode::CREATED, Json(user)))
}
