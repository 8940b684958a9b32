//! The demos: the headless one (an encrypted store filled with deterministic demo
//! citizens) and, with the `sandbox` feature, the desktop's (a sandbox server in
//! process, signed in to and synced as an operator would).

#[cfg(feature = "sandbox")]
pub mod sandbox;

use std::time::Instant;

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use sportello_core::keywords::KeywordQuery;
use sportello_demo::Generator;
use sportello_store::{CandidateRecord, Store};

use crate::{Profile, Result};

/// The demo operator's password. Demo data only: never used for a real store.
pub const PASSWORD: &str = "Demo2026";

/// Demo branches: three, as in the desktop demo.
const BRANCHES: usize = 3;

/// A keyword search to show that the Italian full-text index works ("magazzinieri"
/// finds CVs that say "magazziniere").
const SAMPLE_KEYWORDS: &str = "magazzinieri";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    pub user: String,
    pub store_dir: String,
    pub branches: usize,
    pub candidates_loaded: usize,
    pub load_ms: u64,
    pub candidates_total: u64,
    pub sample_keywords: String,
    pub sample_keyword_hits: usize,
    pub db_bytes: u64,
}

/// Loads `citizens` demo citizens (the same ones for the same seed and day) into the
/// profile's store, creating it if needed. Loading again replaces them, never duplicates.
pub fn load(
    profile: &Profile,
    password: &str,
    citizens: usize,
    seed: u64,
    today: NaiveDate,
) -> Result<DemoReport> {
    let mut store = Store::open_or_create(&profile.store_dir(), password)?;
    let branches = sportello_demo::branches(BRANCHES);
    let codes: Vec<String> = branches.iter().map(|b| b.code.clone()).collect();
    let started = Instant::now();
    store.write(|tx| tx.upsert_branches(&branches))?;
    let now = Utc::now();
    let generator = Generator::new(seed, today);
    let records = generator
        .candidates(citizens, &codes)
        .map(|candidate| CandidateRecord {
            candidate,
            version: 1,
            updated_at: now,
        });
    store.bulk_upsert_candidates(records)?;
    let load_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let hits = store
        .candidates_matching_keywords(&KeywordQuery::parse(SAMPLE_KEYWORDS))?
        .len();
    Ok(DemoReport {
        user: profile.user().to_string(),
        store_dir: profile.store_dir().display().to_string(),
        branches: branches.len(),
        candidates_loaded: citizens,
        load_ms,
        candidates_total: store.candidate_count()?,
        sample_keywords: SAMPLE_KEYWORDS.into(),
        sample_keyword_hits: hits,
        db_bytes: store.size_on_disk()?,
    })
}
