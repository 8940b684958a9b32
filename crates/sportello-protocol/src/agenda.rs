//! Appointments (seed 003, "Prenota un appuntamento"): the desks (sportelli) of a CPI
//! with their availability, and the citizens' bookings.
//!
//! Both are records of a branch (the CPI): they travel in the pull (`sportello`,
//! `prenotazione` changes) and change through the push — `sportello_salva` (a desk and
//! its weekly hours and exceptions, on `base_version` once it exists),
//! `prenotazione_nuova` (a slot of a desk for a citizen of the same CPI; the key a UUID
//! the client chooses; naming `sposta`, the old booking is marked moved) and
//! `prenotazione_stato` (cancel, mark missed or held with its outcome, on
//! `base_version`). The server decides who gets a slot: a booking overlapping one the
//! desk already holds is refused (`conflict`), so two operators booking the same slot
//! offline end with exactly one booking.
//!
//! Times are the desk's local wall-clock times (`YYYY-MM-DDTHH:MM:SS`), as the citizen
//! reads them on the receipt.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::cpi::agenda::{Disponibilita, StatoPrenotazione, TipoEvento};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::schema;

pub mod paths {
    pub const SLOT: &str = "/api/v1/sportelli/{id}/slot";
}

/// What the operator writes of a desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DatiSportello {
    /// The CPI (a branch of the session).
    pub filiale: String,
    /// 1–120 characters.
    pub nome: String,
    pub indirizzo: String,
    pub email: String,
    pub telefono: String,
    #[schema(value_type = schema::Disponibilita)]
    pub disponibilita: Disponibilita,
}

/// A desk as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Sportello {
    pub id: Uuid,
    /// Starts at 1, +1 at every change.
    pub version: i64,
    #[serde(flatten)]
    pub dati: DatiSportello,
}

/// Payload of `prenotazione_nuova`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovaPrenotazione {
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub sportello: Uuid,
    pub codice_fiscale: String,
    #[schema(value_type = schema::TipoEvento)]
    pub tipo: TipoEvento,
    /// The slot's start, one the desk's availability makes for `tipo`.
    #[schema(value_type = String, example = "2026-12-07T09:00:00", pattern = "^[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9]))T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")]
    pub inizio: NaiveDateTime,
    /// The booking this one replaces (moved to this slot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
    )]
    pub sposta: Option<Uuid>,
}

/// A booking as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Prenotazione {
    pub id: Uuid,
    pub sportello: Uuid,
    /// The desk's CPI, which is the citizen's.
    pub filiale: String,
    pub codice_fiscale: String,
    #[schema(value_type = schema::TipoEvento)]
    pub tipo: TipoEvento,
    #[schema(value_type = String, example = "2026-12-07T09:00:00", pattern = "^[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-9]))T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")]
    pub inizio: NaiveDateTime,
    pub minuti: u32,
    #[schema(value_type = schema::StatoPrenotazione)]
    pub stato: StatoPrenotazione,
    /// Starts at 1, +1 at every change.
    pub version: i64,
    /// Username of the operator who booked it.
    pub creato_da: String,
    pub creato_il: DateTime<Utc>,
}

impl Prenotazione {
    /// A new booking, as the server makes it and as the client shows it while it waits.
    pub fn nuova(
        id: Uuid,
        n: &NuovaPrenotazione,
        filiale: &str,
        chi: &str,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            sportello: n.sportello,
            filiale: filiale.to_string(),
            codice_fiscale: n.codice_fiscale.clone(),
            tipo: n.tipo,
            inizio: n.inizio,
            minuti: n.tipo.minuti(),
            stato: StatoPrenotazione::Prenotato,
            version: 1,
            creato_da: chi.to_string(),
            creato_il: now,
        }
    }

    /// When it ends (checked: a crafted start at the calendar's end saturates).
    pub fn fine(&self) -> NaiveDateTime {
        self.inizio
            .checked_add_signed(chrono::Duration::minutes(i64::from(self.minuti)))
            .unwrap_or(NaiveDateTime::MAX)
    }

    /// Whether it holds time that overlaps `[inizio, fine)`.
    pub fn sovrappone(&self, inizio: NaiveDateTime, fine: NaiveDateTime) -> bool {
        self.stato.occupa() && self.inizio < fine && inizio < self.fine()
    }
}

/// `GET /api/v1/sportelli/{id}/slot`: the free slots of a type over some days.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotQuery {
    /// `iscrizione_cpi`, `stesura_cv`, `ricerca_lavoro`, `attivazione_tirocini`.
    #[param(pattern = "^(iscrizione_cpi|stesura_cv|ricerca_lavoro|attivazione_tirocini)$")]
    pub tipo: String,
    /// First day (`YYYY-MM-DD`).
    #[param(value_type = String, format = Date, example = "2026-12-07")]
    pub dal: NaiveDate,
    /// Last day, at most 62 days after `dal`.
    #[param(value_type = String, format = Date, example = "2026-12-28")]
    pub al: NaiveDate,
}

/// The free slots' starts, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SlotLiberi {
    pub minuti: u32,
    #[schema(value_type = Vec<String>)]
    pub inizi: Vec<NaiveDateTime>,
}

/// Longest span of days a slot query may ask.
pub const MAX_GIORNI_SLOT: i64 = 62;

/// Most weekly windows and exceptions a desk may have.
pub const MAX_FASCE: usize = 50;
pub const MAX_ECCEZIONI: usize = 400;

impl DatiSportello {
    /// What is wrong with it, in Italian (empty when nothing): the core's availability
    /// rules, lengths, and no control characters.
    pub fn problemi(&self) -> Vec<String> {
        let mut out = Vec::new();
        let campi = [
            ("Nome dello sportello", &self.nome, 120, true),
            ("Indirizzo", &self.indirizzo, 200, true),
            ("E-mail", &self.email, 254, false),
            ("Telefono", &self.telefono, 30, false),
        ];
        for (etichetta, valore, max, obbligatorio) in campi {
            let v = valore.trim();
            if obbligatorio && v.is_empty() {
                out.push(format!("{etichetta}: obbligatorio."));
            } else if v.chars().count() > max {
                out.push(format!("{etichetta}: al massimo {max} caratteri."));
            } else if v.chars().any(char::is_control) {
                out.push(format!("{etichetta}: contiene caratteri non ammessi."));
            }
        }
        let email = self.email.trim();
        if !email.is_empty() && !email.contains('@') {
            out.push("E-mail: indirizzo non valido.".into());
        }
        let d = &self.disponibilita;
        if d.settimana.len() > MAX_FASCE {
            out.push(format!("Orari: al massimo {MAX_FASCE} fasce settimanali."));
        }
        if d.eccezioni.len() > MAX_ECCEZIONI {
            out.push(format!("Eccezioni: al massimo {MAX_ECCEZIONI}."));
        }
        if d.eccezioni.iter().any(|e| {
            e.fasce.len() > 10
                || e.motivo.chars().count() > 200
                || e.motivo.chars().any(char::is_control)
        }) {
            out.push(
                "Eccezioni: al massimo 10 fasce e un motivo di 200 caratteri senza caratteri di controllo."
                    .into(),
            );
        }
        out.extend(sportello_core::cpi::agenda::problemi(d));
        out
    }
}
