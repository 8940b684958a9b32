//! The daily cross-branch report of super and master users (seed 001): the reports
//! made for the session's user, and one made now for a past day.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use sportello_protocol::ErrorCode;
use sportello_protocol::report::{NuovoReport, Report, ReportQuery, Reports, paths};

use super::{ApiJson, ApiQuery};
use crate::db::report as db;
use crate::error::{Error, Result};
use crate::session::Auth;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(paths::REPORT, get(list).post(make))
}

fn only_super(auth: &Auth) -> Result<()> {
    if !auth.role.agency_level() {
        return Err(Error::new(
            ErrorCode::NonAutorizzato,
            "Il report giornaliero è delle utenze super e master.",
        ));
    }
    Ok(())
}

async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<Reports>> {
    only_super(&auth)?;
    let user = auth.username.clone();
    let (report, altri) = state.read(move |c| db::list(c, &user, q.dopo)).await?;
    Ok(Json(Reports { report, altri }))
}

async fn make(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<NuovoReport>,
) -> Result<Json<Report>> {
    only_super(&auth)?;
    let report = crate::report::on_demand(
        &state,
        auth.username.clone(),
        auth.branches.clone(),
        req.giorno,
    )
    .await?;
    Ok(Json(report))
}
