//! Demo mode: the sandbox central server `sportello-centrale` started in-process on
//! loopback with deterministic demo data; the demo master logs in to it and syncs,
//! exactly as an operator does with the real central server.

use std::path::{Path, PathBuf};

use chrono::{Local, Utc};
use sportello_app::search::Store;
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
        sportello_app::sync::login(&profile, Some(server_url), &master.password, Some("tutte"))
            .await?;
    sportello_app::sync::sync(&mut store, &|_| {}).await?;
    Ok((profile, store))
}
