//! The desktop's sign-in, expired-password change and Scheda changes against the real
//! sandbox server on loopback.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use sportello_app::cruscotto::{self, SyncStep};
use sportello_app::desk::{self, ContactField, ContactsForm};
use sportello_app::{AppError, Profile};
use sportello_app::{search, sync};
use sportello_centrale::seed::{SeedOptions, SeedReport, seed};
use sportello_centrale::{Config, ManualClock, Server, serve};
use tempfile::TempDir;

struct Sandbox {
    server: Option<Server>,
    clock: Arc<ManualClock>,
    report: SeedReport,
    _dir: TempDir,
}

impl Sandbox {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("centrale.db");
        let opts = SeedOptions {
            citizens: 60,
            branches: 2,
            seed: 9,
            reference: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        let path = db.clone();
        let report = tokio::task::spawn_blocking(move || seed(&path, &opts, Utc::now()))
            .await
            .unwrap()
            .unwrap();
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let mut config = Config::new(&db);
        config.clock = clock.clone();
        let server = serve(config).await.unwrap();
        Sandbox {
            server: Some(server),
            clock,
            report,
            _dir: dir,
        }
    }

    fn url(&self) -> String {
        self.server.as_ref().unwrap().url()
    }

    /// The first single-branch operator.
    fn operatore(&self) -> (String, String) {
        let u = self
            .report
            .users
            .iter()
            .find(|u| u.role == "operatore")
            .unwrap();
        (u.username.clone(), u.password.clone())
    }
}

fn profile(dir: &TempDir, user: &str) -> Profile {
    Profile::new(Some(dir.path().to_path_buf()), user).unwrap()
}

fn noop(_: sync::SyncProgress) {}

/// The first operatore signed in to `sandbox` in `data` and synced once, with the
/// first candidate of the cache.
async fn operatore_synced(
    sandbox: &Sandbox,
    data: &TempDir,
) -> (Profile, sportello_app::search::Store, String) {
    let (user, password) = sandbox.operatore();
    let p = profile(data, &user);
    let (mut store, _) = desk::sign_in(&p, Some(&sandbox.url()), &password)
        .await
        .unwrap();
    sync::sync(&mut store, &noop).await.unwrap();
    let cf = first_candidate(&store);
    (p, store, cf)
}

fn first_candidate(store: &sportello_app::search::Store) -> String {
    let request = search::SearchRequest {
        query: sportello_app::search::Query {
            filter: Default::default(),
            scope: search::scope_of(&[]),
            sort: search::parse_sort("surname").unwrap(),
        },
        offset: 0,
        limit: 1,
    };
    let today = chrono::Local::now().date_naive();
    search::search_in(store, &request, today).unwrap().rows[0]
        .codice_fiscale
        .clone()
}

#[tokio::test]
async fn sign_in_online_then_offline_on_the_cache_then_local_alone() {
    let mut sandbox = Sandbox::start().await;
    let data = tempfile::tempdir().unwrap();
    let (user, password) = sandbox.operatore();
    let p = profile(&data, &user);

    let err = desk::sign_in(&p, None, &password).await.unwrap_err();
    assert!(
        matches!(&err, AppError::InvalidInput(m) if m.contains("indirizzo del server")),
        "{err}"
    );

    let (mut store, report) = desk::sign_in(&p, Some(&sandbox.url()), &password)
        .await
        .unwrap();
    assert!(report.online && report.store_created);
    assert_eq!(report.branches.len(), 1, "an operatore has one branch");
    sync::sync(&mut store, &noop).await.unwrap();
    let pulled = store.candidate_count().unwrap();
    assert!(pulled > 0);
    drop(store);

    let url = sandbox.url();
    sandbox.server.take().unwrap().shutdown().await.unwrap();
    let (store, report) = desk::sign_in(&p, Some(&url), &password).await.unwrap();
    assert!(!report.online);
    assert!(report.offline_reason.is_some());
    assert_eq!(report.data_age_minutes, Some(0));
    assert_eq!(
        store.candidate_count().unwrap(),
        pulled,
        "the cache is there"
    );
    drop(store);

    // No address given: the remembered server is tried, and it is down.
    let (_, report) = desk::sign_in(&p, Some("  "), &password).await.unwrap();
    assert!(!report.online);

    let wrong = desk::sign_in(&p, Some(&url), "Sbagliata2026").await;
    assert!(matches!(wrong, Err(AppError::WrongPassword)), "{wrong:?}");
}

