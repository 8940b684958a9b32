//! `sportello-centrale seed`: deterministic demo data.
//!
//! Branches from `sportello_demo::branches`, citizens from `sportello_demo::Generator`
//! (valid, unique codici fiscali computed from the generated people), and the demo
//! users: one master (every branch), one super (the first half of the branches), one
//! operatore per branch, with passwords derived from the seed that satisfy the policy.
//! The same seed and reference date give the same data (timestamps and password
//! salts aside).
//!
//! Fasce deboli: the campaigns, and Forma.Temp projects with participants, most of
//! them seeded citizens (see [`fasce_deboli`]). Offers and interests ([`offerte`]),
//! documents to sign in every state ([`documenti`]), the CPIs' desks and
//! appointments ([`agenda`]), the course catalogue ([`corsi`]).
//!
//! Speed: one thread generates and serialises citizens, another inserts them with
//! prepared statements in one transaction, journal off (a fresh file: a crash leaves
//! nothing worth keeping); the database is switched to WAL at the end.

use std::sync::mpsc;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use sportello_core::account::{self, Role};
use sportello_demo::Generator;

use crate::db::changes::{State, entity_code};
use crate::db::users::{self, NewUserRow};
use crate::db::{self, Db, Location, Tx, ts};
use crate::error::{Error, Result};
use crate::password;

mod agenda;
mod candidature;
pub mod corsi;
pub mod cv;
mod documenti;
mod fasce_deboli;
mod offerte;

pub use documenti::DOCUMENTI_PER_FILIALE;
pub use fasce_deboli::DEFAULT_DEADLINE_DAYS;

