//! "Curriculum Vitae" (seed 003): each CV kept whole as its wire JSON beside the columns
//! queries filter on, its file by hash in `cv_file` (sealed: [`crate::sigillo`]); every
//! write logs a change of the citizen's branch for the pull, a deletion a tombstone.
//! The push kinds `cv_nuovo` (a citizen of the pusher's branches, a file uploaded
//! before), `cv_modifica`, `cv_elimina`, `cv_richiesta` (a consenting CV only) and
//! `cv_richiesta_esito` (once). A CV a year past its last upload, update or use goes
//! at the hourly maintenance ([`scaduti`]).

use chrono::{DateTime, Duration, Utc};
use sportello_core::cpi::cv::FormatoCv;
use sportello_protocol::cv::{
    Cv, EsitoRichiestaCv, FileCv, ModificaCv, NuovaRichiestaCv, NuovoCv, is_sha256, problema_dati,
    problema_nome_file,
};
use sportello_protocol::sync::{Entity, Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use super::changes::{self, State};
use super::mutations::{
    Outcome, Pusher, answer, applied, check_version, citizen_branch, error, payload, uuid_key,
};
use super::{OptionalExtension, Tx, parse_ts, ts};
use crate::error::{Error, Result};

/// A file uploaded and not named by any CV is dropped after this long.
const FILE_ORFANO: i64 = 24;

/// What the server read of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLetto {
    pub formato: FormatoCv,
    pub byte: u64,
    pub testo: String,
}

fn formato(text: &str) -> Result<FormatoCv> {
    [
        FormatoCv::Pdf,
        FormatoCv::Doc,
        FormatoCv::Docx,
        FormatoCv::Odt,
    ]
    .into_iter()
    .find(|f| f.estensione() == text)
    .ok_or_else(|| Error::Internal(format!("unknown CV format {text} in the database")))
}

