//! Seed offers and expressions of interest: per branch a few hundred offers of the
//! demo jobs (most published, some drafts and closed, some past their end of
//! publication), and citizens of the branch interested in the published ones over the
//! last 30 days, their work at every stage.

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sportello_core::Branch;
use sportello_core::offerte::{AzioneOfferta, OrigineInteresse, StatoInteresse, StatoOfferta};
use sportello_demo::Generator;
use sportello_protocol::offerte::{EventoInteresse, Interesse};
use uuid::Uuid;

use super::SeedOptions;
use super::fasce_deboli::Pool;
use crate::db::Tx;
use crate::db::offerte as db;
use crate::error::Result;

/// Offers per branch: grows with the citizens, from 10 to 300.
fn offers_per_branch(citizens: usize, branches: usize) -> usize {
    (citizens / (branches.max(1) * 20)).clamp(10, 300)
}

/// Seeds the offers of `branches`, interests from `pool`. Returns (offers, interests).
pub fn seed(
    tx: &Tx,
    opts: &SeedOptions,
    branches: &[Branch],
    pool: &Pool,
    now: DateTime<Utc>,
) -> Result<(usize, usize)> {
    let voci = db::voci(tx)?;
    let generator = Generator::new(opts.seed, now.date_naive());
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x0FFE);
    let per_branch = offers_per_branch(opts.citizens, branches.len());
    let (mut offers, mut interests) = (0, 0);
    let mut turn = 0;
    for (b, branch) in branches.iter().enumerate() {
        let author = format!("operatore.{}", branch.code.to_lowercase());
        let people = pool
            .codes
            .iter()
            .position(|c| *c == branch.code)
            .map_or(&[][..], |i| &pool.people[i][..]);
        for i in 0..per_branch {
            let index = (b * per_branch + i) as u64;
            let mut dati = generator.offerta(index, branch, &voci);
            let fine = dati.fine_pubblicazione;
            // Created before its publication ended, so it was valid when made.
            let created = now - Duration::days(rng.random_range(20..60));
            dati.scadenza = dati.scadenza.max(created.date_naive());
            let mut offerta = db::create(
                tx,
                Uuid::new_v4(),
                dati,
                StatoOfferta::Bozza,
                &author,
                created,
            )?;
            offers += 1;
            let roll = rng.random_range(0..10);
            if roll == 0 {
                continue; // a draft
            }
            let published = created + Duration::days(1);
            let publish = AzioneOfferta::Pubblica {
                fine_pubblicazione: fine.max(published.date_naive()),
            };
            offerta
                .applica(publish, &author, published)
                .expect("a draft publishes");
            if roll == 1 {
                offerta
                    .applica(AzioneOfferta::Chiudi, &author, now - Duration::days(1))
                    .expect("a published offer closes");
            }
            db::update(tx, &offerta, now)?;
            if offerta.stato != StatoOfferta::Pubblicata || people.is_empty() {
                continue;
            }
            super::candidature::seed(tx, &offerta, people, &mut rng, &mut turn, now)?;
            for _ in 0..rng.random_range(0..6) {
                let (cf, cognome, nome) = &people[rng.random_range(0..people.len())];
                if db::interesse_exists(tx, offerta.id, cf)? {
                    continue;
                }
                let data = now - Duration::minutes(rng.random_range(0..30 * 24 * 60));
                let mut interesse = Interesse {
                    id: Uuid::new_v4(),
                    offerta: offerta.id,
                    codice_offerta: offerta.codice.clone(),
                    filiale: branch.code.clone(),
                    codice_fiscale: cf.clone(),
                    cognome: cognome.clone(),
                    nome: nome.clone(),
                    data,
                    origine: OrigineInteresse::Cittadino,
                    stato: StatoInteresse::DaValutare,
                    version: 1,
                    storico: vec![EventoInteresse {
                        quando: data,
                        chi: "cittadino".into(),
                        stato: StatoInteresse::DaValutare,
                        nota: None,
                    }],
                };
                let path: &[StatoInteresse] = match rng.random_range(0..10) {
                    0..=4 => &[],
                    5..=6 => &[StatoInteresse::Contattato],
                    7 => &[StatoInteresse::Contattato, StatoInteresse::Colloquio],
                    8 => &[
                        StatoInteresse::Contattato,
                        StatoInteresse::Colloquio,
                        StatoInteresse::Assunto,
                    ],
                    _ => &[StatoInteresse::NonIdoneo],
                };
                for (step, stato) in path.iter().enumerate() {
                    interesse.stato = *stato;
                    interesse.version += 1;
                    interesse.storico.push(EventoInteresse {
                        quando: data + Duration::hours(24 * (step as i64 + 1)),
                        chi: author.clone(),
                        stato: *stato,
                        nota: None,
                    });
                }
                db::save_interesse(tx, &interesse, now)?;
                interests += 1;
            }
        }
    }
    Ok((offers, interests))
}
