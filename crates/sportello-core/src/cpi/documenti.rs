//! "Gestione documenti da firmare" (seed 003): the documents the CPI creates and sends
//! for signature, their trail ("Documento Inserito il … Preso In Carico il … Firmato
//! Cittadino il … Firmato Operatore il … Annullato il … (motivo)").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The documents that can be signed online (seed 003's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipoDocumento {
    RicevutaDid,
    // snake_case alone would write "patto_servizio150".
    #[serde(rename = "patto_servizio_150")]
    PattoServizio150,
    PattoAttivazioneGg,
    ProgrammaRicercaIntensiva,
}

impl TipoDocumento {
    pub const TUTTI: [Self; 4] = [
        Self::RicevutaDid,
        Self::PattoServizio150,
        Self::PattoAttivazioneGg,
        Self::ProgrammaRicercaIntensiva,
    ];

    pub fn etichetta(self) -> &'static str {
        match self {
            Self::RicevutaDid => "Ricevuta DID OnLine",
            Self::PattoServizio150 => "Patto di servizio 150",
            Self::PattoAttivazioneGg => "Patto di attivazione GG",
            Self::ProgrammaRicercaIntensiva => "Programma di ricerca intensiva",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RicevutaDid => "ricevuta_did",
            Self::PattoServizio150 => "patto_servizio_150",
            Self::PattoAttivazioneGg => "patto_attivazione_gg",
            Self::ProgrammaRicercaIntensiva => "programma_ricerca_intensiva",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::TUTTI.into_iter().find(|t| t.as_str() == s)
    }

    /// The step that concludes the signature: the citizen's for the DID receipt (the
    /// seed's green tick after "Firmato Cittadino"), the operator's for the pacts.
    pub fn conclusione(self) -> Passo {
        match self {
            Self::RicevutaDid => Passo::FirmatoCittadino,
            _ => Passo::FirmatoOperatore,
        }
    }
}

/// A step of the trail, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Passo {
    Inserito,
    PresoInCarico,
    FirmatoCittadino,
    FirmatoOperatore,
}

impl Passo {
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Inserito => "Documento Inserito",
            Self::PresoInCarico => "Preso In Carico",
            Self::FirmatoCittadino => "Firmato Cittadino",
            Self::FirmatoOperatore => "Firmato Operatore",
        }
    }
}

/// How a document ended without concluding: annulled with a reason, or replaced by a
/// new practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Annullamento {
    Motivo { motivo: String },
    Sostituito { pratica: String },
}

impl Annullamento {
    /// As the seed prints it in brackets.
    pub fn testo(&self) -> String {
        match self {
            Self::Motivo { motivo } => motivo.clone(),
            Self::Sostituito { pratica } => format!("Sostituita dalla pratica {pratica}"),
        }
    }
}

/// A step reached, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassoDatato {
    pub passo: Passo,
    pub quando: DateTime<Utc>,
}

/// When and how a document was annulled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annullo {
    pub quando: DateTime<Utc>,
    pub annullamento: Annullamento,
}

/// A document's trail: each step reached with its time, and the annulment if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Traccia {
    pub tipo: TipoDocumento,
    pub passi: Vec<PassoDatato>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annullato: Option<Annullo>,
}

/// What happens to a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "azione", rename_all = "snake_case")]
pub enum AzioneDocumento {
    PrendiInCarico,
    FirmaCittadino,
    FirmaOperatore,
    Annulla { annullamento: Annullamento },
}

impl Traccia {
    /// A new document, "Inserito" at `at`.
    pub fn nuovo(tipo: TipoDocumento, at: DateTime<Utc>) -> Self {
        Self {
            tipo,
            passi: vec![PassoDatato {
                passo: Passo::Inserito,
                quando: at,
            }],
            annullato: None,
        }
    }

    pub fn ultimo(&self) -> Passo {
        self.passi.last().map_or(Passo::Inserito, |p| p.passo)
    }

    /// The signature is over: nothing about it changes any more.
    pub fn concluso(&self) -> bool {
        self.ultimo() >= self.tipo.conclusione()
    }

