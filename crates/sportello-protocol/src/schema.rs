//! OpenAPI schemas of the `sportello-core` types that travel on the wire.
//!
//! `sportello-core` knows nothing of OpenAPI, so these mirrors describe its serde
//! shape for the document. They are never (de)serialised. A test validates demo
//! candidates serialised by `sportello-core` against these schemas, so a field added
//! there and forgotten here fails the build.
#![allow(dead_code)]

use chrono::NaiveDate;
use utoipa::ToSchema;

/// A branch (filiale) of the agency.
#[derive(Debug, ToSchema)]
pub struct Branch {
    /// Stable code, e.g. "FI01".
    pub code: String,
    pub name: String,
    pub comune: String,
    /// Sigla of the province ("FI").
    pub provincia: String,
    /// Citizens may choose it when they sign the PAD (default true).
    pub pad: Option<bool>,
}

#[derive(Debug, ToSchema)]
pub enum Sex {
    M,
    F,
}

/// The candidate record, shaped like the SAP (seed 003): sections 1, 2, 4, 5, 6.
#[derive(Debug, ToSchema)]
pub struct Candidate {
    /// The key of every person: normalised and valid.
    pub codice_fiscale: String,
    /// 2 letters and 9 digits.
    pub sap_id: Option<String>,
    /// The branch that follows the candidate.
    pub branch: String,
    pub personal: PersonalData,
    pub residence_permit: Option<ResidencePermit>,
    pub residence: Option<Address>,
    /// `null` when the same as the residence.
    pub domicile: Option<Address>,
    pub contacts: Contacts,
    pub administrative: AdministrativeData,
    pub experiences: Vec<WorkExperience>,
    pub education: Vec<EducationTitle>,
    pub training: Vec<Training>,
    pub languages: Vec<LanguageSkill>,
    pub it_skills: Vec<ItSkill>,
    pub other: OtherInformation,
    pub policies: Vec<PolicyIntervention>,
    pub desired_jobs: Vec<String>,
    pub cv_text: Option<String>,
}

/// 1.1 Dati personali.
#[derive(Debug, ToSchema)]
pub struct PersonalData {
    pub surname: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub citizenship: String,
    pub birthplace: String,
    /// Belfiore code.
    pub birthplace_code: String,
}

/// 1.2 Notizie sui cittadini stranieri.
#[derive(Debug, ToSchema)]
pub struct ResidencePermit {
    pub kind: String,
    pub number: String,
    pub reason: String,
    pub expiry: Option<NaiveDate>,
}

#[derive(Debug, ToSchema)]
pub struct Address {
    pub street: String,
    pub cap: String,
    pub comune: String,
    pub provincia: String,
}

/// 1.3.3 Recapiti.
#[derive(Debug, ToSchema)]
pub struct Contacts {
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum EmploymentStatus {
    Disoccupato,
    Inoccupato,
    Occupato,
    OccupatoInCerca,
    Studente,
    Inattivo,
}

#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum IncomeSupport {
    Sfl,
    Rdc,
    Adi,
}

/// 2 Dati amministrativi.
#[derive(Debug, ToSchema)]
pub struct AdministrativeData {
    pub employment_status: Option<EmploymentStatus>,
    pub condition: Option<String>,
    pub categoria_297: Option<String>,
    pub unemployment_months: Option<u32>,
    pub did_date: Option<NaiveDate>,
    pub unemployed_since: Option<NaiveDate>,
    pub entry_date: Option<NaiveDate>,
    pub special_lists: Vec<String>,
    pub obbligo_formativo_assolto: Option<bool>,
    pub special_categories: Vec<String>,
    pub collocamento_mirato: bool,
    pub income_support: Vec<IncomeSupport>,
    /// Euro cents.
    pub isee_cents: Option<i64>,
}

/// 4 Esperienze di lavoro.
#[derive(Debug, ToSchema)]
pub struct WorkExperience {
    pub employer: String,
    pub qualification: String,
    pub contract: Option<String>,
    pub sector: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub tasks: Option<String>,
}

/// 5.1 Titoli di studio: the ministerial codes as they came.
#[derive(Debug, ToSchema)]
pub struct EducationTitle {
    pub level_code: String,
    pub course_code: Option<String>,
    pub description: String,
    pub year: Option<i32>,
    pub institute: Option<String>,
}

