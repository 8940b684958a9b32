//! "Documenti da firmare" on the candidate's sheet (seed 003): the citizen's documents
//! with their trail as the seed prints it, a new one made from the SAP's data (or one
//! replacing an earlier practice), each step (taken in charge, the citizen's and the
//! operator's signatures, annulment with a reason) offline through the outbox, and the
//! document as a PDF through the documents' writer.

use std::path::Path;

use chrono::{DateTime, Local, Utc};
use serde::Serialize;
use sportello_core::cpi::documenti::{Annullamento, AzioneDocumento, Passo, TipoDocumento};
use sportello_protocol::documenti::{Documento, NuovoDocumento};
use sportello_store::Store;
use sportello_sync::documenti::{Cambio, record, stato};
use uuid::Uuid;

use crate::documents::DocumentReport;
use crate::offerte::VoceView;
use crate::{AppError, Result};

/// A document as the sheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentoView {
    pub id: String,
    /// The practice number; blank until the server gives it.
    pub numero: String,
    pub tipo: String,
    pub tipo_etichetta: String,
    /// `in_corso`, `concluso`, `annullato`.
    pub stato: String,
    /// dd/mm/yyyy.
    pub data: String,
    /// "Documento Inserito il … Preso In Carico il …".
    pub traccia: String,
    /// What may be done now: `prendi_in_carico`, `firma_cittadino`, `firma_operatore`,
    /// `annulla`, `sostituisci`.
    pub azioni: Vec<String>,
    /// Changes made here wait to be sent.
    pub in_attesa: bool,
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

fn parse(text: &str) -> Result<Documento> {
    serde_json::from_str(text)
        .map_err(|e| AppError::Internal(format!("documento locale illeggibile: {e}")))
}

const AZIONI: [(&str, AzioneDocumento); 3] = [
    ("prendi_in_carico", AzioneDocumento::PrendiInCarico),
    ("firma_cittadino", AzioneDocumento::FirmaCittadino),
    ("firma_operatore", AzioneDocumento::FirmaOperatore),
];

fn view(d: &Documento, in_attesa: bool) -> DocumentoView {
    let mut azioni: Vec<String> = AZIONI
        .iter()
        .filter(|(_, a)| d.traccia.clone().applica(a, Utc::now()).is_ok())
        .map(|(code, _)| (*code).to_string())
        .collect();
    if d.traccia.annullato.is_none() {
        azioni.extend(["annulla".to_string(), "sostituisci".to_string()]);
    }
    DocumentoView {
        id: d.id.to_string(),
        numero: if d.numero > 0 {
            d.numero.to_string()
        } else {
            String::new()
        },
        tipo: d.traccia.tipo.as_str().into(),
        tipo_etichetta: d.traccia.tipo.etichetta().into(),
        stato: stato(d).into(),
        data: d
            .creato_il
            .with_timezone(&Local)
            .format("%d/%m/%Y")
            .to_string(),
        traccia: d.traccia.testo(local),
        azioni,
        in_attesa,
    }
}

fn lookup(store: &Store, id: &str) -> Result<(Documento, bool)> {
    let row = store
        .documento(id.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("documento sconosciuto: {id}")))?;
    Ok((
        parse(&row.record)?,
        row.server.as_deref() != Some(row.record.as_str()),
    ))
}

/// A citizen's documents, newest first.
pub fn elenco(store: &Store, codice_fiscale: &str) -> Result<Vec<DocumentoView>> {
    let mut out = store
        .documenti(codice_fiscale.trim())?
        .into_iter()
        .map(|r| {
            let pending = r.server.as_deref() != Some(r.record.as_str());
            Ok(view(&parse(&r.record)?, pending))
        })
        .collect::<Result<Vec<_>>>()?;
    out.reverse();
    Ok(out)
}

/// The types an operator may create.
pub fn tipi() -> Vec<VoceView> {
    TipoDocumento::TUTTI
        .iter()
        .map(|t| VoceView {
            codice: t.as_str().into(),
            descrizione: t.etichetta().into(),
        })
        .collect()
}

/// A new document of `tipo` for the citizen (offline: numbered by the server when
/// sent); `sostituisce` names the practice it replaces, annulled by the server then.
pub fn crea(
    store: &mut Store,
    codice_fiscale: &str,
    tipo: &str,
    sostituisce: Option<&str>,
) -> Result<DocumentoView> {
    let cf = codice_fiscale.trim().to_uppercase();
    if store.candidate(&cf)?.is_none() {
        return Err(AppError::InvalidInput(format!(
            "candidato sconosciuto: {cf}"
        )));
    }
    let tipo = TipoDocumento::parse(tipo.trim()).ok_or_else(|| {
        AppError::InvalidInput(format!(
            "tipo di documento «{tipo}» non previsto: ricevuta_did, patto_servizio_150, patto_attivazione_gg o programma_ricerca_intensiva"
        ))
    })?;
    let sostituisce = match sostituisce {
        None => None,
        Some(old) => {
            let (d, _) = lookup(store, old)?;
            if d.codice_fiscale != cf || d.traccia.annullato.is_some() {
                return Err(AppError::InvalidInput(
                    "si sostituisce solo un documento non annullato dello stesso cittadino".into(),
                ));
            }
            Some(d.id)
        }
    };
    let id = Uuid::new_v4();
    let nuovo = NuovoDocumento {
        codice_fiscale: cf,
        tipo,
        sostituisce,
    };
    store.write(|tx| record(tx, &Cambio::Nuovo { id, nuovo }))?;
    let (d, pending) = lookup(store, &id.to_string())?;
    Ok(view(&d, pending))
}

