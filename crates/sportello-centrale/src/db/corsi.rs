//! The training-course catalogue (seed 004): each course kept whole as its wire JSON,
//! with the columns queries filter on; the push kinds `salva_corso` and
//! `azione_corso`, judged with the core's rules.
//!
//! Who does what: an account with `ente` (a provider's codice fiscale) creates and
//! edits that provider's drafts, requests validation, cancels; an account of role
//! `validatore` validates or sends back what is waiting; everybody reads the catalogue.

use chrono::{DateTime, Utc};
use sportello_core::account::Role;
use sportello_core::corsi::{AzioneCorso, DatiCorso, StatoCorso};
use sportello_protocol::FieldError;
use sportello_protocol::corsi::Corso;
use sportello_protocol::sync::{Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use super::mutations::{Outcome, Pusher, answer, applied, check_version, error, payload, uuid_key};
use super::{OptionalExtension, Tx, counter};
use crate::error::{Error, Result};

/// Longest reason for sending a course back.
pub const MAX_MOTIVO: usize = 1000;

/// Who is acting on the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attore {
    pub role: Role,
    /// The provider the account acts for.
    pub ente: Option<String>,
}

impl Attore {
    fn regione(&self) -> bool {
        self.role == Role::Validatore
    }

    fn owns(&self, c: &Corso) -> bool {
        self.ente.as_deref() == Some(c.dati.codice_fiscale_ente.as_str())
    }

    /// Whether `c` is among what this caller sees.
    pub fn sees(&self, c: &Corso) -> bool {
        self.owns(c) || c.in_catalogo() || (self.regione() && c.stato != StatoCorso::Bozza)
    }
}

pub fn attore(tx: &Tx, username: &str) -> Result<Attore> {
    let (role, ente): (String, Option<String>) = tx
        .prepare_cached("SELECT role, ente FROM users WHERE username = ?1")?
        .query_row([username], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::Internal(format!("no account {username}")))?;
    let role =
        Role::from_code(&role).ok_or_else(|| Error::Internal(format!("unknown role {role:?}")))?;
    Ok(Attore { role, ente })
}

fn parse(json: &str) -> Result<Corso> {
    serde_json::from_str(json)
        .map_err(|e| Error::Internal(format!("a stored course does not parse: {e}")))
}

pub fn corso(tx: &Tx, id: Uuid) -> Result<Option<Corso>> {
    let json: Option<String> = tx
        .prepare_cached("SELECT record FROM corsi WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    json.as_deref().map(parse).transpose()
}

/// The catalogue's version: grows at every change of any course.
pub fn versione(tx: &Tx) -> Result<i64> {
    counter(tx, "corsi_versione")
}

/// Every course `who` sees, by code.
pub fn visibili(tx: &Tx, who: &Attore) -> Result<Vec<Corso>> {
    let rows: Vec<String> = if who.regione() {
        tx.query_map(
            "SELECT record FROM corsi WHERE stato <> 'bozza' OR catalogo = 1 ORDER BY codice",
            (),
            |r| r.get(0),
        )?
    } else {
        tx.query_map(
            "SELECT record FROM corsi WHERE catalogo = 1 OR ente = ?1 ORDER BY codice",
            [who.ente.clone().unwrap_or_default()],
            |r| r.get(0),
        )?
    };
    rows.iter().map(|j| parse(j)).collect()
}

fn bump_version(tx: &Tx) -> Result<()> {
    tx.execute(
        "UPDATE counters SET value = value + 1 WHERE name = 'corsi_versione'",
        (),
    )?;
    Ok(())
}

/// Writes `c` (new or changed).
pub fn put(tx: &Tx, c: &Corso) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO corsi (id, codice, ente, identificativo, stato, catalogo, version, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET identificativo = excluded.identificativo, stato = excluded.stato,
             catalogo = excluded.catalogo, version = excluded.version, record = excluded.record",
    )?
    .execute(crate::params![
        c.id.to_string(),
        c.codice,
        c.dati.codice_fiscale_ente.as_str(),
        c.dati.identificativo.as_str(),
        c.stato.as_str(),
        i64::from(c.in_catalogo()),
        c.version,
        serde_json::to_string(c)?
    ])?;
    bump_version(tx)
}

/// A new draft: the server gives it its catalogue code.
pub fn create(tx: &Tx, id: Uuid, dati: DatiCorso, chi: &str, now: DateTime<Utc>) -> Result<Corso> {
    let mut c = Corso::bozza(id, dati, chi, now);
    c.codice = tx
        .prepare_cached(
            "UPDATE counters SET value = value + 1 WHERE name = 'corso_codice' RETURNING value",
        )?
        .query_row((), |r| r.get(0))?;
    put(tx, &c)?;
    Ok(c)
}

fn delete(tx: &Tx, id: Uuid) -> Result<()> {
    tx.execute("DELETE FROM corsi WHERE id = ?1", [id.to_string()])?;
    bump_version(tx)
}

fn not_found() -> Vec<FieldError> {
    error("key", "non_trovato", "Corso non trovato.")
}

fn not_allowed(message: &str) -> Vec<FieldError> {
    error("key", "non_autorizzato", message)
}

