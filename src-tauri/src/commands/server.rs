//! The central server: the expired-password change, the Cruscotto's sync state and
//! "Sincronizza ora", the scope switch, and the settling of conflicts.
//!
//! A sync runs on a worker thread with its own connection to the store, so searches
//! and the Scheda go on meanwhile; one sync at a time.

use serde::Deserialize;
use sportello_app::cruscotto::{self, SyncOutcome, SyncState, SyncStep};
use sportello_app::desk::{self};
use sportello_app::options;
use sportello_app::sync;
use tauri::State;
use tauri::ipc::Channel;

use super::session::ScopeArgs;
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct PasswordChangeArgs {
    pub server: String,
    pub username: String,
    pub old_password: String,
    pub new_password: String,
}

/// The expired password replaced on the server (and in the local store, if any); the
/// UI then signs in with the new one.
#[tauri::command]
pub async fn change_expired_password(
    state: State<'_, AppState>,
    args: PasswordChangeArgs,
) -> CommandResult<()> {
    let profile = sportello_app::settings::profile(&state.data_dir, &args.username)?;
    Ok(desk::change_expired_password(
        &profile,
        &args.server,
        &args.old_password,
        &args.new_password,
    )
    .await?)
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CommandResult<SyncState> {
    let server = state.with_store(|store, _| Ok(desk::server_url(store)?))?;
    let online = match &server {
        Some(url) => sync::reachable(url).await,
        None => false,
    };
    state.with_store(|store, _| Ok(cruscotto::sync_state(store, server, online)?))
}

/// Runs `work` on a worker thread with a connection of its own to the operator's
/// store, one at a time.
async fn with_own_store<T: Send + 'static>(
    state: &AppState,
    work: impl AsyncFnOnce(&mut sportello_app::search::Store) -> sportello_app::Result<T>
    + Send
    + 'static,
) -> CommandResult<T> {
    let _one_at_a_time = state.syncing.lock().await;
    let own = state.own_connection()?;
    own.run(move |store, _| tauri::async_runtime::block_on(work(store)))
        .await
}

/// "Sincronizza ora": push the outbox, then pull, reporting each step.
#[tauri::command]
pub async fn sync_now(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    on_progress: Channel<SyncStep>,
) -> CommandResult<SyncOutcome> {
    let step = move |s: SyncStep| drop(on_progress.send(s));
    let outcome = with_own_store(&state, async move |store| {
        cruscotto::sync_now(store, step).await
    })
    .await?;
    if let Some(notice) = sportello_app::notices::reports_arrived(outcome.report_nuovi) {
        super::notify(&app, notice);
    }
    Ok(outcome)
}

/// Scelta ambito: with a server session the server issues the new scope and the cache
/// follows it (a sync, with progress); then the choice filters the cache.
#[tauri::command]
pub async fn switch_scope(
    state: State<'_, AppState>,
    args: ScopeArgs,
    on_progress: Channel<SyncStep>,
) -> CommandResult<()> {
    if state.login_info()?.is_some_and(|l| l.online) {
        let (branches, step) = (args.branches.clone(), move |s| drop(on_progress.send(s)));
        with_own_store(&state, async move |store| {
            cruscotto::switch_scope(store, &branches, step).await
        })
        .await?;
    }
    let scope = state.with_store(|store, _| Ok(options::check_scope(store, &args.branches)?))?;
    state.with_session(|session| {
        session.scope = scope;
        Ok(())
    })
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ResolveArgs {
    /// The problem's number (`ProblemView::seq`): a conflict, or a change refused or
    /// set aside.
    pub seq: u64,
    /// `true`: send the local change again, on top of the server's record; `false`:
    /// keep the server's record and drop the local change.
    pub keep_mine: bool,
}

/// Settles a problem the Cruscotto lists.
#[tauri::command(async)]
pub fn resolve_conflict(state: State<'_, AppState>, args: ResolveArgs) -> CommandResult<()> {
    // Out of range: no such conflict, which resolve_conflict says in Italian.
    let seq = i64::try_from(args.seq).unwrap_or(i64::MAX);
    state.with_store(|store, session| {
        Ok(sync::resolve_problem(
            store,
            &session.profile,
            seq,
            args.keep_mine,
        )?)
    })
}
