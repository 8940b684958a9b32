//! Candidate search. Pages and counts are answered by the in-memory copy of
//! `search_index.rs`; exports read their matches with one SQL statement made here: a
//! [`CandidateFilter`] turned into one `WHERE` clause over the indexed columns of
//! `candidates`, its child tables and the keyword index, with a total order.
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
//! both paths against it.

use std::sync::Mutex;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{CachedStatement, Connection, OptionalExtension, Row, params_from_iter};
use sportello_core::candidate::EmploymentStatus;
use sportello_core::filter::{Sort, SortKey, normalise_code, normalise_language};
use sportello_core::keywords::{KeywordQuery, fold_place};
use sportello_core::{Candidate, CandidateFilter, EducationLevel, Sex};

use crate::candidates::{self, CandidateRecord};
use crate::error::{Error, Result};
use crate::search_index::{Abbinato, SearchIndex};
use crate::time;

/// The branches an operator may see: every search, count and export is limited to
/// them in SQL, whatever the filter asks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every branch in the store.
    #[default]
    All,
    /// Only these branch codes (none: nothing is visible).
    Branches(Vec<String>),
}

/// One search: what to find, within which branches, in which order, which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub filter: CandidateFilter,
    pub scope: Scope,
    /// The day ages are computed at (normally today).
    pub reference: NaiveDate,
    pub sort: Sort,
    pub offset: u64,
    pub limit: u64,
}

/// What a result row shows of a candidate, read from the candidates row alone (never
/// the SAP record): the result table and the usual export columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateSummary {
    pub codice_fiscale: String,
    pub branch: String,
    pub surname: String,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// The highest known education level.
    pub education: Option<EducationLevel>,
    /// Comune and province of residence, as the SAP writes them.
    pub comune: Option<String>,
    pub provincia: Option<String>,
    pub status: Option<EmploymentStatus>,
    pub unemployment_months: Option<u32>,
    pub did_date: Option<NaiveDate>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl CandidateSummary {
    /// The summary of a record, as the store keeps it: the meaning of the columns.
    pub fn of(r: &CandidateRecord) -> CandidateSummary {
        let c = &r.candidate;
        let admin = &c.administrative;
        CandidateSummary {
            codice_fiscale: c.codice_fiscale.clone(),
            branch: c.branch.clone(),
            surname: c.personal.surname.clone(),
            name: c.personal.name.clone(),
            sex: c.personal.sex,
            birth_date: c.personal.birth_date,
            education: c.education_level(),
            comune: c.residence.as_ref().map(|a| a.comune.clone()),
            provincia: c.residence.as_ref().map(|a| a.provincia.clone()),
            status: admin.employment_status,
            unemployment_months: admin.unemployment_months,
            did_date: admin.did_date,
            mobile: c.contacts.mobile.clone(),
            email: c.contacts.email.clone(),
            version: r.version,
            updated_at: r.updated_at,
        }
    }
}

/// A candidate found by a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The store's row id: unique, and the tie-break of every sort.
    pub id: i64,
    pub summary: CandidateSummary,
    /// The whole SAP record, only when asked for (see [`crate::Store::for_each_match`]).
    /// Boxed: a `Candidate` is large, and an export holds thousands of `Found`s at
    /// once, nearly all without one.
    pub record: Option<Box<Candidate>>,
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
    latest_birth(reference, years).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// [`born_by`] as (year, month, day); `None` before year 0.
pub(crate) fn latest_birth(reference: NaiveDate, years: u32) -> Option<(i32, u32, u32)> {
    let year = i32::try_from(i64::from(reference.year()) - i64::from(years)).ok()?;
    (year >= 0).then(|| (year, reference.month(), reference.day()))
}

/// How a condition on a set (keyword hits, licences, languages, policies) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetTest {
    /// `c.id IN (…)`: the set is collected once; right when the hits drive the search.
    Collect,
    /// `EXISTS (… = c.id)`: one probe per candidate tested.
    Probe,
}

