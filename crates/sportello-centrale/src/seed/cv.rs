//! The sandbox's CVs (seed 003): real PDFs, made by the CV generator from some
//! citizens' SAP, read by the same reader as an upload and sealed with the server's
//! key; with consent or without, uploaded at the desk or not, one agency's request
//! waiting and one answered. A separate step of the seed: it needs the key file.

use std::path::Path;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sportello_core::cpi::cv::StatoRichiestaCv;
use sportello_demo::Generator;
use sportello_docs::{CvOptions, Issuer, cv_pdf, leggi_cv};
use sportello_protocol::cv::{
    Cv, DatiCv, EsitoRichiestaCv, FileCv, Impronta, NuovaRichiestaCv, NuovoCv, TERRITORI,
};
use uuid::Uuid;

use super::SeedReport;
use crate::db::cv::{FileLetto, metti_file, put};
use crate::db::{Db, Location};
use crate::error::{Error, Result};
use crate::sigillo::Sigillo;

/// One citizen in this many has a CV: the 40th, the 80th, … (the first citizens, whom
/// the scenarios and the desk's bookings start from, have none).
const OGNI: usize = 40;
/// At most this many: generating a PDF takes a few milliseconds.
const MASSIMO: usize = 120;

/// Adds the CVs to the seeded database at `location`, sealed with the key in `chiave`
/// (made if missing, as the server does). Returns how many.
pub fn seed_cvs(
    location: &Location,
    chiave: &Path,
    report: &SeedReport,
    now: DateTime<Utc>,
) -> Result<usize> {
    let sigillo = Sigillo::da_file(chiave)?;
    let issuer = Issuer {
        agency: "Centro per l'Impiego".into(),
        operator: "sandbox".into(),
        at: now.fixed_offset(),
    };
    let cvs: Vec<(Cv, Vec<u8>)> = Generator::new(report.seed, report.reference)
        .candidates(report.citizens, &report.branches)
        .enumerate()
        .filter(|(i, _)| *i >= OGNI && i.is_multiple_of(OGNI))
        .take(MASSIMO)
        .map(|(i, c)| {
            let pdf = cv_pdf(&c, &issuer, CvOptions::full(report.reference));
            let nome = format!("CV {} {}.pdf", c.personal.surname, c.personal.name);
            let letto = leggi_cv(&nome, &pdf)
                .map_err(|e| Error::Internal(format!("sandbox CV unreadable: {e}")))?;
            let sha = hex::encode(Sha256::digest(&pdf));
            let n = NuovoCv {
                codice_fiscale: c.codice_fiscale.clone(),
                dati: DatiCv {
                    descrizione: format!("Curriculum {}", i / OGNI),
                    consenso: !i.is_multiple_of(OGNI * 3),
                    territori: vec![TERRITORI[i % TERRITORI.len()].to_string()],
                },
                nome_file: nome.clone(),
                sha256: Impronta::try_from(sha.clone()).map_err(Error::Internal)?,
                caricato_cpi: i.is_multiple_of(2),
            };
            let file = FileCv {
                nome,
                formato: letto.formato,
                byte: pdf.len() as u64,
                sha256: sha,
            };
            let id = Uuid::from_u64_pair(report.seed, i as u64);
            let mut cv = Cv::nuovo(id, &n, &c.branch, file, letto.testo, "sandbox", now);
            if cv.dati.consenso && i % 3 == 1 {
                richiesta(&mut cv, i / OGNI, now)?;
            }
            Ok((cv, pdf))
        })
        .collect::<Result<_>>()?;
    let db = Db::open(location)?;
    let n = cvs.len();
    db.write(|tx| {
        for (cv, pdf) in &cvs {
            let letto = FileLetto {
                formato: cv.file.formato,
                byte: cv.file.byte,
                testo: cv.testo.clone(),
            };
            let sealed = sigillo.sigilla(&cv.file.sha256, pdf);
            metti_file(tx, &cv.file.sha256, &letto, sealed, "sandbox", now)?;
            put(tx, cv, now)?;
        }
        Ok(())
    })?;
    Ok(n)
}

/// Seed 003's example: GPI S.P.A. asks for a pizza maker's CV; the request on the
/// `n`th CV is answered when `n` is even, else it waits.
fn richiesta(cv: &mut Cv, n: usize, now: DateTime<Utc>) -> Result<()> {
    let r = NuovaRichiestaCv {
        id: Uuid::from_u64_pair(n as u64, 7),
        azienda: "GPI S.P.A.".into(),
        posizione: "PIZZAIOLO".into(),
    };
    cv.richiedi(&r, "sandbox", now).map_err(Error::Internal)?;
    if n.is_multiple_of(2) {
        let e = EsitoRichiestaCv {
            id: r.id,
            stato: StatoRichiestaCv::Accettata,
        };
        cv.rispondi(&e, now).map_err(Error::Internal)?;
    }
    Ok(())
}
