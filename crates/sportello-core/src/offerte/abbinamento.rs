//! Which candidates fit an offer, and why: what SIISL does with an opaque algorithm,
//! here as a list of criteria met and missed, each with its reason.
//!
//! A candidate is listed when their CV mentions the qualifica or they live within the
//! radius of a sede di lavoro; the list is ordered by the points of the criteria met
//! (the points only order, they are never shown), then by distance. The rule is
//! [`valuta`] over [`Fatti`]: [`Fatti::of`] reads them from a candidate; the store's
//! index reads the same facts from its columns, and its tests compare the two.

use std::sync::LazyLock;

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
        static VUOTE: LazyLock<Vec<String>> = LazyLock::new(|| {
            PAROLE_VUOTE
                .iter()
                .flat_map(|w| keywords::terms(w))
                .collect()
        });
        let mut termini: Vec<String> = keywords::terms(&d.qualifica)
            .into_iter()
            .filter(|t| !VUOTE.contains(t))
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

/// What the matching reads of a candidate, once: judged against many offers when the
/// list is the offers that fit one candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Profilo {
    words: Vec<String>,
    point: Option<Point>,
    titolo: Option<EducationLevel>,
    licences: Vec<String>,
    languages: Vec<String>,
    collocamento_mirato: bool,
    in_cerca: bool,
    did: bool,
}

impl Profilo {
    pub fn of(c: &Candidate) -> Self {
        let place = c.domicile.as_ref().or(c.residence.as_ref());
        let mut words: Vec<String> = c
            .keyword_text()
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        words.sort_unstable();
        words.dedup();
        Self {
            words,
            point: place.and_then(|a| geo::point_of(&a.comune, &a.provincia)),
            titolo: c.education_level(),
            licences: c
                .other
                .driving_licences
                .iter()
                .map(|l| normalise_code(l))
                .collect(),
            languages: c
                .languages
                .iter()
                .map(|l| normalise_language(&l.language))
                .collect(),
            collocamento_mirato: c.administrative.collocamento_mirato,
            in_cerca: c.administrative.employment_status.is_some_and(in_cerca),
            did: c.administrative.did_date.is_some(),
        }
    }
}

impl Fatti {
    pub fn of(r: &Requisiti, c: &Candidate) -> Self {
        Self::tra(r, &Profilo::of(c))
    }

