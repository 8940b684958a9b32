//! The candidate record, shaped like the SAP (Scheda Anagrafica Professionale, seed 003).
//!
//! Section numbers in the comments are the SAP's own; the SAP prints no section 3.
//! The codice fiscale is the key of every person.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::education::EducationLevel;
use crate::keywords;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    M,
    F,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Normalised and valid (see [`crate::CodiceFiscale`]).
    pub codice_fiscale: String,
    /// The SAP identifier: 2 letters and 9 digits, when the SAP exists.
    pub sap_id: Option<String>,
    /// The branch (filiale) that follows the candidate.
    pub branch: String,
    /// 1.1
    pub personal: PersonalData,
    /// 1.2 — only for foreign citizens.
    pub residence_permit: Option<ResidencePermit>,
    /// 1.3.1
    pub residence: Option<Address>,
    /// 1.3.2 — `None` when it is the same as the residence.
    pub domicile: Option<Address>,
    /// 1.3.3
    pub contacts: Contacts,
    /// 2
    pub administrative: AdministrativeData,
    /// 4
    pub experiences: Vec<WorkExperience>,
    /// 5.1
    pub education: Vec<EducationTitle>,
    /// 5.2
    pub training: Vec<Training>,
    /// 5.3
    pub languages: Vec<LanguageSkill>,
    /// 5.4
    pub it_skills: Vec<ItSkill>,
    /// 5.5
    pub other: OtherInformation,
    /// 6
    pub policies: Vec<PolicyIntervention>,
    /// Jobs the candidate is looking for, in the operator's words.
    pub desired_jobs: Vec<String>,
    /// Free CV text, searchable only with the candidate's consent (seed 003).
    pub cv_text: Option<String>,
}

/// 1.1 Dati personali.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalData {
    pub surname: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// Citizenship, as a country name ("Italiana", "Marocchina"…).
    pub citizenship: String,
    /// Comune or foreign state of birth.
    pub birthplace: String,
    /// Belfiore code of the birthplace.
    pub birthplace_code: String,
}

/// 1.2 Notizie sui cittadini stranieri.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidencePermit {
    pub kind: String,
    pub number: String,
    pub reason: String,
    pub expiry: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub cap: String,
    pub comune: String,
    /// Sigla of the province ("FI").
    pub provincia: String,
}

/// 1.3.3 Recapiti.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contacts {
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

/// A recapito that breaks the format: the field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactProblem {
    pub field: ContactField,
    pub message: &'static str,
}

/// The recapiti of a candidate, as the mutation payload names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactField {
    Phone,
    Mobile,
    Email,
}

impl ContactField {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Mobile => "mobile",
            Self::Email => "email",
        }
    }
}

/// One `@`, a non-empty local part, a dotted domain, no spaces, at most 254 bytes
/// (**assumed**, as for every e-mail the app takes).
pub fn valid_email(email: &str) -> bool {
    email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

fn blank_to_none(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

impl Contacts {
    /// Blank means none; phone separators (space, dash, dot, slash) dropped; e-mail
    /// lower-cased.
    pub fn normalised(self) -> Contacts {
        let phone = |p: Option<String>| {
            blank_to_none(p).map(|p| {
                p.chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '.' | '/'))
                    .collect()
            })
        };
        Contacts {
            phone: phone(self.phone),
            mobile: phone(self.mobile),
            email: blank_to_none(self.email).map(|e| e.to_lowercase()),
        }
    }

    /// Phone numbers: an optional `+`, then 6–15 digits (spaces, dashes, dots, slashes
    /// ignored). E-mail: one `@`, a non-empty local part, a dotted domain, no spaces.
    /// **Assumed**: the SAP standard gives no format for recapiti. The server and the
    /// client judge with this same rule, so a change refused here never leaves.
    pub fn problems(&self) -> Vec<ContactProblem> {
        let mut problems = Vec::new();
        let normalised = self.clone().normalised();
        for (field, value) in [
            (ContactField::Phone, &normalised.phone),
            (ContactField::Mobile, &normalised.mobile),
        ] {
            if let Some(v) = value {
                let digits = v.strip_prefix('+').unwrap_or(v);
                if !(6..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit())
                {
                    problems.push(ContactProblem {
                        field,
                        message: "Numero di telefono non valido: da 6 a 15 cifre.",
                    });
                }
            }
        }
        if let Some(email) = &normalised.email
            && !valid_email(email)
        {
            problems.push(ContactProblem {
                field: ContactField::Email,
                message: "Indirizzo e-mail non valido.",
            });
        }
        problems
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentStatus {
    Disoccupato,
    Inoccupato,
    Occupato,
    /// Occupied but looking for another job (d.lgs. 150/2015 "in conservazione").
    OccupatoInCerca,
    Studente,
    Inattivo,
}

impl EmploymentStatus {
    pub const ALL: [EmploymentStatus; 6] = [
        Self::Disoccupato,
        Self::Inoccupato,
        Self::Occupato,
        Self::OccupatoInCerca,
        Self::Studente,
        Self::Inattivo,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Disoccupato => "disoccupato",
            Self::Inoccupato => "inoccupato",
            Self::Occupato => "occupato",
            Self::OccupatoInCerca => "occupato_in_cerca",
            Self::Studente => "studente",
            Self::Inattivo => "inattivo",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Disoccupato => "Disoccupato",
            Self::Inoccupato => "Inoccupato",
            Self::Occupato => "Occupato",
            Self::OccupatoInCerca => "Occupato in cerca di altra occupazione",
            Self::Studente => "Studente",
            Self::Inattivo => "Inattivo",
        }
    }
}

/// Income-support measures the candidate receives (seed 001, seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeSupport {
    /// Supporto per la Formazione e il Lavoro.
    Sfl,
    /// Reddito di Cittadinanza.
    Rdc,
    /// Assegno di Inclusione.
    Adi,
}

