//! Offerte: offers, their interests, refusals and matching (seed 001), each a few
//! lines around one `sportello-app` use case.

use crate::commands::candidates::SheetArgs;
use serde::Deserialize;
use sportello_app::ErrorItem;
use sportello_app::documents::ReceiptDto;
use sportello_app::offerte::interessi::{
    self, Abbinamenti, InteresseRiga, OffertaAdatta, RifiutoForm, RifiutoRiga,
};
use sportello_app::offerte::massivo::{self, MassivoReport};
use sportello_app::offerte::{
    self, Campo, ListeOfferte, OffertaForm, OffertaRiga, OffertaScheda, OfferteFiltro,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct OffertaArgs {
    /// Id or Codice Offerta.
    pub offerta: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SalvaOffertaArgs {
    /// None for a new offer.
    pub id: Option<String>,
    pub form: OffertaForm,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct StatoOffertaArgs {
    pub offerta: String,
    /// `pubblica`, `ripubblica`, `chiudi`.
    pub azione: String,
    /// dd/mm/yyyy, for pubblica and ripubblica.
    pub fine: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct InteressiArgs {
    pub offerta: Option<String>,
    pub codice_fiscale: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct AvanzaArgs {
    pub id: String,
    pub stato: String,
    pub nota: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ProponiArgs {
    pub offerta: String,
    pub codici_fiscali: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct AbbinamentiArgs {
    pub offerta: String,
    pub offset: u32,
    pub limit: u32,
}

#[tauri::command(async)]
pub fn offerte_liste(state: State<'_, AppState>) -> CommandResult<ListeOfferte> {
    state.with_store(|store, _| Ok(offerte::liste(store)?))
}

#[tauri::command(async)]
pub fn offerte_elenco(
    state: State<'_, AppState>,
    args: OfferteFiltro,
) -> CommandResult<Vec<OffertaRiga>> {
    state.with_store(|store, _| Ok(offerte::elenco(store, &args)?))
}

#[tauri::command(async)]
pub fn offerta_scheda(
    state: State<'_, AppState>,
    args: OffertaArgs,
) -> CommandResult<OffertaScheda> {
    state.with_store(|store, _| Ok(offerte::scheda(store, &args.offerta)?))
}

#[tauri::command(async)]
pub fn offerta_nuova(state: State<'_, AppState>) -> CommandResult<OffertaForm> {
    state.with_store(|store, _| Ok(offerte::nuovo_form(store)?))
}

/// The rules the form breaks, as the operator types.
#[tauri::command(async)]
pub fn offerta_problemi(
    state: State<'_, AppState>,
    args: OffertaForm,
) -> CommandResult<Vec<ErrorItem<Campo>>> {
    state.with_store(|store, _| Ok(offerte::problemi(store, &args)?))
}

#[tauri::command(async)]
pub fn offerta_salva(
    state: State<'_, AppState>,
    args: SalvaOffertaArgs,
) -> CommandResult<OffertaScheda> {
    state.with_store(|store, _| Ok(offerte::salva(store, args.id.as_deref(), &args.form)?))
}

#[tauri::command(async)]
pub fn offerta_stato(
    state: State<'_, AppState>,
    args: StatoOffertaArgs,
) -> CommandResult<OffertaScheda> {
    state.with_store(|store, _| {
        Ok(offerte::cambia_stato(
            store,
            &args.offerta,
            &args.azione,
            &args.fine,
        )?)
    })
}

#[tauri::command(async)]
pub fn interessi_elenco(
    state: State<'_, AppState>,
    args: InteressiArgs,
) -> CommandResult<Vec<InteresseRiga>> {
    state.with_store(|store, _| {
        Ok(interessi::elenco(
            store,
            args.offerta.as_deref(),
            args.codice_fiscale.as_deref(),
        )?)
    })
}

#[tauri::command(async)]
pub fn interesse_avanza(
    state: State<'_, AppState>,
    args: AvanzaArgs,
) -> CommandResult<InteresseRiga> {
    state.with_store(|store, _| Ok(interessi::avanza(store, &args.id, &args.stato, &args.nota)?))
}

#[tauri::command(async)]
pub fn offerta_proponi(state: State<'_, AppState>, args: ProponiArgs) -> CommandResult<u64> {
    state.with_store(|store, _| {
        Ok(interessi::proponi(
            store,
            &args.offerta,
            &args.codici_fiscali,
        )?)
    })
}

#[tauri::command(async)]
pub fn abbinamenti(
    state: State<'_, AppState>,
    args: AbbinamentiArgs,
) -> CommandResult<Abbinamenti> {
    state.with_store(|store, _| {
        Ok(interessi::abbinamenti(
            store,
            &args.offerta,
            args.offset as usize,
            args.limit as usize,
        )?)
    })
}

/// The published offers that fit a candidate, best first.
#[tauri::command(async)]
pub fn offerte_adatte(
    state: State<'_, AppState>,
    args: SheetArgs,
) -> CommandResult<Vec<OffertaAdatta>> {
    state.with_store(|store, _| Ok(interessi::adatte(store, &args.codice_fiscale, 50)?))
}

/// Files a refusal (sent with the next sync) and issues its receipt.
#[tauri::command(async)]
pub fn rifiuto_nuovo(
    state: State<'_, AppState>,
    args: RifiutoForm,
) -> CommandResult<(RifiutoRiga, ReceiptDto)> {
    state.with_store(|store, session| Ok(interessi::rifiuta(store, &session.profile, &args)?))
}

#[tauri::command(async)]
pub fn rifiuti_elenco(
    state: State<'_, AppState>,
    args: InteressiArgs,
) -> CommandResult<Vec<RifiutoRiga>> {
    state.with_store(|store, _| {
        Ok(interessi::rifiuti(
            store,
            args.offerta.as_deref(),
            args.codice_fiscale.as_deref(),
        )?)
    })
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ModelloArgs {
    pub path: String,
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ImportaArgs {
    pub path: String,
    pub pubblica: bool,
}

/// Writes the bulk-insert template; returns where.
#[tauri::command(async)]
pub fn offerte_modello(state: State<'_, AppState>, args: ModelloArgs) -> CommandResult<String> {
    state.with_store(|store, session| {
        let path = std::path::Path::new(&args.path);
        Ok(massivo::scrivi_modello(
            store,
            session.profile.user(),
            path,
            args.overwrite,
        )?)
    })
}

/// Bulk insert from a filled template: all or nothing, with row messages.
#[tauri::command(async)]
pub fn offerte_importa(
    state: State<'_, AppState>,
    args: ImportaArgs,
) -> CommandResult<MassivoReport> {
    state.with_store(|store, session| {
        Ok(massivo::importa(
            store,
            &session.profile,
            std::path::Path::new(&args.path),
            args.pubblica,
        )?)
    })
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct EsportaInteressiArgs {
    pub offerta: Option<String>,
    pub path: String,
    pub overwrite: bool,
}

/// Writes the interests list as xlsx (audited).
#[tauri::command(async)]
pub fn interessi_esporta(
    state: State<'_, AppState>,
    args: EsportaInteressiArgs,
) -> CommandResult<interessi::EsportazioneInteressi> {
    state.with_store(|store, session| {
        let path = std::path::Path::new(&args.path);
        Ok(interessi::esporta(
            store,
            &session.profile,
            args.offerta.as_deref(),
            path,
            args.overwrite,
        )?)
    })
}
