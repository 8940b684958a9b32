//! Demo job offers, coherent with the demo citizens: the jobs they hold and want, in
//! the comuni where they live. Codes come from the lists passed in (the server's).

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sportello_core::Branch;
use sportello_core::education::EducationLevel;
use sportello_core::offerte::{DatiOfferta, UlterioriRequisiti, Voce, Voci};

use crate::{Generator, data, pick};

fn code(rng: &mut ChaCha8Rng, list: &[Voce]) -> String {
    list.get(rng.random_range(0..list.len().max(1)))
        .map(|v| v.codice.clone())
        .unwrap_or_default()
}

impl Generator {
    /// Offer number `index` of `branch`: a demo job, sedi in the branch's province,
    /// publication ending between two weeks ago and three months ahead of the
    /// reference day (so some are already past it).
    pub fn offerta(&self, index: u64, branch: &Branch, voci: &Voci) -> DatiOfferta {
        let mut rng = ChaCha8Rng::seed_from_u64(
            self.seed ^ 0x0FFE_47A0 ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03),
        );
        let (qualifica, settore, compiti) = pick(&mut rng, data::JOBS);
        let local: Vec<&str> = data::COMUNI
            .iter()
            .filter(|c| c.1 == branch.provincia)
            .map(|c| c.2)
            .collect();
        let mut sedi = vec![if local.is_empty() {
            pick(&mut rng, data::COMUNI).2
        } else {
            pick(&mut rng, &local)
        }];
        if rng.random_bool(0.2) {
            sedi.push(pick(&mut rng, data::COMUNI).2);
        }
        let fine = self.reference + Days::new(rng.random_range(0..105)) - Days::new(14);
        let esperienza = rng.random_bool(0.4);
        DatiOfferta {
            filiale: branch.code.clone(),
            tipo_offerta: code(&mut rng, &voci.tipi_offerta),
            tipo_contratto: code(&mut rng, &voci.tipi_contratto),
            qualifica: qualifica.to_string(),
            descrizione_qualifica: format!("{compiti}. Settore: {}.", settore.to_lowercase()),
            esperienza_richiesta: esperienza,
            descrizione_esperienza: esperienza.then(|| {
                format!(
                    "Almeno {} mesi come {}",
                    rng.random_range(6..37),
                    qualifica.to_lowercase()
                )
            }),
            posti: rng.random_range(1..6),
            modalita_lavoro: code(&mut rng, &voci.modalita_lavoro),
            sedi: sedi.into_iter().map(String::from).collect(),
            scadenza: fine,
            fine_pubblicazione: fine,
            requisiti: UlterioriRequisiti {
                partita_iva: rng.random_bool(0.05),
                mezzi_trasporto: rng.random_bool(0.4),
                trasferte: rng.random_bool(0.15),
                collocamento_mirato: rng.random_bool(0.05),
            },
            titolo_studio_minimo: match rng.random_range(0..10) {
                0..=4 => None,
                5..=7 => Some(EducationLevel::LicenzaMedia),
                8 => Some(EducationLevel::Maturita),
                _ => Some(EducationLevel::LaureaTriennale),
            },
            patenti: if rng.random_bool(0.3) {
                vec!["B".into()]
            } else {
                vec![]
            },
            lingue: if rng.random_bool(0.15) {
                vec!["inglese".into()]
            } else {
                vec![]
            },
        }
    }

    /// The reference day, for callers that date what they make around it.
    pub fn reference(&self) -> NaiveDate {
        self.reference
    }
}