#[tokio::test]
async fn an_unreachable_server_without_a_store_is_an_error() {
    let mut sandbox = Sandbox::start().await;
    let url = sandbox.url();
    sandbox.server.take().unwrap().shutdown().await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let (user, password) = sandbox.operatore();
    let err = desk::sign_in(&profile(&data, &user), Some(&url), &password)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Unavailable(_)), "{err}");
    assert!(
        !data.path().join("operators").join(&user).exists(),
        "no store is created offline"
    );
}

#[tokio::test]
async fn an_expired_password_is_changed_on_the_server_and_in_the_store() {
    let sandbox = Sandbox::start().await;
    let data = tempfile::tempdir().unwrap();
    let (user, old) = sandbox.operatore();
    let p = profile(&data, &user);
    let (store, _) = desk::sign_in(&p, Some(&sandbox.url()), &old).await.unwrap();
    drop(store);

    sandbox.clock.advance(chrono::Duration::days(100));
    let err = desk::sign_in(&p, Some(&sandbox.url()), &old)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::PasswordExpired), "{err}");

    let weak = desk::change_expired_password(&p, &sandbox.url(), &old, "corta").await;
    assert!(matches!(weak, Err(AppError::InvalidInput(_))), "{weak:?}");
    let new = "Rinnovata2026";
    desk::change_expired_password(&p, &sandbox.url(), &old, new)
        .await
        .unwrap();
    let (_, report) = desk::sign_in(&p, Some(&sandbox.url()), new).await.unwrap();
    assert!(report.online, "the new password opens server and store");
    let again = desk::sign_in(&p, Some(&sandbox.url()), &old).await;
    assert!(again.is_err(), "the old password is gone");
}

#[tokio::test]
async fn an_expired_password_without_a_local_store_is_changed_on_the_server() {
    let sandbox = Sandbox::start().await;
    let data = tempfile::tempdir().unwrap();
    let (user, old) = sandbox.operatore();
    let p = profile(&data, &user);
    sandbox.clock.advance(chrono::Duration::days(100));
    let new = "Rinnovata2026";
    desk::change_expired_password(&p, &sandbox.url(), &old, new)
        .await
        .unwrap();
    let (_, report) = desk::sign_in(&p, Some(&sandbox.url()), new).await.unwrap();
    assert!(report.online && report.store_created);
}

#[tokio::test]
async fn notes_show_what_waits_for_the_server_until_a_sync_takes_it() {
    let sandbox = Sandbox::start().await;
    let data = tempfile::tempdir().unwrap();
    let (p, mut store, cf) = operatore_synced(&sandbox, &data).await;

    let bad = ContactsForm {
        phone: "12".into(),
        mobile: String::new(),
        email: "non-una-mail".into(),
    };
    let problems = desk::contact_problems(&bad);
    let fields: Vec<ContactField> = problems.iter().map(|p| p.code).collect();
    assert_eq!(fields, [ContactField::Phone, ContactField::Email]);
    let err = sync::edit_contacts(&mut store, &p, &cf, bad.to_contacts()).unwrap_err();
    assert!(
        err.to_string().contains("Indirizzo e-mail non valido"),
        "{err}"
    );
    assert_eq!(store.outbox_counts().unwrap().pending, 0, "nothing queued");

    let good = ContactsForm {
        phone: "055 123 4567".into(),
        mobile: String::new(),
        email: "Mario@Example.it".into(),
    };
    sync::edit_contacts(&mut store, &p, &cf, good.to_contacts()).unwrap();
    let form = |occurred_on: &str| desk::AnnotationForm {
        codice_fiscale: cf.clone(),
        kind: "contatto".into(),
        text: "Telefonata".into(),
        occurred_on: occurred_on.into(),
    };
    let err = desk::add_annotation(&mut store, &p, &form("31/02/2026")).unwrap_err();
    assert!(matches!(err, AppError::InvalidInput(_)), "{err}");
    assert_eq!(
        store.outbox_counts().unwrap().pending,
        1,
        "a bad date queues nothing"
    );
    let notes = desk::add_annotation(&mut store, &p, &form(" 02/03/2026 ")).unwrap();
    assert_eq!(notes.pending, 2);
    assert_eq!(
        notes.contacts.phone, "055 123 4567",
        "the cache shows the edit"
    );
    let added = notes
        .annotations
        .iter()
        .find(|a| a.text == "Telefonata")
        .unwrap();
    assert!(added.pending);
    assert_eq!(added.author, p.user());
    assert_eq!(added.occurred_on.as_deref(), Some("02/03/2026"));

    let summary = sync::sync(&mut store, &noop).await.unwrap();
    assert_eq!(summary.applied, 2);
    let notes = desk::candidate_notes(&store, &cf).unwrap();
    assert_eq!(notes.pending, 0);
    assert_eq!(
        notes.contacts.phone, "0551234567",
        "as the server normalised it"
    );
    assert_eq!(notes.contacts.email, "mario@example.it");
    let synced = notes
        .annotations
        .iter()
        .find(|a| a.text == "Telefonata")
        .unwrap();
    assert!(!synced.pending);
}

