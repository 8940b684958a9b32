//! Filters as typed: a form's or the command line's strings, checked into a
//! [`CandidateFilter`] with Italian messages, merged with a saved search, bound to a scope.

use super::*;

/// A filter as a front end has it: optional strings and numbers, unchecked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FilterInput {
    pub age_min: Option<u32>,
    pub age_max: Option<u32>,
    /// A ministerial level code (`40`) or a level name (`maturita`).
    pub education_min: Option<String>,
    pub keywords: Option<String>,
    pub branches: Vec<String>,
    pub comune: Option<String>,
    pub provincia: Option<String>,
    /// `M` or `F`.
    pub sex: Option<String>,
    /// A status code (`disoccupato`, `occupato_in_cerca`…).
    pub status: Option<String>,
    pub unemployed_months_min: Option<u32>,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub did_from: Option<String>,
    pub did_to: Option<String>,
    pub income_support: Option<bool>,
    pub collocamento_mirato: Option<bool>,
    pub driving_licences: Vec<String>,
    pub languages: Vec<String>,
    pub policy_activity: Option<String>,
    pub updated_since: Option<String>,
}

impl FilterInput {
    /// Checks every field; the first problem is the error.
    pub fn to_filter(&self) -> Result<CandidateFilter> {
        if let (Some(min), Some(max)) = (self.age_min, self.age_max)
            && min > max
        {
            return Err(invalid(format!(
                "l'età minima ({min}) supera l'età massima ({max})"
            )));
        }
        let filter = CandidateFilter {
            age_min: self.age_min,
            age_max: self.age_max,
            education_min: self
                .education_min
                .as_deref()
                .map(parse_education)
                .transpose()?,
            keywords: non_blank(&self.keywords),
            branches: self
                .branches
                .iter()
                .map(|b| b.trim().to_uppercase())
                .filter(|b| !b.is_empty())
                .collect(),
            comune: non_blank(&self.comune),
            provincia: non_blank(&self.provincia),
            sex: self.sex.as_deref().map(parse_sex).transpose()?,
            status: self.status.as_deref().map(parse_status).transpose()?,
            unemployed_months_min: self.unemployed_months_min,
            did_from: self
                .did_from
                .as_deref()
                .map(|d| parse_date(d, "data DID iniziale"))
                .transpose()?,
            did_to: self
                .did_to
                .as_deref()
                .map(|d| parse_date(d, "data DID finale"))
                .transpose()?,
            income_support: self.income_support,
            collocamento_mirato: self.collocamento_mirato,
            driving_licences: non_blank_list(&self.driving_licences),
            languages: non_blank_list(&self.languages),
            policy_activity: non_blank(&self.policy_activity),
            updated_since: self
                .updated_since
                .as_deref()
                .map(|d| parse_date(d, "data di aggiornamento"))
                .transpose()?,
        };
        if let (Some(from), Some(to)) = (filter.did_from, filter.did_to)
            && from > to
        {
            return Err(invalid(format!(
                "la data DID iniziale ({}) è successiva a quella finale ({})",
                italian_date(from),
                italian_date(to)
            )));
        }
        Ok(filter)
    }
}

impl FilterInput {
    /// The typed form of a checked filter (a saved search shown in a form again).
    pub fn from_filter(f: &CandidateFilter) -> Self {
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        FilterInput {
            age_min: f.age_min,
            age_max: f.age_max,
            education_min: f.education_min.map(|l| l.ministerial_code().to_string()),
            keywords: f.keywords.clone(),
            branches: f.branches.clone(),
            comune: f.comune.clone(),
            provincia: f.provincia.clone(),
            sex: f.sex.map(|s| sex_code(s).to_string()),
            status: f.status.map(|s| s.code().to_string()),
            unemployed_months_min: f.unemployed_months_min,
            did_from: day(f.did_from),
            did_to: day(f.did_to),
            income_support: f.income_support,
            collocamento_mirato: f.collocamento_mirato,
            driving_licences: f.driving_licences.clone(),
            languages: f.languages.clone(),
            policy_activity: f.policy_activity.clone(),
            updated_since: day(f.updated_since),
        }
    }
}

pub(crate) fn invalid(message: impl Into<String>) -> AppError {
    AppError::InvalidInput(message.into())
}

