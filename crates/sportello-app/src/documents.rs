//! Documents (issue 8): the SAP as PDF and XML, SAPs for a whole search result, the CV,
//! and receipts (issued, listed, reprinted).
//!
//! Every file leaves the store the way the candidate export does (see
//! [`crate::search::export`]): made in a temporary file beside the target, recorded in
//! the audit log, and only then renamed into place, so a file never exists without its
//! audit entry and a failure leaves no file.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, FixedOffset, Local, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sportello_core::Candidate;
use sportello_docs::batch::{Control, Progress};
use sportello_docs::{CountTable, CvOptions, Issuer, Receipt, ReceiptFile};
use sportello_store::{AuditAction, AuditEvent, Matches, NewReceipt, StoredReceipt};

use crate::outgoing::{Export, Outgoing, Published, publish_all, safe_file_stem};

use crate::search::{Query, Store, absolute, agency_name, invalid};
use crate::{AppError, Result};

pub use sportello_docs::batch::Progress as BatchProgress;

/// How far a SAP batch is, for a progress bar: documents made out of the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SapBatchProgress {
    pub done: u64,
    pub total: u64,
}

/// "Genera le SAP" as the desktop sends it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SapBatchArgs"))]
pub struct SapBatchForm {
    pub filter: crate::search::FilterInput,
    pub sort: String,
    /// A folder for one PDF per candidate (`<codice fiscale>.pdf`)…
    pub out_dir: Option<String>,
    /// …or one PDF with every SAP.
    pub merged: Option<String>,
    pub overwrite: bool,
}

impl SapBatchForm {
    /// The batch the form asks for, within the session's `branches`: blank folder or
    /// file names are none.
    pub fn request(&self, branches: &[String]) -> Result<BatchRequest> {
        let path = |p: &Option<String>| {
            p.as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        };
        Ok(BatchRequest {
            query: Query::from_form(&self.filter, &self.sort, branches)?,
            out_dir: path(&self.out_dir),
            merged: path(&self.merged),
            overwrite: self.overwrite,
        })
    }
}

impl BatchReport {
    /// What "Apri" shows afterwards: the folder of the files, or the merged file.
    pub fn shown(&self) -> Option<&str> {
        self.out_dir
            .as_deref()
            .or(self.merged.as_ref().map(|m| m.file.as_str()))
    }
}

impl SapBatchProgress {
    /// Whether a front end should be told about `p`: about every half per cent and at
    /// the end, so a batch of thousands does not flood the channel with messages.
    pub fn worth_reporting(p: BatchProgress) -> bool {
        let every = (p.total / 200).max(1);
        p.done == p.total || p.done.is_multiple_of(every)
    }
}

impl From<BatchProgress> for SapBatchProgress {
    fn from(p: BatchProgress) -> Self {
        SapBatchProgress {
            done: p.done as u64,
            total: p.total as u64,
        }
    }
}

/// A document written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentReport {
    pub file: String,
    pub bytes: u64,
    pub audit_id: i64,
}

// --- one file ----------------------------------------------------------------------------

/// The format of an exported document (reports, the course catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formato {
    Excel,
    Pdf,
}

impl Formato {
    /// `xlsx` or `pdf`, as the screens name them.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "xlsx" | "excel" => Ok(Self::Excel),
            "pdf" => Ok(Self::Pdf),
            other => Err(AppError::InvalidInput(format!(
                "formato «{other}» non previsto: xlsx o pdf"
            ))),
        }
    }

    /// By the file's extension, as the CLI takes it: `.pdf` a PDF, anything else Excel.
    pub fn of_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("pdf") => Self::Pdf,
            _ => Self::Excel,
        }
    }
}

/// Writes `bytes` to `out` with its audit entry (see [`crate::outgoing`]).
pub(crate) fn save(
    store: &mut Store,
    operator: &str,
    now: DateTime<Local>,
    (out, overwrite): (&Path, bool),
    bytes: &[u8],
    details: serde_json::Value,
) -> Result<DocumentReport> {
    let export = Export {
        operator,
        at: now.with_timezone(&Utc),
        details,
    };
    let published = Outgoing::with_bytes(out, overwrite, bytes)?.publish(store, export)?;
    Ok(report(published))
}

