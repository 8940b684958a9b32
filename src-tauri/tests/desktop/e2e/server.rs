//! End-to-end against the real sandbox server `sportello-centrale`, started by the test
//! on loopback: sign-in through Accesso, scope and sync with progress, an annotation
//! that reaches the server, offline work on the cache, and back online. What reached
//! the server is checked by a second client that syncs from it (never by the app).

use std::sync::Arc;
use std::time::Instant;

use chrono::{Local, Utc};
use sportello_app::desk::ContactsForm;
use sportello_app::{Profile, desk, sync};
use sportello_centrale::seed::{SeedOptions, SeedReport, seed};
use sportello_centrale::{Config, FaultConfig, ManualClock, Server, serve};
use sportello_core::CandidateFilter;
use sportello_core::candidate::Contacts;
use sportello_store::Store;
use tempfile::TempDir;

use crate::support::{data_env, matching};
use crate::webdriver::Desktop;

const CITIZENS: usize = 3_000;
const BRANCHES: usize = 2;
const SEED: u64 = 11;

struct Sandbox {
    rt: tokio::runtime::Runtime,
    server: Option<Server>,
    clock: Arc<ManualClock>,
    db: std::path::PathBuf,
    url: String,
    report: SeedReport,
    _dir: TempDir,
}

impl Sandbox {
    fn start() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("centrale.db");
        let opts = SeedOptions {
            citizens: CITIZENS,
            branches: BRANCHES,
            seed: SEED,
            reference: Local::now().date_naive(),
        };
        let report = seed(&db, &opts, Utc::now()).expect("the sandbox is seeded");
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let mut config = Config::new(&db);
        config.clock = clock.clone();
        let server = rt.block_on(serve(config)).expect("the sandbox starts");
        let url = server.url();
        Sandbox {
            rt,
            server: Some(server),
            clock,
            db,
            url,
            report,
            _dir: dir,
        }
    }

    fn password(&self, user: &str) -> String {
        self.report
            .users
            .iter()
            .find(|u| u.username == user)
            .unwrap()
            .password
            .clone()
    }

    fn stop(&mut self) {
        let server = self.server.take().expect("running");
        self.rt.block_on(server.shutdown()).unwrap();
    }

    /// On the same address and database, as after a network outage.
    fn restart(&mut self) {
        let mut config = Config::new(&self.db);
        config.clock = self.clock.clone();
        config.listen = self.url.trim_start_matches("http://").parse().unwrap();
        self.server = Some(
            self.rt
                .block_on(serve(config))
                .expect("the sandbox restarts"),
        );
    }

    /// Slows each page of the pull, so the progress bar is there to be seen.
    fn slow_pull(&self, on: bool) {
        self.server
            .as_ref()
            .unwrap()
            .set_faults(on.then(|| FaultConfig {
                seed: 1,
                delay_rate: 1.0,
                delay_ms: 1_500,
                path_prefix: Some("/api/v1/sync/changes".into()),
                ..FaultConfig::default()
            }));
    }

    /// Runs `then` on a second computer: `user` signed in to the sandbox and synced.
    fn elsewhere<T>(&self, user: &str, then: impl AsyncFnOnce(&mut Store, &Profile) -> T) -> T {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::new(Some(dir.path().to_path_buf()), user).unwrap();
        let password = self.password(user);
        self.rt.block_on(async {
            let (mut store, report) = desk::sign_in(&profile, Some(&self.url), &password)
                .await
                .unwrap();
            assert!(report.online);
            sync::sync(&mut store, &|_| {}).await.unwrap();
            then(&mut store, &profile).await
        })
    }

    /// The annotations of `cf` as a second computer receives them from the server.
    fn server_annotations(&self, user: &str, cf: &str) -> Vec<String> {
        self.elsewhere(user, async |store, _| {
            desk::candidate_notes(store, cf)
                .unwrap()
                .annotations
                .into_iter()
                .map(|a| a.text)
                .collect()
        })
    }

    /// The recapiti of `cf` as a second computer receives them from the server.
    fn server_contacts(&self, user: &str, cf: &str) -> ContactsForm {
        self.elsewhere(user, async |store, _| {
            desk::candidate_notes(store, cf).unwrap().contacts
        })
    }

    /// Another computer changes the mobile number of `cf` and syncs; returns the
    /// recapiti the server then holds.
    fn change_mobile_elsewhere(&self, user: &str, cf: &str, mobile: &str) -> ContactsForm {
        self.elsewhere(user, async |store, profile| {
            let now = desk::candidate_notes(store, cf).unwrap().contacts;
            let given = |s: String| Some(s).filter(|s| !s.is_empty());
            let contacts = Contacts {
                phone: given(now.phone),
                mobile: Some(mobile.into()),
                email: given(now.email),
            };
            sync::edit_contacts(store, profile, cf, contacts).unwrap();
            let summary = sync::sync(store, &|_| {}).await.unwrap();
            assert_eq!(summary.rejected + summary.conflicts, 0, "{summary:?}");
            desk::candidate_notes(store, cf).unwrap().contacts
        })
    }
}

