//! The OpenAPI 3.1 document, generated from the wire types.
//!
//! The functions below are never called: they carry the `#[utoipa::path]` description
//! of each endpoint, so the contract lives here and not in the server.
#![allow(dead_code)]

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::Health;
use crate::agenda::{SlotLiberi, SlotQuery};
use crate::auth::{
    LoginRequest, NewUser, PasswordChange, PasswordChanged, ScopeRequest, Session, User,
    UserUpdate, Users,
};
use crate::configurazione::{ConfigurazionePad, ModificaPad};
use crate::corsi::{Corsi, CorsiQuery};
use crate::cv::paths as cv;
use crate::cv::{FileCaricato, FileQuery};
use crate::fasce_deboli::paths as fd;
use crate::fasce_deboli::{
    Campagne, Caricamenti, Caricamento, CaricamentoForm, Categorie, NewRichiesta, Richiesta,
    Tipologie,
};
use crate::offerte::paths as of;
use crate::offerte::{
    CambioStatoOfferta, InserimentoMassivo, InteressiQuery, Offerta, Offerte, OfferteQuery,
    PaginaInteressi,
};
use crate::paths;
use crate::problem::Problem;
use crate::report::{NuovoReport, ReportQuery, Reports};
use crate::sync::{ChangesPage, ChangesQuery, MutationBatch, MutationResults};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sportello — server centrale",
        description = "The versioned contract between Sportello and its central server. Errors are application/problem+json with a stable `code`.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    paths(health, openapi_json, login, logout, switch_scope, change_password, list_users, create_user, update_user, pad_read, pad_change, changes, mutations,
        fd_new_richiesta, fd_richiesta, fd_richiesta_file, fd_new_caricamento, fd_caricamenti, fd_caricamento, fd_caricamento_esito, fd_campagne, fd_categorie, fd_tipologie,
        of_cerca, of_massivo, of_voci, of_interessi, of_offerta, of_stato, of_interessi_offerta,
        report_list, report_new, corsi_list, agenda_slot, cv_file_put, cv_file_get),
    components(schemas(crate::sync::Change, crate::sync::MutationResult, crate::sync::NewAnnotation, crate::problem::ErrorCode,
        crate::offerte::Proposta, crate::offerte::CambioStatoInteresse, crate::offerte::NuovoRifiuto)),
    modifiers(&BearerAuth),
    tags(
        (name = "sistema", description = "Health and the contract itself"),
        (name = "accesso", description = "Login, scope, passwords, users (seed 001, seed 004)"),
        (name = "sincronizzazione", description = "Pull of changes and push of mutations"),
        (name = "fasce-deboli", description = "The asynchronous FTWeb fasce-deboli procedure (seed 000)"),
        (name = "offerte", description = "Job offers, expressions of interest and refusals (seed 001, SIISL)"),
        (name = "report", description = "The daily cross-branch report of super and master users (seed 001)"),
        (name = "corsi", description = "The training-course catalogue and its validation (seed 004)"),
        (name = "agenda", description = "The CPI desks' availability and appointments (seed 003)"),
        (name = "cv", description = "Citizens' CV files (seed 003); their records travel in the sync"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The document, as a value.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    // Stable across builds: the crate version would make the committed file drift on
    // every release bump, so the document carries the API version instead.
    doc.info.version = crate::API_VERSION.to_string();
    doc
}

/// OpenAPI links from the operations that create a richiesta, a caricamento or offers
/// to the ones that read them: the contract says where an `id` comes from, and Schemathesis'
/// stateful phase follows them. Written as JSON: utoipa 5.5 serialises a `Link`'s
/// `operationId` in snake case.
fn link_created_resources(doc: &mut serde_json::Value) {
    let follow = [
        (
            fd::RICHIESTE,
            "202",
            "$response.body#/id",
            &["fd_richiesta", "fd_richiesta_file"][..],
        ),
        (
            fd::CARICAMENTI,
            "202",
            "$response.body#/id",
            &["fd_caricamento", "fd_caricamento_esito"][..],
        ),
        (
            of::MASSIVO,
            "201",
            "$response.body#/offerte/0/id",
            &["of_offerta", "of_stato", "of_interessi_offerta"][..],
        ),
    ];
    for (path, status, id, targets) in follow {
        let links: serde_json::Map<String, serde_json::Value> = targets
            .iter()
            .map(|target| {
                let link = serde_json::json!({
                    "operationId": target,
                    "parameters": {"id": id},
                });
                ((*target).to_string(), link)
            })
            .collect();
        doc["paths"][path]["post"]["responses"][status]["links"] = links.into();
    }
}

/// The document as pretty JSON with a final newline: the committed `openapi.json`.
pub fn document_json() -> String {
    let mut doc = serde_json::to_value(document()).expect("the OpenAPI document serializes");
    link_created_resources(&mut doc);
    let mut json = serde_json::to_string_pretty(&doc).expect("the OpenAPI document serializes");
    json.push('\n');
    json
}

#[utoipa::path(get, path = "/api/v1/health", tag = "sistema",
    responses((status = 200, description = "The server is up", body = Health)))]
