//! CVs offline (seed 003), kept whole (see [`crate::kept`]). The file of a new CV (or a
//! replaced one) waits in the store beside the change; it is uploaded just before the
//! push that names it ([`upload_files`]). A file downloaded is checked against the
//! record's hash before it is kept.

use chrono::NaiveDate;
use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use sha2::{Digest, Sha256};
use sportello_core::cpi::cv::MAX_BYTES;
use sportello_core::keywords;
use sportello_protocol::cv::paths;
use sportello_protocol::cv::{
    Cv, EliminaCv, EsitoRichiestaCv, FileCv, MAX_TESTO, ModificaCv, NuovaRichiestaCv, NuovoCv,
    TERRITORI, is_sha256, problema_dati,
};
use sportello_protocol::sync::MutationKind;
use sportello_store::{CvRow, OutboxEntry, Store, Tx};
use uuid::Uuid;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::kept::{self, Kept, PENDING, payload};

/// A pulled CV worth keeping: data as the server accepts them, a file as it reads
/// them, a history that starts with the upload.
pub fn sane(c: &Cv) -> bool {
    let short = |s: &str, max: usize| s.chars().count() <= max && !s.chars().any(char::is_control);
    c.version >= 1
        && problema_dati(&c.dati).is_none()
        && c.dati
            .territori
            .iter()
            .all(|t| TERRITORI.contains(&t.as_str()))
        && is_sha256(&c.file.sha256)
        && c.file.byte <= MAX_BYTES
        && short(&c.file.nome, 150)
        && !c.file.nome.contains(['/', '\\'])
        && c.testo.chars().count() <= MAX_TESTO
        && short(&c.creato_da, 64)
        && !c.storico.is_empty()
        && c.storico.len() <= 10_000
        && c.storico.iter().all(|u| short(&u.note, 300))
        && c.richieste.len() <= 1000
        && c.richieste
            .iter()
            .all(|r| short(&r.azienda, 120) && short(&r.posizione, 120) && short(&r.chi, 64))
}

/// Keeps a CV as a pull does (its text indexed if it consents), in the caller's
/// transaction: for the benchmark of the indexing.
pub fn keep_pulled(tx: &Tx<'_>, cv: &Cv) -> Result<()> {
    kept::pulled(tx, cv)
}

/// What the keyword search indexes of a CV: its text, only with consent.
fn indexed(cv: &Cv) -> Option<String> {
    cv.dati
        .consenso
        .then(|| keywords::index_text([cv.testo.as_str(), cv.dati.descrizione.as_str()]))
}

/// The store's row of a CV: `view` as shown, `server` the server's copy, `eliminato`
/// when deleted here and not yet confirmed.
fn row(server: Option<&Cv>, view: &Cv, eliminato: bool) -> Result<CvRow> {
    let record = kept::json(view)?;
    Ok(CvRow {
        id: view.id.to_string(),
        codice_fiscale: view.codice_fiscale.clone(),
        filiale: view.filiale.clone(),
        consenso: view.dati.consenso,
        scadenza: view.scadenza().to_string(),
        sha256: view.file.sha256.clone(),
        version: server.map_or(0, |s| s.version),
        server: kept::server_json(server, view, &record)?,
        record,
        eliminato,
    })
}

impl Kept for Cv {
    const TABLE: &'static str = "cv";
    const NOME: &'static str = "CV";

    kept::id_and_version!();

