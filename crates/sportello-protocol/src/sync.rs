//! Pull (`GET /api/v1/sync/changes`) and push (`POST /api/v1/sync/mutations`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::candidate::Contacts;
use sportello_core::corsi::{AzioneCorso, DatiCorso};
use sportello_core::cpi::agenda::StatoPrenotazione;
use sportello_core::cpi::documenti::AzioneDocumento;
use sportello_core::offerte::{AzioneOfferta, DatiOfferta};
use sportello_core::{Branch, Candidate};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::agenda::{DatiSportello, NuovaPrenotazione, Prenotazione, Sportello};
use crate::candidature::{Candidatura, NuovaCandidatura, NuovoEsito};
use crate::contatti::{Contatto, NuovoContatto, RispostaContatto};
use crate::cv::{Cv, EliminaCv, EsitoRichiestaCv, ModificaCv, NuovaRichiestaCv, NuovoCv};
use crate::documenti::{Documento, NuovoDocumento};
use crate::offerte::{CambioStatoInteresse, Interesse, NuovoRifiuto, Offerta, Proposta, Rifiuto};
use crate::problem::FieldError;
use crate::schema;

/// Largest page of changes a client may ask for.
pub const MAX_PAGE_SIZE: u32 = 5_000;
/// The page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u32 = 1_000;
/// Largest number of mutations in one push.
pub const MAX_MUTATIONS_PER_BATCH: usize = 500;
/// Largest push body the server reads (413 above it): clients size batches under it.
pub const MAX_PUSH_BYTES: usize = 2 * 1024 * 1024;

/// Query of `GET /api/v1/sync/changes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `next_cursor` of the previous page; absent (or empty) to start from zero.
    #[param(pattern = r"^(v1\.[0-7]?[0-9a-f]{1,15}\.[0-9a-f]{1,16}(\.z)?)?$")]
    pub cursor: Option<String>,
    /// 1–5000; default 1000.
    #[param(minimum = 1, maximum = 5000)]
    pub limit: Option<u32>,
}

/// One page of changes, in the server's change order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// Pass it back to get what follows; also when `has_more` is false, to get later
    /// changes next time.
    pub next_cursor: String,
    pub has_more: bool,
}

/// A changed record, or a tombstone. Each record appears once per page, at its latest
/// change; a record changed again after a page was served reappears later, newer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    Branch {
        seq: i64,
        version: i64,
        #[schema(value_type = schema::Branch)]
        branch: Branch,
    },
    Candidate {
        seq: i64,
        record: Box<CandidateRecord>,
    },
    Annotation {
        seq: i64,
        version: i64,
        annotation: Annotation,
    },
    Offerta {
        seq: i64,
        offerta: Box<Offerta>,
    },
    Interesse {
        seq: i64,
        interesse: Box<Interesse>,
    },
    Rifiuto {
        seq: i64,
        rifiuto: Box<Rifiuto>,
    },
    Documento {
        seq: i64,
        documento: Box<Documento>,
    },
    Sportello {
        seq: i64,
        sportello: Box<Sportello>,
    },
    Prenotazione {
        seq: i64,
        prenotazione: Box<Prenotazione>,
    },
    Candidatura {
        seq: i64,
        candidatura: Box<Candidatura>,
    },
    Contatto {
        seq: i64,
        contatto: Box<Contatto>,
    },
    Cv {
        seq: i64,
        cv: Box<Cv>,
    },
    /// The record was deleted, or left the session's scope (e.g. a candidate moved to
    /// another branch): the client drops its copy.
    Tombstone {
        seq: i64,
        entity: Entity,
        key: String,
        reason: TombstoneReason,
    },
}

impl Change {
    /// The server-wide change sequence number of this entry.
    pub fn seq(&self) -> i64 {
        match self {
            Self::Branch { seq, .. }
            | Self::Candidate { seq, .. }
            | Self::Annotation { seq, .. }
            | Self::Offerta { seq, .. }
            | Self::Interesse { seq, .. }
            | Self::Rifiuto { seq, .. }
            | Self::Documento { seq, .. }
            | Self::Sportello { seq, .. }
            | Self::Prenotazione { seq, .. }
            | Self::Candidatura { seq, .. }
            | Self::Contatto { seq, .. }
            | Self::Cv { seq, .. }
            | Self::Tombstone { seq, .. } => *seq,
        }
    }

