//! The daily cross-branch reports of a super or master user (issue 17): fetched after
//! each sync and kept in the store for offline reading; one for a past day on demand.
//! What the server says is checked before it is kept: reports are shown, exported and
//! name files.

use chrono::{Duration, NaiveDate};
use reqwest::Method;
use sportello_protocol::report::{
    GIORNI_ANDAMENTO, MAX_REPORT_PER_PAGINA, NuovoReport, Report, Reports, paths,
};
use sportello_store::{ReportRow, Store};

use crate::client::Client;
use crate::error::{Error, Result};

/// More branches than any agency has.
const MAX_FILIALI: usize = 1_000;
/// More pages than a year of reports: a server that never says "no more" is cut off.
const MAX_PAGINE: usize = 20;

fn sane(r: &Report, username: &str, today: NaiveDate) -> bool {
    let code =
        |c: &str| (1..=16).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_alphanumeric());
    let text = |t: &str| t.chars().count() <= 200 && !t.chars().any(char::is_control);
    let trend_ok = |f: &sportello_protocol::report::ReportFiliale| {
        f.andamento.len() == GIORNI_ANDAMENTO
            && f.andamento.iter().enumerate().all(|(i, p)| {
                p.giorno == r.giorno - Duration::days((GIORNI_ANDAMENTO - 1 - i) as i64)
            })
    };
    r.destinatario == username
        && r.giorno <= today
        && r.filiali.len() <= MAX_FILIALI
        && r.filiali
            .iter()
            .all(|f| code(&f.code) && text(&f.name) && trend_ok(f))
        && r.campagna.as_ref().is_none_or(|c| {
            (2000..=2100).contains(&c.anno) && (0..=3660).contains(&c.giorni_alla_scadenza)
        })
}

fn checked(r: Report, username: &str, today: NaiveDate) -> Result<Report> {
    if sane(&r, username, today) {
        Ok(r)
    } else {
        Err(Error::Protocol(format!(
            "il server ha inviato un report non valido ({})",
            r.giorno
        )))
    }
}

fn row(r: &Report) -> Result<ReportRow> {
    Ok(ReportRow {
        giorno: r.giorno,
        generato_il: r.generato_il,
        programmato: r.programmato,
        record: serde_json::to_string(r).map_err(|e| Error::Protocol(format!("report: {e}")))?,
        letto: false,
    })
}

impl Client {
    /// The user's reports of days after `dopo`, oldest first.
    pub async fn reports(
        &self,
        token: &str,
        username: &str,
        dopo: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Vec<Report>> {
        let mut all = Vec::new();
        let mut after = dopo;
        for _ in 0..MAX_PAGINE {
            let path = match after {
                // A date: nothing to escape.
                Some(d) => format!("{}?dopo={d}", paths::REPORT),
                None => paths::REPORT.to_string(),
            };
            let page: Reports = self
                .call(Method::GET, &path, Some(token), None::<&()>)
                .await?;
            if page.report.len() > MAX_REPORT_PER_PAGINA {
                return Err(Error::Protocol("troppi report nella risposta".into()));
            }
            let last = page.report.last().map(|r| r.giorno);
            for r in page.report {
                if after.is_some_and(|a| r.giorno <= a) {
                    return Err(Error::Protocol("report fuori ordine nella risposta".into()));
                }
                all.push(checked(r, username, today)?);
            }
            match (page.altri, last) {
                (true, Some(l)) => after = Some(l),
                _ => return Ok(all),
            }
        }
        Ok(all)
    }

    /// The report of a past day, made now by the server unless it existed.
    pub async fn report_of(
        &self,
        token: &str,
        username: &str,
        giorno: NaiveDate,
        today: NaiveDate,
    ) -> Result<Report> {
        let made: Report = self
            .call(
                Method::POST,
                paths::REPORT,
                Some(token),
                Some(&NuovoReport { giorno }),
            )
            .await?;
        if made.giorno != giorno {
            return Err(Error::Protocol(
                "il server ha risposto con un altro giorno".into(),
            ));
        }
        checked(made, username, today)
    }
}

/// Fetches the reports the store lacks and keeps them; how many are new.
pub async fn receive(
    client: &Client,
    store: &mut Store,
    token: &str,
    username: &str,
    today: NaiveDate,
) -> Result<usize> {
    let after = store.last_report_day()?;
    let reports = client.reports(token, username, after, today).await?;
    let rows = reports.iter().map(row).collect::<Result<Vec<_>>>()?;
    Ok(store.save_reports(&rows)?)
}

/// Asks for the report of `giorno` and keeps it.
pub async fn request(
    client: &Client,
    store: &mut Store,
    token: &str,
    username: &str,
    giorno: NaiveDate,
    today: NaiveDate,
) -> Result<Report> {
    let report = client.report_of(token, username, giorno, today).await?;
    store.save_reports(&[row(&report)?])?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use sportello_protocol::report::{Conteggi, PuntoAndamento, ReportFiliale};

    use super::*;

    fn report(giorno: NaiveDate) -> Report {
        Report {
            giorno,
            destinatario: "super".into(),
            generato_il: Utc::now(),
            programmato: true,
            filiali: vec![ReportFiliale {
                code: "FI01".into(),
                name: "Filiale di Firenze".into(),
                conteggi: Conteggi::default(),
                andamento: (0..GIORNI_ANDAMENTO)
                    .map(|i| PuntoAndamento {
                        giorno: giorno - Duration::days((GIORNI_ANDAMENTO - 1 - i) as i64),
                        cittadini_nuovi: 1,
                        interessi_nuovi: 0,
                    })
                    .collect(),
            }],
            totale: Conteggi::default(),
            campagna: None,
        }
    }

    #[test]
    fn a_report_is_kept_only_as_the_contract_describes_it() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let day = today - Duration::days(1);
        assert!(sane(&report(day), "super", today));
        assert!(!sane(&report(day), "master", today), "another user's");
        assert!(
            !sane(&report(today + Duration::days(1)), "super", today),
            "a day to come"
        );
        let mut r = report(day);
        r.filiali[0].andamento.pop();
        assert!(!sane(&r, "super", today), "a short trend");
        let mut r = report(day);
        r.filiali[0].andamento[3].giorno = day;
        assert!(!sane(&r, "super", today), "days out of order");
        let mut r = report(day);
        r.filiali[0].code = "../x".into();
        assert!(!sane(&r, "super", today), "a branch code that is not one");
        let mut r = report(day);
        r.filiali[0].name = "a\u{1b}[2J".into();
        assert!(!sane(&r, "super", today), "control characters");
    }
}
