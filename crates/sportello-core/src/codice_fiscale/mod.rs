//! Codice fiscale (DM 23/12/1976): normalisation, validation, decoding, computation.
//!
//! [`CodiceFiscale::parse`] checks what the code says about itself (layout, month, day,
//! check character). [`check`] also resolves the century against a reference date and
//! the birthplace against the embedded Belfiore dataset ([`belfiore`]), and reports
//! every independent problem at once, for forms.

pub mod belfiore;
mod compute;
mod error;
mod layout;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use belfiore::Birthplace;
pub use error::CfError;

use crate::candidate::Sex;
use layout::{LEN, Slot};

/// A structurally valid codice fiscale, normalised (uppercase, no separators).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CodiceFiscale(String);

/// The outcome of [`check`]: all the problems found, or the decoded data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CfCheck {
    pub input: String,
    pub normalized: String,
    /// Empty exactly when `decoded` is `Some`.
    pub errors: Vec<CfError>,
    pub decoded: Option<Decoded>,
}

impl CfCheck {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// What a valid codice fiscale says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// Belfiore code with omocodia letters turned back into digits.
    pub birthplace_code: String,
    pub birthplace_name: String,
    /// Province at the birth date; `"EE"` for foreign states.
    pub province: String,
    /// Some digits are written as omocodia letters.
    pub omocode: bool,
}

impl CodiceFiscale {
    /// Trims, drops inner whitespace, hyphens and dots, uppercases.
    pub fn normalize(input: &str) -> String {
        input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
            .flat_map(char::to_uppercase)
            .collect()
    }

    /// Normalises and validates everything that needs neither the dataset nor a date;
    /// returns the first problem. Use [`check`] to get them all.
    pub fn parse(input: &str) -> Result<Self, CfError> {
        let normalized = Self::normalize(input);
        let syntax = Syntax::analyze(&normalized);
        match syntax.errors.into_iter().chain(syntax.check).next() {
            Some(error) => Err(error),
            None => Ok(Self(normalized)),
        }
    }

