//! End-to-end: "Utenti" in the demo — the master creates a super user and turns every
//! branch of the PAD off (warned of the provinces left without one); the super user
//! signs in to the same sandbox with the one-time password and must replace it first.

use crate::support::{data_env, demo_signed_in};
use crate::webdriver::Desktop;

#[test]
fn a_master_creates_a_super_user_who_must_change_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    let server = demo_signed_in(&app);

    app.click("#nav-utenti");
    app.find("#utenti-table tr[data-username='master']");
    app.fill("#u-username", "super.nord");
    app.fill("#u-password", "corta");
    let problem = app.wait("the password's problem, as typed", || {
        Some(app.text("#u-password-problem")).filter(|t| !t.is_empty())
    });
    assert!(problem.contains("8"), "{problem}");
    app.screenshot("utenti-01-nuova");
    app.fill("#u-password", "Nord2026ab");
    app.click(".u-filiale");
    app.wait("no problem left", || {
        (!app.exists("#u-password-problem") && !app.exists("#u-username-problem")).then_some(())
    });
    app.click("#u-create");
    let notice = app.wait("the creation's notice", || {
        Some(app.text("#utenti-notice")).filter(|t| !t.is_empty())
    });
    assert!(notice.contains("super.nord"), "{notice}");
    app.find("#utenti-table tr[data-username='super.nord']");
    assert!(
        app.text("#utenti-table tr[data-username='super.nord'] .utente-stato")
            .contains("primo accesso")
    );
    app.screenshot("utenti-02-creata");

    // Configurazione APL: every branch off at once, with the warning it calls for.
    app.click("#nav-pad");
    app.find("#pad-table tr[data-code]");
    app.click("#pad-all-off");
    app.click("#pad-save");
    let warning = app.wait("the uncovered provinces", || {
        Some(app.text("#pad-warning")).filter(|t| !t.is_empty())
    });
    assert!(
        warning.contains("nessuna filiale selezionabile"),
        "{warning}"
    );
    assert!(app.text("#pad-table").contains("master"), "who changed it");
    app.screenshot("utenti-03-pad");

    // The new super user signs in: the one-time password must be replaced first.
    app.click("#nav-signout");
    app.fill("#login-server", &server);
    app.fill("#login-username", "super.nord");
    app.fill("#login-password", "Nord2026ab");
    app.click("#login-submit");
    app.find("#expired");
    app.screenshot("utenti-04-primo-accesso");
    app.fill("#expired-new", "Mia2026nord");
    app.fill("#expired-repeat", "Mia2026nord");
    app.click("#expired-submit");
    // One branch: no scope to choose, straight to the Cruscotto, synced.
    app.find("#dashboard");
    assert!(app.text("#header-user").contains("super.nord"));
    // A super reads the accounts of its branches, and changes none.
    app.click("#nav-utenti");
    app.find("#utenti-readonly");
    assert!(!app.exists("#u-create"));
    app.screenshot("utenti-05-super");
}
