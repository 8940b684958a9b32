//! The central database, SQLite (the embedded default) or PostgreSQL (deployments),
//! behind one surface: [`Db::read`] runs a closure in one consistent snapshot,
//! [`Db::write`] in the one write transaction, and the queries of the modules below
//! are written once ([`sql::Tx`]).
//!
//! Writers are serialised: on SQLite by a lock around its single writer connection
//! (`BEGIN IMMEDIATE`), on PostgreSQL by a transaction-scoped advisory lock that every
//! write transaction of every server instance takes first. Change sequence numbers
//! are taken inside that transaction ([`changes::log`]), so they commit in order and a
//! reader that sees change N sees every change below it, however many instances share
//! the database.

pub mod agenda;
pub mod candidates;
pub mod candidature;
pub mod changes;
pub mod contatti;
pub mod corsi;
pub mod cv;
pub mod documenti;
pub mod fasce_deboli;
pub mod mutations;
pub mod offerte;
mod postgres;
pub mod report;
pub mod sql;
pub mod users;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use self::sql::{Backend, OptionalExtension, Tx};
use crate::error::{Error, Result};

/// The SQLite migrations, in order; `user_version` counts the applied ones.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_fasce_deboli.sql"),
    include_str!("../../migrations/0003_categorie_ritirate.sql"),
    include_str!("../../migrations/0004_richieste_idempotenti.sql"),
    include_str!("../../migrations/0005_tentativi.sql"),
    include_str!("../../migrations/0006_contatori.sql"),
    include_str!("../../migrations/0007_tentativi_accesso.sql"),
    include_str!("../../migrations/0008_offerte.sql"),
    include_str!("../../migrations/0009_utenti.sql"),
    include_str!("../../migrations/0010_report.sql"),
    include_str!("../../migrations/0011_corsi.sql"),
    include_str!("../../migrations/0012_documenti.sql"),
    include_str!("../../migrations/0013_agenda.sql"),
    include_str!("../../migrations/0014_candidature.sql"),
    include_str!("../../migrations/0015_contatti.sql"),
    include_str!("../../migrations/0016_cv.sql"),
];

/// How many idle reader connections are kept.
const MAX_IDLE_READERS: usize = 8;

/// Where the database is: `--db sqlite:FILE` (or a plain path) or `--db postgres://…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            Location::Sqlite(PathBuf::from(text.strip_prefix("sqlite:").unwrap_or(text)))
        }
    }
}

/// As `--db` takes it.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            Location::Postgres(url) => f.write_str(url),
        }
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Self {
        Location::Sqlite(path.to_path_buf())
    }
}

impl From<&PathBuf> for Location {
    fn from(path: &PathBuf) -> Self {
        Location::Sqlite(path.clone())
    }
}

impl From<&Location> for Location {
    fn from(location: &Location) -> Self {
        location.clone()
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Location::Sqlite(path)
    }
}

#[derive(Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(postgres::PgDb),
}

/// See [`Db::try_worker_lease`]; dropping it gives the right back.
#[derive(Debug)]
pub struct WorkerLease(Option<tokio_postgres::Client>);

impl WorkerLease {
    /// Whether the lease still holds (its PostgreSQL connection is open).
    pub fn held(&self) -> bool {
        self.0.as_ref().is_none_or(|c| !c.is_closed())
    }
}

#[derive(Debug)]
pub struct SqliteDb {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Db {
    /// Opens the database, creating and migrating it if needed.
    pub fn open(location: &Location) -> Result<Self> {
        match location {
            Location::Sqlite(path) => SqliteDb::open(path).map(Db::Sqlite),
            Location::Postgres(url) => postgres::PgDb::open(url).map(Db::Postgres),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// The right to run the fasce-deboli worker, held by one instance at a time: always
    /// granted on SQLite (one process serves a file), one holder among the instances
    /// sharing a PostgreSQL database (the others wait and take over when it ends).
    pub fn try_worker_lease(&self) -> Result<Option<WorkerLease>> {
        match self {
            Db::Sqlite(_) => Ok(Some(WorkerLease(None))),
            Db::Postgres(db) => Ok(db.try_worker_lease()?.map(|c| WorkerLease(Some(c)))),
        }
    }

    /// Runs `f` in a read transaction: one consistent snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        match self {
            Db::Sqlite(db) => db.read(f),
            Db::Postgres(db) => db.read(f),
        }
    }

    /// Runs `f` in the write transaction; commits if it returns `Ok`.
    pub fn write<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        match self {
            Db::Sqlite(db) => db.write(f),
            Db::Postgres(db) => db.write(f),
        }
    }
}

