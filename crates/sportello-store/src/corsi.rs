//! The training-course catalogue (seed 004) as the signed-in user sees it: the
//! server's courses with the user's pending changes applied, kept as their wire JSON
//! beside the columns lists sort on. What the JSON means is the sync layer's business.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::{Store, Tx};

/// A course as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsoRow {
    pub id: String,
    /// 0 until the server gives one.
    pub codice: i64,
    /// The provider's codice fiscale.
    pub ente: String,
    pub stato: String,
    pub titolo: String,
    pub inizio: NaiveDate,
    /// The server's version; 0 while only here.
    pub version: i64,
    /// The server's course (wire JSON), when the server has it.
    pub server: Option<String>,
    /// The course as shown: the server's with the pending changes applied.
    pub record: String,
}

/// What the server last said of the catalogue, and to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogoCorsi {
    pub versione: i64,
    pub utente: String,
    /// The provider the user acts for.
    pub ente: Option<String>,
}

const COLUMNS: &str = "id, codice, ente, stato, titolo, inizio, version, server, record";

fn row(r: &rusqlite::Row) -> rusqlite::Result<CorsoRow> {
    Ok(CorsoRow {
        id: r.get(0)?,
        codice: r.get(1)?,
        ente: r.get(2)?,
        stato: r.get(3)?,
        titolo: r.get(4)?,
        inizio: r.get::<_, String>(5)?.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
        })?,
        version: r.get(6)?,
        server: r.get(7)?,
        record: r.get(8)?,
    })
}

fn put(conn: &Connection, c: &CorsoRow) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO corsi ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    ))?
    .execute(params![
        c.id,
        c.codice,
        c.ente,
        c.stato,
        c.titolo,
        c.inizio.to_string(),
        c.version,
        c.server,
        c.record
    ])?;
    Ok(())
}

fn corso(conn: &Connection, id: &str) -> Result<Option<CorsoRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM corsi WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?)
}

pub(crate) fn wipe(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM corsi; DELETE FROM corsi_catalogo;")?;
    Ok(())
}

impl Store {
    /// Every course kept, newest start first.
    pub fn corsi(&self) -> Result<Vec<CorsoRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM corsi ORDER BY inizio DESC, codice DESC, id"
        ))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn corso(&self, id: &str) -> Result<Option<CorsoRow>> {
        corso(&self.conn, id)
    }

    pub fn catalogo_corsi(&self) -> Result<Option<CatalogoCorsi>> {
        Ok(self
            .conn
            .query_row(
                "SELECT versione, utente, ente FROM corsi_catalogo WHERE id = 1",
                [],
                |r| {
                    Ok(CatalogoCorsi {
                        versione: r.get(0)?,
                        utente: r.get(1)?,
                        ente: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }
}

impl Tx<'_> {
    pub fn put_corso(&self, c: &CorsoRow) -> Result<()> {
        put(&self.tx, c)
    }

    pub fn corso(&self, id: &str) -> Result<Option<CorsoRow>> {
        corso(&self.tx, id)
    }

    /// Forgets a course: one made here the server never took, or a deleted draft.
    pub fn forget_corso(&self, id: &str) -> Result<usize> {
        Ok(self.tx.execute("DELETE FROM corsi WHERE id = ?1", [id])?)
    }

    /// The server's whole answer: every course it sent replaces what was here; what it
    /// no longer sends (gone from the user's view) goes, except drafts made here and
    /// not confirmed yet. The caller re-applies pending changes.
    pub fn replace_corsi(&self, catalogo: &CatalogoCorsi, corsi: &[CorsoRow]) -> Result<()> {
        self.tx
            .execute("DELETE FROM corsi WHERE server IS NOT NULL", [])?;
        for c in corsi {
            put(&self.tx, c)?;
        }
        self.set_catalogo_corsi(catalogo)
    }

    pub fn set_catalogo_corsi(&self, c: &CatalogoCorsi) -> Result<()> {
        self.tx.execute(
            "INSERT OR REPLACE INTO corsi_catalogo (id, versione, utente, ente) VALUES (1, ?1, ?2, ?3)",
            params![c.versione, c.utente, c.ente],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, server: bool) -> CorsoRow {
        CorsoRow {
            id: id.into(),
            codice: i64::from(server),
            ente: "01234567897".into(),
            stato: "bozza".into(),
            titolo: format!("Corso {id}"),
            inizio: NaiveDate::from_ymd_opt(2027, 1, 10).unwrap(),
            version: i64::from(server),
            server: server.then(|| "{}".to_string()),
            record: "{}".into(),
        }
    }

    /// The server's answer replaces what it sent before (a course gone from the
    /// user's view goes) and keeps the drafts made here and not confirmed yet.
    #[test]
    fn a_new_catalogue_replaces_the_old_but_keeps_unsent_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path(), "Parola-segreta-1").unwrap();
        let first = CatalogoCorsi {
            versione: 3,
            utente: "master".into(),
            ente: Some("01234567897".into()),
        };
        store
            .write(|tx| {
                tx.replace_corsi(&first, &[row("a", true), row("b", true)])?;
                tx.put_corso(&row("local", false))
            })
            .unwrap();
        let second = CatalogoCorsi {
            versione: 4,
            ..first
        };
        store
            .write(|tx| tx.replace_corsi(&second, &[row("b", true), row("c", true)]))
            .unwrap();
        let mut ids: Vec<String> = store.corsi().unwrap().into_iter().map(|c| c.id).collect();
        ids.sort();
        assert_eq!(ids, ["b", "c", "local"]);
        assert_eq!(store.catalogo_corsi().unwrap(), Some(second));
    }
}