    /// The record's version; `None` for a tombstone. A refusal never changes: 1.
    pub fn version(&self) -> Option<i64> {
        match self {
            Self::Branch { version, .. } | Self::Annotation { version, .. } => Some(*version),
            Self::Candidate { record, .. } => Some(record.version),
            Self::Offerta { offerta, .. } => Some(offerta.version),
            Self::Interesse { interesse, .. } => Some(interesse.version),
            Self::Rifiuto { .. } => Some(1),
            Self::Documento { documento, .. } => Some(documento.version),
            Self::Sportello { sportello, .. } => Some(sportello.version),
            Self::Prenotazione { prenotazione, .. } => Some(prenotazione.version),
            Self::Candidatura { candidatura, .. } => Some(candidatura.version),
            Self::Contatto { contatto, .. } => Some(contatto.version),
            Self::Cv { cv, .. } => Some(cv.version),
            Self::Tombstone { .. } => None,
        }
    }

    /// (entity, key) of the record this change is about.
    pub fn key(&self) -> (Entity, String) {
        match self {
            Self::Branch { branch, .. } => (Entity::Branch, branch.code.clone()),
            Self::Candidate { record, .. } => {
                (Entity::Candidate, record.sap.codice_fiscale.clone())
            }
            Self::Annotation { annotation, .. } => (Entity::Annotation, annotation.id.to_string()),
            Self::Offerta { offerta, .. } => (Entity::Offerta, offerta.id.to_string()),
            Self::Interesse { interesse, .. } => (Entity::Interesse, interesse.id.to_string()),
            Self::Rifiuto { rifiuto, .. } => (Entity::Rifiuto, rifiuto.id.to_string()),
            Self::Documento { documento, .. } => (Entity::Documento, documento.id.to_string()),
            Self::Sportello { sportello, .. } => (Entity::Sportello, sportello.id.to_string()),
            Self::Prenotazione { prenotazione, .. } => {
                (Entity::Prenotazione, prenotazione.id.to_string())
            }
            Self::Candidatura { candidatura, .. } => {
                (Entity::Candidatura, candidatura.id.to_string())
            }
            Self::Contatto { contatto, .. } => (Entity::Contatto, contatto.id.to_string()),
            Self::Cv { cv, .. } => (Entity::Cv, cv.id.to_string()),
            Self::Tombstone { entity, key, .. } => (*entity, key.clone()),
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// Key: the branch code.
    Branch,
    /// Key: the codice fiscale.
    Candidate,
    /// Key: the annotation id (a UUID).
    Annotation,
    /// Key: the offer id (a UUID).
    Offerta,
    /// Key: the expression of interest's id (a UUID).
    Interesse,
    /// Key: the refusal's id (a UUID).
    Rifiuto,
    /// Key: the document's id (a UUID).
    Documento,
    /// Key: the desk's id (a UUID).
    Sportello,
    /// Key: the booking's id (a UUID).
    Prenotazione,
    /// Key: the application's id (a UUID).
    Candidatura,
    /// Key: the "Contatta CPI" request's id (a UUID).
    Contatto,
    /// Key: the CV's id (a UUID).
    Cv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TombstoneReason {
    Deleted,
    OutOfScope,
}

/// A candidate as the server holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CandidateRecord {
    /// Starts at 1, +1 at every change; the `base_version` of the next edit.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    /// The SAP-shaped record.
    #[schema(value_type = schema::Candidate)]
    pub sap: Candidate,
    /// The fascia-debole declaration, when one was made.
    pub fascia_debole: Option<FasciaDeboleDeclaration>,
}

/// Whether the candidate belongs to the fasce deboli (seed 000), and in which category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FasciaDeboleDeclaration {
    pub fascia_debole: bool,
    /// A category code of the server's list; required when `fascia_debole` is true,
    /// absent when false.
    #[serde(default)]
    pub categoria: Option<String>,
}

/// Work on a candidate that stays on the platform (seed 001 "annotazioni").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Annotation {
    /// Chosen by the client (see [`NewAnnotation`]).
    pub id: Uuid,
    pub codice_fiscale: String,
    /// The candidate's branch.
    pub branch: String,
    pub kind: AnnotationKind,
    pub text: String,
    /// The day the annotated fact happened (e.g. the interview), if not the creation day.
    pub occurred_on: Option<NaiveDate>,
    /// Username of the operator who wrote it.
    pub author: String,
    pub created_at: DateTime<Utc>,
}

