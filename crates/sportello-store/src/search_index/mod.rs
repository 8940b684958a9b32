//! The in-memory search index: the columns searches filter and sort on, one fixed-size
//! row per candidate (about 50 bytes: 50 MB for a million), plus a bit set per licence,
//! language and activity code. A search tests every row of it (a few milliseconds for a
//! million) instead of asking SQLite's planner to pick an index, which for a store of
//! this shape is often wrong by orders of magnitude.
//!
//! SQLite stays the truth. The copy is built on the first search and kept in step by
//! the `search_changes` log (migration 0008), which triggers fill on every write to
//! `candidates` from any connection: each search first re-reads the candidates logged
//! since the copy's last entry, all inside one read transaction, so it never answers
//! from stale rows. Keywords are asked of the FTS index (and the answer kept until the
//! next change); orders by text (surname, name, codice fiscale) are read from SQLite's
//! indexes as ranks, also kept until the next change.
//!
//! The meaning of every condition is [`CandidateFilter::matches`] and
//! [`sportello_core::filter::Sort::compare`], as for the SQL of `search.rs`; the
//! integration tests check both against them.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use fixedbitset::FixedBitSet;
use rusqlite::{Connection, OptionalExtension};
use sportello_core::filter::{Sort, SortKey, normalise_code, normalise_language};
use sportello_core::keywords::fold_place;
use sportello_core::{CandidateFilter, Sex};

use crate::error::{Error, Result};
use crate::search::{Scope, keyword_expression, latest_birth};
use crate::time;

mod abbinamenti;

pub use abbinamenti::Abbinato;

/// A copy further behind than this many changed candidates is rebuilt rather than
/// patched: reading every row in id order is cheaper than that many lookups.
const PATCH_MAX: usize = 50_000;
/// Keyword answers kept (a UI pages through one search many times).
const KEYWORD_CACHE: usize = 16;
/// Dictionary code of "no value"; real values are 1, 2, 3…
const NONE: u32 = 0;

/// A candidate's searched columns. Dates are `yyyymmdd` numbers, which compare like the
/// ISO text SQLite holds (also for bounds that are not real days, like 29 February of a
/// common year); texts are codes of a [`Dict`].
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    id: i64,
    updated_at: i64,
    birth: i32,
    /// `i32::MIN` when unknown: sorts first, as NULL does.
    did: i32,
    /// `-1` when unknown.
    unemployment_months: i32,
    /// [`NONE`] marks a free slot (a deleted candidate): every candidate has a branch.
    branch: u32,
    residence_comune: u32,
    residence_provincia: u32,
    domicile_comune: u32,
    domicile_provincia: u32,
    status: u32,
    /// `-1` when unknown.
    education: i8,
    sex: u8,
    income_support: bool,
    collocamento_mirato: bool,
}

/// Texts as small numbers, in order of first sight.
#[derive(Debug, Default)]
struct Dict {
    codes: HashMap<String, u32>,
    texts: Vec<String>,
}

impl Dict {
    fn code(&mut self, text: Option<String>) -> u32 {
        let Some(text) = text else { return NONE };
        if let Some(&code) = self.codes.get(&text) {
            return code;
        }
        self.texts.push(text.clone());
        let code = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.codes.insert(text, code);
        code
    }

    /// The code of a text already seen; `None` when no row has it.
    fn find(&self, text: &str) -> Option<u32> {
        self.codes.get(text).copied()
    }

    /// For each code, its position in the texts' byte order (as SQLite's BINARY
    /// collation sorts), `-1` for [`NONE`] (NULL sorts first).
    fn ranks(&self) -> Vec<i64> {
        let mut order: Vec<usize> = (0..self.texts.len()).collect();
        order.sort_unstable_by(|&a, &b| self.texts[a].cmp(&self.texts[b]));
        let mut ranks = vec![-1; self.texts.len() + 1];
        for (rank, i) in order.into_iter().enumerate() {
            ranks[i + 1] = rank as i64;
        }
        ranks
    }
}

/// For each value of a multi-valued field, the slots of the candidates that have it.
#[derive(Debug, Default)]
struct Postings(HashMap<String, FixedBitSet>);

impl Postings {
    fn add(&mut self, value: String, slot: usize, slots: usize) {
        let set = self.0.entry(value).or_default();
        set.grow(slots.max(slot + 1));
        set.insert(slot);
    }

