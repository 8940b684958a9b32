//! Fasce deboli (seed 000): requests of the participants file, uploads of the filled
//! file, their outcome, campaigns, categories and tipologie. The contract and the
//! scope rule are in `sportello_protocol::fasce_deboli`; the processing is
//! `crate::fasce_deboli`.

use axum::Json;
use axum::Router;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use sportello_protocol::fasce_deboli::{
    Campagne, Caricamenti, Caricamento, Categorie, IDEMPOTENCY_KEY, MAX_UPLOAD_BYTES, NewRichiesta,
    Richiesta, StatoCaricamento, StatoRichiesta, Tipologie, XLSX_CONTENT_TYPE, paths,
};
use sportello_protocol::{ErrorCode, FieldError};
use sportello_sheets::fasce_deboli::RefusalCode;
use uuid::Uuid;

use super::ApiJson;
use crate::db::fasce_deboli as db;
use crate::error::{Error, Result};
use crate::fasce_deboli::due_at;
use crate::isolated::Upload;
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(paths::RICHIESTE, axum::routing::post(new_richiesta))
        .route(paths::RICHIESTA, get(richiesta))
        .route(paths::RICHIESTA_FILE, get(richiesta_file))
        .route(
            paths::CARICAMENTI,
            get(caricamenti)
                .post(new_caricamento)
                // The file limit plus room for the multipart framing and the year;
                // a larger body is refused as too large while it streams in.
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route(paths::CARICAMENTO, get(caricamento))
        .route(paths::CARICAMENTO_ESITO, get(esito))
        .route(paths::CAMPAGNE, get(campagne))
        .route(paths::CATEGORIE, get(categorie))
        .route(paths::TIPOLOGIE, get(tipologie))
}

/// A request or upload is visible to a session that sees every branch it covers.
fn check_visible(auth: &Auth, branches: &[String], what: &str) -> Result<()> {
    if branches.iter().all(|b| auth.sees(b)) {
        Ok(())
    } else {
        Err(Error::out_of_scope(format!(
            "{what} riguarda filiali fuori dall'ambito di questa sessione."
        )))
    }
}

fn not_found(what: &str) -> Error {
    Error::new(ErrorCode::NonTrovato, format!("{what} inesistente."))
}

fn parse_id(id: &str, what: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| not_found(what))
}

