//! "CV" (seed 003) on the candidate's sheet: the citizen's CV files, uploaded (read
//! here first: format, size, a text and not a scan), changed, deleted; the "Storico
//! Utilizzi"; the agencies' view requests and the citizen's answers; the file saved
//! (downloaded first if this computer does not have it). Offline through the outbox.

use serde::Deserialize;
use sportello_app::cv::{self, CvInScadenza, CvView, DatiCvForm};
use sportello_app::documents::DocumentReport;
use tauri::State;

use super::last_file::{Document, LastFile};
use super::on_worker;
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct CvElencoArgs {
    pub codice_fiscale: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct CaricaCvArgs {
    pub codice_fiscale: String,
    pub path: String,
    pub dati: DatiCvForm,
    pub caricato_cpi: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ModificaCvArgs {
    pub id: String,
    pub dati: DatiCvForm,
    /// A new file replacing the old one.
    pub path: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct CvIdArgs {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct RichiestaCvArgs {
    pub id: String,
    pub azienda: String,
    pub posizione: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct RispostaCvArgs {
    pub id: String,
    pub richiesta: String,
    /// `accettata` or `rifiutata`.
    pub stato: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SalvaCvArgs {
    pub id: String,
    pub path: String,
    pub overwrite: bool,
}

#[tauri::command(async)]
pub fn cv_territori() -> CommandResult<Vec<String>> {
    Ok(cv::territori())
}

/// The CVs deleted within 15 days unless updated or used, for the Cruscotto.
#[tauri::command(async)]
pub fn cv_in_scadenza(state: State<'_, AppState>) -> CommandResult<Vec<CvInScadenza>> {
    state.with_store(|store, _| Ok(cv::in_scadenza(store)?))
}

#[tauri::command(async)]
pub fn cv_elenco(state: State<'_, AppState>, args: CvElencoArgs) -> CommandResult<Vec<CvView>> {
    state.with_store(|store, _| Ok(cv::elenco(store, &args.codice_fiscale)?))
}

#[tauri::command(async)]
pub fn cv_carica(state: State<'_, AppState>, args: CaricaCvArgs) -> CommandResult<CvView> {
    state.with_store(|store, _| {
        Ok(cv::carica(
            store,
            &args.codice_fiscale,
            std::path::Path::new(&args.path),
            &args.dati,
            args.caricato_cpi,
        )?)
    })
}

#[tauri::command(async)]
pub fn cv_modifica(state: State<'_, AppState>, args: ModificaCvArgs) -> CommandResult<CvView> {
    state.with_store(|store, _| {
        let file = args.path.as_deref().map(std::path::Path::new);
        Ok(cv::modifica(store, &args.id, &args.dati, file)?)
    })
}

#[tauri::command(async)]
pub fn cv_elimina(state: State<'_, AppState>, args: CvIdArgs) -> CommandResult<()> {
    state.with_store(|store, _| Ok(cv::elimina(store, &args.id)?))
}

#[tauri::command(async)]
pub fn cv_richiesta(state: State<'_, AppState>, args: RichiestaCvArgs) -> CommandResult<CvView> {
    state.with_store(|store, _| {
        Ok(cv::richiedi(
            store,
            &args.id,
            &args.azienda,
            &args.posizione,
        )?)
    })
}

#[tauri::command(async)]
pub fn cv_risposta(state: State<'_, AppState>, args: RispostaCvArgs) -> CommandResult<CvView> {
    state.with_store(|store, _| Ok(cv::rispondi(store, &args.id, &args.richiesta, &args.stato)?))
}

/// Saves the file (audited), downloading it first when only the server has it.
#[tauri::command]
pub async fn cv_salva(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: SalvaCvArgs,
) -> CommandResult<DocumentReport> {
    let done = on_worker(&state, move |store, operator, rt| {
        rt.block_on(cv::scarica(store, &args.id))?;
        cv::salva(
            store,
            operator,
            &args.id,
            std::path::Path::new(&args.path),
            args.overwrite,
        )
    })
    .await?;
    last.remember(&done.file)?;
    Ok(done)
}
