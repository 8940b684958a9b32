//! The store's typed API: reads as methods of [`Store`], writes through
//! [`Store::write`] on [`Tx`]. Opening, creating and re-keying are in `open.rs`.

use std::borrow::Borrow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, TransactionBehavior};
use sportello_core::filter::Sort;
use sportello_core::keywords::KeywordQuery;
use sportello_core::{Branch, CandidateFilter};

use crate::audit::{self, AuditEntry, AuditEvent};
use crate::bulk;
use crate::candidates::{self, CandidateRecord, UpsertSummary};
use crate::check::{self, StoreReport};
use crate::error::{Error, Result};
use crate::open::Paths;
use crate::outbox::{self, MutationState, OutboxCounts, OutboxEntry};
use crate::receipts::{self, NewReceipt, StoredReceipt};
use crate::saved_searches::{self, SavedSearch};
use crate::search::{self, Found, Matches, Scope, SearchPage, SearchQuery};
use crate::search_index::SearchIndex;
use crate::settings::{self, SyncCursor};
use crate::sync::{
    self, AnnotationRow, CacheCounts, CandidateBase, Conflict, Declaration, SessionRecord, Sweep,
};

/// One operator's encrypted local store: `store.db` (SQLCipher) and `store.key` in the
/// operator's folder. Holds one connection; the key is not kept after opening.
///
/// Reads are methods on `Store`. Writes are methods too, each in its own transaction;
/// to make several changes atomically (a local change *and* the outbox entry that
/// sends it to the server) use [`Store::write`].
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) dir: PathBuf,
    /// The searched columns in memory, built by the first search (see
    /// `search_index.rs`).
    pub(crate) index: Mutex<Option<SearchIndex>>,
}

