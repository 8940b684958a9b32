//! "Esporta in Excel": the export runs on a worker thread with its own connection to
//! the store (searches go on meanwhile) and reports progress through a channel.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::Local;
use serde::Deserialize;
use sportello_app::AppError;
use sportello_app::search::{self, ExportProgress, ExportReport, ExportRequest, FilterInput};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandResult, internal};
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

/// The file of the last export: the only one the webview may ask to open.
#[derive(Debug, Default)]
pub struct LastExport(pub Mutex<Option<PathBuf>>);

#[tauri::command]
pub async fn export_candidates(
    app: AppHandle,
    state: State<'_, AppState>,
    last: State<'_, LastExport>,
    args: ExportArgs,
    on_progress: Channel<ExportProgress>,
) -> CommandResult<ExportReport> {
    let (profile, password, scope) = state.with_session(|session| {
        let unlocked = session.unlocked.as_ref().ok_or(AppError::NotSignedIn)?;
        Ok((
            session.profile.clone(),
            unlocked.password.as_str().to_string(),
            session.scope.clone(),
        ))
    })?;
    let request = ExportRequest {
        filter: search::within_scope(args.filter.to_filter()?, &scope)?,
        scope: search::scope_of(&scope),
        sort: search::parse_sort(&args.sort)?,
        columns: search::parse_columns(&args.columns.join(","))?,
        out: PathBuf::from(&args.path),
        overwrite: args.overwrite,
        include_special_categories: args.include_special_categories,
        rows_per_sheet: None,
    };
    let report = tauri::async_runtime::spawn_blocking(move || {
        let password = zeroize::Zeroizing::new(password);
        let mut store = sportello_app::store::open(&profile, &password)?;
        search::export_with_progress(
            &mut store,
            profile.user(),
            &request,
            Local::now(),
            &mut |p| {
                let _ = on_progress.send(p);
            },
        )
    })
    .await
    .map_err(internal)??;
    *last.0.lock().map_err(internal)? = Some(PathBuf::from(&report.file));
    notify(&app, &report);
    Ok(report)
}

/// A desktop notification, for an operator who went to another window meanwhile.
/// Best effort: a desktop without a notification service still has the dialog.
fn notify(app: &AppHandle, report: &ExportReport) {
    let body = format!("{} righe esportate", report.rows);
    let app = app.clone();
    std::thread::spawn(move || {
        let _ = app
            .notification()
            .builder()
            .title("Esportazione completata")
            .body(body)
            .show();
    });
}

fn last_export(last: &LastExport) -> CommandResult<PathBuf> {
    last.0
        .lock()
        .map_err(internal)?
        .clone()
        .ok_or_else(|| AppError::InvalidInput("nessun file esportato da aprire".into()).into())
}

/// Opens the last exported file with the system's spreadsheet program.
#[tauri::command(async)]
pub fn open_export(app: AppHandle, last: State<'_, LastExport>) -> CommandResult<()> {
    let path = last_export(&last)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| AppError::InvalidInput(format!("impossibile aprire il file: {e}")).into())
}

/// Shows the last exported file in its folder.
#[tauri::command(async)]
pub fn reveal_export(app: AppHandle, last: State<'_, LastExport>) -> CommandResult<()> {
    let path = last_export(&last)?;
    app.opener()
        .reveal_item_in_dir(path)
        .map_err(|e| AppError::InvalidInput(format!("impossibile aprire la cartella: {e}")).into())
}
