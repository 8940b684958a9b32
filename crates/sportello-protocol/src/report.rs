//! The daily cross-branch report (seed 001: "report giornaliero cross-filiale
//! contenente una sintesi delle liste aggregate"). The server makes one each morning
//! for every super and master user, over the branches the user is enabled for, about
//! the day before (a calendar day in Europe/Rome); on demand for any past day. Each is
//! also written to the server's mail outbox.
//!
//! What a report counts, per branch and in total:
//! - citizens followed by the branch, and the new ones: those the central database
//!   received during the day (since the previous daily report);
//! - expressions of interest received during the day, those still `da_valutare`, and
//!   every interest of the branch by state;
//! - offers: published (still in publication the day after), expiring within 7 days
//!   of that, expired, closed;
//! - refusal communications filed during the day;
//! - fasce-deboli uploads of the open campaign (every upload whose session saw the
//!   branch) and days to its deadline.
//!
//! Counts of a state (citizens, interests by state, offers) are as the report found
//! them when it was made: the central database keeps no history of states, so a report
//! made later for a past day says so with `programmato: false`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::offerte::StatoInteresse;
use utoipa::{IntoParams, ToSchema};

use crate::schema;

pub mod paths {
    /// `GET`: the user's reports; `POST`: one made now for a past day.
    pub const REPORT: &str = "/api/v1/report";
}

/// Days of trend in each report.
pub const GIORNI_ANDAMENTO: usize = 30;
/// Offers whose publication ends within this many days are "in scadenza".
pub const GIORNI_IN_SCADENZA: i64 = 7;
/// Reports in one answer of `GET /report`.
pub const MAX_REPORT_PER_PAGINA: usize = 60;

/// The counts of one branch, or of all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Conteggi {
    pub cittadini: u32,
    pub cittadini_nuovi: u32,
    pub interessi_nuovi: u32,
    pub interessi_da_valutare: u32,
    /// Every state, in the order of `StatoInteresse`, zeros included.
    pub interessi_per_stato: Vec<InteressiInStato>,
    pub offerte_pubblicate: u32,
    pub offerte_in_scadenza: u32,
    pub offerte_scadute: u32,
    pub offerte_chiuse: u32,
    pub rifiuti_comunicati: u32,
    pub caricamenti_fasce_deboli: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InteressiInStato {
    #[schema(value_type = schema::StatoInteresse)]
    pub stato: StatoInteresse,
    pub numero: u32,
}

/// One day of a branch's trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PuntoAndamento {
    pub giorno: NaiveDate,
    pub cittadini_nuovi: u32,
    pub interessi_nuovi: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportFiliale {
    pub code: String,
    pub name: String,
    pub conteggi: Conteggi,
    /// The last [`GIORNI_ANDAMENTO`] days, the report's day last.
    pub andamento: Vec<PuntoAndamento>,
}

/// The fasce-deboli campaign open on the report's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CampagnaAperta {
    pub anno: i32,
    pub scadenza: NaiveDate,
    /// From the day after the report's day to the deadline (0: the deadline is that day).
    pub giorni_alla_scadenza: i64,
}

/// One user's report of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// The day reported (Europe/Rome).
    pub giorno: NaiveDate,
    /// The user it was made for.
    pub destinatario: String,
    pub generato_il: DateTime<Utc>,
    /// Made by the daily job (else on demand, later).
    pub programmato: bool,
    /// The user's branches, by code.
    pub filiali: Vec<ReportFiliale>,
    pub totale: Conteggi,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campagna: Option<CampagnaAperta>,
}

/// `GET /report`: the reports after `dopo`, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Only the reports of days after this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dopo: Option<NaiveDate>,
}

/// The answer to `GET /report`: at most [`MAX_REPORT_PER_PAGINA`]; ask again after the
/// last one while `altri` is true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reports {
    pub report: Vec<Report>,
    pub altri: bool,
}

/// `POST /report`: make (or read, when it exists) the report of a past day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NuovoReport {
    pub giorno: NaiveDate,
}
