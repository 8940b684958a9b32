//! Offers (seed 001, seed 003's labels): the list with seed 003's search fields, the
//! sheet, the form checked as one types, new and edited offers and their state, all
//! offline through the outbox. Interests, refusals and matching are in [`interessi`].

pub mod interessi;
pub mod massivo;

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sportello_core::EducationLevel;
use sportello_core::codice_fiscale::belfiore;
use sportello_core::geo;
use sportello_core::offerte::{
    AzioneOfferta, CampoOfferta, DatiOfferta, StatoOfferta, UlterioriRequisiti, Voce, Voci,
};
use sportello_protocol::offerte::{Offerta, TipoEventoOfferta};
use sportello_store::{OfferteFilter, Store};
use sportello_sync::offerte::{Cambio, record};
use uuid::Uuid;

use crate::{AppError, ErrorItem, Result};

/// An entry of a coded list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoceView {
    pub codice: String,
    pub descrizione: String,
}

fn views(list: &[Voce]) -> Vec<VoceView> {
    list.iter()
        .map(|v| VoceView {
            codice: v.codice.clone(),
            descrizione: v.descrizione.clone(),
        })
        .collect()
}

/// What the forms' drop-downs offer: the server's lists and the fixed ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListeOfferte {
    pub tipi_offerta: Vec<VoceView>,
    pub tipi_contratto: Vec<VoceView>,
    pub modalita_lavoro: Vec<VoceView>,
    pub motivi_rifiuto: Vec<VoceView>,
    pub stati: Vec<VoceView>,
    pub stati_interesse: Vec<VoceView>,
    pub titoli_studio: Vec<VoceView>,
}

pub fn liste(store: &Store) -> Result<ListeOfferte> {
    let v = store.offerte_voci()?;
    let fixed = |pairs: Vec<(&str, &str)>| {
        pairs
            .into_iter()
            .map(|(c, d)| VoceView {
                codice: c.into(),
                descrizione: d.into(),
            })
            .collect()
    };
    Ok(ListeOfferte {
        tipi_offerta: views(&v.tipi_offerta),
        tipi_contratto: views(&v.tipi_contratto),
        modalita_lavoro: views(&v.modalita_lavoro),
        motivi_rifiuto: views(&v.motivi_rifiuto),
        stati: fixed(
            [
                StatoOfferta::Bozza,
                StatoOfferta::Pubblicata,
                StatoOfferta::Scaduta,
                StatoOfferta::Chiusa,
            ]
            .iter()
            .map(|s| (s.as_str(), s.etichetta()))
            .collect(),
        ),
        stati_interesse: fixed(
            sportello_core::offerte::StatoInteresse::TUTTI
                .iter()
                .map(|s| (s.as_str(), s.etichetta()))
                .collect(),
        ),
        titoli_studio: sportello_core::education::SCALE
            .iter()
            .map(|l| VoceView {
                codice: l.rank().to_string(),
                descrizione: l.label().into(),
            })
            .collect(),
    })
}

/// The fields a form's problem is about: core's `CampoOfferta`, as its `as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Campo {
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
    TitoloStudioMinimo,
}

impl From<CampoOfferta> for Campo {
    fn from(c: CampoOfferta) -> Self {
        use CampoOfferta as C;
        match c {
            C::Filiale => Self::Filiale,
            C::TipoOfferta => Self::TipoOfferta,
            C::TipoContratto => Self::TipoContratto,
            C::Qualifica => Self::Qualifica,
            C::DescrizioneQualifica => Self::DescrizioneQualifica,
            C::DescrizioneEsperienza => Self::DescrizioneEsperienza,
            C::Posti => Self::Posti,
            C::ModalitaLavoro => Self::ModalitaLavoro,
            C::Sedi => Self::Sedi,
            C::Scadenza => Self::Scadenza,
            C::FinePubblicazione => Self::FinePubblicazione,
            C::Patenti => Self::Patenti,
            C::Lingue => Self::Lingue,
        }
    }
}

