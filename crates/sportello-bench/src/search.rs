//! Issue 5: candidate search over a 1,000,000-candidate store, and Excel export.
//!
//! Building a store of a million demo citizens takes minutes, so it is kept under
//! `target/bench-data/` (named by count and seed) and reused by later runs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Days, NaiveDate, Utc};
use sportello_core::CandidateFilter;
use sportello_core::candidate::EmploymentStatus;
use sportello_core::filter::{Sort, SortKey};
use sportello_core::{EducationLevel, Sex};
use sportello_demo::Generator;
use sportello_store::{CandidateRecord, Scope, SearchQuery, Store};

const PASSWORD: &str = "Bench2026x";

/// The day the bench data describes: fixed, so the cached store stays valid.
pub(crate) fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

const SEED: u64 = 5;
const BRANCHES: usize = 10;
/// Candidates per transaction while building: bounds the WAL.
const LOAD_CHUNK: usize = 50_000;
/// Marks a completely built store; a folder without it is rebuilt.
const COMPLETE: &str = "complete";
const PAGE: u64 = 50;
fn runs() -> usize {
    std::env::var("SPORTELLO_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15)
}

fn bench_data() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
        PathBuf::from,
    );
    target.join("bench-data")
}

/// The cached store of `count` demo citizens (seed [`SEED`]), built if missing.
pub(crate) fn cached_store(count: usize) -> (PathBuf, Store) {
    let dir = bench_data().join(format!("candidates-{count}-seed{SEED}"));
    if dir.join(COMPLETE).exists() {
        let store = Store::open(&dir, PASSWORD).expect("open the cached bench store");
        return (dir, store);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove a half-built bench store");
    }
    println!(
        "building a store of {count} demo citizens in {} (once)…",
        dir.display()
    );
    let mut store = Store::create(&dir, PASSWORD).expect("create the bench store");
    let branches = sportello_demo::branches(BRANCHES);
    store
        .write(|tx| tx.upsert_branches(&branches))
        .expect("branches");
    let codes: Vec<String> = branches.into_iter().map(|b| b.code).collect();
    let generator = Generator::new(SEED, reference());
    let base = Utc::now() - chrono::Duration::days(400);
    let mut people = generator
        .candidates(count, &codes)
        .enumerate()
        .map(|(i, candidate)| {
            CandidateRecord {
                candidate,
                version: 1,
                // Updates spread over the last 400 days, so "updated since" selects a part.
                updated_at: base
                    + chrono::Duration::seconds((i as i64 * 34_560_000) / count.max(1) as i64),
            }
        });
    let (_, load) = timed(|| {
        loop {
            let chunk: Vec<CandidateRecord> = people.by_ref().take(LOAD_CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            store.bulk_upsert_candidates(&chunk).expect("bulk load");
        }
    });
    println!(
        "built in {:.0} s ({:.0} candidates/s)",
        load.as_secs_f64(),
        count as f64 / load.as_secs_f64()
    );
    std::fs::write(dir.join(COMPLETE), b"").expect("mark the store complete");
    (dir, store)
}

/// Realistic searches an operator makes, each with the first page and the total; the
/// last ones run within an operator's scope of three branches.
pub(crate) fn queries() -> Vec<(&'static str, CandidateFilter, Sort, Scope)> {
    let three = || Scope::Branches(vec!["FI01".into(), "PO01".into(), "PT01".into()]);
    let mut all: Vec<(&'static str, CandidateFilter, Sort, Scope)> = whole_store_queries()
        .into_iter()
        .map(|(name, filter, sort)| (name, filter, sort, Scope::All))
        .collect();
    all.extend([
        (
            "scope of 3 branches: keywords «cuochi»",
            CandidateFilter {
                keywords: Some("cuochi".into()),
                ..CandidateFilter::default()
            },
            Sort::default(),
            three(),
        ),
        (
            "scope of 3 branches: everyone, by surname",
            CandidateFilter::default(),
            Sort::default(),
            three(),
        ),
    ]);
    all
}

fn whole_store_queries() -> Vec<(&'static str, CandidateFilter, Sort)> {
    let by = |key, descending| Sort { key, descending };
    let f = CandidateFilter::default;
    let recent = reference() - Days::new(90);
    vec![
        (
            "keywords «cuochi»",
            CandidateFilter {
                keywords: Some("cuochi".into()),
                ..f()
            },
            Sort::default(),
        ),
        (
            "magazzinieri, Prato, up to 40",
            CandidateFilter {
                keywords: Some("magazzinieri".into()),
                provincia: Some("PO".into()),
                age_max: Some(40),
                ..f()
            },
            Sort::default(),
        ),
        (
            "disoccupati 18–29 in provincia di Firenze",
            CandidateFilter {
                status: Some(EmploymentStatus::Disoccupato),
                age_min: Some(18),
                age_max: Some(29),
                provincia: Some("FI".into()),
                ..f()
            },
            by(SortKey::Age, false),
        ),
        (
            "laureati with English, branch PI01",
            CandidateFilter {
                education_min: Some(EducationLevel::LaureaTriennale),
                languages: vec!["en".into()],
                branches: vec!["PI01".into()],
                ..f()
            },
            Sort::default(),
        ),
        (
            "collocamento mirato, branch FI01",
            CandidateFilter {
                collocamento_mirato: Some(true),
                branches: vec!["FI01".into()],
                ..f()
            },
            Sort::default(),
        ),
        (
            "SFL/ADI, disoccupati ≥ 12 months",
            CandidateFilter {
                income_support: Some(true),
                status: Some(EmploymentStatus::Disoccupato),
                unemployed_months_min: Some(12),
                ..f()
            },
            by(SortKey::UnemploymentMonths, true),
        ),
        (
            "DID in the last 90 days, branch LI01",
            CandidateFilter {
                did_from: Some(recent),
                branches: vec!["LI01".into()],
                ..f()
            },
            by(SortKey::DidDate, true),
        ),
        (
            "women in Prato with licence B",
            CandidateFilter {
                comune: Some("Prato".into()),
                sex: Some(Sex::F),
                driving_licences: vec!["B".into()],
                ..f()
            },
            Sort::default(),
        ),
        (
            "tirocinio (C06), up to 29",
            CandidateFilter {
                policy_activity: Some("C06".into()),
                age_max: Some(29),
                ..f()
            },
            by(SortKey::BirthDate, true),
        ),
        (
            "phrase «addetto alle vendite», 30+",
            CandidateFilter {
                keywords: Some("\"addetto alle vendite\"".into()),
                age_min: Some(30),
                ..f()
            },
            Sort::default(),
        ),
        (
            "saldatori TIG with licence C",
            CandidateFilter {
                keywords: Some("saldatore tig".into()),
                driving_licences: vec!["C".into()],
                ..f()
            },
            Sort::default(),
        ),
        (
            "one branch (SI01), by surname",
            CandidateFilter {
                branches: vec!["SI01".into()],
                ..f()
            },
            Sort::default(),
        ),
        ("whole cache, by surname", f(), Sort::default()),
        (
            "updated in the last 30 days, newest first",
            CandidateFilter {
                updated_since: Some(Utc::now().date_naive() - Days::new(30)),
                ..f()
            },
            by(SortKey::UpdatedAt, true),
        ),
        (
            "diploma+, 30–50, Livorno, by comune",
            CandidateFilter {
                education_min: Some(EducationLevel::Maturita),
                age_min: Some(30),
                age_max: Some(50),
                provincia: Some("LI".into()),
                ..f()
            },
            by(SortKey::Comune, false),
        ),
    ]
}

pub(crate) fn search(count: usize) {
    println!("== search: first page ({PAGE} rows) + total count, {count} candidates");
    let (dir, store) = cached_store(count);
    drop(store);
    // The first search after opening builds the in-memory index; the figures below are
    // of the searches after it, each query's first run (keywords asked of the FTS index,
    // text orders read) included.
    let (store, open) = timed(|| Store::open(&dir, PASSWORD).expect("open the bench store"));
    let ((), first) = timed(|| {
        store
            .count_matching(&CandidateFilter::default(), &Scope::All, reference())
            .map(drop)
            .expect("count")
    });
    println!(
        "  open {:.2} s, first search (builds the in-memory index) {:.2} s, peak RSS {:.0} MB",
        open.as_secs_f64(),
        first.as_secs_f64(),
        peak_rss_mb()
    );
    let mut all: Vec<Duration> = Vec::new();
    for (name, filter, sort, scope) in queries() {
        let query = SearchQuery {
            filter,
            scope,
            reference: reference(),
            sort,
            offset: 0,
            limit: PAGE,
        };
        let mut times: Vec<Duration> = (0..runs())
            .map(|_| timed(|| store.search(&query).expect("search")).1)
            .collect();
        let total = store.search(&query).expect("search").total;
        all.extend(&times);
        times.sort();
        println!(
            "  {name:<44} {total:>8} found   p50 {:>6.1} ms   p95 {:>6.1} ms",
            ms(times[times.len() / 2]),
            ms(percentile(&times, 95))
        );
    }
    all.sort();
    println!(
        "search over {} runs: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (target p95 ≤ 50 ms)",
        all.len(),
        ms(all[all.len() / 2]),
        ms(percentile(&all, 95)),
        ms(all[all.len() - 1])
    );
    deep_pages(&store);
    after_a_sync(store);
}

/// The result table scrolled far down the whole cache: pages of 200 rows at growing
/// offsets, as the virtual scrolling asks for them.
fn deep_pages(store: &Store) {
    let mut times: Vec<Duration> = Vec::new();
    for offset in [0, 100_000, 250_000, 500_000, 750_000, 999_800] {
        let query = SearchQuery {
            filter: CandidateFilter::default(),
            scope: Scope::All,
            reference: reference(),
            sort: Sort::default(),
            offset,
            limit: 200,
        };
        times.extend((0..runs()).map(|_| timed(|| store.search(&query).expect("search")).1));
    }
    times.sort();
    println!(
        "  whole cache by surname, pages of 200 from offset 0 to 999,800: p50 {:.1} ms, p95 {:.1} ms",
        ms(times[times.len() / 2]),
        ms(percentile(&times, 95))
    );
}

/// What a search costs after a sync changed 100 candidates (as another connection
/// would): the copy is patched, and the text orders are read again. The candidates
/// are written back as they are with the next version, so the bench store's content
/// (and later runs' figures) stay the same.
fn after_a_sync(store: Store) {
    let page = store
        .search(&SearchQuery {
            filter: CandidateFilter::default(),
            scope: Scope::All,
            reference: reference(),
            sort: Sort::default(),
            offset: 0,
            limit: 100,
        })
        .expect("search");
    let mut changed: Vec<CandidateRecord> = page
        .rows
        .iter()
        .map(|f| {
            let mut record = store
                .candidate(&f.summary.codice_fiscale)
                .expect("read")
                .expect("present");
            record.version += 1;
            record
        })
        .collect();
    let mut writer = Store::open(store.dir(), PASSWORD).expect("second connection");
    writer
        .bulk_upsert_candidates(changed.drain(..))
        .expect("write");
    drop(writer);
    for (name, sort) in [
        ("next search by surname", Sort::default()),
        ("the one after", Sort::default()),
        (
            "next search by age",
            Sort {
                key: SortKey::Age,
                descending: false,
            },
        ),
    ] {
        let query = SearchQuery {
            filter: CandidateFilter::default(),
            scope: Scope::All,
            reference: reference(),
            sort,
            offset: 0,
            limit: PAGE,
        };
        let took = timed(|| store.search(&query).expect("search")).1;
        println!(
            "  after a sync of 100 changes: {name:<24} {:>6.1} ms",
            ms(took)
        );
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = std::time::Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p`th percentile of sorted durations (nearest rank).
pub(crate) fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// The argument that makes this binary the child process of one export, so its peak
/// memory (VmHWM) is the export's alone.
pub(crate) const EXPORT_CHILD: &str = "export-child";

/// Exports of 100,000 rows (one branch of the million) and of the whole million, 15
/// columns, each in a child process that reports its own peak memory.
pub(crate) fn export(count: usize) {
    println!("== export: xlsx, default 15 columns, from the {count}-candidate store");
    drop(cached_store(count));
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, branch, target_s, target_mb) in [
        ("one branch (FI01)", "FI01", 1.5, 100.0),
        ("whole store", "", 15.0, 150.0),
    ] {
        let out = dir.path().join(format!(
            "export-{}.xlsx",
            if branch.is_empty() { "all" } else { branch }
        ));
        let started = std::time::Instant::now();
        let child = std::process::Command::new(std::env::current_exe().expect("own path"))
            .args([EXPORT_CHILD, &count.to_string(), branch])
            .arg(&out)
            .output()
            .expect("run the export child");
        let wall = started.elapsed();
        let report = String::from_utf8_lossy(&child.stdout);
        assert!(
            child.status.success(),
            "export failed: {}",
            String::from_utf8_lossy(&child.stderr)
        );
        let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        println!(
            "  {name:<20} {}  wall {:.2} s (target ≤ {target_s} s)  file {:.1} MB  (target RSS ≤ {target_mb} MB)",
            report.trim(),
            wall.as_secs_f64(),
            bytes as f64 / 1e6
        );
    }
}

/// In the child: open the store, export, print rows, export time and peak RSS.
pub(crate) fn export_child(args: &[String]) {
    let count: usize = args[0].parse().expect("count");
    let filter = CandidateFilter {
        branches: if args[1].is_empty() {
            vec![]
        } else {
            vec![args[1].clone()]
        },
        ..CandidateFilter::default()
    };
    let out = PathBuf::from(&args[2]);
    let (_, mut store) = cached_store(count);
    let now = chrono::Local::now();
    let (report, took) = timed(|| {
        sportello_app::search::export_from(
            &mut store,
            "bench",
            &sportello_app::search::ExportRequest::new(filter, out),
            now,
        )
        .expect("export")
    });
    println!(
        "{:>8} rows  export {:.2} s  peak RSS {:.0} MB",
        report.rows,
        took.as_secs_f64(),
        peak_rss_mb()
    );
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}
