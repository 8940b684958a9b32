//! The central server: what the sign-in found, the expired-password change, the
//! Cruscotto's sync state and "Sincronizza ora", the scope switch, and the Scheda's
//! local changes (annotations, recapiti) that leave through the outbox.
//!
//! A sync runs on a worker thread with its own connection to the store, so searches
//! and the Scheda go on meanwhile; one sync at a time.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sportello_app::desk::{self, CandidateNotes, ContactsForm};
use sportello_app::options::{self, Choice};
use sportello_app::sync::{self, LoginReport, SyncProgress, SyncSummary};
use sportello_app::{AppError, ErrorCode, ErrorItem};
use tauri::State;
use tauri::ipc::Channel;

use super::candidates::SheetArgs;
use super::session::ScopeArgs;
use crate::error::{CommandResult, internal};
use crate::state::AppState;

/// What the last sign-in found, for the screens that follow it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LoginInfo {
    pub online: bool,
    /// `operatore`, `super`, `master`.
    pub role: Option<String>,
    /// The server's scope: `filiale:CODE` or `tutte`.
    pub server_scope: Option<String>,
    /// The branches the operator may choose from, named when the server said.
    pub branches: Vec<Choice>,
    /// RFC 3339, UTC.
    pub last_sync_at: Option<String>,
    /// Minutes since the last sync: how old the local data is.
    pub data_age_minutes: Option<u64>,
    pub offline_reason: Option<String>,
    pub pending: u64,
}

fn rfc3339(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn age_minutes(t: Option<DateTime<Utc>>) -> Option<u64> {
    t.map(|t| (Utc::now() - t).num_minutes().max(0) as u64)
}

impl LoginInfo {
    pub fn from_report(r: &LoginReport) -> Self {
        LoginInfo {
            online: r.online,
            role: r.role.clone(),
            server_scope: r.scope.clone(),
            branches: r
                .branches
                .iter()
                .map(|code| {
                    let named = r.branch_details.iter().find(|b| &b.code == code);
                    Choice {
                        code: code.clone(),
                        label: named.map_or_else(|| code.clone(), options::label),
                    }
                })
                .collect(),
            last_sync_at: rfc3339(r.last_sync_at),
            data_age_minutes: r.data_age_minutes.map(|m| m.max(0) as u64),
            offline_reason: r.offline_reason.clone(),
            pending: r.pending_mutations,
        }
    }
}

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

/// A change the server did not take.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ProblemView {
    pub seq: u64,
    /// `rejected` or `conflict`.
    pub state: String,
    pub kind: String,
    pub codice_fiscale: String,
    pub reason: Option<String>,
    /// For a conflict: the local change, in words.
    pub mine: Option<String>,
    /// For a conflict: what the server holds now, in words.
    pub theirs: Option<String>,
}

/// The Cruscotto's view of the sync.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncState {
    pub online: bool,
    /// A session with a server is stored (else: a local archive alone).
    pub connected: bool,
    pub server: Option<String>,
    /// `filiale:CODE` or `tutte`.
    pub scope: Option<String>,
    /// RFC 3339, UTC.
    pub last_sync_at: Option<String>,
    pub data_age_minutes: Option<u64>,
    pub pending: u64,
    pub rejected: u64,
    pub conflicts: u64,
    pub candidates: u64,
    pub problems: Vec<ProblemView>,
}

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CommandResult<SyncState> {
    let server = state.with_store(|store, _| Ok(desk::server_url(store)?))?;
    let online = match &server {
        Some(url) => sync::reachable(url).await,
        None => false,
    };
    state.with_store(|store, _| {
        let status = sync::local_status(store, online)?;
        let problems = sync::problems(store)?
            .into_iter()
            .map(|p| {
                let (mine, theirs) = sync::conflict_sides(&p).unzip();
                ProblemView {
                    seq: p.seq.max(0) as u64,
                    state: p.state.to_string(),
                    kind: p.kind,
                    codice_fiscale: p.codice_fiscale,
                    reason: p.reason,
                    mine,
                    theirs,
                }
            })
            .collect();
        Ok(SyncState {
            online,
            connected: status.logged_in,
            server: server.clone(),
            scope: status.scope,
            last_sync_at: rfc3339(status.last_sync_at),
            data_age_minutes: age_minutes(status.last_sync_at),
            pending: status.pending_mutations,
            rejected: status.rejected,
            conflicts: status.conflicts,
            candidates: status.records.candidates,
            problems,
        })
    })
}

