//! Belfiore codes of Italian comuni (also ceased ones) and foreign states.
//!
//! The dataset (`assets/belfiore/belfiore.tsv`, derived from ANPR data, see
//! `assets/README.md`) is embedded at compile time and indexed once, on first use.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;

use super::CfError;

const TSV: &str = include_str!("../../../../assets/belfiore/belfiore.tsv");

/// Province code of foreign states.
pub const FOREIGN_PROVINCE: &str = "EE";

/// One validity period of a Belfiore code: a comune (with its name and province in
/// that period) or a foreign state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Birthplace {
    pub code: &'static str,
    pub name: &'static str,
    /// Province (sigla) in this period; `"EE"` for foreign states.
    pub province: &'static str,
    pub foreign: bool,
    /// First day of validity, inclusive; `None` when unknown.
    pub valid_from: Option<NaiveDate>,
    /// Last day of validity, inclusive; `None` while still valid.
    pub valid_to: Option<NaiveDate>,
}

impl Birthplace {
    pub fn is_valid_at(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| from <= date) && self.valid_to.is_none_or(|to| date <= to)
    }
}

#[derive(Debug)]
struct Dataset {
    /// Sorted by code, then by `valid_from`.
    rows: Vec<Birthplace>,
    by_code: HashMap<&'static str, Range<usize>>,
}

static DATASET: LazyLock<Dataset> = LazyLock::new(|| Dataset::parse(TSV));

impl Dataset {
    fn parse(tsv: &'static str) -> Self {
        let mut lines = tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
        let header = lines.next();
        assert_eq!(
            header,
            Some("code\tname\tprovince\tvalid_from\tvalid_to\tkind"),
            "belfiore.tsv: unexpected header"
        );
        let rows: Vec<Birthplace> = lines.map(parse_row).collect();
        let mut by_code: HashMap<&'static str, Range<usize>> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            by_code.entry(row.code).or_insert(i..i).end = i + 1;
        }
        Self { rows, by_code }
    }
}

fn parse_row(line: &'static str) -> Birthplace {
    let fields: Vec<&'static str> = line.split('\t').collect();
    let [code, name, province, from, to, kind] = fields[..] else {
        panic!("belfiore.tsv: expected 6 fields in {line:?}");
    };
    Birthplace {
        code,
        name,
        province,
        foreign: kind == "S",
        valid_from: parse_date(from),
        valid_to: parse_date(to),
    }
}

fn parse_date(field: &str) -> Option<NaiveDate> {
    if field.is_empty() {
        return None;
    }
    let date = NaiveDate::parse_from_str(field, "%Y-%m-%d");
    Some(date.unwrap_or_else(|e| panic!("belfiore.tsv: bad date {field:?}: {e}")))
}

/// Every period of every code, sorted by code then start date.
pub fn all() -> &'static [Birthplace] {
    &DATASET.rows
}

/// The history of one code (empty if unknown), oldest period first.
pub fn entries(code: &str) -> &'static [Birthplace] {
    let data = &*DATASET;
    let code = code.trim().to_ascii_uppercase();
    data.by_code
        .get(code.as_str())
        .map_or(&[], |range| &data.rows[range.clone()])
}

/// The birthplace a code stands for at a date, if any (see [`resolve`]).
pub fn birthplace(code: &str, at: NaiveDate) -> Option<&'static Birthplace> {
    resolve(code, at).ok()
}

/// Resolves a code at a birth date: the period valid at that date; failing that, the
/// first period that starts after it. Codes are often assigned after the birth, e.g. to
/// people born before a merger, and the tax office accepts them; python-codicefiscale
/// falls back the same way. Only a code that had already ceased is rejected.
pub fn resolve(code: &str, at: NaiveDate) -> Result<&'static Birthplace, CfError> {
    let periods = entries(code);
    if periods.is_empty() {
        return Err(CfError::UnknownBirthplace {
            code: code.trim().to_ascii_uppercase(),
        });
    }
    let valid = periods.iter().find(|p| p.is_valid_at(at));
    let later = || {
        periods
            .iter()
            .find(|p| p.valid_from.is_some_and(|from| from > at))
    };
    valid
        .or_else(later)
        .ok_or_else(|| CfError::BirthplaceNotValidAtBirthDate {
            code: periods[0].code.to_owned(),
            birth_date: at,
        })
}

/// Comuni valid at a date, by code (a code has at most one period valid at a date,
/// except for rare ambiguities in the 19th century data).
pub fn comuni_valid_at(date: NaiveDate) -> impl Iterator<Item = &'static Birthplace> {
    all()
        .iter()
        .filter(move |b| !b.foreign && b.is_valid_at(date))
}

/// Foreign states, including ceased ones (e.g. the USSR), by code.
pub fn foreign_states() -> impl Iterator<Item = &'static Birthplace> {
    all().iter().filter(|b| b.foreign)
}

/// Foreign states that existed at a date, by code.
pub fn foreign_states_valid_at(date: NaiveDate) -> impl Iterator<Item = &'static Birthplace> {
    foreign_states().filter(move |b| b.is_valid_at(date))
}
