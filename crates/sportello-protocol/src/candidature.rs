//! Applications (seed 003, "Candidature"): a citizen's application to a published
//! offer, with the declaration of the requirement, and the CPI's outcome — "Inserita"
//! → "Preso in carico" → "Inviata all'azienda" | "Non inviata all'azienda" — set by
//! the operator with a note.
//!
//! Records of the offer's branch (the CPI that evaluates them): they travel in the pull
//! (`candidatura` changes) and change through the push — `candidatura_nuova` (the key
//! a UUID the client chooses; one application per citizen and offer) and
//! `candidatura_esito` (on `base_version`; a stale one answers `outdated`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::cpi::candidature::EsitoCandidatura;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::schema;

/// An application as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Candidatura {
    pub id: Uuid,
    pub offerta: Uuid,
    /// `Codice offerta` (`FI-23515`).
    pub codice_offerta: String,
    /// The offer's branch, the `Centro Impiego` that evaluates the application.
    pub filiale: String,
    /// `Profilo Professionale`: the offer's qualification.
    pub profilo: String,
    pub codice_fiscale: String,
    /// `Data Candidatura`.
    pub data: DateTime<Utc>,
    /// "Dichiaro di essere in possesso del requisito".
    pub requisiti_dichiarati: bool,
    #[schema(value_type = schema::EsitoCandidatura)]
    pub esito: EsitoCandidatura,
    /// Starts at 1, +1 at every change.
    pub version: i64,
    /// Every outcome, oldest first.
    pub storico: Vec<PassoCandidatura>,
    /// The citizen's CV chosen for it (seed 003: "Seleziona il tuo Curriculum Vitae").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv: Option<Uuid>,
}

/// One outcome of the application's trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PassoCandidatura {
    pub quando: DateTime<Utc>,
    /// The operator's username.
    pub chi: String,
    #[schema(value_type = schema::EsitoCandidatura)]
    pub esito: EsitoCandidatura,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nota: String,
}

/// Payload of `candidatura_nuova`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovaCandidatura {
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub offerta: Uuid,
    pub codice_fiscale: String,
    /// Must be true: the citizen declares the requirement.
    pub requisiti_dichiarati: bool,
    /// One of the citizen's CVs, sent with the application (its "Storico Utilizzi"
    /// records the use, and its year of retention starts again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub cv: Option<Uuid>,
}

/// Payload of `candidatura_esito`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovoEsito {
    #[schema(value_type = schema::EsitoCandidatura)]
    pub esito: EsitoCandidatura,
    /// Required for "Non inviata all'azienda"; at most 1,000 characters.
    #[serde(default)]
    pub nota: String,
}

impl Candidatura {
    /// A new application, as the server makes it and as the client shows it while the
    /// creation waits.
    pub fn nuova(
        id: Uuid,
        offerta: (Uuid, &str, &str, &str),
        nuova: &NuovaCandidatura,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Self {
        let (offerta, codice, filiale, profilo) = offerta;
        Self {
            id,
            offerta,
            codice_offerta: codice.into(),
            filiale: filiale.into(),
            profilo: profilo.into(),
            codice_fiscale: nuova.codice_fiscale.clone(),
            data: now,
            requisiti_dichiarati: nuova.requisiti_dichiarati,
            esito: EsitoCandidatura::Inserita,
            version: 1,
            storico: vec![PassoCandidatura {
                quando: now,
                chi: chi.into(),
                esito: EsitoCandidatura::Inserita,
                nota: String::new(),
            }],
            cv: nuova.cv,
        }
    }

    /// Sets the outcome by `chi` at `now` if the core's rule allows it.
    pub fn esito(
        &mut self,
        nuovo: &NuovoEsito,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Result<(), &'static str> {
        let nota = nuovo.nota.trim();
        self.esito.verso(nuovo.esito, nota)?;
        self.esito = nuovo.esito;
        self.version += 1;
        self.storico.push(PassoCandidatura {
            quando: now,
            chi: chi.into(),
            esito: nuovo.esito,
            nota: nota.into(),
        });
        Ok(())
    }
}
