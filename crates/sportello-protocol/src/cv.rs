//! "Curriculum Vitae" (seed 003): a citizen's CV files with their `Descrizione`,
//! `Consenso alla ricerca`, `Territori di interesse`, `Caricato CPI` and `Storico
//! Utilizzi`, kept a year from the last upload, update or use; the agencies' requests
//! to see a consenting citizen's full CV (`RICHIESTA` → `ACCETTATA` | `RIFIUTATA`).
//!
//! The file travels alone first: `PUT /cv-file/{sha256}?nome=…` (the raw bytes, at
//! most 5 MB) is read by the server, which keeps it only if it is a CV with text, and
//! answers its format and length. Then the push names it by its hash: `cv_nuovo` (the
//! key a UUID the client chooses), `cv_modifica` (the editable data, and a new file
//! perhaps), `cv_elimina`, `cv_richiesta` and `cv_richiesta_esito`, each on
//! `base_version` but the request (a stale one answers `outdated`). Records of the
//! citizen's branch travel in the pull (`cv` changes) with the file's text — what the
//! keyword search reads offline — but not the file, which `GET /cv/{id}/file` gives.
//! A deleted or expired CV is a tombstone: every copy goes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::cpi::cv::{FormatoCv, StatoRichiestaCv, TipoUtilizzo, scadenza};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::schema;

pub mod paths {
    /// `{sha256}`: the file's SHA-256, 64 lowercase hex digits.
    pub const FILE: &str = "/api/v1/cv-file/{sha256}";
    /// `{id}`: the CV.
    pub const CV_FILE: &str = "/api/v1/cv/{id}/file";
}

/// Seed 003's "Territori di interesse" (the Tuscan ones).
pub const TERRITORI: [&str; 11] = [
    "Arezzo",
    "Circondario Empolese Valdelsa",
    "Firenze",
    "Grosseto",
    "Livorno",
    "Lucca",
    "Massa-Carrara",
    "Pisa",
    "Prato",
    "Pistoia",
    "Siena",
];
/// The longest `Descrizione`, in characters.
pub const MAX_DESCRIZIONE: usize = 200;
/// The longest file name, in characters.
pub const MAX_NOME_FILE: usize = 150;
/// The longest agency or position of a request, in characters.
pub const MAX_RICHIEDENTE: usize = 120;
/// The longest text a CV carries (what the reader keeps of a longer file).
pub use sportello_core::cpi::cv::MAX_CARATTERI as MAX_TESTO;

/// The file of a CV, as the server read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FileCv {
    /// The name it was uploaded with (no folder).
    pub nome: String,
    #[schema(value_type = schema::FormatoCv)]
    pub formato: FormatoCv,
    pub byte: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
}

/// A line of the "Storico Utilizzi".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Utilizzo {
    pub quando: DateTime<Utc>,
    #[schema(value_type = schema::TipoUtilizzo)]
    pub tipo: TipoUtilizzo,
    /// "Curriculum caricato.", "Candidatura Offerta GR-9142", …
    pub note: String,
}

/// An agency's request to see the full CV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RichiestaCv {
    pub id: Uuid,
    pub quando: DateTime<Utc>,
    pub azienda: String,
    /// "Posizione lavorativa".
    pub posizione: String,
    #[schema(value_type = schema::StatoRichiestaCv)]
    pub stato: StatoRichiestaCv,
    /// Who recorded it.
    pub chi: String,
    /// When the citizen answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risposta_il: Option<DateTime<Utc>>,
}

/// What the citizen (or the operator for them) can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DatiCv {
    /// Optional (seed 003).
    #[serde(default)]
    pub descrizione: String,
    /// "Consenso alla ricerca": only consenting CVs are searched.
    pub consenso: bool,
    /// Among [`TERRITORI`], no repetition.
    #[serde(default)]
    pub territori: Vec<String>,
}

