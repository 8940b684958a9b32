// Generated from the Rust types by src-tauri (bindings.rs). Do not edit:
// run `SPORTELLO_UPDATE_BINDINGS=1 cargo test -p sportello-desktop --test desktop bindings`.

export type ErrorCode = "password_errata" | "archivio_non_trovato" | "archivio_esistente" | "archivio_danneggiato" | "archivio_non_compatibile" | "input_non_valido" | "dati_particolari_non_richiesti" | "file_esistente" | "operazione_annullata" | "errore_interno" | "server_non_raggiungibile" | "sessione_scaduta" | "accesso_richiesto" | "credenziali_errate" | "password_scaduta" | "troppi_tentativi" | "modifiche_in_sospeso" | "password_locale_diversa" | "rifiutato_dal_server" | "server_non_attendibile" | "file_non_accessibile";

export type CommandError = { code: ErrorCode, message: string, server_code: string | null, };

export type ErrorItem<C> = { code: C, message: string, };

export type ContactField = "phone" | "mobile" | "email";

export type PasswordProblem = "password_troppo_corta" | "password_troppo_lunga" | "password_caratteri_non_ammessi" | "password_senza_minuscola" | "password_senza_maiuscola" | "password_senza_cifra" | "password_uguale_utente" | "password_gia_usata";

export type FileRefusal = "NON_UN_FOGLIO_DI_CALCOLO" | "FILE_CIFRATO" | "FILE_TROPPO_GRANDE" | "INTESTAZIONE_NON_TROVATA" | "DIMENSIONI_ECCESSIVE";

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
export_dir: string | null, auto_lock_minutes: number, 
/**
 * The agency's own certification authority (a PEM file) to trust for the
 * server; `None`: the public ones only.
 */
ca_certificate: string | null, };

export type PasswordCheck = { acceptable: boolean, 
/**
 * Every rule broken, as `{code, message}`.
 */
problems: Array<ErrorItem<PasswordProblem>>, };

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