/// An offer as the form edits it: texts as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OffertaForm {
    pub filiale: String,
    pub tipo_offerta: String,
    pub tipo_contratto: String,
    pub qualifica: String,
    pub descrizione_qualifica: String,
    pub esperienza_richiesta: bool,
    pub descrizione_esperienza: String,
    pub posti: String,
    pub modalita_lavoro: String,
    /// Comuni separated by commas or semicolons, as `Firenze (FI)` or Belfiore codes.
    pub sedi: String,
    /// dd/mm/yyyy.
    pub scadenza: String,
    pub fine_pubblicazione: String,
    pub partita_iva: bool,
    pub mezzi_trasporto: bool,
    pub trasferte: bool,
    pub collocamento_mirato: bool,
    /// The rank (0–9), or blank for none.
    pub titolo_studio_minimo: String,
    /// Separated by commas.
    pub patenti: String,
    pub lingue: String,
}

fn day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .ok()
}

fn list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A comune as typed: a Belfiore code, `Nome (PR)` or `Nome PR`.
pub fn comune_code(text: &str) -> Option<String> {
    let t = text.trim();
    if t.len() == 4
        && belfiore::entries(&t.to_uppercase())
            .iter()
            .any(|b| b.province != "EE")
    {
        return Some(t.to_uppercase());
    }
    let (name, prov) = match t.rsplit_once('(') {
        Some((name, rest)) => (name, rest.trim_end_matches(')')),
        None => t.rsplit_once(' ')?,
    };
    geo::belfiore_of(name, prov).map(str::to_string)
}

/// `Firenze (FI)` for a Belfiore code of a comune as it is today.
pub fn comune_name(code: &str) -> String {
    belfiore::entries(code)
        .iter()
        .rev()
        .find(|b| b.valid_to.is_none())
        .map_or_else(
            || code.to_string(),
            |b| format!("{} ({})", b.name, b.province),
        )
}

impl OffertaForm {
    /// The offer, or the fields that cannot even be read (a date, a number, a comune).
    pub fn dati(&self) -> std::result::Result<DatiOfferta, Vec<ErrorItem<Campo>>> {
        let mut bad = Vec::new();
        let mut date = |text: &str, campo: CampoOfferta| {
            day(text).unwrap_or_else(|| {
                bad.push(ErrorItem::new(
                    campo.into(),
                    format!("{}: data non valida, usa GG/MM/AAAA.", campo.etichetta()),
                ));
                NaiveDate::MIN
            })
        };
        let scadenza = date(&self.scadenza, CampoOfferta::Scadenza);
        let fine = date(&self.fine_pubblicazione, CampoOfferta::FinePubblicazione);
        let posti = self.posti.trim().parse::<u32>().unwrap_or_else(|_| {
            bad.push(ErrorItem::new(
                Campo::Posti,
                "Numero Posti Disponibili: un numero intero da 1 in su.",
            ));
            0
        });
        let mut sedi = Vec::new();
        for s in list(&self.sedi) {
            match comune_code(&s) {
                Some(code) => sedi.push(code),
                None => bad.push(ErrorItem::new(
                    Campo::Sedi,
                    format!(
                        "Sede di lavoro «{s}»: comune non trovato (scrivi ad esempio «Prato (PO)»)."
                    ),
                )),
            }
        }
        let titolo = match self.titolo_studio_minimo.trim() {
            "" => None,
            t => match t.parse::<u8>().ok().and_then(EducationLevel::from_rank) {
                Some(l) => Some(l),
                None => {
                    bad.push(ErrorItem::new(
                        Campo::TitoloStudioMinimo,
                        "Titolo di studio non previsto.",
                    ));
                    None
                }
            },
        };
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(DatiOfferta {
            filiale: self.filiale.clone(),
            tipo_offerta: self.tipo_offerta.clone(),
            tipo_contratto: self.tipo_contratto.clone(),
            qualifica: self.qualifica.clone(),
            descrizione_qualifica: self.descrizione_qualifica.clone(),
            esperienza_richiesta: self.esperienza_richiesta,
            descrizione_esperienza: Some(self.descrizione_esperienza.clone()),
            posti,
            modalita_lavoro: self.modalita_lavoro.clone(),
            sedi,
            scadenza,
            fine_pubblicazione: fine,
            requisiti: UlterioriRequisiti {
                partita_iva: self.partita_iva,
                mezzi_trasporto: self.mezzi_trasporto,
                trasferte: self.trasferte,
                collocamento_mirato: self.collocamento_mirato,
            },
            titolo_studio_minimo: titolo,
            patenti: list(&self.patenti),
            lingue: list(&self.lingue),
        }
        .normalised())
    }

