//! The Scheda's local changes: a candidate's notes, annotations and recapiti, which
//! leave through the outbox with the next sync.

use serde::Deserialize;
use sportello_app::desk::{self, AnnotationForm, CandidateNotes, ContactField, ContactsForm};
use sportello_app::{ErrorItem, sync};
use tauri::State;

use super::candidates::SheetArgs;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn candidate_notes(
    state: State<'_, AppState>,
    args: SheetArgs,
) -> CommandResult<CandidateNotes> {
    state.with_store(|store, _| Ok(desk::candidate_notes(store, &args.codice_fiscale)?))
}

/// Adds an annotation to the cache and the outbox: it leaves with the next sync.
#[tauri::command(async)]
pub fn add_annotation(
    state: State<'_, AppState>,
    args: AnnotationForm,
) -> CommandResult<CandidateNotes> {
    state.with_store(|store, session| Ok(desk::add_annotation(store, &session.profile, &args)?))
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ContactsArgs {
    pub codice_fiscale: String,
    pub contacts: ContactsForm,
}

/// Replaces the recapiti in the cache and queues the change for the server.
#[tauri::command(async)]
pub fn edit_contacts(
    state: State<'_, AppState>,
    args: ContactsArgs,
) -> CommandResult<CandidateNotes> {
    state.with_store(|store, session| {
        sync::edit_contacts(
            store,
            &session.profile,
            &args.codice_fiscale,
            args.contacts.to_contacts(),
        )?;
        Ok(desk::candidate_notes(store, &args.codice_fiscale)?)
    })
}

/// The recapiti rules a form breaks, checked as the operator types.
#[tauri::command(async)]
pub fn check_contacts(args: ContactsForm) -> Vec<ErrorItem<ContactField>> {
    desk::contact_problems(&args)
}
