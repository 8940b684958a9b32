//! Fasce deboli (seed 000, issue 7), the offline half: the participants downloaded into
//! the store are the working copy; the operator fills it in the app or in a spreadsheet
//! ("Esporta per compilazione" / "Importa file compilato"), accepts suggestions from
//! the SAP data, and checks it. Every check — a file on its own, an import, the working
//! copy before an upload — runs the same rules (`sportello_core::fasce_deboli`) over
//! the same reader (`sportello_sheets::fasce_deboli`) that the server uses.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use sportello_core::fasce_deboli::{
    self as rules, Category, Cell, Column, Context, Flag, IssueCode, Report,
};
use sportello_sheets::fasce_deboli::{
    self as sheets, FilledSheet, Participant, Refusal, RefusalCode,
};
use sportello_store::{FdParticipant, Store};

pub mod online;
pub mod overview;

use crate::error::{AppError, ErrorItem, Result};
use crate::outgoing::{Export, Outgoing};

fn invalid(message: impl Into<String>) -> AppError {
    AppError::InvalidInput(message.into())
}

/// The server's categories as the rules take them; an error until the first fetch.
pub fn categories(store: &Store) -> Result<Vec<Category>> {
    let categories: Vec<Category> = store
        .fd_categorie()?
        .into_iter()
        .map(|c| Category {
            code: c.code,
            label: c.label,
        })
        .collect();
    if categories.is_empty() {
        return Err(invalid(
            "l'elenco delle categorie delle fasce deboli non è ancora stato scaricato: \
             collegati al server e sincronizza",
        ));
    }
    Ok(categories)
}

// --- the check report ------------------------------------------------------------

/// `controlla --json`, key for key (issue 7).
/// Why a file was refused before any row was read: the reader's `RefusalCode`,
/// serialised as its `as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FileRefusal {
    NonUnFoglioDiCalcolo,
    FileCifrato,
    FileTroppoGrande,
    IntestazioneNonTrovata,
    DimensioniEccessive,
}

