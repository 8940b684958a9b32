//! Expressions of interest, refusals and matching: the branch's work on the citizens
//! an offer interests, offline like every change.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sportello_core::CodiceFiscale;
use sportello_core::offerte::{
    CriterioAbbinamento, Fatti, Profilo, Requisiti, StatoInteresse, esito, valuta,
};
use sportello_protocol::offerte::{
    CambioStatoInteresse, Interesse, NuovoRifiuto, Rifiuto, StatoTrasmissione,
};
use sportello_store::{OfferteFilter, Store};

use sportello_sync::offerte::{Cambio, record};
use uuid::Uuid;

use super::{comune_name, day, lookup};
use crate::documents::{self, ReceiptDto, ReceiptRequest};
use crate::{AppError, Profile, Result};

/// An expression of interest in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InteresseRiga {
    pub id: String,
    pub offerta: String,
    pub codice_offerta: String,
    pub filiale: String,
    pub codice_fiscale: String,
    pub cognome: String,
    pub nome: String,
    /// dd/mm/yyyy.
    pub data: String,
    pub origine: String,
    pub stato: String,
    pub stato_etichetta: String,
    /// The states it may move to now.
    pub prossimi: Vec<String>,
    /// "dd/mm/yyyy — chi: stato (nota)".
    pub storico: Vec<String>,
    pub in_attesa: bool,
}

fn riga(store: &Store, i: &Interesse) -> Result<InteresseRiga> {
    let id = i.id.to_string();
    Ok(InteresseRiga {
        offerta: i.offerta.to_string(),
        codice_offerta: i.codice_offerta.clone(),
        filiale: i.filiale.clone(),
        codice_fiscale: i.codice_fiscale.clone(),
        cognome: i.cognome.clone(),
        nome: i.nome.clone(),
        data: i.data.format("%d/%m/%Y").to_string(),
        origine: i.origine.etichetta().into(),
        stato: i.stato.as_str().into(),
        stato_etichetta: i.stato.etichetta().into(),
        prossimi: StatoInteresse::TUTTI
            .iter()
            .filter(|s| i.stato.verso(**s).is_ok())
            .map(|s| s.as_str().to_string())
            .collect(),
        storico: i
            .storico
            .iter()
            .map(|e| {
                let nota = e
                    .nota
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                format!(
                    "{} — {}: {}{nota}",
                    e.quando.format("%d/%m/%Y"),
                    e.chi,
                    e.stato.etichetta()
                )
            })
            .collect(),
        in_attesa: !store.pending_for(&id)?.is_empty(),
        id,
    })
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| AppError::Internal(format!("record illeggibile: {e}")))
}

/// The interests of an offer (by id or code), of a citizen, or all; newest first.
pub fn elenco(
    store: &Store,
    offerta: Option<&str>,
    codice_fiscale: Option<&str>,
) -> Result<Vec<InteresseRiga>> {
    let offerta = offerta
        .map(|o| lookup(store, o).map(|o| o.id.to_string()))
        .transpose()?;
    let cf = codice_fiscale.map(|c| c.trim().to_uppercase());
    store
        .interessi(offerta.as_deref(), cf.as_deref())?
        .iter()
        .map(|r| riga(store, &parse(&r.record)?))
        .collect()
}

/// Moves the branch's work on interest `id` forward (`contattato`, `colloquio`,
/// `assunto`, `non_idoneo`, `ritirato`), with an optional note.
pub fn avanza(store: &mut Store, id: &str, stato: &str, nota: &str) -> Result<InteresseRiga> {
    let row = store.interesse(id.trim())?.ok_or_else(|| {
        AppError::InvalidInput(format!(
            "nessuna manifestazione di interesse «{}»",
            id.trim()
        ))
    })?;
    let i: Interesse = parse(&row.record)?;
    let next = StatoInteresse::parse(stato.trim()).ok_or_else(|| {
        AppError::InvalidInput(format!(
            "stato sconosciuto «{}»: contattato, colloquio, assunto, non_idoneo o ritirato",
            stato.trim()
        ))
    })?;
    i.stato
        .verso(next)
        .map_err(|m| AppError::InvalidInput(m.to_string()))?;
    let nota = Some(nota.trim().to_string()).filter(|n| !n.is_empty());
    if nota.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Err(AppError::InvalidInput(
            "la nota ha al massimo 1000 caratteri".into(),
        ));
    }
    let cambio = Cambio::StatoInteresse {
        id: i.id,
        cambio: CambioStatoInteresse { stato: next, nota },
    };
    store.write(|tx| record(tx, &cambio, Utc::now()))?;
    let row = store
        .interesse(&i.id.to_string())?
        .ok_or_else(|| AppError::Internal("interesse sparito".into()))?;
    riga(store, &parse(&row.record)?)
}

