//! Candidates and branches: the cache of the server's records.

use std::borrow::Borrow;

use chrono::{DateTime, Utc};
use rusqlite::{CachedStatement, Connection, OptionalExtension, params};
use sportello_core::candidate::Address;
use sportello_core::keywords::{KeywordQuery, fold_place};
use sportello_core::{Branch, Candidate, Sex};

use crate::error::{Error, Result};
use crate::time;

/// A candidate as the server sent it: the record, its server version and when the
/// server last changed it.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRecord {
    pub candidate: Candidate,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpsertSummary {
    /// Records inserted or replaced.
    pub written: usize,
    /// Records left alone because the store already held a newer version.
    pub skipped_stale: usize,
}

const UPSERT_CANDIDATE: &str = "
    INSERT INTO candidates (
        codice_fiscale, branch, surname, name, sex, birth_date, education_rank,
        residence_comune, residence_provincia, domicile_comune, domicile_provincia,
        employment_status, unemployment_months, did_date, income_support, collocamento_mirato,
        version, updated_at,
        residence_comune_name, residence_provincia_name, mobile, email
    ) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19, ?20, ?21, ?22)
    ON CONFLICT (codice_fiscale) DO UPDATE SET
        branch = excluded.branch,
        surname = excluded.surname,
        name = excluded.name,
        sex = excluded.sex,
        birth_date = excluded.birth_date,
        education_rank = excluded.education_rank,
        residence_comune = excluded.residence_comune,
        residence_provincia = excluded.residence_provincia,
        domicile_comune = excluded.domicile_comune,
        domicile_provincia = excluded.domicile_provincia,
        employment_status = excluded.employment_status,
        unemployment_months = excluded.unemployment_months,
        did_date = excluded.did_date,
        income_support = excluded.income_support,
        collocamento_mirato = excluded.collocamento_mirato,
        version = excluded.version,
        updated_at = excluded.updated_at,
        residence_comune_name = excluded.residence_comune_name,
        residence_provincia_name = excluded.residence_provincia_name,
        mobile = excluded.mobile,
        email = excluded.email
    WHERE excluded.version >= candidates.version
    RETURNING id";

/// How schema version 3 wrote a candidate: the record inside the candidates row. Kept
/// only so tests can make a genuine version-3 store and migrate it.
const UPSERT_CANDIDATE_V3: &str = "
    INSERT INTO candidates (
        codice_fiscale, branch, surname, name, sex, birth_date, education_rank,
        residence_comune, residence_provincia, domicile_comune, domicile_provincia,
        employment_status, unemployment_months, did_date, income_support, collocamento_mirato,
        version, updated_at, record
    ) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19)
    RETURNING id";

/// Which schema the rows are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Current,
    /// Schema version 3, for migration tests (new candidates only).
    V3,
}

/// Records are turned into rows in chunks of this many.
const CHUNK: usize = 1024;

/// Below this many records a chunk is prepared on the calling thread: a thread costs
/// more than it saves.
const PARALLEL_MIN: usize = 64;

/// Writes the records with prepared statements; the caller owns the transaction.
///
/// Turning a record into a row (its JSON, and above all its keyword text, which
/// stems every word) costs about as much as writing it. So the work is pipelined: while
/// this thread writes chunk *k* to SQLite, worker threads prepare chunk *k + 1*. The
/// connection never leaves this thread, and the records need not be `Send`.
pub(crate) fn upsert<I>(conn: &Connection, records: I) -> Result<UpsertSummary>
where
    I: IntoIterator,
    I::Item: Borrow<CandidateRecord>,
{
    upsert_as(conn, records, Layout::Current)
}

