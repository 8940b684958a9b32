//! Signing in (demo, local store), locking and scope.

use chrono::Local;
use serde::{Deserialize, Serialize};
use sportello_app::cruscotto::{self, LoginInfo};
use sportello_app::demo::sandbox::{self, StepProgress};
use sportello_app::options::{self, Choice};
use sportello_app::settings::{self, Settings};
use tauri::State;
use tauri::ipc::Channel;

use crate::error::{CommandResult, internal};
use crate::state::{AppState, Session, Unlocked};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Startup {
    /// Started with `--demo`: start the demo without asking.
    pub demo_requested: bool,
    /// Idle seconds before the lock (from the settings, or a test's override).
    pub auto_lock_seconds: u32,
    pub settings: Settings,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SessionInfo {
    pub user: String,
    /// `master`, `super`, `operatore`; blank before any login to a server.
    pub role: String,
    pub demo: bool,
    /// The demo server's address, in demo mode.
    pub server: Option<String>,
    /// The branches this session may choose from (the store's).
    pub branches: Vec<Choice>,
    pub scope: Vec<String>,
    /// What the sign-in to the server found (absent for the demo).
    pub login: Option<LoginInfo>,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct SignInArgs {
    pub server: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct UnlockArgs {
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct ScopeArgs {
    /// Branch codes; empty: every branch.
    pub branches: Vec<String>,
}

#[tauri::command(async)]
pub fn startup(state: State<'_, AppState>) -> CommandResult<Startup> {
    let settings = settings::load(&state.data_dir)?;
    Ok(Startup {
        demo_requested: state.demo_requested,
        auto_lock_seconds: state
            .auto_lock_seconds
            .unwrap_or(settings.auto_lock_minutes * 60),
        settings,
    })
}

/// Starts the demo server and signs in as its master with the demo data loaded.
#[tauri::command]
pub async fn start_demo(
    state: State<'_, AppState>,
    on_progress: Channel<StepProgress>,
) -> CommandResult<SessionInfo> {
    let step = |p| drop(on_progress.send(p));
    let demo = sandbox::start(&state.data_dir, &mut *state.demo.lock().await, step).await?;
    let session = Session::signed_in(demo.profile, demo.store, demo.password, true);
    state.replace_session(Some(session))?;
    session_info(state).await
}

/// Signs in to the central server (`sync::login`): the store is opened or created with
/// the same password and the session kept in it. With the server unreachable the local
/// store is opened alone (`LoginInfo.online` false, with the data's age); with no
/// address given and none remembered, the local store alone.
#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, args: SignInArgs) -> CommandResult<SessionInfo> {
    let profile = sportello_app::settings::profile(&state.data_dir, &args.username)?;
    let (store, report) =
        sportello_app::desk::sign_in(&profile, Some(&args.server), &args.password).await?;
    state.remember_login(Some(&report))?;
    let session = Session::signed_in(profile, store, args.password, false);
    state.replace_session(Some(session))?;
    session_info(state).await
}

#[tauri::command(async)]
pub fn sign_out(state: State<'_, AppState>) -> CommandResult<()> {
    state.remember_login(None)?;
    state.replace_session(None)
}

#[tauri::command(async)]
pub async fn session_info(state: State<'_, AppState>) -> CommandResult<SessionInfo> {
    let server = state.demo.lock().await.as_ref().map(|d| d.server.url());
    let login = state.login_info()?;
    state.with_store(|store, session| {
        let known = options::search_options(store)?.branches;
        Ok(SessionInfo {
            user: session.profile.user().into(),
            role: store
                .session()
                .map_err(sportello_app::AppError::from)?
                .map(|s| s.role)
                .unwrap_or_default(),
            demo: session.demo,
            server: if session.demo { server } else { None },
            branches: cruscotto::branch_choices(known, login.as_ref()),
            scope: session.scope.clone(),
            login,
        })
    })
}

/// Hides personal data: closes the store and forgets the password.
#[tauri::command(async)]
pub fn lock(state: State<'_, AppState>) -> CommandResult<()> {
    state.with_session(|session| {
        session.unlocked = None;
        Ok(())
    })
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, args: UnlockArgs) -> CommandResult<()> {
    let profile = state.with_session(|s| Ok(s.profile.clone()))?;
    let password = args.password;
    let open = move || sportello_app::store::open(&profile, &password).map(|s| (s, password));
    let (store, password) = tauri::async_runtime::spawn_blocking(open)
        .await
        .map_err(internal)??;
    state.with_session(|session| {
        session.unlocked = Some(Unlocked::new(store, password));
        Ok(())
    })
}

#[tauri::command(async)]
pub fn choose_scope(state: State<'_, AppState>, args: ScopeArgs) -> CommandResult<()> {
    let scope = state.with_store(|store, _| Ok(options::check_scope(store, &args.branches)?))?;
    state.with_session(|session| {
        session.scope = scope;
        Ok(())
    })
}

/// Today, for ages: the operator's local calendar day.
pub fn today() -> chrono::NaiveDate {
    Local::now().date_naive()
}
