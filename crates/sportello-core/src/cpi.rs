//! The CPI desk (seed 003, Toscana Lavoro): what a citizen does with the job centre,
//! seen from the operator's side — appointments and the desk's agenda ([`agenda`]),
//! documents to sign ([`documenti`]), applications to offers ([`candidature`]) and CVs
//! with their consent, retention and view requests ([`cv`]).
//!
//! Labels and states are seed 003's; the server and the client judge with these rules.

pub mod agenda;
pub mod candidature;
pub mod cv;
pub mod documenti;
