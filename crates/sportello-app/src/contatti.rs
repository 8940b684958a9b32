//! "Contatta CPI" (seed 003): when no slot fits, the request the citizen makes to the
//! CPI (what interview, why), the desk's inbox, and the operator's answer (once).
//! Offline through the outbox.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sportello_core::cpi::agenda::{TipoEvento, ora_locale};
use sportello_protocol::contatti::{Contatto, NuovoContatto, RispostaContatto, problema_testo};
use sportello_store::Store;
use sportello_sync::contatti::{Cambio, record};
use uuid::Uuid;

use crate::{AppError, Result};

/// A request as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContattoView {
    pub id: String,
    pub filiale: String,
    pub codice_fiscale: String,
    pub cittadino: String,
    pub tipo_etichetta: String,
    pub testo: String,
    /// "dd/mm/yyyy HH:MM".
    pub scritto_il: String,
    /// The answer, once given.
    pub risposta: Option<String>,
    /// "dd/mm/yyyy HH:MM, operatore.fi01".
    pub risposto: String,
    /// Made or answered here, not yet sent.
    pub in_attesa: bool,
}

fn local(at: DateTime<Utc>) -> String {
    ora_locale(at).format("%d/%m/%Y %H:%M").to_string()
}

fn parse(text: &str) -> Result<Contatto> {
    serde_json::from_str(text)
        .map_err(|e| AppError::Internal(format!("richiesta locale illeggibile: {e}")))
}

fn view(store: &Store, c: &Contatto, in_attesa: bool) -> Result<ContattoView> {
    let cittadino = store
        .candidate_name(&c.codice_fiscale)?
        .map(|(surname, name)| format!("{surname} {name}"))
        .unwrap_or_default();
    Ok(ContattoView {
        id: c.id.to_string(),
        filiale: c.filiale.clone(),
        codice_fiscale: c.codice_fiscale.clone(),
        cittadino,
        tipo_etichetta: c.tipo.etichetta().into(),
        testo: c.testo.clone(),
        scritto_il: local(c.creato_il),
        risposta: c.risposta.as_ref().map(|r| r.testo.clone()),
        risposto: c
            .risposta
            .as_ref()
            .map(|r| format!("{}, {}", local(r.quando), r.chi))
            .unwrap_or_default(),
        in_attesa,
    })
}

fn lookup(store: &Store, id: &str) -> Result<(Contatto, bool)> {
    let row = store
        .contatto(id.trim())?
        .ok_or_else(|| AppError::InvalidInput(format!("richiesta sconosciuta: {id}")))?;
    Ok((
        parse(&row.record)?,
        row.server.as_deref() != Some(row.record.as_str()),
    ))
}

/// The inbox: the requests waiting for an answer (every one with `tutte`), oldest first.
pub fn elenco(store: &Store, tutte: bool) -> Result<Vec<ContattoView>> {
    store
        .contatti(!tutte)?
        .iter()
        .map(|r| {
            let pending = r.server.as_deref() != Some(r.record.as_str());
            view(store, &parse(&r.record)?, pending)
        })
        .collect()
}

/// The citizen's request to the CPI: the interview wanted and why.
pub fn scrivi(
    store: &mut Store,
    codice_fiscale: &str,
    tipo: &str,
    testo: &str,
) -> Result<ContattoView> {
    let cf = codice_fiscale.trim().to_uppercase();
    if store.candidate_name(&cf)?.is_none() {
        return Err(AppError::InvalidInput(format!(
            "candidato sconosciuto: {cf}"
        )));
    }
    let tipo = TipoEvento::parse(tipo.trim()).ok_or_else(|| {
        AppError::InvalidInput(format!("tipo di colloquio «{tipo}» non previsto"))
    })?;
    if let Some(p) = problema_testo(testo) {
        return Err(AppError::InvalidInput(p));
    }
    let id = Uuid::new_v4();
    let nuovo = NuovoContatto {
        codice_fiscale: cf,
        tipo,
        testo: testo.trim().into(),
    };
    store.write(|tx| record(tx, &Cambio::Nuovo { id, nuovo }))?;
    let (c, pending) = lookup(store, &id.to_string())?;
    view(store, &c, pending)
}

/// The operator's answer, once.
pub fn rispondi(store: &mut Store, id: &str, testo: &str) -> Result<ContattoView> {
    let (c, _) = lookup(store, id)?;
    let risposta = RispostaContatto {
        testo: testo.trim().into(),
    };
    c.clone()
        .rispondi(&risposta, "", Utc::now())
        .map_err(AppError::InvalidInput)?;
    store.write(|tx| record(tx, &Cambio::Risposta { id: c.id, risposta }))?;
    let (c, pending) = lookup(store, id)?;
    view(store, &c, pending)
}