fn health() {}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "sistema",
    responses((status = 200, description = "This document", content_type = "application/json")))]
fn openapi_json() {}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accesso", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = Session),
        (status = 400, description = "`richiesta_non_valida`: malformed scope", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`credenziali_errate`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`password_scaduta` (expired, or the one-time password of a new account: change it first), `utenza_disabilitata` (a master disabled it) or `fuori_ambito` (scope not enabled)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`troppi_tentativi`: 5 failed logins within a minute", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
fn login() {}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accesso", security(("bearer" = [])),
    responses(
        (status = 204, description = "The token is revoked"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
    ))]
fn logout() {}

#[utoipa::path(post, path = "/api/v1/auth/scope", tag = "accesso", request_body = ScopeRequest, security(("bearer" = [])),
    responses(
        (status = 200, description = "A new session in the new scope; the old token is revoked", body = Session),
        (status = 400, description = "`richiesta_non_valida`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
    ))]
fn switch_scope() {}

#[utoipa::path(post, path = "/api/v1/auth/password", tag = "accesso", request_body = PasswordChange,
    responses(
        (status = 200, description = "Changed; every session of the user is revoked", body = PasswordChanged),
        (status = 400, description = "`richiesta_non_valida`: malformed body, credentials over their length", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: the new password breaks the policy or was used recently (see `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`credenziali_errate`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`troppi_tentativi`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ))]
fn change_password() {}

#[utoipa::path(get, path = "/api/v1/users", tag = "accesso", security(("bearer" = [])),
    responses(
        (status = 200, description = "A master's every account, a super's accounts sharing one of its branches", body = Users),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`non_autorizzato`: an operatore", body = Problem, content_type = "application/problem+json"),
    ))]
fn list_users() {}

#[utoipa::path(patch, path = "/api/v1/users/{username}", tag = "accesso", request_body = UserUpdate, security(("bearer" = [])),
    params(("username" = String, Path, description = "The account")),
    responses(
        (status = 200, description = "Changed (recorded with who and when); the account's sessions end", body = User),
        (status = 400, description = "`richiesta_non_valida`: malformed body (neither field: nothing changes)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: unknown branches, or not exactly one for an operatore (see `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`non_autorizzato` (not a master, or a master's account) or `fuori_ambito` (a branch outside the session's scope)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
    ))]
fn update_user() {}

#[utoipa::path(get, path = "/api/v1/configurazione/pad", tag = "accesso", security(("bearer" = [])),
    responses(
        (status = 200, description = "The user's branches, whether citizens may choose each in the PAD, and the provinces left without one", body = ConfigurazionePad),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`non_autorizzato`: an operatore", body = Problem, content_type = "application/problem+json"),
    ))]
fn pad_read() {}