pub(super) fn non_blank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub(super) fn non_blank_list(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A ministerial level code (`40`, or an 8-digit course code) or a level name.
pub fn parse_education(text: &str) -> Result<EducationLevel> {
    let text = text.trim();
    EducationLevel::from_ministerial_code(text)
        .or_else(|| {
            SCALE
                .into_iter()
                .find(|l| level_code_name(*l) == text.to_lowercase())
        })
        .ok_or_else(|| {
            let known: Vec<String> = SCALE
                .iter()
                .map(|l| format!("{} ({})", l.ministerial_code(), level_code_name(*l)))
                .collect();
            invalid(format!(
                "titolo di studio sconosciuto «{text}»: usa uno di {}",
                known.join(", ")
            ))
        })
}

/// The snake_case name of a level (`laurea_triennale`), as serde writes it.
pub(super) fn level_code_name(level: EducationLevel) -> String {
    serde_json::to_value(level)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn parse_sex(text: &str) -> Result<Sex> {
    match text.trim().to_uppercase().as_str() {
        "M" => Ok(Sex::M),
        "F" => Ok(Sex::F),
        other => Err(invalid(format!("sesso «{other}» non valido: usa M o F"))),
    }
}

pub fn parse_status(text: &str) -> Result<EmploymentStatus> {
    EmploymentStatus::from_code(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = EmploymentStatus::ALL.iter().map(|s| s.code()).collect();
        invalid(format!(
            "stato occupazionale sconosciuto «{text}»: usa uno di {}",
            known.join(", ")
        ))
    })
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(text: &str, what: &str) -> Result<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .map_err(|_| {
            invalid(format!(
                "{what} non valida «{text}»: usa GG/MM/AAAA o AAAA-MM-GG"
            ))
        })
}

/// `COL` or `COL:desc` (or `COL:asc`), COL one of [`SortKey::code`].
pub fn parse_sort(text: &str) -> Result<Sort> {
    let (key, direction) = text.trim().split_once(':').unwrap_or((text.trim(), "asc"));
    let descending = match direction.to_lowercase().as_str() {
        "asc" => false,
        "desc" => true,
        other => {
            return Err(invalid(format!(
                "direzione di ordinamento «{other}» non valida: usa asc o desc"
            )));
        }
    };
    let key = SortKey::from_code(key).ok_or_else(|| {
        let known: Vec<&str> = SortKey::ALL.iter().map(|k| k.code()).collect();
        invalid(format!(
            "colonna di ordinamento sconosciuta «{key}»: usa una di {}",
            known.join(", ")
        ))
    })?;
    Ok(Sort { key, descending })
}

/// The query to run: the saved search `saved` if named, with the typed fields on top
/// (a typed field replaces the saved one; lists add up), sorted by `sort` if given,
/// else as saved, else by surname; within the scope of the store's session.
pub fn resolve_query(
    store: &Store,
    saved: Option<&str>,
    typed: &FilterInput,
    sort: Option<&str>,
) -> Result<Query> {
    let flags = typed.to_filter()?;
    let (mut filter, mut order) = match saved {
        Some(name) => saved_search(store, name)?,
        None => (CandidateFilter::default(), Sort::default()),
    };
    merge(&mut filter, flags);
    if let Some(s) = sort {
        order = parse_sort(s)?;
    }
    Ok(Query {
        filter,
        scope: crate::sync::session_scope(store)?,
        sort: order,
    })
}

/// The filter limited to the operator's `scope` (branch codes; empty: the whole store):
/// no branch asked means every branch in scope, and branches outside it are dropped.
/// Asking only for branches outside the scope is an error, never "everyone".
pub fn within_scope(mut filter: CandidateFilter, scope: &[String]) -> Result<CandidateFilter> {
    if scope.is_empty() {
        return Ok(filter);
    }
    if filter.branches.is_empty() {
        filter.branches = scope.to_vec();
        return Ok(filter);
    }
    let asked = std::mem::take(&mut filter.branches);
    filter.branches = asked
        .iter()
        .filter(|b| scope.contains(b))
        .cloned()
        .collect();
    if filter.branches.is_empty() {
        return Err(invalid(format!(
            "le filiali {} non sono nell'ambito scelto ({})",
            asked.join(", "),
            scope.join(", ")
        )));
    }
    Ok(filter)
}

pub(super) fn merge(base: &mut CandidateFilter, flags: CandidateFilter) {
    macro_rules! replace {
        ($($field:ident),*) => { $( if flags.$field.is_some() { base.$field = flags.$field; } )* };
    }
    replace!(
        age_min,
        age_max,
        education_min,
        keywords,
        comune,
        provincia,
        sex,
        status,
        unemployed_months_min,
        did_from,
        did_to,
        income_support,
        collocamento_mirato,
        policy_activity,
        updated_since
    );
    for (list, more) in [
        (&mut base.branches, flags.branches),
        (&mut base.driving_licences, flags.driving_licences),
        (&mut base.languages, flags.languages),
    ] {
        for item in more {
            if !list.contains(&item) {
                list.push(item);
            }
        }
    }
}