pub(crate) fn upsert_as<I>(conn: &Connection, records: I, layout: Layout) -> Result<UpsertSummary>
where
    I: IntoIterator,
    I::Item: Borrow<CandidateRecord>,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .saturating_sub(1)
        .max(1);
    let mut writer = RowWriter::new(conn, layout)?;
    let mut records = records.into_iter();
    let mut summary = UpsertSummary::default();
    let mut ready: Vec<Row> = vec![];
    loop {
        let next: Vec<I::Item> = records.by_ref().take(CHUNK).collect();
        let next: Vec<&CandidateRecord> = next.iter().map(Borrow::borrow).collect();
        if next.is_empty() {
            writer.write(ready, &mut summary)?;
            writer.index_keywords()?;
            return Ok(summary);
        }
        let (written, prepared) = std::thread::scope(|scope| {
            let preparing = scope.spawn(|| prepare_all(&next, workers));
            let written = writer.write(std::mem::take(&mut ready), &mut summary);
            (written, join(preparing))
        });
        written?;
        ready = prepared?;
    }
}

/// Rows for `records`, in order, split over `workers` threads when worth it.
fn prepare_all(records: &[&CandidateRecord], workers: usize) -> Result<Vec<Row>> {
    if workers <= 1 || records.len() < PARALLEL_MIN {
        return records.iter().map(|r| Row::prepare(r)).collect();
    }
    let per_worker = records.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let parts: Vec<_> = records
            .chunks(per_worker)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|r| Row::prepare(r))
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        let mut rows = Vec::with_capacity(records.len());
        for part in parts {
            rows.extend(join(part)?);
        }
        Ok(rows)
    })
}

fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A candidate as the columns of its rows.
struct Row {
    codice_fiscale: String,
    branch: String,
    surname: String,
    name: String,
    sex: &'static str,
    birth_date: String,
    education_rank: Option<u8>,
    residence_comune: Option<String>,
    residence_provincia: Option<String>,
    domicile_comune: Option<String>,
    domicile_provincia: Option<String>,
    employment_status: Option<&'static str>,
    unemployment_months: Option<u32>,
    did_date: Option<String>,
    income_support: bool,
    collocamento_mirato: bool,
    version: i64,
    updated_at: String,
    residence_comune_name: Option<String>,
    residence_provincia_name: Option<String>,
    mobile: Option<String>,
    email: Option<String>,
    record: String,
    licences: Vec<String>,
    languages: Vec<String>,
    policies: Vec<String>,
    keywords: String,
}

impl Row {
    fn prepare(r: &CandidateRecord) -> Result<Row> {
        let c = &r.candidate;
        let admin = &c.administrative;
        let place =
            |a: &Option<Address>, f: fn(&Address) -> &str| a.as_ref().map(|a| fold_place(f(a)));
        Ok(Row {
            codice_fiscale: c.codice_fiscale.clone(),
            branch: c.branch.clone(),
            surname: c.personal.surname.clone(),
            name: c.personal.name.clone(),
            sex: sex_code(c.personal.sex),
            birth_date: c.personal.birth_date.to_string(),
            education_rank: c.education_level().map(|l| l.rank()),
            residence_comune: place(&c.residence, |a| &a.comune),
            residence_provincia: place(&c.residence, |a| &a.provincia),
            domicile_comune: place(&c.domicile, |a| &a.comune),
            domicile_provincia: place(&c.domicile, |a| &a.provincia),
            employment_status: admin.employment_status.map(|s| s.code()),
            unemployment_months: admin.unemployment_months,
            did_date: admin.did_date.map(|d| d.to_string()),
            income_support: !admin.income_support.is_empty(),
            collocamento_mirato: admin.collocamento_mirato,
            version: r.version,
            updated_at: time::to_text(r.updated_at),
            residence_comune_name: c.residence.as_ref().map(|a| a.comune.clone()),
            residence_provincia_name: c.residence.as_ref().map(|a| a.provincia.clone()),
            mobile: c.contacts.mobile.clone(),
            email: c.contacts.email.clone(),
            record: serde_json::to_string(c)?,
            licences: c
                .other
                .driving_licences
                .iter()
                .map(|l| normalise_code(l))
                .collect(),
            languages: c
                .languages
                .iter()
                .map(|l| l.language.trim().to_lowercase())
                .collect(),
            policies: c
                .policies
                .iter()
                .map(|p| normalise_code(&p.activity_code))
                .collect(),
            keywords: c.keyword_text(),
        })
    }
}

