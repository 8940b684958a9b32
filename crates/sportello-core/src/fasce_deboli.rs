//! The FTWeb fasce-deboli file (seed 000, domain.md "FTWeb fasce-deboli file"): the
//! columns, the categories as server data, the parsing of the to-fill cells, the row
//! checks shared by the client and the sandbox server, and the category suggestions
//! from the SAP-shaped [`Candidate`].
//!
//! Pure: the spreadsheet crate turns a file into [`Cell`] rows, this module judges them.
//! The category list is never hard-coded here: callers pass the server's list.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use crate::Candidate;
use crate::codice_fiscale;
use crate::education::EducationLevel;

/// A fasce-deboli category, as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub code: String,
    pub label: String,
}

/// A spreadsheet cell, independent of the library that read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
}

impl Cell {
    /// Empty, or text made only of whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a date: a real date, an Excel serial number (1900 system), or text
    /// `dd/mm/yyyy` (also with `-` or `.`) or ISO `yyyy-mm-dd`.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            Cell::Number(n) if n.fract() == 0.0 && (1.0..=2_958_465.0).contains(n) => {
                // Day 0 is 1899-12-30 once Excel's phantom 29/02/1900 is accounted for.
                NaiveDate::from_ymd_opt(1899, 12, 30)?
                    .checked_add_days(chrono::Days::new(*n as u64))
            }
            Cell::Text(t) => {
                let t = t.trim();
                NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().or_else(|| {
                    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
                    match parts.as_slice() {
                        [d, m, y] if y.len() == 4 => NaiveDate::from_ymd_opt(
                            y.parse().ok()?,
                            m.parse().ok()?,
                            d.parse().ok()?,
                        ),
                        _ => None,
                    }
                })
            }
            _ => None,
        }
    }

    /// The cell as text: integers without decimals, dates as dd/mm/yyyy.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(true) => "VERO".into(),
            Cell::Bool(false) => "FALSO".into(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }
}

/// The columns of the file, in the order FTWeb writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Anno,
    CodiceProgetto,
    TipologiaFormativa,
    TitoloCorso,
    DataInizioCorso,
    AulaOmogenea,
    CodiceFiscale,
    Cognome,
    Nome,
    FasciaDebole,
    Categoria,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Anno,
        Column::CodiceProgetto,
        Column::TipologiaFormativa,
        Column::TitoloCorso,
        Column::DataInizioCorso,
        Column::AulaOmogenea,
        Column::CodiceFiscale,
        Column::Cognome,
        Column::Nome,
        Column::FasciaDebole,
        Column::Categoria,
    ];

    /// The headers a sheet must have to be the participants sheet.
    pub const REQUIRED: [Column; 4] = [
        Column::CodiceFiscale,
        Column::CodiceProgetto,
        Column::FasciaDebole,
        Column::Categoria,
    ];

    /// The header text as FTWeb writes it (**assumed** layout, domain.md).
    pub fn header(self) -> &'static str {
        match self {
            Column::Anno => "Anno",
            Column::CodiceProgetto => "Codice progetto",
            Column::TipologiaFormativa => "Tipologia formativa",
            Column::TitoloCorso => "Titolo corso",
            Column::DataInizioCorso => "Data inizio corso",
            Column::AulaOmogenea => "Aula omogenea",
            Column::CodiceFiscale => "Codice fiscale",
            Column::Cognome => "Cognome",
            Column::Nome => "Nome",
            Column::FasciaDebole => "Fascia debole",
            Column::Categoria => "Categoria",
        }
    }

    /// Whether the agency fills this column (the rest is FTWeb's and stays locked).
    pub fn to_fill(self) -> bool {
        matches!(self, Column::FasciaDebole | Column::Categoria)
    }
}

/// Lowercase, no accents, only letters and digits: how headers and labels compare.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column a header cell names, if any.
pub fn column_of(header: &str) -> Option<Column> {
    let key = fold(header);
    Column::ALL.into_iter().find(|c| fold(c.header()) == key)
}