fn xlsx(bytes: Vec<u8>, filename: &str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(XLSX_CONTENT_TYPE),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

fn invalid(field: &str, code: &str, message: impl Into<String>) -> Error {
    let message = message.into();
    Error::invalid(message.clone(), vec![FieldError::new(field, code, message)])
}

/// A field the schema accepts naming data the server does not have (422).
fn unknown(field: &str, message: impl Into<String>) -> Error {
    let message = message.into();
    Error::incoherent(
        message.clone(),
        vec![FieldError::new(field, "sconosciuto", message)],
    )
}

async fn new_richiesta(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiJson(req): ApiJson<NewRichiesta>,
) -> Result<(StatusCode, Json<Richiesta>)> {
    let key = idempotency_key(&headers)?;
    let mut tipologie: Vec<String> = req
        .tipologie
        .iter()
        .map(|t| t.trim().to_uppercase())
        .collect();
    tipologie.sort();
    tipologie.dedup();
    let email = req
        .email_aggiuntiva
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_string);
    if let Some(e) = &email {
        let valid = e.len() <= 254
            && !e.chars().any(char::is_whitespace)
            && e.split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !valid {
            return Err(Error::incoherent(
                "L'indirizzo e-mail aggiuntivo non è valido.",
                vec![FieldError::new(
                    "email_aggiuntiva",
                    "formato_non_valido",
                    "L'indirizzo e-mail aggiuntivo non è valido.",
                )],
            ));
        }
    }
    let now = state.now();
    let due = due_at(&state, now);
    let id = Uuid::new_v4();
    let anno = req.anno;
    let branches = auth.scope_branches.clone();
    let username = auth.username.clone();
    let richiesta = state
        .write(move |tx| {
            let known: Vec<String> = db::tipologie(tx)?.into_iter().map(|t| t.code).collect();
            if tipologie.is_empty() {
                return Err(invalid(
                    "tipologie",
                    "obbligatorio",
                    "Indicare almeno una tipologia formativa.",
                ));
            }
            if let Some(t) = tipologie.iter().find(|t| !known.contains(t)) {
                return Err(unknown(
                    "tipologie",
                    format!("Tipologia formativa «{t}» sconosciuta."),
                ));
            }
            if db::scadenza(tx, anno)?.is_none() {
                return Err(unknown(
                    "anno",
                    format!("Nessuna campagna per l'anno {anno}."),
                ));
            }
            if let Some(k) = &key
                && let Some(earlier) = db::richiesta_by_idempotency_key(tx, &username, k)?
            {
                let found = db::richiesta(tx, earlier)?;
                if let Some((r, _)) = &found
                    && (r.anno != anno || r.tipologie != tipologie || r.email_aggiuntiva != email)
                {
                    return Err(Error::new(
                        ErrorCode::GiaEsistente,
                        "Questa chiave di idempotenza è già stata usata per un'altra richiesta.",
                    ));
                }
                return Ok(found);
            }
            db::insert_richiesta(
                tx,
                &db::NewRichiestaRow {
                    id,
                    username: &username,
                    branches: &branches,
                    anno,
                    tipologie: &tipologie,
                    email_aggiuntiva: email.as_deref(),
                    idempotency_key: key.as_deref(),
                    now,
                    due_at: due,
                },
            )?;
            // Read back in the same transaction: the answer is the request as created
            // (`in_coda`), even if the worker picks it up at once.
            db::richiesta(tx, id)
        })
        .await?
        .ok_or_else(|| Error::Internal("request vanished".into()))?;
    state.fasce_deboli_wake.notify_one();
    Ok((StatusCode::ACCEPTED, Json(richiesta.0)))
}

/// What storing an upload did: an earlier upload with the same Idempotency-Key was found,
/// or a new one was created.
enum Stored<R> {
    Replay(R),
    Created(Caricamento),
}

/// The request `id` if it exists and the session's scope covers it.
async fn visible_richiesta(state: &AppState, auth: &Auth, id: &str) -> Result<(Uuid, Richiesta)> {
    let id = parse_id(id, "Richiesta")?;
    let (richiesta, branches) = state
        .read(move |c| db::richiesta(c, id))
        .await?
        .ok_or_else(|| not_found("Richiesta"))?;
    check_visible(auth, &branches, "La richiesta")?;
    Ok((id, richiesta))
}