export type SessionInfo = { user: string, 
/**
 * `master`, `super`, `operatore`; blank before any login to a server.
 */
role: string, demo: boolean, 
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

export type DocumentReport = { file: string, bytes: number, audit_id: number, };

export type BatchReport = { candidates: number, 
/**
 * The folder's files, when asked for.
 */
out_dir: string | null, merged: DocumentReport | null, audit_id: number, };

export type SapBatchProgress = { done: number, total: number, };

export type CountTableDto = { title: string, headers: Array<string>, rows: Array<Array<string>>, };

export type ReceiptFileDto = { name: string, bytes: number, sha256: string, };

export type ReceiptDto = { number: string, 
/**
 * RFC 3339, UTC.
 */
issued_at: string, operator: string, branch: string, kind: string, title: string, fields: Array<[string, string]>, tables: Array<CountTableDto>, file: ReceiptFileDto | null, acknowledgement: string | null, };

export type DocumentArgs = { codice_fiscale: string, 
/**
 * The file the operator chose (save dialog or typed).
 */
path: string, 
/**
 * The operator confirmed replacing an existing file.
 */
overwrite: boolean, };

export type CvArgs = { codice_fiscale: string, path: string, overwrite: boolean, 
/**
 * No name, codice fiscale, contacts, address or birth date (age band only).
 */
anonymous: boolean, birth_date: boolean, include_codice_fiscale: boolean, contacts: boolean, address: boolean, };

export type SapBatchArgs = { filter: FilterInput, sort: string, 
/**
 * A folder for one PDF per candidate (`<codice fiscale>.pdf`)…
 */
out_dir: string | null, 
/**
 * …or one PDF with every SAP.
 */
merged: string | null, overwrite: boolean, };

export type ReceiptPrintArgs = { 
/**
 * The receipt number (`R-…`).
 */
number: string, path: string, overwrite: boolean, };

export type FdOverview = { 
/**
 * The server answered. When not, `offline` says why (Italian) and the rest is
 * what the store holds; requests and uploads wait in it.
 */
online: boolean, offline: string | null, 
/**
 * The server's lists, as last fetched (empty before the first contact).
 */
tipologie: Array<Choice>, categorie: Array<Choice>, 
/**
 * Campaign years with downloaded participants, newest first.
 */
anni: Array<number>, 
/**
 * Newest first.
 */
richieste: Array<RequestDto>, 
/**
 * Campaigns with their deadline, uploads with their outcome, per-year summary.
 */
storico: History, 
/**
 * What this look moved on: files downloaded and outcomes arrived now.
 */
seguito: FollowReport, };

export type RequestDto = { id: string, server_id: string | null, anno: number, tipologie: Array<string>, email: string | null, 
/**
 * `da_inviare`, `in_coda`, `in_lavorazione`, `pronto`, `errore`.
 */
stato: string, requested_at: string, completed_at: string | null, righe: number | null, errore: string | null, downloaded_at: string | null, };

export type UploadDto = { id: string, server_id: string | null, anno: number, file_name: string, sha256: string, 
/**
 * `da_inviare`, `in_coda`, `in_lavorazione`, `elaborato`, `errore`.
 */
stato: string, submitted_at: string, processed_at: string | null, righe: number | null, acquisite: number | null, scartate: number | null, errore: string | null, 
/**
 * The rejected rows with the reason, once processed.
 */
rejected: Array<RejectedRow>, };

export type RejectedRow = { codice_fiscale: string, codice_progetto: string, motivo: string, };

export type FollowReport = { requests_sent: number, 
/**
 * Requests whose file was downloaded into the store now.
 */
files_downloaded: Array<string>, uploads_sent: number, 
/**
 * Uploads whose outcome arrived now.
 */
outcomes: Array<string>, 
/**
 * Receipts issued for uploads sent now.
 */
receipts: Array<string>, };

export type History = { campagne: Array<CampaignDto>, caricamenti: Array<UploadDto>, 
/**
 * Per year.
 */
riepilogo: { [key in number]: YearSummary }, };

export type CampaignDto = { anno: number, scadenza: string, aperta: boolean, 
/**
 * Days from today to the deadline (0: today is the last day; negative: past).
 */
giorni_rimasti: number, 
/**
 * Italian, in the last [`DEADLINE_WARNING_DAYS`] days and after the deadline.
 */
avviso: string | null, };

export type YearSummary = { caricamenti: number, 
/**
 * The last processed upload's (righe, acquisite, scartate).
 */
ultimo_esito: [number, number, number] | null, };

export type FdGrid = { anno: number, 
/**
 * The rows the filter keeps, in the file's order.
 */
righe: Array<ParticipantDto>, 
/**
 * The year's projects and tipologie, whatever the filter: the filters' choices.
 */
progetti: Array<string>, tipologie: Array<string>, 
/**
 * Rows of the year, and those still without a declaration.
 */
totale: number, da_compilare: number, };

export type ParticipantDto = { anno: number, codice_fiscale: string, codice_progetto: string, tipologia: string, titolo: string, data_inizio: string, aula_omogenea: boolean, cognome: string, nome: string, 
/**
 * `SI`, `NO` or none.
 */
fascia_debole: string | null, categoria: string | null, };

export type DeclarationInput = { codice_fiscale: string, codice_progetto: string, 
/**
 * `SI`, `NO` or none (not declared).
 */
fascia_debole: string | null, categoria: string | null, };

export type SuggestionRow = { codice_fiscale: string, codice_progetto: string, cognome: string, nome: string, data_inizio: string, 
/**
 * The current declaration, if any.
 */
fascia_debole: string | null, categoria: string | null, 
/**
 * Whether the candidate's SAP is in the local cache at all.
 */
scheda_presente: boolean, suggestions: Array<SuggestedCategory>, };

export type SuggestedCategory = { code: string, label: string, 
/**
 * Italian, e.g. "23 anni alla data di inizio corso".
 */
reason: string, };

export type CheckReport = { file: string, sheet: string | null, header_row: number | null, rows_total: number, rows_ok: number, rows_with_errors: number, rows_with_warnings: number, declared: DeclaredCounts, by_category: { [key in string]: number }, issues: Array<CheckIssue>, refused: ErrorItem<FileRefusal> | null, };

export type DeclaredCounts = { SI: number, NO: number, non_indicato: number, };

export type CheckIssue = { 
/**
 * The spreadsheet's own 1-based row number.
 */
row: number, column: string, 
/**
 * `error` or `warning`.
 */
severity: string, code: string, message: string, };

export type ImportReport = { file: string, 
/**
 * Whether the file was taken in; when not, nothing changed.
 */
accepted: boolean, 
/**
 * Why it was not taken in (Italian), when not.
 */
reason: string | null, anno: number | null, 
/**
 * Declarations written into the working copy.
 */
imported: number, 
/**
 * The file's check; problems the working copy can hold (a missing category, a
 * category without the flag) are imported and shown again by the check.
 */
check: CheckReport, };

export type FdExportReport = { file: string, anno: number, rows: number, audit_id: number, };

export type FdYearArgs = { anno: number | null, };

export type FdRequestArgs = { tipologie: Array<string>, anno: number, 
/**
 * An extra address FTWeb tells when the file is ready.
 */
email: string | null, };

export type FdSaveArgs = { id: string, path: string, 
/**
 * The operator confirmed replacing an existing file.
 */
overwrite: boolean, };

export type FdGridArgs = { anno: number | null, progetto: string | null, tipologia: string | null, aula_omogenea: boolean | null, 
/**
 * Only rows without a declaration.
 */
da_compilare: boolean, };

export type FdDeclareArgs = { anno: number, declarations: Array<DeclarationInput>, };

export type ParticipantKey = { codice_fiscale: string, codice_progetto: string, };

export type FdAcceptArgs = { anno: number, 
/**
 * The participants whose suggestion is accepted; none: every participant.
 */
only: Array<ParticipantKey> | null, };

export type FdExportArgs = { anno: number | null, path: string, overwrite: boolean, };

export type FdPathArgs = { 
/**
 * The file chosen in the open dialog.
 */
path: string, };

export type FdUploadArgs = { anno: number, };

export type FdIdArgs = { id: string, };

export type FdUploadDone = { upload: UploadDto, 
/**
 * Sent now; otherwise queued until the server can be reached.
 */
sent: boolean, receipt_number: string | null, 
/**
 * The receipt PDF's name only: it is in the operator's folder, whose path stays
 * on the Rust side ("Apri ricevuta" opens it).
 */
receipt_file: string | null, };

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
 * The branches the operator may choose from, named when the server said.
 */
branches: Array<Choice>, 
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
state: string, kind: string, codice_fiscale: string, reason: string | null, 
/**
 * For a conflict: the local change, in words.
 */
mine: string | null, 
/**
 * For a conflict: what the server holds now, in words.
 */
theirs: string | null, };

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

export type SyncOutcome = { applied: number, conflicts: number, rejected: number, pulled: number, removed: number, 
/**
 * Records the server sent that failed validation and were not stored.
 */
invalid: number, 
/**
 * Local changes set aside (the server never took them): see the problems.
 */
set_aside: number, 
/**
 * The push stopped at a change the server refused (the data still arrived).
 */
push_stopped: string | null, millis: number, 
/**
 * Daily reports that arrived with this sync.
 */
report_nuovi: number, };