/// The prepared statements of an upsert, compiled once per call.
struct RowWriter<'c> {
    layout: Layout,
    upsert: CachedStatement<'c>,
    /// `None` for [`Layout::V3`], which kept the record in the candidates row.
    put_record: Option<CachedStatement<'c>>,
    clear_licences: CachedStatement<'c>,
    clear_languages: CachedStatement<'c>,
    clear_policies: CachedStatement<'c>,
    add_licence: CachedStatement<'c>,
    add_language: CachedStatement<'c>,
    add_policy: CachedStatement<'c>,
    replace_keywords: CachedStatement<'c>,
    /// For a row this call inserted: nothing to replace, so no lookups.
    add_keywords: CachedStatement<'c>,
    /// Keyword entries (id, keywords, new) written after every row of the call: each
    /// candidates statement opens a savepoint (its triggers), and FTS5 writes its
    /// pending terms to disk as a new segment at every savepoint, so indexing row by
    /// row made one segment per candidate and merged them over and over.
    keywords: Vec<(i64, String, bool)>,
    /// Ids at or above this one were inserted by this call (rowids grow past the
    /// largest); `inserted` tells them from a second write of the same record.
    first_new_id: i64,
    inserted: std::collections::HashSet<i64>,
}

impl<'c> RowWriter<'c> {
    fn new(conn: &'c Connection, layout: Layout) -> Result<Self> {
        Ok(RowWriter {
            layout,
            upsert: conn.prepare_cached(match layout {
                Layout::Current => UPSERT_CANDIDATE,
                Layout::V3 => UPSERT_CANDIDATE_V3,
            })?,
            put_record: match layout {
                Layout::Current => Some(conn.prepare_cached(
                    "INSERT OR REPLACE INTO candidate_records (candidate_id, record) VALUES (?1, ?2)",
                )?),
                Layout::V3 => None,
            },
            clear_licences: conn.prepare_cached("DELETE FROM candidate_licences WHERE candidate_id = ?1")?,
            clear_languages: conn.prepare_cached("DELETE FROM candidate_languages WHERE candidate_id = ?1")?,
            clear_policies: conn.prepare_cached("DELETE FROM candidate_policies WHERE candidate_id = ?1")?,
            add_licence: conn
                .prepare_cached("INSERT OR IGNORE INTO candidate_licences (candidate_id, licence) VALUES (?1, ?2)")?,
            add_language: conn
                .prepare_cached("INSERT OR IGNORE INTO candidate_languages (candidate_id, language) VALUES (?1, ?2)")?,
            add_policy: conn.prepare_cached(
                "INSERT OR IGNORE INTO candidate_policies (candidate_id, activity_code) VALUES (?1, ?2)",
            )?,
            replace_keywords: conn
                .prepare_cached("INSERT OR REPLACE INTO candidate_keywords (rowid, keywords) VALUES (?1, ?2)")?,
            add_keywords: conn
                .prepare_cached("INSERT INTO candidate_keywords (rowid, keywords) VALUES (?1, ?2)")?,
            first_new_id: conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM candidates", [], |r| r.get(0))?,
            inserted: std::collections::HashSet::new(),
            keywords: vec![],
        })
    }

    fn index_keywords(&mut self) -> Result<()> {
        for (id, keywords, new) in std::mem::take(&mut self.keywords) {
            if new {
                self.add_keywords.execute(params![id, keywords])?;
            } else {
                self.replace_keywords.execute(params![id, keywords])?;
            }
        }
        Ok(())
    }

