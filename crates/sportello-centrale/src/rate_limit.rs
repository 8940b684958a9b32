//! Failed logins per username: at most [`MAX_FAILURES`] within [`WINDOW_SECS`].
//! In memory: a restart forgets them, which for a sandbox is fine.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW_SECS: i64 = 60;

#[derive(Debug, Default)]
pub struct RateLimiter {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl RateLimiter {
    /// `Err(seconds to wait)` when the user has used up its failures.
    pub fn check(&self, username: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let mut map = self.failures.lock().expect("limiter lock");
        let Some(times) = map.get_mut(username) else {
            return Ok(());
        };
        let window = Duration::seconds(WINDOW_SECS);
        while times.front().is_some_and(|t| *t + window <= now) {
            times.pop_front();
        }
        if times.len() < MAX_FAILURES {
            return Ok(());
        }
        let oldest = *times.front().expect("at least MAX_FAILURES entries");
        let wait = (oldest + window - now).num_milliseconds();
        Err(((wait + 999) / 1000).max(1) as u64)
    }

    pub fn record_failure(&self, username: &str, now: DateTime<Utc>) {
        let mut map = self.failures.lock().expect("limiter lock");
        if map.len() > 100_000 {
            // Bound the memory an attacker can make us spend on made-up usernames.
            let window = Duration::seconds(WINDOW_SECS);
            map.retain(|_, times| times.back().is_some_and(|t| *t + window > now));
        }
        let times = map.entry(username.to_string()).or_default();
        times.push_back(now);
        while times.len() > MAX_FAILURES {
            times.pop_front();
        }
    }

    pub fn reset(&self, username: &str) {
        self.failures.lock().expect("limiter lock").remove(username);
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
                limiter.check("mario", t0 + Duration::seconds(i)).is_ok(),
                "attempt {i} is allowed"
            );
            limiter.record_failure("mario", t0 + Duration::seconds(i));
        }
        assert_eq!(
            limiter.check("mario", t0 + Duration::seconds(10)),
            Err(50),
            "until the first failure is a minute old"
        );
        assert!(
            limiter.check("luigi", t0 + Duration::seconds(10)).is_ok(),
            "per user"
        );
        assert!(
            limiter.check("mario", t0 + Duration::seconds(60)).is_ok(),
            "the window slides"
        );
    }
}
