//! The HTTP client of the central-server contract, with retries.
//!
//! Transient failures — connection errors, timeouts, a body cut short or not JSON,
//! 500/502/503/504, 429 — are retried with exponential backoff and full jitter, waiting
//! at least what `Retry-After` asks. Everything else is final. Every request is safe to
//! repeat: reads are reads, and a push carries the client id and sequence numbers the
//! server uses to apply each mutation once (a password change is the exception, see
//! [`Client::change_password`]).

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
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            attempts: 6,
            backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            page_size: 2_000,
            batch_size: 250,
        }
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
    /// `base`: `http://host:port` (or `https://` with the `tls` feature).
    pub fn new(base: &str, config: ClientConfig) -> Result<Self> {
        let base = base.trim().trim_end_matches('/').to_string();
        let scheme_ok =
            base.starts_with("http://") || (base.starts_with("https://") && cfg!(feature = "tls"));
        if !scheme_ok {
            return Err(Error::Protocol(format!(
                "indirizzo del server non valido «{base}»: usa http://host:porta{}",
                if cfg!(feature = "tls") {
                    " o https://…"
                } else {
                    " (questa build non ha HTTPS)"
                }
            )));
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .gzip(true)
            .user_agent(concat!("sportello/", env!("CARGO_PKG_VERSION")))
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

    async fn call<B: Serialize + ?Sized, T: DeserializeOwned>(
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
    let response = req.send().await.map_err(|e| Failure::Transient {
        why: describe(&e),
        retry_after: None,
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

    #[test]
    fn only_http_urls_without_tls() {
        assert!(Client::new("ftp://x", ClientConfig::default()).is_err());
        assert!(Client::new("http://127.0.0.1:8080/", ClientConfig::default()).is_ok());
        assert_eq!(
            Client::new("https://x", ClientConfig::default()).is_ok(),
            cfg!(feature = "tls")
        );
    }
}
