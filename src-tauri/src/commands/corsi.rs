//! The training-course catalogue (seed 004): search, sheet, form checked as one types,
//! drafts and the workflow (offline through the outbox), exports, template and import.

use serde::Deserialize;
use sportello_app::ErrorItem;
use sportello_app::corsi::{
    self, Corsi, CorsiFiltro, CorsoForm, CorsoScheda, Formato, ImportazioneCorsi, ListeCorsi,
};
use sportello_app::documents::DocumentReport;
use tauri::State;

use super::last_file::{Document, LastFile};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct CorsoArgs {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SalvaCorsoArgs {
    /// None for a new draft.
    pub id: Option<String>,
    pub form: CorsoForm,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct AzioneCorsoArgs {
    pub id: String,
    /// `elimina`, `richiedi_validazione`, `valida`, `rinvia`, `cancella`.
    pub azione: String,
    /// The reason of `rinvia`.
    pub motivo: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct EsportaCorsiArgs {
    pub filtro: CorsiFiltro,
    /// `xlsx` (the list) or `pdf` (the catalogue of the validated ones).
    pub formato: String,
    pub path: String,
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FileCorsiArgs {
    pub path: String,
    pub overwrite: bool,
}

#[tauri::command(async)]
pub fn corsi_liste() -> CommandResult<ListeCorsi> {
    Ok(corsi::liste())
}

#[tauri::command(async)]
pub fn corsi_elenco(state: State<'_, AppState>, args: CorsiFiltro) -> CommandResult<Corsi> {
    state.with_store(|store, _| Ok(corsi::elenco(store, &args)?))
}

#[tauri::command(async)]
pub fn corso_scheda(state: State<'_, AppState>, args: CorsoArgs) -> CommandResult<CorsoScheda> {
    state.with_store(|store, _| Ok(corsi::scheda(store, &args.id)?))
}

#[tauri::command(async)]
pub fn corso_nuovo(state: State<'_, AppState>) -> CommandResult<CorsoForm> {
    state.with_store(|store, _| Ok(corsi::nuovo_form(store)?))
}

#[tauri::command(async)]
pub fn corso_problemi(
    state: State<'_, AppState>,
    args: CorsoForm,
) -> CommandResult<Vec<ErrorItem<String>>> {
    state.with_store(|store, _| Ok(corsi::problemi(store, &args)?))
}

#[tauri::command(async)]
pub fn corso_salva(state: State<'_, AppState>, args: SalvaCorsoArgs) -> CommandResult<CorsoScheda> {
    state.with_store(|store, _| Ok(corsi::salva(store, args.id.as_deref(), &args.form)?))
}

/// The course after the action; none when a draft was deleted.
#[tauri::command(async)]
pub fn corso_azione(
    state: State<'_, AppState>,
    args: AzioneCorsoArgs,
) -> CommandResult<Option<CorsoScheda>> {
    state.with_store(|store, _| Ok(corsi::azione(store, &args.id, &args.azione, &args.motivo)?))
}

#[tauri::command(async)]
pub fn corso_duplica(state: State<'_, AppState>, args: CorsoArgs) -> CommandResult<CorsoForm> {
    state.with_store(|store, _| Ok(corsi::duplica(store, &args.id)?))
}

#[tauri::command(async)]
pub fn corsi_esporta(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: EsportaCorsiArgs,
) -> CommandResult<DocumentReport> {
    last.write(&state, |store, operator| {
        corsi::esporta(
            store,
            operator,
            &args.filtro,
            Formato::parse(&args.formato)?,
            std::path::Path::new(&args.path),
            args.overwrite,
        )
    })
}

#[tauri::command(async)]
pub fn corsi_modello(
    state: State<'_, AppState>,
    args: FileCorsiArgs,
) -> CommandResult<DocumentReport> {
    state.with_store(|store, session| {
        Ok(corsi::scrivi_modello(
            store,
            session.profile.user(),
            std::path::Path::new(&args.path),
            args.overwrite,
        )?)
    })
}

/// Every row of the file saved as a draft, or none (with the rows' problems).
#[tauri::command(async)]
pub fn corsi_importa(
    state: State<'_, AppState>,
    args: FileCorsiArgs,
) -> CommandResult<ImportazioneCorsi> {
    state.with_store(|store, _| Ok(corsi::importa(store, std::path::Path::new(&args.path))?))
}
