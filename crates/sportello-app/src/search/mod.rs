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

mod columns;
mod describe;
pub(crate) mod export;
mod form;
mod saved;

pub use columns::*;
pub use describe::*;
pub use export::*;
pub use form::*;
pub use saved::*;

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
        for &c in ExportColumn::ALL {
            assert_eq!(ExportColumn::from_code(c.code()), Some(c));
        }
        assert!(
            !DEFAULT_COLUMNS.iter().any(|c| c.is_special_category()),
            "art. 9 data is never in the default columns"
        );
    }
}
