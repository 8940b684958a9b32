//! Which candidates fit an offer, and why: what SIISL does with an opaque algorithm,
//! here as a list of criteria met and missed, each with its reason.
//!
//! A candidate is listed when their CV mentions the qualifica or they live within the
//! radius of a sede di lavoro; the list is ordered by the points of the criteria met
//! (the points only order, they are never shown), then by distance. The rule is
//! [`valuta`] over [`Fatti`]: [`Fatti::of`] reads them from a candidate; the store's
//! index reads the same facts from its columns, and its tests compare the two.

use serde::{Deserialize, Serialize};

use crate::Candidate;
use crate::candidate::EmploymentStatus;
use crate::education::EducationLevel;
use crate::filter::{normalise_code, normalise_language};
use crate::geo::{self, Point};
use crate::keywords;

use super::DatiOfferta;

/// Within this distance of a sede a candidate is near (**assumed**: a daily commute).
pub const RAGGIO_KM: f64 = 30.0;

/// Words of a qualifica that say nothing about the job.
const PAROLE_VUOTE: &[&str] = &[
    "di",
    "a",
    "da",
    "in",
    "con",
    "su",
    "per",
    "tra",
    "fra",
    "il",
    "lo",
    "la",
    "gli",
    "le",
    "un",
    "uno",
    "una",
    "e",
    "ed",
    "o",
    "del",
    "dello",
    "della",
    "dei",
    "degli",
    "delle",
    "al",
    "allo",
    "alla",
    "ai",
    "agli",
    "alle",
    "dal",
    "dalla",
    "dai",
    "dalle",
    "nel",
    "nella",
    "nei",
    "nelle",
    "sul",
    "sulla",
    "sui",
    "sulle",
    "addetto",
    "addetta",
    "addetti",
    "operatore",
    "operatrice",
    "generico",
    "generica",
];

/// What the matching reads of an offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Requisiti {
    /// The significant terms of the qualifica (normalised as the keyword index).
    pub termini: Vec<String>,
    pub sedi: Vec<Point>,
    pub titolo_minimo: Option<EducationLevel>,
    /// Normalised as the SAP filters normalise them.
    pub patenti: Vec<String>,
    pub lingue: Vec<String>,
    pub collocamento_mirato: bool,
}

impl Requisiti {
    pub fn of(d: &DatiOfferta) -> Self {
        let vuote: Vec<String> = PAROLE_VUOTE
            .iter()
            .flat_map(|w| keywords::terms(w))
            .collect();
        let mut termini: Vec<String> = keywords::terms(&d.qualifica)
            .into_iter()
            .filter(|t| !vuote.contains(t))
            .collect();
        termini.dedup();
        Self {
            termini,
            sedi: d.sedi.iter().filter_map(|s| geo::point(s)).collect(),
            titolo_minimo: d.titolo_studio_minimo,
            patenti: d.patenti.iter().map(|p| normalise_code(p)).collect(),
            lingue: d.lingue.iter().map(|l| normalise_language(l)).collect(),
            collocamento_mirato: d.requisiti.collocamento_mirato,
        }
    }

    /// Kilometres from the nearest sede.
    pub fn distanza(&self, p: Point) -> Option<f64> {
        self.sedi.iter().map(|s| s.km_to(p)).min_by(f64::total_cmp)
    }
}

/// What is known of a candidate, as the matching needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fatti {
    /// The qualifica's terms found in the CV.
    pub termini_trovati: Vec<String>,
    /// From the nearest sede, where the candidate lives (domicile, else residence).
    pub distanza_km: Option<f64>,
    pub titolo: Option<EducationLevel>,
    pub patenti_mancanti: Vec<String>,
    pub lingue_mancanti: Vec<String>,
    pub collocamento_mirato: bool,
    /// Looking for work (unemployed, never employed, or employed and searching).
    pub in_cerca: bool,
    /// Has a DID (declaration of immediate availability).
    pub did: bool,
}

impl Fatti {
    pub fn of(r: &Requisiti, c: &Candidate) -> Self {
        let text = c.keyword_text();
        let words: Vec<&str> = text.split(' ').collect();
        let place = c.domicile.as_ref().or(c.residence.as_ref());
        let licences: Vec<String> = c
            .other
            .driving_licences
            .iter()
            .map(|l| normalise_code(l))
            .collect();
        let languages: Vec<String> = c
            .languages
            .iter()
            .map(|l| normalise_language(&l.language))
            .collect();
        Self {
            termini_trovati: r
                .termini
                .iter()
                .filter(|t| words.contains(&t.as_str()))
                .cloned()
                .collect(),
            distanza_km: place
                .and_then(|a| geo::point_of(&a.comune, &a.provincia))
                .and_then(|p| r.distanza(p)),
            titolo: c.education_level(),
            patenti_mancanti: r
                .patenti
                .iter()
                .filter(|p| !licences.contains(p))
                .cloned()
                .collect(),
            lingue_mancanti: r
                .lingue
                .iter()
                .filter(|l| !languages.contains(l))
                .cloned()
                .collect(),
            collocamento_mirato: c.administrative.collocamento_mirato,
            in_cerca: c.administrative.employment_status.is_some_and(in_cerca),
            did: c.administrative.did_date.is_some(),
        }
    }
}