/// A CV as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Cv {
    pub id: Uuid,
    pub codice_fiscale: String,
    /// The citizen's branch.
    pub filiale: String,
    pub dati: DatiCv,
    /// Uploaded at the desk by the CPI (not changeable).
    pub caricato_cpi: bool,
    pub file: FileCv,
    /// The file's text (a paragraph a line).
    pub testo: String,
    /// Oldest first; the first is the upload.
    pub storico: Vec<Utilizzo>,
    #[serde(default)]
    pub richieste: Vec<RichiestaCv>,
    /// Starts at 1, +1 at every change.
    pub version: i64,
    pub creato_da: String,
}

/// Answer of `PUT /cv-file/{sha256}`: the server has the file and read its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FileCaricato {
    pub sha256: String,
    #[schema(value_type = schema::FormatoCv)]
    pub formato: FormatoCv,
    pub byte: u64,
    /// Characters of text read.
    pub caratteri: u64,
}

/// Query of `PUT /cv-file/{sha256}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// The file's name: its extension must agree with its content.
    #[param(min_length = 1, max_length = 150)]
    pub nome: String,
}

/// A SHA-256 as the wire writes it (64 lowercase hex digits), checked when read: a
/// change naming anything else is refused with the batch, as the schema says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Impronta(String);

impl Impronta {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Impronta {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        if is_sha256(&s) {
            Ok(Self(s))
        } else {
            Err("an SHA-256 is 64 lowercase hexadecimal digits".into())
        }
    }
}

impl From<Impronta> for String {
    fn from(i: Impronta) -> String {
        i.0
    }
}

