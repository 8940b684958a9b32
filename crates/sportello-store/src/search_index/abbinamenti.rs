//! Matching over the in-memory copy: every candidate in scope judged by the core's
//! rule ([`esito`]) on the facts the copy holds, without reading a record. Keywords
//! come from the full-text index, one answer per term of the qualifica (kept like any
//! keyword answer); places become distances once per (comune, province).

use std::collections::HashMap;

use fixedbitset::FixedBitSet;
use rusqlite::Connection;
use sportello_core::EducationLevel;
use sportello_core::candidate::EmploymentStatus;
use sportello_core::geo;
use sportello_core::keywords::KeywordQuery;
use sportello_core::offerte::{Esito, FattiEssenziali, Requisiti, esito, in_cerca};

use super::{NONE, Postings, Row, SearchIndex};
use crate::candidates;
use crate::error::Result;
use crate::search::Scope;

/// A candidate that fits, as the copy judged it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Abbinato {
    pub id: i64,
    pub esito: Esito,
    pub distanza_km: Option<f64>,
}

/// The slots holding every value of `wanted` (all slots when none is wanted).
fn all_of(postings: &Postings, wanted: &[String], slots: usize) -> FixedBitSet {
    let mut set = FixedBitSet::with_capacity(slots);
    set.insert_range(..);
    for value in wanted {
        match postings.0.get(value) {
            Some(have) => {
                let mut have = have.clone();
                have.grow(slots);
                set.intersect_with(&have);
            }
            None => set.clear(),
        }
    }
    set
}

impl SearchIndex {
    /// Every pertinent candidate in `scope` (see `sportello_core::offerte`), unordered.
    pub(crate) fn abbinamenti(
        &mut self,
        conn: &Connection,
        r: &Requisiti,
        scope: &Scope,
    ) -> Result<Vec<Abbinato>> {
        let slots = self.rows.len();
        let mut cited = FixedBitSet::with_capacity(slots);
        for term in &r.termini {
            let query = KeywordQuery {
                groups: vec![vec![term.clone()]],
            };
            if let Some(expr) = candidates::match_expression(&query) {
                let hits = self.keyword_hits(conn, &expr)?;
                cited.union_with(&self.keywords[hits].1);
            }
        }
        let licences = all_of(&self.licences, &r.patenti, slots);
        let languages = all_of(&self.languages, &r.lingue, slots);
        let allowed: Option<Vec<bool>> = match scope {
            Scope::All => None,
            Scope::Branches(codes) => {
                let mut allowed = vec![false; self.branches.texts.len() + 1];
                for code in codes.iter().filter_map(|c| self.branches.find(c)) {
                    allowed[code as usize] = true;
                }
                Some(allowed)
            }
        };
        let looking: Vec<bool> = std::iter::once(false)
            .chain(
                self.statuses
                    .texts
                    .iter()
                    .map(|s| EmploymentStatus::from_code(s).is_some_and(in_cerca)),
            )
            .collect();
        let mut distances: HashMap<(u32, u32), Option<f64>> = HashMap::new();
        let places = &self.places;
        let mut distance = |comune: u32, provincia: u32| -> Option<f64> {
            *distances.entry((comune, provincia)).or_insert_with(|| {
                let text = |code: u32| places.texts.get((code as usize).checked_sub(1)?);
                let point = geo::point_of(text(comune)?, text(provincia)?)?;
                r.distanza(point)
            })
        };
        let mut out = Vec::new();
        for (slot, row) in self.rows.iter().enumerate() {
            if row.branch == NONE || allowed.as_ref().is_some_and(|a| !a[row.branch as usize]) {
                continue;
            }
            let (comune, provincia) = home(row);
            let facts = FattiEssenziali {
                qualifica: cited.contains(slot),
                distanza_km: if comune == NONE {
                    None
                } else {
                    distance(comune, provincia)
                },
                titolo: u8::try_from(row.education)
                    .ok()
                    .and_then(EducationLevel::from_rank),
                patenti: licences.contains(slot),
                lingue: languages.contains(slot),
                collocamento_mirato: row.collocamento_mirato,
                in_cerca: looking[row.status as usize],
                did: row.did != i32::MIN,
            };
            let e = esito(r, &facts);
            if e.pertinente() {
                out.push(Abbinato {
                    id: row.id,
                    esito: e,
                    distanza_km: facts.distanza_km,
                });
            }
        }
        Ok(out)
    }
}

/// Where a candidate lives for the matching: the domicile, else the residence.
fn home(row: &Row) -> (u32, u32) {
    if row.domicile_comune != NONE {
        (row.domicile_comune, row.domicile_provincia)
    } else {
        (row.residence_comune, row.residence_provincia)
    }
}
