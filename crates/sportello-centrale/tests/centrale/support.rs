//! A seeded sandbox on 127.0.0.1:0 with a manual clock, and a small typed client.

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sportello_centrale::db::{Db, Location, Tx};
use sportello_centrale::seed::{SeedOptions, SeedReport, SeededUser, seed};
use sportello_centrale::{Config, ManualClock, Server, serve};
use sportello_protocol::auth::{LoginRequest, Session};
use sportello_protocol::problem::PROBLEM_CONTENT_TYPE;
use sportello_protocol::sync::{
    Change, ChangesPage, Mutation, MutationBatch, MutationKind, MutationResult, MutationResults,
};
use sportello_protocol::{ErrorCode, Problem};
use uuid::Uuid;

pub const REFERENCE: (i32, u32, u32) = (2026, 3, 2);

pub fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(REFERENCE.0, REFERENCE.1, REFERENCE.2).unwrap()
}

#[derive(Debug)]
pub struct Sandbox {
    pub server: Server,
    pub clock: Arc<ManualClock>,
    pub report: SeedReport,
    pub http: reqwest::Client,
    /// The database the server serves.
    pub db: Location,
    _dir: tempfile::TempDir,
}

impl Sandbox {
    pub async fn start(citizens: usize, branches: usize) -> Self {
        Self::start_with(citizens, branches, |_| {}).await
    }

