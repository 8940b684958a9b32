//! The HTTP client of the central-server contract, with retries.
//!
//! Transient failures — connection errors, timeouts, a body cut short or not JSON,
//! 500/502/503/504, 429 — are retried with exponential backoff and full jitter, waiting
//! at least what `Retry-After` asks. Everything else is final. Every request is safe to
//! repeat: reads are reads, and a push carries the client id and sequence numbers the
//! server uses to apply each mutation once (a password change is the exception, see
//! [`Client::change_password`]).
//!
//! Transport: HTTPS (rustls, the webpki roots plus any [`CaCertificates`] given), or
//! plain HTTP to this computer only; [`server_base`] decides before any connection. A
//! TLS failure (a certificate not trusted, a server not speaking TLS) is final.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rand::Rng;
use reqwest::{Method, RequestBuilder, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sportello_protocol::auth::{
    LoginRequest, PasswordChange, PasswordChanged, ScopeRequest, Session,
};
use sportello_protocol::sync::{ChangesPage, MutationBatch, MutationResults};
use sportello_protocol::{ErrorCode, Health, Problem, paths};
use url::{Host, Url};

use crate::error::{Error, Result};

/// How the client talks to the server.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Whole request, body included. A slower answer counts as a failure.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Tries per request, the first included.
    pub attempts: u32,
    /// The first retry waits up to this long; each further one twice as long.
    pub backoff: Duration,
    /// No wait is longer than this (nor a `Retry-After`).
    pub max_backoff: Duration,
    /// Changes per page (1–5000).
    pub page_size: u32,
    /// Mutations per push (1–500).
    pub batch_size: usize,
    /// An extra certification authority to trust (an agency's own PKI), besides the
    /// built-in roots.
    pub ca_certificates: Option<CaCertificates>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            attempts: 6,
            backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            page_size: sportello_protocol::sync::MAX_PAGE_SIZE,
            batch_size: 250,
            ca_certificates: None,
        }
    }
}

/// The certificates of a PEM file (one CA, or a bundle), each checked as a trust
/// anchor. Cheap to clone.
#[derive(Clone)]
pub struct CaCertificates {
    certificates: Vec<reqwest::Certificate>,
}

impl std::fmt::Debug for CaCertificates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaCertificates")
            .field("count", &self.certificates.len())
            .finish()
    }
}

/// A CA bundle is a few kilobytes; anything past this is not one.
const MAX_CA_FILE_BYTES: u64 = 1 << 20;

impl CaCertificates {
    /// Every `CERTIFICATE` block of `pem`; at least one, each a valid trust anchor.
    pub fn from_pem(pem: &[u8]) -> Result<Self> {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let bad = |why: String| Error::BadCaCertificate(why);
        let mut anchors = rustls::RootCertStore::empty();
        let mut certificates = Vec::new();
        for der in CertificateDer::pem_slice_iter(pem) {
            let der = der.map_err(|e| bad(format!("PEM illeggibile ({e})")))?;
            anchors
                .add(der.clone())
                .map_err(|e| bad(format!("certificato X.509 non valido ({e})")))?;
            certificates
                .push(reqwest::Certificate::from_der(&der).map_err(|e| bad(e.to_string()))?);
        }
        if certificates.is_empty() {
            return Err(bad(
                "nessun certificato PEM («-----BEGIN CERTIFICATE-----») nel file".into(),
            ));
        }
        Ok(Self { certificates })
    }

    /// [`CaCertificates::from_pem`] of a file.
    pub fn read(path: &Path) -> Result<Self> {
        let name = path.display();
        let file = std::fs::File::open(path)
            .map_err(|e| Error::BadCaCertificate(format!("{name} non leggibile ({e})")))?;
        let mut pem = Vec::new();
        file.take(MAX_CA_FILE_BYTES + 1)
            .read_to_end(&mut pem)
            .map_err(|e| Error::BadCaCertificate(format!("{name} non leggibile ({e})")))?;
        if pem.len() as u64 > MAX_CA_FILE_BYTES {
            return Err(Error::BadCaCertificate(format!(
                "{name} è troppo grande per un certificato"
            )));
        }
        Self::from_pem(&pem).map_err(|e| match e {
            Error::BadCaCertificate(why) => Error::BadCaCertificate(format!("{name}: {why}")),
            other => other,
        })
    }

    pub fn len(&self) -> usize {
        self.certificates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }
}

