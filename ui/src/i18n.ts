// Every string the UI shows, in one catalogue (Italian). Another language is another
// object of the same shape.

import type { ErrorCode } from './generated/bindings';

/** An error explained by the backend's own message (it names the field, the file or
 * the server's reason). */
function detail(message: string): string {
  return message;
}

/** A count with its noun: `1 minuto`, `2 minuti`, `1.500 righe` (Italian digit groups). */
export function count(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n.toLocaleString('it-IT')} ${many}`;
}

export const it = {
  app: { name: 'Sportello', subtitle: 'Servizi per il lavoro' },
  common: {
    loading: 'Caricamento…',
    close: 'Chiudi',
    cancel: 'Annulla',
    save: 'Salva',
    back: 'Indietro',
    yes: 'Sì',
    no: 'No',
    any: 'Indifferente',
  },
  nav: {
    dashboard: 'Cruscotto',
    candidates: 'Candidati',
    settings: 'Impostazioni',
    lock: 'Blocca',
    signOut: 'Esci',
    main: 'Navigazione principale',
    user: (u: string) => `Operatore: ${u}`,
    demo: 'Dati dimostrativi',
  },
  login: {
    title: 'Accesso',
    intro: 'Accedi con le credenziali del servizio per il lavoro.',
    server: 'Indirizzo del server',
    username: 'Nome utente',
    password: 'Password',
    submit: 'Accedi',
    demo: 'Prova con dati dimostrativi',
    demoHint:
      'Avvia un server dimostrativo su questo computer con alcune migliaia di cittadini inventati.',
    offline:
      'Senza server raggiungibile si lavora sull’archivio cifrato di questo computer.',
    starting: 'Avvio della demo',
  },
  errors: {
    title: 'Operazione non riuscita',
    // Every code the backend can answer (a new one fails the type check until it is
    // here): a text of the catalogue, or `detail` for the codes whose backend message
    // carries what only it knows (the field, the file, the server's reason).
    codes: {
      password_errata: 'Password errata. Controlla maiuscole e minuscole e riprova.',
      archivio_non_trovato:
        'Su questo computer non c’è un archivio per questo utente: serve un primo accesso con il server raggiungibile.',
      archivio_esistente: 'Su questo computer esiste già un archivio per questo utente.',
      archivio_danneggiato: detail,
      archivio_non_compatibile: detail,
      input_non_valido: detail,
      dati_particolari_non_richiesti: detail,
      file_esistente: detail,
      operazione_annullata: 'Operazione annullata: nessun file è stato scritto.',
      errore_interno: detail,
      server_non_raggiungibile: detail,
      sessione_scaduta:
        'La sessione con il server è scaduta: esci e accedi di nuovo. Le modifiche fatte restano sul computer.',
      accesso_richiesto: 'Sessione chiusa o bloccata: accedi di nuovo.',
      credenziali_errate: 'Nome utente o password errati. Controlla maiuscole e minuscole e riprova.',
      password_scaduta: 'La password è scaduta (vale 3 mesi): scegline una nuova qui sotto.',
      troppi_tentativi: 'Troppi tentativi di accesso: attendi qualche minuto e riprova.',
      modifiche_in_sospeso: detail,
      password_locale_diversa: detail,
      rifiutato_dal_server: detail,
      server_non_attendibile: detail,
      file_non_accessibile: detail,
    } satisfies Record<ErrorCode, string | typeof detail>,
  },
  lock: {
    title: 'Sessione bloccata',
    intro: (u: string) =>
      `Per proteggere i dati personali la sessione di ${u} è stata bloccata. Inserisci la password per continuare.`,
    submit: 'Sblocca',
  },
  scope: {
    title: 'Scelta ambito',
    intro: 'Scegli su quali filiali lavorare in questa sessione.',
    all: 'Tutte le mie filiali',
    submit: 'Continua',
  },
  dashboard: {
    title: 'Cruscotto',
    modeDemo: (url: string) => `Modalità dimostrativa: server sandbox su ${url}`,
    modeLocal: 'Archivio locale cifrato di questo computer',
    candidates: 'Candidati nell’ambito',
    branches: 'Candidati per filiale',
    branch: 'Filiale',
    count: 'Candidati',
    outbox: 'Modifiche da inviare al server',
    pending: 'In attesa',
    rejected: 'Respinte',
    conflicts: 'In conflitto',
    scope: (s: string) => `Ambito: ${s}`,
    allBranches: 'tutte le filiali',
  },
  filters: {
    title: 'Filtri',
    ageMin: 'Età minima',
    ageMax: 'Età massima',
    education: 'Titolo di studio minimo',
    keywords: 'Parole chiave (CV, esperienze, professioni)',
    branches: 'Filiali',
    comune: 'Comune di residenza o domicilio',
    provincia: 'Provincia (sigla)',
    sex: 'Sesso',
    male: 'Maschio',
    female: 'Femmina',
    status: 'Stato occupazionale',
    unemployedMonths: 'Mesi di disoccupazione (minimo)',
    didFrom: 'Data DID dal',
    didTo: 'Data DID al',
    incomeSupport: 'Beneficiario SFL/RdC/ADI',
    collocamento: 'Collocamento mirato (L. 68/1999, dato particolare)',
    licences: 'Patenti (separate da virgola)',
    languages: 'Lingue, codice ISO (separate da virgola)',
    policy: 'Politica attiva svolta (codice attività)',
    updatedSince: 'Aggiornati dal',
    search: 'Cerca',
    reset: 'Azzera filtri',
  },
  saved: {
    title: 'Ricerche salvate',
    choose: 'Ricerca salvata',
    none: 'Nessuna ricerca salvata',
    open: 'Apri',
    delete: 'Elimina',
    name: 'Nome della ricerca',
    save: 'Salva ricerca',
    saved: (n: string) => `Ricerca «${n}» salvata.`,
  },
  table: {
    caption: 'Candidati trovati',
    count: (n: number) => count(n, 'candidato trovato', 'candidati trovati'),
    sortedBy: (s: string) => `Ordinati per ${s}`,
    columns: 'Colonne',
    loadingRow: 'Caricamento…',
    open: (name: string) => `Apri la scheda di ${name}`,
    resize: (c: string) => `Ridimensiona la colonna ${c}`,
  },
  columns: {
    codice_fiscale: 'Codice fiscale',
    surname: 'Cognome',
    name: 'Nome',
    sex: 'Sesso',
    birth_date: 'Data di nascita',
    age: 'Età',
    branch: 'Filiale',
    comune: 'Comune',
    provincia: 'Prov.',
    status: 'Stato occupazionale',
    education: 'Titolo di studio',
    unemployment_months: 'Mesi disocc.',
    did_date: 'Data DID',
    mobile: 'Cellulare',
    email: 'Email',
    updated_at: 'Aggiornato',
  } as Record<string, string>,
  export: {
    button: 'Esporta in Excel',
    title: 'Esporta in Excel',
    file: 'File da creare',
    browse: 'Sfoglia…',
    columns: 'Colonne da esportare',
    special:
      'Includi i dati particolari (art. 9 GDPR: collocamento mirato, categorie particolari)',
    start: 'Esporta',
    progress: (w: number, t: number) =>
      `${w.toLocaleString('it-IT')} di ${t.toLocaleString('it-IT')} righe`,
    done: (n: number, f: string) =>
      n === 1 ? `Esportata 1 riga in ${f}` : `Esportate ${count(n, 'riga', 'righe')} in ${f}`,
    openFile: 'Apri file',
    openFolder: 'Apri cartella',
    defaultName: 'candidati.xlsx',
    filterName: 'Cartella di lavoro Excel',
  },
  sheet: {
    back: 'Torna ai candidati',
    title: (s: string, n: string) => `${s} ${n}`,
    updated: (d: string) => `Aggiornata il ${d}`,
    empty: 'Nessun dato in questa sezione.',
    sections: 'Sezioni della SAP',
  },
  documents: {
    title: 'Documenti',
    sap: 'Stampa SAP',
    sapXml: 'Esporta SAP XML',
    cv: 'CV in PDF',
    file: 'File da creare',
    browse: 'Sfoglia…',
    create: 'Crea il documento',
    creating: 'Creazione in corso…',
    replace: 'Sostituisci il file esistente',
    pdfFilter: 'Documento PDF',
    xmlFilter: 'Documento XML',
    sapName: (cf: string) => `SAP_${cf}.pdf`,
    sapXmlName: (cf: string) => `SAP_${cf}.xml`,
    cvName: (cf: string) => `CV_${cf}.pdf`,
    // An anonymous CV goes to employers: its name must not identify the candidate.
    cvAnonymousName: 'CV_anonimo.pdf',
    cvAnonymous: 'CV anonimo (senza nome, codice fiscale, recapiti, indirizzo e data di nascita: solo la fascia d’età)',
    cvInclude: 'Dati personali da includere',
    cvBirthDate: 'Data di nascita (altrimenti la fascia d’età)',
    cvCodiceFiscale: 'Codice fiscale',
    cvContacts: 'Recapiti (telefono, e-mail)',
    cvAddress: 'Indirizzo (altrimenti la sola provincia)',
    done: (f: string, bytes: number) =>
      `Documento creato: ${f} (${(bytes / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} KB). L’operazione è registrata nel registro degli accessi.`,
    openFile: 'Apri file',
    openFolder: 'Apri cartella',
    batch: {
      button: 'SAP per tutti i risultati',
      title: 'SAP per tutti i risultati della ricerca',
      intro: 'Una scheda anagrafica professionale per ogni candidato trovato con i filtri attuali, nell’ambito della sessione.',
      mode: 'Formato',
      folderMode: 'Un PDF per candidato in una cartella (nome: codice fiscale)',
      mergedMode: 'Un unico PDF con tutte le schede',
      folder: 'Cartella di destinazione',
      merged: 'File da creare',
      chooseFolder: 'Scegli cartella…',
      folderName: 'SAP',
      mergedName: 'SAP_risultati.pdf',
      overwrite: 'Sostituisci i file con lo stesso nome',
      overwriteMerged: 'Sostituisci il file se esiste già',
      start: 'Crea le schede',
      cancel: 'Annulla',
      progress: (d: number, t: number) =>
        t > 0
          ? `${d.toLocaleString('it-IT')} di ${t.toLocaleString('it-IT')} schede`
          : 'Ricerca dei candidati…',
      cancelled: 'Operazione annullata: nessuna scheda è stata scritta.',
      doneFolder: (n: number, dir: string) =>
        n === 1
          ? `Creata 1 scheda SAP nella cartella ${dir}.`
          : `Create ${count(n, 'scheda SAP', 'schede SAP')} nella cartella ${dir}.`,
      doneMerged: (n: number, f: string) =>
        `Create ${n.toLocaleString('it-IT')} schede SAP nel file ${f}.`,
    },
    receipts: {
      nav: 'Ricevute',
      title: 'Ricevute',
      intro: 'Le ricevute di quanto è stato inviato per conto dei cittadini o dell’agenzia, conservate nell’archivio cifrato.',
      none: 'Nessuna ricevuta: le ricevute nascono con gli invii (per esempio il caricamento delle fasce deboli).',
      count: (n: number) => count(n, 'ricevuta', 'ricevute'),
      number: 'Numero',
      issuedAt: 'Data e ora',
      kind: 'Tipo',
      subject: 'Oggetto',
      file: 'File inviato',
      acknowledgement: 'Riscontro del server',
      operator: 'Operatore',
      actions: 'Azioni',
      reprint: 'Ristampa',
      reprintOf: (n: string) => `Ristampa della ricevuta ${n}`,
      fileName: (n: string) => `Ricevuta_${n}.pdf`,
      missing: '—',
      kinds: {
        fasce_deboli_upload: 'Caricamento fasce deboli',
        offer_refusal: 'Rifiuto di un’offerta',
        appointment: 'Prenotazione di un appuntamento',
      } as Record<string, string>,
    },
  },
  settings: {
    title: 'Impostazioni',
    server: 'Indirizzo del server centrale',
    caCertificate: "Certificato dell'autorità di certificazione dell'ente (facoltativo, file PEM)",
    exportDir: 'Cartella predefinita per le esportazioni',
    choose: 'Scegli…',
    autoLock: 'Blocco automatico dopo (minuti di inattività)',
    saved: 'Impostazioni salvate.',
  },
  fd: {
    nav: 'Fasce deboli',
    title: 'Fasce deboli (FTWeb)',
    intro:
      'Il file dei partecipanti Forma.Temp: richiesta, compilazione, controllo, caricamento ed esito.',
    steps: 'Passaggi',
    step: {
      richiesta: 'Richiesta',
      compilazione: 'Compilazione',
      controllo: 'Controllo',
      caricamento: 'Caricamento',
      esito: 'Esito',
    } as Record<string, string>,
    stepIndex: (i: number, n: number) => `Passaggio ${i} di ${n}`,
    refresh: 'Aggiorna',
    refreshing: 'Aggiornamento…',
    offline: 'Lavoro sui dati locali',
    offlineHint: 'Richieste e caricamenti restano in coda e partono appena il server è raggiungibile.',
    year: 'Anno di riferimento',
    yearOption: (anno: number, scadenza: string, aperta: boolean) =>
      aperta ? `${anno} (scadenza ${scadenza})` : `${anno} (campagna chiusa)`,
    noParticipants:
      'Nessun file dei partecipanti ancora scaricato: richiedilo nel passaggio «Richiesta».',
    deadline: (anno: number, scadenza: string, giorni: number) =>
      giorni > 1
        ? `Campagna ${anno}: scadenza ${scadenza}, mancano ${giorni} giorni`
        : giorni === 1
          ? `Campagna ${anno}: scadenza ${scadenza}, manca 1 giorno`
          : giorni === 0
            ? `Campagna ${anno}: scadenza oggi (${scadenza})`
            : `Campagna ${anno}: chiusa il ${scadenza}`,
    request: {
      title: 'Richiedi il file dei partecipanti',
      tipologie: 'Tipologie formative',
      noLists:
        'Gli elenchi di FTWeb (tipologie, categorie, campagne) non sono ancora stati scaricati: serve il server raggiungibile.',
      email: 'E-mail aggiuntiva per l’avviso (facoltativa)',
      submit: 'Richiedi il file',
      sent: (anno: number) => `Richiesta per l’anno ${anno} inviata a FTWeb.`,
      queued: (anno: number) =>
        `Richiesta per l’anno ${anno} in coda: partirà quando il server sarà raggiungibile.`,
      list: 'Richieste',
      none: 'Nessuna richiesta.',
      requestedAt: 'Richiesta del',
      year: 'Anno',
      state: 'Stato',
      rows: 'Righe',
      file: 'File',
      inStore: (d: string) => `Nell’archivio dal ${d}`,
      saveCopy: 'Salva una copia…',
      saved: (f: string) => `File dei partecipanti salvato in ${f}.`,
      waitHint:
        'FTWeb prepara il file in differita: l’app controlla da sola e avvisa con una notifica quando è pronto.',
    },
    requestState: {
      da_inviare: 'Da inviare',
      in_coda: 'In coda',
      in_lavorazione: 'In lavorazione',
      pronto: 'Pronto',
      errore: 'Errore',
    } as Record<string, string>,
    uploadState: {
      da_inviare: 'Da inviare',
      in_coda: 'In coda',
      in_lavorazione: 'In elaborazione',
      elaborato: 'Elaborato',
      errore: 'Rifiutato',
    } as Record<string, string>,
    grid: {
      caption: 'Partecipanti da dichiarare',
      count: (shown: number, total: number, todo: number) =>
        `${count(shown, 'riga mostrata', 'righe mostrate')} su ${total.toLocaleString('it-IT')} · ${todo.toLocaleString('it-IT')} da compilare`,
      project: 'Progetto',
      tipologia: 'Tipologia',
      aula: 'Aula omogenea',
      todoOnly: 'Solo da compilare',
      all: 'Tutti',
      select: 'Seleziona',
      selectAll: 'Seleziona tutte le righe mostrate',
      selectRow: (name: string) => `Seleziona ${name}`,
      selected: (n: number) => count(n, 'riga selezionata', 'righe selezionate'),
      columns: {
        cognome: 'Cognome',
        nome: 'Nome',
        codice_fiscale: 'Codice fiscale',
        codice_progetto: 'Progetto',
        tipologia: 'Tipologia',
        data_inizio: 'Inizio corso',
        aula_omogenea: 'Aula om.',
        fascia_debole: 'Fascia debole',
        categoria: 'Categoria',
        suggerimento: 'Suggerimento',
      } as Record<string, string>,
      flagFor: (name: string) => `Fascia debole di ${name}`,
      categoryFor: (name: string) => `Categoria di ${name}`,
      notDeclared: '—',
      noSuggestion: 'Nessun suggerimento',
      noSheet: 'Scheda non presente',
      accept: 'Accetta',
      acceptFor: (name: string, code: string) => `Accetta ${code} per ${name}`,
      acceptAll: 'Accetta tutti i suggerimenti',
      acceptSelected: 'Accetta i suggerimenti selezionati',
      accepted: (n: number) =>
        n === 1 ? 'Accettato 1 suggerimento.' : `Accettati ${n} suggerimenti.`,
      bulkTitle: 'Azione sulle righe selezionate',
      bulkFlag: 'Fascia debole',
      bulkCategory: 'Categoria',
      bulkApply: 'Applica alle selezionate',
      declared: (n: number) => `${count(n, 'riga aggiornata', 'righe aggiornate')}.`,
      focus: (n: number) =>
        n === 1 ? 'Si mostra la riga scartata da FTWeb.' : `Si mostrano le ${n} righe scartate da FTWeb.`,
      showAll: 'Mostra tutti',
      empty: 'Nessun partecipante con questi filtri.',
      exportButton: 'Esporta per compilazione',
      exportDone: (n: number, f: string) =>
        n === 1 ? `Esportata 1 riga in ${f}.` : `Esportate ${count(n, 'riga', 'righe')} in ${f}.`,
      exportName: (anno: number) => `fasce-deboli-${anno}-da-compilare.xlsx`,
      importButton: 'Importa file compilato',
      imported: (n: number, f: string) =>
        n === 1 ? `Importata 1 riga da ${f}.` : `Importate ${count(n, 'riga', 'righe')} da ${f}.`,
      importRefused: (f: string) => `Il file ${f} non è stato importato: nulla è cambiato.`,
      spreadsheets: 'Fogli di calcolo',
      workbook: 'Cartella di lavoro Excel',
    },
    check: {
      title: 'Controllo del file',
      run: 'Controlla',
      running: 'Controllo in corso…',
      rows: 'Righe',
      ok: 'Corrette',
      errors: 'Con errori',
      warnings: 'Con avvisi',
      declared: 'Fascia debole',
      si: 'SI',
      no: 'NO',
      notDeclared: 'Non indicato',
      byCategory: 'Per categoria',
      issues: 'Problemi trovati',
      none: 'Nessun problema: il file si può caricare.',
      row: 'Riga',
      column: 'Colonna',
      severity: 'Gravità',
      message: 'Problema',
      error: 'Errore',
      warning: 'Avviso',
      refused: 'File rifiutato',
      blocked: (n: number) =>
        n === 1
          ? 'Una riga ha errori: correggila prima di caricare.'
          : `${n} righe hanno errori: correggile prima di caricare.`,
      goUpload: 'Vai al caricamento',
      goFix: 'Correggi nella compilazione',
    },
    upload: {
      title: 'Caricamento su FTWeb',
      intro: (anno: number) =>
        `Si carica la compilazione dell’anno ${anno} così come è nell’archivio. Viene controllata di nuovo prima dell’invio.`,
      needCheck: 'Esegui prima il controllo del file.',
      submit: 'Carica su FTWeb',
      sending: 'Invio in corso…',
      sent: 'Caricamento inviato',
      queued: 'Server non raggiungibile: il caricamento è in coda e partirà alla prossima connessione.',
      id: 'Identificativo del caricamento',
      localId: 'Numero interno',
      receipt: 'Ricevuta',
      receiptFile: 'File della ricevuta',
      openReceipt: 'Apri ricevuta',
      goOutcome: 'Segui l’esito',
    },
    outcome: {
      title: 'Esito dei caricamenti',
      deadlines: 'Scadenze',
      daysLeft: 'Giorni rimasti',
      history: 'Storico dei caricamenti',
      none: 'Nessun caricamento.',
      submittedAt: 'Inviato il',
      file: 'File',
      state: 'Stato',
      rows: 'Righe',
      acquired: 'Acquisite',
      rejected: 'Scartate',
      show: 'Dettaglio',
      detail: (f: string) => `Esito di ${f}`,
      waiting: 'FTWeb non ha ancora elaborato il file: l’app controlla da sola.',
      allAcquired: 'Tutte le righe sono state acquisite.',
      rejectedRows: 'Righe scartate',
      reason: 'Motivo',
      fix: 'Correggi le righe scartate',
      save: 'Scarica esito',
      saved: (f: string) => `Esito salvato in ${f}.`,
      summary: 'Riepilogo per anno',
      uploads: (n: number) => count(n, 'caricamento', 'caricamenti'),
      last: (r: number, a: number, s: number) =>
        `ultimo esito: ${count(r, 'riga', 'righe')}, ${a} ${a === 1 ? 'acquisita' : 'acquisite'}, ${s} ${s === 1 ? 'scartata' : 'scartate'}`,
      fileName: (anno: number) => `esito-fasce-deboli-${anno}.xlsx`,
    },
    notReady: 'Il file dei partecipanti non è ancora arrivato.',
  },
  // Server sign-in, sync, and the Scheda's local changes.
  desk: {
    unreachableNoStore:
      'Il server non risponde e su questo computer non c’è ancora un archivio per questo utente: serve un primo accesso con il server raggiungibile. Controlla l’indirizzo e la rete.',
    expiredTitle: 'Password scaduta: scegline una nuova',
    newPassword: 'Nuova password',
    repeatPassword: 'Ripeti la nuova password',
    mismatch: 'Le due password non coincidono.',
    changeSubmit: 'Cambia password e accedi',
    changing: 'Cambio della password in corso…',
    policy:
      'Da 8 a 15 caratteri, solo lettere e cifre, almeno una minuscola, una maiuscola e una cifra; diversa dal nome utente e dalle ultime tre.',
    syncTitle: 'Sincronizzazione con il server',
    modeServer: 'Dati del server centrale, conservati cifrati su questo computer',
    online: 'In linea',
    offline: 'Non in linea',
    localOnly: 'Solo archivio locale',
    offlineNotice: (age: string) =>
      `Server non raggiungibile: stai lavorando sui dati salvati su questo computer (${age}). Le modifiche partiranno alla prossima sincronizzazione.`,
    localNotice: 'Nessun server collegato: stai lavorando sull’archivio cifrato di questo computer.',
    server: 'Server',
    scope: 'Ambito sul server',
    lastSync: 'Ultima sincronizzazione',
    never: 'mai',
    age: (m: number | null) =>
      m === null
        ? 'dati mai sincronizzati'
        : m < 1
          ? 'dati aggiornati meno di un minuto fa'
          : m < 120
            ? `dati di ${count(m, 'minuto', 'minuti')} fa`
            : m < 2880
              ? `dati di ${count(Math.floor(m / 60), 'ora', 'ore')} fa`
              : `dati di ${count(Math.floor(m / 1440), 'giorno', 'giorni')} fa`,
    syncNow: 'Sincronizza ora',
    syncing: 'Sincronizzazione in corso…',
    pushing: (sent: number, total: number) => `Invio delle modifiche: ${sent} di ${total}`,
    pulling: (records: number) =>
      `Ricezione dei dati dal server: ${records.toLocaleString('it-IT')} record`,
    synced: (pulled: number, applied: number) =>
      `Sincronizzazione completata: ${count(pulled, 'record ricevuto', 'record ricevuti')}, ${count(applied, 'modifica inviata', 'modifiche inviate')}.`,
    problems: 'Modifiche non accettate dal server',
    problemSeq: 'N.',
    problemState: 'Esito',
    problemReason: 'Motivo',
    rejectedState: 'Respinta',
    conflictState: 'In conflitto',
    changeKinds: {
      edit_contacts: 'Recapiti',
      add_annotation: 'Annotazione',
      set_fascia_debole: 'Fascia debole',
    } as Record<string, string>,
    syncedSetAside: (n: number) =>
      n === 1
        ? '1 modifica è stata messa da parte perché il server non la accetta: la trovi tra i problemi.'
        : `${n.toLocaleString('it-IT')} modifiche sono state messe da parte perché il server non le accetta: le trovi tra i problemi.`,
    pushStopped: (why: string) =>
      `Il server non ha accettato una modifica (${why}). Le altre aspettano e si riprova alla prossima sincronizzazione; dopo alcuni tentativi la modifica viene messa da parte tra i problemi. I dati sono stati ricevuti comunque.`,
    syncedInvalid: (n: number) =>
      n === 1
        ? '1 record ricevuto dal server non era valido e non è stato salvato: segnalalo all\'assistenza.'
        : `${n.toLocaleString('it-IT')} record ricevuti dal server non erano validi e non sono stati salvati: segnalalo all'assistenza.`,
    syncedConflicts: (n: number) =>
      n === 1
        ? '1 modifica in conflitto con il server: scegli qui sotto quale versione tenere.'
        : `${n} modifiche in conflitto con il server: scegli qui sotto quale versione tenere.`,
    conflictMine: 'La tua modifica',
    conflictTheirs: 'Sul server ora',
    keepMine: 'Invia di nuovo la mia modifica',
    keepServer: 'Tieni la versione del server',
    discardMine: 'Scarta la mia modifica',
    resolvedMine: 'La tua modifica partirà con la prossima sincronizzazione.',
    resolvedServer: 'La tua modifica è stata scartata: resta la versione del server.',
    scopeSwitching: 'Cambio di ambito sul server…',
    notesTitle: 'Annotazioni',
    noNotes: 'Nessuna annotazione.',
    pendingBadge: 'In attesa di invio',
    kind: 'Tipo',
    kinds: {
      nota: 'Nota',
      contatto: 'Contatto',
      esito_colloquio: 'Esito colloquio',
    } as Record<string, string>,
    noteDate: 'Data (gg/mm/aaaa, facoltativa)',
    noteText: 'Testo dell’annotazione',
    noteAdd: 'Aggiungi annotazione',
    noteAdded: 'Annotazione registrata: partirà alla prossima sincronizzazione.',
    noteEmpty: 'Scrivi il testo dell’annotazione.',
    noteBadDate: 'La data va scritta come gg/mm/aaaa.',
    by: (author: string, when: string) => `${author}, ${when}`,
    contactsTitle: 'Recapiti',
    phone: 'Telefono',
    mobile: 'Cellulare',
    email: 'E-mail',
    contactsSave: 'Salva recapiti',
    contactsSaved: 'Recapiti aggiornati: partiranno alla prossima sincronizzazione.',
    candidatePending: (n: number) =>
      count(n, 'modifica in attesa di invio', 'modifiche in attesa di invio'),
  },
  password: {
    rules: 'Requisiti della nuova password',
    ok: 'La password rispetta tutti i requisiti.',
  },
};

export type Catalogue = typeof it;
export const t = it;