/// Translates the scope and the filter. Values are normalised the way the stored
/// columns are.
pub(crate) fn condition(
    filter: &CandidateFilter,
    scope: &Scope,
    reference: NaiveDate,
) -> Condition {
    // Only the first set is collected (and drives the lookups); the others are probed
    // for each of its hits, which also keeps SQLite from driving with a larger one.
    let mut collected = false;
    let mut sets = move || {
        let test = if collected {
            SetTest::Probe
        } else {
            SetTest::Collect
        };
        collected = true;
        test
    };
    let mut w = Condition::new();
    if let Scope::Branches(visible) = scope {
        if visible.is_empty() {
            w.and("0", []);
        } else {
            let marks = vec!["?"; visible.len()].join(", ");
            w.and(
                &format!("c.branch IN ({marks})"),
                visible.iter().map(|b| text(b.clone())),
            );
        }
    }
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
        // The profile's keywords, or the text of one of the citizen's consenting CVs.
        w.and(
            match sets() {
                SetTest::Collect => {
                    "c.id IN (SELECT rowid FROM candidate_keywords WHERE candidate_keywords MATCH ? \
                     UNION SELECT k.id FROM cv_keywords JOIN cv ON cv.rowid = cv_keywords.rowid \
                        JOIN candidates k ON k.codice_fiscale = cv.codice_fiscale \
                        WHERE cv_keywords MATCH ?)"
                }
                SetTest::Probe => {
                    "(EXISTS (SELECT 1 FROM candidate_keywords WHERE candidate_keywords MATCH ? \
                     AND rowid = c.id) \
                     OR EXISTS (SELECT 1 FROM cv_keywords JOIN cv ON cv.rowid = cv_keywords.rowid \
                        WHERE cv_keywords MATCH ? AND cv.codice_fiscale = c.codice_fiscale))"
                }
            },
            [text(expr.clone()), text(expr)],
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
            match sets() {
                SetTest::Collect => "c.id IN (SELECT candidate_id FROM candidate_licences WHERE licence = ?)",
                SetTest::Probe => {
                    "EXISTS (SELECT 1 FROM candidate_licences WHERE candidate_id = c.id AND licence = ?)"
                }
            },
            [text(normalise_code(licence))],
        );
    }
    for language in &filter.languages {
        w.and(
            match sets() {
                SetTest::Collect => "c.id IN (SELECT candidate_id FROM candidate_languages WHERE language = ?)",
                SetTest::Probe => {
                    "EXISTS (SELECT 1 FROM candidate_languages WHERE candidate_id = c.id AND language = ?)"
                }
            },
            [text(normalise_language(language))],
        );
    }
    if let Some(activity) = &filter.policy_activity {
        w.and(
            match sets() {
                SetTest::Collect => "c.id IN (SELECT candidate_id FROM candidate_policies WHERE activity_code = ?)",
                SetTest::Probe => {
                    "EXISTS (SELECT 1 FROM candidate_policies WHERE candidate_id = c.id AND activity_code = ?)"
                }
            },
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

/// The index an export reads its matches from, chosen by rule rather than left to SQLite's planner,
/// which does not know how few rows a branch, a status or a keyword selects and
/// happily trades an index range for thousands of row reads. Each
/// `candidates_search_*` index covers every filtered and sorted column, so the chosen
/// range is all the statement reads.
///
/// - branches given (by the filter or the scope): the branch index, narrowed further
///   by status and birth date when given;
/// - else a status: the status index, narrowed by birth date;
/// - else keywords, licences, languages or a policy: the hits of the first of them
///   looked up by row id (the others are checked as sets); no index, so the planner
///   cannot walk one in sort order testing every entry;
/// - else two or more conditions: the status index read whole, which is a bounded cost;
/// - else (one condition or none): SQLite's choice, which for a single condition is
///   that column's own index (counting it without reading rows).
pub(crate) fn access_path(filter: &CandidateFilter, scope: &Scope) -> &'static str {
    let branches = !filter.branches.is_empty() || matches!(scope, Scope::Branches(_));
    if branches && filter.status.is_none() && column_conditions(filter) == 0 {
        // Nothing else to test on the row: the narrow (branch, surname, name) index is
        // a quarter of the covering one's size.
        " INDEXED BY candidates_branch_name"
    } else if branches {
        " INDEXED BY candidates_search_branch"
    } else if filter.status.is_some() {
        " INDEXED BY candidates_search_status"
    } else if has_sets(filter) {
        " NOT INDEXED"
    } else if column_conditions(filter) >= 2 {
        " INDEXED BY candidates_search_status"
    } else {
        ""
    }
}

/// Whether the filter asks for keywords, licences, languages or a policy.
fn has_sets(filter: &CandidateFilter) -> bool {
    keyword_expression(filter).is_some()
        || !filter.driving_licences.is_empty()
        || !filter.languages.is_empty()
        || filter.policy_activity.is_some()
}

pub(crate) fn keyword_expression(filter: &CandidateFilter) -> Option<String> {
    filter
        .keywords
        .as_deref()
        .and_then(|k| candidates::match_expression(&KeywordQuery::parse(k)))
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

const SELECT_SUMMARY: &str = "SELECT c.id, c.codice_fiscale, c.branch, c.surname, c.name, c.sex,
    c.birth_date, c.education_rank, c.residence_comune_name, c.residence_provincia_name,
    c.employment_status, c.unemployment_months, c.did_date, c.mobile, c.email, c.version,
    c.updated_at";

/// A candidates row by id, with or without the record.
fn fetch_sql(with_records: bool) -> String {
    if with_records {
        format!(
            "{SELECT_SUMMARY}, r.record FROM candidates c
             JOIN candidate_records r ON r.candidate_id = c.id WHERE c.id = ?1"
        )
    } else {
        format!("{SELECT_SUMMARY} FROM candidates c WHERE c.id = ?1")
    }
}

/// A row of [`fetch_sql`] as read; decoded outside rusqlite's closure so that a bad
/// value is our [`Error::Corrupt`].
struct RawRow {
    id: i64,
    codice_fiscale: String,
    branch: String,
    surname: String,
    name: String,
    sex: String,
    birth_date: String,
    education_rank: Option<u8>,
    comune: Option<String>,
    provincia: Option<String>,
    status: Option<String>,
    unemployment_months: Option<u32>,
    did_date: Option<String>,
    mobile: Option<String>,
    email: Option<String>,
    version: i64,
    updated_at: String,
    record: Option<String>,
}

fn raw_row(row: &Row<'_>, with_records: bool) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: row.get(0)?,
        codice_fiscale: row.get(1)?,
        branch: row.get(2)?,
        surname: row.get(3)?,
        name: row.get(4)?,
        sex: row.get(5)?,
        birth_date: row.get(6)?,
        education_rank: row.get(7)?,
        comune: row.get(8)?,
        provincia: row.get(9)?,
        status: row.get(10)?,
        unemployment_months: row.get(11)?,
        did_date: row.get(12)?,
        mobile: row.get(13)?,
        email: row.get(14)?,
        version: row.get(15)?,
        updated_at: row.get(16)?,
        record: if with_records { row.get(17)? } else { None },
    })
}