fn report(p: Published) -> DocumentReport {
    DocumentReport {
        file: p.file,
        bytes: p.bytes,
        audit_id: p.audit_id,
    }
}

// --- SAP -----------------------------------------------------------------------------------

fn candidate(store: &Store, codice_fiscale: &str) -> Result<Candidate> {
    let cf = codice_fiscale.trim().to_uppercase();
    store.candidate(&cf)?.map(|r| r.candidate).ok_or_else(|| {
        invalid(format!(
            "nessun candidato con codice fiscale {cf} nell'archivio locale"
        ))
    })
}

/// The header of a candidate's documents: the agency and the branch that follows them.
fn issuer(store: &Store, operator: &str, branch: &str, now: DateTime<Local>) -> Result<Issuer> {
    let agency = agency_name(store)?;
    let branch_name = store
        .branches()?
        .into_iter()
        .find(|b| b.code == branch)
        .map(|b| b.name);
    Ok(Issuer {
        agency: match branch_name {
            Some(name) => format!("{agency} · {name}"),
            None => agency,
        },
        operator: operator.into(),
        at: now.fixed_offset(),
    })
}

/// `sportello sap pdf`: the candidate's SAP as a PDF file.
pub fn sap_pdf(
    store: &mut Store,
    operator: &str,
    codice_fiscale: &str,
    out: &Path,
    overwrite: bool,
    now: DateTime<Local>,
) -> Result<DocumentReport> {
    let c = candidate(store, codice_fiscale)?;
    let bytes = sportello_docs::sap_pdf(&c, &issuer(store, operator, &c.branch, now)?);
    let details = serde_json::json!({"kind": "sap_pdf", "codice_fiscale": c.codice_fiscale});
    save(store, operator, now, (out, overwrite), &bytes, details)
}

/// The citizen's "Libretto formativo" as a PDF (seed 003, "Stampe").
pub fn libretto_pdf(
    store: &mut Store,
    operator: &str,
    codice_fiscale: &str,
    out: &Path,
    overwrite: bool,
    now: DateTime<Local>,
) -> Result<DocumentReport> {
    let c = candidate(store, codice_fiscale)?;
    let bytes = sportello_docs::libretto_pdf(&c, &issuer(store, operator, &c.branch, now)?);
    let details = serde_json::json!({"kind": "libretto_pdf", "codice_fiscale": c.codice_fiscale});
    save(store, operator, now, (out, overwrite), &bytes, details)
}

/// `sportello sap xml`: the candidate's SAP as XML with the ministerial names.
pub fn sap_xml(
    store: &mut Store,
    operator: &str,
    codice_fiscale: &str,
    out: &Path,
    overwrite: bool,
    now: DateTime<Local>,
) -> Result<DocumentReport> {
    let c = candidate(store, codice_fiscale)?;
    let updated = store
        .candidate(&c.codice_fiscale)?
        .map(|r| r.updated_at.with_timezone(&Local).date_naive())
        .unwrap_or(now.date_naive());
    let bytes = sportello_docs::sap_xml(&c, updated);
    let details = serde_json::json!({"kind": "sap_xml", "codice_fiscale": c.codice_fiscale});
    save(store, operator, now, (out, overwrite), &bytes, details)
}

// --- CV ------------------------------------------------------------------------------------

/// "CV in PDF" as the Scheda's form has it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "CvArgs"))]
pub struct CvForm {
    pub codice_fiscale: String,
    pub path: String,
    pub overwrite: bool,
    /// No name, codice fiscale, contacts, address or birth date (age band only).
    pub anonymous: bool,
    pub birth_date: bool,
    pub include_codice_fiscale: bool,
    pub contacts: bool,
    pub address: bool,
}

/// [`cv_pdf`] from the Scheda's form.
pub fn cv_pdf_form(
    store: &mut Store,
    operator: &str,
    form: &CvForm,
    now: DateTime<Local>,
) -> Result<DocumentReport> {
    let choice = CvChoice {
        anonymous: form.anonymous,
        birth_date: form.birth_date,
        codice_fiscale: form.include_codice_fiscale,
        contacts: form.contacts,
        address: form.address,
    };
    let out = PathBuf::from(&form.path);
    cv_pdf(
        store,
        operator,
        &form.codice_fiscale,
        choice,
        &out,
        form.overwrite,
        now,
    )
}

