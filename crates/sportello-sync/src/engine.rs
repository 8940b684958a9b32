//! One sync cycle: push the outbox, then pull the changes.
//!
//! Every page of changes is written in one store transaction together with the cursor
//! that follows it, so an interrupted pull resumes at the first page not written. A
//! pull from zero (first sync, expired cursor, new scope) remembers the records it
//! meets and, when it completes, drops the cached ones it did not meet.

use std::time::Instant;

use chrono::Utc;
use sportello_protocol::ErrorCode;
use sportello_protocol::sync::{
    Change, ChangesPage, Entity, MAX_PUSH_BYTES, Mutation, MutationBatch, MutationKind,
    MutationResult,
};
use sportello_store::{
    AnnotationRow, CandidateRecord, OutboxEntry, SeenEntity, SessionRecord, Store, Tx,
};
use uuid::Uuid;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::local;

/// The `sync_state` row of the pull cursor.
pub const CURSOR_KEY: &str = "changes";
/// `meta` flag: a pull from zero is under way (its sweep is still to come).
const FULL_PULL: &str = "sync_full_pull";

/// Where a sync cycle is, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// `sent` of `total` mutations answered.
    Pushing {
        sent: u64,
        total: u64,
    },
    /// `records` written so far in `pages` pages; `from_zero` for a full pull.
    Pulling {
        records: u64,
        pages: u64,
        from_zero: bool,
    },
    Done,
}

/// What one cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub applied: u64,
    pub conflicts: u64,
    pub rejected: u64,
    pub pulled: u64,
    pub removed: u64,
    pub pages: u64,
    /// The pull started from zero (first sync, expired cursor or new scope).
    pub from_zero: bool,
    /// Records dropped at the end of a pull from zero.
    pub swept: u64,
    /// Records the server sent that failed validation ([`trustworthy`]): not stored.
    pub invalid: u64,
    /// Local changes set aside this cycle: the server never took them (see
    /// [`MAX_ATTEMPTS`]), or they are too large to send. Listed with the problems.
    pub set_aside: u64,
    /// The push stopped at a change the server refused, to be tried again next cycle
    /// (the pull ran anyway): why.
    pub push_stopped: Option<String>,
    pub millis: u64,
}

/// The session in the store, or [`Error::NotLoggedIn`].
pub fn session(store: &Store) -> Result<SessionRecord> {
    store.session()?.ok_or(Error::NotLoggedIn)
}