#[utoipa::path(put, path = "/api/v1/configurazione/pad", tag = "accesso", request_body = ModificaPad, security(("bearer" = [])),
    responses(
        (status = 200, description = "Changed (each real change recorded with who and when, and pulled by every session that sees the branch)", body = ConfigurazionePad),
        (status = 400, description = "`richiesta_non_valida`: malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`non_autorizzato` (an operatore) or `fuori_ambito` (a branch not the user's)", body = Problem, content_type = "application/problem+json"),
    ))]
fn pad_change() {}

#[utoipa::path(post, path = "/api/v1/users", tag = "accesso", request_body = NewUser, security(("bearer" = [])),
    responses(
        (status = 201, description = "The account was created, its password to be changed at the first access", body = User),
        (status = 400, description = "`richiesta_non_valida`: malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: username, password policy, codice fiscale, unknown branches or not exactly one for an operatore (see `errors`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`non_autorizzato` (not a master) or `fuori_ambito` (a branch outside the session's scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`gia_esistente`: username or codice fiscale taken", body = Problem, content_type = "application/problem+json"),
    ))]
fn create_user() {}

#[utoipa::path(get, path = "/api/v1/sync/changes", tag = "sincronizzazione", params(ChangesQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of changes in scope", body = ChangesPage),
        (status = 400, description = "`richiesta_non_valida`: malformed cursor or limit out of 1–5000", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`cursore_scaduto`: resynchronise from zero", body = Problem, content_type = "application/problem+json"),
    ))]
fn changes() {}

#[utoipa::path(post, path = "/api/v1/sync/mutations", tag = "sincronizzazione", request_body = MutationBatch, security(("bearer" = [])),
    responses(
        (status = 200, description = "One result per mutation, in order", body = MutationResults),
        (status = 400, description = "`richiesta_non_valida`: malformed batch or a body over 2 MiB, a seq below 1, more than 500 mutations, a mutation of unknown kind or whose payload is not of its kind (`errors` names `mutations[i]`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`: the client id belongs to another user", body = Problem, content_type = "application/problem+json"),
    ))]
fn mutations() {}

const XLSX: &str = crate::fasce_deboli::XLSX_CONTENT_TYPE;

