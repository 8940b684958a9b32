//! Fasce deboli, the half that talks to the server: request the participants file,
//! follow it and download it into the store; upload a checked file (queued when
//! offline, sent with its idempotency key so a retry never creates two), issue its
//! receipt, follow the processing and keep the outcome; the campaign's deadline.
//!
//! [`follow`] does all the following in one go; the sync cycle and every command
//! here call it, so the state moves on whenever the operator is online.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sportello_protocol::fasce_deboli::{
    Caricamento, NewRichiesta, Richiesta, StatoCaricamento, StatoRichiesta,
};
use sportello_sheets::fasce_deboli as sheets;
use sportello_store::{
    AuditAction, AuditEvent, FdCampaign, FdCategory, FdOutcomeRow, FdRequest, FdRequestState,
    FdTipologia, FdUpload, FdUploadState, Store,
};
use uuid::Uuid;

use super::{
    categories, check_bytes, file_label, invalid, known_participants, years_by_participant,
};
use crate::documents::{self, CountTableDto, ReceiptDto, ReceiptFileDto, ReceiptRequest};
use crate::error::{AppError, Result};
use crate::outgoing::{Export, Outgoing};
use crate::sync::client_of;

/// The last days before a deadline in which the operator is warned.
pub const DEADLINE_WARNING_DAYS: i64 = 7;

// --- DTOs ------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestDto {
    pub id: String,
    pub server_id: Option<String>,
    pub anno: i32,
    pub tipologie: Vec<String>,
    pub email: Option<String>,
    /// `da_inviare`, `in_coda`, `in_lavorazione`, `pronto`, `errore`.
    pub stato: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub requested_at: DateTime<Utc>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub completed_at: Option<DateTime<Utc>>,
    pub righe: Option<u32>,
    pub errore: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub downloaded_at: Option<DateTime<Utc>>,
}

