//! "Contatta CPI" requests (seed 003), kept as documents are: the server's record and
//! the record as shown, as wire JSON beside the columns the inbox filters on.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::{Store, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContattoRow {
    pub id: String,
    pub codice_fiscale: String,
    pub filiale: String,
    /// Not answered yet.
    pub aperto: bool,
    /// The server's version; 0 while only here.
    pub version: i64,
    pub server: Option<String>,
    pub record: String,
}

const COLUMNS: &str = "id, codice_fiscale, filiale, aperto, version, server, record";

fn row(r: &rusqlite::Row) -> rusqlite::Result<ContattoRow> {
    Ok(ContattoRow {
        id: r.get(0)?,
        codice_fiscale: r.get(1)?,
        filiale: r.get(2)?,
        aperto: r.get(3)?,
        version: r.get(4)?,
        server: r.get(5)?,
        record: r.get(6)?,
    })
}

fn contatto(conn: &Connection, id: &str) -> Result<Option<ContattoRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM contatti WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

impl Store {
    /// The requests (only those waiting for an answer when `aperti`), oldest first.
    pub fn contatti(&self, aperti: bool) -> Result<Vec<ContattoRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM contatti WHERE (?1 = 0 OR aperto = 1) ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([aperti], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn contatto(&self, id: &str) -> Result<Option<ContattoRow>> {
        contatto(&self.conn, id)
    }
}

impl Tx<'_> {
    pub fn put_contatto(&self, c: &ContattoRow) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO contatti ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET codice_fiscale = excluded.codice_fiscale,
                    filiale = excluded.filiale, aperto = excluded.aperto,
                    version = excluded.version, server = excluded.server, record = excluded.record"
            ))?
            .execute(params![
                c.id,
                c.codice_fiscale,
                c.filiale,
                c.aperto,
                c.version,
                c.server,
                c.record
            ])?;
        Ok(())
    }

    pub fn contatto(&self, id: &str) -> Result<Option<ContattoRow>> {
        contatto(&self.tx, id)
    }
}