/// The upload `id` if it exists and the session's scope covers it.
async fn visible_caricamento(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<(Uuid, Caricamento)> {
    let id = parse_id(id, "Caricamento")?;
    let (caricamento, branches) = state
        .read(move |c| db::caricamento(c, id))
        .await?
        .ok_or_else(|| not_found("Caricamento"))?;
    check_visible(auth, &branches, "Il caricamento")?;
    Ok((id, caricamento))
}

async fn richiesta(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<Richiesta>> {
    let (_, richiesta) = visible_richiesta(&state, &auth, &id).await?;
    Ok(Json(richiesta))
}

async fn richiesta_file(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response> {
    let (id, richiesta) = visible_richiesta(&state, &auth, &id).await?;
    if richiesta.stato != StatoRichiesta::Pronto {
        return Err(Error::new(
            ErrorCode::NonPronto,
            "Il file non è ancora pronto: riprovare più tardi.",
        ));
    }
    let file = state
        .read(move |c| db::richiesta_file(c, id))
        .await?
        .ok_or_else(|| Error::Internal("ready request without file".into()))?;
    Ok(xlsx(
        file,
        &format!("fasce_deboli_{}_{}.xlsx", richiesta.anno, id.simple()),
    ))
}

/// The multipart form, with its rejections as problem+json.
struct Form {
    anno: Option<String>,
    file: Option<(String, Vec<u8>)>,
}

fn multipart_error(e: MultipartError) -> Error {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        invalid(
            "file",
            "formato_non_valido",
            format!("Modulo multipart non valido: {}", e.body_text()),
        )
    }
}

fn too_large() -> Error {
    Error::new(
        ErrorCode::FileTroppoGrande,
        format!(
            "Il file supera il limite di {} MB.",
            MAX_UPLOAD_BYTES / 1_048_576
        ),
    )
}

async fn read_form(req: Request, state: &AppState) -> Result<Form> {
    let mut multipart = Multipart::from_request(req, state).await.map_err(|e| {
        invalid(
            "body",
            "formato_non_valido",
            format!("Atteso un modulo multipart/form-data: {}", e.body_text()),
        )
    })?;
    let mut form = Form {
        anno: None,
        file: None,
    };
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("anno") => form.anno = Some(field.text().await.map_err(multipart_error)?),
            Some("file") => {
                let name = field.file_name().unwrap_or("caricamento.xlsx").to_string();
                let bytes = field.bytes().await.map_err(multipart_error)?;
                form.file = Some((name, bytes.to_vec()));
            }
            other => {
                let name = other
                    .unwrap_or_default()
                    .chars()
                    .take(64)
                    .collect::<String>();
                return Err(invalid(
                    "body",
                    "campo_sconosciuto",
                    format!("Campo «{name}» non previsto: il modulo ha solo «anno» e «file»."),
                ));
            }
        }
    }
    Ok(form)
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>> {
    let Some(v) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    match v.to_str() {
        // Exactly the documented pattern `^[!-~]{1,200}$`.
        Ok(k) if (1..=200).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(Some(k.to_string()))
        }
        _ => Err(invalid(
            "Idempotency-Key",
            "formato_non_valido",
            "L'intestazione Idempotency-Key va da 1 a 200 caratteri stampabili, senza spazi.",
        )),
    }
}

fn refusal_error(code: &str, message: String) -> Error {
    if code == RefusalCode::FileTroppoGrande.as_str() {
        return too_large();
    }
    let problem = sportello_protocol::Problem::new(ErrorCode::FileNonValido, message.clone())
        .with_errors(vec![FieldError::new("file", code.to_lowercase(), message)]);
    Error::Problem {
        problem: Box::new(problem),
        retry_after: None,
    }
}

