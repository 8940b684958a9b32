//! The audit log: when personal data leaves the store (an export, a print), who made it
//! leave, and what it was.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::error::{Error, Result};
use crate::time;

/// How personal data left the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// Written to a file (spreadsheet, CSV, PDF saved to disk).
    Export,
    /// Sent to a printer.
    Print,
    /// A receipt was issued for something submitted on a citizen's behalf.
    Receipt,
}

impl AuditAction {
    pub fn code(self) -> &'static str {
        match self {
            Self::Export => "export",
            Self::Print => "print",
            Self::Receipt => "receipt",
        }
    }

    fn from_code(code: &str) -> Result<Self> {
        match code {
            "export" => Ok(Self::Export),
            "print" => Ok(Self::Print),
            "receipt" => Ok(Self::Receipt),
            other => Err(Error::corrupt(format!("unknown audit action {other:?}"))),
        }
    }
}

/// One thing to record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    /// The operator's login.
    pub operator: String,
    pub action: AuditAction,
    /// What left: a codice fiscale, a list name, a file name.
    pub subject: String,
    /// Anything else worth keeping (filter used, row count, file path).
    pub details: serde_json::Value,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub event: AuditEvent,
}

pub(crate) fn record(conn: &Connection, event: &AuditEvent) -> Result<i64> {
    let id = conn
        .prepare_cached(
            "INSERT INTO audit_log (at, operator, action, subject, details) VALUES (?1, ?2, ?3, ?4, ?5)
             RETURNING id",
        )?
        .query_row(
            params![
                time::to_text(event.at),
                event.operator,
                event.action.code(),
                event.subject,
                serde_json::to_string(&event.details)?
            ],
            |r| r.get(0),
        )?;
    Ok(id)
}

/// The most recent entries first.
pub(crate) fn entries(conn: &Connection, limit: usize) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, operator, action, subject, details FROM audit_log ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, at, operator, action, subject, details)| {
            Ok(AuditEntry {
                id,
                event: AuditEvent {
                    at: time::from_text(&at)?,
                    operator,
                    action: AuditAction::from_code(&action)?,
                    subject,
                    details: serde_json::from_str(&details)
                        .map_err(|e| Error::corrupt(format!("audit entry {id}: details: {e}")))?,
                },
            })
        })
        .collect()
}
