//! End-to-end: the real desktop app driven through WebDriver under Xvfb.
//!
//! Expected numbers come from the oracle (`CandidateFilter::matches` over the same
//! deterministic demo citizens), never from the app itself. Screenshots of each screen
//! land in `target/e2e-screenshots/`.

mod server;

use crate::support::{data_env, matching};
use crate::webdriver::Desktop;
use sportello_app::Profile;
use sportello_app::demo::sandbox::{BRANCHES, CITIZENS, SEED};
use sportello_core::CandidateFilter;
use sportello_sheets::table::{Value, read_workbook};

/// The demo citizens matching `filter` today, by the oracle.
fn expected(filter: &CandidateFilter) -> u64 {
    matching(SEED, CITIZENS, BRANCHES, filter).len() as u64
}

fn total(app: &Desktop) -> u64 {
    app.wait("a result count", || {
        app.attribute("#results-count", "data-total")
            .and_then(|t| t.parse().ok())
    })
}

/// What `sh xtask/bootstrap.sh run` launches with a display (`cargo xtask run`): the
/// app with `--demo` and its data in `SPORTELLO_DATA_DIR`. From the login screen it
/// must sign in to the demo by itself (no click), never stop on an error.
#[test]
fn the_run_command_opens_the_demo_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &["--demo"]);
    app.find("#scope");
    app.click("#scope-submit");
    let shown = app.wait("the dashboard count", || {
        Some(app.text("#dashboard-candidates")).filter(|t| !t.is_empty())
    });
    assert_eq!(shown.replace('.', ""), CITIZENS.to_string());
}

#[test]
fn demo_search_sheet_and_export() {
    let dir = tempfile::tempdir().unwrap();
    // Timings are printed for the closing note, never asserted.
    let launched = std::time::Instant::now();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    app.find("#login");
    eprintln!("demo: launch to the login screen {:?}", launched.elapsed());
    app.screenshot("01-accesso");
    let accedi = std::time::Instant::now();
    app.click("#login-demo");
    app.find("#scope");
    eprintln!("demo: Accedi to the scope choice {:?}", accedi.elapsed());
    app.screenshot("02-scelta-ambito");
    app.click("#scope-submit");
    let shown = app.wait("the dashboard count", || {
        Some(app.text("#dashboard-candidates")).filter(|t| !t.is_empty())
    });
    assert_eq!(shown.replace('.', ""), CITIZENS.to_string());
    eprintln!(
        "demo: Accedi to the dashboard with data {:?} (one scope click included)",
        accedi.elapsed()
    );
    app.find("#dashboard tbody td");
    app.screenshot("03-cruscotto");

    app.click("#nav-candidates");
    assert_eq!(total(&app), CITIZENS as u64);
    app.fill("#f-age-min", "25");
    app.fill("#f-age-max", "45");
    app.fill("#f-keywords", "magazziniere");
    app.click("#f-search");
    let filter = CandidateFilter {
        age_min: Some(25),
        age_max: Some(45),
        keywords: Some("magazziniere".into()),
        ..Default::default()
    };
    let want = expected(&filter);
    assert!(want > 0, "the demo data has warehouse workers aged 25-45");
    app.wait("the filtered count", || {
        (app.attribute("#results-count", "data-total").as_deref() == Some(&want.to_string()))
            .then_some(())
    });
    app.find(".results-data[data-cf]");
    app.screenshot("04-candidati");

    app.click(".results-data[data-cf]");
    app.find("#sheet h1");
    app.screenshot("05-scheda");
    app.click("#tab-amministrativi");
    app.screenshot("06-scheda-amministrativi");
    app.click("#sheet-back");

    app.click("#export-open");
    let out = dir.path().join("magazzinieri.xlsx");
    app.fill("#export-path", &out.display().to_string());
    app.click("#export-start");
    app.wait("the end of the export", || {
        if app.exists("#export .alert-danger") {
            panic!("export failed: {}", app.text("#export .alert-danger"));
        }
        app.exists("#export-done").then_some(())
    });
    app.screenshot("07-esportazione");
    let rows: u64 = app
        .attribute("#export-done", "data-rows")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(rows, want);
    let sheets = read_workbook(&out).expect("a valid xlsx");
    let data = &sheets[0];
    assert_eq!(data.name, "Candidati");
    assert_eq!(
        data.rows.len() as u64,
        want + 1,
        "header and one row per match"
    );
    assert_eq!(data.rows[0][0], Value::Text("Codice fiscale".into()));

    app.click("#nav-settings");
    app.find("#settings");
    app.screenshot("08-impostazioni");
}

/// A local store for `user`, as a first sign-in would have left it.
fn local_store(dir: &std::path::Path, user: &str, password: &str) {
    let profile = Profile::new(Some(dir.join("sportello")), user).unwrap();
    sportello_app::store::init(&profile, password).unwrap();
}

#[test]
fn wrong_password_is_explained_and_the_right_one_opens_the_store() {
    let dir = tempfile::tempdir().unwrap();
    local_store(dir.path(), "mario.rossi", "Corretta2026");
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    app.fill("#login-username", "mario.rossi");
    app.fill("#login-password", "Sbagliata2026");
    app.click("#login-submit");
    app.find(".alert[data-code=password_errata]");
    assert!(
        app.text(".alert .error-message")
            .contains("Password errata")
    );
    app.screenshot("09-password-errata");
    app.fill("#login-password", "Corretta2026");
    app.click("#login-submit");
    app.find("#dashboard-candidates");
}

#[test]
fn auto_lock_hides_personal_data_until_the_password_is_given() {
    let dir = tempfile::tempdir().unwrap();
    local_store(dir.path(), "anna.bianchi", "Segreta2026");
    let mut env = data_env(dir.path());
    env.push(("SPORTELLO_AUTO_LOCK_SECONDS", "3".into()));
    let app = Desktop::launch(dir.path(), &env, &[]);
    app.fill("#login-username", "anna.bianchi");
    app.fill("#login-password", "Segreta2026");
    app.click("#login-submit");
    app.find("#dashboard-candidates");
    app.find("#lock");
    assert!(
        !app.exists("#dashboard"),
        "personal data is hidden while locked"
    );
    app.screenshot("10-blocco");
    app.fill("#lock-password", "Sbagliata1");
    app.click("#lock-submit");
    app.find("#lock .alert[data-code=password_errata]");
    app.fill("#lock-password", "Segreta2026");
    app.click("#lock-submit");
    app.find("#dashboard");
}
