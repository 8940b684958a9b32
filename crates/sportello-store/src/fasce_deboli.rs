//! Fasce deboli (seed 000): the server's lists, the requests of the FTWeb participants
//! file, the downloaded participants with the operator's declarations, and the uploads
//! with their outcome. The rules (what a valid declaration is) live in
//! `sportello_core::fasce_deboli`; this module only keeps what the operator works on.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sportello_core::fasce_deboli::Flag;

use crate::error::{Error, Result};
use crate::store::{Store, Tx};
use crate::time;

/// A category as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdCategory {
    pub code: String,
    pub label: String,
    /// The legal source.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdTipologia {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdCampaign {
    pub anno: i32,
    /// The last day uploads are accepted (inclusive).
    pub scadenza: NaiveDate,
    pub aperta: bool,
}

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            fn parse(text: &str) -> Result<Self> {
                match text {
                    $($text => Ok(Self::$variant),)+
                    other => Err(Error::corrupt(format!(
                        concat!("unknown ", stringify!($name), " {:?}"), other
                    ))),
                }
            }
        }
    };
}

text_enum! {
    /// Where a request of the participants file stands. `DaInviare`: made offline,
    /// not yet accepted by the server; the others are the server's states.
    FdRequestState {
        DaInviare => "da_inviare",
        InCoda => "in_coda",
        InLavorazione => "in_lavorazione",
        Pronto => "pronto",
        Errore => "errore",
    }
}

text_enum! {
    /// Where an upload stands. `DaInviare`: queued offline or interrupted; it is sent
    /// again with the same idempotency key.
    FdUploadState {
        DaInviare => "da_inviare",
        InCoda => "in_coda",
        InLavorazione => "in_lavorazione",
        Elaborato => "elaborato",
        Errore => "errore",
    }
}

/// A request of the participants file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdRequest {
    /// Made here; sent as the idempotency key.
    pub id: String,
    pub server_id: Option<String>,
    pub anno: i32,
    pub tipologie: Vec<String>,
    pub email: Option<String>,
    pub stato: FdRequestState,
    pub requested_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub righe: Option<u32>,
    /// Italian, from the server.
    pub errore: Option<String>,
    pub downloaded_at: Option<DateTime<Utc>>,
}

/// One participant of one project, with the operator's declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdParticipant {
    pub anno: i32,
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub tipologia: String,
    pub titolo: String,
    pub data_inizio: NaiveDate,
    pub aula_omogenea: bool,
    pub cognome: String,
    pub nome: String,
    pub fascia_debole: Option<Flag>,
    pub categoria: Option<String>,
}

/// What a download changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FdMergeSummary {
    pub added: usize,
    pub updated: usize,
    /// Rows where the operator's declaration was kept over the file's.
    pub kept_declarations: usize,
}

/// An outcome row of a processed upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdOutcomeRow {
    pub codice_fiscale: String,
    pub codice_progetto: String,
    pub acquisito: bool,
    pub motivo: String,
}

/// An upload of a filled file (the bytes are read with [`Store::fd_upload_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdUpload {
    /// Made here; the upload's idempotency key.
    pub id: String,
    pub server_id: Option<String>,
    pub anno: i32,
    pub file_name: String,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    pub stato: FdUploadState,
    pub submitted_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
    /// (righe, acquisite, scartate), once processed.
    pub conteggi: Option<(u32, u32, u32)>,
    pub errore: Option<String>,
    pub outcome: Option<Vec<FdOutcomeRow>>,
}

fn opt_time(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(time::to_text)
}

fn read_time(t: Option<String>) -> Result<Option<DateTime<Utc>>> {
    t.as_deref().map(time::from_text).transpose()
}

fn read_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| Error::corrupt(format!("invalid date {text:?}: {e}")))
}

fn flag_text(flag: Option<Flag>) -> Option<&'static str> {
    flag.map(Flag::as_str)
}

fn read_flag(text: Option<String>) -> Result<Option<Flag>> {
    match text.as_deref() {
        None => Ok(None),
        Some("SI") => Ok(Some(Flag::Si)),
        Some("NO") => Ok(Some(Flag::No)),
        Some(other) => Err(Error::corrupt(format!("invalid fascia debole {other:?}"))),
    }
}

// --- lists ---------------------------------------------------------------------

