//! The training-course catalogue of the Assegno per il Lavoro (seed 004): the list with
//! seed 004's search fields, the course sheet, the form checked as one types by the
//! core's rules, the workflow (draft, request, validation or sending back, cancel,
//! duplicate), all offline through the outbox; the regional office's queue; export to
//! Excel, the catalogue PDF, and the bulk import of drafts from a spreadsheet.
//!
//! Who may do what is the server's rule too: the provider the account acts for
//! (`ente`) owns its courses; the role `validatore` is the regional office.

use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::account::Role;
use sportello_core::corsi::{
    Attore, AzioneCorso, CampoCorso, DatiCorso, Esito, Segmento, StatoCorso, TipologiaCorso,
};
use sportello_core::fasce_deboli::fold;
use sportello_protocol::corsi::Corso;
use sportello_sheets::table::{Cell, Properties, SmallSheet, Value, read_workbook, write_sheets};
use sportello_store::Store;
use sportello_sync::corsi::{Cambio, record};
use uuid::Uuid;

use crate::documents::DocumentReport;
use crate::offerte::massivo::{RigaErrore, columns_of, filled_rows, text};
use crate::sync::{client_of, session_role};
use crate::{AppError, ErrorItem, Result};

/// A run of the Finalità with its formatting (never HTML: the screen renders each run
/// with its own elements).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentoView {
    pub testo: String,
    pub grassetto: bool,
    pub corsivo: bool,
    pub sottolineato: bool,
}

impl From<&Segmento> for SegmentoView {
    fn from(s: &Segmento) -> Self {
        Self {
            testo: s.testo.clone(),
            grassetto: s.grassetto,
            corsivo: s.corsivo,
            sottolineato: s.sottolineato,
        }
    }
}

impl From<&SegmentoView> for Segmento {
    fn from(s: &SegmentoView) -> Self {
        Self {
            testo: s.testo.clone(),
            grassetto: s.grassetto,
            corsivo: s.corsivo,
            sottolineato: s.sottolineato,
        }
    }
}

/// A course as the form edits it: texts as typed. The provider's codice fiscale is
/// the account's, not typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorsoForm {
    /// A `TipologiaCorso` code.
    pub tipologia: String,
    pub codice_accreditamento: String,
    pub identificativo: String,
    pub titolo: String,
    pub denominazione_ente: String,
    pub indirizzo_ente: String,
    /// `Padova (PD)`, or the name with the province in `provincia`.
    pub comune: String,
    pub provincia: String,
    pub cap: String,
    pub mail_ente: String,
    pub telefono_ente: String,
    pub ore: String,
    /// dd/mm/yyyy.
    pub inizio: String,
    pub fine: String,
    /// Euro, as typed: `1.250,50` or `1250.5`.
    pub costo: String,
    /// An `Esito` letter.
    pub esito: String,
    pub finalita: Vec<SegmentoView>,
}

fn day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .ok()
}

/// Euro as typed to cents: `1.250,50`, `1250,5`, `1250.50`, `€ 90`.
pub fn cents(text: &str) -> Option<u32> {
    let t: String = text
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || t.starts_with('-') {
        return None;
    }
    // Italian style when a comma is there (dots group thousands), else a decimal dot.
    let normal = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else {
        t
    };
    let (int, frac) = normal.split_once('.').unwrap_or((&normal, ""));
    if int.is_empty()
        || frac.len() > 2
        || !(int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let euro: u64 = int.parse().ok()?;
    let cent: u64 = format!("{frac:0<2}").parse().ok()?;
    u32::try_from(euro.checked_mul(100)?.checked_add(cent)?).ok()
}

/// Cents as Italian euro: `1.250,50`.
pub fn euro(cents: u32) -> String {
    let int = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}", cents % 100)
}

/// `Padova (PD)` → ("Padova", "PD"); otherwise the text and `provincia` as given.
fn comune_e_provincia(comune: &str, provincia: &str) -> (String, String) {
    match comune.trim().rsplit_once('(') {
        Some((name, rest)) if provincia.trim().is_empty() => (
            name.trim().to_string(),
            rest.trim_end_matches(')').trim().to_string(),
        ),
        _ => (comune.trim().to_string(), provincia.trim().to_string()),
    }
}

fn item(campo: CampoCorso, message: impl Into<String>) -> ErrorItem<String> {
    ErrorItem::new(campo.as_str().to_string(), message)
}

