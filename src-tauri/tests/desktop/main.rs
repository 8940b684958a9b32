//! The desktop crate's integration tests, in one binary (each test binary links the
//! whole of Tauri and WebKit's bindings: one link instead of several).
//!
//! - `bindings`: the committed TypeScript bindings are fresh.
//! - `demo`: the demo start without a window.
//! - `e2e`: the real app driven through WebDriver under Xvfb.
//! - `e2e_documents`: the same for the documents (SAP, CV, SAP batch, receipts).
//! - `e2e_documenti`: sign-off of a Patto di servizio on the candidate's sheet.
//! - `e2e_agenda`: an appointment booked from the sheet, its receipt, the agenda.
//! - `e2e_utenti`: a master creates a super user, who must change the password.
//! - `e2e::server`: the same, signed in to a sandbox `sportello-centrale` on loopback.

mod bindings;
mod demo;
mod e2e;
mod e2e_agenda;
mod e2e_corsi;
mod e2e_cv;
mod e2e_documenti;
mod e2e_documents;
mod e2e_fasce_deboli;
mod e2e_offerte;
mod e2e_report;
mod e2e_utenti;
mod support;
mod webdriver;