    fn remove_slot(&mut self, slot: usize) {
        for set in self.0.values_mut() {
            if slot < set.len() {
                set.set(slot, false);
            }
        }
    }
}

/// The text orders read from SQLite: for each slot, its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TextOrder {
    Surname,
    Name,
    CodiceFiscale,
}

impl TextOrder {
    fn of(key: SortKey) -> Option<TextOrder> {
        match key {
            SortKey::Surname => Some(TextOrder::Surname),
            SortKey::Name => Some(TextOrder::Name),
            SortKey::CodiceFiscale => Some(TextOrder::CodiceFiscale),
            _ => None,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            TextOrder::Surname => "SELECT id FROM candidates ORDER BY surname, name, id",
            TextOrder::Name => "SELECT id FROM candidates ORDER BY name, id",
            TextOrder::CodiceFiscale => "SELECT id FROM candidates ORDER BY codice_fiscale, id",
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    /// The last `search_changes` entry applied.
    seq: i64,
    rows: Vec<Row>,
    /// Slot of each candidate id (`u32::MAX`: none).
    slot_of: Vec<u32>,
    free: Vec<u32>,
    branches: Dict,
    places: Dict,
    statuses: Dict,
    licences: Postings,
    languages: Postings,
    policies: Postings,
    text_orders: HashMap<TextOrder, Vec<u32>>,
    keywords: Vec<(String, FixedBitSet)>,
}

const SELECT_ROW: &str = "SELECT id, branch, birth_date, education_rank, residence_comune,
    residence_provincia, domicile_comune, domicile_provincia, sex, employment_status,
    unemployment_months, did_date, income_support, collocamento_mirato, updated_at
    FROM candidates";

/// A row as SQLite returns it, before its texts become codes.
struct RawRow {
    id: i64,
    branch: String,
    birth: String,
    education: Option<u8>,
    places: [Option<String>; 4],
    sex: String,
    status: Option<String>,
    unemployment_months: Option<i64>,
    did: Option<String>,
    income_support: bool,
    collocamento_mirato: bool,
    updated_at: String,
}

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        branch: r.get(1)?,
        birth: r.get(2)?,
        education: r.get(3)?,
        places: [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
        sex: r.get(8)?,
        status: r.get(9)?,
        unemployment_months: r.get(10)?,
        did: r.get(11)?,
        income_support: r.get(12)?,
        collocamento_mirato: r.get(13)?,
        updated_at: r.get(14)?,
    })
}

/// `yyyymmdd` of an ISO date as stored.
fn day_number(id: i64, text: &str) -> Result<i32> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(ymd)
        .map_err(|_| Error::corrupt(format!("candidate {id} has an invalid date: {text:?}")))
}

fn ymd(d: NaiveDate) -> i32 {
    ymd_parts(d.year(), d.month(), d.day())
}

fn ymd_parts(year: i32, month: u32, day: u32) -> i32 {
    year.saturating_mul(10_000)
        .saturating_add(i32::try_from(month * 100 + day).unwrap_or(i32::MAX))
}

impl SearchIndex {
    /// Brings the copy up to date within the caller's read transaction: built when
    /// missing or too far behind, else patched with the logged candidates.
    pub(crate) fn refresh(index: &mut Option<SearchIndex>, conn: &Connection) -> Result<()> {
        let (first, last): (Option<i64>, Option<i64>) = conn
            .prepare_cached("SELECT min(seq), max(seq) FROM search_changes")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let last = last.unwrap_or(0);
        if let Some(current) = index.as_mut() {
            if current.seq == last {
                return Ok(());
            }
            // Behind (the log reaches back to the copy's entry), not ahead of the file.
            let complete =
                current.seq < last && first.is_some_and(|first| first <= current.seq + 1);
            if complete && current.patch(conn, last)? {
                return Ok(());
            }
        }
        *index = Some(SearchIndex::build(conn, last)?);
        Ok(())
    }

