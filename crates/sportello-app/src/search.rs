//! Candidate search and Excel export (issue 5), as both front ends use them.
//!
//! - [`FilterInput`] is a filter as typed (strings, as a form or the command line has
//!   them); [`FilterInput::to_filter`] checks it into a [`CandidateFilter`] with Italian
//!   messages.
//! - [`search`] returns one page of [`CandidateRow`]s and the total.
//! - [`export`] streams every match into an xlsx file with the chosen
//!   [`ExportColumn`]s, records the export in the audit log, and only then puts the
//!   file in place.
//! - Saved searches: [`save_search`], [`saved_searches`], [`saved_search`],
//!   [`delete_saved_search`].
//!
//! GDPR art. 9 data (disability: collocamento mirato, special categories) leaves the
//! store only when the operator asks explicitly ([`ExportRequest::include_special_categories`]):
//! as a column, or implied by a filter on it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::candidate::{EmploymentStatus, IncomeSupport};
use sportello_core::education::SCALE;
use sportello_core::{Candidate, EducationLevel, Sex};
use sportello_sheets::table::{self, Cell, Column, Properties, TableSpec, TableWriter};
use sportello_store::{CandidateSummary, Matches, SearchQuery};

use crate::outgoing::{Export, Outgoing};
use crate::{AppError, Profile, Result};

pub use sportello_core::CandidateFilter;
pub use sportello_core::filter::{Sort, SortKey};
pub use sportello_store::{Scope, Store};

/// Rows per page when a front end does not say.
pub const DEFAULT_PAGE: u64 = 50;
/// The most rows one page may ask for (the UI pages through more).
pub const MAX_PAGE: u64 = 1_000;
/// The `meta` key of the agency's name, shown as the company of exported files.
pub const AGENCY_META_KEY: &str = "agency_name";
/// **Assumed** company name until the agency's own comes with the sync.
const DEFAULT_AGENCY: &str = "Sportello";
const DATA_SHEET: &str = "Candidati";
const CRITERIA_SHEET: &str = "Criteri";

// --- filters as typed ----------------------------------------------------------------

/// A filter as a front end has it: optional strings and numbers, unchecked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FilterInput {
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    /// A ministerial level code (`40`) or a level name (`maturita`).
    pub education_min: Option<String>,
    pub keywords: Option<String>,
    pub branches: Vec<String>,
    pub comune: Option<String>,
    pub provincia: Option<String>,
    /// `M` or `F`.
    pub sex: Option<String>,
    /// A status code (`disoccupato`, `occupato_in_cerca`…).
    pub status: Option<String>,
    pub unemployed_months_min: Option<u32>,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub did_from: Option<String>,
    pub did_to: Option<String>,
    pub income_support: Option<bool>,
    pub collocamento_mirato: Option<bool>,
    pub driving_licences: Vec<String>,
    pub languages: Vec<String>,
    pub policy_activity: Option<String>,
    pub updated_since: Option<String>,
}

impl FilterInput {
    /// Checks every field; the first problem is the error.
    pub fn to_filter(&self) -> Result<CandidateFilter> {
        if let (Some(min), Some(max)) = (self.age_min, self.age_max)
            && min > max
        {
            return Err(invalid(format!(
                "l'età minima ({min}) supera l'età massima ({max})"
            )));
        }
        let filter = CandidateFilter {
            age_min: self.age_min,
            age_max: self.age_max,
            education_min: self
                .education_min
                .as_deref()
                .map(parse_education)
                .transpose()?,
            keywords: non_blank(&self.keywords),
            branches: self
                .branches
                .iter()
                .map(|b| b.trim().to_uppercase())
                .filter(|b| !b.is_empty())
                .collect(),
            comune: non_blank(&self.comune),
            provincia: non_blank(&self.provincia),
            sex: self.sex.as_deref().map(parse_sex).transpose()?,
            status: self.status.as_deref().map(parse_status).transpose()?,
            unemployed_months_min: self.unemployed_months_min,
            did_from: self
                .did_from
                .as_deref()
                .map(|d| parse_date(d, "data DID iniziale"))
                .transpose()?,
            did_to: self
                .did_to
                .as_deref()
                .map(|d| parse_date(d, "data DID finale"))
                .transpose()?,
            income_support: self.income_support,
            collocamento_mirato: self.collocamento_mirato,
            driving_licences: non_blank_list(&self.driving_licences),
            languages: non_blank_list(&self.languages),
            policy_activity: non_blank(&self.policy_activity),
            updated_since: self
                .updated_since
                .as_deref()
                .map(|d| parse_date(d, "data di aggiornamento"))
                .transpose()?,
        };
        if let (Some(from), Some(to)) = (filter.did_from, filter.did_to)
            && from > to
        {
            return Err(invalid(format!(
                "la data DID iniziale ({}) è successiva a quella finale ({})",
                italian_date(from),
                italian_date(to)
            )));
        }
        Ok(filter)
    }
}

