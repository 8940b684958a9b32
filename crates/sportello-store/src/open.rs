//! A store's life on disk: its files, opening (key derivation, a password change a
//! crash interrupted, integrity of the work tables, migrations after a backup),
//! creating, configuring the connection, re-keying and backups. The typed reads and
//! writes are in `store.rs`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use crate::check::{self};
use crate::error::{Error, Result};
use crate::key::{self, DbKey, KeyFile};
use crate::migrations::{self, SCHEMA_VERSION};
use crate::settings;
use crate::store::Store;

/// The encrypted database file.
pub const DB_FILE: &str = "store.db";
/// Salt, Argon2id parameters and key check for [`DB_FILE`] (no secret).
pub const KEY_FILE: &str = "store.key";
/// The key file of a password change in progress: written before the database is
/// re-keyed, renamed over [`KEY_FILE`] after. See [`Store::change_password`].
pub const NEXT_KEY_FILE: &str = "store.key.next";

/// The steps of [`Store::change_password`], for tests that crash between them.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RekeyStep {
    /// `store.key.next` is on disk; the database still has the old key.
    NextKeyWritten,
    /// The database has the new key; `store.key` still describes the old one.
    Rekeyed,
    /// Done.
    KeyFileReplaced,
}

/// How long a write waits for another connection to the same store (another process,
/// a backup) before giving up with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The WAL is truncated back to this size after a checkpoint, so that one bulk load
/// does not leave a file as large as the load on disk for good.
const JOURNAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// Page cache per connection, in KiB (SQLite's default is 2 MiB). A larger cache keeps
/// the index pages of a bulk load in memory instead of spilling them mid-transaction.
pub(crate) const CACHE_KIB: i64 = 32 * 1024;

/// The files of a store inside the operator's folder.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub dir: PathBuf,
    pub db: PathBuf,
    pub key: PathBuf,
    pub next_key: PathBuf,
}

impl Paths {
    pub(crate) fn new(dir: &Path) -> Paths {
        Paths {
            dir: dir.to_owned(),
            db: dir.join(DB_FILE),
            key: dir.join(KEY_FILE),
            next_key: dir.join(NEXT_KEY_FILE),
        }
    }

    /// `store.db-wal`, `store.db-shm` and the like.
    pub(crate) fn db_sibling(&self, suffix: &str) -> PathBuf {
        sibling(&self.db, suffix)
    }
}

/// `path` with `suffix` appended to its file name (`store.db` → `store.db-wal`).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(suffix);
    path.with_file_name(name)
}

pub(crate) fn exists(path: &Path) -> Result<bool> {
    path.try_exists().map_err(Error::io(path))
}

impl Store {
    /// Opens the store in `dir`: derives the key, checks the integrity of the tables
    /// that hold the operator's own work (see [`Store::check`] for the whole file), and
    /// applies pending migrations after backing the store up. Errors:
    /// [`Error::NotFound`], [`Error::WrongPassword`], [`Error::Corrupt`] (then
    /// [`Store::recover`]), [`Error::SchemaTooNew`].
    pub fn open(dir: &Path, password: &str) -> Result<Store> {
        let paths = Paths::new(dir);
        if !exists(&paths.db)? {
            return Err(Error::NotFound {
                dir: dir.to_owned(),
            });
        }
        let (key, mut conn) = unlock_and_connect(&paths, password)?;
        let problems = check::quick_check_at_open(&conn)?;
        if !problems.is_empty() {
            return Err(Error::corrupt(format!(
                "integrity check failed: {}",
                problems.join("; ")
            )));
        }
        let version = migrations::user_version(&conn)?;
        if version > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version > 0 && version < SCHEMA_VERSION {
            // A migration reads and rewrites tables the check above leaves out: damage
            // there must be found as damage (for `recover`), not met half-way through.
            let problems = check::quick_check(&conn, "PRAGMA quick_check")?;
            if !problems.is_empty() {
                return Err(Error::corrupt(format!(
                    "integrity check before migrating failed: {}",
                    problems.join("; ")
                )));
            }
            backup(
                &conn,
                &key,
                &paths.dir.join(format!("{DB_FILE}.bak-v{version}")),
            )?;
        }
        migrations::migrate(&mut conn, SCHEMA_VERSION, ensure_client_id)?;
        Ok(Store {
            conn,
            dir: dir.to_owned(),
            index: Mutex::default(),
        })
    }

    /// Creates a new store in `dir` (creating the folder if needed).
    /// [`Error::AlreadyExists`] if there is one.
    pub fn create(dir: &Path, password: &str) -> Result<Store> {
        Self::create_at(dir, password, SCHEMA_VERSION)
    }

