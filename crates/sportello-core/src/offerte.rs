//! Job offers, expressions of interest and refusals (seed 001, SIISL; seed 003's offer
//! pages), and the matching of candidates to an offer.
//!
//! Labels are seed 003's. The coded lists (tipo offerta, tipo contratto, modalità di
//! lavoro, motivi di rifiuto) are server data: callers pass the server's [`Voci`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::education::EducationLevel;

mod abbinamento;
#[cfg(test)]
mod tests;

pub use abbinamento::{
    Abbinamento, Criterio, CriterioAbbinamento, Esito, Fatti, FattiEssenziali, Profilo, RAGGIO_KM,
    Requisiti, esito, in_cerca, valuta,
};

/// Longest free texts of an offer.
pub const MAX_QUALIFICA: usize = 200;
pub const MAX_DESCRIZIONE: usize = 4000;
/// Most sedi di lavoro of one offer.
pub const MAX_SEDI: usize = 20;
/// Most positions of one offer (a sanity bound, not a rule of the seeds).
pub const MAX_POSTI: u32 = 9_999;

/// An entry of a coded list, as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voce {
    pub codice: String,
    pub descrizione: String,
}

/// The server's coded lists for offers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voci {
    pub tipi_offerta: Vec<Voce>,
    pub tipi_contratto: Vec<Voce>,
    pub modalita_lavoro: Vec<Voce>,
    pub motivi_rifiuto: Vec<Voce>,
}

impl Voci {
    fn has(list: &[Voce], code: &str) -> bool {
        list.iter().any(|v| v.codice == code)
    }

    /// The description of a code, or the code itself when the list lacks it.
    pub fn descrizione<'a>(list: &'a [Voce], code: &'a str) -> &'a str {
        list.iter()
            .find(|v| v.codice == code)
            .map_or(code, |v| v.descrizione.as_str())
    }
}

/// "Ulteriori Requisiti" (seed 003): each SI/NO.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UlterioriRequisiti {
    pub partita_iva: bool,
    pub mezzi_trasporto: bool,
    pub trasferte: bool,
    pub collocamento_mirato: bool,
}

/// What the operator writes in an offer; the server adds the codes and the state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatiOfferta {
    /// The owning branch (filiale).
    pub filiale: String,
    /// `Tipo offerta`: a code of [`Voci::tipi_offerta`].
    pub tipo_offerta: String,
    /// `Tipo contratto`: a code of [`Voci::tipi_contratto`].
    pub tipo_contratto: String,
    /// `Qualifica Professionale`.
    pub qualifica: String,
    /// `Descrizione Estesa della Qualifica`.
    pub descrizione_qualifica: String,
    /// `Esperienza Richiesta`.
    pub esperienza_richiesta: bool,
    /// `Descrizione e durata dell'esperienza`: required when experience is.
    pub descrizione_esperienza: Option<String>,
    /// `Numero Posti Disponibili`.
    pub posti: u32,
    /// `Modalità di Lavoro`: a code of [`Voci::modalita_lavoro`].
    pub modalita_lavoro: String,
    /// `Sedi di lavoro`: Belfiore codes of comuni, at least one.
    pub sedi: Vec<String>,
    /// `Scadenza`: the last day to apply.
    pub scadenza: NaiveDate,
    /// The last day of publication.
    pub fine_pubblicazione: NaiveDate,
    pub requisiti: UlterioriRequisiti,
    /// The lowest education level accepted.
    pub titolo_studio_minimo: Option<EducationLevel>,
    /// Driving licences required (codes as in the SAP: `B`, `C`, `CQC`…).
    pub patenti: Vec<String>,
    /// Languages required (as in the SAP: `inglese`…).
    pub lingue: Vec<String>,
}

/// The fields of an offer, as checks name them (the wire uses the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampoOfferta {
    Filiale,
    TipoOfferta,
    TipoContratto,
    Qualifica,
    DescrizioneQualifica,
    DescrizioneEsperienza,
    Posti,
    ModalitaLavoro,
    Sedi,
    Scadenza,
    FinePubblicazione,
    Patenti,
    Lingue,
}

