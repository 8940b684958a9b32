//! The push: each mutation applied at most once per (client, seq).
//!
//! The whole batch runs in one write transaction. For each mutation the outcome is
//! stored next to its effect and the client's last sequence number advanced, so after
//! a crash either both are there or neither; a replayed `seq` gets the stored outcome.

use crate::db::{OptionalExtension, Tx};
use chrono::{DateTime, Utc};
use sportello_core::candidate::Contacts;
use sportello_protocol::FieldError;
use sportello_protocol::sync::{
    FasciaDeboleDeclaration, Mutation, MutationKind, MutationResult, NewAnnotation,
};
use uuid::Uuid;

use super::{candidates, category_exists, ts};
use crate::error::{Error, Result};

/// The operator pushing, and what they may touch.
#[derive(Debug)]
pub struct Pusher<'a> {
    pub username: &'a str,
    pub branches: &'a [String],
}

/// Applies a batch; the caller has checked its shape (size, positive seqs, each
/// mutation's kind and payload type). Seqs out of order are answered per mutation.
pub fn apply_batch(
    tx: &Tx,
    pusher: &Pusher,
    client_id: Uuid,
    mutations: &[Mutation],
    now: DateTime<Utc>,
) -> Result<Vec<MutationResult>> {
    let client = client_id.to_string();
    let owner: Option<(String, i64)> = tx
        .query_row(
            "SELECT username, last_seq FROM clients WHERE client_id = ?1",
            [&client],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let mut last_seq = match owner {
        Some((user, _)) if user != pusher.username => {
            return Err(Error::out_of_scope(
                "Questo client è registrato a nome di un altro operatore.",
            ));
        }
        Some((_, last)) => last,
        None => {
            tx.execute(
                "INSERT INTO clients (client_id, username, last_seq) VALUES (?1, ?2, 0)",
                (&client, pusher.username),
            )?;
            0
        }
    };
    let mut results = Vec::with_capacity(mutations.len());
    for m in mutations {
        if m.seq <= last_seq {
            results.push(replay(tx, &client, m)?);
            continue;
        }
        let outcome = apply(tx, pusher, m, now)?;
        tx.prepare_cached(
            "INSERT INTO mutation_outcomes (client_id, seq, mutation_id, outcome, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((&client, m.seq, m.mutation_id.to_string(), serde_json::to_string(&outcome)?, ts(now)))?;
        last_seq = m.seq;
        results.push(outcome);
    }
    tx.execute(
        "UPDATE clients SET last_seq = ?2 WHERE client_id = ?1",
        (&client, last_seq),
    )?;
    Ok(results)
}

fn rejected(m: &Mutation, errors: Vec<FieldError>) -> MutationResult {
    MutationResult::Rejected {
        seq: m.seq,
        mutation_id: m.mutation_id,
        errors,
    }
}

/// A `seq` the server has already seen: its stored outcome, unchanged.
fn replay(tx: &Tx, client: &str, m: &Mutation) -> Result<MutationResult> {
    let stored: Option<(String, String)> = tx
        .prepare_cached(
            "SELECT mutation_id, outcome FROM mutation_outcomes WHERE client_id = ?1 AND seq = ?2",
        )?
        .query_row((client, m.seq), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match stored {
        Some((id, outcome)) if id == m.mutation_id.to_string() => serde_json::from_str(&outcome)?,
        Some(_) => rejected(
            m,
            vec![FieldError::new(
                "mutation_id",
                "mutazione_diversa",
                "Questo numero di sequenza è già stato usato per un'altra modifica.",
            )],
        ),
        None => rejected(
            m,
            vec![FieldError::new(
                "seq",
                "formato_non_valido",
                "Numero di sequenza già superato: le modifiche vanno inviate in ordine crescente.",
            )],
        ),
    })
}

/// Shared by every kind of the push. A mutation's answer, or the field errors that reject it.
pub(crate) type Outcome = std::result::Result<MutationResult, Vec<FieldError>>;

pub(crate) fn error(field: &str, code: &str, message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError::new(field, code, message.into())]
}

pub(crate) fn payload<T: serde::de::DeserializeOwned>(
    m: &Mutation,
) -> std::result::Result<T, Vec<FieldError>> {
    serde_json::from_value(m.payload.clone()).map_err(|e| {
        error(
            "payload",
            "formato_non_valido",
            format!("Contenuto della modifica non valido: {e}."),
        )
    })
}

pub(crate) fn applied(m: &Mutation, version: i64) -> Outcome {
    Ok(MutationResult::Applied {
        seq: m.seq,
        mutation_id: m.mutation_id,
        version,
    })
}

/// The answer to `m`: its outcome, or its rejection with the field errors.
pub(crate) fn answer(m: &Mutation, outcome: Outcome) -> MutationResult {
    outcome.unwrap_or_else(|errors| MutationResult::Rejected {
        seq: m.seq,
        mutation_id: m.mutation_id,
        errors,
    })
}

/// The branch of the citizen `codice_fiscale` if it is one of the pusher's: another
/// branch's citizen answers exactly as an unknown one.
pub(crate) fn citizen_branch(
    tx: &Tx,
    pusher: &Pusher,
    codice_fiscale: &str,
) -> crate::error::Result<std::result::Result<String, Vec<FieldError>>> {
    Ok(super::candidates::branch_of(tx, codice_fiscale)?
        .filter(|b| pusher.branches.contains(b))
        .ok_or_else(|| {
            error(
                "payload.codice_fiscale",
                "non_trovato",
                "Candidato non trovato.",
            )
        }))
}

/// The key of a mutation about a record keyed by UUID (offers, courses, documents).
pub(crate) fn uuid_key(m: &Mutation) -> std::result::Result<Uuid, Vec<FieldError>> {
    Uuid::parse_str(&m.key).map_err(|_| {
        error(
            "key",
            "formato_non_valido",
            "La chiave deve essere un UUID.",
        )
    })
}

/// `outdated` unless `base_version` is the record's.
pub(crate) fn check_version(m: &Mutation, version: i64) -> std::result::Result<(), Outcome> {
    match m.base_version {
        None => Err(Err(error(
            "base_version",
            "obbligatorio",
            "Manca la versione su cui è stata fatta la modifica.",
        ))),
        Some(base) if base != version => Err(Ok(MutationResult::Outdated {
            seq: m.seq,
            mutation_id: m.mutation_id,
            version,
        })),
        Some(_) => Ok(()),
    }
}

fn apply(tx: &Tx, pusher: &Pusher, m: &Mutation, now: DateTime<Utc>) -> Result<MutationResult> {
    let Some(kind) = MutationKind::parse(&m.kind) else {
        return Ok(rejected(
            m,
            vec![FieldError::new(
                "kind",
                "sconosciuto",
                format!("Tipo di modifica sconosciuto: {}.", m.kind),
            )],
        ));
    };
    if kind.is_corso_kind() {
        return super::corsi::apply(tx, pusher, kind, m, now);
    }
    if kind.is_documento_kind() {
        return super::documenti::apply(tx, pusher, kind, m, now);
    }
    if kind.is_agenda_kind() {
        return super::agenda::apply(tx, pusher, kind, m, now);
    }
    if kind.is_candidatura_kind() {
        return super::candidature::apply(tx, pusher, kind, m, now);
    }
    if kind.is_contatto_kind() {
        return super::contatti::apply(tx, pusher, kind, m, now);
    }
    if kind.is_cv_kind() {
        return super::cv::apply(tx, pusher, kind, m, now);
    }
    if !kind.is_candidate_kind() {
        return super::offerte::push::apply(tx, pusher, kind, m, now);
    }
    // Another branch's candidate gets the same answer as an unknown one, so a push
    // cannot probe which codici fiscali exist elsewhere.
    let branch = candidates::branch_of(tx, &m.key)?.filter(|b| pusher.branches.contains(b));
    let Some(branch) = branch else {
        return Ok(rejected(
            m,
            vec![FieldError::new(
                "key",
                "non_trovato",
                "Candidato non trovato.",
            )],
        ));
    };
    match kind {
        MutationKind::EditContacts => {
            let contacts: Contacts = match payload(m) {
                Ok(c) => c,
                Err(e) => return Ok(rejected(m, e)),
            };
            let errors = check_contacts(&contacts);
            if !errors.is_empty() {
                return Ok(rejected(m, errors));
            }
            if let Some(conflict) = stale(tx, m)? {
                return Ok(conflict);
            }
            let version = candidates::set_contacts(tx, &m.key, normalise_contacts(contacts), now)?;
            Ok(MutationResult::Applied {
                seq: m.seq,
                mutation_id: m.mutation_id,
                version,
            })
        }
        MutationKind::SetFasciaDebole => {
            let mut d: FasciaDeboleDeclaration = match payload(m) {
                Ok(d) => d,
                Err(e) => return Ok(rejected(m, e)),
            };
            d.categoria = d
                .categoria
                .map(|c| c.trim().to_uppercase())
                .filter(|c| !c.is_empty());
            let errors = check_fascia_debole(tx, &d)?;
            if !errors.is_empty() {
                return Ok(rejected(m, errors));
            }
            if let Some(conflict) = stale(tx, m)? {
                return Ok(conflict);
            }
            let version = candidates::set_fascia_debole(tx, &m.key, &d, now)?;
            Ok(MutationResult::Applied {
                seq: m.seq,
                mutation_id: m.mutation_id,
                version,
            })
        }
        MutationKind::SalvaOfferta
        | MutationKind::StatoOfferta
        | MutationKind::ProponiOfferta
        | MutationKind::StatoInteresse
        | MutationKind::RifiutoOfferta
        | MutationKind::SalvaCorso
        | MutationKind::AzioneCorso
        | MutationKind::DocumentoNuovo
        | MutationKind::DocumentoAzione
        | MutationKind::SportelloSalva
        | MutationKind::PrenotazioneNuova
        | MutationKind::PrenotazioneStato
        | MutationKind::CandidaturaNuova
        | MutationKind::CandidaturaEsito
        | MutationKind::ContattoCpi
        | MutationKind::ContattoRisposta
        | MutationKind::CvNuovo
        | MutationKind::CvModifica
        | MutationKind::CvElimina
        | MutationKind::CvRichiesta
        | MutationKind::CvRichiestaEsito => unreachable!("dispatched above"),
        MutationKind::AddAnnotation => {
            let a: NewAnnotation = match payload(m) {
                Ok(a) => a,
                Err(e) => return Ok(rejected(m, e)),
            };
            let text = a.text.trim();
            let mut errors = Vec::new();
            if text.is_empty() {
                errors.push(FieldError::new(
                    "payload.text",
                    "obbligatorio",
                    "Il testo dell'annotazione è obbligatorio.",
                ));
            } else if text.chars().count() > 4000 {
                errors.push(FieldError::new(
                    "payload.text",
                    "troppo_lungo",
                    "L'annotazione può avere al massimo 4000 caratteri.",
                ));
            }
            if candidates::annotation_exists(tx, &a.id.to_string())? {
                errors.push(FieldError::new(
                    "payload.id",
                    "gia_esistente",
                    "Esiste già un'annotazione con questo identificativo.",
                ));
            }
            if !errors.is_empty() {
                return Ok(rejected(m, errors));
            }
            candidates::add_annotation(tx, &m.key, &branch, &a, pusher.username, now)?;
            Ok(MutationResult::Applied {
                seq: m.seq,
                mutation_id: m.mutation_id,
                version: 1,
            })
        }
    }
}

/// The conflict answer when `base_version` is not the server's (or missing).
fn stale(tx: &Tx, m: &Mutation) -> Result<Option<MutationResult>> {
    let record = candidates::record(tx, &m.key)?
        .ok_or_else(|| Error::Internal("candidate vanished".into()))?;
    let Some(base) = m.base_version else {
        return Ok(Some(rejected(
            m,
            vec![FieldError::new(
                "base_version",
                "obbligatorio",
                "Manca la versione su cui è stata fatta la modifica.",
            )],
        )));
    };
    Ok((base != record.version).then(|| MutationResult::Conflict {
        seq: m.seq,
        mutation_id: m.mutation_id,
        server: Box::new(record),
    }))
}

fn normalise_contacts(c: Contacts) -> Contacts {
    c.normalised()
}

/// The recapiti rule of [`Contacts::problems`], as the server answers it.
pub fn check_contacts(c: &Contacts) -> Vec<FieldError> {
    c.problems()
        .into_iter()
        .map(|p| {
            FieldError::new(
                format!("payload.{}", p.field.as_str()),
                "formato_non_valido",
                p.message,
            )
        })
        .collect()
}

fn check_fascia_debole(tx: &Tx, d: &FasciaDeboleDeclaration) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    match (d.fascia_debole, &d.categoria) {
        (true, None) => errors.push(FieldError::new(
            "payload.categoria",
            "obbligatorio",
            "Per una fascia debole va indicata la categoria.",
        )),
        (true, Some(code)) if !category_exists(tx, code)? => errors.push(FieldError::new(
            "payload.categoria",
            "sconosciuto",
            format!("Categoria sconosciuta: {code}."),
        )),
        (false, Some(_)) => errors.push(FieldError::new(
            "payload.categoria",
            "incoerente",
            "La categoria si indica solo per una fascia debole.",
        )),
        _ => {}
    }
    Ok(errors)
}