fn replace_lists(
    conn: &Connection,
    categories: &[FdCategory],
    tipologie: &[FdTipologia],
    campaigns: &[FdCampaign],
) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM fd_categorie; DELETE FROM fd_tipologie; DELETE FROM fd_campagne;",
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO fd_categorie (code, label, source, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, c) in categories.iter().enumerate() {
        insert.execute(params![c.code, c.label, c.source, i as i64])?;
    }
    let mut insert = conn
        .prepare_cached("INSERT INTO fd_tipologie (code, label, position) VALUES (?1, ?2, ?3)")?;
    for (i, t) in tipologie.iter().enumerate() {
        insert.execute(params![t.code, t.label, i as i64])?;
    }
    let mut insert = conn
        .prepare_cached("INSERT INTO fd_campagne (anno, scadenza, aperta) VALUES (?1, ?2, ?3)")?;
    for c in campaigns {
        insert.execute(params![c.anno, c.scadenza.to_string(), c.aperta])?;
    }
    Ok(())
}

fn categories(conn: &Connection) -> Result<Vec<FdCategory>> {
    Ok(conn
        .prepare_cached("SELECT code, label, source FROM fd_categorie ORDER BY position")?
        .query_map([], |r| {
            Ok(FdCategory {
                code: r.get(0)?,
                label: r.get(1)?,
                source: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn tipologie(conn: &Connection) -> Result<Vec<FdTipologia>> {
    Ok(conn
        .prepare_cached("SELECT code, label FROM fd_tipologie ORDER BY position")?
        .query_map([], |r| {
            Ok(FdTipologia {
                code: r.get(0)?,
                label: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn campaigns(conn: &Connection) -> Result<Vec<FdCampaign>> {
    let rows: Vec<(i32, String, bool)> = conn
        .prepare_cached("SELECT anno, scadenza, aperta FROM fd_campagne ORDER BY anno DESC")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(anno, scadenza, aperta)| {
            Ok(FdCampaign {
                anno,
                scadenza: read_date(&scadenza)?,
                aperta,
            })
        })
        .collect()
}

// --- requests ------------------------------------------------------------------

fn save_request(conn: &Connection, r: &FdRequest) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO fd_richieste (id, server_id, anno, tipologie, email, stato, requested_at,
                                  completed_at, righe, errore, downloaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET
             server_id = excluded.server_id, stato = excluded.stato,
             completed_at = excluded.completed_at, righe = excluded.righe,
             errore = excluded.errore, downloaded_at = excluded.downloaded_at",
    )?
    .execute(params![
        r.id,
        r.server_id,
        r.anno,
        serde_json::to_string(&r.tipologie)?,
        r.email,
        r.stato.as_str(),
        time::to_text(r.requested_at),
        opt_time(r.completed_at),
        r.righe,
        r.errore,
        opt_time(r.downloaded_at),
    ])?;
    Ok(())
}

const REQUEST_COLUMNS: &str = "SELECT id, server_id, anno, tipologie, email, stato, requested_at,
    completed_at, righe, errore, downloaded_at FROM fd_richieste";

type RawRequest = (
    String,
    Option<String>,
    i32,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<u32>,
    Option<String>,
    Option<String>,
);

fn raw_request(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRequest> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    ))
}

fn decode_request(raw: RawRequest) -> Result<FdRequest> {
    let (id, server_id, anno, tipologie, email, stato, requested, completed, righe, errore, down) =
        raw;
    Ok(FdRequest {
        tipologie: serde_json::from_str(&tipologie)
            .map_err(|e| Error::corrupt(format!("request {id}: tipologie: {e}")))?,
        stato: FdRequestState::parse(&stato)?,
        requested_at: time::from_text(&requested)?,
        completed_at: read_time(completed)?,
        downloaded_at: read_time(down)?,
        id,
        server_id,
        anno,
        email,
        righe,
        errore,
    })
}

fn requests(conn: &Connection) -> Result<Vec<FdRequest>> {
    let rows = conn
        .prepare_cached(&format!("{REQUEST_COLUMNS} ORDER BY requested_at DESC, id"))?
        .query_map([], raw_request)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(decode_request).collect()
}

fn request(conn: &Connection, id: &str) -> Result<Option<FdRequest>> {
    conn.prepare_cached(&format!(
        "{REQUEST_COLUMNS} WHERE id = ?1 OR server_id = ?1"
    ))?
    .query_row([id], raw_request)
    .optional()?
    .map(decode_request)
    .transpose()
}

// --- participants --------------------------------------------------------------

/// Adds the downloaded participants of `request_id`. The file's details replace
/// ours; its declaration (what FTWeb last acquired) fills ours only where we have
/// none, so a download never overwrites the operator's work.
fn merge_download(
    conn: &Connection,
    request_id: &str,
    rows: &[FdParticipant],
    at: DateTime<Utc>,
) -> Result<FdMergeSummary> {
    let mut summary = FdMergeSummary::default();
    let mut existing = conn.prepare_cached(
        "SELECT fascia_debole, categoria FROM fd_partecipanti
         WHERE anno = ?1 AND codice_fiscale = ?2 AND codice_progetto = ?3",
    )?;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO fd_partecipanti (anno, codice_fiscale, codice_progetto, request_id,
             tipologia, titolo, data_inizio, aula_omogenea, cognome, nome, fascia_debole,
             categoria)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (anno, codice_fiscale, codice_progetto) DO UPDATE SET
             request_id = excluded.request_id, tipologia = excluded.tipologia,
             titolo = excluded.titolo, data_inizio = excluded.data_inizio,
             aula_omogenea = excluded.aula_omogenea, cognome = excluded.cognome,
             nome = excluded.nome,
             fascia_debole = coalesce(fd_partecipanti.fascia_debole, excluded.fascia_debole),
             categoria = CASE WHEN fd_partecipanti.fascia_debole IS NULL
                              THEN excluded.categoria ELSE fd_partecipanti.categoria END",
    )?;
    for p in rows {
        let before: Option<(Option<String>, Option<String>)> = existing
            .query_row(params![p.anno, p.codice_fiscale, p.codice_progetto], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match &before {
            None => summary.added += 1,
            Some((flag, _)) => {
                summary.updated += 1;
                if flag.is_some() && p.fascia_debole.is_some() {
                    summary.kept_declarations += 1;
                }
            }
        }
        upsert.execute(params![
            p.anno,
            p.codice_fiscale,
            p.codice_progetto,
            request_id,
            p.tipologia,
            p.titolo,
            p.data_inizio.to_string(),
            p.aula_omogenea,
            p.cognome,
            p.nome,
            flag_text(p.fascia_debole),
            p.categoria,
        ])?;
    }
    let changed = conn
        .prepare_cached("UPDATE fd_richieste SET downloaded_at = ?2 WHERE id = ?1")?
        .execute(params![request_id, time::to_text(at)])?;
    if changed == 0 {
        return Err(Error::corrupt(format!(
            "no request {request_id} to download"
        )));
    }
    Ok(summary)
}

fn participants(conn: &Connection, anno: i32) -> Result<Vec<FdParticipant>> {
    type Raw = (String, String, String, String, String, bool, String, String);
    let rows: Vec<(Raw, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT codice_fiscale, codice_progetto, tipologia, titolo, data_inizio,
                    aula_omogenea, cognome, nome, fascia_debole, categoria
             FROM fd_partecipanti WHERE anno = ?1
             ORDER BY codice_progetto, cognome, nome, codice_fiscale",
        )?
        .query_map([anno], |r| {
            Ok((
                (
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ),
                r.get(8)?,
                r.get(9)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(
            |((cf, progetto, tipologia, titolo, inizio, aula, cognome, nome), flag, cat)| {
                Ok(FdParticipant {
                    anno,
                    codice_fiscale: cf,
                    codice_progetto: progetto,
                    tipologia,
                    titolo,
                    data_inizio: read_date(&inizio)?,
                    aula_omogenea: aula,
                    cognome,
                    nome,
                    fascia_debole: read_flag(flag)?,
                    categoria: cat,
                })
            },
        )
        .collect()
}

fn participant_keys(conn: &Connection) -> Result<HashSet<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT codice_fiscale, codice_progetto FROM fd_partecipanti")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

fn participant_years(conn: &Connection) -> Result<Vec<i32>> {
    Ok(conn
        .prepare_cached("SELECT DISTINCT anno FROM fd_partecipanti ORDER BY anno DESC")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Sets one declaration; `false` when there is no such participant.
fn declare(
    conn: &Connection,
    anno: i32,
    codice_fiscale: &str,
    codice_progetto: &str,
    flag: Option<Flag>,
    categoria: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE fd_partecipanti SET fascia_debole = ?4, categoria = ?5, declared_at = ?6
             WHERE anno = ?1 AND codice_fiscale = ?2 AND codice_progetto = ?3",
        )?
        .execute(params![
            anno,
            codice_fiscale,
            codice_progetto,
            flag_text(flag),
            categoria,
            time::to_text(at)
        ])?
        == 1)
}

// --- uploads -------------------------------------------------------------------

#[derive(serde::Serialize, serde::Deserialize)]
struct OutcomeJson {
    cf: String,
    progetto: String,
    acquisito: bool,
    motivo: String,
}

fn save_upload(conn: &Connection, u: &FdUpload, file: Option<&[u8]>) -> Result<()> {
    let outcome = u
        .outcome
        .as_ref()
        .map(|rows| {
            serde_json::to_string(
                &rows
                    .iter()
                    .map(|r| OutcomeJson {
                        cf: r.codice_fiscale.clone(),
                        progetto: r.codice_progetto.clone(),
                        acquisito: r.acquisito,
                        motivo: r.motivo.clone(),
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .transpose()?;
    let (righe, acquisite, scartate) = match u.conteggi {
        Some((a, b, c)) => (Some(a), Some(b), Some(c)),
        None => (None, None, None),
    };
    if let Some(file) = file {
        conn.prepare_cached(
            "INSERT INTO fd_caricamenti (id, anno, file_name, sha256, file, stato, submitted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            u.id,
            u.anno,
            u.file_name,
            u.sha256,
            file,
            u.stato.as_str(),
            time::to_text(u.submitted_at)
        ])?;
    }
    let changed = conn
        .prepare_cached(
            "UPDATE fd_caricamenti SET server_id = ?2, stato = ?3, processed_at = ?4, righe = ?5,
                 acquisite = ?6, scartate = ?7, errore = ?8, outcome = ?9
             WHERE id = ?1",
        )?
        .execute(params![
            u.id,
            u.server_id,
            u.stato.as_str(),
            opt_time(u.processed_at),
            righe,
            acquisite,
            scartate,
            u.errore,
            outcome
        ])?;
    if changed == 0 {
        return Err(Error::corrupt(format!("no upload {} to update", u.id)));
    }
    Ok(())
}

const UPLOAD_COLUMNS: &str = "SELECT id, server_id, anno, file_name, sha256, stato, submitted_at,
    processed_at, righe, acquisite, scartate, errore, outcome FROM fd_caricamenti";

fn read_upload(r: &rusqlite::Row<'_>) -> rusqlite::Result<(FdUploadRaw, Option<String>)> {
    Ok((
        FdUploadRaw {
            id: r.get(0)?,
            server_id: r.get(1)?,
            anno: r.get(2)?,
            file_name: r.get(3)?,
            sha256: r.get(4)?,
            stato: r.get(5)?,
            submitted_at: r.get(6)?,
            processed_at: r.get(7)?,
            conteggi: match (r.get(8)?, r.get(9)?, r.get(10)?) {
                (Some(a), Some(b), Some(c)) => Some((a, b, c)),
                _ => None,
            },
            errore: r.get(11)?,
        },
        r.get(12)?,
    ))
}

struct FdUploadRaw {
    id: String,
    server_id: Option<String>,
    anno: i32,
    file_name: String,
    sha256: String,
    stato: String,
    submitted_at: String,
    processed_at: Option<String>,
    conteggi: Option<(u32, u32, u32)>,
    errore: Option<String>,
}

fn decode_upload((raw, outcome): (FdUploadRaw, Option<String>)) -> Result<FdUpload> {
    let outcome = outcome
        .map(|json| {
            serde_json::from_str::<Vec<OutcomeJson>>(&json)
                .map_err(|e| Error::corrupt(format!("upload {}: outcome: {e}", raw.id)))
        })
        .transpose()?
        .map(|rows| {
            rows.into_iter()
                .map(|r| FdOutcomeRow {
                    codice_fiscale: r.cf,
                    codice_progetto: r.progetto,
                    acquisito: r.acquisito,
                    motivo: r.motivo,
                })
                .collect()
        });
    Ok(FdUpload {
        stato: FdUploadState::parse(&raw.stato)?,
        submitted_at: time::from_text(&raw.submitted_at)?,
        processed_at: read_time(raw.processed_at)?,
        id: raw.id,
        server_id: raw.server_id,
        anno: raw.anno,
        file_name: raw.file_name,
        sha256: raw.sha256,
        conteggi: raw.conteggi,
        errore: raw.errore,
        outcome,
    })
}

fn uploads(conn: &Connection) -> Result<Vec<FdUpload>> {
    let rows = conn
        .prepare_cached(&format!("{UPLOAD_COLUMNS} ORDER BY submitted_at DESC, id"))?
        .query_map([], read_upload)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(decode_upload).collect()
}

fn upload(conn: &Connection, id: &str) -> Result<Option<FdUpload>> {
    conn.prepare_cached(&format!("{UPLOAD_COLUMNS} WHERE id = ?1 OR server_id = ?1"))?
        .query_row([id], read_upload)
        .optional()?
        .map(decode_upload)
        .transpose()
}

fn upload_file(conn: &Connection, id: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT file FROM fd_caricamenti WHERE id = ?1 OR server_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// Replaces the server's lists (categories, tipologie, campaigns) as fetched.
    pub fn fd_replace_lists(
        &mut self,
        categories: &[FdCategory],
        tipologie: &[FdTipologia],
        campaigns: &[FdCampaign],
    ) -> Result<()> {
        self.write(|tx| replace_lists(&tx.tx, categories, tipologie, campaigns))
    }

    /// In the server's order; empty until the first fetch.
    pub fn fd_categorie(&self) -> Result<Vec<FdCategory>> {
        categories(&self.conn)
    }

    pub fn fd_tipologie(&self) -> Result<Vec<FdTipologia>> {
        tipologie(&self.conn)
    }

    /// Newest year first.
    pub fn fd_campagne(&self) -> Result<Vec<FdCampaign>> {
        campaigns(&self.conn)
    }

    pub fn fd_save_request(&mut self, request: &FdRequest) -> Result<()> {
        self.write(|tx| save_request(&tx.tx, request))
    }

    /// Newest first.
    pub fn fd_richieste(&self) -> Result<Vec<FdRequest>> {
        requests(&self.conn)
    }

    /// By local or server id.
    pub fn fd_request(&self, id: &str) -> Result<Option<FdRequest>> {
        request(&self.conn, id)
    }

    /// Takes a downloaded participants file in, in one transaction with the request's
    /// download time: either all its rows are in or none.
    pub fn fd_store_download(
        &mut self,
        request_id: &str,
        rows: &[FdParticipant],
        at: DateTime<Utc>,
    ) -> Result<FdMergeSummary> {
        self.write(|tx| merge_download(&tx.tx, request_id, rows, at))
    }

    /// The participants of a campaign year, by project, surname, name.
    pub fn fd_partecipanti(&self, anno: i32) -> Result<Vec<FdParticipant>> {
        participants(&self.conn, anno)
    }

    /// Every downloaded (codice fiscale, codice progetto), all years.
    pub fn fd_participant_keys(&self) -> Result<HashSet<(String, String)>> {
        participant_keys(&self.conn)
    }

    /// The years with downloaded participants, newest first.
    pub fn fd_participant_years(&self) -> Result<Vec<i32>> {
        participant_years(&self.conn)
    }

    /// Records a new upload with its file.
    pub fn fd_add_upload(&mut self, upload: &FdUpload, file: &[u8]) -> Result<()> {
        self.write(|tx| save_upload(&tx.tx, upload, Some(file)))
    }

    /// Updates an upload's state, counts and outcome.
    pub fn fd_update_upload(&mut self, upload: &FdUpload) -> Result<()> {
        self.write(|tx| save_upload(&tx.tx, upload, None))
    }

    /// Newest first.
    pub fn fd_caricamenti(&self) -> Result<Vec<FdUpload>> {
        uploads(&self.conn)
    }

    /// By local or server id.
    pub fn fd_upload(&self, id: &str) -> Result<Option<FdUpload>> {
        upload(&self.conn, id)
    }

    pub fn fd_upload_file(&self, id: &str) -> Result<Option<Vec<u8>>> {
        upload_file(&self.conn, id)
    }
}

impl Tx<'_> {
    /// Sets one participant's declaration; `false` when there is no such participant
    /// (the caller decides whether that aborts the transaction).
    pub fn fd_declare(
        &self,
        anno: i32,
        codice_fiscale: &str,
        codice_progetto: &str,
        flag: Option<Flag>,
        categoria: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        declare(
            &self.tx,
            anno,
            codice_fiscale,
            codice_progetto,
            flag,
            categoria,
            at,
        )
    }

    pub fn fd_partecipanti(&self, anno: i32) -> Result<Vec<FdParticipant>> {
        participants(&self.tx, anno)
    }

    /// Records a new upload with its file (with its audit entry, in the caller's
    /// transaction).
    pub fn fd_add_upload(&self, upload: &FdUpload, file: &[u8]) -> Result<()> {
        save_upload(&self.tx, upload, Some(file))
    }
}
