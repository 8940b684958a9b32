//! Issue 17: the daily cross-branch report over a large agency — reading the agency's
//! counts for a day (what a report asked on demand waits for) and the morning job that
//! makes every user's report with its mail, on SQLite.

use std::time::Instant;

use chrono::{Duration, Utc};
use sportello_centrale::db::report::{Agenzia, giorno_di};
use sportello_centrale::db::{Db, Location};
use sportello_centrale::seed::{SeedOptions, seed};

pub(crate) fn report(citizens: usize, branches: usize, interests: usize) {
    println!(
        "== daily report (SQLite): {citizens} citizens in {branches} branches, {interests} more interests"
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let db_path = dir.path().join("centrale.db");
    let now = Utc::now();
    let opts = SeedOptions {
        citizens,
        branches,
        seed: 3,
        reference: now.date_naive(),
    };
    let started = Instant::now();
    let seeded = seed(&db_path, &opts, now).expect("seed");
    println!(
        "seed                         {:>8.1} s  ({} users)",
        started.elapsed().as_secs_f64(),
        seeded.users.len()
    );
    let db = Db::open(&Location::Sqlite(db_path)).expect("open");
    let made = db
        .write(|tx| sportello_centrale::db::offerte::sandbox_interests(tx, interests, 9, now))
        .expect("interests");
    println!("interests added              {made:>8}");
    let day = giorno_di(now);
    let mut reads = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let agency = db.read(|tx| Agenzia::leggi(tx, day)).expect("counts");
        reads.push(t.elapsed());
        std::hint::black_box(agency);
    }
    reads.sort();
    println!(
        "agency's counts of a day     {:>8.0} ms  (median of 3, max {:.0} ms; a report asked on demand waits this; target ≤ 1000 ms)",
        reads[1].as_secs_f64() * 1000.0,
        reads[2].as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let made = db
        .write(|tx| sportello_centrale::report::make_daily(tx, day, now + Duration::hours(8)))
        .expect("daily job");
    println!(
        "morning job, every report    {:>8.0} ms  ({made} reports with their mail; target ≤ 10000 ms)",
        t.elapsed().as_secs_f64() * 1000.0
    );
}
