//! Measurements for `cargo xtask bench centrale` (SQLite) and `centrale-postgres`: seed
//! time and size per size, the throughput of a full pull over loopback with a plain
//! HTTP client (gzip on, as a real client asks), and 50 clients syncing incrementally
//! at once (each round: push one change, pull what is new), with p50/p95 latency.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use sportello_centrale::db::Location;
use sportello_centrale::seed::{SeedOptions, SeedReport, seed};
use sportello_centrale::{Config, Error, Result, serve};
use sportello_protocol::auth::{LoginRequest, Session};
use sportello_protocol::paths;
use sportello_protocol::sync::{
    AnnotationKind, Change, ChangesPage, MAX_PAGE_SIZE, Mutation, MutationBatch, NewAnnotation,
};

/// Clients syncing at once, and the rounds each makes.
const CLIENTS: usize = 50;
const ROUNDS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// Seeds a database of each size in `seed_sizes` (10 branches, seed 1), then on a
/// `pull_citizens` database (seeded for the purpose unless it is one of `seed_sizes`)
/// pulls everything as the master and runs the concurrent clients. Prints each figure
/// as it is measured. Run it in release.
pub(crate) fn run_bench(
    backend: Backend,
    seed_sizes: &[usize],
    pull_citizens: usize,
) -> Result<()> {
    let dir = tempfile::tempdir()?;
    // A cluster of its own, durable as in production (the tests' flushes nothing).
    let cluster = (backend == Backend::Postgres).then(|| {
        let home = std::env::temp_dir().join(format!("sportello-pg-bench-{}", std::process::id()));
        sportello_testkit::postgres::Cluster::start(&home, true)
    });
    let mut sizes: Vec<usize> = seed_sizes.to_vec();
    let extra = !sizes.contains(&pull_citizens);
    if extra {
        sizes.insert(0, pull_citizens);
    }
    let mut pulled = None;
    for &citizens in &sizes {
        let location = match backend {
            Backend::Sqlite => Location::Sqlite(dir.path().join(format!("centrale-{citizens}.db"))),
            Backend::Postgres => {
                Location::Postgres(cluster.as_ref().expect("started above").database())
            }
        };
        let opts = SeedOptions {
            citizens,
            branches: 10,
            seed: 1,
            reference: Utc::now().date_naive(),
        };
        let report = seed(&location, &opts, Utc::now())?;
        if !(extra && citizens == pull_citizens) {
            println!(
                "seed {citizens:>9} citizens    {:>8.1} s   ({:.0} citizens/s){}",
                report.seconds,
                citizens as f64 / report.seconds,
                size(&location)
            );
        }
        if citizens == pull_citizens {
            pulled = Some((location, report));
        }
    }
    let (location, report) = pulled.expect("the pull database was seeded");
    let runtime = tokio::runtime::Runtime::new()?;
    let mut config = Config::new(&location);
    config.chiave_cv = Some(dir.path().join("chiave-cv"));
    let server = runtime.block_on(serve(config))?;
    let url = server.url();
    let (records, pages, seconds) =
        runtime.block_on(full_pull(&url, &login_of(&report, "master")))?;
    println!(
        "full pull {pull_citizens} citizens over loopback: {records} records in {pages} pages, {seconds:.2} s = {:.0} records/s",
        records as f64 / seconds
    );
    let figure = runtime.block_on(concurrent_syncs(&url, &report))?;
    println!(
        "{CLIENTS} clients x {ROUNDS} incremental syncs (push 1 change, pull the new ones): \
         p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms; {:.0} syncs/s",
        figure.p50_ms, figure.p95_ms, figure.max_ms, figure.per_second
    );
    runtime.block_on(server.shutdown())?;
    drop(runtime);
    if let Some(cluster) = cluster {
        cluster.remove();
    }
    Ok(())
}

