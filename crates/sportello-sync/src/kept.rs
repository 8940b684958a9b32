//! The offline model of the records kept whole (documents to sign, applications, CVs,
//! "Contatta CPI" requests, desks and bookings, training courses), on the offers'
//! model (see [`crate::offerte`]): the store keeps the server's record and the record
//! as shown, which is the server's with the pending changes applied in outbox order; a
//! pull replaces the server's record and re-applies them, an applied change moves it
//! forward, a refused one leaves the view.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sportello_protocol::sync::MutationKind;
use sportello_store::{OutboxEntry, Tx};
use uuid::Uuid;

use crate::error::{Error, Result};

/// Who made a change the server has not seen yet.
pub(crate) const PENDING: &str = "(in attesa di invio)";

/// The server's copy of a kept row, as the store has it.
pub(crate) struct Stored {
    pub server: Option<String>,
    pub version: i64,
    /// The record as shown (wire JSON).
    pub shown: String,
}

/// A record kept whole, as wire JSON beside the columns its lists filter on.
pub(crate) trait Kept: Sized + Clone + Serialize + DeserializeOwned {
    /// The store's table.
    const TABLE: &'static str;
    /// What one is called in messages ("documento").
    const NOME: &'static str;
    fn key(&self) -> String;
    fn version(&self) -> i64;
    fn set_version(&mut self, version: i64);
    fn stored(tx: &Tx<'_>, key: &str) -> Result<Option<Stored>>;
    /// Writes the row: the server's copy (none for one made here) and the shown one.
    fn store(tx: &Tx<'_>, server: Option<&Self>, view: &Self) -> Result<()>;
    /// The effect of a pending change on the shown record.
    fn apply(tx: &Tx<'_>, view: Option<Self>, entry: &OutboxEntry) -> Result<Option<Self>>;
    /// Nothing of `key` to show: what was made here goes. A kind that can be deleted
    /// here keeps `server`, the server's copy, hidden until the server answers (it may
    /// refuse the deletion); `server` is none once the server has deleted it.
    fn withdraw(tx: &Tx<'_>, key: &str, _server: Option<&Self>) -> Result<()> {
        tx.forget_offer_record(Self::TABLE, key)?;
        Ok(())
    }
}

/// `key`, `version` and `set_version` of a record with an `id` (a UUID) and a
/// `version`: what every kept record is.
macro_rules! id_and_version {
    () => {
        fn key(&self) -> String {
            self.id.to_string()
        }

        fn version(&self) -> i64 {
            self.version
        }

        fn set_version(&mut self, version: i64) {
            self.version = version;
        }
    };
}
pub(crate) use id_and_version;

/// `stored` read by the store's getter `$get`, whose row has the server's copy
/// (`server`), its `version` and the record shown (`record`): what every kept row has.
macro_rules! stored_by {
    ($get:ident) => {
        fn stored(
            tx: &sportello_store::Tx<'_>,
            key: &str,
        ) -> crate::error::Result<Option<crate::kept::Stored>> {
            Ok(tx.$get(key)?.map(|r| crate::kept::Stored {
                server: r.server,
                version: r.version,
                shown: r.record,
            }))
        }
    };
}
pub(crate) use stored_by;

pub(crate) fn json<K: Kept>(v: &K) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| Error::invalid(format!("{} non serializzabile: {e}", K::NOME)))
}

/// The server's copy as JSON for a row beside `record`, the view's: the same record (a
/// pull with nothing pending) is not serialized twice.
pub(crate) fn server_json<K: Kept>(
    server: Option<&K>,
    view: &K,
    record: &str,
) -> Result<Option<String>> {
    match server {
        Some(s) if std::ptr::eq(s, view) => Ok(Some(record.to_string())),
        Some(s) => json(s).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn parse<K: Kept>(text: &str) -> Result<K> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("{} locale illeggibile: {e}", K::NOME)))
}

pub(crate) fn payload<T: DeserializeOwned>(entry: &OutboxEntry) -> Option<T> {
    serde_json::from_value(entry.payload.clone()).ok()
}

fn server_copy<K: Kept>(tx: &Tx<'_>, key: &str) -> Result<Option<K>> {
    K::stored(tx, key)?
        .and_then(|s| s.server)
        .map(|s| parse(&s))
        .transpose()
}