impl Store {
    /// The operator's folder this store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `f` in one transaction: committed if `f` returns `Ok`, rolled back
    /// otherwise. The way to record a local change and enqueue its mutation together.
    pub fn write<T, E>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<Error>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::from)?;
        let tx = Tx { tx };
        let value = f(&tx)?;
        tx.tx.commit().map_err(Error::from)?;
        Ok(value)
    }

    fn write_one<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.write(f)
    }

    // --- branches and candidates -------------------------------------------------

    /// Every branch, by code.
    pub fn branches(&self) -> Result<Vec<Branch>> {
        candidates::branches(&self.conn)
    }

    /// Writes many candidates in one transaction, replacing older versions; a record
    /// older than the stored one is skipped. Takes a slice or any iterator, so a sync
    /// page or a generator can stream records without collecting them.
    pub fn bulk_upsert_candidates<I>(&mut self, records: I) -> Result<UpsertSummary>
    where
        I: IntoIterator,
        I::Item: Borrow<CandidateRecord>,
    {
        self.write_one(|tx| tx.upsert_candidates(records))
    }

    pub fn candidate(&self, codice_fiscale: &str) -> Result<Option<CandidateRecord>> {
        candidates::get(&self.conn, codice_fiscale)
    }

    /// A citizen's surname and name, for lists that only name them.
    pub fn candidate_name(&self, codice_fiscale: &str) -> Result<Option<(String, String)>> {
        candidates::name(&self.conn, codice_fiscale)
    }

    /// Writes new candidates the way schema version 3 did, into a store created with
    /// [`Store::create_at_version`]`(…, 3)`: for tests of migrating such a store.
    #[cfg(feature = "test-hooks")]
    pub fn insert_candidates_as_v3(
        &mut self,
        records: &[CandidateRecord],
    ) -> Result<UpsertSummary> {
        let version = crate::migrations::user_version(&self.conn)?;
        if version != 3 {
            return Err(Error::corrupt(format!(
                "this store is at schema version {version}, not 3"
            )));
        }
        self.write_one(|tx| candidates::upsert_as(&tx.tx, records, candidates::Layout::V3))
    }

    /// Runs `sql` as it is, outside every rule of the store: for tests that make a
    /// store look like one an older version wrote.
    #[cfg(feature = "test-hooks")]
    pub fn execute_batch_as_is(&self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    pub fn candidate_count(&self) -> Result<u64> {
        candidates::count(&self.conn)
    }

    /// Secondary indexes set aside by a first load still under way (0 otherwise).
    pub fn suspended_indexes(&self) -> Result<u64> {
        bulk::suspended(&self.conn)
    }

    /// Codici fiscali whose keyword text matches `query` (all groups; phrases as
    /// phrases), in order. An empty query matches everyone.
    pub fn candidates_matching_keywords(&self, query: &KeywordQuery) -> Result<Vec<String>> {
        candidates::matching_keywords(&self.conn, query)
    }

    // --- search ------------------------------------------------------------------

    /// One page of the candidates matching the query's filter, in its order, and how
    /// many match in all. Ties in the sort are broken by row id, so pages are stable.
    /// The changes to `record_key` still waiting to be sent, oldest first.
    pub fn pending_for(&self, record_key: &str) -> Result<Vec<OutboxEntry>> {
        sync::pending_for(&self.conn, record_key)
    }

    pub fn search(&self, query: &SearchQuery) -> Result<SearchPage> {
        search::search(&self.conn, &self.index, query)
    }

    /// The candidates within `scope` that fit an offer's requirements, best first:
    /// page `offset..offset + limit` and the total.
    pub fn abbinamenti(
        &self,
        requisiti: &sportello_core::offerte::Requisiti,
        scope: &Scope,
        offset: usize,
        limit: usize,
    ) -> Result<search::AbbinamentiPage> {
        search::abbinamenti(&self.conn, &self.index, requisiti, scope, offset, limit)
    }

    /// How many candidates within `scope` match, ages taken at `reference`.
    pub fn count_matching(
        &self,
        filter: &CandidateFilter,
        scope: &Scope,
        reference: NaiveDate,
    ) -> Result<u64> {
        search::count(&self.conn, &self.index, filter, scope, reference)
    }

    /// Every match, in order, handed to `visit` one at a time (a bounded batch is held,
    /// never the whole result): the way to export a result of any size. Stops at the
    /// first error of `visit`.
    pub fn for_each_match<E: From<Error>>(
        &self,
        matches: &Matches<'_>,
        visit: impl FnMut(Found) -> Result<(), E>,
    ) -> Result<(), E> {
        search::for_each(&self.conn, matches, visit)
    }

    /// The ids of every match, in order: what [`Store::for_each_match`] visits, for a
    /// caller that needs the count before the rows.
    pub fn match_ids(&self, matches: &Matches<'_>) -> Result<Vec<i64>> {
        search::match_ids(&self.conn, matches)
    }

    /// The candidates of `ids` (from [`Store::match_ids`]), in that order, with their
    /// whole records when asked; one deleted since is left out.
    pub fn for_each_id<E: From<Error>>(
        &self,
        ids: &[i64],
        with_records: bool,
        visit: impl FnMut(Found) -> Result<(), E>,
    ) -> Result<(), E> {
        search::for_each_id(&self.conn, ids, with_records, visit)
    }

    /// The query plan an export reads its matches with, for tests and diagnosis.
    #[doc(hidden)]
    pub fn explain_export(&self, matches: &Matches<'_>) -> Result<Vec<String>> {
        search::explain(&self.conn, matches)
    }

    /// Saves (or replaces) a named search; returns whether one was replaced.
    pub fn save_search(
        &mut self,
        name: &str,
        filter: &CandidateFilter,
        sort: Sort,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        self.write_one(|tx| saved_searches::save(&tx.tx, name, filter, sort, at))
    }

    /// A saved search by name (any case).
    pub fn saved_search(&self, name: &str) -> Result<Option<SavedSearch>> {
        saved_searches::get(&self.conn, name)
    }

    /// Every saved search, by name.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        saved_searches::all(&self.conn)
    }

    // --- outbox ------------------------------------------------------------------

    /// Pending mutations, oldest first: the order to send them in.
    pub fn pending_mutations(&self, limit: usize) -> Result<Vec<OutboxEntry>> {
        outbox::in_state(&self.conn, MutationState::Pending, limit)
    }

    /// Mutations in any state, oldest first (e.g. the rejected ones, to show them).
    pub fn mutations(&self, state: MutationState, limit: usize) -> Result<Vec<OutboxEntry>> {
        outbox::in_state(&self.conn, state, limit)
    }

    pub fn outbox_counts(&self) -> Result<OutboxCounts> {
        outbox::counts(&self.conn)
    }

    // --- meta, sync state, audit -------------------------------------------------

    /// This store's client id: a random UUID made at creation, kept by recovery.
    pub fn client_id(&self) -> Result<String> {
        settings::get(&self.conn, settings::CLIENT_ID)?
            .ok_or_else(|| Error::corrupt("the client id is missing"))
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        settings::get(&self.conn, key)
    }

    pub fn sync_cursor(&self, scope: &str) -> Result<Option<SyncCursor>> {
        settings::sync_cursor(&self.conn, scope)
    }

    /// The most recent entries first.
    /// The kept receipts, most recent first.
    pub fn receipts(&self, limit: usize) -> Result<Vec<StoredReceipt>> {
        receipts::recent(&self.conn, limit)
    }

    pub fn receipt(&self, number: &str) -> Result<Option<StoredReceipt>> {
        receipts::get(&self.conn, number)
    }

    pub fn audit_entries(&self, limit: usize) -> Result<Vec<AuditEntry>> {
        audit::entries(&self.conn, limit)
    }

    // --- session and sync ------------------------------------------------------------

    pub fn session(&self) -> Result<Option<SessionRecord>> {
        sync::session(&self.conn)
    }

    /// When the last sync completed.
    pub fn last_sync_at(&self) -> Result<Option<DateTime<Utc>>> {
        sync::last_sync_at(&self.conn)
    }

    /// The scope the operator chose last (`filiale:CODE` or `tutte`).
    pub fn scope_choice(&self) -> Result<Option<String>> {
        sync::scope_choice(&self.conn)
    }

    pub fn annotations(&self, codice_fiscale: &str) -> Result<Vec<AnnotationRow>> {
        sync::annotations(&self.conn, codice_fiscale)
    }

    pub fn declaration(&self, codice_fiscale: &str) -> Result<Option<Declaration>> {
        sync::declaration(&self.conn, codice_fiscale)
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        sync::conflicts(&self.conn)
    }

    pub fn cache_counts(&self) -> Result<CacheCounts> {
        sync::cache_counts(&self.conn)
    }

    // --- health ------------------------------------------------------------------

    /// Integrity of the whole file (`PRAGMA quick_check` and SQLCipher's check of every
    /// page's MAC), schema version, row counts and file sizes. Reads every page: about a
    /// second for 100,000 candidates, so it is not part of [`Store::open`], which checks
    /// the outbox-side tables only.
    pub fn check(&self) -> Result<StoreReport> {
        check::report(&self.conn, &Paths::new(&self.dir))
    }

    /// Bytes on disk (database + WAL), without the integrity checks of [`Store::check`].
    pub fn size_on_disk(&self) -> Result<u64> {
        check::size_on_disk(&Paths::new(&self.dir))
    }
}