    fn build(conn: &Connection, seq: i64) -> Result<SearchIndex> {
        let mut index = SearchIndex {
            seq,
            ..SearchIndex::default()
        };
        let mut stmt = conn.prepare(&format!("{SELECT_ROW} ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let raw = raw_row(r)?;
            index.put(raw)?;
        }
        index.load_sets(conn, None)?;
        Ok(index)
    }

    /// Applies the logged changes after `self.seq` up to `last`; `false` when there are
    /// too many (the caller rebuilds).
    fn patch(&mut self, conn: &Connection, last: i64) -> Result<bool> {
        let ids: Vec<i64> = conn
            .prepare_cached(
                "SELECT DISTINCT candidate_id FROM search_changes WHERE seq > ?1 AND seq <= ?2",
            )?
            .query_map([self.seq, last], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.len() > PATCH_MAX {
            return Ok(false);
        }
        let mut read = conn.prepare_cached(&format!("{SELECT_ROW} WHERE id = ?1"))?;
        for id in ids {
            self.remove(id);
            if let Some(raw) = read.query_row([id], raw_row).optional()? {
                self.put(raw)?;
                self.load_sets(conn, Some(id))?;
            }
        }
        self.seq = last;
        self.text_orders.clear();
        self.keywords.clear();
        Ok(true)
    }

    fn slot(&self, id: i64) -> Option<usize> {
        let slot = *self.slot_of.get(usize::try_from(id).ok()?)?;
        (slot != u32::MAX).then_some(slot as usize)
    }

    fn remove(&mut self, id: i64) {
        let Some(slot) = self.slot(id) else { return };
        self.rows[slot] = Row::default();
        self.slot_of[id as usize] = u32::MAX;
        self.free.push(slot as u32);
        for sets in [&mut self.licences, &mut self.languages, &mut self.policies] {
            sets.remove_slot(slot);
        }
    }

    fn put(&mut self, raw: RawRow) -> Result<()> {
        let id = raw.id;
        let bad = |what: &str| Error::corrupt(format!("candidate {id} has an invalid {what}"));
        let [rc, rp, dc, dp] = raw.places.map(|p| self.places.code(p));
        let row = Row {
            id,
            updated_at: time::from_text(&raw.updated_at)?.timestamp_micros(),
            birth: day_number(id, &raw.birth)?,
            did: raw
                .did
                .as_deref()
                .map(|d| day_number(id, d))
                .transpose()?
                .unwrap_or(i32::MIN),
            unemployment_months: raw
                .unemployment_months
                .map_or(Ok(-1), i32::try_from)
                .map_err(|_| bad("unemployment months"))?,
            branch: self.branches.code(Some(raw.branch)),
            residence_comune: rc,
            residence_provincia: rp,
            domicile_comune: dc,
            domicile_provincia: dp,
            status: self.statuses.code(raw.status),
            education: raw
                .education
                .map_or(Ok(-1), i8::try_from)
                .map_err(|_| bad("education rank"))?,
            sex: match raw.sex.as_str() {
                "M" => b'M',
                "F" => b'F',
                _ => return Err(bad("sex")),
            },
            income_support: raw.income_support,
            collocamento_mirato: raw.collocamento_mirato,
        };
        let index = usize::try_from(id).map_err(|_| bad("id"))?;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.rows[slot as usize] = row;
                slot
            }
            None => {
                self.rows.push(row);
                u32::try_from(self.rows.len() - 1).map_err(|_| bad("slot"))?
            }
        };
        if self.slot_of.len() <= index {
            self.slot_of.resize(index + 1, u32::MAX);
        }
        self.slot_of[index] = slot;
        Ok(())
    }

