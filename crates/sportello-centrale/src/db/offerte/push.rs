//! The offer kinds of the push: each judged with the core's rules, applied in the
//! batch's transaction, answered `applied`, `outdated` or `rejected`.

use chrono::{DateTime, Utc};
use sportello_core::CodiceFiscale;
use sportello_core::offerte::{
    AzioneOfferta, DatiOfferta, OrigineInteresse, StatoInteresse, StatoOfferta,
};
use sportello_protocol::FieldError;
use sportello_protocol::offerte::{
    CambioStatoInteresse, EventoInteresse, Interesse, NuovoRifiuto, Offerta, Proposta, Rifiuto,
    StatoTrasmissione, TipoEventoOfferta, Trasmissione,
};
use sportello_protocol::sync::{Mutation, MutationKind, MutationResult};
use uuid::Uuid;

use super::super::mutations::{
    Outcome, Pusher, answer, applied, check_version, error, payload, uuid_key as key,
};
use super::super::{Tx, candidates};
use crate::error::Result;

/// Longest note of an interest's state or a refusal.
pub const MAX_NOTA: usize = 1000;

/// An offer the pusher may touch; another branch's answers as unknown.
fn visible_offerta(tx: &Tx, pusher: &Pusher, id: Uuid) -> Result<Option<Offerta>> {
    Ok(super::offerta(tx, id)?.filter(|o| pusher.branches.contains(&o.dati.filiale)))
}

fn not_found(field: &str, what: &str) -> Vec<FieldError> {
    error(field, "non_trovato", format!("{what} non trovata."))
}

/// Applies a mutation of an offer kind.
pub fn apply(
    tx: &Tx,
    pusher: &Pusher,
    kind: MutationKind,
    m: &Mutation,
    now: DateTime<Utc>,
) -> Result<MutationResult> {
    let outcome = match kind {
        MutationKind::SalvaOfferta => salva(tx, pusher, m, now)?,
        MutationKind::StatoOfferta => stato(tx, pusher, m, now)?,
        MutationKind::ProponiOfferta => proponi(tx, pusher, m, now)?,
        MutationKind::StatoInteresse => stato_interesse(tx, pusher, m, now)?,
        MutationKind::RifiutoOfferta => rifiuto(tx, pusher, m, now)?,
        _ => unreachable!("a candidate kind is not an offer kind"),
    };
    Ok(answer(m, outcome))
}

/// The rule of `DatiOfferta::problemi`, as the server answers it.
pub fn check_dati(
    tx: &Tx,
    dati: &DatiOfferta,
    branches: &[String],
    now: DateTime<Utc>,
    prefix: &str,
) -> Result<Vec<FieldError>> {
    let voci = super::voci(tx)?;
    Ok(dati
        .problemi(&voci, branches, now.date_naive())
        .into_iter()
        .map(|p| {
            let code = if p.vuoto {
                "obbligatorio"
            } else {
                "formato_non_valido"
            };
            FieldError::new(format!("{prefix}{}", p.campo.as_str()), code, p.messaggio)
        })
        .collect())
}

