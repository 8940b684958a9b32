//! Offers, expressions of interest and refusals offline: the same model as candidates
//! (see [`crate::local`]). The store keeps the server's record and the record as shown,
//! which is the server's with the pending mutations applied in outbox order; a pull
//! replaces the server's record and re-applies them, an applied mutation moves the
//! server's record forward by it, a refused one drops out of the view.
//!
//! The `base_version` of a change is the shown record's version: the server's plus one
//! per pending change, as the server will number them.

use chrono::{DateTime, Utc};
use sportello_core::codice_fiscale::belfiore;
use sportello_core::offerte::{
    AzioneOfferta, DatiOfferta, OrigineInteresse, StatoInteresse, StatoOfferta,
};
use sportello_protocol::candidature::Candidatura;
use sportello_protocol::contatti::Contatto;
use sportello_protocol::corsi::Corso;
use sportello_protocol::cv::Cv;
use sportello_protocol::documenti::Documento;
use sportello_protocol::offerte::{
    CambioStatoInteresse, EventoInteresse, EventoOfferta, Interesse, NuovoRifiuto, Offerta,
    Proposta, Rifiuto, StatoTrasmissione, TipoEventoOfferta, Trasmissione,
};
use sportello_protocol::sync::{Change, MutationKind};
use sportello_store::{InteresseRow, OffertaRow, OutboxEntry, RifiutoRow, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};

/// The table a kind's key names.
fn table(kind: MutationKind) -> &'static str {
    match kind {
        MutationKind::SalvaOfferta | MutationKind::StatoOfferta => "offerte",
        MutationKind::ProponiOfferta | MutationKind::StatoInteresse => "interessi",
        _ => "rifiuti",
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::invalid(format!("record non serializzabile: {e}")))
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("record locale illeggibile: {e}")))
}

fn payload<T: serde::de::DeserializeOwned>(entry: &OutboxEntry) -> Option<T> {
    serde_json::from_value(entry.payload.clone()).ok()
}