/// Proposes a published offer to candidates: an interest of origin "proposta dalla
/// filiale" each. Candidates already interested are left out. Returns how many.
pub fn proponi(store: &mut Store, offerta: &str, codici_fiscali: &[String]) -> Result<u64> {
    let o = lookup(store, offerta)?;
    let today = Utc::now().date_naive();
    if o.stato.al(o.dati.fine_pubblicazione, today)
        != sportello_core::offerte::StatoOfferta::Pubblicata
    {
        return Err(AppError::InvalidInput(
            "si propone solo un'offerta pubblicata".into(),
        ));
    }
    let id = o.id.to_string();
    let mut made = 0;
    let now = Utc::now();
    store.write(|tx| {
        for cf in codici_fiscali {
            let cf = cf.trim().to_uppercase();
            if tx.candidate(&cf)?.is_none() {
                return Err(AppError::InvalidInput(format!(
                    "nessun candidato {cf} nell'archivio"
                )));
            }
            if !tx.interessi(Some(&id), Some(&cf))?.is_empty() {
                continue;
            }
            record(
                tx,
                &Cambio::Proponi {
                    id: Uuid::new_v4(),
                    offerta: o.id,
                    codice_fiscale: cf,
                },
                now,
            )?;
            made += 1;
        }
        Ok::<_, AppError>(())
    })?;
    Ok(made)
}

/// A refusal as the form has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RifiutoForm {
    /// Offer id or code.
    pub offerta: String,
    pub codice_fiscale: String,
    /// dd/mm/yyyy.
    pub data: String,
    /// A code of the server's `motivi_rifiuto`.
    pub motivo: String,
    pub note: String,
}

/// A "comunicazione rifiuto dell'offerta".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RifiutoRiga {
    pub id: String,
    pub codice_offerta: String,
    pub filiale: String,
    pub codice_fiscale: String,
    /// dd/mm/yyyy.
    pub data: String,
    pub motivo: String,
    pub note: String,
    pub operatore: String,
    /// `in coda` (waiting to be sent), `inviata` or `trasmessa` with the protocol.
    pub trasmissione: String,
    pub protocollo: String,
}

fn rifiuto_riga(store: &Store, r: &Rifiuto, inviato: bool) -> Result<RifiutoRiga> {
    let motivi = store.offerte_voci()?.motivi_rifiuto;
    Ok(RifiutoRiga {
        id: r.id.to_string(),
        codice_offerta: r.codice_offerta.clone(),
        filiale: r.filiale.clone(),
        codice_fiscale: r.codice_fiscale.clone(),
        data: r.data.format("%d/%m/%Y").to_string(),
        motivo: sportello_core::offerte::Voci::descrizione(&motivi, &r.motivo).into(),
        note: r.note.clone().unwrap_or_default(),
        operatore: r.operatore.clone(),
        trasmissione: match (inviato, r.trasmissione.stato) {
            (false, _) => "in coda".into(),
            (true, StatoTrasmissione::DaTrasmettere) => "inviata".into(),
            (true, StatoTrasmissione::Trasmesso) => "trasmessa".into(),
        },
        protocollo: r.trasmissione.protocollo.clone().unwrap_or_default(),
    })
}

