//! Saved searches: a filter and a sort under a name, in the store.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedSearchDto {
    pub name: String,
    pub criteria: Vec<(String, String)>,
    pub sort: String,
    pub sort_description: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// Saves the filter and sort under `name` (replacing one of the same name, any case).
pub fn save_search(
    store: &mut Store,
    name: &str,
    filter: &CandidateFilter,
    sort: Sort,
    now: DateTime<Utc>,
) -> Result<bool> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(invalid(
            "il nome della ricerca deve avere da 1 a 100 caratteri",
        ));
    }
    Ok(store.save_search(name, filter, sort, now)?)
}

/// A saved search's filter and sort.
pub fn saved_search(store: &Store, name: &str) -> Result<(CandidateFilter, Sort)> {
    let saved = store.saved_search(name.trim())?.ok_or_else(|| {
        invalid(format!(
            "nessuna ricerca salvata con il nome «{}»",
            name.trim()
        ))
    })?;
    Ok((saved.filter, saved.sort))
}

pub fn saved_searches(store: &Store) -> Result<Vec<SavedSearchDto>> {
    Ok(store
        .saved_searches()?
        .into_iter()
        .map(|s| SavedSearchDto {
            criteria: describe_filter(&s.filter),
            sort: sort_label(s.sort),
            sort_description: sort_description(s.sort),
            updated_at: s
                .updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            name: s.name,
        })
        .collect())
}

pub fn delete_saved_search(store: &mut Store, name: &str) -> Result<()> {
    if store.write(|tx| tx.delete_saved_search(name.trim()))? {
        Ok(())
    } else {
        Err(invalid(format!(
            "nessuna ricerca salvata con il nome «{}»",
            name.trim()
        )))
    }
}