/// Where the header row is and which column index holds each known column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The spreadsheet's own 1-based row number.
    pub row: u32,
    pub columns: BTreeMap<Column, usize>,
}

/// How many rows from the top the header may be on.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The first of the first [`HEADER_SEARCH_ROWS`] rows that has every required header.
/// `first_row` is the 1-based number of `rows[0]`.
pub fn find_header(rows: &[Vec<Cell>], first_row: u32) -> Option<Header> {
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, cells)| {
            let mut columns = BTreeMap::new();
            for (j, cell) in cells.iter().enumerate() {
                if let Cell::Text(t) = cell
                    && let Some(c) = column_of(t)
                {
                    columns.entry(c).or_insert(j);
                }
            }
            Column::REQUIRED
                .iter()
                .all(|c| columns.contains_key(c))
                .then(|| Header {
                    row: first_row + i as u32,
                    columns,
                })
        })
}

/// The fascia-debole flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    Si,
    No,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Si => "SI",
            Flag::No => "NO",
        }
    }
}

/// A flag cell that is neither SI, NO nor blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidFlag;

/// A category cell that names no category of the server's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCategory;

/// SI/SÌ/S/X/1/VERO/TRUE → SI; NO/N/0/FALSO/FALSE → NO (any case; booleans and the
/// numbers 1 and 0 too); blank → `Ok(None)`, not declared; anything else → `Err`.
pub fn parse_flag(cell: &Cell) -> Result<Option<Flag>, InvalidFlag> {
    match cell {
        c if c.is_blank() => Ok(None),
        Cell::Bool(b) => Ok(Some(if *b { Flag::Si } else { Flag::No })),
        Cell::Number(n) if *n == 1.0 => Ok(Some(Flag::Si)),
        Cell::Number(n) if *n == 0.0 => Ok(Some(Flag::No)),
        Cell::Text(t) => match fold(t).as_str() {
            "si" | "s" | "x" | "1" | "vero" | "true" => Ok(Some(Flag::Si)),
            "no" | "n" | "0" | "falso" | "false" => Ok(Some(Flag::No)),
            _ => Err(InvalidFlag),
        },
        _ => Err(InvalidFlag),
    }
}

/// A code (any case) or the exact label (ignoring case, accents, spaces and
/// punctuation); blank → `Ok(None)`; unknown → `Err`.
pub fn parse_category<'a>(
    cell: &Cell,
    categories: &'a [Category],
) -> Result<Option<&'a Category>, UnknownCategory> {
    if cell.is_blank() {
        return Ok(None);
    }
    let text = cell.text();
    let code = text.trim().to_uppercase();
    if let Some(c) = categories.iter().find(|c| c.code.to_uppercase() == code) {
        return Ok(Some(c));
    }
    let key = fold(&text);
    categories
        .iter()
        .find(|c| fold(&c.label) == key)
        .map(Some)
        .ok_or(UnknownCategory)
}

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The issue codes of issue 7, stable for clients and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueCode {
    CfNonValido,
    CfSconosciuto,
    RigaDuplicata,
    RigaInConflitto,
    FlagNonValido,
    CategoriaMancante,
    CategoriaSenzaFlag,
    CategoriaSconosciuta,
    ProgettoMancante,
    FlagNonIndicato,
}