impl FilterInput {
    /// The typed form of a checked filter (a saved search shown in a form again).
    pub fn from_filter(f: &CandidateFilter) -> Self {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        FilterInput {
            age_min: f.age_min,
            age_max: f.age_max,
            education_min: f.education_min.map(|l| l.ministerial_code().to_string()),
            keywords: f.keywords.clone(),
            branches: f.branches.clone(),
            comune: f.comune.clone(),
            provincia: f.provincia.clone(),
            sex: f.sex.map(|s| sex_code(s).to_string()),
            status: f.status.map(|s| s.code().to_string()),
            unemployed_months_min: f.unemployed_months_min,
            did_from: day(f.did_from),
            did_to: day(f.did_to),
            income_support: f.income_support,
            collocamento_mirato: f.collocamento_mirato,
            driving_licences: f.driving_licences.clone(),
            languages: f.languages.clone(),
            policy_activity: f.policy_activity.clone(),
            updated_since: day(f.updated_since),
        }
    }
}

pub(crate) fn invalid(message: impl Into<String>) -> AppError {
    AppError::InvalidInput(message.into())
}

fn non_blank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn non_blank_list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A ministerial level code (`40`, or an 8-digit course code) or a level name.
pub fn parse_education(text: &str) -> Result<EducationLevel> {
    let text = text.trim();
    EducationLevel::from_ministerial_code(text)
        .or_else(|| {
            SCALE
                .into_iter()
                .find(|l| level_code_name(*l) == text.to_lowercase())
        })
        .ok_or_else(|| {
            let known: Vec<String> = SCALE
                .iter()
                .map(|l| format!("{} ({})", l.ministerial_code(), level_code_name(*l)))
                .collect();
            invalid(format!(
                "titolo di studio sconosciuto «{text}»: usa uno di {}",
                known.join(", ")
            ))
        })
}

/// The snake_case name of a level (`laurea_triennale`), as serde writes it.
fn level_code_name(level: EducationLevel) -> String {
    serde_json::to_value(level)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn parse_sex(text: &str) -> Result<Sex> {
    match text.trim().to_uppercase().as_str() {
        "M" => Ok(Sex::M),
        "F" => Ok(Sex::F),
        other => Err(invalid(format!("sesso «{other}» non valido: usa M o F"))),
    }
}

pub fn parse_status(text: &str) -> Result<EmploymentStatus> {
    EmploymentStatus::from_code(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = EmploymentStatus::ALL.iter().map(|s| s.code()).collect();
        invalid(format!(
            "stato occupazionale sconosciuto «{text}»: usa uno di {}",
            known.join(", ")
        ))
    })
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(text: &str, what: &str) -> Result<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| {
            invalid(format!(
                "{what} non valida «{text}»: usa GG/MM/AAAA o AAAA-MM-GG"
            ))
        })
}

/// `COL` or `COL:desc` (or `COL:asc`), COL one of [`SortKey::code`].
pub fn parse_sort(text: &str) -> Result<Sort> {
    let (key, direction) = text.trim().split_once(':').unwrap_or((text.trim(), "asc"));
    let descending = match direction.to_lowercase().as_str() {
        "asc" => false,
        "desc" => true,
        other => {
            return Err(invalid(format!(
                "direzione di ordinamento «{other}» non valida: usa asc o desc"
            )));
        }
    };
    let key = SortKey::from_code(key).ok_or_else(|| {
        let known: Vec<&str> = SortKey::ALL.iter().map(|k| k.code()).collect();
        invalid(format!(
            "colonna di ordinamento sconosciuta «{key}»: usa una di {}",
            known.join(", ")
        ))
    })?;
    Ok(Sort { key, descending })
}

/// The query to run: the saved search `saved` if named, with the typed fields on top
/// (a typed field replaces the saved one; lists add up), sorted by `sort` if given,
/// else as saved, else by surname; within the scope of the store's session.
pub fn resolve_query(
    store: &Store,
    saved: Option<&str>,
    typed: &FilterInput,
    sort: Option<&str>,
) -> Result<Query> {
    let flags = typed.to_filter()?;
    let (mut filter, mut order) = match saved {
        Some(name) => saved_search(store, name)?,
        None => (CandidateFilter::default(), Sort::default()),
    };
    merge(&mut filter, flags);
    if let Some(s) = sort {
        order = parse_sort(s)?;
    }
    Ok(Query {
        filter,
        scope: crate::sync::session_scope(store)?,
        sort: order,
    })
}

