//! The operator's first day: a store of their own, filled, checked, reopened.

use chrono::NaiveDate;
use sportello_app::{ErrorCode, Profile};
use sportello_core::codice_fiscale;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn operator_store_holds_demo_citizens_whose_codes_match_their_data() {
    let data = tempfile::tempdir().unwrap();
    let profile = Profile::new(Some(data.path().to_path_buf()), "Giulia.Bianchi").unwrap();
    sportello_app::store::init(&profile, "Password1").unwrap();

    let report = sportello_app::demo::load(&profile, "Password1", 500, 9, today()).unwrap();
    assert_eq!(report.candidates_total, 500);
    assert!(
        report.sample_keyword_hits > 0,
        "some demo CV mentions a warehouse job"
    );

    let check = sportello_app::store::check(&profile, "Password1").unwrap();
    assert!(check.integrity_ok, "{:?}", check.problems);
    let candidates = check
        .counts
        .iter()
        .find(|c| c.table == "candidates")
        .unwrap();
    assert_eq!(candidates.rows, 500);

    let store = sportello_app::store::open(&profile, "Password1").unwrap();
    let generator = sportello_demo::Generator::new(9, today());
    let codes: Vec<String> = sportello_demo::branches(3)
        .into_iter()
        .map(|b| b.code)
        .collect();
    for expected in generator.candidates(500, &codes) {
        let stored = store
            .candidate(&expected.codice_fiscale)
            .unwrap()
            .expect("every citizen is stored");
        assert_eq!(
            stored.candidate, expected,
            "the SAP record round-trips through the encrypted store"
        );
        let decoded = codice_fiscale::check(&expected.codice_fiscale, today())
            .decoded
            .unwrap();
        assert_eq!(decoded.birth_date, expected.personal.birth_date);
    }
}

#[test]
fn wrong_password_is_reported_with_its_code_and_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let profile = Profile::new(Some(data.path().to_path_buf()), "op1").unwrap();
    sportello_app::store::init(&profile, "Password1").unwrap();
    let err = sportello_app::store::check(&profile, "Password2").unwrap_err();
    assert_eq!(err.code(), ErrorCode::PasswordErrata);
    assert_eq!(err.to_string(), "password errata");
    assert!(
        sportello_app::store::check(&profile, "Password1")
            .unwrap()
            .integrity_ok
    );

    let missing = Profile::new(Some(data.path().to_path_buf()), "op2").unwrap();
    let err = sportello_app::store::check(&missing, "Password1").unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::ArchivioNonTrovato,
        "opening never creates a store by accident"
    );
    assert!(!missing.store_dir().exists());
}