    /// Opens the store in `dir`, or creates it if there is none.
    pub fn open_or_create(dir: &Path, password: &str) -> Result<Store> {
        if exists(&Paths::new(dir).db)? {
            Self::open(dir, password)
        } else {
            Self::create(dir, password)
        }
    }

    /// Creates a store with only the first `version` migrations applied: for tests of
    /// migrating an older store.
    #[cfg(feature = "test-hooks")]
    pub fn create_at_version(dir: &Path, password: &str, version: u32) -> Result<Store> {
        Self::create_at(dir, password, version)
    }

    fn create_at(dir: &Path, password: &str, version: u32) -> Result<Store> {
        assert!(
            version <= SCHEMA_VERSION,
            "no migration {version} in this build"
        );
        let paths = Paths::new(dir);
        fs::create_dir_all(dir).map_err(Error::io(dir))?;
        if exists(&paths.db)? {
            return Err(Error::AlreadyExists {
                dir: dir.to_owned(),
            });
        }
        // The key file first: a crash before the database exists leaves a key file
        // alone, which the next `create` simply replaces.
        let (key_file, key) = KeyFile::generate(password, key::DEFAULT_PARAMS)?;
        key_file.write_atomically(&paths.key)?;
        let mut conn = connect(&paths.db, &key, true)?;
        migrations::migrate(&mut conn, version, ensure_client_id)?;
        key::sync_dir(dir)?;
        Ok(Store {
            conn,
            dir: dir.to_owned(),
            index: Mutex::default(),
        })
    }

    /// Re-keys the store for `new_password` (SQLCipher `PRAGMA rekey`), in place.
    ///
    /// Crash-safe in three steps: the new key file is written as `store.key.next`;
    /// the database is re-keyed (one WAL transaction: either every page has the new key
    /// or none); `store.key.next` is renamed over `store.key`. [`Store::open`] finishes
    /// or rolls back a change found half-way, so after a crash at any point the store
    /// opens with one of the two passwords. [`Error::WrongPassword`] if `old_password`
    /// is not this store's.
    pub fn change_password(&mut self, old_password: &str, new_password: &str) -> Result<()> {
        self.rekey(old_password, new_password, |_| {})
    }

    /// [`Store::change_password`], calling `at` after each step (tests crash there).
    #[cfg(feature = "test-hooks")]
    pub fn change_password_with(
        &mut self,
        old_password: &str,
        new_password: &str,
        at: impl FnMut(RekeyStep),
    ) -> Result<()> {
        self.rekey(old_password, new_password, at)
    }

    fn rekey(
        &mut self,
        old_password: &str,
        new_password: &str,
        mut at: impl FnMut(RekeyStep),
    ) -> Result<()> {
        let paths = Paths::new(&self.dir);
        let current = KeyFile::read(&paths.key)?
            .ok_or_else(|| Error::corrupt(format!("{KEY_FILE} is missing")))?;
        let old_key = current.unlock(old_password)?;
        let (next_file, next_key) = current.regenerate(new_password)?;
        next_file.write_atomically(&paths.next_key)?;
        at(RekeyStep::NextKeyWritten);
        self.conn.execute_batch(&next_key.rekey_pragma())?;
        checkpoint(&self.conn)?;
        at(RekeyStep::Rekeyed);
        rekey_backups(&paths.dir, &old_key, &next_key)?;
        fs::rename(&paths.next_key, &paths.key).map_err(Error::io(&paths.key))?;
        key::sync_dir(&paths.dir)?;
        at(RekeyStep::KeyFileReplaced);
        Ok(())
    }
}

/// Derives the key and opens the database, finishing or rolling back a password change
/// that a crash interrupted (`store.key.next` present): whichever key file matches the
/// password *and* decrypts the database is the right one; the other goes.
fn unlock_and_connect(paths: &Paths, password: &str) -> Result<(DbKey, Connection)> {
    let Some(next) = KeyFile::read(&paths.next_key)? else {
        let key = unlock(paths, password)?;
        let conn = connect(&paths.db, &key, false)?;
        return Ok((key, conn));
    };
    let current = KeyFile::read(&paths.key)?;
    for (file, is_next) in [(Some(next), true), (current, false)] {
        let Some(file) = file else { continue };
        let key = match file.unlock(password) {
            Ok(key) => key,
            Err(Error::WrongPassword) => continue,
            Err(e) => return Err(e),
        };
        match connect(&paths.db, &key, false) {
            Ok(conn) => {
                if is_next {
                    checkpoint(&conn)?;
                    fs::rename(&paths.next_key, &paths.key).map_err(Error::io(&paths.key))?;
                } else {
                    fs::remove_file(&paths.next_key).map_err(Error::io(&paths.next_key))?;
                }
                key::sync_dir(&paths.dir)?;
                return Ok((key, conn));
            }
            // The database is under the other key: this password was the other one.
            Err(Error::Corrupt { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::WrongPassword)
}

/// Copies the WAL into the database file and empties it. After a re-key the file
/// itself must hold the new pages: SQLCipher's page check reads the file, not the WAL.
fn checkpoint(conn: &Connection) -> Result<()> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(Error::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("the WAL could not be checkpointed after a re-key".into()),
        )));
    }
    Ok(())
}