    /// Reads licences, languages and policies: of every candidate, or of one.
    fn load_sets(&mut self, conn: &Connection, only: Option<i64>) -> Result<()> {
        let slots = self.rows.len();
        for (table, column, which) in [
            ("candidate_licences", "licence", 0),
            ("candidate_languages", "language", 1),
            ("candidate_policies", "activity_code", 2),
        ] {
            let filter = if only.is_some() {
                " WHERE candidate_id = ?1"
            } else {
                ""
            };
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT candidate_id, {column} FROM {table}{filter}"
            ))?;
            let mut rows = match only {
                Some(id) => stmt.query([id])?,
                None => stmt.query([])?,
            };
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let value: String = r.get(1)?;
                let Some(slot) = self.slot(id) else { continue };
                let postings = match which {
                    0 => &mut self.licences,
                    1 => &mut self.languages,
                    _ => &mut self.policies,
                };
                postings.add(value, slot, slots);
            }
        }
        Ok(())
    }

    /// How many live candidates the copy holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.rows.len() - self.free.len()
    }

    /// The slots of the candidates matching, in no order.
    pub(crate) fn matching(
        &mut self,
        conn: &Connection,
        filter: &CandidateFilter,
        scope: &Scope,
        reference: NaiveDate,
    ) -> Result<Vec<u32>> {
        let Some(test) = self.compile(filter, scope, reference) else {
            return Ok(vec![]);
        };
        let mut sets: Vec<&FixedBitSet> = Vec::new();
        let keywords = match keyword_expression(filter) {
            Some(expr) => Some(self.keyword_hits(conn, &expr)?),
            None => None,
        };
        if let Some(hits) = keywords {
            sets.push(&self.keywords[hits].1);
        }
        for (postings, values, normalise) in [
            (
                &self.licences,
                &filter.driving_licences,
                normalise_code as fn(&str) -> String,
            ),
            (&self.languages, &filter.languages, normalise_language),
        ] {
            for value in values {
                match postings.0.get(&normalise(value)) {
                    Some(set) => sets.push(set),
                    None => return Ok(vec![]),
                }
            }
        }
        if let Some(activity) = &filter.policy_activity {
            match self.policies.0.get(&normalise_code(activity)) {
                Some(set) => sets.push(set),
                None => return Ok(vec![]),
            }
        }
        let rows = &self.rows;
        let hit = |slot: usize| test.matches(&rows[slot]).then_some(slot as u32);
        Ok(match sets.split_first() {
            None => (0..rows.len()).filter_map(hit).collect(),
            Some((first, rest)) => {
                let mut driver = (*first).clone();
                for set in rest {
                    driver.intersect_with(set);
                }
                driver
                    .ones()
                    .filter(|&s| s < rows.len())
                    .filter_map(hit)
                    .collect()
            }
        })
    }

    /// The position in `self.keywords` of the slots whose keyword text matches `expr`
    /// (an FTS5 expression from [`candidates::match_expression`]).
    fn keyword_hits(&mut self, conn: &Connection, expr: &str) -> Result<usize> {
        if let Some(found) = self.keywords.iter().position(|(e, _)| e == expr) {
            return Ok(found);
        }
        let mut set = FixedBitSet::with_capacity(self.rows.len());
        // The profile's keywords, or the text of one of the citizen's consenting CVs.
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM candidate_keywords WHERE candidate_keywords MATCH ?1
             UNION SELECT k.id FROM cv_keywords JOIN cv ON cv.rowid = cv_keywords.rowid
                JOIN candidates k ON k.codice_fiscale = cv.codice_fiscale
             WHERE cv_keywords MATCH ?1",
        )?;
        let mut rows = stmt.query([expr])?;
        while let Some(r) = rows.next()? {
            if let Some(slot) = self.slot(r.get(0)?) {
                set.insert(slot);
            }
        }
        if self.keywords.len() == KEYWORD_CACHE {
            self.keywords.remove(0);
        }
        self.keywords.push((expr.to_owned(), set));
        Ok(self.keywords.len() - 1)
    }

    /// The tests of a filter on a row; `None` when nothing can match.
    fn compile(
        &self,
        filter: &CandidateFilter,
        scope: &Scope,
        reference: NaiveDate,
    ) -> Option<Test> {
        let mut branches: Option<Vec<bool>> = None;
        let mut allow = |codes: &[String]| {
            let mut allowed = vec![false; self.branches.texts.len() + 1];
            for code in codes.iter().filter_map(|c| self.branches.find(c)) {
                allowed[code as usize] = true;
            }
            branches = Some(match branches.take() {
                None => allowed,
                Some(before) => before.iter().zip(allowed).map(|(a, b)| *a && b).collect(),
            });
        };
        if let Scope::Branches(visible) = scope {
            allow(visible);
        }
        if !filter.branches.is_empty() {
            allow(&filter.branches);
        }
        let place = |text: &Option<String>| -> Option<Option<u32>> {
            match text {
                None => Some(None),
                Some(t) => self.places.find(&fold_place(t)).map(Some),
            }
        };
        let aged = filter.age_min.is_some() || filter.age_max.is_some();
        Some(Test {
            branches,
            born_by: match filter.age_min {
                // An age exists only from the birth on.
                None if aged => Some(ymd(reference)),
                None => None,
                Some(min) => Some(born_by(reference, min)?.min(ymd(reference))),
            },
            born_after: filter
                .age_max
                .and_then(|max| born_by(reference, max.saturating_add(1))),
            education_min: filter.education_min.map(|l| l.rank() as i8),
            comune: place(&filter.comune)?,
            provincia: place(&filter.provincia)?,
            sex: filter.sex.map(|s| match s {
                Sex::M => b'M',
                Sex::F => b'F',
            }),
            status: match filter.status {
                None => None,
                Some(s) => Some(self.statuses.find(s.code())?),
            },
            unemployed_months_min: filter
                .unemployed_months_min
                .map(|m| i32::try_from(m).unwrap_or(i32::MAX)),
            did_from: filter.did_from.map(ymd),
            did_to: filter.did_to.map(ymd),
            income_support: filter.income_support,
            collocamento_mirato: filter.collocamento_mirato,
            updated_from: filter.updated_since.map(|d| {
                d.and_hms_opt(0, 0, 0)
                    .map_or(i64::MIN, |t| t.and_utc().timestamp_micros())
            }),
        })
    }

    /// The slots ordered by `sort` (the key, then the row id, both in the sort's
    /// direction), only as far as `offset + limit`: the page is the slice from `offset`.
    pub(crate) fn order(
        &mut self,
        conn: &Connection,
        mut slots: Vec<u32>,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<i64>> {
        let sort = sort.normalised();
        let text = TextOrder::of(sort.key);
        if let Some(order) = text
            && !self.text_orders.contains_key(&order)
        {
            let ranks = self.text_ranks(conn, order)?;
            self.text_orders.insert(order, ranks);
        }
        let key = self.sort_key(sort.key);
        let rows = &self.rows;
        let flip = |k: (i64, i64)| if sort.descending { (!k.0, !k.1) } else { k };
        let mut keyed: Vec<((i64, i64), u32)> = slots
            .drain(..)
            .map(|s| {
                (
                    flip((key.of(s as usize, &rows[s as usize]), rows[s as usize].id)),
                    s,
                )
            })
            .collect();
        // Partial selection: linear in the matches, where sorting them all is not.
        let end = offset.saturating_add(limit).min(keyed.len());
        if end < keyed.len() {
            keyed.select_nth_unstable(end);
            keyed.truncate(end);
        }
        if offset >= keyed.len() {
            return Ok(vec![]);
        }
        if offset > 0 {
            keyed.select_nth_unstable(offset);
        }
        let page = &mut keyed[offset..];
        page.sort_unstable();
        Ok(page.iter().map(|&(_, s)| rows[s as usize].id).collect())
    }

    /// The key's value for a slot; the text orders must have been read.
    fn sort_key(&self, key: SortKey) -> Key<'_> {
        if let Some(order) = TextOrder::of(key) {
            return Key::Rank(&self.text_orders[&order]);
        }
        match key {
            SortKey::BirthDate | SortKey::Age => Key::Field(|r| i64::from(r.birth)),
            SortKey::Sex => Key::Field(|r| i64::from(r.sex)),
            SortKey::Education => Key::Field(|r| i64::from(r.education)),
            SortKey::UnemploymentMonths => Key::Field(|r| i64::from(r.unemployment_months)),
            SortKey::DidDate => Key::Field(|r| i64::from(r.did)),
            SortKey::UpdatedAt => Key::Field(|r| r.updated_at),
            SortKey::Branch => Key::Coded(self.branches.ranks(), |r| r.branch),
            SortKey::Comune => Key::Coded(self.places.ranks(), |r| r.residence_comune),
            SortKey::Provincia => Key::Coded(self.places.ranks(), |r| r.residence_provincia),
            SortKey::Status => Key::Coded(self.statuses.ranks(), |r| r.status),
            SortKey::Surname | SortKey::Name | SortKey::CodiceFiscale => {
                unreachable!("text orders are handled above")
            }
        }
    }

    fn text_ranks(&self, conn: &Connection, order: TextOrder) -> Result<Vec<u32>> {
        let mut ranks = vec![u32::MAX; self.rows.len()];
        let mut stmt = conn.prepare(order.sql())?;
        let mut rows = stmt.query([])?;
        let mut position = 0u32;
        while let Some(r) = rows.next()? {
            if let Some(slot) = self.slot(r.get(0)?) {
                ranks[slot] = position;
                position += 1;
            }
        }
        Ok(ranks)
    }
}

