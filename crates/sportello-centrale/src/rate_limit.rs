//! Failed logins per key (a username, a client address): at most [`MAX_FAILURES`]
//! within [`WINDOW_SECS`]. An attempt is reserved — counted as a failure — in a write
//! transaction before any hashing, so a burst cannot all pass the check before the
//! first failure is recorded; a success gives its reservation back.
//!
//! The attempts are in the database (`login_failures`): every server instance sharing
//! it counts the same ones, and a restart forgets nothing. Keys are stored hashed.

use blake2::{Blake2s256, Digest};
use chrono::{DateTime, Duration, Utc};

use crate::db::{Tx, parse_ts, ts};
use crate::error::Result;

pub const MAX_FAILURES: usize = 5;
/// Per client address: an office behind one address shares it.
pub const MAX_FAILURES_PER_ADDRESS: usize = 20;
pub const WINDOW_SECS: i64 = 60;

fn hashed(key: &str) -> String {
    hex::encode(&Blake2s256::digest(key.as_bytes())[..16])
}

/// Counts an attempt against every key at once, or none: `Ok(Err(seconds to wait))`
/// when one of them has used up its failures (`(key, most failures)`).
pub fn reserve(
    tx: &Tx,
    keys: &[(&str, usize)],
    now: DateTime<Utc>,
) -> Result<std::result::Result<(), u64>> {
    let window = Duration::seconds(WINDOW_SECS);
    let mut wait = 0;
    for (key, max) in keys {
        let key = hashed(key);
        tx.execute(
            "DELETE FROM login_failures WHERE key = ?1 AND at <= ?2",
            (&key, ts(now - window)),
        )?;
        let (count, oldest): (usize, Option<String>) = tx.query_row(
            "SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = ?1",
            [&key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if let Some(oldest) = oldest.filter(|_| count >= *max) {
            let ms = (parse_ts(&oldest)? + window - now).num_milliseconds();
            wait = wait.max(((ms + 999) / 1000).max(1) as u64);
        }
    }
    if wait > 0 {
        return Ok(Err(wait));
    }
    for (key, _) in keys {
        tx.execute(
            "INSERT INTO login_failures (key, at) VALUES (?1, ?2)",
            (hashed(key), ts(now)),
        )?;
    }
    Ok(Ok(()))
}

/// A successful attempt: forgets the failures of `cleared`, and gives back the
/// reservation made at `at` under each of `released`.
pub fn succeed(tx: &Tx, cleared: &str, released: &[&str], at: DateTime<Utc>) -> Result<()> {
    tx.execute(
        "DELETE FROM login_failures WHERE key = ?1",
        [hashed(cleared)],
    )?;
    for key in released {
        tx.execute(
            "DELETE FROM login_failures WHERE id =
                 (SELECT id FROM login_failures WHERE key = ?1 AND at = ?2 LIMIT 1)",
            (hashed(key), ts(at)),
        )?;
    }
    Ok(())
}

/// Drops the attempts older than the window (maintenance).
pub fn purge(tx: &Tx, now: DateTime<Utc>) -> Result<usize> {
    tx.execute(
        "DELETE FROM login_failures WHERE at <= ?1",
        [ts(now - Duration::seconds(WINDOW_SECS))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn five_failures_lock_for_the_rest_of_the_minute() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("c.db").into()).unwrap();
        let reserve = |key: &str, at: DateTime<Utc>| {
            db.write(|tx| reserve(tx, &[(key, MAX_FAILURES)], at))
                .unwrap()
        };
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for i in 0..5 {
            assert!(
                reserve("mario", t0 + Duration::seconds(i)).is_ok(),
                "attempt {i} is allowed"
            );
        }
        assert_eq!(
            reserve("mario", t0 + Duration::seconds(10)),
            Err(50),
            "until the first failure is a minute old"
        );
        assert!(
            reserve("luigi", t0 + Duration::seconds(10)).is_ok(),
            "per user"
        );
        assert!(
            reserve("mario", t0 + Duration::seconds(60)).is_ok(),
            "the window slides"
        );
        db.write(|tx| succeed(tx, "mario", &[], t0)).unwrap();
        for i in 0..5 {
            assert!(reserve("mario", t0 + Duration::seconds(61 + i)).is_ok());
        }
    }
}
