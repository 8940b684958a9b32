//! The sandbox central server: a real implementation of the `sportello-protocol`
//! contract over its own SQLite database, for tests, benchmarks and the demo.
//!
//! Library first, so tests start it in-process on an ephemeral loopback port
//! ([`serve`] → [`Server`]); `src/main.rs` is a thin clap shell (`serve`, `seed`).
//!
//! Layout: `db/` holds all SQL (one module per table group, migrations in
//! `migrations/`); `routes/` one router per area over the shared [`state::AppState`]
//! (database, [`clock::Clock`], settings, login limiter, faults); `session` the bearer
//! extractor; `fault` the fault mode; `seed` the demo data (the measurements are in `sportello-bench`).

pub mod clock;
pub mod db;
pub mod error;
pub mod fasce_deboli;
pub mod fault;
pub mod isolated;
pub mod password;
pub mod rate_limit;
pub mod report;
pub mod routes;
pub mod seed;
pub mod session;
pub mod sigillo;
pub mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{Error, Result};
pub use fault::FaultConfig;
use state::{AppState, Settings};

/// How the server runs. [`Config::new`] gives the defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// SQLite file or PostgreSQL address (`--db`).
    pub db: db::Location,
    pub listen: SocketAddr,
    pub clock: Arc<dyn Clock>,
    /// Default 8 hours (**assumed**: a working day).
    pub token_ttl: chrono::Duration,
    /// Default 30 days (**assumed**): a client offline longer resynchronises.
    pub tombstone_retention: chrono::Duration,
    /// Default 5 seconds (the real FTWeb takes about a day); used by the fasce-deboli
    /// processing.
    pub processing_delay: Duration,
    /// When the daily reports of super and master users are made, Italian time.
    /// Default 07:00 (**assumed**: before the branches open).
    pub report_at: chrono::NaiveTime,
    /// Fault mode from the start (loopback and `sandbox` only).
    pub faults: Option<FaultConfig>,
    /// The server's own binary, to read uploaded files in a child process
    /// ([`isolated`]); `None` reads them in-process behind the guard alone.
    pub parser: Option<PathBuf>,
    /// Mount the sandbox endpoints (`routes::sandbox`: fault mode, transfers,
    /// deletions, tombstone purge). Off by default; loopback only.
    pub sandbox: bool,
    /// Serve HTTPS with this certificate chain and key (PEM files); `None`: plain
    /// HTTP, for loopback or behind a reverse proxy that terminates TLS.
    pub tls: Option<TlsFiles>,
    /// The key that seals CV files at rest ([`sigillo`]). `None`: beside a SQLite
    /// database (`<db>.chiave-cv`, made at first start); required with PostgreSQL.
    pub chiave_cv: Option<PathBuf>,
}

/// The PEM files of `serve --tls-cert --tls-key`.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// The server's certificate, followed by any intermediate certificates.
    pub cert: PathBuf,
    /// Its private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

impl Config {
    pub fn new(db: impl Into<db::Location>) -> Self {
        Self {
            db: db.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            clock: Arc::new(SystemClock),
            token_ttl: chrono::Duration::hours(8),
            tombstone_retention: chrono::Duration::days(30),
            processing_delay: Duration::from_secs(5),
            report_at: chrono::NaiveTime::from_hms_opt(7, 0, 0).expect("a valid time"),
            faults: None,
            parser: None,
            sandbox: false,
            tls: None,
            chiave_cv: None,
        }
    }

    /// Where the CV files' key is.
    pub fn chiave_cv(&self) -> std::io::Result<PathBuf> {
        match (&self.chiave_cv, &self.db) {
            (Some(path), _) => Ok(path.clone()),
            (None, db::Location::Sqlite(db)) => {
                let mut name = db.as_os_str().to_owned();
                name.push(".chiave-cv");
                Ok(PathBuf::from(name))
            }
            (None, db::Location::Postgres(_)) => Err(std::io::Error::other(
                "with PostgreSQL the CV files' key needs a file: --chiave-cv PATH",
            )),
        }
    }
}

