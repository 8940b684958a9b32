//! "Candidature" (seed 003): a citizen's application to a published offer with the
//! declaration of the requirement, the CPI's outcome set by the operator with a note
//! ("Inserita" → "Preso in carico" → "Inviata all'azienda" | "Non inviata
//! all'azienda"), the lists per offer and per citizen with seed 003's filters (date,
//! outcome, "Includi Storico") and their Excel export. Offline through the outbox.

use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use sportello_core::cpi::agenda::ora_locale;
use sportello_core::cpi::candidature::EsitoCandidatura;
use sportello_core::offerte::StatoOfferta;
use sportello_protocol::candidature::{Candidatura, NuovaCandidatura, NuovoEsito};
use sportello_protocol::offerte::Offerta;
use sportello_sheets::table::{Cell, Properties, SmallSheet, write_sheets};
use sportello_store::{CandidatureFiltro, Store};
use sportello_sync::candidature::{Cambio, record};
use uuid::Uuid;

use crate::documents::DocumentReport;
use crate::offerte::{OffertaRiga, OfferteFiltro, VoceView};
use crate::{AppError, Result};

/// An application as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CandidaturaView {
    pub id: String,
    pub offerta: String,
    pub codice_offerta: String,
    /// `Centro Impiego`: the offer's branch.
    pub filiale: String,
    /// `Data Candidatura`, dd/mm/yyyy.
    pub data: String,
    /// `Profilo Professionale`.
    pub profilo: String,
    pub codice_fiscale: String,
    pub cittadino: String,
    pub esito: String,
    /// `Esito CPI`.
    pub esito_etichetta: String,
    /// The last outcome's note.
    pub nota: String,
    /// "06/12/2026 10:30 Preso in carico (operatore.fi01)", oldest first.
    pub storico: Vec<String>,
    /// The outcomes that may be set now.
    pub esiti: Vec<String>,
    /// Made or changed here, not yet sent.
    pub in_attesa: bool,
}

/// What a list of applications shows (seed 003: "Data candidatura da/a", "Esito",
/// "Includi Storico").
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FiltroCandidature {
    /// The offer's id or code.
    pub offerta: Option<String>,
    pub codice_fiscale: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub dal: Option<NaiveDate>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub al: Option<NaiveDate>,
    /// An outcome code; none: every one.
    pub esito: Option<String>,
    /// Also the applications whose outcome is final.
    pub includi_storico: bool,
}

fn parse(text: &str) -> Result<Candidatura> {
    serde_json::from_str(text)
        .map_err(|e| AppError::Internal(format!("candidatura locale illeggibile: {e}")))
}

fn local(at: DateTime<Utc>) -> String {
    ora_locale(at).format("%d/%m/%Y %H:%M").to_string()
}

/// The outcomes, as the filters and the outcome's choice list them.
pub fn esiti() -> Vec<VoceView> {
    EsitoCandidatura::TUTTI
        .iter()
        .map(|e| VoceView {
            codice: e.as_str().into(),
            descrizione: e.etichetta().into(),
        })
        .collect()
}

fn esito_code(code: &str) -> Result<EsitoCandidatura> {
    EsitoCandidatura::parse(code.trim()).ok_or_else(|| {
        AppError::InvalidInput(format!(
            "esito «{code}» non previsto: inserita, preso_in_carico, inviata_azienda o non_inviata_azienda"
        ))
    })
}

fn view(store: &Store, c: &Candidatura, in_attesa: bool) -> Result<CandidaturaView> {
    let cittadino = store
        .candidate_name(&c.codice_fiscale)?
        .map(|(surname, name)| format!("{surname} {name}"))
        .unwrap_or_default();
    let esiti = EsitoCandidatura::TUTTI
        .into_iter()
        .filter(|e| c.esito.verso(*e, "nota").is_ok())
        .map(|e| e.as_str().to_string())
        .collect();
    Ok(CandidaturaView {
        id: c.id.to_string(),
        offerta: c.offerta.to_string(),
        codice_offerta: c.codice_offerta.clone(),
        filiale: c.filiale.clone(),
        data: ora_locale(c.data).format("%d/%m/%Y").to_string(),
        profilo: c.profilo.clone(),
        codice_fiscale: c.codice_fiscale.clone(),
        cittadino,
        esito: c.esito.as_str().into(),
        esito_etichetta: c.esito.etichetta().into(),
        nota: c.storico.last().map(|p| p.nota.clone()).unwrap_or_default(),
        storico: c
            .storico
            .iter()
            .map(|p| {
                let nota = if p.nota.is_empty() {
                    String::new()
                } else {
                    format!(": {}", p.nota)
                };
                format!(
                    "{} {} ({}){nota}",
                    local(p.quando),
                    p.esito.etichetta(),
                    p.chi
                )
            })
            .collect(),
        esiti,
        in_attesa,
    })
}

