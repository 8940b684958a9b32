//! "Esporta in Excel": the export runs on a worker thread with its own connection to
//! the store (searches go on meanwhile) and reports progress through a channel.

use std::path::PathBuf;

use chrono::Local;
use serde::Deserialize;
use sportello_app::search::{
    self, ExportProgress, ExportReport, ExportRequest, FilterInput, Query,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::last_file::{Export, LastFile};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ExportArgs {
    pub filter: FilterInput,
    pub sort: String,
    /// Column codes (see `SearchOptions.export_columns`); empty: the default ones.
    pub columns: Vec<String>,
    /// The file the operator chose in the save dialog.
    pub path: String,
    /// The operator confirmed replacing an existing file.
    pub overwrite: bool,
    /// The operator asked explicitly for GDPR art. 9 data.
    pub include_special_categories: bool,
}

#[tauri::command]
pub async fn export_candidates(
    app: AppHandle,
    state: State<'_, AppState>,
    last: State<'_, LastFile<Export>>,
    args: ExportArgs,
    on_progress: Channel<ExportProgress>,
) -> CommandResult<ExportReport> {
    let own = state.own_connection()?;
    let request = ExportRequest {
        query: Query::from_form(&args.filter, &args.sort, &own.scope)?,
        columns: search::parse_columns(&args.columns.join(","))?,
        out: PathBuf::from(&args.path),
        overwrite: args.overwrite,
        include_special_categories: args.include_special_categories,
        rows_per_sheet: None,
    };
    let report = own
        .run(move |store, user| {
            let mut progress = |p| drop(on_progress.send(p));
            search::export_with_progress(store, user, &request, Local::now(), &mut progress)
        })
        .await?;
    last.remember(&report.file)?;
    super::notify(&app, sportello_app::notices::export_done(&report));
    Ok(report)
}

/// Opens the last exported file with the system's spreadsheet program.
#[tauri::command(async)]
pub fn open_export(app: AppHandle, last: State<'_, LastFile<Export>>) -> CommandResult<()> {
    last.open(&app)
}

/// Shows the last exported file in its folder.
#[tauri::command(async)]
pub fn reveal_export(app: AppHandle, last: State<'_, LastFile<Export>>) -> CommandResult<()> {
    last.reveal(&app)
}
