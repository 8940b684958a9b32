//! The PostgreSQL backend: a pool of connections, snapshot reads, writes serialised
//! across every server instance by an advisory lock, migrations applied once.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio_postgres::config::{Host, SslMode};
use tokio_postgres::{Client, Config, IsolationLevel, NoTls, Statement};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::sql::{Tx, block_on, pg_runtime};
use crate::error::{Error, Result};

/// The PostgreSQL migrations, in order; `schema_version` counts the applied ones.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_schema.sql"),
    include_str!("../../migrations/postgres/0002_tentativi_accesso.sql"),
    include_str!("../../migrations/postgres/0003_offerte.sql"),
    include_str!("../../migrations/postgres/0004_utenti.sql"),
    include_str!("../../migrations/postgres/0005_report.sql"),
    include_str!("../../migrations/postgres/0006_corsi.sql"),
    include_str!("../../migrations/postgres/0007_documenti.sql"),
    include_str!("../../migrations/postgres/0008_agenda.sql"),
    include_str!("../../migrations/postgres/0009_candidature.sql"),
    include_str!("../../migrations/postgres/0010_contatti.sql"),
    include_str!("../../migrations/postgres/0011_cv.sql"),
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
    /// `None`: PostgreSQL is on this machine and reached in the clear.
    tls: Option<MakeRustlsConnect>,
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
        let (url, root_cert) = split_root_cert(url);
        let config: Config = url
            .parse()
            .map_err(|e| Error::Internal(format!("the PostgreSQL address is not valid: {e}")))?;
        let db = PgDb {
            tls: transport(&config, root_cert.as_deref())?,
            config,
            idle: Mutex::new(Vec::new()),
        };
        db.migrate()?;
        Ok(db)
    }

    fn connect(&self) -> Result<PgConn> {
        let config = self.config.clone();
        let client = match &self.tls {
            None => {
                let (client, connection) = block_on(config.connect(NoTls))?;
                pg_runtime().spawn(watch(connection));
                client
            }
            Some(tls) => {
                let (client, connection) = block_on(config.connect(tls.clone()))?;
                pg_runtime().spawn(watch(connection));
                client
            }
        };
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
        self.in_transaction(None, f)
    }

    pub fn write<T>(&self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.in_transaction(Some(WRITE_LOCK), f)
    }

    /// `f` in a transaction: a repeatable-read snapshot, or with `lock` a read-write
    /// transaction that takes that advisory lock first. Commits if `f` returns `Ok`.
    fn in_transaction<T>(&self, lock: Option<i64>, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let mut conn = self.take()?;
        // An `Err` from `f` (often a refusal for the client, not a broken connection)
        // rolls the transaction back as it drops; the connection goes back to the pool.
        let outcome = (|| {
            let PgConn { client, statements } = &mut conn;
            let tx = match lock {
                None => block_on(
                    client
                        .build_transaction()
                        .isolation_level(IsolationLevel::RepeatableRead)
                        .read_only(true)
                        .start(),
                )?,
                Some(lock) => {
                    let tx = block_on(client.transaction())?;
                    block_on(tx.execute("SELECT pg_advisory_xact_lock($1)", &[&lock]))?;
                    tx
                }
            };
            let tx = Tx::postgres(tx, statements);
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })();
        self.give_back(conn);
        outcome
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
        self.in_transaction(Some(MIGRATE_LOCK), |tx| {
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
            for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
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

/// Drives a connection until it ends.
async fn watch<F: std::future::Future<Output = std::result::Result<(), tokio_postgres::Error>>>(
    connection: F,
) {
    if let Err(e) = connection.await {
        tracing::warn!(error = %e, "PostgreSQL connection ended");
    }
}

/// The address without its `sslrootcert=FILE` parameter (libpq's name; tokio-postgres
/// does not know it), and that file.
fn split_root_cert(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let (mut kept, mut root) = (Vec::new(), None);
    for pair in query.split('&') {
        match pair.strip_prefix("sslrootcert=") {
            Some(file) => root = Some(file.to_string()),
            None => kept.push(pair),
        }
    }
    match kept.is_empty() {
        true => (base.to_string(), root),
        false => (format!("{base}?{}", kept.join("&")), root),
    }
}

/// How the server reaches PostgreSQL: on this machine (loopback, a Unix socket) as the
/// address says; on another machine only through TLS (`sslmode=require`), the server's
/// certificate checked against the system's certification authorities, or only against
/// the one in `sslrootcert=FILE` (e.g. an agency's own CA).
fn transport(config: &Config, root_cert: Option<&str>) -> Result<Option<MakeRustlsConnect>> {
    let local = config.get_hosts().iter().all(|h| match h {
        Host::Unix(_) => true,
        Host::Tcp(name) => {
            name == "localhost"
                || name
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
    });
    let required = config.get_ssl_mode() == SslMode::Require;
    if !required {
        return if local {
            Ok(None)
        } else {
            Err(Error::Internal(
                "PostgreSQL on another machine is reached only through TLS: add \
                 sslmode=require to the address (postgres://…?sslmode=require)"
                    .into(),
            ))
        };
    }
    let mut roots = rustls::RootCertStore::empty();
    let certs = match root_cert {
        Some(file) => read_pem_certificates(file)?,
        None => rustls_native_certs::load_native_certs().certs,
    };
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(Error::Internal(
            "TLS to PostgreSQL: no certification authority found (install ca-certificates, \
             or name the CA file with sslrootcert=FILE)"
                .into(),
        ));
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Internal(format!("TLS to PostgreSQL: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Some(MakeRustlsConnect::new(tls)))
}

/// The certificates of a PEM file (at most 1 MB: a CA file, not a disk).
fn read_pem_certificates(file: &str) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>> {
    use rustls::pki_types::pem::PemObject;
    let bytes = std::fs::read(file)
        .ok()
        .filter(|b| b.len() <= 1 << 20)
        .ok_or_else(|| {
            Error::Internal(format!(
                "sslrootcert: cannot read {file} (a PEM file up to 1 MB)"
            ))
        })?;
    rustls::pki_types::CertificateDer::pem_slice_iter(&bytes)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::Internal(format!("sslrootcert: {file} is not PEM: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport_of(url: &str) -> Result<Option<MakeRustlsConnect>> {
        transport(&url.parse().unwrap(), None)
    }

    #[test]
    fn the_root_certificate_is_taken_out_of_the_address() {
        assert_eq!(
            split_root_cert("postgres://u@h/db?sslmode=require&sslrootcert=/etc/ca.pem"),
            (
                "postgres://u@h/db?sslmode=require".to_string(),
                Some("/etc/ca.pem".to_string())
            )
        );
        assert_eq!(
            split_root_cert("postgres://u@h/db?sslrootcert=ca.pem"),
            ("postgres://u@h/db".to_string(), Some("ca.pem".to_string()))
        );
        assert_eq!(
            split_root_cert("postgres://u@h/db"),
            ("postgres://u@h/db".to_string(), None)
        );
    }

    #[test]
    fn another_machine_is_reached_only_through_tls() {
        for local in [
            "postgres://u@127.0.0.1/db",
            "postgres://u@localhost:5433/db",
            "postgres://u@[::1]/db",
            "postgres://u@%2Fvar%2Frun%2Fpostgresql/db",
        ] {
            assert!(transport_of(local).unwrap().is_none(), "{local}");
        }
        let err = transport_of("postgres://u@db.ente.it/db")
            .err()
            .expect("refused");
        assert!(err.to_string().contains("sslmode=require"), "{err}");
        assert!(transport_of("postgres://u@10.0.0.5/db?sslmode=prefer").is_err());
        assert!(
            transport_of("postgres://u@db.ente.it/db?sslmode=require")
                .unwrap()
                .is_some()
        );
    }
}