    fn write(&mut self, rows: Vec<Row>, summary: &mut UpsertSummary) -> Result<()> {
        for row in rows {
            let id: Option<i64> = if self.layout == Layout::V3 {
                self.upsert_v3(&row)?
            } else {
                self.upsert
                    .query_row(
                        params![
                            row.codice_fiscale,
                            row.branch,
                            row.surname,
                            row.name,
                            row.sex,
                            row.birth_date,
                            row.education_rank,
                            row.residence_comune,
                            row.residence_provincia,
                            row.domicile_comune,
                            row.domicile_provincia,
                            row.employment_status,
                            row.unemployment_months,
                            row.did_date,
                            row.income_support,
                            row.collocamento_mirato,
                            row.version,
                            row.updated_at,
                            row.residence_comune_name,
                            row.residence_provincia_name,
                            row.mobile,
                            row.email,
                        ],
                        |r| r.get(0),
                    )
                    .optional()?
            };
            let Some(id) = id else {
                summary.skipped_stale += 1;
                continue;
            };
            if let Some(put_record) = &mut self.put_record {
                put_record.execute(params![id, row.record])?;
            }
            // A first write of a new row has no old child rows or keywords to replace
            // (a deleted candidate took its own with it), which saves four lookups.
            let new = id >= self.first_new_id && self.inserted.insert(id);
            if !new {
                self.clear_licences.execute([id])?;
                self.clear_languages.execute([id])?;
                self.clear_policies.execute([id])?;
            }
            for licence in &row.licences {
                self.add_licence.execute(params![id, licence])?;
            }
            for language in &row.languages {
                self.add_language.execute(params![id, language])?;
            }
            for policy in &row.policies {
                self.add_policy.execute(params![id, policy])?;
            }
            self.keywords.push((id, row.keywords, new));
            summary.written += 1;
        }
        Ok(())
    }
}

impl RowWriter<'_> {
    fn upsert_v3(&mut self, row: &Row) -> Result<Option<i64>> {
        let id = self
            .upsert
            .query_row(
                params![
                    row.codice_fiscale,
                    row.branch,
                    row.surname,
                    row.name,
                    row.sex,
                    row.birth_date,
                    row.education_rank,
                    row.residence_comune,
                    row.residence_provincia,
                    row.domicile_comune,
                    row.domicile_provincia,
                    row.employment_status,
                    row.unemployment_months,
                    row.did_date,
                    row.income_support,
                    row.collocamento_mirato,
                    row.version,
                    row.updated_at,
                    row.record,
                ],
                |r| r.get(0),
            )
            .optional()?;
        Ok(id)
    }
}

/// Licence categories and activity codes compare without case ("b" = "B").
fn normalise_code(code: &str) -> String {
    code.trim().to_uppercase()
}

fn sex_code(sex: Sex) -> &'static str {
    match sex {
        Sex::M => "M",
        Sex::F => "F",
    }
}

