//! Fasce deboli: campaigns, categories, tipologie, projects and participants (here),
//! the asynchronous requests for participants files (`richieste`), the uploads and
//! their outcome and acquired declarations (`caricamenti`).

mod caricamenti;
mod richieste;

pub use caricamenti::*;
pub use richieste::*;

use std::collections::HashSet;

use crate::db::sql::Row;
use crate::db::{Backend, OptionalExtension, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sportello_core::fasce_deboli::{Category, Flag};
use sportello_protocol::fasce_deboli::{
    Campagna, Caricamento, Categoria, Conteggi, Richiesta, StatoCaricamento, StatoRichiesta,
    Tipologia,
};
use sportello_sheets::fasce_deboli::Participant;
use uuid::Uuid;

use super::{parse_date, parse_ts, ts};
use crate::error::{Error, Result};

/// Campaigns with their deadline, by year.
pub fn campagne(conn: &Tx, today: NaiveDate) -> Result<Vec<Campagna>> {
    let mut stmt = conn.prepare_cached("SELECT anno, scadenza FROM fd_campagne ORDER BY anno")?;
    let rows = stmt.query_map((), |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?;
    rows.into_iter()
        .map(|(anno, s)| {
            let scadenza = parse_date(&s)?;
            Ok(Campagna {
                anno,
                scadenza,
                aperta: today <= scadenza,
            })
        })
        .collect()
}

/// The deadline of the campaign of `anno`, if there is one.
pub fn scadenza(conn: &Tx, anno: i32) -> Result<Option<NaiveDate>> {
    let s: Option<String> = conn
        .prepare_cached("SELECT scadenza FROM fd_campagne WHERE anno = ?1")?
        .query_row([anno], |r| r.get(0))
        .optional()?;
    s.map(|s| parse_date(&s)).transpose()
}

pub fn insert_campagna(tx: &Tx, anno: i32, scadenza: NaiveDate) -> Result<()> {
    tx.execute(
        "INSERT INTO fd_campagne (anno, scadenza) VALUES (?1, ?2)",
        (anno, scadenza.to_string()),
    )?;
    Ok(())
}

/// The categories in force (withdrawn ones are left out).
pub fn categorie(conn: &Tx) -> Result<Vec<Categoria>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, label, source FROM fasce_deboli_categorie
         WHERE ritirata_il IS NULL ORDER BY position",
    )?;
    let rows = stmt
        .query_map((), |r| {
            Ok(Categoria {
                code: r.get(0)?,
                label: r.get(1)?,
                source: r.get(2)?,
            })
        })?
        .into_iter()
        .collect();
    Ok(rows)
}

/// Withdraws a category from `now` on (Forma.Temp's decision; in the sandbox, a test's).
/// `false` if there is no such category in force.
pub fn ritira_categoria(tx: &Tx, code: &str, now: DateTime<Utc>) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE fasce_deboli_categorie SET ritirata_il = ?2 WHERE code = ?1 AND ritirata_il IS NULL",
        (code, ts(now)),
    )?;
    Ok(changed == 1)
}

/// The categories in force as the shared rules take them.
pub fn category_rules(conn: &Tx) -> Result<Vec<Category>> {
    Ok(categorie(conn)?.into_iter().map(Category::from).collect())
}

pub fn tipologie(conn: &Tx) -> Result<Vec<Tipologia>> {
    let mut stmt = conn.prepare_cached("SELECT code, label FROM fd_tipologie ORDER BY position")?;
    let rows = stmt
        .query_map((), |r| {
            Ok(Tipologia {
                code: r.get(0)?,
                label: r.get(1)?,
            })
        })?
        .into_iter()
        .collect();
    Ok(rows)
}

/// A project of the seed.
#[derive(Debug, Clone)]
pub struct Progetto {
    pub codice: String,
    pub anno: i32,
    pub tipologia: String,
    pub titolo: String,
    pub data_inizio: NaiveDate,
    pub aula_omogenea: bool,
    pub branch: String,
}

