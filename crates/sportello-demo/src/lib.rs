//! Deterministic, realistic demo citizens.
//!
//! The same seed and reference date always give the same people, on every platform
//! (ChaCha8, seeded per citizen, so any citizen can be generated on its own).
//! Codici fiscali are computed from the generated data and real Belfiore codes;
//! clashes are resolved by omocodia, as the real registry does.

mod data;
mod offerte;

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate};
use rand::distr::{Distribution, weighted::WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sportello_core::candidate::{
    Address, AdministrativeData, Contacts, EducationTitle, EmploymentStatus, IncomeSupport,
    ItSkill, LanguageSkill, OtherInformation, PersonalData, PolicyIntervention, ResidencePermit,
    Training, WorkExperience,
};
use sportello_core::{Branch, Candidate, CodiceFiscale, Sex};

pub use data::BRANCHES;

/// Makes demo citizens. `reference` is the day the data describes ("today" for the demo).
#[derive(Debug, Clone)]
pub struct Generator {
    seed: u64,
    reference: NaiveDate,
}

/// The demo branches (Tuscan cities). The first ten are [`BRANCHES`]; past them each
/// city gets further branches in turn, numbered: `FI02` "Filiale di Firenze Centro 2",
/// `PO02`…, then `FI03`… — the same list for the same count, and a prefix of any longer one.
pub fn branches(count: usize) -> Vec<Branch> {
    (0..count)
        .map(|i| {
            let (code, name, comune, provincia) = BRANCHES[i % BRANCHES.len()];
            let round = i / BRANCHES.len();
            if round == 0 {
                return Branch {
                    code: code.into(),
                    name: name.into(),
                    comune: comune.into(),
                    provincia: provincia.into(),
                    pad: true,
                };
            }
            let prefix = code.trim_end_matches(|c: char| c.is_ascii_digit());
            Branch {
                code: format!("{prefix}{:02}", round + 1),
                name: format!("{name} {}", round + 1),
                comune: comune.into(),
                provincia: provincia.into(),
                pad: true,
            }
        })
        .collect()
}

impl Generator {
    pub fn new(seed: u64, reference: NaiveDate) -> Self {
        Self { seed, reference }
    }

    /// `count` citizens spread over `branch_codes`, with unique codici fiscali.
    pub fn candidates<'a>(
        &'a self,
        count: usize,
        branch_codes: &'a [String],
    ) -> impl Iterator<Item = Candidate> + 'a {
        let mut issued = HashSet::with_capacity(count);
        (0..count).map(move |i| {
            let mut c = self.candidate(i as u64, branch_codes);
            let mut omocodia = 0;
            while !issued.insert(c.codice_fiscale.clone()) {
                omocodia += 1;
                c.codice_fiscale = CodiceFiscale::omocode(&c.codice_fiscale, omocodia)
                    .expect("a generated codice fiscale is valid")
                    .to_string();
            }
            c
        })
    }

    /// Citizen number `index`, on its own (its codice fiscale may clash with another's).
    pub fn candidate(&self, index: u64, branch_codes: &[String]) -> Candidate {
        let mut rng =
            ChaCha8Rng::seed_from_u64(self.seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let branch = branch_codes[rng.random_range(0..branch_codes.len())].clone();
        let personal = self.personal(&mut rng);
        let foreign = personal.birthplace_code.starts_with('Z');
        let codice_fiscale = CodiceFiscale::compute(
            &personal.surname,
            &personal.name,
            personal.birth_date,
            personal.sex,
            &personal.birthplace_code,
        )
        .expect("demo names, dates and Belfiore codes are valid")
        .to_string();
        let home = home_comune(&mut rng, &branch);
        let residence = address(&mut rng, home);
        let domicile = if rng.random_bool(0.1) {
            let elsewhere = pick(&mut rng, data::COMUNI);
            Some(address(&mut rng, elsewhere))
        } else {
            None
        };
        let age =
            sportello_core::candidate::age_at(personal.birth_date, self.reference).unwrap_or(0);
        let experiences = self.experiences(&mut rng, personal.birth_date);
        let administrative = self.administrative(&mut rng, age);
        let education = education(&mut rng);
        let desired_job = match experiences.first() {
            Some(e) => job_of(&e.qualification),
            None => pick(&mut rng, data::JOBS).0,
        };
        let desired_jobs = vec![desired_job.to_string()];
        let cv_text = Some(cv_text(&personal, &experiences, &education));
        Candidate {
            sap_id: Some(format!("TO{:09}", rng.random_range(0..1_000_000_000u32))),
            branch,
            residence_permit: foreign.then(|| self.residence_permit(&mut rng)),
            contacts: contacts(&mut rng, &personal),
            residence: Some(residence),
            domicile,
            policies: self.policies(&mut rng, administrative.did_date),
            administrative,
            experiences,
            education,
            training: training(&mut rng, self.reference.year()),
            languages: languages(&mut rng),
            it_skills: it_skills(&mut rng),
            other: other(&mut rng, age),
            desired_jobs,
            cv_text,
            codice_fiscale,
            personal,
        }
    }

    fn personal(&self, rng: &mut ChaCha8Rng) -> PersonalData {
        let sex = if rng.random_bool(0.5) { Sex::M } else { Sex::F };
        let name = pick(
            rng,
            if sex == Sex::M {
                data::MALE_NAMES
            } else {
                data::FEMALE_NAMES
            },
        );
        let age_days = rng.random_range(16 * 365..66 * 365);
        let birth_date = self.reference - Days::new(age_days);
        let (birthplace, birthplace_code, citizenship) = if rng.random_bool(0.12) {
            let (state, code, citizenship) = pick(rng, data::FOREIGN_STATES);
            (state, code, citizenship)
        } else {
            let (comune, _, code, _) = pick(rng, data::COMUNI);
            (comune, code, "Italiana")
        };
        PersonalData {
            surname: pick(rng, data::SURNAMES).into(),
            name: name.into(),
            sex,
            birth_date,
            citizenship: citizenship.into(),
            birthplace: birthplace.into(),
            birthplace_code: birthplace_code.into(),
        }
    }

    fn residence_permit(&self, rng: &mut ChaCha8Rng) -> ResidencePermit {
        let reason = pick(
            rng,
            &[
                "Lavoro subordinato",
                "Motivi familiari",
                "Protezione speciale",
                "Attesa occupazione",
            ],
        );
        ResidencePermit {
            kind: "Permesso di soggiorno".into(),
            number: format!("I{:09}", rng.random_range(0..1_000_000_000u32)),
            reason: reason.into(),
            expiry: Some(self.reference + Days::new(rng.random_range(30..900))),
        }
    }

    fn administrative(&self, rng: &mut ChaCha8Rng, age: u32) -> AdministrativeData {
        let status = match rng.random_range(0..100) {
            0..55 => EmploymentStatus::Disoccupato,
            55..63 => EmploymentStatus::Inoccupato,
            63..78 => EmploymentStatus::OccupatoInCerca,
            78..88 => EmploymentStatus::Occupato,
            88..95 if age < 30 => EmploymentStatus::Studente,
            _ => EmploymentStatus::Inattivo,
        };
        let unemployed = matches!(
            status,
            EmploymentStatus::Disoccupato | EmploymentStatus::Inoccupato
        );
        let months = unemployed.then(|| rng.random_range(0..60u32));
        let did_date =
            months.map(|m| self.reference - Days::new(u64::from(m) * 30 + rng.random_range(0..30)));
        let collocamento_mirato = rng.random_bool(0.04);
        let mut income_support = Vec::new();
        if unemployed && rng.random_bool(0.15) {
            income_support.push(if rng.random_bool(0.6) {
                IncomeSupport::Sfl
            } else {
                IncomeSupport::Adi
            });
        }
        AdministrativeData {
            employment_status: Some(status),
            condition: Some(status.label().into()),
            categoria_297: unemployed.then(|| {
                if months.unwrap_or(0) >= 12 {
                    "Disoccupato di lunga durata"
                } else {
                    "Disoccupato"
                }
                .into()
            }),
            unemployment_months: months,
            did_date,
            unemployed_since: did_date,
            entry_date: did_date.map(|d| d - Days::new(rng.random_range(0..400))),
            special_lists: Vec::new(),
            obbligo_formativo_assolto: Some(age >= 18 || rng.random_bool(0.5)),
            special_categories: if collocamento_mirato {
                vec!["Disabile (L. 68/1999)".into()]
            } else {
                Vec::new()
            },
            collocamento_mirato,
            income_support,
            isee_cents: rng
                .random_bool(0.4)
                .then(|| rng.random_range(200_000..3_500_000)),
        }
    }

    fn experiences(&self, rng: &mut ChaCha8Rng, birth: NaiveDate) -> Vec<WorkExperience> {
        let first_job = birth.year() + 18;
        let years = (self.reference.year() - first_job).max(0);
        let count = rng.random_range(0..=(years / 4).min(5) as usize);
        let mut start_year = first_job + rng.random_range(0..3);
        (0..count)
            .filter_map(|_| {
                let (qualification, sector, tasks) = pick(rng, data::JOBS);
                let start = NaiveDate::from_ymd_opt(start_year, rng.random_range(1..=12), 1)?;
                let end = start + Days::new(rng.random_range(90..1500));
                if end > self.reference {
                    return None;
                }
                start_year = end.year() + rng.random_range(0..2);
                Some(WorkExperience {
                    employer: pick(rng, data::EMPLOYERS).into(),
                    qualification: qualification.into(),
                    contract: Some(
                        pick(
                            rng,
                            &[
                                "Tempo determinato",
                                "Somministrazione",
                                "Tempo indeterminato",
                                "Apprendistato",
                            ],
                        )
                        .into(),
                    ),
                    sector: Some(sector.into()),
                    start: Some(start),
                    end: Some(end),
                    tasks: Some(tasks.into()),
                })
            })
            .collect()
    }

    fn policies(
        &self,
        rng: &mut ChaCha8Rng,
        did_date: Option<NaiveDate>,
    ) -> Vec<PolicyIntervention> {
        let Some(did) = did_date else {
            return Vec::new();
        };
        let mut out = vec![policy(
            "A02",
            "Patto di attivazione ed eventuale profiling",
            did,
            Some(did),
            "10",
        )];
        for _ in 0..rng.random_range(0..3) {
            let (code, name) = pick(rng, data::POLICIES);
            let start = did + Days::new(rng.random_range(7..200));
            if start <= self.reference {
                let event = if rng.random_bool(0.7) { "10" } else { "02" };
                out.push(policy(
                    code,
                    name,
                    start,
                    (event == "10").then(|| start + Days::new(30)),
                    event,
                ));
            }
        }
        out
    }
}

