//! Documents to sign (seed 003, "Gestione documenti da firmare"): a citizen's "Ricevuta
//! DID OnLine", "Patto di servizio 150", "Patto di attivazione GG" or "Programma di
//! ricerca intensiva", created at the desk from the SAP, with its trail (inserted,
//! taken in charge, signed by the citizen, signed by the operator; annulled with a
//! reason or replaced by a new practice).
//!
//! Records of the citizen's branch: they travel in the pull (`documento` changes) and
//! change through the push — `documento_nuovo` (the key a UUID the client chooses;
//! naming `sostituisce`, the old document is annulled "Sostituita dalla pratica N") and
//! `documento_azione` (`sportello_core::cpi::documenti::AzioneDocumento`, on
//! `base_version`; a stale one answers `outdated`). The server numbers each practice.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::cpi::documenti::{TipoDocumento, Traccia};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::schema;

/// A document as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Documento {
    pub id: Uuid,
    /// The practice number, given by the server (0 while only on the client).
    pub numero: i64,
    pub codice_fiscale: String,
    /// The citizen's branch.
    pub filiale: String,
    /// Starts at 1, +1 at every change.
    pub version: i64,
    #[schema(value_type = schema::TracciaDocumento)]
    pub traccia: Traccia,
    /// Username of the operator who created it.
    pub creato_da: String,
    pub creato_il: DateTime<Utc>,
}

/// Payload of `documento_nuovo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovoDocumento {
    pub codice_fiscale: String,
    #[schema(value_type = schema::TipoDocumento)]
    pub tipo: TipoDocumento,
    /// The document this one replaces (the citizen's, not annulled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub sostituisce: Option<Uuid>,
}

impl Documento {
    /// A new document, as the server makes it and as the client shows it while the
    /// creation waits.
    pub fn nuovo(
        id: Uuid,
        nuovo: &NuovoDocumento,
        filiale: &str,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            numero: 0,
            codice_fiscale: nuovo.codice_fiscale.clone(),
            filiale: filiale.to_string(),
            version: 1,
            traccia: Traccia::nuovo(nuovo.tipo, now),
            creato_da: chi.to_string(),
            creato_il: now,
        }
    }
}