/// Which personal data the operator puts on a CV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CvChoice {
    /// No name, codice fiscale, contacts, address or birth date (age band only).
    pub anonymous: bool,
    pub birth_date: bool,
    pub codice_fiscale: bool,
    pub contacts: bool,
    pub address: bool,
}

impl Default for CvChoice {
    fn default() -> Self {
        CvChoice {
            anonymous: false,
            birth_date: true,
            codice_fiscale: true,
            contacts: true,
            address: true,
        }
    }
}

/// `sportello cv pdf`: the candidate's CV.
pub fn cv_pdf(
    store: &mut Store,
    operator: &str,
    codice_fiscale: &str,
    choice: CvChoice,
    out: &Path,
    overwrite: bool,
    now: DateTime<Local>,
) -> Result<DocumentReport> {
    let c = candidate(store, codice_fiscale)?;
    let options = CvOptions {
        anonymous: choice.anonymous,
        include_birth_date: choice.birth_date,
        include_codice_fiscale: choice.codice_fiscale,
        include_contacts: choice.contacts,
        include_address: choice.address,
        today: now.date_naive(),
    };
    let bytes = sportello_docs::cv_pdf(&c, &issuer(store, operator, &c.branch, now)?, options);
    let details = serde_json::json!({
        "kind": "cv_pdf",
        "codice_fiscale": c.codice_fiscale,
        "anonymous": choice.anonymous,
        "birth_date": choice.birth_date && !choice.anonymous,
        "codice_fiscale_included": choice.codice_fiscale && !choice.anonymous,
        "contacts": choice.contacts && !choice.anonymous,
        "address": choice.address && !choice.anonymous,
    });
    save(store, operator, now, (out, overwrite), &bytes, details)
}

// --- batch ---------------------------------------------------------------------------------

/// SAPs for every candidate matching a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRequest {
    pub query: Query,
    /// One PDF per candidate, named `<codice fiscale>.pdf`.
    pub out_dir: Option<PathBuf>,
    /// One PDF with every SAP.
    pub merged: Option<PathBuf>,
    pub overwrite: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BatchReport {
    pub candidates: usize,
    /// The folder's files, when asked for.
    pub out_dir: Option<String>,
    pub merged: Option<DocumentReport>,
    pub audit_id: i64,
}

/// [`sap_batch`] for a progress bar: `progress` gets only the steps worth drawing
/// ([`SapBatchProgress::worth_reporting`]).
pub fn sap_batch_reporting(
    store: &mut Store,
    operator: &str,
    request: &BatchRequest,
    now: DateTime<Local>,
    progress: impl Fn(SapBatchProgress) + Sync,
    cancel: &AtomicBool,
) -> Result<BatchReport> {
    let filtered = |p: BatchProgress| {
        if SapBatchProgress::worth_reporting(p) {
            progress(p.into());
        }
    };
    sap_batch(store, operator, request, now, &filtered, cancel)
}