/// What an annotation records. **Assumed** list (seed 001 names only interview outcomes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    /// Esito di un colloquio.
    EsitoColloquio,
    /// A contact with the candidate (phone call, e-mail).
    Contatto,
    /// Any other note.
    Nota,
    /// The citizen turned an offer down. Only a note: the "comunicazione rifiuto
    /// dell'offerta" that other systems receive is filed apart (seed 001).
    RifiutoOfferta,
}

/// `POST /api/v1/sync/mutations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MutationBatch {
    /// Identifies the client installation (one outbox); bound to the first user that
    /// pushes with it.
    pub client_id: Uuid,
    /// In the order to apply them (the client's `seq` order); at most 500.
    #[schema(max_items = 500, value_type = Vec<MutationSchema>)]
    pub mutations: Vec<Mutation>,
}

/// One client change. The batch is refused whole (400) when a mutation's `kind` is
/// unknown or its `payload` is not of that kind's shape ([`Mutation::shape_error`]);
/// the rules of the data (record, version, category, text length) decide per mutation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    /// The client's monotonic sequence number (gaps allowed). A `seq` at or below the
    /// last one the server applied for this client is a replay: it is answered with the
    /// stored outcome and not applied again (or rejected, if that `seq` was never seen).
    pub seq: i64,
    /// Random, per mutation; a replay must carry the same one.
    pub mutation_id: Uuid,
    pub kind: String,
    /// The record the mutation is about: a codice fiscale for the candidate kinds, the
    /// record's UUID for the offer kinds (a new one for a record being created).
    pub key: String,
    /// The record version the change was made on (required for edits; ignored when
    /// adding an annotation).
    pub base_version: Option<i64>,
    /// Per kind: `edit_contacts` → `Contacts`; `add_annotation` → `NewAnnotation`;
    /// `set_fascia_debole` → `FasciaDeboleDeclaration`; `salva_offerta` → `DatiOfferta`;
    /// `stato_offerta` → `AzioneOfferta`; `proponi_offerta` → `Proposta`;
    /// `stato_interesse` → `CambioStatoInteresse`; `rifiuto_offerta` → `NuovoRifiuto`;
    /// `salva_corso` → `DatiCorso`; `azione_corso` → `AzioneCorso`; `documento_nuovo` →
    /// `NuovoDocumento`; `documento_azione` → `AzioneDocumento`;
    /// `sportello_salva` → `DatiSportello`; `prenotazione_nuova` → `NuovaPrenotazione`;
    /// `prenotazione_stato` → `StatoPrenotazione`; `candidatura_nuova` →
    /// `NuovaCandidatura`; `candidatura_esito` → `NuovoEsito`; `contatto_cpi` →
    /// `NuovoContatto`; `contatto_risposta` → `RispostaContatto`; `cv_nuovo` → `NuovoCv`;
    /// `cv_modifica` → `ModificaCv`; `cv_elimina` → `EliminaCv`; `cv_richiesta` →
    /// `NuovaRichiestaCv`; `cv_richiesta_esito` → `EsitoRichiestaCv`.
    pub payload: serde_json::Value,
}

impl Mutation {
    fn of(
        kind: MutationKind,
        seq: i64,
        key: &str,
        base_version: Option<i64>,
        payload: serde_json::Value,
    ) -> Self {
        Self {
            seq,
            mutation_id: Uuid::new_v4(),
            kind: kind.as_str().to_string(),
            key: key.to_string(),
            base_version,
            payload,
        }
    }

