//! "Prenota un appuntamento" (seed 003) at the CPI desk: the desks of the session's
//! CPIs with their hours, the free slots (computed here from the kept availability and
//! bookings, offline; the server decides at the sync), booking a slot for a citizen,
//! moving, cancelling, marking missed or held with the outcome, the day/week agenda,
//! and the booking's receipt through the receipt builder.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Duration, Local, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use sportello_core::cpi::agenda::{StatoPrenotazione, TipoEvento, giorno, ora_locale, slots};
use sportello_protocol::agenda::{DatiSportello, NuovaPrenotazione, Prenotazione, Sportello};
use sportello_store::Store;
use sportello_sync::agenda::{Cambio, record};
use uuid::Uuid;

use crate::documents::{self, DocumentReport, ReceiptRequest};
use crate::{AppError, Result};

const ORA: &str = "%Y-%m-%dT%H:%M:%S";

/// Longest agenda one view asks (a month and a bit).
pub const MAX_GIORNI: i64 = 62;

/// A desk as the agenda shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SportelloView {
    pub id: String,
    pub filiale: String,
    pub nome: String,
    pub indirizzo: String,
    pub email: String,
    pub telefono: String,
    /// "Lunedì 09:00–13:00 (tutti i colloqui)".
    pub orari: Vec<String>,
    /// "08/12/2026: chiuso (Immacolata Concezione)".
    pub eccezioni: Vec<String>,
}

/// A booking as the agenda and the citizen's sheet show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrenotazioneView {
    pub id: String,
    pub sportello: String,
    pub sportello_nome: String,
    pub codice_fiscale: String,
    pub cittadino: String,
    pub tipo: String,
    pub tipo_etichetta: String,
    /// `YYYY-MM-DDTHH:MM:SS`, the desk's time.
    pub inizio: String,
    /// dd/mm/yyyy.
    pub data: String,
    /// HH:MM–HH:MM.
    pub orario: String,
    pub minuti: u32,
    /// `prenotato`, `annullato`, `spostato`, `non_presentato`, `svolto`.
    pub stato: String,
    pub stato_etichetta: String,
    /// The reason of a cancellation or the outcome of a held interview.
    pub nota: String,
    /// What may be done now: `sposta`, `annulla`, `non_presentato`, `svolto`.
    pub azioni: Vec<String>,
    /// Made or changed here, not yet sent.
    pub in_attesa: bool,
}

/// One day of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GiornoAgenda {
    /// `YYYY-MM-DD`.
    pub data: String,
    /// "Lunedì 07/12/2026".
    pub etichetta: String,
    pub prenotazioni: Vec<PrenotazioneView>,
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| AppError::Internal(format!("agenda locale illeggibile: {e}")))
}

fn orari(s: &Sportello) -> (Vec<String>, Vec<String>) {
    let tutti = TipoEvento::TUTTI.len();
    let settimana = s
        .dati
        .disponibilita
        .settimana
        .iter()
        .map(|f| {
            let eventi = if f.eventi.len() == tutti {
                "tutti i colloqui".to_string()
            } else {
                f.eventi
                    .iter()
                    .map(|e| e.etichetta())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "{} {}–{} ({eventi})",
                giorno(f.giorno),
                f.dalle.format("%H:%M"),
                f.alle.format("%H:%M")
            )
        })
        .collect();
    let eccezioni = s
        .dati
        .disponibilita
        .eccezioni
        .iter()
        .map(|e| {
            let quando = if e.fasce.is_empty() {
                "chiuso".to_string()
            } else {
                e.fasce
                    .iter()
                    .map(|o| format!("{}–{}", o.dalle.format("%H:%M"), o.alle.format("%H:%M")))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("{}: {quando} ({})", e.data.format("%d/%m/%Y"), e.motivo)
        })
        .collect();
    (settimana, eccezioni)
}

fn sportello_view(s: &Sportello) -> SportelloView {
    let (orari, eccezioni) = orari(s);
    SportelloView {
        id: s.id.to_string(),
        filiale: s.dati.filiale.clone(),
        nome: s.dati.nome.clone(),
        indirizzo: s.dati.indirizzo.clone(),
        email: s.dati.email.clone(),
        telefono: s.dati.telefono.clone(),
        orari,
        eccezioni,
    }
}

fn desk(store: &Store, id: &str) -> Result<Sportello> {
    let row = store
        .sportello(id.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("sportello sconosciuto: {id}")))?;
    parse(&row.record)
}