/// 2 Dati amministrativi.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AdministrativeData {
    /// 2.1.1
    pub employment_status: Option<EmploymentStatus>,
    pub condition: Option<String>,
    pub categoria_297: Option<String>,
    /// Months of unemployment as recorded in the SAP (anzianità di disoccupazione).
    pub unemployment_months: Option<u32>,
    /// 2.1.2
    pub did_date: Option<NaiveDate>,
    pub unemployed_since: Option<NaiveDate>,
    pub entry_date: Option<NaiveDate>,
    /// 2.2 Liste speciali e mobilità.
    pub special_lists: Vec<String>,
    /// 2.3 Assolvimento del diritto/dovere all'istruzione.
    pub obbligo_formativo_assolto: Option<bool>,
    /// 2.4 Appartenenza a particolari categorie.
    pub special_categories: Vec<String>,
    /// Enrolled in the collocamento mirato (L. 68/1999): GDPR art. 9 data.
    pub collocamento_mirato: bool,
    pub income_support: Vec<IncomeSupport>,
    /// Indice ISEE in euro cents.
    pub isee_cents: Option<i64>,
}

/// 4 Esperienze di lavoro.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkExperience {
    pub employer: String,
    pub qualification: String,
    pub contract: Option<String>,
    pub sector: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub tasks: Option<String>,
}

/// 5.1 Titoli di studio. The ministerial code is kept as it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EducationTitle {
    pub level_code: String,
    pub course_code: Option<String>,
    pub description: String,
    pub year: Option<i32>,
    pub institute: Option<String>,
}

impl EducationTitle {
    pub fn level(&self) -> Option<EducationLevel> {
        EducationLevel::from_ministerial_code(&self.level_code).or_else(|| {
            self.course_code
                .as_deref()
                .and_then(EducationLevel::from_ministerial_code)
        })
    }
}

/// 5.2 Formazione professionale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub title: String,
    pub provider: Option<String>,
    pub year: Option<i32>,
    pub hours: Option<u32>,
    pub certificate: Option<String>,
}

/// 5.3 Lingue straniere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageSkill {
    /// ISO 639-1 code ("en").
    pub language: String,
    /// CEFR level ("B2") or "madrelingua".
    pub level: String,
}

/// 5.4 Conoscenze informatiche.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItSkill {
    pub name: String,
    pub level: String,
}

/// 5.5 Albi, patenti, liste speciali.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OtherInformation {
    pub registers: Vec<String>,
    /// Driving licence categories ("B", "C", "CQC").
    pub driving_licences: Vec<String>,
    pub special_lists: Vec<String>,
}

/// 6 Interventi di politiche attive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyIntervention {
    /// Activity code ("A02" patto di attivazione, "C06" tirocinio…).
    pub activity_code: String,
    pub activity_name: String,
    pub denomination: String,
    pub proposed_on: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub duration: Option<String>,
    pub description: Option<String>,
    pub promoter: Option<String>,
    pub project_title: Option<String>,
    /// The last event of the policy ("02" iniziata, "10" terminata…).
    pub last_event: Option<String>,
}

impl Candidate {
    pub fn age_at(&self, reference: NaiveDate) -> Option<u32> {
        age_at(self.personal.birth_date, reference)
    }

    /// The highest ranked title, if any title has a known level.
    pub fn education_level(&self) -> Option<EducationLevel> {
        self.education
            .iter()
            .filter_map(EducationTitle::level)
            .max()
    }

