//! The daily cross-branch report of super and master users (seed 001, issue 17): the
//! server makes it each morning; every sync brings the new ones into the store, where
//! they are read offline, listed, opened (the Cruscotto announces the unread), asked
//! for a past day, and exported to Excel (a sheet per list) and PDF.

use std::path::Path;

use chrono::{Local, NaiveDate, Utc};
use serde::Serialize;
use sportello_core::offerte::StatoInteresse;
use sportello_docs::{CountTable, Issuer, ReportDoc, TrendChart};
use sportello_protocol::report::{Conteggi, Report};
use sportello_sheets::table::{Cell, Properties, SmallSheet, write_sheets};
use sportello_store::{ReportRow, Store};

use crate::documents::DocumentReport;
use crate::sync::{client_of, session_role};
use crate::{AppError, Result};

/// A report in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportSummary {
    /// `YYYY-MM-DD`: what the other calls take.
    pub giorno: String,
    /// "Report del 05/12/2026".
    pub titolo: String,
    /// "06/12/2026 07:00".
    pub generato: String,
    /// Made by the daily job (else asked later).
    pub programmato: bool,
    pub letto: bool,
    pub cittadini_nuovi: u32,
    pub interessi_nuovi: u32,
    pub interessi_da_valutare: u32,
}

/// One day of a branch's trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PuntoView {
    /// "05/12".
    pub giorno: String,
    pub cittadini: u32,
    pub interessi: u32,
}

/// One branch's column of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColonnaReport {
    pub code: String,
    pub nome: String,
    /// One per [`ReportView::voci`].
    pub valori: Vec<u32>,
    /// The last 30 days.
    pub andamento: Vec<PuntoView>,
}

/// A report as the screen shows it: a row per count, a column per branch and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportView {
    pub giorno: String,
    pub titolo: String,
    pub generato: String,
    pub programmato: bool,
    pub voci: Vec<String>,
    pub filiali: Vec<ColonnaReport>,
    pub totale: Vec<u32>,
    /// "Campagna 2026: scadenza 31/12/2026, tra 25 giorni", when one is open.
    pub campagna: Option<String>,
}

/// The report's counts, labelled, in the order every view shows them.
fn voci(c: &Conteggi) -> Vec<(String, u32)> {
    let mut v = vec![
        ("Cittadini seguiti".to_string(), c.cittadini),
        ("Nuovi cittadini".into(), c.cittadini_nuovi),
        (
            "Nuove manifestazioni di interesse".into(),
            c.interessi_nuovi,
        ),
    ];
    for s in StatoInteresse::TUTTI {
        let n = c
            .interessi_per_stato
            .iter()
            .find(|i| i.stato == s)
            .map_or(0, |i| i.numero);
        v.push((format!("Interessi «{}»", s.etichetta()), n));
    }
    v.extend([
        ("Offerte pubblicate".to_string(), c.offerte_pubblicate),
        (
            "Offerte in scadenza entro 7 giorni".into(),
            c.offerte_in_scadenza,
        ),
        ("Offerte scadute".into(), c.offerte_scadute),
        ("Offerte chiuse".into(), c.offerte_chiuse),
        ("Comunicazioni di rifiuto".into(), c.rifiuti_comunicati),
        (
            "Caricamenti fasce deboli (campagna aperta)".into(),
            c.caricamenti_fasce_deboli,
        ),
    ]);
    v
}

fn titolo(giorno: NaiveDate) -> String {
    format!("Report del {}", giorno.format("%d/%m/%Y"))
}

fn local(at: chrono::DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

fn parse(row: &ReportRow) -> Result<Report> {
    serde_json::from_str(&row.record)
        .map_err(|e| AppError::Internal(format!("report {} illeggibile: {e}", row.giorno)))
}

fn campagna(r: &Report) -> Option<String> {
    r.campagna.as_ref().map(|c| {
        format!(
            "Campagna fasce deboli {}: scadenza {}, tra {} giorni",
            c.anno,
            c.scadenza.format("%d/%m/%Y"),
            c.giorni_alla_scadenza
        )
    })
}

fn view(r: &Report) -> ReportView {
    let totale = voci(&r.totale);
    ReportView {
        giorno: r.giorno.to_string(),
        titolo: titolo(r.giorno),
        generato: local(r.generato_il),
        programmato: r.programmato,
        voci: totale.iter().map(|(k, _)| k.clone()).collect(),
        totale: totale.iter().map(|(_, v)| *v).collect(),
        filiali: r
            .filiali
            .iter()
            .map(|f| ColonnaReport {
                code: f.code.clone(),
                nome: f.name.clone(),
                valori: voci(&f.conteggi).into_iter().map(|(_, v)| v).collect(),
                andamento: f
                    .andamento
                    .iter()
                    .map(|p| PuntoView {
                        giorno: p.giorno.format("%d/%m").to_string(),
                        cittadini: p.cittadini_nuovi,
                        interessi: p.interessi_nuovi,
                    })
                    .collect(),
            })
            .collect(),
        campagna: campagna(r),
    }
}

/// `YYYY-MM-DD`, as the screens and the CLI give it.
pub fn parse_day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::InvalidInput(format!("giorno non valido: {text:?} (AAAA-MM-GG)")))
}

