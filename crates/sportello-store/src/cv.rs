//! CVs (seed 003), kept as documents are: the server's record and the record as shown,
//! as wire JSON beside the columns lists filter on; the files this client holds by
//! hash; the text of consenting CVs in a keyword index the candidate search reads.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::{Store, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvRow {
    pub id: String,
    pub codice_fiscale: String,
    pub filiale: String,
    /// "Consenso alla ricerca", as shown.
    pub consenso: bool,
    /// The day it is deleted (YYYY-MM-DD), as shown.
    pub scadenza: String,
    pub sha256: String,
    /// The server's version; 0 while only here.
    pub version: i64,
    pub server: Option<String>,
    pub record: String,
    /// Deleted here, the deletion not yet confirmed: out of the lists and the search.
    pub eliminato: bool,
}

const COLUMNS: &str =
    "id, codice_fiscale, filiale, consenso, scadenza, sha256, version, server, record, eliminato";

fn row(r: &rusqlite::Row) -> rusqlite::Result<CvRow> {
    Ok(CvRow {
        id: r.get(0)?,
        codice_fiscale: r.get(1)?,
        filiale: r.get(2)?,
        consenso: r.get(3)?,
        scadenza: r.get(4)?,
        sha256: r.get(5)?,
        version: r.get(6)?,
        server: r.get(7)?,
        record: r.get(8)?,
        eliminato: r.get(9)?,
    })
}

fn cv(conn: &Connection, id: &str) -> Result<Option<CvRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM cv WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

fn cv_file(conn: &Connection, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT contenuto FROM cv_file WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// A citizen's CVs, oldest first.
    pub fn cv_di(&self, codice_fiscale: &str) -> Result<Vec<CvRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cv WHERE codice_fiscale = ?1 AND NOT eliminato ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([codice_fiscale], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The CV `id`, unless it was deleted here.
    pub fn cv(&self, id: &str) -> Result<Option<CvRow>> {
        Ok(cv(&self.conn, id)?.filter(|c| !c.eliminato))
    }

    /// The CVs deleted on or before `fino_a` (YYYY-MM-DD), soonest first.
    pub fn cv_in_scadenza(&self, fino_a: &str) -> Result<Vec<CvRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cv WHERE scadenza <= ?1 AND NOT eliminato ORDER BY scadenza, id"
        ))?;
        let rows = stmt.query_map([fino_a], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The file `sha256`, if this client holds it.
    pub fn cv_file(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        cv_file(&self.conn, sha256)
    }
}

impl Tx<'_> {
    /// Writes the CV and its keyword row: `keywords` the indexed text of a consenting
    /// CV, `None` for one without consent or deleted here.
    pub fn put_cv(&self, c: &CvRow, keywords: Option<&str>) -> Result<()> {
        let rowid: i64 = self
            .tx
            .prepare_cached(&format!(
                "INSERT INTO cv ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET codice_fiscale = excluded.codice_fiscale,
                    filiale = excluded.filiale, consenso = excluded.consenso,
                    scadenza = excluded.scadenza, sha256 = excluded.sha256,
                    version = excluded.version, server = excluded.server,
                    record = excluded.record, eliminato = excluded.eliminato
                 RETURNING rowid"
            ))?
            .query_row(
                params![
                    c.id,
                    c.codice_fiscale,
                    c.filiale,
                    c.consenso,
                    c.scadenza,
                    c.sha256,
                    c.version,
                    c.server,
                    c.record,
                    c.eliminato
                ],
                |r| r.get(0),
            )?;
        self.tx
            .prepare_cached("DELETE FROM cv_keywords WHERE rowid = ?1")?
            .execute([rowid])?;
        if let Some(k) = keywords {
            self.tx
                .prepare_cached("INSERT INTO cv_keywords (rowid, keywords) VALUES (?1, ?2)")?
                .execute(params![rowid, k])?;
        }
        Ok(())
    }

    pub fn cv(&self, id: &str) -> Result<Option<CvRow>> {
        cv(&self.tx, id)
    }

    /// The CVs whose day is `oggi` (YYYY-MM-DD) or past.
    pub fn cv_scaduti(&self, oggi: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM cv WHERE scadenza <= ?1 ORDER BY id")?;
        let rows = stmt.query_map([oggi], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes CVs (their index rows and files follow): a deletion or an expiry.
    pub fn delete_cv(&self, ids: &[impl AsRef<str>]) -> Result<usize> {
        let mut stmt = self.tx.prepare_cached("DELETE FROM cv WHERE id = ?1")?;
        let mut n = 0;
        for id in ids {
            n += stmt.execute([id.as_ref()])?;
        }
        Ok(n)
    }

    /// Keeps a file this client uploads or downloads.
    pub fn put_cv_file(&self, sha256: &str, contenuto: &[u8]) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO cv_file (sha256, contenuto) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
            )?
            .execute(params![sha256, contenuto])?;
        Ok(())
    }

    pub fn cv_file(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        cv_file(&self.tx, sha256)
    }
}
