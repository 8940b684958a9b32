// Generated from the Rust types by src-tauri (bindings.rs). Do not edit:
// run `SPORTELLO_UPDATE_BINDINGS=1 cargo test -p sportello-desktop --test desktop bindings`.

export type ErrorCode = "password_errata" | "archivio_non_trovato" | "archivio_esistente" | "archivio_danneggiato" | "archivio_non_compatibile" | "input_non_valido" | "dati_particolari_non_richiesti" | "file_esistente" | "operazione_annullata" | "errore_interno" | "server_non_raggiungibile" | "sessione_scaduta" | "accesso_richiesto" | "credenziali_errate" | "password_scaduta" | "troppi_tentativi" | "modifiche_in_sospeso" | "password_locale_diversa" | "rifiutato_dal_server";

export type CommandError = { code: ErrorCode, message: string, };

export type ErrorItem = { code: string, message: string, };

export type FilterInput = { age_min: number | null, age_max: number | null, 
/**
 * A ministerial level code (`40`) or a level name (`maturita`).
 */
education_min: string | null, keywords: string | null, branches: Array<string>, comune: string | null, provincia: string | null, 
/**
 * `M` or `F`.
 */
sex: string | null, 
/**
 * A status code (`disoccupato`, `occupato_in_cerca`…).
 */
status: string | null, unemployed_months_min: number | null, 
/**
 * `YYYY-MM-DD` or `DD/MM/YYYY`.
 */
did_from: string | null, did_to: string | null, income_support: boolean | null, collocamento_mirato: boolean | null, driving_licences: Array<string>, languages: Array<string>, policy_activity: string | null, updated_since: string | null, };

export type CandidateRow = { codice_fiscale: string, surname: string, name: string, sex: string, birth_date: string, age: number | null, branch: string, comune: string | null, provincia: string | null, status: string | null, status_label: string | null, education: string | null, unemployment_months: number | null, did_date: string | null, mobile: string | null, email: string | null, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, };

export type SearchResult = { total: number, offset: number, limit: number, sort: string, 
/**
 * The sort in words, for people ("Cognome, crescente").
 */
sort_description: string, rows: Array<CandidateRow>, };

export type SavedSearchDto = { name: string, criteria: Array<[string, string]>, sort: string, sort_description: string, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, };

export type ExportProgress = { written: number, total: number, };

export type ExportReport = { file: string, rows: number, sheets: number, bytes: number, columns: Array<string>, audit_id: number, };

export type Choice = { code: string, label: string, };

export type ColumnChoice = { code: string, header: string, 
/**
 * GDPR art. 9 data: exported only on explicit request.
 */
special_category: boolean, 
/**
 * One of the columns exported when none are chosen.
 */
default: boolean, };

export type SearchOptions = { branches: Array<Choice>, statuses: Array<Choice>, 
/**
 * In rank order, from "nessun titolo" up; the code is the ministerial level code.
 */
education_levels: Array<Choice>, sort_keys: Array<Choice>, export_columns: Array<ColumnChoice>, };

export type BranchCount = { code: string, name: string, candidates: number, };

export type Overview = { 
/**
 * Candidates in `scope` (all branches of the store when empty).
 */
candidates: number, branches: Array<BranchCount>, 
/**
 * Changes not yet accepted by the server.
 */
pending: number, rejected: number, conflicts: number, };

export type Settings = { 
/**
 * The central server, `https://…` (`http://` only on this computer).
 */
server_url: string, 
/**
 * Where the export dialog opens; `None`: the documents folder.
 */
export_dir: string | null, auto_lock_minutes: number, };

export type PasswordCheck = { acceptable: boolean, 
/**
 * Every rule broken, as `{code, message}`.
 */
problems: Array<ErrorItem>, };

export type SheetField = { label: string, value: string, };

export type SheetTable = { title: string, headers: Array<string>, rows: Array<Array<string>>, };

export type SheetSection = { 
/**
 * Stable id (`anagrafica`, `amministrativi`…).
 */
id: string, title: string, fields: Array<SheetField>, tables: Array<SheetTable>, };

export type CandidateSheet = { codice_fiscale: string, surname: string, name: string, branch: string, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, sections: Array<SheetSection>, };

export type Startup = { 
/**
 * Started with `--demo`: start the demo without asking.
 */
demo_requested: boolean, 
/**
 * Idle seconds before the lock (from the settings, or a test's override).
 */
auto_lock_seconds: number, settings: Settings, };

export type SessionInfo = { user: string, demo: boolean, 
/**
 * The demo server's address, in demo mode.
 */
server: string | null, 
/**
 * The branches this session may choose from (the store's).
 */
branches: Array<Choice>, scope: Array<string>, 
/**
 * What the sign-in to the server found (absent for the demo).
 */
login: LoginInfo | null, };

export type SignInArgs = { server: string, username: string, password: string, };

export type UnlockArgs = { password: string, };

export type ScopeArgs = { 
/**
 * Branch codes; empty: every branch.
 */
branches: Array<string>, };

export type StepProgress = { step: number, steps: number, label: string, };

export type SearchArgs = { filter: FilterInput, 
/**
 * `key` or `key:desc` (see `SearchOptions.sort_keys`).
 */
sort: string, offset: number, limit: number, };

export type SheetArgs = { codice_fiscale: string, };

export type SaveSearchArgs = { name: string, filter: FilterInput, sort: string, };