impl RawRow {
    fn decode(self) -> Result<Found> {
        let id = self.id;
        let bad = |what: &str, value: &str| {
            Error::corrupt(format!("candidate {id} has an invalid {what}: {value:?}"))
        };
        let date = |what: &str, text: &str| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad(what, text))
        };
        let sex = match self.sex.as_str() {
            "M" => Sex::M,
            "F" => Sex::F,
            other => return Err(bad("sex", other)),
        };
        let education = self
            .education_rank
            .map(|r| {
                EducationLevel::from_rank(r).ok_or_else(|| bad("education rank", &r.to_string()))
            })
            .transpose()?;
        let status = self
            .status
            .as_deref()
            .map(|s| EmploymentStatus::from_code(s).ok_or_else(|| bad("employment status", s)))
            .transpose()?;
        let record = self
            .record
            .map(|json| {
                serde_json::from_str(&json).map(Box::new).map_err(|e| {
                    Error::corrupt(format!("the record of candidate {id} cannot be read: {e}"))
                })
            })
            .transpose()?;
        Ok(Found {
            id,
            summary: CandidateSummary {
                birth_date: date("birth date", &self.birth_date)?,
                did_date: self
                    .did_date
                    .as_deref()
                    .map(|d| date("DID date", d))
                    .transpose()?,
                updated_at: time::from_text(&self.updated_at)?,
                codice_fiscale: self.codice_fiscale,
                branch: self.branch,
                surname: self.surname,
                name: self.name,
                sex,
                education,
                comune: self.comune,
                provincia: self.provincia,
                status,
                unemployment_months: self.unemployment_months,
                mobile: self.mobile,
                email: self.email,
                version: self.version,
            },
            record,
        })
    }
}

