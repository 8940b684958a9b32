//! The daily reports of the signed-in super or master user (issue 17), as the server
//! made them: kept whole (wire JSON) for offline reading, with whether the user opened
//! each. What the JSON means is the sync layer's business.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use crate::error::Result;
use crate::store::Store;
use crate::time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub giorno: NaiveDate,
    pub generato_il: DateTime<Utc>,
    pub programmato: bool,
    pub record: String,
    pub letto: bool,
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<(String, String, bool, String, bool)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn decode(
    (giorno, at, programmato, record, letto): (String, String, bool, String, bool),
) -> Result<ReportRow> {
    Ok(ReportRow {
        giorno: time::date_from_text(&giorno)?,
        generato_il: time::from_text(&at)?,
        programmato,
        record,
        letto,
    })
}

impl Store {
    /// Keeps reports the server sent; one already here is replaced (unread again only
    /// if it changed). Returns how many are new.
    pub fn save_reports(&mut self, reports: &[ReportRow]) -> Result<usize> {
        self.write(|tx| {
            let mut added = 0;
            for r in reports {
                let changed = tx
                    .tx
                    .prepare_cached(
                        "INSERT INTO report_giornalieri (giorno, generato_il, programmato, record)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (giorno) DO UPDATE SET generato_il = excluded.generato_il,
                            programmato = excluded.programmato, record = excluded.record, letto = 0
                         WHERE record <> excluded.record",
                    )?
                    .execute(params![
                        r.giorno.to_string(),
                        time::to_text(r.generato_il),
                        r.programmato,
                        r.record
                    ])?;
                added += changed;
            }
            Ok(added)
        })
    }

    /// Every report kept, newest day first.
    pub fn reports(&self) -> Result<Vec<ReportRow>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT giorno, generato_il, programmato, record, letto FROM report_giornalieri
                 ORDER BY giorno DESC",
            )?
            .query_map([], row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(decode).collect()
    }

    pub fn report(&self, giorno: NaiveDate) -> Result<Option<ReportRow>> {
        let found = self
            .conn
            .prepare_cached(
                "SELECT giorno, generato_il, programmato, record, letto FROM report_giornalieri
                 WHERE giorno = ?1",
            )?
            .query_row([giorno.to_string()], row)
            .optional()?;
        found.map(decode).transpose()
    }

    /// The newest day kept: the next fetch asks for the days after it.
    pub fn last_report_day(&self) -> Result<Option<NaiveDate>> {
        let day: Option<String> =
            self.conn
                .query_row("SELECT MAX(giorno) FROM report_giornalieri", [], |r| {
                    r.get(0)
                })?;
        day.as_deref().map(time::date_from_text).transpose()
    }

    pub fn mark_report_read(&mut self, giorno: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.tx.execute(
                "UPDATE report_giornalieri SET letto = 1 WHERE giorno = ?1",
                [giorno.to_string()],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(day: u32, record: &str) -> ReportRow {
        ReportRow {
            giorno: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            generato_il: Utc::now(),
            programmato: true,
            record: record.into(),
            letto: false,
        }
    }

    #[test]
    fn reports_are_kept_newest_first_and_a_changed_one_is_unread_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path(), "Password1").unwrap();
        assert_eq!(store.last_report_day().unwrap(), None);
        assert_eq!(store.save_reports(&[row(4, "a"), row(5, "b")]).unwrap(), 2);
        assert_eq!(store.last_report_day().unwrap(), Some(row(5, "").giorno));
        let days: Vec<u32> = store
            .reports()
            .unwrap()
            .iter()
            .map(|r| chrono::Datelike::day(&r.giorno))
            .collect();
        assert_eq!(days, [5, 4]);
        store.mark_report_read(row(5, "").giorno).unwrap();
        assert_eq!(
            store.save_reports(&[row(5, "b")]).unwrap(),
            0,
            "the same: nothing new"
        );
        assert!(store.report(row(5, "").giorno).unwrap().unwrap().letto);
        assert_eq!(store.save_reports(&[row(5, "c")]).unwrap(), 1);
        let again = store.report(row(5, "").giorno).unwrap().unwrap();
        assert_eq!((again.record.as_str(), again.letto), ("c", false));
    }
}
