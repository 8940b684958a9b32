//! Fasce deboli (FTWeb, issue 7): request the participants file, fill it in the grid
//! or in a spreadsheet, check it, upload it with its receipt, read the outcome.
//!
//! What talks to the server runs on a worker thread with its own connection to the
//! store (as the export does), so searches and the grid go on meanwhile; the rest is a
//! short call on the session's store.

use std::path::PathBuf;

use chrono::{Local, Utc};
use serde::Deserialize;
use sportello_app::fasce_deboli::online::{self, UploadDone, UploadDto};
use sportello_app::fasce_deboli::overview::{self, FdGrid, FdOverview};
use sportello_app::fasce_deboli::{
    self as fd, CheckReport, DeclarationInput, FdExportReport, GridFilter, ImportReport,
    SuggestionRow,
};
use tauri::{AppHandle, State};

use super::last_file::{LastFile, Receipt};
use super::on_worker;
use super::session::today;
use crate::error::CommandResult;
use crate::state::AppState;

/// A campaign year; none: the newest with downloaded participants.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdYearArgs {
    pub anno: Option<i32>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdRequestArgs {
    pub tipologie: Vec<String>,
    pub anno: i32,
    /// An extra address FTWeb tells when the file is ready.
    pub email: Option<String>,
}

/// A file to write for a request or an upload (`id`), chosen in the save dialog.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdSaveArgs {
    pub id: String,
    pub path: String,
    /// The operator confirmed replacing an existing file.
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdGridArgs {
    pub anno: Option<i32>,
    pub progetto: Option<String>,
    pub tipologia: Option<String>,
    pub aula_omogenea: Option<bool>,
    /// Only rows without a declaration.
    pub da_compilare: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdDeclareArgs {
    pub anno: i32,
    pub declarations: Vec<DeclarationInput>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ParticipantKey {
    pub codice_fiscale: String,
    pub codice_progetto: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdAcceptArgs {
    pub anno: i32,
    /// The participants whose suggestion is accepted; none: every participant.
    pub only: Option<Vec<ParticipantKey>>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdExportArgs {
    pub anno: Option<i32>,
    pub path: String,
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdPathArgs {
    /// The file chosen in the open dialog.
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdUploadArgs {
    pub anno: i32,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FdIdArgs {
    pub id: String,
}

/// Where the work stands, after following requests and uploads on the server; a
/// desktop notification for each file or outcome that arrived now.
#[tauri::command]
pub async fn fd_overview(app: AppHandle, state: State<'_, AppState>) -> CommandResult<FdOverview> {
    let overview = on_worker(&state, |store, operator, rt| {
        rt.block_on(overview::overview(store, operator, today()))
    })
    .await?;
    for notice in sportello_app::notices::fasce_deboli_arrivals(&overview.seguito) {
        super::notify(&app, notice);
    }
    Ok(overview)
}

#[tauri::command]
pub async fn fd_request(
    state: State<'_, AppState>,
    args: FdRequestArgs,
) -> CommandResult<online::RequestDto> {
    on_worker(&state, move |store, operator, rt| {
        rt.block_on(online::request_file(
            store,
            operator,
            &args.tipologie,
            args.anno,
            args.email,
        ))
    })
    .await
}

/// Writes the participants file of a ready request as the server sends it.
#[tauri::command]
pub async fn fd_save_participants_file(
    state: State<'_, AppState>,
    args: FdSaveArgs,
) -> CommandResult<String> {
    on_worker(&state, move |store, operator, rt| {
        rt.block_on(online::download_file(
            store,
            operator,
            &args.id,
            &PathBuf::from(&args.path),
            args.overwrite,
        ))
    })
    .await
}

#[tauri::command(async)]
pub fn fd_grid(state: State<'_, AppState>, args: FdGridArgs) -> CommandResult<FdGrid> {
    let filter = GridFilter {
        progetto: args.progetto.filter(|p| !p.is_empty()),
        tipologia: args.tipologia.filter(|t| !t.is_empty()),
        aula_omogenea: args.aula_omogenea,
        da_compilare: args.da_compilare,
    };
    state.with_store(|store, _| Ok(overview::grid(store, args.anno, &filter)?))
}

#[tauri::command(async)]
pub fn fd_declare(state: State<'_, AppState>, args: FdDeclareArgs) -> CommandResult<usize> {
    state.with_store(|store, _| {
        Ok(fd::declare(
            store,
            args.anno,
            &args.declarations,
            Utc::now(),
        )?)
    })
}

#[tauri::command(async)]
pub fn fd_suggestions(
    state: State<'_, AppState>,
    args: FdYearArgs,
) -> CommandResult<Vec<SuggestionRow>> {
    state.with_store(|store, _| {
        let anno = fd::working_year(store, args.anno)?;
        Ok(fd::suggest(store, anno)?)
    })
}

#[tauri::command(async)]
pub fn fd_accept_suggestions(
    state: State<'_, AppState>,
    args: FdAcceptArgs,
) -> CommandResult<usize> {
    let only: Option<Vec<(String, String)>> = args.only.map(|keys| {
        keys.into_iter()
            .map(|k| (k.codice_fiscale, k.codice_progetto))
            .collect()
    });
    state.with_store(|store, _| {
        Ok(fd::accept_suggestions(
            store,
            args.anno,
            only.as_deref(),
            Utc::now(),
        )?)
    })
}

/// "Esporta per compilazione".
#[tauri::command(async)]
pub fn fd_export(state: State<'_, AppState>, args: FdExportArgs) -> CommandResult<FdExportReport> {
    state.with_store(|store, session| {
        Ok(fd::export_for_filling(
            store,
            session.profile.user(),
            args.anno,
            &PathBuf::from(&args.path),
            args.overwrite,
            Local::now(),
        )?)
    })
}

/// "Importa file compilato": all of it or nothing.
#[tauri::command(async)]
pub fn fd_import(state: State<'_, AppState>, args: FdPathArgs) -> CommandResult<ImportReport> {
    state.with_store(|store, _| {
        Ok(fd::import_filled(
            store,
            &PathBuf::from(&args.path),
            Utc::now(),
        )?)
    })
}

/// "Controlla": the working copy, as it would be uploaded.
#[tauri::command(async)]
pub fn fd_check(state: State<'_, AppState>, args: FdYearArgs) -> CommandResult<CheckReport> {
    state.with_store(|store, _| {
        let anno = fd::working_year(store, args.anno)?;
        Ok(fd::working_file(store, anno, today())?.1)
    })
}

/// "Carica": the working copy (nothing with errors leaves), its receipt written in the
/// operator's folder.
#[tauri::command]
pub async fn fd_upload(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Receipt>>,
    args: FdUploadArgs,
) -> CommandResult<UploadDone> {
    let profile = state.with_session(|s| Ok(s.profile.clone()))?;
    let report = on_worker(&state, move |store, operator, rt| {
        let upload =
            online::upload_to_receipts_folder(store, operator, &profile, args.anno, Local::now());
        rt.block_on(upload)
    })
    .await?;
    last.remember_some(report.receipt_file.as_deref())?;
    Ok(UploadDone::from(&report))
}

/// Opens the receipt of the last upload with the system's PDF viewer.
#[tauri::command(async)]
pub fn fd_open_receipt(app: AppHandle, last: State<'_, LastFile<Receipt>>) -> CommandResult<()> {
    last.open(&app)
}

/// An upload and its outcome, after following it.
#[tauri::command]
pub async fn fd_outcome(state: State<'_, AppState>, args: FdIdArgs) -> CommandResult<UploadDto> {
    on_worker(&state, move |store, operator, rt| {
        rt.block_on(online::outcome(store, operator, &args.id))
    })
    .await
}

/// "Scarica esito": the outcome workbook of an upload.
#[tauri::command(async)]
pub fn fd_save_outcome(state: State<'_, AppState>, args: FdSaveArgs) -> CommandResult<String> {
    state.with_store(|store, session| {
        Ok(online::write_outcome(
            store,
            session.profile.user(),
            &args.id,
            &PathBuf::from(&args.path),
            args.overwrite,
        )?)
    })
}
