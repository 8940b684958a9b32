//! Fasce deboli: campaigns, categories, tipologie, projects and participants, the
//! asynchronous requests and uploads, the acquired declarations.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
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
pub fn campagne(conn: &Connection, today: NaiveDate) -> Result<Vec<Campagna>> {
    let mut stmt = conn.prepare_cached("SELECT anno, scadenza FROM fd_campagne ORDER BY anno")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
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
pub fn scadenza(conn: &Connection, anno: i32) -> Result<Option<NaiveDate>> {
    let s: Option<String> = conn
        .prepare_cached("SELECT scadenza FROM fd_campagne WHERE anno = ?1")?
        .query_row([anno], |r| r.get(0))
        .optional()?;
    s.map(|s| parse_date(&s)).transpose()
}

pub fn insert_campagna(tx: &Transaction, anno: i32, scadenza: NaiveDate) -> Result<()> {
    tx.execute(
        "INSERT INTO fd_campagne (anno, scadenza) VALUES (?1, ?2)",
        (anno, scadenza.to_string()),
    )?;
    Ok(())
}

/// The categories in force (withdrawn ones are left out).
pub fn categorie(conn: &Connection) -> Result<Vec<Categoria>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, label, source FROM fasce_deboli_categorie
         WHERE ritirata_il IS NULL ORDER BY position",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Categoria {
                code: r.get(0)?,
                label: r.get(1)?,
                source: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Withdraws a category from `now` on (Forma.Temp's decision; in the sandbox, a test's).
/// `false` if there is no such category in force.
pub fn ritira_categoria(tx: &Transaction, code: &str, now: DateTime<Utc>) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE fasce_deboli_categorie SET ritirata_il = ?2 WHERE code = ?1 AND ritirata_il IS NULL",
        (code, ts(now)),
    )?;
    Ok(changed == 1)
}

/// The categories as the shared rules take them.
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    Ok(categorie(conn)?
        .into_iter()
        .map(|c| Category {
            code: c.code,
            label: c.label,
        })
        .collect())
}