export type AnnotationArgs = { codice_fiscale: string, 
/**
 * `esito_colloquio`, `contatto`, `nota` or `rifiuto_offerta`.
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
 * `esito_colloquio`, `contatto`, `nota` or `rifiuto_offerta`.
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
pending: number, 
/**
 * Annotations of a refused offer beyond the refusal communications filed for the
 * candidate: each should become one ([`PROMEMORIA_RIFIUTO`]).
 */
rifiuti_da_comunicare: number, };

export type ResolveArgs = { 
/**
 * The problem's number (`ProblemView::seq`): a conflict, or a change refused or
 * set aside.
 */
seq: number, 
/**
 * `true`: send the local change again, on top of the server's record; `false`:
 * keep the server's record and drop the local change.
 */
keep_mine: boolean, };

export type Campo = "filiale" | "tipo_offerta" | "tipo_contratto" | "qualifica" | "descrizione_qualifica" | "descrizione_esperienza" | "posti" | "modalita_lavoro" | "sedi" | "scadenza" | "fine_pubblicazione" | "patenti" | "lingue" | "titolo_studio_minimo";

export type VoceView = { codice: string, descrizione: string, };

export type ListeOfferte = { tipi_offerta: Array<VoceView>, tipi_contratto: Array<VoceView>, modalita_lavoro: Array<VoceView>, motivi_rifiuto: Array<VoceView>, stati: Array<VoceView>, stati_interesse: Array<VoceView>, titoli_studio: Array<VoceView>, };

export type OffertaForm = { filiale: string, tipo_offerta: string, tipo_contratto: string, qualifica: string, descrizione_qualifica: string, esperienza_richiesta: boolean, descrizione_esperienza: string, posti: string, modalita_lavoro: string, 
/**
 * Comuni separated by commas or semicolons, as `Firenze (FI)` or Belfiore codes.
 */
sedi: string, 
/**
 * dd/mm/yyyy.
 */
scadenza: string, fine_pubblicazione: string, partita_iva: boolean, mezzi_trasporto: boolean, trasferte: boolean, collocamento_mirato: boolean, 
/**
 * The rank (0–9), or blank for none.
 */
titolo_studio_minimo: string, 
/**
 * Separated by commas.
 */
patenti: string, lingue: string, };

export type OffertaRiga = { id: string, 
/**
 * Blank until the server assigns it.
 */
codice: string, qualifica: string, filiale: string, tipo_offerta: string, tipo_contratto: string, sedi: string, 
/**
 * As of today (`scaduta` when past its end of publication).
 */
stato: string, stato_etichetta: string, 
/**
 * dd/mm/yyyy.
 */
fine_pubblicazione: string, scadenza: string, posti: number, interessi: number, 
/**
 * Changes made here and not yet sent.
 */
in_attesa: boolean, };

export type OffertaScheda = { riga: OffertaRiga, identificativo: string, descrizione_qualifica: string, esperienza: string, modalita_lavoro: string, 
/**
 * "Ulteriori Requisiti" each as "SI"/"NO" with its label.
 */
requisiti: Array<[string, string]>, titolo_studio_minimo: string, patenti: string, lingue: string, 
/**
 * "dd/mm/yyyy hh:mm — chi: evento".
 */
storico: Array<string>, form: OffertaForm, 
/**
 * `modifica`, `pubblica`, `ripubblica`, `chiudi`, `proponi`.
 */
azioni: Array<string>, };

export type OfferteFiltro = { qualifica: string, tipo_offerta: string, tipo_contratto: string, provincia: string, filiale: string, 
/**
 * `bozza`, `pubblicata`, `scaduta`, `chiusa` or blank.
 */
stato: string, };

export type InteresseRiga = { id: string, offerta: string, codice_offerta: string, filiale: string, codice_fiscale: string, cognome: string, nome: string, 
/**
 * dd/mm/yyyy.
 */
data: string, origine: string, stato: string, stato_etichetta: string, 
/**
 * The states it may move to now.
 */
prossimi: Array<string>, 
/**
 * "dd/mm/yyyy — chi: stato (nota)".
 */
storico: Array<string>, in_attesa: boolean, };

export type RifiutoForm = { 
/**
 * Offer id or code.
 */
offerta: string, codice_fiscale: string, 
/**
 * dd/mm/yyyy.
 */
data: string, 
/**
 * A code of the server's `motivi_rifiuto`.
 */
motivo: string, note: string, };

export type RifiutoRiga = { id: string, codice_offerta: string, filiale: string, codice_fiscale: string, 
/**
 * dd/mm/yyyy.
 */
data: string, motivo: string, note: string, operatore: string, 
/**
 * `in coda` (waiting to be sent), `inviata` or `trasmessa` with the protocol.
 */
trasmissione: string, protocollo: string, };

export type CriterioView = { criterio: string, soddisfatto: boolean, motivo: string, };

export type AbbinamentoRiga = { codice_fiscale: string, cognome: string, nome: string, filiale: string, comune: string, 
/**
 * "12 km" or blank.
 */
distanza: string, criteri: Array<CriterioView>, 
/**
 * Already interested in (or proposed) this offer.
 */
interessato: boolean, };

export type Abbinamenti = { offerta: string, qualifica: string, totale: number, righe: Array<AbbinamentoRiga>, };

export type OffertaArgs = { 
/**
 * Id or Codice Offerta.
 */
offerta: string, };

export type SalvaOffertaArgs = { 
/**
 * None for a new offer.
 */
id: string | null, form: OffertaForm, };

export type StatoOffertaArgs = { offerta: string, 
/**
 * `pubblica`, `ripubblica`, `chiudi`.
 */
azione: string, 
/**
 * dd/mm/yyyy, for pubblica and ripubblica.
 */
fine: string, };