    kept::stored_by!(cv);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        Ok(tx.put_cv(&row(server, view, false)?, indexed(view).as_deref())?)
    }

    fn withdraw(tx: &Tx<'_>, key: &str, server: Option<&Self>) -> Result<()> {
        match server {
            Some(s) => tx.put_cv(&row(Some(s), s, true)?, None)?,
            None => drop(tx.delete_cv(&[key])?),
        }
        Ok(())
    }

    fn apply(tx: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>> {
        let Some(kind) = MutationKind::parse(&entry.kind) else {
            return Ok(view);
        };
        let now = entry.created_at;
        Ok(match (kind, view) {
            (MutationKind::CvNuovo, None) => {
                let Some(n) = payload::<NuovoCv>(entry) else {
                    return Ok(None);
                };
                let (Some(c), Some(file)) =
                    (tx.candidate(&n.codice_fiscale)?, FileLocale::of(entry))
                else {
                    return Ok(None);
                };
                let id = Uuid::parse_str(&entry.record_key)
                    .map_err(|_| Error::invalid("chiave non valida"))?;
                Some(Cv::nuovo(
                    id,
                    &n,
                    &c.candidate.branch,
                    file.file,
                    file.testo,
                    PENDING,
                    now,
                ))
            }
            (MutationKind::CvModifica, Some(mut c)) => {
                if let Some(m) = payload::<ModificaCv>(entry) {
                    let file = FileLocale::of(entry).map(|f| (f.file, f.testo));
                    // A change the rules refuse changes nothing shown; the server will say.
                    let _ = c.modifica(&m.dati, file, now);
                }
                Some(c)
            }
            (MutationKind::CvElimina, Some(_)) => None,
            (MutationKind::CvRichiesta, Some(mut c)) => {
                if let Some(r) = payload::<NuovaRichiestaCv>(entry) {
                    let _ = c.richiedi(&r, PENDING, now);
                }
                Some(c)
            }
            (MutationKind::CvRichiestaEsito, Some(mut c)) => {
                if let Some(e) = payload::<EsitoRichiestaCv>(entry) {
                    let _ = c.rispondi(&e, now);
                }
                Some(c)
            }
            (_, view) => view,
        })
    }
}

/// What the client read of a file it queued, kept in the mutation beside the wire
/// payload (the server reads the file again and says the same).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FileLocale {
    pub file: FileCv,
    pub testo: String,
}

/// The field of an outbox payload that carries the client's reading; the server
/// ignores fields it does not know.
const LOCALE: &str = "_locale";

/// The payload as the server gets it: without the client's own reading.
pub(crate) fn wire_payload(payload: &serde_json::Value) -> serde_json::Value {
    let mut p = payload.clone();
    if let Some(map) = p.as_object_mut() {
        map.remove(LOCALE);
    }
    p
}

impl FileLocale {
    fn of(entry: &OutboxEntry) -> Option<FileLocale> {
        serde_json::from_value(entry.payload.get(LOCALE)?.clone()).ok()
    }
}

/// What the operator does with the CVs, offline.
#[derive(Debug, Clone, PartialEq)]
pub enum Cambio {
    /// A new CV of `bytes` (read as `locale`).
    Nuovo {
        id: Uuid,
        nuovo: NuovoCv,
        locale: FileLocale,
        bytes: Vec<u8>,
    },
    Modifica {
        id: Uuid,
        modifica: ModificaCv,
        file: Option<(FileLocale, Vec<u8>)>,
    },
    Elimina {
        id: Uuid,
    },
    Richiesta {
        id: Uuid,
        richiesta: NuovaRichiestaCv,
    },
    Esito {
        id: Uuid,
        esito: EsitoRichiestaCv,
    },
}

fn with_locale<T: serde::Serialize>(
    payload: &T,
    locale: Option<&FileLocale>,
) -> std::result::Result<serde_json::Value, serde_json::Error> {
    let mut v = serde_json::to_value(payload)?;
    if let (Some(l), Some(map)) = (locale, v.as_object_mut()) {
        map.insert(LOCALE.into(), serde_json::to_value(l)?);
    }
    Ok(v)
}