pub fn tipologie(conn: &Connection) -> Result<Vec<Tipologia>> {
    let mut stmt = conn.prepare_cached("SELECT code, label FROM fd_tipologie ORDER BY position")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Tipologia {
                code: r.get(0)?,
                label: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
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

pub fn insert_progetto(tx: &Transaction, p: &Progetto) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO fd_progetti (codice, anno, tipologia, titolo, data_inizio, aula_omogenea, branch)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
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
    tx: &Transaction,
    progetto: &str,
    codice_fiscale: &str,
    cognome: &str,
    nome: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO fd_partecipanti (codice_progetto, codice_fiscale, cognome, nome)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((progetto, codice_fiscale, cognome, nome))?;
    Ok(())
}

fn branches_json(branches: &[String]) -> String {
    serde_json::to_string(branches).expect("strings serialize")
}

/// Restricts `p.branch` to the JSON array bound at this position.
const IN_BRANCHES: &str = "p.branch IN (SELECT value FROM json_each(?))";

/// The participants file of `anno`, `tipologie`, over `branches`, with the last
/// acquired declaration pre-filled.
pub fn participants(
    conn: &Connection,
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
         WHERE p.anno = ? AND p.tipologia IN (SELECT value FROM json_each(?)) AND {}
         ORDER BY p.codice, a.cognome, a.nome, a.codice_fiscale",
        IN_BRANCHES
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(
            params![anno, branches_json(tipologie), branches_json(branches)],
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
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
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
pub fn known_pairs(
    conn: &Connection,
    anno: i32,
    branches: &[String],
) -> Result<HashSet<(String, String)>> {
    let sql = format!(
        "SELECT a.codice_fiscale, a.codice_progetto FROM fd_partecipanti a
         JOIN fd_progetti p ON p.codice = a.codice_progetto
         WHERE p.anno = ? AND {}",
        IN_BRANCHES
    );
    let mut stmt = conn.prepare(&sql)?;
    let pairs = stmt
        .query_map(params![anno, branches_json(branches)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<HashSet<_>>>()?;
    Ok(pairs)
}

// ---- requests ----

#[derive(Debug)]
pub struct NewRichiestaRow<'a> {
    pub id: Uuid,
    pub username: &'a str,
    pub branches: &'a [String],
    pub anno: i32,
    pub tipologie: &'a [String],
    pub email_aggiuntiva: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    pub now: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

pub fn insert_richiesta(tx: &Transaction, r: &NewRichiestaRow) -> Result<()> {
    tx.execute(
        "INSERT INTO fd_richieste (id, username, branches, anno, tipologie, email_aggiuntiva, stato, richiesta_il, due_at, idempotency_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'in_coda', ?7, ?8, ?9)",
        params![
            r.id.to_string(),
            r.username,
            branches_json(r.branches),
            r.anno,
            branches_json(r.tipologie),
            r.email_aggiuntiva,
            ts(r.now),
            ts(r.due_at),
            r.idempotency_key
        ],
    )?;
    Ok(())
}

/// The request `username` sent earlier with the Idempotency-Key `key`.
pub fn richiesta_by_idempotency_key(
    conn: &Connection,
    username: &str,
    key: &str,
) -> Result<Option<Uuid>> {
    conn.prepare_cached("SELECT id FROM fd_richieste WHERE username = ?1 AND idempotency_key = ?2")?
        .query_row((username, key), |r| r.get::<_, String>(0))
        .optional()?
        .map(|id| Uuid::parse_str(&id).map_err(|e| Error::Internal(e.to_string())))
        .transpose()
}

fn stato_richiesta(s: &str) -> Result<StatoRichiesta> {
    Ok(match s {
        "in_coda" => StatoRichiesta::InCoda,
        "in_lavorazione" => StatoRichiesta::InLavorazione,
        "pronto" => StatoRichiesta::Pronto,
        "errore" => StatoRichiesta::Errore,
        other => return Err(Error::Internal(format!("unknown request state {other}"))),
    })
}

fn json_list(s: &str) -> Result<Vec<String>> {
    Ok(serde_json::from_str(s)?)
}

const RICHIESTA_COLUMNS: &str = "id, branches, anno, tipologie, email_aggiuntiva, stato, richiesta_il, completata_il, righe, errore";

fn richiesta_row(r: &Row) -> Result<(Richiesta, Vec<String>)> {
    let id: String = r.get(0)?;
    let completata: Option<String> = r.get(7)?;
    Ok((
        Richiesta {
            id: Uuid::parse_str(&id).map_err(|e| Error::Internal(e.to_string()))?,
            anno: r.get(2)?,
            tipologie: json_list(&r.get::<_, String>(3)?)?,
            email_aggiuntiva: r.get(4)?,
            stato: stato_richiesta(&r.get::<_, String>(5)?)?,
            richiesta_il: parse_ts(&r.get::<_, String>(6)?)?,
            completata_il: completata.as_deref().map(parse_ts).transpose()?,
            righe: r.get(8)?,
            errore: r.get(9)?,
        },
        json_list(&r.get::<_, String>(1)?)?,
    ))
}

/// A request and the branches it covers.
pub fn richiesta(conn: &Connection, id: Uuid) -> Result<Option<(Richiesta, Vec<String>)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RICHIESTA_COLUMNS} FROM fd_richieste WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id.to_string()])?;
    match rows.next()? {
        Some(r) => Ok(Some(richiesta_row(r)?)),
        None => Ok(None),
    }
}

pub fn richiesta_file(conn: &Connection, id: Uuid) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT file FROM fd_richieste WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get::<_, Option<Vec<u8>>>(0))
        .optional()?
        .flatten())
}

/// A request whose time has come, now `in_lavorazione`.
#[derive(Debug)]
pub struct ClaimedRichiesta {
    pub id: Uuid,
    pub anno: i32,
    pub tipologie: Vec<String>,
    pub branches: Vec<String>,
}

