//! Applications (seed 003, "Candidature"), kept as documents are: the server's record
//! and the record as shown (with the pending changes applied), as wire JSON beside the
//! columns the lists filter on. What the JSON means is the sync layer's business.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::{Store, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidaturaRow {
    pub id: String,
    pub offerta: String,
    pub codice_fiscale: String,
    pub filiale: String,
    /// The application's day, `YYYY-MM-DD`.
    pub data: String,
    /// The outcome's code (`inserita`, `preso_in_carico`…).
    pub esito: String,
    /// The server's version; 0 while only here.
    pub version: i64,
    pub server: Option<String>,
    pub record: String,
}

/// Which applications a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CandidatureFiltro {
    pub offerta: Option<String>,
    pub codice_fiscale: Option<String>,
    /// Days, `YYYY-MM-DD`, both included.
    pub dal: Option<String>,
    pub al: Option<String>,
    /// Outcome codes; empty: any.
    pub esiti: Vec<String>,
}

const COLUMNS: &str = "id, offerta, codice_fiscale, filiale, data, esito, version, server, record";

fn row(r: &rusqlite::Row) -> rusqlite::Result<CandidaturaRow> {
    Ok(CandidaturaRow {
        id: r.get(0)?,
        offerta: r.get(1)?,
        codice_fiscale: r.get(2)?,
        filiale: r.get(3)?,
        data: r.get(4)?,
        esito: r.get(5)?,
        version: r.get(6)?,
        server: r.get(7)?,
        record: r.get(8)?,
    })
}

fn candidatura(conn: &Connection, id: &str) -> Result<Option<CandidaturaRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM candidature WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

impl Store {
    /// The applications `f` keeps, newest first.
    pub fn candidature(&self, f: &CandidatureFiltro) -> Result<Vec<CandidaturaRow>> {
        let esiti = serde_json::to_string(&f.esiti).expect("strings serialise");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM candidature
             WHERE (?1 IS NULL OR offerta = ?1) AND (?2 IS NULL OR codice_fiscale = ?2)
               AND (?3 IS NULL OR data >= ?3) AND (?4 IS NULL OR data <= ?4)
               AND (?5 = '[]' OR esito IN (SELECT value FROM json_each(?5)))
             ORDER BY data DESC, rowid DESC"
        ))?;
        let rows = stmt.query_map(
            params![f.offerta, f.codice_fiscale, f.dal, f.al, esiti],
            row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn candidatura(&self, id: &str) -> Result<Option<CandidaturaRow>> {
        candidatura(&self.conn, id)
    }
}

impl Tx<'_> {
    pub fn put_candidatura(&self, c: &CandidaturaRow) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO candidature ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (id) DO UPDATE SET offerta = excluded.offerta,
                    codice_fiscale = excluded.codice_fiscale, filiale = excluded.filiale,
                    data = excluded.data, esito = excluded.esito, version = excluded.version,
                    server = excluded.server, record = excluded.record"
            ))?
            .execute(params![
                c.id,
                c.offerta,
                c.codice_fiscale,
                c.filiale,
                c.data,
                c.esito,
                c.version,
                c.server,
                c.record
            ])?;
        Ok(())
    }

    pub fn candidatura(&self, id: &str) -> Result<Option<CandidaturaRow>> {
        candidatura(&self.tx, id)
    }
}
