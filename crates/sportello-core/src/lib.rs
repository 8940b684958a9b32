//! Domain types and rules of Sportello.
//!
//! Invariant: this crate does no I/O. No files, no network, no clock: every rule that
//! depends on "today" takes the reference date as an argument.

pub mod account;
pub mod branch;
pub mod candidate;
pub mod codice_fiscale;
pub mod corsi;
pub mod cpi;
pub mod education;
pub mod fasce_deboli;
pub mod filter;
pub mod geo;
pub mod keywords;
pub mod offerte;

pub use branch::Branch;
pub use candidate::{Candidate, Sex};
pub use codice_fiscale::{CfError, CodiceFiscale};
pub use education::EducationLevel;
pub use filter::CandidateFilter;
