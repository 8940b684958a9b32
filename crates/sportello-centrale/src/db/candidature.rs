//! Applications (seed 003, "Candidature"): each kept whole as its wire JSON beside the
//! columns queries filter on; every write logs a change of the offer's branch (the CPI
//! that evaluates it) for the pull. The push kinds `candidatura_nuova` (a published
//! offer still taking applications, the requirement declared, once per citizen) and
//! `candidatura_esito` (the core's rule, `EsitoCandidatura::verso`).

use chrono::{DateTime, Utc};
use sportello_core::cpi::agenda::ora_locale;
use sportello_core::offerte::StatoOfferta;
use sportello_protocol::candidature::{Candidatura, NuovaCandidatura, NuovoEsito};
use sportello_protocol::sync::{Entity, Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use super::changes::{self, State};
use super::mutations::{Outcome, Pusher, answer, applied, check_version, error, payload, uuid_key};
use super::{OptionalExtension, Tx, candidates};
use crate::error::Result;

/// The longest note of an outcome.
const MAX_NOTA: usize = 1000;

pub fn candidatura(tx: &Tx, id: Uuid) -> Result<Option<Candidatura>> {
    super::whole(tx, "candidature", id)
}

/// Writes `c` (new or changed) and logs it for the offer's branch.
pub fn put(tx: &Tx, c: &Candidatura, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO candidature (id, offerta, filiale, codice_fiscale, version, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, record = excluded.record",
    )?
    .execute(crate::params![
        c.id.to_string(),
        c.offerta.to_string(),
        c.filiale.as_str(),
        c.codice_fiscale.as_str(),
        c.version,
        serde_json::to_string(c)?
    ])?;
    changes::log(
        tx,
        Entity::Candidatura,
        &c.id.to_string(),
        &c.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

/// Whether the citizen already applied to the offer.
pub fn exists(tx: &Tx, offerta: Uuid, codice_fiscale: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM candidature WHERE offerta = ?1 AND codice_fiscale = ?2")?
        .query_row(crate::params![offerta.to_string(), codice_fiscale], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

/// Applies a mutation of an application kind.
pub fn apply(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<MutationResult> {
    let outcome = match uuid_key(m) {
        Err(e) => Err(e),
        Ok(id) if kind == MutationKind::CandidaturaNuova => nuova(tx, pusher, id, m, now)?,
        Ok(id) => esito(tx, pusher, id, m, now)?,
    };
    Ok(answer(m, outcome))
}

fn nuova(tx: &Tx, pusher: &Pusher, id: Uuid, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let mut n = match payload::<NuovaCandidatura>(m) {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    n.codice_fiscale = n.codice_fiscale.trim().to_uppercase();
    // Another branch's offer or citizen answers as an unknown one.
    let offerta = super::offerte::offerta(tx, n.offerta)?
        .filter(|o| pusher.branches.contains(&o.dati.filiale));
    let Some(o) = offerta else {
        return Ok(Err(error(
            "payload.offerta",
            "non_trovato",
            "Offerta non trovata.",
        )));
    };
    let citizen =
        candidates::branch_of(tx, &n.codice_fiscale)?.filter(|b| pusher.branches.contains(b));
    if citizen.is_none() {
        return Ok(Err(error(
            "payload.codice_fiscale",
            "non_trovato",
            "Candidato non trovato.",
        )));
    }
    if !n.requisiti_dichiarati {
        return Ok(Err(error(
            "payload.requisiti_dichiarati",
            "incoerente",
            "Il cittadino deve dichiarare di essere in possesso del requisito richiesto.",
        )));
    }
    let oggi = ora_locale(now).date();
    if o.stato.al(o.dati.fine_pubblicazione, oggi) != StatoOfferta::Pubblicata
        || o.dati.scadenza < oggi
    {
        return Ok(Err(error(
            "payload.offerta",
            "offerta_chiusa",
            format!(
                "L'offerta {} non accetta candidature (scadenza {}).",
                o.codice,
                o.dati.scadenza.format("%d/%m/%Y")
            ),
        )));
    }
    if candidatura(tx, id)?.is_some() {
        return Ok(Err(error(
            "key",
            "gia_esistente",
            "Esiste già una candidatura con questa chiave.",
        )));
    }
    if exists(tx, o.id, &n.codice_fiscale)? {
        return Ok(Err(error(
            "payload.codice_fiscale",
            "gia_candidato",
            format!("Il cittadino è già candidato all'offerta {}.", o.codice),
        )));
    }
    // The CV chosen: one of the citizen's; its use is recorded on it.
    let cv = match n.cv {
        None => None,
        Some(cv) => match super::cv::visibile(tx, pusher.branches, cv)?
            .filter(|c| c.codice_fiscale == n.codice_fiscale)
        {
            Some(cv) => Some(cv),
            None => {
                return Ok(Err(error(
                    "payload.cv",
                    "non_trovato",
                    "Il CV scelto non è tra quelli del cittadino.",
                )));
            }
        },
    };
    let c = Candidatura::nuova(
        id,
        (o.id, &o.codice, &o.dati.filiale, &o.dati.qualifica),
        &n,
        pusher.username,
        now,
    );
    put(tx, &c, now)?;
    if let Some(mut cv) = cv {
        cv.utilizzo(format!("Candidatura Offerta {}", o.codice), now);
        super::cv::put(tx, &cv, now)?;
    }
    Ok(applied(m, c.version))
}

fn esito(tx: &Tx, pusher: &Pusher, id: Uuid, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let e = match payload::<NuovoEsito>(m) {
        Ok(e) => e,
        Err(e) => return Ok(Err(e)),
    };
    let Some(mut c) = candidatura(tx, id)?.filter(|c| pusher.branches.contains(&c.filiale)) else {
        return Ok(Err(error("key", "non_trovato", "Candidatura non trovata.")));
    };
    if let Err(outcome) = check_version(m, c.version) {
        return Ok(outcome);
    }
    let control = |c: char| c.is_control() && c != '\n';
    if e.nota.trim().chars().count() > MAX_NOTA || e.nota.chars().any(control) {
        return Ok(Err(error(
            "payload.nota",
            "non_valido",
            format!("Nota: al massimo {MAX_NOTA} caratteri, senza caratteri di controllo."),
        )));
    }
    if let Err(message) = c.esito(&e, pusher.username, now) {
        return Ok(Err(error("payload.esito", "incoerente", message)));
    }
    put(tx, &c, now)?;
    Ok(applied(m, c.version))
}
