//! Candidate search, the SAP sheet and saved searches.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sportello_app::options::{self, SearchOptions};
use sportello_app::search::{
    self, FilterInput, Query, SavedSearchDto, SearchRequest, SearchResult,
};
use sportello_app::sheet::{self, CandidateSheet};
use tauri::State;

use super::session::today;
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SearchArgs {
    pub filter: FilterInput,
    /// `key` or `key:desc` (see `SearchOptions.sort_keys`).
    pub sort: String,
    pub offset: u64,
    pub limit: u64,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SheetArgs {
    pub codice_fiscale: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SaveSearchArgs {
    pub name: String,
    pub filter: FilterInput,
    pub sort: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SavedSearchArgs {
    pub name: String,
}

/// A saved search as the form shows it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SavedSearchForm {
    pub name: String,
    pub filter: FilterInput,
    pub sort: String,
}

#[tauri::command(async)]
pub fn search_options(state: State<'_, AppState>) -> CommandResult<SearchOptions> {
    state.with_store(|store, _| Ok(options::search_options(store)?))
}

#[tauri::command(async)]
pub fn search_candidates(
    state: State<'_, AppState>,
    args: SearchArgs,
) -> CommandResult<SearchResult> {
    state.with_store(|store, session| {
        let query = Query::from_form(&args.filter, &args.sort, &session.scope)?;
        let (offset, limit) = (args.offset, args.limit);
        let request = SearchRequest {
            query,
            offset,
            limit,
        };
        Ok(search::search_in(store, &request, today())?)
    })
}

#[tauri::command(async)]
pub fn candidate_sheet(
    state: State<'_, AppState>,
    args: SheetArgs,
) -> CommandResult<CandidateSheet> {
    state.with_store(|store, _| {
        Ok(sheet::candidate_sheet(
            store,
            &args.codice_fiscale,
            today(),
        )?)
    })
}

#[tauri::command(async)]
pub fn saved_searches(state: State<'_, AppState>) -> CommandResult<Vec<SavedSearchDto>> {
    state.with_store(|store, _| Ok(search::saved_searches(store)?))
}

#[tauri::command(async)]
pub fn save_search(state: State<'_, AppState>, args: SaveSearchArgs) -> CommandResult<bool> {
    state.with_store(|store, _| {
        let filter = args.filter.to_filter()?;
        let sort = search::parse_sort(&args.sort)?;
        Ok(search::save_search(
            store,
            &args.name,
            &filter,
            sort,
            Utc::now(),
        )?)
    })
}

#[tauri::command(async)]
pub fn load_saved_search(
    state: State<'_, AppState>,
    args: SavedSearchArgs,
) -> CommandResult<SavedSearchForm> {
    state.with_store(|store, _| {
        let (filter, sort) = search::saved_search(store, &args.name)?;
        Ok(SavedSearchForm {
            name: args.name.trim().to_string(),
            filter: FilterInput::from_filter(&filter),
            sort: search::sort_code(sort),
        })
    })
}

#[tauri::command(async)]
pub fn delete_saved_search(state: State<'_, AppState>, args: SavedSearchArgs) -> CommandResult<()> {
    state.with_store(|store, _| Ok(search::delete_saved_search(store, &args.name)?))
}

/// The citizen's activity lists (seed 003): Garanzia Giovani, and 150/percettori/RDC by
/// interview.
#[tauri::command(async)]
pub fn attivita_liste(
    state: State<'_, AppState>,
    args: SheetArgs,
) -> CommandResult<sportello_app::attivita::Attivita> {
    state.with_store(|store, _| Ok(sportello_app::attivita::liste(store, &args.codice_fiscale)?))
}
