//! A seeded sandbox server on loopback and stores logged in to it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use sportello_centrale::seed::{SeedOptions, SeedReport, seed};
use sportello_centrale::{Config, ManualClock, Server, TlsFiles, serve};
use sportello_core::candidate::Contacts;
use sportello_protocol::sync::Change;
use sportello_store::Store;
use sportello_sync::{Client, ClientConfig, session, sync_once};
use tempfile::TempDir;

pub const LOCAL_PASSWORD_NOTE: &str = "the local store uses the operator's server password";

#[derive(Debug)]
pub struct Sandbox {
    pub server: Option<Server>,
    pub clock: Arc<ManualClock>,
    pub report: SeedReport,
    pub db: sportello_centrale::db::Location,
    pub url: String,
    configure: fn(&mut Config),
    _dir: TempDir,
}

impl Sandbox {
    pub async fn start(citizens: usize, branches: usize) -> Self {
        Self::start_with(citizens, branches, |_| {}).await
    }

    pub async fn start_with(citizens: usize, branches: usize, configure: fn(&mut Config)) -> Self {
        Self::launch(citizens, branches, configure, None).await
    }

    /// A sandbox serving HTTPS with `tls`.
    pub async fn start_tls(citizens: usize, branches: usize, tls: TlsFiles) -> Self {
        Self::launch(citizens, branches, |_| {}, Some(tls)).await
    }

    async fn launch(
        citizens: usize,
        branches: usize,
        configure: fn(&mut Config),
        tls: Option<TlsFiles>,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = sportello_testkit::postgres::test_database(dir.path());
        let opts = SeedOptions {
            citizens,
            branches,
            seed: 5,
            reference: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        };
        let seeded = db.clone();
        let report = tokio::task::spawn_blocking(move || seed(seeded, &opts, Utc::now()))
            .await
            .unwrap()
            .expect("seed");
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let mut config = Config::new(&db);
        config.chiave_cv = Some(sportello_testkit::postgres::chiave_cv());
        config.clock = clock.clone();
        // The tests drive the server-side changes through the sandbox endpoints.
        config.sandbox = true;
        configure(&mut config);
        config.tls = tls;
        let server = serve(config).await.expect("the server starts");
        let url = server.url();
        Self {
            server: Some(server),
            clock,
            report,
            db,
            url,
            configure,
            _dir: dir,
        }
    }

    pub fn server(&self) -> &Server {
        self.server.as_ref().expect("the server is running")
    }

    pub async fn stop(&mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await.unwrap();
        }
    }

    /// Starts the server again on the same address and database.
    pub async fn restart(&mut self) {
        self.stop().await;
        let mut config = Config::new(&self.db);
        config.chiave_cv = Some(sportello_testkit::postgres::chiave_cv());
        config.clock = self.clock.clone();
        // The tests drive the server-side changes through the sandbox endpoints.
        config.sandbox = true;
        (self.configure)(&mut config);
        config.listen = self.url.trim_start_matches("http://").parse().unwrap();
        self.server = Some(serve(config).await.expect("the server restarts"));
    }

    pub fn password(&self, username: &str) -> String {
        self.report
            .users
            .iter()
            .find(|u| u.username == username)
            .unwrap_or_else(|| panic!("demo user {username}"))
            .password
            .clone()
    }

    pub fn client(&self, config: ClientConfig) -> Client {
        Client::new(&self.url, config).unwrap()
    }

    /// A new store for `username`, logged in (its password is the server's).
    pub async fn logged_in_store(
        &self,
        username: &str,
        scope: Option<&str>,
        client: &Client,
    ) -> (TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let password = self.password(username);
        let s = session::login(client, username, &password, scope)
            .await
            .expect("login");
        let mut store = Store::create(dir.path(), &password).expect(LOCAL_PASSWORD_NOTE);
        session::adopt(&mut store, client, &s).unwrap();
        (dir, store)
    }

    /// The usual start of a flow: the master's store, logged in with a fast client and
    /// synced once.
    pub async fn master_synced(&self) -> (Client, TempDir, Store) {
        let client = self.client(fast_config());
        let (dir, mut store) = self.logged_in_store("master", None, &client).await;
        sync_once(&client, &mut store, &no_progress())
            .await
            .expect("first sync");
        (client, dir, store)
    }

    /// Everything `username` sees on the server now, pulled without faults.
    pub async fn server_view(&self, username: &str, scope: Option<&str>) -> View {
        view_at(&self.url, username, &self.password(username), scope).await
    }
}