fn policy(
    code: &str,
    name: &str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    event: &str,
) -> PolicyIntervention {
    PolicyIntervention {
        activity_code: code.into(),
        activity_name: name.into(),
        denomination: name.into(),
        proposed_on: Some(start),
        start: Some(start),
        end,
        duration: Some("1 mese".into()),
        description: None,
        promoter: Some("Centro per l'Impiego".into()),
        project_title: (code == "C06").then(|| "Garanzia Giovani".into()),
        last_event: Some(event.into()),
    }
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// Most people live in their branch's province.
fn home_comune(
    rng: &mut ChaCha8Rng,
    branch: &str,
) -> (&'static str, &'static str, &'static str, &'static str) {
    let province = BRANCHES.iter().find(|b| b.0 == branch).map(|b| b.3);
    let local: Vec<_> = data::COMUNI
        .iter()
        .filter(|c| Some(c.1) == province)
        .copied()
        .collect();
    if !local.is_empty() && rng.random_bool(0.85) {
        pick(rng, &local)
    } else {
        pick(rng, data::COMUNI)
    }
}

fn address(rng: &mut ChaCha8Rng, (comune, provincia, _, cap): (&str, &str, &str, &str)) -> Address {
    Address {
        street: format!("{} {}", pick(rng, data::STREETS), rng.random_range(1..200)),
        cap: cap.into(),
        comune: comune.into(),
        provincia: provincia.into(),
    }
}

fn contacts(rng: &mut ChaCha8Rng, p: &PersonalData) -> Contacts {
    let local = |s: &str| sportello_core::keywords::fold_place(s).replace(' ', "");
    Contacts {
        phone: rng
            .random_bool(0.3)
            .then(|| format!("055{:07}", rng.random_range(0..10_000_000))),
        mobile: Some(format!(
            "3{:09}",
            rng.random_range(200_000_000..999_999_999u32)
        )),
        email: rng.random_bool(0.8).then(|| {
            format!(
                "{}.{}{}@esempio.it",
                local(&p.name),
                local(&p.surname),
                rng.random_range(1..99)
            )
        }),
    }
}

fn education(rng: &mut ChaCha8Rng) -> Vec<EducationTitle> {
    let weights =
        WeightedIndex::new(data::EDUCATION.iter().map(|e| e.2)).expect("weights are positive");
    let (code, description, _) = data::EDUCATION[weights.sample(rng)];
    if code == "00" {
        return Vec::new();
    }
    vec![EducationTitle {
        level_code: code.into(),
        course_code: Some(format!("{code}{:06}", rng.random_range(0..1_000_000))),
        description: description.into(),
        year: None,
        institute: None,
    }]
}

fn training(rng: &mut ChaCha8Rng, year: i32) -> Vec<Training> {
    (0..rng.random_range(0..3))
        .map(|_| Training {
            title: pick(rng, data::TRAINING).into(),
            provider: Some("Agenzia formativa accreditata".into()),
            year: Some(year - rng.random_range(0..10)),
            hours: Some(rng.random_range(4..120)),
            certificate: Some("Attestato di frequenza".into()),
        })
        .collect()
}

fn languages(rng: &mut ChaCha8Rng) -> Vec<LanguageSkill> {
    let weights =
        WeightedIndex::new(data::LANGUAGES.iter().map(|l| l.1)).expect("weights are positive");
    let mut out: Vec<LanguageSkill> = Vec::new();
    for _ in 0..rng.random_range(0..3) {
        let language = data::LANGUAGES[weights.sample(rng)].0;
        if out.iter().all(|l| l.language != language) {
            out.push(LanguageSkill {
                language: language.into(),
                level: pick(rng, data::CEFR).into(),
            });
        }
    }
    out
}

fn it_skills(rng: &mut ChaCha8Rng) -> Vec<ItSkill> {
    (0..rng.random_range(0..3))
        .map(|_| ItSkill {
            name: pick(rng, data::IT_SKILLS).into(),
            level: pick(rng, &["Base", "Intermedio", "Avanzato"]).into(),
        })
        .collect()
}

fn other(rng: &mut ChaCha8Rng, age: u32) -> OtherInformation {
    let mut driving_licences = Vec::new();
    if age >= 18 && rng.random_bool(0.75) {
        driving_licences.push("B".to_string());
        if rng.random_bool(0.1) {
            driving_licences.extend(["C".to_string(), "CQC".to_string()]);
        }
    }
    OtherInformation {
        registers: Vec::new(),
        driving_licences,
        special_lists: Vec::new(),
    }
}

fn job_of(qualification: &str) -> &'static str {
    data::JOBS
        .iter()
        .find(|j| j.0 == qualification)
        .map_or("Operaio generico", |j| j.0)
}