/// A sort key's value for a slot.
enum Key<'a> {
    Rank(&'a [u32]),
    Field(fn(&Row) -> i64),
    Coded(Vec<i64>, fn(&Row) -> u32),
}

impl Key<'_> {
    fn of(&self, slot: usize, row: &Row) -> i64 {
        match self {
            Key::Rank(ranks) => i64::from(ranks[slot]),
            Key::Field(f) => f(row),
            Key::Coded(ranks, f) => ranks[f(row) as usize],
        }
    }
}

/// `yyyymmdd` of the latest birth of someone at least `years` old at `reference`: the
/// bound of `search::born_by`, whose ISO text this number compares like.
fn born_by(reference: NaiveDate, years: u32) -> Option<i32> {
    latest_birth(reference, years).map(|(y, m, d)| ymd_parts(y, m, d))
}

/// A compiled filter: every field is a test on [`Row`].
#[derive(Debug)]
struct Test {
    /// Allowed branch codes (scope and filter together), by code.
    branches: Option<Vec<bool>>,
    born_by: Option<i32>,
    born_after: Option<i32>,
    education_min: Option<i8>,
    comune: Option<u32>,
    provincia: Option<u32>,
    sex: Option<u8>,
    status: Option<u32>,
    unemployed_months_min: Option<i32>,
    did_from: Option<i32>,
    did_to: Option<i32>,
    income_support: Option<bool>,
    collocamento_mirato: Option<bool>,
    updated_from: Option<i64>,
}