async fn new_caricamento(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    req: Request,
) -> Result<(StatusCode, Json<Caricamento>)> {
    let key = idempotency_key(&headers)?;
    let username = auth.username.clone();
    // A retry of an upload already made answers it, whatever happened since.
    let replay = match key.clone() {
        Some(k) => {
            let u = username.clone();
            state
                .read(move |c| db::by_idempotency_key(c, &u, &k))
                .await?
        }
        None => None,
    };
    let form = read_form(req, &state).await?;
    let (nome_file, bytes) = form.file.ok_or_else(|| {
        invalid(
            "file",
            "obbligatorio",
            "Allegare il file compilato (campo «file»).",
        )
    })?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    if let Some((id, sha)) = replay {
        return replayed(&state, &auth, id, &sha, &sha256).await;
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    let anno: i32 = form
        .anno
        .as_deref()
        .map(str::trim)
        .and_then(|a| a.parse().ok())
        .ok_or_else(|| {
            invalid(
                "anno",
                "obbligatorio",
                "Indicare l'anno della campagna (campo «anno»).",
            )
        })?;
    let now = state.now();
    let scadenza = state
        .read(move |c| db::scadenza(c, anno))
        .await?
        .ok_or_else(|| unknown("anno", format!("Nessuna campagna per l'anno {anno}.")))?;
    if now.date_naive() > scadenza {
        return Err(Error::new(
            ErrorCode::CampagnaChiusa,
            format!(
                "La campagna {anno} è chiusa: il termine per i caricamenti era il {}.",
                scadenza.format("%d/%m/%Y")
            ),
        ));
    }
    // Refuse what cannot be read before anything is stored; read it where a failure
    // cannot take the server down.
    let (bytes, checked) = crate::isolated::check(
        state.settings.parser.as_deref(),
        Upload::Partecipanti,
        bytes,
    )
    .await?;
    if let Err(r) = checked {
        return Err(refusal_error(&r.code, r.message));
    }
    let id = Uuid::new_v4();
    let due = due_at(&state, now);
    let branches = auth.scope_branches.clone();
    let (sha, k) = (sha256.clone(), key.clone());
    let stored = state
        .write(move |tx| {
            if let Some(k) = &k
                && let Some(existing) = db::by_idempotency_key(tx, &username, k)?
            {
                return Ok(Stored::Replay(existing));
            }
            db::insert_caricamento(
                tx,
                &db::NewCaricamentoRow {
                    id,
                    username: &username,
                    branches: &branches,
                    idempotency_key: k.as_deref(),
                    anno,
                    nome_file: &nome_file,
                    sha256: &sha,
                    file: &bytes,
                    now,
                    due_at: due,
                },
            )?;
            // Read back in the same transaction: the answer is the upload as created.
            let (created, _) = db::caricamento(tx, id)?
                .ok_or_else(|| Error::Internal("upload vanished".into()))?;
            Ok(Stored::Created(created))
        })
        .await?;
    let caricamento = match stored {
        Stored::Replay((existing, sha)) => {
            return replayed(&state, &auth, existing, &sha, &sha256).await;
        }
        Stored::Created(created) => created,
    };
    state.fasce_deboli_wake.notify_one();
    Ok((StatusCode::ACCEPTED, Json(caricamento)))
}

/// The answer to a repeated Idempotency-Key: the first upload, if the file is the same.
async fn replayed(
    state: &AppState,
    auth: &Auth,
    id: Uuid,
    stored_sha: &str,
    sha: &str,
) -> Result<(StatusCode, Json<Caricamento>)> {
    if stored_sha != sha {
        return Err(Error::new(
            ErrorCode::GiaEsistente,
            "Questa chiave di idempotenza è già stata usata per un altro file.",
        ));
    }
    let (caricamento, branches) = state
        .read(move |c| db::caricamento(c, id))
        .await?
        .ok_or_else(|| Error::Internal("upload vanished".into()))?;
    check_visible(auth, &branches, "Il caricamento")?;
    Ok((StatusCode::ACCEPTED, Json(caricamento)))
}

async fn caricamenti(State(state): State<AppState>, auth: Auth) -> Result<Json<Caricamenti>> {
    let all = state.read(db::caricamenti).await?;
    let caricamenti = all
        .into_iter()
        .filter(|(_, branches)| branches.iter().all(|b| auth.sees(b)))
        .map(|(c, _)| c)
        .collect();
    Ok(Json(Caricamenti { caricamenti }))
}

async fn caricamento(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<Caricamento>> {
    let (_, caricamento) = visible_caricamento(&state, &auth, &id).await?;
    Ok(Json(caricamento))
}

async fn esito(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response> {
    let (id, caricamento) = visible_caricamento(&state, &auth, &id).await?;
    if caricamento.stato != StatoCaricamento::Elaborato {
        return Err(Error::new(
            ErrorCode::NonPronto,
            "L'esito non è ancora disponibile: riprovare più tardi.",
        ));
    }
    let file = state
        .read(move |c| db::esito(c, id))
        .await?
        .ok_or_else(|| Error::Internal("processed upload without outcome".into()))?;
    Ok(xlsx(file, &format!("esito_{}.xlsx", id.simple())))
}

async fn campagne(State(state): State<AppState>, _auth: Auth) -> Result<Json<Campagne>> {
    let today = state.now().date_naive();
    let campagne = state.read(move |c| db::campagne(c, today)).await?;
    Ok(Json(Campagne { campagne }))
}

async fn categorie(State(state): State<AppState>, _auth: Auth) -> Result<Json<Categorie>> {
    let categorie = state.read(db::categorie).await?;
    Ok(Json(Categorie { categorie }))
}

async fn tipologie(State(state): State<AppState>, _auth: Auth) -> Result<Json<Tipologie>> {
    let tipologie = state.read(db::tipologie).await?;
    Ok(Json(Tipologie { tipologie }))
}
