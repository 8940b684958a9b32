//! The training-course catalogue of the Assegno per il Lavoro (seed 004, ClicLavoro
//! Veneto, DGR 1095/2017): the course's fields and their rules, the type → outcome
//! table, and the workflow a training provider and the regional office walk.
//!
//! Labels are seed 004's. The server and the client judge with these same rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::candidate::{ContactField, Contacts};
use crate::geo;

pub const MAX_IDENTIFICATIVO: usize = 50;
pub const MAX_TITOLO: usize = 200;
pub const MAX_TESTO: usize = 200;
pub const MAX_FINALITA: usize = 4000;
/// Most segments of the Finalità's formatted text.
pub const MAX_SEGMENTI: usize = 200;
/// A sanity bound on the hours of one course, not a rule of the seed.
pub const MAX_ORE: u32 = 10_000;
/// A sanity bound on the cost, in cents (one million euro).
pub const MAX_COSTO_CENTESIMI: u32 = 100_000_000;

/// "Tipologia corso", as seed 004 lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipologiaCorso {
    PreparazioneCertificazioneLinguistica,
    PreparazioneCertificazioneInformatica,
    EsameCertificazioneLinguistica,
    EsameCertificazioneInformatica,
    PreparazioneAbilitazioneAttrezzature,
    AggiornamentoProfessionale,
    FormazioneSaluteSicurezza,
}

impl TipologiaCorso {
    pub const TUTTE: [Self; 7] = [
        Self::PreparazioneCertificazioneLinguistica,
        Self::PreparazioneCertificazioneInformatica,
        Self::EsameCertificazioneLinguistica,
        Self::EsameCertificazioneInformatica,
        Self::PreparazioneAbilitazioneAttrezzature,
        Self::AggiornamentoProfessionale,
        Self::FormazioneSaluteSicurezza,
    ];

    pub fn etichetta(self) -> &'static str {
        match self {
            Self::PreparazioneCertificazioneLinguistica => {
                "Preparazione certificazione linguistica (livello minimo B1)"
            }
            Self::PreparazioneCertificazioneInformatica => {
                "Preparazione certificazione informatica ECDL"
            }
            Self::EsameCertificazioneLinguistica => {
                "Esame certificazione linguistica (livello minimo B1)"
            }
            Self::EsameCertificazioneInformatica => "Esame certificazione informatica",
            Self::PreparazioneAbilitazioneAttrezzature => {
                "Preparazione abilitazione attrezzature (dlgs n. 81/2008, art 73 c.5)"
            }
            Self::AggiornamentoProfessionale => "Aggiornamento professionale",
            Self::FormazioneSaluteSicurezza => {
                "Formazione obbligatoria salute e sicurezza (Accordo Stato Regioni n. 221/2011)"
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PreparazioneCertificazioneLinguistica => {
                "preparazione_certificazione_linguistica"
            }
            Self::PreparazioneCertificazioneInformatica => {
                "preparazione_certificazione_informatica"
            }
            Self::EsameCertificazioneLinguistica => "esame_certificazione_linguistica",
            Self::EsameCertificazioneInformatica => "esame_certificazione_informatica",
            Self::PreparazioneAbilitazioneAttrezzature => "preparazione_abilitazione_attrezzature",
            Self::AggiornamentoProfessionale => "aggiornamento_professionale",
            Self::FormazioneSaluteSicurezza => "formazione_salute_sicurezza",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::TUTTE.into_iter().find(|t| t.as_str() == s)
    }

    /// The outcomes a course of this type may give: seed 004's letters in brackets.
    pub fn esiti(self) -> &'static [Esito] {
        match self {
            Self::PreparazioneCertificazioneLinguistica => &[Esito::A, Esito::B],
            Self::PreparazioneCertificazioneInformatica => &[Esito::C],
            Self::EsameCertificazioneLinguistica => &[Esito::D],
            Self::EsameCertificazioneInformatica => &[Esito::E],
            Self::PreparazioneAbilitazioneAttrezzature => &[Esito::F],
            Self::AggiornamentoProfessionale => &[Esito::A],
            Self::FormazioneSaluteSicurezza => &[Esito::A],
        }
    }