/// Files a refusal offline: read-only once made, sent with the next sync; a receipt
/// is issued at once (its acknowledgement is the transmission's protocol, shown once
/// the server has it).
pub fn rifiuta(
    store: &mut Store,
    profile: &Profile,
    form: &RifiutoForm,
) -> Result<(RifiutoRiga, ReceiptDto)> {
    let o = lookup(store, &form.offerta)?;
    let cf = CodiceFiscale::parse(&form.codice_fiscale)
        .map_err(|e| AppError::InvalidInput(format!("codice fiscale non valido: {e}")))?
        .to_string();
    let data = day(&form.data).ok_or_else(|| {
        AppError::InvalidInput("data del rifiuto non valida: usa GG/MM/AAAA".into())
    })?;
    if data > Utc::now().date_naive() {
        return Err(AppError::InvalidInput(
            "la data del rifiuto non può essere nel futuro".into(),
        ));
    }
    let motivo = form.motivo.trim().to_uppercase();
    let motivi = store.offerte_voci()?.motivi_rifiuto;
    if !motivi.iter().any(|m| m.codice == motivo) {
        return Err(AppError::InvalidInput(format!(
            "motivo sconosciuto «{motivo}»"
        )));
    }
    let note = Some(form.note.trim().to_string()).filter(|n| !n.is_empty());
    if motivo == "ALTRO" && note.is_none() {
        return Err(AppError::InvalidInput(
            "con «Altro motivo» vanno scritte le note".into(),
        ));
    }
    let known = store.candidate(&cf)?.is_some()
        || !store
            .interessi(Some(&o.id.to_string()), Some(&cf))?
            .is_empty();
    if !known {
        return Err(AppError::InvalidInput(
            "il cittadino non è tra i candidati né tra chi ha manifestato interesse per l'offerta"
                .into(),
        ));
    }
    let operatore = crate::sync::author(store, profile)?;
    let id = Uuid::new_v4();
    let rifiuto = NuovoRifiuto {
        offerta: o.id,
        codice_fiscale: cf.clone(),
        data,
        motivo: motivo.clone(),
        note: note.clone(),
    };
    store.write(|tx| {
        record(
            tx,
            &Cambio::Rifiuto {
                id,
                rifiuto,
                operatore: operatore.clone(),
            },
            Utc::now(),
        )
    })?;
    let row = store
        .rifiuto(&id.to_string())?
        .ok_or_else(|| AppError::Internal("rifiuto sparito".into()))?;
    let r: Rifiuto = parse(&row.record)?;
    let request = ReceiptRequest {
        kind: "offer_refusal".into(),
        title: "Comunicazione rifiuto dell'offerta".into(),
        branch: o.dati.filiale.clone(),
        fields: vec![
            ("Codice offerta".into(), o.codice.clone()),
            ("Qualifica".into(), o.dati.qualifica.clone()),
            ("Codice fiscale".into(), cf),
            (
                "Data del rifiuto".into(),
                data.format("%d/%m/%Y").to_string(),
            ),
            (
                "Motivo".into(),
                sportello_core::offerte::Voci::descrizione(&motivi, &motivo).into(),
            ),
            ("Note".into(), note.unwrap_or_else(|| "—".into())),
            ("Identificativo della comunicazione".into(), id.to_string()),
        ],
        tables: vec![],
        file: None,
        file_hashed: None,
        acknowledgement: None,
    };
    let receipt = documents::issue_receipt(store, &operatore, &request, Utc::now())?;
    Ok((rifiuto_riga(store, &r, row.inviato)?, receipt))
}

/// Refusals of an offer, of a citizen, or all; newest first.
pub fn rifiuti(
    store: &Store,
    offerta: Option<&str>,
    codice_fiscale: Option<&str>,
) -> Result<Vec<RifiutoRiga>> {
    let offerta = offerta
        .map(|o| lookup(store, o).map(|o| o.id.to_string()))
        .transpose()?;
    let cf = codice_fiscale.map(|c| c.trim().to_uppercase());
    store
        .rifiuti(offerta.as_deref(), cf.as_deref())?
        .iter()
        .map(|r| rifiuto_riga(store, &parse(&r.record)?, r.inviato))
        .collect()
}

/// One criterion in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CriterioView {
    pub criterio: String,
    pub soddisfatto: bool,
    pub motivo: String,
}

/// A candidate that fits, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AbbinamentoRiga {
    pub codice_fiscale: String,
    pub cognome: String,
    pub nome: String,
    pub filiale: String,
    pub comune: String,
    /// "12 km" or blank.
    pub distanza: String,
    pub criteri: Vec<CriterioView>,
    /// Already interested in (or proposed) this offer.
    pub interessato: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Abbinamenti {
    pub offerta: String,
    pub qualifica: String,
    pub totale: u64,
    pub righe: Vec<AbbinamentoRiga>,
}