impl From<RefusalCode> for FileRefusal {
    fn from(code: RefusalCode) -> Self {
        match code {
            RefusalCode::NonUnFoglioDiCalcolo => Self::NonUnFoglioDiCalcolo,
            RefusalCode::FileCifrato => Self::FileCifrato,
            RefusalCode::FileTroppoGrande => Self::FileTroppoGrande,
            RefusalCode::IntestazioneNonTrovata => Self::IntestazioneNonTrovata,
            RefusalCode::DimensioniEccessive => Self::DimensioniEccessive,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub file: String,
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    pub rows_total: usize,
    pub rows_ok: usize,
    pub rows_with_errors: usize,
    pub rows_with_warnings: usize,
    pub declared: DeclaredCounts,
    pub by_category: BTreeMap<String, usize>,
    pub issues: Vec<CheckIssue>,
    pub refused: Option<ErrorItem<FileRefusal>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeclaredCounts {
    #[serde(rename = "SI")]
    pub si: usize,
    #[serde(rename = "NO")]
    pub no: usize,
    pub non_indicato: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckIssue {
    /// The spreadsheet's own 1-based row number.
    pub row: u32,
    pub column: String,
    /// `error` or `warning`.
    pub severity: String,
    pub code: String,
    pub message: String,
}

impl CheckReport {
    pub fn has_errors(&self) -> bool {
        self.refused.is_some() || self.rows_with_errors > 0
    }

    fn refused(file: String, refusal: &Refusal) -> Self {
        Self {
            file,
            sheet: None,
            header_row: None,
            rows_total: 0,
            rows_ok: 0,
            rows_with_errors: 0,
            rows_with_warnings: 0,
            declared: DeclaredCounts::default(),
            by_category: BTreeMap::new(),
            issues: Vec::new(),
            refused: Some(ErrorItem::new(refusal.code.into(), &refusal.message)),
        }
    }

    fn of(file: String, sheet: &FilledSheet, report: &Report) -> Self {
        Self {
            file,
            sheet: Some(sheet.sheet.clone()),
            header_row: Some(sheet.header.row),
            rows_total: report.rows_total,
            rows_ok: report.rows_ok,
            rows_with_errors: report.rows_with_errors,
            rows_with_warnings: report.rows_with_warnings,
            declared: DeclaredCounts {
                si: report.declared.si,
                no: report.declared.no,
                non_indicato: report.declared.non_indicato,
            },
            by_category: report.by_category.clone(),
            issues: report
                .issues
                .iter()
                .map(|i| CheckIssue {
                    row: i.row,
                    column: i.column.into(),
                    severity: i.severity().as_str().into(),
                    code: i.code.as_str().into(),
                    message: i.message.clone(),
                })
                .collect(),
            refused: None,
        }
    }
}

/// A read and checked file: the report, and the sheet when it could be read.
struct Checked {
    report: CheckReport,
    rules: Option<Report>,
}

fn check_bytes(
    file: String,
    bytes: &[u8],
    categories: &[Category],
    known: Option<&HashSet<(String, String)>>,
    today: NaiveDate,
) -> Checked {
    match sheets::read_filled(bytes) {
        Err(refusal) => Checked {
            report: CheckReport::refused(file, &refusal),
            rules: None,
        },
        Ok(sheet) => {
            let ctx = Context {
                categories,
                known,
                reference: today,
            };
            let rules = rules::check_rows(&sheet.header, sheet.data(), &ctx);
            Checked {
                report: CheckReport::of(file, &sheet, &rules),
                rules: Some(rules),
            }
        }
    }
}

/// The file's bytes; `Err` with the refusal when it is too big to be worth reading.
fn read_file(path: &Path) -> Result<std::result::Result<Vec<u8>, Refusal>> {
    let unreadable = AppError::disk("leggere", path);
    let size = std::fs::metadata(path).map_err(&unreadable)?.len();
    if size > sheets::MAX_FILE_BYTES as u64 {
        return Ok(Err(Refusal {
            code: RefusalCode::FileTroppoGrande,
            message: format!(
                "Il file pesa {} MB: il massimo è {} MB.",
                size / (1024 * 1024),
                sheets::MAX_FILE_BYTES / (1024 * 1024)
            ),
        }));
    }
    std::fs::read(path).map(Ok).map_err(&unreadable)
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn known_participants(store: &Store) -> Result<Option<HashSet<(String, String)>>> {
    let keys = store.fd_participant_keys()?;
    Ok((!keys.is_empty()).then_some(keys))
}

/// "Controlla": checks a file against the server's categories and, once a
/// participants file has been downloaded, against its participants.
pub fn check_file(store: &Store, path: &Path, today: NaiveDate) -> Result<CheckReport> {
    let categories = categories(store)?;
    let bytes = match read_file(path)? {
        Ok(bytes) => bytes,
        Err(refusal) => return Ok(CheckReport::refused(file_label(path), &refusal)),
    };
    let known = known_participants(store)?;
    Ok(check_bytes(file_label(path), &bytes, &categories, known.as_ref(), today).report)
}

// --- import ----------------------------------------------------------------------

/// What "Importa file compilato" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub file: String,
    /// Whether the file was taken in; when not, nothing changed.
    pub accepted: bool,
    /// Why it was not taken in (Italian), when not.
    pub reason: Option<String>,
    pub anno: Option<i32>,
    /// Declarations written into the working copy.
    pub imported: usize,
    /// The file's check; problems the working copy can hold (a missing category, a
    /// category without the flag) are imported and shown again by the check.
    pub check: CheckReport,
}

/// Problems that leave a row with nothing the working copy could hold: the file is
/// not taken at all while any remains.
fn blocks_import(code: IssueCode) -> bool {
    matches!(
        code,
        IssueCode::CfNonValido
            | IssueCode::CfSconosciuto
            | IssueCode::ProgettoMancante
            | IssueCode::FlagNonValido
            | IssueCode::CategoriaSconosciuta
            | IssueCode::RigaInConflitto
    )
}

/// Reads a filled file into the working copy, all or nothing: a refused file, a row
/// that names no downloaded participant, a value that cannot be read or rows of
/// different years change nothing (`accepted: false`, with the reason and the check).
pub fn import_filled(store: &mut Store, path: &Path, now: DateTime<Utc>) -> Result<ImportReport> {
    let categories = categories(store)?;
    let Some(known) = known_participants(store)? else {
        return Err(invalid(
            "nessun file dei partecipanti scaricato: richiedilo e scaricalo prima di importare",
        ));
    };
    let bytes = match read_file(path)? {
        Ok(bytes) => bytes,
        Err(refusal) => {
            let report = CheckReport::refused(file_label(path), &refusal);
            return Ok(ImportReport {
                file: report.file.clone(),
                accepted: false,
                reason: Some(refusal.message),
                anno: None,
                imported: 0,
                check: report,
            });
        }
    };
    let checked = check_bytes(
        file_label(path),
        &bytes,
        &categories,
        Some(&known),
        now.date_naive(),
    );
    let refuse = |reason: String, check: CheckReport| ImportReport {
        file: check.file.clone(),
        accepted: false,
        reason: Some(reason),
        anno: None,
        imported: 0,
        check,
    };
    let Some(rules) = &checked.rules else {
        let reason = checked
            .report
            .refused
            .as_ref()
            .map(|r| r.message.clone())
            .unwrap_or_default();
        return Ok(refuse(reason, checked.report));
    };
    if let Some(issue) = rules.issues.iter().find(|i| blocks_import(i.code)) {
        let reason = format!(
            "file non importato, riga {} ({}): {}",
            issue.row, issue.column, issue.message
        );
        return Ok(refuse(reason, checked.report));
    }
    let years = years_by_participant(store)?;
    let found: HashSet<i32> = rules
        .rows
        .iter()
        .filter_map(|d| years.get(&(d.codice_fiscale.clone(), d.codice_progetto.clone())))
        .copied()
        .collect();
    let anno = match found.len() {
        1 => found.into_iter().next().unwrap_or_default(),
        0 => {
            return Ok(refuse(
                "il file non contiene righe da importare".into(),
                checked.report,
            ));
        }
        _ => {
            return Ok(refuse(
                "il file mescola partecipanti di più anni: importane uno per anno".into(),
                checked.report,
            ));
        }
    };
    let imported = store.write(|tx| {
        for d in &rules.rows {
            let declared = tx.fd_declare(
                anno,
                &d.codice_fiscale,
                &d.codice_progetto,
                d.fascia_debole,
                d.categoria.as_deref(),
                now,
            )?;
            if !declared {
                return Err(AppError::Internal(format!(
                    "riga {}: partecipante controllato ma non trovato",
                    d.row
                )));
            }
        }
        Ok::<_, AppError>(rules.rows.len())
    })?;
    Ok(ImportReport {
        file: checked.report.file.clone(),
        accepted: true,
        reason: None,
        anno: Some(anno),
        imported,
        check: checked.report,
    })
}

/// The campaign year of each downloaded (codice fiscale, progetto).
fn years_by_participant(store: &Store) -> Result<BTreeMap<(String, String), i32>> {
    let mut years = BTreeMap::new();
    for anno in store.fd_participant_years()? {
        for p in store.fd_partecipanti(anno)? {
            years.insert((p.codice_fiscale, p.codice_progetto), anno);
        }
    }
    Ok(years)
}

// --- the working copy ------------------------------------------------------------

/// The campaign year to work on: the one asked, or the newest with participants.
pub fn working_year(store: &Store, anno: Option<i32>) -> Result<i32> {
    let years = store.fd_participant_years()?;
    match anno {
        Some(a) if years.contains(&a) => Ok(a),
        Some(a) => Err(invalid(format!(
            "nessun partecipante scaricato per l'anno {a}"
        ))),
        None => years.first().copied().ok_or_else(|| {
            invalid("nessun file dei partecipanti scaricato: richiedilo e scaricalo")
        }),
    }
}

fn participant_row(p: &FdParticipant) -> Participant {
    Participant {
        anno: p.anno,
        codice_progetto: p.codice_progetto.clone(),
        tipologia_formativa: p.tipologia.clone(),
        titolo_corso: p.titolo.clone(),
        data_inizio_corso: p.data_inizio,
        aula_omogenea: p.aula_omogenea,
        codice_fiscale: p.codice_fiscale.clone(),
        cognome: p.cognome.clone(),
        nome: p.nome.clone(),
        fascia_debole: p.fascia_debole,
        categoria: p.categoria.clone(),
    }
}

/// The working copy of `anno` as an FTWeb workbook, and its row count.
fn working_bytes(store: &Store, anno: i32, categories: &[Category]) -> Result<(Vec<u8>, usize)> {
    let rows: Vec<Participant> = store
        .fd_partecipanti(anno)?
        .iter()
        .map(participant_row)
        .collect();
    let bytes = sheets::write_participants(&rows, categories)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((bytes, rows.len()))
}

/// The working copy of `anno` as an FTWeb workbook, and its check (against the
/// downloaded participants): what "Carica" sends and what "Controlla" judges.
pub fn working_file(store: &Store, anno: i32, today: NaiveDate) -> Result<(Vec<u8>, CheckReport)> {
    let categories = categories(store)?;
    let (bytes, _) = working_bytes(store, anno, &categories)?;
    let known = known_participants(store)?;
    let label = format!("fasce-deboli-{anno}.xlsx");
    let report = check_bytes(label, &bytes, &categories, known.as_ref(), today).report;
    Ok((bytes, report))
}

/// What "Esporta per compilazione" wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FdExportReport {
    pub file: String,
    pub anno: i32,
    pub rows: usize,
    pub audit_id: i64,
}

/// Writes the working copy of `anno` for filling in Excel or LibreOffice (to-fill
/// columns unlocked, drop-downs, an instructions sheet), atomically, after recording
/// the export in the audit log: the file holds names and codici fiscali.
pub fn export_for_filling(
    store: &mut Store,
    operator: &str,
    anno: Option<i32>,
    out: &Path,
    overwrite: bool,
    now: DateTime<Local>,
) -> Result<FdExportReport> {
    let anno = working_year(store, anno)?;
    let (bytes, rows) = working_bytes(store, anno, &categories(store)?)?;
    let published = Outgoing::with_bytes(out, overwrite, &bytes)?.publish(
        store,
        Export {
            operator,
            at: now.with_timezone(&Utc),
            details: serde_json::json!({
                "kind": "fasce_deboli_xlsx",
                "anno": anno,
                "rows": rows,
            }),
        },
    )?;
    Ok(FdExportReport {
        file: published.file,
        anno,
        rows,
        audit_id: published.audit_id,
    })
}

/// A participant as the compilation grid shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParticipantDto {
    pub anno: i32,
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub tipologia: String,
    pub titolo: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub data_inizio: NaiveDate,
    pub aula_omogenea: bool,
    pub cognome: String,
    pub nome: String,
    /// `SI`, `NO` or none.
    pub fascia_debole: Option<String>,
    pub categoria: Option<String>,
}

/// The grid's filters; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridFilter {
    pub progetto: Option<String>,
    pub tipologia: Option<String>,
    pub aula_omogenea: Option<bool>,
    /// Only rows without a declaration.
    pub da_compilare: bool,
}

pub fn participants(store: &Store, anno: i32, filter: &GridFilter) -> Result<Vec<ParticipantDto>> {
    Ok(store
        .fd_partecipanti(anno)?
        .into_iter()
        .filter(|p| {
            filter
                .progetto
                .as_ref()
                .is_none_or(|v| &p.codice_progetto == v)
                && filter.tipologia.as_ref().is_none_or(|v| &p.tipologia == v)
                && filter.aula_omogenea.is_none_or(|v| p.aula_omogenea == v)
                && (!filter.da_compilare || p.fascia_debole.is_none())
        })
        .map(|p| ParticipantDto {
            anno: p.anno,
            fascia_debole: p.fascia_debole.map(|f| f.as_str().into()),
            codice_fiscale: p.codice_fiscale,
            codice_progetto: p.codice_progetto,
            tipologia: p.tipologia,
            titolo: p.titolo,
            data_inizio: p.data_inizio,
            aula_omogenea: p.aula_omogenea,
            cognome: p.cognome,
            nome: p.nome,
            categoria: p.categoria,
        })
        .collect())
}

/// One declaration from the grid (single row or a bulk action).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeclarationInput {
    pub codice_fiscale: String,
    pub codice_progetto: String,
    /// `SI`, `NO` or none (not declared).
    pub fascia_debole: Option<String>,
    pub categoria: Option<String>,
}