    /// "Codice accreditamento regionale": required for "Aggiornamento professionale",
    /// optional for the others (seed 004: "altrimenti facoltativo").
    pub fn richiede_accreditamento(self) -> bool {
        self == Self::AggiornamentoProfessionale
    }
}

/// "Esito/Titolo rilasciato".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Esito {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Esito {
    pub const TUTTI: [Self; 6] = [Self::A, Self::B, Self::C, Self::D, Self::E, Self::F];

    pub fn etichetta(self) -> &'static str {
        match self {
            Self::A => "Attestato risultati di apprendimento",
            Self::B => "Iscrizione esame certificazione linguistica",
            Self::C => "Iscrizione esame certificazione informatica",
            Self::D => "Certificazione linguistica",
            Self::E => "Certificazione Informatica",
            Self::F => "Abilitazione",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
            Self::E => "E",
            Self::F => "F",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::TUTTI.into_iter().find(|e| e.as_str() == s)
    }
}

/// A run of the Finalità's text with its formatting: the editor's bold, italic and
/// underline, kept as data, never as HTML (a reader renders it with its own elements,
/// so no markup a provider types can reach anyone's screen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segmento {
    /// May hold line breaks.
    pub testo: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grassetto: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corsivo: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sottolineato: bool,
}

/// A course's data (seed 004's form), as the provider fills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatiCorso {
    pub tipologia: TipologiaCorso,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codice_accreditamento: Option<String>,
    /// The provider's own code of the course, unique among its courses.
    pub identificativo: String,
    pub titolo: String,
    pub denominazione_ente: String,
    /// 11 digits, check digit verified: the provider's.
    pub codice_fiscale_ente: String,
    pub indirizzo_ente: String,
    /// The comune's name and province sigla, resolved to its Belfiore code.
    pub comune: String,
    pub provincia: String,
    pub cap: String,
    pub mail_ente: String,
    pub telefono_ente: String,
    pub ore: u32,
    pub inizio: NaiveDate,
    pub fine: NaiveDate,
    /// "Costo attività" in euro cents (no floating point for money).
    pub costo_centesimi: u32,
    pub esito: Esito,
    pub finalita: Vec<Segmento>,
}

/// A field of the course form, as problems name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampoCorso {
    Tipologia,
    CodiceAccreditamento,
    Identificativo,
    Titolo,
    DenominazioneEnte,
    CodiceFiscaleEnte,
    IndirizzoEnte,
    Comune,
    Cap,
    MailEnte,
    TelefonoEnte,
    Ore,
    Inizio,
    Fine,
    Costo,
    Esito,
    Finalita,
}

impl CampoCorso {
    pub const TUTTI: [Self; 17] = [
        Self::Tipologia,
        Self::CodiceAccreditamento,
        Self::Identificativo,
        Self::Titolo,
        Self::DenominazioneEnte,
        Self::CodiceFiscaleEnte,
        Self::IndirizzoEnte,
        Self::Comune,
        Self::Cap,
        Self::MailEnte,
        Self::TelefonoEnte,
        Self::Ore,
        Self::Inizio,
        Self::Fine,
        Self::Costo,
        Self::Esito,
        Self::Finalita,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::TUTTI.into_iter().find(|c| c.as_str() == s)
    }

    /// Seed 004's label: also the column of the spreadsheets.
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Tipologia => "Tipologia corso",
            Self::CodiceAccreditamento => "Codice accreditamento regionale",
            Self::Identificativo => "Identificativo Corso",
            Self::Titolo => "Titolo corso",
            Self::DenominazioneEnte => "Denominazione ente",
            Self::CodiceFiscaleEnte => "Codice fiscale ente",
            Self::IndirizzoEnte => "Indirizzo ente",
            Self::Comune => "Comune",
            Self::Cap => "Cap",
            Self::MailEnte => "Mail ente",
            Self::TelefonoEnte => "Telefono ente",
            Self::Ore => "Ore attività",
            Self::Inizio => "Inizio corso",
            Self::Fine => "Fine corso",
            Self::Costo => "Costo attività",
            Self::Esito => "Esito/Titolo rilasciato",
            Self::Finalita => "Finalità corso",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tipologia => "tipologia",
            Self::CodiceAccreditamento => "codice_accreditamento",
            Self::Identificativo => "identificativo",
            Self::Titolo => "titolo",
            Self::DenominazioneEnte => "denominazione_ente",
            Self::CodiceFiscaleEnte => "codice_fiscale_ente",
            Self::IndirizzoEnte => "indirizzo_ente",
            Self::Comune => "comune",
            Self::Cap => "cap",
            Self::MailEnte => "mail_ente",
            Self::TelefonoEnte => "telefono_ente",
            Self::Ore => "ore",
            Self::Inizio => "inizio",
            Self::Fine => "fine",
            Self::Costo => "costo_centesimi",
            Self::Esito => "esito",
            Self::Finalita => "finalita",
        }
    }
}