/// Everything `username` sees on the server at `url` now, pulled without faults.
pub async fn view_at(url: &str, username: &str, password: &str, scope: Option<&str>) -> View {
    let config = ClientConfig {
        page_size: 5_000,
        ..ClientConfig::default()
    };
    let client = Client::new(url, config).unwrap();
    let s = session::login(&client, username, password, scope)
        .await
        .unwrap();
    let mut view = View::default();
    let mut cursor = None;
    loop {
        let page = client.changes(&s.token, cursor.as_deref()).await.unwrap();
        for change in page.changes {
            match change {
                Change::Candidate { record, .. } => {
                    view.candidates.insert(
                        record.sap.codice_fiscale.clone(),
                        Seen {
                            version: record.version,
                            branch: record.sap.branch.clone(),
                            contacts: record.sap.contacts.clone(),
                            declaration: record
                                .fascia_debole
                                .map(|d| (d.fascia_debole, d.categoria)),
                        },
                    );
                }
                Change::Annotation { annotation, .. } => {
                    view.annotations
                        .insert(annotation.id.to_string(), annotation.codice_fiscale);
                }
                Change::Offerta { offerta, .. } => {
                    view.offerte.insert(offerta.id.to_string(), offerta.version);
                }
                Change::Interesse { interesse, .. } => {
                    view.interessi
                        .insert(interesse.id.to_string(), interesse.version);
                }
                Change::Rifiuto { rifiuto, .. } => {
                    view.rifiuti.insert(rifiuto.id.to_string(), 1);
                }
                // No test of this module makes documents to sign, appointments,
                // applications or CVs.
                Change::Branch { .. }
                | Change::Documento { .. }
                | Change::Sportello { .. }
                | Change::Prenotazione { .. }
                | Change::Candidatura { .. }
                | Change::Contatto { .. }
                | Change::Cv { .. }
                | Change::Tombstone { .. } => {}
            }
        }
        cursor = Some(page.next_cursor);
        if !page.has_more {
            return view;
        }
    }
}

/// What a candidate looks like, for comparing server and cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub version: i64,
    pub branch: String,
    pub contacts: Contacts,
    pub declaration: Option<(bool, Option<String>)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub candidates: BTreeMap<String, Seen>,
    /// Annotation id → codice fiscale.
    pub annotations: BTreeMap<String, String>,
    /// Offer, interest, refusal id → version (only from the server's side).
    pub offerte: BTreeMap<String, i64>,
    pub interessi: BTreeMap<String, i64>,
    pub rifiuti: BTreeMap<String, i64>,
}

/// The cache, in the same shape.
pub fn local_view(store: &Store) -> View {
    let mut view = View::default();
    let all = store
        .candidates_matching_keywords(&sportello_core::keywords::KeywordQuery::parse(""))
        .unwrap();
    for cf in all {
        let r = store.candidate(&cf).unwrap().unwrap();
        for a in store.annotations(&cf).unwrap() {
            view.annotations.insert(a.id, a.codice_fiscale);
        }
        view.candidates.insert(
            cf.clone(),
            Seen {
                version: r.version,
                branch: r.candidate.branch,
                contacts: r.candidate.contacts,
                declaration: store
                    .declaration(&cf)
                    .unwrap()
                    .map(|d| (d.fascia_debole, d.categoria)),
            },
        );
    }
    for o in store.offerte(&Default::default()).unwrap() {
        view.offerte.insert(o.id, o.version);
    }
    for i in store.interessi(None, None).unwrap() {
        view.interessi.insert(i.id, i.version);
    }
    for r in store
        .rifiuti(None, None)
        .unwrap()
        .into_iter()
        .filter(|r| r.inviato)
    {
        view.rifiuti.insert(r.id, 1);
    }
    view
}

/// A client that gives up quickly and pages in small pages, for tests.
pub fn fast_config() -> ClientConfig {
    ClientConfig {
        timeout: Duration::from_millis(1_000),
        connect_timeout: Duration::from_millis(500),
        attempts: 40,
        backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(150),
        page_size: 150,
        batch_size: 20,
        ..ClientConfig::default()
    }
}

pub fn no_progress() -> impl Fn(sportello_sync::Progress) + Send + Sync {
    |_| {}
}

/// Asserts the cache equals the server's view and the store is sound.
pub fn assert_same(local: &View, server: &View, why: &str) {
    assert_eq!(
        local.candidates.len(),
        server.candidates.len(),
        "{why}: every record once"
    );
    for (cf, seen) in &server.candidates {
        assert_eq!(local.candidates.get(cf), Some(seen), "{why}: {cf}");
    }
    assert_eq!(local.annotations, server.annotations, "{why}: annotations");
}

pub fn store_is_sound(store: &Store) {
    let report = store.check().unwrap();
    assert!(report.quick_check_ok, "{:?}", report.integrity_messages);
}

/// After a completed sync: sound, and every index the first load set aside is built.
pub fn fully_loaded(store: &Store) {
    store_is_sound(store);
    assert_eq!(
        store.suspended_indexes().unwrap(),
        0,
        "a completed sync leaves every index built"
    );
}