/// Reads rows by id.
struct Fetch<'c> {
    stmt: CachedStatement<'c>,
    with_records: bool,
}

impl<'c> Fetch<'c> {
    fn new(conn: &'c Connection, with_records: bool) -> Result<Self> {
        Ok(Fetch {
            stmt: conn.prepare_cached(&fetch_sql(with_records))?,
            with_records,
        })
    }

    /// `None` for a row deleted since its id was read.
    fn get(&mut self, id: i64) -> Result<Option<Found>> {
        let with_records = self.with_records;
        self.stmt
            .query_row([id], |r| raw_row(r, with_records))
            .optional()?
            .map(RawRow::decode)
            .transpose()
    }
}

/// One consistent view for a search: the in-memory copy brought up to date, and the
/// keyword hits, text orders and page rows read, all within one read transaction.
fn with_index<T>(
    conn: &Connection,
    index: &Mutex<Option<SearchIndex>>,
    f: impl FnOnce(&mut SearchIndex) -> Result<T>,
) -> Result<T> {
    let snapshot = conn.unchecked_transaction()?;
    // A panic while patching may have left the copy half-done: rebuild it.
    let mut guard = index.lock().unwrap_or_else(|poisoned| {
        let mut guard = poisoned.into_inner();
        *guard = None;
        guard
    });
    SearchIndex::refresh(&mut guard, conn)?;
    let out = f(guard.as_mut().expect("refresh leaves a copy"))?;
    snapshot.finish()?;
    Ok(out)
}

pub(crate) fn count(
    conn: &Connection,
    index: &Mutex<Option<SearchIndex>>,
    filter: &CandidateFilter,
    scope: &Scope,
    reference: NaiveDate,
) -> Result<u64> {
    with_index(conn, index, |index| {
        Ok(index.matching(conn, filter, scope, reference)?.len() as u64)
    })
}

/// The page's ids come from the in-memory copy; then only those rows are read.
pub(crate) fn search(
    conn: &Connection,
    index: &Mutex<Option<SearchIndex>>,
    q: &SearchQuery,
) -> Result<SearchPage> {
    with_index(conn, index, |index| {
        let slots = index.matching(conn, &q.filter, &q.scope, q.reference)?;
        let total = slots.len() as u64;
        let offset = usize::try_from(q.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(q.limit).unwrap_or(usize::MAX);
        let ids = index.order(conn, slots, q.sort, offset, limit)?;
        let mut fetch = Fetch::new(conn, false)?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            rows.extend(fetch.get(id)?);
        }
        Ok(SearchPage { total, rows })
    })
}

/// A page of the candidates that fit an offer, best first, and how many fit in all.
#[derive(Debug, Clone, PartialEq)]
pub struct AbbinamentiPage {
    pub total: u64,
    pub rows: Vec<(Abbinato, CandidateSummary)>,
}

/// The candidates in `scope` that fit `r`, best first (points, then distance, then
/// row id), page `offset..offset + limit`; only the page's rows are read.
pub(crate) fn abbinamenti(
    conn: &Connection,
    index: &Mutex<Option<SearchIndex>>,
    r: &sportello_core::offerte::Requisiti,
    scope: &Scope,
    offset: usize,
    limit: usize,
) -> Result<AbbinamentiPage> {
    with_index(conn, index, |index| {
        let mut fits = index.abbinamenti(conn, r, scope)?;
        let total = fits.len() as u64;
        let order = |a: &Abbinato, b: &Abbinato| {
            b.esito
                .punti()
                .cmp(&a.esito.punti())
                .then_with(|| match (a.distanza_km, b.distanza_km) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| a.id.cmp(&b.id))
        };
        let end = offset.saturating_add(limit).min(fits.len());
        if end < fits.len() {
            fits.select_nth_unstable_by(end, order);
            fits.truncate(end);
        }
        fits.sort_unstable_by(order);
        let mut fetch = Fetch::new(conn, false)?;
        let mut rows = Vec::with_capacity(end.saturating_sub(offset));
        for a in fits.into_iter().skip(offset) {
            if let Some(found) = fetch.get(a.id)? {
                rows.push((a, found.summary));
            }
        }
        Ok(AbbinamentiPage { total, rows })
    })
}

