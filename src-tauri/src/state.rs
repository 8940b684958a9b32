//! What the shell keeps between commands: the data folder and the open session.
//!
//! A session is an operator's profile and, while unlocked, their open store and
//! password (kept to open a second connection for long exports). Locking drops both,
//! so a locked app holds no key to the personal data.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use sportello_app::search::Store;
use sportello_app::{AppError, Profile};

use sportello_app::sync::LoginReport;

use crate::error::{CommandResult, internal};
use sportello_app::cruscotto::LoginInfo;
use sportello_app::demo::sandbox::DemoServer;

#[derive(Debug)]
pub struct AppState {
    /// Where operators' folders and the settings live (`SPORTELLO_DATA_DIR`, else the
    /// system's data folder).
    pub data_dir: PathBuf,
    /// Started with `--demo`: the UI starts the demo by itself.
    pub demo_requested: bool,
    /// Idle time before locking, when a test sets it (`SPORTELLO_AUTO_LOCK_SECONDS`).
    pub auto_lock_seconds: Option<u32>,
    session: Mutex<Option<Session>>,
    pub demo: tokio::sync::Mutex<Option<DemoServer>>,
    /// What the last sign-in to a central server found.
    login: Mutex<Option<LoginInfo>>,
    /// Held while a sync runs: one at a time.
    pub syncing: tokio::sync::Mutex<()>,
}

#[derive(Debug)]
pub struct Session {
    pub profile: Profile,
    /// Branch codes the operator chose to work on; empty: the whole store.
    pub scope: Vec<String>,
    pub demo: bool,
    pub unlocked: Option<Unlocked>,
}

#[derive(Debug)]
pub struct Unlocked {
    pub store: Store,
    pub password: Password,
}

impl Session {
    /// A session just signed in: the whole store in scope, unlocked.
    pub fn signed_in(profile: Profile, store: Store, password: String, demo: bool) -> Self {
        Session {
            profile,
            scope: Vec::new(),
            demo,
            unlocked: Some(Unlocked::new(store, password)),
        }
    }
}

impl Unlocked {
    pub fn new(store: Store, password: String) -> Self {
        Unlocked {
            store,
            password: Password::new(password),
        }
    }
}

/// The operator's password, wiped from memory when dropped.
pub struct Password(String);

impl Password {
    pub fn new(p: String) -> Self {
        Password(p)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// What a worker thread needs to open a connection of its own to the session's store
/// (long exports, batches, syncs): the open store itself stays with the other commands.
#[derive(Debug)]
pub struct OwnConnection {
    pub profile: Profile,
    password: Password,
    /// The session's scope, as [`Session::scope`].
    pub scope: Vec<String>,
}

impl OwnConnection {
    pub fn open(&self) -> sportello_app::Result<Store> {
        sportello_app::store::open(&self.profile, self.password.as_str())
    }

    /// Runs `work` on a blocking thread with this connection opened, so the session's
    /// own store stays free for searches meanwhile; `work` gets the operator's name.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce(&mut Store, &str) -> sportello_app::Result<T> + Send + 'static,
    ) -> CommandResult<T> {
        let done = tauri::async_runtime::spawn_blocking(move || {
            let mut store = self.open()?;
            work(&mut store, self.profile.user())
        });
        Ok(done.await.map_err(crate::error::internal)??)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

impl AppState {
    pub fn new(data_dir: PathBuf, demo_requested: bool, auto_lock_seconds: Option<u32>) -> Self {
        AppState {
            data_dir,
            demo_requested,
            auto_lock_seconds,
            session: Mutex::new(None),
            demo: tokio::sync::Mutex::new(None),
            login: Mutex::new(None),
            syncing: tokio::sync::Mutex::new(()),
        }
    }

    /// Keeps what a sign-in to the server found (`None`: not signed in to one).
    pub fn remember_login(&self, report: Option<&LoginReport>) -> CommandResult<()> {
        *self.login.lock().map_err(internal)? = report.map(LoginInfo::from);
        Ok(())
    }

    pub fn login_info(&self) -> CommandResult<Option<LoginInfo>> {
        Ok(self.login.lock().map_err(internal)?.clone())
    }

    pub fn session(&self) -> CommandResult<MutexGuard<'_, Option<Session>>> {
        self.session.lock().map_err(internal)
    }

    pub fn replace_session(&self, session: Option<Session>) -> CommandResult<()> {
        *self.session()? = session;
        Ok(())
    }

    /// Runs `f` on the open session, or fails with `accesso_richiesto`.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> CommandResult<T>,
    ) -> CommandResult<T> {
        let mut guard = self.session()?;
        let session = guard.as_mut().ok_or(AppError::NotSignedIn)?;
        f(session)
    }

    /// What a second connection to the session's store needs, or `accesso_richiesto`
    /// when there is no session or it is locked.
    pub fn own_connection(&self) -> CommandResult<OwnConnection> {
        self.with_session(|session| {
            let unlocked = session.unlocked.as_ref().ok_or(AppError::NotSignedIn)?;
            Ok(OwnConnection {
                profile: session.profile.clone(),
                password: Password::new(unlocked.password.as_str().to_string()),
                scope: session.scope.clone(),
            })
        })
    }

    /// Runs `f` on the open session's store, or fails with `accesso_richiesto` when
    /// there is no session or it is locked.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store, &Session) -> CommandResult<T>,
    ) -> CommandResult<T> {
        self.with_session(|session| {
            let mut unlocked = session.unlocked.take().ok_or(AppError::NotSignedIn)?;
            let result = f(&mut unlocked.store, session);
            session.unlocked = Some(unlocked);
            result
        })
    }
}