impl CampoOfferta {
    /// The label seed 003 gives the field.
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Filiale => "Filiale",
            Self::TipoOfferta => "Tipo offerta",
            Self::TipoContratto => "Tipo contratto",
            Self::Qualifica => "Qualifica Professionale",
            Self::DescrizioneQualifica => "Descrizione Estesa della Qualifica",
            Self::DescrizioneEsperienza => "Descrizione e durata dell'esperienza",
            Self::Posti => "Numero Posti Disponibili",
            Self::ModalitaLavoro => "Modalità di Lavoro",
            Self::Sedi => "Sedi di lavoro",
            Self::Scadenza => "Scadenza",
            Self::FinePubblicazione => "Data fine pubblicazione",
            Self::Patenti => "Patenti",
            Self::Lingue => "Lingue",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Filiale => "filiale",
            Self::TipoOfferta => "tipo_offerta",
            Self::TipoContratto => "tipo_contratto",
            Self::Qualifica => "qualifica",
            Self::DescrizioneQualifica => "descrizione_qualifica",
            Self::DescrizioneEsperienza => "descrizione_esperienza",
            Self::Posti => "posti",
            Self::ModalitaLavoro => "modalita_lavoro",
            Self::Sedi => "sedi",
            Self::Scadenza => "scadenza",
            Self::FinePubblicazione => "fine_pubblicazione",
            Self::Patenti => "patenti",
            Self::Lingue => "lingue",
        }
    }
}

/// A field that breaks a rule, and why (Italian, for the operator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemaOfferta {
    pub campo: CampoOfferta,
    pub messaggio: String,
    /// The field is blank (else its value breaks a rule).
    pub vuoto: bool,
}

fn problem(campo: CampoOfferta, messaggio: impl Into<String>) -> ProblemaOfferta {
    ProblemaOfferta {
        campo,
        messaggio: messaggio.into(),
        vuoto: false,
    }
}

