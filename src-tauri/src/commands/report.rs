//! The daily cross-branch report (issue 17): the list kept in the store, one report
//! opened (offline too), one asked of the server for a past day, exports.

use serde::Deserialize;
use sportello_app::documents::DocumentReport;
use sportello_app::report::{self, Formato, ReportSummary, ReportView};
use tauri::State;

use super::last_file::{Document, LastFile};
use super::on_worker;
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct GiornoArgs {
    /// `YYYY-MM-DD`.
    pub giorno: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct EsportaReportArgs {
    pub giorno: String,
    /// `xlsx` or `pdf`.
    pub formato: String,
    pub path: String,
    pub overwrite: bool,
}

#[tauri::command(async)]
pub fn report_elenco(state: State<'_, AppState>) -> CommandResult<Vec<ReportSummary>> {
    state.with_store(|store, _| Ok(report::elenco(store)?))
}

#[tauri::command(async)]
pub fn report_apri(state: State<'_, AppState>, args: GiornoArgs) -> CommandResult<ReportView> {
    state.with_store(|store, _| Ok(report::apri(store, report::parse_day(&args.giorno)?)?))
}

#[tauri::command]
pub async fn report_chiedi(
    state: State<'_, AppState>,
    args: GiornoArgs,
) -> CommandResult<ReportView> {
    on_worker(&state, move |store, _, rt| {
        let day = report::parse_day(&args.giorno)?;
        rt.block_on(report::chiedi(store, day))
    })
    .await
}

#[tauri::command(async)]
pub fn report_esporta(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: EsportaReportArgs,
) -> CommandResult<DocumentReport> {
    let formato = Formato::parse(&args.formato)?;
    last.write(&state, |store, operator| {
        report::esporta(
            store,
            operator,
            report::parse_day(&args.giorno)?,
            formato,
            std::path::Path::new(&args.path),
            args.overwrite,
        )
    })
}
