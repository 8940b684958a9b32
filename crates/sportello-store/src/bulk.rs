//! A first load without its secondary indexes (migration 9).
//!
//! Inserting 100,000 candidates one by one into seventeen indexes costs most of an
//! initial sync: every insertion lands on a random page of each index, and every page
//! that leaves the cache is encrypted and authenticated again. Building an index once
//! over the loaded table sorts instead. The definitions come from `sqlite_master`, so
//! they are always the migrations' own, and are kept in `suspended_indexes` in the same
//! transaction as the drop: a load interrupted at any point leaves them restorable.

use rusqlite::Connection;

use crate::error::Result;

/// The page cache during a load (the store's usual one is 32 MiB): measured 13.8 →
/// 12.4 s on an initial sync of 100,000, peak RSS 195 → 250 MB.
const LOAD_CACHE_KIB: i64 = 96 * 1024;

/// The tables a load writes row by row.
const LOADED: &str =
    "'candidates', 'candidate_licences', 'candidate_languages', 'candidate_policies'";

pub(crate) fn suspend_indexes(conn: &Connection) -> Result<usize> {
    // `sql IS NULL`: the indexes of UNIQUE and PRIMARY KEY constraints, which the
    // upsert needs and which cannot be dropped anyway.
    let indexes: Vec<(String, String)> = conn
        .prepare(&format!(
            "SELECT name, sql FROM sqlite_master
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({LOADED})"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut keep =
        conn.prepare("INSERT OR IGNORE INTO suspended_indexes (name, sql) VALUES (?1, ?2)")?;
    for (name, sql) in &indexes {
        keep.execute((name, sql))?;
        conn.execute(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")), [])?;
    }
    // Appended pages stay cached until the commit writes them once, instead of being
    // spilled (encrypted) and rewritten; this connection's until the load ends.
    conn.execute_batch(&format!("PRAGMA cache_size = -{LOAD_CACHE_KIB}"))?;
    Ok(indexes.len())
}

pub(crate) fn restore_indexes(conn: &Connection) -> Result<usize> {
    let suspended: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM suspended_indexes ORDER BY name")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (_, sql) in &suspended {
        // A store rebuilt by recovery has its indexes already: build only what is missing.
        let sql = sql.replacen("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1);
        conn.execute(&sql, [])?;
    }
    conn.execute("DELETE FROM suspended_indexes", [])?;
    conn.execute_batch(&format!("PRAGMA cache_size = -{}", crate::open::CACHE_KIB))?;
    Ok(suspended.len())
}

pub(crate) fn suspended(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM suspended_indexes", [], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn indexes(store: &Store) -> Vec<String> {
        store
            .conn
            .prepare(&format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({LOADED}) ORDER BY name"
            ))
            .unwrap()
            .query_map([], |r| Ok(format!("{}: {:?}", r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
    }

    #[test]
    fn suspended_indexes_come_back_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path(), "Parola-segreta-1").unwrap();
        let before = indexes(&store);
        let dropped = store.write(|tx| tx.suspend_indexes()).unwrap();
        assert!(dropped >= 17, "{dropped}");
        assert_eq!(indexes(&store).len(), before.len() - dropped);
        assert_eq!(store.suspended_indexes().unwrap(), dropped as u64);
        // An export meanwhile does not name an index that is not there.
        let by_branch = sportello_core::filter::CandidateFilter {
            branches: vec!["FI01".into()],
            ..Default::default()
        };
        let matches = crate::search::Matches {
            filter: &by_branch,
            scope: &crate::search::Scope::All,
            reference: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            sort: Default::default(),
            with_records: false,
        };
        assert_eq!(store.match_ids(&matches).unwrap(), Vec::<i64>::new());
        assert_eq!(
            store.write(|tx| tx.suspend_indexes()).unwrap(),
            0,
            "nothing left to drop"
        );
        assert_eq!(store.write(|tx| tx.restore_indexes()).unwrap(), dropped);
        assert_eq!(indexes(&store), before);
        assert_eq!(store.write(|tx| tx.restore_indexes()).unwrap(), 0);
    }
}
