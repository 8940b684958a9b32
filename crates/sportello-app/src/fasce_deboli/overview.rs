//! Fasce deboli as a screen needs it: where the campaign stands in one answer (the
//! server's lists, the requests, the uploads with their outcome, the deadlines — after
//! moving everything on when the server can be reached), and the compilation grid
//! with the choices its filters offer.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use sportello_store::Store;

use super::online::{self, FollowReport, History, RequestDto};
use super::{GridFilter, ParticipantDto, participants, working_year};
use crate::error::{AppError, Result};
use crate::options::Choice;

/// Where the fasce-deboli work stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FdOverview {
    /// The server answered. When not, `offline` says why (Italian) and the rest is
    /// what the store holds; requests and uploads wait in it.
    pub online: bool,
    pub offline: Option<String>,
    /// The server's lists, as last fetched (empty before the first contact).
    pub tipologie: Vec<Choice>,
    pub categorie: Vec<Choice>,
    /// Campaign years with downloaded participants, newest first.
    pub anni: Vec<i32>,
    /// Newest first.
    pub richieste: Vec<RequestDto>,
    /// Campaigns with their deadline, uploads with their outcome, per-year summary.
    pub storico: History,
    /// What this look moved on: files downloaded and outcomes arrived now.
    pub seguito: FollowReport,
}

/// Follows everything when the server is there, then reads the store. A server that
/// cannot be reached, or no server session, is not a failure here: the operator
/// keeps working on the local copy.
pub async fn overview(store: &mut Store, operator: &str, today: NaiveDate) -> Result<FdOverview> {
    let (seguito, offline) = match online::follow(store, operator).await {
        Ok(report) => (report, None),
        Err(e @ AppError::Unavailable(_)) => (FollowReport::default(), Some(e.to_string())),
        Err(AppError::NotLoggedIn) => (
            FollowReport::default(),
            Some("nessuna sessione con il server centrale: si lavora sui dati locali".into()),
        ),
        Err(e) => return Err(e),
    };
    local_overview(store, today, seguito, offline)
}

/// The overview from the store alone.
pub fn local_overview(
    store: &Store,
    today: NaiveDate,
    seguito: FollowReport,
    offline: Option<String>,
) -> Result<FdOverview> {
    Ok(FdOverview {
        online: offline.is_none(),
        offline,
        tipologie: store
            .fd_tipologie()?
            .into_iter()
            .map(|t| Choice {
                code: t.code,
                label: t.label,
            })
            .collect(),
        categorie: store
            .fd_categorie()?
            .into_iter()
            .map(|c| Choice {
                code: c.code,
                label: c.label,
            })
            .collect(),
        anni: store.fd_participant_years()?,
        richieste: store.fd_richieste()?.into_iter().map(Into::into).collect(),
        storico: online::local_history(store, today)?,
        seguito,
    })
}

/// The compilation grid of a campaign year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FdGrid {
    pub anno: i32,
    /// The rows the filter keeps, in the file's order.
    pub righe: Vec<ParticipantDto>,
    /// The year's projects and tipologie, whatever the filter: the filters' choices.
    pub progetti: Vec<String>,
    pub tipologie: Vec<String>,
    /// Rows of the year, and those still without a declaration.
    pub totale: usize,
    pub da_compilare: usize,
}

/// The grid of `anno` (default: the newest year with participants) under `filter`.
pub fn grid(store: &Store, anno: Option<i32>, filter: &GridFilter) -> Result<FdGrid> {
    let anno = working_year(store, anno)?;
    let all = participants(store, anno, &GridFilter::default())?;
    let progetti: BTreeSet<String> = all.iter().map(|p| p.codice_progetto.clone()).collect();
    let tipologie: BTreeSet<String> = all.iter().map(|p| p.tipologia.clone()).collect();
    Ok(FdGrid {
        anno,
        righe: participants(store, anno, filter)?,
        progetti: progetti.into_iter().collect(),
        tipologie: tipologie.into_iter().collect(),
        totale: all.len(),
        da_compilare: all.iter().filter(|p| p.fascia_debole.is_none()).count(),
    })
}
