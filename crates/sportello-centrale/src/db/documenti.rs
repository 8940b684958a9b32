//! Documents to sign (seed 003): each kept whole as its wire JSON beside the columns
//! queries filter on; every write logs a change of the citizen's branch for the pull.
//! The push kinds `documento_nuovo` and `documento_azione`, judged with the core's
//! rules (`sportello_core::cpi::documenti::Traccia::applica`).

use chrono::{DateTime, Utc};
use sportello_core::cpi::documenti::{Annullamento, AzioneDocumento};
use sportello_protocol::documenti::{Documento, NuovoDocumento};
use sportello_protocol::sync::{Entity, Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use super::Tx;
use super::changes::{self, State};
use super::mutations::{
    Outcome, Pusher, answer, applied, check_version, citizen_branch, error, payload, uuid_key,
};
use crate::error::{Error, Result};

pub fn documento(tx: &Tx, id: Uuid) -> Result<Option<Documento>> {
    super::whole(tx, "documenti", id)
}

/// Writes `d` (new or changed) and logs it for its branch.
pub fn put(tx: &Tx, d: &Documento, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO documenti (id, numero, codice_fiscale, filiale, tipo, version, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, record = excluded.record",
    )?
    .execute(crate::params![
        d.id.to_string(),
        d.numero,
        d.codice_fiscale.as_str(),
        d.filiale.as_str(),
        d.traccia.tipo.as_str(),
        d.version,
        serde_json::to_string(d)?
    ])?;
    changes::log(
        tx,
        Entity::Documento,
        &d.id.to_string(),
        &d.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

/// A new document: the server numbers the practice.
pub fn create(
    tx: &Tx,
    id: Uuid,
    nuovo: &NuovoDocumento,
    filiale: &str,
    chi: &str,
    now: DateTime<Utc>,
) -> Result<Documento> {
    let mut d = Documento::nuovo(id, nuovo, filiale, chi, now);
    d.numero = tx
        .prepare_cached(
            "UPDATE counters SET value = value + 1 WHERE name = 'documento_numero' RETURNING value",
        )?
        .query_row((), |r| r.get(0))?;
    put(tx, &d, now)?;
    Ok(d)
}

fn not_found() -> Vec<sportello_protocol::FieldError> {
    error("key", "non_trovato", "Documento non trovato.")
}

/// A document of the pusher's branches; another branch's answers as unknown.
fn visible(tx: &Tx, pusher: &Pusher, id: Uuid) -> Result<Option<Documento>> {
    Ok(documento(tx, id)?.filter(|d| pusher.branches.contains(&d.filiale)))
}

/// Applies a mutation of a document kind.
pub fn apply(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<MutationResult> {
    let outcome = match uuid_key(m) {
        Err(e) => Err(e),
        Ok(id) if kind == MutationKind::DocumentoNuovo => nuovo(tx, pusher, id, m, now)?,
        Ok(id) => azione(tx, pusher, id, m, now)?,
    };
    Ok(answer(m, outcome))
}

fn nuovo(tx: &Tx, pusher: &Pusher, id: Uuid, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let n = match payload::<NuovoDocumento>(m) {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    let branch = match citizen_branch(tx, pusher, &n.codice_fiscale)? {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    if documento(tx, id)?.is_some() {
        return Ok(Err(error(
            "key",
            "gia_esistente",
            "Esiste già un documento con questa chiave.",
        )));
    }
    let replaced = match n.sostituisce {
        None => None,
        Some(old) => match visible(tx, pusher, old)? {
            Some(d) if d.codice_fiscale == n.codice_fiscale && d.traccia.annullato.is_none() => {
                Some(d)
            }
            Some(_) => {
                return Ok(Err(error(
                    "payload.sostituisce",
                    "incoerente",
                    "Si sostituisce solo un documento non annullato dello stesso cittadino.",
                )));
            }
            None => {
                return Ok(Err(error(
                    "payload.sostituisce",
                    "non_trovato",
                    "Documento da sostituire non trovato.",
                )));
            }
        },
    };
    let made = create(tx, id, &n, &branch, pusher.username, now)?;
    if let Some(mut old) = replaced {
        let annulla = AzioneDocumento::Annulla {
            annullamento: Annullamento::Sostituito {
                pratica: made.numero.to_string(),
            },
        };
        old.traccia
            .applica(&annulla, now)
            .map_err(|e| Error::Internal(e.into()))?;
        old.version += 1;
        put(tx, &old, now)?;
    }
    Ok(applied(m, made.version))
}

fn azione(tx: &Tx, pusher: &Pusher, id: Uuid, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let azione = match payload::<AzioneDocumento>(m) {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    let Some(mut d) = visible(tx, pusher, id)? else {
        return Ok(Err(not_found()));
    };
    if let Err(outcome) = check_version(m, d.version) {
        return Ok(outcome);
    }
    let azione = match azione {
        AzioneDocumento::Annulla {
            annullamento: Annullamento::Motivo { motivo },
        } if motivo.trim().chars().count() > 500 => {
            return Ok(Err(error(
                "payload.annullamento.motivo",
                "troppo_lungo",
                "Motivo dell'annullamento: al massimo 500 caratteri.",
            )));
        }
        AzioneDocumento::Annulla {
            annullamento: Annullamento::Motivo { motivo },
        } => AzioneDocumento::Annulla {
            annullamento: Annullamento::Motivo {
                motivo: motivo.trim().to_string(),
            },
        },
        AzioneDocumento::Annulla {
            annullamento: Annullamento::Sostituito { .. },
        } => {
            return Ok(Err(error(
                "payload.annullamento",
                "incoerente",
                "Una sostituzione si fa creando il nuovo documento (documento_nuovo con sostituisce).",
            )));
        }
        other => other,
    };
    if let Err(message) = d.traccia.applica(&azione, now) {
        return Ok(Err(error("payload.azione", "incoerente", message)));
    }
    d.version += 1;
    put(tx, &d, now)?;
    Ok(applied(m, d.version))
}