/// The reports kept, newest first.
pub fn elenco(store: &Store) -> Result<Vec<ReportSummary>> {
    store
        .reports()?
        .iter()
        .map(|row| {
            let r = parse(row)?;
            Ok(ReportSummary {
                giorno: r.giorno.to_string(),
                titolo: titolo(r.giorno),
                generato: local(r.generato_il),
                programmato: r.programmato,
                letto: row.letto,
                cittadini_nuovi: r.totale.cittadini_nuovi,
                interessi_nuovi: r.totale.interessi_nuovi,
                interessi_da_valutare: r.totale.interessi_da_valutare,
            })
        })
        .collect()
}

fn kept(store: &Store, giorno: NaiveDate) -> Result<Report> {
    let row = store.report(giorno)?.ok_or_else(|| {
        AppError::InvalidInput(format!(
            "nessun report del {}: sincronizza o chiedilo al server",
            giorno.format("%d/%m/%Y")
        ))
    })?;
    parse(&row)
}

/// Opens a kept report (offline too) and marks it read.
pub fn apri(store: &mut Store, giorno: NaiveDate) -> Result<ReportView> {
    let r = kept(store, giorno)?;
    store.mark_report_read(giorno)?;
    Ok(view(&r))
}

/// The server, the session's token and username, for a super or master (`None` for an
/// operatore, who receives no report).
fn online(store: &Store) -> Result<Option<(sportello_sync::Client, String, String)>> {
    let (role, _, token) = session_role(store)?;
    if !role.agency_level() {
        return Ok(None);
    }
    let username = store.session()?.ok_or(AppError::NotLoggedIn)?.username;
    Ok(Some((client_of(store)?, token, username)))
}

/// After a sync: the reports the server made since the last one kept. Operatori get
/// none. Returns how many are new.
pub async fn ricevi(store: &mut Store) -> Result<usize> {
    let Some((client, token, username)) = online(store)? else {
        return Ok(0);
    };
    let today = Local::now().date_naive();
    Ok(sportello_sync::report::receive(&client, store, &token, &username, today).await?)
}

/// The report of a past day, asked of the server now (kept like the others).
pub async fn chiedi(store: &mut Store, giorno: NaiveDate) -> Result<ReportView> {
    let Some((client, token, username)) = online(store)? else {
        return Err(AppError::InvalidInput(
            "il report giornaliero è delle utenze super e master".into(),
        ));
    };
    let today = Local::now().date_naive();
    let r =
        sportello_sync::report::request(&client, store, &token, &username, giorno, today).await?;
    store.mark_report_read(giorno)?;
    Ok(view(&r))
}

/// A count's label, its value in each branch, the total.
type RigaSintesi = (String, Vec<u32>, u32);

/// The "Sintesi" table: the header (Voce, each branch's code, Totale) and a row per
/// count with its value in each branch and the total.
fn sintesi(r: &Report) -> (Vec<String>, Vec<RigaSintesi>) {
    let mut header = vec!["Voce".to_string()];
    header.extend(r.filiali.iter().map(|f| f.code.clone()));
    header.push("Totale".into());
    let per_branch: Vec<Vec<(String, u32)>> = r.filiali.iter().map(|f| voci(&f.conteggi)).collect();
    let rows = voci(&r.totale)
        .into_iter()
        .enumerate()
        .map(|(i, (label, total))| (label, per_branch.iter().map(|b| b[i].1).collect(), total))
        .collect();
    (header, rows)
}

fn cell(n: u32) -> Cell<'static> {
    Cell::Number(f64::from(n))
}