fn blank(campo: CampoOfferta) -> ProblemaOfferta {
    ProblemaOfferta {
        vuoto: true,
        ..problem(campo, format!("{}: campo obbligatorio.", campo.etichetta()))
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl DatiOfferta {
    /// Texts trimmed (inner runs of spaces kept in the long descriptions), codes
    /// upper-cased, lists without blanks and duplicates, the experience description
    /// dropped when no experience is required.
    pub fn normalised(mut self) -> Self {
        let code = |s: &str| s.trim().to_uppercase();
        self.filiale = code(&self.filiale);
        self.tipo_offerta = code(&self.tipo_offerta);
        self.tipo_contratto = code(&self.tipo_contratto);
        self.modalita_lavoro = code(&self.modalita_lavoro);
        self.qualifica = clean(&self.qualifica);
        self.descrizione_qualifica = self.descrizione_qualifica.trim().to_string();
        self.descrizione_esperienza = self
            .descrizione_esperienza
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty() && self.esperienza_richiesta);
        let list = |v: Vec<String>, f: fn(&str) -> String| {
            let mut out: Vec<String> = Vec::new();
            for item in v.iter().map(|s| f(s)).filter(|s| !s.is_empty()) {
                if !out.contains(&item) {
                    out.push(item);
                }
            }
            out
        };
        self.sedi = list(self.sedi, |s| s.trim().to_uppercase());
        self.patenti = list(self.patenti, |s| s.trim().to_uppercase());
        self.lingue = list(self.lingue, |s| s.trim().to_lowercase());
        self
    }

    /// Every rule the offer breaks, judged on its normalised form against the server's
    /// lists and the branches the author may use; `oggi` for the dates. The server and
    /// the client judge with this same rule.
    pub fn problemi(
        &self,
        voci: &Voci,
        filiali: &[String],
        oggi: NaiveDate,
    ) -> Vec<ProblemaOfferta> {
        use CampoOfferta as C;
        let d = self.clone().normalised();
        let mut out = Vec::new();
        if !filiali.contains(&d.filiale) {
            out.push(problem(
                C::Filiale,
                "Filiale non tra quelle su cui puoi operare.",
            ));
        }
        for (campo, list, value) in [
            (C::TipoOfferta, &voci.tipi_offerta, &d.tipo_offerta),
            (C::TipoContratto, &voci.tipi_contratto, &d.tipo_contratto),
            (C::ModalitaLavoro, &voci.modalita_lavoro, &d.modalita_lavoro),
        ] {
            if value.is_empty() {
                out.push(blank(campo));
            } else if !Voci::has(list, value) {
                out.push(problem(
                    campo,
                    format!("{}: valore non previsto «{value}».", campo.etichetta()),
                ));
            }
        }
        for (campo, value, max) in [
            (C::Qualifica, &d.qualifica, MAX_QUALIFICA),
            (
                C::DescrizioneQualifica,
                &d.descrizione_qualifica,
                MAX_DESCRIZIONE,
            ),
        ] {
            if value.is_empty() {
                out.push(blank(campo));
            } else if value.chars().count() > max {
                out.push(problem(
                    campo,
                    format!("{}: al massimo {max} caratteri.", campo.etichetta()),
                ));
            }
        }
        match &d.descrizione_esperienza {
            None if d.esperienza_richiesta => out.push(problem(
                C::DescrizioneEsperienza,
                "Con «Esperienza Richiesta» SI va descritta l'esperienza e la sua durata.",
            )),
            Some(text) if text.chars().count() > MAX_DESCRIZIONE => out.push(problem(
                C::DescrizioneEsperienza,
                format!(
                    "{}: al massimo {MAX_DESCRIZIONE} caratteri.",
                    C::DescrizioneEsperienza.etichetta()
                ),
            )),
            _ => {}
        }
        if !(1..=MAX_POSTI).contains(&d.posti) {
            out.push(problem(
                C::Posti,
                format!("I posti disponibili vanno da 1 a {MAX_POSTI}."),
            ));
        }
        if d.sedi.is_empty() {
            out.push(problem(C::Sedi, "Indicare almeno una sede di lavoro."));
        } else if d.sedi.len() > MAX_SEDI {
            out.push(problem(
                C::Sedi,
                format!("Al massimo {MAX_SEDI} sedi di lavoro."),
            ));
        }
        for sede in &d.sedi {
            let known = crate::codice_fiscale::belfiore::entries(sede)
                .iter()
                .any(|b| b.province != "EE" && b.valid_to.is_none());
            if !known {
                out.push(problem(
                    C::Sedi,
                    format!("Sede di lavoro «{sede}»: non è il codice di un comune esistente."),
                ));
            }
        }
        if d.fine_pubblicazione < oggi {
            out.push(problem(
                C::FinePubblicazione,
                "La fine della pubblicazione non può essere nel passato.",
            ));
        }
        if d.scadenza < oggi {
            out.push(problem(
                C::Scadenza,
                "La scadenza non può essere nel passato.",
            ));
        }
        for (campo, list) in [(C::Patenti, &d.patenti), (C::Lingue, &d.lingue)] {
            if list.len() > 20 || list.iter().any(|v| v.chars().count() > 40) {
                out.push(problem(
                    campo,
                    format!("{}: al massimo 20 voci di 40 caratteri.", campo.etichetta()),
                ));
            }
        }
        out
    }
}

/// Where an offer is (seed 001: publication, end of publication, republication).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatoOfferta {
    Bozza,
    Pubblicata,
    /// Published, and the end of publication has passed.
    Scaduta,
    /// Closed by the operator: final.
    Chiusa,
}

impl StatoOfferta {
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Bozza => "Bozza",
            Self::Pubblicata => "Pubblicata",
            Self::Scaduta => "Scaduta",
            Self::Chiusa => "Chiusa",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bozza => "bozza",
            Self::Pubblicata => "pubblicata",
            Self::Scaduta => "scaduta",
            Self::Chiusa => "chiusa",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Bozza, Self::Pubblicata, Self::Scaduta, Self::Chiusa]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// The state as of `oggi`: a published offer whose end of publication has passed
    /// is expired, without anyone having to write it.
    pub fn al(self, fine_pubblicazione: NaiveDate, oggi: NaiveDate) -> Self {
        match self {
            Self::Pubblicata if fine_pubblicazione < oggi => Self::Scaduta,
            other => other,
        }
    }

    /// Whether the offer's data may still be edited.
    pub fn modificabile(self) -> bool {
        matches!(self, Self::Bozza | Self::Pubblicata)
    }
}

/// What an operator does to an offer's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "azione", rename_all = "snake_case")]
pub enum AzioneOfferta {
    /// A draft goes online until `fine_pubblicazione`.
    Pubblica { fine_pubblicazione: NaiveDate },
    /// An expired offer goes online again, with a new end (seed 001 "ripubblicazione");
    /// a published one has its end moved.
    Ripubblica { fine_pubblicazione: NaiveDate },
    /// Published or expired → closed, for good.
    Chiudi,
}