fn size(location: &Location) -> String {
    match location {
        Location::Sqlite(path) => {
            let bytes = file_size(path) + file_size(&path.with_extension("db-wal"));
            format!(", database {:.0} MB", bytes as f64 / 1e6)
        }
        Location::Postgres(_) => String::new(),
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn login_of(report: &SeedReport, username: &str) -> LoginRequest {
    let user = report
        .users
        .iter()
        .find(|u| u.username == username)
        .expect("a seeded user");
    LoginRequest {
        username: user.username.clone(),
        password: user.password.clone(),
        scope: None,
    }
}

fn http_err(e: reqwest::Error) -> Error {
    Error::Internal(format!("http: {e}"))
}

async fn login(http: &reqwest::Client, url: &str, login: &LoginRequest) -> Result<Session> {
    http.post(format!("{url}{}", paths::LOGIN))
        .json(login)
        .send()
        .await
        .map_err(http_err)?
        .error_for_status()
        .map_err(http_err)?
        .json()
        .await
        .map_err(http_err)
}

/// Pulls from `cursor` to the end: (changes, pages, the last cursor).
async fn pull(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    mut cursor: Option<String>,
    limit: u32,
) -> Result<(Vec<Change>, usize, String)> {
    let (mut changes, mut pages) = (Vec::new(), 0);
    loop {
        let mut req = http
            .get(format!("{url}{}", paths::CHANGES))
            .bearer_auth(token)
            .query(&[("limit", limit.to_string())]);
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c)]);
        }
        let page: ChangesPage = req
            .send()
            .await
            .map_err(http_err)?
            .error_for_status()
            .map_err(http_err)?
            .json()
            .await
            .map_err(http_err)?;
        changes.extend(page.changes);
        pages += 1;
        cursor = Some(page.next_cursor);
        if !page.has_more {
            return Ok((changes, pages, cursor.expect("set above")));
        }
    }
}

fn client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(300))
        .build()
        .map_err(http_err)
}

async fn full_pull(url: &str, master: &LoginRequest) -> Result<(usize, usize, f64)> {
    let http = client()?;
    let session = login(&http, url, master).await?;
    let start = Instant::now();
    let (changes, pages, _) = pull(&http, url, &session.token, None, MAX_PAGE_SIZE).await?;
    Ok((changes.len(), pages, start.elapsed().as_secs_f64()))
}

#[derive(Debug)]
struct Concurrent {
    p50_ms: f64,
    p95_ms: f64,
    max_ms: f64,
    per_second: f64,
}

/// Five clients per branch, each signed in as its branch's operatore and starting at
/// the end of the branch's log; all 50 run their rounds at once.
async fn concurrent_syncs(url: &str, report: &SeedReport) -> Result<Concurrent> {
    let http = client()?;
    let mut clients = Vec::new();
    for branch in &report.branches {
        let user = login_of(report, &format!("operatore.{}", branch.to_lowercase()));
        let session = login(&http, url, &user).await?;
        let (changes, _, cursor) = pull(&http, url, &session.token, None, MAX_PAGE_SIZE).await?;
        let cfs: Vec<String> = changes
            .into_iter()
            .filter_map(|c| match c {
                Change::Candidate { record, .. } => Some(record.sap.codice_fiscale),
                _ => None,
            })
            .take(ROUNDS)
            .collect();
        for _ in 0..CLIENTS / report.branches.len() {
            clients.push((session.token.clone(), cursor.clone(), cfs.clone()));
        }
    }
    let url: Arc<str> = url.into();
    let start = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|(token, cursor, cfs)| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move { rounds(&http, &url, &token, cursor, &cfs).await })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.map_err(|e| Error::Internal(e.to_string()))??);
    }
    let seconds = start.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Ok(Concurrent {
        p50_ms: at(0.50),
        p95_ms: at(0.95),
        max_ms: at(1.0),
        per_second: latencies.len() as f64 / seconds,
    })
}

/// One client's rounds: each pushes an annotation and pulls what is new since its
/// cursor (its own change and the others' of its branch). Milliseconds per round.
async fn rounds(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    mut cursor: String,
    cfs: &[String],
) -> Result<Vec<f64>> {
    let client_id = uuid::Uuid::new_v4();
    let mut out = Vec::with_capacity(ROUNDS);
    for (i, cf) in cfs.iter().enumerate() {
        let started = Instant::now();
        let note = NewAnnotation {
            id: uuid::Uuid::new_v4(),
            kind: AnnotationKind::Nota,
            text: format!("colloquio {i}"),
            occurred_on: None,
        };
        let batch = MutationBatch {
            client_id,
            mutations: vec![Mutation::add_annotation(i as i64 + 1, cf, &note)],
        };
        http.post(format!("{url}{}", paths::MUTATIONS))
            .bearer_auth(token)
            .json(&batch)
            .send()
            .await
            .map_err(http_err)?
            .error_for_status()
            .map_err(http_err)?;
        let (_, _, next) = pull(http, url, token, Some(cursor), 500).await?;
        cursor = next;
        out.push(started.elapsed().as_secs_f64() * 1e3);
    }
    Ok(out)
}