/// A step of a sync, for the progress bar.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum SyncStep {
    /// `sent` of `total` local changes answered.
    Pushing {
        sent: u64,
        total: u64,
    },
    /// `records` received so far in `pages` pages.
    Pulling {
        records: u64,
        pages: u64,
        from_zero: bool,
    },
    Done,
}

impl From<SyncProgress> for SyncStep {
    fn from(p: SyncProgress) -> Self {
        match p {
            SyncProgress::Pushing { sent, total } => SyncStep::Pushing { sent, total },
            SyncProgress::Pulling {
                records,
                pages,
                from_zero,
            } => SyncStep::Pulling {
                records,
                pages,
                from_zero,
            },
            SyncProgress::Done => SyncStep::Done,
        }
    }
}

/// What one sync did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SyncOutcome {
    pub applied: u64,
    pub conflicts: u64,
    pub rejected: u64,
    pub pulled: u64,
    pub removed: u64,
    /// Records the server sent that failed validation and were not stored.
    pub invalid: u64,
    /// Local changes set aside (the server never took them): see the problems.
    pub set_aside: u64,
    /// The push stopped at a change the server refused (the data still arrived).
    pub push_stopped: Option<String>,
    pub millis: u64,
}

impl From<SyncSummary> for SyncOutcome {
    fn from(s: SyncSummary) -> Self {
        SyncOutcome {
            applied: s.applied,
            conflicts: s.conflicts,
            rejected: s.rejected,
            pulled: s.pulled,
            removed: s.removed,
            invalid: s.invalid,
            set_aside: s.set_aside,
            push_stopped: s.push_stopped,
            millis: s.millis,
        }
    }
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
    let result = tauri::async_runtime::spawn_blocking(move || {
        let mut store = own.open()?;
        tauri::async_runtime::block_on(work(&mut store))
    })
    .await
    .map_err(internal)??;
    Ok(result)
}

/// "Sincronizza ora": push the outbox, then pull, reporting each step.
#[tauri::command]
pub async fn sync_now(
    state: State<'_, AppState>,
    on_progress: Channel<SyncStep>,
) -> CommandResult<SyncOutcome> {
    let summary = with_own_store(&state, async move |store| {
        let report = move |p: SyncProgress| {
            let _ = on_progress.send(p.into());
        };
        sync::sync(store, &report).await
    })
    .await?;
    Ok(summary.into())
}

fn server_scope(branches: &[String]) -> CommandResult<String> {
    match branches {
        [] => Ok("tutte".into()),
        [one] => Ok(format!("filiale:{one}")),
        _ => Err(AppError::InvalidInput("scegli una filiale oppure tutte".into()).into()),
    }
}

/// Scelta ambito. With a server session the server issues the new scope and the cache
/// follows it (a sync, with progress); on a local archive alone, or offline, the
/// choice filters the cache.
#[tauri::command]
pub async fn switch_scope(
    state: State<'_, AppState>,
    args: ScopeArgs,
    on_progress: Channel<SyncStep>,
) -> CommandResult<()> {
    let online = state.login_info()?.is_some_and(|l| l.online);
    if online {
        let scope = server_scope(&args.branches)?;
        let switched = with_own_store(&state, async move |store| {
            let report = move |p: SyncProgress| {
                let _ = on_progress.send(p.into());
            };
            sync::switch_scope(store, &scope, &report).await
        })
        .await;
        match switched {
            // Gone offline since the sign-in: the choice filters the cache meanwhile.
            Err(e) if e.code == ErrorCode::ServerNonRaggiungibile => {}
            other => {
                other?;
            }
        }
    }
    let scope = state
        .with_store(|store, _| Ok(sportello_app::options::check_scope(store, &args.branches)?))?;
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
