//! "Agenda" (seed 003, "Prenota un appuntamento"): the desks and their hours, the
//! day/week agenda and its PDF, free slots, booking a citizen (or moving a booking),
//! cancelling, missed or held, the booking's receipt. Offline through the outbox.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use sportello_app::agenda::{self, GiornoAgenda, PrenotazioneView, SportelloForm, SportelloView};
use sportello_app::contatti::{self, ContattoView};
use sportello_app::documents::DocumentReport;
use sportello_app::offerte::VoceView;
use tauri::State;

use super::candidates::SheetArgs;
use super::last_file::{Document, LastFile};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct AgendaArgs {
    /// The desks shown; all the session's when empty.
    pub sportelli: Vec<String>,
    /// `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub dal: NaiveDate,
    pub giorni: i64,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct StampaAgendaArgs {
    pub agenda: AgendaArgs,
    pub path: String,
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct LiberiArgs {
    pub sportello: String,
    pub tipo: String,
    #[ts(type = "string")]
    pub dal: NaiveDate,
    pub giorni: i64,
    /// The booking being moved: its own time counts as free.
    pub sposta: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct PrenotaArgs {
    pub codice_fiscale: String,
    pub sportello: String,
    pub tipo: String,
    /// `YYYY-MM-DDTHH:MM:SS`, one of the free starts.
    #[ts(type = "string")]
    pub inizio: NaiveDateTime,
    /// The booking this one moves.
    pub sposta: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct CambiaPrenotazioneArgs {
    pub id: String,
    /// `annulla`, `non_presentato`, `svolto`.
    pub azione: String,
    /// The reason of `annulla`, the outcome of `svolto`.
    pub testo: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct RicevutaPrenotazioneArgs {
    pub id: String,
    pub path: String,
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SportelloFormArgs {
    /// The desk to change; none for a new one.
    pub id: Option<String>,
    /// The CPI of a new desk.
    pub filiale: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SalvaSportelloArgs {
    pub id: Option<String>,
    pub form: SportelloForm,
}

#[tauri::command(async)]
pub fn agenda_sportello_form(
    state: State<'_, AppState>,
    args: SportelloFormArgs,
) -> CommandResult<SportelloForm> {
    state.with_store(|store, _| Ok(SportelloForm::di(store, args.id.as_deref(), &args.filiale)?))
}

#[tauri::command(async)]
pub fn agenda_sportello_salva(
    state: State<'_, AppState>,
    args: SalvaSportelloArgs,
) -> CommandResult<SportelloView> {
    state.with_store(|store, _| Ok(agenda::salva_form(store, args.id.as_deref(), &args.form)?))
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ContattiArgs {
    /// Also the answered ones.
    pub tutte: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ContattaArgs {
    pub codice_fiscale: String,
    pub tipo: String,
    pub testo: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct RispondiArgs {
    pub id: String,
    pub testo: String,
}

#[tauri::command(async)]
pub fn contatti_elenco(
    state: State<'_, AppState>,
    args: ContattiArgs,
) -> CommandResult<Vec<ContattoView>> {
    state.with_store(|store, _| Ok(contatti::elenco(store, args.tutte)?))
}

#[tauri::command(async)]
pub fn contatta_cpi(state: State<'_, AppState>, args: ContattaArgs) -> CommandResult<ContattoView> {
    state.with_store(|store, _| {
        Ok(contatti::scrivi(
            store,
            &args.codice_fiscale,
            &args.tipo,
            &args.testo,
        )?)
    })
}

#[tauri::command(async)]
pub fn contatto_rispondi(
    state: State<'_, AppState>,
    args: RispondiArgs,
) -> CommandResult<ContattoView> {
    state.with_store(|store, _| Ok(contatti::rispondi(store, &args.id, &args.testo)?))
}

#[tauri::command(async)]
pub fn agenda_tipi() -> CommandResult<Vec<VoceView>> {
    Ok(agenda::tipi())
}

#[tauri::command(async)]
pub fn agenda_sportelli(state: State<'_, AppState>) -> CommandResult<Vec<SportelloView>> {
    state.with_store(|store, _| Ok(agenda::sportelli(store)?))
}

#[tauri::command(async)]
pub fn agenda_giorni(
    state: State<'_, AppState>,
    args: AgendaArgs,
) -> CommandResult<Vec<GiornoAgenda>> {
    state.with_store(|store, _| {
        Ok(agenda::agenda(
            store,
            &args.sportelli,
            args.dal,
            args.giorni,
        )?)
    })
}

#[tauri::command(async)]
pub fn agenda_stampa(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: StampaAgendaArgs,
) -> CommandResult<DocumentReport> {
    let a = args.agenda;
    last.write(&state, |store, operator| {
        agenda::stampa(
            store,
            operator,
            &a.sportelli,
            (a.dal, a.giorni),
            std::path::Path::new(&args.path),
            args.overwrite,
        )
    })
}

#[tauri::command(async)]
pub fn agenda_liberi(state: State<'_, AppState>, args: LiberiArgs) -> CommandResult<Vec<String>> {
    state.with_store(|store, _| {
        Ok(agenda::liberi(
            store,
            &args.sportello,
            &args.tipo,
            args.dal,
            args.giorni,
            args.sposta.as_deref(),
        )?
        .iter()
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
        .collect())
    })
}

#[tauri::command(async)]
pub fn agenda_prenota(
    state: State<'_, AppState>,
    args: PrenotaArgs,
) -> CommandResult<PrenotazioneView> {
    state.with_store(|store, _| {
        Ok(agenda::prenota(
            store,
            &args.codice_fiscale,
            &args.sportello,
            &args.tipo,
            args.inizio,
            args.sposta.as_deref(),
        )?)
    })
}

#[tauri::command(async)]
pub fn agenda_cambia(
    state: State<'_, AppState>,
    args: CambiaPrenotazioneArgs,
) -> CommandResult<PrenotazioneView> {
    state.with_store(|store, _| Ok(agenda::cambia(store, &args.id, &args.azione, &args.testo)?))
}

#[tauri::command(async)]
pub fn agenda_del_cittadino(
    state: State<'_, AppState>,
    args: SheetArgs,
) -> CommandResult<Vec<PrenotazioneView>> {
    state.with_store(|store, _| Ok(agenda::del_cittadino(store, &args.codice_fiscale)?))
}

#[tauri::command(async)]
pub fn agenda_ricevuta(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: RicevutaPrenotazioneArgs,
) -> CommandResult<DocumentReport> {
    last.write(&state, |store, operator| {
        agenda::ricevuta(
            store,
            operator,
            &args.id,
            std::path::Path::new(&args.path),
            args.overwrite,
        )
    })
}