/// 5.2 Formazione professionale.
#[derive(Debug, ToSchema)]
pub struct Training {
    pub title: String,
    pub provider: Option<String>,
    pub year: Option<i32>,
    pub hours: Option<u32>,
    pub certificate: Option<String>,
}

/// 5.3 Lingue straniere.
#[derive(Debug, ToSchema)]
pub struct LanguageSkill {
    pub language: String,
    pub level: String,
}

/// 5.4 Conoscenze informatiche.
#[derive(Debug, ToSchema)]
pub struct ItSkill {
    pub name: String,
    pub level: String,
}

/// 5.5 Albi, patenti, liste speciali.
#[derive(Debug, ToSchema)]
pub struct OtherInformation {
    pub registers: Vec<String>,
    pub driving_licences: Vec<String>,
    pub special_lists: Vec<String>,
}

/// 6 Interventi di politiche attive.
#[derive(Debug, ToSchema)]
pub struct PolicyIntervention {
    pub activity_code: String,
    pub activity_name: String,
    pub denomination: String,
    pub proposed_on: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub duration: Option<String>,
    pub description: Option<String>,
    pub promoter: Option<String>,
    pub project_title: Option<String>,
    pub last_event: Option<String>,
}

/// `sportello_core::education::EducationLevel`, by rank (domain.md "Education scale").
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum EducationLevel {
    NessunTitolo,
    LicenzaElementare,
    LicenzaMedia,
    Qualifica,
    Maturita,
    PostDiploma,
    Its,
    LaureaTriennale,
    LaureaMagistrale,
    Dottorato,
}

/// An offer's state (`sportello_core::offerte::StatoOfferta`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum StatoOfferta {
    Bozza,
    Pubblicata,
    Scaduta,
    Chiusa,
}

/// A course's place in its workflow (`sportello_core::corsi::StatoCorso`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum StatoCorso {
    Bozza,
    InValidazione,
    Validato,
    Cancellato,
}

/// "Tipologia corso" (seed 004).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum TipologiaCorso {
    PreparazioneCertificazioneLinguistica,
    PreparazioneCertificazioneInformatica,
    EsameCertificazioneLinguistica,
    EsameCertificazioneInformatica,
    PreparazioneAbilitazioneAttrezzature,
    AggiornamentoProfessionale,
    FormazioneSaluteSicurezza,
}

/// "Esito/Titolo rilasciato": seed 004's letters.
#[derive(Debug, ToSchema)]
pub enum EsitoCorso {
    A,
    B,
    C,
    D,
    E,
    F,
}

/// A run of the Finalità's text with its formatting (never HTML).
#[derive(Debug, ToSchema)]
pub struct Segmento {
    pub testo: String,
    #[serde(default)]
    pub grassetto: bool,
    #[serde(default)]
    pub corsivo: bool,
    #[serde(default)]
    pub sottolineato: bool,
}

/// A course's data (`sportello_core::corsi::DatiCorso`); labels are seed 004's. The
/// rules (accreditation code for "Aggiornamento professionale", the type → outcome
/// table, the partita-IVA check digit, the comune) are checked per mutation.
#[derive(Debug, ToSchema)]
pub struct DatiCorso {
    pub tipologia: TipologiaCorso,
    /// "Codice accreditamento regionale".
    pub codice_accreditamento: Option<String>,
    /// "Identificativo Corso": the provider's own code, unique among its courses.
    pub identificativo: String,
    pub titolo: String,
    pub denominazione_ente: String,
    /// 11 digits: the provider the caller acts for.
    pub codice_fiscale_ente: String,
    pub indirizzo_ente: String,
    pub comune: String,
    /// Sigla.
    pub provincia: String,
    pub cap: String,
    pub mail_ente: String,
    pub telefono_ente: String,
    #[schema(minimum = 0, maximum = 4294967295_i64)]
    pub ore: i64,
    pub inizio: NaiveDate,
    pub fine: NaiveDate,
    /// "Costo attività" in euro cents (at most 1,000,000 euro, checked per course;
    /// the wire takes any unsigned 32-bit number).
    #[schema(minimum = 0, maximum = 4294967295_i64)]
    pub costo_centesimi: i64,
    pub esito: EsitoCorso,
    pub finalita: Vec<Segmento>,
}