/// The write operations, inside one transaction opened by [`Store::write`].
#[derive(Debug)]
pub struct Tx<'s> {
    pub(crate) tx: rusqlite::Transaction<'s>,
}

impl Tx<'_> {
    pub fn delete_saved_search(&self, name: &str) -> Result<bool> {
        saved_searches::delete(&self.tx, name)
    }

    pub fn clear_session(&self) -> Result<bool> {
        sync::clear_session(&self.tx)
    }

    pub fn set_scope_choice(&self, scope: &str) -> Result<()> {
        sync::set_scope_choice(&self.tx, scope)
    }

    pub fn upsert_branches(&self, branches: &[Branch]) -> Result<()> {
        candidates::upsert_branches(&self.tx, branches)
    }

    pub fn upsert_candidates<I>(&self, records: I) -> Result<UpsertSummary>
    where
        I: IntoIterator,
        I::Item: Borrow<CandidateRecord>,
    {
        candidates::upsert(&self.tx, records)
    }

    pub fn delete_candidates(&self, codici_fiscali: &[impl AsRef<str>]) -> Result<usize> {
        candidates::delete(&self.tx, codici_fiscali)
    }

    /// Reads inside the transaction (for read-modify-write).
    pub fn candidate(&self, codice_fiscale: &str) -> Result<Option<CandidateRecord>> {
        candidates::get(&self.tx, codice_fiscale)
    }

    pub fn enqueue_mutation(
        &self,
        kind: &str,
        record_key: &str,
        base_version: Option<i64>,
        payload: &serde_json::Value,
    ) -> Result<OutboxEntry> {
        outbox::enqueue(&self.tx, kind, record_key, base_version, payload)
    }

    pub fn mark_mutation_applied(&self, seq: i64) -> Result<bool> {
        outbox::mark_applied(&self.tx, seq)
    }

    /// Drops a mutation the operator gave up on (it leaves the outbox unsent).
    pub fn discard_mutation(&self, seq: i64) -> Result<bool> {
        outbox::mark_applied(&self.tx, seq)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        settings::set(&self.tx, key, value)
    }

    pub fn delete_meta(&self, key: &str) -> Result<bool> {
        settings::delete(&self.tx, key)
    }

    pub fn save_sync_cursor(&self, scope: &str, cursor: &str, at: DateTime<Utc>) -> Result<()> {
        settings::save_sync_cursor(&self.tx, scope, cursor, at)
    }

    pub fn record_audit(&self, event: &AuditEvent) -> Result<i64> {
        audit::record(&self.tx, event)
    }

    pub fn mark_mutation_failed(&self, seq: i64, error: &str) -> Result<bool> {
        outbox::mark_failed(&self.tx, seq, error)
    }

    pub fn mark_mutation_rejected(&self, seq: i64, reason: &str) -> Result<bool> {
        outbox::mark_state(&self.tx, seq, MutationState::Rejected, reason)
    }

    /// See [`outbox::step_back_base_versions`]: after refusing the versioned `seq`.
    pub fn step_back_base_versions(&self, record_key: &str, seq: i64) -> Result<usize> {
        outbox::step_back_base_versions(&self.tx, record_key, seq)
    }

    pub fn mark_mutation_conflict(&self, seq: i64, detail: &str) -> Result<bool> {
        outbox::mark_state(&self.tx, seq, MutationState::Conflict, detail)
    }

    /// The records with pending mutations of these kinds.
    pub fn pending_keys_of(&self, kinds: &[&str]) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT DISTINCT record_key FROM outbox
             WHERE state = ?1 AND kind IN (SELECT value FROM json_each(?2)) ORDER BY record_key",
        )?;
        let kinds = serde_json::to_string(kinds)?;
        let keys = stmt.query_map(
            rusqlite::params![crate::MutationState::Pending.code(), kinds],
            |r| r.get(0),
        )?;
        Ok(keys.collect::<rusqlite::Result<_>>()?)
    }

    /// Pending mutations about one record, oldest first.
    pub fn pending_mutations_for(&self, record_key: &str) -> Result<Vec<OutboxEntry>> {
        sync::pending_for(&self.tx, record_key)
    }

    /// Keeps a receipt, numbered `number(id)` with `id` its increasing sequence.
    pub fn issue_receipt(
        &self,
        receipt: &NewReceipt,
        number: impl FnOnce(i64) -> String,
    ) -> Result<StoredReceipt> {
        receipts::issue(&self.tx, receipt, number)
    }

    // --- sync ----------------------------------------------------------------------

    pub fn save_session(&self, session: &SessionRecord) -> Result<()> {
        sync::save_session(&self.tx, session)
    }

    pub fn set_last_sync_at(&self, at: DateTime<Utc>) -> Result<()> {
        sync::set_last_sync_at(&self.tx, at)
    }

    pub fn clear_sync_cursors(&self) -> Result<()> {
        sync::clear_sync_cursors(&self.tx)
    }

    pub fn upsert_annotations(&self, rows: &[AnnotationRow]) -> Result<()> {
        sync::upsert_annotations(&self.tx, rows)
    }

    pub fn delete_annotations(&self, ids: &[impl AsRef<str>]) -> Result<usize> {
        sync::delete_annotations(&self.tx, ids)
    }

    /// Sets (`Some`) or removes (`None`) a candidate's fascia-debole declaration.
    pub fn set_declaration(&self, codice_fiscale: &str, d: Option<&Declaration>) -> Result<()> {
        sync::set_declaration(&self.tx, codice_fiscale, d)
    }

    pub fn declaration(&self, codice_fiscale: &str) -> Result<Option<Declaration>> {
        sync::declaration(&self.tx, codice_fiscale)
    }

    pub fn save_base(&self, base: &CandidateBase) -> Result<()> {
        sync::save_base(&self.tx, base)
    }

    pub fn base(&self, codice_fiscale: &str) -> Result<Option<CandidateBase>> {
        sync::base(&self.tx, codice_fiscale)
    }

    pub fn delete_base(&self, codice_fiscale: &str) -> Result<bool> {
        sync::delete_base(&self.tx, codice_fiscale)
    }

    pub fn record_conflict(&self, conflict: &Conflict) -> Result<()> {
        sync::record_conflict(&self.tx, conflict)
    }

    /// Removes a resolved conflict and its outbox entry.
    pub fn delete_conflict(&self, seq: i64) -> Result<bool> {
        sync::delete_conflict(&self.tx, seq)
    }

    /// Remembers records met during a pull from zero (`entity`: `candidate`,
    /// `annotation`, `branch`).
    pub fn mark_seen(&self, entity: SeenEntity, keys: &[impl AsRef<str>]) -> Result<()> {
        sync::mark_seen(&self.tx, entity.code(), keys)
    }

    /// Before a first load into an empty cache: drops the candidates' secondary
    /// indexes, keeping their definitions; returns how many. Searches stay right,
    /// only slower, until [`Tx::restore_indexes`].
    pub fn suspend_indexes(&self) -> Result<usize> {
        bulk::suspend_indexes(&self.tx)
    }

    /// Builds the indexes [`Tx::suspend_indexes`] set aside (none: nothing to do);
    /// returns how many.
    pub fn restore_indexes(&self) -> Result<usize> {
        bulk::restore_indexes(&self.tx)
    }

    /// At the end of a pull from zero: drops the cached records it did not meet.
    pub fn sweep_unseen(&self) -> Result<Sweep> {
        sync::sweep_unseen(&self.tx)
    }

    pub fn clear_seen(&self) -> Result<()> {
        sync::clear_seen(&self.tx)
    }

    /// Drops candidates with their declarations, annotations and bases.
    pub fn drop_candidates(&self, codici_fiscali: &[impl AsRef<str>]) -> Result<usize> {
        sync::drop_candidates(&self.tx, codici_fiscali)
    }

    /// Drops what belongs to branches outside `branches` (after a scope change).
    pub fn drop_outside(&self, branches: &[String]) -> Result<Sweep> {
        sync::drop_outside(&self.tx, branches)
    }

    pub fn delete_branches(&self, codes: &[impl AsRef<str>]) -> Result<usize> {
        sync::delete_branches(&self.tx, codes)
    }

    /// Drops the cache, the session and the unsent work; keeps saved searches and the
    /// audit log.
    pub fn wipe_cache(&self) -> Result<()> {
        sync::wipe_cache(&self.tx)
    }
}

/// What [`Tx::mark_seen`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenEntity {
    Candidate,
    Annotation,
    Branch,
    Offerta,
    Interesse,
    Rifiuto,
    Documento,
    Sportello,
    Prenotazione,
    Candidatura,
    Contatto,
    Cv,
}

impl SeenEntity {
    fn code(self) -> &'static str {
        match self {
            Self::Candidate => sync::SEEN_CANDIDATE,
            Self::Annotation => sync::SEEN_ANNOTATION,
            Self::Branch => sync::SEEN_BRANCH,
            Self::Offerta => crate::offerte::SEEN_OFFERTA,
            Self::Interesse => crate::offerte::SEEN_INTERESSE,
            Self::Rifiuto => crate::offerte::SEEN_RIFIUTO,
            Self::Documento => crate::offerte::SEEN_DOCUMENTO,
            Self::Sportello => crate::offerte::SEEN_SPORTELLO,
            Self::Prenotazione => crate::offerte::SEEN_PRENOTAZIONE,
            Self::Candidatura => crate::offerte::SEEN_CANDIDATURA,
            Self::Contatto => crate::offerte::SEEN_CONTATTO,
            Self::Cv => crate::offerte::SEEN_CV,
        }
    }
}