/// A desk as its form shows it: times `HH:MM`, days `YYYY-MM-DD`, weekdays 1 (Monday)
/// to 7, interview types by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SportelloForm {
    pub filiale: String,
    pub nome: String,
    pub indirizzo: String,
    pub email: String,
    pub telefono: String,
    pub fasce: Vec<FasciaForm>,
    pub eccezioni: Vec<EccezioneForm>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FasciaForm {
    pub giorno: u8,
    pub dalle: String,
    pub alle: String,
    pub eventi: Vec<String>,
}

/// A day closed (no hours) or open at other hours, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EccezioneForm {
    pub data: String,
    pub dalle: String,
    pub alle: String,
    pub motivo: String,
}

fn hhmm(label: &str, s: &str) -> Result<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| AppError::InvalidInput(format!("{label}: «{s}» non è un orario (HH:MM)")))
}

impl SportelloForm {
    /// The form of desk `id`, or an empty one for a new desk of `filiale`.
    pub fn di(store: &Store, id: Option<&str>, filiale: &str) -> Result<SportelloForm> {
        let Some(id) = id else {
            return Ok(SportelloForm {
                filiale: filiale.into(),
                nome: String::new(),
                indirizzo: String::new(),
                email: String::new(),
                telefono: String::new(),
                fasce: vec![],
                eccezioni: vec![],
            });
        };
        let d = desk(store, id)?.dati;
        let t = |t: chrono::NaiveTime| t.format("%H:%M").to_string();
        Ok(SportelloForm {
            filiale: d.filiale,
            nome: d.nome,
            indirizzo: d.indirizzo,
            email: d.email,
            telefono: d.telefono,
            fasce: d
                .disponibilita
                .settimana
                .iter()
                .map(|f| FasciaForm {
                    giorno: f.giorno.number_from_monday() as u8,
                    dalle: t(f.dalle),
                    alle: t(f.alle),
                    eventi: f.eventi.iter().map(|e| e.as_str().to_string()).collect(),
                })
                .collect(),
            eccezioni: d
                .disponibilita
                .eccezioni
                .iter()
                .map(|e| EccezioneForm {
                    data: e.data.to_string(),
                    dalle: e.fasce.first().map(|o| t(o.dalle)).unwrap_or_default(),
                    alle: e.fasce.first().map(|o| t(o.alle)).unwrap_or_default(),
                    motivo: e.motivo.clone(),
                })
                .collect(),
        })
    }