impl std::fmt::Display for Impronta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Payload of `cv_nuovo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovoCv {
    pub codice_fiscale: String,
    pub dati: DatiCv,
    /// The name the file was uploaded with.
    pub nome_file: String,
    /// The hash of a file uploaded by `PUT /cv-file/{sha256}`.
    #[schema(value_type = String, pattern = "^[0-9a-f]{64}$")]
    pub sha256: Impronta,
    /// At the desk, for the CPI.
    #[serde(default)]
    pub caricato_cpi: bool,
}

/// A new file for a CV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovoFile {
    pub nome_file: String,
    #[schema(value_type = String, pattern = "^[0-9a-f]{64}$")]
    pub sha256: Impronta,
}

/// Payload of `cv_modifica` ("Modifica": the data, and perhaps the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ModificaCv {
    pub dati: DatiCv,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<NuovoFile>,
}

/// Payload of `cv_elimina`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EliminaCv {}

/// Payload of `cv_richiesta`: an agency asks to see the full CV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovaRichiestaCv {
    pub id: Uuid,
    pub azienda: String,
    pub posizione: String,
}

/// Payload of `cv_richiesta_esito`: the citizen's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EsitoRichiestaCv {
    pub id: Uuid,
    #[schema(value_type = schema::StatoRichiestaCv)]
    pub stato: StatoRichiestaCv,
}

fn testo_breve(campo: &str, t: &str, max: usize, obbligatorio: bool) -> Option<String> {
    let t = t.trim();
    if obbligatorio && t.is_empty() {
        Some(format!("Indicare {campo}."))
    } else if t.chars().count() > max {
        Some(format!("{campo} supera i {max} caratteri."))
    } else if t.chars().any(char::is_control) {
        Some(format!("{campo} contiene caratteri non ammessi."))
    } else {
        None
    }
}

/// What is wrong with the data of a CV, in Italian.
pub fn problema_dati(d: &DatiCv) -> Option<String> {
    if let Some(p) = testo_breve("La descrizione", &d.descrizione, MAX_DESCRIZIONE, false) {
        return Some(p);
    }
    for (i, t) in d.territori.iter().enumerate() {
        if !TERRITORI.contains(&t.as_str()) {
            return Some(format!("Territorio di interesse sconosciuto: «{t}»."));
        }
        if d.territori[..i].contains(t) {
            return Some(format!("Il territorio «{t}» è indicato due volte."));
        }
    }
    None
}

/// What is wrong with a file name, in Italian: a name, not a path.
pub fn problema_nome_file(nome: &str) -> Option<String> {
    testo_breve("Il nome del file", nome, MAX_NOME_FILE, true).or_else(|| {
        nome.contains(['/', '\\'])
            .then(|| "Il nome del file non può contenere cartelle.".into())
    })
}

/// Whether `s` is a SHA-256 as the wire writes it.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// What is wrong with a request's agency or position, in Italian.
pub fn problema_richiesta(r: &NuovaRichiestaCv) -> Option<String> {
    testo_breve("L'azienda", &r.azienda, MAX_RICHIEDENTE, true).or_else(|| {
        testo_breve(
            "La posizione lavorativa",
            &r.posizione,
            MAX_RICHIEDENTE,
            true,
        )
    })
}

impl Cv {
    /// A new CV of `file` read as `testo`, as the server makes it and as the client
    /// shows it while it waits.
    pub fn nuovo(
        id: Uuid,
        n: &NuovoCv,
        filiale: &str,
        file: FileCv,
        testo: String,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            codice_fiscale: n.codice_fiscale.clone(),
            filiale: filiale.into(),
            dati: pulisci(&n.dati),
            caricato_cpi: n.caricato_cpi,
            file,
            testo,
            storico: vec![Utilizzo {
                quando: now,
                tipo: TipoUtilizzo::Caricamento,
                note: "Curriculum caricato.".into(),
            }],
            richieste: vec![],
            version: 1,
            creato_da: chi.into(),
        }
    }

    /// "Modifica": new data, and the new file read as `testo` if any.
    pub fn modifica(
        &mut self,
        dati: &DatiCv,
        file: Option<(FileCv, String)>,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        if let Some(p) = problema_dati(dati) {
            return Err(p);
        }
        self.dati = pulisci(dati);
        let note = match file {
            Some((file, testo)) => {
                let note = format!("File sostituito: {}.", file.nome);
                self.file = file;
                self.testo = testo;
                note
            }
            None => "Dati aggiornati.".into(),
        };
        self.evento(TipoUtilizzo::Aggiornamento, note, now);
        Ok(())
    }

    /// "Utilizzo": the CV chosen for an application (it lives another year).
    pub fn utilizzo(&mut self, note: String, now: DateTime<Utc>) {
        self.evento(TipoUtilizzo::Utilizzo, note, now);
    }

    fn evento(&mut self, tipo: TipoUtilizzo, note: String, quando: DateTime<Utc>) {
        self.storico.push(Utilizzo { quando, tipo, note });
        self.version += 1;
    }

    /// Records an agency's request; only a consenting CV is seen by agencies.
    pub fn richiedi(
        &mut self,
        r: &NuovaRichiestaCv,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        if !self.dati.consenso {
            return Err(
                "Il cittadino non ha prestato il consenso alla ricerca: il CV non può essere richiesto."
                    .into(),
            );
        }
        if let Some(p) = problema_richiesta(r) {
            return Err(p);
        }
        if self.richieste.iter().any(|x| x.id == r.id) {
            return Err("La richiesta è già registrata.".into());
        }
        self.richieste.push(RichiestaCv {
            id: r.id,
            quando: now,
            azienda: r.azienda.trim().into(),
            posizione: r.posizione.trim().into(),
            stato: StatoRichiestaCv::Richiesta,
            chi: chi.into(),
            risposta_il: None,
        });
        self.version += 1;
        Ok(())
    }

    /// The citizen's answer to a request, once.
    pub fn rispondi(&mut self, e: &EsitoRichiestaCv, now: DateTime<Utc>) -> Result<(), String> {
        let Some(r) = self.richieste.iter_mut().find(|r| r.id == e.id) else {
            return Err("Richiesta non trovata.".into());
        };
        r.stato.verso(e.stato)?;
        r.stato = e.stato;
        r.risposta_il = Some(now);
        self.version += 1;
        Ok(())
    }

    /// The last upload, update or use.
    pub fn ultimo_evento(&self) -> DateTime<Utc> {
        self.storico
            .iter()
            .map(|u| u.quando)
            .max()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The day the CV is deleted unless updated or used before.
    pub fn scadenza(&self) -> NaiveDate {
        scadenza(self.ultimo_evento().date_naive())
    }
}

fn pulisci(d: &DatiCv) -> DatiCv {
    DatiCv {
        descrizione: d.descrizione.trim().into(),
        consenso: d.consenso,
        territori: d.territori.clone(),
    }
}