/// `prendi_in_carico`, `firma_cittadino`, `firma_operatore`, or `annulla` (with
/// `motivo`), judged by the core's rule before it is queued.
pub fn azione(store: &mut Store, id: &str, azione: &str, motivo: &str) -> Result<DocumentoView> {
    let (d, _) = lookup(store, id)?;
    let azione = match azione.trim() {
        "annulla" => AzioneDocumento::Annulla {
            annullamento: Annullamento::Motivo {
                motivo: motivo.trim().to_string(),
            },
        },
        code => AZIONI
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, a)| a.clone())
            .ok_or_else(|| {
                AppError::InvalidInput(format!(
                    "azione «{code}» non prevista: prendi_in_carico, firma_cittadino, firma_operatore o annulla"
                ))
            })?,
    };
    if motivo.trim().chars().count() > 500 {
        return Err(AppError::InvalidInput(
            "motivo dell'annullamento: al massimo 500 caratteri".into(),
        ));
    }
    d.traccia
        .clone()
        .applica(&azione, Utc::now())
        .map_err(|m| AppError::InvalidInput(m.to_string()))?;
    store.write(|tx| record(tx, &Cambio::Azione { id: d.id, azione }))?;
    let (d, pending) = lookup(store, &d.id.to_string())?;
    Ok(view(&d, pending))
}

/// The document as a PDF: the citizen's data from the SAP, the practice, the trail
/// with its times and the signatures' boxes; recorded in the audit log.
pub fn pdf(
    store: &mut Store,
    operator: &str,
    id: &str,
    out: &Path,
    overwrite: bool,
) -> Result<DocumentReport> {
    use sportello_docs::{CountTable, Issuer, ReportDoc};
    let (d, _) = lookup(store, id)?;
    let c = store
        .candidate(&d.codice_fiscale)?
        .ok_or_else(|| AppError::InvalidInput("il cittadino non è più nell'archivio".into()))?
        .candidate;
    let p = &c.personal;
    let now = Local::now();
    let firmato = |passo: Passo| {
        d.traccia
            .passi
            .iter()
            .find(|x| x.passo == passo)
            .map_or_else(|| "—".to_string(), |x| local(x.quando))
    };
    let doc = ReportDoc {
        kind: "Documento da firmare".into(),
        title: d.traccia.tipo.etichetta().into(),
        reference: if d.numero > 0 {
            format!("Pratica n. {}", d.numero)
        } else {
            "Pratica in attesa di numero".into()
        },
        fields: vec![
            ("Cognome e nome".into(), format!("{} {}", p.surname, p.name)),
            ("Codice fiscale".into(), c.codice_fiscale.clone()),
            (
                "Nato/a il".into(),
                format!("{} a {}", p.birth_date.format("%d/%m/%Y"), p.birthplace),
            ),
            ("Cittadinanza".into(), p.citizenship.clone()),
            ("Centro per l'impiego".into(), d.filiale.clone()),
            ("Creato da".into(), d.creato_da.clone()),
            ("Stato".into(), d.traccia.stato().into()),
        ],
        tables: vec![CountTable {
            title: "Firme".into(),
            headers: vec!["Passo".into(), "Data e ora".into()],
            rows: [
                Passo::Inserito,
                Passo::PresoInCarico,
                Passo::FirmatoCittadino,
                Passo::FirmatoOperatore,
            ]
            .into_iter()
            .filter(|s| *s <= d.traccia.tipo.conclusione())
            .map(|s| vec![s.etichetta().to_string(), firmato(s)])
            .chain(d.traccia.annullato.iter().map(|a| {
                vec![
                    format!("Annullato ({})", a.annullamento.testo()),
                    local(a.quando),
                ]
            }))
            .collect(),
        }],
        charts: vec![],
    };
    let printed = Issuer {
        agency: crate::search::export::agency_name(store)?,
        operator: operator.into(),
        at: now.fixed_offset(),
    };
    let bytes = sportello_docs::report_pdf(&doc, &printed);
    let details = serde_json::json!({"kind": "documento_pdf", "tipo": d.traccia.tipo.as_str()});
    crate::documents::save(store, operator, now, (out, overwrite), &bytes, details)
}
