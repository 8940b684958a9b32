//! Rebuilding a damaged store.
//!
//! The server is the source of truth for everything in the store except the outbox:
//! the mutations the operator made that the server has not acknowledged. Recovery
//! therefore salvages every outbox row it can read, builds a fresh store holding them
//! (the next sync refills the rest), and moves the damaged files aside, never deleting
//! them.
//!
//! Order of work, so that a crash at any point loses nothing: read the damaged store
//! through copies, build the fresh store under a temporary name, and only then move the
//! damaged files aside and put the fresh one in place.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::key::{self, DbKey, KeyFile};
use crate::migrations::{self, SCHEMA_VERSION};
use crate::open::{self as store, Paths, sibling};
use crate::outbox::RawEntry;
use crate::settings;
use crate::store::Store;

/// What [`Store::recover`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecoveryReport {
    /// `false` when the store opened and passed its checks: nothing was touched.
    pub was_damaged: bool,
    /// Why the store was judged damaged.
    pub problem: Option<String>,
    /// The damaged files, under their new names. Never deleted.
    pub moved_aside: Vec<PathBuf>,
    /// Outbox mutations copied into the fresh store.
    pub salvaged_mutations: usize,
    /// Whether the fresh store kept the old client id. It is kept only when the old
    /// outbox sequence could be read too, so that new mutations never reuse a sequence
    /// number the server may already have seen from this client.
    pub client_id_kept: bool,
    /// Saved searches copied into the fresh store: the operator made them, the server
    /// does not have them.
    pub salvaged_saved_searches: usize,
    /// Receipts copied into the fresh store, with their numbers: the operator's record
    /// of what was submitted.
    pub salvaged_receipts: usize,
    /// Rows of the other tables holding the operator's own work (see [`WORK_TABLES`])
    /// copied into the fresh store, by table.
    pub salvaged_work: BTreeMap<String, usize>,
    /// Pages or rows that could not be read while salvaging.
    pub salvage_problems: Vec<String>,
}

/// Besides the outbox, saved searches and receipts, the tables that hold work the
/// server does not have yet (or the lists the offline check needs): conflicts with
/// both sides, the bases of pending edits, the fasce-deboli lists, requests, working
/// copy and uploads. In foreign-key order. Everything else comes back with a sync.
pub const WORK_TABLES: &[&str] = &[
    "sync_conflicts",
    "candidate_bases",
    "fd_categorie",
    "fd_tipologie",
    "fd_campagne",
    "fd_richieste",
    "fd_partecipanti",
    "fd_caricamenti",
];

/// Work tables renamed by a migration (0010), with the name an older store has.
const FORMER_NAMES: &[(&str, &str)] = &[
    ("fd_categorie", "fd_categories"),
    ("fd_campagne", "fd_campaigns"),
    ("fd_richieste", "fd_requests"),
    ("fd_partecipanti", "fd_participants"),
    ("fd_caricamenti", "fd_uploads"),
];

