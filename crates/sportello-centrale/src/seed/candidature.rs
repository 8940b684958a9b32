//! Sandbox applications (seed 003, "Candidature"): a few citizens of the branch apply
//! to a published offer, each application at a step of the CPI's outcome — inserted,
//! taken in charge, sent to the company, not sent with its reason.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sportello_core::cpi::candidature::EsitoCandidatura;
use sportello_protocol::candidature::{Candidatura, NuovaCandidatura, NuovoEsito};
use sportello_protocol::offerte::Offerta;
use uuid::Uuid;

use crate::db::{Tx, candidature};
use crate::error::Result;

/// The outcomes an application walks to, in turn.
const PERCORSI: [&[EsitoCandidatura]; 4] = [
    &[],
    &[EsitoCandidatura::PresoInCarico],
    &[
        EsitoCandidatura::PresoInCarico,
        EsitoCandidatura::InviataAzienda,
    ],
    &[
        EsitoCandidatura::PresoInCarico,
        EsitoCandidatura::NonInviataAzienda,
    ],
];

/// Applications to `offerta` from `people` (codice fiscale, surname, name of its
/// branch's citizens); returns how
/// many. `turn` rotates the outcomes across offers.
pub fn seed(
    tx: &Tx,
    offerta: &Offerta,
    people: &[(String, String, String)],
    rng: &mut impl Rng,
    turn: &mut usize,
    now: DateTime<Utc>,
) -> Result<usize> {
    if people.is_empty() {
        return Ok(0);
    }
    let author = format!("operatore.{}", offerta.dati.filiale.to_lowercase());
    let mut made = 0;
    for _ in 0..rng.random_range(0..4) {
        let (cf, ..) = &people[rng.random_range(0..people.len())];
        if candidature::exists(tx, offerta.id, cf)? {
            continue;
        }
        let data = now - Duration::minutes(rng.random_range(60..20 * 24 * 60));
        let nuova = NuovaCandidatura {
            cv: None,
            offerta: offerta.id,
            codice_fiscale: cf.clone(),
            requisiti_dichiarati: true,
        };
        let mut c = Candidatura::nuova(
            Uuid::new_v4(),
            (
                offerta.id,
                &offerta.codice,
                &offerta.dati.filiale,
                &offerta.dati.qualifica,
            ),
            &nuova,
            "cittadino",
            data,
        );
        for (step, esito) in PERCORSI[*turn % PERCORSI.len()].iter().enumerate() {
            let nota = match esito {
                EsitoCandidatura::NonInviataAzienda => "Requisito di esperienza non documentato.",
                EsitoCandidatura::InviataAzienda => "CV inoltrato al referente aziendale.",
                _ => "",
            };
            let e = NuovoEsito {
                esito: *esito,
                nota: nota.into(),
            };
            let quando = data + Duration::minutes(30 * (step as i64 + 1));
            c.esito(&e, &author, quando)
                .expect("the seed walks forward");
        }
        *turn += 1;
        candidature::put(tx, &c, now)?;
        made += 1;
    }
    Ok(made)
}