/// The uploaded file `sha256`, as read.
pub fn file_letto(tx: &Tx, sha256: &str) -> Result<Option<FileLetto>> {
    let row: Option<(String, i64, String)> = tx
        .prepare_cached("SELECT formato, byte, testo FROM cv_file WHERE sha256 = ?1")?
        .query_row([sha256], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    row.map(|(f, byte, testo)| {
        Ok(FileLetto {
            formato: formato(&f)?,
            byte: byte as u64,
            testo,
        })
    })
    .transpose()
}

/// Keeps an uploaded file (sealed); false if it was already here.
pub fn metti_file(
    tx: &Tx,
    sha256: &str,
    letto: &FileLetto,
    sigillato: Vec<u8>,
    chi: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n = tx
        .prepare_cached(
            "INSERT INTO cv_file (sha256, formato, byte, testo, contenuto, caricato_da, caricato_il)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING",
        )?
        .execute(crate::params![
            sha256,
            letto.formato.estensione(),
            letto.byte as i64,
            letto.testo.as_str(),
            sigillato,
            chi,
            ts(now)
        ])?;
    Ok(n == 1)
}

/// The sealed bytes of the file `sha256`.
pub fn contenuto(tx: &Tx, sha256: &str) -> Result<Option<Vec<u8>>> {
    tx.prepare_cached("SELECT contenuto FROM cv_file WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()
}

pub fn cv(tx: &Tx, id: Uuid) -> Result<Option<Cv>> {
    super::whole(tx, "cv", id)
}

/// The CV `id` if it is of one of `branches`.
pub fn visibile(tx: &Tx, branches: &[String], id: Uuid) -> Result<Option<Cv>> {
    Ok(cv(tx, id)?.filter(|c| branches.contains(&c.filiale)))
}

/// Writes `c` (new or changed) and logs it for its branch.
pub fn put(tx: &Tx, c: &Cv, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO cv (id, filiale, codice_fiscale, version, scadenza, sha256, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, scadenza = excluded.scadenza,
            sha256 = excluded.sha256, record = excluded.record",
    )?
    .execute(crate::params![
        c.id.to_string(),
        c.filiale.as_str(),
        c.codice_fiscale.as_str(),
        c.version,
        c.scadenza().to_string(),
        c.file.sha256.as_str(),
        serde_json::to_string(c)?
    ])?;
    changes::log(
        tx,
        Entity::Cv,
        &c.id.to_string(),
        &c.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

/// Deletes `c` and, if no other CV names it, its file; every cache drops it at its
/// next pull.
fn elimina(tx: &Tx, c: &Cv, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached("DELETE FROM cv WHERE id = ?1")?
        .execute([c.id.to_string()])?;
    tx.prepare_cached(
        "DELETE FROM cv_file WHERE sha256 = ?1 AND NOT EXISTS (SELECT 1 FROM cv WHERE sha256 = ?1)",
    )?
    .execute([c.file.sha256.as_str()])?;
    changes::log(
        tx,
        Entity::Cv,
        &c.id.to_string(),
        &c.filiale,
        State::Deleted,
        now,
    )?;
    Ok(())
}

/// The retention (seed 003): deletes the CVs whose year from the last upload, update
/// or use is over, and the uploaded files no CV named within a day. Returns how many
/// CVs went.
pub fn scaduti(tx: &Tx, now: DateTime<Utc>) -> Result<usize> {
    let oggi = now.date_naive().to_string();
    let ids: Vec<String> = tx
        .prepare_cached("SELECT id FROM cv WHERE scadenza <= ?1 ORDER BY id")?
        .query_map([oggi.as_str()], |r| r.get(0))?;
    let mut n = 0;
    for id in ids {
        let Some(c) = Uuid::parse_str(&id).ok().map(|id| cv(tx, id)).transpose()? else {
            continue;
        };
        if let Some(c) = c {
            elimina(tx, &c, now)?;
            n += 1;
        }
    }
    if n > 0 {
        // Counts only: no personal data in the log.
        tracing::info!(cv = n, "expired CVs deleted");
    }
    let orfani: Vec<(String, String)> = tx
        .prepare_cached(
            "SELECT sha256, caricato_il FROM cv_file f
             WHERE NOT EXISTS (SELECT 1 FROM cv WHERE cv.sha256 = f.sha256)",
        )?
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?;
    for (sha, quando) in orfani {
        if parse_ts(&quando)? + Duration::hours(FILE_ORFANO) < now {
            tx.prepare_cached("DELETE FROM cv_file WHERE sha256 = ?1")?
                .execute([sha.as_str()])?;
        }
    }
    Ok(n)
}

/// The file `sha256` uploaded before, for a CV named `nome`: its extension must agree
/// with what was read.
fn file_caricato(
    tx: &Tx,
    nome: &str,
    sha256: &str,
    field: &str,
) -> Result<std::result::Result<(FileCv, String), Vec<sportello_protocol::FieldError>>> {
    if let Some(p) = problema_nome_file(nome) {
        return Ok(Err(error(field, "non_valido", p)));
    }
    let letto = is_sha256(sha256)
        .then(|| file_letto(tx, sha256))
        .transpose()?
        .flatten();
    let Some(letto) = letto else {
        return Ok(Err(error(
            field,
            "non_trovato",
            "Il file del CV non è stato caricato: ripetere il caricamento.",
        )));
    };
    let estensione = nome
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if estensione != letto.formato.estensione() {
        return Ok(Err(error(
            field,
            "incoerente",
            "L'estensione del nome non corrisponde al contenuto del file.",
        )));
    }
    let file = FileCv {
        nome: nome.trim().into(),
        formato: letto.formato,
        byte: letto.byte,
        sha256: sha256.into(),
    };
    Ok(Ok((file, letto.testo)))
}

/// Applies a mutation of a CV kind.
pub fn apply(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<MutationResult> {
    let outcome = match uuid_key(m) {
        Err(e) => Err(e),
        Ok(id) if kind == MutationKind::CvNuovo => nuovo(tx, pusher, id, m, now)?,
        Ok(id) => cambio(tx, pusher, kind, id, m, now)?,
    };
    Ok(answer(m, outcome))
}

fn nuovo(tx: &Tx, pusher: &Pusher, id: Uuid, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let mut n = match payload::<NuovoCv>(m) {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    n.codice_fiscale = n.codice_fiscale.trim().to_uppercase();
    let branch = match citizen_branch(tx, pusher, &n.codice_fiscale)? {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(p) = problema_dati(&n.dati) {
        return Ok(Err(error("payload.dati", "non_valido", p)));
    }
    let (file, testo) = match file_caricato(tx, &n.nome_file, n.sha256.as_str(), "payload.sha256")?
    {
        Ok(f) => f,
        Err(e) => return Ok(Err(e)),
    };
    if cv(tx, id)?.is_some() {
        return Ok(Err(error(
            "key",
            "gia_esistente",
            "Esiste già un CV con questa chiave.",
        )));
    }
    let c = Cv::nuovo(id, &n, &branch, file, testo, pusher.username, now);
    put(tx, &c, now)?;
    Ok(applied(m, c.version))
}

fn cambio(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    id: Uuid,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let Some(mut c) = visibile(tx, pusher.branches, id)? else {
        return Ok(Err(error("key", "non_trovato", "CV non trovato.")));
    };
    // A request adds to the CV, whatever happened to it since.
    if kind != MutationKind::CvRichiesta
        && let Err(outcome) = check_version(m, c.version)
    {
        return Ok(outcome);
    }
    let changed = match kind {
        MutationKind::CvModifica => {
            let mo = match payload::<ModificaCv>(m) {
                Ok(mo) => mo,
                Err(e) => return Ok(Err(e)),
            };
            let file = match &mo.file {
                None => None,
                Some(f) => {
                    match file_caricato(tx, &f.nome_file, f.sha256.as_str(), "payload.file")? {
                        Ok(f) => Some(f),
                        Err(e) => return Ok(Err(e)),
                    }
                }
            };
            let old = c.file.clone();
            let r = c.modifica(&mo.dati, file, now);
            if r.is_ok() && old.sha256 != c.file.sha256 {
                put(tx, &c, now)?;
                tx.prepare_cached(
                    "DELETE FROM cv_file WHERE sha256 = ?1 AND NOT EXISTS (SELECT 1 FROM cv WHERE sha256 = ?1)",
                )?
                .execute([old.sha256.as_str()])?;
                return Ok(applied(m, c.version));
            }
            r.map_err(|p| ("payload.dati", p))
        }
        MutationKind::CvElimina => {
            elimina(tx, &c, now)?;
            return Ok(applied(m, c.version + 1));
        }
        MutationKind::CvRichiesta => match payload::<NuovaRichiestaCv>(m) {
            Ok(r) => c
                .richiedi(&r, pusher.username, now)
                .map_err(|p| ("payload", p)),
            Err(e) => return Ok(Err(e)),
        },
        _ => match payload::<EsitoRichiestaCv>(m) {
            Ok(e) => c.rispondi(&e, now).map_err(|p| ("payload.stato", p)),
            Err(e) => return Ok(Err(e)),
        },
    };
    if let Err((field, message)) = changed {
        return Ok(Err(error(field, "incoerente", message)));
    }
    put(tx, &c, now)?;
    Ok(applied(m, c.version))
}
