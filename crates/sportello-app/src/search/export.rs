//! The Excel export: every match, streamed into an xlsx file with its criteria,
//! recorded in the audit log as it is put in place.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    pub query: Query,
    pub columns: Vec<ExportColumn>,
    pub out: PathBuf,
    /// Replace an existing file.
    pub overwrite: bool,
    /// The operator asked explicitly for GDPR art. 9 data (columns, or a filter on it).
    pub include_special_categories: bool,
    /// Data rows per sheet before continuing on the next; `None` is Excel's limit.
    #[doc(hidden)]
    pub rows_per_sheet: Option<u32>,
}

/// "Esporta in Excel" as the desktop sends it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ExportArgs"))]
pub struct ExportForm {
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

impl ExportForm {
    /// The export the form asks for, within the session's `branches`.
    pub fn request(&self, branches: &[String]) -> Result<ExportRequest> {
        Ok(ExportRequest {
            query: Query::from_form(&self.filter, &self.sort, branches)?,
            columns: parse_columns(&self.columns.join(","))?,
            out: PathBuf::from(&self.path),
            overwrite: self.overwrite,
            include_special_categories: self.include_special_categories,
            rows_per_sheet: None,
        })
    }
}

impl ExportRequest {
    pub fn new(filter: CandidateFilter, out: PathBuf) -> Self {
        ExportRequest {
            query: Query {
                filter,
                scope: Scope::All,
                sort: Sort::default(),
            },
            columns: DEFAULT_COLUMNS.to_vec(),
            out,
            overwrite: false,
            include_special_categories: false,
            rows_per_sheet: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportReport {
    pub file: String,
    pub rows: u64,
    pub sheets: usize,
    pub bytes: u64,
    pub columns: Vec<String>,
    pub audit_id: i64,
}

/// Writes every candidate matching the filter, in order, to an xlsx file: a
/// "Candidati" sheet (continued on "Candidati (2)"… past Excel's row limit) and a
/// "Criteri" sheet. Records the export in the audit log before the file appears under
/// its name; a failure leaves no file. Ages and the "Criteri" timestamp use `now`.
pub fn export(
    profile: &Profile,
    password: &str,
    request: &ExportRequest,
    now: DateTime<Local>,
) -> Result<ExportReport> {
    let mut store = crate::store::open(profile, password)?;
    export_from(&mut store, profile.user(), request, now)
}

/// How far an export is: rows written out of the rows matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportProgress {
    pub written: u64,
    pub total: u64,
}

/// Rows between two progress reports.
pub const PROGRESS_EVERY: u64 = 5_000;

/// [`export`] from an open store, as `operator`.
pub fn export_from(
    store: &mut Store,
    operator: &str,
    request: &ExportRequest,
    now: DateTime<Local>,
) -> Result<ExportReport> {
    export_with_progress(store, operator, request, now, &mut |_| {})
}

/// [`export_from`], telling `progress` how many rows are written: at the start, every
/// [`PROGRESS_EVERY`] rows and when the last row is written.
pub fn export_with_progress(
    store: &mut Store,
    operator: &str,
    request: &ExportRequest,
    now: DateTime<Local>,
    progress: &mut dyn FnMut(ExportProgress),
) -> Result<ExportReport> {
    check_special_categories(request)?;
    if request.columns.is_empty() {
        return Err(invalid("nessuna colonna da esportare"));
    }
    let today = now.date_naive();
    let mut outgoing = Outgoing::create(&request.out, request.overwrite)?;
    let out = outgoing.target().to_owned();
    let company = agency_name(store)?;
    let spec = TableSpec {
        sheet_name: DATA_SHEET.into(),
        columns: request
            .columns
            .iter()
            .map(|c| Column {
                header: c.header().into(),
            })
            .collect(),
        properties: Properties {
            title: "Elenco candidati".into(),
            subject: "Esportazione della ricerca candidati".into(),
            author: operator.into(),
            company,
            comment: format!(
                "Esportato con Sportello il {}",
                now.format("%d/%m/%Y %H:%M")
            ),
        },
        rows_per_sheet: request
            .rows_per_sheet
            .unwrap_or(table::MAX_DATA_ROWS_PER_SHEET)
            .clamp(1, table::MAX_DATA_ROWS_PER_SHEET),
    };
    let file = outgoing
        .file()
        .try_clone()
        .map_err(crate::outgoing::write_error(&out))?;
    let mut writer = TableWriter::create(file, &crate::outgoing::folder_of(&out), spec)
        .map_err(sheet_error(&out))?;
    let matches = Matches {
        filter: &request.query.filter,
        scope: &request.query.scope,
        reference: today,
        sort: request.query.sort,
        with_records: request.columns.iter().any(|c| c.needs_record()),
    };
    let ids = store.match_ids(&matches)?;
    let total = ids.len() as u64;
    progress(ExportProgress { written: 0, total });
    let codes: Vec<bool> = request.columns.iter().map(|c| c.is_code()).collect();
    store.for_each_id(&ids, matches.with_records, |found| {
        let values: Vec<ExportValue<'_>> = request
            .columns
            .iter()
            .map(|c| c.value(&found.summary, found.record.as_deref(), today))
            .collect();
        let cells: Vec<Cell<'_>> = values
            .iter()
            .zip(&codes)
            .map(|(v, code)| v.cell(*code))
            .collect();
        writer.write_row(&cells).map_err(sheet_error(&out))?;
        let written = writer.rows_written();
        if written % PROGRESS_EVERY == 0 {
            progress(ExportProgress { written, total });
        }
        Ok::<(), AppError>(())
    })?;
    let rows = writer.rows_written();
    progress(ExportProgress {
        written: rows,
        total: total.max(rows),
    });
    let criteria = criteria(store, operator, request, now, rows, &out)?;
    let finished = writer
        .finish(CRITERIA_SHEET, ["Criterio", "Valore"], &criteria)
        .map_err(sheet_error(&out))?;
    let export = Export {
        operator,
        at: now.with_timezone(&Utc),
        details: serde_json::json!({
            "kind": "candidates_xlsx",
            "rows": rows,
            "filter": request.query.filter,
            "scope": scope_codes(&request.query.scope),
            "sort": request.query.sort,
            "columns": request.columns.iter().map(|c| c.code()).collect::<Vec<_>>(),
            "special_categories": request.include_special_categories,
            "reference_date": today.to_string(),
        }),
    };
    let published = outgoing.publish(store, export)?;
    Ok(ExportReport {
        file: published.file,
        rows: finished.rows,
        sheets: finished.sheets,
        bytes: published.bytes,
        columns: request.columns.iter().map(|c| c.code().into()).collect(),
        audit_id: published.audit_id,
    })
}

/// The agency's name as documents show it.
pub(crate) fn agency_name(store: &Store) -> Result<String> {
    Ok(store
        .meta(AGENCY_META_KEY)?
        .unwrap_or_else(|| DEFAULT_AGENCY.into()))
}

pub(super) fn check_special_categories(request: &ExportRequest) -> Result<()> {
    if request.include_special_categories {
        return Ok(());
    }
    let columns: Vec<&str> = request
        .columns
        .iter()
        .filter(|c| c.is_special_category())
        .map(|c| c.header())
        .collect();
    if !columns.is_empty() {
        return Err(AppError::SpecialCategoriesNotConfirmed(format!(
            "le colonne {} contengono dati particolari (art. 9 GDPR)",
            columns.join(", ")
        )));
    }
    if request.query.filter.uses_special_categories() {
        return Err(AppError::SpecialCategoriesNotConfirmed(
            "il filtro sul collocamento mirato rivela dati particolari (art. 9 GDPR) di ogni persona esportata".into(),
        ));
    }
    Ok(())
}

/// The "Criteri" sheet: filters, operator, scope, date and time, row count.
pub(super) fn criteria(
    store: &Store,
    operator: &str,
    request: &ExportRequest,
    now: DateTime<Local>,
    rows: u64,
    out: &Path,
) -> Result<Vec<(String, String)>> {
    let scope = scope_description(store, &request.query.scope, &request.query.filter.branches)?;
    let mut out_rows = vec![
        ("Operatore".to_string(), operator.to_string()),
        (
            "Data e ora dell'esportazione".into(),
            now.format("%d/%m/%Y %H:%M:%S").to_string(),
        ),
        ("Ambito (filiali)".into(), scope),
        ("Età calcolata al".into(), italian_date(now.date_naive())),
    ];
    let filters = describe_filter(&request.query.filter);
    if filters.is_empty() {
        out_rows.push(("Filtri".into(), "nessuno: tutti i candidati".into()));
    }
    out_rows.extend(filters);
    out_rows.push(("Ordinamento".into(), sort_description(request.query.sort)));
    out_rows.push((
        "Colonne".into(),
        request
            .columns
            .iter()
            .map(|c| c.header())
            .collect::<Vec<_>>()
            .join(", "),
    ));
    out_rows.push((
        "Dati particolari (art. 9 GDPR)".into(),
        if request.include_special_categories {
            "inclusi su richiesta dell'operatore"
        } else {
            "esclusi"
        }
        .into(),
    ));
    out_rows.push(("Righe esportate".into(), rows.to_string()));
    out_rows.push((
        "File".into(),
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ));
    Ok(out_rows)
}

/// The branches an export covers, in words: those the filter names that the operator
/// may see, else every branch the operator may see.
pub(super) fn scope_description(store: &Store, scope: &Scope, asked: &[String]) -> Result<String> {
    let none = || "nessuna filiale visibile all'operatore".to_string();
    let visible = |b: &String| match scope {
        Scope::All => true,
        Scope::Branches(codes) => codes.contains(b),
    };
    if !asked.is_empty() {
        let covered: Vec<&str> = asked
            .iter()
            .filter(|b| visible(b))
            .map(String::as_str)
            .collect();
        return Ok(if covered.is_empty() {
            none()
        } else {
            covered.join(", ")
        });
    }
    Ok(match scope {
        Scope::Branches(codes) if codes.is_empty() => none(),
        Scope::Branches(codes) => codes.join(", "),
        Scope::All => {
            let all: Vec<String> = store.branches()?.into_iter().map(|b| b.code).collect();
            if all.is_empty() {
                "tutte le filiali dell'archivio".to_string()
            } else {
                format!("tutte le filiali dell'archivio ({})", all.join(", "))
            }
        }
    })
}

/// The scope as the audit log keeps it: `"all"` or the branch codes.
pub(super) fn scope_codes(scope: &Scope) -> serde_json::Value {
    match scope {
        Scope::All => serde_json::json!("all"),
        Scope::Branches(codes) => serde_json::json!(codes),
    }
}
pub(crate) use crate::outgoing::absolute;

/// A table error while writing `out`: a disk failure names the file.
pub(crate) fn sheet_error(out: &Path) -> impl Fn(table::Error) -> AppError + use<> {
    let io = crate::outgoing::write_error(out);
    move |e| match e {
        table::Error::Io { source, .. } => io(source),
        other => AppError::Internal(other.to_string()),
    }
}