    pub async fn start_with(
        citizens: usize,
        branches: usize,
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = sportello_testkit::postgres::test_database(dir.path());
        let clock = Arc::new(ManualClock::new(Utc::now()));
        let now = Utc::now();
        let opts = SeedOptions {
            citizens,
            branches,
            seed: 11,
            reference: reference(),
        };
        let seeded = db.clone();
        let report = tokio::task::spawn_blocking(move || seed(seeded, &opts, now))
            .await
            .unwrap()
            .expect("seed");
        let mut config = Config::new(db.clone());
        config.chiave_cv = Some(sportello_testkit::postgres::chiave_cv());
        config.clock = clock.clone();
        // The tests drive the server-side changes through the sandbox endpoints.
        config.sandbox = true;
        configure(&mut config);
        let server = serve(config).await.expect("the server starts");
        let http = reqwest::Client::builder().build().unwrap();
        Self {
            server,
            clock,
            report,
            http,
            db,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    pub fn user(&self, username: &str) -> &SeededUser {
        self.report
            .users
            .iter()
            .find(|u| u.username == username)
            .unwrap_or_else(|| panic!("demo user {username}"))
    }

    pub fn branches(&self) -> &[String] {
        &self.report.branches
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&impl Serialize>,
    ) -> reqwest::Response {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.expect("the server answers")
    }

    pub async fn post<B: Serialize>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> reqwest::Response {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        self.request(Method::GET, path, token, None::<&()>).await
    }

    pub async fn try_login(
        &self,
        username: &str,
        password: &str,
        scope: Option<&str>,
    ) -> reqwest::Response {
        let req = LoginRequest {
            username: username.into(),
            password: password.into(),
            scope: scope.map(Into::into),
        };
        self.post(sportello_protocol::paths::LOGIN, None, &req)
            .await
    }

    /// Logs a demo user in; panics unless it works.
    pub async fn login(&self, username: &str, scope: Option<&str>) -> Session {
        let password = self.user(username).password.clone();
        ok(self.try_login(username, &password, scope).await).await
    }

    pub async fn page(&self, token: &str, cursor: Option<&str>, limit: u32) -> reqwest::Response {
        let mut path = format!("{}?limit={limit}", sportello_protocol::paths::CHANGES);
        if let Some(c) = cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        self.get(&path, Some(token)).await
    }

    /// Pages from `cursor` to the end: every change, and the last cursor.
    pub async fn pull_from(
        &self,
        token: &str,
        mut cursor: Option<String>,
        limit: u32,
    ) -> (Vec<Change>, String) {
        let mut all = Vec::new();
        loop {
            let page: ChangesPage = ok(self.page(token, cursor.as_deref(), limit).await).await;
            all.extend(page.changes);
            cursor = Some(page.next_cursor);
            if !page.has_more {
                return (all, cursor.unwrap());
            }
        }
    }

    pub async fn push(
        &self,
        token: &str,
        client_id: Uuid,
        mutations: Vec<Mutation>,
    ) -> Vec<MutationResult> {
        let batch = MutationBatch {
            client_id,
            mutations,
        };
        let results: MutationResults = ok(self
            .post(sportello_protocol::paths::MUTATIONS, Some(token), &batch)
            .await)
        .await;
        results.results
    }
}

/// The body of a 2xx answer.
pub async fn ok<T: DeserializeOwned>(response: reqwest::Response) -> T {
    let status = response.status();
    let text = response.text().await.expect("a body");
    assert!(
        status.is_success(),
        "expected success, got {status}: {text}"
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Asserts a problem+json answer with `status` and `code`, and returns it.
pub async fn problem(response: reqwest::Response, status: StatusCode, code: ErrorCode) -> Problem {
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some(PROBLEM_CONTENT_TYPE),
        "errors are problem+json"
    );
    let got = response.status();
    let text = response.text().await.unwrap();
    let p: Problem = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!((got, p.code), (status, code), "{text}");
    assert_eq!(p.status, status.as_u16(), "status repeated in the body");
    assert_eq!(
        p.type_uri,
        format!("urn:sportello:problema:{}", code.as_str())
    );
    assert!(!p.detail.is_empty() && !p.title.is_empty());
    p
}

/// Codici fiscali of the candidates in `changes` with their branch.
pub fn candidates(changes: &[Change]) -> Vec<(String, String)> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Candidate { record, .. } => {
                Some((record.sap.codice_fiscale.clone(), record.sap.branch.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The real `sportello-centrale serve` on `db`, on an ephemeral loopback port, with
/// its log to `stderr`; the child and its URL (the first line it prints).
pub fn serve_binary(db: &Location, stderr: std::process::Stdio) -> (std::process::Child, String) {
    serve_binary_with(db, stderr, &[])
}

/// [`serve_binary`] with more arguments (e.g. `--tls-cert`).
pub fn serve_binary_with(
    db: &Location,
    stderr: std::process::Stdio,
    extra: &[&std::ffi::OsStr],
) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sportello-centrale"))
        .args(["serve", "--db", &db.to_string(), "--listen", "127.0.0.1:0"])
        .arg("--chiave-cv")
        .arg(sportello_testkit::postgres::chiave_cv())
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_string();
    (child, url)
}

/// `f` in a read transaction of the database at `location`, outside the server (call
/// from a blocking thread: the PostgreSQL backend waits on its own runtime).
pub fn read_db<T>(location: &Location, f: impl FnOnce(&Tx) -> sportello_centrale::Result<T>) -> T {
    Db::open(location).unwrap().read(f).unwrap()
}

/// A client of the push: its session, its client id and its own sequence.
pub struct Client<'a> {
    pub sb: &'a Sandbox,
    pub token: String,
    pub id: Uuid,
    pub seq: i64,
}

impl<'a> Client<'a> {
    pub async fn new(sb: &'a Sandbox, user: &str) -> Self {
        Self {
            token: sb.login(user, None).await.token,
            sb,
            id: Uuid::new_v4(),
            seq: 0,
        }
    }

    /// Pushes one change of a record keyed by a UUID; its result.
    pub async fn send(
        &mut self,
        kind: MutationKind,
        key: Uuid,
        base: Option<i64>,
        payload: &impl serde::Serialize,
    ) -> MutationResult {
        self.seq += 1;
        let m = Mutation::offerte(kind, self.seq, key, base, payload);
        self.sb.push(&self.token, self.id, vec![m]).await.remove(0)
    }
}

/// The version an applied change reached.
pub fn applied(r: &MutationResult) -> i64 {
    match r {
        MutationResult::Applied { version, .. } => *version,
        other => panic!("expected applied, got {other:?}"),
    }
}

/// `field:code` of each error of a rejected change.
pub fn refused(r: &MutationResult) -> Vec<String> {
    match r {
        MutationResult::Rejected { errors, .. } => errors
            .iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect(),
        other => panic!("expected a rejection, got {other:?}"),
    }
}
