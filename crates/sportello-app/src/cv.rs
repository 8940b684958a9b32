//! "Curriculum Vitae" (seed 003): a citizen's CV files with their description, consent
//! to search, territories and "Storico Utilizzi"; the agencies' requests to see a full
//! CV; the retention (a year from the last upload, update or use, announced 15 days
//! before). Offline through the outbox: a file is read here first (format, size, a
//! text and not a scan), so the operator hears at once what the server would say.

use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sportello_core::cpi::agenda::ora_locale;
use sportello_core::cpi::cv::{Conservazione, MAX_BYTES, StatoRichiestaCv, conservazione};
use sportello_protocol::cv::{
    Cv, DatiCv, EsitoRichiestaCv, FileCv, Impronta, ModificaCv, NuovaRichiestaCv, NuovoCv,
    NuovoFile, TERRITORI, problema_dati, problema_nome_file, problema_richiesta,
};
use sportello_store::{CvRow, Store};
use sportello_sync::cv::{Cambio, FileLocale, record};
use uuid::Uuid;

use crate::documents::DocumentReport;
use crate::{AppError, Result};

/// A CV as the citizen's sheet shows it (seed 003's "Elenco Curriculum Vitae").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CvView {
    pub id: String,
    pub codice_fiscale: String,
    /// "Data inserimento", "dd/mm/yyyy HH:MM".
    pub inserito_il: String,
    pub descrizione: String,
    /// "Consenti Ricerca".
    pub consenso: bool,
    pub territori: Vec<String>,
    pub caricato_cpi: bool,
    pub nome_file: String,
    /// "PDF", "DOCX", …
    pub formato: String,
    /// "245 KB".
    pub dimensione: String,
    /// Characters of text read from the file.
    pub caratteri: u32,
    /// The day it is deleted unless updated or used, "dd/mm/yyyy".
    pub scadenza: String,
    /// `attivo`, `in_scadenza` (the 15 days before) or `scaduto`.
    pub conservazione: String,
    pub storico: Vec<UtilizzoView>,
    pub richieste: Vec<RichiestaCvView>,
    /// The file is on this computer (uploaded here, or downloaded).
    pub file_locale: bool,
    /// Made or changed here, not yet sent.
    pub in_attesa: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UtilizzoView {
    /// "Data Operazione".
    pub quando: String,
    /// "Caricamento", "Aggiornamento", "Utilizzo".
    pub tipo: String,
    pub note: String,
}

/// A request as seed 003's "Elenco richieste curriculum vitae" shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RichiestaCvView {
    pub id: String,
    pub data: String,
    pub azienda: String,
    pub posizione: String,
    /// "RICHIESTA", "ACCETTATA", "RIFIUTATA".
    pub stato: String,
    pub risposta_il: String,
}

/// The editable data, as the forms send them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DatiCvForm {
    pub descrizione: String,
    pub consenso: bool,
    pub territori: Vec<String>,
}

impl DatiCvForm {
    fn dati(&self) -> Result<DatiCv> {
        let d = DatiCv {
            descrizione: self.descrizione.trim().into(),
            consenso: self.consenso,
            territori: self
                .territori
                .iter()
                .map(|t| t.trim().to_string())
                .collect(),
        };
        match problema_dati(&d) {
            Some(p) => Err(AppError::InvalidInput(p)),
            None => Ok(d),
        }
    }
}

/// Seed 003's territories, for the forms.
pub fn territori() -> Vec<String> {
    TERRITORI.iter().map(|t| t.to_string()).collect()
}

fn local(at: DateTime<Utc>) -> String {
    ora_locale(at).format("%d/%m/%Y %H:%M").to_string()
}

fn parse(text: &str) -> Result<Cv> {
    serde_json::from_str(text)
        .map_err(|e| AppError::Internal(format!("CV locale illeggibile: {e}")))
}

fn dimensione(byte: u64) -> String {
    if byte < 1024 * 1024 {
        format!("{} KB", byte.div_ceil(1024))
    } else {
        format!("{:.1} MB", byte as f64 / 1_048_576.0).replace('.', ",")
    }
}