/// The workbook: "Sintesi" (every count, a column per branch and the total), then a
/// sheet per list: interests by state, offers, the daily trend.
fn workbook(r: &Report, operator: &str) -> Result<Vec<u8>> {
    let (header, rows) = sintesi(r);
    let sintesi = SmallSheet {
        name: "Sintesi",
        columns: header.iter().map(String::as_str).collect(),
        rows: rows
            .iter()
            .map(|(label, values, total)| {
                let mut row = vec![Cell::Text(label.as_str())];
                row.extend(values.iter().map(|v| cell(*v)));
                row.push(cell(*total));
                row
            })
            .collect(),
    };
    let mut interest_cols = vec!["Filiale", "Nome"];
    let labels: Vec<&str> = StatoInteresse::TUTTI
        .iter()
        .map(|s| s.etichetta())
        .collect();
    interest_cols.extend(labels.iter().copied());
    interest_cols.push("Nuove nel giorno");
    let interessi = SmallSheet {
        name: "Interessi",
        columns: interest_cols,
        rows: r
            .filiali
            .iter()
            .map(|f| {
                let mut row = vec![Cell::Code(&f.code), Cell::Text(&f.name)];
                row.extend(StatoInteresse::TUTTI.iter().map(|s| {
                    cell(
                        f.conteggi
                            .interessi_per_stato
                            .iter()
                            .find(|i| i.stato == *s)
                            .map_or(0, |i| i.numero),
                    )
                }));
                row.push(cell(f.conteggi.interessi_nuovi));
                row
            })
            .collect(),
    };
    let offerte = SmallSheet {
        name: "Offerte",
        columns: vec![
            "Filiale",
            "Nome",
            "Pubblicate",
            "In scadenza entro 7 giorni",
            "Scadute",
            "Chiuse",
            "Comunicazioni di rifiuto",
        ],
        rows: r
            .filiali
            .iter()
            .map(|f| {
                let c = &f.conteggi;
                vec![
                    Cell::Code(&f.code),
                    Cell::Text(&f.name),
                    cell(c.offerte_pubblicate),
                    cell(c.offerte_in_scadenza),
                    cell(c.offerte_scadute),
                    cell(c.offerte_chiuse),
                    cell(c.rifiuti_comunicati),
                ]
            })
            .collect(),
    };
    let andamento = SmallSheet {
        name: "Andamento 30 giorni",
        columns: vec![
            "Giorno",
            "Filiale",
            "Nuovi cittadini",
            "Nuove manifestazioni di interesse",
        ],
        rows: r
            .filiali
            .iter()
            .flat_map(|f| {
                f.andamento.iter().map(move |p| {
                    vec![
                        Cell::Date(p.giorno),
                        Cell::Code(&f.code),
                        cell(p.cittadini_nuovi),
                        cell(p.interessi_nuovi),
                    ]
                })
            })
            .collect(),
    };
    let properties = Properties {
        title: titolo(r.giorno),
        subject: "Report giornaliero cross-filiale".into(),
        author: operator.into(),
        company: String::new(),
        comment: campagna(r).unwrap_or_default(),
    };
    write_sheets(&[sintesi, interessi, offerte, andamento], &properties)
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn document(r: &Report) -> ReportDoc {
    let (headers, rows) = sintesi(r);
    let mut fields = vec![
        (
            "Giorno".to_string(),
            r.giorno.format("%d/%m/%Y").to_string(),
        ),
        ("Generato il".into(), local(r.generato_il)),
        ("Per".into(), r.destinatario.clone()),
    ];
    if let Some(c) = campagna(r) {
        fields.push(("Fasce deboli".into(), c));
    }
    ReportDoc {
        kind: "Report".into(),
        title: format!(
            "Report giornaliero cross-filiale del {}",
            r.giorno.format("%d/%m/%Y")
        ),
        reference: format!("Giorno {}", r.giorno.format("%d/%m/%Y")),
        fields,
        tables: vec![
            CountTable {
                title: "Sintesi per filiale".into(),
                headers,
                rows: rows
                    .into_iter()
                    .map(|(label, values, total)| {
                        let mut row = vec![label];
                        row.extend(values.iter().map(u32::to_string));
                        row.push(total.to_string());
                        row
                    })
                    .collect(),
            },
            CountTable {
                title: "Filiali".into(),
                headers: vec!["Codice".into(), "Nome".into()],
                rows: r
                    .filiali
                    .iter()
                    .map(|f| vec![f.code.clone(), f.name.clone()])
                    .collect(),
            },
        ],
        charts: r
            .filiali
            .iter()
            .map(|f| TrendChart {
                title: format!("{} — {}: ultimi 30 giorni", f.code, f.name),
                days: f
                    .andamento
                    .iter()
                    .map(|p| p.giorno.format("%d/%m").to_string())
                    .collect(),
                series: [
                    (
                        "Nuovi cittadini".into(),
                        f.andamento.iter().map(|p| p.cittadini_nuovi).collect(),
                    ),
                    (
                        "Nuovi interessi".into(),
                        f.andamento.iter().map(|p| p.interessi_nuovi).collect(),
                    ),
                ],
            })
            .collect(),
    }
}

pub use crate::documents::Formato;

/// Writes a kept report to `out` (recorded in the audit log).
pub fn esporta(
    store: &mut Store,
    operator: &str,
    giorno: NaiveDate,
    formato: Formato,
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    let r = kept(store, giorno)?;
    let now = Local::now();
    let (bytes, kind) = match formato {
        Formato::Excel => (workbook(&r, operator)?, "report_xlsx"),
        Formato::Pdf => {
            let printed = Issuer {
                agency: crate::search::export::agency_name(store)?,
                operator: operator.into(),
                at: now.fixed_offset(),
            };
            (
                sportello_docs::report_pdf(&document(&r), &printed),
                "report_pdf",
            )
        }
    };
    let details = serde_json::json!({"kind": kind, "giorno": r.giorno.to_string()});
    crate::documents::save(store, operator, now, (out, overwrite), &bytes, details)
}