/// The address of a central server, checked and without a trailing slash: `https://`,
/// or `http://` to this computer only (127.0.0.0/8, `::1`, `localhost`). The host is
/// the one the URL parser finds, so `http://localhost@evil.example` or
/// `http://127.0.0.1.nip.io` are other computers.
pub fn server_base(raw: &str) -> Result<String> {
    let raw = raw.trim();
    let bad = |why: &str| Error::BadServerUrl {
        url: raw.to_string(),
        why: why.to_string(),
    };
    let url = Url::parse(raw).map_err(|e| bad(&format!("{e}; usa https://host[:porta]")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("usa https://host[:porta]"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("non deve contenere nome utente o password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("non deve contenere «?» o «#»"));
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(Error::PlainHttp);
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// Whether the URL's host is this computer.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        // `::1` only: an IPv4-mapped address is a way round the rule, not a need.
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        // The parser lowercases the name; `localhost.` or `x.localhost` are not it.
        Some(Host::Domain(name)) => name == "localhost",
        None => false,
    }
}

/// A client of one central server. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    config: ClientConfig,
}

/// One failed try: whether to try again, and not before when.
enum Failure {
    Transient {
        why: String,
        retry_after: Option<Duration>,
    },
    Final(Error),
}

impl Client {
    /// `base`: `https://host[:port][/prefix]`, or `http://` to this computer (see
    /// [`server_base`]); checked here, before any connection.
    pub fn new(base: &str, config: ClientConfig) -> Result<Self> {
        let base = server_base(base)?;
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .gzip(true)
            // The contract has no redirects; following one could leave HTTPS.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("sportello/", env!("CARGO_PKG_VERSION")));
        for certificate in config
            .ca_certificates
            .iter()
            .flat_map(|ca| &ca.certificates)
        {
            builder = builder.add_root_certificate(certificate.clone());
        }
        let http = builder
            .build()
            .map_err(|e| Error::Protocol(format!("client HTTP: {e}")))?;
        Ok(Self { http, base, config })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// `GET /health`, tried once: is the server there, and what time does it say?
    pub async fn health(&self) -> Result<Health> {
        let once = self.with_attempts(1);
        once.call(Method::GET, paths::HEALTH, None, None::<&()>)
            .await
    }

    pub async fn login(&self, request: &LoginRequest) -> Result<Session> {
        self.call(Method::POST, paths::LOGIN, None, Some(request))
            .await
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        let _: serde_json::Value = self
            .call(Method::POST, paths::LOGOUT, Some(token), None::<&()>)
            .await
            .or_else(|e| match e {
                // 204: no body to decode. Already logged out: just as good.
                Error::Protocol(_) | Error::SessionExpired => Ok(serde_json::Value::Null),
                other => Err(other),
            })?;
        Ok(())
    }

    pub async fn switch_scope(&self, token: &str, scope: &str) -> Result<Session> {
        let body = ScopeRequest {
            scope: scope.to_string(),
        };
        self.call(Method::POST, paths::SCOPE, Some(token), Some(&body))
            .await
    }

    /// Tried once: if the answer is lost the change may have happened, and repeating
    /// it with the old password would then fail as "wrong credentials". The caller
    /// tells the operator to try the new password.
    pub async fn change_password(&self, request: &PasswordChange) -> Result<PasswordChanged> {
        self.with_attempts(1)
            .call(Method::POST, paths::PASSWORD, None, Some(request))
            .await
    }

    pub async fn changes(&self, token: &str, cursor: Option<&str>) -> Result<ChangesPage> {
        let mut path = format!("{}?limit={}", paths::CHANGES, self.config.page_size);
        if let Some(c) = cursor {
            // The cursor is `v1.<hex>.<hex>`: nothing to escape.
            path.push_str("&cursor=");
            path.push_str(c);
        }
        self.call(Method::GET, &path, Some(token), None::<&()>)
            .await
    }

    pub async fn push(&self, token: &str, batch: &MutationBatch) -> Result<MutationResults> {
        self.call(Method::POST, paths::MUTATIONS, Some(token), Some(batch))
            .await
    }

    pub(crate) fn with_attempts(&self, attempts: u32) -> Client {
        let mut c = self.clone();
        c.config.attempts = attempts;
        c
    }

    pub(crate) async fn call<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
    ) -> Result<T> {
        let bytes = self
            .send(method, path, token, |req| match body {
                Some(b) => req.json(b),
                None => req,
            })
            .await?;
        let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        serde_json::from_slice(body).map_err(|e| Error::Protocol(e.to_string()))
    }

    /// One request with retries; `build` adds the body to each try (a multipart form
    /// cannot be cloned, so it is built again). A success's body is returned whole;
    /// a JSON body that does not parse counts as cut short, and is retried.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> Result<Vec<u8>> {
        let url = format!("{}{path}", self.base);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req: RequestBuilder = self.http.request(method.clone(), &url);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req = build(req);
            match once(req).await {
                Ok(value) => return Ok(value),
                Err(Failure::Final(e)) => return Err(e),
                Err(Failure::Transient { why, retry_after }) => {
                    if attempt >= self.config.attempts {
                        return Err(Error::Unavailable(why));
                    }
                    tokio::time::sleep(self.delay(attempt, retry_after)).await;
                }
            }
        }
    }

    /// Full jitter: uniform in [0, backoff · 2^(attempt-1)], capped; never less than
    /// the server's `Retry-After`.
    fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let ceiling = self
            .config
            .backoff
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.config.max_backoff);
        let jittered = ceiling.mul_f64(rand::rng().random::<f64>());
        jittered
            .max(retry_after.unwrap_or_default())
            .min(self.config.max_backoff)
    }
}

