//! The daily report job: once a day, at the configured time (Europe/Rome, on the
//! injectable clock), the report of the day before for every enabled super and master
//! user, each with its message in the mail outbox, in one transaction. Runs in the
//! worker that holds the lease ([`crate::fasce_deboli::spawn`]), so one instance makes
//! them; a server that was down at that time makes them when it is back.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sportello_protocol::FieldError;
use sportello_protocol::report::Report;

use crate::db::Tx;
use crate::db::report::{self as db, Agenzia, giorno_di};
use crate::error::{Error, Result};
use crate::state::AppState;

/// Makes the reports due now, unless `done` says this day's are made.
pub async fn run_due(state: &AppState, done: &mut Option<NaiveDate>) -> Result<()> {
    let now = state.now();
    let oggi = giorno_di(now);
    let local = now.with_timezone(&chrono_tz::Europe::Rome).time();
    if *done == Some(oggi) || local < state.settings.report_at {
        return Ok(());
    }
    let giorno = oggi - Duration::days(1);
    let made = state.write(move |tx| make_daily(tx, giorno, now)).await?;
    if made > 0 {
        tracing::info!(reports = made, day = %giorno, "daily reports made");
    }
    *done = Some(oggi);
    Ok(())
}

/// The daily reports of `giorno` that are missing, each with its mail, in the
/// transaction `tx`; how many were made.
pub fn make_daily(tx: &Tx, giorno: NaiveDate, now: DateTime<Utc>) -> Result<usize> {
    let mut due = Vec::new();
    for d in db::destinatari(tx)? {
        if !db::exists(tx, &d.username, giorno)? {
            due.push(d);
        }
    }
    if due.is_empty() {
        return Ok(0);
    }
    let agenzia = Agenzia::leggi(tx, giorno)?;
    for d in &due {
        let report = agenzia.report(&d.username, &d.branches, now, true);
        db::save(tx, &report)?;
        let (oggetto, corpo) = messaggio(&report);
        db::accoda_posta(tx, &d.username, d.email.as_deref(), &oggetto, &corpo, now)?;
    }
    Ok(due.len())
}

/// The report of `giorno` for `user` (made now, unless it exists).
pub async fn on_demand(
    state: &AppState,
    user: String,
    branches: Vec<String>,
    giorno: NaiveDate,
) -> Result<Report> {
    let now = state.now();
    if giorno >= giorno_di(now) {
        return Err(Error::incoherent(
            "Il report si chiede per un giorno concluso.",
            vec![FieldError::new(
                "giorno",
                "incoerente",
                "Scegliere un giorno precedente a oggi.",
            )],
        ));
    }
    state
        .write(move |tx| {
            if let Some(r) = db::find(tx, &user, giorno)? {
                return Ok(r);
            }
            let report = Agenzia::leggi(tx, giorno)?.report(&user, &branches, now, false);
            db::save(tx, &report)?;
            Ok(report)
        })
        .await
}

/// The e-mail of a report: subject and plain text.
pub fn messaggio(r: &Report) -> (String, String) {
    let giorno = r.giorno.format("%d/%m/%Y");
    let oggetto = format!("Sportello — report giornaliero del {giorno}");
    let t = &r.totale;
    let mut corpo = format!(
        "Report giornaliero cross-filiale del {giorno} per {}.\n\n\
         Totale delle {} filiali:\n\
         - cittadini: {} ({} nuovi)\n\
         - manifestazioni di interesse nuove: {}, da valutare: {}\n\
         - offerte pubblicate: {} (in scadenza entro 7 giorni: {}), scadute: {}, chiuse: {}\n\
         - comunicazioni di rifiuto: {}\n\
         - caricamenti fasce deboli della campagna aperta: {}\n",
        r.destinatario,
        r.filiali.len(),
        t.cittadini,
        t.cittadini_nuovi,
        t.interessi_nuovi,
        t.interessi_da_valutare,
        t.offerte_pubblicate,
        t.offerte_in_scadenza,
        t.offerte_scadute,
        t.offerte_chiuse,
        t.rifiuti_comunicati,
        t.caricamenti_fasce_deboli,
    );
    if let Some(c) = &r.campagna {
        corpo.push_str(&format!(
            "  (campagna {}: scadenza {}, tra {} giorni)\n",
            c.anno,
            c.scadenza.format("%d/%m/%Y"),
            c.giorni_alla_scadenza
        ));
    }
    corpo.push_str(
        "\nPer filiale (cittadini nuovi / interessi nuovi / da valutare / offerte pubblicate):\n",
    );
    for f in &r.filiali {
        let c = &f.conteggi;
        corpo.push_str(&format!(
            "- {} {}: {} / {} / {} / {}\n",
            f.code,
            f.name,
            c.cittadini_nuovi,
            c.interessi_nuovi,
            c.interessi_da_valutare,
            c.offerte_pubblicate
        ));
    }
    corpo.push_str(
        "\nIl report completo, con l'andamento degli ultimi 30 giorni, è in Sportello.\n",
    );
    (oggetto, corpo)
}