fn lookup(store: &Store, id: &str) -> Result<(Candidatura, bool)> {
    let row = store
        .candidatura(id.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("candidatura sconosciuta: {id}")))?;
    Ok((
        parse(&row.record)?,
        row.server.as_deref() != Some(row.record.as_str()),
    ))
}

fn offerta(store: &Store, id_or_code: &str) -> Result<Offerta> {
    let row = store
        .offerta(id_or_code.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("offerta sconosciuta: {id_or_code}")))?;
    serde_json::from_str(&row.record)
        .map_err(|e| AppError::Internal(format!("offerta locale illeggibile: {e}")))
}

/// The applications `f` keeps, newest first: without "Includi Storico" only those
/// whose outcome is not final yet.
pub fn elenco(store: &Store, f: &FiltroCandidature) -> Result<Vec<CandidaturaView>> {
    if let (Some(dal), Some(al)) = (f.dal, f.al)
        && al < dal
    {
        return Err(AppError::InvalidInput(
            "«Data candidatura a» precede «Data candidatura da»".into(),
        ));
    }
    let offerta = match f.offerta.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(o) => Some(offerta(store, o)?.id.to_string()),
    };
    let esito = f.esito.as_deref().map(esito_code).transpose()?;
    let esiti: Vec<String> = match esito {
        Some(e) => vec![e.as_str().into()],
        None if f.includi_storico => vec![],
        None => EsitoCandidatura::TUTTI
            .iter()
            .filter(|e| !e.finale())
            .map(|e| e.as_str().into())
            .collect(),
    };
    let rows = store.candidature(&CandidatureFiltro {
        offerta,
        codice_fiscale: f
            .codice_fiscale
            .as_deref()
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty()),
        dal: f.dal.map(|d| d.to_string()),
        al: f.al.map(|d| d.to_string()),
        esiti,
    })?;
    rows.iter()
        .map(|r| {
            let pending = r.server.as_deref() != Some(r.record.as_str());
            view(store, &parse(&r.record)?, pending)
        })
        .collect()
}

/// Whether `o` takes applications today (the desk's day): published and before its
/// `Scadenza`, as the server judges it.
fn accetta_candidature(o: &Offerta) -> bool {
    let oggi = ora_locale(Utc::now()).date();
    o.stato.al(o.dati.fine_pubblicazione, oggi) == StatoOfferta::Pubblicata
        && o.dati.scadenza >= oggi
}

/// The offers of `filiale` a citizen may apply to now, as the offers' list shows them.
pub fn offerte_aperte(store: &Store, filiale: &str) -> Result<Vec<OffertaRiga>> {
    let filtro = OfferteFiltro {
        filiale: filiale.into(),
        stato: "pubblicata".into(),
        ..OfferteFiltro::default()
    };
    let mut out = vec![];
    for riga in crate::offerte::elenco(store, &filtro)? {
        // Not numbered yet: the server has not published it.
        if !riga.codice.is_empty() && accetta_candidature(&offerta(store, &riga.id)?) {
            out.push(riga);
        }
    }
    Ok(out)
}

/// The citizen applies to the offer (its id or code), declaring the requirement:
/// judged here as the server will (a published offer still taking applications, once
/// per citizen) and queued.
pub fn candida(
    store: &mut Store,
    codice_fiscale: &str,
    id_offerta: &str,
    requisiti_dichiarati: bool,
    cv: Option<&str>,
) -> Result<CandidaturaView> {
    let cf = codice_fiscale.trim().to_uppercase();
    if store.candidate_name(&cf)?.is_none() {
        return Err(AppError::InvalidInput(format!(
            "candidato sconosciuto: {cf}"
        )));
    }
    let o = offerta(store, id_offerta)?;
    if !requisiti_dichiarati {
        return Err(AppError::InvalidInput(
            "il cittadino deve dichiarare di essere in possesso del requisito richiesto".into(),
        ));
    }
    if !accetta_candidature(&o) {
        return Err(AppError::InvalidInput(format!(
            "l'offerta {} non accetta candidature (scadenza {})",
            o.codice,
            o.dati.scadenza.format("%d/%m/%Y")
        )));
    }
    let already = store.candidature(&CandidatureFiltro {
        offerta: Some(o.id.to_string()),
        codice_fiscale: Some(cf.clone()),
        ..CandidatureFiltro::default()
    })?;
    if !already.is_empty() {
        return Err(AppError::InvalidInput(format!(
            "il cittadino è già candidato all'offerta {}",
            o.codice
        )));
    }
    let id = Uuid::new_v4();
    let cv = cv.map(|id| cv_del_cittadino(store, &cf, id)).transpose()?;
    let nuova = NuovaCandidatura {
        offerta: o.id,
        codice_fiscale: cf,
        requisiti_dichiarati,
        cv,
    };
    store.write(|tx| record(tx, &Cambio::Nuova { id, nuova }))?;
    let (c, pending) = lookup(store, &id.to_string())?;
    view(store, &c, pending)
}