fn parse_declaration<'c>(
    d: &DeclarationInput,
    categories: &'c [Category],
) -> Result<(Option<Flag>, Option<&'c str>)> {
    let flag = match d.fascia_debole.as_deref() {
        None => None,
        Some(text) => rules::parse_flag(&Cell::Text(text.into()))
            .map_err(|_| invalid(format!("«{text}» non è SI o NO")))?,
    };
    let categoria = match d.categoria.as_deref() {
        None => None,
        Some(text) => rules::parse_category(&Cell::Text(text.into()), categories)
            .map_err(|_| invalid(format!("categoria «{text}» sconosciuta")))?
            .map(|c| c.code.as_str()),
    };
    Ok(coherent(flag, categoria))
}

/// A declaration as the grid sends what was touched, made coherent: a category means
/// SI; NO or no flag carries no category.
fn coherent(flag: Option<Flag>, categoria: Option<&str>) -> (Option<Flag>, Option<&str>) {
    match (flag, categoria) {
        (_, Some(c)) => (Some(Flag::Si), Some(c)),
        (flag, None) => (flag, None),
    }
}

/// Sets declarations in the working copy, all or none.
pub fn declare(
    store: &mut Store,
    anno: i32,
    declarations: &[DeclarationInput],
    now: DateTime<Utc>,
) -> Result<usize> {
    let categories = categories(store)?;
    let parsed = declarations
        .iter()
        .map(|d| parse_declaration(d, &categories).map(|p| (d, p)))
        .collect::<Result<Vec<_>>>()?;
    store.write(|tx| {
        for (d, (flag, categoria)) in &parsed {
            if !tx.fd_declare(
                anno,
                &d.codice_fiscale,
                &d.codice_progetto,
                *flag,
                *categoria,
                now,
            )? {
                return Err(invalid(format!(
                    "{} nel progetto {}: partecipante non trovato",
                    d.codice_fiscale, d.codice_progetto
                )));
            }
        }
        Ok::<_, AppError>(parsed.len())
    })
}

