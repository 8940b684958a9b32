//! Seed data of the fasce deboli: the 2019 campaign of seed 000 (deadline 30 November
//! 2020, closed) and a current one (the previous calendar year, closing some days after
//! the seed date), each with Forma.Temp projects per branch across the tipologie
//! formative, most in non-homogeneous classes, with participants drawn mostly from the
//! seeded citizens of the project's branch (so their SAP data supports suggestions)
//! and some people who are not citizens of the set.

use crate::db::Tx;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sportello_core::Candidate;
use sportello_demo::Generator;

use super::SeedOptions;
use crate::db::fasce_deboli::{self as db, Progetto};
use crate::error::Result;

/// Days from the seed date to the current campaign's deadline, by default.
pub const DEFAULT_DEADLINE_DAYS: i64 = 30;

/// Citizens kept per branch to draw participants from.
const POOL_PER_BRANCH: usize = 400;

const TIPOLOGIE: [&str; 5] = [
    "BASE",
    "PROFESSIONALE",
    "ON_THE_JOB",
    "CONTINUA",
    "DIRITTO_MIRATO",
];

const TITOLI: [&str; 10] = [
    "Sicurezza sui luoghi di lavoro",
    "Carrellista e conduzione muletti",
    "Addetto alla logistica di magazzino",
    "Competenze digitali di base",
    "Lingua inglese per il lavoro",
    "Saldatura a filo",
    "Addetto alle vendite",
    "HACCP e igiene alimentare",
    "Contabilità e paghe",
    "Assistenza clienti e call center",
];

/// Some citizens of each branch, as the generator produced them.
#[derive(Debug, Clone)]
pub struct Pool {
    pub codes: Vec<String>,
    /// Per branch of `codes`: (codice fiscale, surname, name).
    pub people: Vec<Vec<(String, String, String)>>,
}

impl Pool {
    pub fn new(codes: &[String]) -> Self {
        Self {
            codes: codes.to_vec(),
            people: vec![Vec::new(); codes.len()],
        }
    }

    pub fn offer(&mut self, c: &Candidate) {
        if let Some(i) = self.codes.iter().position(|b| *b == c.branch)
            && self.people[i].len() < POOL_PER_BRANCH
        {
            self.people[i].push((
                c.codice_fiscale.clone(),
                c.personal.surname.clone(),
                c.personal.name.clone(),
            ));
        }
    }
}

/// Projects per branch per campaign: a few for a small demo, up to 40.
fn projects_per_branch(citizens: usize, branches: usize) -> usize {
    (citizens / (branches.max(1) * 500)).clamp(3, 40)
}

pub fn seed(
    tx: &Tx,
    opts: &SeedOptions,
    codes: &[String],
    pool: Pool,
    now: DateTime<Utc>,
    deadline_days: i64,
) -> Result<()> {
    let today = now.date_naive();
    let current = today.year() - 1;
    let mut campaigns = vec![(2019, NaiveDate::from_ymd_opt(2020, 11, 30).expect("a date"))];
    if current != 2019 {
        campaigns.push((current, today + Duration::days(deadline_days)));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ 0x4654_5745_4246_4431);
    let per_branch = projects_per_branch(opts.citizens, codes.len());
    // People who attend courses but are not among the seeded citizens.
    let outsiders: Vec<Candidate> =
        Generator::new(opts.seed ^ 0x0055_5453_4944_4552, opts.reference)
            .candidates(per_branch * codes.len() * 8, codes)
            .collect();
    let mut next_outsider = 0usize;
    for (anno, scadenza) in campaigns {
        let mut k = 0usize;
        db::insert_campagna(tx, anno, scadenza)?;
        let yy = anno % 100;
        for (b, branch) in codes.iter().enumerate() {
            for n in 0..per_branch {
                let start = NaiveDate::from_ymd_opt(anno, 1, 15).expect("a date")
                    + Duration::days(rng.random_range(0..330));
                let progetto = Progetto {
                    codice: format!("FT{yy:02}-{branch}-{:03}", n + 1),
                    anno,
                    tipologia: TIPOLOGIE[k % TIPOLOGIE.len()].to_string(),
                    titolo: TITOLI[rng.random_range(0..TITOLI.len())].to_string(),
                    data_inizio: start,
                    aula_omogenea: rng.random_bool(0.25),
                    branch: branch.clone(),
                };
                db::insert_progetto(tx, &progetto)?;
                k += 1;
                let size = rng.random_range(6..=16);
                let people = &pool.people[b];
                for _ in 0..size {
                    if !people.is_empty() && rng.random_bool(0.8) {
                        let (cf, surname, name) = &people[rng.random_range(0..people.len())];
                        db::insert_partecipante(tx, &progetto.codice, cf, surname, name)?;
                    } else if let Some(o) = outsiders.get(next_outsider) {
                        next_outsider += 1;
                        db::insert_partecipante(
                            tx,
                            &progetto.codice,
                            &o.codice_fiscale,
                            &o.personal.surname,
                            &o.personal.name,
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}
