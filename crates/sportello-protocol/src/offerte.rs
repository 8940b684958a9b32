//! Offers, expressions of interest and refusals (seed 001: SIISL's offer APIs).
//!
//! The records travel in the pull (`offerta`, `interesse`, `rifiuto` changes) and
//! change through the push, like candidates: an offer is created and edited offline
//! (`salva_offerta`, the key a UUID the client chooses), its state changes with
//! `stato_offerta`; `proponi_offerta` creates an expression of interest of origin
//! `proposta_filiale`, `stato_interesse` moves the branch's work on one forward, and
//! `rifiuto_offerta` files a "comunicazione rifiuto dell'offerta". The server assigns
//! an offer its `codice` (the branch's province, a dash, a number: `FI-23515`) and its
//! SIISL-style `identificativo` when it first sees it. A stale `base_version` on an
//! offer or an interest answers `outdated`: nothing changed, and the record as it is
//! comes with the next pull.
//!
//! The REST operations seed 001 lists, under `/api/v1/offerte`: look an offer up by
//! code (`GET offerte?codice=`), bulk insert (`POST offerte/massivo`, all or nothing),
//! detail (`GET offerte/{id}`), state and end of publication (`POST
//! offerte/{id}/stato`), interests of an offer (`GET offerte/{id}/interessi`) or of
//! the agency (`GET offerte/interessi`, paged, by date and branch), and the coded lists
//! (`GET offerte/voci`). Every one is checked against the session's scope: an
//! operatore sees and touches only its branch's offers and their interests.
//!
//! A refusal is transmitted onward (to the systems of the SFL measure) by the server
//! when it is received; the sandbox records the transmission and its protocol number
//! at once.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::offerte::{
    AzioneOfferta, DatiOfferta, OrigineInteresse, StatoInteresse, StatoOfferta,
};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::schema;

/// The paths of this area.
pub mod paths {
    pub const OFFERTE: &str = "/api/v1/offerte";
    pub const MASSIVO: &str = "/api/v1/offerte/massivo";
    pub const VOCI: &str = "/api/v1/offerte/voci";
    pub const INTERESSI: &str = "/api/v1/offerte/interessi";
    pub const OFFERTA: &str = "/api/v1/offerte/{id}";
    pub const STATO: &str = "/api/v1/offerte/{id}/stato";
    pub const INTERESSI_OFFERTA: &str = "/api/v1/offerte/{id}/interessi";
}

/// Most offers of one bulk insert.
pub const MAX_MASSIVO: usize = 10_000;
/// Largest bulk-insert body the server reads.
pub const MAX_MASSIVO_BYTES: usize = 16 * 1024 * 1024;
/// Largest page of interests.
pub const MAX_PAGINA: u32 = 1_000;

/// An offer as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Offerta {
    /// Chosen by whoever created it (the client, or the server for a bulk insert).
    pub id: Uuid,
    /// `Codice Offerta`: the province of the branch, a dash, a number (`FI-23515`).
    pub codice: String,
    /// The SIISL-style unique identifier.
    pub identificativo: String,
    /// Starts at 1, +1 at every change.
    pub version: i64,
    /// As stored: a `pubblicata` offer past its end of publication reads `scaduta`
    /// (`sportello_core::offerte::StatoOfferta::al`).
    #[schema(value_type = schema::StatoOfferta)]
    pub stato: StatoOfferta,
    #[schema(value_type = schema::DatiOfferta)]
    pub dati: DatiOfferta,
    /// Every change, oldest first.
    pub storico: Vec<EventoOfferta>,
}

impl Offerta {
    /// Applies `azione` by `chi` at `now`, as the server does and as the client shows
    /// it while the change waits: state (from the state as of that day), end of
    /// publication, history, version. Nothing changes when the state does not allow it.
    pub fn applica(
        &mut self,
        azione: AzioneOfferta,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Result<(), &'static str> {
        let oggi = now.date_naive();
        self.stato = azione.applica(self.stato.al(self.dati.fine_pubblicazione, oggi), oggi)?;
        if let Some(fine) = azione.fine_pubblicazione() {
            self.dati.fine_pubblicazione = fine;
        }
        let evento = match azione {
            AzioneOfferta::Pubblica { .. } => TipoEventoOfferta::Pubblicata,
            AzioneOfferta::Ripubblica { .. } => TipoEventoOfferta::Ripubblicata,
            AzioneOfferta::Chiudi => TipoEventoOfferta::Chiusa,
        };
        self.storico.push(EventoOfferta {
            quando: now,
            chi: chi.to_string(),
            evento,
            fine_pubblicazione: azione.fine_pubblicazione(),
        });
        self.version += 1;
        Ok(())
    }
}