impl CorsoForm {
    /// The course of provider `ente`, or the fields that cannot even be read.
    pub fn dati(&self, ente: &str) -> std::result::Result<DatiCorso, Vec<ErrorItem<String>>> {
        use CampoCorso as C;
        let mut bad = Vec::new();
        let tipologia = TipologiaCorso::parse(self.tipologia.trim());
        if tipologia.is_none() {
            bad.push(item(
                C::Tipologia,
                "Tipologia corso: scegline una dall’elenco.",
            ));
        }
        let esito = Esito::parse(self.esito.trim().to_uppercase().as_str());
        if esito.is_none() {
            bad.push(item(
                C::Esito,
                "Esito/Titolo rilasciato: scegline uno dall’elenco.",
            ));
        }
        let mut date = |text: &str, campo: CampoCorso| {
            day(text).unwrap_or_else(|| {
                bad.push(item(
                    campo,
                    format!("{}: data non valida, usa GG/MM/AAAA.", campo.etichetta()),
                ));
                NaiveDate::MIN
            })
        };
        let inizio = date(&self.inizio, C::Inizio);
        let fine = date(&self.fine, C::Fine);
        let ore = self.ore.trim().parse::<u32>().unwrap_or_else(|_| {
            bad.push(item(C::Ore, "Ore attività: un numero intero da 1 in su."));
            0
        });
        let costo = cents(&self.costo).unwrap_or_else(|| {
            bad.push(item(
                C::Costo,
                "Costo attività: un importo in euro da 0 in su (ad esempio 1.250,00).",
            ));
            0
        });
        let (Some(tipologia), Some(esito)) = (tipologia, esito) else {
            return Err(bad);
        };
        if !bad.is_empty() {
            return Err(bad);
        }
        let (comune, provincia) = comune_e_provincia(&self.comune, &self.provincia);
        Ok(DatiCorso {
            tipologia,
            codice_accreditamento: Some(self.codice_accreditamento.clone()),
            identificativo: self.identificativo.clone(),
            titolo: self.titolo.clone(),
            denominazione_ente: self.denominazione_ente.clone(),
            codice_fiscale_ente: ente.to_string(),
            indirizzo_ente: self.indirizzo_ente.clone(),
            comune,
            provincia,
            cap: self.cap.clone(),
            mail_ente: self.mail_ente.clone(),
            telefono_ente: self.telefono_ente.clone(),
            ore,
            inizio,
            fine,
            costo_centesimi: costo,
            esito,
            finalita: self.finalita.iter().map(Segmento::from).collect(),
        }
        .normalised())
    }

    fn of(d: &DatiCorso) -> Self {
        let date = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        Self {
            tipologia: d.tipologia.as_str().into(),
            codice_accreditamento: d.codice_accreditamento.clone().unwrap_or_default(),
            identificativo: d.identificativo.clone(),
            titolo: d.titolo.clone(),
            denominazione_ente: d.denominazione_ente.clone(),
            indirizzo_ente: d.indirizzo_ente.clone(),
            comune: d.comune.clone(),
            provincia: d.provincia.clone(),
            cap: d.cap.clone(),
            mail_ente: d.mail_ente.clone(),
            telefono_ente: d.telefono_ente.clone(),
            ore: d.ore.to_string(),
            inizio: date(d.inizio),
            fine: date(d.fine),
            costo: euro(d.costo_centesimi),
            esito: d.esito.as_str().into(),
            finalita: d.finalita.iter().map(SegmentoView::from).collect(),
        }
    }
}

/// A type of course with the outcomes it allows, for the form's drop-downs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TipologiaView {
    pub codice: String,
    pub descrizione: String,
    /// Esito letters, seed 004's table.
    pub esiti: Vec<String>,
    pub richiede_accreditamento: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EsitoView {
    pub codice: String,
    pub descrizione: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListeCorsi {
    pub tipologie: Vec<TipologiaView>,
    pub esiti: Vec<EsitoView>,
}

pub fn liste() -> ListeCorsi {
    ListeCorsi {
        tipologie: TipologiaCorso::TUTTE
            .iter()
            .map(|t| TipologiaView {
                codice: t.as_str().into(),
                descrizione: t.etichetta().into(),
                esiti: t.esiti().iter().map(|e| e.as_str().to_string()).collect(),
                richiede_accreditamento: t.richiede_accreditamento(),
            })
            .collect(),
        esiti: Esito::TUTTI
            .iter()
            .map(|e| EsitoView {
                codice: e.as_str().into(),
                descrizione: format!("{} – {}", e.as_str(), e.etichetta()),
            })
            .collect(),
    }
}

/// Who the session is, for the catalogue.
struct Chi {
    role: Role,
    /// The provider the account acts for, as the server last said.
    ente: Option<String>,
}

fn chi(store: &Store) -> Result<Chi> {
    let (role, _, _) = session_role(store)?;
    let username = store.session()?.ok_or(AppError::NotLoggedIn)?.username;
    let ente = store
        .catalogo_corsi()?
        .filter(|c| c.utente == username)
        .and_then(|c| c.ente);
    Ok(Chi { role, ente })
}

impl Chi {
    fn owns(&self, c: &Corso) -> bool {
        self.ente.as_deref() == Some(c.dati.codice_fiscale_ente.as_str())
    }

    /// The actions this user may take on `c` now, as the core allows them.
    fn azioni(&self, c: &Corso) -> Vec<AzioneCorso> {
        let mut out = Vec::new();
        if self.owns(c) {
            out.extend(AzioneCorso::ammesse(c.stato, Attore::Ente));
        }
        if self.role == Role::Validatore {
            out.extend(AzioneCorso::ammesse(c.stato, Attore::Regione));
        }
        out
    }
}

/// Every rule the form breaks, as one types (the server judges with the same rule).
pub fn problemi(store: &Store, form: &CorsoForm) -> Result<Vec<ErrorItem<String>>> {
    let ente = chi(store)?.ente.unwrap_or_default();
    Ok(match form.dati(&ente) {
        Err(bad) => bad,
        Ok(d) => d
            .problemi()
            .into_iter()
            .map(|p| item(p.campo, p.messaggio))
            .collect(),
    })
}

/// Seed 004's search: "Codice corso", "Titolo corso", "Richiesta validazione",
/// "Validato", "Cancellato" (default No), plus type, comune and start dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorsiFiltro {
    pub codice: String,
    /// Words of the title, each must appear (any case, accents folded).
    pub titolo: String,
    /// `si`, `no`, or blank for either.
    pub richiesta_validazione: String,
    pub validato: String,
    pub cancellato: String,
    pub tipologia: String,
    pub comune: String,
    /// Start from / to, dd/mm/yyyy.
    pub dal: String,
    pub al: String,
    /// The provider's own only.
    pub solo_miei: bool,
    /// The regional office's queue: waiting for validation only.
    pub da_validare: bool,
}

