//! The CPIs' desks and the appointments (seed 003), kept as documents are: the
//! server's record and the record as shown, as wire JSON beside the columns the agenda
//! filters on. What the JSON means is the sync layer's business.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::{Store, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SportelloRow {
    pub id: String,
    pub filiale: String,
    /// The server's version; 0 while only here.
    pub version: i64,
    pub server: Option<String>,
    pub record: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrenotazioneRow {
    pub id: String,
    pub sportello: String,
    pub codice_fiscale: String,
    pub filiale: String,
    /// The desk's wall-clock start, `YYYY-MM-DDTHH:MM:SS`.
    pub inizio: String,
    pub version: i64,
    pub server: Option<String>,
    pub record: String,
}

const SPORTELLO: &str = "id, filiale, version, server, record";
const PRENOTAZIONE: &str =
    "id, sportello, codice_fiscale, filiale, inizio, version, server, record";

fn sportello_row(r: &rusqlite::Row) -> rusqlite::Result<SportelloRow> {
    Ok(SportelloRow {
        id: r.get(0)?,
        filiale: r.get(1)?,
        version: r.get(2)?,
        server: r.get(3)?,
        record: r.get(4)?,
    })
}

fn prenotazione_row(r: &rusqlite::Row) -> rusqlite::Result<PrenotazioneRow> {
    Ok(PrenotazioneRow {
        id: r.get(0)?,
        sportello: r.get(1)?,
        codice_fiscale: r.get(2)?,
        filiale: r.get(3)?,
        inizio: r.get(4)?,
        version: r.get(5)?,
        server: r.get(6)?,
        record: r.get(7)?,
    })
}

fn sportello(conn: &Connection, id: &str) -> Result<Option<SportelloRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {SPORTELLO} FROM sportelli WHERE id = ?1"))?
        .query_row([id], sportello_row)
        .optional()?)
}

fn prenotazione(conn: &Connection, id: &str) -> Result<Option<PrenotazioneRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PRENOTAZIONE} FROM prenotazioni WHERE id = ?1"
        ))?
        .query_row([id], prenotazione_row)
        .optional()?)
}

impl Store {
    /// Every desk of the session's CPIs, by CPI and in the order they came.
    pub fn sportelli(&self) -> Result<Vec<SportelloRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SPORTELLO} FROM sportelli ORDER BY filiale, rowid"
        ))?;
        let rows = stmt.query_map([], sportello_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn sportello(&self, id: &str) -> Result<Option<SportelloRow>> {
        sportello(&self.conn, id)
    }

    /// The bookings of `sportelli` (all desks when empty) starting in `[dal, al)`
    /// (wall-clock texts), in time order.
    pub fn prenotazioni(
        &self,
        sportelli: &[String],
        dal: &str,
        al: &str,
    ) -> Result<Vec<PrenotazioneRow>> {
        let desks = serde_json::to_string(sportelli)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PRENOTAZIONE} FROM prenotazioni
             WHERE inizio >= ?1 AND inizio < ?2
               AND (json_array_length(?3) = 0 OR sportello IN (SELECT value FROM json_each(?3)))
             ORDER BY inizio, sportello"
        ))?;
        let rows = stmt.query_map(params![dal, al, desks], prenotazione_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A citizen's bookings, newest first.
    pub fn prenotazioni_di(&self, codice_fiscale: &str) -> Result<Vec<PrenotazioneRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PRENOTAZIONE} FROM prenotazioni WHERE codice_fiscale = ?1 ORDER BY inizio DESC"
        ))?;
        let rows = stmt.query_map([codice_fiscale], prenotazione_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn prenotazione(&self, id: &str) -> Result<Option<PrenotazioneRow>> {
        prenotazione(&self.conn, id)
    }
}

impl Tx<'_> {
    pub fn put_sportello(&self, s: &SportelloRow) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO sportelli ({SPORTELLO}) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET filiale = excluded.filiale,
                    version = excluded.version, server = excluded.server, record = excluded.record"
            ))?
            .execute(params![s.id, s.filiale, s.version, s.server, s.record])?;
        Ok(())
    }

    pub fn put_prenotazione(&self, p: &PrenotazioneRow) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO prenotazioni ({PRENOTAZIONE}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO UPDATE SET sportello = excluded.sportello,
                    codice_fiscale = excluded.codice_fiscale, filiale = excluded.filiale,
                    inizio = excluded.inizio, version = excluded.version,
                    server = excluded.server, record = excluded.record"
            ))?
            .execute(params![
                p.id,
                p.sportello,
                p.codice_fiscale,
                p.filiale,
                p.inizio,
                p.version,
                p.server,
                p.record
            ])?;
        Ok(())
    }

    pub fn sportello(&self, id: &str) -> Result<Option<SportelloRow>> {
        sportello(&self.tx, id)
    }

    pub fn prenotazione(&self, id: &str) -> Result<Option<PrenotazioneRow>> {
        prenotazione(&self.tx, id)
    }
}