/// Records `cambio`: the view shows it at once, its mutation is queued (with the file
/// it uploads, if any), in the caller's transaction.
pub fn record(tx: &Tx<'_>, cambio: &Cambio) -> Result<OutboxEntry> {
    match cambio {
        Cambio::Nuovo {
            id,
            nuovo,
            locale,
            bytes,
        } => {
            tx.put_cv_file(&locale.file.sha256, bytes)?;
            kept::queue::<Cv>(
                tx,
                MutationKind::CvNuovo,
                *id,
                with_locale(nuovo, Some(locale)),
            )
        }
        Cambio::Modifica { id, modifica, file } => {
            if let Some((l, bytes)) = file {
                tx.put_cv_file(&l.file.sha256, bytes)?;
            }
            kept::queue_on_shown::<Cv>(
                tx,
                MutationKind::CvModifica,
                *id,
                with_locale(modifica, file.as_ref().map(|(l, _)| l)),
            )
        }
        Cambio::Elimina { id } => kept::queue_on_shown::<Cv>(
            tx,
            MutationKind::CvElimina,
            *id,
            serde_json::to_value(EliminaCv {}),
        ),
        // A request adds to the CV whatever happened to it since.
        Cambio::Richiesta { id, richiesta } => kept::queue::<Cv>(
            tx,
            MutationKind::CvRichiesta,
            *id,
            serde_json::to_value(richiesta),
        ),
        Cambio::Esito { id, esito } => kept::queue_on_shown::<Cv>(
            tx,
            MutationKind::CvRichiestaEsito,
            *id,
            serde_json::to_value(esito),
        ),
    }
}

/// Makes a refused change again on the record as it is now. A new CV or a new file
/// needs its file, which is still in the store while the CV shows it.
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry, kind: MutationKind) -> Result<()> {
    let id = kept::redo_id(entry)?;
    let file_of = |l: &FileLocale| -> Result<Vec<u8>> {
        tx.cv_file(&l.file.sha256)?.ok_or_else(|| {
            Error::invalid("il file del CV non è più disponibile: caricarlo di nuovo")
        })
    };
    let cambio = match kind {
        MutationKind::CvNuovo => {
            let locale =
                FileLocale::of(entry).ok_or_else(|| Error::invalid("modifica illeggibile"))?;
            Cambio::Nuovo {
                id,
                nuovo: kept::redo_payload(entry)?,
                bytes: file_of(&locale)?,
                locale,
            }
        }
        MutationKind::CvModifica => Cambio::Modifica {
            id,
            modifica: kept::redo_payload(entry)?,
            file: FileLocale::of(entry)
                .map(|l| file_of(&l).map(|b| (l, b)))
                .transpose()?,
        },
        MutationKind::CvElimina => Cambio::Elimina { id },
        MutationKind::CvRichiesta => Cambio::Richiesta {
            id,
            richiesta: kept::redo_payload(entry)?,
        },
        _ => Cambio::Esito {
            id,
            esito: kept::redo_payload(entry)?,
        },
    };
    record(tx, &cambio).map(drop)
}

/// The file a pending change uploads: its hash and name.
pub(crate) fn file_to_upload(entry: &OutboxEntry) -> Option<(String, String)> {
    match MutationKind::parse(&entry.kind)? {
        MutationKind::CvNuovo => {
            let n: NuovoCv = payload(entry)?;
            Some((n.sha256.into(), n.nome_file))
        }
        MutationKind::CvModifica => {
            let m: ModificaCv = payload(entry)?;
            m.file.map(|f| (f.sha256.into(), f.nome_file))
        }
        _ => None,
    }
}