impl Test {
    fn matches(&self, r: &Row) -> bool {
        r.branch != NONE
            && self
                .branches
                .as_ref()
                .is_none_or(|allowed| allowed.get(r.branch as usize) == Some(&true))
            && self.born_by.is_none_or(|b| r.birth <= b)
            && self.born_after.is_none_or(|b| r.birth > b)
            && self.education_min.is_none_or(|m| r.education >= m)
            && self
                .comune
                .is_none_or(|c| r.residence_comune == c || r.domicile_comune == c)
            && self
                .provincia
                .is_none_or(|p| r.residence_provincia == p || r.domicile_provincia == p)
            && self.sex.is_none_or(|s| r.sex == s)
            && self.status.is_none_or(|s| r.status == s)
            && self
                .unemployed_months_min
                .is_none_or(|m| r.unemployment_months >= m)
            && self
                .did_from
                .is_none_or(|d| r.did != i32::MIN && r.did >= d)
            && self.did_to.is_none_or(|d| r.did != i32::MIN && r.did <= d)
            && self.income_support.is_none_or(|b| r.income_support == b)
            && self
                .collocamento_mirato
                .is_none_or(|b| r.collocamento_mirato == b)
            && self.updated_from.is_none_or(|t| r.updated_at >= t)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use sportello_core::CandidateFilter;

    use crate::search::Scope;
    use crate::{CandidateRecord, Store};

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn count(store: &Store) -> u64 {
        store
            .count_matching(&CandidateFilter::default(), &Scope::All, day())
            .unwrap()
    }

    #[test]
    fn a_copy_behind_the_kept_log_is_rebuilt_and_the_log_stays_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path(), "Prova2026x").unwrap();
        let branches = sportello_demo::branches(1);
        store.write(|tx| tx.upsert_branches(&branches)).unwrap();
        let records: Vec<CandidateRecord> = sportello_demo::Generator::new(1, day())
            .candidates(5, &[branches[0].code.clone()])
            .map(|candidate| CandidateRecord {
                candidate,
                version: 1,
                updated_at: Utc::now(),
            })
            .collect();
        store.bulk_upsert_candidates(&records[..3]).unwrap();
        assert_eq!(count(&store), 3);
        assert_eq!(store.index.lock().unwrap().as_ref().unwrap().len(), 3);

        // Two more, and the log cut past the copy's last entry, as its bound does:
        // patching from what is left would miss one.
        store.bulk_upsert_candidates(&records[3..]).unwrap();
        store
            .conn
            .execute(
                "DELETE FROM search_changes WHERE seq < (SELECT max(seq) FROM search_changes)",
                [],
            )
            .unwrap();
        assert_eq!(count(&store), 5);

        let kept = |store: &Store| -> i64 {
            store
                .conn
                .query_row("SELECT count(*) FROM search_changes", [], |r| r.get(0))
                .unwrap()
        };
        let before = kept(&store);
        store
            .conn
            .execute(
                "INSERT INTO search_changes (seq, candidate_id) VALUES (1000000, 1)",
                [],
            )
            .unwrap();
        assert_eq!(
            kept(&store),
            1,
            "entries 200,000 behind the newest are dropped"
        );
        assert!(before >= 1);
    }
}