fn etichetta(k: CriterioAbbinamento) -> &'static str {
    match k {
        CriterioAbbinamento::Qualifica => "Qualifica",
        CriterioAbbinamento::Distanza => "Distanza",
        CriterioAbbinamento::TitoloStudio => "Titolo di studio",
        CriterioAbbinamento::Patenti => "Patenti",
        CriterioAbbinamento::Lingue => "Lingue",
        CriterioAbbinamento::CollocamentoMirato => "Collocamento mirato",
        CriterioAbbinamento::Disponibilita => "Disponibilità",
    }
}

/// The candidates in the session's scope that fit offer `offerta`, best first, each
/// with every criterion met or missed and why: page `offset..offset + limit`.
pub fn abbinamenti(
    store: &Store,
    offerta: &str,
    offset: usize,
    limit: usize,
) -> Result<Abbinamenti> {
    let o = lookup(store, offerta)?;
    let r = Requisiti::of(&o.dati);
    let scope = crate::sync::session_scope(store)?;
    let page = store.abbinamenti(&r, &scope, offset, limit)?;
    let id = o.id.to_string();
    let mut righe = Vec::with_capacity(page.rows.len());
    for (_, summary) in &page.rows {
        let Some(record) = store.candidate(&summary.codice_fiscale)? else {
            continue;
        };
        let a = valuta(&r, &Fatti::of(&r, &record.candidate));
        righe.push(AbbinamentoRiga {
            codice_fiscale: summary.codice_fiscale.clone(),
            cognome: summary.surname.clone(),
            nome: summary.name.clone(),
            filiale: summary.branch.clone(),
            comune: summary.comune.clone().unwrap_or_default(),
            distanza: a
                .distanza_km
                .map(|km| format!("{km:.0} km"))
                .unwrap_or_default(),
            criteri: criteri(a.criteri),
            interessato: !store
                .interessi(Some(&id), Some(&summary.codice_fiscale))?
                .is_empty(),
        });
    }
    let sedi: Vec<String> = o.dati.sedi.iter().map(|s| comune_name(s)).collect();
    Ok(Abbinamenti {
        offerta: if o.codice.is_empty() {
            id
        } else {
            o.codice.clone()
        },
        qualifica: format!("{} — {}", o.dati.qualifica, sedi.join(", ")),
        totale: page.total,
        righe,
    })
}

/// A published offer that fits a candidate, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OffertaAdatta {
    pub offerta: super::OffertaRiga,
    /// "12 km" from the nearest sede, or blank.
    pub distanza: String,
    pub criteri: Vec<CriterioView>,
    /// The candidate is already interested in (or proposed) it.
    pub interessato: bool,
}

/// The published offers in the store (the session's scope) that fit candidate
/// `codice_fiscale` by the same rule as [`abbinamenti`], best first: at most `limit`.
pub fn adatte(store: &Store, codice_fiscale: &str, limit: usize) -> Result<Vec<OffertaAdatta>> {
    let cf = codice_fiscale.trim().to_uppercase();
    let record = store.candidate(&cf)?.ok_or_else(|| {
        AppError::InvalidInput(format!(
            "nessun candidato con codice fiscale {cf} nell'archivio"
        ))
    })?;
    let profilo = Profilo::of(&record.candidate);
    let today = Utc::now().date_naive();
    let published = OfferteFilter {
        stati: vec!["pubblicata".into()],
        finite_prima_di: Some((today, false)),
        ..OfferteFilter::default()
    };
    // The rule alone for every offer; the reasons only for the ones kept.
    let mut fits = Vec::new();
    for row in store.offerte(&published)? {
        let o: sportello_protocol::offerte::Offerta = parse(&row.record)?;
        let r = Requisiti::of(&o.dati);
        let f = Fatti::tra(&r, &profilo);
        let e = esito(&r, &f.essenziali());
        if e.pertinente() {
            fits.push((e.punti(), f.distanza_km, r, f, o));
        }
    }
    fits.sort_by(|(a, da, .., x), (b, db, .., y)| {
        b.cmp(a)
            .then(da.unwrap_or(f64::MAX).total_cmp(&db.unwrap_or(f64::MAX)))
            .then(x.dati.fine_pubblicazione.cmp(&y.dati.fine_pubblicazione))
    });
    let voci = store.offerte_voci()?;
    let interested: Vec<String> = store
        .interessi(None, Some(&cf))?
        .into_iter()
        .map(|i| i.offerta)
        .collect();
    fits.into_iter()
        .take(limit)
        .map(|(.., r, f, o)| {
            let a = valuta(&r, &f);
            let offerta = super::riga(store, &o, &voci, today)?;
            Ok(OffertaAdatta {
                interessato: interested.contains(&offerta.id),
                offerta,
                distanza: a
                    .distanza_km
                    .map(|km| format!("{km:.0} km"))
                    .unwrap_or_default(),
                criteri: criteri(a.criteri),
            })
        })
        .collect()
}