impl SqliteDb {
    /// Opens (creating and migrating if needed) the database at `path`, in WAL mode.
    pub fn open(path: &Path) -> Result<Self> {
        let mut writer = connect(path)?;
        writer.pragma_update(None, "journal_mode", "wal")?;
        // A client deletes its outbox entry when told a change was applied: the commit
        // must survive a power cut by then, so the writer syncs the WAL on every commit
        // (NORMAL would only survive the process dying).
        writer.pragma_update(None, "synchronous", "full")?;
        migrate(&mut writer)?;
        Ok(Self {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    fn read<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let conn = self.readers.lock().expect("reader pool").pop();
        let mut conn = match conn {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        let out = {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let out = f(&Tx::sqlite(&tx))?;
            tx.finish()?;
            out
        };
        let mut idle = self.readers.lock().expect("reader pool");
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        Ok(out)
    }

    fn write<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let mut conn = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&Tx::sqlite(&tx))?;
        tx.commit()?;
        Ok(out)
    }
}

fn connect(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "foreign_keys", "on")?;
    // Readers never write; the writer raises this to FULL (see `Db::open`).
    conn.pragma_update(None, "synchronous", "normal")?;
    conn.pragma_update(None, "cache_size", -65_536)?;
    conn.pragma_update(None, "temp_store", "memory")?;
    Ok(conn)
}

/// Applies the missing migrations in one transaction: a server stopped half-way leaves
/// the database as it was.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: usize =
        conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))? as usize;
    if applied > MIGRATIONS.len() {
        return Err(Error::Internal(format!(
            "the database has schema version {applied}, newer than this server ({})",
            MIGRATIONS.len()
        )));
    }
    // A migration may rebuild a table (SQLite cannot change a CHECK in place): the
    // documented procedure runs with foreign keys off and checks them before commit.
    let enforced: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "off")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        tx.execute_batch(sql)?;
        if i == 0 {
            set_instance(&Tx::sqlite(&tx))?;
        }
    }
    let broken: Option<String> =
        rusqlite::OptionalExtension::optional(
            tx.query_row("PRAGMA foreign_key_check", (), |r| r.get(0)),
        )?;
    if let Some(table) = broken {
        return Err(Error::Internal(format!(
            "a migration broke a foreign key of {table}"
        )));
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
    tx.commit()?;
    conn.pragma_update(None, "foreign_keys", enforced)?;
    Ok(())
}

/// A new database's identity: cursors issued by another database are refused.
fn set_instance(tx: &Tx) -> Result<()> {
    let instance = uuid::Uuid::new_v4().to_string();
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('instance', ?1)",
        [instance],
    )?;
    Ok(())
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text, so they sort as text.
pub fn ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Internal(format!("bad timestamp in the database: {e}")))
}

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|e| Error::Internal(format!("bad date in the database: {e}")))
}

/// The record `id` of `table`, kept whole as its wire JSON in a `record` column.
pub fn whole<T: serde::de::DeserializeOwned>(
    tx: &Tx,
    table: &'static str,
    id: uuid::Uuid,
) -> Result<Option<T>> {
    let sql = format!("SELECT record FROM {table} WHERE id = ?1");
    let json: Option<String> = tx
        .prepare_cached(&sql)?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    json.as_deref()
        .map(|j| {
            serde_json::from_str(j).map_err(|e| {
                Error::Internal(format!("a stored record of {table} does not parse: {e}"))
            })
        })
        .transpose()
}

/// A counter of the `counters` table (`change_seq`, `tombstone_horizon`).
pub fn counter(conn: &Tx, name: &str) -> Result<i64> {
    conn.query_row("SELECT value FROM counters WHERE name = ?1", [name], |r| {
        r.get(0)
    })
}

pub fn meta_text(conn: &Tx, key: &str) -> Result<String> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    v.ok_or_else(|| Error::Internal(format!("meta {key} missing")))
}

/// The category codes a fascia-debole declaration may name (withdrawn ones no more).
pub fn category_exists(conn: &Tx, code: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM fasce_deboli_categorie WHERE code = ?1 AND ritirata_il IS NULL",
        )?
        .query_row([code], |_| Ok(()))
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_client_is_told_is_applied_is_synced_to_disk_first() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("c.db").into()).unwrap();
        let level: i64 = db
            .write(|tx| tx.query_row("PRAGMA synchronous", (), |r| r.get(0)))
            .unwrap();
        assert_eq!(level, 2, "FULL: the WAL is synced at every commit");
    }

    #[test]
    fn a_database_of_version_5_keeps_its_change_sequence() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let conn = Connection::open(&path).unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO meta (key, value) VALUES ('instance', 'prima');
             UPDATE meta SET value = 42 WHERE key = 'change_seq';
             UPDATE meta SET value = 7 WHERE key = 'tombstone_horizon';
             PRAGMA user_version = 5;",
        )
        .unwrap();
        drop(conn);

        let db = Db::open(&path.into()).unwrap();
        let (seq, horizon, instance, left) = db
            .read(|tx| {
                Ok((
                    counter(tx, "change_seq")?,
                    counter(tx, "tombstone_horizon")?,
                    meta_text(tx, "instance")?,
                    tx.query_row("SELECT COUNT(*) FROM meta", (), |r| r.get::<_, i64>(0))?,
                ))
            })
            .unwrap();
        assert_eq!((seq, horizon), (42, 7), "the counters moved");
        assert_eq!(instance, "prima", "the database keeps its identity");
        assert_eq!(left, 1, "only the instance is left in meta");
    }
}
