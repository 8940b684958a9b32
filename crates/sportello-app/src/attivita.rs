//! The citizen's activity lists as seed 003 prints them, from the SAP's section 6
//! (interventions of active policy): "Lista attività Garanzia Giovani" (the
//! interventions of the Garanzia Giovani project) and "Lista attività
//! 150/percettori RDC" (the others, grouped by the interview that proposed them).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use sportello_core::candidate::PolicyIntervention;
use sportello_store::Store;

use crate::{AppError, Result};

/// "Elenco attività Garanzia Giovani": one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttivitaGaranziaGiovani {
    pub data_proposta: String,
    pub azione: String,
    pub data_appuntamento: String,
    pub soggetto_erogatore: String,
}

/// "Elenco attività 150/percettori/RDC": an interview and what it proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Colloquio {
    /// "Date: 04/02/2020 Tipo: Disoccupato ai sensi del 150 Responsabile: …".
    pub colloquio: String,
    pub attivita: Vec<AttivitaColloquio>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttivitaColloquio {
    pub tipo_attivita: String,
    pub data_proposta: String,
    pub data_appuntamento: String,
    pub data_fine: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Attivita {
    pub garanzia_giovani: Vec<AttivitaGaranziaGiovani>,
    pub colloqui: Vec<Colloquio>,
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

fn of_garanzia_giovani(p: &PolicyIntervention) -> bool {
    p.project_title
        .as_deref()
        .is_some_and(|t| t.to_lowercase().contains("garanzia giovani"))
}

/// The two lists of the citizen's activities, each in the order proposed.
pub fn liste(store: &Store, codice_fiscale: &str) -> Result<Attivita> {
    let cf = codice_fiscale.trim().to_uppercase();
    let c = store
        .candidate(&cf)?
        .ok_or_else(|| AppError::InvalidInput(format!("candidato sconosciuto: {cf}")))?
        .candidate;
    let mut policies: Vec<&PolicyIntervention> = c.policies.iter().collect();
    policies.sort_by_key(|p| (p.proposed_on, p.start));
    let garanzia_giovani = policies
        .iter()
        .filter(|p| of_garanzia_giovani(p))
        .map(|p| AttivitaGaranziaGiovani {
            data_proposta: day(p.proposed_on),
            azione: p.activity_name.to_uppercase(),
            data_appuntamento: p
                .start
                .map(|d| d.format("%d/%m/%Y 00:00").to_string())
                .unwrap_or_default(),
            soggetto_erogatore: p.promoter.clone().unwrap_or_default(),
        })
        .collect();
    // One interview a day of proposal; what it proposed, in order.
    let mut by_day: BTreeMap<Option<NaiveDate>, Vec<&PolicyIntervention>> = BTreeMap::new();
    for p in policies.iter().filter(|p| !of_garanzia_giovani(p)) {
        by_day.entry(p.proposed_on).or_default().push(p);
    }
    let tipo = if c.administrative.did_date.is_some() {
        "Disoccupato ai sensi del 150"
    } else {
        "Politiche attive"
    };
    let colloqui = by_day
        .into_iter()
        .map(|(quando, ps)| Colloquio {
            colloquio: format!(
                "Date: {} Tipo: {tipo} Responsabile: {}",
                day(quando),
                ps.iter()
                    .find_map(|p| p.promoter.clone())
                    .unwrap_or_else(|| "—".into())
            ),
            attivita: ps
                .iter()
                .map(|p| AttivitaColloquio {
                    tipo_attivita: p.activity_name.to_uppercase(),
                    data_proposta: day(p.proposed_on),
                    data_appuntamento: day(p.start),
                    data_fine: day(p.end),
                })
                .collect(),
        })
        .collect();
    Ok(Attivita {
        garanzia_giovani,
        colloqui,
    })
}