fn criteri(all: Vec<sportello_core::offerte::Criterio>) -> Vec<CriterioView> {
    all.into_iter()
        .map(|c| CriterioView {
            criterio: etichetta(c.criterio).into(),
            soddisfatto: c.soddisfatto,
            motivo: c.motivo,
        })
        .collect()
}

/// What an export of interests wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EsportazioneInteressi {
    pub file: String,
    pub rows: u64,
    pub bytes: u64,
    pub audit_id: i64,
}

/// Writes the expressions of interest (of an offer, or every one in the store: the
/// session's branches, aggregated for master and super) as an xlsx list, through the
/// export path: atomically, recorded in the audit log.
pub fn esporta(
    store: &mut Store,
    profile: &Profile,
    offerta: Option<&str>,
    out: &std::path::Path,
    overwrite: bool,
) -> Result<EsportazioneInteressi> {
    use sportello_sheets::table::{self, Cell, Column, Properties, TableSpec, TableWriter};
    let rows = elenco(store, offerta, None)?;
    let operator = crate::sync::author(store, profile)?;
    let now = chrono::Local::now();
    let mut outgoing = crate::outgoing::Outgoing::create(out, overwrite)?;
    let target = outgoing.target().to_owned();
    let headers = [
        "Codice Offerta",
        "Filiale",
        "Codice fiscale",
        "Cognome",
        "Nome",
        "Data",
        "Origine",
        "Stato di lavorazione",
    ];
    let spec = TableSpec {
        sheet_name: "Manifestazioni di interesse".into(),
        columns: headers
            .iter()
            .map(|h| Column {
                header: (*h).into(),
            })
            .collect(),
        properties: Properties {
            title: "Manifestazioni di interesse".into(),
            subject: "Manifestazioni di interesse per le offerte".into(),
            author: operator.clone(),
            company: crate::search::export::agency_name(store)?,
            comment: format!(
                "Esportato con Sportello il {}",
                now.format("%d/%m/%Y %H:%M")
            ),
        },
        rows_per_sheet: table::MAX_DATA_ROWS_PER_SHEET,
    };
    let file = outgoing
        .file()
        .try_clone()
        .map_err(crate::outgoing::write_error(&target))?;
    let sheet_error = crate::search::export::sheet_error(&target);
    let mut writer = TableWriter::create(file, &crate::outgoing::folder_of(&target), spec)
        .map_err(&sheet_error)?;
    for i in &rows {
        let date = chrono::NaiveDate::parse_from_str(&i.data, "%d/%m/%Y").ok();
        writer
            .write_row(&[
                Cell::Code(&i.codice_offerta),
                Cell::Code(&i.filiale),
                Cell::Code(&i.codice_fiscale),
                Cell::Text(&i.cognome),
                Cell::Text(&i.nome),
                date.map_or(Cell::Empty, Cell::Date),
                Cell::Text(&i.origine),
                Cell::Text(&i.stato_etichetta),
            ])
            .map_err(&sheet_error)?;
    }
    let criteria = vec![
        (
            "Offerta".to_string(),
            offerta.unwrap_or("tutte").to_string(),
        ),
        ("Righe".into(), rows.len().to_string()),
        ("Esportato da".into(), operator.clone()),
    ];
    let finished = writer
        .finish("Criteri", ["Criterio", "Valore"], &criteria)
        .map_err(&sheet_error)?;
    let export = crate::outgoing::Export {
        operator: &operator,
        at: Utc::now(),
        details: serde_json::json!({"kind": "interests_xlsx", "rows": finished.rows, "offerta": offerta}),
    };
    let published = outgoing.publish(store, export)?;
    Ok(EsportazioneInteressi {
        file: published.file,
        rows: finished.rows,
        bytes: published.bytes,
        audit_id: published.audit_id,
    })
}
