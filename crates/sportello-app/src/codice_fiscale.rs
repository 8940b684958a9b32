//! `cf check`: what the operator sees of a codice fiscale.

use chrono::NaiveDate;
use serde::Serialize;
use sportello_core::codice_fiscale::{self, CfError};

use crate::ErrorItem;

/// Why a codice fiscale is not acceptable: [`CfError`] without its details, serialised
/// as its `code()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CfProblem {
    Empty,
    WrongLength,
    BadCharacter,
    InvalidMonth,
    InvalidDay,
    InvalidDate,
    UnknownBirthplace,
    BirthplaceNotValidAtBirthDate,
    WrongCheckCharacter,
    EmptySurname,
    EmptyName,
}

impl From<&CfError> for CfProblem {
    fn from(e: &CfError) -> Self {
        match e {
            CfError::Empty => Self::Empty,
            CfError::WrongLength { .. } => Self::WrongLength,
            CfError::BadCharacter { .. } => Self::BadCharacter,
            CfError::InvalidMonth { .. } => Self::InvalidMonth,
            CfError::InvalidDay { .. } => Self::InvalidDay,
            CfError::InvalidDate { .. } => Self::InvalidDate,
            CfError::UnknownBirthplace { .. } => Self::UnknownBirthplace,
            CfError::BirthplaceNotValidAtBirthDate { .. } => Self::BirthplaceNotValidAtBirthDate,
            CfError::WrongCheckCharacter { .. } => Self::WrongCheckCharacter,
            CfError::EmptySurname => Self::EmptySurname,
            CfError::EmptyName => Self::EmptyName,
        }
    }
}

/// One checked code, shaped as the CLI's JSON contract: the decoded fields are present
/// only when the code is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CfReport {
    pub input: String,
    pub normalized: String,
    pub valid: bool,
    pub errors: Vec<ErrorItem<CfProblem>>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub decoded: Option<CfDecoded>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CfDecoded {
    /// YYYY-MM-DD
    pub birth_date: String,
    pub sex: String,
    pub birthplace_code: String,
    pub birthplace_name: String,
    pub province: String,
    pub omocode: bool,
}

/// Checks each input as written; `today` settles the century of the birth year.
pub fn check_codici_fiscali<S: AsRef<str>>(inputs: &[S], today: NaiveDate) -> Vec<CfReport> {
    inputs
        .iter()
        .map(|input| check_one(input.as_ref(), today))
        .collect()
}

fn check_one(input: &str, today: NaiveDate) -> CfReport {
    let check = codice_fiscale::check(input, today);
    let errors: Vec<ErrorItem<CfProblem>> = check
        .errors
        .iter()
        .map(|e| ErrorItem::new(e.into(), e.to_string()))
        .collect();
    let decoded = check
        .decoded
        .filter(|_| errors.is_empty())
        .map(|d| CfDecoded {
            birth_date: d.birth_date.format("%Y-%m-%d").to_string(),
            sex: format!("{:?}", d.sex),
            birthplace_code: d.birthplace_code,
            birthplace_name: d.birthplace_name,
            province: d.province,
            omocode: d.omocode,
        });
    CfReport {
        input: input.to_string(),
        normalized: check.normalized,
        valid: errors.is_empty(),
        errors,
        decoded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn check_json(input: &str, expect: serde_json::Value) {
        let report = &check_codici_fiscali(&[input], today())[0];
        assert_eq!(
            serde_json::to_value(report).unwrap(),
            expect,
            "JSON contract of `cf check` for {input:?}"
        );
    }

    #[test]
    fn valid_code_has_exactly_the_contract_keys() {
        check_json(
            " rss-mra 85t10 a562s ",
            serde_json::json!({
                "input": " rss-mra 85t10 a562s ",
                "normalized": "RSSMRA85T10A562S",
                "valid": true,
                "errors": [],
                "birth_date": "1985-12-10",
                "sex": "M",
                "birthplace_code": "A562",
                "birthplace_name": "San Giuliano Terme",
                "province": "PI",
                "omocode": false
            }),
        );
    }

    #[test]
    fn invalid_code_has_no_decoded_fields() {
        let report = &check_codici_fiscali(&["RSSMRA85T10A562T"], today())[0];
        let json = serde_json::to_value(report).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            ["errors", "input", "normalized", "valid"],
            "decoded keys only when valid"
        );
        assert_eq!(json["valid"], false);
        assert_eq!(json["errors"][0]["code"], "wrong_check_character");
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn each_problem_is_serialised_as_the_core_code() {
        let date = NaiveDate::from_ymd_opt(1985, 12, 10).unwrap();
        for e in [
            CfError::Empty,
            CfError::WrongLength { len: 3 },
            CfError::BadCharacter {
                position: 1,
                found: '1',
            },
            CfError::InvalidMonth { letter: 'Z' },
            CfError::InvalidDay { day: 35 },
            CfError::InvalidDate { day: 31, month: 2 },
            CfError::UnknownBirthplace {
                code: "Z999".into(),
            },
            CfError::BirthplaceNotValidAtBirthDate {
                code: "A000".into(),
                birth_date: date,
            },
            CfError::WrongCheckCharacter {
                expected: 'A',
                found: 'B',
            },
            CfError::EmptySurname,
            CfError::EmptyName,
        ] {
            assert_eq!(
                serde_json::to_value(CfProblem::from(&e)).unwrap(),
                e.code(),
                "{e:?}"
            );
        }
    }
}
