//! `cargo xtask bench [NAME…]`: measures on this machine what the issues ask for and
//! prints the figures. Always a release build; never a timed test.

mod agenda;
mod centrale;
mod corsi;
mod cv;
mod docs;
mod fasce_deboli;
mod offerte;
mod report;
mod search;
mod sync;

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use sportello_core::keywords::KeywordQuery;
use sportello_demo::Generator;
use sportello_store::{CandidateRecord, Store};

const PASSWORD: &str = "Bench2026x";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.is_empty();
    let wants = |name: &str| all || args.iter().any(|a| a == name);
    if wants("store") {
        store(100_000);
    }
    if wants("centrale") {
        println!("== centrale on SQLite: seed, full pull and concurrent syncs over loopback");
        centrale::run_bench(centrale::Backend::Sqlite, &[100_000, 1_000_000], 100_000)
            .expect("centrale bench");
    }
    if wants("centrale-postgres") {
        println!("== centrale on PostgreSQL: seed, full pull and concurrent syncs over loopback");
        centrale::run_bench(centrale::Backend::Postgres, &[100_000, 1_000_000], 100_000)
            .expect("centrale bench on PostgreSQL");
    }
    if wants("search") {
        search::search(1_000_000);
    }
    if args.first().map(String::as_str) == Some(sync::SYNC_CHILD) {
        sync::sync_child(&args[1..]);
        return;
    }
    if wants("sync") {
        sync::sync(100_000);
    }
    if args.first().map(String::as_str) == Some(search::EXPORT_CHILD) {
        search::export_child(&args[1..]);
        return;
    }
    if wants("export") {
        search::export(1_000_000);
    }
    if wants("fasce-deboli") {
        fasce_deboli::fasce_deboli(100_000);
    }
    if wants("abbinamenti") {
        offerte::abbinamenti(1_000_000);
    }
    if wants("offerte") {
        offerte::server(10_000, 100_000);
    }
    if wants("report") {
        report::report(1_000_000, 10, 100_000);
    }
    if wants("corsi") {
        corsi::corsi(5_000);
    }
    if wants("agenda") {
        agenda::agenda(50, 20_000);
    }
    if wants("docs") {
        docs::docs(1_000, 10_000);
    }
    if wants("cv") {
        cv::cv(10_000);
    }
}

/// Foundation issue: time to open a store (key derivation included), time to bulk-load
/// 100,000 candidates in one transaction, and the size of the store file.
fn store(count: usize) {
    println!("== store: {count} candidates");
    let dir = tempfile::tempdir().expect("temporary folder");
    let reference = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let branches = sportello_demo::branches(3);
    let codes: Vec<String> = branches.iter().map(|b| b.code.clone()).collect();

    // Streamed, as a sync would: the records are never all in memory at once.
    let now = Utc::now();
    let generator = Generator::new(1, reference);
    let records = || {
        generator
            .candidates(count, &codes)
            .map(|candidate| CandidateRecord {
                candidate,
                version: 1,
                updated_at: now,
            })
    };
    let (_, generate) = timed(|| records().count());
    println!(
        "generate demo citizens      {:>9.0} ms (streamed into the load below, included there)",
        ms(generate)
    );

    let (store, create) = timed(|| Store::create(dir.path(), PASSWORD).expect("create"));
    drop(store);
    println!("create store                {:>9.0} ms", ms(create));

    let opens: Vec<Duration> = (0..5)
        .map(|_| timed(|| Store::open(dir.path(), PASSWORD).expect("open")).1)
        .collect();
    println!(
        "open store (Argon2id + quick_check), median of 5 {:>6.0} ms",
        ms(median(opens))
    );

    let mut store = Store::open(dir.path(), PASSWORD).expect("open");
    store
        .write(|tx| tx.upsert_branches(&branches))
        .expect("branches");
    let (_, load) = timed(|| store.bulk_upsert_candidates(records()).expect("bulk load"));
    println!(
        "bulk load, one transaction  {:>9.0} ms  ({:.0} candidates/s)",
        ms(load),
        count as f64 / load.as_secs_f64()
    );

    let query = KeywordQuery::parse("magazzinieri carrello");
    let (hits, search) = timed(|| store.candidates_matching_keywords(&query).expect("search"));
    println!(
        "keyword probe ({} hits)      {:>9.1} ms",
        hits.len(),
        ms(search)
    );

    let report = store.check().expect("check");
    drop(store);
    let (_, reopen) = timed(|| Store::open(dir.path(), PASSWORD).expect("reopen"));
    println!("reopen with {count} candidates {:>9.0} ms", ms(reopen));
    println!(
        "store file                  {:>9.1} MB (+ WAL {:.1} MB)",
        report.db_bytes as f64 / 1e6,
        report.wal_bytes as f64 / 1e6
    );
    println!("peak RSS                    {:>9.0} MB", peak_rss_mb());
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Peak resident memory of this process (Linux); 0 elsewhere.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}
