//! Login, logout, scope switch and password change (seed 001, seed 004).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use sportello_core::account::{self, PasswordError, Scope};
use sportello_protocol::auth::{
    LoginRequest, PasswordChange, PasswordChanged, Profile, ScopeRequest, Session,
};
use sportello_protocol::{ErrorCode, FieldError, paths};

use super::ApiJson;
use crate::db::users::{self, UserRow};
use crate::error::{Error, Result};
use crate::password;
use crate::rate_limit::{self, MAX_FAILURES, MAX_FAILURES_PER_ADDRESS};
use crate::session::{self, Auth, scope_error};
use crate::state::AppState;

/// Longer usernames and passwords are refused before any hashing: a hash of a huge
/// password costs time and memory the input merely asks for.
pub const MAX_USERNAME_CHARS: usize = 64;
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Password hashes computed at once; each costs tens of MiB and a core.
const HASH_PERMITS: usize = 4;
/// How long a login waits for a hashing permit before it is told to retry.
const HASH_WAIT: Duration = Duration::from_secs(5);

static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASH_PERMITS);

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::LOGIN, post(login))
        .route(paths::LOGOUT, post(logout))
        .route(paths::SCOPE, post(switch_scope))
        .route(paths::PASSWORD, post(change_password))
}

fn parse_scope(scope: Option<&str>) -> Result<Option<Scope>> {
    match scope {
        None => Ok(None),
        // Exactly the documented pattern: no surrounding whitespace.
        Some(s) => Scope::parse(s)
            .filter(|_| s.trim() == s)
            .map(Some)
            .ok_or_else(|| {
                Error::invalid(
                    "Ambito non valido.",
                    vec![FieldError::new(
                        "scope",
                        "formato_non_valido",
                        "L'ambito è `filiale:CODICE` oppure `tutte`.",
                    )],
                )
            }),
    }
}

/// The limits `openapi.json` declares: nothing longer is looked up or hashed.
fn check_credential_lengths(req: &LoginRequest) -> Result<()> {
    let username_chars = req.username.chars().count();
    let mut errors = Vec::new();
    if username_chars == 0 || username_chars > 64 {
        errors.push(FieldError::new(
            "username",
            "lunghezza_non_valida",
            "Il nome utente ha da 1 a 64 caratteri.",
        ));
    }
    if req.password.len() > 1024 {
        errors.push(FieldError::new(
            "password",
            "lunghezza_non_valida",
            "La password ha al massimo 1024 byte.",
        ));
    }
    if errors.is_empty() {
        return Ok(());
    }
    Err(Error::invalid("Credenziali non valide.", errors))
}

fn normalise_username(u: &str) -> String {
    u.trim().to_lowercase()
}

fn too_long(field: &str, detail: &str) -> Error {
    Error::invalid(
        "Credenziali troppo lunghe.",
        vec![FieldError::new(field, "troppo_lungo", detail)],
    )
}

/// Refuses oversized credentials, before the rate limit and any hashing.
fn check_lengths(username: &str, passwords: &[(&str, &str)]) -> Result<()> {
    if username.chars().count() > MAX_USERNAME_CHARS {
        return Err(too_long(
            "username",
            "Il nome utente supera i 64 caratteri.",
        ));
    }
    for (field, password) in passwords {
        if password.len() > MAX_PASSWORD_BYTES {
            return Err(too_long(field, "La password supera i 1024 byte."));
        }
    }
    Ok(())
}

/// Checks username and password under the rate limits (per username and per client
/// address, reserved before hashing) and the cap on hashes in flight.
async fn authenticate(
    state: &AppState,
    client: IpAddr,
    username: &str,
    password: String,
) -> Result<UserRow> {
    let now = state.now();
    let (user_key, addr_key) = (format!("utente:{username}"), format!("indirizzo:{client}"));
    let keys = (user_key.clone(), addr_key.clone());
    state
        .write(move |tx| {
            let limits = [
                (&*keys.0, MAX_FAILURES),
                (&*keys.1, MAX_FAILURES_PER_ADDRESS),
            ];
            rate_limit::reserve(tx, &limits, now)
        })
        .await?
        .map_err(Error::too_many_attempts)?;
    let _permit = tokio::time::timeout(HASH_WAIT, HASHING.acquire())
        .await
        .ok()
        .and_then(|p| p.ok())
        .ok_or_else(Error::busy)?;
    let lookup = username.to_string();
    let user = state.read(move |c| users::find_user(c, &lookup)).await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let ok =
        tokio::task::spawn_blocking(move || password::verify(hash.as_deref(), &password)).await?;
    match user {
        Some(user) if ok => {
            state
                .write(move |tx| rate_limit::succeed(tx, &user_key, &[&addr_key], now))
                .await?;
            if user.disabled {
                return Err(disabled());
            }
            Ok(user)
        }
        _ => Err(Error::new(
            ErrorCode::CredenzialiErrate,
            "Nome utente o password errati.",
        )),
    }
}