/// Reads `store.key` and derives the key, checking the password against it.
pub(crate) fn unlock(paths: &Paths, password: &str) -> Result<DbKey> {
    let key_file = KeyFile::read(&paths.key)?.ok_or_else(|| {
        Error::corrupt(format!(
            "{KEY_FILE} is missing, so the key of {DB_FILE} cannot be derived"
        ))
    })?;
    key_file.unlock(password)
}

/// Opens `path` with `key` and configures the connection. The key has already passed
/// the key check, so a database that cannot be decrypted is damaged, not locked.
pub(crate) fn connect(path: &Path, key: &DbKey, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn =
        Connection::open_with_flags(path, flags).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen) => Error::Io {
                path: path.to_owned(),
                source: io::Error::other(e.to_string()),
            },
            _ => Error::from(e),
        })?;
    silence_sqlcipher_log(&conn)?;
    conn.execute_batch(&key.pragmas())?;
    // The first read decrypts page 1: this is where a damaged header shows up.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| match Error::from(e) {
        Error::Corrupt { detail } => Error::corrupt(format!(
            "{} cannot be decrypted although the password matches {KEY_FILE} ({detail}): \
                 the file is damaged, or the key file belongs to another store",
            path.display()
        )),
        other => other,
    })?;
    configure(&conn)?;
    Ok(conn)
}

/// SQLCipher logs decryption failures to stderr by default (WARN level). A wrong
/// password is reported through [`Error::WrongPassword`] and damage through
/// [`Error::Corrupt`], so its log would only add noise to the user's terminal.
/// The level is process-wide; setting it again is harmless.
pub(crate) fn silence_sqlcipher_log(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        let path = conn.path().map(PathBuf::from).unwrap_or_default();
        let why = format!(
            "the store needs WAL mode but SQLite kept {mode:?} (is the folder on a network share?)"
        );
        return Err(Error::Io {
            path,
            source: io::Error::new(io::ErrorKind::Unsupported, why),
        });
    }
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT};
         PRAGMA cache_size = -{CACHE_KIB};"
    ))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(())
}

/// Makes sure the store has a client id; runs in the migration transaction.
pub(crate) fn ensure_client_id(conn: &Connection) -> Result<()> {
    if migrations::user_version(conn)? >= 1 && settings::get(conn, settings::CLIENT_ID)?.is_none() {
        settings::set(conn, settings::CLIENT_ID, &uuid::Uuid::new_v4().to_string())?;
    }
    Ok(())
}

/// Copies the whole database, encrypted with the same key, to `target` (through a
/// temporary file, so `target` is either the old copy or a complete new one).
/// The migration backups (`store.db.bak-vN`) open with the store's key file; a
/// password change replaces it, so they are re-keyed with the store. One the old key
/// does not open (already re-keyed by an interrupted change) is left as it is.
fn rekey_backups(dir: &Path, old: &DbKey, new: &DbKey) -> Result<()> {
    let prefix = format!("{DB_FILE}.bak-v");
    for entry in fs::read_dir(dir).map_err(Error::io(dir))? {
        let path = entry.map_err(Error::io(dir))?.path();
        let is_backup = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
        if !is_backup {
            continue;
        }
        let Ok(conn) = connect(&path, old, false) else {
            continue;
        };
        conn.execute_batch(&new.rekey_pragma())?;
    }
    Ok(())
}

fn backup(conn: &Connection, key: &DbKey, target: &Path) -> Result<()> {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let tmp = sibling(target, ".tmp");
    for leftover in [
        tmp.clone(),
        sibling(&tmp, "-journal"),
        sibling(&tmp, "-wal"),
        sibling(&tmp, "-shm"),
    ] {
        match fs::remove_file(&leftover) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(Error::io(&leftover)(e)),
            _ => {}
        }
    }
    {
        let mut copy = Connection::open_with_flags(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        silence_sqlcipher_log(&copy)?;
        copy.execute_batch(&key.pragmas())?;
        Backup::new(conn, &mut copy)?.run_to_completion(1024, Duration::ZERO, None)?;
        // The copy inherits WAL mode from the source's header; fold it back into one
        // self-contained file before renaming it.
        let _: String = copy.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    }
    fs::rename(&tmp, target).map_err(Error::io(target))?;
    key::sync_dir(dir)
}
