//! Seed 003, "Curriculum Vitae": the text of uploaded CVs. `count` CV PDFs of distinct
//! demo citizens, made by the CV generator, then read back with `leggi_cv` on every
//! core (each reading on its own guarded thread, as in the app).

use chrono::{Local, NaiveDate, Utc};
use sportello_core::filter::CandidateFilter;
use sportello_demo::Generator;
use sportello_docs::{CvOptions, Issuer, TestoCv, cv_pdf, leggi_cv};
use sportello_protocol::cv::{Cv, DatiCv, FileCv, Impronta, NuovoCv};
use sportello_store::{CandidateRecord, Scope, Store};
use uuid::Uuid;

use crate::{PASSWORD, median, ms, peak_rss_mb, timed};

pub(crate) fn cv(count: usize) {
    println!("== cv: the text of {count} CV PDFs");
    let reference = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let codes = vec!["FI01".to_string(), "PO01".to_string()];
    let candidates: Vec<_> = Generator::new(13, reference)
        .candidates(count, &codes)
        .collect();
    let issuer = Issuer {
        agency: "Centro per l'Impiego di Firenze".into(),
        operator: "bench".into(),
        at: Local::now().fixed_offset(),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (pdfs, make) = timed(|| {
        on_every_core(&candidates, cores, |c| {
            cv_pdf(c, &issuer, CvOptions::full(reference))
        })
    });
    println!(
        "{count} CV PDFs made, {cores} cores {:>9.0} ms (not part of the reading)",
        ms(make)
    );
    let (letti, read) = timed(|| on_every_core(&pdfs, cores, |pdf| leggi_cv("cv.pdf", pdf)));
    let chars: usize = letti
        .iter()
        .map(|l| l.as_ref().expect("every CV reads").testo.chars().count())
        .sum();
    println!(
        "leggi_cv, {cores} cores          {:>9.0} ms  ({:.0} files/s, {:.2} ms a file a core)",
        ms(read),
        count as f64 / read.as_secs_f64(),
        ms(read) * cores as f64 / count as f64
    );
    let mut sizes: Vec<usize> = pdfs.iter().map(Vec::len).collect();
    sizes.sort_unstable();
    println!(
        "CV PDF size                 median {:.1} KB, max {:.1} KB; text {:.0} characters a CV",
        sizes[sizes.len() / 2] as f64 / 1024.0,
        sizes[sizes.len() - 1] as f64 / 1024.0,
        chars as f64 / count as f64
    );
    let letti: Vec<TestoCv> = letti.into_iter().map(|l| l.expect("read above")).collect();
    index(&candidates, &letti);
    println!("peak RSS                    {:>9.0} MB", peak_rss_mb());
}

/// The other half: the texts kept in an encrypted store as a pull keeps them (two in
/// three consenting, their text in the keyword index), then a keyword search that
/// reads the CV index beside the candidates'.
fn index(candidates: &[sportello_core::Candidate], letti: &[TestoCv]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::create(dir.path(), PASSWORD).expect("create the store");
    let branches = sportello_demo::branches(2);
    store
        .write(|tx| tx.upsert_branches(&branches))
        .expect("branches");
    let records: Vec<CandidateRecord> = candidates
        .iter()
        .map(|c| CandidateRecord {
            candidate: c.clone(),
            version: 1,
            updated_at: Utc::now(),
        })
        .collect();
    for chunk in records.chunks(5_000) {
        store.bulk_upsert_candidates(chunk).expect("candidates");
    }
    let now = Utc::now();
    let cvs: Vec<Cv> = candidates
        .iter()
        .zip(letti)
        .enumerate()
        .map(|(i, (c, letto))| {
            let sha = format!("{i:064x}");
            let n = NuovoCv {
                codice_fiscale: c.codice_fiscale.clone(),
                dati: DatiCv {
                    descrizione: "cv".into(),
                    consenso: i % 3 != 0,
                    territori: vec!["Firenze".into()],
                },
                nome_file: "cv.pdf".into(),
                sha256: Impronta::try_from(sha.clone()).expect("hex"),
                caricato_cpi: false,
            };
            let file = FileCv {
                nome: "cv.pdf".into(),
                formato: letto.formato,
                byte: 20_000,
                sha256: sha,
            };
            Cv::nuovo(
                Uuid::new_v4(),
                &n,
                &c.branch,
                file,
                letto.testo.clone(),
                "bench",
                now,
            )
        })
        .collect();
    let (_, indexing) = timed(|| {
        for chunk in cvs.chunks(500) {
            store
                .write(|tx| {
                    chunk
                        .iter()
                        .try_for_each(|cv| sportello_sync::cv::keep_pulled(tx, cv))
                })
                .expect("keep the CVs");
        }
    });
    println!(
        "{} CVs kept and indexed  {:>9.0} ms  ({:.0} CVs/s, one core, 500 a transaction)",
        cvs.len(),
        ms(indexing),
        cvs.len() as f64 / indexing.as_secs_f64()
    );
    let filter = CandidateFilter {
        keywords: Some("magazziniere carrello".into()),
        ..Default::default()
    };
    let today = Local::now().date_naive();
    let mut found = 0;
    let runs: Vec<_> = (0..7)
        .map(|_| {
            timed(|| {
                found = store
                    .count_matching(&filter, &Scope::All, today)
                    .expect("count");
            })
            .1
        })
        .collect();
    println!(
        "keyword count with CV text  {:>9.1} ms  (median of 7; «magazziniere carrello»: {found} citizens)",
        ms(median(runs))
    );
}

/// `f` of each item, in order, the items split among `cores` threads.
fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    cores: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let chunk = items.len().div_ceil(cores.max(1)).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("a bench thread panicked"))
            .collect()
    })
}