async fn once(req: RequestBuilder) -> Result<Vec<u8>, Failure> {
    let response = req.send().await.map_err(|e| match tls_failure(&e) {
        Some(tls) => Failure::Final(tls),
        None => Failure::Transient {
            why: describe(&e),
            retry_after: None,
        },
    })?;
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let content_length = response.content_length();
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    // The body may be cut short (a dropped connection): that is transient too.
    let bytes = response.bytes().await.map_err(|e| Failure::Transient {
        why: format!("risposta interrotta: {}", describe(&e)),
        retry_after,
    })?;
    if status.is_success() {
        let is_json = response_is_json(&content_type);
        if is_json && !bytes.is_empty() {
            // Parsed again by the caller; here only to tell a cut body from a whole one.
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
                return Err(if e.is_eof() || e.is_syntax() {
                    Failure::Transient {
                        why: format!("risposta incompleta ({status}): {e}"),
                        retry_after: None,
                    }
                } else {
                    Failure::Final(Error::Protocol(format!("{status}: {e}")))
                });
            }
        } else if let Some(expected) = content_length
            && expected != bytes.len() as u64
        {
            return Err(Failure::Transient {
                why: format!("risposta interrotta ({} di {expected} byte)", bytes.len()),
                retry_after: None,
            });
        }
        return Ok(bytes.to_vec());
    }
    let problem: Option<Problem> = serde_json::from_slice(&bytes).ok();
    Err(classify(status, problem, retry_after))
}

/// JSON, or no declared type (then it must parse as JSON too: the contract has no
/// untyped binary answers).
fn response_is_json(content_type: &str) -> bool {
    content_type.is_empty() || content_type.contains("json")
}

fn classify(
    status: StatusCode,
    problem: Option<Problem>,
    retry_after: Option<Duration>,
) -> Failure {
    let transient = |why: String| Failure::Transient { why, retry_after };
    let Some(problem) = problem else {
        return if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            transient(format!("errore {status}"))
        } else {
            Failure::Final(Error::Protocol(format!(
                "errore {status} senza problem+json"
            )))
        };
    };
    let final_ = |e: Error| Failure::Final(e);
    match problem.code {
        ErrorCode::ErroreInterno | ErrorCode::ServizioNonDisponibile => {
            transient(format!("{} ({status})", problem.detail))
        }
        ErrorCode::TokenScaduto | ErrorCode::NonAutenticato => final_(Error::SessionExpired),
        ErrorCode::CredenzialiErrate => final_(Error::WrongCredentials),
        ErrorCode::PasswordScaduta => final_(Error::PasswordExpired),
        ErrorCode::TroppiTentativi => final_(Error::TooManyAttempts {
            retry_after: retry_after.unwrap_or(Duration::from_secs(60)),
        }),
        _ => final_(Error::Refused(Box::new(problem))),
    }
}

/// A short Italian description of a transport failure (never a URL with a token:
/// tokens travel in headers only).
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "tempo scaduto".into()
    } else if e.is_connect() {
        "connessione non riuscita".into()
    } else if e.is_body() || e.is_decode() {
        "risposta interrotta".into()
    } else {
        format!("errore di rete: {e}")
    }
}

/// The TLS failure behind a request error, if that is what it was. rustls' error sits
/// inside `io::Error`s of the handshake (hyper wraps the connector's in its own), whose
/// `source()` skips the error they hold: those are opened with `get_ref`.
fn tls_failure(e: &reqwest::Error) -> Option<Error> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(Error::Tls(tls_reason(tls)));
        }
        next = match err.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