/// A rule the course breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemaCorso {
    pub campo: CampoCorso,
    pub messaggio: String,
    /// The field is blank (else its value breaks a rule).
    pub vuoto: bool,
}

fn problem(campo: CampoCorso, messaggio: impl Into<String>) -> ProblemaCorso {
    ProblemaCorso {
        campo,
        messaggio: messaggio.into(),
        vuoto: false,
    }
}

fn blank(campo: CampoCorso) -> ProblemaCorso {
    ProblemaCorso {
        campo,
        messaggio: format!("{}: campo obbligatorio.", campo.etichetta()),
        vuoto: true,
    }
}

/// Whether `cf` is a numeric codice fiscale (a legal person's, 11 digits) whose last
/// digit is the check digit of the first ten (the partita IVA algorithm).
pub fn codice_fiscale_ente_valido(cf: &str) -> bool {
    let digits: Vec<u32> = cf.chars().filter_map(|c| c.to_digit(10)).collect();
    if cf.len() != 11 || digits.len() != 11 {
        return false;
    }
    let sum: u32 = digits[..10]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                *d
            } else {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            }
        })
        .sum();
    (10 - sum % 10) % 10 == digits[10]
}

impl DatiCorso {
    /// Trimmed texts, the province upper-case, a blank accreditation code as none, the
    /// e-mail lower-case.
    pub fn normalised(mut self) -> Self {
        for s in [
            &mut self.identificativo,
            &mut self.titolo,
            &mut self.denominazione_ente,
            &mut self.codice_fiscale_ente,
            &mut self.indirizzo_ente,
            &mut self.comune,
            &mut self.cap,
            &mut self.telefono_ente,
        ] {
            *s = s.trim().to_string();
        }
        self.provincia = self.provincia.trim().to_uppercase();
        self.mail_ente = self.mail_ente.trim().to_lowercase();
        self.codice_accreditamento = self
            .codice_accreditamento
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        self.finalita.retain(|s| !s.testo.is_empty());
        self
    }