/// Deletes the candidates (their records and child rows go by cascade) and their keyword entries.
/// Returns how many existed.
pub(crate) fn delete(conn: &Connection, codici_fiscali: &[impl AsRef<str>]) -> Result<usize> {
    let mut delete =
        conn.prepare_cached("DELETE FROM candidates WHERE codice_fiscale = ?1 RETURNING id")?;
    let mut unindex = conn.prepare_cached("DELETE FROM candidate_keywords WHERE rowid = ?1")?;
    let mut deleted = 0;
    for cf in codici_fiscali {
        let id: Option<i64> = delete.query_row([cf.as_ref()], |r| r.get(0)).optional()?;
        if let Some(id) = id {
            unindex.execute([id])?;
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// Surname and name from the narrow columns, without reading the record.
pub(crate) fn name(conn: &Connection, codice_fiscale: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT surname, name FROM candidates WHERE codice_fiscale = ?1")?
        .query_row([codice_fiscale], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(crate) fn get(conn: &Connection, codice_fiscale: &str) -> Result<Option<CandidateRecord>> {
    let row = conn
        .prepare_cached(
            "SELECT r.record, c.version, c.updated_at
             FROM candidates c JOIN candidate_records r ON r.candidate_id = c.id
             WHERE c.codice_fiscale = ?1",
        )?
        .query_row([codice_fiscale], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    let Some((json, version, updated_at)) = row else {
        return Ok(None);
    };
    let candidate = serde_json::from_str(&json).map_err(|e| {
        Error::corrupt(format!(
            "the record of {codice_fiscale} cannot be read: {e}"
        ))
    })?;
    Ok(Some(CandidateRecord {
        candidate,
        version,
        updated_at: time::from_text(&updated_at)?,
    }))
}

pub(crate) fn count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM candidates", [], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

/// The FTS5 MATCH expression for a keyword query, or `None` for an empty query.
///
/// Never interpolates user text as syntax: every group becomes one double-quoted FTS5
/// string (a phrase; a single term is a phrase of one), with any `"` doubled, and the
/// groups are joined with `AND`. Operators typed by the user (`OR`, `NOT`, `*`, `:`,
/// parentheses) are therefore searched as plain text, never obeyed.
pub(crate) fn match_expression(query: &KeywordQuery) -> Option<String> {
    let groups: Vec<String> = query
        .groups
        .iter()
        .filter(|g| !g.is_empty())
        .map(|g| format!("\"{}\"", g.join(" ").replace('"', "\"\"")))
        .collect();
    (!groups.is_empty()).then(|| groups.join(" AND "))
}

/// Codici fiscali of the candidates whose keyword text matches, in CF order. An empty
/// query puts no condition, like an empty [`sportello_core::CandidateFilter`] field.
pub(crate) fn matching_keywords(conn: &Connection, query: &KeywordQuery) -> Result<Vec<String>> {
    let rows = match match_expression(query) {
        Some(expr) => conn
            .prepare_cached(
                "SELECT c.codice_fiscale FROM candidate_keywords k JOIN candidates c ON c.id = k.rowid
                 WHERE candidate_keywords MATCH ?1 ORDER BY c.codice_fiscale",
            )?
            .query_map([expr], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?,
        None => conn
            .prepare_cached("SELECT codice_fiscale FROM candidates ORDER BY codice_fiscale")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?,
    };
    Ok(rows)
}

pub(crate) fn upsert_branches(conn: &Connection, branches: &[Branch]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO branches (code, name, comune, provincia, pad) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, comune = excluded.comune,
                                          provincia = excluded.provincia, pad = excluded.pad",
    )?;
    for b in branches {
        stmt.execute(params![b.code, b.name, b.comune, b.provincia, b.pad])?;
    }
    Ok(())
}

pub(crate) fn branches(conn: &Connection) -> Result<Vec<Branch>> {
    let rows = conn
        .prepare_cached("SELECT code, name, comune, provincia, pad FROM branches ORDER BY code")?
        .query_map([], |r| {
            Ok(Branch {
                code: r.get(0)?,
                name: r.get(1)?,
                comune: r.get(2)?,
                provincia: r.get(3)?,
                pad: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use sportello_core::keywords::terms;

    use super::*;

    fn check(groups: &[&[&str]], expect: Option<&str>) {
        let q = KeywordQuery {
            groups: groups
                .iter()
                .map(|g| g.iter().map(|t| t.to_string()).collect())
                .collect(),
        };
        assert_eq!(
            match_expression(&q).as_deref(),
            expect,
            "MATCH expression for {groups:?}"
        );
    }

    #[test]
    fn every_group_is_quoted_and_all_are_required() {
        check(&[&["cuoc"]], Some(r#""cuoc""#));
        check(
            &[&["cuoc"], &["magazzin"]],
            Some(r#""cuoc" AND "magazzin""#),
        );
        check(
            &[&["addett", "vend"], &["puliz"]],
            Some(r#""addett vend" AND "puliz""#),
        ); // a phrase stays one string
        check(&[], None);
        check(&[&[]], None);
        check(&[&[r#"x"y"#]], Some(r#""x""y""#)); // a quote inside a term is doubled
    }

    #[test]
    fn fts_syntax_typed_by_the_user_is_not_obeyed() {
        // Punctuation never reaches the expression (sportello-core splits on it), and
        // words like OR/NOT end up quoted, hence searched for as text.
        let q = KeywordQuery::parse("cuoco OR NOT pizza*");
        let quoted: Vec<String> = ["cuoco", "or", "not", "pizza"]
            .iter()
            .map(|w| format!("\"{}\"", terms(w)[0]))
            .collect();
        assert_eq!(match_expression(&q), Some(quoted.join(" AND ")));
        assert_eq!(
            match_expression(&KeywordQuery::parse("a:b (c) ^d")),
            None,
            "single letters and symbols vanish"
        );
    }
}
