//! Issue 8: SAP PDFs. 1,000 typical SAPs on one core (target ≤ 2 s), a batch of 10,000
//! through the app's use case on every core into a folder (≤ 10 s), and the size of a
//! typical SAP (≤ 60 KB).

use std::sync::atomic::AtomicBool;

use chrono::{Local, NaiveDate, Utc};
use sportello_app::documents::{self, BatchRequest};
use sportello_app::search::{CandidateFilter, Sort};
use sportello_demo::Generator;
use sportello_docs::Issuer;
use sportello_docs::batch::{Control, sap_each};
use sportello_store::{CandidateRecord, Store};

use crate::{PASSWORD, ms, timed};

pub fn docs(single: usize, batch: usize) {
    println!("== docs: SAP PDFs");
    let reference = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let codes = vec!["FI01".to_string(), "PO01".to_string()];
    let candidates: Vec<_> = Generator::new(11, reference)
        .candidates(single, &codes)
        .collect();
    let issuer = Issuer {
        agency: "Centro per l'Impiego di Firenze".into(),
        operator: "bench".into(),
        at: Local::now().fixed_offset(),
    };
    // Warm-up: the font is parsed once per process.
    let _ = sportello_docs::sap_pdf(&candidates[0], &issuer);
    let (sizes, one_core) = timed(|| {
        candidates
            .iter()
            .map(|c| sportello_docs::sap_pdf(c, &issuer).len())
            .collect::<Vec<_>>()
    });
    let mut sorted = sizes.clone();
    sorted.sort_unstable();
    println!(
        "{single} SAP PDFs, one core       {:>9.0} ms  ({:.2} ms each; target ≤ 2000 ms)",
        ms(one_core),
        ms(one_core) / single as f64
    );
    println!(
        "SAP PDF size                 median {:.1} KB, 95th pct {:.1} KB, max {:.1} KB (target ≤ 60 KB)",
        sorted[sorted.len() / 2] as f64 / 1024.0,
        sorted[sorted.len() * 95 / 100] as f64 / 1024.0,
        sorted[sorted.len() - 1] as f64 / 1024.0
    );

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let many: Vec<_> = Generator::new(12, reference)
        .candidates(batch, &codes)
        .collect();
    let cancel = AtomicBool::new(false);
    let control = Control {
        cancel: &cancel,
        progress: &|_| {},
    };
    let (_, render) = timed(|| {
        sap_each(&many, &issuer, control, |_, bytes| {
            std::hint::black_box(bytes);
            Ok::<(), std::convert::Infallible>(())
        })
        .expect("render")
    });
    println!(
        "{batch} SAP PDFs in memory, {cores} cores {:>7.0} ms",
        ms(render)
    );

    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::create(&dir.path().join("store"), PASSWORD).expect("store");
    store
        .write(|tx| tx.upsert_branches(&sportello_demo::branches(2)))
        .expect("branches");
    let now = Utc::now();
    store
        .bulk_upsert_candidates(many.into_iter().map(|candidate| CandidateRecord {
            candidate,
            version: 1,
            updated_at: now,
        }))
        .expect("load");
    let out = dir.path().join("schede");
    let request = BatchRequest {
        query: sportello_app::search::Query {
            filter: CandidateFilter::default(),
            scope: sportello_app::search::Scope::All,
            sort: Sort::default(),
        },
        out_dir: Some(out.clone()),
        merged: None,
        overwrite: false,
    };
    let (report, folder) = timed(|| {
        documents::sap_batch(
            &mut store,
            "bench",
            &request,
            Local::now(),
            &|_| {},
            &cancel,
        )
        .expect("batch")
    });
    let bytes: u64 = std::fs::read_dir(&out)
        .expect("folder")
        .map(|e| e.expect("entry").metadata().expect("size").len())
        .sum();
    println!(
        "sap batch {} → folder, {cores} cores {:>6.0} ms  (store read + render + write + audit; target ≤ 10000 ms; {:.0} MB)",
        report.candidates,
        ms(folder),
        bytes as f64 / 1e6
    );
}
