//! Candidate search: a [`CandidateFilter`] turned into one SQL `WHERE` clause over the
//! indexed columns of `candidates`, its child tables and the keyword index, with a
//! total order for paging.
//!
//! The translation keeps to what the indexes can serve: every condition compares an
//! indexed column with a bound value, in the form SQLite's planner matches to the index
//! (ages become birth-date bounds, places are folded like the stored columns, the
//! partial indexes on the flags get the literal `= 1`); multi-valued filters and
//! keywords are `id IN (…)` over their own indexed tables. User text only ever reaches
//! SQL as a bound parameter, and FTS5 syntax only through
//! [`candidates::match_expression`].
//!
//! [`CandidateFilter::matches`] is the meaning of a filter; the integration tests check
//! this module against it.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use sportello_core::filter::{Sort, SortKey, normalise_code, normalise_language};
use sportello_core::keywords::{KeywordQuery, fold_place};
use sportello_core::{CandidateFilter, Sex};

use crate::candidates::{self, CandidateRecord};
use crate::error::{Error, Result};
use crate::time;

/// One search: what to find, in which order, which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub filter: CandidateFilter,
    /// The day ages are computed at (normally today).
    pub reference: NaiveDate,
    pub sort: Sort,
    pub offset: u64,
    pub limit: u64,
}

/// A candidate found by a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The store's row id: unique, and the tie-break of every sort.
    pub id: i64,
    pub record: CandidateRecord,
}

/// A page of results and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub total: u64,
    pub rows: Vec<Found>,
}

/// The `WHERE` clause of a filter and its parameters, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    pub sql: String,
    pub params: Vec<Value>,
}

impl Condition {
    fn new() -> Self {
        Condition {
            sql: String::new(),
            params: Vec::new(),
        }
    }

    /// Adds `sql` (with `?` placeholders, in order) joined by `AND`.
    fn and(&mut self, sql: &str, params: impl IntoIterator<Item = Value>) {
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push_str(sql);
        self.params.extend(params);
    }

    fn where_sql(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql)
        }
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn int(n: impl Into<i64>) -> Value {
    Value::Integer(n.into())
}

/// The latest birth date (as ISO text) of someone at least `years` old at `reference`.
///
/// `age_at` counts a year as completed when (month, day) of the reference is not before
/// that of the birth, so "age ≥ years" is exactly "(year, month, day) of the birth ≤
/// (reference year − years, reference month, reference day)". ISO text compares like
/// that tuple, even when the bound is not a real day (29 February of a common year), so
/// the bound needs no calendar arithmetic and agrees with `age_at` on leap days.
fn born_by(reference: NaiveDate, years: u32) -> Option<String> {
    let year = i64::from(reference.year()) - i64::from(years);
    (year >= 0).then(|| format!("{year:04}-{:02}-{:02}", reference.month(), reference.day()))
}

