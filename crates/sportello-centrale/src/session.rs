//! Bearer tokens and the authenticated session every protected handler takes.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use blake2::{Blake2s256, Digest};
use rand::RngCore;
use sportello_core::account::{self, Role, Scope, ScopeError};
use sportello_protocol::ErrorCode;

use crate::db::users;
use crate::error::{Error, Result};
use crate::state::AppState;

/// A new random token and the hash the server keeps of it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Blake2s256::digest(token.as_bytes()))
}

/// Maps a scope refusal to the wire.
pub fn scope_error(e: ScopeError, scope: Option<&Scope>) -> Error {
    match e {
        ScopeError::NoBranches => {
            Error::out_of_scope("Nessuna filiale è abilitata per questo utente.")
        }
        ScopeError::OutOfScope => Error::out_of_scope(match scope {
            Some(Scope::Branch(code)) => {
                format!("La filiale {code} non è abilitata per questo utente.")
            }
            _ => "Questo utente non può vedere più filiali insieme.".to_string(),
        }),
    }
}

/// The caller, as its bearer token says.
#[derive(Debug, Clone)]
pub struct Auth {
    pub token_hash: String,
    pub username: String,
    pub role: Role,
    /// Every branch enabled for the user.
    pub branches: Vec<String>,
    pub password_changed_at: chrono::DateTime<chrono::Utc>,
    pub scope: Scope,
    /// The branches the session sees.
    pub scope_branches: Vec<String>,
}

impl Auth {
    pub fn sees(&self, branch: &str) -> bool {
        self.scope_branches.iter().any(|b| b == branch)
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::NonAutenticato,
                    "Accesso richiesto: manca il token.",
                )
            })?;
        let hash = token_hash(token);
        let now = state.now();
        let lookup = hash.clone();
        let session = state.read(move |c| users::find_session(c, &lookup)).await?;
        let Some(session) = session else {
            return Err(Error::new(
                ErrorCode::NonAutenticato,
                "Sessione non valida: accedi di nuovo.",
            ));
        };
        if session.expires_at <= now {
            let expired = hash.clone();
            state
                .write(move |tx| users::delete_session(tx, &expired))
                .await?;
            return Err(Error::new(
                ErrorCode::TokenScaduto,
                "La sessione è scaduta: accedi di nuovo.",
            ));
        }
        let user = session.user;
        if user.disabled {
            return Err(Error::new(
                ErrorCode::NonAutenticato,
                "Utenza disabilitata: accedi con un'altra utenza.",
            ));
        }
        let scope = Scope::parse(&session.scope)
            .ok_or_else(|| Error::Internal("stored scope does not parse".into()))?;
        let (scope, scope_branches) =
            account::resolve_scope(user.role, &user.branches, Some(&scope))
                .map_err(|e| scope_error(e, Some(&scope)))?;
        Ok(Self {
            token_hash: hash,
            username: user.username,
            role: user.role,
            branches: user.branches,
            password_changed_at: user.password_changed_at,
            scope,
            scope_branches,
        })
    }
}