    fn of(d: &DatiOfferta) -> Self {
        let date = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        OffertaForm {
            filiale: d.filiale.clone(),
            tipo_offerta: d.tipo_offerta.clone(),
            tipo_contratto: d.tipo_contratto.clone(),
            qualifica: d.qualifica.clone(),
            descrizione_qualifica: d.descrizione_qualifica.clone(),
            esperienza_richiesta: d.esperienza_richiesta,
            descrizione_esperienza: d.descrizione_esperienza.clone().unwrap_or_default(),
            posti: d.posti.to_string(),
            modalita_lavoro: d.modalita_lavoro.clone(),
            sedi: d
                .sedi
                .iter()
                .map(|s| comune_name(s))
                .collect::<Vec<_>>()
                .join(", "),
            scadenza: date(d.scadenza),
            fine_pubblicazione: date(d.fine_pubblicazione),
            partita_iva: d.requisiti.partita_iva,
            mezzi_trasporto: d.requisiti.mezzi_trasporto,
            trasferte: d.requisiti.trasferte,
            collocamento_mirato: d.requisiti.collocamento_mirato,
            titolo_studio_minimo: d
                .titolo_studio_minimo
                .map(|l| l.rank().to_string())
                .unwrap_or_default(),
            patenti: d.patenti.join(", "),
            lingue: d.lingue.join(", "),
        }
    }
}

/// The branches the operator may give an offer to.
pub(crate) fn filiali(store: &Store) -> Result<Vec<String>> {
    Ok(match crate::sync::session_scope(store)? {
        sportello_store::Scope::Branches(b) => b,
        sportello_store::Scope::All => store.branches()?.into_iter().map(|b| b.code).collect(),
    })
}

/// Every rule the form breaks, as one types (the server judges with the same rule).
pub fn problemi(store: &Store, form: &OffertaForm) -> Result<Vec<ErrorItem<Campo>>> {
    let dati = match form.dati() {
        Ok(d) => d,
        Err(bad) => return Ok(bad),
    };
    Ok(dati
        .problemi(
            &store.offerte_voci()?,
            &filiali(store)?,
            Utc::now().date_naive(),
        )
        .into_iter()
        .map(|p| ErrorItem::new(p.campo.into(), p.messaggio))
        .collect())
}

fn refused(problems: Vec<ErrorItem<Campo>>) -> AppError {
    AppError::InvalidInput(
        problems
            .into_iter()
            .map(|p| p.message)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// An offer in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OffertaRiga {
    pub id: String,
    /// Blank until the server assigns it.
    pub codice: String,
    pub qualifica: String,
    pub filiale: String,
    pub tipo_offerta: String,
    pub tipo_contratto: String,
    pub sedi: String,
    /// As of today (`scaduta` when past its end of publication).
    pub stato: String,
    pub stato_etichetta: String,
    /// dd/mm/yyyy.
    pub fine_pubblicazione: String,
    pub scadenza: String,
    pub posti: u32,
    pub interessi: u64,
    /// Changes made here and not yet sent.
    pub in_attesa: bool,
}

fn parse_offerta(json: &str) -> Result<Offerta> {
    serde_json::from_str(json).map_err(|e| AppError::Internal(format!("offerta illeggibile: {e}")))
}

fn riga(store: &Store, o: &Offerta, voci: &Voci, today: NaiveDate) -> Result<OffertaRiga> {
    let id = o.id.to_string();
    let stato = o.stato.al(o.dati.fine_pubblicazione, today);
    Ok(OffertaRiga {
        codice: o.codice.clone(),
        qualifica: o.dati.qualifica.clone(),
        filiale: o.dati.filiale.clone(),
        tipo_offerta: Voci::descrizione(&voci.tipi_offerta, &o.dati.tipo_offerta).to_string(),
        tipo_contratto: Voci::descrizione(&voci.tipi_contratto, &o.dati.tipo_contratto).to_string(),
        sedi: o
            .dati
            .sedi
            .iter()
            .map(|s| comune_name(s))
            .collect::<Vec<_>>()
            .join(", "),
        stato: stato.as_str().into(),
        stato_etichetta: stato.etichetta().into(),
        fine_pubblicazione: o.dati.fine_pubblicazione.format("%d/%m/%Y").to_string(),
        scadenza: o.dati.scadenza.format("%d/%m/%Y").to_string(),
        posti: o.dati.posti,
        interessi: store.interessi_count(&id)?,
        in_attesa: !store.pending_for(&id)?.is_empty(),
        id,
    })
}

/// Seed 003's search: every field set must hold; `stato` as of today.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfferteFiltro {
    pub qualifica: String,
    pub tipo_offerta: String,
    pub tipo_contratto: String,
    pub provincia: String,
    pub filiale: String,
    /// `bozza`, `pubblicata`, `scaduta`, `chiusa` or blank.
    pub stato: String,
}