/// Rewrites the shown record `key` as the server's with the pending changes; one made
/// here that nothing creates any more goes.
pub(crate) fn rebuild<K: Kept>(tx: &Tx<'_>, key: &str) -> Result<()> {
    let server = server_copy::<K>(tx, key)?;
    let mut view = server.clone();
    for entry in tx.pending_mutations_for(key)? {
        view = K::apply(tx, view, &entry)?;
    }
    match view {
        Some(v) => K::store(tx, server.as_ref(), &v),
        None => K::withdraw(tx, key, server.as_ref()),
    }
}

/// A record from a pull; a stale copy (lower version) is skipped.
pub(crate) fn pulled<K: Kept>(tx: &Tx<'_>, record: &K) -> Result<()> {
    let key = record.key();
    if K::stored(tx, &key)?.is_some_and(|s| s.server.is_some() && s.version > record.version()) {
        return Ok(());
    }
    K::store(tx, Some(record), record)?;
    if tx.pending_mutations_for(&key)?.is_empty() {
        return Ok(());
    }
    rebuild::<K>(tx, &key)
}

/// The server applied `entry`, making the record `version`.
pub(crate) fn applied<K: Kept>(tx: &Tx<'_>, entry: &OutboxEntry, version: i64) -> Result<()> {
    tx.mark_mutation_applied(entry.seq)?;
    let server = server_copy::<K>(tx, &entry.record_key)?;
    match K::apply(tx, server, entry)? {
        Some(mut s) => {
            s.set_version(version);
            K::store(tx, Some(&s), &s)?;
        }
        // The server deleted it.
        None => K::withdraw(tx, &entry.record_key, None)?,
    }
    rebuild::<K>(tx, &entry.record_key)
}

/// Refused (or made on a version the server has moved past): recorded for the
/// operator, and its effect leaves the view.
pub(crate) fn rejected<K: Kept>(tx: &Tx<'_>, entry: &OutboxEntry, reason: &str) -> Result<()> {
    tx.mark_mutation_rejected(entry.seq, reason)?;
    rebuild::<K>(tx, &entry.record_key)
}

type Payload = std::result::Result<serde_json::Value, serde_json::Error>;

/// Queues a change of the record `id` that needs no base version (a creation, an
/// addition) and shows it at once.
pub(crate) fn queue<K: Kept>(
    tx: &Tx<'_>,
    kind: MutationKind,
    id: Uuid,
    payload: Payload,
) -> Result<OutboxEntry> {
    enqueue::<K>(tx, kind, &id.to_string(), None, payload)
}

/// Queues a change of the record `id`, made on the version shown, and shows it at once.
pub(crate) fn queue_on_shown<K: Kept>(
    tx: &Tx<'_>,
    kind: MutationKind,
    id: Uuid,
    payload: Payload,
) -> Result<OutboxEntry> {
    let key = id.to_string();
    let shown = K::stored(tx, &key)?
        .ok_or_else(|| Error::invalid(format!("{} non presente in archivio", K::NOME)))?
        .shown;
    let base = parse::<K>(&shown)?.version();
    enqueue::<K>(tx, kind, &key, Some(base), payload)
}

/// The record a refused change is made again on.
pub(crate) fn redo_id(entry: &OutboxEntry) -> Result<Uuid> {
    Uuid::parse_str(&entry.record_key).map_err(|_| Error::invalid("chiave non valida"))
}

/// The payload of a refused change, to make it again.
pub(crate) fn redo_payload<T: DeserializeOwned>(entry: &OutboxEntry) -> Result<T> {
    payload(entry).ok_or_else(|| Error::invalid("modifica illeggibile"))
}

/// Queues a change of `key` (on the shown version `base`, if any) and shows it at once.
fn enqueue<K: Kept>(
    tx: &Tx<'_>,
    kind: MutationKind,
    key: &str,
    base: Option<i64>,
    payload: Payload,
) -> Result<OutboxEntry> {
    let payload =
        payload.map_err(|e| Error::invalid(format!("modifica non serializzabile: {e}")))?;
    let entry = tx.enqueue_mutation(kind.as_str(), key, base, &payload)?;
    rebuild::<K>(tx, key)?;
    Ok(entry)
}