/// A running server.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    https: bool,
    state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    maintenance: JoinHandle<()>,
    fasce_deboli: JoinHandle<()>,
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT` (`https://` when serving TLS), without a trailing slash.
    pub fn url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Switches fault mode on (`Some`) or off (`None`).
    pub fn set_faults(&self, config: Option<FaultConfig>) {
        self.state.faults.set(config);
    }

    /// Runs the hourly maintenance now (tombstones, sessions, expired CVs): for a
    /// test that moved the clock.
    pub async fn maintain_now(&self) -> Result<()> {
        maintain(&self.state).await
    }

    /// Stops accepting connections, lets requests in flight finish, and returns.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.maintenance.abort();
        self.fasce_deboli.abort();
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// The certificate and key of `files`, checked now.
async fn rustls_config(files: &TlsFiles) -> Result<axum_server::tls_rustls::RustlsConfig> {
    for path in [&files.cert, &files.key] {
        if !path.is_file() {
            return Err(Error::Internal(format!(
                "TLS: {} is not a readable file",
                path.display()
            )));
        }
    }
    axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.cert, &files.key)
        .await
        .map_err(|e| {
            Error::Internal(format!(
                "TLS: cannot use {} and {}: {e}",
                files.cert.display(),
                files.key.display()
            ))
        })
}

/// Opens (creating if needed) the database and starts serving on `config.listen`.
pub async fn serve(config: Config) -> Result<Server> {
    check_sandbox(&config)?;
    if let Some(f) = &config.faults {
        f.validate().map_err(Error::Internal)?;
    }
    let location = config.db.clone();
    let db = tokio::task::spawn_blocking(move || db::Db::open(&location)).await??;
    let state = AppState {
        db: Arc::new(db),
        clock: config.clock.clone(),
        settings: Arc::new(Settings {
            token_ttl: config.token_ttl,
            tombstone_retention: config.tombstone_retention,
            processing_delay: config.processing_delay,
            report_at: config.report_at,
            parser: config.parser.clone(),
        }),
        faults: Arc::new(fault::Faults::new(config.faults.clone())),
        fasce_deboli_wake: Arc::default(),
        sigillo: Arc::new(sigillo::Sigillo::da_file(&config.chiave_cv()?)?),
    };
    maintain(&state).await?;
    // Read before binding: a bad certificate is an error at start, not at the first
    // connection.
    let tls = match &config.tls {
        Some(files) => Some(rustls_config(files).await?),
        None => None,
    };
    let listener = TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    let app = routes::app(state.clone(), config.sandbox)
        .into_make_service_with_connect_info::<SocketAddr>();
    let (tx, rx) = oneshot::channel::<()>();
    let https = tls.is_some();
    let task = match tls {
        None => tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        }),
        Some(tls) => {
            let handle = axum_server::Handle::new();
            let stop = handle.clone();
            tokio::spawn(async move {
                let _ = rx.await;
                stop.graceful_shutdown(Some(Duration::from_secs(10)));
            });
            let listener = listener.into_std()?;
            tokio::spawn(async move {
                axum_server::tls_rustls::from_tcp_rustls(listener, tls)?
                    .handle(handle)
                    .serve(app)
                    .await
            })
        }
    };
    let maintenance = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(3600));
            every.tick().await;
            loop {
                every.tick().await;
                if let Err(e) = maintain(&state).await {
                    tracing::warn!(error = %e, "maintenance failed");
                }
            }
        })
    };
    let fasce_deboli = fasce_deboli::spawn(state.clone());
    Ok(Server {
        addr,
        https,
        state,
        shutdown: Some(tx),
        task,
        maintenance,
        fasce_deboli,
    })
}

/// The sandbox endpoints (they include fault mode) only on an explicit request and a
/// loopback address; fault mode only with them.
fn check_sandbox(config: &Config) -> Result<()> {
    if config.sandbox && !config.listen.ip().is_loopback() {
        return Err(Error::Internal(
            "the sandbox endpoints are only available on a loopback address".into(),
        ));
    }
    if config.faults.is_some() && !config.sandbox {
        return Err(Error::Internal(
            "fault mode is only available with --sandbox".into(),
        ));
    }
    Ok(())
}

/// Drops tombstones past retention and expired sessions.
async fn maintain(state: &AppState) -> Result<()> {
    let now = state.now();
    let before = now - state.settings.tombstone_retention;
    state
        .write(move |tx| {
            db::changes::purge_tombstones(tx, before)?;
            rate_limit::purge(tx, now)?;
            db::users::purge_expired_sessions(tx, now)?;
            db::cv::scaduti(tx, now)?;
            Ok(())
        })
        .await
}