/// The id of the CV `id` if it is one of the citizen's.
fn cv_del_cittadino(store: &Store, cf: &str, id: &str) -> Result<Uuid> {
    store
        .cv(id.trim())?
        .filter(|r| r.codice_fiscale == cf)
        .and_then(|r| Uuid::parse_str(&r.id).ok())
        .ok_or_else(|| AppError::InvalidInput("il CV scelto non è tra quelli del cittadino".into()))
}

/// Sets the CPI's outcome (one step forward; "non inviata" with its reason), judged by
/// the core's rule before it is queued.
pub fn esito(store: &mut Store, id: &str, esito: &str, nota: &str) -> Result<CandidaturaView> {
    let (c, _) = lookup(store, id)?;
    let next = esito_code(esito)?;
    let nota = nota.trim().to_string();
    if nota.chars().count() > 1000 {
        return Err(AppError::InvalidInput(
            "nota: al massimo 1000 caratteri".into(),
        ));
    }
    c.esito
        .verso(next, &nota)
        .map_err(|m| AppError::InvalidInput(m.to_string()))?;
    let cambio = Cambio::Esito {
        id: c.id,
        esito: NuovoEsito { esito: next, nota },
    };
    store.write(|tx| record(tx, &cambio))?;
    let (c, pending) = lookup(store, id)?;
    view(store, &c, pending)
}

/// Writes the list `f` keeps as an Excel workbook (the applications, then the
/// criteria); atomically, recorded in the audit log.
pub fn esporta(
    store: &mut Store,
    operator: &str,
    f: &FiltroCandidature,
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    let rows = elenco(store, f)?;
    let dates: Vec<Option<NaiveDate>> = rows
        .iter()
        .map(|c| NaiveDate::parse_from_str(&c.data, "%d/%m/%Y").ok())
        .collect();
    let columns = vec![
        "Codice offerta",
        "Centro Impiego",
        "Data Candidatura",
        "Profilo Professionale",
        "Codice fiscale",
        "Cittadino",
        "Esito CPI",
        "Nota",
    ];
    let sheet = SmallSheet {
        name: "Candidature",
        columns,
        rows: rows
            .iter()
            .zip(&dates)
            .map(|(c, d)| {
                vec![
                    Cell::Code(&c.codice_offerta),
                    Cell::Code(&c.filiale),
                    d.map_or(Cell::Empty, Cell::Date),
                    Cell::Text(&c.profilo),
                    Cell::Code(&c.codice_fiscale),
                    Cell::Text(&c.cittadino),
                    Cell::Text(&c.esito_etichetta),
                    Cell::Text(&c.nota),
                ]
            })
            .collect(),
    };
    let criteria = criteri(f, rows.len());
    let criteri = SmallSheet {
        name: "Criteri",
        columns: vec!["Criterio", "Valore"],
        rows: criteria
            .iter()
            .map(|(k, v)| vec![Cell::Text(k), Cell::Text(v)])
            .collect(),
    };
    let now = Local::now();
    let properties = Properties {
        title: "Candidature".into(),
        subject: "Candidature alle offerte di lavoro".into(),
        author: operator.into(),
        company: crate::search::export::agency_name(store)?,
        comment: format!(
            "Esportato con Sportello il {}",
            now.format("%d/%m/%Y %H:%M")
        ),
    };
    let bytes = write_sheets(&[sheet, criteri], &properties)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let details = serde_json::json!({"kind": "candidature_xlsx", "rows": rows.len()});
    crate::documents::save(store, operator, now, (out, overwrite), &bytes, details)
}

fn criteri(f: &FiltroCandidature, righe: usize) -> Vec<(String, String)> {
    let giorno =
        |d: Option<NaiveDate>| d.map_or("—".into(), |d| d.format("%d/%m/%Y").to_string());
    vec![
        (
            "Offerta".into(),
            f.offerta.clone().unwrap_or_else(|| "tutte".into()),
        ),
        (
            "Cittadino".into(),
            f.codice_fiscale.clone().unwrap_or_else(|| "tutti".into()),
        ),
        ("Data candidatura da".into(), giorno(f.dal)),
        ("Data candidatura a".into(), giorno(f.al)),
        (
            "Esito".into(),
            f.esito
                .as_deref()
                .and_then(EsitoCandidatura::parse)
                .map_or("-- TUTTI --".into(), |e| e.etichetta().into()),
        ),
        (
            "Includi Storico".into(),
            if f.includi_storico { "Sì" } else { "No" }.into(),
        ),
        ("Righe".into(), righe.to_string()),
    ]
}