/// The filter limited to the operator's `scope` (branch codes; empty: the whole store):
/// no branch asked means every branch in scope, and branches outside it are dropped.
/// Asking only for branches outside the scope is an error, never "everyone".
pub fn within_scope(mut filter: CandidateFilter, scope: &[String]) -> Result<CandidateFilter> {
    if scope.is_empty() {
        return Ok(filter);
    }
    if filter.branches.is_empty() {
        filter.branches = scope.to_vec();
        return Ok(filter);
    }
    let asked = std::mem::take(&mut filter.branches);
    filter.branches = asked
        .iter()
        .filter(|b| scope.contains(b))
        .cloned()
        .collect();
    if filter.branches.is_empty() {
        return Err(invalid(format!(
            "le filiali {} non sono nell'ambito scelto ({})",
            asked.join(", "),
            scope.join(", ")
        )));
    }
    Ok(filter)
}

fn merge(base: &mut CandidateFilter, flags: CandidateFilter) {
    macro_rules! replace {
        ($($field:ident),*) => { $( if flags.$field.is_some() { base.$field = flags.$field; } )* };
    }
    replace!(
        age_min,
        age_max,
        education_min,
        keywords,
        comune,
        provincia,
        sex,
        status,
        unemployed_months_min,
        did_from,
        did_to,
        income_support,
        collocamento_mirato,
        policy_activity,
        updated_since
    );
    for (list, more) in [
        (&mut base.branches, flags.branches),
        (&mut base.driving_licences, flags.driving_licences),
        (&mut base.languages, flags.languages),
    ] {
        for item in more {
            if !list.contains(&item) {
                list.push(item);
            }
        }
    }
}

// --- search ----------------------------------------------------------------------------

/// One row of the result table. Dates are `YYYY-MM-DD`; places as the SAP writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CandidateRow {
    pub codice_fiscale: String,
    pub surname: String,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub age: Option<u32>,
    pub branch: String,
    pub comune: Option<String>,
    pub provincia: Option<String>,
    pub status: Option<String>,
    pub status_label: Option<String>,
    pub education: Option<String>,
    pub unemployment_months: Option<u32>,
    pub did_date: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResult {
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    pub sort: String,
    /// The sort in words, for people ("Cognome, crescente").
    pub sort_description: String,
    pub rows: Vec<CandidateRow>,
}

/// Which candidates, in which order, within what the operator may see: what a
/// search, an export and a SAP batch share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub filter: CandidateFilter,
    /// The branches the operator may see; enforced by the store whatever the filter.
    pub scope: Scope,
    pub sort: Sort,
}

impl Query {
    /// A search form and its sort (`key` or `key:desc`) within the branches the
    /// session chose (none: every branch the store holds); a filter naming only
    /// branches outside them is refused.
    pub fn from_form(form: &FilterInput, sort: &str, branches: &[String]) -> Result<Query> {
        Ok(Query {
            filter: within_scope(form.to_filter()?, branches)?,
            scope: scope_of(branches),
            sort: parse_sort(sort)?,
        })
    }
}

/// What to search and which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: Query,
    pub offset: u64,
    pub limit: u64,
}

/// `key` or `key:desc`, as [`parse_sort`] reads it.
pub fn sort_code(sort: Sort) -> String {
    sort_label(sort)
}

fn sort_label(sort: Sort) -> String {
    format!(
        "{}:{}",
        sort.key.code(),
        if sort.descending { "desc" } else { "asc" }
    )
}

/// One page of the candidates matching the filter and how many match; ages at `today`.
pub fn search(
    profile: &Profile,
    password: &str,
    request: &SearchRequest,
    today: NaiveDate,
) -> Result<SearchResult> {
    let store = crate::store::open(profile, password)?;
    search_in(&store, request, today)
}

/// [`search`] on an open store.
pub fn search_in(store: &Store, request: &SearchRequest, today: NaiveDate) -> Result<SearchResult> {
    if request.limit == 0 || request.limit > MAX_PAGE {
        return Err(invalid(format!(
            "righe per pagina non valide ({}): da 1 a {MAX_PAGE}",
            request.limit
        )));
    }
    let page = store.search(&SearchQuery {
        filter: request.query.filter.clone(),
        scope: request.query.scope.clone(),
        reference: today,
        sort: request.query.sort,
        offset: request.offset,
        limit: request.limit,
    })?;
    Ok(SearchResult {
        total: page.total,
        offset: request.offset,
        limit: request.limit,
        sort: sort_label(request.query.sort),
        sort_description: sort_description(request.query.sort),
        rows: page
            .rows
            .iter()
            .map(|f| candidate_row(&f.summary, today))
            .collect(),
    })
}