/// Statuses of people looking for work.
pub fn in_cerca(s: EmploymentStatus) -> bool {
    matches!(
        s,
        EmploymentStatus::Disoccupato
            | EmploymentStatus::Inoccupato
            | EmploymentStatus::OccupatoInCerca
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterioAbbinamento {
    Qualifica,
    Distanza,
    TitoloStudio,
    Patenti,
    Lingue,
    CollocamentoMirato,
    Disponibilita,
}

impl CriterioAbbinamento {
    fn punti(self) -> u32 {
        match self {
            Self::Qualifica => 40,
            Self::Distanza => 20,
            Self::TitoloStudio | Self::CollocamentoMirato => 15,
            Self::Patenti | Self::Lingue | Self::Disponibilita => 10,
        }
    }
}

/// One criterion, met or missed, with its reason in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterio {
    pub criterio: CriterioAbbinamento,
    pub soddisfatto: bool,
    pub motivo: String,
}

/// How a candidate fits an offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Abbinamento {
    /// Only the criteria the offer asks for.
    pub criteri: Vec<Criterio>,
    /// Orders the list; never shown.
    pub punti: u32,
    pub distanza_km: Option<f64>,
    /// Listed at all: the qualifica or the distance is met.
    pub pertinente: bool,
}

fn criterio(criterio: CriterioAbbinamento, soddisfatto: bool, motivo: String) -> Criterio {
    Criterio {
        criterio,
        soddisfatto,
        motivo,
    }
}

/// The criteria an offer asks for, judged on a candidate's facts.
pub fn valuta(r: &Requisiti, f: &Fatti) -> Abbinamento {
    use CriterioAbbinamento as K;
    let mut criteri = Vec::with_capacity(7);
    if !r.termini.is_empty() {
        let ok = !f.termini_trovati.is_empty();
        let motivo = if ok {
            format!("Il CV cita: {}.", f.termini_trovati.join(", "))
        } else {
            "Il CV non cita la qualifica richiesta.".to_string()
        };
        criteri.push(criterio(K::Qualifica, ok, motivo));
    }
    if !r.sedi.is_empty() {
        let (ok, motivo) = match f.distanza_km {
            Some(km) if km <= RAGGIO_KM => {
                (true, format!("Abita a {km:.0} km dalla sede più vicina."))
            }
            Some(km) => (
                false,
                format!("Abita a {km:.0} km dalla sede più vicina (oltre {RAGGIO_KM:.0})."),
            ),
            None => (
                false,
                "Comune di residenza o domicilio non noto.".to_string(),
            ),
        };
        criteri.push(criterio(K::Distanza, ok, motivo));
    }
    if let Some(min) = r.titolo_minimo {
        let (ok, motivo) = match f.titolo {
            Some(t) if t >= min => (true, format!("Titolo di studio: {}.", t.label())),
            Some(t) => (
                false,
                format!(
                    "Titolo di studio {} inferiore a {}.",
                    t.label(),
                    min.label()
                ),
            ),
            None => (false, "Titolo di studio non noto.".to_string()),
        };
        criteri.push(criterio(K::TitoloStudio, ok, motivo));
    }
    for (kind, asked, missing, what) in [
        (K::Patenti, &r.patenti, &f.patenti_mancanti, "Patenti"),
        (K::Lingue, &r.lingue, &f.lingue_mancanti, "Lingue"),
    ] {
        if !asked.is_empty() {
            let ok = missing.is_empty();
            let motivo = if ok {
                format!("{what} richieste: tutte possedute.")
            } else {
                format!("{what} mancanti: {}.", missing.join(", "))
            };
            criteri.push(criterio(kind, ok, motivo));
        }
    }
    if r.collocamento_mirato {
        let ok = f.collocamento_mirato;
        let motivo = if ok {
            "Iscritto al collocamento mirato."
        } else {
            "Non iscritto al collocamento mirato, richiesto dall'offerta."
        };
        criteri.push(criterio(K::CollocamentoMirato, ok, motivo.to_string()));
    }
    let disponibile = f.in_cerca && f.did;
    let motivo = match (f.in_cerca, f.did) {
        (true, true) => "In cerca di lavoro, con DID.",
        (true, false) => "In cerca di lavoro, ma senza DID.",
        (false, true) => "Con DID, ma non risulta in cerca di lavoro.",
        (false, false) => "Non risulta in cerca di lavoro.",
    };
    criteri.push(criterio(K::Disponibilita, disponibile, motivo.to_string()));
    let punti = criteri
        .iter()
        .filter(|c| c.soddisfatto)
        .map(|c| c.criterio.punti())
        .sum();
    let pertinente = criteri
        .iter()
        .any(|c| c.soddisfatto && matches!(c.criterio, K::Qualifica | K::Distanza));
    Abbinamento {
        criteri,
        punti,
        distanza_km: f.distanza_km,
        pertinente,
    }
}