#[tokio::test]
async fn the_scope_switch_follows_the_server_and_offline_only_filters() {
    let mut sandbox = Sandbox::start().await;
    let data = tempfile::tempdir().unwrap();
    let master = sandbox
        .report
        .users
        .iter()
        .find(|u| u.role == "master")
        .unwrap()
        .clone();
    let p = profile(&data, &master.username);
    let (mut store, report) = desk::sign_in(&p, Some(&sandbox.url()), &master.password)
        .await
        .unwrap();
    assert_eq!(report.scope.as_deref(), Some("tutte"));
    sync::sync(&mut store, &noop).await.unwrap();
    let everyone = store.candidate_count().unwrap();
    let branch = master.branches[0].clone();

    let steps = std::sync::Mutex::new(vec![]);
    cruscotto::switch_scope(&mut store, std::slice::from_ref(&branch), |s| {
        steps.lock().unwrap().push(s)
    })
    .await
    .unwrap();
    let scope = format!("filiale:{branch}");
    assert_eq!(store.session().unwrap().unwrap().scope, scope);
    let one_branch = store.candidate_count().unwrap();
    assert!(
        0 < one_branch && one_branch < everyone,
        "{one_branch} of {everyone}"
    );
    assert!(
        steps.lock().unwrap().iter().any(|s| matches!(
            s,
            SyncStep::Pulling {
                from_zero: true,
                ..
            }
        )),
        "the cache follows the new scope from zero"
    );
    let state = cruscotto::sync_state(&store, Some(sandbox.url()), true).unwrap();
    assert_eq!(
        (
            state.scope.as_deref(),
            state.candidates,
            state.data_age_minutes
        ),
        (Some(scope.as_str()), one_branch, Some(0))
    );

    // Two branches at once is not a scope the server issues.
    let two = [branch.clone(), master.branches[1].clone()];
    let refused = cruscotto::switch_scope(&mut store, &two, |_| {}).await;
    assert!(
        matches!(refused, Err(AppError::InvalidInput(_))),
        "{refused:?}"
    );

    // Gone offline: nothing changes on the server side of the store.
    sandbox.server.take().unwrap().shutdown().await.unwrap();
    cruscotto::switch_scope(&mut store, &[], |_| {})
        .await
        .unwrap();
    assert_eq!(store.session().unwrap().unwrap().scope, scope);
    assert_eq!(store.candidate_count().unwrap(), one_branch);
}

#[tokio::test]
async fn a_refused_change_is_settled_like_a_conflict() {
    let sandbox = Sandbox::start().await;
    let data = tempfile::tempdir().unwrap();
    let (p, mut store, cf) = operatore_synced(&sandbox, &data).await;
    let seq = sync::edit_contacts(
        &mut store,
        &p,
        &cf,
        ContactsForm {
            phone: "055 765 4321".into(),
            mobile: String::new(),
            email: String::new(),
        }
        .to_contacts(),
    )
    .unwrap();
    store
        .write(|tx| tx.mark_mutation_rejected(seq, "rifiutata per prova"))
        .unwrap();
    assert_eq!(sync::problems(&store).unwrap().len(), 1);

    let unknown = sync::resolve_problem(&mut store, &p, seq + 100, true).unwrap_err();
    assert!(
        unknown.to_string().contains("nessun problema numero"),
        "{unknown}"
    );
    sync::resolve_problem(&mut store, &p, seq, true).unwrap();
    assert!(sync::problems(&store).unwrap().is_empty());
    assert_eq!(
        store.outbox_counts().unwrap().pending,
        1,
        "made again, to be sent"
    );
    let summary = sync::sync(&mut store, &noop).await.unwrap();
    assert_eq!(summary.applied, 1);
    assert_eq!(
        desk::candidate_notes(&store, &cf).unwrap().contacts.phone,
        "0557654321",
        "as the server normalised it"
    );
}