export type InteressiArgs = { offerta: string | null, codice_fiscale: string | null, };

export type AvanzaArgs = { id: string, stato: string, nota: string, };

export type ProponiArgs = { offerta: string, codici_fiscali: Array<string>, };

export type AbbinamentiArgs = { offerta: string, offset: number, limit: number, };

export type ModelloArgs = { path: string, overwrite: boolean, };

export type ImportaArgs = { path: string, pubblica: boolean, };

export type MassivoReport = { file: string, 
/**
 * Non-blank rows read.
 */
righe: number, 
/**
 * Zero unless every row was right.
 */
inserite: number, pubblicate: number, errori: Array<RigaErrore>, 
/**
 * All errors, also those not listed.
 */
errori_totali: number, ricevuta: ReceiptDto | null, };

export type RigaErrore = { 
/**
 * As the spreadsheet numbers it (the header is row 1).
 */
riga: number, colonna: string, messaggio: string, };

export type EsportaInteressiArgs = { offerta: string | null, path: string, overwrite: boolean, };

export type EsportazioneInteressi = { file: string, rows: number, bytes: number, audit_id: number, };

export type OffertaAdatta = { offerta: OffertaRiga, 
/**
 * "12 km" from the nearest sede, or blank.
 */
distanza: string, criteri: Array<CriterioView>, 
/**
 * The candidate is already interested in (or proposed) it.
 */
interessato: boolean, };

export type Utenti = { righe: Array<UtenteRiga>, 
/**
 * A master: may create accounts.
 */
puo_creare: boolean, 
/**
 * The branches an account may be given (the session's).
 */
filiali: Array<string>, };

export type UtenteRiga = { username: string, 
/**
 * `master`, `super`, `operatore`.
 */
ruolo: string, ruolo_etichetta: string, filiali: Array<string>, 
/**
 * dd/mm/yyyy hh:mm, local time; blank: never.
 */
ultimo_accesso: string, 
/**
 * dd/mm/yyyy.
 */
scadenza_password: string, abilitata: boolean, 
/**
 * Still on the one-time password given at creation.
 */
primo_accesso: boolean, creata_da: string, 
/**
 * Where the daily report is mailed; blank: nowhere.
 */
email: string, 
/**
 * The session may enable, disable and move it (a master, not a master's account).
 */
modificabile: boolean, };

export type NuovaUtenza = { username: string, 
/**
 * `super` or `operatore`.
 */
ruolo: string, filiali: Array<string>, 
/**
 * Optional: one login per codice fiscale.
 */
codice_fiscale: string, 
/**
 * Optional: where the daily report is mailed.
 */
email: string, 
/**
 * The one-time password, to be changed at the first access.
 */
password: string, };

export type CampoUtenza = "username" | "ruolo" | "filiali" | "codice_fiscale" | "email" | "password";

export type AbilitaArgs = { username: string, abilitata: boolean, };

export type FilialiArgs = { username: string, filiali: Array<string>, };

export type PadView = { filiali: Array<FilialePadView>, 
/**
 * Provinces where the agency's citizens live and no branch is selectable.
 */
province_scoperte: Array<string>, 
/**
 * The session may change it (super and master, with the server answering).
 */
modificabile: boolean, 
/**
 * Read from the server now (else from the last sync).
 */
in_linea: boolean, };

export type FilialePadView = { code: string, nome: string, 
/**
 * "Firenze (FI)".
 */
sede: string, selezionabile: boolean, 
/**
 * "dd/mm/yyyy hh:mm, nome.utente", or blank.
 */
modifica: string, };

export type ModificaPadArgs = { scelte: Array<SceltaPadArgs>, };

export type SceltaPadArgs = { code: string, selezionabile: boolean, };

export type PasswordUtenzaArgs = { username: string, password: string, };

export type ReportSummary = { 
/**
 * `YYYY-MM-DD`: what the other calls take.
 */
giorno: string, 
/**
 * "Report del 05/12/2026".
 */
titolo: string, 
/**
 * "06/12/2026 07:00".
 */
generato: string, 
/**
 * Made by the daily job (else asked later).
 */
programmato: boolean, letto: boolean, cittadini_nuovi: number, interessi_nuovi: number, interessi_da_valutare: number, };

export type ReportView = { giorno: string, titolo: string, generato: string, programmato: boolean, voci: Array<string>, filiali: Array<ColonnaReport>, totale: Array<number>, 
/**
 * "Campagna 2026: scadenza 31/12/2026, tra 25 giorni", when one is open.
 */
campagna: string | null, };

export type ColonnaReport = { code: string, nome: string, 
/**
 * One per [`ReportView::voci`].
 */
valori: Array<number>, 
/**
 * The last 30 days.
 */
andamento: Array<PuntoView>, };

export type PuntoView = { 
/**
 * "05/12".
 */
giorno: string, cittadini: number, interessi: number, };

export type GiornoArgs = { 
/**
 * `YYYY-MM-DD`.
 */
giorno: string, };

export type EsportaReportArgs = { giorno: string, 
/**
 * `xlsx` or `pdf`.
 */
formato: string, path: string, overwrite: boolean, };

export type SegmentoView = { testo: string, grassetto: boolean, corsivo: boolean, sottolineato: boolean, };

export type CorsoForm = { 
/**
 * A `TipologiaCorso` code.
 */
tipologia: string, codice_accreditamento: string, identificativo: string, titolo: string, denominazione_ente: string, indirizzo_ente: string, 
/**
 * `Padova (PD)`, or the name with the province in `provincia`.
 */
comune: string, provincia: string, cap: string, mail_ente: string, telefono_ente: string, ore: string, 
/**
 * dd/mm/yyyy.
 */
inizio: string, fine: string, 
/**
 * Euro, as typed: `1.250,50` or `1250.5`.
 */
costo: string, 
/**
 * An `Esito` letter.
 */
esito: string, finalita: Array<SegmentoView>, };