/// Translates the filter. Values are normalised the way the stored columns are.
pub(crate) fn condition(filter: &CandidateFilter, reference: NaiveDate) -> Condition {
    let mut w = Condition::new();
    if filter.age_min.is_some() || filter.age_max.is_some() {
        // An age exists only from the birth on.
        w.and("c.birth_date <= ?", [text(reference.to_string())]);
    }
    if let Some(min) = filter.age_min {
        match born_by(reference, min) {
            Some(bound) => w.and("c.birth_date <= ?", [text(bound)]),
            None => w.and("0", []),
        }
    }
    if let Some(max) = filter.age_max {
        // age ≤ max  ⇔  not (age ≥ max + 1)
        if let Some(bound) = born_by(reference, max.saturating_add(1)) {
            w.and("c.birth_date > ?", [text(bound)]);
        }
    }
    if let Some(min) = filter.education_min {
        w.and("c.education_rank >= ?", [int(min.rank())]);
    }
    if let Some(expr) = filter
        .keywords
        .as_deref()
        .and_then(|k| candidates::match_expression(&KeywordQuery::parse(k)))
    {
        w.and(
            "c.id IN (SELECT rowid FROM candidate_keywords WHERE candidate_keywords MATCH ?)",
            [text(expr)],
        );
    }
    if !filter.branches.is_empty() {
        let marks = vec!["?"; filter.branches.len()].join(", ");
        w.and(
            &format!("c.branch IN ({marks})"),
            filter.branches.iter().map(|b| text(b.clone())),
        );
    }
    if let Some(comune) = &filter.comune {
        let folded = fold_place(comune);
        w.and(
            "(c.residence_comune = ? OR c.domicile_comune = ?)",
            [text(folded.clone()), text(folded)],
        );
    }
    if let Some(provincia) = &filter.provincia {
        let folded = fold_place(provincia);
        w.and(
            "(c.residence_provincia = ? OR c.domicile_provincia = ?)",
            [text(folded.clone()), text(folded)],
        );
    }
    if let Some(sex) = filter.sex {
        w.and("c.sex = ?", [text(sex_code(sex))]);
    }
    if let Some(status) = filter.status {
        w.and("c.employment_status = ?", [text(status.code())]);
    }
    if let Some(min) = filter.unemployed_months_min {
        w.and("c.unemployment_months >= ?", [int(min)]);
    }
    if let Some(from) = filter.did_from {
        w.and("c.did_date >= ?", [text(from.to_string())]);
    }
    if let Some(to) = filter.did_to {
        w.and("c.did_date <= ?", [text(to.to_string())]);
    }
    // The flags have partial indexes `WHERE flag = 1`: SQLite uses them only when the
    // query says `= 1` literally.
    match filter.income_support {
        Some(true) => w.and("c.income_support = 1", []),
        Some(false) => w.and("c.income_support = 0", []),
        None => {}
    }
    match filter.collocamento_mirato {
        Some(true) => w.and("c.collocamento_mirato = 1", []),
        Some(false) => w.and("c.collocamento_mirato = 0", []),
        None => {}
    }
    for licence in &filter.driving_licences {
        w.and(
            "c.id IN (SELECT candidate_id FROM candidate_licences WHERE licence = ?)",
            [text(normalise_code(licence))],
        );
    }
    for language in &filter.languages {
        w.and(
            "c.id IN (SELECT candidate_id FROM candidate_languages WHERE language = ?)",
            [text(normalise_language(language))],
        );
    }
    if let Some(activity) = &filter.policy_activity {
        w.and(
            "c.id IN (SELECT candidate_id FROM candidate_policies WHERE activity_code = ?)",
            [text(normalise_code(activity))],
        );
    }
    if let Some(since) = filter.updated_since {
        // Stored times are RFC 3339 UTC text: "2026-11-20T…" ≥ "2026-11-20".
        w.and("c.updated_at >= ?", [text(since.to_string())]);
    }
    w
}

fn sex_code(sex: Sex) -> &'static str {
    match sex {
        Sex::M => "M",
        Sex::F => "F",
    }
}

/// The index a search reads, chosen by rule rather than left to SQLite's planner: the
/// planner does not know that reading a candidates row costs a 2.5 KB record, and
/// happily trades an index range for thousands of row reads (seconds instead of
/// milliseconds). Each `candidates_search_*` index (migration 0003) covers every
/// filtered and sorted column, so the chosen range is all a search reads.
///
/// - branches given (the operator's scope): the branch index, narrowed further by
///   status and birth date when given;
/// - else a status: the status index, narrowed by birth date;
/// - else keywords, licences, languages or a policy: the id index, looked up for each
///   hit of the first of them (the others are checked as sets);
/// - else two or more conditions: the status index read whole, which is a bounded cost;
/// - else (one condition or none): SQLite's choice, which for a single condition is
///   that column's own index (counting it without reading rows).
pub(crate) fn access_path(filter: &CandidateFilter) -> &'static str {
    let sets = filter
        .keywords
        .as_deref()
        .is_some_and(|k| !KeywordQuery::parse(k).is_empty())
        || !filter.driving_licences.is_empty()
        || !filter.languages.is_empty()
        || filter.policy_activity.is_some();
    if !filter.branches.is_empty() {
        " INDEXED BY candidates_search_branch"
    } else if filter.status.is_some() {
        " INDEXED BY candidates_search_status"
    } else if sets {
        " INDEXED BY candidates_search_id"
    } else if column_conditions(filter) >= 2 {
        " INDEXED BY candidates_search_status"
    } else {
        ""
    }
}

