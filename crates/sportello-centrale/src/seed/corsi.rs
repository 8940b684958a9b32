//! The demo's training-course catalogue (seed 004): three providers — the agency's own
//! training arm, for which the master and super users act, and two others — with
//! courses in every state, so the catalogue, the provider's drafts and the regional
//! office's queue all have something to show.

use chrono::{DateTime, Days, Utc};
use sportello_core::corsi::{AzioneCorso, DatiCorso, Esito, Segmento, TipologiaCorso};
use uuid::Uuid;

use crate::db::{Tx, corsi as db};
use crate::error::Result;

/// A provider of the demo.
#[derive(Debug)]
pub struct Ente {
    pub codice_fiscale: &'static str,
    pub denominazione: &'static str,
    pub indirizzo: &'static str,
    pub comune: &'static str,
    pub provincia: &'static str,
    pub cap: &'static str,
    pub mail: &'static str,
    pub telefono: &'static str,
}

/// The agency's own training arm: the master and super users act for it.
pub const ENTE_AGENZIA: Ente = Ente {
    codice_fiscale: "01234567897",
    denominazione: "Agenzia Demo Formazione srl",
    indirizzo: "Via Roma 12",
    comune: "Padova",
    provincia: "PD",
    cap: "35122",
    mail: "formazione@agenzia.example",
    telefono: "049 8765432",
};

const ALTRI: [Ente; 2] = [
    Ente {
        codice_fiscale: "04567890126",
        denominazione: "Centro Studi Veneto Lavoro",
        indirizzo: "Fondamenta Nuove 5",
        comune: "Venezia",
        provincia: "VE",
        cap: "30121",
        mail: "corsi@centrostudi.example",
        telefono: "041 5550101",
    },
    Ente {
        codice_fiscale: "09876543217",
        denominazione: "Istituto Sicurezza e Lavoro",
        indirizzo: "Corso Porta Nuova 40",
        comune: "Verona",
        provincia: "VR",
        cap: "37122",
        mail: "segreteria@sicurezzalavoro.example",
        telefono: "045 8001122",
    },
];

struct Modello {
    tipologia: TipologiaCorso,
    titolo: &'static str,
    ore: u32,
    euro: u32,
    esito: Esito,
}

const MODELLI: [Modello; 6] = [
    Modello {
        tipologia: TipologiaCorso::PreparazioneCertificazioneLinguistica,
        titolo: "Inglese per il lavoro – livello B1",
        ore: 60,
        euro: 480,
        esito: Esito::B,
    },
    Modello {
        tipologia: TipologiaCorso::PreparazioneCertificazioneInformatica,
        titolo: "Competenze digitali – preparazione ECDL Full Standard",
        ore: 40,
        euro: 350,
        esito: Esito::C,
    },
    Modello {
        tipologia: TipologiaCorso::FormazioneSaluteSicurezza,
        titolo: "Sicurezza sul lavoro – formazione generale e specifica",
        ore: 16,
        euro: 120,
        esito: Esito::A,
    },
    Modello {
        tipologia: TipologiaCorso::AggiornamentoProfessionale,
        titolo: "Contabilità e paghe: aggiornamento",
        ore: 80,
        euro: 900,
        esito: Esito::A,
    },
    Modello {
        tipologia: TipologiaCorso::PreparazioneAbilitazioneAttrezzature,
        titolo: "Carrellista – abilitazione carrelli elevatori",
        ore: 12,
        euro: 250,
        esito: Esito::F,
    },
    Modello {
        tipologia: TipologiaCorso::EsameCertificazioneInformatica,
        titolo: "Esame certificazione informatica",
        ore: 2,
        euro: 90,
        esito: Esito::E,
    },
];

fn dati(ente: &Ente, modello: &Modello, n: usize, now: DateTime<Utc>) -> DatiCorso {
    let inizio = now.date_naive() + Days::new(20 + 7 * n as u64);
    DatiCorso {
        tipologia: modello.tipologia,
        codice_accreditamento: modello
            .tipologia
            .richiede_accreditamento()
            .then(|| format!("A{:04}", 100 + n)),
        identificativo: format!("{}-{:03}", &ente.codice_fiscale[..4], n + 1),
        titolo: modello.titolo.to_string(),
        denominazione_ente: ente.denominazione.to_string(),
        codice_fiscale_ente: ente.codice_fiscale.to_string(),
        indirizzo_ente: ente.indirizzo.to_string(),
        comune: ente.comune.to_string(),
        provincia: ente.provincia.to_string(),
        cap: ente.cap.to_string(),
        mail_ente: ente.mail.to_string(),
        telefono_ente: ente.telefono.to_string(),
        ore: modello.ore,
        inizio,
        fine: inizio + Days::new(u64::from(modello.ore / 4).max(1)),
        costo_centesimi: modello.euro * 100,
        esito: modello.esito,
        finalita: vec![
            Segmento {
                testo: "Obiettivo: ".into(),
                grassetto: true,
                ..Segmento::default()
            },
            Segmento {
                testo: format!(
                    "fornire le competenze di «{}» richieste dalle imprese del territorio.\n",
                    modello.titolo
                ),
                ..Segmento::default()
            },
            Segmento {
                testo: "Rivolto ai beneficiari dell’Assegno per il Lavoro.".into(),
                corsivo: true,
                ..Segmento::default()
            },
        ],
    }
}

/// The workflow each demo course has walked, by position.
fn percorso(n: usize) -> Vec<AzioneCorso> {
    use AzioneCorso as A;
    match n % 6 {
        0 => vec![],
        1 => vec![A::RichiediValidazione],
        2 | 3 => vec![A::RichiediValidazione, A::Valida],
        4 => vec![
            A::RichiediValidazione,
            A::Rinvia {
                motivo: "Indicare il codice di accreditamento della sede.".into(),
            },
        ],
        _ => vec![A::RichiediValidazione, A::Valida, A::Cancella],
    }
}

/// The demo's courses; returns how many.
pub fn seed(tx: &Tx, now: DateTime<Utc>) -> Result<usize> {
    let mut count = 0;
    for (e, ente) in std::iter::once(&ENTE_AGENZIA).chain(&ALTRI).enumerate() {
        for (n, modello) in MODELLI.iter().enumerate() {
            let id = Uuid::from_u128(0x0c0_25e5_0000_0000_0000_0000_0000 + (e * 100 + n) as u128);
            let chi = if e == 0 { "master" } else { "ente.demo" };
            let mut c = db::create(tx, id, dati(ente, modello, n, now), chi, now)?;
            for azione in percorso(n + e) {
                let chi = match azione.attore() {
                    sportello_core::corsi::Attore::Regione => "regione",
                    sportello_core::corsi::Attore::Ente => chi,
                };
                c.applica(&azione, chi, now)
                    .expect("the demo's paths are allowed");
            }
            db::put(tx, &c)?;
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_course_keeps_the_rules() {
        let now = Utc::now();
        for ente in std::iter::once(&ENTE_AGENZIA).chain(&ALTRI) {
            for (n, modello) in MODELLI.iter().enumerate() {
                let d = dati(ente, modello, n, now);
                assert_eq!(d.problemi(), vec![], "{}", d.titolo);
            }
        }
    }
}