export type TipologiaView = { codice: string, descrizione: string, 
/**
 * Esito letters, seed 004's table.
 */
esiti: Array<string>, richiede_accreditamento: boolean, };

export type EsitoView = { codice: string, descrizione: string, };

export type ListeCorsi = { tipologie: Array<TipologiaView>, esiti: Array<EsitoView>, };

export type CorsiFiltro = { codice: string, 
/**
 * Words of the title, each must appear (any case, accents folded).
 */
titolo: string, 
/**
 * `si`, `no`, or blank for either.
 */
richiesta_validazione: string, validato: string, cancellato: string, tipologia: string, comune: string, 
/**
 * Start from / to, dd/mm/yyyy.
 */
dal: string, al: string, 
/**
 * The provider's own only.
 */
solo_miei: boolean, 
/**
 * The regional office's queue: waiting for validation only.
 */
da_validare: boolean, };

export type CorsoRiga = { id: string, 
/**
 * "Codice corso"; blank until the server gives it.
 */
codice: string, identificativo: string, titolo: string, tipologia: string, ente: string, comune: string, inizio: string, fine: string, ore: number, costo: string, esito: string, stato: string, stato_etichetta: string, 
/**
 * dd/mm/yyyy, or blank.
 */
richiesta_validazione: string, validato: boolean, cancellato: boolean, 
/**
 * Changes made here wait to be sent.
 */
in_attesa: boolean, 
/**
 * The user's provider owns it.
 */
mio: boolean, };

export type Corsi = { righe: Array<CorsoRiga>, 
/**
 * The provider the user acts for (may create courses), if any.
 */
ente: string | null, 
/**
 * The regional office (validates).
 */
validatore: boolean, 
/**
 * Courses waiting for validation (the office's queue).
 */
da_validare: number, 
/**
 * When the server last sent the catalogue (never: blank).
 */
aggiornato: boolean, };

export type CorsoScheda = { riga: CorsoRiga, form: CorsoForm, 
/**
 * Every change: date, time, who, what.
 */
storico: Array<string>, 
/**
 * The actions allowed now: `salva`, `elimina`, `richiedi_validazione`, `valida`,
 * `rinvia`, `cancella`, `duplica`.
 */
azioni: Array<string>, 
/**
 * Why the regional office sent it back, while it is a draft again.
 */
motivo_rinvio: string | null, 
/**
 * Usable in a personal plan.
 */
utilizzabile: boolean, };

export type ImportazioneCorsi = { file: string, 
/**
 * Non-blank rows read.
 */
righe: number, 
/**
 * Zero unless every row was right.
 */
inserite: number, errori: Array<RigaErrore>, errori_totali: number, };

export type CorsoArgs = { id: string, };

export type SalvaCorsoArgs = { 
/**
 * None for a new draft.
 */
id: string | null, form: CorsoForm, };

export type AzioneCorsoArgs = { id: string, 
/**
 * `elimina`, `richiedi_validazione`, `valida`, `rinvia`, `cancella`.
 */
azione: string, 
/**
 * The reason of `rinvia`.
 */
motivo: string, };

export type EsportaCorsiArgs = { filtro: CorsiFiltro, 
/**
 * `xlsx` (the list) or `pdf` (the catalogue of the validated ones).
 */
formato: string, path: string, overwrite: boolean, };

export type FileCorsiArgs = { path: string, overwrite: boolean, };

export type DocumentoView = { id: string, 
/**
 * The practice number; blank until the server gives it.
 */
numero: string, tipo: string, tipo_etichetta: string, 
/**
 * `in_corso`, `concluso`, `annullato`.
 */
stato: string, 
/**
 * dd/mm/yyyy.
 */
data: string, 
/**
 * "Documento Inserito il … Preso In Carico il …".
 */
traccia: string, 
/**
 * What may be done now: `prendi_in_carico`, `firma_cittadino`, `firma_operatore`,
 * `annulla`, `sostituisci`.
 */
azioni: Array<string>, 
/**
 * Changes made here wait to be sent.
 */
in_attesa: boolean, };

export type NuovoDocumentoArgs = { codice_fiscale: string, 
/**
 * `ricevuta_did`, `patto_servizio_150`, `patto_attivazione_gg`,
 * `programma_ricerca_intensiva`.
 */
tipo: string, 
/**
 * The document this one replaces.
 */
sostituisce: string | null, };

export type AzioneDocumentoArgs = { id: string, 
/**
 * `prendi_in_carico`, `firma_cittadino`, `firma_operatore`, `annulla`.
 */
azione: string, 
/**
 * The reason of `annulla`.
 */
motivo: string, };

export type DocumentoPdfArgs = { id: string, path: string, overwrite: boolean, };

export type SportelloView = { id: string, filiale: string, nome: string, indirizzo: string, email: string, telefono: string, 
/**
 * "Lunedì 09:00–13:00 (tutti i colloqui)".
 */
orari: Array<string>, 
/**
 * "08/12/2026: chiuso (Immacolata Concezione)".
 */
eccezioni: Array<string>, };

export type PrenotazioneView = { id: string, sportello: string, sportello_nome: string, codice_fiscale: string, cittadino: string, tipo: string, tipo_etichetta: string, 
/**
 * `YYYY-MM-DDTHH:MM:SS`, the desk's time.
 */
inizio: string, 
/**
 * dd/mm/yyyy.
 */
data: string, 
/**
 * HH:MM–HH:MM.
 */
orario: string, minuti: number, 
/**
 * `prenotato`, `annullato`, `spostato`, `non_presentato`, `svolto`.
 */
stato: string, stato_etichetta: string, 
/**
 * The reason of a cancellation or the outcome of a held interview.
 */
nota: string, 
/**
 * What may be done now: `sposta`, `annulla`, `non_presentato`, `svolto`.
 */
azioni: Array<string>, 
/**
 * Made or changed here, not yet sent.
 */
in_attesa: boolean, };

