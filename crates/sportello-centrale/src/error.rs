//! The server's error: a problem+json answer, or an internal failure.
//!
//! The server is itself the HTTP boundary, so its error carries the wire code directly
//! ([`ErrorCode`]); internal failures are logged (never with personal data) and
//! answered as `errore_interno`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sportello_protocol::problem::PROBLEM_CONTENT_TYPE;
use sportello_protocol::{ErrorCode, FieldError, Problem};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An answer the contract defines.
    #[error("{}: {}", .problem.code.as_str(), .problem.detail)]
    Problem {
        problem: Box<Problem>,
        retry_after: Option<u64>,
    },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// A query that must return a row returned none.
    #[error("database: no row")]
    NoRows,
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Problem {
            problem: Box::new(Problem::new(code, detail)),
            retry_after: None,
        }
    }

    pub fn invalid(detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        let problem = Problem::new(ErrorCode::RichiestaNonValida, detail).with_errors(errors);
        Self::Problem {
            problem: Box::new(problem),
            retry_after: None,
        }
    }

    /// A well-formed request that breaks a rule of the server's data (422).
    pub fn incoherent(detail: impl Into<String>, errors: Vec<FieldError>) -> Self {
        let problem = Problem::new(ErrorCode::DatiNonCoerenti, detail).with_errors(errors);
        Self::Problem {
            problem: Box::new(problem),
            retry_after: None,
        }
    }

    pub fn too_many_attempts(retry_after: u64) -> Self {
        let problem = Problem::new(
            ErrorCode::TroppiTentativi,
            format!("Troppi tentativi di accesso falliti. Riprova tra {retry_after} secondi."),
        );
        Self::Problem {
            problem: Box::new(problem),
            retry_after: Some(retry_after),
        }
    }

    /// Too many logins being checked at once: retry shortly.
    pub fn busy() -> Self {
        let problem = Problem::new(
            ErrorCode::TroppiTentativi,
            "Troppi accessi in corso. Riprova tra qualche secondo.",
        );
        Self::Problem {
            problem: Box::new(problem),
            retry_after: Some(1),
        }
    }

    pub fn out_of_scope(detail: impl Into<String>) -> Self {
        Self::new(ErrorCode::FuoriAmbito, detail)
    }

    /// The wire code, for tests and logs.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Problem { problem, .. } => problem.code,
            _ => ErrorCode::ErroreInterno,
        }
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::Internal(format!("task: {e}"))
    }
}

/// A problem+json response.
pub fn problem_response(problem: &Problem, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).expect("a problem serializes");
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    if let Some(secs) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        match self {
            Self::Problem {
                problem,
                retry_after,
            } => problem_response(&problem, retry_after),
            other => {
                tracing::error!(error = %other, "internal error");
                let problem = Problem::new(
                    ErrorCode::ErroreInterno,
                    "Errore interno del server. Riprova più tardi.",
                );
                problem_response(&problem, None)
            }
        }
    }
}
