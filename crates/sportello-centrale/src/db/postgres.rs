//! The PostgreSQL backend: a pool of connections, snapshot reads, writes serialised
//! across every server instance by an advisory lock, migrations applied once.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio_postgres::{Client, Config, IsolationLevel, NoTls, Statement};

use super::sql::{Tx, block_on, pg_runtime};
use crate::error::{Error, Result};

/// The PostgreSQL migrations, in order; `schema_version` counts the applied ones.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_schema",
        include_str!("../../migrations/postgres/0001_schema.sql"),
    ),
    (
        "0002_tentativi_accesso",
        include_str!("../../migrations/postgres/0002_tentativi_accesso.sql"),
    ),
];

/// The advisory lock every write transaction takes first (transaction-scoped): one
/// writer at a time across instances, as SQLite has one writer.
const WRITE_LOCK: i64 = 0x5350_4F52_5445_4C4C; // "SPORTELL"
/// Taken while migrating, so two instances starting together migrate once.
const MIGRATE_LOCK: i64 = WRITE_LOCK + 1;
/// Held (session-scoped) by the one instance that runs the fasce-deboli worker.
const WORKER_LOCK: i64 = WRITE_LOCK + 2;
/// How many idle connections are kept.
const MAX_IDLE: usize = 16;

struct PgConn {
    client: Client,
    /// Prepared statements of this connection, by their SQL as written.
    statements: HashMap<String, Statement>,
}

pub struct PgDb {
    config: Config,
    idle: Mutex<Vec<PgConn>>,
}

impl std::fmt::Debug for PgDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgDb")
            .field("dbname", &self.config.get_dbname())
            .finish_non_exhaustive()
    }
}

impl PgDb {
    pub fn open(url: &str) -> Result<Self> {
        let config: Config = url
            .parse()
            .map_err(|e| Error::Internal(format!("the PostgreSQL address is not valid: {e}")))?;
        let db = PgDb {
            config,
            idle: Mutex::new(Vec::new()),
        };
        db.migrate()?;
        Ok(db)
    }

    fn connect(&self) -> Result<PgConn> {
        let config = self.config.clone();
        let (client, connection) = block_on(config.connect(NoTls))?;
        pg_runtime().spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "PostgreSQL connection ended");
            }
        });
        Ok(PgConn {
            client,
            statements: HashMap::new(),
        })
    }

    fn take(&self) -> Result<PgConn> {
        loop {
            let conn = self.idle.lock().expect("pool").pop();
            match conn {
                Some(c) if c.client.is_closed() => continue,
                Some(c) => return Ok(c),
                None => return self.connect(),
            }
        }
    }

    fn give_back(&self, conn: PgConn) {
        let mut idle = self.idle.lock().expect("pool");
        if idle.len() < MAX_IDLE && !conn.client.is_closed() {
            idle.push(conn);
        }
    }

    pub fn read<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let mut conn = self.take()?;
        let out = {
            let PgConn { client, statements } = &mut conn;
            let tx = block_on(
                client
                    .build_transaction()
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start(),
            )?;
            let tx = Tx::postgres(tx, statements);
            let out = f(&tx)?;
            tx.commit()?;
            out
        };
        self.give_back(conn);
        Ok(out)
    }

    pub fn write<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.write_locked(WRITE_LOCK, f)
    }

    fn write_locked<T>(&self, lock: i64, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let mut conn = self.take()?;
        let out = {
            let PgConn { client, statements } = &mut conn;
            let tx = block_on(client.transaction())?;
            block_on(tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock]))?;
            let tx = Tx::postgres(tx, statements);
            let out = f(&tx)?;
            tx.commit()?;
            out
        };
        self.give_back(conn);
        Ok(out)
    }

    /// The worker's lease: a connection of its own holding the worker lock, or `None`
    /// while another instance holds it. Closing the connection (or losing it) ends
    /// the lease.
    pub fn try_worker_lease(&self) -> Result<Option<Client>> {
        let conn = self.connect()?;
        let row = block_on(
            conn.client
                .query_one("SELECT pg_try_advisory_lock($1)", &[&WORKER_LOCK]),
        )?;
        Ok(row.get::<_, bool>(0).then_some(conn.client))
    }

    fn migrate(&self) -> Result<()> {
        self.write_locked(MIGRATE_LOCK, |tx| {
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);
                 INSERT INTO schema_version (version)
                     SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);",
            )?;
            let applied: usize =
                tx.query_row("SELECT version FROM schema_version", (), |r| r.get(0))?;
            if applied > MIGRATIONS.len() {
                return Err(Error::Internal(format!(
                    "the database has schema version {applied}, newer than this server ({})",
                    MIGRATIONS.len()
                )));
            }
            for (i, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
                tx.execute_batch(sql)?;
                if i == 0 {
                    super::set_instance(tx)?;
                }
            }
            tx.execute("UPDATE schema_version SET version = ?1", [MIGRATIONS.len()])?;
            Ok(())
        })
    }
}