/// The sandbox citizens matching `filter` today, by the oracle.
fn expected(filter: &CandidateFilter) -> u64 {
    matching(SEED, CITIZENS, BRANCHES, filter).len() as u64
}

fn sign_in(app: &Desktop, url: &str, user: &str, password: &str) {
    app.fill("#login-server", url);
    app.fill("#login-username", user);
    app.fill("#login-password", password);
    app.click("#login-submit");
}

/// The dashboard's candidate count once it is above zero (the first sync brought data).
fn dashboard_count(app: &Desktop) -> u64 {
    app.wait("candidates on the dashboard", || {
        app.text("#dashboard-candidates")
            .replace('.', "")
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
    })
}

fn wait_attr(app: &Desktop, css: &str, name: &str, want: &str) {
    app.wait(&format!("{css} {name}={want}"), || {
        (app.attribute(css, name).as_deref() == Some(want)).then_some(())
    });
}

fn annotate(app: &Desktop, text: &str) {
    app.fill("#note-text", text);
    app.fill("#note-date", "03/11/2026");
    app.click("#note-add");
    app.wait("the annotation in the list", || {
        app.exists("#note-saved").then_some(())
    });
    assert!(app.text("#note-list").contains(text));
    assert!(app.exists(".note-item[data-pending=true]"));
}

/// Opens the first candidate of the current results and returns their codice fiscale.
fn open_first(app: &Desktop) -> String {
    let cf = app.wait("a result row", || {
        app.attribute(".results-data[data-cf]", "data-cf")
    });
    app.click(".results-data[data-cf]");
    app.find("#sheet h1");
    app.find("#notes");
    cf
}

/// The screen at 200% zoom: saved for a look, and nothing wider than the window (WCAG
/// reflow: no horizontal scrolling).
fn at_200_percent(app: &Desktop, shot: &str) {
    app.execute("document.body.style.zoom = '2'; return null;");
    let overflow = app.execute(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    );
    app.screenshot(shot);
    app.execute("document.body.style.zoom = ''; return null;");
    assert!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "{shot}: {overflow} pixels wider than the window at 200%"
    );
}

