//! Schema migrations: SQL files in `migrations/`, embedded at compile time, tracked by
//! `PRAGMA user_version`. Additive by default: a migration adds tables, columns and
//! indexes, so an older store always migrates forward. The one exception is a
//! [`Kind::Rebuild`], which rebuilds a table into a new layout, copying every row in the
//! same transaction (SQLite's own recipe: create, copy, drop, rename), with foreign
//! keys off so the old table's drop cascades nothing, and checked before commit.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

pub(crate) struct Migration {
    pub version: u32,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "names the file; checked by a test")
    )]
    pub name: &'static str,
    pub sql: &'static str,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Only adds.
    Additive,
    /// Rebuilds a table, keeping every row (and row id); its test migrates a filled
    /// store of the version before (`tests/store/migrations.rs`).
    Rebuild,
    /// Renames tables, keeping every row; `recovery::FORMER_NAMES` knows the old names,
    /// and its test migrates a filled store of the version before.
    Rename,
}

/// In order; `version` is the file's number and the `user_version` after applying it.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "candidates",
        sql: include_str!("../migrations/0001_candidates.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 2,
        name: "sync_outbox_audit",
        sql: include_str!("../migrations/0002_sync_outbox_audit.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 3,
        name: "search",
        sql: include_str!("../migrations/0003_search.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 4,
        name: "candidate_records",
        sql: include_str!("../migrations/0004_candidate_records.sql"),
        kind: Kind::Rebuild,
    },
    Migration {
        version: 5,
        name: "sync",
        sql: include_str!("../migrations/0005_sync.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 6,
        name: "fasce_deboli",
        sql: include_str!("../migrations/0006_fasce_deboli.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 7,
        name: "receipts",
        sql: include_str!("../migrations/0007_receipts.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 8,
        name: "search_changes",
        sql: include_str!("../migrations/0008_search_changes.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 9,
        name: "suspended_indexes",
        sql: include_str!("../migrations/0009_suspended_indexes.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 10,
        name: "fasce_deboli_names",
        sql: include_str!("../migrations/0010_fasce_deboli_names.sql"),
        kind: Kind::Rename,
    },
    Migration {
        version: 11,
        name: "offerte",
        sql: include_str!("../migrations/0011_offerte.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 12,
        name: "pad",
        sql: include_str!("../migrations/0012_pad.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 13,
        name: "report",
        sql: include_str!("../migrations/0013_report.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 14,
        name: "corsi",
        sql: include_str!("../migrations/0014_corsi.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 15,
        name: "documenti",
        sql: include_str!("../migrations/0015_documenti.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 16,
        name: "agenda",
        sql: include_str!("../migrations/0016_agenda.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 17,
        name: "candidature",
        sql: include_str!("../migrations/0017_candidature.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 18,
        name: "contatti",
        sql: include_str!("../migrations/0018_contatti.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 19,
        name: "cv",
        sql: include_str!("../migrations/0019_cv.sql"),
        kind: Kind::Additive,
    },
    Migration {
        version: 20,
        name: "cv_eliminato",
        sql: include_str!("../migrations/0020_cv_eliminato.sql"),
        kind: Kind::Additive,
    },
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub(crate) fn user_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    u32::try_from(v).map_err(|_| Error::corrupt(format!("invalid schema version {v}")))
}

/// Applies every migration after the current version up to `target`, in one
/// transaction, then runs `finish` in the same transaction: either the store ends at
/// `target` with `finish` done, or nothing changed.
pub(crate) fn migrate(
    conn: &mut Connection,
    target: u32,
    finish: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    let current = user_version(conn)?;
    let pending: Vec<&Migration> = MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
        .collect();
    let rebuilds = pending.iter().any(|m| m.kind == Kind::Rebuild);
    // `foreign_keys` cannot change inside a transaction, and with it on, dropping the
    // old table would delete (cascade) every child row.
    let foreign_keys: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    if rebuilds {
        conn.pragma_update(None, "foreign_keys", false)?;
    }
    let applied = apply(conn, &pending, target, rebuilds, finish);
    if rebuilds {
        conn.pragma_update(None, "foreign_keys", foreign_keys)?;
    }
    applied
}

fn apply(
    conn: &mut Connection,
    pending: &[&Migration],
    target: u32,
    rebuilds: bool,
    finish: impl FnOnce(&Connection) -> Result<()>,
) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another connection may have migrated meanwhile: the transaction's view decides.
    let current = user_version(&tx)?;
    for m in pending.iter().filter(|m| m.version > current) {
        tx.execute_batch(m.sql)?;
    }
    if target > current {
        tx.pragma_update(None, "user_version", target)?;
    }
    if rebuilds {
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(Error::corrupt(format!(
                "rebuilding the tables left {broken} rows without their parent"
            )));
        }
    }
    finish(&tx)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_files_match_the_embedded_list() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{:04}_{}.sql", m.version, m.name))
            .collect();
        assert_eq!(
            files, listed,
            "every file in migrations/ must be embedded, in order, and nothing else"
        );
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "versions are consecutive from 1");
        }
    }

    /// The SQL outside `CREATE TRIGGER … END;`: a trigger's body runs on later writes,
    /// not when the migration is applied.
    fn without_triggers(sql: &str) -> String {
        let mut rest = sql;
        let mut out = String::new();
        while let Some(start) = rest.find("CREATE TRIGGER") {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find("END;")
                .map_or(rest.len(), |e| start + e + 4);
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn migrations_are_additive_unless_marked_as_rebuilds() {
        assert!(without_triggers(MIGRATIONS[7].sql).contains("CREATE TABLE"));
        assert!(!without_triggers(MIGRATIONS[7].sql).contains("DELETE FROM"));
        for m in MIGRATIONS.iter().filter(|m| m.kind == Kind::Additive) {
            let sql = without_triggers(&m.sql.to_uppercase());
            for forbidden in ["DROP ", "RENAME ", "DELETE FROM", "UPDATE "] {
                assert!(
                    !sql.contains(forbidden),
                    "migration {} contains {forbidden:?}: migrations only add, so old stores always move forward",
                    m.version
                );
            }
        }
    }

    #[test]
    fn each_prefix_of_the_migrations_applies_and_the_rest_follows() {
        for first in 0..=SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate(&mut conn, first, |_| Ok(())).unwrap();
            assert_eq!(user_version(&conn).unwrap(), first);
            migrate(&mut conn, SCHEMA_VERSION, |_| Ok(())).unwrap();
            assert_eq!(
                user_version(&conn).unwrap(),
                SCHEMA_VERSION,
                "from version {first}"
            );
        }
    }

    #[test]
    fn a_failing_finish_leaves_the_store_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        let err = migrate(&mut conn, SCHEMA_VERSION, |_| Err(Error::corrupt("boom")));
        assert!(err.is_err());
        assert_eq!(
            user_version(&conn).unwrap(),
            0,
            "migrations and finish share one transaction"
        );
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }
}
