//! Fault mode: makes the server misbehave on purpose so a client can prove it copes.
//!
//! Off by default, and only available when the server listens on loopback. The n-th
//! request that the faults apply to draws its fate from a ChaCha8 stream seeded with
//! `seed` and `n`, so a client that sends requests one at a time sees the same faults
//! on every run. Setting a configuration restarts the count.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use sportello_protocol::{ErrorCode, Problem};

use crate::error::problem_response;
use crate::state::AppState;

/// What to break, in shares of the requests (0.0–1.0). The shares of `error_rate`,
/// `drop_rate` and `truncate_rate` are exclusive and add up to at most 1.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultConfig {
    pub seed: u64,
    /// Answer 500 `errore_interno` or 503 `servizio_non_disponibile` (half each).
    #[serde(default)]
    pub error_rate: f64,
    /// Send the status, headers and half of the body, then close the connection.
    #[serde(default)]
    pub drop_rate: f64,
    /// Send a complete response whose body is only the first half of the real one.
    #[serde(default)]
    pub truncate_rate: f64,
    /// Delay the answer by `delay_ms` (independently of the faults above).
    #[serde(default)]
    pub delay_rate: f64,
    #[serde(default)]
    pub delay_ms: u64,
    /// Only paths starting with this (default: every path but `/api/v1/sandbox/`).
    #[serde(default)]
    pub path_prefix: Option<String>,
}

impl FaultConfig {
    pub fn validate(&self) -> Result<(), String> {
        let rates = [
            self.error_rate,
            self.drop_rate,
            self.truncate_rate,
            self.delay_rate,
        ];
        if rates.iter().any(|r| !(0.0..=1.0).contains(r)) {
            return Err("ogni percentuale va da 0 a 1".into());
        }
        if self.error_rate + self.drop_rate + self.truncate_rate > 1.0 + 1e-9 {
            return Err("errori, interruzioni e troncamenti insieme superano il 100%".into());
        }
        if self.delay_ms > 120_000 {
            return Err("ritardo massimo 120 secondi".into());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    InternalError,
    Unavailable,
    Drop,
    Truncate,
}

#[derive(Debug, Default)]
pub struct Faults {
    config: Mutex<Option<FaultConfig>>,
    count: AtomicU64,
}

impl Faults {
    pub fn new(config: Option<FaultConfig>) -> Self {
        Self {
            config: Mutex::new(config),
            count: AtomicU64::new(0),
        }
    }

    pub fn set(&self, config: Option<FaultConfig>) {
        let mut c = self.config.lock().expect("fault lock");
        *c = config;
        self.count.store(0, Ordering::SeqCst);
    }

    pub fn get(&self) -> Option<FaultConfig> {
        self.config.lock().expect("fault lock").clone()
    }

    /// The fate of the next request to `path`, with its delay.
    pub fn plan(&self, path: &str) -> Option<(Fault, Option<Duration>)> {
        let config = self.config.lock().expect("fault lock").clone()?;
        let applies = match &config.path_prefix {
            Some(prefix) => path.starts_with(prefix.as_str()),
            None => !path.starts_with("/api/v1/sandbox/"),
        };
        if !applies {
            return None;
        }
        let n = self.count.fetch_add(1, Ordering::SeqCst);
        Some(decide(&config, n))
    }
}

/// The fate of request number `n` under `config`.
pub fn decide(config: &FaultConfig, n: u64) -> (Fault, Option<Duration>) {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let u: f64 = rng.random();
    let d: f64 = rng.random();
    let half = config.error_rate / 2.0;
    let fault = if u < half {
        Fault::InternalError
    } else if u < config.error_rate {
        Fault::Unavailable
    } else if u < config.error_rate + config.drop_rate {
        Fault::Drop
    } else if u < config.error_rate + config.drop_rate + config.truncate_rate {
        Fault::Truncate
    } else {
        Fault::None
    };
    let delay = (d < config.delay_rate && config.delay_ms > 0)
        .then(|| Duration::from_millis(config.delay_ms));
    (fault, delay)
}

/// The middleware.
pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some((fault, delay)) = state.faults.plan(req.uri().path()) else {
        return next.run(req).await;
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    match fault {
        Fault::None => next.run(req).await,
        Fault::InternalError => problem_response(
            &Problem::new(
                ErrorCode::ErroreInterno,
                "Errore interno simulato (modalità guasti).",
            ),
            None,
        ),
        Fault::Unavailable => problem_response(
            &Problem::new(
                ErrorCode::ServizioNonDisponibile,
                "Servizio non disponibile (modalità guasti).",
            ),
            Some(1),
        ),
        Fault::Drop | Fault::Truncate => {
            let (mut parts, body) = next.run(req).await.into_parts();
            let bytes = match body.collect().await {
                Ok(b) => b.to_bytes(),
                Err(_) => Bytes::new(),
            };
            let half = bytes.slice(..bytes.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            if fault == Fault::Truncate {
                parts
                    .headers
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(half.len()));
                Response::from_parts(parts, Body::from(half))
            } else {
                let pause = Box::pin(tokio::time::sleep(Duration::from_millis(50)));
                Response::from_parts(
                    parts,
                    Body::new(DropAfter {
                        first: Some(half),
                        pause,
                        full_len: bytes.len() as u64,
                    }),
                )
            }
        }
    }
}

/// A body that promises `full_len` bytes, yields `first`, pauses (so hyper flushes the
/// head and the first part), then fails: hyper closes the connection mid-body.
struct DropAfter {
    first: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
    full_len: u64,
}

impl http_body::Body for DropAfter {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(b) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(b))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "fault mode: connection dropped mid-body",
            ))))),
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.full_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_faults_and_shares_are_respected() {
        let config = FaultConfig {
            seed: 7,
            error_rate: 0.2,
            drop_rate: 0.1,
            truncate_rate: 0.1,
            ..Default::default()
        };
        let a: Vec<_> = (0..1000).map(|n| decide(&config, n).0).collect();
        let b: Vec<_> = (0..1000).map(|n| decide(&config, n).0).collect();
        assert_eq!(a, b, "a seed must give the same faults");
        let count = |f: Fault| a.iter().filter(|x| **x == f).count();
        assert!((150..250).contains(&(count(Fault::InternalError) + count(Fault::Unavailable))));
        assert!((60..140).contains(&count(Fault::Drop)));
        assert!((60..140).contains(&count(Fault::Truncate)));
        let other = FaultConfig { seed: 8, ..config };
        assert_ne!(
            a,
            (0..1000).map(|n| decide(&other, n).0).collect::<Vec<_>>()
        );
    }
}