impl Default for CorsiFiltro {
    fn default() -> Self {
        Self {
            codice: String::new(),
            titolo: String::new(),
            richiesta_validazione: String::new(),
            validato: String::new(),
            cancellato: "no".into(),
            tipologia: String::new(),
            comune: String::new(),
            dal: String::new(),
            al: String::new(),
            solo_miei: false,
            da_validare: false,
        }
    }
}

fn flag(wanted: &str, value: bool) -> bool {
    match fold(wanted).as_str() {
        "si" => value,
        "no" => !value,
        _ => true,
    }
}

impl CorsiFiltro {
    fn keeps(&self, c: &Corso, mio: bool) -> bool {
        // Word by word: `fold` drops the spaces too.
        let words: Vec<String> = self
            .titolo
            .split_whitespace()
            .map(fold)
            .filter(|w| !w.is_empty())
            .collect();
        let titolo = fold(&c.dati.titolo);
        let codice = self.codice.trim();
        (codice.is_empty()
            || c.codice.to_string() == codice
            || fold(&c.dati.identificativo) == fold(codice))
            && words.iter().all(|w| titolo.contains(w.as_str()))
            && flag(
                &self.richiesta_validazione,
                c.richiesta_il.is_some() && c.stato != StatoCorso::Bozza,
            )
            && flag(&self.validato, c.validato_il.is_some())
            && flag(&self.cancellato, c.stato == StatoCorso::Cancellato)
            && (self.tipologia.trim().is_empty()
                || c.dati.tipologia.as_str() == self.tipologia.trim())
            && (self.comune.trim().is_empty()
                || fold(&c.dati.comune).starts_with(&fold(&self.comune)))
            && day(&self.dal).is_none_or(|d| c.dati.inizio >= d)
            && day(&self.al).is_none_or(|d| c.dati.inizio <= d)
            && (!self.solo_miei || mio)
            && (!self.da_validare || c.stato == StatoCorso::InValidazione)
    }
}

/// A course in a list: seed 004's columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorsoRiga {
    pub id: String,
    /// "Codice corso"; blank until the server gives it.
    pub codice: String,
    pub identificativo: String,
    pub titolo: String,
    pub tipologia: String,
    pub ente: String,
    pub comune: String,
    pub inizio: String,
    pub fine: String,
    pub ore: u32,
    pub costo: String,
    pub esito: String,
    pub stato: String,
    pub stato_etichetta: String,
    /// dd/mm/yyyy, or blank.
    pub richiesta_validazione: String,
    pub validato: bool,
    pub cancellato: bool,
    /// Changes made here wait to be sent.
    pub in_attesa: bool,
    /// The user's provider owns it.
    pub mio: bool,
}

fn local_day(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%d/%m/%Y").to_string()
}

fn riga(c: &Corso, in_attesa: bool, mio: bool) -> CorsoRiga {
    let d = &c.dati;
    CorsoRiga {
        id: c.id.to_string(),
        codice: if c.codice > 0 {
            c.codice.to_string()
        } else {
            String::new()
        },
        identificativo: d.identificativo.clone(),
        titolo: d.titolo.clone(),
        tipologia: d.tipologia.etichetta().into(),
        ente: d.denominazione_ente.clone(),
        comune: format!("{} ({})", d.comune, d.provincia),
        inizio: d.inizio.format("%d/%m/%Y").to_string(),
        fine: d.fine.format("%d/%m/%Y").to_string(),
        ore: d.ore,
        costo: euro(d.costo_centesimi),
        esito: d.esito.etichetta().into(),
        stato: c.stato.as_str().into(),
        stato_etichetta: c.stato.etichetta().into(),
        richiesta_validazione: c.richiesta_il.map(local_day).unwrap_or_default(),
        validato: c.validato_il.is_some(),
        cancellato: c.stato == StatoCorso::Cancellato,
        in_attesa,
        mio,
    }
}

fn parse(text: &str) -> Result<Corso> {
    serde_json::from_str(text)
        .map_err(|e| AppError::Internal(format!("corso locale illeggibile: {e}")))
}

/// Every course kept, with whether changes of it wait to be sent.
fn kept(store: &Store) -> Result<Vec<(Corso, bool)>> {
    store
        .corsi()?
        .into_iter()
        .map(|r| {
            Ok((
                parse(&r.record)?,
                r.server.as_deref() != Some(r.record.as_str()),
            ))
        })
        .collect()
}