fn candidate_row(s: &CandidateSummary, today: NaiveDate) -> CandidateRow {
    CandidateRow {
        codice_fiscale: s.codice_fiscale.clone(),
        surname: s.surname.clone(),
        name: s.name.clone(),
        sex: sex_code(s.sex).into(),
        birth_date: s.birth_date.to_string(),
        age: sportello_core::candidate::age_at(s.birth_date, today),
        branch: s.branch.clone(),
        comune: s.comune.clone(),
        provincia: s.provincia.clone(),
        status: s.status.map(|s| s.code().into()),
        status_label: s.status.map(|s| s.label().into()),
        education: s.education.map(|l| l.label().into()),
        unemployment_months: s.unemployment_months,
        did_date: s.did_date.map(|d| d.to_string()),
        mobile: s.mobile.clone(),
        email: s.email.clone(),
        updated_at: s
            .updated_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }
}

fn sex_code(sex: Sex) -> &'static str {
    match sex {
        Sex::M => "M",
        Sex::F => "F",
    }
}

// --- describing a filter ---------------------------------------------------------------

/// The filter in Italian, one `(criterion, value)` per field set: for the "Criteri"
/// sheet, the CLI and the UI.
pub fn describe_filter(filter: &CandidateFilter) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |k: &str, v: String| out.push((k.to_string(), v));
    let yes_no = |b: bool| if b { "sì" } else { "no" }.to_string();
    if let Some(v) = filter.age_min {
        add("Età minima", v.to_string());
    }
    if let Some(v) = filter.age_max {
        add("Età massima", v.to_string());
    }
    if let Some(v) = filter.education_min {
        add("Titolo di studio minimo", v.label().into());
    }
    if let Some(v) = &filter.keywords {
        add("Parole chiave", v.clone());
    }
    if !filter.branches.is_empty() {
        add("Filiali", filter.branches.join(", "));
    }
    if let Some(v) = &filter.comune {
        add("Comune di residenza o domicilio", v.clone());
    }
    if let Some(v) = &filter.provincia {
        add("Provincia di residenza o domicilio", v.clone());
    }
    if let Some(v) = filter.sex {
        add("Sesso", sex_code(v).into());
    }
    if let Some(v) = filter.status {
        add("Stato occupazionale", v.label().into());
    }
    if let Some(v) = filter.unemployed_months_min {
        add("Mesi di disoccupazione (minimo)", v.to_string());
    }
    if let Some(v) = filter.did_from {
        add("Data DID dal", italian_date(v));
    }
    if let Some(v) = filter.did_to {
        add("Data DID al", italian_date(v));
    }
    if let Some(v) = filter.income_support {
        add("Beneficiario SFL/RdC/ADI", yes_no(v));
    }
    if let Some(v) = filter.collocamento_mirato {
        add("Collocamento mirato (L. 68/1999)", yes_no(v));
    }
    if !filter.driving_licences.is_empty() {
        add("Patenti", filter.driving_licences.join(", "));
    }
    if !filter.languages.is_empty() {
        add("Lingue", filter.languages.join(", "));
    }
    if let Some(v) = &filter.policy_activity {
        add("Politica attiva svolta", v.clone());
    }
    if let Some(v) = filter.updated_since {
        add("Aggiornati dal", italian_date(v));
    }
    out
}

fn italian_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn sort_description(sort: Sort) -> String {
    format!(
        "{}, {}",
        sort_key_label(sort.key),
        if sort.descending {
            "decrescente"
        } else {
            "crescente"
        }
    )
}

/// The column a sort key orders by, in Italian.
pub fn sort_key_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Surname => "Cognome",
        SortKey::Name => "Nome",
        SortKey::CodiceFiscale => "Codice fiscale",
        SortKey::BirthDate => "Data di nascita",
        SortKey::Age => "Età",
        SortKey::Sex => "Sesso",
        SortKey::Branch => "Filiale",
        SortKey::Comune => "Comune di residenza",
        SortKey::Provincia => "Provincia di residenza",
        SortKey::Status => "Stato occupazionale",
        SortKey::Education => "Titolo di studio",
        SortKey::UnemploymentMonths => "Mesi di disoccupazione",
        SortKey::DidDate => "Data DID",
        SortKey::UpdatedAt => "Ultimo aggiornamento",
    }
}

// --- export columns --------------------------------------------------------------------

/// A column the operator can put in an export; the header is Italian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportColumn {
    CodiceFiscale,
    SapId,
    Surname,
    Name,
    Sex,
    BirthDate,
    Age,
    Birthplace,
    Citizenship,
    Branch,
    Address,
    Cap,
    Comune,
    Provincia,
    DomicileComune,
    Mobile,
    Phone,
    Email,
    Status,
    UnemploymentMonths,
    DidDate,
    Education,
    EducationTitle,
    LastQualification,
    DesiredJobs,
    DrivingLicences,
    Languages,
    Policies,
    IncomeSupport,
    UpdatedAt,
    /// GDPR art. 9.
    CollocamentoMirato,
    /// GDPR art. 9 (the SAP's 2.4, e.g. "Disabile (L. 68/1999)").
    SpecialCategories,
}

