//! Utenti and Configurazione APL (issue 17): the agency's accounts and the branches of
//! the PAD, online, each a few lines around one `sportello-app` use case.

use serde::Deserialize;
use sportello_app::ErrorItem;
use sportello_app::configurazione::{self, PadView};
use sportello_app::utenti::{self, CampoUtenza, NuovaUtenza, UtenteRiga, Utenti};

use super::on_worker;
use crate::error::CommandResult;
use crate::state::AppState;
use tauri::State;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct AbilitaArgs {
    pub username: String,
    pub abilitata: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct FilialiArgs {
    pub username: String,
    pub filiali: Vec<String>,
}

#[tauri::command]
pub async fn utenti_elenco(state: State<'_, AppState>) -> CommandResult<Utenti> {
    on_worker(&state, |store, _, rt| rt.block_on(utenti::elenco(store))).await
}

/// The new-account form checked as one types (no server needed).
#[tauri::command]
pub fn utenza_problemi(args: NuovaUtenza) -> Vec<ErrorItem<CampoUtenza>> {
    utenti::problemi(&args)
}

#[tauri::command]
pub async fn utenza_crea(
    state: State<'_, AppState>,
    args: NuovaUtenza,
) -> CommandResult<UtenteRiga> {
    on_worker(&state, move |store, _, rt| {
        rt.block_on(utenti::crea(store, &args))
    })
    .await
}

#[tauri::command]
pub async fn utenza_abilita(
    state: State<'_, AppState>,
    args: AbilitaArgs,
) -> CommandResult<UtenteRiga> {
    on_worker(&state, move |store, _, rt| {
        rt.block_on(utenti::abilita(store, &args.username, args.abilitata))
    })
    .await
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct PasswordUtenzaArgs {
    pub username: String,
    pub password: String,
}

/// A new one-time password for an account whose owner forgot theirs.
#[tauri::command]
pub async fn utenza_password(
    state: State<'_, AppState>,
    args: PasswordUtenzaArgs,
) -> CommandResult<UtenteRiga> {
    on_worker(&state, move |store, _, rt| {
        rt.block_on(utenti::nuova_password(
            store,
            &args.username,
            &args.password,
        ))
    })
    .await
}

#[tauri::command]
pub async fn utenza_filiali(
    state: State<'_, AppState>,
    args: FilialiArgs,
) -> CommandResult<UtenteRiga> {
    on_worker(&state, move |store, _, rt| {
        rt.block_on(utenti::sposta(store, &args.username, &args.filiali))
    })
    .await
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SceltaPadArgs {
    pub code: String,
    pub selezionabile: bool,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ModificaPadArgs {
    pub scelte: Vec<SceltaPadArgs>,
}

/// "Configurazione APL": the branches of the PAD (from the server for super and
/// master, else as the last sync brought them).
#[tauri::command]
pub async fn configurazione_pad(state: State<'_, AppState>) -> CommandResult<PadView> {
    on_worker(&state, |store, _, rt| {
        rt.block_on(configurazione::pad(store))
    })
    .await
}

#[tauri::command]
pub async fn configurazione_pad_salva(
    state: State<'_, AppState>,
    args: ModificaPadArgs,
) -> CommandResult<PadView> {
    let scelte: Vec<(String, bool)> = args
        .scelte
        .into_iter()
        .map(|s| (s.code, s.selezionabile))
        .collect();
    on_worker(&state, move |store, _, rt| {
        rt.block_on(configurazione::modifica(store, &scelte))
    })
    .await
}
