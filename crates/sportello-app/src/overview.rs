//! What the dashboard shows about the local store: candidates per branch and the
//! changes waiting in the outbox.

use chrono::NaiveDate;
use serde::Serialize;
use sportello_core::CandidateFilter;
use sportello_store::Store;

use crate::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BranchCount {
    pub code: String,
    pub name: String,
    pub candidates: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Overview {
    /// Candidates in `scope` (all branches of the store when empty).
    pub candidates: u64,
    pub branches: Vec<BranchCount>,
    /// Changes not yet accepted by the server.
    pub pending: u64,
    pub rejected: u64,
    pub conflicts: u64,
}

/// Counts for the branches in `scope` (every branch of the store when empty).
pub fn overview(store: &Store, scope: &[String], today: NaiveDate) -> Result<Overview> {
    let mut branches = Vec::new();
    for b in store.branches()? {
        if !scope.is_empty() && !scope.contains(&b.code) {
            continue;
        }
        let filter = CandidateFilter {
            branches: vec![b.code.clone()],
            ..Default::default()
        };
        branches.push(BranchCount {
            candidates: store.count_matching(&filter, &sportello_store::Scope::All, today)?,
            code: b.code,
            name: b.name,
        });
    }
    let candidates = if scope.is_empty() {
        store.candidate_count()?
    } else {
        branches.iter().map(|b| b.candidates).sum()
    };
    let outbox = store.outbox_counts()?;
    Ok(Overview {
        candidates,
        branches,
        pending: outbox.pending,
        rejected: outbox.rejected,
        conflicts: outbox.conflict,
    })
}
