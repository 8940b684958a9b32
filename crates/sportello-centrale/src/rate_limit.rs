//! Failed logins per key (a username, a client address): at most [`MAX_FAILURES`]
//! within [`WINDOW_SECS`]. An attempt is reserved — counted as a failure — under the
//! lock before any hashing, so a burst cannot all pass the check before the first
//! failure is recorded; a success gives its reservation back.
//! In memory: a restart forgets them, which for a sandbox is fine.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: usize = 5;
/// Per client address: an office behind one address shares it.
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const WINDOW_SECS: i64 = 60;

#[derive(Debug, Default)]
pub struct RateLimiter {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl RateLimiter {
    /// Counts an attempt against every key at once, or none: `Err(seconds to wait)`
    /// when one of them has used up its failures (`(key, most failures)`).
    pub fn reserve(&self, keys: &[(&str, usize)], now: DateTime<Utc>) -> Result<(), u64> {
        let mut map = self.failures.lock().expect("limiter lock");
        let window = Duration::seconds(WINDOW_SECS);
        let mut wait = 0;
        for (key, max) in keys {
            let Some(times) = map.get_mut(*key) else {
                continue;
            };
            while times.front().is_some_and(|t| *t + window <= now) {
                times.pop_front();
            }
            if let Some(oldest) = times.front().filter(|_| times.len() >= *max) {
                let ms = (*oldest + window - now).num_milliseconds();
                wait = wait.max(((ms + 999) / 1000).max(1) as u64);
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        if map.len() > 100_000 {
            // Bound the memory an attacker can make us spend on made-up usernames.
            map.retain(|_, times| times.back().is_some_and(|t| *t + window > now));
        }
        for (key, max) in keys {
            let times = map.entry((*key).to_string()).or_default();
            times.push_back(now);
            while times.len() > *max {
                times.pop_front();
            }
        }
        Ok(())
    }

    /// A successful attempt: forgets the failures of `cleared`, and gives back the
    /// reservation made at `at` under each of `released`.
    pub fn succeed(&self, cleared: &str, released: &[&str], at: DateTime<Utc>) {
        let mut map = self.failures.lock().expect("limiter lock");
        map.remove(cleared);
        for key in released {
            let Some(times) = map.get_mut(*key) else {
                continue;
            };
            if let Some(i) = times.iter().rposition(|t| *t == at) {
                times.remove(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_for_the_rest_of_the_minute() {
        let limiter = RateLimiter::default();
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for i in 0..5 {
            assert!(
                limiter
                    .reserve(&[("mario", MAX_FAILURES)], t0 + Duration::seconds(i))
                    .is_ok(),
                "attempt {i} is allowed"
            );
        }
        assert_eq!(
            limiter.reserve(&[("mario", MAX_FAILURES)], t0 + Duration::seconds(10)),
            Err(50),
            "until the first failure is a minute old"
        );
        assert!(
            limiter
                .reserve(&[("luigi", MAX_FAILURES)], t0 + Duration::seconds(10))
                .is_ok(),
            "per user"
        );
        assert!(
            limiter
                .reserve(&[("mario", MAX_FAILURES)], t0 + Duration::seconds(60))
                .is_ok(),
            "the window slides"
        );
    }
}