    /// Why the mutation does not have the schema's shape: an unknown kind, or a
    /// payload that is not of its kind's type. `None` when it has.
    pub fn shape_error(&self) -> Option<String> {
        let Some(kind) = MutationKind::parse(&self.kind) else {
            return Some(format!("tipo di modifica sconosciuto: «{}»", self.kind));
        };
        let payload = &self.payload;
        if numbered_tag(payload) {
            return Some(format!(
                "contenuto non valido per «{}»: «azione» e «tipo» si scrivono per nome",
                self.kind
            ));
        }
        let parsed = match kind {
            MutationKind::EditContacts => Contacts::deserialize(payload).map(drop),
            MutationKind::AddAnnotation => NewAnnotation::deserialize(payload).map(drop),
            MutationKind::SetFasciaDebole => {
                FasciaDeboleDeclaration::deserialize(payload).map(drop)
            }
            MutationKind::SalvaOfferta => DatiOfferta::deserialize(payload).map(drop),
            MutationKind::StatoOfferta => AzioneOfferta::deserialize(payload).map(drop),
            MutationKind::ProponiOfferta => Proposta::deserialize(payload).map(drop),
            MutationKind::StatoInteresse => CambioStatoInteresse::deserialize(payload).map(drop),
            MutationKind::RifiutoOfferta => NuovoRifiuto::deserialize(payload).map(drop),
            MutationKind::SalvaCorso => DatiCorso::deserialize(payload).map(drop),
            MutationKind::AzioneCorso => AzioneCorso::deserialize(payload).map(drop),
            MutationKind::DocumentoNuovo => NuovoDocumento::deserialize(payload).map(drop),
            MutationKind::DocumentoAzione => AzioneDocumento::deserialize(payload).map(drop),
            MutationKind::SportelloSalva => DatiSportello::deserialize(payload).map(drop),
            MutationKind::PrenotazioneNuova => NuovaPrenotazione::deserialize(payload).map(drop),
            MutationKind::PrenotazioneStato => StatoPrenotazione::deserialize(payload).map(drop),
            MutationKind::CandidaturaNuova => NuovaCandidatura::deserialize(payload).map(drop),
            MutationKind::CandidaturaEsito => NuovoEsito::deserialize(payload).map(drop),
            MutationKind::ContattoCpi => NuovoContatto::deserialize(payload).map(drop),
            MutationKind::ContattoRisposta => RispostaContatto::deserialize(payload).map(drop),
            MutationKind::CvNuovo => NuovoCv::deserialize(payload).map(drop),
            MutationKind::CvModifica => ModificaCv::deserialize(payload).map(drop),
            MutationKind::CvElimina => EliminaCv::deserialize(payload).map(drop),
            MutationKind::CvRichiesta => NuovaRichiestaCv::deserialize(payload).map(drop),
            MutationKind::CvRichiestaEsito => EsitoRichiestaCv::deserialize(payload).map(drop),
        };
        parsed
            .err()
            .map(|e| format!("contenuto non valido per «{}»: {e}", self.kind))
    }

    pub fn edit_contacts(
        seq: i64,
        codice_fiscale: &str,
        base_version: i64,
        contacts: &Contacts,
    ) -> Self {
        let payload = serde_json::to_value(contacts).expect("contacts serialize");
        Self::of(
            MutationKind::EditContacts,
            seq,
            codice_fiscale,
            Some(base_version),
            payload,
        )
    }

    /// A mutation of one of the offer kinds, on the record `key` (a UUID).
    pub fn offerte<T: Serialize>(
        kind: MutationKind,
        seq: i64,
        key: Uuid,
        base_version: Option<i64>,
        payload: &T,
    ) -> Self {
        let payload = serde_json::to_value(payload).expect("payload serializes");
        Self::of(kind, seq, &key.to_string(), base_version, payload)
    }

    pub fn add_annotation(seq: i64, codice_fiscale: &str, annotation: &NewAnnotation) -> Self {
        let payload = serde_json::to_value(annotation).expect("annotation serializes");
        Self::of(
            MutationKind::AddAnnotation,
            seq,
            codice_fiscale,
            None,
            payload,
        )
    }

    pub fn set_fascia_debole(
        seq: i64,
        codice_fiscale: &str,
        base_version: i64,
        declaration: &FasciaDeboleDeclaration,
    ) -> Self {
        let payload = serde_json::to_value(declaration).expect("declaration serializes");
        Self::of(
            MutationKind::SetFasciaDebole,
            seq,
            codice_fiscale,
            Some(base_version),
            payload,
        )
    }
}

