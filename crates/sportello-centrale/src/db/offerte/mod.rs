//! Offers, expressions of interest and refusals: each record kept whole as its wire
//! JSON, with the columns queries filter on; every write logs a change for the pull.

pub mod push;

use chrono::{DateTime, NaiveDate, Utc};
use sportello_core::offerte::{DatiOfferta, StatoOfferta, Voce, Voci};
use sportello_protocol::offerte::{
    EventoOfferta, Interesse, Offerta, Rifiuto, StatoTrasmissione, TipoEventoOfferta, Trasmissione,
};
use sportello_protocol::sync::Entity;
use uuid::Uuid;

use super::changes::{self, State};
use super::{OptionalExtension, Tx, ts};
use crate::error::{Error, Result};

/// The coded lists, in their order.
pub fn voci(tx: &Tx) -> Result<Voci> {
    let rows: Vec<(String, Voce)> = tx.query_map(
        "SELECT lista, codice, descrizione FROM offerte_voci ORDER BY lista, posizione",
        (),
        |r| {
            Ok((
                r.get(0)?,
                Voce {
                    codice: r.get(1)?,
                    descrizione: r.get(2)?,
                },
            ))
        },
    )?;
    let mut voci = Voci::default();
    for (lista, voce) in rows {
        match lista.as_str() {
            "tipo_offerta" => voci.tipi_offerta.push(voce),
            "tipo_contratto" => voci.tipi_contratto.push(voce),
            "modalita_lavoro" => voci.modalita_lavoro.push(voce),
            "motivo_rifiuto" => voci.motivi_rifiuto.push(voce),
            other => return Err(Error::Internal(format!("unknown list {other}"))),
        }
    }
    Ok(voci)
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json)
        .map_err(|e| Error::Internal(format!("a stored record does not parse: {e}")))
}

pub fn offerta(tx: &Tx, id: Uuid) -> Result<Option<Offerta>> {
    let json: Option<String> = tx
        .prepare_cached("SELECT record FROM offerte WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    json.as_deref().map(parse).transpose()
}

pub fn offerta_by_codice(tx: &Tx, codice: &str) -> Result<Option<Offerta>> {
    let json: Option<String> = tx
        .prepare_cached("SELECT record FROM offerte WHERE codice = ?1")?
        .query_row([codice], |r| r.get(0))
        .optional()?;
    json.as_deref().map(parse).transpose()
}

/// Takes the next value of a counter, creating it at 1.
fn next(tx: &Tx, name: &str) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
    )?
    .query_row([name], |r| r.get(0))
}

/// A new offer of `dati` (already checked), in state `stato`, by `chi`: the server
/// gives it its code (the branch's province and a number) and its identifier.
pub fn create(
    tx: &Tx,
    id: Uuid,
    dati: DatiOfferta,
    stato: StatoOfferta,
    chi: &str,
    now: DateTime<Utc>,
) -> Result<Offerta> {
    let provincia: String = tx
        .prepare_cached("SELECT provincia FROM branches WHERE code = ?1")?
        .query_row([&dati.filiale], |r| r.get(0))?;
    let number = next(tx, &format!("offerta:{provincia}"))?;
    let identificativo = next(tx, "offerta_identificativo")?;
    let mut storico = vec![evento(now, chi, TipoEventoOfferta::Creata, None)];
    if stato == StatoOfferta::Pubblicata {
        storico.push(evento(
            now,
            chi,
            TipoEventoOfferta::Pubblicata,
            Some(dati.fine_pubblicazione),
        ));
    }
    let offerta = Offerta {
        id,
        codice: format!("{provincia}-{}", 10_000 + number),
        identificativo: format!("{:012}", 700_000_000_000 + identificativo),
        version: 1,
        stato,
        dati,
        storico,
    };
    tx.prepare_cached(
        "INSERT INTO offerte (id, codice, identificativo, filiale, stato, fine_pubblicazione, version, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(crate::params![
        id.to_string(),
        &offerta.codice,
        &offerta.identificativo,
        &offerta.dati.filiale,
        offerta.stato.as_str(),
        offerta.dati.fine_pubblicazione.to_string(),
        1i64,
        serde_json::to_string(&offerta)?
    ])?;
    changes::log(
        tx,
        Entity::Offerta,
        &id.to_string(),
        &offerta.dati.filiale,
        State::Present,
        now,
    )?;
    Ok(offerta)
}