/// What happens to a course (`sportello_core::corsi::AzioneCorso`); `salva` and
/// `duplica` are not sent (a draft's data travels in `salva_corso`; a copy is a new
/// draft).
#[derive(Debug, ToSchema)]
#[serde(tag = "azione", rename_all = "snake_case")]
pub enum AzioneCorso {
    Salva,
    /// A draft deleted for good.
    Elimina,
    RichiediValidazione,
    /// The regional office only.
    Valida,
    /// The regional office only: back to draft, with the reason.
    Rinvia {
        motivo: String,
    },
    /// A requested or validated course withdrawn; it stays visible.
    Cancella,
    Duplica,
}

/// A CV's format (`sportello_core::cpi::cv::FormatoCv`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum FormatoCv {
    Pdf,
    Doc,
    Docx,
    Odt,
}

/// A line of a CV's "Storico Utilizzi" (`sportello_core::cpi::cv::TipoUtilizzo`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum TipoUtilizzo {
    Caricamento,
    Aggiornamento,
    Utilizzo,
}

/// A CV view request's state (`sportello_core::cpi::cv::StatoRichiestaCv`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatoRichiestaCv {
    Richiesta,
    Accettata,
    Rifiutata,
}

/// A document to sign (`sportello_core::cpi::documenti::TipoDocumento`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum TipoDocumento {
    RicevutaDid,
    #[schema(rename = "patto_servizio_150")]
    PattoServizio150,
    PattoAttivazioneGg,
    ProgrammaRicercaIntensiva,
}

#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum PassoDocumento {
    Inserito,
    PresoInCarico,
    FirmatoCittadino,
    FirmatoOperatore,
}

#[derive(Debug, ToSchema)]
pub struct PassoDatato {
    pub passo: PassoDocumento,
    pub quando: chrono::DateTime<chrono::Utc>,
}

/// Annulled with a reason, or replaced by a new practice.
#[derive(Debug, ToSchema)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Annullamento {
    Motivo { motivo: String },
    Sostituito { pratica: String },
}

#[derive(Debug, ToSchema)]
pub struct Annullo {
    pub quando: chrono::DateTime<chrono::Utc>,
    pub annullamento: Annullamento,
}

/// A document's trail (`sportello_core::cpi::documenti::Traccia`).
#[derive(Debug, ToSchema)]
pub struct TracciaDocumento {
    pub tipo: TipoDocumento,
    pub passi: Vec<PassoDatato>,
    pub annullato: Option<Annullo>,
}

/// What happens to a document (`sportello_core::cpi::documenti::AzioneDocumento`).
#[derive(Debug, ToSchema)]
#[serde(tag = "azione", rename_all = "snake_case")]
pub enum AzioneDocumento {
    PrendiInCarico,
    FirmaCittadino,
    FirmaOperatore,
    Annulla { annullamento: Annullamento },
}

/// "Ulteriori Requisiti" (seed 003), each SI/NO.
#[derive(Debug, ToSchema)]
pub struct UlterioriRequisiti {
    pub partita_iva: bool,
    pub mezzi_trasporto: bool,
    pub trasferte: bool,
    pub collocamento_mirato: bool,
}

/// What the operator writes in an offer (`sportello_core::offerte::DatiOfferta`);
/// labels are seed 003's.
#[derive(Debug, ToSchema)]
pub struct DatiOfferta {
    /// The owning branch.
    pub filiale: String,
    /// `Tipo offerta`: a code of `GET offerte/voci`.
    pub tipo_offerta: String,
    /// `Tipo contratto`: a code of `GET offerte/voci`.
    pub tipo_contratto: String,
    /// `Qualifica Professionale`, 1–200 characters (checked per offer: a longer one is
    /// refused with its field, not the whole request).
    pub qualifica: String,
    /// `Descrizione Estesa della Qualifica`, 1–4000 characters.
    pub descrizione_qualifica: String,
    /// `Esperienza Richiesta`.
    pub esperienza_richiesta: bool,
    /// Required when experience is.
    pub descrizione_esperienza: Option<String>,
    /// `Numero Posti Disponibili`, 1–9999 (checked per offer); the wire takes any
    /// unsigned 32-bit number.
    #[schema(minimum = 0, maximum = 4294967295_i64)]
    pub posti: i64,
    /// `Modalità di Lavoro`: a code of `GET offerte/voci`.
    pub modalita_lavoro: String,
    /// `Sedi di lavoro`: Belfiore codes of existing comuni, 1–20.
    pub sedi: Vec<String>,
    /// `Scadenza`.
    pub scadenza: NaiveDate,
    /// End of publication.
    pub fine_pubblicazione: NaiveDate,
    pub requisiti: UlterioriRequisiti,
    pub titolo_studio_minimo: Option<EducationLevel>,
    pub patenti: Vec<String>,
    pub lingue: Vec<String>,
}

