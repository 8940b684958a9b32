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
    Change, ChangesPage, Entity, Mutation, MutationBatch, MutationResult,
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
    pub millis: u64,
}

/// The session in the store, or [`Error::NotLoggedIn`].
pub fn session(store: &Store) -> Result<SessionRecord> {
    store.session()?.ok_or(Error::NotLoggedIn)
}

/// Push, then pull. Stops at the first error that retries could not overcome; what
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
    store.write(|tx| tx.set_last_sync_at(Utc::now()))?;
    report.millis = start.elapsed().as_millis() as u64;
    progress(Progress::Done);
    Ok(report)
}

/// Sends the pending outbox in order, in batches, until it is empty.
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
    loop {
        let mut entries = store.pending_mutations(client.config().batch_size.clamp(1, 500))?;
        if entries.is_empty() {
            return Ok(());
        }
        entries.truncate(one_version_per_record(&entries));
        let batch = MutationBatch {
            client_id,
            mutations: entries.iter().map(to_wire).collect(),
        };
        let results = match client.push(token, &batch).await {
            Ok(r) => r.results,
            Err(e) => {
                if let Error::Unavailable(why) = &e {
                    let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
                    store.write(|tx| {
                        for seq in &seqs {
                            tx.mark_mutation_failed(*seq, why)?;
                        }
                        Ok::<_, Error>(())
                    })?;
                }
                return Err(e);
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
                match result {
                    MutationResult::Applied { version, .. } => {
                        local::applied(tx, entry, *version, now)?;
                        report.applied += 1;
                    }
                    MutationResult::Conflict { server, .. } => {
                        local::conflict(tx, entry, server, now)?;
                        report.conflicts += 1;
                    }
                    MutationResult::Rejected { errors, .. } => {
                        let reason = errors
                            .iter()
                            .map(|e| e.message.as_str())
                            .collect::<Vec<_>>()
                            .join(" ");
                        local::rejected(tx, entry, &reason)?;
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
        payload: e.payload.clone(),
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
    let mut seen: [Vec<String>; 3] = Default::default();
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
            Change::Tombstone { entity, key, .. } => {
                removed += match entity {
                    Entity::Candidate => tx.drop_candidates(&[key])?,
                    Entity::Annotation => tx.delete_annotations(&[key])?,
                    Entity::Branch => tx.delete_branches(&[key])?,
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
    }
    tx.save_sync_cursor(CURSOR_KEY, &next_cursor, Utc::now())?;
    let mut swept = 0;
    if from_zero && !has_more {
        let sweep = tx.sweep_unseen()?;
        swept = (sweep.candidates + sweep.annotations + sweep.branches) as u64;
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
