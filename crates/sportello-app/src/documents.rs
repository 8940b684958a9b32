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
use sportello_store::{AuditAction, AuditEvent, Matches, NewReceipt, Scope, StoredReceipt};

use crate::search::{CandidateFilter, Sort, Store, absolute, agency_name, invalid};
use crate::{AppError, Result};

pub use sportello_docs::batch::Progress as BatchProgress;

/// How far a SAP batch is, for a progress bar: documents made out of the matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SapBatchProgress {
    pub done: u64,
    pub total: u64,
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

// --- one file, atomically ------------------------------------------------------------------

/// A file made beside its target, not yet under its name.
struct Pending {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    overwrite: bool,
    bytes: u64,
}

/// Writes `bytes` to a temporary file in `target`'s folder. Fails before writing when
/// `target` exists and `overwrite` is false.
fn prepare(target: &Path, overwrite: bool, bytes: &[u8]) -> Result<Pending> {
    let target = absolute(target)?;
    let io = |e: std::io::Error| invalid(format!("impossibile scrivere {}: {e}", target.display()));
    if !overwrite && target.try_exists().map_err(io)? {
        return Err(AppError::FileExists(target.display().to_string()));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".sportello-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    Ok(Pending {
        temp,
        target,
        overwrite,
        bytes: bytes.len() as u64,
    })
}

impl Pending {
    fn commit(self) -> Result<String> {
        let target = self.target.clone();
        let failed = |e: tempfile::PersistError| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                AppError::FileExists(target.display().to_string())
            } else {
                invalid(format!(
                    "impossibile scrivere {}: {}",
                    target.display(),
                    e.error
                ))
            }
        };
        if self.overwrite {
            self.temp.persist(&self.target).map_err(failed)?;
        } else {
            self.temp.persist_noclobber(&self.target).map_err(failed)?;
        }
        Ok(self.target.display().to_string())
    }
}

/// Records `details` as an export of `what` by `operator`, then puts the file in place.
fn publish(
    store: &mut Store,
    operator: &str,
    now: DateTime<Local>,
    pending: Pending,
    details: serde_json::Value,
) -> Result<DocumentReport> {
    let audit_id = store.record_audit(&AuditEvent {
        at: now.with_timezone(&Utc),
        operator: operator.into(),
        action: AuditAction::Export,
        subject: pending.target.display().to_string(),
        details,
    })?;
    let bytes = pending.bytes;
    let file = pending.commit()?;
    Ok(DocumentReport {
        file,
        bytes,
        audit_id,
    })
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
    let pending = prepare(out, overwrite, &bytes)?;
    let details = serde_json::json!({"kind": "sap_pdf", "codice_fiscale": c.codice_fiscale});
    publish(store, operator, now, pending, details)
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
    let pending = prepare(out, overwrite, &bytes)?;
    let details = serde_json::json!({"kind": "sap_xml", "codice_fiscale": c.codice_fiscale});
    publish(store, operator, now, pending, details)
}

// --- CV ------------------------------------------------------------------------------------

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
    let pending = prepare(out, overwrite, &bytes)?;
    let details = serde_json::json!({
        "kind": "cv_pdf",
        "codice_fiscale": c.codice_fiscale,
        "anonymous": choice.anonymous,
        "birth_date": choice.birth_date && !choice.anonymous,
        "codice_fiscale_included": choice.codice_fiscale && !choice.anonymous,
        "contacts": choice.contacts && !choice.anonymous,
        "address": choice.address && !choice.anonymous,
    });
    publish(store, operator, now, pending, details)
}

// --- batch ---------------------------------------------------------------------------------

/// SAPs for every candidate matching a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRequest {
    pub filter: CandidateFilter,
    /// The branches the operator may see.
    pub scope: Scope,
    pub sort: Sort,
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
        return Err(invalid(
            "indica la cartella (--out-dir) o il file unico (--merged)",
        ));
    }
    let mut candidates = Vec::new();
    let matches = Matches {
        filter: &request.filter,
        scope: &request.scope,
        reference: now.date_naive(),
        sort: request.sort,
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
    let merged = match &request.merged {
        Some(path) => {
            let bytes = sportello_docs::batch::sap_merged(&candidates, &issuer, control)
                .map_err(docs_error)?;
            Some(prepare(path, request.overwrite, &bytes)?)
        }
        None => None,
    };
    let codici: Vec<&str> = candidates
        .iter()
        .map(|c| c.codice_fiscale.as_str())
        .collect();
    let audit_id = store.record_audit(&AuditEvent {
        at: now.with_timezone(&Utc),
        operator: operator.into(),
        action: AuditAction::Export,
        subject: [&request.out_dir, &request.merged]
            .into_iter()
            .flatten()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" + "),
        details: serde_json::json!({
            "kind": "sap_batch",
            "filter": request.filter,
            "sort": request.sort,
            "candidates": codici,
        }),
    })?;
    let out_dir = staged.map(Staged::commit).transpose()?;
    let merged = match merged {
        Some(p) => {
            let bytes = p.bytes;
            Some(DocumentReport {
                file: p.commit()?,
                bytes,
                audit_id,
            })
        }
        None => None,
    };
    Ok(BatchReport {
        candidates: candidates.len(),
        out_dir,
        merged,
        audit_id,
    })
}

/// A batch's files, written in a hidden folder inside the destination.
struct Staged {
    dir: PathBuf,
    temp: tempfile::TempDir,
    names: Vec<String>,
    overwrite: bool,
}

fn stage_folder(
    dir: &Path,
    overwrite: bool,
    candidates: &[Candidate],
    issuer: &Issuer,
    control: Control<'_>,
) -> Result<Staged> {
    let dir = absolute(dir)?;
    let io = |e: std::io::Error| invalid(format!("impossibile scrivere in {}: {e}", dir.display()));
    std::fs::create_dir_all(&dir).map_err(io)?;
    let names: Vec<String> = candidates
        .iter()
        .map(|c| format!("{}.pdf", c.codice_fiscale))
        .collect();
    if !overwrite && let Some(existing) = names.iter().find(|n| dir.join(n).exists()) {
        return Err(AppError::FileExists(
            dir.join(existing).display().to_string(),
        ));
    }
    let temp = tempfile::Builder::new()
        .prefix(".sportello-sap-")
        .tempdir_in(&dir)
        .map_err(io)?;
    let staging = temp.path().to_path_buf();
    sportello_docs::batch::sap_each(candidates, issuer, control, |c, bytes| {
        let path = staging.join(format!("{}.pdf", c.codice_fiscale));
        let mut f = File::create(&path)?;
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

impl Staged {
    fn commit(self) -> Result<String> {
        for name in &self.names {
            let target = self.dir.join(name);
            if !self.overwrite && target.exists() {
                return Err(AppError::FileExists(target.display().to_string()));
            }
            std::fs::rename(self.temp.path().join(name), &target)
                .map_err(|e| invalid(format!("impossibile scrivere {}: {e}", target.display())))?;
        }
        Ok(self.dir.display().to_string())
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
    let io = |e: std::io::Error| invalid(format!("impossibile leggere {}: {e}", path.display()));
    let mut f = File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io)?;
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
    let pending = prepare(out, overwrite, &bytes)?;
    let details = serde_json::json!({"kind": "receipt_pdf", "receipt": r.number});
    publish(store, operator, now, pending, details)
}