/// The name `table` has in the damaged store: its own, or the one it had before it
/// was renamed.
fn name_in_store(conn: &Connection, table: &'static str) -> &'static str {
    let present = |name: &str| table_columns(conn, name).is_ok_and(|c| !c.is_empty());
    match FORMER_NAMES.iter().find(|(now, _)| *now == table) {
        Some((_, before)) if !present(table) && present(before) => before,
        _ => table,
    }
}

/// The readable rows of one table, by column name.
#[derive(Debug)]
struct TableRows {
    table: &'static str,
    columns: Vec<String>,
    rows: Vec<Vec<rusqlite::types::Value>>,
}

/// What could be read from the damaged store.
#[derive(Debug, Default)]
struct Salvage {
    client_id: Option<String>,
    /// The highest outbox sequence ever given out (`sqlite_sequence`).
    seq_floor: Option<i64>,
    outbox: BTreeMap<i64, RawEntry>,
    /// Rows of `saved_searches` as stored (name, filter, sort, created_at, updated_at).
    saved_searches: Vec<[String; 5]>,
    receipts: Vec<RawReceipt>,
    work: Vec<TableRows>,
    problems: Vec<String>,
}

/// A `receipts` row as stored, id included (its number is made from it).
type RawReceipt = (
    i64,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

const RECEIPT_COLUMNS: &str = "id, number, issued_at, operator, branch, kind, title, \
                               file_sha256, acknowledgement, content";

pub(crate) fn recover(dir: &Path, password: &str) -> Result<RecoveryReport> {
    let paths = Paths::new(dir);
    let problem = match Store::open(dir, password).and_then(|store| store.check()) {
        Ok(report) if report.quick_check_ok => return Ok(RecoveryReport::default()),
        Ok(report) => report.integrity_messages.join("; "),
        Err(Error::Corrupt { detail }) => detail,
        Err(other) => return Err(other),
    };
    let mut report = RecoveryReport {
        was_damaged: true,
        problem: Some(problem),
        ..RecoveryReport::default()
    };

    // A damaged or missing key file means the old database cannot be decrypted at all:
    // nothing can be salvaged, and the fresh store gets a new key file.
    let key = match store::unlock(&paths, password) {
        Ok(key) => Some(key),
        Err(Error::Corrupt { detail }) => {
            report.salvage_problems.push(detail);
            None
        }
        Err(other) => return Err(other),
    };

    let salvage = match &key {
        Some(key) => salvage_through_copy(&paths, key)?,
        None => Salvage::default(),
    };
    report
        .salvage_problems
        .extend(salvage.problems.iter().cloned());

    let tag = unique_tag(&paths)?;
    let fresh_key = match key {
        Some(key) => key,
        None => {
            if store::exists(&paths.key)? {
                report.moved_aside.push(move_aside(&paths.key, "", &tag)?);
            }
            let (key_file, key) = KeyFile::generate(password, key::DEFAULT_PARAMS)?;
            key_file.write_atomically(&paths.key)?;
            key
        }
    };

    let fresh = sibling(&paths.db, ".recovering");
    remove_db_files(&fresh)?;
    let (salvaged, client_id_kept, work) = build_fresh(&fresh, &fresh_key, &salvage)?;
    report.salvaged_mutations = salvaged;
    report.salvaged_work = work;
    report.salvaged_saved_searches = salvage.saved_searches.len();
    report.salvaged_receipts = salvage.receipts.len();
    report.client_id_kept = client_id_kept;

    for suffix in ["", "-wal", "-shm", "-journal"] {
        if store::exists(&paths.db_sibling(suffix))? {
            report
                .moved_aside
                .push(move_aside(&paths.db, suffix, &tag)?);
        }
    }
    fs::rename(&fresh, &paths.db).map_err(Error::io(&paths.db))?;
    key::sync_dir(dir)?;
    Ok(report)
}

/// Reads the damaged store through copies of its files, so the originals stay exactly
/// as they were found (opening a database can checkpoint its WAL into it).
fn salvage_through_copy(paths: &Paths, key: &DbKey) -> Result<Salvage> {
    let copy = sibling(&paths.db, ".salvage");
    remove_db_files(&copy)?;
    fs::copy(&paths.db, &copy).map_err(Error::io(&copy))?;
    let wal = paths.db_sibling("-wal");
    if store::exists(&wal)? {
        let wal_copy = sibling(&copy, "-wal");
        fs::copy(&wal, &wal_copy).map_err(Error::io(&wal_copy))?;
    }
    let salvage = match open_leniently(&copy, key) {
        Ok(conn) => salvage(&conn),
        Err(e) => Salvage {
            problems: vec![format!("cannot open the damaged store: {e}")],
            ..Salvage::default()
        },
    };
    remove_db_files(&copy)?;
    Ok(salvage)
}

/// Keyed, but without the checks [`store::connect`] makes: salvage reads what it can.
fn open_leniently(path: &Path, key: &DbKey) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    store::silence_sqlcipher_log(&conn)?;
    conn.execute_batch(&key.pragmas())?;
    Ok(conn)
}

fn salvage(conn: &Connection) -> Salvage {
    let mut s = Salvage::default();
    let note = |problems: &mut Vec<String>, what: &str, e: rusqlite::Error| {
        problems.push(format!("{what}: {e}"))
    };

    match conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [settings::CLIENT_ID],
            |r| r.get(0),
        )
        .optional()
    {
        Ok(id) => s.client_id = id,
        Err(e) => note(&mut s.problems, "client id", e),
    }
    match conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
            [],
            |r| r.get(0),
        )
        .optional()
    {
        Ok(Some(seq)) => s.seq_floor = Some(seq),
        // No row: nothing was ever enqueued, so every sequence number is unused.
        Ok(None) => s.seq_floor = Some(0),
        Err(e) => note(&mut s.problems, "outbox sequence", e),
    }
    salvage_saved_searches(conn, &mut s);
    salvage_receipts(conn, &mut s);
    for table in WORK_TABLES {
        if let Some(rows) = salvage_table(conn, table, &mut s.problems) {
            s.work.push(rows);
        }
    }
    match conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name = 'outbox'",
        [],
        |r| r.get::<_, i64>(0),
    ) {
        Ok(0) => return s, // a store from before the outbox existed
        Ok(_) => {}
        Err(e) => note(&mut s.problems, "schema", e),
    }

    // A damaged page stops a scan where it is; scanning from both ends and then
    // fetching, one by one, the rows the index knows of reaches everything readable.
    for order in ["ASC", "DESC"] {
        scan(
            conn,
            &format!("{} ORDER BY seq {order}", RawEntry::SELECT),
            &mut s.outbox,
            &mut s.problems,
        );
    }
    let indexed: Vec<i64> = match conn
        .prepare("SELECT seq FROM outbox INDEXED BY outbox_state_seq WHERE state IN ('pending', 'rejected', 'conflict')")
    {
        Ok(mut stmt) => match stmt.query([]) {
            Ok(mut rows) => {
                let mut seqs = vec![];
                loop {
                    match rows.next() {
                        Ok(Some(row)) => seqs.extend(row.get::<_, i64>(0).ok()),
                        Ok(None) => break,
                        Err(e) => {
                            note(&mut s.problems, "outbox index", e);
                            break;
                        }
                    }
                }
                seqs
            }
            Err(e) => {
                note(&mut s.problems, "outbox index", e);
                vec![]
            }
        },
        Err(e) => {
            note(&mut s.problems, "outbox index", e);
            vec![]
        }
    };
    let missing: Vec<i64> = indexed
        .into_iter()
        .filter(|seq| !s.outbox.contains_key(seq))
        .collect();
    for seq in missing {
        match conn.query_row(
            &format!("{} WHERE seq = ?1", RawEntry::SELECT),
            [seq],
            RawEntry::from_row,
        ) {
            Ok(entry) => {
                s.outbox.insert(seq, entry);
            }
            Err(e) => note(&mut s.problems, &format!("outbox entry {seq}"), e),
        }
    }
    s
}