/// Fifteen columns an operator usually wants, in this order.
pub const DEFAULT_COLUMNS: [ExportColumn; 15] = [
    ExportColumn::CodiceFiscale,
    ExportColumn::Surname,
    ExportColumn::Name,
    ExportColumn::Sex,
    ExportColumn::BirthDate,
    ExportColumn::Age,
    ExportColumn::Comune,
    ExportColumn::Provincia,
    ExportColumn::Mobile,
    ExportColumn::Email,
    ExportColumn::Branch,
    ExportColumn::Status,
    ExportColumn::UnemploymentMonths,
    ExportColumn::DidDate,
    ExportColumn::Education,
];

impl ExportColumn {
    pub const ALL: [ExportColumn; 32] = [
        Self::CodiceFiscale,
        Self::SapId,
        Self::Surname,
        Self::Name,
        Self::Sex,
        Self::BirthDate,
        Self::Age,
        Self::Birthplace,
        Self::Citizenship,
        Self::Branch,
        Self::Address,
        Self::Cap,
        Self::Comune,
        Self::Provincia,
        Self::DomicileComune,
        Self::Mobile,
        Self::Phone,
        Self::Email,
        Self::Status,
        Self::UnemploymentMonths,
        Self::DidDate,
        Self::Education,
        Self::EducationTitle,
        Self::LastQualification,
        Self::DesiredJobs,
        Self::DrivingLicences,
        Self::Languages,
        Self::Policies,
        Self::IncomeSupport,
        Self::UpdatedAt,
        Self::CollocamentoMirato,
        Self::SpecialCategories,
    ];