#[test]
fn sign_in_sync_annotate_go_offline_and_back() {
    let mut sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let launched = Instant::now();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    app.find("#login");
    eprintln!("launch to the login screen: {:?}", launched.elapsed());
    app.screenshot("11-accesso-server");

    sign_in(&app, &sandbox.url, "master", "Sbagliata2026");
    app.find(".alert[data-code=credenziali_errate]");
    assert!(
        app.text(".alert .error-message")
            .contains("password errati")
    );

    sandbox.slow_pull(true);
    let accedi = Instant::now();
    sign_in(&app, &sandbox.url, "master", &sandbox.password("master"));
    app.find("#scope");
    assert!(app.exists("#scope-all"), "master chooses one branch or all");
    let scope = app.text("#scope");
    for b in sportello_demo::branches(BRANCHES) {
        let label = format!("{} – {}", b.code, b.name);
        assert!(
            scope.contains(&label),
            "{label:?} named before any sync: {scope}"
        );
    }
    app.screenshot("12-ambito-server");
    app.click("#scope-submit");
    app.find("#sync-progress[data-phase=pulling]");
    app.screenshot("13-sincronizzazione");
    assert_eq!(dashboard_count(&app), CITIZENS as u64);
    eprintln!(
        "Accedi to the dashboard with data (pull slowed 1.5 s a page): {:?}",
        accedi.elapsed()
    );
    sandbox.slow_pull(false);
    wait_attr(&app, "#sync", "data-online", "true");
    wait_attr(&app, "#sync", "data-pending", "0");
    assert!(!app.text("#sync-last").contains("mai"));
    app.screenshot("14-cruscotto-in-linea");
    at_200_percent(&app, "14b-cruscotto-200");

    app.click("#nav-candidates");
    let cf = open_first(&app);
    let first = "Colloquio svolto: disponibile da subito";
    annotate(&app, first);
    assert!(app.exists("#notes-pending"));
    app.screenshot("15-scheda-annotazione");
    at_200_percent(&app, "15b-scheda-200");
    app.fill("#contact-email", "non-una-mail");
    app.find("#contact-email-problem");
    assert!(
        app.text("#contact-email-problem")
            .contains("e-mail non valido")
    );

    app.click("#nav-dashboard");
    wait_attr(&app, "#sync", "data-pending", "1");
    app.click("#sync-now");
    app.find("#sync-done");
    wait_attr(&app, "#sync", "data-pending", "0");
    assert!(
        sandbox
            .server_annotations("master", &cf)
            .contains(&first.to_string()),
        "the annotation reached the server"
    );

    sandbox.stop();
    app.click("#nav-candidates");
    app.fill("#f-age-min", "30");
    app.fill("#f-keywords", "magazziniere");
    app.click("#f-search");
    let filter = CandidateFilter {
        age_min: Some(30),
        keywords: Some("magazziniere".into()),
        ..Default::default()
    };
    let want = expected(&filter);
    assert!(want > 0, "the sandbox has warehouse workers over 30");
    wait_attr(&app, "#results-count", "data-total", &want.to_string());
    let offline_cf = open_first(&app);
    let second = "Telefonata senza risposta, da richiamare";
    annotate(&app, second);
    app.click("#nav-dashboard");
    wait_attr(&app, "#sync", "data-online", "false");
    wait_attr(&app, "#sync", "data-pending", "1");
    assert!(
        app.text("#sync-offline")
            .contains("Server non raggiungibile")
    );
    app.screenshot("16-cruscotto-offline");
    app.click("#sync-now");
    app.find("#sync .alert[data-code=server_non_raggiungibile]");
    wait_attr(&app, "#sync", "data-pending", "1");

    sandbox.restart();
    app.click("#sync-now");
    app.find("#sync-done");
    wait_attr(&app, "#sync", "data-pending", "0");
    wait_attr(&app, "#sync", "data-online", "true");
    assert!(
        sandbox
            .server_annotations("master", &offline_cf)
            .contains(&second.to_string()),
        "the offline annotation left with the sync after the restart"
    );
    app.screenshot("17-cruscotto-di-nuovo-in-linea");

    // The same recapiti changed here and, meanwhile, on another computer: the sync
    // keeps both sides, the operator sees them and sends theirs again.
    app.click("#nav-candidates");
    let cf = open_first(&app);
    app.fill("#contact-mobile", "3331112222");
    app.click("#contacts-save");
    app.find("#contacts-saved");
    let elsewhere = sandbox.change_mobile_elsewhere("master", &cf, "3479998888");
    assert_eq!(elsewhere.mobile, "3479998888");
    app.click("#nav-dashboard");
    app.click("#sync-now");
    app.find("#sync-done");
    let conflict = app.wait("the conflict on the Cruscotto", || {
        let text = app.text(".sync-conflict");
        (!text.is_empty()).then_some(text)
    });
    assert!(app.text("#sync-done").contains("1 modifica in conflitto"));
    assert!(conflict.contains("Cellulare: 3331112222"), "{conflict}");
    assert!(conflict.contains("Cellulare: 3479998888"), "{conflict}");
    assert_eq!(app.text("#sync-conflicts"), "1");
    app.screenshot("18-conflitto");
    app.click(".sync-conflict button[id^=keep-mine]");
    app.find("#conflict-resolved");
    assert!(!app.exists(".sync-conflict"));
    wait_attr(&app, "#sync", "data-pending", "1");
    app.click("#sync-now");
    app.find("#sync-done");
    wait_attr(&app, "#sync", "data-pending", "0");
    assert_eq!(app.text("#sync-conflicts"), "0");
    assert_eq!(
        sandbox.server_contacts("master", &cf).mobile,
        "3331112222",
        "the operator's number reached the server on top of the other change"
    );
}

#[test]
fn an_expired_password_is_changed_from_the_login_screen() {
    let sandbox = Sandbox::start();
    let user = sandbox
        .report
        .users
        .iter()
        .find(|u| u.role == "operatore")
        .unwrap()
        .username
        .clone();
    let old = sandbox.password(&user);
    sandbox.clock.advance(chrono::Duration::days(100));
    let dir = tempfile::tempdir().unwrap();
    let app = Desktop::launch(dir.path(), &data_env(dir.path()), &[]);
    sign_in(&app, &sandbox.url, &user, &old);
    app.find("#expired");
    app.fill("#expired-new", "corta");
    app.find("#expired-problems li");
    app.execute("document.getElementById('expired-new').scrollIntoView(); return null;");
    app.screenshot("18-password-scaduta");
    assert_eq!(
        app.attribute("#expired-submit", "disabled").as_deref(),
        Some("true")
    );
    app.fill("#expired-new", "Rinnovata2026");
    app.find("#expired-ok");
    app.fill("#expired-repeat", "Rinnovata2026");
    app.click("#expired-submit");
    // An operatore has one branch: no scope to choose, the first sync starts at once.
    app.find("#sync-done");
    let shown = dashboard_count(&app);
    assert!(
        shown > 0 && shown < CITIZENS as u64,
        "one branch's candidates"
    );
}
