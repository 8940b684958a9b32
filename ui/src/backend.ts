// The one module that talks to the Rust side. Components call `backend.*`, never
// `invoke`, so tests replace the Rust side with `mockIPC`.
import { Channel, invoke } from '@tauri-apps/api/core';
import { open, save, type OpenDialogOptions, type SaveDialogOptions } from '@tauri-apps/plugin-dialog';
import type { Commands, ErrorCode } from './generated/bindings';

export type * from './generated/bindings';

/** A failed command: a code from the closed set, an Italian message and, when the
 * central server refused the request, the server's own code. */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly serverCode: string | null;
  constructor(code: ErrorCode, message: string, serverCode: string | null = null) {
    super(message);
    this.code = code;
    this.serverCode = serverCode;
  }
}

function toBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const { code, message, server_code } = e as {
      code: ErrorCode;
      message: string;
      server_code?: string | null;
    };
    return new BackendError(code, message, server_code ?? null);
  }
  return new BackendError('errore_interno', String(e));
}

type Args<K extends keyof Commands> = Commands[K]['args'];
type Result<K extends keyof Commands> = Commands[K]['result'];
type Progress<K extends keyof Commands> = Commands[K]['progress'];

async function call<K extends keyof Commands>(
  command: K,
  args: Args<K>,
  onProgress?: (p: Progress<K>) => void,
): Promise<Result<K>> {
  const payload: Record<string, unknown> = {};
  if (args !== null) payload.args = args;
  // A progress message can arrive after the command's answer (the channel and the
  // answer travel separately): once the command is over, late ones are dropped, so no
  // screen shows a bar for work that has finished.
  let over = false;
  if (onProgress) {
    const channel = new Channel<Progress<K>>();
    channel.onmessage = (p) => { if (!over) onProgress(p); };
    payload.onProgress = channel;
  }
  try {
    return await invoke<Result<K>>(command, payload);
  } catch (e) {
    throw toBackendError(e);
  } finally {
    over = true;
  }
}

