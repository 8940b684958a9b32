//! Documents (issue 8): "Stampa SAP", "Esporta SAP XML" and "CV in PDF" on the
//! candidate's sheet, "SAP per tutti i risultati" on the search, and the receipts.
//!
//! Every file is written by a `sportello_app::documents` use case, which records it in
//! the audit log before it appears. The last file written is the only one the webview
//! may ask to open or show in its folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Local};
use serde::Deserialize;
use sportello_app::documents::{
    self, BatchReport, CvForm, DocumentReport, ReceiptDto, SapBatchForm, SapBatchProgress,
};
use sportello_app::search::Store;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::last_file::{Document, LastFile};
use crate::error::{CommandResult, internal};
use crate::state::AppState;

/// The receipts the screen lists, newest first.
const RECEIPTS_SHOWN: usize = 1_000;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct DocumentArgs {
    pub codice_fiscale: String,
    /// The file the operator chose (save dialog or typed).
    pub path: String,
    /// The operator confirmed replacing an existing file.
    pub overwrite: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ReceiptPrintArgs {
    /// The receipt number (`R-…`).
    pub number: String,
    pub path: String,
    pub overwrite: bool,
}

/// The cancel flag of the SAP batch running now, if any.
#[derive(Debug, Default)]
pub struct RunningBatch(Mutex<Option<Arc<AtomicBool>>>);

impl RunningBatch {
    /// A new batch: its cancel flag, which [`cancel_sap_batch`] sets.
    fn start(&self) -> CommandResult<Arc<AtomicBool>> {
        let cancel = Arc::new(AtomicBool::new(false));
        *self.0.lock().map_err(internal)? = Some(cancel.clone());
        Ok(cancel)
    }

    fn stop(&self) -> CommandResult<()> {
        *self.0.lock().map_err(internal)? = None;
        Ok(())
    }
}

/// A use case that writes one candidate's document.
type WriteDocument = fn(
    &mut Store,
    &str,
    &str,
    &Path,
    bool,
    DateTime<Local>,
) -> sportello_app::Result<DocumentReport>;

fn write_document(
    state: &AppState,
    last: &LastFile<Document>,
    args: &DocumentArgs,
    write: WriteDocument,
) -> CommandResult<DocumentReport> {
    last.write(state, |store, operator| {
        write(
            store,
            operator,
            &args.codice_fiscale,
            Path::new(&args.path),
            args.overwrite,
            Local::now(),
        )
    })
}

/// "Stampa SAP": the candidate's Scheda Anagrafica Professionale as PDF.
#[tauri::command(async)]
pub fn print_sap(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: DocumentArgs,
) -> CommandResult<DocumentReport> {
    write_document(&state, &last, &args, documents::sap_pdf)
}

/// "Libretto formativo": what the citizen learnt, as the SAP records it, as PDF.
#[tauri::command(async)]
pub fn print_libretto(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: DocumentArgs,
) -> CommandResult<DocumentReport> {
    write_document(&state, &last, &args, documents::libretto_pdf)
}

/// "Esporta SAP XML": the same record with the ministerial element names.
#[tauri::command(async)]
pub fn export_sap_xml(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: DocumentArgs,
) -> CommandResult<DocumentReport> {
    write_document(&state, &last, &args, documents::sap_xml)
}

/// "CV in PDF", with the personal data the operator chose (or anonymous).
#[tauri::command(async)]
pub fn print_cv(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: CvForm,
) -> CommandResult<DocumentReport> {
    last.write(&state, |store, operator| {
        documents::cv_pdf_form(store, operator, &args, Local::now())
    })
}

/// "SAP per tutti i risultati": the SAP of every match of the search, within the
/// session's scope, on a worker thread with its own connection (searches go on
/// meanwhile); progress through the channel, stopped by [`cancel_sap_batch`].
#[tauri::command]
pub async fn sap_batch(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    running: State<'_, RunningBatch>,
    args: SapBatchForm,
    on_progress: Channel<SapBatchProgress>,
) -> CommandResult<BatchReport> {
    let own = state.own_connection()?;
    let request = args.request(&own.scope)?;
    let cancel = running.start()?;
    let progress = move |p| drop(on_progress.send(p));
    let outcome = own
        .run(move |store, user| {
            documents::sap_batch_reporting(store, user, &request, Local::now(), progress, &cancel)
        })
        .await;
    running.stop()?;
    let report = outcome?;
    last.remember_some(report.shown())?;
    Ok(report)
}

/// "Annulla": stops the running batch, which then leaves nothing behind.
#[tauri::command(async)]
pub fn cancel_sap_batch(running: State<'_, RunningBatch>) -> CommandResult<()> {
    if let Some(cancel) = running.0.lock().map_err(internal)?.as_ref() {
        cancel.store(true, Ordering::Relaxed);
    }
    Ok(())
}

/// The "Ricevute" screen: kept receipts, newest first.
#[tauri::command(async)]
pub fn receipts(state: State<'_, AppState>) -> CommandResult<Vec<ReceiptDto>> {
    state.with_store(|store, _| Ok(documents::receipts(store, RECEIPTS_SHOWN)?))
}

/// "Ristampa": a kept receipt printed (again) to a PDF file.
#[tauri::command(async)]
pub fn print_receipt(
    state: State<'_, AppState>,
    last: State<'_, LastFile<Document>>,
    args: ReceiptPrintArgs,
) -> CommandResult<DocumentReport> {
    last.write(&state, |store, operator| {
        documents::receipt_pdf(
            store,
            operator,
            &args.number,
            &PathBuf::from(&args.path),
            args.overwrite,
            Local::now(),
        )
    })
}

/// Opens the last document with the system's viewer (a folder with the file manager).
#[tauri::command(async)]
pub fn open_document(app: AppHandle, last: State<'_, LastFile<Document>>) -> CommandResult<()> {
    last.open(&app)
}

/// Shows the last document in its folder.
#[tauri::command(async)]
pub fn reveal_document(app: AppHandle, last: State<'_, LastFile<Document>>) -> CommandResult<()> {
    last.reveal(&app)
}