/// The list and what the user may do in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Corsi {
    pub righe: Vec<CorsoRiga>,
    /// The provider the user acts for (may create courses), if any.
    pub ente: Option<String>,
    /// The regional office (validates).
    pub validatore: bool,
    /// Courses waiting for validation (the office's queue).
    pub da_validare: u32,
    /// When the server last sent the catalogue (never: blank).
    pub aggiornato: bool,
}

pub fn elenco(store: &Store, filtro: &CorsiFiltro) -> Result<Corsi> {
    let who = chi(store)?;
    let all = kept(store)?;
    let da_validare = all
        .iter()
        .filter(|(c, _)| c.stato == StatoCorso::InValidazione)
        .count() as u32;
    Ok(Corsi {
        righe: all
            .iter()
            .filter(|(c, _)| filtro.keeps(c, who.owns(c)))
            .map(|(c, pending)| riga(c, *pending, who.owns(c)))
            .collect(),
        validatore: who.role == Role::Validatore,
        da_validare,
        aggiornato: store.catalogo_corsi()?.is_some(),
        ente: who.ente,
    })
}

/// A course's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorsoScheda {
    pub riga: CorsoRiga,
    pub form: CorsoForm,
    /// Every change: date, time, who, what.
    pub storico: Vec<String>,
    /// The actions allowed now: `salva`, `elimina`, `richiedi_validazione`, `valida`,
    /// `rinvia`, `cancella`, `duplica`.
    pub azioni: Vec<String>,
    /// Why the regional office sent it back, while it is a draft again.
    pub motivo_rinvio: Option<String>,
    /// Usable in a personal plan.
    pub utilizzabile: bool,
}

fn codice_azione(a: &AzioneCorso) -> &'static str {
    match a {
        AzioneCorso::Salva => "salva",
        AzioneCorso::Elimina => "elimina",
        AzioneCorso::RichiediValidazione => "richiedi_validazione",
        AzioneCorso::Valida => "valida",
        AzioneCorso::Rinvia { .. } => "rinvia",
        AzioneCorso::Cancella => "cancella",
        AzioneCorso::Duplica => "duplica",
    }
}

fn lookup(store: &Store, id: &str) -> Result<(Corso, bool)> {
    let row = store
        .corso(id.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("corso sconosciuto: {id}")))?;
    Ok((
        parse(&row.record)?,
        row.server.as_deref() != Some(row.record.as_str()),
    ))
}

pub fn scheda(store: &Store, id: &str) -> Result<CorsoScheda> {
    let who = chi(store)?;
    let (c, pending) = lookup(store, id)?;
    Ok(CorsoScheda {
        storico: c
            .storico
            .iter()
            .map(|e| {
                let mut line = format!(
                    "{} — {} — {}",
                    e.quando.with_timezone(&Local).format("%d/%m/%Y %H:%M"),
                    e.chi,
                    e.evento.etichetta()
                );
                if let Some(m) = &e.motivo {
                    line.push_str(&format!(": {m}"));
                }
                line
            })
            .collect(),
        azioni: who
            .azioni(&c)
            .iter()
            .map(|a| codice_azione(a).to_string())
            .collect(),
        motivo_rinvio: c.ultimo_rinvio().map(str::to_string),
        utilizzabile: c.utilizzabile(),
        form: CorsoForm::of(&c.dati),
        riga: riga(&c, pending, who.owns(&c)),
    })
}

