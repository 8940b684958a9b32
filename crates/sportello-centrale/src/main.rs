//! `sportello-centrale`: the sandbox central server.
//!
//! `serve --db DB --listen 127.0.0.1:0` prints `listening on http://IP:PORT` as its
//! first stdout line; `seed --db DB --citizens N --branches B --seed S [--json]`
//! creates the demo data and prints the demo users. `DB` is a SQLite file
//! (`sqlite:FILE` or a plain path) or a PostgreSQL address (`postgres://…`).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sportello_centrale::db::Location;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use sportello_centrale::seed::cv::seed_cvs;
use sportello_centrale::seed::{SeedOptions, seed_with};
use sportello_centrale::{Config, FaultConfig, serve};

#[derive(Parser, Debug)]
#[command(
    name = "sportello-centrale",
    about = "Il server centrale di prova di Sportello",
    version
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the API until SIGTERM or Ctrl-C.
    Serve {
        /// A SQLite file (`sqlite:FILE` or a path) or `postgres://USER@HOST/DB`.
        #[arg(long, value_parser = parse_location)]
        db: Location,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Seconds the asynchronous fasce-deboli processing takes.
        #[arg(long, default_value_t = 5.0)]
        processing_delay: f64,
        /// When the daily report of super and master users is made, Italian time (HH:MM).
        #[arg(long, default_value = "07:00", value_parser = parse_time)]
        report_at: chrono::NaiveTime,
        /// Bearer token lifetime, in minutes.
        #[arg(long, default_value_t = 480)]
        token_ttl_minutes: i64,
        /// Tombstones kept this many days; older cursors must resynchronise.
        #[arg(long, default_value_t = 30)]
        tombstone_retention_days: i64,
        /// Mount the sandbox endpoints (fault mode, transfers, deletions, tombstone
        /// purge); loopback only.
        #[arg(long)]
        sandbox: bool,
        /// Serve HTTPS with this certificate (PEM: the server's, then intermediates).
        /// Without it the server speaks plain HTTP: for loopback, or behind a reverse
        /// proxy that terminates TLS (see the README).
        #[arg(long, requires = "tls_key", value_name = "PEM")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, requires = "tls_cert", value_name = "PEM")]
        tls_key: Option<PathBuf>,
        /// The key that seals CV files at rest (made at first start if missing; keep it
        /// with the backups, apart from the database). Default beside a SQLite file;
        /// required with PostgreSQL.
        #[arg(long, value_name = "FILE")]
        chiave_cv: Option<PathBuf>,
        /// Fault mode (loopback and --sandbox only): seed of the deterministic fault sequence.
        #[arg(long)]
        fault_seed: Option<u64>,
        /// Share of requests answered 500/503.
        #[arg(long, default_value_t = 0.0)]
        fault_error_rate: f64,
        /// Share of requests whose connection drops mid-body.
        #[arg(long, default_value_t = 0.0)]
        fault_drop_rate: f64,
        /// Share of requests answered with half a body.
        #[arg(long, default_value_t = 0.0)]
        fault_truncate_rate: f64,
        /// Share of requests delayed by --fault-delay-ms.
        #[arg(long, default_value_t = 0.0)]
        fault_delay_rate: f64,
        #[arg(long, default_value_t = 0)]
        fault_delay_ms: u64,
    },
    /// Reads one uploaded file from stdin under an address-space limit and answers on
    /// stdout (used by `serve` itself: see `isolated.rs`).
    #[command(name = "parse-upload", hide = true)]
    ParseUpload {
        /// Read a CV with this file name instead of a participants file.
        #[arg(long)]
        cv: Option<String>,
    },
    /// Create deterministic demo data in a new database.
    Seed {
        /// A SQLite file (`sqlite:FILE` or a path) or `postgres://USER@HOST/DB`.
        #[arg(long, value_parser = parse_location)]
        db: Location,
        #[arg(long, default_value_t = 1_000)]
        citizens: usize,
        #[arg(long, default_value_t = 3)]
        branches: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the data describes (default: today).
        #[arg(long)]
        reference: Option<NaiveDate>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Days from today to the deadline of the current fasce-deboli campaign.
        #[arg(long, default_value_t = sportello_centrale::seed::DEFAULT_DEADLINE_DAYS)]
        campagna_giorni: i64,
        /// The key the CVs' files are sealed with, as `serve --chiave-cv` (default
        /// beside a SQLite file; with PostgreSQL and no key, no CVs are made).
        #[arg(long, value_name = "FILE")]
        chiave_cv: Option<PathBuf>,
    },
}

