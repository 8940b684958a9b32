//! End-to-end: the training-course catalogue (seed 004) in the demo. The master, who
//! acts for the agency's training arm, creates a course (the form applies the type →
//! outcome rule as one types) and requests its validation; the regional office signs
//! in to the same sandbox, finds it in its queue and validates it; back as the master,
//! the validated course is duplicated into a new draft with new dates.

use sportello_app::demo::sandbox::{BRANCHES, SEED};

use crate::support::{data_env, demo_signed_in};
use crate::webdriver::Desktop;

const TITOLO: &str = "Fogli di calcolo per l'ufficio";

fn date(days: u64) -> String {
    (chrono::Local::now().date_naive() + chrono::Days::new(days))
        .format("%d/%m/%Y")
        .to_string()
}

/// Opens the course titled `TITOLO` from the list and returns its id.
fn open_ours(app: &Desktop) -> String {
    app.click("#f-titolo");
    app.fill("#f-titolo", "fogli di calcolo");
    app.choose("#f-cancellato", "");
    app.click("#corsi-search");
    app.wait("our course in the list", || {
        app.text("#corsi-table").contains(TITOLO).then_some(())
    });
    app.click("#corsi-table .corso-open");
    app.find("#corso-sheet");
    app.attribute("#corso-sheet", "data-id")
        .expect("the sheet names its course")
}

fn sign_in(app: &Desktop, server: &str, username: &str, password: &str) {
    app.click("#nav-signout");
    app.fill("#login-server", server);
    app.fill("#login-username", username);
    app.fill("#login-password", password);
    app.click("#login-submit");
}

#[test]
fn a_course_is_created_requested_validated_and_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    let server = demo_signed_in(&app);
    let codes: Vec<String> = sportello_demo::branches(BRANCHES)
        .into_iter()
        .map(|b| b.code)
        .collect();
    let users = sportello_centrale::seed::demo_users(&codes, SEED);
    let password = |name: &str| {
        users
            .iter()
            .find(|u| u.username == name)
            .unwrap()
            .password
            .clone()
    };

    // The provider: a new course, checked as typed.
    app.click("#nav-corsi");
    app.find("#corsi-table tbody tr");
    app.click("#corso-new");
    app.choose("#cf-tipologia", "esame_certificazione_informatica");
    assert_eq!(
        app.execute("return document.querySelector('#cf-esito').value")
            .as_str(),
        Some("E"),
        "the only outcome of the type is chosen"
    );
    app.fill("#cf-identificativo", "E2E-FOGLI");
    app.fill("#cf-titolo", TITOLO);
    app.fill("#cf-ore", "12");
    app.fill("#cf-costo_centesimi", "150,00");
    app.fill("#cf-inizio", &date(20));
    app.fill("#cf-fine", &date(10));
    let problem = app.wait("the dates' problem, as typed", || {
        app.exists("#cf-fine-err")
            .then(|| app.text("#cf-fine-err"))
            .filter(|t| t.contains("non prima"))
    });
    assert!(problem.starts_with("Fine corso"), "{problem}");
    app.fill("#cf-fine", &date(25));
    app.fill(".finalita-run", "Formule, tabelle pivot e grafici.");
    app.wait("no problem left", || {
        (!app.exists("#corso-problems")).then_some(())
    });
    app.screenshot("corsi-01-nuovo");
    app.click("#corso-save");
    app.find("#corso-sheet[data-stato='bozza']");
    app.click("#corso-richiedi");
    app.find("#corso-sheet[data-stato='in_validazione']");
    assert!(!app.exists("#corso-edit"), "locked once requested");
    app.screenshot("corsi-02-richiesto");
    app.click("#nav-dashboard");
    app.click("#sync-now");
    app.find("#sync-done");

    // The regional office: its queue, the course, "Valida".
    sign_in(&app, &server, "regione", &password("regione"));
    app.find("#dashboard");
    assert!(!app.exists("#nav-candidates"), "the office sees no citizen");
    app.click_until("#nav-corsi", "#corsi");
    app.click("#corsi-queue");
    let id = open_ours(&app);
    assert!(!app.exists("#corso-cancella") && app.exists("#corso-rinvia"));
    app.screenshot("corsi-03-coda-regione");
    app.click("#corso-valida");
    app.find("#corso-sheet[data-stato='validato']");
    app.click("#nav-dashboard");
    app.click("#sync-now");
    app.find("#sync-done");

    // The provider again: validated; duplicated with new dates into a new draft.
    app.click("#nav-signout");
    app.click("#login-demo");
    app.click("#scope-submit");
    app.find("#dashboard tbody td");
    app.click_until("#nav-corsi", "#corsi");
    assert_eq!(open_ours(&app), id);
    app.find("#corso-sheet[data-stato='validato']");
    app.click("#corso-duplica");
    app.find("#corso-form");
    assert_eq!(
        app.execute("return document.querySelector('#cf-inizio').value")
            .as_str(),
        Some(""),
        "the dates are entered again"
    );
    assert_eq!(
        app.execute("return document.querySelector('#cf-titolo').value")
            .as_str(),
        Some(TITOLO)
    );
    app.fill("#cf-identificativo", "E2E-FOGLI-2");
    app.fill("#cf-inizio", &date(60));
    app.fill("#cf-fine", &date(65));
    app.wait("no problem left", || {
        (!app.exists("#corso-problems")).then_some(())
    });
    app.click("#corso-save");
    app.find("#corso-sheet[data-stato='bozza']");
    let copy = app.attribute("#corso-sheet", "data-id").unwrap();
    assert_ne!(copy, id, "a new course");
    app.screenshot("corsi-04-duplicato");
}
