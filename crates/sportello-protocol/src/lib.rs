//! The central-server contract of Sportello, version 1: wire types (serde), the
//! problem+json error type and the OpenAPI 3.1 document generated from them.
//!
//! No HTTP client and no server code live here: the sandbox server
//! (`sportello-centrale`) and the sync client both depend on this crate, and the
//! committed `openapi.json` beside `Cargo.toml` is kept equal to [`openapi::document_json`]
//! by a test (`UPDATE_OPENAPI=1 cargo test -p sportello-protocol` rewrites it).
//!
//! # Transport
//! JSON over HTTP/1.1, every path under `/api/v1/`. Responses are gzip-compressed when
//! the client sends `Accept-Encoding: gzip`. Authenticated endpoints take
//! `Authorization: Bearer <token>`.
//!
//! # Errors
//! Every error is `application/problem+json` (RFC 9457): `type`
//! (`urn:sportello:problema:<code>`), `title`, `status`, `detail` (Italian, for the
//! operator), `code` (an [`problem::ErrorCode`], what clients branch on) and, when fields
//! were invalid, `errors`: `[{field, code, message}]`. Field codes in use:
//! `obbligatorio`, `formato_non_valido`, `troppo_lungo`, `sconosciuto` (unknown kind,
//! category, branch), `non_trovato` (no such record), `fuori_ambito`, `gia_esistente`,
//! `incoerente` (e.g. a category with `fascia_debole: false`), `mutazione_diversa` (a
//! replayed `seq` with another `mutation_id`), and the password codes of
//! `sportello_core::account::PasswordError` (`password_troppo_corta`, …, `password_gia_usata`).
//!
//! # Sessions, roles and scope (seed 001, seed 004)
//! `POST /auth/login {username, password, scope?}` answers a [`auth::Session`]: a random
//! opaque token (the server keeps only its hash) with its expiry, the profile (role,
//! enabled branches, password expiry) and the session's scope. The scope is
//! `filiale:CODE` or `tutte`; an `operatore` has exactly its branch, `master` and `super`
//! choose (default `tutte`: every enabled branch). `POST /auth/scope` switches scope and
//! answers a new session, revoking the old token. Everything a session reads or writes
//! is checked against its scope; outside it the answer is `403 fuori_ambito`, never an
//! empty result — except for a candidate named by codice fiscale (a pushed mutation):
//! another branch's candidate is answered exactly as an unknown one (`non_trovato`), so
//! no one learns that a person is a candidate elsewhere in the agency. The password rules are `sportello_core::account::check_password`
//! (shared with the client) plus "not one of the last three" and a three-month validity:
//! a right but expired password answers `403 password_scaduta`, and
//! `POST /auth/password {username, old_password, new_password}` (no token) changes it.
//! Five failed logins for a username (twenty for a client address) within a minute
//! answer `429 troppi_tentativi` with `Retry-After` until the oldest failure is a minute
//! old — even with the right password.
//! `POST /users` (master only) creates `super` users.
//!
//! # Pull
//! The server gives every write a server-wide change sequence number, assigned inside
//! the write transaction, so a reader that sees change N has seen every change below N.
//! `GET /sync/changes?cursor=&limit=` answers the records of the scope (branches,
//! candidates with their SAP sections and fascia-debole declaration, annotations)
//! changed after the cursor, ordered by that number, each record once per page at its
//! latest change (a record changed while a client pages reappears later, newer, and the
//! client keeps the higher `version`). Deletions and records that left the scope (a
//! candidate moved to another branch) come as tombstones. Paging to `has_more: false`
//! and then pulling again from the last `next_cursor` loses no change.
//!
//! The cursor is opaque; it carries the sequence number and a fingerprint of the scope
//! (scope and its branches). A cursor older than the tombstones the server still keeps,
//! or from another scope (including the same `tutte` after the enabled branches
//! changed), answers `410 cursore_scaduto`: drop the local copy and pull from no cursor.
//! A first pull (no cursor) sends no tombstones; the cursors it hands out until its
//! last page stay valid below the tombstone horizon (unchanged records keep old
//! sequence numbers), so a large first pull never expires half-way.
//!
//! # Push
//! `POST /sync/mutations {client_id, mutations}`: each mutation has the client's
//! monotonic `seq`, a random `mutation_id`, a `kind`, the record `key` (a codice fiscale),
//! the `base_version` it was made on and a `payload`. The server keeps, per client, the
//! last applied `seq` and the outcome of each mutation, in the same transaction as the
//! effect: a mutation whose `seq` it has seen is answered with the stored outcome and
//! not applied again, so a batch sent twice (the answer got lost) is applied once.
//! Outcomes: `applied` (new version), `conflict` (stale `base_version`: the server's
//! record is returned, nothing changes), `rejected` (field errors, unknown or
//! out-of-scope record). Conflicts and rejections are final for that `seq` too.
//!
//! # Versioning
//! Additive changes (a new optional field, a new endpoint, a new error or mutation
//! kind) stay in `/api/v1/`; anything else is `/api/v2/`.

pub mod agenda;
pub mod auth;
pub mod candidature;
pub mod configurazione;
pub mod contatti;
pub mod corsi;
pub mod cv;
pub mod documenti;
pub mod fasce_deboli;
pub mod offerte;
pub mod openapi;
pub mod problem;
pub mod report;
pub mod schema;
pub mod sync;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use problem::{ErrorCode, FieldError, Problem};

/// The contract's version, as in the paths and the OpenAPI `info.version`.
pub const API_VERSION: &str = "1.0.0";

/// Every path of version 1 (the server's routes and the document use these).
pub mod paths {
    pub const HEALTH: &str = "/api/v1/health";
    pub const OPENAPI: &str = "/api/v1/openapi.json";
    pub const LOGIN: &str = "/api/v1/auth/login";
    pub const LOGOUT: &str = "/api/v1/auth/logout";
    pub const SCOPE: &str = "/api/v1/auth/scope";
    pub const PASSWORD: &str = "/api/v1/auth/password";
    pub const USERS: &str = "/api/v1/users";
    /// `{username}`
    pub const USER: &str = "/api/v1/users/{username}";
    pub const CHANGES: &str = "/api/v1/sync/changes";
    pub const MUTATIONS: &str = "/api/v1/sync/mutations";
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// The contract version ([`API_VERSION`]).
    pub api_version: String,
    /// The server's clock, so a client can notice a large skew.
    pub time: DateTime<Utc>,
}