    /// The name used on the command line (`--columns codice_fiscale,surname`).
    pub fn code(self) -> &'static str {
        self.meta().0
    }

    /// The Italian header.
    pub fn header(self) -> &'static str {
        self.meta().1
    }

    /// GDPR art. 9 data: exported only on explicit request.
    pub fn is_special_category(self) -> bool {
        matches!(self, Self::CollocamentoMirato | Self::SpecialCategories)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    fn meta(self) -> (&'static str, &'static str) {
        match self {
            Self::CodiceFiscale => ("codice_fiscale", "Codice fiscale"),
            Self::SapId => ("sap_id", "Codice SAP"),
            Self::Surname => ("surname", "Cognome"),
            Self::Name => ("name", "Nome"),
            Self::Sex => ("sex", "Sesso"),
            Self::BirthDate => ("birth_date", "Data di nascita"),
            Self::Age => ("age", "Età"),
            Self::Birthplace => ("birthplace", "Luogo di nascita"),
            Self::Citizenship => ("citizenship", "Cittadinanza"),
            Self::Branch => ("branch", "Filiale"),
            Self::Address => ("address", "Indirizzo di residenza"),
            Self::Cap => ("cap", "CAP"),
            Self::Comune => ("comune", "Comune di residenza"),
            Self::Provincia => ("provincia", "Provincia"),
            Self::DomicileComune => ("domicile_comune", "Comune di domicilio"),
            Self::Mobile => ("mobile", "Cellulare"),
            Self::Phone => ("phone", "Telefono"),
            Self::Email => ("email", "Email"),
            Self::Status => ("status", "Stato occupazionale"),
            Self::UnemploymentMonths => ("unemployment_months", "Mesi di disoccupazione"),
            Self::DidDate => ("did_date", "Data DID"),
            Self::Education => ("education", "Titolo di studio"),
            Self::EducationTitle => ("education_title", "Descrizione del titolo"),
            Self::LastQualification => ("last_qualification", "Ultima qualifica"),
            Self::DesiredJobs => ("desired_jobs", "Professioni cercate"),
            Self::DrivingLicences => ("driving_licences", "Patenti"),
            Self::Languages => ("languages", "Lingue"),
            Self::Policies => ("policies", "Politiche attive"),
            Self::IncomeSupport => ("income_support", "Sostegno al reddito"),
            Self::UpdatedAt => ("updated_at", "Ultimo aggiornamento"),
            Self::CollocamentoMirato => ("collocamento_mirato", "Collocamento mirato (L. 68/1999)"),
            Self::SpecialCategories => ("special_categories", "Categorie particolari"),
        }
    }

    /// Codes and numbers kept as typed (codice fiscale, phones, CAP): text cells in
    /// the text format, so Excel keeps them as text even when retyped.
    pub fn is_code(self) -> bool {
        matches!(
            self,
            Self::CodiceFiscale | Self::SapId | Self::Cap | Self::Mobile | Self::Phone
        )
    }

    /// Whether the column needs the whole SAP record; the others come from the
    /// candidate's summary, which an export reads much faster.
    pub fn needs_record(self) -> bool {
        !matches!(
            self,
            Self::CodiceFiscale
                | Self::Surname
                | Self::Name
                | Self::Sex
                | Self::BirthDate
                | Self::Age
                | Self::Branch
                | Self::Comune
                | Self::Provincia
                | Self::Mobile
                | Self::Email
                | Self::Status
                | Self::UnemploymentMonths
                | Self::DidDate
                | Self::Education
                | Self::UpdatedAt
        )
    }

    /// This column's cell for a candidate; ages at `today`. `record` is the whole SAP
    /// record, needed (and only read) for the columns that [`Self::needs_record`].
    pub fn value<'a>(
        self,
        s: &'a CandidateSummary,
        record: Option<&'a Candidate>,
        today: NaiveDate,
    ) -> ExportValue<'a> {
        use ExportValue::{Date, Empty, Number, Text};
        let text = |s: &'a str| Text(Cow::Borrowed(s));
        let opt = |s: Option<&'a str>| s.map_or(Empty, text);
        match self {
            Self::CodiceFiscale => return text(&s.codice_fiscale),
            Self::Surname => return text(&s.surname),
            Self::Name => return text(&s.name),
            Self::Sex => return text(sex_code(s.sex)),
            Self::BirthDate => return Date(s.birth_date),
            Self::Age => {
                return sportello_core::candidate::age_at(s.birth_date, today)
                    .map_or(Empty, |a| Number(f64::from(a)));
            }
            Self::Branch => return text(&s.branch),
            Self::Comune => return opt(s.comune.as_deref()),
            Self::Provincia => return opt(s.provincia.as_deref()),
            Self::Mobile => return opt(s.mobile.as_deref()),
            Self::Email => return opt(s.email.as_deref()),
            Self::Status => return opt(s.status.map(|s| s.label())),
            Self::UnemploymentMonths => {
                return s
                    .unemployment_months
                    .map_or(Empty, |m| Number(f64::from(m)));
            }
            Self::DidDate => return s.did_date.map_or(Empty, Date),
            Self::Education => return opt(s.education.map(|l| l.label())),
            Self::UpdatedAt => return Date(s.updated_at.with_timezone(&Local).date_naive()),
            _ => {}
        }
        let Some(c) = record else {
            // The export reads records exactly when a column needs one.
            debug_assert!(!self.needs_record(), "{self:?} needs the record");
            return Empty;
        };
        let admin = &c.administrative;
        let list = |items: Vec<&'a str>| {
            if items.is_empty() {
                Empty
            } else {
                Text(Cow::Owned(items.join(", ")))
            }
        };
        match self {
            Self::SapId => opt(c.sap_id.as_deref()),
            Self::Birthplace => text(&c.personal.birthplace),
            Self::Citizenship => text(&c.personal.citizenship),
            Self::Address => opt(c.residence.as_ref().map(|a| a.street.as_str())),
            Self::Cap => opt(c.residence.as_ref().map(|a| a.cap.as_str())),
            Self::DomicileComune => opt(c.domicile.as_ref().map(|a| a.comune.as_str())),
            Self::Phone => opt(c.contacts.phone.as_deref()),
            Self::EducationTitle => {
                list(c.education.iter().map(|t| t.description.as_str()).collect())
            }
            Self::LastQualification => opt(c.experiences.last().map(|e| e.qualification.as_str())),
            Self::DesiredJobs => list(c.desired_jobs.iter().map(String::as_str).collect()),
            Self::DrivingLicences => list(
                c.other
                    .driving_licences
                    .iter()
                    .map(String::as_str)
                    .collect(),
            ),
            Self::Languages => {
                if c.languages.is_empty() {
                    Empty
                } else {
                    Text(Cow::Owned(
                        c.languages
                            .iter()
                            .map(|l| format!("{} {}", l.language, l.level))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ))
                }
            }
            Self::Policies => list(
                c.policies
                    .iter()
                    .map(|p| p.activity_code.as_str())
                    .collect(),
            ),
            Self::IncomeSupport => list(
                admin
                    .income_support
                    .iter()
                    .map(|s| match s {
                        IncomeSupport::Sfl => "SFL",
                        IncomeSupport::Rdc => "RdC",
                        IncomeSupport::Adi => "ADI",
                    })
                    .collect(),
            ),
            Self::CollocamentoMirato => text(if admin.collocamento_mirato {
                "SI"
            } else {
                "NO"
            }),
            Self::SpecialCategories => list(
                admin
                    .special_categories
                    .iter()
                    .map(String::as_str)
                    .collect(),
            ),
            // Answered from the summary above.
            Self::CodiceFiscale
            | Self::Surname
            | Self::Name
            | Self::Sex
            | Self::BirthDate
            | Self::Age
            | Self::Branch
            | Self::Comune
            | Self::Provincia
            | Self::Mobile
            | Self::Email
            | Self::Status
            | Self::UnemploymentMonths
            | Self::DidDate
            | Self::Education
            | Self::UpdatedAt => Empty,
        }
    }
}