export const backend = {
  offerteListe: () => call('offerte_liste', null),
  offerteModello: (path: string, overwrite: boolean) => call('offerte_modello', { path, overwrite }),
  offerteImporta: (path: string, pubblica: boolean) => call('offerte_importa', { path, pubblica }),
  offerteElenco: (args: Args<'offerte_elenco'>) => call('offerte_elenco', args),
  offertaScheda: (offerta: string) => call('offerta_scheda', { offerta }),
  offertaNuova: () => call('offerta_nuova', null),
  offertaProblemi: (form: Args<'offerta_problemi'>) => call('offerta_problemi', form),
  offertaSalva: (id: string | null, form: Args<'offerta_problemi'>) => call('offerta_salva', { id, form }),
  offertaStato: (offerta: string, azione: string, fine: string) => call('offerta_stato', { offerta, azione, fine }),
  interessiElenco: (offerta: string | null, codice_fiscale: string | null) =>
    call('interessi_elenco', { offerta, codice_fiscale }),
  interessiEsporta: (offerta: string | null, path: string, overwrite: boolean) =>
    call('interessi_esporta', { offerta, path, overwrite }),
  interesseAvanza: (id: string, stato: string, nota: string) => call('interesse_avanza', { id, stato, nota }),
  offertaProponi: (offerta: string, codici_fiscali: string[]) => call('offerta_proponi', { offerta, codici_fiscali }),
  abbinamenti: (offerta: string, offset: number, limit: number) => call('abbinamenti', { offerta, offset, limit }),
  offerteAdatte: (codice_fiscale: string) => call('offerte_adatte', { codice_fiscale }),
  utentiElenco: () => call('utenti_elenco', null),
  reportElenco: () => call('report_elenco', null),
  reportApri: (giorno: string) => call('report_apri', { giorno }),
  reportChiedi: (giorno: string) => call('report_chiedi', { giorno }),
  reportEsporta: (giorno: string, formato: 'xlsx' | 'pdf', path: string, overwrite: boolean) =>
    call('report_esporta', { giorno, formato, path, overwrite }),
  corsiListe: () => call('corsi_liste', null),
  corsiElenco: (filtro: Args<'corsi_elenco'>) => call('corsi_elenco', filtro),
  corsoScheda: (id: string) => call('corso_scheda', { id }),
  corsoNuovo: () => call('corso_nuovo', null),
  corsoProblemi: (form: Args<'corso_problemi'>) => call('corso_problemi', form),
  corsoSalva: (id: string | null, form: Args<'corso_problemi'>) => call('corso_salva', { id, form }),
  corsoAzione: (id: string, azione: string, motivo: string) => call('corso_azione', { id, azione, motivo }),
  corsoDuplica: (id: string) => call('corso_duplica', { id }),
  corsiEsporta: (filtro: Args<'corsi_elenco'>, formato: 'xlsx' | 'pdf', path: string, overwrite: boolean) =>
    call('corsi_esporta', { filtro, formato, path, overwrite }),
  corsiModello: (path: string, overwrite: boolean) => call('corsi_modello', { path, overwrite }),
  corsiImporta: (path: string) => call('corsi_importa', { path, overwrite: false }),
  agendaTipi: () => call('agenda_tipi', null),
  contattiElenco: (args: Args<'contatti_elenco'>) => call('contatti_elenco', args),
  contattaCpi: (args: Args<'contatta_cpi'>) => call('contatta_cpi', args),
  contattoRispondi: (args: Args<'contatto_rispondi'>) => call('contatto_rispondi', args),
  agendaSportelloForm: (args: Args<'agenda_sportello_form'>) => call('agenda_sportello_form', args),
  agendaSportelloSalva: (args: Args<'agenda_sportello_salva'>) => call('agenda_sportello_salva', args),
  agendaSportelli: () => call('agenda_sportelli', null),
  agendaGiorni: (args: Args<'agenda_giorni'>) => call('agenda_giorni', args),
  agendaStampa: (args: Args<'agenda_stampa'>) => call('agenda_stampa', args),
  agendaLiberi: (args: Args<'agenda_liberi'>) => call('agenda_liberi', args),
  agendaPrenota: (args: Args<'agenda_prenota'>) => call('agenda_prenota', args),
  agendaCambia: (args: Args<'agenda_cambia'>) => call('agenda_cambia', args),
  agendaDelCittadino: (codice_fiscale: string) => call('agenda_del_cittadino', { codice_fiscale }),
  agendaRicevuta: (args: Args<'agenda_ricevuta'>) => call('agenda_ricevuta', args),
  candidatureEsiti: () => call('candidature_esiti', null),
  candidatureOfferte: (filiale: string) => call('candidature_offerte', { filiale }),
  candidatureElenco: (args: Args<'candidature_elenco'>) => call('candidature_elenco', args),
  candidaturaNuova: (args: Args<'candidatura_nuova'>) => call('candidatura_nuova', args),
  candidaturaEsito: (args: Args<'candidatura_esito'>) => call('candidatura_esito', args),
  candidatureEsporta: (args: Args<'candidature_esporta'>) => call('candidature_esporta', args),
  cvTerritori: () => call('cv_territori', null),
  cvInScadenza: () => call('cv_in_scadenza', null),
  cvElenco: (codice_fiscale: string) => call('cv_elenco', { codice_fiscale }),
  cvCarica: (args: Args<'cv_carica'>) => call('cv_carica', args),
  cvModifica: (args: Args<'cv_modifica'>) => call('cv_modifica', args),
  cvElimina: (id: string) => call('cv_elimina', { id }),
  cvRichiesta: (args: Args<'cv_richiesta'>) => call('cv_richiesta', args),
  cvRisposta: (args: Args<'cv_risposta'>) => call('cv_risposta', args),
  cvSalva: (args: Args<'cv_salva'>) => call('cv_salva', args),
  documentiTipi: () => call('documenti_tipi', null),
  documentiElenco: (codice_fiscale: string) => call('documenti_elenco', { codice_fiscale }),
  documentoNuovo: (args: Args<'documento_nuovo'>) => call('documento_nuovo', args),
  documentoAzione: (args: Args<'documento_azione'>) => call('documento_azione', args),
  documentoPdf: (args: Args<'documento_pdf'>) => call('documento_pdf', args),
  configurazionePad: () => call('configurazione_pad', null),
  configurazionePadSalva: (scelte: Args<'configurazione_pad_salva'>['scelte']) => call('configurazione_pad_salva', { scelte }),
  utenzaProblemi: (form: Args<'utenza_problemi'>) => call('utenza_problemi', form),
  utenzaCrea: (form: Args<'utenza_crea'>) => call('utenza_crea', form),
  utenzaAbilita: (username: string, abilitata: boolean) => call('utenza_abilita', { username, abilitata }),
  utenzaFiliali: (username: string, filiali: string[]) => call('utenza_filiali', { username, filiali }),
  utenzaPassword: (username: string, password: string) => call('utenza_password', { username, password }),
  rifiutoNuovo: (args: Args<'rifiuto_nuovo'>) => call('rifiuto_nuovo', args),
  rifiutiElenco: (offerta: string | null, codice_fiscale: string | null) =>
    call('rifiuti_elenco', { offerta, codice_fiscale }),
  startup: () => call('startup', null),
  startDemo: (onProgress: (p: Progress<'start_demo'>) => void) =>
    call('start_demo', null, onProgress),
  signIn: (args: Args<'sign_in'>) => call('sign_in', args),
  signOut: () => call('sign_out', null),
  sessionInfo: () => call('session_info', null),
  lock: () => call('lock', null),
  unlock: (password: string) => call('unlock', { password }),
  chooseScope: (branches: string[]) => call('choose_scope', { branches }),
  dashboard: () => call('dashboard', null),
  searchOptions: () => call('search_options', null),
  searchCandidates: (args: Args<'search_candidates'>) => call('search_candidates', args),
  candidateSheet: (codice_fiscale: string) => call('candidate_sheet', { codice_fiscale }),
  savedSearches: () => call('saved_searches', null),
  saveSearch: (args: Args<'save_search'>) => call('save_search', args),
  loadSavedSearch: (name: string) => call('load_saved_search', { name }),
  deleteSavedSearch: (name: string) => call('delete_saved_search', { name }),
  exportCandidates: (
    args: Args<'export_candidates'>,
    onProgress: (p: Progress<'export_candidates'>) => void,
  ) => call('export_candidates', args, onProgress),
  openExport: () => call('open_export', null),
  revealExport: () => call('reveal_export', null),
  getSettings: () => call('get_settings', null),
  saveSettings: (args: Args<'save_settings'>) => call('save_settings', args),
  checkPassword: (username: string, password: string) =>
    call('check_password', { username, password }),
  changeExpiredPassword: (args: Args<'change_expired_password'>) =>
    call('change_expired_password', args),
  syncStatus: () => call('sync_status', null),
  syncNow: (onProgress: (p: Progress<'sync_now'>) => void) => call('sync_now', null, onProgress),
  switchScope: (branches: string[], onProgress: (p: Progress<'switch_scope'>) => void) =>
    call('switch_scope', { branches }, onProgress),
  candidateNotes: (codice_fiscale: string) => call('candidate_notes', { codice_fiscale }),
  addAnnotation: (args: Args<'add_annotation'>) => call('add_annotation', args),
  editContacts: (args: Args<'edit_contacts'>) => call('edit_contacts', args),
  checkContacts: (args: Args<'check_contacts'>) => call('check_contacts', args),
  resolveConflict: (args: Args<'resolve_conflict'>) => call('resolve_conflict', args),
  printSap: (args: Args<'print_sap'>) => call('print_sap', args),
  printLibretto: (args: Args<'print_libretto'>) => call('print_libretto', args),
  attivitaListe: (codice_fiscale: string) => call('attivita_liste', { codice_fiscale }),
  exportSapXml: (args: Args<'export_sap_xml'>) => call('export_sap_xml', args),
  printCv: (args: Args<'print_cv'>) => call('print_cv', args),
  sapBatch: (args: Args<'sap_batch'>, onProgress: (p: Progress<'sap_batch'>) => void) =>
    call('sap_batch', args, onProgress),
  cancelSapBatch: () => call('cancel_sap_batch', null),
  receipts: () => call('receipts', null),
  printReceipt: (args: Args<'print_receipt'>) => call('print_receipt', args),
  openDocument: () => call('open_document', null),
  revealDocument: () => call('reveal_document', null),
};

