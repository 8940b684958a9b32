//! The training-course catalogue (seed 004, ClicLavoro Veneto, DGR 1095/2017).
//!
//! A course changes through the push, like an offer: `salva_corso` creates a draft
//! (the key a UUID the client chooses) or replaces a draft's data, `azione_corso`
//! walks the workflow (`sportello_core::corsi::AzioneCorso`: request validation,
//! validate, send back, cancel, delete a draft). A stale `base_version` answers
//! `outdated`: nothing changed, and the course as it is comes with the next read.
//!
//! Courses are not branch records, and who sees one changes with its state (a
//! provider sees its drafts, the regional office everything past the draft, everyone
//! the validated), so they do not travel in the change log: `GET /api/v1/corsi`
//! answers the whole set the caller sees, or nothing when the catalogue's version is
//! still the one the caller names (`noto`). A catalogue is a few thousand courses;
//! the whole set is what makes a course leaving someone's view simple and exact.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::corsi::{AzioneCorso, DatiCorso, StatoCorso};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::schema;

/// The paths of this area.
pub mod paths {
    pub const CORSI: &str = "/api/v1/corsi";
}

/// Most courses one answer carries; the client refuses more.
pub const MAX_CORSI: usize = 50_000;

/// A course as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Corso {
    /// Chosen by whoever created it.
    pub id: Uuid,
    /// "Codice corso": the catalogue's number, given by the server at creation.
    pub codice: i64,
    /// Starts at 1, +1 at every change.
    pub version: i64,
    #[schema(value_type = schema::StatoCorso)]
    pub stato: StatoCorso,
    #[schema(value_type = schema::DatiCorso)]
    pub dati: DatiCorso,
    /// When validation was last requested ("Richiesta validazione").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub richiesta_il: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validato_il: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellato_il: Option<DateTime<Utc>>,
    /// Every change, oldest first.
    pub storico: Vec<EventoCorso>,
}

impl Corso {
    /// A new draft, as the server makes it and as the client shows it while the
    /// creation waits (`codice` 0 until the server gives one).
    pub fn bozza(id: Uuid, dati: DatiCorso, chi: &str, now: DateTime<Utc>) -> Self {
        Self {
            id,
            codice: 0,
            version: 1,
            stato: StatoCorso::Bozza,
            dati,
            richiesta_il: None,
            validato_il: None,
            cancellato_il: None,
            storico: vec![EventoCorso {
                quando: now,
                chi: chi.to_string(),
                evento: TipoEventoCorso::Creato,
                motivo: None,
            }],
        }
    }

    /// Applies `azione` by `chi` at `now`, as the server does and as the client shows
    /// it while the change waits: state, dates, history, version. `Elimina` and
    /// `Duplica` are not changes of this record (the caller deletes it, or creates a
    /// new one). Nothing changes when the state does not allow it.
    pub fn applica(
        &mut self,
        azione: &AzioneCorso,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Result<(), &'static str> {
        self.stato = azione.applica(self.stato)?;
        let (evento, motivo) = match azione {
            AzioneCorso::Salva => (TipoEventoCorso::Modificato, None),
            AzioneCorso::RichiediValidazione => {
                self.richiesta_il = Some(now);
                (TipoEventoCorso::ValidazioneRichiesta, None)
            }
            AzioneCorso::Valida => {
                self.validato_il = Some(now);
                (TipoEventoCorso::Validato, None)
            }
            AzioneCorso::Rinvia { motivo } => {
                (TipoEventoCorso::RinviatoAllEnte, Some(motivo.clone()))
            }
            AzioneCorso::Cancella => {
                self.cancellato_il = Some(now);
                (TipoEventoCorso::Cancellato, None)
            }
            AzioneCorso::Elimina | AzioneCorso::Duplica => return Ok(()),
        };
        self.storico.push(EventoCorso {
            quando: now,
            chi: chi.to_string(),
            evento,
            motivo,
        });
        self.version += 1;
        Ok(())
    }

    /// In the catalogue everyone sees: validated, or cancelled after validation.
    pub fn in_catalogo(&self) -> bool {
        self.validato_il.is_some()
            && matches!(self.stato, StatoCorso::Validato | StatoCorso::Cancellato)
    }

    /// Usable in a personal plan.
    pub fn utilizzabile(&self) -> bool {
        self.stato == StatoCorso::Validato
    }

    /// The reason of the last sending back, while the course is a draft again.
    pub fn ultimo_rinvio(&self) -> Option<&str> {
        if self.stato != StatoCorso::Bozza {
            return None;
        }
        self.storico
            .iter()
            .rev()
            .find(|e| e.evento == TipoEventoCorso::RinviatoAllEnte)
            .and_then(|e| e.motivo.as_deref())
    }
}

/// A change of a course: who, when, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EventoCorso {
    pub quando: DateTime<Utc>,
    /// Username.
    pub chi: String,
    pub evento: TipoEventoCorso,
    /// Why it was sent back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motivo: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TipoEventoCorso {
    Creato,
    Modificato,
    ValidazioneRichiesta,
    Validato,
    RinviatoAllEnte,
    Cancellato,
}

impl TipoEventoCorso {
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Creato => "Creato",
            Self::Modificato => "Modificato",
            Self::ValidazioneRichiesta => "Validazione richiesta",
            Self::Validato => "Validato",
            Self::RinviatoAllEnte => "Rinviato all’ente",
            Self::Cancellato => "Cancellato",
        }
    }
}

/// Query of `GET /api/v1/corsi`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CorsiQuery {
    /// The `versione` of the caller's last answer: when the catalogue has not
    /// changed since, `corsi` is absent.
    #[param(minimum = 0)]
    pub noto: Option<i64>,
}

/// Answer of `GET /api/v1/corsi`: every course the caller sees, or none when the
/// catalogue has not changed since `noto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Corsi {
    /// Grows at every change of any course.
    pub versione: i64,
    /// The provider the caller acts for (its codice fiscale), if any: its drafts
    /// are among `corsi`, and it creates courses under this code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ente: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corsi: Option<Vec<Corso>>,
}