fn refused(problems: Vec<ErrorItem<String>>) -> AppError {
    AppError::InvalidInput(
        problems
            .into_iter()
            .map(|p| p.message)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn provider(store: &Store) -> Result<String> {
    chi(store)?.ente.ok_or_else(|| {
        AppError::InvalidInput(
            "solo un ente di formazione inserisce corsi: l'utenza non è associata a un ente (sincronizza se lo è da poco)"
                .into(),
        )
    })
}

/// The provider's identificativo is free among its courses (but `id`'s own).
fn identificativo_libero(store: &Store, dati: &DatiCorso, id: Uuid) -> Result<()> {
    let taken = kept(store)?.into_iter().any(|(c, _)| {
        c.id != id
            && c.dati.codice_fiscale_ente == dati.codice_fiscale_ente
            && fold(&c.dati.identificativo) == fold(&dati.identificativo)
    });
    if taken {
        return Err(AppError::InvalidInput(format!(
            "Identificativo Corso «{}» già usato per un altro corso dell'ente",
            dati.identificativo
        )));
    }
    Ok(())
}

/// Saves a new draft (`id` none) or new data for a draft, offline: checked with the
/// server's rule, shown at once, sent with the next sync.
pub fn salva(store: &mut Store, id: Option<&str>, form: &CorsoForm) -> Result<CorsoScheda> {
    let ente = provider(store)?;
    let dati = form.dati(&ente).map_err(refused)?;
    let problems: Vec<ErrorItem<String>> = dati
        .problemi()
        .into_iter()
        .map(|p| item(p.campo, p.messaggio))
        .collect();
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    let id = match id {
        Some(id) => {
            let (c, _) = lookup(store, id)?;
            if !chi(store)?.owns(&c) {
                return Err(AppError::InvalidInput(
                    "solo l'ente del corso lo modifica".into(),
                ));
            }
            AzioneCorso::Salva
                .applica(c.stato)
                .map_err(|m| AppError::InvalidInput(m.to_string()))?;
            c.id
        }
        None => Uuid::new_v4(),
    };
    identificativo_libero(store, &dati, id)?;
    store.write(|tx| {
        record(
            tx,
            &Cambio::Salva {
                id,
                dati: Box::new(dati),
            },
        )
    })?;
    scheda(store, &id.to_string())
}

/// `elimina`, `richiedi_validazione`, `valida`, `rinvia` (with `motivo`), `cancella`.
pub fn azione(
    store: &mut Store,
    id: &str,
    azione: &str,
    motivo: &str,
) -> Result<Option<CorsoScheda>> {
    let (c, _) = lookup(store, id)?;
    let azione = match azione.trim() {
        "elimina" => AzioneCorso::Elimina,
        "richiedi_validazione" => AzioneCorso::RichiediValidazione,
        "valida" => AzioneCorso::Valida,
        "rinvia" => {
            let motivo = motivo.trim();
            if motivo.is_empty() || motivo.chars().count() > 1000 {
                return Err(AppError::InvalidInput(
                    "indica il motivo del rinvio all'ente (al massimo 1000 caratteri)".into(),
                ));
            }
            AzioneCorso::Rinvia {
                motivo: motivo.to_string(),
            }
        }
        "cancella" => AzioneCorso::Cancella,
        other => {
            return Err(AppError::InvalidInput(format!(
                "azione sconosciuta «{other}»: elimina, richiedi_validazione, valida, rinvia o cancella"
            )));
        }
    };
    let allowed = chi(store)?.azioni(&c);
    if !allowed
        .iter()
        .any(|a| codice_azione(a) == codice_azione(&azione))
    {
        let why = azione
            .applica(c.stato)
            .err()
            .unwrap_or(match azione.attore() {
                Attore::Ente => "solo l'ente del corso può farlo",
                Attore::Regione => "solo l'ufficio regionale valida i corsi",
            });
        return Err(AppError::InvalidInput(why.to_string()));
    }
    let deleted = azione == AzioneCorso::Elimina;
    store.write(|tx| record(tx, &Cambio::Azione { id: c.id, azione }))?;
    if deleted {
        return Ok(None);
    }
    scheda(store, &c.id.to_string()).map(Some)
}

/// "Duplica": the form of a validated course with every field but the dates, to be
/// saved as a new draft (which needs validation again).
pub fn duplica(store: &Store, id: &str) -> Result<CorsoForm> {
    let (c, _) = lookup(store, id)?;
    if !chi(store)?.owns(&c) {
        return Err(AppError::InvalidInput(
            "si duplicano solo i corsi del proprio ente".into(),
        ));
    }
    AzioneCorso::Duplica
        .applica(c.stato)
        .map_err(|m| AppError::InvalidInput(m.to_string()))?;
    Ok(CorsoForm {
        inizio: String::new(),
        fine: String::new(),
        ..CorsoForm::of(&c.dati)
    })
}

/// A new form: the provider's details from its latest course, when it has one.
pub fn nuovo_form(store: &Store) -> Result<CorsoForm> {
    let who = chi(store)?;
    let latest = kept(store)?
        .into_iter()
        .filter(|(c, _)| who.owns(c))
        .max_by_key(|(c, _)| c.storico.first().map(|e| e.quando));
    Ok(match latest {
        Some((c, _)) => CorsoForm {
            denominazione_ente: c.dati.denominazione_ente,
            indirizzo_ente: c.dati.indirizzo_ente,
            comune: c.dati.comune,
            provincia: c.dati.provincia,
            cap: c.dati.cap,
            mail_ente: c.dati.mail_ente,
            telefono_ente: c.dati.telefono_ente,
            ..CorsoForm::default()
        },
        None => CorsoForm::default(),
    })
}

/// After a sync: the catalogue as the server has it now (nothing when unchanged).
pub async fn ricevi(store: &mut Store) -> Result<bool> {
    let (_, _, token) = session_role(store)?;
    let username = store.session()?.ok_or(AppError::NotLoggedIn)?.username;
    let client = client_of(store)?;
    Ok(sportello_sync::corsi::receive(&client, store, &token, &username).await?)
}

/// seed 004's columns, in its order, for the Excel list and the import template.
const COLONNE: [&str; 19] = [
    "Codice corso",
    "Tipologia corso",
    "Codice accreditamento regionale",
    "Identificativo Corso",
    "Titolo corso",
    "Denominazione ente",
    "Codice fiscale ente",
    "Indirizzo ente",
    "Comune",
    "Provincia",
    "Cap",
    "Mail ente",
    "Telefono ente",
    "Ore attività",
    "Inizio corso",
    "Fine corso",
    "Costo attività",
    "Esito/Titolo rilasciato",
    "Finalità corso",
];

fn finalita_text(c: &DatiCorso) -> String {
    c.finalita.iter().map(|s| s.testo.as_str()).collect()
}

fn properties(store: &Store, operator: &str, title: &str) -> Result<Properties> {
    Ok(Properties {
        title: title.into(),
        subject: "Catalogo dei corsi dell'Assegno per il Lavoro".into(),
        author: operator.into(),
        company: crate::search::export::agency_name(store)?,
        comment: format!(
            "Esportato con Sportello il {}",
            Local::now().format("%d/%m/%Y %H:%M")
        ),
    })
}

pub use crate::documents::Formato;

/// Writes the courses of `filtro` as an Excel list, or the catalogue PDF of the
/// validated ones among them; atomically, recorded in the audit log.
pub fn esporta(
    store: &mut Store,
    operator: &str,
    filtro: &CorsiFiltro,
    formato: Formato,
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    let who = chi(store)?;
    let corsi: Vec<Corso> = kept(store)?
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| filtro.keeps(c, who.owns(c)))
        .filter(|c| formato == Formato::Excel || c.stato == StatoCorso::Validato)
        .collect();
    let now = Local::now();
    let (bytes, kind) = match formato {
        Formato::Excel => (workbook(store, operator, &corsi)?, "corsi_xlsx"),
        Formato::Pdf => (pdf(store, operator, &corsi, now)?, "corsi_pdf"),
    };
    let details = serde_json::json!({"kind": kind, "corsi": corsi.len()});
    crate::documents::save(store, operator, now, (out, overwrite), &bytes, details)
}

fn workbook(store: &Store, operator: &str, corsi: &[Corso]) -> Result<Vec<u8>> {
    let texts: Vec<[String; 6]> = corsi
        .iter()
        .map(|c| {
            [
                c.codice.to_string(),
                c.dati.ore.to_string(),
                euro(c.dati.costo_centesimi),
                finalita_text(&c.dati),
                c.stato.etichetta().to_string(),
                c.richiesta_il.map(local_day).unwrap_or_default(),
            ]
        })
        .collect();
    let mut columns: Vec<&str> = COLONNE.to_vec();
    columns.extend(["Stato", "Richiesta validazione", "Validato", "Cancellato"]);
    let rows = corsi
        .iter()
        .zip(&texts)
        .map(|(c, t)| {
            let d = &c.dati;
            vec![
                Cell::Code(&t[0]),
                Cell::Text(d.tipologia.etichetta()),
                Cell::Code(d.codice_accreditamento.as_deref().unwrap_or("")),
                Cell::Code(&d.identificativo),
                Cell::Text(&d.titolo),
                Cell::Text(&d.denominazione_ente),
                Cell::Code(&d.codice_fiscale_ente),
                Cell::Text(&d.indirizzo_ente),
                Cell::Text(&d.comune),
                Cell::Code(&d.provincia),
                Cell::Code(&d.cap),
                Cell::Text(&d.mail_ente),
                Cell::Code(&d.telefono_ente),
                Cell::Number(f64::from(d.ore)),
                Cell::Date(d.inizio),
                Cell::Date(d.fine),
                Cell::Number(f64::from(d.costo_centesimi) / 100.0),
                Cell::Text(d.esito.etichetta()),
                Cell::Text(&t[3]),
                Cell::Text(&t[4]),
                Cell::Text(&t[5]),
                Cell::Text(if c.validato_il.is_some() { "Sì" } else { "No" }),
                Cell::Text(if c.stato == StatoCorso::Cancellato {
                    "Sì"
                } else {
                    "No"
                }),
            ]
        })
        .collect();
    let sheet = SmallSheet {
        name: "Corsi",
        columns,
        rows,
    };
    write_sheets(&[sheet], &properties(store, operator, "Catalogo corsi")?)
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn pdf(store: &Store, operator: &str, corsi: &[Corso], now: DateTime<Local>) -> Result<Vec<u8>> {
    use sportello_docs::{CatalogoDoc, CorsoDoc, Issuer};
    let doc = CatalogoDoc {
        title: "Catalogo dei corsi validati — Assegno per il Lavoro".into(),
        reference: format!("Al {}", now.format("%d/%m/%Y")),
        fields: vec![
            ("Corsi".into(), corsi.len().to_string()),
            (
                "Stampato il".into(),
                now.format("%d/%m/%Y %H:%M").to_string(),
            ),
        ],
        corsi: corsi
            .iter()
            .map(|c| {
                let d = &c.dati;
                CorsoDoc {
                    titolo: format!("{} — {}", c.codice, d.titolo),
                    campi: vec![
                        ("Tipologia corso".into(), d.tipologia.etichetta().into()),
                        ("Ente".into(), d.denominazione_ente.clone()),
                        ("Codice fiscale ente".into(), d.codice_fiscale_ente.clone()),
                        (
                            "Sede".into(),
                            format!(
                                "{}, {} {} ({})",
                                d.indirizzo_ente, d.cap, d.comune, d.provincia
                            ),
                        ),
                        (
                            "Contatti".into(),
                            format!("{} · {}", d.mail_ente, d.telefono_ente),
                        ),
                        (
                            "Periodo".into(),
                            format!(
                                "{} – {}",
                                d.inizio.format("%d/%m/%Y"),
                                d.fine.format("%d/%m/%Y")
                            ),
                        ),
                        ("Ore attività".into(), d.ore.to_string()),
                        (
                            "Costo attività".into(),
                            format!("€ {}", euro(d.costo_centesimi)),
                        ),
                        ("Esito/Titolo rilasciato".into(), d.esito.etichetta().into()),
                        (
                            "Codice accreditamento regionale".into(),
                            d.codice_accreditamento
                                .clone()
                                .unwrap_or_else(|| "—".into()),
                        ),
                    ],
                    finalita: finalita_text(d),
                }
            })
            .collect(),
    };
    let printed = Issuer {
        agency: crate::search::export::agency_name(store)?,
        operator: operator.into(),
        at: now.fixed_offset(),
    };
    Ok(sportello_docs::catalogo_pdf(&doc, &printed))
}

/// The import template: seed 004's columns (but the catalogue's code and the
/// provider's codice fiscale, which are not typed), and the lists to choose from.
pub fn scrivi_modello(
    store: &mut Store,
    operator: &str,
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    let columns: Vec<&str> = IMPORT.to_vec();
    let tipologie: Vec<[&str; 3]> = TipologiaCorso::TUTTE
        .iter()
        .map(|t| {
            [
                t.as_str(),
                t.etichetta(),
                if t.richiede_accreditamento() {
                    "obbligatorio"
                } else {
                    "facoltativo"
                },
            ]
        })
        .collect();
    let esiti_per_tipo: Vec<String> = TipologiaCorso::TUTTE
        .iter()
        .map(|t| {
            t.esiti()
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(" oppure ")
        })
        .collect();
    let sheets = [
        SmallSheet {
            name: "Corsi",
            columns,
            rows: vec![],
        },
        SmallSheet {
            name: "Tipologie",
            columns: vec![
                "Codice",
                "Tipologia corso",
                "Codice accreditamento",
                "Esiti ammessi",
            ],
            rows: tipologie
                .iter()
                .zip(&esiti_per_tipo)
                .map(|(t, e)| {
                    vec![
                        Cell::Code(t[0]),
                        Cell::Text(t[1]),
                        Cell::Text(t[2]),
                        Cell::Text(e),
                    ]
                })
                .collect(),
        },
        SmallSheet {
            name: "Esiti",
            columns: vec!["Esito", "Esito/Titolo rilasciato"],
            rows: Esito::TUTTI
                .iter()
                .map(|e| vec![Cell::Code(e.as_str()), Cell::Text(e.etichetta())])
                .collect(),
        },
    ];
    let bytes = write_sheets(
        &sheets,
        &properties(store, operator, "Modello di importazione dei corsi")?,
    )
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let details = serde_json::json!({"kind": "corsi_template"});
    crate::documents::save(
        store,
        operator,
        Local::now(),
        (out, overwrite),
        &bytes,
        details,
    )
}

/// The import's columns (the template's first sheet).
const IMPORT: [&str; 17] = [
    "Tipologia corso",
    "Codice accreditamento regionale",
    "Identificativo Corso",
    "Titolo corso",
    "Denominazione ente",
    "Indirizzo ente",
    "Comune",
    "Provincia",
    "Cap",
    "Mail ente",
    "Telefono ente",
    "Ore attività",
    "Inizio corso",
    "Fine corso",
    "Costo attività",
    "Esito/Titolo rilasciato",
    "Finalità corso",
];

/// Most courses in one file.
pub const MAX_RIGHE_IMPORT: usize = 2_000;
const MAX_ERRORI: usize = 1_000;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportazioneCorsi {
    pub file: String,
    /// Non-blank rows read.
    pub righe: u64,
    /// Zero unless every row was right.
    pub inserite: u64,
    pub errori: Vec<RigaErrore>,
    pub errori_totali: u64,
}

/// A type as written: its code or its seed-004 label.
fn tipologia_of(text: &str) -> String {
    let f = fold(text);
    TipologiaCorso::TUTTE
        .iter()
        .find(|t| fold(t.as_str()) == f || fold(t.etichetta()) == f)
        .map_or_else(|| text.to_string(), |t| t.as_str().to_string())
}

/// An outcome as written: its letter or its label.
fn esito_of(text: &str) -> String {
    let f = fold(text);
    Esito::TUTTI
        .iter()
        .find(|e| fold(e.as_str()) == f || fold(e.etichetta()) == f)
        .map_or_else(|| text.to_string(), |e| e.as_str().to_string())
}

/// The column a field's problem is about: seed 004's label is the column's name.
fn column_of(campo: &str) -> &'static str {
    CampoCorso::parse(campo).map_or(CampoCorso::Tipologia.etichetta(), CampoCorso::etichetta)
}

/// Reads `path` with the guarded reader, checks every row with the server's rules,
/// and saves them all as drafts of the user's provider, or none.
pub fn importa(store: &mut Store, path: &Path) -> Result<ImportazioneCorsi> {
    let ente = provider(store)?;
    let sheets = read_workbook(path)
        .map_err(|e| AppError::InvalidInput(format!("il file non si può leggere: {e}")))?;
    let sheet = sheets
        .iter()
        .find(|s| s.name == "Corsi")
        .or_else(|| sheets.first())
        .ok_or_else(|| AppError::InvalidInput("il file non ha fogli".into()))?;
    let at = columns_of(sheet, &IMPORT)?;
    let rows = filled_rows(sheet);
    if rows.len() > MAX_RIGHE_IMPORT {
        return Err(AppError::InvalidInput(format!(
            "il file ha {} corsi: al massimo {MAX_RIGHE_IMPORT} per volta",
            rows.len()
        )));
    }
    let existing = kept(store)?;
    let mut seen = std::collections::HashSet::new();
    let mut errori = Vec::new();
    let mut corsi = Vec::new();
    for (n, r) in &rows {
        let cell = |i: usize| text(r.get(at[i]).unwrap_or(&Value::Empty));
        let form = CorsoForm {
            tipologia: tipologia_of(&cell(0)),
            codice_accreditamento: cell(1),
            identificativo: cell(2),
            titolo: cell(3),
            denominazione_ente: cell(4),
            indirizzo_ente: cell(5),
            comune: cell(6),
            provincia: cell(7),
            cap: cell(8),
            mail_ente: cell(9),
            telefono_ente: cell(10),
            ore: cell(11),
            inizio: cell(12),
            fine: cell(13),
            costo: cell(14),
            esito: esito_of(&cell(15)),
            finalita: vec![SegmentoView {
                testo: cell(16),
                ..SegmentoView::default()
            }],
        };
        let mut err = |colonna: &str, messaggio: String| {
            errori.push(RigaErrore {
                riga: *n,
                colonna: colonna.into(),
                messaggio,
            });
        };
        let dati = match form.dati(&ente) {
            Err(bad) => {
                bad.into_iter()
                    .for_each(|p| err(column_of(&p.code), p.message));
                continue;
            }
            Ok(d) => d,
        };
        let problems = dati.problemi();
        for p in &problems {
            err(column_of(p.campo.as_str()), p.messaggio.clone());
        }
        let key = fold(&dati.identificativo);
        let taken = existing.iter().any(|(c, _)| {
            c.dati.codice_fiscale_ente == ente && fold(&c.dati.identificativo) == key
        });
        if taken || !seen.insert(key) {
            err(
                CampoCorso::Identificativo.etichetta(),
                format!(
                    "Identificativo Corso «{}» già usato per un altro corso dell'ente.",
                    dati.identificativo
                ),
            );
        } else if problems.is_empty() {
            corsi.push(dati);
        }
    }
    let file = path.display().to_string();
    let righe = rows.len() as u64;
    if !errori.is_empty() || corsi.is_empty() {
        let errori_totali = errori.len() as u64;
        errori.truncate(MAX_ERRORI);
        return Ok(ImportazioneCorsi {
            file,
            righe,
            inserite: 0,
            errori,
            errori_totali,
        });
    }
    let inserite = corsi.len() as u64;
    store.write(|tx| {
        for dati in corsi {
            record(
                tx,
                &Cambio::Salva {
                    id: Uuid::new_v4(),
                    dati: Box::new(dati),
                },
            )?;
        }
        Ok::<_, AppError>(())
    })?;
    Ok(ImportazioneCorsi {
        file,
        righe,
        inserite,
        errori: vec![],
        errori_totali: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_amounts_read_as_typed_and_print_italian() {
        for (typed, cents_) in [
            ("1.250,50", Some(125_050)),
            ("1250,5", Some(125_050)),
            ("1250.50", Some(125_050)),
            ("€ 90", Some(9_000)),
            ("0", Some(0)),
            ("12,345", None),
            ("-5", None),
            ("dieci", None),
            ("", None),
            ("99999999999", None),
        ] {
            assert_eq!(cents(typed), cents_, "{typed:?}");
        }
        assert_eq!(euro(125_050), "1.250,50");
        assert_eq!(euro(5), "0,05");
        assert_eq!(euro(100_000_000), "1.000.000,00");
    }

    #[test]
    fn the_title_search_takes_words_in_any_order_case_and_accent() {
        let form = CorsoForm {
            tipologia: "formazione_salute_sicurezza".into(),
            titolo: "Sicurezza sul lavoro: qualità, edizione 12".into(),
            ore: "8".into(),
            inizio: "10/01/2027".into(),
            fine: "11/01/2027".into(),
            costo: "0".into(),
            esito: "A".into(),
            ..CorsoForm::default()
        };
        let dati = form.dati("01234567897").unwrap();
        let c = Corso::bozza(Uuid::new_v4(), dati, "ente", Utc::now());
        let keeps = |titolo: &str| {
            CorsiFiltro {
                titolo: titolo.into(),
                cancellato: String::new(),
                ..CorsiFiltro::default()
            }
            .keeps(&c, true)
        };
        assert!(keeps("edizione 12 SICUREZZA"));
        assert!(keeps("qualita"));
        assert!(keeps(""));
        assert!(!keeps("sicurezza edizione 13"));
        assert!(!keeps("informatica"));
    }

    #[test]
    fn the_form_names_what_it_cannot_read() {
        let form = CorsoForm {
            tipologia: "nessuna".into(),
            esito: "Z".into(),
            ore: "tante".into(),
            inizio: "31/02/2026".into(),
            fine: "01/03/2026".into(),
            costo: "gratis".into(),
            ..CorsoForm::default()
        };
        let bad: Vec<String> = form
            .dati("01234567897")
            .unwrap_err()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            bad,
            ["tipologia", "esito", "inizio", "ore", "costo_centesimi"]
        );
    }
}