impl From<FdRequest> for RequestDto {
    fn from(r: FdRequest) -> Self {
        Self {
            id: r.id,
            server_id: r.server_id,
            anno: r.anno,
            tipologie: r.tipologie,
            email: r.email,
            stato: r.stato.as_str().into(),
            requested_at: r.requested_at,
            completed_at: r.completed_at,
            righe: r.righe,
            errore: r.errore,
            downloaded_at: r.downloaded_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RejectedRow {
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub motivo: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UploadDto {
    pub id: String,
    pub server_id: Option<String>,
    pub anno: i32,
    pub file_name: String,
    pub sha256: String,
    /// `da_inviare`, `in_coda`, `in_lavorazione`, `elaborato`, `errore`.
    pub stato: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub submitted_at: DateTime<Utc>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub processed_at: Option<DateTime<Utc>>,
    pub righe: Option<u32>,
    pub acquisite: Option<u32>,
    pub scartate: Option<u32>,
    pub errore: Option<String>,
    /// The rejected rows with the reason, once processed.
    pub rejected: Vec<RejectedRow>,
}

impl From<FdUpload> for UploadDto {
    fn from(u: FdUpload) -> Self {
        let (righe, acquisite, scartate) = match u.conteggi {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        };
        Self {
            rejected: u
                .outcome
                .unwrap_or_default()
                .into_iter()
                .filter(|r| !r.acquisito)
                .map(|r| RejectedRow {
                    codice_fiscale: r.codice_fiscale,
                    codice_progetto: r.codice_progetto,
                    motivo: r.motivo,
                })
                .collect(),
            id: u.id,
            server_id: u.server_id,
            anno: u.anno,
            file_name: u.file_name,
            sha256: u.sha256,
            stato: u.stato.as_str().into(),
            submitted_at: u.submitted_at,
            processed_at: u.processed_at,
            righe,
            acquisite,
            scartate,
            errore: u.errore,
        }
    }
}

/// What [`follow`] moved on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FollowReport {
    pub requests_sent: usize,
    /// Requests whose file was downloaded into the store now.
    pub files_downloaded: Vec<String>,
    pub uploads_sent: usize,
    /// Uploads whose outcome arrived now.
    pub outcomes: Vec<String>,
    /// Receipts issued for uploads sent now.
    pub receipts: Vec<String>,
}

// --- following -------------------------------------------------------------------

fn token(store: &Store) -> Result<String> {
    Ok(store.session()?.ok_or(AppError::NotLoggedIn)?.token)
}

fn request_state(s: StatoRichiesta) -> FdRequestState {
    match s {
        StatoRichiesta::InCoda => FdRequestState::InCoda,
        StatoRichiesta::InLavorazione => FdRequestState::InLavorazione,
        StatoRichiesta::Pronto => FdRequestState::Pronto,
        StatoRichiesta::Errore => FdRequestState::Errore,
    }
}

fn upload_state(s: StatoCaricamento) -> FdUploadState {
    match s {
        StatoCaricamento::InCoda => FdUploadState::InCoda,
        StatoCaricamento::InLavorazione => FdUploadState::InLavorazione,
        StatoCaricamento::Elaborato => FdUploadState::Elaborato,
        StatoCaricamento::Errore => FdUploadState::Errore,
    }
}

fn apply_richiesta(local: &mut FdRequest, r: &Richiesta) {
    local.server_id = Some(r.id.to_string());
    local.stato = request_state(r.stato);
    local.completed_at = r.completata_il;
    local.righe = r.righe;
    local.errore = r.errore.clone();
}

fn apply_caricamento(local: &mut FdUpload, c: &Caricamento) {
    local.server_id = Some(c.id.to_string());
    local.stato = upload_state(c.stato);
    local.processed_at = c.elaborato_il;
    local.conteggi = c.conteggi.map(|k| (k.righe, k.acquisite, k.scartate));
    local.errore = c.errore.clone();
}

fn server_uuid(id: &Option<String>) -> Option<Uuid> {
    id.as_deref().and_then(|s| Uuid::parse_str(s).ok())
}

/// Refreshes the server's lists (categories, tipologie, campaigns).
pub async fn refresh_lists(store: &mut Store) -> Result<()> {
    let client = client_of(store)?;
    let token = token(store)?;
    let categorie = client.fd_categorie(&token).await?;
    let tipologie = client.fd_tipologie(&token).await?;
    let campagne = client.fd_campagne(&token).await?;
    store.fd_replace_lists(
        &categorie
            .categorie
            .into_iter()
            .map(|c| FdCategory {
                code: c.code,
                label: c.label,
                source: c.source,
            })
            .collect::<Vec<_>>(),
        &tipologie
            .tipologie
            .into_iter()
            .map(|t| FdTipologia {
                code: t.code,
                label: t.label,
            })
            .collect::<Vec<_>>(),
        &campagne
            .campagne
            .into_iter()
            .map(|c| FdCampaign {
                anno: c.anno,
                scadenza: c.scadenza,
                aperta: c.aperta,
            })
            .collect::<Vec<_>>(),
    )?;
    Ok(())
}

/// Moves everything on: lists, queued requests, ready files, queued uploads (with
/// their receipt), outcomes. Stops at the first failure the retries could not
/// overcome; what was done before it stays done.
pub async fn follow(store: &mut Store, operator: &str) -> Result<FollowReport> {
    let client = client_of(store)?;
    let token = token(store)?;
    let mut report = FollowReport::default();
    refresh_lists(store).await?;
    for mut request in store.fd_richieste()? {
        if request.stato == FdRequestState::DaInviare {
            let sent = client
                .fd_richiedi(&token, &request.id, &new_richiesta(&request))
                .await?;
            apply_richiesta(&mut request, &sent);
            store.fd_save_request(&request)?;
            report.requests_sent += 1;
        } else if matches!(
            request.stato,
            FdRequestState::InCoda | FdRequestState::InLavorazione
        ) && let Some(id) = server_uuid(&request.server_id)
        {
            let now = client.fd_richiesta(&token, id).await?;
            apply_richiesta(&mut request, &now);
            store.fd_save_request(&request)?;
        }
        if request.stato == FdRequestState::Pronto
            && request.downloaded_at.is_none()
            && let Some(id) = server_uuid(&request.server_id)
        {
            let bytes = client.fd_richiesta_file(&token, id).await?;
            let rows = super::parse_download(&bytes, &categories(store)?)?;
            store.fd_store_download(&request.id, &rows, Utc::now())?;
            report.files_downloaded.push(request.id.clone());
        }
    }
    for mut upload in store.fd_caricamenti()? {
        if upload.stato == FdUploadState::DaInviare {
            let file = store.fd_upload_file(&upload.id)?.ok_or_else(|| {
                AppError::Internal(format!("caricamento {} senza file", upload.id))
            })?;
            let sent = client
                .fd_carica(&token, &upload.id, upload.anno, &upload.file_name, &file)
                .await;
            match sent {
                Ok(c) => {
                    apply_caricamento(&mut upload, &c);
                    store.fd_update_upload(&upload)?;
                    report.uploads_sent += 1;
                    let receipt = upload_receipt(store, operator, &upload, &file)?;
                    report.receipts.push(receipt.number);
                }
                // Refused for good (campaign closed, file not valid): say so, keep it.
                Err(sportello_sync::Error::Refused(problem)) => {
                    upload.stato = FdUploadState::Errore;
                    upload.errore = Some(problem.detail.clone());
                    store.fd_update_upload(&upload)?;
                }
                Err(e) => return Err(e.into()),
            }
        } else if matches!(
            upload.stato,
            FdUploadState::InCoda | FdUploadState::InLavorazione
        ) && let Some(id) = server_uuid(&upload.server_id)
        {
            let now = client.fd_caricamento(&token, id).await?;
            apply_caricamento(&mut upload, &now);
            store.fd_update_upload(&upload)?;
        }
        if upload.stato == FdUploadState::Elaborato
            && upload.outcome.is_none()
            && let Some(id) = server_uuid(&upload.server_id)
        {
            let bytes = client.fd_esito(&token, id).await?;
            let rows = sheets::read_outcome(&bytes).map_err(|r| {
                AppError::Internal(format!("file di esito non leggibile: {}", r.message))
            })?;
            upload.outcome = Some(
                rows.into_iter()
                    .map(|o| FdOutcomeRow {
                        codice_fiscale: o.codice_fiscale,
                        codice_progetto: o.codice_progetto,
                        acquisito: o.acquisito,
                        motivo: o.motivo,
                    })
                    .collect(),
            );
            store.fd_update_upload(&upload)?;
            report.outcomes.push(upload.id.clone());
        }
    }
    Ok(report)
}

fn new_richiesta(r: &FdRequest) -> NewRichiesta {
    NewRichiesta {
        tipologie: r.tipologie.clone(),
        anno: r.anno,
        email_aggiuntiva: r.email.clone(),
    }
}

/// Whether a request or an upload still waits on the server (sent, queued, a file or
/// an outcome not yet fetched): what a sync follows along with the candidates.
pub fn awaiting_server(store: &Store) -> Result<bool> {
    let request = store.fd_richieste()?.into_iter().any(|r| match r.stato {
        FdRequestState::DaInviare | FdRequestState::InCoda | FdRequestState::InLavorazione => true,
        FdRequestState::Pronto => r.downloaded_at.is_none(),
        _ => false,
    });
    let upload = || -> Result<bool> {
        Ok(store.fd_caricamenti()?.into_iter().any(|u| match u.stato {
            FdUploadState::DaInviare | FdUploadState::InCoda | FdUploadState::InLavorazione => true,
            FdUploadState::Elaborato => u.outcome.is_none(),
            _ => false,
        }))
    };
    Ok(request || upload()?)
}

/// Follows when the server is there; offline, the local state is all there is.
async fn follow_if_online(store: &mut Store, operator: &str) -> Result<()> {
    match follow(store, operator).await {
        Ok(_) | Err(AppError::Unavailable(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

// --- the operator's steps ----------------------------------------------------------

/// "Richiedi il file": queued in the store first, then sent (kept queued offline).
pub async fn request_file(
    store: &mut Store,
    operator: &str,
    tipologie: &[String],
    anno: i32,
    email: Option<String>,
) -> Result<RequestDto> {
    let mut tipologie: Vec<String> = tipologie
        .iter()
        .map(|t| t.trim().to_uppercase())
        .filter(|t| !t.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if tipologie.is_empty() {
        return Err(invalid("indica almeno una tipologia formativa"));
    }
    let known = store.fd_tipologie()?;
    if !known.is_empty()
        && let Some(t) = tipologie
            .iter()
            .find(|t| !known.iter().any(|k| &k.code == *t))
    {
        return Err(invalid(format!("tipologia formativa «{t}» sconosciuta")));
    }
    let campaigns = store.fd_campagne()?;
    if !campaigns.is_empty() && !campaigns.iter().any(|c| c.anno == anno) {
        return Err(invalid(format!("nessuna campagna per l'anno {anno}")));
    }
    tipologie.sort();
    let request = FdRequest {
        id: Uuid::new_v4().to_string(),
        server_id: None,
        anno,
        tipologie,
        email: email
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty()),
        stato: FdRequestState::DaInviare,
        requested_at: Utc::now(),
        completed_at: None,
        righe: None,
        errore: None,
        downloaded_at: None,
    };
    store.fd_save_request(&request)?;
    follow_if_online(store, operator).await?;
    let request = store
        .fd_request(&request.id)?
        .ok_or_else(|| AppError::Internal("richiesta scomparsa".into()))?;
    Ok(request.into())
}

/// The requests, newest first, after following them when online.
pub async fn requests(store: &mut Store, operator: &str) -> Result<Vec<RequestDto>> {
    follow_if_online(store, operator).await?;
    Ok(store.fd_richieste()?.into_iter().map(Into::into).collect())
}

/// "Scarica": the participants file of a ready request, as the server sends it, to
/// `out` (the participants are in the store already). Recorded in the audit log.
pub async fn download_file(
    store: &mut Store,
    operator: &str,
    id: &str,
    out: &Path,
    overwrite: bool,
) -> Result<String> {
    follow(store, operator).await?;
    let request = store
        .fd_request(id)?
        .ok_or_else(|| invalid(format!("nessuna richiesta «{id}»")))?;
    let server_id = match (request.stato, server_uuid(&request.server_id)) {
        (FdRequestState::Pronto, Some(sid)) => sid,
        (FdRequestState::Errore, _) => {
            return Err(invalid(format!(
                "la richiesta è in errore: {}",
                request.errore.unwrap_or_default()
            )));
        }
        _ => return Err(invalid("il file non è ancora pronto: riprova più tardi")),
    };
    let client = client_of(store)?;
    let bytes = client.fd_richiesta_file(&token(store)?, server_id).await?;
    let details = serde_json::json!({"kind": "fasce_deboli_partecipanti", "richiesta": request.id});
    save(store, operator, out, overwrite, &bytes, details)
}

/// What "Carica" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadReport {
    pub upload: UploadDto,
    /// Sent now; otherwise queued until the server can be reached.
    pub sent: bool,
    pub receipt: Option<ReceiptDto>,
    /// Where the receipt PDF was written.
    pub receipt_file: Option<String>,
}

/// "Carica": checks the file against the downloaded participants (nothing with
/// errors leaves), refuses a closed campaign, keeps the upload with its audit entry,
/// sends it (queued if offline) and issues the receipt, written as PDF to
/// `receipt_out` when given.
pub async fn upload_file(
    store: &mut Store,
    operator: &str,
    path: &Path,
    receipt_out: Option<&Path>,
    now: DateTime<Local>,
) -> Result<UploadReport> {
    let bytes = std::fs::read(path).map_err(AppError::disk("leggere", path))?;
    submit(store, operator, &file_label(path), bytes, receipt_out, now).await
}

/// Where an upload's receipt goes when the operator names no file, in the CLI as in
/// the desktop: the operator's `ricevute` folder beside the store, as
/// `ricevuta-<what>-<yyyymmdd-hhmmss>.pdf` (`what` reduced to a safe file name).
pub fn receipt_destination(
    profile: &crate::Profile,
    what: &str,
    now: DateTime<Local>,
) -> Result<std::path::PathBuf> {
    let dir = profile.store_dir().join("ricevute");
    std::fs::create_dir_all(&dir).map_err(AppError::disk("creare la cartella", &dir))?;
    let what = crate::outgoing::safe_file_stem(what, "caricamento");
    Ok(dir.join(format!(
        "ricevuta-{what}-{}.pdf",
        now.format("%Y%m%d-%H%M%S")
    )))
}

/// What "Carica" in the desktop did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "FdUploadDone"))]
pub struct UploadDone {
    pub upload: UploadDto,
    /// Sent now; otherwise queued until the server can be reached.
    pub sent: bool,
    pub receipt_number: Option<String>,
    /// The receipt PDF's name only: it is in the operator's folder, whose path stays
    /// on the Rust side ("Apri ricevuta" opens it).
    pub receipt_file: Option<String>,
}

impl From<&UploadReport> for UploadDone {
    fn from(r: &UploadReport) -> Self {
        UploadDone {
            upload: r.upload.clone(),
            sent: r.sent,
            receipt_number: r.receipt.as_ref().map(|r| r.number.clone()),
            receipt_file: r.receipt_file.as_deref().and_then(|f| {
                Path::new(f)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            }),
        }
    }
}

/// "Carica" in the desktop: the working copy of `anno`, its receipt written in the
/// operator's folder ([`receipt_destination`]).
pub async fn upload_to_receipts_folder(
    store: &mut Store,
    operator: &str,
    profile: &crate::Profile,
    anno: i32,
    now: DateTime<Local>,
) -> Result<UploadReport> {
    let out = receipt_destination(profile, &format!("fasce-deboli-{anno}"), now)?;
    upload_working_copy(store, operator, anno, Some(&out), now).await
}

/// "Carica" of the working copy of `anno`, as built in the app.
pub async fn upload_working_copy(
    store: &mut Store,
    operator: &str,
    anno: i32,
    receipt_out: Option<&Path>,
    now: DateTime<Local>,
) -> Result<UploadReport> {
    let (bytes, _) = super::working_file(store, anno, now.date_naive())?;
    let name = format!("fasce-deboli-{anno}-{}.xlsx", now.format("%Y%m%d-%H%M"));
    submit(store, operator, &name, bytes, receipt_out, now).await
}

async fn submit(
    store: &mut Store,
    operator: &str,
    file_name: &str,
    bytes: Vec<u8>,
    receipt_out: Option<&Path>,
    now: DateTime<Local>,
) -> Result<UploadReport> {
    let today = now.date_naive();
    let categories = categories(store)?;
    let known = known_participants(store)?;
    let checked = check_bytes(file_name.into(), &bytes, &categories, known.as_ref(), today);
    if let Some(refused) = &checked.report.refused {
        return Err(invalid(format!("file non caricabile: {}", refused.message)));
    }
    let Some(rules) = &checked.rules else {
        return Err(AppError::Internal("controllo senza esito".into()));
    };
    if rules.has_errors() {
        let first = &rules
            .issues
            .iter()
            .find(|i| i.severity().as_str() == "error");
        return Err(invalid(format!(
            "il file ha {} righe con errori e non può essere caricato{}",
            rules.rows_with_errors,
            first
                .map(|i| format!(" (riga {}: {})", i.row, i.message))
                .unwrap_or_default()
        )));
    }
    let years = years_by_participant(store)?;
    let anno = rules
        .rows
        .iter()
        .find_map(|d| years.get(&(d.codice_fiscale.clone(), d.codice_progetto.clone())))
        .copied()
        .ok_or_else(|| invalid("il file non contiene partecipanti dei file scaricati"))?;
    // The server judges an upload against the participants of its year only: so does
    // this check, or a row of another year would pass here and be rejected there.
    let of_year: std::collections::HashSet<(String, String)> = store
        .fd_partecipanti(anno)?
        .into_iter()
        .map(|p| (p.codice_fiscale, p.codice_progetto))
        .collect();
    let by_year = check_bytes(file_name.into(), &bytes, &categories, Some(&of_year), today);
    if by_year.report.has_errors() {
        let first = by_year.report.issues.iter().find(|i| i.severity == "error");
        return Err(invalid(format!(
            "il file ha {} righe con errori per la campagna {anno} e non può essere caricato{}",
            by_year.report.rows_with_errors,
            first
                .map(|i| format!(" (riga {}: {})", i.row, i.message))
                .unwrap_or_default()
        )));
    }
    if let Some(c) = store.fd_campagne()?.into_iter().find(|c| c.anno == anno)
        && (!c.aperta || today > c.scadenza)
    {
        return Err(invalid(format!(
            "la campagna {anno} è chiusa: il termine per i caricamenti era il {}",
            c.scadenza.format("%d/%m/%Y")
        )));
    }
    let upload = FdUpload {
        id: Uuid::new_v4().to_string(),
        server_id: None,
        anno,
        file_name: file_name.into(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        stato: FdUploadState::DaInviare,
        submitted_at: now.with_timezone(&Utc),
        processed_at: None,
        conteggi: None,
        errore: None,
        outcome: None,
    };
    let audit = AuditEvent {
        at: now.with_timezone(&Utc),
        operator: operator.into(),
        action: AuditAction::Export,
        subject: file_name.into(),
        details: serde_json::json!({
            "kind": "fasce_deboli_caricamento",
            "anno": anno,
            "rows": rules.rows_total,
            "sha256": upload.sha256,
        }),
    };
    store.write(|tx| {
        tx.fd_add_upload(&upload, &bytes)?;
        tx.record_audit(&audit)
    })?;
    follow_if_online(store, operator).await?;
    let upload = store
        .fd_upload(&upload.id)?
        .ok_or_else(|| AppError::Internal("caricamento scomparso".into()))?;
    let sent = upload.stato != FdUploadState::DaInviare;
    if upload.stato == FdUploadState::Errore {
        return Err(invalid(format!(
            "caricamento rifiutato dal server: {}",
            upload.errore.unwrap_or_default()
        )));
    }
    let receipt = documents::receipts(store, 1000)?.into_iter().find(|r| {
        r.file.as_ref().is_some_and(|f| f.sha256 == upload.sha256)
            && r.acknowledgement == upload.server_id
    });
    let receipt_file = match (&receipt, receipt_out) {
        (Some(r), Some(out)) => {
            Some(documents::receipt_pdf(store, operator, &r.number, out, true, now)?.file)
        }
        _ => None,
    };
    Ok(UploadReport {
        upload: upload.into(),
        sent,
        receipt,
        receipt_file,
    })
}

/// The receipt of a sent upload: what the operator needs to prove what was sent.
fn upload_receipt(
    store: &mut Store,
    operator: &str,
    upload: &FdUpload,
    file: &[u8],
) -> Result<ReceiptDto> {
    let categories = categories(store)?;
    let known = known_participants(store)?;
    let today = Local::now().date_naive();
    let report = check_bytes(
        upload.file_name.clone(),
        file,
        &categories,
        known.as_ref(),
        today,
    )
    .report;
    let tipologie: BTreeSet<String> = store
        .fd_richieste()?
        .into_iter()
        .filter(|r| r.anno == upload.anno)
        .flat_map(|r| r.tipologie)
        .collect();
    let session = store.session()?;
    let branch = session
        .as_ref()
        .map(|s| s.scope_branches.join(", "))
        .unwrap_or_default();
    let mut by_category: Vec<Vec<String>> = report
        .by_category
        .iter()
        .map(|(code, n)| {
            let label = categories
                .iter()
                .find(|c| &c.code == code)
                .map(|c| c.label.clone())
                .unwrap_or_default();
            vec![code.clone(), label, n.to_string()]
        })
        .collect();
    if by_category.is_empty() {
        by_category.push(vec![
            "—".into(),
            "nessuna categoria dichiarata".into(),
            "0".into(),
        ]);
    }
    let request = ReceiptRequest {
        kind: "fasce_deboli_upload".into(),
        title: "Caricamento file fasce deboli (Forma.Temp)".into(),
        branch,
        fields: vec![
            ("Anno di riferimento".into(), upload.anno.to_string()),
            (
                "Tipologie formative".into(),
                tipologie.into_iter().collect::<Vec<_>>().join(", "),
            ),
            ("File".into(), upload.file_name.clone()),
            ("Righe".into(), report.rows_total.to_string()),
            (
                "Identificativo del caricamento".into(),
                upload.server_id.clone().unwrap_or_default(),
            ),
        ],
        tables: vec![
            CountTableDto {
                title: "Righe per fascia debole".into(),
                headers: vec!["Fascia debole".into(), "Righe".into()],
                rows: vec![
                    vec!["SI".into(), report.declared.si.to_string()],
                    vec!["NO".into(), report.declared.no.to_string()],
                    vec![
                        "Non indicato".into(),
                        report.declared.non_indicato.to_string(),
                    ],
                ],
            },
            CountTableDto {
                title: "Righe per categoria".into(),
                headers: vec!["Codice".into(), "Categoria".into(), "Righe".into()],
                rows: by_category,
            },
        ],
        file: None,
        file_hashed: Some(ReceiptFileDto {
            name: upload.file_name.clone(),
            bytes: file.len() as u64,
            sha256: upload.sha256.clone(),
        }),
        acknowledgement: upload.server_id.clone(),
    };
    documents::issue_receipt(store, operator, &request, Utc::now())
}

/// An upload and its outcome, after following it when online.
pub async fn outcome(store: &mut Store, operator: &str, id: &str) -> Result<UploadDto> {
    follow_if_online(store, operator).await?;
    store
        .fd_upload(id)?
        .map(Into::into)
        .ok_or_else(|| invalid(format!("nessun caricamento «{id}»")))
}

/// Writes an upload's outcome as a workbook (one row per participant, acquired or
/// rejected with the reason). Recorded in the audit log.
pub fn write_outcome(
    store: &mut Store,
    operator: &str,
    id: &str,
    out: &Path,
    overwrite: bool,
) -> Result<String> {
    let upload = store
        .fd_upload(id)?
        .ok_or_else(|| invalid(format!("nessun caricamento «{id}»")))?;
    let rows = upload
        .outcome
        .ok_or_else(|| invalid("l'esito di questo caricamento non è ancora arrivato"))?;
    let bytes = sheets::write_outcome(
        &rows
            .into_iter()
            .map(|r| sheets::Outcome {
                codice_fiscale: r.codice_fiscale,
                codice_progetto: r.codice_progetto,
                acquisito: r.acquisito,
                motivo: r.motivo,
            })
            .collect::<Vec<_>>(),
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let details = serde_json::json!({"kind": "fasce_deboli_esito", "caricamento": upload.id});
    save(store, operator, out, overwrite, &bytes, details)
}

/// A campaign with its deadline as the operator needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CampaignDto {
    pub anno: i32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub scadenza: NaiveDate,
    pub aperta: bool,
    /// Days from today to the deadline (0: today is the last day; negative: past).
    pub giorni_rimasti: i64,
    /// Italian, in the last [`DEADLINE_WARNING_DAYS`] days and after the deadline.
    pub avviso: Option<String>,
}

/// "Storico": campaigns with their deadline and every upload, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct History {
    pub campagne: Vec<CampaignDto>,
    pub caricamenti: Vec<UploadDto>,
    /// Per year.
    pub riepilogo: BTreeMap<i32, YearSummary>,
}

/// A campaign year's uploads at a glance (the "dashboard").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct YearSummary {
    pub caricamenti: usize,
    /// The last processed upload's (righe, acquisite, scartate).
    pub ultimo_esito: Option<(u32, u32, u32)>,
}

pub fn campaign_dto(c: &FdCampaign, today: NaiveDate) -> CampaignDto {
    let days = (c.scadenza - today).num_days();
    let avviso = if !c.aperta || days < 0 {
        Some(format!(
            "Campagna {} chiusa: il termine era il {}.",
            c.anno,
            c.scadenza.format("%d/%m/%Y")
        ))
    } else if days < DEADLINE_WARNING_DAYS {
        Some(match days {
            0 => format!(
                "Oggi è l'ultimo giorno per i caricamenti della campagna {}.",
                c.anno
            ),
            1 => format!("Manca 1 giorno alla scadenza della campagna {}.", c.anno),
            d => format!(
                "Mancano {d} giorni alla scadenza della campagna {}.",
                c.anno
            ),
        })
    } else {
        None
    };
    CampaignDto {
        anno: c.anno,
        scadenza: c.scadenza,
        aperta: c.aperta,
        giorni_rimasti: days,
        avviso,
    }
}

pub async fn history(store: &mut Store, operator: &str, today: NaiveDate) -> Result<History> {
    follow_if_online(store, operator).await?;
    local_history(store, today)
}

/// The history as the store has it, without asking the server.
pub fn local_history(store: &Store, today: NaiveDate) -> Result<History> {
    let uploads = store.fd_caricamenti()?;
    let mut riepilogo: BTreeMap<i32, YearSummary> = BTreeMap::new();
    for u in &uploads {
        let entry = riepilogo.entry(u.anno).or_default();
        entry.caricamenti += 1;
        if entry.ultimo_esito.is_none() {
            entry.ultimo_esito = u.conteggi; // newest first: the first with counts is the last
        }
    }
    Ok(History {
        campagne: store
            .fd_campagne()?
            .iter()
            .map(|c| campaign_dto(c, today))
            .collect(),
        caricamenti: uploads.into_iter().map(Into::into).collect(),
        riepilogo,
    })
}

/// A file from the server saved where the operator chose, with its audit entry.
fn save(
    store: &mut Store,
    operator: &str,
    out: &Path,
    overwrite: bool,
    bytes: &[u8],
    details: serde_json::Value,
) -> Result<String> {
    let export = Export {
        operator,
        at: Utc::now(),
        details,
    };
    Ok(Outgoing::with_bytes(out, overwrite, bytes)?
        .publish(store, export)?
        .file)
}

#[cfg(test)]
mod receipt_tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn receipts_without_a_name_go_to_the_operators_folder() {
        let dir = tempfile::tempdir().unwrap();
        let profile = crate::Profile::new(Some(dir.path().into()), "mario.rossi").unwrap();
        let now = Local.with_ymd_and_hms(2026, 12, 5, 9, 7, 3).unwrap();
        let path = receipt_destination(&profile, "fasce-deboli-2026", now).unwrap();
        assert_eq!(
            path,
            profile
                .store_dir()
                .join("ricevute/ricevuta-fasce-deboli-2026-20261205-090703.pdf")
        );
        assert!(path.parent().unwrap().is_dir());
        let odd = receipt_destination(&profile, "../../fuori file", now).unwrap();
        assert_eq!(odd.parent(), path.parent(), "{odd:?}");
    }
}