    /// The text the keyword search looks into: CV, desired jobs, qualifications,
    /// tasks, titles, training, IT skills. Already normalised (see [`keywords`]).
    pub fn keyword_text(&self) -> String {
        let experiences = self.experiences.iter().flat_map(|e| {
            [
                Some(e.qualification.as_str()),
                e.tasks.as_deref(),
                e.sector.as_deref(),
            ]
        });
        let education = self.education.iter().map(|t| Some(t.description.as_str()));
        let training = self.training.iter().map(|t| Some(t.title.as_str()));
        let skills = self.it_skills.iter().map(|s| Some(s.name.as_str()));
        let desired = self.desired_jobs.iter().map(|j| Some(j.as_str()));
        let fields = [self.cv_text.as_deref()]
            .into_iter()
            .chain(desired)
            .chain(experiences)
            .chain(education)
            .chain(training)
            .chain(skills)
            .flatten();
        keywords::index_text(fields)
    }
}

/// Age in completed years at `reference`; `None` if the reference precedes the birth.
/// Someone born on 29 February has a birthday on 1 March in common years.
pub fn age_at(birth: NaiveDate, reference: NaiveDate) -> Option<u32> {
    if reference < birth {
        return None;
    }
    let mut years = reference.year() - birth.year();
    if (reference.month(), reference.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn check_age(birth: NaiveDate, reference: NaiveDate, expect: Option<u32>) {
        assert_eq!(
            age_at(birth, reference),
            expect,
            "age of someone born {birth} on {reference}"
        );
    }

    #[test]
    fn age_counts_completed_years() {
        check_age(d(2000, 6, 15), d(2024, 6, 14), Some(23));
        check_age(d(2000, 6, 15), d(2024, 6, 15), Some(24));
        check_age(d(2000, 6, 15), d(2000, 6, 15), Some(0));
        check_age(d(2000, 6, 15), d(1999, 1, 1), None);
    }

    #[test]
    fn leap_day_birthdays_fall_on_first_of_march() {
        check_age(d(2004, 2, 29), d(2023, 2, 28), Some(18));
        check_age(d(2004, 2, 29), d(2023, 3, 1), Some(19));
        check_age(d(2004, 2, 29), d(2024, 2, 29), Some(20));
    }

    #[test]
    fn education_level_is_the_highest_known_title() {
        let title = |code: &str| EducationTitle {
            level_code: code.into(),
            course_code: None,
            description: String::new(),
            year: None,
            institute: None,
        };
        let mut c = crate::candidate::tests::sample();
        c.education = vec![title("40"), title("xx"), title("20")];
        assert_eq!(c.education_level(), Some(EducationLevel::Maturita));
        c.education = vec![title("xx")];
        assert_eq!(
            c.education_level(),
            None,
            "an unknown code must not count as 'nessun titolo'"
        );
    }

    #[test]
    fn keyword_text_covers_cv_experiences_and_skills() {
        let mut c = sample();
        c.cv_text = Some("Esperienza come cuoco".into());
        c.it_skills.push(ItSkill {
            name: "Excel".into(),
            level: "buono".into(),
        });
        let q = |s: &str| keywords::KeywordQuery::parse(s).matches(&c.keyword_text());
        assert!(q("cuochi"), "CV text is indexed with Italian stemming");
        assert!(q("magazziniere"), "experience qualification is indexed");
        assert!(q("excel"), "IT skills are indexed");
        assert!(!q("saldatore"));
    }

    pub(crate) fn sample() -> Candidate {
        Candidate {
            codice_fiscale: "RSSMRA85T10A562S".into(),
            sap_id: Some("TO123456789".into()),
            branch: "FI01".into(),
            personal: PersonalData {
                surname: "Rossi".into(),
                name: "Mario".into(),
                sex: Sex::M,
                birth_date: d(1985, 12, 10),
                citizenship: "Italiana".into(),
                birthplace: "San Giuliano Terme".into(),
                birthplace_code: "A562".into(),
            },
            residence_permit: None,
            residence: None,
            domicile: None,
            contacts: Contacts::default(),
            administrative: AdministrativeData::default(),
            experiences: vec![WorkExperience {
                employer: "Logistica Srl".into(),
                qualification: "Magazziniere".into(),
                contract: None,
                sector: None,
                start: None,
                end: None,
                tasks: None,
            }],
            education: vec![],
            training: vec![],
            languages: vec![],
            it_skills: vec![],
            other: OtherInformation::default(),
            policies: vec![],
            desired_jobs: vec![],
            cv_text: None,
        }
    }
}
