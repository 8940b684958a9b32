//! The offline-first sync client of Sportello, and the only crate that speaks HTTP to
//! the central server.
//!
//! - [`Client`]: the contract of `sportello-protocol` over reqwest, with retries
//!   (exponential backoff, full jitter, `Retry-After`) and a timeout per request.
//! - [`engine`]: one cycle — push the outbox in order, then pull pages of changes into
//!   the encrypted store, each page in one transaction with its cursor.
//! - [`local`]: the operator's changes, written to the cache together with their
//!   outbox entry, and their rebase on the server's records.
//! - [`session`]: login, scope switch, password change, logout.
//!
//! Everything is async (tokio) so the desktop shell can run it in the background and
//! show [`engine::Progress`]; the CLI runs the same functions on a runtime of its own.
//! Store writes happen on the calling task: each is one page or one batch, well under
//! a second.

pub mod agenda;
pub mod candidature;
mod client;
pub mod contatti;
pub mod corsi;
pub mod cv;
pub mod documenti;
pub mod engine;
mod error;
pub mod fasce_deboli;
mod kept;
pub mod local;
pub mod offerte;
pub mod report;
pub mod session;
pub mod utenti;

pub use client::{CaCertificates, Client, ClientConfig, server_base};
pub use engine::{Progress, SyncReport, sync_once};
pub use error::{Error, Result};
pub use local::{Edit, Resolution};