    /// The standard algorithm; the birthplace code must exist and not have ceased
    /// before the birth date.
    pub fn compute(
        surname: &str,
        name: &str,
        birth_date: NaiveDate,
        sex: Sex,
        birthplace_code: &str,
    ) -> Result<Self, CfError> {
        compute::compute(surname, name, birth_date, sex, birthplace_code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code the registry gives to the `level`-th person (1..=7) who would otherwise
    /// share this one: the `level` rightmost digit slots replaced by their omocodia
    /// letters, and the check character recomputed on the code as written.
    pub fn omocode(base: &str, level: usize) -> Result<Self, CfError> {
        const DIGIT_SLOTS_FROM_RIGHT: [usize; 7] = [14, 13, 12, 10, 9, 7, 6];
        let base = Self::parse(base)?;
        let mut b = base.0.into_bytes();
        for &i in DIGIT_SLOTS_FROM_RIGHT.iter().take(level) {
            let digit = layout::digit_value(b[i]).expect("validated digit slot");
            b[i] = layout::OMOCODIA[digit as usize];
        }
        b[15] = layout::check_character(&b[..15]).expect("letters and digits only") as u8;
        Self::parse(std::str::from_utf8(&b).expect("ASCII"))
    }

    /// Decodes with the dataset; the century is resolved against `reference` (today).
    pub fn decode(&self, reference: NaiveDate) -> Result<Decoded, CfError> {
        let mut result = check(&self.0, reference);
        match result.decoded {
            Some(decoded) => Ok(decoded),
            None => Err(result.errors.remove(0)),
        }
    }

    pub fn sex(&self) -> Sex {
        let day = self.digits(9, 10);
        if day > 40 { Sex::F } else { Sex::M }
    }

    pub fn is_omocode(&self) -> bool {
        layout::has_omocodia(self.0.as_bytes())
    }

    /// Two digit slots as a number (omocodia undone); valid by construction.
    fn digits(&self, tens: usize, units: usize) -> u32 {
        let b = self.0.as_bytes();
        let digit = |i: usize| layout::digit_value(b[i]).expect("validated digit slot");
        digit(tens) * 10 + digit(units)
    }
}

/// Validates and decodes `input`, reporting every independent problem. The century is
/// the most recent one that does not put the birth date after `reference` (today).
pub fn check(input: &str, reference: NaiveDate) -> CfCheck {
    let normalized = CodiceFiscale::normalize(input);
    let syntax = Syntax::analyze(&normalized);
    let mut errors = syntax.errors;

    let birth_date = syntax
        .date
        .and_then(|d| d.resolve(reference).map_err(|e| errors.push(e)).ok());
    let place = match (&syntax.place, birth_date) {
        (Some(code), Some(date)) => belfiore::resolve(code, date)
            .map_err(|e| errors.push(e))
            .ok(),
        (Some(code), None) => {
            // The date is unusable, but an unknown code is a separate mistake.
            if belfiore::entries(code).is_empty() {
                errors.push(CfError::UnknownBirthplace { code: code.clone() });
            }
            None
        }
        (None, _) => None,
    };
    errors.extend(syntax.check);

    let decoded = match (errors.is_empty(), birth_date, place, syntax.date) {
        (true, Some(birth_date), Some(place), Some(parts)) => Some(Decoded {
            birth_date,
            sex: parts.sex,
            birthplace_code: place.code.to_owned(),
            birthplace_name: place.name.to_owned(),
            province: place.province.to_owned(),
            omocode: syntax.omocode,
        }),
        _ => None,
    };
    CfCheck {
        input: input.to_owned(),
        normalized,
        errors,
        decoded,
    }
}

/// Birth date fields as written, before the century is known.
#[derive(Debug, Clone, Copy)]
struct DateParts {
    year2: u32,
    month: u32,
    day: u32,
    sex: Sex,
}

impl DateParts {
    fn resolve(self, reference: NaiveDate) -> Result<NaiveDate, CfError> {
        let year2 = self.year2 as i32;
        let mut year = reference.year() - (reference.year() - year2).rem_euclid(100);
        if (year, self.month, self.day) > (reference.year(), reference.month(), reference.day()) {
            year -= 100;
        }
        // Still fails on 29 February of a non-leap century year (1900).
        NaiveDate::from_ymd_opt(year, self.month, self.day).ok_or(CfError::InvalidDate {
            day: self.day,
            month: self.month,
        })
    }
}

/// Everything that can be read from the characters alone.
#[derive(Debug, Default)]
struct Syntax {
    errors: Vec<CfError>,
    /// A wrong check character, kept apart so it is reported last.
    check: Option<CfError>,
    date: Option<DateParts>,
    /// The birthplace code with omocodia undone, when its characters are well-formed.
    place: Option<String>,
    omocode: bool,
}

impl Syntax {
    fn analyze(normalized: &str) -> Self {
        let len = normalized.chars().count();
        if len == 0 {
            return Self {
                errors: vec![CfError::Empty],
                ..Self::default()
            };
        }
        if len != LEN {
            return Self {
                errors: vec![CfError::WrongLength { len }],
                ..Self::default()
            };
        }
        let mut errors: Vec<CfError> = normalized
            .chars()
            .enumerate()
            .filter_map(char_error)
            .collect();
        let bytes: [u8; LEN] = match normalized.as_bytes().try_into() {
            Ok(bytes) => bytes,
            // 16 chars but not 16 bytes: something non-ASCII, already reported.
            Err(_) => {
                return Self {
                    errors,
                    ..Self::default()
                };
            }
        };
        let date = date_parts(&bytes).and_then(|d| d.map_err(|e| errors.push(e)).ok());
        Self {
            errors,
            check: check_error(&bytes),
            date,
            place: place_code(&bytes),
            omocode: layout::has_omocodia(&bytes),
        }
    }
}

/// The problem with one character, if any, for its slot.
fn char_error((index, c): (usize, char)) -> Option<CfError> {
    let bad = CfError::BadCharacter {
        position: index + 1,
        found: c,
    };
    let upper = c.is_ascii_uppercase();
    match layout::slot(index) {
        Slot::Letter | Slot::Check => (!upper).then_some(bad),
        Slot::Digit => (!c.is_ascii() || layout::digit_value(c as u8).is_none()).then_some(bad),
        Slot::Month if !upper => Some(bad),
        Slot::Month => layout::month_of(c as u8)
            .is_none()
            .then_some(CfError::InvalidMonth { letter: c }),
    }
}

/// The date fields, `None` if their characters are malformed (already reported), or
/// the error about the day.
fn date_parts(b: &[u8; LEN]) -> Option<Result<DateParts, CfError>> {
    let digit = |i: usize| layout::digit_value(b[i]);
    let year2 = digit(6)? * 10 + digit(7)?;
    let month = layout::month_of(b[8])?;
    let raw_day = digit(9)? * 10 + digit(10)?;
    let (day, sex) = match raw_day {
        1..=31 => (raw_day, Sex::M),
        41..=71 => (raw_day - 40, Sex::F),
        _ => return Some(Err(CfError::InvalidDay { day: raw_day })),
    };
    // Leap years by the last two digits: 00 may be 2000, so 29/02 is only checked
    // against the century once the reference date is known.
    let probe_year = if year2 % 4 == 0 { 2000 } else { 2001 };
    if NaiveDate::from_ymd_opt(probe_year, month, day).is_none() {
        return Some(Err(CfError::InvalidDate { day, month }));
    }
    Some(Ok(DateParts {
        year2,
        month,
        day,
        sex,
    }))
}

fn place_code(b: &[u8; LEN]) -> Option<String> {
    if !b[11].is_ascii_uppercase() {
        return None;
    }
    let mut code = String::from(char::from(b[11]));
    for &c in &b[12..15] {
        code.push(char::from_digit(layout::digit_value(c)?, 10)?);
    }
    Some(code)
}

fn check_error(b: &[u8; LEN]) -> Option<CfError> {
    let found = char::from(b[15]);
    let expected = layout::check_character(&b[..15])?;
    (found.is_ascii_uppercase() && found != expected)
        .then_some(CfError::WrongCheckCharacter { expected, found })
}

impl fmt::Display for CodiceFiscale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for CodiceFiscale {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for CodiceFiscale {
    type Err = CfError;

    fn from_str(s: &str) -> Result<Self, CfError> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CodiceFiscale {
    type Error = CfError;

    fn try_from(s: String) -> Result<Self, CfError> {
        Self::parse(&s)
    }
}

impl From<CodiceFiscale> for String {
    fn from(cf: CodiceFiscale) -> Self {
        cf.0
    }
}