    /// The Belfiore code of the course's comune, when it names one that exists today.
    pub fn belfiore(&self) -> Option<&'static str> {
        geo::belfiore_of(&self.comune, &self.provincia)
    }

    /// Every rule the course breaks, on its normalised form.
    pub fn problemi(&self) -> Vec<ProblemaCorso> {
        use CampoCorso as C;
        let d = self.clone().normalised();
        let mut out = Vec::new();
        if d.tipologia.richiede_accreditamento() && d.codice_accreditamento.is_none() {
            out.push(problem(
                C::CodiceAccreditamento,
                "Codice accreditamento regionale: obbligatorio per l’aggiornamento professionale.",
            ));
        }
        if let Some(code) = &d.codice_accreditamento
            && code.chars().count() > MAX_IDENTIFICATIVO
        {
            out.push(problem(
                C::CodiceAccreditamento,
                too_long(C::CodiceAccreditamento, MAX_IDENTIFICATIVO),
            ));
        }
        for (campo, value, max) in [
            (C::Identificativo, &d.identificativo, MAX_IDENTIFICATIVO),
            (C::Titolo, &d.titolo, MAX_TITOLO),
            (C::DenominazioneEnte, &d.denominazione_ente, MAX_TESTO),
            (C::IndirizzoEnte, &d.indirizzo_ente, MAX_TESTO),
        ] {
            if value.is_empty() {
                out.push(blank(campo));
            } else if value.chars().count() > max {
                out.push(problem(campo, too_long(campo, max)));
            } else if value.chars().any(char::is_control) {
                out.push(problem(
                    campo,
                    format!("{}: caratteri non ammessi.", campo.etichetta()),
                ));
            }
        }
        if d.codice_fiscale_ente.is_empty() {
            out.push(blank(C::CodiceFiscaleEnte));
        } else if !codice_fiscale_ente_valido(&d.codice_fiscale_ente) {
            out.push(problem(
                C::CodiceFiscaleEnte,
                "Codice fiscale ente non valido: 11 cifre con il carattere di controllo corretto.",
            ));
        }
        if d.comune.is_empty() {
            out.push(blank(C::Comune));
        } else if d.belfiore().is_none() {
            out.push(problem(
                C::Comune,
                format!("Comune non trovato: «{} ({})».", d.comune, d.provincia),
            ));
        }
        // **Assumed**: the comuni dataset has no CAP, so only its form is checked.
        if d.cap.is_empty() {
            out.push(blank(C::Cap));
        } else if d.cap.len() != 5 || !d.cap.chars().all(|c| c.is_ascii_digit()) {
            out.push(problem(C::Cap, "Cap non valido: 5 cifre."));
        }
        if d.mail_ente.is_empty() {
            out.push(blank(C::MailEnte));
        }
        if d.telefono_ente.is_empty() {
            out.push(blank(C::TelefonoEnte));
        }
        let contacts = Contacts {
            phone: Some(d.telefono_ente.clone()).filter(|p| !p.is_empty()),
            mobile: None,
            email: Some(d.mail_ente.clone()).filter(|m| !m.is_empty()),
        };
        for p in contacts.problems() {
            let campo = match p.field {
                ContactField::Email => C::MailEnte,
                ContactField::Phone | ContactField::Mobile => C::TelefonoEnte,
            };
            out.push(problem(campo, p.message));
        }
        if d.ore == 0 {
            out.push(problem(C::Ore, "Ore attività: almeno un’ora."));
        } else if d.ore > MAX_ORE {
            out.push(problem(
                C::Ore,
                format!("Ore attività: al massimo {MAX_ORE}."),
            ));
        }
        if d.fine < d.inizio {
            out.push(problem(C::Fine, "Fine corso: non prima dell’inizio."));
        }
        if d.costo_centesimi > MAX_COSTO_CENTESIMI {
            out.push(problem(
                C::Costo,
                "Costo attività: al massimo 1.000.000 euro.",
            ));
        }
        if !d.tipologia.esiti().contains(&d.esito) {
            let ammessi: Vec<&str> = d.tipologia.esiti().iter().map(|e| e.etichetta()).collect();
            out.push(problem(
                C::Esito,
                format!(
                    "Esito non previsto per «{}»: {}.",
                    d.tipologia.etichetta(),
                    ammessi.join(" oppure ")
                ),
            ));
        }
        let chars: usize = d.finalita.iter().map(|s| s.testo.chars().count()).sum();
        if chars == 0 || d.finalita.iter().all(|s| s.testo.trim().is_empty()) {
            out.push(blank(C::Finalita));
        } else if chars > MAX_FINALITA || d.finalita.len() > MAX_SEGMENTI {
            out.push(problem(C::Finalita, too_long(C::Finalita, MAX_FINALITA)));
        } else if d
            .finalita
            .iter()
            .any(|s| s.testo.chars().any(|c| c.is_control() && c != '\n'))
        {
            out.push(problem(
                C::Finalita,
                "Finalità corso: caratteri non ammessi.",
            ));
        }
        out
    }
}

fn too_long(campo: CampoCorso, max: usize) -> String {
    format!("{}: al massimo {max} caratteri.", campo.etichetta())
}

/// Where a course is in its workflow (seed 004's flags: "Richiesta validazione",
/// "Validato", "Cancellato").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatoCorso {
    /// Saved as often as needed, edited, deleted.
    Bozza,
    /// Locked, waiting for the regional office.
    InValidazione,
    /// Usable in personal plans, visible to every user.
    Validato,
    /// Withdrawn after the request: visible, marked, no longer usable.
    Cancellato,
}