/// Province sigle of the sedi (the comuni as they are today).
fn province(dati: &DatiOfferta) -> Vec<String> {
    let mut out: Vec<String> = dati
        .sedi
        .iter()
        .filter_map(|s| {
            belfiore::entries(s)
                .iter()
                .rev()
                .find(|b| b.valid_to.is_none())
        })
        .map(|b| b.province.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn offerta_row(server: Option<&Offerta>, view: &Offerta) -> Result<OffertaRow> {
    Ok(OffertaRow {
        id: view.id.to_string(),
        filiale: view.dati.filiale.clone(),
        codice: Some(view.codice.clone()).filter(|c| !c.is_empty()),
        stato: view.stato.as_str().to_string(),
        fine_pubblicazione: view.dati.fine_pubblicazione,
        qualifica: view.dati.qualifica.clone(),
        tipo_offerta: view.dati.tipo_offerta.clone(),
        tipo_contratto: view.dati.tipo_contratto.clone(),
        province: province(&view.dati),
        version: server.map_or(0, |s| s.version),
        server: server.map(json).transpose()?,
        record: json(view)?,
    })
}

fn interesse_row(server: Option<&Interesse>, view: &Interesse) -> Result<InteresseRow> {
    Ok(InteresseRow {
        id: view.id.to_string(),
        offerta: view.offerta.to_string(),
        filiale: view.filiale.clone(),
        codice_fiscale: view.codice_fiscale.clone(),
        data: view.data,
        stato: view.stato.as_str().to_string(),
        version: server.map_or(0, |s| s.version),
        server: server.map(json).transpose()?,
        record: json(view)?,
    })
}

fn rifiuto_row(r: &Rifiuto, inviato: bool) -> Result<RifiutoRow> {
    Ok(RifiutoRow {
        id: r.id.to_string(),
        offerta: r.offerta.to_string(),
        filiale: r.filiale.clone(),
        codice_fiscale: r.codice_fiscale.clone(),
        data: r.data,
        inviato,
        record: json(r)?,
    })
}

/// The effect of a pending change on the shown offer (what the server will do with it).
fn apply_offerta(
    view: Option<Offerta>,
    entry: &OutboxEntry,
    now: DateTime<Utc>,
) -> Option<Offerta> {
    let kind = MutationKind::parse(&entry.kind)?;
    match (kind, view) {
        (MutationKind::SalvaOfferta, None) => {
            let dati: DatiOfferta = payload(entry)?;
            Some(Offerta {
                id: Uuid::parse_str(&entry.record_key).ok()?,
                codice: String::new(),
                identificativo: String::new(),
                version: 1,
                stato: StatoOfferta::Bozza,
                dati: dati.normalised(),
                storico: vec![evento(now, TipoEventoOfferta::Creata)],
            })
        }
        (MutationKind::SalvaOfferta, Some(mut o)) => {
            o.dati = payload::<DatiOfferta>(entry)?.normalised();
            o.version += 1;
            o.storico.push(evento(now, TipoEventoOfferta::Modificata));
            Some(o)
        }
        (MutationKind::StatoOfferta, Some(mut o)) => {
            // A change the server will refuse leaves the view (and the version) as is.
            let _ = o.applica(payload(entry)?, PENDING, now);
            Some(o)
        }
        (_, view) => view,
    }
}

/// Who made a change the server has not seen yet, as its history shows it.
const PENDING: &str = "(in attesa di invio)";

fn evento(quando: DateTime<Utc>, evento: TipoEventoOfferta) -> EventoOfferta {
    EventoOfferta {
        quando,
        chi: PENDING.into(),
        evento,
        fine_pubblicazione: None,
    }
}

fn apply_interesse(
    tx: &Tx<'_>,
    view: Option<Interesse>,
    entry: &OutboxEntry,
) -> Result<Option<Interesse>> {
    let Some(kind) = MutationKind::parse(&entry.kind) else {
        return Ok(view);
    };
    Ok(match (kind, view) {
        (MutationKind::ProponiOfferta, None) => {
            let Some(p) = payload::<Proposta>(entry) else {
                return Ok(None);
            };
            let Some(o) = tx.offerta(&p.offerta.to_string())? else {
                return Ok(None);
            };
            let o: Offerta = parse(&o.record)?;
            let (cognome, nome) = tx
                .candidate(&p.codice_fiscale)?
                .map(|c| (c.candidate.personal.surname, c.candidate.personal.name))
                .unwrap_or_default();
            Some(Interesse {
                id: Uuid::parse_str(&entry.record_key)
                    .map_err(|_| Error::invalid("chiave non valida"))?,
                offerta: o.id,
                codice_offerta: o.codice,
                filiale: o.dati.filiale,
                codice_fiscale: p.codice_fiscale,
                cognome,
                nome,
                data: entry.created_at,
                origine: OrigineInteresse::PropostaFiliale,
                stato: StatoInteresse::DaValutare,
                version: 1,
                storico: vec![],
            })
        }
        (MutationKind::StatoInteresse, Some(mut i)) => {
            if let Some(c) = payload::<CambioStatoInteresse>(entry)
                && i.stato.verso(c.stato).is_ok()
            {
                i.stato = c.stato;
                i.storico.push(EventoInteresse {
                    quando: entry.created_at,
                    chi: PENDING.into(),
                    stato: c.stato,
                    nota: c.nota,
                });
            }
            i.version += 1;
            Some(i)
        }
        (_, view) => view,
    })
}

/// Rewrites the shown record of `key` (in the table of `kind`) as the server's with
/// the pending changes; a record only made here with nothing pending goes.
pub(crate) fn rebuild(tx: &Tx<'_>, kind: MutationKind, key: &str) -> Result<()> {
    if kind.is_corso_kind() {
        return crate::kept::rebuild::<Corso>(tx, key);
    }
    if kind.is_documento_kind() {
        return crate::kept::rebuild::<Documento>(tx, key);
    }
    if kind.is_agenda_kind() {
        return crate::agenda::rebuild(tx, kind, key);
    }
    if kind.is_candidatura_kind() {
        return crate::kept::rebuild::<Candidatura>(tx, key);
    }
    if kind.is_contatto_kind() {
        return crate::kept::rebuild::<Contatto>(tx, key);
    }
    if kind.is_cv_kind() {
        return crate::kept::rebuild::<Cv>(tx, key);
    }
    let pending = tx.pending_mutations_for(key)?;
    match table(kind) {
        "offerte" => {
            let server: Option<Offerta> = tx
                .offerta(key)?
                .and_then(|r| r.server)
                .map(|s| parse(&s))
                .transpose()?;
            let mut view = server.clone();
            for entry in &pending {
                view = apply_offerta(view, entry, entry.created_at);
            }
            match view {
                Some(v) => tx.put_offerta(&offerta_row(server.as_ref(), &v)?)?,
                None => {
                    tx.forget_offer_record("offerte", key)?;
                }
            }
        }
        "interessi" => {
            let server: Option<Interesse> = tx
                .interesse(key)?
                .and_then(|r| r.server)
                .map(|s| parse(&s))
                .transpose()?;
            let mut view = server.clone();
            for entry in &pending {
                view = apply_interesse(tx, view, entry)?;
            }
            match view {
                Some(v) => tx.put_interesse(&interesse_row(server.as_ref(), &v)?)?,
                None => {
                    tx.forget_offer_record("interessi", key)?;
                }
            }
        }
        _ => {
            if pending.is_empty() {
                tx.forget_offer_record("rifiuti", key)?;
            }
        }
    }
    Ok(())
}

/// A record of the offer area from a pull; stale copies (lower version) are skipped.
/// Without pending changes (nearly always) the row is written once, its JSON made once.
pub(crate) fn pulled(tx: &Tx<'_>, change: &Change) -> Result<()> {
    match change {
        Change::Offerta { offerta, .. } => {
            let key = offerta.id.to_string();
            if tx
                .offerta(&key)?
                .is_some_and(|r| r.server.is_some() && r.version > offerta.version)
            {
                return Ok(());
            }
            let mut row = offerta_row(None, offerta)?;
            row.version = offerta.version;
            row.server = Some(row.record.clone());
            tx.put_offerta(&row)?;
            if tx.pending_mutations_for(&key)?.is_empty() {
                return Ok(());
            }
            rebuild(tx, MutationKind::SalvaOfferta, &key)
        }
        Change::Interesse { interesse, .. } => {
            let key = interesse.id.to_string();
            if tx
                .interesse(&key)?
                .is_some_and(|r| r.server.is_some() && r.version > interesse.version)
            {
                return Ok(());
            }
            let mut row = interesse_row(None, interesse)?;
            row.version = interesse.version;
            row.server = Some(row.record.clone());
            tx.put_interesse(&row)?;
            if tx.pending_mutations_for(&key)?.is_empty() {
                return Ok(());
            }
            rebuild(tx, MutationKind::StatoInteresse, &key)
        }
        Change::Rifiuto { rifiuto, .. } => Ok(tx.put_rifiuto(&rifiuto_row(rifiuto, true)?)?),
        _ => Ok(()),
    }
}

/// The server applied `entry`, making the record `version`: its server copy moves
/// forward by it (the pull that follows brings the server's own).
pub(crate) fn applied(
    tx: &Tx<'_>,
    entry: &OutboxEntry,
    kind: MutationKind,
    version: i64,
) -> Result<()> {
    if kind.is_corso_kind() {
        return crate::kept::applied::<Corso>(tx, entry, version);
    }
    if kind.is_documento_kind() {
        return crate::kept::applied::<Documento>(tx, entry, version);
    }
    if kind.is_agenda_kind() {
        return crate::agenda::applied(tx, entry, kind, version);
    }
    if kind.is_candidatura_kind() {
        return crate::kept::applied::<Candidatura>(tx, entry, version);
    }
    if kind.is_contatto_kind() {
        return crate::kept::applied::<Contatto>(tx, entry, version);
    }
    if kind.is_cv_kind() {
        return crate::kept::applied::<Cv>(tx, entry, version);
    }
    tx.mark_mutation_applied(entry.seq)?;
    match table(kind) {
        "offerte" => {
            let server: Option<Offerta> = tx
                .offerta(&entry.record_key)?
                .and_then(|r| r.server)
                .map(|s| parse(&s))
                .transpose()?;
            if let Some(mut s) = apply_offerta(server, entry, entry.created_at) {
                s.version = version;
                tx.put_offerta(&offerta_row(Some(&s), &s)?)?;
            }
        }
        "interessi" => {
            let server: Option<Interesse> = tx
                .interesse(&entry.record_key)?
                .and_then(|r| r.server)
                .map(|s| parse(&s))
                .transpose()?;
            if let Some(mut s) = apply_interesse(tx, server, entry)? {
                s.version = version;
                tx.put_interesse(&interesse_row(Some(&s), &s)?)?;
            }
        }
        _ => {
            if let Some(row) = tx.rifiuto(&entry.record_key)? {
                tx.put_rifiuto(&RifiutoRow {
                    inviato: true,
                    ..row
                })?;
            }
            return Ok(());
        }
    }
    rebuild(tx, kind, &entry.record_key)
}

/// Refused (or made on a version the server has moved past): recorded for the
/// operator, and its effect leaves the view.
pub(crate) fn rejected(
    tx: &Tx<'_>,
    entry: &OutboxEntry,
    kind: MutationKind,
    reason: &str,
) -> Result<()> {
    if kind.is_corso_kind() {
        return crate::kept::rejected::<Corso>(tx, entry, reason);
    }
    if kind.is_documento_kind() {
        return crate::kept::rejected::<Documento>(tx, entry, reason);
    }
    if kind.is_agenda_kind() {
        return crate::agenda::rejected(tx, entry, kind, reason);
    }
    if kind.is_candidatura_kind() {
        return crate::kept::rejected::<Candidatura>(tx, entry, reason);
    }
    if kind.is_contatto_kind() {
        return crate::kept::rejected::<Contatto>(tx, entry, reason);
    }
    if kind.is_cv_kind() {
        return crate::kept::rejected::<Cv>(tx, entry, reason);
    }
    tx.mark_mutation_rejected(entry.seq, reason)?;
    rebuild(tx, kind, &entry.record_key)
}

/// What an operator does in the offer area, offline.
#[derive(Debug, Clone, PartialEq)]
pub enum Cambio {
    /// A new offer (`id` new) or new data for one.
    Salva {
        id: Uuid,
        dati: DatiOfferta,
    },
    Stato {
        id: Uuid,
        azione: AzioneOfferta,
    },
    /// Propose offer `offerta` to a candidate: a new interest `id`.
    Proponi {
        id: Uuid,
        offerta: Uuid,
        codice_fiscale: String,
    },
    StatoInteresse {
        id: Uuid,
        cambio: CambioStatoInteresse,
    },
    /// File a refusal `id`.
    Rifiuto {
        id: Uuid,
        rifiuto: NuovoRifiuto,
        operatore: String,
    },
}

/// Records `cambio`: the view shows it at once, its mutation is queued, in the
/// caller's transaction. Returns the outbox entry.
pub fn record(tx: &Tx<'_>, cambio: &Cambio, now: DateTime<Utc>) -> Result<OutboxEntry> {
    let (kind, key, base, payload) = match cambio {
        Cambio::Salva { id, dati } => {
            let shown = tx.offerta(&id.to_string())?;
            let base = shown
                .map(|r| parse::<Offerta>(&r.record).map(|o| o.version))
                .transpose()?;
            (
                MutationKind::SalvaOfferta,
                id,
                base,
                serde_json::to_value(dati),
            )
        }
        Cambio::Stato { id, azione } => {
            let shown = tx
                .offerta(&id.to_string())?
                .ok_or_else(|| Error::invalid("offerta sconosciuta"))?;
            let base = parse::<Offerta>(&shown.record)?.version;
            (
                MutationKind::StatoOfferta,
                id,
                Some(base),
                serde_json::to_value(azione),
            )
        }
        Cambio::Proponi {
            id,
            offerta,
            codice_fiscale,
        } => {
            let p = Proposta {
                offerta: *offerta,
                codice_fiscale: codice_fiscale.clone(),
            };
            (
                MutationKind::ProponiOfferta,
                id,
                None,
                serde_json::to_value(p),
            )
        }
        Cambio::StatoInteresse { id, cambio } => {
            let shown = tx
                .interesse(&id.to_string())?
                .ok_or_else(|| Error::invalid("interesse sconosciuto"))?;
            let base = parse::<Interesse>(&shown.record)?.version;
            (
                MutationKind::StatoInteresse,
                id,
                Some(base),
                serde_json::to_value(cambio),
            )
        }
        Cambio::Rifiuto {
            id,
            rifiuto,
            operatore,
        } => {
            let offerta: Offerta = tx
                .offerta(&rifiuto.offerta.to_string())?
                .map(|r| parse(&r.record))
                .transpose()?
                .ok_or_else(|| Error::invalid("offerta sconosciuta"))?;
            let local = Rifiuto {
                id: *id,
                offerta: offerta.id,
                codice_offerta: offerta.codice,
                filiale: offerta.dati.filiale,
                codice_fiscale: rifiuto.codice_fiscale.clone(),
                data: rifiuto.data,
                motivo: rifiuto.motivo.clone(),
                note: rifiuto.note.clone(),
                operatore: operatore.clone(),
                registrato_il: now,
                trasmissione: Trasmissione {
                    stato: StatoTrasmissione::DaTrasmettere,
                    protocollo: None,
                    trasmesso_il: None,
                },
            };
            tx.put_rifiuto(&rifiuto_row(&local, false)?)?;
            (
                MutationKind::RifiutoOfferta,
                id,
                None,
                serde_json::to_value(rifiuto),
            )
        }
    };
    let payload =
        payload.map_err(|e| Error::invalid(format!("modifica non serializzabile: {e}")))?;
    let entry = tx.enqueue_mutation(kind.as_str(), &key.to_string(), base, &payload)?;
    rebuild(tx, kind, &key.to_string())?;
    Ok(entry)
}

/// Makes a refused change again on the record as it is now (the operator's "keep
/// mine"): a new mutation with the current version.
pub(crate) fn redo(tx: &Tx<'_>, entry: &OutboxEntry, now: DateTime<Utc>) -> Result<()> {
    let kind = MutationKind::parse(&entry.kind)
        .ok_or_else(|| Error::invalid("tipo di modifica sconosciuto"))?;
    if kind.is_corso_kind() {
        return crate::corsi::redo(tx, entry);
    }
    if kind.is_agenda_kind() {
        return crate::agenda::redo(tx, entry, kind);
    }
    if kind.is_candidatura_kind() {
        return crate::candidature::redo(tx, entry, kind);
    }
    if kind.is_contatto_kind() {
        return crate::contatti::redo(tx, entry, kind);
    }
    if kind.is_cv_kind() {
        return crate::cv::redo(tx, entry, kind);
    }
    if kind.is_documento_kind() {
        return crate::documenti::redo(tx, entry, kind);
    }
    let id = Uuid::parse_str(&entry.record_key).map_err(|_| Error::invalid("chiave non valida"))?;
    let bad = |e: serde_json::Error| Error::invalid(format!("modifica illeggibile: {e}"));
    let v = entry.payload.clone();
    let cambio = match kind {
        MutationKind::SalvaOfferta => Cambio::Salva {
            id,
            dati: serde_json::from_value(v).map_err(bad)?,
        },
        MutationKind::StatoOfferta => Cambio::Stato {
            id,
            azione: serde_json::from_value(v).map_err(bad)?,
        },
        MutationKind::ProponiOfferta => {
            let p: Proposta = serde_json::from_value(v).map_err(bad)?;
            Cambio::Proponi {
                id,
                offerta: p.offerta,
                codice_fiscale: p.codice_fiscale,
            }
        }
        MutationKind::StatoInteresse => Cambio::StatoInteresse {
            id,
            cambio: serde_json::from_value(v).map_err(bad)?,
        },
        _ => {
            return Err(Error::invalid(
                "una comunicazione di rifiuto respinta va compilata di nuovo",
            ));
        }
    };
    record(tx, &cambio, now).map(drop)
}

impl crate::Client {
    /// The server's coded lists for offers.
    pub async fn offerte_voci(&self, token: &str) -> Result<sportello_core::offerte::Voci> {
        let bytes = self
            .send(
                reqwest::Method::GET,
                sportello_protocol::offerte::paths::VOCI,
                Some(token),
                |r| r,
            )
            .await?;
        let voci: sportello_core::offerte::Voci =
            serde_json::from_slice(&bytes).map_err(|e| Error::Protocol(e.to_string()))?;
        let lists = [
            &voci.tipi_offerta,
            &voci.tipi_contratto,
            &voci.modalita_lavoro,
            &voci.motivi_rifiuto,
        ];
        let sane = lists.iter().all(|l| {
            l.len() <= 200
                && l.iter().all(|v| {
                    (1..=40).contains(&v.codice.len())
                        && v.codice
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                        && v.descrizione.chars().count() <= 200
                })
        });
        if !sane {
            return Err(Error::Protocol("liste delle offerte non valide".into()));
        }
        Ok(voci)
    }
}