impl IssueCode {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::CfNonValido => "CF_NON_VALIDO",
            IssueCode::CfSconosciuto => "CF_SCONOSCIUTO",
            IssueCode::RigaDuplicata => "RIGA_DUPLICATA",
            IssueCode::RigaInConflitto => "RIGA_IN_CONFLITTO",
            IssueCode::FlagNonValido => "FLAG_NON_VALIDO",
            IssueCode::CategoriaMancante => "CATEGORIA_MANCANTE",
            IssueCode::CategoriaSenzaFlag => "CATEGORIA_SENZA_FLAG",
            IssueCode::CategoriaSconosciuta => "CATEGORIA_SCONOSCIUTA",
            IssueCode::ProgettoMancante => "PROGETTO_MANCANTE",
            IssueCode::FlagNonIndicato => "FLAG_NON_INDICATO",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            IssueCode::RigaDuplicata | IssueCode::FlagNonIndicato => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The spreadsheet's own 1-based row number.
    pub row: u32,
    /// The header of the column at fault.
    pub column: &'static str,
    pub code: IssueCode,
    /// Italian, for the operator.
    pub message: String,
}

impl Issue {
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// A data row as read, with its parsed to-fill values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub row: u32,
    /// Normalised (uppercase, no separators), even when invalid.
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub fascia_debole: Option<Flag>,
    /// The category code, when it was recognised.
    pub categoria: Option<String>,
    /// Whether the row has no errors (warnings allowed).
    pub ok: bool,
}

/// Totals of the declared flags: SI, NO, not declared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    pub si: usize,
    pub no: usize,
    pub non_indicato: usize,
}

/// The outcome of [`check_rows`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Non-blank data rows.
    pub rows_total: usize,
    pub rows_ok: usize,
    pub rows_with_errors: usize,
    pub rows_with_warnings: usize,
    /// Over the first occurrence of each (valid CF, project) whose flag could be read.
    pub declared: Declared,
    /// Rows with flag SI and a known category, by code (first occurrences only).
    pub by_category: BTreeMap<String, usize>,
    pub issues: Vec<Issue>,
    pub rows: Vec<Declaration>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.rows_with_errors > 0
    }

    /// The issues of one row.
    pub fn issues_of(&self, row: u32) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |i| i.row == row)
    }
}

/// What the rows are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The server's categories.
    pub categories: &'a [Category],
    /// The (codice fiscale, codice progetto) pairs of the downloaded file; `None`
    /// when checking a file on its own.
    pub known: Option<&'a HashSet<(String, String)>>,
    /// Today, to resolve the century of a codice fiscale.
    pub reference: NaiveDate,
}