fn view(store: &Store, row: &CvRow, oggi: NaiveDate) -> Result<CvView> {
    let c = parse(&row.record)?;
    let conserva = match conservazione(c.ultimo_evento().date_naive(), oggi) {
        Conservazione::Attivo => "attivo",
        Conservazione::InScadenza => "in_scadenza",
        Conservazione::Scaduto => "scaduto",
    };
    Ok(CvView {
        id: c.id.to_string(),
        codice_fiscale: c.codice_fiscale.clone(),
        inserito_il: c
            .storico
            .first()
            .map(|u| local(u.quando))
            .unwrap_or_default(),
        descrizione: c.dati.descrizione.clone(),
        consenso: c.dati.consenso,
        territori: c.dati.territori.clone(),
        caricato_cpi: c.caricato_cpi,
        nome_file: c.file.nome.clone(),
        formato: c.file.formato.estensione().to_uppercase(),
        dimensione: dimensione(c.file.byte),
        caratteri: u32::try_from(c.testo.chars().count()).unwrap_or(u32::MAX),
        scadenza: c.scadenza().format("%d/%m/%Y").to_string(),
        conservazione: conserva.into(),
        storico: c
            .storico
            .iter()
            .map(|u| UtilizzoView {
                quando: local(u.quando),
                tipo: u.tipo.etichetta().into(),
                note: u.note.clone(),
            })
            .collect(),
        richieste: c
            .richieste
            .iter()
            .map(|r| RichiestaCvView {
                id: r.id.to_string(),
                data: ora_locale(r.quando).format("%d/%m/%Y").to_string(),
                azienda: r.azienda.clone(),
                posizione: r.posizione.clone(),
                stato: r.stato.etichetta().into(),
                risposta_il: r.risposta_il.map(local).unwrap_or_default(),
            })
            .collect(),
        file_locale: store.cv_file(&c.file.sha256)?.is_some(),
        in_attesa: row.server.as_deref() != Some(row.record.as_str()),
    })
}

fn oggi() -> NaiveDate {
    Local::now().date_naive()
}

fn row(store: &Store, id: &str) -> Result<CvRow> {
    store
        .cv(id.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("CV sconosciuto: {id}")))
}

/// One CV.
pub fn uno(store: &Store, id: &str) -> Result<CvView> {
    view(store, &row(store, id)?, oggi())
}

/// A citizen's CVs, oldest first.
pub fn elenco(store: &Store, codice_fiscale: &str) -> Result<Vec<CvView>> {
    let cf = codice_fiscale.trim().to_uppercase();
    let today = oggi();
    store
        .cv_di(&cf)?
        .iter()
        .map(|r| view(store, r, today))
        .collect()
}

/// A CV about to be deleted, for the Cruscotto's notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CvInScadenza {
    pub cv: CvView,
    /// "Rossi Mario".
    pub cittadino: String,
}

/// The CVs deleted within 15 days unless updated or used (seed 003's notice), soonest
/// first, with the citizen's name.
pub fn in_scadenza(store: &Store) -> Result<Vec<CvInScadenza>> {
    let today = oggi();
    let fino_a = today + chrono::Days::new(sportello_core::cpi::cv::GIORNI_AVVISO);
    store
        .cv_in_scadenza(&fino_a.to_string())?
        .iter()
        .map(|r| {
            let cv = view(store, r, today)?;
            let cittadino = store
                .candidate_name(&r.codice_fiscale)?
                .map(|(s, n)| format!("{s} {n}"))
                .unwrap_or_default();
            Ok(CvInScadenza { cv, cittadino })
        })
        .collect()
}

/// A file as the operator picked it: read, checked as the server checks it.
fn leggi(path: &Path) -> Result<(FileLocale, Vec<u8>)> {
    let nome = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| AppError::InvalidInput("indica il file del CV".into()))?
        .to_string();
    if let Some(p) = problema_nome_file(&nome) {
        return Err(AppError::InvalidInput(p));
    }
    let cannot = |e: std::io::Error| {
        AppError::InvalidInput(format!("impossibile leggere {}: {e}", path.display()))
    };
    // The size first: a large file is refused before it is read.
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > MAX_BYTES {
        return Err(AppError::InvalidInput(format!(
            "Il file supera i 5 MB consentiti ({}).",
            dimensione(size)
        )));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    let letto = sportello_docs::leggi_cv(&nome, &bytes)
        .map_err(|rifiuto| AppError::InvalidInput(rifiuto.to_string()))?;
    let file = FileCv {
        nome,
        formato: letto.formato,
        byte: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(&bytes)),
    };
    Ok((
        FileLocale {
            file,
            testo: letto.testo,
        },
        bytes,
    ))
}

fn impronta(file: &FileCv) -> Result<Impronta> {
    Impronta::try_from(file.sha256.clone()).map_err(AppError::Internal)
}

/// "Nuovo": the CV `path` of the citizen, with its data; `caricato_cpi` at the desk.
pub fn carica(
    store: &mut Store,
    codice_fiscale: &str,
    path: &Path,
    dati: &DatiCvForm,
    caricato_cpi: bool,
) -> Result<CvView> {
    let cf = codice_fiscale.trim().to_uppercase();
    if store.candidate_name(&cf)?.is_none() {
        return Err(AppError::InvalidInput(format!(
            "candidato sconosciuto: {cf}"
        )));
    }
    let dati = dati.dati()?;
    let (locale, bytes) = leggi(path)?;
    let id = Uuid::new_v4();
    let nuovo = NuovoCv {
        codice_fiscale: cf,
        dati,
        nome_file: locale.file.nome.clone(),
        sha256: impronta(&locale.file)?,
        caricato_cpi,
    };
    store.write(|tx| {
        record(
            tx,
            &Cambio::Nuovo {
                id,
                nuovo,
                locale,
                bytes,
            },
        )
    })?;
    uno(store, &id.to_string())
}