/// The offers of the filter, latest end of publication first.
pub fn elenco(store: &Store, filtro: &OfferteFiltro) -> Result<Vec<OffertaRiga>> {
    let today = Utc::now().date_naive();
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let mut f = OfferteFilter {
        qualifica: text(&filtro.qualifica),
        tipo_offerta: text(&filtro.tipo_offerta),
        tipo_contratto: text(&filtro.tipo_contratto),
        provincia: text(&filtro.provincia).map(|p| p.to_uppercase()),
        filiale: text(&filtro.filiale).map(|p| p.to_uppercase()),
        ..OfferteFilter::default()
    };
    match filtro.stato.trim() {
        "" => {}
        "pubblicata" => {
            f.stati = vec!["pubblicata".into()];
            f.finite_prima_di = Some((today, false));
        }
        "scaduta" => {
            f.stati = vec!["pubblicata".into(), "scaduta".into()];
            f.finite_prima_di = Some((today, true));
        }
        s @ ("bozza" | "chiusa") => f.stati = vec![s.into()],
        other => {
            return Err(AppError::InvalidInput(format!(
                "stato sconosciuto «{other}»"
            )));
        }
    }
    let voci = store.offerte_voci()?;
    store
        .offerte(&f)?
        .iter()
        .map(|r| riga(store, &parse_offerta(&r.record)?, &voci, today))
        .collect()
}

/// An offer's sheet: the row, every field in words, the history, the form to edit it
/// and what may be done to it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OffertaScheda {
    pub riga: OffertaRiga,
    pub identificativo: String,
    pub descrizione_qualifica: String,
    pub esperienza: String,
    pub modalita_lavoro: String,
    /// "Ulteriori Requisiti" each as "SI"/"NO" with its label.
    pub requisiti: Vec<(String, String)>,
    pub titolo_studio_minimo: String,
    pub patenti: String,
    pub lingue: String,
    /// "dd/mm/yyyy hh:mm — chi: evento".
    pub storico: Vec<String>,
    pub form: OffertaForm,
    /// `modifica`, `pubblica`, `ripubblica`, `chiudi`, `proponi`.
    pub azioni: Vec<String>,
}

fn lookup(store: &Store, id: &str) -> Result<Offerta> {
    let row = store.offerta(id.trim())?.ok_or_else(|| {
        AppError::InvalidInput(format!("nessuna offerta «{}» nell'archivio", id.trim()))
    })?;
    parse_offerta(&row.record)
}

pub fn scheda(store: &Store, id: &str) -> Result<OffertaScheda> {
    let o = lookup(store, id)?;
    let voci = store.offerte_voci()?;
    let today = Utc::now().date_naive();
    let stato = o.stato.al(o.dati.fine_pubblicazione, today);
    let yes = |b: bool| if b { "SI" } else { "NO" }.to_string();
    let d = &o.dati;
    let mut azioni = Vec::new();
    if stato.modificabile() {
        azioni.push("modifica");
    }
    match stato {
        StatoOfferta::Bozza => azioni.push("pubblica"),
        StatoOfferta::Pubblicata => azioni.extend(["ripubblica", "chiudi", "proponi"]),
        StatoOfferta::Scaduta => azioni.extend(["ripubblica", "chiudi"]),
        StatoOfferta::Chiusa => {}
    }
    Ok(OffertaScheda {
        identificativo: o.identificativo.clone(),
        descrizione_qualifica: d.descrizione_qualifica.clone(),
        esperienza: match (&d.esperienza_richiesta, &d.descrizione_esperienza) {
            (true, Some(t)) => format!("SI — {t}"),
            _ => "NO".into(),
        },
        modalita_lavoro: Voci::descrizione(&voci.modalita_lavoro, &d.modalita_lavoro).into(),
        requisiti: vec![
            ("Possesso partita IVA".into(), yes(d.requisiti.partita_iva)),
            (
                "Mezzi di trasporto".into(),
                yes(d.requisiti.mezzi_trasporto),
            ),
            (
                "Disponibilità alle trasferte".into(),
                yes(d.requisiti.trasferte),
            ),
            (
                "Appartenenza al collocamento mirato".into(),
                yes(d.requisiti.collocamento_mirato),
            ),
        ],
        titolo_studio_minimo: d
            .titolo_studio_minimo
            .map_or("—".into(), |l| l.label().into()),
        patenti: if d.patenti.is_empty() {
            "—".into()
        } else {
            d.patenti.join(", ")
        },
        lingue: if d.lingue.is_empty() {
            "—".into()
        } else {
            d.lingue.join(", ")
        },
        storico: o
            .storico
            .iter()
            .map(|e| {
                let what = match e.evento {
                    TipoEventoOfferta::Creata => "creata",
                    TipoEventoOfferta::Modificata => "modificata",
                    TipoEventoOfferta::Pubblicata => "pubblicata",
                    TipoEventoOfferta::Ripubblicata => "ripubblicata",
                    TipoEventoOfferta::Chiusa => "chiusa",
                };
                let fine = e
                    .fine_pubblicazione
                    .map(|f| format!(" fino al {}", f.format("%d/%m/%Y")))
                    .unwrap_or_default();
                format!(
                    "{} — {}: {what}{fine}",
                    e.quando.format("%d/%m/%Y %H:%M"),
                    e.chi
                )
            })
            .collect(),
        form: OffertaForm::of(d),
        azioni: azioni.into_iter().map(String::from).collect(),
        riga: riga(store, &o, &voci, today)?,
    })
}