export type GiornoAgenda = { 
/**
 * `YYYY-MM-DD`.
 */
data: string, 
/**
 * "Lunedì 07/12/2026".
 */
etichetta: string, prenotazioni: Array<PrenotazioneView>, };

export type AgendaArgs = { 
/**
 * The desks shown; all the session's when empty.
 */
sportelli: Array<string>, 
/**
 * `YYYY-MM-DD`.
 */
dal: string, giorni: number, };

export type StampaAgendaArgs = { agenda: AgendaArgs, path: string, overwrite: boolean, };

export type LiberiArgs = { sportello: string, tipo: string, dal: string, giorni: number, 
/**
 * The booking being moved: its own time counts as free.
 */
sposta: string | null, };

export type PrenotaArgs = { codice_fiscale: string, sportello: string, tipo: string, 
/**
 * `YYYY-MM-DDTHH:MM:SS`, one of the free starts.
 */
inizio: string, 
/**
 * The booking this one moves.
 */
sposta: string | null, };

export type CambiaPrenotazioneArgs = { id: string, 
/**
 * `annulla`, `non_presentato`, `svolto`.
 */
azione: string, 
/**
 * The reason of `annulla`, the outcome of `svolto`.
 */
testo: string, };

export type RicevutaPrenotazioneArgs = { id: string, path: string, overwrite: boolean, };

export type CandidaturaView = { id: string, offerta: string, codice_offerta: string, 
/**
 * `Centro Impiego`: the offer's branch.
 */
filiale: string, 
/**
 * `Data Candidatura`, dd/mm/yyyy.
 */
data: string, 
/**
 * `Profilo Professionale`.
 */
profilo: string, codice_fiscale: string, cittadino: string, esito: string, 
/**
 * `Esito CPI`.
 */
esito_etichetta: string, 
/**
 * The last outcome's note.
 */
nota: string, 
/**
 * "06/12/2026 10:30 Preso in carico (operatore.fi01)", oldest first.
 */
storico: Array<string>, 
/**
 * The outcomes that may be set now.
 */
esiti: Array<string>, 
/**
 * Made or changed here, not yet sent.
 */
in_attesa: boolean, };

export type FiltroCandidature = { 
/**
 * The offer's id or code.
 */
offerta: string | null, codice_fiscale: string | null, dal: string | null, al: string | null, 
/**
 * An outcome code; none: every one.
 */
esito: string | null, 
/**
 * Also the applications whose outcome is final.
 */
includi_storico: boolean, };

export type CandidaArgs = { codice_fiscale: string, 
/**
 * The offer's id or code.
 */
offerta: string, requisiti_dichiarati: boolean, 
/**
 * One of the citizen's CVs, sent with the application.
 */
cv: string | null, };

export type EsitoCandidaturaArgs = { id: string, esito: string, nota: string, };

export type EsportaCandidatureArgs = { filtro: FiltroCandidature, path: string, overwrite: boolean, };

export type CvView = { id: string, codice_fiscale: string, 
/**
 * "Data inserimento", "dd/mm/yyyy HH:MM".
 */
inserito_il: string, descrizione: string, 
/**
 * "Consenti Ricerca".
 */
consenso: boolean, territori: Array<string>, caricato_cpi: boolean, nome_file: string, 
/**
 * "PDF", "DOCX", …
 */
formato: string, 
/**
 * "245 KB".
 */
dimensione: string, 
/**
 * Characters of text read from the file.
 */
caratteri: number, 
/**
 * The day it is deleted unless updated or used, "dd/mm/yyyy".
 */
scadenza: string, 
/**
 * `attivo`, `in_scadenza` (the 15 days before) or `scaduto`.
 */
conservazione: string, storico: Array<UtilizzoView>, richieste: Array<RichiestaCvView>, 
/**
 * The file is on this computer (uploaded here, or downloaded).
 */
file_locale: boolean, 
/**
 * Made or changed here, not yet sent.
 */
in_attesa: boolean, };

export type CvInScadenza = { cv: CvView, 
/**
 * "Rossi Mario".
 */
cittadino: string, };

export type UtilizzoView = { 
/**
 * "Data Operazione".
 */
quando: string, 
/**
 * "Caricamento", "Aggiornamento", "Utilizzo".
 */
tipo: string, note: string, };

export type RichiestaCvView = { id: string, data: string, azienda: string, posizione: string, 
/**
 * "RICHIESTA", "ACCETTATA", "RIFIUTATA".
 */
stato: string, risposta_il: string, };

export type DatiCvForm = { descrizione: string, consenso: boolean, territori: Array<string>, };

export type CvElencoArgs = { codice_fiscale: string, };

export type CaricaCvArgs = { codice_fiscale: string, path: string, dati: DatiCvForm, caricato_cpi: boolean, };

export type ModificaCvArgs = { id: string, dati: DatiCvForm, 
/**
 * A new file replacing the old one.
 */
path: string | null, };

export type CvIdArgs = { id: string, };

export type RichiestaCvArgs = { id: string, azienda: string, posizione: string, };

export type RispostaCvArgs = { id: string, richiesta: string, 
/**
 * `accettata` or `rifiutata`.
 */
stato: string, };

export type SalvaCvArgs = { id: string, path: string, overwrite: boolean, };

export type OfferteAperteArgs = { filiale: string, };

