//! Candidate filters as data. The store turns a filter into SQL; [`CandidateFilter::matches`]
//! is the plain-Rust meaning of the same filter, the oracle the SQL is tested against.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::candidate::{Address, Candidate, EmploymentStatus, Sex};
use crate::education::EducationLevel;
use crate::keywords::{self, KeywordQuery};

/// Every field narrows the result; an empty filter matches everyone in scope.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CandidateFilter {
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    pub education_min: Option<EducationLevel>,
    /// Words must all match; quoted text is a phrase.
    pub keywords: Option<String>,
    /// Any of these branches (within the operator's scope).
    pub branches: Vec<String>,
    /// Comune of residence or domicile.
    pub comune: Option<String>,
    /// Province (sigla) of residence or domicile.
    pub provincia: Option<String>,
    pub sex: Option<Sex>,
    pub status: Option<EmploymentStatus>,
    pub unemployed_months_min: Option<u32>,
    pub did_from: Option<NaiveDate>,
    pub did_to: Option<NaiveDate>,
    pub income_support: Option<bool>,
    pub collocamento_mirato: Option<bool>,
    /// All of these licence categories.
    pub driving_licences: Vec<String>,
    /// All of these languages (ISO 639-1).
    pub languages: Vec<String>,
    /// Has at least one active-policy intervention with this activity code.
    pub policy_activity: Option<String>,
    /// Record last updated (by the server) on this day or later. **Assumed:** the day
    /// is a UTC calendar day, as the store keeps update times in UTC.
    pub updated_since: Option<NaiveDate>,
}

impl CandidateFilter {
    /// Whether the candidate, whose record the server last changed at `updated_at`,
    /// passes every field of the filter, with ages taken at `reference`.
    pub fn matches(&self, c: &Candidate, updated_at: DateTime<Utc>, reference: NaiveDate) -> bool {
        let admin = &c.administrative;
        let age = c.age_at(reference);
        let within = |v: Option<u32>, min: Option<u32>, max: Option<u32>| match v {
            Some(v) => min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m),
            None => min.is_none() && max.is_none(),
        };
        within(age, self.age_min, self.age_max)
            && self
                .education_min
                .is_none_or(|min| c.education_level().is_some_and(|l| l >= min))
            && self
                .keywords
                .as_deref()
                .is_none_or(|k| KeywordQuery::parse(k).matches(&c.keyword_text()))
            && (self.branches.is_empty() || self.branches.contains(&c.branch))
            && self
                .comune
                .as_deref()
                .is_none_or(|v| lives_in(c, v, |a| &a.comune))
            && self
                .provincia
                .as_deref()
                .is_none_or(|v| lives_in(c, v, |a| &a.provincia))
            && self.sex.is_none_or(|s| c.personal.sex == s)
            && self
                .status
                .is_none_or(|s| admin.employment_status == Some(s))
            && within(admin.unemployment_months, self.unemployed_months_min, None)
            && self
                .did_from
                .is_none_or(|f| admin.did_date.is_some_and(|d| d >= f))
            && self
                .did_to
                .is_none_or(|t| admin.did_date.is_some_and(|d| d <= t))
            && self
                .income_support
                .is_none_or(|b| b != admin.income_support.is_empty())
            && self
                .collocamento_mirato
                .is_none_or(|b| b == admin.collocamento_mirato)
            && self.driving_licences.iter().all(|l| {
                c.other
                    .driving_licences
                    .iter()
                    .any(|have| normalise_code(have) == normalise_code(l))
            })
            && self.languages.iter().all(|l| {
                c.languages
                    .iter()
                    .any(|have| normalise_language(&have.language) == normalise_language(l))
            })
            && self.policy_activity.as_deref().is_none_or(|a| {
                c.policies
                    .iter()
                    .any(|p| normalise_code(&p.activity_code) == normalise_code(a))
            })
            && self
                .updated_since
                .is_none_or(|since| updated_at.date_naive() >= since)
    }

    /// Whether the filter uses data of the special categories of GDPR art. 9
    /// (disability: collocamento mirato). Such a filter reveals that data about every
    /// person it selects, so exporting its result needs the same explicit consent as
    /// exporting the field itself.
    pub fn uses_special_categories(&self) -> bool {
        self.collocamento_mirato.is_some()
    }
}

/// Licence categories and activity codes compare trimmed and without case ("b" = "B").
pub fn normalise_code(code: &str) -> String {
    code.trim().to_uppercase()
}

/// Languages (ISO 639-1) compare trimmed and in lower case ("EN" = "en").
pub fn normalise_language(code: &str) -> String {
    code.trim().to_lowercase()
}

/// What a search result can be sorted by: the columns of the result table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Surname, then name.
    Surname,
    Name,
    CodiceFiscale,
    BirthDate,
    /// Age at the reference date: the birth date in the opposite direction.
    Age,
    Sex,
    Branch,
    /// Comune of residence (compared folded, like [`same_place`]).
    Comune,
    /// Province of residence.
    Provincia,
    Status,
    /// Highest education rank.
    Education,
    UnemploymentMonths,
    DidDate,
    UpdatedAt,
}