/// Saves a new offer (`id` none) or new data for one, offline: checked with the
/// server's rule, shown at once, sent with the next sync.
pub fn salva(store: &mut Store, id: Option<&str>, form: &OffertaForm) -> Result<OffertaScheda> {
    let problems = problemi(store, form)?;
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    let dati = form.dati().map_err(refused)?;
    let id = match id {
        Some(id) => {
            let o = lookup(store, id)?;
            if !o
                .stato
                .al(o.dati.fine_pubblicazione, Utc::now().date_naive())
                .modificabile()
            {
                return Err(AppError::InvalidInput(
                    "un'offerta scaduta o chiusa non si modifica".into(),
                ));
            }
            if o.dati.filiale != dati.filiale {
                return Err(AppError::InvalidInput(
                    "la filiale di un'offerta non cambia".into(),
                ));
            }
            o.id
        }
        None => Uuid::new_v4(),
    };
    store.write(|tx| record(tx, &Cambio::Salva { id, dati }, Utc::now()))?;
    scheda(store, &id.to_string())
}

/// `pubblica` or `ripubblica` until `fine` (dd/mm/yyyy), or `chiudi`.
pub fn cambia_stato(
    store: &mut Store,
    id: &str,
    azione: &str,
    fine: &str,
) -> Result<OffertaScheda> {
    let o = lookup(store, id)?;
    let until = || {
        day(fine).ok_or_else(|| {
            AppError::InvalidInput("data di fine pubblicazione non valida: usa GG/MM/AAAA".into())
        })
    };
    let azione = match azione.trim() {
        "pubblica" => AzioneOfferta::Pubblica {
            fine_pubblicazione: until()?,
        },
        "ripubblica" => AzioneOfferta::Ripubblica {
            fine_pubblicazione: until()?,
        },
        "chiudi" => AzioneOfferta::Chiudi,
        other => {
            return Err(AppError::InvalidInput(format!(
                "azione sconosciuta «{other}»: pubblica, ripubblica o chiudi"
            )));
        }
    };
    let today = Utc::now().date_naive();
    azione
        .applica(o.stato.al(o.dati.fine_pubblicazione, today), today)
        .map_err(|m| AppError::InvalidInput(m.to_string()))?;
    store.write(|tx| record(tx, &Cambio::Stato { id: o.id, azione }, Utc::now()))?;
    scheda(store, &o.id.to_string())
}

/// A new form: the operator's branch, publication for 30 days.
pub fn nuovo_form(store: &Store) -> Result<OffertaForm> {
    let fine = (Utc::now().date_naive() + chrono::Days::new(30))
        .format("%d/%m/%Y")
        .to_string();
    Ok(OffertaForm {
        filiale: filiali(store)?.into_iter().next().unwrap_or_default(),
        posti: "1".into(),
        scadenza: fine.clone(),
        fine_pubblicazione: fine,
        ..OffertaForm::default()
    })
}