    /// The facts of candidate `p` for the offer `r`.
    pub fn tra(r: &Requisiti, p: &Profilo) -> Self {
        let missing = |asked: &[String], held: &[String]| -> Vec<String> {
            asked
                .iter()
                .filter(|a| !held.contains(a))
                .cloned()
                .collect()
        };
        Self {
            termini_trovati: r
                .termini
                .iter()
                .filter(|t| p.words.binary_search(t).is_ok())
                .cloned()
                .collect(),
            distanza_km: p.point.and_then(|at| r.distanza(at)),
            titolo: p.titolo,
            patenti_mancanti: missing(&r.patenti, &p.licences),
            lingue_mancanti: missing(&r.lingue, &p.languages),
            collocamento_mirato: p.collocamento_mirato,
            in_cerca: p.in_cerca,
            did: p.did,
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

/// Which criteria an offer asks for are met (`None`: not asked): the rule itself,
/// cheap enough to judge every candidate of a store; [`valuta`] adds the reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Esito {
    pub qualifica: Option<bool>,
    pub distanza: Option<bool>,
    pub titolo_studio: Option<bool>,
    pub patenti: Option<bool>,
    pub lingue: Option<bool>,
    pub collocamento_mirato: Option<bool>,
    pub disponibilita: bool,
}

impl Esito {
    fn all(&self) -> [(CriterioAbbinamento, Option<bool>); 7] {
        use CriterioAbbinamento as K;
        [
            (K::Qualifica, self.qualifica),
            (K::Distanza, self.distanza),
            (K::TitoloStudio, self.titolo_studio),
            (K::Patenti, self.patenti),
            (K::Lingue, self.lingue),
            (K::CollocamentoMirato, self.collocamento_mirato),
            (K::Disponibilita, Some(self.disponibilita)),
        ]
    }

    /// Orders the list; never shown.
    pub fn punti(&self) -> u32 {
        self.all()
            .iter()
            .filter(|(_, met)| *met == Some(true))
            .map(|(k, _)| k.punti())
            .sum()
    }

    /// Listed at all: the qualifica or the distance is met.
    pub fn pertinente(&self) -> bool {
        self.qualifica == Some(true) || self.distanza == Some(true)
    }
}

/// What the rule needs of a candidate, without the details the reasons name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FattiEssenziali {
    pub qualifica: bool,
    pub distanza_km: Option<f64>,
    pub titolo: Option<EducationLevel>,
    pub patenti: bool,
    pub lingue: bool,
    pub collocamento_mirato: bool,
    pub in_cerca: bool,
    pub did: bool,
}

impl Fatti {
    pub fn essenziali(&self) -> FattiEssenziali {
        FattiEssenziali {
            qualifica: !self.termini_trovati.is_empty(),
            distanza_km: self.distanza_km,
            titolo: self.titolo,
            patenti: self.patenti_mancanti.is_empty(),
            lingue: self.lingue_mancanti.is_empty(),
            collocamento_mirato: self.collocamento_mirato,
            in_cerca: self.in_cerca,
            did: self.did,
        }
    }
}

/// The rule: which asked criteria `f` meets.
pub fn esito(r: &Requisiti, f: &FattiEssenziali) -> Esito {
    let asked = |yes: bool, met: bool| yes.then_some(met);
    Esito {
        qualifica: asked(!r.termini.is_empty(), f.qualifica),
        distanza: asked(
            !r.sedi.is_empty(),
            f.distanza_km.is_some_and(|km| km <= RAGGIO_KM),
        ),
        titolo_studio: r
            .titolo_minimo
            .map(|min| f.titolo.is_some_and(|t| t >= min)),
        patenti: asked(!r.patenti.is_empty(), f.patenti),
        lingue: asked(!r.lingue.is_empty(), f.lingue),
        collocamento_mirato: asked(r.collocamento_mirato, f.collocamento_mirato),
        disponibilita: f.in_cerca && f.did,
    }
}

/// The criteria an offer asks for, judged on a candidate's facts ([`esito`]), each
/// with its reason.
pub fn valuta(r: &Requisiti, f: &Fatti) -> Abbinamento {
    let e = esito(r, &f.essenziali());
    let criteri = e
        .all()
        .into_iter()
        .filter_map(|(k, met)| met.map(|met| criterio(k, met, motivo(k, met, r, f))))
        .collect();
    Abbinamento {
        criteri,
        punti: e.punti(),
        distanza_km: f.distanza_km,
        pertinente: e.pertinente(),
    }
}

/// Why criterion `k` is met or missed, in words.
fn motivo(k: CriterioAbbinamento, met: bool, r: &Requisiti, f: &Fatti) -> String {
    use CriterioAbbinamento as K;
    match k {
        K::Qualifica if met => format!("Il CV cita: {}.", f.termini_trovati.join(", ")),
        K::Qualifica => "Il CV non cita la qualifica richiesta.".into(),
        K::Distanza => match f.distanza_km {
            Some(km) if met => format!("Abita a {km:.0} km dalla sede più vicina."),
            Some(km) => format!("Abita a {km:.0} km dalla sede più vicina (oltre {RAGGIO_KM:.0})."),
            None => "Comune di residenza o domicilio non noto.".into(),
        },
        K::TitoloStudio => {
            let min = r.titolo_minimo.map_or("", |m| m.label());
            match f.titolo {
                Some(t) if met => format!("Titolo di studio: {}.", t.label()),
                Some(t) => format!("Titolo di studio {} inferiore a {min}.", t.label()),
                None => "Titolo di studio non noto.".into(),
            }
        }
        K::Patenti if met => "Patenti richieste: tutte possedute.".into(),
        K::Patenti => format!("Patenti mancanti: {}.", f.patenti_mancanti.join(", ")),
        K::Lingue if met => "Lingue richieste: tutte possedute.".into(),
        K::Lingue => format!("Lingue mancanti: {}.", f.lingue_mancanti.join(", ")),
        K::CollocamentoMirato if met => "Iscritto al collocamento mirato.".into(),
        K::CollocamentoMirato => {
            "Non iscritto al collocamento mirato, richiesto dall'offerta.".into()
        }
        K::Disponibilita => match (f.in_cerca, f.did) {
            (true, true) => "In cerca di lavoro, con DID.",
            (true, false) => "In cerca di lavoro, ma senza DID.",
            (false, true) => "Con DID, ma non risulta in cerca di lavoro.",
            (false, false) => "Non risulta in cerca di lavoro.",
        }
        .into(),
    }
}