#[utoipa::path(post, path = "/api/v1/fasce-deboli/richieste", tag = "fasce-deboli", request_body = NewRichiesta, security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$", description = "Printable ASCII without spaces, 1–200 characters. The same key from the same user answers the same request")),
    responses(
        (status = 202, description = "Queued (`in_coda`); follow it with GET richieste/{id}", body = Richiesta),
        (status = 400, description = "`richiesta_non_valida`: malformed body or Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: unknown tipologie or campaign, malformed e-mail", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_new_richiesta() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/richieste/{id}", tag = "fasce-deboli", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The request")),
    responses(
        (status = 200, description = "The request and its state", body = Richiesta),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_richiesta() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/richieste/{id}/file", tag = "fasce-deboli", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The request")),
    responses(
        (status = 200, description = "The participants file (FTWeb layout)", content_type = XLSX),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`non_pronto`: not `pronto` yet (or `errore`)", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_richiesta_file() {}

#[utoipa::path(post, path = "/api/v1/fasce-deboli/caricamenti", tag = "fasce-deboli", security(("bearer" = [])),
    request_body(content = CaricamentoForm, content_type = "multipart/form-data"),
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,200}$", description = "Printable ASCII without spaces, 1–200 characters. The same key from the same user answers the same upload")),
    responses(
        (status = 202, description = "Accepted (`in_coda`), or the upload this Idempotency-Key already created", body = Caricamento),
        (status = 400, description = "`richiesta_non_valida`: missing fields, malformed Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`campagna_chiusa`: past the deadline; `gia_esistente`: the Idempotency-Key was used for another file", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_troppo_grande`: over 50 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`file_non_valido`: not a spreadsheet, encrypted, no header row, excessive dimensions (see `errors`); `dati_non_coerenti`: unknown campaign", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_new_caricamento() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/caricamenti", tag = "fasce-deboli", security(("bearer" = [])),
    responses(
        (status = 200, description = "The uploads in scope, newest first (the dashboard)", body = Caricamenti),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_caricamenti() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/caricamenti/{id}", tag = "fasce-deboli", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The upload")),
    responses(
        (status = 200, description = "The upload, its state and counts", body = Caricamento),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_caricamento() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/caricamenti/{id}/esito", tag = "fasce-deboli", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The upload")),
    responses(
        (status = 200, description = "The outcome file: codice fiscale, codice progetto, esito, motivo", content_type = XLSX),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`non_pronto`: not `elaborato` yet", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_caricamento_esito() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/campagne", tag = "fasce-deboli", security(("bearer" = [])),
    responses(
        (status = 200, description = "Campaigns and their deadlines", body = Campagne),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_campagne() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/categorie", tag = "fasce-deboli", security(("bearer" = [])),
    responses(
        (status = 200, description = "The categories (authoritative)", body = Categorie),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_categorie() {}

#[utoipa::path(get, path = "/api/v1/fasce-deboli/tipologie", tag = "fasce-deboli", security(("bearer" = [])),
    responses(
        (status = 200, description = "The tipologie formative (authoritative)", body = Tipologie),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
    ))]
fn fd_tipologie() {}

const UNAUTHENTICATED: &str = "`non_autenticato` or `token_scaduto`";

#[utoipa::path(get, path = "/api/v1/offerte", tag = "offerte", params(OfferteQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The offer with that code in scope, if any (seed 001: the unique id by code)", body = Offerte),
        (status = 400, description = "`richiesta_non_valida`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
    ))]
fn of_cerca() {}

#[utoipa::path(post, path = "/api/v1/offerte/massivo", tag = "offerte", request_body = InserimentoMassivo, security(("bearer" = [])),
    responses(
        (status = 201, description = "All inserted, in the order sent, with their codes", body = Offerte),
        (status = 400, description = "`richiesta_non_valida`: malformed body, no offers or more than 10,000, body over 16 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: nothing inserted; `errors` names `offerte[i].field`", body = Problem, content_type = "application/problem+json"),
    ))]
fn of_massivo() {}

#[utoipa::path(get, path = "/api/v1/offerte/voci", tag = "offerte", security(("bearer" = [])),
    responses(
        (status = 200, description = "The coded lists (authoritative)", body = crate::schema::Voci),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
    ))]
fn of_voci() {}

#[utoipa::path(get, path = "/api/v1/offerte/interessi", tag = "offerte", params(InteressiQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The agency's expressions of interest in scope, newest first", body = PaginaInteressi),
        (status = 400, description = "`richiesta_non_valida`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`: a branch outside the scope", body = Problem, content_type = "application/problem+json"),
    ))]
fn of_interessi() {}

#[utoipa::path(get, path = "/api/v1/offerte/{id}", tag = "offerte", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The offer")),
    responses(
        (status = 200, description = "The offer", body = Offerta),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
    ))]
fn of_offerta() {}

#[utoipa::path(post, path = "/api/v1/offerte/{id}/stato", tag = "offerte", request_body = CambioStatoOfferta, security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The offer")),
    responses(
        (status = 200, description = "The offer in its new state", body = Offerta),
        (status = 400, description = "`richiesta_non_valida`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`versione_superata`: the offer changed since `base_version`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: not allowed from the current state, or a date in the past", body = Problem, content_type = "application/problem+json"),
    ))]
fn of_stato() {}

#[utoipa::path(get, path = "/api/v1/offerte/{id}/interessi", tag = "offerte", params(("id" = uuid::Uuid, Path, description = "The offer"), InteressiQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The offer's expressions of interest, newest first", body = PaginaInteressi),
        (status = 400, description = "`richiesta_non_valida`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`fuori_ambito`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`", body = Problem, content_type = "application/problem+json"),
    ))]
fn of_interessi_offerta() {}

#[utoipa::path(get, path = "/api/v1/report", tag = "report", params(ReportQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The user's reports after `dopo`, oldest first", body = Reports),
        (status = 400, description = "`richiesta_non_valida`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`non_autorizzato`: an operatore", body = Problem, content_type = "application/problem+json"),
    ))]
