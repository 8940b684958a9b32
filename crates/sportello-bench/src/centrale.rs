//! Measurements for `cargo xtask bench`: seed time and database size per size, and
//! the throughput of a full pull over loopback with a plain HTTP client (gzip on, as a
//! real client would ask for it), parsing every page into the protocol types.

use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use sportello_protocol::auth::{LoginRequest, Session};
use sportello_protocol::paths;
use sportello_protocol::sync::{ChangesPage, MAX_PAGE_SIZE};

use sportello_centrale::seed::{SeedOptions, seed};
use sportello_centrale::{Config, Error, Result, serve};

#[derive(Debug, Clone)]
struct PullFigure {
    pub citizens: usize,
    /// Changes received (citizens and branches).
    pub records: usize,
    pub pages: usize,
    pub seconds: f64,
    pub records_per_second: f64,
}

/// Seeds a database of each size in `seed_sizes` (10 branches, seed 1) into a temporary
/// folder, then pulls everything from a `pull_citizens` database (seeded for the purpose
/// unless it is one of `seed_sizes`; 0: no pull) as the master, `MAX_PAGE_SIZE` per
/// page. Prints each figure as it is measured. Run it in release.
pub(crate) fn run_bench(seed_sizes: &[usize], pull_citizens: usize) -> Result<()> {
    println!("== centrale");
    let dir = tempfile::tempdir()?;
    let reference = Utc::now().date_naive();
    let mut sizes: Vec<usize> = seed_sizes.to_vec();
    let extra = pull_citizens > 0 && !sizes.contains(&pull_citizens);
    if extra {
        sizes.insert(0, pull_citizens);
    }
    let mut master_password = String::new();
    for &citizens in &sizes {
        let path = dir.path().join(format!("centrale-{citizens}.db"));
        let opts = SeedOptions {
            citizens,
            branches: 10,
            seed: 1,
            reference,
        };
        let report = seed(&path, &opts, Utc::now())?;
        if citizens == pull_citizens {
            master_password = report
                .users
                .iter()
                .find(|u| u.role == "master")
                .map(|u| u.password.clone())
                .unwrap_or_default();
        }
        let db_bytes = file_size(&path) + file_size(&path.with_extension("db-wal"));
        if !(extra && citizens == pull_citizens) {
            println!(
                "seed {citizens:>9} citizens    {:>8.1} s   ({:.0} citizens/s), database {:.0} MB",
                report.seconds,
                citizens as f64 / report.seconds,
                db_bytes as f64 / 1e6
            );
        }
    }
    if pull_citizens > 0 {
        let figure = pull_all(
            &dir.path().join(format!("centrale-{pull_citizens}.db")),
            pull_citizens,
            &master_password,
        )?;
        println!(
            "full pull {} citizens over loopback: {} records in {} pages, {:.2} s = {:.0} records/s",
            figure.citizens,
            figure.records,
            figure.pages,
            figure.seconds,
            figure.records_per_second
        );
    }
    Ok(())
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn pull_all(db: &Path, citizens: usize, password: &str) -> Result<PullFigure> {
    let runtime = tokio::runtime::Runtime::new()?;
    let server = runtime.block_on(serve(Config::new(db)))?;
    let url = server.url();
    let http = reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(300))
        .build()
        .map_err(|e| Error::Internal(e.to_string()))?;
    let http_err = |e: reqwest::Error| Error::Internal(format!("http: {e}"));
    let login = LoginRequest {
        username: "master".into(),
        password: password.into(),
        scope: None,
    };
    let session: Session = http
        .post(format!("{url}{}", paths::LOGIN))
        .json(&login)
        .send()
        .map_err(http_err)?
        .json()
        .map_err(http_err)?;

    let start = Instant::now();
    let (mut records, mut pages, mut cursor) = (0, 0, None::<String>);
    loop {
        let mut req = http
            .get(format!("{url}{}", paths::CHANGES))
            .bearer_auth(&session.token)
            .query(&[("limit", MAX_PAGE_SIZE.to_string())]);
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c)]);
        }
        let page: ChangesPage = req
            .send()
            .map_err(http_err)?
            .error_for_status()
            .map_err(http_err)?
            .json()
            .map_err(http_err)?;
        records += page.changes.len();
        pages += 1;
        cursor = Some(page.next_cursor);
        if !page.has_more {
            break;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    runtime.block_on(server.shutdown())?;
    Ok(PullFigure {
        citizens,
        records,
        pages,
        seconds,
        records_per_second: records as f64 / seconds,
    })
}
