//! Seed 003, "Curriculum Vitae": the text of uploaded CVs. `count` CV PDFs of distinct
//! demo citizens, made by the CV generator, then read back with `leggi_cv` on every
//! core (each reading on its own guarded thread, as in the app).

use chrono::{Local, NaiveDate};
use sportello_demo::Generator;
use sportello_docs::{CvOptions, Issuer, cv_pdf, leggi_cv};

use crate::{ms, peak_rss_mb, timed};

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
    println!("peak RSS                    {:>9.0} MB", peak_rss_mb());
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