impl AzioneOfferta {
    /// The state after the action, from the state as of `oggi`, or why not.
    pub fn applica(
        self,
        stato: StatoOfferta,
        oggi: NaiveDate,
    ) -> Result<StatoOfferta, &'static str> {
        use StatoOfferta as S;
        match (self, stato) {
            (
                Self::Pubblica { fine_pubblicazione } | Self::Ripubblica { fine_pubblicazione },
                _,
            ) if fine_pubblicazione < oggi => {
                Err("La nuova fine della pubblicazione non può essere nel passato.")
            }
            (Self::Pubblica { .. }, S::Bozza) => Ok(S::Pubblicata),
            (Self::Pubblica { .. }, _) => Err("Si pubblica solo un'offerta in bozza."),
            (Self::Ripubblica { .. }, S::Scaduta | S::Pubblicata) => Ok(S::Pubblicata),
            (Self::Ripubblica { .. }, _) => {
                Err("Si ripubblica solo un'offerta pubblicata o scaduta.")
            }
            (Self::Chiudi, S::Pubblicata | S::Scaduta) => Ok(S::Chiusa),
            (Self::Chiudi, S::Bozza) => {
                Err("Un'offerta in bozza non è pubblicata: non c'è niente da chiudere.")
            }
            (Self::Chiudi, S::Chiusa) => Err("L'offerta è già chiusa."),
        }
    }

    /// The new end of publication, if the action sets one.
    pub fn fine_pubblicazione(self) -> Option<NaiveDate> {
        match self {
            Self::Pubblica { fine_pubblicazione } | Self::Ripubblica { fine_pubblicazione } => {
                Some(fine_pubblicazione)
            }
            Self::Chiudi => None,
        }
    }
}

/// How an expression of interest came about (seed 001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrigineInteresse {
    /// The citizen expressed it on the platform.
    Cittadino,
    /// The branch proposed the offer to a citizen whose CV fits.
    PropostaFiliale,
}

impl OrigineInteresse {
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Cittadino => "Espressa dal cittadino",
            Self::PropostaFiliale => "Proposta dalla filiale",
        }
    }
}

/// The branch's work on an expression of interest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatoInteresse {
    DaValutare,
    Contattato,
    Colloquio,
    /// Esito: hired.
    Assunto,
    /// Esito: not suitable.
    NonIdoneo,
    /// Esito: the citizen withdrew.
    Ritirato,
}

impl StatoInteresse {
    pub const TUTTI: [Self; 6] = [
        Self::DaValutare,
        Self::Contattato,
        Self::Colloquio,
        Self::Assunto,
        Self::NonIdoneo,
        Self::Ritirato,
    ];

    pub fn etichetta(self) -> &'static str {
        match self {
            Self::DaValutare => "Da valutare",
            Self::Contattato => "Contattato",
            Self::Colloquio => "Colloquio",
            Self::Assunto => "Esito: assunto",
            Self::NonIdoneo => "Esito: non idoneo",
            Self::Ritirato => "Esito: ritirato",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::DaValutare => "da_valutare",
            Self::Contattato => "contattato",
            Self::Colloquio => "colloquio",
            Self::Assunto => "assunto",
            Self::NonIdoneo => "non_idoneo",
            Self::Ritirato => "ritirato",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::TUTTI.into_iter().find(|v| v.as_str() == s)
    }

    pub fn is_esito(self) -> bool {
        matches!(self, Self::Assunto | Self::NonIdoneo | Self::Ritirato)
    }

    /// Forward only: da valutare → contattato → colloquio → esito; an outcome (not
    /// suitable, withdrawn) may come at any point before the end, hiring only after an
    /// interview; outcomes are final.
    pub fn verso(self, next: Self) -> Result<Self, &'static str> {
        use StatoInteresse as S;
        let ok = match (self, next) {
            (a, _) if a.is_esito() => return Err("L'esito è già registrato e non cambia."),
            (a, b) if a == b => return Err("L'interesse è già in questo stato."),
            (S::DaValutare, S::Contattato | S::NonIdoneo | S::Ritirato) => true,
            (S::Contattato, S::Colloquio | S::NonIdoneo | S::Ritirato) => true,
            (S::Colloquio, S::Assunto | S::NonIdoneo | S::Ritirato) => true,
            (_, S::Assunto) => return Err("Si registra un'assunzione solo dopo il colloquio."),
            _ => false,
        };
        if ok {
            Ok(next)
        } else {
            Err("Lo stato di lavorazione va solo avanti.")
        }
    }
}