/// A cell of an export, as data (the front ends and the tests compare with it).
#[derive(Debug, Clone, PartialEq)]
pub enum ExportValue<'a> {
    Empty,
    Text(Cow<'a, str>),
    Number(f64),
    Date(NaiveDate),
}

impl ExportValue<'_> {
    /// The cell for this value; `code` text gets the text format (see [`Cell::Code`]).
    fn cell(&self, code: bool) -> Cell<'_> {
        match self {
            Self::Empty => Cell::Empty,
            Self::Text(s) if code => Cell::Code(s),
            Self::Text(s) => Cell::Text(s),
            Self::Number(n) => Cell::Number(*n),
            Self::Date(d) => Cell::Date(*d),
        }
    }
}

/// `a,b,c` into columns, in that order; empty means [`DEFAULT_COLUMNS`].
pub fn parse_columns(text: &str) -> Result<Vec<ExportColumn>> {
    let mut columns = Vec::new();
    for code in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let column = ExportColumn::from_code(code).ok_or_else(|| {
            let known: Vec<&str> = ExportColumn::ALL.iter().map(|c| c.code()).collect();
            invalid(format!(
                "colonna sconosciuta «{code}»: usa una di {}",
                known.join(", ")
            ))
        })?;
        if columns.contains(&column) {
            return Err(invalid(format!("colonna ripetuta «{code}»")));
        }
        columns.push(column);
    }
    Ok(if columns.is_empty() {
        DEFAULT_COLUMNS.to_vec()
    } else {
        columns
    })
}

// --- export ----------------------------------------------------------------------------

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

