//! The agency's accounts (seed 001): a master lists them, creates super users and
//! operatori with a one-time password, enables and disables them and changes their
//! branches; a super reads the accounts of its branches.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use sportello_core::account::{self, Role};
use sportello_protocol::auth::{NewUser, User, UserUpdate, Users};
use sportello_protocol::{ErrorCode, FieldError, paths};

use super::ApiJson;
use crate::db::users::{self, NewUserRow};
use crate::error::{Error, Result};
use crate::password;
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::USERS, get(list_users).post(create_user))
        .route(paths::USER, patch(update_user))
}

/// A master's every account; a super's accounts sharing one of its branches.
async fn list_users(State(state): State<AppState>, auth: Auth) -> Result<Json<Users>> {
    if !auth.role.agency_level() {
        return Err(Error::new(
            ErrorCode::NonAutorizzato,
            "L'elenco delle utenze è riservato alle utenze master e super.",
        ));
    }
    let all = state.read(users::list_users).await?;
    let users = all
        .into_iter()
        // The regional office's accounts are not the agency's.
        .filter(|u| Role::from(u.role) != Role::Validatore)
        .filter(|u| auth.role.may_list(&auth.branches, &u.branches))
        .collect();
    Ok(Json(Users { users }))
}

fn only_master(auth: &Auth, role: Role) -> Result<()> {
    if auth.role.may_create(role) {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::NonAutorizzato,
        if auth.role == Role::Master {
            "Un'utenza master non si modifica da qui."
        } else {
            "Solo un'utenza master crea e modifica le utenze."
        },
    ))
}

/// The branches of a new or changed account: known, within the session's scope, as
/// many as the role takes.
async fn check_branches(
    state: &AppState,
    auth: &Auth,
    role: Role,
    mut branches: Vec<String>,
    errors: &mut Vec<FieldError>,
) -> Result<Vec<String>> {
    branches.sort();
    branches.dedup();
    if branches.is_empty() {
        errors.push(FieldError::new(
            "branches",
            "obbligatorio",
            "Indica almeno una filiale.",
        ));
    } else if !role.branches_ok(branches.len()) {
        errors.push(FieldError::new(
            "branches",
            "una_sola_filiale",
            "Un'utenza operatore ha una sola filiale.",
        ));
    }
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
    if errors.is_empty()
        && let Some(b) = branches.iter().find(|b| !auth.sees(b))
    {
        return Err(Error::out_of_scope(format!(
            "La filiale {b} non è nell'ambito della sessione."
        )));
    }
    Ok(branches)
}

async fn create_user(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<User>)> {
    let role = Role::from(req.role);
    only_master(&auth, role)?;
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
    let email = req
        .email
        .as_deref()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty());
    if email
        .as_deref()
        .is_some_and(|e| !sportello_core::candidate::valid_email(e))
    {
        errors.push(FieldError::new(
            "email",
            "formato_non_valido",
            "Indirizzo e-mail non valido.",
        ));
    }
    let branches = check_branches(&state, &auth, role, req.branches.clone(), &mut errors).await?;
    if !errors.is_empty() {
        return Err(Error::incoherent(
            "Dati della nuova utenza non validi.",
            errors,
        ));
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
                role,
                codice_fiscale: cf.as_deref(),
                email: email.as_deref(),
                password_hash: &hash,
                branches: &br,
                created_by: Some(&creator),
            };
            users::insert_user(tx, &row, now)?;
            let detail = format!("{} · {}", role.code(), br.join(", "));
            users::record_event(tx, &name, &creator, "creata", &detail, now)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(find(&state, &username).await?)))
}

async fn find(state: &AppState, username: &str) -> Result<User> {
    let name = username.to_string();
    state
        .read(move |c| users::user_view(c, &name))
        .await?
        .ok_or_else(|| Error::new(ErrorCode::NonTrovato, format!("Nessuna utenza {username}.")))
}

/// Enables, disables or moves an account to other branches; recorded.
async fn update_user(
    State(state): State<AppState>,
    auth: Auth,
    Path(username): Path<String>,
    ApiJson(req): ApiJson<UserUpdate>,
) -> Result<Json<User>> {
    let user = find(&state, &username).await?;
    only_master(&auth, user.role.into())?;
    if req.enabled.is_none() && req.branches.is_none() && req.password.is_none() {
        return Ok(Json(user));
    }
    let mut errors = Vec::new();
    let branches = match req.branches {
        Some(b) => Some(check_branches(&state, &auth, user.role.into(), b, &mut errors).await?),
        None => None,
    };
    if let Some(p) = &req.password {
        errors.extend(
            account::check_password(&username, p)
                .into_iter()
                .map(|e| FieldError::new("password", e.code(), e.message())),
        );
    }
    if !errors.is_empty() {
        return Err(Error::incoherent(
            "Modifica dell'utenza non valida.",
            errors,
        ));
    }
    let hash = match req.password {
        Some(p) => Some(tokio::task::spawn_blocking(move || password::hash(&p)).await??),
        None => None,
    };
    let (now, by, name) = (state.now(), auth.username.clone(), username.clone());
    state
        .write(move |tx| {
            if let Some(enabled) = req.enabled {
                users::set_enabled(tx, &name, enabled, now)?;
                let what = if enabled { "abilitata" } else { "disabilitata" };
                users::record_event(tx, &name, &by, what, "", now)?;
            }
            if let Some(b) = &branches {
                users::set_branches(tx, &name, b)?;
                users::record_event(tx, &name, &by, "filiali", &b.join(", "), now)?;
            }
            if let Some(h) = &hash {
                users::reset_password(tx, &name, h, now)?;
                users::record_event(tx, &name, &by, "password_iniziale", "", now)?;
            }
            Ok(())
        })
        .await?;
    Ok(Json(find(&state, &username).await?))
}