pub fn evento(
    quando: DateTime<Utc>,
    chi: &str,
    evento: TipoEventoOfferta,
    fine_pubblicazione: Option<NaiveDate>,
) -> EventoOfferta {
    EventoOfferta {
        quando,
        chi: chi.to_string(),
        evento,
        fine_pubblicazione,
    }
}

/// Stores a changed offer (its version already raised by the caller). The branch
/// never changes.
pub fn update(tx: &Tx, o: &Offerta, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "UPDATE offerte SET stato = ?2, fine_pubblicazione = ?3, version = ?4, record = ?5 WHERE id = ?1",
    )?
    .execute((
        o.id.to_string(),
        o.stato.as_str(),
        o.dati.fine_pubblicazione.to_string(),
        o.version,
        serde_json::to_string(o)?,
    ))?;
    changes::log(
        tx,
        Entity::Offerta,
        &o.id.to_string(),
        &o.dati.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

pub fn interesse(tx: &Tx, id: Uuid) -> Result<Option<Interesse>> {
    let json: Option<String> = tx
        .prepare_cached("SELECT record FROM interessi WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    json.as_deref().map(parse).transpose()
}

pub fn interesse_exists(tx: &Tx, offerta: Uuid, codice_fiscale: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM interessi WHERE offerta = ?1 AND codice_fiscale = ?2")?
        .query_row((offerta.to_string(), codice_fiscale), |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .is_some())
}

/// Inserts a new interest or stores a changed one.
pub fn save_interesse(tx: &Tx, i: &Interesse, now: DateTime<Utc>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO interessi (id, offerta, filiale, codice_fiscale, data, stato, version, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET stato = excluded.stato, version = excluded.version, record = excluded.record",
    )?
    .execute(crate::params![
        i.id.to_string(),
        i.offerta.to_string(),
        &i.filiale,
        &i.codice_fiscale,
        ts(i.data),
        i.stato.as_str(),
        i.version,
        serde_json::to_string(i)?
    ])?;
    changes::log(
        tx,
        Entity::Interesse,
        &i.id.to_string(),
        &i.filiale,
        State::Present,
        now,
    )?;
    Ok(())
}

/// Which interests a page lists.
#[derive(Debug, Clone, Default)]
pub struct InteressiFilter {
    pub branches: Vec<String>,
    pub offerta: Option<Uuid>,
    pub dal: Option<NaiveDate>,
    pub al: Option<NaiveDate>,
}

/// Interests in `f`, newest first, `limit` from position `after`.
pub fn interessi(tx: &Tx, f: &InteressiFilter, after: u64, limit: u32) -> Result<Vec<Interesse>> {
    use super::sql::Value;
    let mut sql = String::from("SELECT record FROM interessi WHERE ");
    let mut params: Vec<Value> = Vec::new();
    let bind = |v: Value, params: &mut Vec<Value>| {
        params.push(v);
        format!("?{}", params.len())
    };
    let branches: Vec<String> = f
        .branches
        .iter()
        .map(|b| bind(Value::Text(b.clone()), &mut params))
        .collect();
    sql.push_str(&format!("filiale IN ({})", branches.join(", ")));
    if let Some(o) = f.offerta {
        sql.push_str(&format!(
            " AND offerta = {}",
            bind(Value::Text(o.to_string()), &mut params)
        ));
    }
    if let Some(d) = f.dal {
        sql.push_str(&format!(
            " AND data >= {}",
            bind(Value::Text(d.to_string()), &mut params)
        ));
    }
    if let Some(d) = f.al.and_then(|d| d.succ_opt()) {
        sql.push_str(&format!(
            " AND data < {}",
            bind(Value::Text(d.to_string()), &mut params)
        ));
    }
    let limit_at = bind(Value::Int(i64::from(limit)), &mut params);
    let offset_at = bind(
        Value::Int(i64::try_from(after).unwrap_or(i64::MAX)),
        &mut params,
    );
    sql.push_str(&format!(
        " ORDER BY data DESC, id DESC LIMIT {limit_at} OFFSET {offset_at}"
    ));
    let rows: Vec<String> = tx.query_map(&sql, params, |r| r.get(0))?;
    rows.iter().map(|j| parse(j)).collect()
}

pub fn rifiuto(tx: &Tx, id: Uuid) -> Result<Option<Rifiuto>> {
    let json: Option<String> = tx
        .prepare_cached("SELECT record FROM rifiuti WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    json.as_deref().map(parse).transpose()
}

/// Stores a new refusal and transmits it onward: the sandbox's receiving system
/// answers at once with a protocol number.
pub fn insert_rifiuto(tx: &Tx, mut r: Rifiuto, now: DateTime<Utc>) -> Result<Rifiuto> {
    let protocollo = next(tx, "rifiuto_protocollo")?;
    r.trasmissione = Trasmissione {
        stato: StatoTrasmissione::Trasmesso,
        protocollo: Some(format!("SFL-{}-{:08}", now.format("%Y"), protocollo)),
        trasmesso_il: Some(now),
    };
    tx.prepare_cached(
        "INSERT INTO rifiuti (id, offerta, filiale, codice_fiscale, record, registrato_il)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(crate::params![
        r.id.to_string(),
        r.offerta.to_string(),
        &r.filiale,
        &r.codice_fiscale,
        serde_json::to_string(&r)?,
        ts(r.registrato_il),
    ])?;
    changes::log(
        tx,
        Entity::Rifiuto,
        &r.id.to_string(),
        &r.filiale,
        State::Present,
        now,
    )?;
    Ok(r)
}

/// The sandbox's citizens at work: `count` new expressions of interest, now, by
/// citizens of each offer's branch in offers still published (the ones a real SIISL
/// would receive over time). Returns how many were made (fewer when the published
/// offers and citizens run out of new pairs).
pub fn sandbox_interests(tx: &Tx, count: usize, seed: u64, now: DateTime<Utc>) -> Result<usize> {
    use rand::{Rng, SeedableRng};
    use sportello_core::offerte::{OrigineInteresse, StatoInteresse};
    use sportello_protocol::offerte::EventoInteresse;

    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let offers: Vec<(String, String, String)> = tx.query_map(
        "SELECT id, codice, filiale FROM offerte WHERE stato = 'pubblicata' AND fine_pubblicazione >= ?1 ORDER BY id",
        [now.date_naive().to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut people: std::collections::HashMap<String, Vec<(String, String, String)>> =
        Default::default();
    let mut made = 0;
    let mut tries = 0;
    while made < count && !offers.is_empty() && tries < count * 4 {
        tries += 1;
        let (id, codice, filiale) = &offers[rng.random_range(0..offers.len())];
        if !people.contains_key(filiale) {
            let rows: Vec<(String, String)> = tx.query_map(
                "SELECT codice_fiscale, sap FROM candidates WHERE branch = ?1 ORDER BY codice_fiscale LIMIT 5000",
                [filiale],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let named = rows
                .into_iter()
                .map(|(cf, sap)| {
                    let c: sportello_core::Candidate = parse(&sap)?;
                    Ok((cf, c.personal.surname, c.personal.name))
                })
                .collect::<Result<Vec<_>>>()?;
            people.insert(filiale.clone(), named);
        }
        let citizens = &people[filiale];
        if citizens.is_empty() {
            continue;
        }
        let (cf, cognome, nome) = &citizens[rng.random_range(0..citizens.len())];
        let offerta = Uuid::parse_str(id).map_err(|e| Error::Internal(e.to_string()))?;
        if interesse_exists(tx, offerta, cf)? {
            continue;
        }
        let interesse = Interesse {
            id: Uuid::new_v4(),
            offerta,
            codice_offerta: codice.clone(),
            filiale: filiale.clone(),
            codice_fiscale: cf.clone(),
            cognome: cognome.clone(),
            nome: nome.clone(),
            data: now,
            origine: OrigineInteresse::Cittadino,
            stato: StatoInteresse::DaValutare,
            version: 1,
            storico: vec![EventoInteresse {
                quando: now,
                chi: "cittadino".into(),
                stato: StatoInteresse::DaValutare,
                nota: None,
            }],
        };
        save_interesse(tx, &interesse, now)?;
        made += 1;
    }
    Ok(made)
}