/// Applies a mutation of a course kind.
pub fn apply(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<MutationResult> {
    let who = attore(tx, pusher.username)?;
    let outcome = match uuid_key(m) {
        Err(e) => Err(e),
        Ok(id) if kind == MutationKind::SalvaCorso => salva(tx, pusher, &who, id, m, now)?,
        Ok(id) => azione(tx, pusher, &who, id, m, now)?,
    };
    Ok(answer(m, outcome))
}

/// The rules of `DatiCorso::problemi`, the provider's own code, and the
/// identificativo unique among the provider's courses.
fn check_dati(
    tx: &Tx,
    who: &Attore,
    id: Uuid,
    dati: &DatiCorso,
) -> Result<std::result::Result<(), Vec<FieldError>>> {
    let Some(ente) = who.ente.as_deref() else {
        return Ok(Err(not_allowed(
            "Solo un ente di formazione inserisce corsi: l'utenza non è associata a un ente.",
        )));
    };
    let mut errors: Vec<FieldError> = dati
        .problemi()
        .into_iter()
        .map(|p| {
            let code = if p.vuoto {
                "obbligatorio"
            } else {
                "formato_non_valido"
            };
            FieldError::new(format!("payload.{}", p.campo.as_str()), code, p.messaggio)
        })
        .collect();
    if dati.codice_fiscale_ente != ente {
        errors.push(FieldError::new(
            "payload.codice_fiscale_ente",
            "incoerente",
            "Codice fiscale ente: è quello dell'ente per cui opera l'utenza.",
        ));
    }
    let taken: Option<String> = tx
        .prepare_cached("SELECT id FROM corsi WHERE ente = ?1 AND identificativo = ?2")?
        .query_row((ente, dati.identificativo.as_str()), |r| r.get(0))
        .optional()?;
    if taken.is_some_and(|other| other != id.to_string()) {
        errors.push(FieldError::new(
            "payload.identificativo",
            "gia_esistente",
            format!(
                "Identificativo Corso «{}» già usato per un altro corso dell'ente.",
                dati.identificativo
            ),
        ));
    }
    Ok(if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    })
}

fn salva(
    tx: &Tx,
    pusher: &Pusher,
    who: &Attore,
    id: Uuid,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let dati = match payload::<DatiCorso>(m) {
        Ok(d) => d.normalised(),
        Err(e) => return Ok(Err(e)),
    };
    let existing = corso(tx, id)?.filter(|c| who.sees(c));
    if let Some(c) = &existing {
        if !who.owns(c) {
            return Ok(Err(not_allowed("Solo l'ente del corso lo modifica.")));
        }
        if let Err(outcome) = check_version(m, c.version) {
            return Ok(outcome);
        }
        if let Err(message) = AzioneCorso::Salva.applica(c.stato) {
            return Ok(Err(error("key", "incoerente", message)));
        }
    } else if m.base_version.is_some() {
        return Ok(Err(not_found()));
    }
    if let Err(e) = check_dati(tx, who, id, &dati)? {
        return Ok(Err(e));
    }
    let Some(mut c) = existing else {
        if corso(tx, id)?.is_some() {
            // Another provider's draft under this id: as unknown, and not replaced.
            return Ok(Err(not_found()));
        }
        let c = create(tx, id, dati, pusher.username, now)?;
        return Ok(applied(m, c.version));
    };
    c.dati = dati;
    c.applica(&AzioneCorso::Salva, pusher.username, now)
        .map_err(|e| Error::Internal(e.into()))?;
    put(tx, &c)?;
    Ok(applied(m, c.version))
}

fn azione(
    tx: &Tx,
    pusher: &Pusher,
    who: &Attore,
    id: Uuid,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let azione = match payload::<AzioneCorso>(m) {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    let Some(mut c) = corso(tx, id)?.filter(|c| who.sees(c)) else {
        return Ok(Err(not_found()));
    };
    let allowed = match azione.attore() {
        sportello_core::corsi::Attore::Ente => who.owns(&c),
        sportello_core::corsi::Attore::Regione => who.regione(),
    };
    if !allowed {
        return Ok(Err(not_allowed(match azione.attore() {
            sportello_core::corsi::Attore::Ente => "Solo l'ente del corso può farlo.",
            sportello_core::corsi::Attore::Regione => "Solo l'ufficio regionale valida i corsi.",
        })));
    }
    if let Err(outcome) = check_version(m, c.version) {
        return Ok(outcome);
    }
    match &azione {
        AzioneCorso::Salva | AzioneCorso::Duplica => {
            return Ok(Err(error(
                "payload.azione",
                "formato_non_valido",
                "«Salva» e «Duplica» non sono azioni di stato: si inviano come salva_corso.",
            )));
        }
        AzioneCorso::Rinvia { motivo } => {
            let motivo = motivo.trim();
            if motivo.is_empty() || motivo.chars().count() > MAX_MOTIVO {
                return Ok(Err(error(
                    "payload.motivo",
                    if motivo.is_empty() {
                        "obbligatorio"
                    } else {
                        "troppo_lungo"
                    },
                    format!("Motivo del rinvio: da 1 a {MAX_MOTIVO} caratteri."),
                )));
            }
        }
        _ => {}
    }
    if let Err(message) = azione.applica(c.stato) {
        return Ok(Err(error("payload.azione", "incoerente", message)));
    }
    if azione == AzioneCorso::Elimina {
        delete(tx, id)?;
        return Ok(applied(m, c.version + 1));
    }
    let azione = match azione {
        AzioneCorso::Rinvia { motivo } => AzioneCorso::Rinvia {
            motivo: motivo.trim().to_string(),
        },
        other => other,
    };
    c.applica(&azione, pusher.username, now)
        .map_err(|e| Error::Internal(e.into()))?;
    put(tx, &c)?;
    Ok(applied(m, c.version))
}