fn scan(
    conn: &Connection,
    sql: &str,
    found: &mut BTreeMap<i64, RawEntry>,
    problems: &mut Vec<String>,
) {
    let mut stmt = match conn.prepare(sql) {
        Ok(stmt) => stmt,
        Err(e) => return problems.push(format!("outbox: {e}")),
    };
    let mut rows = match stmt.query([]) {
        Ok(rows) => rows,
        Err(e) => return problems.push(format!("outbox: {e}")),
    };
    loop {
        match rows.next() {
            Ok(Some(row)) => match RawEntry::from_row(row) {
                Ok(entry) => {
                    found.insert(entry.seq, entry);
                }
                Err(e) => problems.push(format!("outbox row: {e}")),
            },
            Ok(None) => break,
            Err(e) => {
                problems.push(format!("outbox scan stopped: {e}"));
                break;
            }
        }
    }
}

/// Reads what it can of `table` (absent in older stores: `None`). A damaged page stops
/// the scan; the rows before it are kept.
fn salvage_table(
    conn: &Connection,
    table: &'static str,
    problems: &mut Vec<String>,
) -> Option<TableRows> {
    let source = name_in_store(conn, table);
    let columns = table_columns(conn, source).ok().filter(|c| !c.is_empty())?;
    let sql = format!("SELECT {} FROM {source}", quoted(&columns));
    let mut found = TableRows {
        table,
        columns,
        rows: vec![],
    };
    let mut stmt = match conn.prepare(&sql) {
        Ok(stmt) => stmt,
        Err(e) => {
            problems.push(format!("{table}: {e}"));
            return Some(found);
        }
    };
    let width = found.columns.len();
    let mut rows = match stmt.query([]) {
        Ok(rows) => rows,
        Err(e) => {
            problems.push(format!("{table}: {e}"));
            return Some(found);
        }
    };
    loop {
        match rows.next() {
            Ok(Some(row)) => {
                match (0..width)
                    .map(|i| row.get::<_, rusqlite::types::Value>(i))
                    .collect()
                {
                    Ok(values) => found.rows.push(values),
                    Err(e) => problems.push(format!("{table} row: {e}")),
                }
            }
            Ok(None) => break,
            Err(e) => {
                problems.push(format!("{table} scan stopped: {e}"));
                break;
            }
        }
    }
    Some(found)
}

fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get(0))?
        .collect()
}

fn quoted(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts the salvaged rows of one table into the fresh store, by the columns both
/// schemas have. Returns how many went in.
fn restore_table(conn: &Connection, t: &TableRows) -> rusqlite::Result<usize> {
    let fresh = table_columns(conn, t.table)?;
    let keep: Vec<usize> = (0..t.columns.len())
        .filter(|&i| fresh.contains(&t.columns[i]))
        .collect();
    if keep.is_empty() {
        return Ok(0);
    }
    let names: Vec<String> = keep.iter().map(|&i| t.columns[i].clone()).collect();
    let marks = vec!["?"; keep.len()].join(", ");
    let mut stmt = conn.prepare(&format!(
        "INSERT OR IGNORE INTO {} ({}) VALUES ({marks})",
        t.table,
        quoted(&names)
    ))?;
    let mut inserted = 0;
    for row in &t.rows {
        inserted += stmt.execute(rusqlite::params_from_iter(keep.iter().map(|&i| &row[i])))?;
    }
    Ok(inserted)
}

/// Copies what it can read of `saved_searches` (absent in stores before migration 3).
fn salvage_saved_searches(conn: &Connection, s: &mut Salvage) {
    let exists = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name = 'saved_searches'",
        [],
        |r| r.get::<_, i64>(0),
    );
    if !matches!(exists, Ok(1)) {
        return;
    }
    let rows = conn
        .prepare("SELECT name, filter, sort, created_at, updated_at FROM saved_searches")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
            })?
            .collect::<rusqlite::Result<Vec<[String; 5]>>>()
        });
    match rows {
        Ok(rows) => s.saved_searches = rows,
        Err(e) => s.problems.push(format!("saved searches: {e}")),
    }
}

/// Copies what it can read of `receipts` (absent in stores before migration 4).
fn salvage_receipts(conn: &Connection, s: &mut Salvage) {
    let exists = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE name = 'receipts'",
        [],
        |r| r.get::<_, i64>(0),
    );
    if !matches!(exists, Ok(1)) {
        return;
    }
    let rows = conn
        .prepare(&format!("SELECT {RECEIPT_COLUMNS} FROM receipts"))
        .and_then(|mut stmt| {
            stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<RawReceipt>>>()
        });
    match rows {
        Ok(rows) => s.receipts = rows,
        Err(e) => s.problems.push(format!("receipts: {e}")),
    }
}