impl SortKey {
    pub const ALL: [SortKey; 14] = [
        Self::Surname,
        Self::Name,
        Self::CodiceFiscale,
        Self::BirthDate,
        Self::Age,
        Self::Sex,
        Self::Branch,
        Self::Comune,
        Self::Provincia,
        Self::Status,
        Self::Education,
        Self::UnemploymentMonths,
        Self::DidDate,
        Self::UpdatedAt,
    ];

    /// The stable name used by front ends (`--sort surname:desc`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Surname => "surname",
            Self::Name => "name",
            Self::CodiceFiscale => "codice_fiscale",
            Self::BirthDate => "birth_date",
            Self::Age => "age",
            Self::Sex => "sex",
            Self::Branch => "branch",
            Self::Comune => "comune",
            Self::Provincia => "provincia",
            Self::Status => "status",
            Self::Education => "education",
            Self::UnemploymentMonths => "unemployment_months",
            Self::DidDate => "did_date",
            Self::UpdatedAt => "updated_at",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A sort order: one key, ascending or descending. Ties are broken by a unique key
/// (the store's row id) in the same direction, so the order is total and paging is
/// stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// Surname, then name, A to Z.
    fn default() -> Self {
        Sort {
            key: SortKey::Surname,
            descending: false,
        }
    }
}

/// The value a candidate sorts by, for one key; `None` (unknown) sorts first when
/// ascending, last when descending.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortValue {
    Text(Option<String>),
    Number(Option<i64>),
}

impl Sort {
    /// The same order with [`SortKey::Age`] spelled as the birth date in the opposite
    /// direction (ties included): age ascending is birth date descending.
    pub fn normalised(self) -> Sort {
        match self.key {
            SortKey::Age => Sort {
                key: SortKey::BirthDate,
                descending: !self.descending,
            },
            _ => self,
        }
    }

    /// The plain-Rust meaning of the order (without the tie-break): the oracle the
    /// store's `ORDER BY` is tested against. Texts compare byte by byte, as SQLite's
    /// BINARY collation does.
    pub fn compare(
        &self,
        a: (&Candidate, DateTime<Utc>),
        b: (&Candidate, DateTime<Utc>),
    ) -> Ordering {
        let sort = self.normalised();
        let ascending = sort_value(sort.key, a.0, a.1).cmp(&sort_value(sort.key, b.0, b.1));
        if sort.descending {
            ascending.reverse()
        } else {
            ascending
        }
    }
}

/// The value of `key` for a candidate (for [`SortKey::Age`], the birth date).
pub fn sort_value(key: SortKey, c: &Candidate, updated_at: DateTime<Utc>) -> SortValue {
    let text = |s: &str| SortValue::Text(Some(s.to_string()));
    let admin = &c.administrative;
    match key {
        // Surname, then name: "\0" sorts before any character, as the end of a
        // string does in SQLite's (surname, name) order.
        SortKey::Surname => text(&format!("{}\u{0}{}", c.personal.surname, c.personal.name)),
        SortKey::Name => text(&c.personal.name),
        SortKey::CodiceFiscale => text(&c.codice_fiscale),
        SortKey::BirthDate | SortKey::Age => text(&c.personal.birth_date.to_string()),
        SortKey::Sex => text(match c.personal.sex {
            crate::Sex::M => "M",
            crate::Sex::F => "F",
        }),
        SortKey::Branch => text(&c.branch),
        SortKey::Comune => SortValue::Text(
            c.residence
                .as_ref()
                .map(|a| keywords::fold_place(&a.comune)),
        ),
        SortKey::Provincia => SortValue::Text(
            c.residence
                .as_ref()
                .map(|a| keywords::fold_place(&a.provincia)),
        ),
        SortKey::Status => SortValue::Text(admin.employment_status.map(|s| s.code().to_string())),
        SortKey::Education => SortValue::Number(c.education_level().map(|l| i64::from(l.rank()))),
        SortKey::UnemploymentMonths => SortValue::Number(admin.unemployment_months.map(i64::from)),
        SortKey::DidDate => SortValue::Text(admin.did_date.map(|d| d.to_string())),
        SortKey::UpdatedAt => SortValue::Number(Some(updated_at.timestamp_micros())),
    }
}

/// Place names compare without case and accents ("Forlì" = "FORLI").
pub fn same_place(a: &str, b: &str) -> bool {
    keywords::fold_place(a) == keywords::fold_place(b)
}