impl StatoCorso {
    pub fn etichetta(self) -> &'static str {
        match self {
            Self::Bozza => "Bozza",
            Self::InValidazione => "In validazione",
            Self::Validato => "Validato",
            Self::Cancellato => "Cancellato",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bozza => "bozza",
            Self::InValidazione => "in_validazione",
            Self::Validato => "validato",
            Self::Cancellato => "cancellato",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Bozza,
            Self::InValidazione,
            Self::Validato,
            Self::Cancellato,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// Who acts on a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attore {
    /// The training provider that owns the course.
    Ente,
    /// The regional office (the "validatore" role).
    Regione,
}

/// What can be done to a course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "azione", rename_all = "snake_case")]
pub enum AzioneCorso {
    /// "Salva": replaces the data of a draft.
    Salva,
    /// "Elimina": deletes a draft for good.
    Elimina,
    /// "Richiedi validazione": locks the course and sends it to the regional office.
    RichiediValidazione,
    /// "Valida": the regional office makes the course usable.
    Valida,
    /// Sent back to the provider as a draft, with the reason (**assumed**: the seed
    /// does not say what the office does with a course it does not validate).
    Rinvia { motivo: String },
    /// "Cancella corso": a requested or validated course withdrawn, still visible.
    Cancella,
    /// "Duplica": a new draft with every field but the dates of a validated course.
    Duplica,
}

impl AzioneCorso {
    pub fn etichetta(&self) -> &'static str {
        match self {
            Self::Salva => "Salva",
            Self::Elimina => "Elimina",
            Self::RichiediValidazione => "Richiedi validazione",
            Self::Valida => "Valida",
            Self::Rinvia { .. } => "Rinvia all’ente",
            Self::Cancella => "Cancella corso",
            Self::Duplica => "Duplica",
        }
    }

    /// Who may do it.
    pub fn attore(&self) -> Attore {
        match self {
            Self::Valida | Self::Rinvia { .. } => Attore::Regione,
            _ => Attore::Ente,
        }
    }

    /// The state after this action from `stato` (for `Elimina` and `Duplica`, the
    /// state the course must be in, which they leave as it is), or why not, in
    /// Italian.
    pub fn applica(&self, stato: StatoCorso) -> Result<StatoCorso, &'static str> {
        use StatoCorso as S;
        match (self, stato) {
            (Self::Salva | Self::Elimina, S::Bozza) => Ok(S::Bozza),
            (Self::Salva, _) => {
                Err("Il corso non si modifica più: la validazione è già stata richiesta.")
            }
            (Self::Elimina, _) => Err(
                "Si eliminano solo i corsi non ancora inviati per la validazione: usa «Cancella corso».",
            ),
            (Self::RichiediValidazione, S::Bozza) => Ok(S::InValidazione),
            (Self::RichiediValidazione, _) => Err("La validazione è già stata richiesta."),
            (Self::Valida | Self::Rinvia { .. }, S::InValidazione) => {
                Ok(if matches!(self, Self::Valida) {
                    S::Validato
                } else {
                    S::Bozza
                })
            }
            (Self::Valida | Self::Rinvia { .. }, _) => {
                Err("Il corso non è in attesa di validazione.")
            }
            (Self::Cancella, S::InValidazione | S::Validato) => Ok(S::Cancellato),
            (Self::Cancella, S::Bozza) => Err("Una bozza non si cancella: si elimina."),
            (Self::Cancella, S::Cancellato) => Err("Il corso è già cancellato."),
            (Self::Duplica, S::Validato) => Ok(S::Validato),
            (Self::Duplica, _) => Err("Si duplicano solo i corsi validati."),
        }
    }

    /// The actions `attore` may take on a course in `stato`, in the seed's toolbar order.
    pub fn ammesse(stato: StatoCorso, attore: Attore) -> Vec<AzioneCorso> {
        [
            Self::Salva,
            Self::Elimina,
            Self::RichiediValidazione,
            Self::Valida,
            Self::Rinvia {
                motivo: String::new(),
            },
            Self::Cancella,
            Self::Duplica,
        ]
        .into_iter()
        .filter(|a| a.attore() == attore && a.applica(stato).is_ok())
        .collect()
    }
}

#[cfg(test)]
mod tests;