pub fn claim_richiesta(tx: &Transaction, now: DateTime<Utc>) -> Result<Option<ClaimedRichiesta>> {
    let row = tx
        .prepare_cached(
            "UPDATE fd_richieste SET stato = 'in_lavorazione', tentativi = tentativi + 1
             WHERE id = (SELECT id FROM fd_richieste WHERE stato = 'in_coda' AND due_at <= ?1
                         ORDER BY due_at, richiesta_il LIMIT 1)
             RETURNING id, anno, tipologie, branches",
        )?
        .query_row([ts(now)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .optional()?;
    row.map(|(id, anno, tip, br)| {
        Ok(ClaimedRichiesta {
            id: Uuid::parse_str(&id).map_err(|e| Error::Internal(e.to_string()))?,
            anno,
            tipologie: json_list(&tip)?,
            branches: json_list(&br)?,
        })
    })
    .transpose()
}

pub fn complete_richiesta(
    tx: &Transaction,
    id: Uuid,
    outcome: std::result::Result<(Vec<u8>, u32), String>,
    now: DateTime<Utc>,
) -> Result<()> {
    match outcome {
        Ok((file, righe)) => tx.execute(
            "UPDATE fd_richieste SET stato = 'pronto', file = ?2, righe = ?3, completata_il = ?4 WHERE id = ?1",
            params![id.to_string(), file, righe, ts(now)],
        )?,
        Err(message) => tx.execute(
            "UPDATE fd_richieste SET stato = 'errore', errore = ?2, completata_il = ?3 WHERE id = ?1",
            params![id.to_string(), message, ts(now)],
        )?,
    };
    Ok(())
}

/// Times a job is taken up before it is failed rather than requeued.
pub const MAX_ATTEMPTS: i64 = 3;

/// What the operator reads when a job could not be completed.
pub const INTERRUPTED: &str =
    "Elaborazione non riuscita dopo più tentativi: invia di nuovo la richiesta o il file.";

/// Work interrupted by a stop goes back to the queue, unless it was already taken up
/// [`MAX_ATTEMPTS`] times: then it fails with [`INTERRUPTED`], never left hanging.
pub fn requeue_interrupted(tx: &Transaction, now: DateTime<Utc>) -> Result<()> {
    let failed = params![INTERRUPTED, ts(now), MAX_ATTEMPTS];
    tx.execute(
        "UPDATE fd_richieste SET stato = 'errore', errore = ?1, completata_il = ?2
         WHERE stato = 'in_lavorazione' AND tentativi >= ?3",
        failed,
    )?;
    tx.execute(
        "UPDATE fd_caricamenti SET stato = 'errore', errore = ?1, elaborato_il = ?2, file = NULL
         WHERE stato = 'in_lavorazione' AND tentativi >= ?3",
        failed,
    )?;
    tx.execute(
        "UPDATE fd_richieste SET stato = 'in_coda' WHERE stato = 'in_lavorazione'",
        [],
    )?;
    tx.execute(
        "UPDATE fd_caricamenti SET stato = 'in_coda' WHERE stato = 'in_lavorazione'",
        [],
    )?;
    Ok(())
}

// ---- uploads ----

#[derive(Debug)]
pub struct NewCaricamentoRow<'a> {
    pub id: Uuid,
    pub username: &'a str,
    pub branches: &'a [String],
    pub idempotency_key: Option<&'a str>,
    pub anno: i32,
    pub nome_file: &'a str,
    pub sha256: &'a str,
    pub file: &'a [u8],
    pub now: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

pub fn insert_caricamento(tx: &Transaction, c: &NewCaricamentoRow) -> Result<()> {
    tx.execute(
        "INSERT INTO fd_caricamenti (id, username, branches, idempotency_key, anno, nome_file, sha256, stato, caricato_il, due_at, file)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'in_coda', ?8, ?9, ?10)",
        params![
            c.id.to_string(),
            c.username,
            branches_json(c.branches),
            c.idempotency_key,
            c.anno,
            c.nome_file,
            c.sha256,
            ts(c.now),
            ts(c.due_at),
            c.file
        ],
    )?;
    Ok(())
}

/// The upload a user already made with this Idempotency-Key: id and SHA-256.
pub fn by_idempotency_key(
    conn: &Connection,
    username: &str,
    key: &str,
) -> Result<Option<(Uuid, String)>> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT id, sha256 FROM fd_caricamenti WHERE username = ?1 AND idempotency_key = ?2",
        )?
        .query_row((username, key), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(id, sha)| {
        Ok((
            Uuid::parse_str(&id).map_err(|e| Error::Internal(e.to_string()))?,
            sha,
        ))
    })
    .transpose()
}

const CARICAMENTO_COLUMNS: &str = "id, branches, anno, nome_file, sha256, stato, username, caricato_il, elaborato_il, righe, acquisite, scartate, errore";

fn caricamento_row(r: &Row) -> Result<(Caricamento, Vec<String>)> {
    let stato: String = r.get(5)?;
    let stato = match stato.as_str() {
        "in_coda" => StatoCaricamento::InCoda,
        "in_lavorazione" => StatoCaricamento::InLavorazione,
        "elaborato" => StatoCaricamento::Elaborato,
        "errore" => StatoCaricamento::Errore,
        other => return Err(Error::Internal(format!("unknown upload state {other}"))),
    };
    let id: String = r.get(0)?;
    let righe: Option<u32> = r.get(9)?;
    let conteggi = match righe {
        Some(righe) => Some(Conteggi {
            righe,
            acquisite: r.get(10)?,
            scartate: r.get(11)?,
        }),
        None => None,
    };
    let elaborato: Option<String> = r.get(8)?;
    Ok((
        Caricamento {
            id: Uuid::parse_str(&id).map_err(|e| Error::Internal(e.to_string()))?,
            anno: r.get(2)?,
            nome_file: r.get(3)?,
            sha256: r.get(4)?,
            stato,
            caricato_da: r.get(6)?,
            caricato_il: parse_ts(&r.get::<_, String>(7)?)?,
            elaborato_il: elaborato.as_deref().map(parse_ts).transpose()?,
            conteggi,
            errore: r.get(12)?,
        },
        json_list(&r.get::<_, String>(1)?)?,
    ))
}

