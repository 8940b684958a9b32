//! "Contatta CPI" (seed 003): each request kept whole as its wire JSON; every write logs
//! a change of the citizen's branch for the pull. The push kinds `contatto_cpi` (a
//! citizen of the pusher's branches, a short text) and `contatto_risposta` (once).

use chrono::{DateTime, Utc};
use sportello_protocol::contatti::{Contatto, NuovoContatto, RispostaContatto, problema_testo};
use sportello_protocol::sync::{Entity, Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use super::Tx;
use super::changes::{self, State};
use super::mutations::{
    Outcome, Pusher, answer, applied, check_version, citizen_branch, error, payload, uuid_key,
};
use crate::error::Result;

pub fn contatto(tx: &Tx, id: Uuid) -> Result<Option<Contatto>> {
    super::whole(tx, "contatti", id)
}

/// Writes `c` (new or changed) and logs it for its branch.
pub fn put(tx: &Tx, c: &Contatto, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO contatti (id, filiale, codice_fiscale, version, record)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, record = excluded.record",
    )?
    .execute(crate::params![
        c.id.to_string(),
        c.filiale.as_str(),
        c.codice_fiscale.as_str(),
        c.version,
        serde_json::to_string(c)?
    ])?;
    changes::log(
        tx,
        Entity::Contatto,
        &c.id.to_string(),
        &c.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

/// Applies a mutation of a request kind.
pub fn apply(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<MutationResult> {
    let outcome = match uuid_key(m) {
        Err(e) => Err(e),
        Ok(id) if kind == MutationKind::ContattoCpi => nuovo(tx, pusher, id, m, now)?,
        Ok(id) => risposta(tx, pusher, id, m, now)?,
    };
    Ok(answer(m, outcome))
}

fn nuovo(tx: &Tx, pusher: &Pusher, id: Uuid, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let mut n = match payload::<NuovoContatto>(m) {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    n.codice_fiscale = n.codice_fiscale.trim().to_uppercase();
    let branch = match citizen_branch(tx, pusher, &n.codice_fiscale)? {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(p) = problema_testo(&n.testo) {
        return Ok(Err(error("payload.testo", "non_valido", p)));
    }
    if contatto(tx, id)?.is_some() {
        return Ok(Err(error(
            "key",
            "gia_esistente",
            "Esiste già una richiesta con questa chiave.",
        )));
    }
    let c = Contatto::nuovo(id, &n, &branch, pusher.username, now);
    put(tx, &c, now)?;
    Ok(applied(m, c.version))
}

fn risposta(
    tx: &Tx,
    pusher: &Pusher,
    id: Uuid,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let r = match payload::<RispostaContatto>(m) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let Some(mut c) = contatto(tx, id)?.filter(|c| pusher.branches.contains(&c.filiale)) else {
        return Ok(Err(error("key", "non_trovato", "Richiesta non trovata.")));
    };
    if let Err(outcome) = check_version(m, c.version) {
        return Ok(outcome);
    }
    if let Err(message) = c.rispondi(&r, pusher.username, now) {
        return Ok(Err(error("payload.testo", "incoerente", message)));
    }
    put(tx, &c, now)?;
    Ok(applied(m, c.version))
}
