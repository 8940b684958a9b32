//! The desktop's demo mode: the sandbox central server `sportello-centrale` started
//! in-process on loopback with deterministic demo data; the demo master logs in to it
//! and syncs, exactly as an operator does with the real central server.

use std::path::{Path, PathBuf};

use chrono::{Local, Utc};
use serde::Serialize;
use sportello_centrale::seed::{SeedOptions, SeededUser};
use sportello_store::Store;

use crate::{AppError, Profile, Result};

/// A few thousand citizens across three branches: enough to search, small enough to
/// load in seconds.
pub const CITIZENS: usize = 5_000;
pub const BRANCHES: usize = 3;
pub const SEED: u64 = 1;

#[derive(Debug)]
pub struct DemoServer {
    pub server: sportello_centrale::Server,
    pub master: SeededUser,
}

/// The demo's own folder, apart from real operators' data.
pub fn demo_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("demo")
}

/// Seeds a fresh server database and starts serving it on a loopback port.
pub async fn start_server(data_dir: &Path) -> Result<DemoServer> {
    let dir = demo_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| AppError::Internal(e.to_string()))?;
    let db = dir.join("centrale.db");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", db.display()));
        if file.exists() {
            std::fs::remove_file(&file).map_err(|e| AppError::Internal(e.to_string()))?;
        }
    }
    let options = SeedOptions {
        citizens: CITIZENS,
        branches: BRANCHES,
        seed: SEED,
        reference: Local::now().date_naive(),
    };
    let seed_db = db.clone();
    let report = tokio::task::spawn_blocking(move || {
        sportello_centrale::seed::seed(&seed_db, &options, Utc::now())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(format!("server dimostrativo: {e}")))?;
    let mut config = sportello_centrale::Config::new(db.clone());
    // CVs as real PDFs, sealed with the key the server will use.
    let chiave = config
        .chiave_cv()
        .map_err(|e| AppError::Internal(format!("server dimostrativo: {e}")))?;
    let seeded = report.clone();
    tokio::task::spawn_blocking(move || {
        let location = sportello_centrale::db::Location::Sqlite(db);
        sportello_centrale::seed::cv::seed_cvs(&location, &chiave, &seeded, Utc::now())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(format!("server dimostrativo: {e}")))?;
    let master = report
        .users
        .into_iter()
        .find(|u| u.role == "master")
        .ok_or_else(|| AppError::Internal("server dimostrativo senza utente master".into()))?;
    // The demo has yesterday's daily report from the start, whatever the hour.
    config.report_at = chrono::NaiveTime::MIN;
    let server = sportello_centrale::serve(config)
        .await
        .map_err(|e| AppError::Internal(format!("server dimostrativo: {e}")))?;
    sportello_centrale::report::run_due(server.state(), &mut None)
        .await
        .map_err(|e| AppError::Internal(format!("server dimostrativo: {e}")))?;
    Ok(DemoServer { server, master })
}

/// Logs in to the demo server as its master over every branch and pulls the citizens.
/// `fresh`: the server was just seeded again, so the store of an earlier run (whose
/// cursor and session belong to the old server) is dropped first — demo data only.
pub async fn sign_in(
    data_dir: &Path,
    server_url: &str,
    master: &SeededUser,
    fresh: bool,
) -> Result<(Profile, Store)> {
    let profile = Profile::new(Some(demo_dir(data_dir)), &master.username)?;
    let store_dir = profile.store_dir();
    if fresh && store_dir.exists() {
        std::fs::remove_dir_all(&store_dir).map_err(|e| AppError::Internal(e.to_string()))?;
    }
    let (mut store, _) =
        crate::sync::login(&profile, Some(server_url), &master.password, Some("tutte")).await?;
    crate::sync::sync(&mut store, &|_| {}).await?;
    Ok((profile, store))
}

/// A step of the demo's start, for the progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepProgress {
    pub step: u32,
    pub steps: u32,
    pub label: String,
}

/// The demo signed in: the store open, and the password that opens it again.
#[derive(Debug)]
pub struct DemoSession {
    pub profile: Profile,
    pub store: Store,
    pub password: String,
}

/// Starts the demo: the sandbox server (once per process: `running` keeps it), then
/// the master's sign-in and first sync, each step sent to `step`.
pub async fn start(
    data_dir: &Path,
    running: &mut Option<DemoServer>,
    step: impl Fn(StepProgress),
) -> Result<DemoSession> {
    let say = |n: u32, label: &str| {
        step(StepProgress {
            step: n,
            steps: 3,
            label: label.into(),
        })
    };
    say(1, "Avvio del server dimostrativo");
    let fresh = running.is_none();
    if fresh {
        *running = Some(start_server(data_dir).await?);
    }
    let server = running
        .as_ref()
        .ok_or_else(|| AppError::Internal("server dimostrativo assente".into()))?;
    let (master, url) = (server.master.clone(), server.server.url());
    say(2, "Accesso e sincronizzazione dei candidati dimostrativi");
    let (profile, store) = sign_in(data_dir, &url, &master, fresh).await?;
    say(3, "Apertura dell'archivio");
    Ok(DemoSession {
        profile,
        store,
        password: master.password,
    })
}