pub fn insert_progetto(tx: &Tx, p: &Progetto) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO fd_progetti (codice, anno, tipologia, titolo, data_inizio, aula_omogenea, branch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(crate::params![
        p.codice,
        p.anno,
        p.tipologia,
        p.titolo,
        p.data_inizio.to_string(),
        p.aula_omogenea,
        p.branch
    ])?;
    Ok(())
}

pub fn insert_partecipante(
    tx: &Tx,
    progetto: &str,
    codice_fiscale: &str,
    cognome: &str,
    nome: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO fd_partecipanti (codice_progetto, codice_fiscale, cognome, nome)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
    )?
    .execute((progetto, codice_fiscale, cognome, nome))?;
    Ok(())
}

pub(super) fn branches_json(branches: &[String]) -> String {
    serde_json::to_string(branches).expect("strings serialize")
}

/// `column` restricted to the JSON array of text bound at this position.
fn in_json_list(conn: &Tx, column: &str) -> String {
    match conn.backend() {
        Backend::Sqlite => format!("{column} IN (SELECT value FROM json_each(?))"),
        Backend::Postgres => {
            format!("{column} IN (SELECT json_array_elements_text(CAST(CAST(? AS text) AS json)))")
        }
    }
}

/// The participants file of `anno`, `tipologie`, over `branches`, with the last
/// acquired declaration pre-filled.
pub fn participants(
    conn: &Tx,
    anno: i32,
    tipologie: &[String],
    branches: &[String],
) -> Result<Vec<Participant>> {
    let sql = format!(
        "SELECT p.anno, p.codice, p.tipologia, p.titolo, p.data_inizio, p.aula_omogenea,
                a.codice_fiscale, a.cognome, a.nome, d.fascia_debole, d.categoria
         FROM fd_progetti p
         JOIN fd_partecipanti a ON a.codice_progetto = p.codice
         LEFT JOIN fd_dichiarazioni d
                ON d.codice_fiscale = a.codice_fiscale AND d.codice_progetto = p.codice
         WHERE p.anno = ? AND {} AND {}
         ORDER BY p.codice, a.cognome, a.nome, a.codice_fiscale",
        in_json_list(conn, "p.tipologia"),
        in_json_list(conn, "p.branch"),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        crate::params![anno, branches_json(tipologie), branches_json(branches)],
        |r| {
            Ok((
                r.get::<_, i32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<bool>>(9)?,
                r.get::<_, Option<String>>(10)?,
            ))
        },
    )?;
    rows.into_iter()
        .map(
            |(anno, codice, tipologia, titolo, inizio, aula, cf, cognome, nome, flag, cat)| {
                Ok(Participant {
                    anno,
                    codice_progetto: codice,
                    tipologia_formativa: tipologia,
                    titolo_corso: titolo,
                    data_inizio_corso: parse_date(&inizio)?,
                    aula_omogenea: aula,
                    codice_fiscale: cf,
                    cognome,
                    nome,
                    fascia_debole: flag.map(|f| if f { Flag::Si } else { Flag::No }),
                    categoria: cat,
                })
            },
        )
        .collect()
}

/// The (codice fiscale, codice progetto) pairs of `anno` over `branches`.
pub fn known_pairs(conn: &Tx, anno: i32, branches: &[String]) -> Result<HashSet<(String, String)>> {
    let sql = format!(
        "SELECT a.codice_fiscale, a.codice_progetto FROM fd_partecipanti a
         JOIN fd_progetti p ON p.codice = a.codice_progetto
         WHERE p.anno = ? AND {}",
        in_json_list(conn, "p.branch"),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let pairs = stmt
        .query_map(crate::params![anno, branches_json(branches)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .into_iter()
        .collect();
    Ok(pairs)
}

pub(super) fn json_list(s: &str) -> Result<Vec<String>> {
    Ok(serde_json::from_str(s)?)
}