fn lives_in(c: &Candidate, wanted: &str, field: impl Fn(&Address) -> &String) -> bool {
    [&c.residence, &c.domicile]
        .into_iter()
        .flatten()
        .any(|a| same_place(field(a), wanted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::tests::sample;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn updated() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-20T23:30:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn check(filter: CandidateFilter, c: &Candidate, expect: bool) {
        assert_eq!(filter.matches(c, updated(), today()), expect, "{filter:?}");
    }

    #[test]
    fn empty_filter_matches_everyone() {
        check(CandidateFilter::default(), &sample(), true);
    }

    #[test]
    fn age_bounds_are_inclusive() {
        let c = sample(); // born 1985-12-10: 40 on 2026-11-23
        check(
            CandidateFilter {
                age_min: Some(40),
                age_max: Some(40),
                ..Default::default()
            },
            &c,
            true,
        );
        check(
            CandidateFilter {
                age_min: Some(41),
                ..Default::default()
            },
            &c,
            false,
        );
        check(
            CandidateFilter {
                age_max: Some(39),
                ..Default::default()
            },
            &c,
            false,
        );
    }

    #[test]
    fn place_matches_residence_or_domicile_ignoring_accents() {
        let mut c = sample();
        let addr = |comune: &str, prov: &str| Address {
            street: "Via Roma 1".into(),
            cap: "47121".into(),
            comune: comune.into(),
            provincia: prov.into(),
        };
        c.residence = Some(addr("Firenze", "FI"));
        c.domicile = Some(addr("Forlì", "FC"));
        check(
            CandidateFilter {
                comune: Some("FORLI".into()),
                ..Default::default()
            },
            &c,
            true,
        );
        check(
            CandidateFilter {
                provincia: Some("fi".into()),
                ..Default::default()
            },
            &c,
            true,
        );
        check(
            CandidateFilter {
                comune: Some("Prato".into()),
                ..Default::default()
            },
            &c,
            false,
        );
    }

    #[test]
    fn unknown_values_never_satisfy_a_bound() {
        let c = sample(); // no titles, no DID, no unemployment months
        check(
            CandidateFilter {
                education_min: Some(EducationLevel::NessunTitolo),
                ..Default::default()
            },
            &c,
            false,
        );
        check(
            CandidateFilter {
                unemployed_months_min: Some(0),
                ..Default::default()
            },
            &c,
            false,
        );
        check(
            CandidateFilter {
                did_from: Some(today()),
                ..Default::default()
            },
            &c,
            false,
        );
    }

    #[test]
    fn licences_and_languages_must_all_be_held() {
        let mut c = sample();
        c.other.driving_licences = vec!["B".into(), "C".into()];
        check(
            CandidateFilter {
                driving_licences: vec!["b".into(), "C".into()],
                ..Default::default()
            },
            &c,
            true,
        );
        check(
            CandidateFilter {
                driving_licences: vec!["B".into(), "D".into()],
                ..Default::default()
            },
            &c,
            false,
        );
        check(
            CandidateFilter {
                languages: vec!["en".into()],
                ..Default::default()
            },
            &c,
            false,
        );
    }

    #[test]
    fn updated_since_compares_utc_days() {
        let since = |y, m, d| CandidateFilter {
            updated_since: NaiveDate::from_ymd_opt(y, m, d),
            ..Default::default()
        };
        check(since(2026, 11, 20), &sample(), true);
        check(since(2026, 11, 21), &sample(), false); // 00:30 on the 21st in Italy, but the 20th in UTC
    }

    #[test]
    fn codes_compare_trimmed_and_without_case() {
        let mut c = sample();
        c.other.driving_licences = vec![" cqc".into()];
        check(
            CandidateFilter {
                driving_licences: vec!["CQC ".into()],
                ..Default::default()
            },
            &c,
            true,
        );
    }

    #[test]
    fn sort_compares_with_unknown_first_and_age_reversed() {
        let young = {
            let mut c = sample();
            c.personal.birth_date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
            c
        };
        let old = sample();
        let by = |key, descending| Sort { key, descending };
        let cmp = |s: Sort| s.compare((&young, updated()), (&old, updated()));
        assert_eq!(cmp(by(SortKey::BirthDate, false)), Ordering::Greater);
        assert_eq!(
            cmp(by(SortKey::Age, false)),
            Ordering::Less,
            "younger first"
        );
        assert_eq!(cmp(by(SortKey::Age, true)), Ordering::Greater);
        let mut unemployed = sample();
        unemployed.administrative.unemployment_months = Some(3);
        assert_eq!(
            by(SortKey::UnemploymentMonths, false)
                .compare((&sample(), updated()), (&unemployed, updated())),
            Ordering::Less,
            "unknown sorts first ascending, as NULL does in SQLite"
        );
        for key in SortKey::ALL {
            assert_eq!(SortKey::from_code(key.code()), Some(key));
        }
    }

    #[test]
    fn keywords_use_the_italian_index() {
        check(
            CandidateFilter {
                keywords: Some("magazzinieri".into()),
                ..Default::default()
            },
            &sample(),
            true,
        );
    }
}
