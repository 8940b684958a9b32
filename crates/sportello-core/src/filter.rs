//! Candidate filters as data. The store turns a filter into SQL; [`CandidateFilter::matches`]
//! is the plain-Rust meaning of the same filter, the oracle the SQL is tested against.

use chrono::NaiveDate;
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
}

impl CandidateFilter {
    pub fn matches(&self, c: &Candidate, reference: NaiveDate) -> bool {
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
                    .any(|have| have.eq_ignore_ascii_case(l))
            })
            && self.languages.iter().all(|l| {
                c.languages
                    .iter()
                    .any(|have| have.language.eq_ignore_ascii_case(l))
            })
            && self.policy_activity.as_deref().is_none_or(|a| {
                c.policies
                    .iter()
                    .any(|p| p.activity_code.eq_ignore_ascii_case(a))
            })
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

    fn check(filter: CandidateFilter, c: &Candidate, expect: bool) {
        assert_eq!(filter.matches(c, today()), expect, "{filter:?}");
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
