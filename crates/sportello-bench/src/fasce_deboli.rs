//! Issue 7's budgets on 100,000 participants, through the use cases an operator
//! triggers: export for filling ≤ 2 s, `controlla` of the filled file ≤ 2 s (against
//! the downloaded participants), suggestions for every participant ≤ 3 s.

use std::time::Instant;

use chrono::{Local, NaiveDate, Utc};
use sportello_app::fasce_deboli as fd;
use sportello_core::Candidate;
use sportello_demo::Generator;
use sportello_store::{
    CandidateRecord, FdCategory, FdParticipant, FdRequest, FdRequestState, Store,
};

const ANNO: i32 = 2025;

pub fn fasce_deboli(count: usize) {
    println!("== fasce deboli: {count} participants (each with a SAP in the store)");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = prepared(&dir.path().join("store"), count);

    let file = dir.path().join("fasce-deboli.xlsx");
    let start = Instant::now();
    let export =
        fd::export_for_filling(&mut store, "bench", Some(ANNO), &file, false, Local::now())
            .expect("export");
    let export_time = start.elapsed();
    assert_eq!(export.rows, count);

    let start = Instant::now();
    let report = fd::check_file(&store, &file, Local::now().date_naive()).expect("check");
    let check_time = start.elapsed();
    assert_eq!(report.rows_total, count, "every row is checked");
    assert_eq!(report.rows_with_errors, 0, "{:?}", report.issues.first());

    let start = Instant::now();
    let suggestions = fd::suggest(&store, ANNO).expect("suggest");
    let suggest_time = start.elapsed();
    let with = suggestions
        .iter()
        .filter(|s| !s.suggestions.is_empty())
        .count();

    let size = std::fs::metadata(&file)
        .map(|m| m.len())
        .unwrap_or_default();
    println!(
        "export for filling          {:>9.0} ms  ({:.1} MB)",
        export_time.as_secs_f64() * 1e3,
        size as f64 / 1e6
    );
    println!(
        "controlla (read + check)    {:>9.0} ms",
        check_time.as_secs_f64() * 1e3
    );
    println!(
        "suggestions                 {:>9.0} ms  ({with} participants with at least one)",
        suggest_time.as_secs_f64() * 1e3
    );
}

/// A store with `count` demo candidates and each of them a participant of a 2025
/// project, as if the participants file had just been downloaded.
fn prepared(path: &std::path::Path, count: usize) -> Store {
    let mut store = Store::create(path, crate::PASSWORD).expect("store");
    let reference = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid date");
    let branches = sportello_demo::branches(3);
    let codes: Vec<String> = branches.iter().map(|b| b.code.clone()).collect();
    store
        .write(|tx| tx.upsert_branches(&branches))
        .expect("branches");
    let now = Utc::now();
    let candidates: Vec<Candidate> = Generator::new(7, reference)
        .candidates(count, &codes)
        .collect();
    store
        .bulk_upsert_candidates(candidates.iter().map(|c| CandidateRecord {
            candidate: c.clone(),
            version: 1,
            updated_at: now,
        }))
        .expect("candidates");
    let categories: Vec<FdCategory> = [
        ("DIS", "persona con disabilità (L. 68/1999)"),
        ("MSV", "lavoratore molto svantaggiato"),
        (
            "SVA",
            "privo di impiego regolarmente retribuito da almeno 6 mesi",
        ),
        ("SVB", "età compresa tra 15 e 24 anni"),
        (
            "SVC",
            "privo di diploma di scuola media superiore o professionale",
        ),
        ("SVD", "età superiore a 50 anni"),
    ]
    .into_iter()
    .map(|(code, label)| FdCategory {
        code: code.into(),
        label: label.into(),
        source: "Reg. UE 651/2014".into(),
    })
    .collect();
    store
        .fd_replace_lists(&categories, &[], &[])
        .expect("lists");
    store
        .fd_save_request(&FdRequest {
            id: "bench".into(),
            server_id: None,
            anno: ANNO,
            tipologie: vec!["BASE".into()],
            email: None,
            stato: FdRequestState::Pronto,
            requested_at: now,
            completed_at: Some(now),
            righe: Some(count as u32),
            errore: None,
            downloaded_at: None,
        })
        .expect("request");
    let participants: Vec<FdParticipant> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| FdParticipant {
            anno: ANNO,
            codice_fiscale: c.codice_fiscale.clone(),
            codice_progetto: format!("FT25-{:05}", i / 20),
            tipologia: "BASE".into(),
            titolo: "Sicurezza sul lavoro".into(),
            data_inizio: NaiveDate::from_ymd_opt(2025, 3, 1 + (i % 20) as u32).expect("valid date"),
            aula_omogenea: true,
            cognome: c.personal.surname.clone(),
            nome: c.personal.name.clone(),
            fascia_debole: None,
            categoria: None,
        })
        .collect();
    store
        .fd_store_download("bench", &participants, now)
        .expect("download");
    store
}
