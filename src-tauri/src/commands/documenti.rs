//! "Documenti da firmare" on the candidate's sheet (seed 003): the citizen's documents
//! with their trail, a new one (or one replacing an earlier practice), each step
//! offline through the outbox, and the document as a PDF.

use serde::Deserialize;
use sportello_app::documenti::{self, DocumentoView};
use sportello_app::documents::DocumentReport;
use sportello_app::offerte::VoceView;
use tauri::State;

use super::candidates::SheetArgs;
use super::last_file::{Document, LastFile};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct NuovoDocumentoArgs {
    pub codice_fiscale: String,
    /// `ricevuta_did`, `patto_servizio_150`, `patto_attivazione_gg`,
    /// `programma_ricerca_intensiva`.
    pub tipo: String,
    /// The document this one replaces.
    pub sostituisce: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct AzioneDocumentoArgs {
    pub id: String,
    /// `prendi_in_carico`, `firma_cittadino`, `firma_operatore`, `annulla`.
    pub azione: String,
    /// The reason of `annulla`.
    pub motivo: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct DocumentoPdfArgs {
    pub id: String,
    pub path: String,
    pub overwrite: bool,
}

#[tauri::command(async)]
pub fn documenti_tipi() -> CommandResult<Vec<VoceView>> {
    Ok(documenti::tipi())
}

#[tauri::command(async)]
pub fn documenti_elenco(
    state: State<'_, AppState>,
    args: SheetArgs,
) -> CommandResult<Vec<DocumentoView>> {
    state.with_store(|store, _| Ok(documenti::elenco(store, &args.codice_fiscale)?))
}

#[tauri::command(async)]
pub fn documento_nuovo(
    state: State<'_, AppState>,
    args: NuovoDocumentoArgs,
) -> CommandResult<DocumentoView> {
    state.with_store(|store, _| {
        Ok(documenti::crea(
            store,
            &args.codice_fiscale,
            &args.tipo,
            args.sostituisce.as_deref(),
        )?)
    })
}

#[tauri::command(async)]
pub fn documento_azione(
    state: State<'_, AppState>,
    args: AzioneDocumentoArgs,
) -> CommandResult<DocumentoView> {
    state.with_store(|store, _| {
        Ok(documenti::azione(
            store,
            &args.id,
            &args.azione,
            &args.motivo,
        )?)
    })
}

#[tauri::command(async)]
pub fn documento_pdf(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: DocumentoPdfArgs,
) -> CommandResult<DocumentReport> {
    last.write(&state, |store, operator| {
        documenti::pdf(
            store,
            operator,
            &args.id,
            std::path::Path::new(&args.path),
            args.overwrite,
        )
    })
}