/// "Modifica": the data, and the file replaced by `file` if given.
pub fn modifica(
    store: &mut Store,
    id: &str,
    dati: &DatiCvForm,
    file: Option<&Path>,
) -> Result<CvView> {
    let c = parse(&row(store, id)?.record)?;
    let dati = dati.dati()?;
    let file = file.map(leggi).transpose()?;
    let modifica = ModificaCv {
        dati,
        file: file
            .as_ref()
            .map(|(l, _)| {
                Ok::<_, AppError>(NuovoFile {
                    nome_file: l.file.nome.clone(),
                    sha256: impronta(&l.file)?,
                })
            })
            .transpose()?,
    };
    store.write(|tx| {
        record(
            tx,
            &Cambio::Modifica {
                id: c.id,
                modifica,
                file,
            },
        )
    })?;
    uno(store, id)
}

/// "Elimina": the CV goes here at once, and everywhere at the next sync.
pub fn elimina(store: &mut Store, id: &str) -> Result<()> {
    let c = parse(&row(store, id)?.record)?;
    store.write(|tx| record(tx, &Cambio::Elimina { id: c.id }))?;
    Ok(())
}

/// An agency asks to see the full CV (a consenting one).
pub fn richiedi(store: &mut Store, id: &str, azienda: &str, posizione: &str) -> Result<CvView> {
    let c = parse(&row(store, id)?.record)?;
    let richiesta = NuovaRichiestaCv {
        id: Uuid::new_v4(),
        azienda: azienda.trim().into(),
        posizione: posizione.trim().into(),
    };
    if let Some(p) = problema_richiesta(&richiesta) {
        return Err(AppError::InvalidInput(p));
    }
    c.clone()
        .richiedi(&richiesta, "", Utc::now())
        .map_err(AppError::InvalidInput)?;
    store.write(|tx| {
        record(
            tx,
            &Cambio::Richiesta {
                id: c.id,
                richiesta,
            },
        )
    })?;
    uno(store, id)
}

/// The citizen's answer to a request: `accettata` or `rifiutata`, once.
pub fn rispondi(store: &mut Store, id: &str, richiesta: &str, stato: &str) -> Result<CvView> {
    let c = parse(&row(store, id)?.record)?;
    let stato = match stato.trim().to_lowercase().as_str() {
        "accettata" | "accetta" => StatoRichiestaCv::Accettata,
        "rifiutata" | "rifiuta" => StatoRichiestaCv::Rifiutata,
        other => {
            return Err(AppError::InvalidInput(format!(
                "risposta «{other}» non prevista: accettata o rifiutata"
            )));
        }
    };
    let esito = EsitoRichiestaCv {
        id: Uuid::parse_str(richiesta.trim())
            .map_err(|_| AppError::InvalidInput(format!("richiesta sconosciuta: {richiesta}")))?,
        stato,
    };
    c.clone()
        .rispondi(&esito, Utc::now())
        .map_err(AppError::InvalidInput)?;
    store.write(|tx| record(tx, &Cambio::Esito { id: c.id, esito }))?;
    uno(store, id)
}

/// Downloads the file of the CV `id` if this computer does not have it (online).
pub async fn scarica(store: &mut Store, id: &str) -> Result<()> {
    let c = parse(&row(store, id)?.record)?;
    if store.cv_file(&c.file.sha256)?.is_some() {
        return Ok(());
    }
    let token = store.session()?.ok_or(AppError::NotLoggedIn)?.token;
    let client = crate::sync::client_of(store)?;
    sportello_sync::cv::download(&client, store, &token, c.id).await?;
    Ok(())
}

/// Writes the CV's file to `out` (audited): personal data leaving the store.
pub fn salva(
    store: &mut Store,
    operator: &str,
    id: &str,
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    let c = parse(&row(store, id)?.record)?;
    let bytes = store.cv_file(&c.file.sha256)?.ok_or_else(|| {
        AppError::InvalidInput(
            "il file del CV non è su questo computer: scaricalo dal server (serve la connessione)"
                .into(),
        )
    })?;
    let details = serde_json::json!({
        "kind": "cv_file",
        "codice_fiscale": c.codice_fiscale,
        "formato": c.file.formato.estensione(),
    });
    crate::documents::save(
        store,
        operator,
        Local::now(),
        (out, overwrite),
        &bytes,
        details,
    )
}

/// The retention on this computer: CVs past their day are deleted even offline, as
/// the server deletes them. Returns how many.
pub fn elimina_scaduti(store: &mut Store) -> Result<usize> {
    let today = oggi();
    Ok(store.write(|tx| sportello_sync::cv::expire(tx, today))?)
}