export type Attivita = { garanzia_giovani: Array<AttivitaGaranziaGiovani>, colloqui: Array<Colloquio>, };

export type AttivitaGaranziaGiovani = { data_proposta: string, azione: string, data_appuntamento: string, soggetto_erogatore: string, };

export type Colloquio = { 
/**
 * "Date: 04/02/2020 Tipo: Disoccupato ai sensi del 150 Responsabile: …".
 */
colloquio: string, attivita: Array<AttivitaColloquio>, };

export type AttivitaColloquio = { tipo_attivita: string, data_proposta: string, data_appuntamento: string, data_fine: string, };

export type SportelloForm = { filiale: string, nome: string, indirizzo: string, email: string, telefono: string, fasce: Array<FasciaForm>, eccezioni: Array<EccezioneForm>, };

export type FasciaForm = { giorno: number, dalle: string, alle: string, eventi: Array<string>, };

export type EccezioneForm = { data: string, dalle: string, alle: string, motivo: string, };

export type SportelloFormArgs = { 
/**
 * The desk to change; none for a new one.
 */
id: string | null, 
/**
 * The CPI of a new desk.
 */
filiale: string, };

export type SalvaSportelloArgs = { id: string | null, form: SportelloForm, };

export type ContattoView = { id: string, filiale: string, codice_fiscale: string, cittadino: string, tipo_etichetta: string, testo: string, 
/**
 * "dd/mm/yyyy HH:MM".
 */
scritto_il: string, 
/**
 * The answer, once given.
 */
risposta: string | null, 
/**
 * "dd/mm/yyyy HH:MM, operatore.fi01".
 */
risposto: string, 
/**
 * Made or answered here, not yet sent.
 */
in_attesa: boolean, };

export type ContattiArgs = { 
/**
 * Also the answered ones.
 */
tutte: boolean, };

export type ContattaArgs = { codice_fiscale: string, tipo: string, testo: string, };

