//! What a search form offers: branches in the store, statuses, education levels, sort
//! keys and export columns, each as a stable code with its Italian label.

use serde::Serialize;
use sportello_core::Branch;
use sportello_core::candidate::EmploymentStatus;
use sportello_core::education::SCALE;
use sportello_store::Store;

use crate::Result;
use crate::search::{DEFAULT_COLUMNS, ExportColumn, SortKey, sort_key_label};

/// A code and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Choice {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnChoice {
    pub code: String,
    pub header: String,
    /// GDPR art. 9 data: exported only on explicit request.
    pub special_category: bool,
    /// One of the columns exported when none are chosen.
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchOptions {
    pub branches: Vec<Choice>,
    pub statuses: Vec<Choice>,
    /// In rank order, from "nessun titolo" up; the code is the ministerial level code.
    pub education_levels: Vec<Choice>,
    pub sort_keys: Vec<Choice>,
    pub export_columns: Vec<ColumnChoice>,
}

/// How a branch is offered: "FI01 – Firenze Centro".
pub fn label(branch: &Branch) -> String {
    format!("{} – {}", branch.code, branch.name)
}

pub fn search_options(store: &Store) -> Result<SearchOptions> {
    let choice = |code: &str, label: &str| Choice {
        code: code.into(),
        label: label.into(),
    };
    Ok(SearchOptions {
        branches: store
            .branches()?
            .iter()
            .map(|b| choice(&b.code, &label(b)))
            .collect(),
        statuses: EmploymentStatus::ALL
            .iter()
            .map(|s| choice(s.code(), s.label()))
            .collect(),
        education_levels: SCALE
            .iter()
            .map(|l| choice(l.ministerial_code(), l.label()))
            .collect(),
        sort_keys: SortKey::ALL
            .iter()
            .map(|k| choice(k.code(), sort_key_label(*k)))
            .collect(),
        export_columns: ExportColumn::ALL
            .iter()
            .map(|c| ColumnChoice {
                code: c.code().into(),
                header: c.header().into(),
                special_category: c.is_special_category(),
                default: DEFAULT_COLUMNS.contains(c),
            })
            .collect(),
    })
}

/// The branches an operator chose to work on, checked against the store's.
pub fn check_scope(store: &Store, branches: &[String]) -> Result<Vec<String>> {
    let known: Vec<String> = store.branches()?.into_iter().map(|b| b.code).collect();
    if let Some(unknown) = branches.iter().find(|b| !known.contains(b)) {
        return Err(crate::AppError::InvalidInput(format!(
            "filiale sconosciuta «{unknown}»"
        )));
    }
    Ok(branches.to_vec())
}