/// Checks the data rows under `header`: `rows` are `(row number, cells)` in sheet
/// order. Fully blank rows are skipped and not counted.
pub fn check_rows<'r>(
    header: &Header,
    rows: impl IntoIterator<Item = (u32, &'r [Cell])>,
    ctx: &Context<'_>,
) -> Report {
    let mut report = Report::default();
    // (CF, project) → the first row's flag, category and row number.
    type First = (Option<Flag>, Option<String>, u32);
    let mut seen: HashMap<(String, String), First> = HashMap::new();
    let empty = Cell::Empty;
    for (row, cells) in rows {
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        let cell = |c: Column| {
            header
                .columns
                .get(&c)
                .and_then(|&j| cells.get(j))
                .unwrap_or(&empty)
        };
        let mut issues = Vec::new();
        let mut issue = |column: Column, code: IssueCode, message: String| {
            issues.push(Issue {
                row,
                column: column.header(),
                code,
                message,
            })
        };

        let cf_raw = cell(Column::CodiceFiscale).text();
        let cf = codice_fiscale::CodiceFiscale::normalize(&cf_raw);
        let cf_ok = if cf.is_empty() {
            issue(
                Column::CodiceFiscale,
                IssueCode::CfNonValido,
                "Codice fiscale mancante.".into(),
            );
            false
        } else {
            let check = codice_fiscale::check(&cf, ctx.reference);
            match check.errors.first() {
                Some(e) => {
                    issue(
                        Column::CodiceFiscale,
                        IssueCode::CfNonValido,
                        format!("Codice fiscale «{cf}» non valido: {e}."),
                    );
                    false
                }
                None => true,
            }
        };
        let project = cell(Column::CodiceProgetto).text();
        if project.is_empty() {
            issue(
                Column::CodiceProgetto,
                IssueCode::ProgettoMancante,
                "Codice progetto mancante.".into(),
            );
        }
        if cf_ok
            && !project.is_empty()
            && let Some(known) = ctx.known
            && !known.contains(&(cf.clone(), project.clone()))
        {
            issue(
                Column::CodiceFiscale,
                IssueCode::CfSconosciuto,
                format!("{cf} non risulta tra i partecipanti del progetto {project}."),
            );
        }

        let flag_cell = cell(Column::FasciaDebole);
        let flag = parse_flag(flag_cell);
        if flag.is_err() {
            issue(
                Column::FasciaDebole,
                IssueCode::FlagNonValido,
                format!(
                    "Valore «{}» non valido per Fascia debole: indicare SI o NO.",
                    flag_cell.text()
                ),
            );
        }
        let cat_cell = cell(Column::Categoria);
        let category = parse_category(cat_cell, ctx.categories);
        if category.is_err() {
            issue(
                Column::Categoria,
                IssueCode::CategoriaSconosciuta,
                format!("Categoria «{}» sconosciuta.", cat_cell.text()),
            );
        }
        let flag = flag.ok().flatten();
        let category = category.ok().flatten();
        let has_category = !cat_cell.is_blank();
        match flag {
            Some(Flag::Si) if !has_category => issue(
                Column::Categoria,
                IssueCode::CategoriaMancante,
                "Fascia debole SI: indicare la categoria.".into(),
            ),
            Some(Flag::No) | None if has_category && !flag_cell_invalid(flag_cell) => issue(
                Column::Categoria,
                IssueCode::CategoriaSenzaFlag,
                "Categoria indicata ma Fascia debole non è SI.".into(),
            ),
            _ => {}
        }
        if flag_cell.is_blank() {
            let aula = parse_flag(cell(Column::AulaOmogenea)).ok().flatten();
            if aula == Some(Flag::No) {
                issue(
                    Column::FasciaDebole,
                    IssueCode::FlagNonIndicato,
                    "Fascia debole non indicata per un partecipante di un'aula non omogenea."
                        .into(),
                );
            }
        }

        let parse_errors = issues.iter().any(|i| i.severity() == Severity::Error);
        let mut issue = |column: Column, code: IssueCode, message: String| {
            issues.push(Issue {
                row,
                column: column.header(),
                code,
                message,
            })
        };
        let categoria = category.map(|c| c.code.clone());
        let mut first = true;
        if cf_ok && !project.is_empty() && !parse_errors {
            let key = (cf.clone(), project.clone());
            match seen.get(&key) {
                Some((f, c, at)) if *f == flag && *c == categoria => {
                    first = false;
                    issue(
                        Column::CodiceFiscale,
                        IssueCode::RigaDuplicata,
                        format!(
                            "Riga ripetuta: {cf} nel progetto {project} compare già alla riga {at} con gli stessi valori."
                        ),
                    );
                }
                Some((_, _, at)) => {
                    first = false;
                    issue(
                        Column::CodiceFiscale,
                        IssueCode::RigaInConflitto,
                        format!(
                            "{cf} nel progetto {project} compare già alla riga {at} con valori diversi."
                        ),
                    );
                }
                None => {
                    seen.insert(key, (flag, categoria.clone(), row));
                }
            }
        } else if !cf_ok || project.is_empty() || flag_cell_invalid(flag_cell) {
            first = false;
        }

        let errors = issues.iter().any(|i| i.severity() == Severity::Error);
        let warnings = issues.iter().any(|i| i.severity() == Severity::Warning);
        report.rows_total += 1;
        if errors {
            report.rows_with_errors += 1;
        } else {
            report.rows_ok += 1;
        }
        if warnings {
            report.rows_with_warnings += 1;
        }
        if first {
            match flag {
                Some(Flag::Si) => report.declared.si += 1,
                Some(Flag::No) => report.declared.no += 1,
                None => report.declared.non_indicato += 1,
            }
            if flag == Some(Flag::Si)
                && let Some(code) = &categoria
            {
                *report.by_category.entry(code.clone()).or_default() += 1;
            }
        }
        report.issues.extend(issues);
        report.rows.push(Declaration {
            row,
            codice_fiscale: cf,
            codice_progetto: project,
            fascia_debole: flag,
            categoria,
            ok: !errors,
        });
    }
    report
}

