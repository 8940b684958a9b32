//! Impostazioni, and the password policy shown while typing a new password.

use serde::Deserialize;
use sportello_app::account::{self, PasswordCheck};
use sportello_app::settings::{self, Settings};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct PasswordArgs {
    pub username: String,
    pub password: String,
}

#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> CommandResult<Settings> {
    Ok(settings::load(&state.data_dir)?)
}

#[tauri::command(async)]
pub fn save_settings(state: State<'_, AppState>, args: Settings) -> CommandResult<()> {
    Ok(settings::save(&state.data_dir, &args)?)
}

#[tauri::command(async)]
pub fn check_password(args: PasswordArgs) -> PasswordCheck {
    account::check_new_password(&args.username, &args.password)
}