/// A change of an offer: who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventoOfferta {
    pub quando: DateTime<Utc>,
    /// Username.
    pub chi: String,
    pub evento: TipoEventoOfferta,
    /// The end of publication the event set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_pubblicazione: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TipoEventoOfferta {
    Creata,
    Modificata,
    Pubblicata,
    Ripubblicata,
    Chiusa,
}

/// An expression of interest (seed 001 "manifestazione di interesse").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Interesse {
    pub id: Uuid,
    pub offerta: Uuid,
    pub codice_offerta: String,
    /// The offer's branch.
    pub filiale: String,
    pub codice_fiscale: String,
    pub cognome: String,
    pub nome: String,
    /// When it was expressed or proposed.
    pub data: DateTime<Utc>,
    #[schema(value_type = schema::OrigineInteresse)]
    pub origine: OrigineInteresse,
    #[schema(value_type = schema::StatoInteresse)]
    pub stato: StatoInteresse,
    pub version: i64,
    /// Every state, oldest first.
    pub storico: Vec<EventoInteresse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventoInteresse {
    pub quando: DateTime<Utc>,
    /// Username, or `cittadino` for the citizen's own expression.
    pub chi: String,
    #[schema(value_type = schema::StatoInteresse)]
    pub stato: StatoInteresse,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nota: Option<String>,
}

/// A "comunicazione rifiuto dell'offerta" (seed 001): transmitted onward, then
/// read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Rifiuto {
    pub id: Uuid,
    pub offerta: Uuid,
    pub codice_offerta: String,
    pub filiale: String,
    pub codice_fiscale: String,
    /// The day the citizen refused.
    pub data: NaiveDate,
    /// A code of the server's `motivi_rifiuto`.
    pub motivo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Username of the operator who filed it.
    pub operatore: String,
    pub registrato_il: DateTime<Utc>,
    pub trasmissione: Trasmissione,
}

/// The onward transmission of a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Trasmissione {
    pub stato: StatoTrasmissione,
    /// The receiving system's protocol number, once transmitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocollo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trasmesso_il: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatoTrasmissione {
    DaTrasmettere,
    Trasmesso,
}

/// Payload of `proponi_offerta`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Proposta {
    pub offerta: Uuid,
    pub codice_fiscale: String,
}

/// Payload of `stato_interesse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CambioStatoInteresse {
    #[schema(value_type = schema::StatoInteresse)]
    pub stato: StatoInteresse,
    /// At most 1000 characters.
    #[serde(default)]
    pub nota: Option<String>,
}

/// Payload of `rifiuto_offerta`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovoRifiuto {
    pub offerta: Uuid,
    pub codice_fiscale: String,
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub data: NaiveDate,
    pub motivo: String,
    /// At most 1000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// `GET /offerte` (seed 001: "recupero dell'identificativo univoco … dato il codice").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfferteQuery {
    /// `Codice Offerta`, exactly.
    #[param(max_length = 40)]
    pub codice: String,
}

/// The offers found (none or one for a code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Offerte {
    pub offerte: Vec<Offerta>,
}

/// `POST /offerte/massivo`: all inserted, or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InserimentoMassivo {
    #[schema(value_type = Vec<schema::DatiOfferta>, min_items = 1, max_items = 10000)]
    pub offerte: Vec<DatiOfferta>,
    /// Publish them at once (else they are drafts).
    #[serde(default)]
    pub pubblica: bool,
}

/// `POST /offerte/{id}/stato`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CambioStatoOfferta {
    #[schema(value_type = schema::AzioneOfferta)]
    #[serde(flatten)]
    pub azione: AzioneOfferta,
    /// The version the change was decided on: a stale one answers `409`.
    pub base_version: i64,
}

/// `GET /offerte/interessi` and `GET /offerte/{id}/interessi`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InteressiQuery {
    /// From this day (inclusive), by the date of the interest.
    #[param(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub dal: Option<NaiveDate>,
    /// To this day (inclusive).
    #[param(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub al: Option<NaiveDate>,
    /// Only this branch (in the session's scope).
    #[param(max_length = 20)]
    pub filiale: Option<String>,
    /// The `next` of the previous page.
    #[param(maximum = 1_000_000_000)]
    pub dopo: Option<u64>,
    /// 1–1000; default 100.
    #[param(minimum = 1, maximum = 1000)]
    pub limite: Option<u32>,
}

/// A page of interests, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PaginaInteressi {
    pub interessi: Vec<Interesse>,
    /// Pass as `dopo` for the next page; absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<u64>,
}
