//! The operator's encrypted store: create, check, recover.

use serde::Serialize;
pub use sportello_store::Store;

use crate::{Profile, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreReport {
    pub integrity_ok: bool,
    pub problems: Vec<String>,
    pub schema_version: u32,
    pub db_bytes: u64,
    pub wal_bytes: u64,
    pub counts: Vec<TableCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecoveryReport {
    pub was_damaged: bool,
    pub problem: Option<String>,
    /// Where the damaged files were moved; they are never deleted.
    pub moved_aside: Vec<String>,
    pub mutations_recovered: usize,
    pub saved_searches_recovered: usize,
    pub receipts_recovered: usize,
    /// Rows of the other tables of the operator's own work (conflicts, fasce-deboli
    /// working copy, requests and uploads…), by table.
    pub work_recovered: std::collections::BTreeMap<String, usize>,
}

pub fn init(profile: &Profile, password: &str) -> Result<()> {
    Store::create(&profile.store_dir(), password)?;
    Ok(())
}

/// Whether this computer has a store for the profile's user.
pub fn exists(profile: &Profile) -> bool {
    profile.store_dir().join(sportello_store::DB_FILE).exists()
}

/// Opens the operator's store; the CVs past their retention go first, even offline.
pub fn open(profile: &Profile, password: &str) -> Result<Store> {
    let mut store = Store::open(&profile.store_dir(), password)?;
    crate::cv::elimina_scaduti(&mut store)?;
    Ok(store)
}

pub fn check(profile: &Profile, password: &str) -> Result<StoreReport> {
    let report = open(profile, password)?.check()?;
    Ok(StoreReport {
        integrity_ok: report.quick_check_ok,
        problems: report.integrity_messages,
        schema_version: report.schema_version,
        db_bytes: report.db_bytes,
        wal_bytes: report.wal_bytes,
        counts: report
            .table_counts
            .into_iter()
            .map(|c| TableCount {
                table: c.table.to_string(),
                rows: c.rows,
            })
            .collect(),
    })
}

pub fn recover(profile: &Profile, password: &str) -> Result<RecoveryReport> {
    let report = Store::recover(&profile.store_dir(), password)?;
    Ok(RecoveryReport {
        was_damaged: report.was_damaged,
        problem: report.problem,
        moved_aside: report
            .moved_aside
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        mutations_recovered: report.salvaged_mutations,
        saved_searches_recovered: report.salvaged_saved_searches,
        receipts_recovered: report.salvaged_receipts,
        work_recovered: report.salvaged_work,
    })
}