/// Push, then pull. The pull runs even when the server refused part of the push
/// ([`SyncReport::push_stopped`]), so the operator keeps receiving data; an error that
/// retries could not overcome (offline, session expired) stops the cycle, and what
/// was done before it stays done.
pub async fn sync_once(
    client: &Client,
    store: &mut Store,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<SyncReport> {
    let start = Instant::now();
    let session = session(store)?;
    let mut report = SyncReport::default();
    push(client, store, &session.token, &mut report, progress).await?;
    pull(client, store, &session.token, &mut report, progress).await?;
    store.write(|tx| crate::cv::expire(tx, Utc::now().date_naive()))?;
    store.write(|tx| tx.set_last_sync_at(Utc::now()))?;
    report.millis = start.elapsed().as_millis() as u64;
    progress(Progress::Done);
    Ok(report)
}

/// Sends of one mutation that the server answers but does not take (a 5xx that
/// repeats, a batch it cannot read, a body over its limit) before it is set aside as
/// a problem for the operator; the rest of the outbox then goes on.
pub const MAX_ATTEMPTS: u32 = 5;

/// Room left in a push body for the batch's envelope (`client_id`, brackets).
const ENVELOPE_BYTES: usize = 1024;

/// Sends the pending outbox in order, in batches under the server's body limit, until
/// it is empty or the server refuses one mutation that is not yet set aside (then
/// `report.push_stopped` says why and the rest waits for the next cycle). `Err` only
/// when the server cannot be reached or the session is gone: nothing is counted then.
pub async fn push(
    client: &Client,
    store: &mut Store,
    token: &str,
    report: &mut SyncReport,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<()> {
    let client_id = Uuid::parse_str(&store.client_id()?)
        .map_err(|e| Error::Protocol(format!("client id: {e}")))?;
    let total = store.outbox_counts()?.pending;
    let mut sent = 0;
    // After a refused batch, one mutation at a time: the good ones before the one the
    // server cannot take still go.
    let mut one_by_one = false;
    loop {
        let limit = if one_by_one {
            1
        } else {
            client.config().batch_size.clamp(1, 500)
        };
        let mut entries = store.pending_mutations(limit)?;
        if entries.is_empty() {
            return Ok(());
        }
        entries.truncate(one_version_per_record(&entries));
        let fits = fitting(&entries);
        if fits == 0 {
            let reason = format!(
                "Modifica troppo grande per il server (oltre {} MB): non può essere inviata.",
                MAX_PUSH_BYTES / (1024 * 1024)
            );
            store.write(|tx| local::rejected(tx, &entries[0], &reason))?;
            report.set_aside += 1;
            continue;
        }
        entries.truncate(fits);
        // The files the batch names go first; one the server will not take sets its
        // change aside, and the batch is chosen again.
        if let Some((i, why)) = crate::cv::upload_files(client, store, token, &entries).await? {
            let reason = format!("Il server non ha accettato il file del CV: {why}");
            store.write(|tx| local::rejected(tx, &entries[i], &reason))?;
            report.set_aside += 1;
            continue;
        }
        let batch = MutationBatch {
            client_id,
            mutations: entries.iter().map(to_wire).collect(),
        };
        let results = match client.push(token, &batch).await {
            Ok(r) => r.results,
            Err(e) if !refused_by_a_reachable_server(client, &e).await => return Err(e),
            Err(_) if entries.len() > 1 => {
                one_by_one = true;
                continue;
            }
            Err(e) => {
                let entry = &entries[0];
                let why = e.to_string();
                let set_aside = entry.attempts + 1 >= MAX_ATTEMPTS;
                store.write(|tx| {
                    tx.mark_mutation_failed(entry.seq, &why)?;
                    if set_aside {
                        let reason = format!(
                            "Il server non ha accettato questa modifica dopo {MAX_ATTEMPTS} tentativi: {why}"
                        );
                        local::rejected(tx, entry, &reason)?;
                    }
                    Ok::<_, Error>(())
                })?;
                if set_aside {
                    report.set_aside += 1;
                    continue;
                }
                report.push_stopped = Some(why);
                return Ok(());
            }
        };
        if results.len() != entries.len()
            || results.iter().zip(&entries).any(|(r, e)| r.seq() != e.seq)
        {
            return Err(Error::Protocol(
                "le risposte non corrispondono alle modifiche inviate".into(),
            ));
        }
        let now = Utc::now();
        store.write(|tx| {
            for (entry, result) in entries.iter().zip(&results) {
                if let Some(kind) = MutationKind::parse(&entry.kind).filter(|k| !k.is_candidate_kind()) {
                    match result {
                        MutationResult::Applied { version, .. } => {
                            crate::offerte::applied(tx, entry, kind, *version)?;
                            report.applied += 1;
                        }
                        MutationResult::Outdated { version, .. } => {
                            let reason = format!(
                                "Il record è cambiato sul server (versione {version}) dopo questa modifica: rivederlo e ripeterla."
                            );
                            crate::offerte::rejected(tx, entry, kind, &reason)?;
                            report.conflicts += 1;
                        }
                        MutationResult::Rejected { .. } | MutationResult::Conflict { .. } => {
                            crate::offerte::rejected(tx, entry, kind, &errors_text(result))?;
                            report.rejected += 1;
                        }
                    }
                    continue;
                }
                match result {
                    MutationResult::Applied { version, .. } => {
                        local::applied(tx, entry, *version, now)?;
                        report.applied += 1;
                    }
                    MutationResult::Conflict { server, .. } => {
                        local::conflict(tx, entry, server, now)?;
                        report.conflicts += 1;
                    }
                    MutationResult::Rejected { .. } | MutationResult::Outdated { .. } => {
                        local::rejected(tx, entry, &errors_text(result))?;
                        report.rejected += 1;
                    }
                }
            }
            Ok::<_, Error>(())
        })?;
        sent += entries.len() as u64;
        progress(Progress::Pushing {
            sent,
            total: total.max(sent),
        });
    }
}

/// Whether a failed push was the server's answer (it is up, and refused or failed on
/// this batch) rather than the network's or the session's.
async fn refused_by_a_reachable_server(client: &Client, e: &Error) -> bool {
    let answered = matches!(
        e,
        Error::Refused(_) | Error::Protocol(_) | Error::Unavailable(_)
    );
    answered && client.health().await.is_ok()
}

/// How many of `entries` fit in one push body, in order (0: not even the first).
fn fitting(entries: &[OutboxEntry]) -> usize {
    let mut bytes = ENVELOPE_BYTES;
    entries
        .iter()
        .take_while(|e| {
            bytes += serde_json::to_vec(&to_wire(e)).map_or(usize::MAX / 2, |v| v.len() + 1);
            bytes <= MAX_PUSH_BYTES
        })
        .count()
}

/// How many of `entries` (in outbox order) to send at once: up to the second versioned
/// change of one record. Its base version counts on the first being applied; if the
/// first is refused the second is rebased before it leaves, instead of conflicting.
fn one_version_per_record(entries: &[OutboxEntry]) -> usize {
    let mut seen = std::collections::HashSet::new();
    entries
        .iter()
        .position(|e| local::versioned(e) && !seen.insert(e.record_key.as_str()))
        .unwrap_or(entries.len())
}

fn to_wire(e: &OutboxEntry) -> Mutation {
    Mutation {
        seq: e.seq,
        mutation_id: e.mutation_id,
        kind: e.kind.clone(),
        key: e.record_key.clone(),
        base_version: e.base_version,
        payload: crate::cv::wire_payload(&e.payload),
    }
}

/// Starts a pull from zero at the next sync: the cursor goes, and records the pull
/// does not meet will be dropped when it completes. The outbox is untouched.
pub fn restart_from_zero(tx: &Tx<'_>) -> Result<()> {
    tx.clear_sync_cursors()?;
    tx.clear_seen()?;
    tx.set_meta(FULL_PULL, "1")?;
    Ok(())
}

/// Pages from the stored cursor to the end. The next page is fetched while the
/// current one is written.
pub async fn pull(
    client: &Client,
    store: &mut Store,
    token: &str,
    report: &mut SyncReport,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<()> {
    let mut restarted = false;
    'from_cursor: loop {
        let cursor = store.sync_cursor(CURSOR_KEY)?.map(|c| c.cursor);
        if cursor.is_none() && store.meta(FULL_PULL)?.is_none() {
            store.write(restart_from_zero)?;
        }
        let from_zero = store.meta(FULL_PULL)?.is_some();
        report.from_zero |= from_zero;
        if from_zero && store.candidate_count()? == 0 {
            // A first load: indexes are built once at the end, not row by row.
            store.write(|tx| tx.suspend_indexes())?;
        }
        let mut next = fetch(client, token, cursor);
        // Said before the first page arrives, which on a slow line takes a while.
        progress(Progress::Pulling {
            records: report.pulled,
            pages: report.pages,
            from_zero,
        });
        loop {
            let page = match next.await.map_err(|e| Error::Protocol(e.to_string()))? {
                Ok(page) => page,
                Err(Error::Refused(p)) if p.code == ErrorCode::CursoreScaduto && !restarted => {
                    // The server no longer has what followed our cursor: start over,
                    // keeping the outbox.
                    restarted = true;
                    store.write(restart_from_zero)?;
                    continue 'from_cursor;
                }
                Err(e) => return Err(e),
            };
            next = if page.has_more {
                fetch(client, token, Some(page.next_cursor.clone()))
            } else {
                tokio::spawn(async { Err(Error::Protocol("no further page".into())) })
            };
            let has_more = page.has_more;
            let written = store.write(|tx| apply_page(tx, page, from_zero))?;
            report.pulled += written.written;
            report.removed += written.removed;
            report.swept += written.swept;
            report.invalid += written.invalid;
            report.pages += 1;
            progress(Progress::Pulling {
                records: report.pulled,
                pages: report.pages,
                from_zero,
            });
            if !has_more {
                next.abort();
                return Ok(());
            }
        }
    }
}

type Fetch = tokio::task::JoinHandle<Result<ChangesPage>>;

fn fetch(client: &Client, token: &str, cursor: Option<String>) -> Fetch {
    let (client, token) = (client.clone(), token.to_string());
    tokio::spawn(async move { client.changes(&token, cursor.as_deref()).await })
}

/// What one page did to the store.
#[derive(Debug, Default)]
struct PageWritten {
    written: u64,
    removed: u64,
    swept: u64,
    invalid: u64,
}

/// Why the server refused a mutation, in its words.
fn errors_text(result: &MutationResult) -> String {
    match result {
        MutationResult::Rejected { errors, .. } => errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => "Versione non più attuale.".to_string(),
    }
}

/// Data from the server is checked before it is stored or used (in a file name, a
/// path, a query): a codice fiscale must be one, structure and check character, as
/// written; a branch code a short run of letters and digits. A record that fails is
/// left out and counted, never stored (and never logged: it may be personal data).
pub fn trustworthy(change: &Change) -> bool {
    fn cf(code: &str) -> bool {
        sportello_core::CodiceFiscale::parse(code).is_ok_and(|p| p.as_str() == code)
    }
    fn branch(code: &str) -> bool {
        (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
    }
    match change {
        Change::Branch { branch: b, .. } => branch(&b.code),
        Change::Candidate { record, .. } => {
            cf(&record.sap.codice_fiscale) && branch(&record.sap.branch)
        }
        Change::Annotation { annotation: a, .. } => cf(&a.codice_fiscale) && branch(&a.branch),
        Change::Offerta { offerta: o, .. } => {
            branch(&o.dati.filiale) && o.codice.len() <= 40 && o.dati.sedi.len() <= 50
        }
        Change::Interesse { interesse: i, .. } => cf(&i.codice_fiscale) && branch(&i.filiale),
        Change::Rifiuto { rifiuto: r, .. } => cf(&r.codice_fiscale) && branch(&r.filiale),
        Change::Documento { documento: d, .. } => {
            cf(&d.codice_fiscale)
                && branch(&d.filiale)
                && d.version >= 1
                && d.traccia.passi.len() <= 4
                && d.creato_da.chars().count() <= 64
                && !d.creato_da.chars().any(char::is_control)
                && d.traccia.annullato.as_ref().is_none_or(|a| {
                    let t = a.annullamento.testo();
                    t.chars().count() <= 600 && !t.chars().any(char::is_control)
                })
        }
        Change::Sportello { sportello: s, .. } => {
            branch(&s.dati.filiale) && crate::agenda::sane_sportello(s)
        }
        Change::Prenotazione {
            prenotazione: p, ..
        } => cf(&p.codice_fiscale) && branch(&p.filiale) && crate::agenda::sane_prenotazione(p),
        Change::Candidatura { candidatura: c, .. } => {
            cf(&c.codice_fiscale) && branch(&c.filiale) && crate::candidature::sane(c)
        }
        Change::Contatto { contatto: c, .. } => {
            cf(&c.codice_fiscale) && branch(&c.filiale) && crate::contatti::sane(c)
        }
        Change::Cv { cv: c, .. } => {
            cf(&c.codice_fiscale) && branch(&c.filiale) && crate::cv::sane(c)
        }
        Change::Tombstone { .. } => true,
    }
}

/// Writes one page and the cursor after it. The page is consumed: its records move
/// into the store's rows rather than being copied.
fn apply_page(tx: &Tx<'_>, page: ChangesPage, from_zero: bool) -> Result<PageWritten> {
    let ChangesPage {
        changes,
        next_cursor,
        has_more,
    } = page;
    let mut plain: Vec<CandidateRecord> = Vec::new();
    let mut declarations = Vec::new();
    let mut seen: [Vec<String>; 12] = Default::default();
    let (mut written, mut removed, mut invalid) = (0, 0, 0);
    for change in changes {
        if !trustworthy(&change) {
            invalid += 1;
            continue;
        }
        match change {
            Change::Branch { branch, .. } => {
                tx.upsert_branches(std::slice::from_ref(&branch))?;
                seen[2].push(branch.code.clone());
            }
            Change::Candidate { record, .. } => {
                seen[0].push(record.sap.codice_fiscale.clone());
                if !local::pulled_candidate(tx, &record)? {
                    declarations.push((
                        record.sap.codice_fiscale.clone(),
                        record.fascia_debole.as_ref().map(local::declaration),
                    ));
                    plain.push(CandidateRecord {
                        candidate: record.sap,
                        version: record.version,
                        updated_at: record.updated_at,
                    });
                }
            }
            Change::Annotation { annotation: a, .. } => {
                seen[1].push(a.id.to_string());
                tx.upsert_annotations(&[AnnotationRow {
                    id: a.id.to_string(),
                    codice_fiscale: a.codice_fiscale.clone(),
                    branch: a.branch.clone(),
                    kind: local::kind_code(a.kind).to_string(),
                    text: a.text.clone(),
                    occurred_on: a.occurred_on,
                    author: a.author.clone(),
                    created_at: a.created_at,
                }])?;
            }
            Change::Offerta { ref offerta, .. } => {
                seen[3].push(offerta.id.to_string());
                crate::offerte::pulled(tx, &change)?;
            }
            Change::Interesse { ref interesse, .. } => {
                seen[4].push(interesse.id.to_string());
                crate::offerte::pulled(tx, &change)?;
            }
            Change::Rifiuto { ref rifiuto, .. } => {
                seen[5].push(rifiuto.id.to_string());
                crate::offerte::pulled(tx, &change)?;
            }
            Change::Documento { documento, .. } => {
                seen[6].push(documento.id.to_string());
                crate::kept::pulled(tx, &*documento)?;
            }
            Change::Sportello { ref sportello, .. } => {
                seen[7].push(sportello.id.to_string());
                crate::agenda::pulled(tx, &change)?;
            }
            Change::Prenotazione {
                ref prenotazione, ..
            } => {
                seen[8].push(prenotazione.id.to_string());
                crate::agenda::pulled(tx, &change)?;
            }
            Change::Candidatura { candidatura, .. } => {
                seen[9].push(candidatura.id.to_string());
                crate::kept::pulled(tx, &*candidatura)?;
            }
            Change::Contatto { contatto, .. } => {
                seen[10].push(contatto.id.to_string());
                crate::kept::pulled(tx, &*contatto)?;
            }
            Change::Cv { cv, .. } => {
                seen[11].push(cv.id.to_string());
                crate::kept::pulled(tx, &*cv)?;
            }
            Change::Tombstone { entity, key, .. } => {
                removed += match entity {
                    Entity::Candidate => tx.drop_candidates(&[key])?,
                    Entity::Annotation => tx.delete_annotations(&[key])?,
                    Entity::Branch => tx.delete_branches(&[key])?,
                    Entity::Offerta => tx.delete_offer_records("offerte", &[key])?,
                    Entity::Interesse => tx.delete_offer_records("interessi", &[key])?,
                    Entity::Rifiuto => tx.delete_offer_records("rifiuti", &[key])?,
                    Entity::Documento => tx.delete_offer_records("documenti", &[key])?,
                    Entity::Sportello => tx.delete_offer_records("sportelli", &[key])?,
                    Entity::Prenotazione => tx.delete_offer_records("prenotazioni", &[key])?,
                    Entity::Candidatura => tx.delete_offer_records("candidature", &[key])?,
                    Entity::Contatto => tx.delete_offer_records("contatti", &[key])?,
                    Entity::Cv => tx.delete_offer_records("cv", &[key])?,
                } as u64;
                continue;
            }
        }
        written += 1;
    }
    tx.upsert_candidates(&plain)?;
    for (cf, d) in &declarations {
        tx.set_declaration(cf, d.as_ref())?;
    }
    if from_zero {
        tx.mark_seen(SeenEntity::Candidate, &seen[0])?;
        tx.mark_seen(SeenEntity::Annotation, &seen[1])?;
        tx.mark_seen(SeenEntity::Branch, &seen[2])?;
        tx.mark_seen(SeenEntity::Offerta, &seen[3])?;
        tx.mark_seen(SeenEntity::Interesse, &seen[4])?;
        tx.mark_seen(SeenEntity::Rifiuto, &seen[5])?;
        tx.mark_seen(SeenEntity::Documento, &seen[6])?;
        tx.mark_seen(SeenEntity::Sportello, &seen[7])?;
        tx.mark_seen(SeenEntity::Prenotazione, &seen[8])?;
        tx.mark_seen(SeenEntity::Candidatura, &seen[9])?;
        tx.mark_seen(SeenEntity::Contatto, &seen[10])?;
        tx.mark_seen(SeenEntity::Cv, &seen[11])?;
    }
    tx.save_sync_cursor(CURSOR_KEY, &next_cursor, Utc::now())?;
    let mut swept = 0;
    if from_zero && !has_more {
        let sweep = tx.sweep_unseen()?;
        swept = (sweep.candidates + sweep.annotations + sweep.branches + sweep.offerte) as u64;
        tx.delete_meta(FULL_PULL)?;
    }
    if !has_more {
        tx.restore_indexes()?;
    }
    Ok(PageWritten {
        written,
        removed,
        swept,
        invalid,
    })
}