    /// The seed's "Stato": ✓ concluded, ⊘ annulled, ⋮ in progress.
    pub fn stato(&self) -> &'static str {
        if self.annullato.is_some() {
            "Annullato"
        } else if self.concluso() {
            "Concluso"
        } else {
            "In corso"
        }
    }

    /// Applies `azione` at `at`, or says why not. The steps come in order, each once;
    /// a concluded signature cannot change (no step after the conclusion: the DID
    /// receipt has no operator's signature); annulment is possible at any state
    /// (seed 003 shows a signed pact annulled), once, with its reason.
    pub fn applica(
        &mut self,
        azione: &AzioneDocumento,
        at: DateTime<Utc>,
    ) -> Result<(), &'static str> {
        if self.annullato.is_some() {
            return Err("Il documento è annullato: non si modifica più.");
        }
        let passo = match azione {
            AzioneDocumento::Annulla { annullamento } => {
                let empty = match annullamento {
                    Annullamento::Motivo { motivo } => motivo.trim().is_empty(),
                    Annullamento::Sostituito { pratica } => pratica.trim().is_empty(),
                };
                if empty {
                    return Err(
                        "Indicare il motivo dell'annullamento o la pratica che lo sostituisce.",
                    );
                }
                self.annullato = Some(Annullo {
                    quando: at,
                    annullamento: annullamento.clone(),
                });
                return Ok(());
            }
            AzioneDocumento::PrendiInCarico => Passo::PresoInCarico,
            AzioneDocumento::FirmaCittadino => Passo::FirmatoCittadino,
            AzioneDocumento::FirmaOperatore => Passo::FirmatoOperatore,
        };
        if self.concluso() {
            return Err("La firma è conclusa: non si modifica più.");
        }
        let expected = match self.ultimo() {
            Passo::Inserito => Passo::PresoInCarico,
            Passo::PresoInCarico => Passo::FirmatoCittadino,
            Passo::FirmatoCittadino | Passo::FirmatoOperatore => Passo::FirmatoOperatore,
        };
        if passo != expected {
            return Err(match expected {
                Passo::PresoInCarico => "Il documento va prima preso in carico.",
                Passo::FirmatoCittadino => "Il documento va prima firmato dal cittadino.",
                _ => "Passo non previsto per questo documento.",
            });
        }
        self.passi.push(PassoDatato { passo, quando: at });
        Ok(())
    }

    /// The trail as seed 003 prints it.
    pub fn testo(&self, fmt: impl Fn(DateTime<Utc>) -> String) -> String {
        let mut parts: Vec<String> = self
            .passi
            .iter()
            .map(|p| format!("{} il {}", p.passo.etichetta(), fmt(p.quando)))
            .collect();
        if let Some(a) = &self.annullato {
            parts.push(format!(
                "Annullato il {} ({})",
                fmt(a.quando),
                a.annullamento.testo()
            ));
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2021, 6, 17, 8, 0, 0).unwrap() + Duration::minutes(minute)
    }

    fn fmt(t: DateTime<Utc>) -> String {
        t.format("%d/%m/%Y %H:%M").to_string()
    }

    #[test]
    fn a_pact_walks_every_step_and_concludes_with_the_operator() {
        let mut d = Traccia::nuovo(TipoDocumento::PattoServizio150, at(26));
        assert_eq!(
            d.applica(&AzioneDocumento::FirmaCittadino, at(30)),
            Err("Il documento va prima preso in carico.")
        );
        d.applica(&AzioneDocumento::PrendiInCarico, at(40)).unwrap();
        assert!(d.applica(&AzioneDocumento::FirmaOperatore, at(40)).is_err());
        d.applica(&AzioneDocumento::FirmaCittadino, at(40)).unwrap();
        assert_eq!(d.stato(), "In corso");
        d.applica(&AzioneDocumento::FirmaOperatore, at(41)).unwrap();
        assert_eq!(d.stato(), "Concluso");
        assert!(
            d.applica(&AzioneDocumento::FirmaOperatore, at(42)).is_err(),
            "concluded"
        );
        // Seed 003: "Firmato Operatore il 17/06/2021 10:41 Annullato il 17/06/2021 10:43 (annullamento test)".
        let annulla = AzioneDocumento::Annulla {
            annullamento: Annullamento::Motivo {
                motivo: "annullamento test".into(),
            },
        };
        d.applica(&annulla, at(43)).unwrap();
        assert_eq!(
            d.testo(fmt),
            "Documento Inserito il 17/06/2021 08:26 Preso In Carico il 17/06/2021 08:40 Firmato Cittadino il 17/06/2021 08:40 Firmato Operatore il 17/06/2021 08:41 Annullato il 17/06/2021 08:43 (annullamento test)"
        );
        assert!(d.applica(&annulla, at(44)).is_err(), "once");
    }

    #[test]
    fn the_wire_names_are_the_codes() {
        for t in TipoDocumento::TUTTI {
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
    }

    #[test]
    fn the_did_receipt_concludes_with_the_citizen() {
        let mut d = Traccia::nuovo(TipoDocumento::RicevutaDid, at(47));
        d.applica(&AzioneDocumento::PrendiInCarico, at(50)).unwrap();
        d.applica(&AzioneDocumento::FirmaCittadino, at(51)).unwrap();
        assert!(d.concluso());
        assert_eq!(
            d.applica(&AzioneDocumento::FirmaOperatore, at(52)),
            Err("La firma è conclusa: non si modifica più.")
        );
    }

    #[test]
    fn a_document_replaced_by_a_new_practice_says_so() {
        let mut d = Traccia::nuovo(TipoDocumento::PattoServizio150, at(20));
        let empty = AzioneDocumento::Annulla {
            annullamento: Annullamento::Sostituito {
                pratica: " ".into(),
            },
        };
        assert!(d.applica(&empty, at(25)).is_err());
        let replaced = AzioneDocumento::Annulla {
            annullamento: Annullamento::Sostituito {
                pratica: "84".into(),
            },
        };
        d.applica(&replaced, at(26)).unwrap();
        assert_eq!(d.stato(), "Annullato");
        assert!(
            d.testo(fmt)
                .ends_with("Annullato il 17/06/2021 08:26 (Sostituita dalla pratica 84)")
        );
        assert!(d.applica(&AzioneDocumento::PrendiInCarico, at(27)).is_err());
    }
}
