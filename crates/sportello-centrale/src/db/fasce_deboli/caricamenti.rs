//! The uploads of a filled file: queued, claimed by one worker, completed with their
//! outcome and acquired declarations, or failed.

use super::*;

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

pub fn insert_caricamento(tx: &Tx, c: &NewCaricamentoRow) -> Result<()> {
    tx.execute(
        "INSERT INTO fd_caricamenti (id, username, branches, idempotency_key, anno, nome_file, sha256, stato, caricato_il, due_at, file)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'in_coda', ?8, ?9, ?10)",
        crate::params![
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
pub fn by_idempotency_key(conn: &Tx, username: &str, key: &str) -> Result<Option<(Uuid, String)>> {
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
pub fn caricamento(conn: &Tx, id: Uuid) -> Result<Option<(Caricamento, Vec<String>)>> {
    conn.query_row(
        &format!("SELECT {CARICAMENTO_COLUMNS} FROM fd_caricamenti WHERE id = ?1"),
        [id.to_string()],
        caricamento_row,
    )
    .optional()
}

/// Every upload, newest first, with the branches each covers.
pub fn caricamenti(conn: &Tx) -> Result<Vec<(Caricamento, Vec<String>)>> {
    conn.query_map(
        &format!("SELECT {CARICAMENTO_COLUMNS} FROM fd_caricamenti ORDER BY caricato_il DESC, id"),
        (),
        caricamento_row,
    )
}

pub fn esito(conn: &Tx, id: Uuid) -> Result<Option<Vec<u8>>> {
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

pub fn claim_caricamento(tx: &Tx, now: DateTime<Utc>) -> Result<Option<Claimed>> {
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
    tx: &Tx,
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
            upsert.execute(crate::params![
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
        crate::params![
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

pub fn fail_caricamento(tx: &Tx, id: Uuid, message: &str, now: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "UPDATE fd_caricamenti SET stato = 'errore', errore = ?2, elaborato_il = ?3, file = NULL WHERE id = ?1",
        crate::params![id.to_string(), message, ts(now)],
    )?;
    Ok(())
}

/// The acquired declaration of a participant, if any: (flag, category).
pub fn dichiarazione(
    conn: &Tx,
    codice_fiscale: &str,
    progetto: &str,
) -> Result<Option<(bool, Option<String>)>> {
    conn
        .prepare_cached(
            "SELECT fascia_debole, categoria FROM fd_dichiarazioni WHERE codice_fiscale = ?1 AND codice_progetto = ?2",
        )?
        .query_row((codice_fiscale, progetto), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}
