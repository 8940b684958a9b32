//! "Candidature" (seed 003) on the candidate's sheet: the citizen's applications with
//! seed 003's filters, applying to a published offer (the requirement declared), the
//! CPI's outcome with its note, the Excel export. Offline through the outbox.

use serde::Deserialize;
use sportello_app::candidature::{self, CandidaturaView, FiltroCandidature};
use sportello_app::documents::DocumentReport;
use sportello_app::offerte::{OffertaRiga, VoceView};
use tauri::State;

use super::last_file::{Document, LastFile};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct CandidaArgs {
    pub codice_fiscale: String,
    /// The offer's id or code.
    pub offerta: String,
    pub requisiti_dichiarati: bool,
    /// One of the citizen's CVs, sent with the application.
    pub cv: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct EsitoCandidaturaArgs {
    pub id: String,
    pub esito: String,
    pub nota: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct EsportaCandidatureArgs {
    pub filtro: FiltroCandidature,
    pub path: String,
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct OfferteAperteArgs {
    pub filiale: String,
}

#[tauri::command(async)]
pub fn candidature_offerte(
    state: State<'_, AppState>,
    args: OfferteAperteArgs,
) -> CommandResult<Vec<OffertaRiga>> {
    state.with_store(|store, _| Ok(candidature::offerte_aperte(store, &args.filiale)?))
}

#[tauri::command(async)]
pub fn candidature_esiti() -> CommandResult<Vec<VoceView>> {
    Ok(candidature::esiti())
}

#[tauri::command(async)]
pub fn candidature_elenco(
    state: State<'_, AppState>,
    args: FiltroCandidature,
) -> CommandResult<Vec<CandidaturaView>> {
    state.with_store(|store, _| Ok(candidature::elenco(store, &args)?))
}

#[tauri::command(async)]
pub fn candidatura_nuova(
    state: State<'_, AppState>,
    args: CandidaArgs,
) -> CommandResult<CandidaturaView> {
    state.with_store(|store, _| {
        Ok(candidature::candida(
            store,
            &args.codice_fiscale,
            &args.offerta,
            args.requisiti_dichiarati,
            args.cv.as_deref(),
        )?)
    })
}

#[tauri::command(async)]
pub fn candidatura_esito(
    state: State<'_, AppState>,
    args: EsitoCandidaturaArgs,
) -> CommandResult<CandidaturaView> {
    state.with_store(|store, _| {
        Ok(candidature::esito(
            store,
            &args.id,
            &args.esito,
            &args.nota,
        )?)
    })
}

#[tauri::command(async)]
pub fn candidature_esporta(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: EsportaCandidatureArgs,
) -> CommandResult<DocumentReport> {
    last.write(&state, |store, operator| {
        candidature::esporta(
            store,
            operator,
            &args.filtro,
            std::path::Path::new(&args.path),
            args.overwrite,
        )
    })
}
