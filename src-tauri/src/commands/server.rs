//! The central server: what the sign-in found, the expired-password change, the
//! Cruscotto's sync state and "Sincronizza ora", the scope switch, and the Scheda's
//! local changes (annotations, recapiti) that leave through the outbox.
//!
//! A sync runs on a worker thread with its own connection to the store, so searches
//! and the Scheda go on meanwhile; one sync at a time.

use serde::Deserialize;
use sportello_app::ErrorItem;
use sportello_app::cruscotto::{self, SyncOutcome, SyncState, SyncStep};
use sportello_app::desk::{self, CandidateNotes, ContactsForm};
use sportello_app::options;
use sportello_app::sync;
use tauri::State;
use tauri::ipc::Channel;

use super::candidates::SheetArgs;
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
    state: State<'_, AppState>,
    on_progress: Channel<SyncStep>,
) -> CommandResult<SyncOutcome> {
    let step = move |s: SyncStep| drop(on_progress.send(s));
    with_own_store(&state, async move |store| {
        cruscotto::sync_now(store, step).await
    })
    .await
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

#[tauri::command(async)]
pub fn candidate_notes(
    state: State<'_, AppState>,
    args: SheetArgs,
) -> CommandResult<CandidateNotes> {
    state.with_store(|store, _| Ok(desk::candidate_notes(store, &args.codice_fiscale)?))
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ResolveArgs {
    /// The conflict's number (`ProblemView::seq`).
    pub seq: u64,
    /// `true`: send the local change again, on top of the server's record; `false`:
    /// keep the server's record and drop the local change.
    pub keep_mine: bool,
}

/// Settles a conflict the Cruscotto lists.
#[tauri::command(async)]
pub fn resolve_conflict(state: State<'_, AppState>, args: ResolveArgs) -> CommandResult<()> {
    // Out of range: no such conflict, which resolve_conflict says in Italian.
    let seq = i64::try_from(args.seq).unwrap_or(i64::MAX);
    state.with_store(|store, session| {
        Ok(sync::resolve_conflict(
            store,
            &session.profile,
            seq,
            args.keep_mine,
        )?)
    })
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct AnnotationArgs {
    pub codice_fiscale: String,
    /// `esito_colloquio`, `contatto` or `nota`.
    pub kind: String,
    pub text: String,
    /// dd/mm/yyyy; blank: not given.
    pub occurred_on: String,
}

/// Adds an annotation to the cache and the outbox: it leaves with the next sync.
#[tauri::command(async)]
pub fn add_annotation(
    state: State<'_, AppState>,
    args: AnnotationArgs,
) -> CommandResult<CandidateNotes> {
    let kind = sync::parse_annotation_kind(&args.kind)?;
    let occurred_on = Some(args.occurred_on.trim())
        .filter(|d| !d.is_empty())
        .map(|d| sportello_app::search::parse_date(d, "data"))
        .transpose()?;
    state.with_store(|store, session| {
        sync::annotate(
            store,
            &session.profile,
            &args.codice_fiscale,
            kind,
            &args.text,
            occurred_on,
        )?;
        Ok(desk::candidate_notes(store, &args.codice_fiscale)?)
    })
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ContactsArgs {
    pub codice_fiscale: String,
    pub contacts: ContactsForm,
}

/// Replaces the recapiti in the cache and queues the change for the server.
#[tauri::command(async)]
pub fn edit_contacts(
    state: State<'_, AppState>,
    args: ContactsArgs,
) -> CommandResult<CandidateNotes> {
    state.with_store(|store, session| {
        sync::edit_contacts(
            store,
            &session.profile,
            &args.codice_fiscale,
            args.contacts.to_contacts(),
        )?;
        Ok(desk::candidate_notes(store, &args.codice_fiscale)?)
    })
}

/// The recapiti rules a form breaks, checked as the operator types.
#[tauri::command(async)]
pub fn check_contacts(args: ContactsForm) -> Vec<ErrorItem> {
    desk::contact_problems(&args)
}
