//! Timestamps are stored as RFC 3339 UTC text with microseconds
//! (`2026-11-23T20:15:00.000000Z`): readable in the database and sortable as text.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::{Error, Result};

pub(crate) fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn from_text(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::corrupt(format!("invalid timestamp {text:?}: {e}")))
}

/// A `yyyy-mm-dd` day as stored.
pub(crate) fn date_from_text(text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| crate::error::Error::corrupt(format!("invalid stored day {text:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_sorts_as_text() {
        let a = DateTime::parse_from_rfc3339("2026-11-23T09:05:00.5+01:00")
            .unwrap()
            .with_timezone(&Utc);
        let b = a + chrono::Duration::microseconds(1);
        assert_eq!(to_text(a), "2026-11-23T08:05:00.500000Z");
        assert_eq!(from_text(&to_text(a)).unwrap(), a);
        assert!(
            to_text(a) < to_text(b),
            "text order must be time order for indexes on timestamps"
        );
    }
}