#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum OrigineInteresse {
    Cittadino,
    PropostaFiliale,
}

/// The branch's work on an expression of interest: forward only, outcomes final.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum StatoInteresse {
    DaValutare,
    Contattato,
    Colloquio,
    Assunto,
    NonIdoneo,
    Ritirato,
}

/// What happens to an offer's state (`sportello_core::offerte::AzioneOfferta`).
#[derive(Debug, ToSchema)]
#[serde(tag = "azione", rename_all = "snake_case")]
pub enum AzioneOfferta {
    /// A draft goes online until the date.
    Pubblica { fine_pubblicazione: NaiveDate },
    /// Online again (or longer) until the date.
    Ripubblica { fine_pubblicazione: NaiveDate },
    /// Closed for good.
    Chiudi,
}

#[derive(Debug, ToSchema)]
pub struct Voce {
    pub codice: String,
    pub descrizione: String,
}

/// The coded lists of offers (authoritative).
#[derive(Debug, ToSchema)]
pub struct Voci {
    pub tipi_offerta: Vec<Voce>,
    pub tipi_contratto: Vec<Voce>,
    pub modalita_lavoro: Vec<Voce>,
    pub motivi_rifiuto: Vec<Voce>,
}

/// The CPI's outcome of an application (`sportello_core::cpi::candidature::EsitoCandidatura`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum EsitoCandidatura {
    Inserita,
    PresoInCarico,
    InviataAzienda,
    NonInviataAzienda,
}

/// "Tipo Evento" of an appointment (`sportello_core::cpi::agenda::TipoEvento`).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum TipoEvento {
    IscrizioneCpi,
    StesuraCv,
    RicercaLavoro,
    AttivazioneTirocini,
}

#[derive(Debug, ToSchema)]
pub enum Giorno {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// An opening window of a weekday (`sportello_core::cpi::agenda::Fascia`); times
/// `HH:MM:SS`, `alle` exclusive.
#[derive(Debug, ToSchema)]
pub struct Fascia {
    pub giorno: Giorno,
    #[schema(
        example = "09:00:00",
        pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
    )]
    pub dalle: String,
    #[schema(
        example = "13:00:00",
        pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
    )]
    pub alle: String,
    pub eventi: Vec<TipoEvento>,
}

/// Open from `dalle` to `alle` (exclusive), `HH:MM:SS`.
#[derive(Debug, ToSchema)]
pub struct Orario {
    #[schema(
        example = "09:00:00",
        pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
    )]
    pub dalle: String,
    #[schema(
        example = "12:00:00",
        pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$"
    )]
    pub alle: String,
}

/// A day unlike the week (`sportello_core::cpi::agenda::Eccezione`): `fasce` empty
/// when closed.
#[derive(Debug, ToSchema)]
pub struct Eccezione {
    pub data: NaiveDate,
    pub fasce: Vec<Orario>,
    pub motivo: String,
}

/// A desk's availability (`sportello_core::cpi::agenda::Disponibilita`).
#[derive(Debug, ToSchema)]
pub struct Disponibilita {
    pub settimana: Vec<Fascia>,
    pub eccezioni: Vec<Eccezione>,
}

/// Where a booking is (`sportello_core::cpi::agenda::StatoPrenotazione`).
#[derive(Debug, ToSchema)]
#[serde(tag = "stato", rename_all = "snake_case")]
pub enum StatoPrenotazione {
    Prenotato,
    Annullato {
        motivo: String,
    },
    /// `nuova`: the booking that holds the new slot.
    Spostato {
        nuova: String,
    },
    NonPresentato,
    Svolto {
        esito: String,
    },
}