fn report_list() {}

#[utoipa::path(post, path = "/api/v1/report", tag = "report", request_body = NuovoReport, security(("bearer" = [])),
    responses(
        (status = 200, description = "The report of that day (made now, unless it existed)", body = crate::report::Report),
        (status = 400, description = "`richiesta_non_valida`: malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`non_autorizzato`: an operatore", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: not a past day", body = Problem, content_type = "application/problem+json"),
    ))]
fn report_new() {}

#[utoipa::path(get, path = "/api/v1/corsi", tag = "corsi", params(CorsiQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Every course the caller sees (a provider: its own and the catalogue; the regional office: every course past the draft; others: the catalogue), or none when `noto` is the catalogue's version", body = Corsi),
        (status = 400, description = "`richiesta_non_valida`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
    ))]
fn corsi_list() {}

#[utoipa::path(get, path = "/api/v1/sportelli/{id}/slot", tag = "agenda", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The desk"), SlotQuery),
    responses(
        (status = 200, description = "The desk's free slots of that type, in order (past ones left out)", body = SlotLiberi),
        (status = 400, description = "`richiesta_non_valida`: an unknown type, a malformed date", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = UNAUTHENTICATED, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`: no such desk in the session's CPIs", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`dati_non_coerenti`: a span backwards or longer than 62 days", body = Problem, content_type = "application/problem+json"),
    ))]
fn agenda_slot() {}

#[utoipa::path(put, path = "/api/v1/cv-file/{sha256}", tag = "cv", security(("bearer" = [])),
    params(("sha256" = String, Path, pattern = "^[0-9a-f]{64}$", description = "SHA-256 of the body, lowercase hex"), FileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The CV file: pdf, doc, docx or odt, at most 5 MB, with text"),
    responses(
        (status = 200, description = "The file was already here", body = FileCaricato),
        (status = 201, description = "Read and kept until a `cv_nuovo` or `cv_modifica` names it (a day at most)", body = FileCaricato),
        (status = 400, description = "`richiesta_non_valida`: no `nome`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_troppo_grande`: over 5 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`file_non_valido`: not a CV with text (a scan, another format, an extension that does not agree, a damaged file; `detail` says which); `dati_non_coerenti`: the body's hash is not `sha256`", body = Problem, content_type = "application/problem+json"),
    ))]
fn cv_file_put() {}

#[utoipa::path(get, path = "/api/v1/cv/{id}/file", tag = "cv", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "The CV")),
    responses(
        (status = 200, description = "The file, with its type and name (Content-Disposition)", content_type = "application/octet-stream"),
        (status = 401, description = "`non_autenticato` or `token_scaduto`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`non_trovato`: no such CV in the session's scope", body = Problem, content_type = "application/problem+json"),
    ))]
fn cv_file_get() {}

/// Every path of the document, for the test that checks the server serves them all.
pub const PATHS: &[&str] = &[
    cv::FILE,
    cv::CV_FILE,
    paths::HEALTH,
    paths::OPENAPI,
    paths::LOGIN,
    paths::LOGOUT,
    paths::SCOPE,
    paths::PASSWORD,
    paths::USERS,
    paths::USER,
    crate::configurazione::paths::PAD,
    paths::CHANGES,
    paths::MUTATIONS,
    fd::RICHIESTE,
    fd::RICHIESTA,
    fd::RICHIESTA_FILE,
    fd::CARICAMENTI,
    fd::CARICAMENTO,
    fd::CARICAMENTO_ESITO,
    fd::CAMPAGNE,
    fd::CATEGORIE,
    fd::TIPOLOGIE,
    of::OFFERTE,
    of::MASSIVO,
    of::VOCI,
    of::INTERESSI,
    of::OFFERTA,
    of::STATO,
    of::INTERESSI_OFFERTA,
    crate::report::paths::REPORT,
    crate::corsi::paths::CORSI,
    crate::agenda::paths::SLOT,
];
