//! What every handler shares: the database, the clock, the settings and the fault
//! injector. New areas (fasce deboli) add their fields here.

use std::sync::Arc;
use std::time::Duration;

use crate::db::Tx;

use crate::clock::Clock;
use crate::db::Db;
use crate::error::Result;
use crate::fault::Faults;

#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a bearer token lives.
    pub token_ttl: chrono::Duration,
    /// How long tombstones are kept; older cursors answer `cursore_scaduto`.
    pub tombstone_retention: chrono::Duration,
    /// How long asynchronous work (the fasce-deboli requests and uploads) takes.
    pub processing_delay: Duration,
    /// When the daily report is made (Europe/Rome).
    pub report_at: chrono::NaiveTime,
    /// The binary that reads uploaded files in a child ([`crate::isolated`]).
    pub parser: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Arc<Db>,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    pub faults: Arc<Faults>,
    /// Wakes the fasce-deboli worker when a request or an upload is submitted.
    pub fasce_deboli_wake: Arc<tokio::sync::Notify>,
    /// Seals CV files at rest.
    pub sigillo: Arc<crate::sigillo::Sigillo>,
}

impl AppState {
    /// Now, to the microsecond: the precision timestamps are stored with, so what an
    /// answer says and what a later read says are equal.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        use chrono::SubsecRound;
        self.clock.now().trunc_subsecs(6)
    }

    /// Runs a read transaction on a blocking thread.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Tx) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.read(f)).await?
    }

    /// Runs the write transaction on a blocking thread.
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Tx) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.write(f)).await?
    }
}
