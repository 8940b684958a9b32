//! The dashboard's counts.

use sportello_app::overview::{self, Overview};
use tauri::State;

use super::session::today;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>) -> CommandResult<Overview> {
    state.with_store(|store, session| Ok(overview::overview(store, &session.scope, today())?))
}