// --- suggestions -----------------------------------------------------------------

/// The categories the SAP data supports for one participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestionRow {
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub cognome: String,
    pub nome: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub data_inizio: NaiveDate,
    /// The current declaration, if any.
    pub fascia_debole: Option<String>,
    pub categoria: Option<String>,
    /// Whether the candidate's SAP is in the local cache at all.
    pub scheda_presente: bool,
    pub suggestions: Vec<SuggestedCategory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestedCategory {
    pub code: String,
    pub label: String,
    /// Italian, e.g. "23 anni alla data di inizio corso".
    pub reason: String,
}

/// Suggestions for every participant of `anno`; nothing is changed.
pub fn suggest(store: &Store, anno: i32) -> Result<Vec<SuggestionRow>> {
    let categories = categories(store)?;
    let label = |code: &str| {
        categories
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.label.clone())
            .unwrap_or_default()
    };
    store
        .fd_partecipanti(anno)?
        .into_iter()
        .map(|p| {
            let record = store.candidate(&p.codice_fiscale)?;
            let suggestions = record
                .as_ref()
                .map(|r| rules::suggest(&r.candidate, p.data_inizio, &categories))
                .unwrap_or_default()
                .into_iter()
                .map(|s| SuggestedCategory {
                    label: label(s.code),
                    code: s.code.into(),
                    reason: s.reason,
                })
                .collect();
            Ok(SuggestionRow {
                scheda_presente: record.is_some(),
                fascia_debole: p.fascia_debole.map(|f| f.as_str().into()),
                categoria: p.categoria,
                codice_fiscale: p.codice_fiscale,
                codice_progetto: p.codice_progetto,
                cognome: p.cognome,
                nome: p.nome,
                data_inizio: p.data_inizio,
                suggestions,
            })
        })
        .collect()
}

