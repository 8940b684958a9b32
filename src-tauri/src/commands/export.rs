//! "Esporta in Excel": the export runs on a worker thread with its own connection to
//! the store (searches go on meanwhile) and reports progress through a channel.

use chrono::Local;
use sportello_app::search::{self, ExportForm, ExportProgress, ExportReport};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::last_file::{Export, LastFile};
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
pub async fn export_candidates(
    app: AppHandle,
    state: State<'_, AppState>,
    last: State<'_, LastFile<Export>>,
    args: ExportForm,
    on_progress: Channel<ExportProgress>,
) -> CommandResult<ExportReport> {
    let own = state.own_connection()?;
    let request = args.request(&own.scope)?;
    let mut progress = move |p| drop(on_progress.send(p));
    let report = own
        .run(move |store, user| {
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