/// Uploads the files the pending `entries` name, before they are pushed. `Ok(Some)`:
/// the entry the server refused the file of, and why (it is set aside by the caller).
pub(crate) async fn upload_files(
    client: &Client,
    // `&mut`: a shared borrow of the store held across the uploads would make the
    // sync's future not `Send` (the connection is not `Sync`).
    store: &mut Store,
    token: &str,
    entries: &[OutboxEntry],
) -> Result<Option<(usize, String)>> {
    for (i, entry) in entries.iter().enumerate() {
        let Some((sha, nome)) = file_to_upload(entry) else {
            continue;
        };
        let Some(bytes) = store.cv_file(&sha)? else {
            return Ok(Some((
                i,
                "Il file del CV non è più in archivio: caricarlo di nuovo.".into(),
            )));
        };
        match client.carica_cv_file(token, &sha, &nome, bytes).await {
            Ok(()) => {}
            Err(Error::Refused(problem)) => return Ok(Some((i, problem.detail))),
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

impl Client {
    /// Uploads a CV file before the push that names it; the server reads it.
    pub async fn carica_cv_file(
        &self,
        token: &str,
        sha256: &str,
        nome: &str,
        bytes: Vec<u8>,
    ) -> Result<()> {
        let path = paths::FILE.replace("{sha256}", sha256);
        self.send(Method::PUT, &path, Some(token), |r| {
            r.query(&[("nome", nome)])
                .header(CONTENT_TYPE, "application/octet-stream")
                .body(bytes.clone())
        })
        .await
        .map(drop)
    }

    /// The file of the CV `id`.
    pub async fn scarica_cv_file(&self, token: &str, id: Uuid) -> Result<Vec<u8>> {
        let path = paths::CV_FILE.replace("{id}", &id.to_string());
        self.send(Method::GET, &path, Some(token), |r| r).await
    }
}

/// Downloads the file of the CV `id` and keeps it, if the bytes are the record's.
pub async fn download(client: &Client, store: &mut Store, token: &str, id: Uuid) -> Result<()> {
    let row = store
        .cv(&id.to_string())?
        .ok_or_else(|| Error::invalid("CV sconosciuto"))?;
    if store.cv_file(&row.sha256)?.is_some() {
        return Ok(());
    }
    let bytes = client.scarica_cv_file(token, id).await?;
    if hex::encode(Sha256::digest(&bytes)) != row.sha256 {
        return Err(Error::Protocol(
            "il file ricevuto non corrisponde al CV".into(),
        ));
    }
    store.write(|tx| tx.put_cv_file(&row.sha256, &bytes))?;
    Ok(())
}

/// The retention on this client: the CVs past their day go from the store even
/// offline, as on the server. Returns how many.
pub fn expire(tx: &Tx<'_>, oggi: NaiveDate) -> Result<usize> {
    let ids = tx.cv_scaduti(&oggi.to_string())?;
    Ok(tx.delete_cv(&ids)?)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn cv() -> Cv {
        let sha = "ab".repeat(32);
        let n = NuovoCv {
            codice_fiscale: "RSSMRA80A01H501U".into(),
            dati: sportello_protocol::cv::DatiCv {
                descrizione: "cv numero 1".into(),
                consenso: true,
                territori: vec!["Firenze".into()],
            },
            nome_file: "cv.pdf".into(),
            sha256: sha.clone().try_into().unwrap(),
            caricato_cpi: false,
        };
        let file = FileCv {
            nome: "cv.pdf".into(),
            formato: sportello_core::cpi::cv::FormatoCv::Pdf,
            byte: 20_000,
            sha256: sha,
        };
        Cv::nuovo(
            Uuid::new_v4(),
            &n,
            "FI01",
            file,
            "Curriculum".into(),
            "operatore.fi01",
            Utc::now(),
        )
    }

    #[test]
    fn hostile_cvs_are_refused() {
        assert!(sane(&cv()));
        let mut c = cv();
        c.file.nome = "../../.bashrc".into();
        assert!(!sane(&c), "a file name with folders");
        let mut c = cv();
        c.file.sha256 = "../x".into();
        assert!(!sane(&c), "a hash that is not one");
        let mut c = cv();
        c.file.byte = u64::MAX;
        assert!(!sane(&c), "larger than any CV");
        let mut c = cv();
        c.testo = "x".repeat(MAX_TESTO + 1);
        assert!(!sane(&c), "a text longer than the reader keeps");
        let mut c = cv();
        c.dati.territori = vec!["Atlantide".into()];
        assert!(!sane(&c), "an unknown territory");
        let mut c = cv();
        c.storico.clear();
        assert!(!sane(&c), "no upload in the history");
        let mut c = cv();
        c.dati.descrizione = "cv\u{1b}[2J".into();
        assert!(!sane(&c), "control characters");
        let mut c = cv();
        c.version = 0;
        assert!(!sane(&c));
    }

    #[test]
    fn the_client_s_reading_never_reaches_the_server() {
        let payload = serde_json::json!({"codice_fiscale": "X", LOCALE: {"testo": "segreto"}});
        assert_eq!(
            wire_payload(&payload),
            serde_json::json!({"codice_fiscale": "X"})
        );
    }
}