/// Why the handshake failed, in the operator's words.
fn tls_reason(e: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    let rustls::Error::InvalidCertificate(problem) = e else {
        return match e {
            rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
                "il server non risponde in HTTPS".into()
            }
            other => format!("errore TLS ({other})"),
        };
    };
    match problem {
        C::UnknownIssuer => "il certificato del server è emesso da un'autorità non riconosciuta: se l'ente usa una propria autorità di certificazione, indicane il certificato (CA)".into(),
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "il certificato del server non è intestato a questo indirizzo".into()
        }
        C::Expired | C::ExpiredContext { .. } => "il certificato del server è scaduto".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => {
            "il certificato del server non è ancora valido: controlla data e ora di questo computer".into()
        }
        C::Revoked => "il certificato del server è stato revocato".into(),
        other => format!("certificato del server non valido ({other:?})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let config = ClientConfig {
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            ..ClientConfig::default()
        };
        let c = Client::new("http://127.0.0.1:1", config).unwrap();
        for attempt in 1..20 {
            let d = c.delay(attempt, None);
            let ceiling = Duration::from_millis(100 * (1 << (attempt - 1).min(16)))
                .min(Duration::from_secs(2));
            assert!(d <= ceiling, "attempt {attempt}: {d:?} > {ceiling:?}");
        }
        assert!(c.delay(1, Some(Duration::from_secs(1))) >= Duration::from_secs(1));
        assert_eq!(
            c.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(2),
            "a huge Retry-After is capped"
        );
    }

    /// `Ok(base)`, `PlainHttp` or `BadServerUrl`, as a word.
    fn verdict(url: &str) -> String {
        match server_base(url) {
            Ok(base) => base,
            Err(Error::PlainHttp) => "PLAIN".into(),
            Err(Error::BadServerUrl { .. }) => "BAD".into(),
            Err(other) => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn plain_http_only_to_this_computer() {
        for (url, expected) in [
            // HTTPS anywhere.
            ("https://centrale.example.it", "https://centrale.example.it"),
            (
                "https://centrale.example.it:8443/",
                "https://centrale.example.it:8443",
            ),
            (
                "https://x.example/sportello/",
                "https://x.example/sportello",
            ),
            ("  https://10.0.0.5  ", "https://10.0.0.5"),
            // Loopback, in its spellings.
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("http://127.1.2.3", "http://127.1.2.3"),
            ("http://127.1:9", "http://127.0.0.1:9"),
            ("http://[::1]:8080", "http://[::1]:8080"),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://LOCALHOST", "http://localhost"),
            // Other computers, however dressed up.
            ("http://centrale.example.it", "PLAIN"),
            ("http://10.0.0.5:8080", "PLAIN"),
            ("http://128.0.0.1", "PLAIN"),
            ("http://0.0.0.0:8080", "PLAIN"),
            ("http://localhost.example.com", "PLAIN"),
            ("http://localhost.", "PLAIN"),
            ("http://app.localhost", "PLAIN"),
            ("http://127.0.0.1.nip.io", "PLAIN"),
            ("http://[::ffff:127.0.0.1]", "PLAIN"),
            ("http://[::ffff:7f00:1]:8080", "PLAIN"),
            ("http://[::]", "PLAIN"),
            ("http://evil.example/127.0.0.1", "PLAIN"),
            ("http://evil.example#@127.0.0.1", "BAD"),
            // Userinfo names nobody: refused whatever the host.
            ("http://localhost@evil.example", "BAD"),
            ("http://127.0.0.1:80@evil.example", "BAD"),
            ("http://evil.example@localhost", "BAD"),
            ("https://user:pw@centrale.example.it", "BAD"),
            // Not a server address.
            ("ftp://centrale.example.it", "BAD"),
            ("file:///etc/passwd", "BAD"),
            ("centrale.example.it", "BAD"),
            ("", "BAD"),
            ("https://x.example/?a=1", "BAD"),
        ] {
            assert_eq!(verdict(url), expected, "{url}");
        }
    }

    #[test]
    fn plain_http_elsewhere_is_refused_before_connecting() {
        // No network here: the refusal comes from the constructor.
        let err =
            Client::new("http://centrale.example.it:8080", ClientConfig::default()).unwrap_err();
        assert!(matches!(err, Error::PlainHttp), "{err:?}");
        assert!(err.to_string().contains("HTTPS"), "{err}");
        assert!(Client::new("https://centrale.example.it", ClientConfig::default()).is_ok());
    }

    #[test]
    fn a_ca_file_must_hold_valid_certificates() {
        let ca = rcgen::generate_simple_self_signed(vec!["ca.example".into()]).unwrap();
        let good = CaCertificates::from_pem(ca.cert.pem().as_bytes()).unwrap();
        assert_eq!(good.len(), 1);
        let mut bundle = ca.cert.pem();
        bundle.push_str(&ca.cert.pem());
        assert_eq!(
            CaCertificates::from_pem(bundle.as_bytes()).unwrap().len(),
            2
        );
        for bad in [
            "".to_string(),
            "non è un certificato".to_string(),
            // A key is not a certificate.
            ca.signing_key.serialize_pem(),
            "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n".to_string(),
            // Base64 that is not X.509.
            "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n".into(),
        ] {
            let err = CaCertificates::from_pem(bad.as_bytes()).unwrap_err();
            assert!(matches!(err, Error::BadCaCertificate(_)), "{bad}: {err:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        let err = CaCertificates::read(&dir.path().join("assente.pem")).unwrap_err();
        assert!(matches!(err, Error::BadCaCertificate(_)), "{err:?}");
    }
}
