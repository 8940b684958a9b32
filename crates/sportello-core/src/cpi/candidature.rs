//! "Candidature" (seed 003): a citizen's application to an offer and the CPI's outcome,
//! "Inserita" → "Preso in carico" → "Inviata all'azienda" | "Non inviata all'azienda".

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EsitoCandidatura {
    Inserita,
    PresoInCarico,
    InviataAzienda,
    NonInviataAzienda,
}

impl EsitoCandidatura {
    pub const TUTTI: [Self; 4] = [
        Self::Inserita,
        Self::PresoInCarico,
        Self::InviataAzienda,
        Self::NonInviataAzienda,
    ];

    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Inserita => "Inserita",
            Self::PresoInCarico => "Preso in carico",
            Self::InviataAzienda => "Inviata all'azienda",
            Self::NonInviataAzienda => "Non inviata all'azienda",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inserita => "inserita",
            Self::PresoInCarico => "preso_in_carico",
            Self::InviataAzienda => "inviata_azienda",
            Self::NonInviataAzienda => "non_inviata_azienda",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::TUTTI.into_iter().find(|e| e.as_str() == s)
    }

    /// Sent or not: the outcome is final ("includi storico" lists these).
    pub fn finale(self) -> bool {
        matches!(self, Self::InviataAzienda | Self::NonInviataAzienda)
    }

    /// The operator sets `next` from here with `nota`, or is told why not: forward one
    /// step at a time, final outcomes never change, "Non inviata" needs its reason.
    pub fn verso(self, next: Self, nota: &str) -> Result<(), &'static str> {
        if self.finale() {
            return Err("L'esito della candidatura è definitivo.");
        }
        match (self, next) {
            (Self::Inserita, Self::PresoInCarico) => Ok(()),
            (Self::PresoInCarico, Self::InviataAzienda) => Ok(()),
            (Self::PresoInCarico, Self::NonInviataAzienda) if nota.trim().is_empty() => {
                Err("Indicare nella nota perché la candidatura non è inviata all'azienda.")
            }
            (Self::PresoInCarico, Self::NonInviataAzienda) => Ok(()),
            (Self::Inserita, _) => Err("La candidatura va prima presa in carico."),
            _ => Err("Passaggio non previsto."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EsitoCandidatura as E;

    /// Every pair: only the seed's forward steps are allowed.
    #[test]
    fn only_the_forward_steps_are_allowed() {
        let allowed = [
            (E::Inserita, E::PresoInCarico),
            (E::PresoInCarico, E::InviataAzienda),
            (E::PresoInCarico, E::NonInviataAzienda),
        ];
        for from in E::TUTTI {
            for to in E::TUTTI {
                assert_eq!(
                    from.verso(to, "nota").is_ok(),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        assert!(E::PresoInCarico.verso(E::NonInviataAzienda, "  ").is_err());
        assert_eq!(E::parse("inviata_azienda"), Some(E::InviataAzienda));
        assert_eq!(E::InviataAzienda.etichetta(), "Inviata all'azienda");
    }
}