#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub citizens: usize,
    pub branches: usize,
    pub seed: u64,
    /// The day the data describes (ages, DID dates…).
    pub reference: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeededUser {
    pub username: String,
    pub password: String,
    pub role: String,
    pub branches: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeedReport {
    pub seed: u64,
    pub reference: NaiveDate,
    pub citizens: usize,
    pub branches: Vec<String>,
    pub users: Vec<SeededUser>,
    pub seconds: f64,
    /// CVs made by [`cv::seed_cvs`], a separate step (it needs the key file).
    pub cv: usize,
}

/// Citizens per message between the generating and the inserting thread.
const CHUNK: usize = 2_000;

struct Row {
    codice_fiscale: String,
    branch: String,
    sap: String,
    created_at: String,
}

/// When the demo's citizens arrived: spread over the 45 days before the day before the
/// seed, so the daily report's trend has a shape and the seed's own day counts none.
fn arrival(now: DateTime<Utc>, index: usize) -> String {
    let minutes = (index as i64 * 7_919) % (45 * 24 * 60);
    ts(now - chrono::Duration::days(1) - chrono::Duration::minutes(minutes))
}

/// Seeds a new (or empty) database, the current fasce-deboli campaign closing
/// [`DEFAULT_DEADLINE_DAYS`] after `now`.
pub fn seed(
    location: impl Into<Location>,
    opts: &SeedOptions,
    now: DateTime<Utc>,
) -> Result<SeedReport> {
    seed_with(location, opts, now, DEFAULT_DEADLINE_DAYS)
}

/// [`seed`], with the current campaign closing `deadline_days` after `now`.
pub fn seed_with(
    location: impl Into<Location>,
    opts: &SeedOptions,
    now: DateTime<Utc>,
    deadline_days: i64,
) -> Result<SeedReport> {
    let start = Instant::now();
    if opts.branches == 0 {
        return Err(Error::Internal("at least one branch is needed".into()));
    }
    let fill = |tx: &Tx| fill(tx, opts, now, deadline_days);
    let users = match location.into() {
        Location::Sqlite(path) => {
            let mut conn = Connection::open(&path)?;
            conn.pragma_update(None, "journal_mode", "off")?;
            conn.pragma_update(None, "synchronous", "off")?;
            conn.pragma_update(None, "cache_size", -400_000)?;
            conn.pragma_update(None, "temp_store", "memory")?;
            conn.pragma_update(None, "foreign_keys", "on")?;
            db::migrate(&mut conn)?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let users = fill(&Tx::sqlite(&tx))?;
            tx.commit()?;
            conn.pragma_update(None, "journal_mode", "wal")?;
            conn.execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;")?;
            users
        }
        postgres @ Location::Postgres(_) => {
            let db = Db::open(&postgres)?;
            let users = db.write(fill)?;
            db.write(|tx| tx.execute_batch("ANALYZE"))?;
            users
        }
    };
    Ok(SeedReport {
        seed: opts.seed,
        reference: opts.reference,
        citizens: opts.citizens,
        branches: users.0,
        users: users.1,
        seconds: start.elapsed().as_secs_f64(),
        cv: 0,
    })
}

/// Everything [`seed`] writes, in the transaction `tx`: the branch codes and users.
fn fill(
    tx: &Tx,
    opts: &SeedOptions,
    now: DateTime<Utc>,
    deadline_days: i64,
) -> Result<(Vec<String>, Vec<SeededUser>)> {
    let used: i64 = tx.query_row(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM candidates)",
        (),
        |r| r.get(0),
    )?;
    if used > 0 {
        return Err(Error::Internal(
            "the database is already seeded: use a new one".into(),
        ));
    }

    let branches = sportello_demo::branches(opts.branches);
    let codes: Vec<String> = branches.iter().map(|b| b.code.clone()).collect();
    let seeded_users = demo_users(&codes, opts.seed);
    // Hash on the side while the citizens go in: Argon2id is deliberately slow.
    let to_hash: Vec<String> = seeded_users.iter().map(|u| u.password.clone()).collect();
    let hasher = std::thread::spawn(move || {
        to_hash
            .iter()
            .map(|p| password::hash(p))
            .collect::<Result<Vec<_>>>()
    });

    let (tx_rows, rx_rows) = mpsc::sync_channel::<Vec<Row>>(8);
    let generator = Generator::new(opts.seed, opts.reference);
    let (count, gen_codes) = (opts.citizens, codes.clone());
    let producer = std::thread::spawn(move || -> Result<fasce_deboli::Pool> {
        let mut pool = fasce_deboli::Pool::new(&gen_codes);
        let mut chunk = Vec::with_capacity(CHUNK);
        for (index, c) in generator.candidates(count, &gen_codes).enumerate() {
            pool.offer(&c);
            chunk.push(Row {
                sap: serde_json::to_string(&c)?,
                created_at: arrival(now, index),
                codice_fiscale: c.codice_fiscale,
                branch: c.branch,
            });
            if chunk.len() == CHUNK
                && tx_rows
                    .send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
                    .is_err()
            {
                return Ok(pool);
            }
        }
        if !chunk.is_empty() {
            let _ = tx_rows.send(chunk);
        }
        Ok(pool)
    });

    for b in &branches {
        users::insert_branch(tx, b, now)?;
    }
    let mut seq = db::counter(tx, "change_seq")?;
    let stamp = ts(now);
    for chunk in rx_rows {
        insert_citizens(tx, &chunk, seq, &stamp)?;
        seq += chunk.len() as i64;
    }
    let pool = producer
        .join()
        .map_err(|_| Error::Internal("the generator thread panicked".into()))??;
    let people = pool.clone();
    fasce_deboli::seed(tx, opts, &codes, pool, now, deadline_days)?;
    tx.execute(
        "UPDATE counters SET value = ?1 WHERE name = 'change_seq'",
        [seq],
    )?;
    // After the counter: offers log their changes through it.
    offerte::seed(tx, opts, &branches, &people, now)?;
    documenti::seed(tx, &people, now)?;
    agenda::seed(tx, &people, now)?;
    let hashes = hasher
        .join()
        .map_err(|_| Error::Internal("the hashing thread panicked".into()))??;
    for (u, hash) in seeded_users.iter().zip(&hashes) {
        let role = Role::from_code(&u.role).expect("demo roles are valid");
        // Where the demo's daily reports would be mailed (a reserved domain).
        let email = role
            .agency_level()
            .then(|| format!("{}@agenzia.example", u.username));
        let row = NewUserRow {
            email: email.as_deref(),
            username: &u.username,
            role,
            codice_fiscale: None,
            password_hash: hash,
            branches: &u.branches,
            created_by: None,
        };
        users::insert_user(tx, &row, now)?;
        if role.agency_level() {
            tx.execute(
                "UPDATE users SET ente = ?2 WHERE username = ?1",
                (&u.username, corsi::ENTE_AGENZIA.codice_fiscale),
            )?;
        }
    }
    corsi::seed(tx, now)?;
    Ok((codes, seeded_users))
}