/// Accepts the first suggestion (flag SI and that category) for the chosen
/// participants — all when `only` is `None` — that have no declaration yet: an
/// operator's declaration is never replaced by a suggestion. Returns how many.
pub fn accept_suggestions(
    store: &mut Store,
    anno: i32,
    only: Option<&[(String, String)]>,
    now: DateTime<Utc>,
) -> Result<usize> {
    let chosen: Option<HashSet<&(String, String)>> = only.map(|o| o.iter().collect());
    let declarations: Vec<DeclarationInput> = suggest(store, anno)?
        .into_iter()
        .filter(|s| s.fascia_debole.is_none())
        .filter(|s| {
            chosen
                .as_ref()
                .is_none_or(|c| c.contains(&(s.codice_fiscale.clone(), s.codice_progetto.clone())))
        })
        .filter_map(|s| {
            let first = s.suggestions.into_iter().next()?;
            Some(DeclarationInput {
                codice_fiscale: s.codice_fiscale,
                codice_progetto: s.codice_progetto,
                fascia_debole: Some("SI".into()),
                categoria: Some(first.code),
            })
        })
        .collect();
    declare(store, anno, &declarations, now)
}

/// The participants file as the server sent it, turned into the store's rows.
pub fn parse_download(bytes: &[u8], categories: &[Category]) -> Result<Vec<FdParticipant>> {
    let sheet = sheets::read_filled(bytes).map_err(|r| {
        invalid(format!(
            "il file dei partecipanti ricevuto non è leggibile: {r}"
        ))
    })?;
    let empty = Cell::Empty;
    sheet
        .data()
        .filter(|(_, cells)| !cells.iter().all(Cell::is_blank))
        .map(|(row, cells)| {
            let cell = |c: Column| {
                sheet
                    .header
                    .columns
                    .get(&c)
                    .and_then(|&j| cells.get(j))
                    .unwrap_or(&empty)
            };
            let bad = |what: &str| invalid(format!("file dei partecipanti, riga {row}: {what}"));
            let cf = cell(Column::CodiceFiscale)
                .text()
                .to_uppercase()
                .replace(' ', "");
            Ok(FdParticipant {
                anno: cell(Column::Anno)
                    .text()
                    .parse()
                    .map_err(|_| bad("anno non valido"))?,
                codice_progetto: cell(Column::CodiceProgetto).text(),
                tipologia: cell(Column::TipologiaFormativa).text(),
                titolo: cell(Column::TitoloCorso).text(),
                data_inizio: cell(Column::DataInizioCorso)
                    .as_date()
                    .ok_or_else(|| bad("data di inizio corso non valida"))?,
                aula_omogenea: rules::parse_flag(cell(Column::AulaOmogenea)).ok().flatten()
                    == Some(Flag::Si),
                cognome: cell(Column::Cognome).text(),
                nome: cell(Column::Nome).text(),
                fascia_debole: rules::parse_flag(cell(Column::FasciaDebole))
                    .map_err(|_| bad("fascia debole non valida"))?,
                categoria: rules::parse_category(cell(Column::Categoria), categories)
                    .map_err(|_| bad("categoria sconosciuta"))?
                    .map(|c| c.code.clone()),
                codice_fiscale: cf,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_is_serialised_as_the_reader_code() {
        use RefusalCode::*;
        for code in [
            NonUnFoglioDiCalcolo,
            FileCifrato,
            FileTroppoGrande,
            IntestazioneNonTrovata,
            DimensioniEccessive,
        ] {
            assert_eq!(
                serde_json::to_value(FileRefusal::from(code)).unwrap(),
                code.as_str()
            );
        }
    }

    #[test]
    fn a_declaration_is_made_coherent() {
        assert_eq!(
            coherent(Some(Flag::No), Some("SVA")),
            (Some(Flag::Si), Some("SVA"))
        );
        assert_eq!(coherent(None, Some("SVA")), (Some(Flag::Si), Some("SVA")));
        assert_eq!(coherent(Some(Flag::No), None), (Some(Flag::No), None));
        assert_eq!(coherent(Some(Flag::Si), None), (Some(Flag::Si), None));
        assert_eq!(coherent(None, None), (None, None));
    }
}