/// Writes the SAP of every match: into `out_dir` (all or none: made in a hidden folder
/// inside it, renamed into place after the audit entry) and/or into one merged PDF.
/// `progress` is called after each document (from worker threads); setting `cancel`
/// stops the batch with [`AppError::Cancelled`] and leaves nothing behind.
pub fn sap_batch(
    store: &mut Store,
    operator: &str,
    request: &BatchRequest,
    now: DateTime<Local>,
    progress: &(dyn Fn(Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<BatchReport> {
    if request.out_dir.is_none() && request.merged.is_none() {
        return Err(invalid("indica la cartella delle schede o il file unico"));
    }
    let mut candidates = Vec::new();
    let matches = Matches {
        filter: &request.query.filter,
        scope: &request.query.scope,
        reference: now.date_naive(),
        sort: request.query.sort,
        with_records: true,
    };
    store.for_each_match(&matches, |found| {
        if let Some(record) = found.record {
            candidates.push(*record);
        }
        Ok::<(), AppError>(())
    })?;
    if candidates.is_empty() {
        return Err(invalid(
            "nessun candidato corrisponde ai criteri: nessuna scheda da stampare",
        ));
    }
    let issuer = issuer(store, operator, "", now)?;
    let control = Control { cancel, progress };
    let staged = match &request.out_dir {
        Some(dir) => Some(stage_folder(
            dir,
            request.overwrite,
            &candidates,
            &issuer,
            control,
        )?),
        None => None,
    };
    let mut files = Vec::new();
    if let Some(staged) = &staged {
        files.extend(staged.outgoing());
    }
    if let Some(path) = &request.merged {
        let bytes =
            sportello_docs::batch::sap_merged(&candidates, &issuer, control).map_err(docs_error)?;
        files.push(Outgoing::with_bytes(path, request.overwrite, &bytes)?);
    }
    let codici: Vec<&str> = candidates
        .iter()
        .map(|c| c.codice_fiscale.as_str())
        .collect();
    let subject = [&request.out_dir, &request.merged]
        .into_iter()
        .flatten()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    let export = Export {
        operator,
        at: now.with_timezone(&Utc),
        details: serde_json::json!({
            "kind": "sap_batch",
            "filter": request.query.filter,
            "sort": request.query.sort,
            "candidates": codici,
        }),
    };
    let mut published = publish_all(store, files, subject, export)?;
    let audit_id = published.first().map_or(0, |p| p.audit_id);
    let merged = request
        .merged
        .as_ref()
        .and_then(|_| published.pop())
        .map(report);
    Ok(BatchReport {
        candidates: candidates.len(),
        out_dir: staged.map(|s| s.dir.display().to_string()),
        merged,
        audit_id,
    })
}

/// A batch's files, written in a hidden folder inside the destination (deleted with
/// it), each to be renamed to its name.
struct Staged {
    dir: PathBuf,
    temp: tempfile::TempDir,
    names: Vec<String>,
    overwrite: bool,
}

/// `<codice fiscale>.pdf` for each candidate, made safe (the codice fiscale came from
/// the server) and unique (`-2`, `-3` … should two ever clash).
fn batch_names(candidates: &[Candidate]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    candidates
        .iter()
        .map(|c| {
            let stem = safe_file_stem(&c.codice_fiscale, "scheda");
            let mut name = format!("{stem}.pdf");
            let mut n = 1;
            while !seen.insert(name.to_ascii_uppercase()) {
                n += 1;
                name = format!("{stem}-{n}.pdf");
            }
            name
        })
        .collect()
}

fn stage_folder(
    dir: &Path,
    overwrite: bool,
    candidates: &[Candidate],
    issuer: &Issuer,
    control: Control<'_>,
) -> Result<Staged> {
    let dir = absolute(dir)?;
    let io = AppError::disk("scrivere in", &dir);
    std::fs::create_dir_all(&dir).map_err(&io)?;
    let names = batch_names(candidates);
    if !overwrite && let Some(existing) = names.iter().find(|n| dir.join(n).exists()) {
        return Err(AppError::FileExists(
            dir.join(existing).display().to_string(),
        ));
    }
    let temp = tempfile::Builder::new()
        .prefix(".sportello-sap-")
        .tempdir_in(&dir)
        .map_err(&io)?;
    let staging = temp.path().to_path_buf();
    // The store keys candidates by codice fiscale: one name each.
    let name_of: std::collections::HashMap<&str, &str> = candidates
        .iter()
        .zip(&names)
        .map(|(c, n)| (c.codice_fiscale.as_str(), n.as_str()))
        .collect();
    sportello_docs::batch::sap_each(candidates, issuer, control, |c, bytes| {
        let name = name_of[c.codice_fiscale.as_str()];
        let mut f = owner_only(&staging.join(name))?;
        f.write_all(&bytes)?;
        f.sync_all()
    })
    .map_err(|e| match e {
        sportello_docs::Error::Sink(e) => io(e),
        other => docs_error(other),
    })?;
    Ok(Staged {
        dir,
        temp,
        names,
        overwrite,
    })
}

/// A new file readable by its owner only, like every file Sportello writes.
fn owner_only(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

impl Staged {
    fn outgoing(&self) -> impl Iterator<Item = Outgoing> + '_ {
        self.names.iter().map(|name| {
            Outgoing::staged(
                self.temp.path().join(name),
                self.dir.join(name),
                self.overwrite,
            )
        })
    }
}

fn docs_error<E: std::fmt::Display>(e: sportello_docs::Error<E>) -> AppError {
    match e {
        sportello_docs::Error::Cancelled => AppError::Cancelled,
        other => AppError::Internal(other.to_string()),
    }
}

// --- receipts ------------------------------------------------------------------------------

/// A table of counts on a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CountTableDto {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A submitted file, as the receipt names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceiptFileDto {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// What a use case that submitted something asks a receipt for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRequest {
    /// `fasce_deboli_upload`, `offer_refusal`, `appointment`…
    pub kind: String,
    pub title: String,
    pub branch: String,
    pub fields: Vec<(String, String)>,
    pub tables: Vec<CountTableDto>,
    /// The submitted file, hashed here as it is on disk.
    pub file: Option<PathBuf>,
    /// Or the submitted file as already hashed (it never was on disk, or is no
    /// longer): taken over `file`.
    pub file_hashed: Option<ReceiptFileDto>,
    pub acknowledgement: Option<String>,
}

/// A kept receipt, as front ends show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceiptDto {
    pub number: String,
    /// RFC 3339, UTC.
    pub issued_at: String,
    pub operator: String,
    pub branch: String,
    pub kind: String,
    pub title: String,
    pub fields: Vec<(String, String)>,
    pub tables: Vec<CountTableDto>,
    pub file: Option<ReceiptFileDto>,
    pub acknowledgement: Option<String>,
}

/// What the store keeps as the receipt's content.
#[derive(Debug, Serialize, Deserialize)]
struct Content {
    fields: Vec<(String, String)>,
    tables: Vec<CountTableDto>,
    file: Option<ReceiptFileDto>,
}

/// SHA-256 of a file, read in blocks; lowercase hex.
pub fn sha256_file(path: &Path) -> Result<(u64, String)> {
    let io = AppError::disk("leggere", path);
    let mut f = File::open(path).map_err(&io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(&io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hex::encode(hasher.finalize())))
}

/// Issues and keeps a receipt, with its audit entry, in one transaction. The number is
/// `R-<first 6 of this store's client id>-<sequence>`: increasing on this laptop and
/// distinct from every other operator's.
pub fn issue_receipt(
    store: &mut Store,
    operator: &str,
    request: &ReceiptRequest,
    now: DateTime<Utc>,
) -> Result<ReceiptDto> {
    if request.title.trim().is_empty() || request.kind.trim().is_empty() {
        return Err(invalid("una ricevuta ha bisogno di un tipo e di un titolo"));
    }
    let file = match &request.file_hashed {
        Some(hashed) => Some(hashed.clone()),
        None => request
            .file
            .as_deref()
            .map(|path| {
                let (bytes, sha256) = sha256_file(path)?;
                Ok::<_, AppError>(ReceiptFileDto {
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    bytes,
                    sha256,
                })
            })
            .transpose()?,
    };
    let content = Content {
        fields: request.fields.clone(),
        tables: request.tables.clone(),
        file,
    };
    let new = NewReceipt {
        issued_at: now,
        operator: operator.into(),
        branch: request.branch.clone(),
        kind: request.kind.clone(),
        title: request.title.clone(),
        file_sha256: content.file.as_ref().map(|f| f.sha256.clone()),
        acknowledgement: request.acknowledgement.clone(),
        content: serde_json::to_value(&content).map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let client: String = store
        .client_id()?
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(6)
        .collect::<String>()
        .to_uppercase();
    let stored = store.write(|tx| {
        let stored = tx.issue_receipt(&new, |id| format!("R-{client}-{id:06}"))?;
        tx.record_audit(&AuditEvent {
            at: now,
            operator: operator.into(),
            action: AuditAction::Receipt,
            subject: stored.number.clone(),
            details: serde_json::json!({
                "kind": new.kind,
                "file_sha256": new.file_sha256,
                "acknowledgement": new.acknowledgement,
            }),
        })?;
        Ok::<_, AppError>(stored)
    })?;
    dto(stored)
}

fn dto(s: StoredReceipt) -> Result<ReceiptDto> {
    let content: Content =
        serde_json::from_value(s.receipt.content.clone()).map_err(|e| AppError::StoreDamaged {
            detail: format!("ricevuta {}: {e}", s.number),
        })?;
    let r = s.receipt;
    Ok(ReceiptDto {
        number: s.number,
        issued_at: r
            .issued_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        operator: r.operator,
        branch: r.branch,
        kind: r.kind,
        title: r.title,
        fields: content.fields,
        tables: content.tables,
        file: content.file,
        acknowledgement: r.acknowledgement,
    })
}

/// The kept receipts, most recent first.
pub fn receipts(store: &Store, limit: usize) -> Result<Vec<ReceiptDto>> {
    store.receipts(limit)?.into_iter().map(dto).collect()
}

/// One receipt by number.
pub fn receipt(store: &Store, number: &str) -> Result<ReceiptDto> {
    let number = number.trim();
    let stored = store
        .receipt(number)?
        .ok_or_else(|| invalid(format!("nessuna ricevuta con numero «{number}»")))?;
    dto(stored)
}

/// `sportello ricevute pdf`: prints (again) a kept receipt to a PDF file.
pub fn receipt_pdf(
    store: &mut Store,
    operator: &str,
    number: &str,
    out: &Path,
    overwrite: bool,
    now: DateTime<Local>,
) -> Result<DocumentReport> {
    let r = receipt(store, number)?;
    let issued_at: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(&r.issued_at)
        .map_err(|e| AppError::Internal(e.to_string()))?
        .with_timezone(&Local)
        .fixed_offset();
    let receipt = Receipt {
        number: r.number.clone(),
        issued_at,
        operator: r.operator.clone(),
        branch: r.branch.clone(),
        title: r.title.clone(),
        fields: r.fields.clone(),
        tables: r
            .tables
            .iter()
            .map(|t| CountTable {
                title: t.title.clone(),
                headers: t.headers.clone(),
                rows: t.rows.clone(),
            })
            .collect(),
        file: r.file.as_ref().map(|f| ReceiptFile {
            name: f.name.clone(),
            bytes: f.bytes,
            sha256: f.sha256.clone(),
        }),
        acknowledgement: r.acknowledgement.clone(),
    };
    let printed = Issuer {
        agency: agency_name(store)?,
        operator: operator.into(),
        at: now.fixed_offset(),
    };
    let bytes = sportello_docs::receipt_pdf(&receipt, &printed);
    let details = serde_json::json!({"kind": "receipt_pdf", "receipt": r.number});
    save(store, operator, now, (out, overwrite), &bytes, details)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::FilterInput;

    #[test]
    fn a_batch_form_with_blank_names_asks_for_nothing_there() {
        let form = |out_dir: &str, merged: Option<&str>| SapBatchForm {
            filter: FilterInput::default(),
            sort: "surname".into(),
            out_dir: Some(out_dir.into()),
            merged: merged.map(str::to_string),
            overwrite: false,
        };
        let request = form("  ", Some("/tmp/tutte.pdf")).request(&[]).unwrap();
        assert_eq!(request.out_dir, None);
        assert_eq!(request.merged, Some(PathBuf::from("/tmp/tutte.pdf")));
        let request = form(" /tmp/sap ", None).request(&[]).unwrap();
        assert_eq!(request.out_dir, Some(PathBuf::from("/tmp/sap")));

        let report = |out_dir: Option<&str>, merged: Option<&str>| BatchReport {
            candidates: 2,
            out_dir: out_dir.map(str::to_string),
            merged: merged.map(|f| DocumentReport {
                file: f.into(),
                bytes: 1,
                audit_id: 1,
            }),
            audit_id: 1,
        };
        assert_eq!(
            report(Some("/tmp/sap"), Some("/tmp/a.pdf")).shown(),
            Some("/tmp/sap")
        );
        assert_eq!(report(None, Some("/tmp/a.pdf")).shown(), Some("/tmp/a.pdf"));
        assert_eq!(report(None, None).shown(), None);
    }
}