/// Inserts `rows` with their change-log entries, numbered from `seq + 1`: one
/// statement a row on SQLite (prepared once, no round trips), one statement for the
/// whole chunk on PostgreSQL (one round trip).
fn insert_citizens(tx: &Tx, rows: &[Row], seq: i64, stamp: &str) -> Result<()> {
    let entity = entity_code(sportello_protocol::sync::Entity::Candidate);
    let present = State::Present as i64;
    let per_statement = match tx.backend() {
        db::Backend::Sqlite => 1,
        db::Backend::Postgres => rows.len(),
    };
    for (n, part) in rows.chunks(per_statement).enumerate() {
        let first = seq + (n * per_statement) as i64;
        let mut candidates = Vec::with_capacity(part.len() * 5);
        let mut log = Vec::with_capacity(part.len() * 6);
        for (i, row) in part.iter().enumerate() {
            candidates.extend(crate::params![
                row.codice_fiscale,
                row.branch,
                stamp,
                row.sap,
                row.created_at
            ]);
            log.extend(crate::params![
                first + 1 + i as i64,
                entity,
                row.codice_fiscale,
                row.branch,
                present,
                stamp
            ]);
        }
        tx.execute(
            &values_insert(
                "candidates (codice_fiscale, branch, version, updated_at, sap, created_at)",
                "?, ?, 1, ?, ?, ?",
                part.len(),
            ),
            candidates,
        )?;
        tx.execute(
            &values_insert(
                "change_log (seq, entity, key, branch, state, changed_at)",
                "?, ?, ?, ?, ?, ?",
                part.len(),
            ),
            log,
        )?;
    }
    Ok(())
}

/// `INSERT INTO table (columns) VALUES (row), (row)…`, `rows` times.
fn values_insert(table: &str, row: &str, rows: usize) -> String {
    let values = vec![format!("({row})"); rows].join(", ");
    format!("INSERT INTO {table} VALUES {values}")
}

/// The demo users and their passwords, derived from the seed.
pub fn demo_users(codes: &[String], seed: u64) -> Vec<SeededUser> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5345_4544_5553_4552);
    let mut user = |username: String, role: Role, branches: Vec<String>| {
        let password = demo_password(&mut rng);
        debug_assert!(account::check_password(&username, &password).is_empty());
        SeededUser {
            username,
            password,
            role: role.code().to_string(),
            branches,
        }
    };
    let half = codes.len().div_ceil(2);
    let mut out = vec![
        user("master".into(), Role::Master, codes.to_vec()),
        user("super".into(), Role::Super, codes[..half].to_vec()),
    ];
    for code in codes {
        out.push(user(
            format!("operatore.{}", code.to_lowercase()),
            Role::Operatore,
            vec![code.clone()],
        ));
    }
    // Last, so the others' passwords stay those of earlier seeds.
    out.push(user("regione".into(), Role::Validatore, Vec::new()));
    out
}

/// An uppercase letter, five lowercase letters, four digits: always within the policy.
fn demo_password(rng: &mut ChaCha8Rng) -> String {
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    let mut p = String::new();
    p.push((b'A' + rng.random_range(0..26u8)) as char);
    for _ in 0..5 {
        p.push(LOWER[rng.random_range(0..LOWER.len())] as char);
    }
    for _ in 0..4 {
        p.push((b'0' + rng.random_range(0..10u8)) as char);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_passwords_satisfy_the_policy() {
        let codes: Vec<String> = sportello_demo::branches(10)
            .into_iter()
            .map(|b| b.code)
            .collect();
        for seed in 0..50 {
            for u in demo_users(&codes, seed) {
                assert!(
                    account::check_password(&u.username, &u.password).is_empty(),
                    "{u:?}"
                );
            }
        }
        assert_eq!(
            demo_users(&codes, 3),
            demo_users(&codes, 3),
            "passwords are deterministic"
        );
    }
}
