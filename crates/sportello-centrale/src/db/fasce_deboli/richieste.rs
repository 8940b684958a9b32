//! The requests for a participants file: queued, claimed by one worker, completed or
//! failed; interrupted ones requeued a bounded number of times.

use super::*;

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

pub fn insert_richiesta(tx: &Tx, r: &NewRichiestaRow) -> Result<()> {
    tx.execute(
        "INSERT INTO fd_richieste (id, username, branches, anno, tipologie, email_aggiuntiva, stato, richiesta_il, due_at, idempotency_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'in_coda', ?7, ?8, ?9)",
        crate::params![
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
pub fn richiesta_by_idempotency_key(conn: &Tx, username: &str, key: &str) -> Result<Option<Uuid>> {
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
pub fn richiesta(conn: &Tx, id: Uuid) -> Result<Option<(Richiesta, Vec<String>)>> {
    conn.query_row(
        &format!("SELECT {RICHIESTA_COLUMNS} FROM fd_richieste WHERE id = ?1"),
        [id.to_string()],
        richiesta_row,
    )
    .optional()
}

pub fn richiesta_file(conn: &Tx, id: Uuid) -> Result<Option<Vec<u8>>> {
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

pub fn claim_richiesta(tx: &Tx, now: DateTime<Utc>) -> Result<Option<ClaimedRichiesta>> {
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
    tx: &Tx,
    id: Uuid,
    outcome: std::result::Result<(Vec<u8>, u32), String>,
    now: DateTime<Utc>,
) -> Result<()> {
    match outcome {
        Ok((file, righe)) => tx.execute(
            "UPDATE fd_richieste SET stato = 'pronto', file = ?2, righe = ?3, completata_il = ?4 WHERE id = ?1",
            crate::params![id.to_string(), file, righe, ts(now)],
        )?,
        Err(message) => tx.execute(
            "UPDATE fd_richieste SET stato = 'errore', errore = ?2, completata_il = ?3 WHERE id = ?1",
            crate::params![id.to_string(), message, ts(now)],
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
pub fn requeue_interrupted(tx: &Tx, now: DateTime<Utc>) -> Result<()> {
    let failed = crate::params![INTERRUPTED, ts(now), MAX_ATTEMPTS];
    tx.execute(
        "UPDATE fd_richieste SET stato = 'errore', errore = ?1, completata_il = ?2
         WHERE stato = 'in_lavorazione' AND tentativi >= ?3",
        failed.clone(),
    )?;
    tx.execute(
        "UPDATE fd_caricamenti SET stato = 'errore', errore = ?1, elaborato_il = ?2, file = NULL
         WHERE stato = 'in_lavorazione' AND tentativi >= ?3",
        failed,
    )?;
    tx.execute(
        "UPDATE fd_richieste SET stato = 'in_coda' WHERE stato = 'in_lavorazione'",
        (),
    )?;
    tx.execute(
        "UPDATE fd_caricamenti SET stato = 'in_coda' WHERE stato = 'in_lavorazione'",
        (),
    )?;
    Ok(())
}