/// How many conditions on candidates' own columns the filter sets.
fn column_conditions(f: &CandidateFilter) -> usize {
    [
        f.age_min.is_some() || f.age_max.is_some(),
        f.education_min.is_some(),
        f.comune.is_some(),
        f.provincia.is_some(),
        f.sex.is_some(),
        f.unemployed_months_min.is_some(),
        f.did_from.is_some() || f.did_to.is_some(),
        f.income_support.is_some(),
        f.collocamento_mirato.is_some(),
        f.updated_since.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count()
}

/// `ORDER BY` for a sort: the key, then the row id in the same direction, so the order
/// is total and any single-column index on the key already yields it.
pub(crate) fn order_by(sort: Sort) -> String {
    let sort = sort.normalised();
    let column = match sort.key {
        SortKey::Surname => "c.surname",
        SortKey::Name => "c.name",
        SortKey::CodiceFiscale => "c.codice_fiscale",
        SortKey::BirthDate | SortKey::Age => "c.birth_date",
        SortKey::Sex => "c.sex",
        SortKey::Branch => "c.branch",
        SortKey::Comune => "c.residence_comune",
        SortKey::Provincia => "c.residence_provincia",
        SortKey::Status => "c.employment_status",
        SortKey::Education => "c.education_rank",
        SortKey::UnemploymentMonths => "c.unemployment_months",
        SortKey::DidDate => "c.did_date",
        SortKey::UpdatedAt => "c.updated_at",
    };
    let dir = if sort.descending { "DESC" } else { "ASC" };
    if sort.key == SortKey::Surname {
        return format!(" ORDER BY c.surname {dir}, c.name {dir}, c.id {dir}");
    }
    format!(" ORDER BY {column} {dir}, c.id {dir}")
}

const SELECT_FOUND: &str = "SELECT c.id, c.record, c.version, c.updated_at FROM candidates c";

fn found(row: &Row<'_>) -> rusqlite::Result<(i64, String, i64, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn decode((id, json, version, updated_at): (i64, String, i64, String)) -> Result<Found> {
    let candidate = serde_json::from_str(&json)
        .map_err(|e| Error::corrupt(format!("the record of candidate {id} cannot be read: {e}")))?;
    Ok(Found {
        id,
        record: CandidateRecord {
            candidate,
            version,
            updated_at: time::from_text(&updated_at)?,
        },
    })
}

pub(crate) fn count(
    conn: &Connection,
    filter: &CandidateFilter,
    reference: NaiveDate,
) -> Result<u64> {
    let w = condition(filter, reference);
    let sql = format!(
        "SELECT count(*) FROM candidates c{}{}",
        access_path(filter),
        w.where_sql()
    );
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(&w.params), |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

/// The page's ids come first, from the filter and the order alone (which indexes can
/// answer without reading a record); then only those records are read.
pub(crate) fn search(conn: &Connection, q: &SearchQuery) -> Result<SearchPage> {
    let total = count(conn, &q.filter, q.reference)?;
    let (sql, params) = page_ids_sql(q);
    let ids: Vec<i64> = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(&params), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut fetch = conn.prepare_cached(&format!("{SELECT_FOUND} WHERE c.id = ?1"))?;
    let rows = ids
        .iter()
        .map(|id| decode(fetch.query_row([id], found)?))
        .collect::<Result<Vec<_>>>()?;
    Ok(SearchPage { total, rows })
}

fn page_ids_sql(q: &SearchQuery) -> (String, Vec<Value>) {
    let w = condition(&q.filter, q.reference);
    let sql = format!(
        "SELECT c.id FROM candidates c{}{}{} LIMIT ? OFFSET ?",
        access_path(&q.filter),
        w.where_sql(),
        order_by(q.sort)
    );
    let mut params = w.params;
    params.push(int(i64::try_from(q.limit).unwrap_or(i64::MAX)));
    params.push(int(i64::try_from(q.offset).unwrap_or(i64::MAX)));
    (sql, params)
}

/// Visits every match in order, one at a time, without collecting the records: for
/// exports. The ordered ids come first from the search index (8 bytes a match: 8 MB
/// for a million), then each record is read by id; sorting the records themselves
/// would make SQLite hold all of them in its sorter. Stops at the first error of
/// `visit`.
pub(crate) fn for_each<E: From<Error>>(
    conn: &Connection,
    filter: &CandidateFilter,
    reference: NaiveDate,
    sort: Sort,
    mut visit: impl FnMut(Found) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let w = condition(filter, reference);
    let sql = format!(
        "SELECT c.id FROM candidates c{}{}{}",
        access_path(filter),
        w.where_sql(),
        order_by(sort)
    );
    let ids: Vec<i64> = conn
        .prepare(&sql)
        .and_then(|mut stmt| {
            stmt.query_map(params_from_iter(&w.params), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(Error::from)?;
    let mut fetch = conn
        .prepare_cached(&format!("{SELECT_FOUND} WHERE c.id = ?1"))
        .map_err(Error::from)?;
    for id in ids {
        // A row deleted since the ids were read is simply not exported.
        let row = fetch
            .query_row([id], found)
            .optional()
            .map_err(Error::from)?;
        if let Some(row) = row {
            visit(decode(row)?)?;
        }
    }
    Ok(())
}

/// `EXPLAIN QUERY PLAN` of the count and of the page query, one line per step.
pub(crate) fn explain(conn: &Connection, q: &SearchQuery) -> Result<Vec<String>> {
    let w = condition(&q.filter, q.reference);
    let count = format!(
        "SELECT count(*) FROM candidates c{}{}",
        access_path(&q.filter),
        w.where_sql()
    );
    let (page, page_params) = page_ids_sql(q);
    let mut lines = Vec::new();
    for (sql, params) in [(count, w.params.clone()), (page, page_params)] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let steps = stmt.query_map(params_from_iter(&params), |r| r.get::<_, String>(3))?;
        for step in steps {
            lines.push(step?);
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_bounds_agree_with_age_at_on_leap_days() {
        for birth in [
            d(2004, 2, 29),
            d(2004, 3, 1),
            d(2004, 2, 28),
            d(1990, 12, 31),
        ] {
            for reference in [d(2023, 2, 28), d(2023, 3, 1), d(2024, 2, 29), d(2025, 1, 1)] {
                let age = sportello_core::candidate::age_at(birth, reference).unwrap();
                for years in age.saturating_sub(1)..=age + 1 {
                    let bound = born_by(reference, years).unwrap();
                    assert_eq!(
                        birth.to_string() <= bound,
                        age >= years,
                        "born {birth}, on {reference}: age {age} ≥ {years}? bound {bound}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_value_is_a_parameter() {
        let filter = CandidateFilter {
            keywords: Some("x'); DROP TABLE candidates; --".into()),
            comune: Some("Sant'Angelo".into()),
            branches: vec!["FI01'".into()],
            ..Default::default()
        };
        let w = condition(&filter, d(2026, 11, 23));
        assert!(
            !w.sql.contains('\''),
            "no quote from the filter reaches the SQL text: {}",
            w.sql
        );
        assert_eq!(w.sql.matches('?').count(), w.params.len());
    }

    #[test]
    fn order_is_total_in_the_direction_asked() {
        let by = |key, descending| order_by(Sort { key, descending });
        assert_eq!(
            by(SortKey::Surname, false),
            " ORDER BY c.surname ASC, c.name ASC, c.id ASC"
        );
        assert_eq!(
            by(SortKey::Age, false),
            " ORDER BY c.birth_date DESC, c.id DESC",
            "youngest first is latest birth date first"
        );
    }
}