fn parse_time(text: &str) -> Result<chrono::NaiveTime, String> {
    chrono::NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| format!("not HH:MM: {text}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::ParseUpload { cv } => {
            use sportello_centrale::isolated::{Upload, parse_upload_child};
            return parse_upload_child(cv.map_or(Upload::Partecipanti, |nome| Upload::Cv { nome }));
        }
        Command::Serve {
            db,
            listen,
            processing_delay,
            report_at,
            token_ttl_minutes,
            tombstone_retention_days,
            sandbox,
            tls_cert,
            tls_key,
            chiave_cv,
            fault_seed,
            fault_error_rate,
            fault_drop_rate,
            fault_truncate_rate,
            fault_delay_rate,
            fault_delay_ms,
        } => {
            let mut config = Config::new(db);
            config.listen = listen;
            // Uploads are read by a child of this very binary.
            config.parser = std::env::current_exe().ok();
            config.processing_delay = Duration::from_secs_f64(processing_delay.max(0.0));
            config.report_at = report_at;
            config.token_ttl = chrono::Duration::minutes(token_ttl_minutes);
            config.tombstone_retention = chrono::Duration::days(tombstone_retention_days);
            config.sandbox = sandbox;
            config.chiave_cv = chiave_cv;
            config.tls = tls_cert
                .zip(tls_key)
                .map(|(cert, key)| sportello_centrale::TlsFiles { cert, key });
            if config.tls.is_none() && !listen.ip().is_loopback() {
                eprintln!(
                    "warning: plain HTTP on {listen}, which is not a loopback address: clients \
                     refuse it. Serve HTTPS with --tls-cert and --tls-key, or bind to 127.0.0.1 \
                     behind a reverse proxy that terminates TLS."
                );
            }
            config.faults = fault_seed.map(|seed| FaultConfig {
                seed,
                error_rate: fault_error_rate,
                drop_rate: fault_drop_rate,
                truncate_rate: fault_truncate_rate,
                delay_rate: fault_delay_rate,
                delay_ms: fault_delay_ms,
                path_prefix: None,
            });
            run_server(config)
        }
        Command::Seed {
            db,
            citizens,
            branches,
            seed: s,
            reference,
            json,
            campagna_giorni,
            chiave_cv,
        } => {
            let now = chrono::Utc::now();
            let reference = reference.unwrap_or_else(|| now.date_naive());
            let opts = SeedOptions {
                citizens,
                branches,
                seed: s,
                reference,
            };
            let mut config = Config::new(db.clone());
            config.chiave_cv = chiave_cv;
            seed_with(db.clone(), &opts, now, campagna_giorni)
                .and_then(|mut report| {
                    match config.chiave_cv() {
                        Ok(chiave) => report.cv = seed_cvs(&db, &chiave, &report, now)?,
                        Err(e) => eprintln!("nessun CV generato: {e}"),
                    }
                    Ok(report)
                })
                .map_err(|e| e.to_string())
                .and_then(|report| {
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                        );
                    } else {
                        println!(
                            "{} cittadini ({} con un CV), {} filiali, seme {}, data di riferimento {}: {:.1} s",
                            report.citizens,
                            report.cv,
                            report.branches.len(),
                            report.seed,
                            report.reference,
                            report.seconds
                        );
                        println!(
                            "{:<22} {:<10} {:<12} filiali",
                            "utente", "ruolo", "password"
                        );
                        for u in &report.users {
                            println!(
                                "{:<22} {:<10} {:<12} {}",
                                u.username,
                                u.role,
                                u.password,
                                u.branches.join(",")
                            );
                        }
                    }
                    Ok(())
                })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("errore: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_server(config: Config) -> Result<(), String> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, never in log files.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let server = serve(config).await.map_err(|e| e.to_string())?;
        println!("listening on {}", server.url());
        std::io::stdout().flush().map_err(|e| e.to_string())?;
        shutdown_signal().await;
        tracing::info!("shutting down");
        server.shutdown().await.map_err(|e| e.to_string())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

fn parse_location(text: &str) -> Result<Location, String> {
    Ok(Location::parse(text))
}