/// Whether a tag of the payload's internally tagged enums (`azione`, `tipo`) is a
/// number: serde reads one as the variant's index, the schema says a name.
fn numbered_tag(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .any(|(k, x)| ((k == "azione" || k == "tipo") && x.is_number()) || numbered_tag(x)),
        serde_json::Value::Array(a) => a.iter().any(numbered_tag),
        _ => false,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MutationKind {
    /// Replace the candidate's 1.3.3 recapiti. Conflicts on a stale base version.
    EditContacts,
    /// Add an annotation to the candidate. Never conflicts.
    AddAnnotation,
    /// Set the candidate's fascia-debole declaration. Conflicts on a stale base version.
    SetFasciaDebole,
    /// Create an offer (no base version) or replace its data. `outdated` on a stale
    /// base version.
    SalvaOfferta,
    /// Publish, republish or close an offer. `outdated` on a stale base version.
    StatoOfferta,
    /// Propose a published offer to a candidate: a new expression of interest.
    ProponiOfferta,
    /// Move the branch's work on an expression of interest forward. `outdated` on a
    /// stale base version.
    StatoInteresse,
    /// File a "comunicazione rifiuto dell'offerta".
    RifiutoOfferta,
    /// Create a course draft (no base version) or replace a draft's data. `outdated`
    /// on a stale base version.
    SalvaCorso,
    /// Walk a course's workflow. `outdated` on a stale base version.
    AzioneCorso,
    /// Create a document to sign for a citizen (no base version).
    DocumentoNuovo,
    /// Take in charge, sign, or annul a document. `outdated` on a stale base version.
    DocumentoAzione,
    /// Create a desk or replace its data and availability.
    SportelloSalva,
    /// Book a slot (no base version); `conflict` when the desk's time is taken.
    PrenotazioneNuova,
    /// Cancel a booking, or mark it missed or held. `outdated` on a stale base version.
    PrenotazioneStato,
    /// A citizen applies to a published offer (no base version).
    CandidaturaNuova,
    /// The CPI's outcome of an application. `outdated` on a stale base version.
    CandidaturaEsito,
    /// "Contatta CPI": a citizen's request when no slot fits (no base version).
    ContattoCpi,
    /// The operator's answer to a request, once. `outdated` on a stale base version.
    ContattoRisposta,
    /// A CV of an uploaded file (no base version).
    CvNuovo,
    /// "Modifica" of a CV: its data, perhaps its file. `outdated` on a stale base.
    CvModifica,
    /// "Elimina": the CV goes everywhere. `outdated` on a stale base.
    CvElimina,
    /// An agency's request to see the full CV (no base version).
    CvRichiesta,
    /// The citizen's answer to a request, once. `outdated` on a stale base.
    CvRichiestaEsito,
}

impl MutationKind {
    pub const ALL: [MutationKind; 24] = [
        Self::EditContacts,
        Self::AddAnnotation,
        Self::SetFasciaDebole,
        Self::SalvaOfferta,
        Self::StatoOfferta,
        Self::ProponiOfferta,
        Self::StatoInteresse,
        Self::RifiutoOfferta,
        Self::SalvaCorso,
        Self::AzioneCorso,
        Self::DocumentoNuovo,
        Self::DocumentoAzione,
        Self::SportelloSalva,
        Self::PrenotazioneNuova,
        Self::PrenotazioneStato,
        Self::CandidaturaNuova,
        Self::CandidaturaEsito,
        Self::ContattoCpi,
        Self::ContattoRisposta,
        Self::CvNuovo,
        Self::CvModifica,
        Self::CvElimina,
        Self::CvRichiesta,
        Self::CvRichiestaEsito,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::EditContacts => "edit_contacts",
            Self::AddAnnotation => "add_annotation",
            Self::SetFasciaDebole => "set_fascia_debole",
            Self::SalvaOfferta => "salva_offerta",
            Self::StatoOfferta => "stato_offerta",
            Self::ProponiOfferta => "proponi_offerta",
            Self::StatoInteresse => "stato_interesse",
            Self::RifiutoOfferta => "rifiuto_offerta",
            Self::SalvaCorso => "salva_corso",
            Self::AzioneCorso => "azione_corso",
            Self::DocumentoNuovo => "documento_nuovo",
            Self::DocumentoAzione => "documento_azione",
            Self::SportelloSalva => "sportello_salva",
            Self::PrenotazioneNuova => "prenotazione_nuova",
            Self::PrenotazioneStato => "prenotazione_stato",
            Self::CandidaturaNuova => "candidatura_nuova",
            Self::CandidaturaEsito => "candidatura_esito",
            Self::ContattoCpi => "contatto_cpi",
            Self::ContattoRisposta => "contatto_risposta",
            Self::CvNuovo => "cv_nuovo",
            Self::CvModifica => "cv_modifica",
            Self::CvElimina => "cv_elimina",
            Self::CvRichiesta => "cv_richiesta",
            Self::CvRichiestaEsito => "cv_richiesta_esito",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A change of a document to sign (`documenti`).
    pub fn is_documento_kind(self) -> bool {
        matches!(self, Self::DocumentoNuovo | Self::DocumentoAzione)
    }

    /// A change of a "Contatta CPI" request (`contatti`).
    pub fn is_contatto_kind(self) -> bool {
        matches!(self, Self::ContattoCpi | Self::ContattoRisposta)
    }

    /// A change of a CV (`cv`).
    pub fn is_cv_kind(self) -> bool {
        matches!(
            self,
            Self::CvNuovo
                | Self::CvModifica
                | Self::CvElimina
                | Self::CvRichiesta
                | Self::CvRichiestaEsito
        )
    }

    /// A change of an application (`candidature`).
    pub fn is_candidatura_kind(self) -> bool {
        matches!(self, Self::CandidaturaNuova | Self::CandidaturaEsito)
    }

    /// A change of a desk or a booking (`agenda`).
    pub fn is_agenda_kind(self) -> bool {
        matches!(
            self,
            Self::SportelloSalva | Self::PrenotazioneNuova | Self::PrenotazioneStato
        )
    }

    /// A change of a training course (`corsi`).
    pub fn is_corso_kind(self) -> bool {
        matches!(self, Self::SalvaCorso | Self::AzioneCorso)
    }

    /// Whether the key is a codice fiscale (else the UUID of an offer-area record).
    pub fn is_candidate_kind(self) -> bool {
        matches!(
            self,
            Self::EditContacts | Self::AddAnnotation | Self::SetFasciaDebole
        )
    }
}

/// Documentation only: a mutation as the schema states it, one shape per kind (the
/// wire type keeps `payload` raw so the server decides per mutation).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Mutation)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MutationSchema {
    /// Replace the candidate's 1.3.3 recapiti.
    EditContacts {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The candidate's codice fiscale.
        key: String,
        /// The candidate version the change was made on.
        base_version: Option<i64>,
        #[schema(value_type = schema::Contacts)]
        payload: Contacts,
    },
    /// Add an annotation to the candidate.
    AddAnnotation {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The candidate's codice fiscale.
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NewAnnotation,
    },
    /// Set the candidate's fascia-debole declaration.
    SetFasciaDebole {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The candidate's codice fiscale.
        key: String,
        /// The candidate version the change was made on.
        base_version: Option<i64>,
        payload: FasciaDeboleDeclaration,
    },
    /// Create an offer or replace its data.
    SalvaOfferta {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The offer's id (a UUID; new for a new offer).
        key: String,
        /// Absent to create; the offer version the change was made on to edit.
        base_version: Option<i64>,
        #[schema(value_type = schema::DatiOfferta)]
        payload: DatiOfferta,
    },
    /// Publish, republish or close an offer.
    StatoOfferta {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The offer's id.
        key: String,
        /// The offer version the change was made on.
        base_version: Option<i64>,
        #[schema(value_type = schema::AzioneOfferta)]
        payload: AzioneOfferta,
    },
    /// Propose a published offer to a candidate.
    ProponiOfferta {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The new expression of interest's id (a UUID).
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: Proposta,
    },
    /// Move the work on an expression of interest forward.
    StatoInteresse {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The expression of interest's id.
        key: String,
        /// The version the change was made on.
        base_version: Option<i64>,
        payload: CambioStatoInteresse,
    },
    /// File a refusal of an offer.
    RifiutoOfferta {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The new refusal's id (a UUID).
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NuovoRifiuto,
    },
    /// Create a course draft or replace a draft's data.
    SalvaCorso {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The course's id (a UUID; new for a new course).
        key: String,
        /// Absent to create; the course version the change was made on to edit.
        base_version: Option<i64>,
        #[schema(value_type = schema::DatiCorso)]
        payload: DatiCorso,
    },
    /// Request validation, validate, send back, cancel, or delete a draft.
    AzioneCorso {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The course's id.
        key: String,
        /// The course version the change was made on.
        base_version: Option<i64>,
        #[schema(value_type = schema::AzioneCorso)]
        payload: AzioneCorso,
    },
    /// Create a document to sign for a citizen of the session's branches.
    DocumentoNuovo {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The new document's id (a UUID).
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NuovoDocumento,
    },
    /// Take in charge, sign (citizen, operator) or annul a document.
    DocumentoAzione {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The document's id.
        key: String,
        /// The document version the change was made on.
        base_version: Option<i64>,
        #[schema(value_type = schema::AzioneDocumento)]
        payload: AzioneDocumento,
    },
    /// Create a desk of a CPI of the session, or replace its data and availability.
    SportelloSalva {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The desk's id (a UUID; new for a new desk).
        key: String,
        /// Absent to create; the desk version the change was made on to edit.
        base_version: Option<i64>,
        payload: DatiSportello,
    },
    /// Book a slot of a desk for a citizen of its CPI.
    PrenotazioneNuova {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The new booking's id (a UUID).
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NuovaPrenotazione,
    },
    /// Cancel a booking before it starts, or mark it missed or held after.
    PrenotazioneStato {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The booking's id.
        key: String,
        /// The booking version the change was made on.
        base_version: Option<i64>,
        #[schema(value_type = schema::StatoPrenotazione)]
        payload: StatoPrenotazione,
    },
    /// A citizen of the session's branches applies to a published offer of them.
    CandidaturaNuova {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The new application's id (a UUID).
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NuovaCandidatura,
    },
    /// The CPI's outcome of an application, one step forward.
    CandidaturaEsito {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The application's id.
        key: String,
        /// The application version the change was made on.
        base_version: Option<i64>,
        payload: NuovoEsito,
    },
    /// "Contatta CPI": a request of a citizen of the session's branches.
    ContattoCpi {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The new request's id (a UUID).
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NuovoContatto,
    },
    /// The operator's answer to a request.
    ContattoRisposta {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The request's id.
        key: String,
        /// The request version the answer was written on.
        base_version: Option<i64>,
        payload: RispostaContatto,
    },
    /// A CV of a citizen of the session's branches, of a file uploaded before.
    CvNuovo {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The new CV's id (a UUID).
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NuovoCv,
    },
    /// "Modifica" of a CV.
    CvModifica {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The CV's id.
        key: String,
        /// The CV version the change was made on.
        base_version: Option<i64>,
        payload: ModificaCv,
    },
    /// "Elimina" of a CV.
    CvElimina {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The CV's id.
        key: String,
        /// The CV version the deletion was decided on.
        base_version: Option<i64>,
        payload: EliminaCv,
    },
    /// An agency's request to see a consenting CV.
    CvRichiesta {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The CV's id.
        key: String,
        /// Ignored.
        base_version: Option<i64>,
        payload: NuovaRichiestaCv,
    },
    /// The citizen's answer to a request.
    CvRichiestaEsito {
        #[schema(minimum = 1)]
        seq: i64,
        mutation_id: Uuid,
        /// The CV's id.
        key: String,
        /// The CV version the answer was recorded on.
        base_version: Option<i64>,
        payload: EsitoRichiestaCv,
    },
}

/// Payload of `add_annotation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewAnnotation {
    /// Chosen by the client, so the annotation has the same key on both sides.
    pub id: Uuid,
    pub kind: AnnotationKind,
    /// 1–4000 characters.
    pub text: String,
    #[serde(default)]
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub occurred_on: Option<NaiveDate>,
}

/// Answer of a push: one result per mutation, in the order sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MutationResults {
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MutationResult {
    /// Done (now or by an earlier delivery of the same mutation).
    Applied {
        seq: i64,
        mutation_id: Uuid,
        /// The record's version after this mutation.
        version: i64,
    },
    /// `base_version` is not the server's: nothing changed. `server` is the record
    /// now; the client resolves and sends a new mutation (with a new `seq`).
    Conflict {
        seq: i64,
        mutation_id: Uuid,
        server: Box<CandidateRecord>,
    },
    /// An offer or an expression of interest whose `base_version` is not the
    /// server's: nothing changed; the record as it is comes with the next pull.
    Outdated {
        seq: i64,
        mutation_id: Uuid,
        /// The server's version now.
        version: i64,
    },
    /// Refused for good (invalid fields, unknown record, outside the scope).
    Rejected {
        seq: i64,
        mutation_id: Uuid,
        errors: Vec<FieldError>,
    },
}

impl MutationResult {
    pub fn seq(&self) -> i64 {
        match self {
            Self::Applied { seq, .. }
            | Self::Conflict { seq, .. }
            | Self::Outdated { seq, .. }
            | Self::Rejected { seq, .. } => *seq,
        }
    }
}