    /// The wire's desk, or what is wrong in words.
    fn dati(&self) -> Result<DatiSportello> {
        use sportello_core::cpi::agenda::{Disponibilita, Eccezione, Fascia, Orario};
        let settimana = self
            .fasce
            .iter()
            .map(|f| {
                let giorno = match f.giorno {
                    1..=7 => chrono::Weekday::try_from(f.giorno - 1)
                        .map_err(|_| AppError::InvalidInput("giorno non valido".into()))?,
                    _ => return Err(AppError::InvalidInput("giorno non valido".into())),
                };
                let eventi = f
                    .eventi
                    .iter()
                    .map(|e| tipo(e))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Fascia {
                    giorno,
                    dalle: hhmm(self::giorno(giorno), &f.dalle)?,
                    alle: hhmm(self::giorno(giorno), &f.alle)?,
                    eventi,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let eccezioni = self
            .eccezioni
            .iter()
            .map(|e| {
                let data = NaiveDate::parse_from_str(e.data.trim(), "%Y-%m-%d").map_err(|_| {
                    AppError::InvalidInput(format!("eccezione: «{}» non è una data", e.data))
                })?;
                let fasce = if e.dalle.trim().is_empty() && e.alle.trim().is_empty() {
                    vec![]
                } else {
                    let quando = data.format("%d/%m/%Y").to_string();
                    vec![Orario {
                        dalle: hhmm(&quando, &e.dalle)?,
                        alle: hhmm(&quando, &e.alle)?,
                    }]
                };
                Ok(Eccezione {
                    data,
                    fasce,
                    motivo: e.motivo.trim().to_string(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(DatiSportello {
            filiale: self.filiale.trim().to_string(),
            nome: self.nome.trim().to_string(),
            indirizzo: self.indirizzo.trim().to_string(),
            email: self.email.trim().to_string(),
            telefono: self.telefono.trim().to_string(),
            disponibilita: Disponibilita {
                settimana,
                eccezioni,
            },
        })
    }
}

/// Saves the desk's form (a new desk without `id`), judged as the server judges it.
pub fn salva_form(
    store: &mut Store,
    id: Option<&str>,
    form: &SportelloForm,
) -> Result<SportelloView> {
    salva_sportello(store, id, form.dati()?)
}

/// Creates (no `id`) or changes a desk of one of the session's CPIs: its contacts, its
/// weekly hours and exceptions, judged by the same rules as the server's, offline.
pub fn salva_sportello(
    store: &mut Store,
    id: Option<&str>,
    dati: DatiSportello,
) -> Result<SportelloView> {
    let problemi = dati.problemi();
    if !problemi.is_empty() {
        return Err(AppError::InvalidInput(problemi.join(" ")));
    }
    if !store.branches()?.iter().any(|b| b.code == dati.filiale) {
        return Err(AppError::InvalidInput(format!(
            "il CPI {} non è tra quelli della sessione",
            dati.filiale
        )));
    }
    let id = match id {
        None => Uuid::new_v4(),
        Some(id) => {
            let old = desk(store, id)?;
            if old.dati.filiale != dati.filiale {
                return Err(AppError::InvalidInput(
                    "uno sportello non cambia CPI: se ne crea uno nuovo".into(),
                ));
            }
            old.id
        }
    };
    store.write(|tx| record(tx, &Cambio::Sportello { id, dati }))?;
    Ok(sportello_view(&desk(store, &id.to_string())?))
}

/// A desk's description from a JSON file (the wire's shape), at most 256 KB.
pub fn leggi_sportello(file: &Path) -> Result<DatiSportello> {
    use std::io::Read;
    const MAX: u64 = 256 * 1024;
    let named =
        |e: &dyn std::fmt::Display| AppError::InvalidInput(format!("{}: {e}", file.display()));
    let mut text = String::new();
    std::fs::File::open(file)
        .map_err(|e| named(&e))?
        .take(MAX + 1)
        .read_to_string(&mut text)
        .map_err(|e| named(&e))?;
    if text.len() as u64 > MAX {
        return Err(named(
            &"file troppo grande per uno sportello (al massimo 256 KB)",
        ));
    }
    serde_json::from_str(&text).map_err(|e| named(&e))
}

/// The interview types with their labels and durations, as the booking form lists them.
pub fn tipi() -> Vec<crate::offerte::VoceView> {
    TipoEvento::TUTTI
        .iter()
        .map(|t| crate::offerte::VoceView {
            codice: t.as_str().into(),
            descrizione: format!("{} ({} minuti)", t.etichetta(), t.minuti()),
        })
        .collect()
}

/// The desks of the session's CPIs.
pub fn sportelli(store: &Store) -> Result<Vec<SportelloView>> {
    store
        .sportelli()?
        .iter()
        .map(|r| Ok(sportello_view(&parse(&r.record)?)))
        .collect()
}

fn stato_code(s: &StatoPrenotazione) -> (&'static str, String) {
    match s {
        StatoPrenotazione::Prenotato => ("prenotato", String::new()),
        StatoPrenotazione::Annullato { motivo } => ("annullato", motivo.clone()),
        StatoPrenotazione::Spostato { .. } => ("spostato", String::new()),
        StatoPrenotazione::NonPresentato => ("non_presentato", String::new()),
        StatoPrenotazione::Svolto { esito } => ("svolto", esito.clone()),
    }
}

/// The desks' names by id, read once for a list of bookings.
fn desk_names(store: &Store) -> Result<HashMap<Uuid, String>> {
    store
        .sportelli()?
        .iter()
        .map(|r| parse::<Sportello>(&r.record).map(|s| (s.id, s.dati.nome)))
        .collect()
}

fn view(
    store: &Store,
    names: &HashMap<Uuid, String>,
    p: &Prenotazione,
    in_attesa: bool,
    now: NaiveDateTime,
) -> Result<PrenotazioneView> {
    let nome = names.get(&p.sportello).cloned().unwrap_or_default();
    let cittadino = store
        .candidate_name(&p.codice_fiscale)?
        .map(|(surname, name)| format!("{surname} {name}"))
        .unwrap_or_default();
    let (stato, nota) = stato_code(&p.stato);
    let azioni = if !p.stato.occupa() {
        vec![]
    } else if now < p.inizio {
        vec!["sposta".into(), "annulla".into()]
    } else {
        vec!["non_presentato".into(), "svolto".into()]
    };
    Ok(PrenotazioneView {
        id: p.id.to_string(),
        sportello: p.sportello.to_string(),
        sportello_nome: nome,
        codice_fiscale: p.codice_fiscale.clone(),
        cittadino,
        tipo: p.tipo.as_str().into(),
        tipo_etichetta: p.tipo.etichetta().into(),
        inizio: p.inizio.format(ORA).to_string(),
        data: p.inizio.format("%d/%m/%Y").to_string(),
        orario: format!("{}–{}", p.inizio.format("%H:%M"), p.fine().format("%H:%M")),
        minuti: p.minuti,
        stato: stato.into(),
        stato_etichetta: p.stato.etichetta().into(),
        nota,
        azioni,
        in_attesa,
    })
}

fn lookup(store: &Store, id: &str) -> Result<(Prenotazione, bool)> {
    let row = store
        .prenotazione(id.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("prenotazione sconosciuta: {id}")))?;
    Ok((
        parse(&row.record)?,
        row.server.as_deref() != Some(row.record.as_str()),
    ))
}

fn tipo(code: &str) -> Result<TipoEvento> {
    TipoEvento::parse(code.trim()).ok_or_else(|| {
        AppError::InvalidInput(format!(
            "tipo di colloquio «{code}» non previsto: iscrizione_cpi, stesura_cv, ricerca_lavoro o attivazione_tirocini"
        ))
    })
}

fn span(dal: NaiveDate, giorni: i64) -> Result<(String, String)> {
    if !(1..=MAX_GIORNI).contains(&giorni) {
        return Err(AppError::InvalidInput(format!(
            "l'agenda si chiede da 1 a {MAX_GIORNI} giorni"
        )));
    }
    let al = dal
        .checked_add_signed(Duration::days(giorni))
        .ok_or_else(|| AppError::InvalidInput("data fuori calendario".into()))?;
    Ok((
        dal.and_hms_opt(0, 0, 0)
            .expect("midnight")
            .format(ORA)
            .to_string(),
        al.and_hms_opt(0, 0, 0)
            .expect("midnight")
            .format(ORA)
            .to_string(),
    ))
}

/// The free starts of `tipo` at the desk from `dal` for `giorni` days, as this client
/// knows them (past ones and held time left out). The time of `sposta`, a booking
/// being moved, is free for it, as the server counts it. The server decides at the
/// sync.
pub fn liberi(
    store: &Store,
    sportello: &str,
    tipo_evento: &str,
    dal: NaiveDate,
    giorni: i64,
    sposta: Option<&str>,
) -> Result<Vec<NaiveDateTime>> {
    let s = desk(store, sportello)?;
    let tipo = tipo(tipo_evento)?;
    let (da, a) = span(dal, giorni)?;
    let spostata = sposta
        .map(|id| lookup(store, id))
        .transpose()?
        .map(|(p, _)| p.id);
    let mut held: Vec<Prenotazione> = store
        .prenotazioni(&[s.id.to_string()], &da, &a)?
        .iter()
        .map(|r| parse(&r.record))
        .collect::<Result<_>>()?;
    held.retain(|p| Some(p.id) != spostata);
    let now = ora_locale(Utc::now());
    let al = dal + Duration::days(giorni - 1);
    Ok(slots(&s.dati.disponibilita, tipo, dal, al)
        .into_iter()
        .filter(|slot| slot.inizio > now)
        .filter(|slot| {
            let fine = slot.inizio + Duration::minutes(i64::from(slot.minuti));
            !held.iter().any(|p| p.sovrappone(slot.inizio, fine))
        })
        .map(|slot| slot.inizio)
        .collect())
}

/// Books `inizio` at the desk for the citizen (moving `sposta`, if named), offline:
/// the slot must be free as this client knows it; the server decides at the sync.
pub fn prenota(
    store: &mut Store,
    codice_fiscale: &str,
    sportello: &str,
    tipo_evento: &str,
    inizio: NaiveDateTime,
    sposta: Option<&str>,
) -> Result<PrenotazioneView> {
    let cf = codice_fiscale.trim().to_uppercase();
    let c = store
        .candidate(&cf)?
        .ok_or_else(|| AppError::InvalidInput(format!("candidato sconosciuto: {cf}")))?;
    let s = desk(store, sportello)?;
    if c.candidate.branch != s.dati.filiale {
        return Err(AppError::InvalidInput(format!(
            "il cittadino è del CPI {}: si prenota a uno sportello del suo CPI",
            c.candidate.branch
        )));
    }
    let tipo = tipo(tipo_evento)?;
    if !liberi(store, sportello, tipo.as_str(), inizio.date(), 1, sposta)?.contains(&inizio) {
        return Err(AppError::InvalidInput(format!(
            "le {} del {} non sono un orario libero dello sportello per questo colloquio: sceglierne un altro",
            inizio.format("%H:%M"),
            inizio.format("%d/%m/%Y")
        )));
    }
    let sposta = match sposta {
        None => None,
        Some(old) => {
            let (p, _) = lookup(store, old)?;
            p.stato
                .verso(
                    &StatoPrenotazione::Spostato {
                        nuova: String::new(),
                    },
                    p.inizio,
                    ora_locale(Utc::now()),
                )
                .map_err(|m| AppError::InvalidInput(m.to_string()))?;
            if p.codice_fiscale != cf {
                return Err(AppError::InvalidInput(
                    "si sposta solo una prenotazione dello stesso cittadino".into(),
                ));
            }
            Some(p.id)
        }
    };
    let id = Uuid::new_v4();
    let nuova = NuovaPrenotazione {
        sportello: s.id,
        codice_fiscale: cf,
        tipo,
        inizio,
        sposta,
    };
    store.write(|tx| record(tx, &Cambio::Prenota { id, nuova }))?;
    let (p, pending) = lookup(store, &id.to_string())?;
    view(
        store,
        &desk_names(store)?,
        &p,
        pending,
        ora_locale(Utc::now()),
    )
}

/// `annulla` (with the reason), `non_presentato`, `svolto` (with the outcome), judged
/// by the core's rule before it is queued.
pub fn cambia(store: &mut Store, id: &str, azione: &str, testo: &str) -> Result<PrenotazioneView> {
    let (p, _) = lookup(store, id)?;
    let testo = testo.trim().to_string();
    if testo.chars().count() > 2000 {
        return Err(AppError::InvalidInput(
            "motivo o esito: al massimo 2000 caratteri".into(),
        ));
    }
    let next = match azione.trim() {
        "annulla" => StatoPrenotazione::Annullato { motivo: testo },
        "non_presentato" => StatoPrenotazione::NonPresentato,
        "svolto" => StatoPrenotazione::Svolto { esito: testo },
        other => {
            return Err(AppError::InvalidInput(format!(
                "azione «{other}» non prevista: annulla, non_presentato o svolto (per spostare si prenota il nuovo orario)"
            )));
        }
    };
    let now = ora_locale(Utc::now());
    p.stato
        .verso(&next, p.inizio, now)
        .map_err(|m| AppError::InvalidInput(m.to_string()))?;
    store.write(|tx| {
        record(
            tx,
            &Cambio::Stato {
                id: p.id,
                stato: next,
            },
        )
    })?;
    let (p, pending) = lookup(store, &p.id.to_string())?;
    view(store, &desk_names(store)?, &p, pending, now)
}

/// The agenda of `sportelli` (all the session's when empty) from `dal` for `giorni`
/// days, day by day, bookings in time order (every state, so the day reads whole).
pub fn agenda(
    store: &Store,
    sportelli: &[String],
    dal: NaiveDate,
    giorni: i64,
) -> Result<Vec<GiornoAgenda>> {
    let (da, a) = span(dal, giorni)?;
    let now = ora_locale(Utc::now());
    let rows = store.prenotazioni(sportelli, &da, &a)?;
    let names = desk_names(store)?;
    let mut out: Vec<GiornoAgenda> = (0..giorni)
        .map(|i| {
            let d = dal + Duration::days(i);
            GiornoAgenda {
                data: d.format("%Y-%m-%d").to_string(),
                etichetta: format!(
                    "{} {}",
                    giorno(chrono::Datelike::weekday(&d)),
                    d.format("%d/%m/%Y")
                ),
                prenotazioni: vec![],
            }
        })
        .collect();
    for r in rows {
        let p: Prenotazione = parse(&r.record)?;
        let i = (p.inizio.date() - dal).num_days();
        if let Some(day) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) {
            let pending = r.server.as_deref() != Some(r.record.as_str());
            day.prenotazioni
                .push(view(store, &names, &p, pending, now)?);
        }
    }
    Ok(out)
}

/// The agenda of `sportelli` (all when empty) from `dal` for `giorni` days as a PDF to
/// print; written atomically and recorded in the audit log (it names citizens).
pub fn stampa(
    store: &mut Store,
    operator: &str,
    sportelli: &[String],
    (dal, giorni): (NaiveDate, i64),
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    let desks = sportelli_scelti(store, sportelli)?;
    let days = agenda(store, sportelli, dal, giorni)?;
    let last = dal + Duration::days(giorni - 1);
    let periodo = if giorni == 1 {
        days[0].etichetta.clone()
    } else {
        format!("{} – {}", dal.format("%d/%m/%Y"), last.format("%d/%m/%Y"))
    };
    let doc = sportello_docs::AgendaDoc {
        title: "Agenda degli appuntamenti".into(),
        reference: periodo.clone(),
        fields: vec![
            ("Periodo".into(), periodo),
            ("Sportelli".into(), desks.join(", ")),
        ],
        giorni: days
            .iter()
            .map(|g| sportello_docs::GiornoDoc {
                etichetta: g.etichetta.clone(),
                righe: g
                    .prenotazioni
                    .iter()
                    .map(|p| {
                        vec![
                            p.orario.clone(),
                            p.sportello_nome.clone(),
                            p.cittadino.clone(),
                            p.codice_fiscale.clone(),
                            p.tipo_etichetta.clone(),
                            p.stato_etichetta.clone(),
                        ]
                    })
                    .collect(),
            })
            .collect(),
    };
    let now = Local::now();
    let printed = sportello_docs::Issuer {
        agency: crate::search::export::agency_name(store)?,
        operator: operator.into(),
        at: now.fixed_offset(),
    };
    let bytes = sportello_docs::agenda_pdf(&doc, &printed);
    let prenotazioni: usize = days.iter().map(|g| g.prenotazioni.len()).sum();
    let details = serde_json::json!({
        "kind": "agenda_pdf",
        "giorni": giorni,
        "sportelli": desks.len(),
        "prenotazioni": prenotazioni,
    });
    documents::save(store, operator, now, (out, overwrite), &bytes, details)
}

/// The names of the desks asked (every desk when none is named).
fn sportelli_scelti(store: &Store, sportelli: &[String]) -> Result<Vec<String>> {
    let all = self::sportelli(store)?;
    for id in sportelli {
        if !all.iter().any(|s| &s.id == id) {
            return Err(AppError::InvalidInput(format!(
                "sportello sconosciuto: {id}"
            )));
        }
    }
    Ok(all
        .into_iter()
        .filter(|s| sportelli.is_empty() || sportelli.contains(&s.id))
        .map(|s| s.nome)
        .collect())
}

/// A citizen's bookings, newest first.
pub fn del_cittadino(store: &Store, codice_fiscale: &str) -> Result<Vec<PrenotazioneView>> {
    let now = ora_locale(Utc::now());
    let names = desk_names(store)?;
    store
        .prenotazioni_di(codice_fiscale.trim())?
        .iter()
        .map(|r| {
            let pending = r.server.as_deref() != Some(r.record.as_str());
            view(store, &names, &parse(&r.record)?, pending, now)
        })
        .collect()
}

/// The booking's receipt ("ricevuta … modalità in cui si svolgerà il colloquio"):
/// issued through the receipt builder (kept, numbered, in the audit log) and printed.
pub fn ricevuta(
    store: &mut Store,
    operator: &str,
    id: &str,
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    let (p, pending) = lookup(store, id)?;
    if !p.stato.occupa() {
        return Err(AppError::InvalidInput(format!(
            "l'appuntamento è {}: nessuna ricevuta",
            p.stato.etichetta().to_lowercase()
        )));
    }
    let s = desk(store, &p.sportello.to_string())?;
    let v = view(
        store,
        &desk_names(store)?,
        &p,
        pending,
        ora_locale(Utc::now()),
    )?;
    let request = ReceiptRequest {
        kind: "appointment".into(),
        title: format!("Prenotazione: {}", p.tipo.etichetta()),
        branch: p.filiale.clone(),
        fields: vec![
            ("Cittadino".into(), v.cittadino.clone()),
            ("Codice fiscale".into(), p.codice_fiscale.clone()),
            ("Colloquio".into(), p.tipo.etichetta().into()),
            ("Data".into(), v.data.clone()),
            ("Ora".into(), v.orario.clone()),
            ("Durata".into(), format!("{} minuti", p.minuti)),
            ("Modalità".into(), "In presenza, allo sportello".into()),
            ("Sportello".into(), s.dati.nome.clone()),
            ("Indirizzo".into(), s.dati.indirizzo.clone()),
            (
                "Contatti".into(),
                [s.dati.telefono.as_str(), s.dati.email.as_str()]
                    .iter()
                    .filter(|x| !x.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" · "),
            ),
            ("Da portare".into(), p.tipo.da_portare().into()),
        ],
        tables: vec![],
        file: None,
        file_hashed: None,
        acknowledgement: Some(if pending {
            "Prenotazione registrata allo sportello, in attesa di conferma dal sistema centrale."
                .into()
        } else {
            "Prenotazione confermata dal sistema centrale.".into()
        }),
    };
    let receipt = documents::issue_receipt(store, operator, &request, Utc::now())?;
    documents::receipt_pdf(
        store,
        operator,
        &receipt.number,
        out,
        overwrite,
        Local::now(),
    )
}
