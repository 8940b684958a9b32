//! CV files (seed 003): uploaded alone before the push that names them by hash, read
//! (is it a CV with text?) and kept sealed; given back to a session that sees the CV.
//! The records travel in the sync (`db::cv`).

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use sha2::{Digest, Sha256};
use sportello_docs::{MAX_CV_BYTES, leggi_cv};
use sportello_protocol::FieldError;
use sportello_protocol::cv::{FileCaricato, FileQuery, is_sha256, paths, problema_nome_file};
use sportello_protocol::problem::{ErrorCode, Problem};
use uuid::Uuid;

use super::ApiQuery;
use crate::db::cv::{self as db, FileLetto};
use crate::error::{Error, Result};
use crate::isolated::{self, Upload};
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            paths::FILE,
            // The limit is checked while reading (`to_bytes`), with its own answer.
            put(carica).layer(DefaultBodyLimit::disable()),
        )
        .route(paths::CV_FILE, get(scarica))
}

fn non_valido(field: &str, message: impl Into<String>) -> Error {
    let message = message.into();
    Error::Problem {
        problem: Box::new(
            Problem::new(ErrorCode::FileNonValido, message.clone())
                .with_errors(vec![FieldError::new(field, "non_valido", message)]),
        ),
        retry_after: None,
    }
}

async fn carica(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
    ApiQuery(q): ApiQuery<FileQuery>,
    body: Body,
) -> Result<Response> {
    if !is_sha256(&sha256) {
        return Err(non_valido(
            "sha256",
            "L'impronta del file va scritta con 64 cifre esadecimali minuscole.",
        ));
    }
    if let Some(p) = problema_nome_file(&q.nome) {
        return Err(non_valido("nome", p));
    }
    let bytes = axum::body::to_bytes(body, MAX_CV_BYTES)
        .await
        .map_err(|_| {
            Error::new(
                ErrorCode::FileTroppoGrande,
                "Il file supera i 5 MB consentiti.",
            )
        })?;
    if hex::encode(Sha256::digest(&bytes)) != sha256 {
        return Err(Error::new(
            ErrorCode::DatiNonCoerenti,
            "Il file ricevuto non corrisponde alla sua impronta: ripetere il caricamento.",
        ));
    }
    let known = {
        let sha = sha256.clone();
        state.read(move |tx| db::file_letto(tx, &sha)).await?
    };
    let (letto, status) = match known {
        Some(letto) => (letto, StatusCode::OK),
        None => {
            // Refuse what cannot be read where a failure cannot take the server
            // down; then read the same bytes here, behind the reader's own bounds.
            let upload = Upload::Cv {
                nome: q.nome.clone(),
            };
            let (bytes, checked) =
                isolated::check(state.settings.parser.as_deref(), upload, bytes.to_vec()).await?;
            if let Err(r) = checked {
                return Err(non_valido("file", r.message));
            }
            let nome = q.nome.clone();
            let (bytes, letto) = tokio::task::spawn_blocking(move || {
                let letto = leggi_cv(&nome, &bytes);
                (bytes, letto)
            })
            .await
            .map_err(|e| Error::Internal(format!("CV reader: {e}")))?;
            let letto = letto.map_err(|rifiuto| non_valido("file", rifiuto.to_string()))?;
            let letto = FileLetto {
                formato: letto.formato,
                byte: bytes.len() as u64,
                testo: letto.testo,
            };
            let sigillato = state.sigillo.sigilla(&sha256, &bytes);
            let (sha, chi, now, l) = (
                sha256.clone(),
                auth.username.clone(),
                state.now(),
                letto.clone(),
            );
            state
                .write(move |tx| db::metti_file(tx, &sha, &l, sigillato, &chi, now))
                .await?;
            (letto, StatusCode::CREATED)
        }
    };
    let answer = FileCaricato {
        sha256,
        formato: letto.formato,
        byte: letto.byte,
        caratteri: letto.testo.chars().count() as u64,
    };
    Ok((status, Json(answer)).into_response())
}

async fn scarica(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response> {
    let not_found = || Error::new(ErrorCode::NonTrovato, "CV non trovato.");
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let scope = auth.scope_branches.clone();
    let found = state
        .read(move |tx| {
            let Some(cv) = db::visibile(tx, &scope, id)? else {
                return Ok(None);
            };
            let sealed = db::contenuto(tx, &cv.file.sha256)?;
            Ok(sealed.map(|s| (cv, s)))
        })
        .await?;
    let (cv, sealed) = found.ok_or_else(not_found)?;
    let bytes = state
        .sigillo
        .apri(&cv.file.sha256, &sealed)
        .ok_or_else(|| Error::Internal("a CV file does not open with the key".into()))?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(cv.file.formato.mime()),
    );
    // The id, not the citizen's file name: names in headers end up in proxies' logs.
    let name = format!("cv_{}.{}", id.simple(), cv.file.formato.estensione());
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