/** Fasce deboli (FTWeb): the five steps' commands. */
export const fdBackend = {
  overview: () => call('fd_overview', null),
  request: (args: Args<'fd_request'>) => call('fd_request', args),
  saveParticipantsFile: (args: Args<'fd_save_participants_file'>) =>
    call('fd_save_participants_file', args),
  grid: (args: Args<'fd_grid'>) => call('fd_grid', args),
  declare: (args: Args<'fd_declare'>) => call('fd_declare', args),
  suggestions: (anno: number | null) => call('fd_suggestions', { anno }),
  acceptSuggestions: (args: Args<'fd_accept_suggestions'>) => call('fd_accept_suggestions', args),
  exportForFilling: (args: Args<'fd_export'>) => call('fd_export', args),
  importFilled: (path: string) => call('fd_import', { path }),
  check: (anno: number | null) => call('fd_check', { anno }),
  upload: (anno: number) => call('fd_upload', { anno }),
  openReceipt: () => call('fd_open_receipt', null),
  outcome: (id: string) => call('fd_outcome', { id }),
  saveOutcome: (args: Args<'fd_save_outcome'>) => call('fd_save_outcome', args),
};

/** The system's file dialogs, through here like every other call to the Rust side (so
 * tests answer them with `mockIPC` as `plugin:dialog|open` and `plugin:dialog|save`). */
export const dialogs = {
  /** A folder or file to read; `null` when the operator cancels. */
  open: async (options: OpenDialogOptions): Promise<string | null> => {
    const chosen = await open({ ...options, multiple: false });
    return typeof chosen === 'string' ? chosen : null;
  },
  /** Where to write; `null` when the operator cancels. */
  save: (options: SaveDialogOptions): Promise<string | null> => save(options),
};