/// Creates the fresh store at `path` with the salvaged outbox, in the migration
/// transaction. Returns (rows copied, client id kept).
fn build_fresh(
    path: &Path,
    key: &DbKey,
    salvage: &Salvage,
) -> Result<(usize, bool, BTreeMap<String, usize>)> {
    let mut conn = store::connect(path, key, true)?;
    let keep_client_id = salvage.client_id.is_some() && salvage.seq_floor.is_some();
    let mut copied = 0;
    let mut work = BTreeMap::new();
    migrations::migrate(&mut conn, SCHEMA_VERSION, |conn| {
        let client_id = match (&salvage.client_id, keep_client_id) {
            (Some(id), true) => id.clone(),
            _ => uuid::Uuid::new_v4().to_string(),
        };
        settings::set(conn, settings::CLIENT_ID, &client_id)?;
        for entry in salvage.outbox.values() {
            entry.insert(conn)?;
            copied += 1;
        }
        for row in &salvage.saved_searches {
            conn.execute(
                "INSERT INTO saved_searches (name, filter, sort, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![row[0], row[1], row[2], row[3], row[4]],
            )?;
        }
        // With their ids, so the numbers made from them are never given again.
        for r in &salvage.receipts {
            conn.execute(
                &format!(
                    "INSERT INTO receipts ({RECEIPT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                ),
                params![r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9],
            )?;
        }
        for t in &salvage.work {
            work.insert(t.table.to_string(), restore_table(conn, t)?);
        }
        let max_seq = salvage.outbox.keys().next_back().copied().unwrap_or(0);
        let floor = max_seq.max(if keep_client_id {
            salvage.seq_floor.unwrap_or(0)
        } else {
            0
        });
        if floor > 0 {
            let updated = conn.execute(
                "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'outbox'",
                [floor],
            )?;
            if updated == 0 {
                conn.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?1)",
                    params![floor],
                )?;
            }
        }
        Ok(())
    })?;
    // Closing checkpoints the WAL into the file, so the one file can be renamed.
    conn.close().map_err(|(_, e)| Error::from(e))?;
    for suffix in ["-wal", "-shm"] {
        let leftover = sibling(path, suffix);
        if store::exists(&leftover)? {
            return Err(Error::Io {
                path: leftover,
                source: io::Error::other("the rebuilt store's WAL was not checkpointed on close"),
            });
        }
    }
    Ok((copied, keep_client_id, work))
}

fn remove_db_files(db: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let path = sibling(db, suffix);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(Error::io(&path)(e)),
            _ => {}
        }
    }
    Ok(())
}

/// A `.damaged-<stamp>` tag no earlier recovery has used for the database or key file.
fn unique_tag(paths: &Paths) -> Result<String> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    for n in 0.. {
        let tag = if n == 0 {
            format!(".damaged-{stamp}")
        } else {
            format!(".damaged-{stamp}-{n}")
        };
        if !store::exists(&sibling(&paths.db, &tag))? && !store::exists(&sibling(&paths.key, &tag))?
        {
            return Ok(tag);
        }
    }
    unreachable!("an unbounded range always yields a free tag")
}

/// Renames `path` with `tag` inserted: `store.db-wal` → `store.db.damaged-<stamp>-wal`,
/// so SQLite still pairs the WAL with its database if someone opens the damaged copy.
fn move_aside(base: &Path, suffix: &str, tag: &str) -> Result<PathBuf> {
    let from = sibling(base, suffix);
    let to = sibling(&sibling(base, tag), suffix);
    fs::rename(&from, &to).map_err(Error::io(&to))?;
    Ok(to)
}