/// Rows read per batch by [`for_each`]: with summaries only, about 30 MB of them;
/// with whole records far fewer, as a parsed record is some kilobytes.
const BATCH: usize = 65_536;
const BATCH_WITH_RECORDS: usize = 2_048;

/// Visits every match in order, one at a time: for exports. The ordered ids come
/// first ([`match_ids`]), then [`for_each_id`] reads and visits their rows.
pub(crate) fn for_each<E: From<Error>>(
    conn: &Connection,
    matches: &Matches<'_>,
    visit: impl FnMut(Found) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let ids = match_ids(conn, matches)?;
    for_each_id(conn, &ids, matches.with_records, visit)
}

/// The ids of every match, in order: 8 bytes a match (8 MB for a million), where
/// sorting whole rows would make SQLite hold all of them.
pub(crate) fn match_ids(conn: &Connection, matches: &Matches<'_>) -> Result<Vec<i64>> {
    let (sql, params) = export_ids_sql(conn, matches)?;
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt
        .query_map(params_from_iter(&params), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Visits the rows of `ids` in that order. They are read a batch at a time in row-id
/// order, which reads each page of the table once per batch instead of once per row
/// (an order by name jumps all over the table). A row deleted since its id was read is
/// left out. Stops at the first error of `visit`.
pub(crate) fn for_each_id<E: From<Error>>(
    conn: &Connection,
    ids: &[i64],
    with_records: bool,
    mut visit: impl FnMut(Found) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    // One read transaction: one snapshot, and the file locked once rather than around
    // each of a million row reads.
    let snapshot = conn.unchecked_transaction().map_err(Error::from)?;
    let mut fetch = Fetch::new(conn, with_records)?;
    let batch = if with_records {
        BATCH_WITH_RECORDS
    } else {
        BATCH
    };
    for chunk in ids.chunks(batch) {
        let mut by_id: Vec<(i64, usize)> = chunk.iter().copied().zip(0..).collect();
        by_id.sort_unstable();
        let mut slots: Vec<Option<Found>> = (0..chunk.len()).map(|_| None).collect();
        for (id, slot) in by_id {
            slots[slot] = fetch.get(id)?;
        }
        for found in slots.into_iter().flatten() {
            visit(found)?;
        }
    }
    drop(fetch);
    snapshot.finish().map_err(Error::from)?;
    Ok(())
}

/// What [`for_each`] visits.
#[derive(Debug, Clone, Copy)]
pub struct Matches<'a> {
    pub filter: &'a CandidateFilter,
    pub scope: &'a Scope,
    /// The day ages are computed at.
    pub reference: NaiveDate,
    pub sort: Sort,
    /// Read each match's whole SAP record too ([`Found::record`]); slower, for
    /// columns the summary lacks.
    pub with_records: bool,
}

/// The statement that orders an export's matches ([`for_each`]). While a first load
/// has the indexes set aside ([`crate::bulk`]) the planner chooses: the named ones are
/// not there.
fn export_ids_sql(conn: &Connection, matches: &Matches<'_>) -> Result<(String, Vec<Value>)> {
    let w = condition(matches.filter, matches.scope, matches.reference);
    let path = match crate::bulk::suspended(conn)? {
        0 => access_path(matches.filter, matches.scope),
        _ => "",
    };
    let sql = format!(
        "SELECT c.id FROM candidates c{}{}{}",
        path,
        w.where_sql(),
        order_by(matches.sort)
    );
    Ok((sql, w.params))
}

/// `EXPLAIN QUERY PLAN` of the statement an export reads its matches with, one line
/// per step.
pub(crate) fn explain(conn: &Connection, matches: &Matches<'_>) -> Result<Vec<String>> {
    let (sql, params) = export_ids_sql(conn, matches)?;
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let steps = stmt.query_map(params_from_iter(&params), |r| r.get::<_, String>(3))?;
    Ok(steps.collect::<rusqlite::Result<_>>()?)
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
        let w = condition(
            &filter,
            &Scope::Branches(vec!["PI01'".into()]),
            d(2026, 11, 23),
        );
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
