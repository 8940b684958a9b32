//! Documents to sign (seed 003), kept as offers are: the server's record and the record
//! as shown (with the pending changes applied), as wire JSON beside the columns lists
//! filter on. What the JSON means is the sync layer's business.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::{Store, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentoRow {
    pub id: String,
    pub codice_fiscale: String,
    pub filiale: String,
    /// `in_corso`, `concluso`, `annullato`.
    pub stato: String,
    /// The server's version; 0 while only here.
    pub version: i64,
    pub server: Option<String>,
    pub record: String,
}

const COLUMNS: &str = "id, codice_fiscale, filiale, stato, version, server, record";

fn row(r: &rusqlite::Row) -> rusqlite::Result<DocumentoRow> {
    Ok(DocumentoRow {
        id: r.get(0)?,
        codice_fiscale: r.get(1)?,
        filiale: r.get(2)?,
        stato: r.get(3)?,
        version: r.get(4)?,
        server: r.get(5)?,
        record: r.get(6)?,
    })
}

fn documento(conn: &Connection, id: &str) -> Result<Option<DocumentoRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM documenti WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

impl Store {
    /// A citizen's documents (every one, the annulled too), oldest first.
    pub fn documenti(&self, codice_fiscale: &str) -> Result<Vec<DocumentoRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM documenti WHERE codice_fiscale = ?1 ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([codice_fiscale], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn documento(&self, id: &str) -> Result<Option<DocumentoRow>> {
        documento(&self.conn, id)
    }
}

impl Tx<'_> {
    pub fn put_documento(&self, d: &DocumentoRow) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO documenti ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET codice_fiscale = excluded.codice_fiscale,
                    filiale = excluded.filiale, stato = excluded.stato, version = excluded.version,
                    server = excluded.server, record = excluded.record"
            ))?
            .execute(params![
                d.id,
                d.codice_fiscale,
                d.filiale,
                d.stato,
                d.version,
                d.server,
                d.record
            ])?;
        Ok(())
    }

    pub fn documento(&self, id: &str) -> Result<Option<DocumentoRow>> {
        documento(&self.tx, id)
    }
}
