//! Fixtures shared by the store's integration tests.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sportello_core::candidate::{
    AdministrativeData, Contacts, EducationTitle, LanguageSkill, OtherInformation, PersonalData,
    PolicyIntervention, WorkExperience,
};
use sportello_core::{Branch, Candidate, Sex};
use sportello_store::{CandidateRecord, Store};
use tempfile::TempDir;

pub const PASSWORD: &str = "Sportello2026";

/// The environment variable that turns a test into the child half of a two-process test.
const CHILD_ROLE: &str = "SPORTELLO_STORE_TEST_CHILD";
const CHILD_DIR: &str = "SPORTELLO_STORE_TEST_DIR";

pub fn temp_dir() -> TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

pub fn new_store() -> (TempDir, Store) {
    let dir = temp_dir();
    let store = Store::create(dir.path(), PASSWORD).expect("create a store in an empty folder");
    (dir, store)
}

pub fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub fn server_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap()
}

pub fn demo_branches() -> Vec<Branch> {
    sportello_demo::branches(4)
}

/// `count` realistic candidates, version 1.
pub fn demo_records(seed: u64, count: usize) -> Vec<CandidateRecord> {
    let codes: Vec<String> = demo_branches().into_iter().map(|b| b.code).collect();
    sportello_demo::Generator::new(seed, reference_date())
        .candidates(count, &codes)
        .map(|candidate| CandidateRecord {
            candidate,
            version: 1,
            updated_at: server_time(),
        })
        .collect()
}

/// A small hand-made candidate whose searchable text is `cv`.
pub fn candidate(codice_fiscale: &str, surname: &str, name: &str, cv: &str) -> Candidate {
    Candidate {
        codice_fiscale: codice_fiscale.into(),
        sap_id: None,
        branch: "FI01".into(),
        personal: PersonalData {
            surname: surname.into(),
            name: name.into(),
            sex: Sex::F,
            birth_date: NaiveDate::from_ymd_opt(1990, 4, 2).unwrap(),
            citizenship: "Italiana".into(),
            birthplace: "Firenze".into(),
            birthplace_code: "D612".into(),
        },
        residence_permit: None,
        residence: None,
        domicile: None,
        contacts: Contacts::default(),
        administrative: AdministrativeData::default(),
        experiences: vec![],
        education: vec![],
        training: vec![],
        languages: vec![],
        it_skills: vec![],
        other: OtherInformation::default(),
        policies: vec![],
        desired_jobs: vec![],
        cv_text: Some(cv.into()),
    }
}

/// A candidate with every multi-valued section filled, for round trips.
pub fn full_candidate(codice_fiscale: &str) -> Candidate {
    let mut c = candidate(
        codice_fiscale,
        "Bianchi",
        "Lucia",
        "Cuoca in trattoria, poi aiuto pasticcera",
    );
    c.experiences.push(WorkExperience {
        employer: "Trattoria da Beppe".into(),
        qualification: "Cuoca".into(),
        contract: Some("tempo determinato".into()),
        sector: Some("ristorazione".into()),
        start: NaiveDate::from_ymd_opt(2015, 3, 1),
        end: NaiveDate::from_ymd_opt(2019, 9, 30),
        tasks: Some("Primi piatti, gestione dispensa".into()),
    });
    c.education.push(EducationTitle {
        level_code: "40".into(),
        course_code: None,
        description: "Diploma alberghiero".into(),
        year: Some(2009),
        institute: Some("IPSSAR Buontalenti".into()),
    });
    c.languages.push(LanguageSkill {
        language: "EN".into(),
        level: "B1".into(),
    });
    c.other.driving_licences = vec!["b".into(), "B".into(), "C".into()];
    c.policies.push(PolicyIntervention {
        activity_code: "a02".into(),
        activity_name: "Patto di attivazione".into(),
        denomination: "Patto".into(),
        proposed_on: None,
        start: NaiveDate::from_ymd_opt(2024, 1, 10),
        end: None,
        duration: None,
        description: None,
        promoter: None,
        project_title: None,
        last_event: Some("02".into()),
    });
    c.administrative.collocamento_mirato = true;
    c.administrative.did_date = NaiveDate::from_ymd_opt(2024, 1, 9);
    c
}

pub fn record(candidate: Candidate, version: i64) -> CandidateRecord {
    CandidateRecord {
        candidate,
        version,
        updated_at: server_time(),
    }
}

/// The role this test binary was started in by [`spawn_self`], if any.
pub fn child_role() -> Option<(String, std::path::PathBuf)> {
    let role = std::env::var(CHILD_ROLE).ok()?;
    let dir = std::env::var_os(CHILD_DIR).expect("a child is always given a folder");
    Some((role, dir.into()))
}

/// Runs this test binary again, only the test `test_name`, as a child with `role`.
/// Its stdout and stderr are piped to the caller.
pub fn spawn_self(test_name: &str, role: &str, dir: &Path) -> Child {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([test_name, "--exact", "--nocapture", "--test-threads", "1"])
        .env(CHILD_ROLE, role)
        .env(CHILD_DIR, dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the test binary can start itself")
}

/// Every file name in `dir`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The store's page size (see `store.key`).
pub const PAGE_SIZE: u64 = 16 * 1024;

/// Overwrites bytes inside page `page` (1-based) of a closed database, the way a
/// failing disk or a stray write would.
pub fn damage_page(db: &Path, page: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start((page - 1) * PAGE_SIZE + 200))
        .unwrap();
    file.write_all(&[0x5a; 64]).unwrap();
    file.sync_all().unwrap();
}

pub fn page_count(db: &Path) -> u64 {
    std::fs::metadata(db).unwrap().len() / PAGE_SIZE
}