fn flag_cell_invalid(cell: &Cell) -> bool {
    parse_flag(cell).is_err()
}

/// A category the candidate's SAP data supports, with the Italian reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub code: &'static str,
    pub reason: String,
}

/// The order in which a single category is proposed when several apply (domain.md).
pub const SUGGESTION_ORDER: [&str; 6] = ["DIS", "MSV", "SVA", "SVB", "SVC", "SVD"];

/// Months of unemployment at `start`: the SAP's count is as of its last update, so the
/// "unemployed since" or DID date, when present, gives it at the course start.
fn unemployed_months_at(c: &Candidate, start: NaiveDate) -> Option<u32> {
    let a = &c.administrative;
    let since = a.unemployed_since.or(a.did_date);
    match since {
        Some(since) if since <= start => {
            let months = (start.year() - since.year()) * 12 + start.month() as i32
                - since.month() as i32
                - i32::from(start.day() < since.day());
            Some(months.max(0) as u32)
        }
        Some(_) => None,
        None => a.unemployment_months,
    }
}

/// The categories derivable from SAP data at the course `start`, in
/// [`SUGGESTION_ORDER`]; only codes present in `categories` (the server's list).
pub fn suggest(c: &Candidate, start: NaiveDate, categories: &[Category]) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    let age = c.age_at(start);
    let months = unemployed_months_at(c, start);
    let rank = c.education_level().map(EducationLevel::rank);
    let svb = age.is_some_and(|a| (15..=24).contains(&a));
    let svc = rank.is_some_and(|r| r <= 2);
    let svd = c
        .personal
        .birth_date
        .checked_add_months(chrono::Months::new(50 * 12))
        .is_some_and(|d| start > d);
    let disabled = c.administrative.collocamento_mirato
        || c.administrative
            .special_categories
            .iter()
            .any(|s| fold(s).contains("disabil") || fold(s).contains("l681999"));
    if disabled {
        out.push(Suggestion {
            code: "DIS",
            reason: "iscritto al collocamento mirato (L. 68/1999)".into(),
        });
    }
    if let Some(m) = months {
        if m >= 24 {
            out.push(Suggestion {
                code: "MSV",
                reason: format!("disoccupato da {m} mesi alla data di inizio corso (almeno 24)"),
            });
        } else if m >= 12 && (svb || svc || svd) {
            out.push(Suggestion {
                code: "MSV",
                reason: format!(
                    "disoccupato da {m} mesi alla data di inizio corso e in un'altra categoria svantaggiata"
                ),
            });
        }
        if m >= 6 {
            out.push(Suggestion {
                code: "SVA",
                reason: format!("disoccupato da {m} mesi alla data di inizio corso"),
            });
        }
    }
    if svb {
        out.push(Suggestion {
            code: "SVB",
            reason: format!("{} anni alla data di inizio corso", age.unwrap_or_default()),
        });
    }
    if svc {
        out.push(Suggestion {
            code: "SVC",
            reason: "nessun diploma di scuola secondaria superiore".into(),
        });
    }
    if svd {
        out.push(Suggestion {
            code: "SVD",
            reason: format!(
                "{} anni alla data di inizio corso (oltre 50)",
                age.unwrap_or_default()
            ),
        });
    }
    out.retain(|s| categories.iter().any(|c| c.code == s.code));
    out
}

#[cfg(test)]
mod tests;