fn salva(tx: &Tx, pusher: &Pusher, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let (id, dati) = match (key(m), payload::<DatiOfferta>(m)) {
        (Ok(id), Ok(d)) => (id, d.normalised()),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let errors = check_dati(tx, &dati, pusher.branches, now, "payload.")?;
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let Some(existing) = super::offerta(tx, id)? else {
        if m.base_version.is_some() {
            return Ok(Err(not_found("key", "Offerta")));
        }
        let created = super::create(tx, id, dati, StatoOfferta::Bozza, pusher.username, now)?;
        return Ok(applied(m, created.version));
    };
    if !pusher.branches.contains(&existing.dati.filiale) {
        return Ok(Err(not_found("key", "Offerta")));
    }
    if let Err(outcome) = check_version(m, existing.version) {
        return Ok(outcome);
    }
    if dati.filiale != existing.dati.filiale {
        return Ok(Err(error(
            "payload.filiale",
            "incoerente",
            "La filiale di un'offerta non cambia.",
        )));
    }
    let oggi = now.date_naive();
    if !existing
        .stato
        .al(existing.dati.fine_pubblicazione, oggi)
        .modificabile()
    {
        return Ok(Err(error(
            "key",
            "incoerente",
            "Un'offerta scaduta o chiusa non si modifica.",
        )));
    }
    let mut o = existing;
    o.dati = dati;
    o.version += 1;
    o.storico.push(super::evento(
        now,
        pusher.username,
        TipoEventoOfferta::Modificata,
        None,
    ));
    super::update(tx, &o, now)?;
    Ok(applied(m, o.version))
}

fn stato(tx: &Tx, pusher: &Pusher, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let (id, azione) = match (key(m), payload::<AzioneOfferta>(m)) {
        (Ok(id), Ok(a)) => (id, a),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let Some(mut o) = visible_offerta(tx, pusher, id)? else {
        return Ok(Err(not_found("key", "Offerta")));
    };
    if let Err(outcome) = check_version(m, o.version) {
        return Ok(outcome);
    }
    match o.applica(azione, pusher.username, now) {
        Ok(()) => {
            super::update(tx, &o, now)?;
            Ok(applied(m, o.version))
        }
        Err(message) => Ok(Err(error("payload.azione", "incoerente", message))),
    }
}

/// The candidate's (surname, name), if the pusher's scope has them.
fn candidate_name(
    tx: &Tx,
    pusher: &Pusher,
    codice_fiscale: &str,
) -> Result<Option<(String, String)>> {
    let in_scope =
        candidates::branch_of(tx, codice_fiscale)?.is_some_and(|b| pusher.branches.contains(&b));
    if !in_scope {
        return Ok(None);
    }
    Ok(candidates::record(tx, codice_fiscale)?
        .map(|r| (r.sap.personal.surname, r.sap.personal.name)))
}

fn proponi(tx: &Tx, pusher: &Pusher, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let (id, p) = match (key(m), payload::<Proposta>(m)) {
        (Ok(id), Ok(p)) => (id, p),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let Some(o) = visible_offerta(tx, pusher, p.offerta)? else {
        return Ok(Err(not_found("payload.offerta", "Offerta")));
    };
    if o.stato.al(o.dati.fine_pubblicazione, now.date_naive()) != StatoOfferta::Pubblicata {
        return Ok(Err(error(
            "payload.offerta",
            "incoerente",
            "Si propone solo un'offerta pubblicata.",
        )));
    }
    let cf = p.codice_fiscale.trim().to_uppercase();
    let Some((cognome, nome)) = candidate_name(tx, pusher, &cf)? else {
        return Ok(Err(error(
            "payload.codice_fiscale",
            "non_trovato",
            "Candidato non trovato.",
        )));
    };
    if super::interesse(tx, id)?.is_some() || super::interesse_exists(tx, o.id, &cf)? {
        return Ok(Err(error(
            "payload.codice_fiscale",
            "gia_esistente",
            "Il candidato ha già una manifestazione di interesse per questa offerta.",
        )));
    }
    let interesse = Interesse {
        id,
        offerta: o.id,
        codice_offerta: o.codice,
        filiale: o.dati.filiale,
        codice_fiscale: cf,
        cognome,
        nome,
        data: now,
        origine: OrigineInteresse::PropostaFiliale,
        stato: StatoInteresse::DaValutare,
        version: 1,
        storico: vec![EventoInteresse {
            quando: now,
            chi: pusher.username.to_string(),
            stato: StatoInteresse::DaValutare,
            nota: None,
        }],
    };
    super::save_interesse(tx, &interesse, now)?;
    Ok(applied(m, 1))
}

fn note(text: Option<String>, field: &str) -> std::result::Result<Option<String>, Vec<FieldError>> {
    let text = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    match &text {
        Some(t) if t.chars().count() > MAX_NOTA => Err(error(
            field,
            "troppo_lungo",
            format!("Al massimo {MAX_NOTA} caratteri."),
        )),
        _ => Ok(text),
    }
}

fn stato_interesse(tx: &Tx, pusher: &Pusher, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let (id, c) = match (key(m), payload::<CambioStatoInteresse>(m)) {
        (Ok(id), Ok(c)) => (id, c),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let nota = match note(c.nota, "payload.nota") {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    let Some(mut i) = super::interesse(tx, id)?.filter(|i| pusher.branches.contains(&i.filiale))
    else {
        return Ok(Err(not_found("key", "Manifestazione di interesse")));
    };
    if let Err(outcome) = check_version(m, i.version) {
        return Ok(outcome);
    }
    if let Err(message) = i.stato.verso(c.stato) {
        return Ok(Err(error("payload.stato", "incoerente", message)));
    }
    i.stato = c.stato;
    i.version += 1;
    i.storico.push(EventoInteresse {
        quando: now,
        chi: pusher.username.to_string(),
        stato: c.stato,
        nota,
    });
    super::save_interesse(tx, &i, now)?;
    Ok(applied(m, i.version))
}

fn rifiuto(tx: &Tx, pusher: &Pusher, m: &Mutation, now: DateTime<Utc>) -> Result<Outcome> {
    let (id, r) = match (key(m), payload::<NuovoRifiuto>(m)) {
        (Ok(id), Ok(r)) => (id, r),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let note = match note(r.note, "payload.note") {
        Ok(n) => n,
        Err(e) => return Ok(Err(e)),
    };
    let Some(o) = visible_offerta(tx, pusher, r.offerta)? else {
        return Ok(Err(not_found("payload.offerta", "Offerta")));
    };
    let mut errors = Vec::new();
    let cf = match CodiceFiscale::parse(&r.codice_fiscale) {
        Ok(cf) => cf.to_string(),
        Err(e) => {
            errors.push(FieldError::new(
                "payload.codice_fiscale",
                "formato_non_valido",
                e.to_string(),
            ));
            String::new()
        }
    };
    let known = !cf.is_empty()
        && (candidate_name(tx, pusher, &cf)?.is_some() || super::interesse_exists(tx, o.id, &cf)?);
    if !cf.is_empty() && !known {
        errors.push(FieldError::new(
            "payload.codice_fiscale",
            "non_trovato",
            "Il cittadino non è tra i candidati né tra chi ha manifestato interesse per l'offerta.",
        ));
    }
    let motivi = super::voci(tx)?.motivi_rifiuto;
    let motivo = r.motivo.trim().to_uppercase();
    if !motivi.iter().any(|v| v.codice == motivo) {
        errors.push(FieldError::new(
            "payload.motivo",
            "sconosciuto",
            format!("Motivo sconosciuto: {motivo}."),
        ));
    }
    if motivo == "ALTRO" && note.is_none() {
        errors.push(FieldError::new(
            "payload.note",
            "obbligatorio",
            "Con «Altro motivo» vanno scritte le note.",
        ));
    }
    if r.data > now.date_naive() {
        errors.push(FieldError::new(
            "payload.data",
            "formato_non_valido",
            "La data del rifiuto non può essere nel futuro.",
        ));
    }
    if super::rifiuto(tx, id)?.is_some() {
        errors.push(FieldError::new(
            "key",
            "gia_esistente",
            "Comunicazione già registrata.",
        ));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    super::insert_rifiuto(
        tx,
        Rifiuto {
            id,
            offerta: o.id,
            codice_offerta: o.codice,
            filiale: o.dati.filiale,
            codice_fiscale: cf,
            data: r.data,
            motivo,
            note,
            operatore: pusher.username.to_string(),
            registrato_il: now,
            trasmissione: Trasmissione {
                stato: StatoTrasmissione::DaTrasmettere,
                protocollo: None,
                trasmesso_il: None,
            },
        },
        now,
    )?;
    Ok(applied(m, 1))
}