fn cv_text(
    p: &PersonalData,
    experiences: &[WorkExperience],
    education: &[EducationTitle],
) -> String {
    let mut cv = format!("{} {}. ", p.name, p.surname);
    for e in experiences {
        cv.push_str(&format!(
            "Ho lavorato come {} presso {}. ",
            e.qualification.to_lowercase(),
            e.employer
        ));
        if let Some(tasks) = &e.tasks {
            cv.push_str(tasks);
            cv.push_str(". ");
        }
    }
    if let Some(t) = education.first() {
        cv.push_str(&format!("Titolo di studio: {}. ", t.description));
    }
    cv.push_str("Disponibile a turni e trasferte.");
    cv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn codes() -> Vec<String> {
        branches(3).into_iter().map(|b| b.code).collect()
    }

    #[test]
    fn same_seed_same_people() {
        let g = Generator::new(42, reference());
        let a: Vec<_> = g.candidates(200, &codes()).collect();
        let b: Vec<_> = Generator::new(42, reference())
            .candidates(200, &codes())
            .collect();
        assert_eq!(a, b, "generation must be deterministic");
        let c: Vec<_> = Generator::new(43, reference())
            .candidates(200, &codes())
            .collect();
        assert_ne!(a, c, "another seed must give other people");
    }

    #[test]
    fn codici_fiscali_are_valid_unique_and_match_the_person() {
        let g = Generator::new(7, reference());
        let people: Vec<_> = g.candidates(5_000, &codes()).collect();
        let unique: HashSet<_> = people.iter().map(|c| &c.codice_fiscale).collect();
        assert_eq!(
            unique.len(),
            people.len(),
            "clashes must be resolved by omocodia"
        );
        for c in &people {
            let check = sportello_core::codice_fiscale::check(&c.codice_fiscale, reference());
            assert!(
                check.errors.is_empty(),
                "{}: {:?}",
                c.codice_fiscale,
                check.errors
            );
            let decoded = check.decoded.expect("a valid code decodes");
            assert_eq!(
                decoded.birth_date, c.personal.birth_date,
                "{}",
                c.codice_fiscale
            );
            assert_eq!(decoded.sex, c.personal.sex);
            assert_eq!(decoded.birthplace_code, c.personal.birthplace_code);
        }
    }

    #[test]
    fn places_are_real_belfiore_codes() {
        for (name, province, code, _) in data::COMUNI {
            let place = sportello_core::codice_fiscale::belfiore::birthplace(code, reference())
                .unwrap_or_else(|| panic!("{code} ({name}) must be in the Belfiore dataset"));
            assert!(
                sportello_core::filter::same_place(place.name, name),
                "{code}: {} vs {name}",
                place.name
            );
            assert_eq!(&place.province, province, "{code}");
        }
        for (name, code, _) in data::FOREIGN_STATES {
            let place = sportello_core::codice_fiscale::belfiore::birthplace(code, reference())
                .unwrap_or_else(|| panic!("{code} ({name}) must be in the Belfiore dataset"));
            assert_eq!(place.province, "EE", "{code} is a foreign state");
        }
    }

    #[test]
    fn candidates_are_adults_spread_over_branches() {
        let g = Generator::new(1, reference());
        let people: Vec<_> = g.candidates(1_000, &codes()).collect();
        for c in &people {
            let age = c.age_at(reference()).unwrap();
            assert!(
                (16..=66).contains(&age),
                "age {age} out of the working range"
            );
            assert!(codes().contains(&c.branch));
        }
        for code in codes() {
            assert!(
                people.iter().filter(|c| c.branch == code).count() > 200,
                "{code} gets about a third"
            );
        }
    }
}