fn check_special_categories(request: &ExportRequest) -> Result<()> {
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
fn criteria(
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
fn scope_description(store: &Store, scope: &Scope, asked: &[String]) -> Result<String> {
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
fn scope_codes(scope: &Scope) -> serde_json::Value {
    match scope {
        Scope::All => serde_json::json!("all"),
        Scope::Branches(codes) => serde_json::json!(codes),
    }
}
pub(crate) use crate::outgoing::absolute;

/// A table error while writing `out`: a disk failure names the file.
fn sheet_error(out: &Path) -> impl Fn(table::Error) -> AppError + use<> {
    let io = crate::outgoing::write_error(out);
    move |e| match e {
        table::Error::Io { source, .. } => io(source),
        other => AppError::Internal(other.to_string()),
    }
}

// --- saved searches --------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedSearchDto {
    pub name: String,
    pub criteria: Vec<(String, String)>,
    pub sort: String,
    pub sort_description: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// Saves the filter and sort under `name` (replacing one of the same name, any case).
pub fn save_search(
    store: &mut Store,
    name: &str,
    filter: &CandidateFilter,
    sort: Sort,
    now: DateTime<Utc>,
) -> Result<bool> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(invalid(
            "il nome della ricerca deve avere da 1 a 100 caratteri",
        ));
    }
    Ok(store.save_search(name, filter, sort, now)?)
}

/// A saved search's filter and sort.
pub fn saved_search(store: &Store, name: &str) -> Result<(CandidateFilter, Sort)> {
    let saved = store.saved_search(name.trim())?.ok_or_else(|| {
        invalid(format!(
            "nessuna ricerca salvata con il nome «{}»",
            name.trim()
        ))
    })?;
    Ok((saved.filter, saved.sort))
}

pub fn saved_searches(store: &Store) -> Result<Vec<SavedSearchDto>> {
    Ok(store
        .saved_searches()?
        .into_iter()
        .map(|s| SavedSearchDto {
            criteria: describe_filter(&s.filter),
            sort: sort_label(s.sort),
            sort_description: sort_description(s.sort),
            updated_at: s
                .updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            name: s.name,
        })
        .collect())
}

pub fn delete_saved_search(store: &mut Store, name: &str) -> Result<()> {
    if store.delete_saved_search(name.trim())? {
        Ok(())
    } else {
        Err(invalid(format!(
            "nessuna ricerca salvata con il nome «{}»",
            name.trim()
        )))
    }
}

/// The store's [`Scope`] for a list of visible branches (empty: every branch).
pub fn scope_of(branches: &[String]) -> Scope {
    if branches.is_empty() {
        Scope::All
    } else {
        Scope::Branches(branches.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_bound_to_the_branches_the_session_chose() {
        let chosen = ["FI01".to_string()];
        let q = Query::from_form(&FilterInput::default(), "surname:desc", &chosen).unwrap();
        assert_eq!(q.filter.branches, chosen);
        assert_eq!(q.scope, Scope::Branches(chosen.to_vec()));
        assert!(q.sort.descending);
        let elsewhere = FilterInput {
            branches: vec!["PO01".into()],
            ..Default::default()
        };
        assert!(Query::from_form(&elsewhere, "surname", &chosen).is_err());
        let q = Query::from_form(&elsewhere, "surname", &[]).unwrap();
        assert_eq!(
            (q.filter.branches, q.scope),
            (vec!["PO01".into()], Scope::All)
        );
        assert!(Query::from_form(&FilterInput::default(), "colore", &[]).is_err());
    }

    #[test]
    fn typed_filters_are_checked_with_italian_messages() {
        let input = FilterInput {
            education_min: Some("40".into()),
            sex: Some("f".into()),
            status: Some("disoccupato".into()),
            did_from: Some("01/01/2026".into()),
            did_to: Some("2026-06-30".into()),
            branches: vec![" fi01 ".into()],
            ..Default::default()
        };
        let f = input.to_filter().unwrap();
        assert_eq!(f.education_min, Some(EducationLevel::Maturita));
        assert_eq!(f.sex, Some(Sex::F));
        assert_eq!(f.did_from, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(f.branches, ["FI01"]);
        assert_eq!(
            parse_education("laurea_triennale").unwrap(),
            EducationLevel::LaureaTriennale
        );
        for bad in [
            FilterInput {
                age_min: Some(40),
                age_max: Some(30),
                ..Default::default()
            },
            FilterInput {
                status: Some("felice".into()),
                ..Default::default()
            },
            FilterInput {
                did_from: Some("31/02/2026".into()),
                ..Default::default()
            },
        ] {
            let err = bad.to_filter().unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InputNonValido, "{bad:?}");
        }
    }

    #[test]
    fn the_scope_limits_branches_and_never_widens_them() {
        let scope = vec!["FI01".to_string(), "PO01".to_string()];
        let with = |b: &[&str]| CandidateFilter {
            branches: b.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        assert_eq!(
            within_scope(with(&[]), &scope).unwrap(),
            with(&["FI01", "PO01"])
        );
        assert_eq!(
            within_scope(with(&["PO01", "AR01"]), &scope).unwrap(),
            with(&["PO01"])
        );
        assert!(within_scope(with(&["AR01"]), &scope).is_err());
        assert_eq!(within_scope(with(&["AR01"]), &[]).unwrap(), with(&["AR01"]));
    }

    #[test]
    fn a_checked_filter_comes_back_as_the_same_form() {
        let typed = FilterInput {
            age_min: Some(18),
            age_max: Some(29),
            education_min: Some("40".into()),
            keywords: Some("magazziniere \"muletto\"".into()),
            branches: vec!["FI01".into()],
            comune: Some("Prato".into()),
            provincia: Some("PO".into()),
            sex: Some("F".into()),
            status: Some("disoccupato".into()),
            unemployed_months_min: Some(6),
            did_from: Some("2025-01-01".into()),
            did_to: Some("2026-06-30".into()),
            income_support: Some(true),
            collocamento_mirato: Some(false),
            driving_licences: vec!["B".into()],
            languages: vec!["en".into()],
            policy_activity: Some("A02".into()),
            updated_since: Some("2026-11-01".into()),
        };
        let filter = typed.to_filter().unwrap();
        let back = FilterInput::from_filter(&filter);
        assert_eq!(back.to_filter().unwrap(), filter);
        assert_eq!(back, typed);
    }

    #[test]
    fn sort_and_columns_parse_by_code() {
        assert_eq!(
            parse_sort("age:desc").unwrap(),
            Sort {
                key: SortKey::Age,
                descending: true
            }
        );
        assert!(parse_sort("stipendio").is_err());
        assert_eq!(parse_columns("").unwrap(), DEFAULT_COLUMNS);
        assert_eq!(
            parse_columns("mobile, codice_fiscale").unwrap(),
            [ExportColumn::Mobile, ExportColumn::CodiceFiscale]
        );
        assert!(parse_columns("mobile,mobile").is_err());
        for c in ExportColumn::ALL {
            assert_eq!(ExportColumn::from_code(c.code()), Some(c));
        }
        assert!(
            !DEFAULT_COLUMNS.iter().any(|c| c.is_special_category()),
            "art. 9 data is never in the default columns"
        );
    }
}
