//! The fasce-deboli processing worker: one background task that prepares requested
//! files and judges uploads once their time has come (`due_at` = submission + the
//! processing delay, read on the injectable clock), one job at a time in submission
//! order, so a later upload's declarations replace an earlier one's.
//!
//! The same worker makes the daily reports when they are due ([`crate::report`]).
//!
//! It wakes when a job is submitted and otherwise polls the clock, so a test with a
//! [`crate::ManualClock`] only advances the clock and waits.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sportello_core::fasce_deboli::{self as rules, Context, Flag, Severity};
use sportello_protocol::fasce_deboli::Conteggi;
use sportello_sheets::fasce_deboli::{self as sheets, Outcome};
use tokio::task::JoinHandle;

use crate::db::fasce_deboli as db;
use crate::error::{Error, Result};
use crate::state::AppState;

/// Starts the worker. Among the instances sharing a database one runs it at a time
/// (it holds the worker lease); the others wait to take over. Work interrupted by the
/// previous holder is queued again first.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let poll = (state.settings.processing_delay / 10)
            .clamp(Duration::from_millis(20), Duration::from_secs(1));
        loop {
            let lease = acquire_lease(&state, poll).await;
            let now = state.now();
            if let Err(e) = state
                .write(move |tx| db::requeue_interrupted(tx, now))
                .await
            {
                tracing::warn!(error = %e, "fasce deboli: requeue failed");
            }
            let mut reports_done = None;
            while lease.held() {
                if let Err(e) = crate::report::run_due(&state, &mut reports_done).await {
                    tracing::warn!(error = %e, "daily report failed");
                }
                match run_due(&state).await {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "fasce deboli: processing failed"),
                }
                tokio::select! {
                    _ = state.fasce_deboli_wake.notified() => {}
                    _ = tokio::time::sleep(poll) => {}
                }
            }
            tracing::warn!("fasce deboli: the worker lease was lost");
        }
    })
}

/// Waits until this instance holds the worker lease.
async fn acquire_lease(state: &AppState, poll: Duration) -> crate::db::WorkerLease {
    let mut wait = poll;
    loop {
        let db = state.db.clone();
        match tokio::task::spawn_blocking(move || db.try_worker_lease()).await {
            Ok(Ok(Some(lease))) => return lease,
            Ok(Ok(None)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "fasce deboli: cannot ask for the lease"),
            Err(e) => tracing::warn!(error = %e, "fasce deboli: cannot ask for the lease"),
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(5));
    }
}

/// Runs one due job; `true` if there was one. A job that fails after it was claimed
/// is failed with a message for the operator, never left `in_lavorazione`.
async fn run_due(state: &AppState) -> Result<bool> {
    let now = state.now();
    if let Some(claimed) = state.write(move |tx| db::claim_richiesta(tx, now)).await? {
        let id = claimed.id;
        let outcome = state
            .read(move |c| {
                let rows =
                    db::participants(c, claimed.anno, &claimed.tipologie, &claimed.branches)?;
                let categories = db::category_rules(c)?;
                let file = sheets::write_participants(&rows, &categories)
                    .map_err(|e| Error::Internal(e.to_string()))?;
                Ok((file, rows.len() as u32))
            })
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "fasce deboli: request failed");
                "Preparazione del file non riuscita.".to_string()
            });
        let done = state.now();
        state
            .write(move |tx| db::complete_richiesta(tx, id, outcome, done))
            .await?;
        return Ok(true);
    }
    if let Some(claimed) = state
        .write(move |tx| db::claim_caricamento(tx, now))
        .await?
    {
        let id = claimed.id;
        if let Err(e) = process_caricamento(state, claimed, now).await {
            tracing::warn!(error = %e, "fasce deboli: upload failed");
            let done = state.now();
            state
                .write(move |tx| db::fail_caricamento(tx, id, db::INTERRUPTED, done))
                .await?;
        }
        return Ok(true);
    }
    Ok(false)
}

async fn process_caricamento(
    state: &AppState,
    claimed: db::Claimed,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = claimed.id;
    let today = now.date_naive();
    let judged = state
        .read(move |c| {
            let categories = db::category_rules(c)?;
            let known = db::known_pairs(c, claimed.anno, &claimed.branches)?;
            Ok(judge(&claimed.file, &categories, &known, today))
        })
        .await?;
    let done = state.now();
    match judged {
        Ok((acquired, outcomes, conteggi)) => {
            let esito =
                sheets::write_outcome(&outcomes).map_err(|e| Error::Internal(e.to_string()))?;
            state
                .write(move |tx| {
                    db::complete_caricamento(tx, id, &acquired, conteggi, &esito, done)
                })
                .await
        }
        Err(message) => {
            state
                .write(move |tx| db::fail_caricamento(tx, id, &message, done))
                .await
        }
    }
}

type Judged = (Vec<db::Acquired>, Vec<Outcome>, Conteggi);

/// Judges an uploaded file with the rules the client applies, against the
/// participants the upload may declare. Rows with errors are `SCARTATO` with the
/// messages as the reason; the others `ACQUISITO` (a blank flag declares nothing and
/// leaves an earlier declaration as it is).
pub fn judge(
    file: &[u8],
    categories: &[rules::Category],
    known: &std::collections::HashSet<(String, String)>,
    today: chrono::NaiveDate,
) -> std::result::Result<Judged, String> {
    let sheet = sheets::read_filled(file).map_err(|r| r.message)?;
    let ctx = Context {
        categories,
        known: Some(known),
        reference: today,
    };
    let report = rules::check_rows(&sheet.header, sheet.data(), &ctx);
    let mut acquired = Vec::new();
    let mut outcomes = Vec::with_capacity(report.rows.len());
    for d in &report.rows {
        let messages = |severity: Severity| {
            report
                .issues_of(d.row)
                .filter(|i| i.severity() == severity)
                .map(|i| format!("riga {}: {}", i.row, i.message))
                .collect::<Vec<_>>()
                .join(" ")
        };
        if d.ok {
            let mut motivo = messages(Severity::Warning);
            match d.fascia_debole {
                Some(flag) => acquired.push(db::Acquired {
                    codice_fiscale: d.codice_fiscale.clone(),
                    codice_progetto: d.codice_progetto.clone(),
                    fascia_debole: flag == Flag::Si,
                    categoria: d.categoria.clone(),
                }),
                None if motivo.is_empty() => {
                    motivo = format!(
                        "riga {}: Fascia debole non indicata, nessuna dichiarazione registrata.",
                        d.row
                    )
                }
                None => {}
            }
            outcomes.push(Outcome {
                codice_fiscale: d.codice_fiscale.clone(),
                codice_progetto: d.codice_progetto.clone(),
                acquisito: true,
                motivo,
            });
        } else {
            outcomes.push(Outcome {
                codice_fiscale: d.codice_fiscale.clone(),
                codice_progetto: d.codice_progetto.clone(),
                acquisito: false,
                motivo: messages(Severity::Error),
            });
        }
    }
    let conteggi = Conteggi {
        righe: report.rows_total as u32,
        acquisite: report.rows_ok as u32,
        scartate: report.rows_with_errors as u32,
    };
    Ok((acquired, outcomes, conteggi))
}

/// When a job submitted `now` becomes due.
pub fn due_at(state: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    now + chrono::Duration::from_std(state.settings.processing_delay)
        .unwrap_or(chrono::Duration::zero())
}