export type SavedSearchArgs = { name: string, };

export type SavedSearchForm = { name: string, filter: FilterInput, sort: string, };

export type ExportArgs = { filter: FilterInput, sort: string, 
/**
 * Column codes (see `SearchOptions.export_columns`); empty: the default ones.
 */
columns: Array<string>, 
/**
 * The file the operator chose in the save dialog.
 */
path: string, 
/**
 * The operator confirmed replacing an existing file.
 */
overwrite: boolean, 
/**
 * The operator asked explicitly for GDPR art. 9 data.
 */
include_special_categories: boolean, };

export type PasswordArgs = { username: string, password: string, };

export type LoginInfo = { online: boolean, 
/**
 * `operatore`, `super`, `master`.
 */
role: string | null, 
/**
 * The server's scope: `filiale:CODE` or `tutte`.
 */
server_scope: string | null, 
/**
 * The branches the operator may choose from.
 */
branches: Array<string>, 
/**
 * RFC 3339, UTC.
 */
last_sync_at: string | null, 
/**
 * Minutes since the last sync: how old the local data is.
 */
data_age_minutes: number | null, offline_reason: string | null, pending: number, };

export type PasswordChangeArgs = { server: string, username: string, old_password: string, new_password: string, };

export type ProblemView = { seq: number, 
/**
 * `rejected` or `conflict`.
 */
state: string, kind: string, codice_fiscale: string, reason: string | null, };

export type SyncState = { online: boolean, 
/**
 * A session with a server is stored (else: a local archive alone).
 */
connected: boolean, server: string | null, 
/**
 * `filiale:CODE` or `tutte`.
 */
scope: string | null, 
/**
 * RFC 3339, UTC.
 */
last_sync_at: string | null, data_age_minutes: number | null, pending: number, rejected: number, conflicts: number, candidates: number, problems: Array<ProblemView>, };

export type SyncStep = { "phase": "pushing", sent: number, total: number, } | { "phase": "pulling", records: number, pages: number, from_zero: boolean, } | { "phase": "done" };

export type SyncOutcome = { applied: number, conflicts: number, rejected: number, pulled: number, removed: number, millis: number, };

export type AnnotationArgs = { codice_fiscale: string, 
/**
 * `esito_colloquio`, `contatto` or `nota`.
 */
kind: string, text: string, 
/**
 * dd/mm/yyyy; blank: not given.
 */
occurred_on: string, };

export type ContactsArgs = { codice_fiscale: string, contacts: ContactsForm, };

export type ContactsForm = { phone: string, mobile: string, email: string, };

export type AnnotationView = { 
/**
 * `esito_colloquio`, `contatto` or `nota`.
 */
kind: string, text: string, 
/**
 * dd/mm/yyyy.
 */
occurred_on: string | null, author: string, 
/**
 * RFC 3339, UTC.
 */
created_at: string, 
/**
 * Made here and not yet accepted by the server.
 */
pending: boolean, };

export type CandidateNotes = { contacts: ContactsForm, 
/**
 * Newest first.
 */
annotations: Array<AnnotationView>, 
/**
 * This candidate's changes waiting to be sent.
 */
pending: number, };

/** Every command: its `args`, the messages of its `progress` channel, its `result`. */
export type Commands = {
  startup: { args: null; progress: never; result: Startup };
  start_demo: { args: null; progress: StepProgress; result: SessionInfo };
  sign_in: { args: SignInArgs; progress: never; result: SessionInfo };
  sign_out: { args: null; progress: never; result: null };
  session_info: { args: null; progress: never; result: SessionInfo };
  lock: { args: null; progress: never; result: null };
  unlock: { args: UnlockArgs; progress: never; result: null };
  choose_scope: { args: ScopeArgs; progress: never; result: null };
  dashboard: { args: null; progress: never; result: Overview };
  search_options: { args: null; progress: never; result: SearchOptions };
  search_candidates: { args: SearchArgs; progress: never; result: SearchResult };
  candidate_sheet: { args: SheetArgs; progress: never; result: CandidateSheet };
  saved_searches: { args: null; progress: never; result: Array<SavedSearchDto> };
  save_search: { args: SaveSearchArgs; progress: never; result: boolean };
  load_saved_search: { args: SavedSearchArgs; progress: never; result: SavedSearchForm };
  delete_saved_search: { args: SavedSearchArgs; progress: never; result: null };
  export_candidates: { args: ExportArgs; progress: ExportProgress; result: ExportReport };
  open_export: { args: null; progress: never; result: null };
  reveal_export: { args: null; progress: never; result: null };
  get_settings: { args: null; progress: never; result: Settings };
  save_settings: { args: Settings; progress: never; result: null };
  check_password: { args: PasswordArgs; progress: never; result: PasswordCheck };
  change_expired_password: { args: PasswordChangeArgs; progress: never; result: null };
  sync_status: { args: null; progress: never; result: SyncState };
  sync_now: { args: null; progress: SyncStep; result: SyncOutcome };
  switch_scope: { args: ScopeArgs; progress: SyncStep; result: null };
  candidate_notes: { args: SheetArgs; progress: never; result: CandidateNotes };
  add_annotation: { args: AnnotationArgs; progress: never; result: CandidateNotes };
  edit_contacts: { args: ContactsArgs; progress: never; result: CandidateNotes };
  check_contacts: { args: ContactsForm; progress: never; result: Array<ErrorItem> };
};