/// Creates a session for `user` in `scope`.
pub async fn issue_session(
    state: &AppState,
    user: UserRow,
    requested: Option<&Scope>,
) -> Result<Session> {
    let (scope, scope_branches) = account::resolve_scope(user.role, &user.branches, requested)
        .map_err(|e| scope_error(e, requested))?;
    let now = state.now();
    let expires_at = now + state.settings.token_ttl;
    let (token, hash) = session::new_token();
    let codes = user.branches.clone();
    let branch_details = state
        .read(move |c| users::branches_named(c, &codes))
        .await?;
    let (username, scope_text) = (user.username.clone(), scope.to_string());
    state
        .write(move |tx| users::create_session(tx, &hash, &username, &scope_text, now, expires_at))
        .await?;
    Ok(Session {
        token,
        expires_at,
        profile: Profile {
            username: user.username,
            role: user.role.into(),
            branches: user.branches,
            branch_details,
            password_expires_at: account::password_expires_at(user.password_changed_at),
        },
        scope: scope.to_string(),
        scope_branches,
    })
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<Session>> {
    check_credential_lengths(&req)?;
    let requested = parse_scope(req.scope.as_deref())?;
    check_lengths(&req.username, &[("password", &req.password)])?;
    let username = normalise_username(&req.username);
    let user = authenticate(&state, client.ip(), &username, req.password).await?;
    if user.must_change_password {
        return Err(Error::new(
            ErrorCode::PasswordScaduta,
            "È il primo accesso: sostituisci la password iniziale con una tua.",
        ));
    }
    if account::password_expires_at(user.password_changed_at) <= state.now() {
        return Err(Error::new(
            ErrorCode::PasswordScaduta,
            "La password è scaduta (vale 3 mesi): cambiala per accedere.",
        ));
    }
    let session = issue_session(&state, user, requested.as_ref()).await?;
    let (name, now) = (session.profile.username.clone(), state.now());
    state
        .write(move |tx| users::touch_last_access(tx, &name, now))
        .await?;
    Ok(Json(session))
}

fn disabled() -> Error {
    Error::new(
        ErrorCode::UtenzaDisabilitata,
        "Utenza disabilitata: rivolgiti all'utenza master della tua agenzia.",
    )
}

async fn logout(State(state): State<AppState>, auth: Auth) -> Result<StatusCode> {
    state
        .write(move |tx| users::delete_session(tx, &auth.token_hash))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn switch_scope(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<ScopeRequest>,
) -> Result<Json<Session>> {
    let requested = parse_scope(Some(&req.scope))?;
    let lookup = auth.username.clone();
    let user = state
        .read(move |c| users::find_user(c, &lookup))
        .await?
        .ok_or_else(|| Error::new(ErrorCode::NonAutenticato, "Utente non più esistente."))?;
    let session = issue_session(&state, user, requested.as_ref()).await?;
    state
        .write(move |tx| users::delete_session(tx, &auth.token_hash))
        .await?;
    Ok(Json(session))
}

fn password_errors(errors: &[PasswordError]) -> Vec<FieldError> {
    errors
        .iter()
        .map(|e| FieldError::new("new_password", e.code(), e.message()))
        .collect()
}

async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<Json<PasswordChanged>> {
    check_lengths(
        &req.username,
        &[
            ("old_password", &req.old_password),
            ("new_password", &req.new_password),
        ],
    )?;
    let username = normalise_username(&req.username);
    let user = authenticate(&state, client.ip(), &username, req.old_password).await?;
    let policy = account::check_password(&username, &req.new_password);
    if !policy.is_empty() {
        return Err(Error::incoherent(
            "La nuova password non rispetta le regole.",
            password_errors(&policy),
        ));
    }
    let lookup = username.clone();
    let history = state
        .read(move |c| users::password_history(c, &lookup))
        .await?;
    let new_password = req.new_password;
    let hash = tokio::task::spawn_blocking(move || {
        if history
            .iter()
            .any(|h| password::verify(Some(h), &new_password))
        {
            return Err(Error::incoherent(
                "La nuova password non rispetta le regole.",
                password_errors(&[PasswordError::RecentlyUsed]),
            ));
        }
        password::hash(&new_password)
    })
    .await??;
    let now = state.now();
    let name = user.username.clone();
    state
        .write(move |tx| users::set_password(tx, &name, &hash, now))
        .await?;
    Ok(Json(PasswordChanged {
        password_expires_at: account::password_expires_at(now),
    }))
}
