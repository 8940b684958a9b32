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
use crate::kept::{self, Kept, PENDING, payload};

/// The table a kind's key names.
fn table(kind: MutationKind) -> &'static str {
    match kind {
        MutationKind::SalvaOfferta | MutationKind::StatoOfferta => "offerte",
        MutationKind::ProponiOfferta | MutationKind::StatoInteresse => "interessi",
        _ => "rifiuti",
    }
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
    let record = kept::json(view)?;
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
        server: kept::server_json(server, view, &record)?,
        record,
    })
}

fn interesse_row(server: Option<&Interesse>, view: &Interesse) -> Result<InteresseRow> {
    let record = kept::json(view)?;
    Ok(InteresseRow {
        id: view.id.to_string(),
        offerta: view.offerta.to_string(),
        filiale: view.filiale.clone(),
        codice_fiscale: view.codice_fiscale.clone(),
        data: view.data,
        stato: view.stato.as_str().to_string(),
        version: server.map_or(0, |s| s.version),
        server: kept::server_json(server, view, &record)?,
        record,
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
        record: serde_json::to_string(r)
            .map_err(|e| Error::invalid(format!("rifiuto non serializzabile: {e}")))?,
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
            let o: Offerta = kept::parse(&o.record)?;
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

impl Kept for Offerta {
    const TABLE: &'static str = "offerte";
    const NOME: &'static str = "offerta";

    kept::id_and_version!();

    kept::stored_by!(offerta);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        Ok(tx.put_offerta(&offerta_row(server, view)?)?)
    }

    fn apply(_: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>> {
        Ok(apply_offerta(view, entry, entry.created_at))
    }
}

impl Kept for Interesse {
    const TABLE: &'static str = "interessi";
    const NOME: &'static str = "interesse";

    kept::id_and_version!();

    kept::stored_by!(interesse);

    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()> {
        Ok(tx.put_interesse(&interesse_row(server, view)?)?)
    }

    fn apply(tx: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>> {
        apply_interesse(tx, view, entry)
    }
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
    match table(kind) {
        "offerte" => kept::rebuild::<Offerta>(tx, key),
        "interessi" => kept::rebuild::<Interesse>(tx, key),
        // A refusal filed here goes once nothing of it waits (a refused one).
        _ => {
            if tx.pending_mutations_for(key)?.is_empty() {
                tx.forget_offer_record("rifiuti", key)?;
            }
            Ok(())
        }
    }
}

/// A record of the offer area from a pull; stale copies (lower version) are skipped.
pub(crate) fn pulled(tx: &Tx<'_>, change: &Change) -> Result<()> {
    match change {
        Change::Offerta { offerta, .. } => kept::pulled(tx, offerta.as_ref()),
        Change::Interesse { interesse, .. } => kept::pulled(tx, interesse.as_ref()),
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
    match table(kind) {
        "offerte" => kept::applied::<Offerta>(tx, entry, version),
        "interessi" => kept::applied::<Interesse>(tx, entry, version),
        _ => {
            tx.mark_mutation_applied(entry.seq)?;
            if let Some(row) = tx.rifiuto(&entry.record_key)? {
                tx.put_rifiuto(&RifiutoRow {
                    inviato: true,
                    ..row
                })?;
            }
            Ok(())
        }
    }
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
    match table(kind) {
        "offerte" => kept::rejected::<Offerta>(tx, entry, reason),
        "interessi" => kept::rejected::<Interesse>(tx, entry, reason),
        _ => {
            tx.mark_mutation_rejected(entry.seq, reason)?;
            rebuild(tx, kind, &entry.record_key)
        }
    }
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
    match cambio {
        // A new offer needs no version; new data for one are made on the version shown.
        Cambio::Salva { id, dati } if tx.offerta(&id.to_string())?.is_none() => {
            kept::queue::<Offerta>(
                tx,
                MutationKind::SalvaOfferta,
                *id,
                serde_json::to_value(dati),
            )
        }
        Cambio::Salva { id, dati } => kept::queue_on_shown::<Offerta>(
            tx,
            MutationKind::SalvaOfferta,
            *id,
            serde_json::to_value(dati),
        ),
        Cambio::Stato { id, azione } => kept::queue_on_shown::<Offerta>(
            tx,
            MutationKind::StatoOfferta,
            *id,
            serde_json::to_value(azione),
        ),
        Cambio::Proponi {
            id,
            offerta,
            codice_fiscale,
        } => kept::queue::<Interesse>(
            tx,
            MutationKind::ProponiOfferta,
            *id,
            serde_json::to_value(Proposta {
                offerta: *offerta,
                codice_fiscale: codice_fiscale.clone(),
            }),
        ),
        Cambio::StatoInteresse { id, cambio } => kept::queue_on_shown::<Interesse>(
            tx,
            MutationKind::StatoInteresse,
            *id,
            serde_json::to_value(cambio),
        ),
        Cambio::Rifiuto {
            id,
            rifiuto,
            operatore,
        } => file_refusal(tx, *id, rifiuto, operatore, now),
    }
}

/// A refusal filed here: kept as not yet sent, its mutation queued.
fn file_refusal(
    tx: &Tx<'_>,
    id: Uuid,
    rifiuto: &NuovoRifiuto,
    operatore: &str,
    now: DateTime<Utc>,
) -> Result<OutboxEntry> {
    let offerta: Offerta = tx
        .offerta(&rifiuto.offerta.to_string())?
        .map(|r| kept::parse(&r.record))
        .transpose()?
        .ok_or_else(|| Error::invalid("offerta non presente in archivio"))?;
    let local = Rifiuto {
        id,
        offerta: offerta.id,
        codice_offerta: offerta.codice,
        filiale: offerta.dati.filiale,
        codice_fiscale: rifiuto.codice_fiscale.clone(),
        data: rifiuto.data,
        motivo: rifiuto.motivo.clone(),
        note: rifiuto.note.clone(),
        operatore: operatore.to_string(),
        registrato_il: now,
        trasmissione: Trasmissione {
            stato: StatoTrasmissione::DaTrasmettere,
            protocollo: None,
            trasmesso_il: None,
        },
    };
    tx.put_rifiuto(&rifiuto_row(&local, false)?)?;
    let payload = serde_json::to_value(rifiuto)
        .map_err(|e| Error::invalid(format!("modifica non serializzabile: {e}")))?;
    Ok(tx.enqueue_mutation(
        MutationKind::RifiutoOfferta.as_str(),
        &id.to_string(),
        None,
        &payload,
    )?)
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
    let id = kept::redo_id(entry)?;
    let cambio = match kind {
        MutationKind::SalvaOfferta => Cambio::Salva {
            id,
            dati: kept::redo_payload(entry)?,
        },
        MutationKind::StatoOfferta => Cambio::Stato {
            id,
            azione: kept::redo_payload(entry)?,
        },
        MutationKind::ProponiOfferta => {
            let p: Proposta = kept::redo_payload(entry)?;
            Cambio::Proponi {
                id,
                offerta: p.offerta,
                codice_fiscale: p.codice_fiscale,
            }
        }
        MutationKind::StatoInteresse => Cambio::StatoInteresse {
            id,
            cambio: kept::redo_payload(entry)?,
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