export type RispondiArgs = { id: string, testo: string, };

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
  print_sap: { args: DocumentArgs; progress: never; result: DocumentReport };
  export_sap_xml: { args: DocumentArgs; progress: never; result: DocumentReport };
  print_cv: { args: CvArgs; progress: never; result: DocumentReport };
  print_libretto: { args: DocumentArgs; progress: never; result: DocumentReport };
  attivita_liste: { args: SheetArgs; progress: never; result: Attivita };
  sap_batch: { args: SapBatchArgs; progress: SapBatchProgress; result: BatchReport };
  cancel_sap_batch: { args: null; progress: never; result: null };
  receipts: { args: null; progress: never; result: Array<ReceiptDto> };
  print_receipt: { args: ReceiptPrintArgs; progress: never; result: DocumentReport };
  open_document: { args: null; progress: never; result: null };
  reveal_document: { args: null; progress: never; result: null };
  fd_overview: { args: null; progress: never; result: FdOverview };
  fd_request: { args: FdRequestArgs; progress: never; result: RequestDto };
  fd_save_participants_file: { args: FdSaveArgs; progress: never; result: string };
  fd_grid: { args: FdGridArgs; progress: never; result: FdGrid };
  fd_declare: { args: FdDeclareArgs; progress: never; result: number };
  fd_suggestions: { args: FdYearArgs; progress: never; result: Array<SuggestionRow> };
  fd_accept_suggestions: { args: FdAcceptArgs; progress: never; result: number };
  fd_export: { args: FdExportArgs; progress: never; result: FdExportReport };
  fd_import: { args: FdPathArgs; progress: never; result: ImportReport };
  fd_check: { args: FdYearArgs; progress: never; result: CheckReport };
  fd_upload: { args: FdUploadArgs; progress: never; result: FdUploadDone };
  fd_open_receipt: { args: null; progress: never; result: null };
  fd_outcome: { args: FdIdArgs; progress: never; result: UploadDto };
  fd_save_outcome: { args: FdSaveArgs; progress: never; result: string };
  change_expired_password: { args: PasswordChangeArgs; progress: never; result: null };
  sync_status: { args: null; progress: never; result: SyncState };
  sync_now: { args: null; progress: SyncStep; result: SyncOutcome };
  switch_scope: { args: ScopeArgs; progress: SyncStep; result: null };
  candidate_notes: { args: SheetArgs; progress: never; result: CandidateNotes };
  add_annotation: { args: AnnotationArgs; progress: never; result: CandidateNotes };
  edit_contacts: { args: ContactsArgs; progress: never; result: CandidateNotes };
  check_contacts: { args: ContactsForm; progress: never; result: Array<ErrorItem<ContactField>> };
  resolve_conflict: { args: ResolveArgs; progress: never; result: null };
  offerte_liste: { args: null; progress: never; result: ListeOfferte };
  offerte_elenco: { args: OfferteFiltro; progress: never; result: Array<OffertaRiga> };
  offerta_scheda: { args: OffertaArgs; progress: never; result: OffertaScheda };
  offerta_nuova: { args: null; progress: never; result: OffertaForm };
  offerta_problemi: { args: OffertaForm; progress: never; result: Array<ErrorItem<Campo>> };
  offerta_salva: { args: SalvaOffertaArgs; progress: never; result: OffertaScheda };
  offerta_stato: { args: StatoOffertaArgs; progress: never; result: OffertaScheda };
  interessi_elenco: { args: InteressiArgs; progress: never; result: Array<InteresseRiga> };
  interesse_avanza: { args: AvanzaArgs; progress: never; result: InteresseRiga };
  offerta_proponi: { args: ProponiArgs; progress: never; result: number };
  abbinamenti: { args: AbbinamentiArgs; progress: never; result: Abbinamenti };
  offerte_adatte: { args: SheetArgs; progress: never; result: Array<OffertaAdatta> };
  rifiuto_nuovo: { args: RifiutoForm; progress: never; result: [RifiutoRiga, ReceiptDto] };
  rifiuti_elenco: { args: InteressiArgs; progress: never; result: Array<RifiutoRiga> };
  offerte_modello: { args: ModelloArgs; progress: never; result: string };
  offerte_importa: { args: ImportaArgs; progress: never; result: MassivoReport };
  interessi_esporta: { args: EsportaInteressiArgs; progress: never; result: EsportazioneInteressi };
  utenti_elenco: { args: null; progress: never; result: Utenti };
  utenza_problemi: { args: NuovaUtenza; progress: never; result: Array<ErrorItem<CampoUtenza>> };
  utenza_crea: { args: NuovaUtenza; progress: never; result: UtenteRiga };
  utenza_abilita: { args: AbilitaArgs; progress: never; result: UtenteRiga };
  utenza_filiali: { args: FilialiArgs; progress: never; result: UtenteRiga };
  utenza_password: { args: PasswordUtenzaArgs; progress: never; result: UtenteRiga };
  configurazione_pad: { args: null; progress: never; result: PadView };
  configurazione_pad_salva: { args: ModificaPadArgs; progress: never; result: PadView };
  report_elenco: { args: null; progress: never; result: Array<ReportSummary> };
  report_apri: { args: GiornoArgs; progress: never; result: ReportView };
  report_chiedi: { args: GiornoArgs; progress: never; result: ReportView };
  report_esporta: { args: EsportaReportArgs; progress: never; result: DocumentReport };
  corsi_liste: { args: null; progress: never; result: ListeCorsi };
  corsi_elenco: { args: CorsiFiltro; progress: never; result: Corsi };
  corso_scheda: { args: CorsoArgs; progress: never; result: CorsoScheda };
  corso_nuovo: { args: null; progress: never; result: CorsoForm };
  corso_problemi: { args: CorsoForm; progress: never; result: Array<ErrorItem<string>> };
  corso_salva: { args: SalvaCorsoArgs; progress: never; result: CorsoScheda };
  corso_azione: { args: AzioneCorsoArgs; progress: never; result: CorsoScheda | null };
  corso_duplica: { args: CorsoArgs; progress: never; result: CorsoForm };
  corsi_esporta: { args: EsportaCorsiArgs; progress: never; result: DocumentReport };
  corsi_modello: { args: FileCorsiArgs; progress: never; result: DocumentReport };
  corsi_importa: { args: FileCorsiArgs; progress: never; result: ImportazioneCorsi };
  documenti_tipi: { args: null; progress: never; result: Array<VoceView> };
  documenti_elenco: { args: SheetArgs; progress: never; result: Array<DocumentoView> };
  documento_nuovo: { args: NuovoDocumentoArgs; progress: never; result: DocumentoView };
  documento_azione: { args: AzioneDocumentoArgs; progress: never; result: DocumentoView };
  documento_pdf: { args: DocumentoPdfArgs; progress: never; result: DocumentReport };
  agenda_tipi: { args: null; progress: never; result: Array<VoceView> };
  agenda_sportelli: { args: null; progress: never; result: Array<SportelloView> };
  agenda_giorni: { args: AgendaArgs; progress: never; result: Array<GiornoAgenda> };
  agenda_stampa: { args: StampaAgendaArgs; progress: never; result: DocumentReport };
  agenda_liberi: { args: LiberiArgs; progress: never; result: Array<string> };
  agenda_prenota: { args: PrenotaArgs; progress: never; result: PrenotazioneView };
  agenda_cambia: { args: CambiaPrenotazioneArgs; progress: never; result: PrenotazioneView };
  agenda_del_cittadino: { args: SheetArgs; progress: never; result: Array<PrenotazioneView> };
  agenda_ricevuta: { args: RicevutaPrenotazioneArgs; progress: never; result: DocumentReport };
  agenda_sportello_form: { args: SportelloFormArgs; progress: never; result: SportelloForm };
  agenda_sportello_salva: { args: SalvaSportelloArgs; progress: never; result: SportelloView };
  contatti_elenco: { args: ContattiArgs; progress: never; result: Array<ContattoView> };
  contatta_cpi: { args: ContattaArgs; progress: never; result: ContattoView };
  contatto_rispondi: { args: RispondiArgs; progress: never; result: ContattoView };
  candidature_esiti: { args: null; progress: never; result: Array<VoceView> };
  candidature_offerte: { args: OfferteAperteArgs; progress: never; result: Array<OffertaRiga> };
  candidature_elenco: { args: FiltroCandidature; progress: never; result: Array<CandidaturaView> };
  candidatura_nuova: { args: CandidaArgs; progress: never; result: CandidaturaView };
  candidatura_esito: { args: EsitoCandidaturaArgs; progress: never; result: CandidaturaView };
  candidature_esporta: { args: EsportaCandidatureArgs; progress: never; result: DocumentReport };
  cv_territori: { args: null; progress: never; result: Array<string> };
  cv_in_scadenza: { args: null; progress: never; result: Array<CvInScadenza> };
  cv_elenco: { args: CvElencoArgs; progress: never; result: Array<CvView> };
  cv_carica: { args: CaricaCvArgs; progress: never; result: CvView };
  cv_modifica: { args: ModificaCvArgs; progress: never; result: CvView };
  cv_elimina: { args: CvIdArgs; progress: never; result: null };
  cv_richiesta: { args: RichiestaCvArgs; progress: never; result: CvView };
  cv_risposta: { args: RispostaCvArgs; progress: never; result: CvView };
  cv_salva: { args: SalvaCvArgs; progress: never; result: DocumentReport };
};
