//! "Contatta CPI" (seed 003): when no slot fits, the citizen writes to the CPI why they
//! need an appointment; the desk's inbox keeps the requests until an operator answers
//! one (the answer is final).
//!
//! Records of the citizen's branch: they travel in the pull (`contatto` changes) and
//! change through the push — `contatto_cpi` (the key a UUID the client chooses) and
//! `contatto_risposta` (on `base_version`; a stale one answers `outdated`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::cpi::agenda::TipoEvento;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::schema;

/// The longest request or answer, in characters.
pub const MAX_TESTO: usize = 2000;

/// A request to the CPI as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contatto {
    pub id: Uuid,
    /// The citizen's branch (the CPI written to).
    pub filiale: String,
    pub codice_fiscale: String,
    /// The interview the citizen wanted.
    #[schema(value_type = schema::TipoEvento)]
    pub tipo: TipoEvento,
    pub testo: String,
    pub creato_da: String,
    pub creato_il: DateTime<Utc>,
    /// The operator's answer, once given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risposta: Option<Risposta>,
    /// Starts at 1, +1 at every change.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Risposta {
    pub testo: String,
    pub chi: String,
    pub quando: DateTime<Utc>,
}

/// Payload of `contatto_cpi`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovoContatto {
    pub codice_fiscale: String,
    #[schema(value_type = schema::TipoEvento)]
    pub tipo: TipoEvento,
    pub testo: String,
}

/// Payload of `contatto_risposta`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RispostaContatto {
    pub testo: String,
}

/// What is wrong with a text of a request or an answer, in Italian.
pub fn problema_testo(testo: &str) -> Option<String> {
    let t = testo.trim();
    if t.is_empty() {
        Some("Scrivere il testo del messaggio.".into())
    } else if t.chars().count() > MAX_TESTO {
        Some(format!("Il messaggio supera i {MAX_TESTO} caratteri."))
    } else if t.chars().any(|c| c.is_control() && c != '\n') {
        Some("Il messaggio contiene caratteri non ammessi.".into())
    } else {
        None
    }
}

impl Contatto {
    /// A new request, as the server makes it and as the client shows it while it waits.
    pub fn nuovo(
        id: Uuid,
        n: &NuovoContatto,
        filiale: &str,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            filiale: filiale.into(),
            codice_fiscale: n.codice_fiscale.clone(),
            tipo: n.tipo,
            testo: n.testo.trim().into(),
            creato_da: chi.into(),
            creato_il: now,
            risposta: None,
            version: 1,
        }
    }

    /// Answers the request, once.
    pub fn rispondi(
        &mut self,
        r: &RispostaContatto,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Result<(), String> {
        if self.risposta.is_some() {
            return Err("La richiesta ha già una risposta.".into());
        }
        if let Some(p) = problema_testo(&r.testo) {
            return Err(p);
        }
        self.risposta = Some(Risposta {
            testo: r.testo.trim().into(),
            chi: chi.into(),
            quando: now,
        });
        self.version += 1;
        Ok(())
    }
}
