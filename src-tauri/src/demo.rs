//! Demo mode: the sandbox central server `sportello-centrale` started in-process on
//! loopback with deterministic demo data, and the demo master's local store filled
//! with the same citizens.
//!
//! Until the sync client lands the store is filled by `sportello_app::demo::load` (the
//! same generator and seed as the server's); then it will log in to this server and
//! sync instead.

use std::path::{Path, PathBuf};

use chrono::{Local, Utc};
use sportello_app::{AppError, Profile, Result};
use sportello_centrale::seed::{SeedOptions, SeededUser};

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
    let master = report
        .users
        .into_iter()
        .find(|u| u.role == "master")
        .ok_or_else(|| AppError::Internal("server dimostrativo senza utente master".into()))?;
    let server = sportello_centrale::serve(sportello_centrale::Config::new(db))
        .await
        .map_err(|e| AppError::Internal(format!("server dimostrativo: {e}")))?;
    Ok(DemoServer { server, master })
}

/// Fills the demo master's local store with the server's citizens.
pub fn fill_store(data_dir: &Path, master: &SeededUser) -> Result<Profile> {
    let profile = Profile::new(Some(demo_dir(data_dir)), &master.username)?;
    sportello_app::demo::load(
        &profile,
        &master.password,
        CITIZENS,
        SEED,
        Local::now().date_naive(),
    )?;
    Ok(profile)
}
