//! Appointments (seed 003): the CPIs' desks and the bookings, each kept whole as its
//! wire JSON beside the columns queries filter on; every write logs a change of the
//! desk's branch for the pull. The push kinds `sportello_salva`, `prenotazione_nuova`
//! (the server decides who gets a slot) and `prenotazione_stato`.

use chrono::{DateTime, NaiveDateTime, Utc};
use sportello_core::cpi::agenda::{StatoPrenotazione, ora_locale, slots};
use sportello_protocol::agenda::{DatiSportello, NuovaPrenotazione, Prenotazione, Sportello};
use sportello_protocol::sync::{
    AnnotationKind, Entity, Mutation, MutationKind, MutationResult, NewAnnotation,
};
use uuid::Uuid;

use super::changes::{self, State};
use super::mutations::{Outcome, Pusher, answer, applied, check_version, error, payload, uuid_key};
use super::{OptionalExtension, Tx, candidates};
use crate::error::{Error, Result};

const ORA: &str = "%Y-%m-%dT%H:%M:%S";

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json)
        .map_err(|e| Error::Internal(format!("a stored agenda record does not parse: {e}")))
}

pub fn sportello(tx: &Tx, id: Uuid) -> Result<Option<Sportello>> {
    let json: Option<String> = tx
        .prepare_cached("SELECT record FROM sportelli WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    json.as_deref().map(parse).transpose()
}

pub fn prenotazione(tx: &Tx, id: Uuid) -> Result<Option<Prenotazione>> {
    let json: Option<String> = tx
        .prepare_cached("SELECT record FROM prenotazioni WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    json.as_deref().map(parse).transpose()
}

/// The desk's bookings that hold time in `[dal, al)`.
pub fn occupate(
    tx: &Tx,
    sportello: Uuid,
    dal: NaiveDateTime,
    al: NaiveDateTime,
) -> Result<Vec<Prenotazione>> {
    let rows: Vec<String> = tx
        .prepare_cached(
            "SELECT record FROM prenotazioni
             WHERE sportello = ?1 AND occupa = 1 AND inizio < ?3 AND fine > ?2
             ORDER BY inizio",
        )?
        .query_map(
            crate::params![
                sportello.to_string(),
                dal.format(ORA).to_string(),
                al.format(ORA).to_string()
            ],
            |r| r.get(0),
        )?;
    rows.iter().map(|j| parse(j)).collect()
}

pub fn put_sportello(tx: &Tx, s: &Sportello, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sportelli (id, filiale, version, record) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, record = excluded.record",
    )?
    .execute(crate::params![
        s.id.to_string(),
        s.dati.filiale.as_str(),
        s.version,
        serde_json::to_string(s)?
    ])?;
    changes::log(
        tx,
        Entity::Sportello,
        &s.id.to_string(),
        &s.dati.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

pub fn put_prenotazione(tx: &Tx, p: &Prenotazione, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO prenotazioni
             (id, sportello, filiale, codice_fiscale, inizio, fine, occupa, version, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET occupa = excluded.occupa, version = excluded.version,
             record = excluded.record",
    )?
    .execute(crate::params![
        p.id.to_string(),
        p.sportello.to_string(),
        p.filiale.as_str(),
        p.codice_fiscale.as_str(),
        p.inizio.format(ORA).to_string(),
        p.fine().format(ORA).to_string(),
        i64::from(p.stato.occupa()),
        p.version,
        serde_json::to_string(p)?
    ])?;
    changes::log(
        tx,
        Entity::Prenotazione,
        &p.id.to_string(),
        &p.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

/// A desk of the pusher's CPIs; another branch's answers as unknown.
pub fn visible_sportello(tx: &Tx, branches: &[String], id: Uuid) -> Result<Option<Sportello>> {
    Ok(sportello(tx, id)?.filter(|s| branches.contains(&s.dati.filiale)))
}

/// Applies a mutation of an agenda kind.
pub fn apply(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<MutationResult> {
    let outcome = match uuid_key(m) {
        Err(e) => Err(e),
        Ok(id) => match kind {
            MutationKind::SportelloSalva => salva(tx, pusher, id, m, now)?,
            MutationKind::PrenotazioneNuova => prenota(tx, pusher, id, m, now)?,
            _ => cambia_stato(tx, pusher, id, m, now)?,
        },
    };
    Ok(answer(m, outcome))
}

fn salva(tx: &Tx, pusher: &Pusher, id: Uuid, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let mut dati = match payload::<DatiSportello>(m) {
        Ok(d) => d,
        Err(e) => return Ok(Err(e)),
    };
    for campo in [
        &mut dati.nome,
        &mut dati.indirizzo,
        &mut dati.email,
        &mut dati.telefono,
    ] {
        *campo = campo.trim().to_string();
    }
    dati.filiale = dati.filiale.trim().to_uppercase();
    if !pusher.branches.contains(&dati.filiale) {
        return Ok(Err(error(
            "payload.filiale",
            "fuori_ambito",
            "Il CPI non è tra quelli della sessione.",
        )));
    }
    let problemi = dati.problemi();
    if let Some(first) = problemi.first() {
        return Ok(Err(error("payload", "dati_non_coerenti", first.clone())));
    }
    let version = match sportello(tx, id)? {
        None => 1,
        Some(s) if !pusher.branches.contains(&s.dati.filiale) => {
            return Ok(Err(error("key", "non_trovato", "Sportello non trovato.")));
        }
        Some(s) => {
            if let Err(outcome) = check_version(m, s.version) {
                return Ok(outcome);
            }
            if s.dati.filiale != dati.filiale {
                return Ok(Err(error(
                    "payload.filiale",
                    "incoerente",
                    "Uno sportello non cambia CPI.",
                )));
            }
            s.version + 1
        }
    };
    let s = Sportello { id, version, dati };
    put_sportello(tx, &s, now)?;
    Ok(applied(m, version))
}

/// Why `inizio` is not a bookable start of the desk for the booking `n`, if it is not.
fn fuori_orario(s: &Sportello, n: &NuovaPrenotazione, now: DateTime<Utc>) -> Option<&'static str> {
    if n.inizio <= ora_locale(now) {
        return Some("L'orario scelto è già passato.");
    }
    let day = n.inizio.date();
    let ok = slots(&s.dati.disponibilita, n.tipo, day, day)
        .iter()
        .any(|slot| slot.inizio == n.inizio);
    (!ok).then_some(
        "L'orario scelto non è tra quelli offerti dallo sportello per questo tipo di colloquio.",
    )
}

fn prenota(
    tx: &Tx,
    pusher: &Pusher,
    id: Uuid,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let n = match payload::<NuovaPrenotazione>(m) {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    let Some(s) = visible_sportello(tx, pusher.branches, n.sportello)? else {
        return Ok(Err(error(
            "payload.sportello",
            "non_trovato",
            "Sportello non trovato.",
        )));
    };
    let branch =
        candidates::branch_of(tx, &n.codice_fiscale)?.filter(|b| pusher.branches.contains(b));
    match branch {
        None => {
            return Ok(Err(error(
                "payload.codice_fiscale",
                "non_trovato",
                "Candidato non trovato.",
            )));
        }
        Some(b) if b != s.dati.filiale => {
            return Ok(Err(error(
                "payload.codice_fiscale",
                "incoerente",
                "Il cittadino è di un altro CPI: si prenota a uno sportello del suo.",
            )));
        }
        Some(_) => {}
    }
    if prenotazione(tx, id)?.is_some() {
        return Ok(Err(error(
            "key",
            "gia_esistente",
            "Esiste già una prenotazione con questa chiave.",
        )));
    }
    if let Some(why) = fuori_orario(&s, &n, now) {
        return Ok(Err(error("payload.inizio", "fuori_orario", why)));
    }
    let mut spostata = match n.sposta {
        None => None,
        Some(old) => {
            match prenotazione(tx, old)?.filter(|p| pusher.branches.contains(&p.filiale)) {
                Some(p) if p.codice_fiscale == n.codice_fiscale => Some(p),
                Some(_) => {
                    return Ok(Err(error(
                        "payload.sposta",
                        "incoerente",
                        "Si sposta solo una prenotazione dello stesso cittadino.",
                    )));
                }
                None => {
                    return Ok(Err(error(
                        "payload.sposta",
                        "non_trovato",
                        "Prenotazione da spostare non trovata.",
                    )));
                }
            }
        }
    };
    if let Some(old) = &mut spostata {
        let next = StatoPrenotazione::Spostato {
            nuova: id.to_string(),
        };
        if let Err(why) = old.stato.verso(&next, old.inizio, ora_locale(now)) {
            return Ok(Err(error("payload.sposta", "incoerente", why)));
        }
        old.stato = next;
        old.version += 1;
    }
    // Serialises bookings of one desk: PostgreSQL locks the row until commit, so two
    // pushes for the same slot never both see it free. SQLite writes one at a time.
    tx.prepare_cached("UPDATE sportelli SET version = version WHERE id = ?1")?
        .execute([s.id.to_string()])?;
    let nuova = Prenotazione::nuova(id, &n, &s.dati.filiale, pusher.username, now);
    let taken = occupate(tx, s.id, nuova.inizio, nuova.fine())?
        .into_iter()
        .any(|p| Some(p.id) != n.sposta);
    if taken {
        return Ok(Err(error(
            "payload.inizio",
            "slot_occupato",
            format!(
                "Lo sportello «{}» è già impegnato il {} alle {}: scegliere un altro orario.",
                s.dati.nome,
                nuova.inizio.format("%d/%m/%Y"),
                nuova.inizio.format("%H:%M")
            ),
        )));
    }
    if let Some(old) = &spostata {
        put_prenotazione(tx, old, now)?;
    }
    put_prenotazione(tx, &nuova, now)?;
    Ok(applied(m, nuova.version))
}

fn cambia_stato(
    tx: &Tx,
    pusher: &Pusher,
    id: Uuid,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<Outcome> {
    let next = match payload::<StatoPrenotazione>(m) {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    let Some(mut p) = prenotazione(tx, id)?.filter(|p| pusher.branches.contains(&p.filiale)) else {
        return Ok(Err(error(
            "key",
            "non_trovato",
            "Prenotazione non trovata.",
        )));
    };
    if let Err(outcome) = check_version(m, p.version) {
        return Ok(outcome);
    }
    let next = match next {
        StatoPrenotazione::Spostato { .. } => {
            return Ok(Err(error(
                "payload.stato",
                "incoerente",
                "Uno spostamento si fa prenotando il nuovo orario (prenotazione_nuova con sposta).",
            )));
        }
        StatoPrenotazione::Annullato { motivo } => StatoPrenotazione::Annullato {
            motivo: motivo.trim().to_string(),
        },
        StatoPrenotazione::Svolto { esito } => StatoPrenotazione::Svolto {
            esito: esito.trim().to_string(),
        },
        other => other,
    };
    if let StatoPrenotazione::Annullato { motivo: t } | StatoPrenotazione::Svolto { esito: t } =
        &next
        && (t.chars().count() > 2000 || t.chars().any(|c| c.is_control() && c != '\n'))
    {
        return Ok(Err(error(
            "payload",
            "dati_non_coerenti",
            "Motivo o esito: al massimo 2000 caratteri, senza caratteri di controllo.",
        )));
    }
    if let Err(why) = p.stato.verso(&next, p.inizio, ora_locale(now)) {
        return Ok(Err(error("payload.stato", "incoerente", why)));
    }
    // A held interview's outcome becomes an annotation of the citizen (seed 001's
    // "esito colloquio"), dated the day it was held.
    if let StatoPrenotazione::Svolto { esito } = &next {
        let nota = NewAnnotation {
            id: Uuid::new_v4(),
            kind: AnnotationKind::EsitoColloquio,
            text: format!("{}: {esito}", p.tipo.etichetta()),
            occurred_on: Some(p.inizio.date()),
        };
        if let Some(branch) = candidates::branch_of(tx, &p.codice_fiscale)? {
            candidates::add_annotation(
                tx,
                &p.codice_fiscale,
                &branch,
                &nota,
                pusher.username,
                now,
            )?;
        }
    }
    p.stato = next;
    p.version += 1;
    put_prenotazione(tx, &p, now)?;
    Ok(applied(m, p.version))
}
