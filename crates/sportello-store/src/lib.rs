//! The encrypted local store of Sportello: one per operator, the only crate that knows SQL.
//!
//! # Files
//! In the operator's folder (the app layer picks `<data_dir>/operators/<user>/`):
//! - `store.db`: SQLite encrypted with SQLCipher (page-level AES-256 with an HMAC per
//!   page), in WAL mode, so `store.db-wal` and `store.db-shm` sit beside it while open.
//!   The WAL holds encrypted pages too; temporary tables and indexes stay in memory
//!   (`temp_store = MEMORY`), so no plaintext reaches the disk.
//! - `store.key`: JSON with the Argon2id salt and parameters and a key-check value; no
//!   secret. The key is Argon2id(password, salt), handed to SQLCipher as a raw key and
//!   wiped from memory after opening.
//! - `store.key.next`: only during a password change ([`Store::change_password`]): the
//!   new key file, renamed over `store.key` once the database is re-keyed; opening
//!   finishes or rolls back a change a crash interrupted.
//! - `store.db.bak-vN`: a copy (encrypted with the same key, and re-keyed with the
//!   store on a password change) taken before migrating a store from schema version N.
//! - `store.db.damaged-<time>[-wal]`: files a [`Store::recover`] moved aside.
//!
//! # Measured (release build, 2-core VM, 100,000 demo candidates)
//! - Opening: 14–25 ms with Argon2id m = 19 MiB, t = 2 (stores made before); new stores
//!   use m = 64 MiB, t = 2, p = 1, whose derivation alone measured ~150 ms (so about
//!   170 ms to open; not yet re-measured end to end).
//! - Bulk upsert of 100,000 new candidates in one transaction, every index in place:
//!   about 15 s (`sportello-bench store`; the keyword text of each record is prepared on
//!   a worker thread while SQLite writes). A first sync suspends the secondary indexes
//!   (`bulk.rs`): 100,000 in 9.0–9.3 s through `sportello sync`.
//! - File: 366 MB, three quarters of it the JSON records (about 2.5 KB each), which
//!   since schema 4 live in `candidate_records`, apart from the narrow `candidates`
//!   rows that searches and exports read.
//! - [`Store::check`] (reads every page): about 1.7 s.
//! - One outbox write in its own transaction (an fsync): about 0.5 ms.
//! - `synchronous = NORMAL` saved nothing measurable on the bulk load, so every commit
//!   is `FULL`. `cipher_memory_security` made the bulk load 16 times slower and is
//!   process-wide and irreversible, so it stays off; the key itself lives in
//!   SQLCipher's locked private heap.
//!
//! # Invariants
//! - A wrong password is [`Error::WrongPassword`], decided by the key check before the
//!   database is touched; a database that does not decrypt with a key that passes the
//!   check is [`Error::Corrupt`].
//! - The outbox is the one table whose loss would lose work: every write commits with
//!   `synchronous = FULL` (one fsync of the WAL per commit), and [`Store::recover`]
//!   carries it into a rebuilt store. Everything else is a cache of the server.
//! - Migrations are applied in one transaction at open, after a backup; they are
//!   additive, except a table rebuild marked as such, which keeps every row and row id.
//! - Every search, count and export is limited to a [`Scope`] in SQL.
//! - The keyword index holds `Candidate::keyword_text()` as sportello-core made it; the
//!   store never stems or folds text itself, and never puts user text into FTS5 syntax
//!   unquoted.

mod agenda;
mod audit;
pub(crate) mod bulk;
mod candidates;
mod candidature;
mod check;
mod contatti;
mod corsi;
mod cv;
mod documenti;
mod error;
mod fasce_deboli;
mod key;
mod migrations;
mod offerte;
mod open;
mod outbox;
mod receipts;
mod recovery;
mod report;
mod saved_searches;
mod search;
mod search_index;
mod settings;
mod store;
mod sync;
mod time;

pub use agenda::{PrenotazioneRow, SportelloRow};
pub use audit::{AuditAction, AuditEntry, AuditEvent};
pub use candidates::{CandidateRecord, UpsertSummary};
pub use candidature::{CandidaturaRow, CandidatureFiltro};
pub use check::{StoreReport, TableCount};
pub use contatti::ContattoRow;
pub use corsi::{CatalogoCorsi, CorsoRow};
pub use cv::CvRow;
pub use documenti::DocumentoRow;
pub use error::{Error, Result};
pub use fasce_deboli::{
    FdCampaign, FdCategory, FdMergeSummary, FdOutcomeRow, FdParticipant, FdRequest, FdRequestState,
    FdTipologia, FdUpload, FdUploadState,
};
pub use migrations::SCHEMA_VERSION;
pub use offerte::{InteresseRow, OffertaRow, OfferteFilter, RifiutoRow};
pub use open::{DB_FILE, KEY_FILE, NEXT_KEY_FILE, RekeyStep};
pub use outbox::{MutationState, OutboxCounts, OutboxEntry};
pub use receipts::{NewReceipt, StoredReceipt};
pub use recovery::{RecoveryReport, WORK_TABLES};
pub use report::ReportRow;
pub use saved_searches::SavedSearch;
pub use search::{
    AbbinamentiPage, CandidateSummary, Found, Matches, Scope, SearchPage, SearchQuery,
};
pub use search_index::Abbinato;
pub use settings::SyncCursor;
pub use store::{SeenEntity, Store, Tx};
pub use sync::{
    AnnotationRow, CacheCounts, CandidateBase, Conflict, Declaration, SessionRecord, Sweep,
};

impl Store {
    /// Rebuilds a damaged store (one that opens with [`Error::Corrupt`], or whose
    /// [`Store::check`] finds problems): salvages
    /// every readable outbox entry into a fresh store and moves the damaged files aside
    /// (never deleting them). The rest of the cache comes back with the next sync.
    /// Does nothing to a sound store. Errors as [`Store::open`], except `Corrupt`.
    pub fn recover(dir: &std::path::Path, password: &str) -> Result<RecoveryReport> {
        recovery::recover(dir, password)
    }
}