/// An upload and the branches it covers.
pub fn caricamento(conn: &Connection, id: Uuid) -> Result<Option<(Caricamento, Vec<String>)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CARICAMENTO_COLUMNS} FROM fd_caricamenti WHERE id = ?1"
    ))?;
    let mut rows = stmt.query([id.to_string()])?;
    match rows.next()? {
        Some(r) => Ok(Some(caricamento_row(r)?)),
        None => Ok(None),
    }
}

/// Every upload, newest first, with the branches each covers.
pub fn caricamenti(conn: &Connection) -> Result<Vec<(Caricamento, Vec<String>)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CARICAMENTO_COLUMNS} FROM fd_caricamenti ORDER BY caricato_il DESC, id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(caricamento_row(r)?);
    }
    Ok(out)
}

pub fn esito(conn: &Connection, id: Uuid) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT esito FROM fd_caricamenti WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get::<_, Option<Vec<u8>>>(0))
        .optional()?
        .flatten())
}

/// An upload whose time has come, now `in_lavorazione`.
#[derive(Debug)]
pub struct Claimed {
    pub id: Uuid,
    pub anno: i32,
    pub branches: Vec<String>,
    pub file: Vec<u8>,
}

pub fn claim_caricamento(tx: &Transaction, now: DateTime<Utc>) -> Result<Option<Claimed>> {
    let row = tx
        .prepare_cached(
            "UPDATE fd_caricamenti SET stato = 'in_lavorazione', tentativi = tentativi + 1
             WHERE id = (SELECT id FROM fd_caricamenti WHERE stato = 'in_coda' AND due_at <= ?1
                         ORDER BY due_at, caricato_il LIMIT 1)
             RETURNING id, anno, branches, file",
        )?
        .query_row([ts(now)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i32>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<Vec<u8>>>(3)?,
            ))
        })
        .optional()?;
    row.map(|(id, anno, branches, file)| {
        Ok(Claimed {
            id: Uuid::parse_str(&id).map_err(|e| Error::Internal(e.to_string()))?,
            anno,
            branches: json_list(&branches)?,
            file: file.unwrap_or_default(),
        })
    })
    .transpose()
}

/// One acquired row of an upload.
#[derive(Debug, Clone)]
pub struct Acquired {
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub fascia_debole: bool,
    pub categoria: Option<String>,
}

/// Stores the outcome of an upload: its acquired declarations replace earlier ones.
pub fn complete_caricamento(
    tx: &Transaction,
    id: Uuid,
    acquired: &[Acquired],
    conteggi: Conteggi,
    esito: &[u8],
    now: DateTime<Utc>,
) -> Result<()> {
    {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO fd_dichiarazioni (codice_fiscale, codice_progetto, fascia_debole, categoria, caricamento, acquisita_il)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (codice_fiscale, codice_progetto) DO UPDATE SET
                fascia_debole = excluded.fascia_debole, categoria = excluded.categoria,
                caricamento = excluded.caricamento, acquisita_il = excluded.acquisita_il",
        )?;
        let (id_text, stamp) = (id.to_string(), ts(now));
        for a in acquired {
            upsert.execute(params![
                a.codice_fiscale,
                a.codice_progetto,
                a.fascia_debole,
                a.categoria,
                id_text,
                stamp
            ])?;
        }
    }
    tx.execute(
        "UPDATE fd_caricamenti SET stato = 'elaborato', elaborato_il = ?2, righe = ?3, acquisite = ?4,
                scartate = ?5, esito = ?6, file = NULL
         WHERE id = ?1",
        params![
            id.to_string(),
            ts(now),
            conteggi.righe,
            conteggi.acquisite,
            conteggi.scartate,
            esito
        ],
    )?;
    Ok(())
}

pub fn fail_caricamento(
    tx: &Transaction,
    id: Uuid,
    message: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE fd_caricamenti SET stato = 'errore', errore = ?2, elaborato_il = ?3, file = NULL WHERE id = ?1",
        params![id.to_string(), message, ts(now)],
    )?;
    Ok(())
}

/// The acquired declaration of a participant, if any: (flag, category).
pub fn dichiarazione(
    conn: &Connection,
    codice_fiscale: &str,
    progetto: &str,
) -> Result<Option<(bool, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT fascia_debole, categoria FROM fd_dichiarazioni WHERE codice_fiscale = ?1 AND codice_progetto = ?2",
        )?
        .query_row((codice_fiscale, progetto), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
