import { FormEvent, useCallback, useEffect, useState } from 'react';
import {
  backend, Corsi as CorsiList, CorsiFiltro, CorsoForm, CorsoScheda, dialogs, ErrorItem, ImportazioneCorsi,
  ListeCorsi, SegmentoView,
} from '../backend';
import { DocumentForm } from '../components/DocumentForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { joinPath } from '../components/ExportPanel';
import { t } from '../i18n';
import { useOnSynced } from '../useBackgroundSync';

const tr = t.corsi;

const EMPTY_FILTER: CorsiFiltro = {
  codice: '', titolo: '', richiesta_validazione: '', validato: '', cancellato: 'no', tipologia: '', comune: '',
  dal: '', al: '', solo_miei: false, da_validare: false,
};

type Panel = { kind: 'none' } | { kind: 'sheet'; id: string } | { kind: 'form'; id: string | null; form: CorsoForm };

/** The training-course catalogue of the Assegno per il Lavoro (seed 004): seed 004's
 * search, the course sheet with the workflow's buttons (only those the state and the
 * user allow), the form checked as one types, the regional office's queue, exports,
 * the import template and the import. */
export function Corsi({ exportDir = null }: { exportDir?: string | null }) {
  const [liste, setListe] = useState<ListeCorsi | null>(null);
  const [filter, setFilter] = useState<CorsiFiltro>(EMPTY_FILTER);
  const [list, setList] = useState<CorsiList | null>(null);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<'xlsx' | 'pdf' | null>(null);

  const search = useCallback((f: CorsiFiltro) => backend.corsiElenco(f).then(setList, setError), []);
  useEffect(() => {
    backend.corsiListe().then(setListe, setError);
    void search(EMPTY_FILTER);
  }, [search]);
  useOnSynced(() => void search(filter));
  const set = (change: Partial<CorsiFiltro>) => setFilter({ ...filter, ...change });
  const submit = (e: FormEvent) => { e.preventDefault(); setError(null); void search(filter); };
  const queue = () => { const f = { ...EMPTY_FILTER, da_validare: true }; setFilter(f); void search(f); };
  const nuovo = () => { setError(null); backend.corsoNuovo().then((form) => setPanel({ kind: 'form', id: null, form }), setError); };
  const refresh = () => void search(filter);

  return (
    <main className="container-fluid my-3" id="corsi">
      <h1 className="h3">{tr.title}</h1>
      <p className="text-muted">{tr.intro}</p>
      <ErrorAlert error={error} />
      {list && !list.aggiornato && <div className="alert alert-info" id="corsi-not-yet">{tr.notYet}</div>}
      <div className="d-flex flex-wrap gap-2 mb-3">
        {list?.ente && <button type="button" className="btn btn-primary" id="corso-new" onClick={nuovo}>{tr.new}</button>}
        {list?.validatore && (
          <button type="button" className="btn btn-primary" id="corsi-queue" onClick={queue}>
            {tr.queue} <span className="badge bg-light text-dark ms-1" id="corsi-queue-count">{list.da_validare}</span>
          </button>
        )}
        <button type="button" className="btn btn-outline-primary" id="corsi-excel" onClick={() => setExporting('xlsx')}>{tr.excel}</button>
        <button type="button" className="btn btn-outline-primary" id="corsi-pdf" onClick={() => setExporting('pdf')}>{tr.pdf}</button>
      </div>
      {exporting && (
        <DocumentForm key={exporting} id={`corsi-${exporting}-form`} title={exporting === 'pdf' ? tr.pdf : tr.excel}
          extension={exporting} filterName={exporting === 'pdf' ? t.report.pdfFilter : t.report.xlsxFilter}
          defaultPath={joinPath(exportDir, exporting === 'pdf' ? 'catalogo-corsi.pdf' : 'corsi.xlsx')}
          onClose={() => setExporting(null)}
          onCreate={(path, overwrite) => backend.corsiEsporta(filter, exporting, path, overwrite)} />
      )}
      {list?.ente && <Importa onDone={refresh} />}
      <form className="row g-2 align-items-end mb-3" id="corsi-filter" onSubmit={submit}>
        <Field id="f-codice" label={tr.filter.codice} value={filter.codice} onChange={(codice) => set({ codice })} />
        <Field id="f-titolo" label={tr.filter.titolo} value={filter.titolo} onChange={(titolo) => set({ titolo })} wide />
        <YesNo id="f-richiesta" label={tr.filter.richiesta} value={filter.richiesta_validazione} onChange={(v) => set({ richiesta_validazione: v })} />
        <YesNo id="f-validato" label={tr.filter.validato} value={filter.validato} onChange={(v) => set({ validato: v })} />
        <YesNo id="f-cancellato" label={tr.filter.cancellato} value={filter.cancellato} onChange={(v) => set({ cancellato: v })} />
        <div className="col-auto">
          <label className="form-label small" htmlFor="f-tipologia">{tr.filter.tipologia}</label>
          <select id="f-tipologia" className="form-select form-select-sm" value={filter.tipologia} onChange={(e) => set({ tipologia: e.target.value })}>
            <option value="">{tr.any}</option>
            {liste?.tipologie.map((x) => <option key={x.codice} value={x.codice}>{x.descrizione}</option>)}
          </select>
        </div>
        <Field id="f-comune" label={tr.filter.comune} value={filter.comune} onChange={(comune) => set({ comune })} />
        <Field id="f-dal" label={tr.filter.dal} value={filter.dal} onChange={(dal) => set({ dal })} placeholder="GG/MM/AAAA" />
        <Field id="f-al" label={tr.filter.al} value={filter.al} onChange={(al) => set({ al })} placeholder="GG/MM/AAAA" />
        {list?.ente && (
          <div className="col-auto form-check mb-1">
            <input type="checkbox" className="form-check-input" id="f-miei" checked={filter.solo_miei} onChange={(e) => set({ solo_miei: e.target.checked })} />
            <label className="form-check-label" htmlFor="f-miei">{tr.filter.miei}</label>
          </div>
        )}
        <div className="col-auto">
          <button type="submit" className="btn btn-primary btn-sm" id="corsi-search">{tr.search}</button>
        </div>
      </form>
      <div className="row g-4">
        <div className={panel.kind === 'none' ? 'col-12' : 'col-12 col-xl-6'}>
          {list && <CorsiTable righe={list.righe} current={panel.kind === 'sheet' ? panel.id : null} onOpen={(id) => setPanel({ kind: 'sheet', id })} />}
        </div>
        {panel.kind === 'sheet' && (
          <div className="col-12 col-xl-6">
            <Sheet key={panel.id} id={panel.id} onChanged={refresh} onClose={() => setPanel({ kind: 'none' })}
              onEdit={(s) => setPanel({ kind: 'form', id: s.riga.id, form: s.form })}
              onDuplicate={(form) => setPanel({ kind: 'form', id: null, form })} onOpen={(id) => setPanel({ kind: 'sheet', id })} />
          </div>
        )}
        {panel.kind === 'form' && liste && (
          <div className="col-12 col-xl-6">
            <Form key={panel.id ?? 'new'} id={panel.id} initial={panel.form} liste={liste} onCancel={() => setPanel(panel.id ? { kind: 'sheet', id: panel.id } : { kind: 'none' })}
              onSaved={(s) => { refresh(); setPanel({ kind: 'sheet', id: s.riga.id }); }} />
          </div>
        )}
      </div>
    </main>
  );
}

function Field({ id, label, value, onChange, placeholder, wide }: {
  id: string; label: string; value: string; onChange: (v: string) => void; placeholder?: string; wide?: boolean;
}) {
  return (
    <div className={wide ? 'col-12 col-md-3' : 'col-auto'}>
      <label className="form-label small" htmlFor={id}>{label}</label>
      <input id={id} className="form-control form-control-sm" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function YesNo({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="col-auto">
      <label className="form-label small" htmlFor={id}>{label}</label>
      <select id={id} className="form-select form-select-sm" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{tr.any}</option>
        <option value="si">{tr.yes}</option>
        <option value="no">{tr.no}</option>
      </select>
    </div>
  );
}

function CorsiTable({ righe, current, onOpen }: { righe: CorsiList['righe']; current: string | null; onOpen: (id: string) => void }) {
  if (righe.length === 0) return <p id="corsi-none">{tr.none}</p>;
  const c = tr.columns;
  return (
    <div className="table-responsive">
      <table className="table table-sm table-hover" id="corsi-table" data-count={righe.length}>
        <thead>
          <tr>
            <th scope="col">{c.codice}</th><th scope="col">{c.titolo}</th><th scope="col">{c.ente}</th>
            <th scope="col">{c.periodo}</th><th scope="col">{c.richiesta}</th><th scope="col">{c.validato}</th>
            <th scope="col">{c.cancellato}</th><th scope="col">{c.stato}</th>
          </tr>
        </thead>
        <tbody>
          {righe.map((r) => (
            <tr key={r.id} data-id={r.id} data-stato={r.stato} className={current === r.id ? 'table-active' : ''}>
              <td>{r.codice || <span className="text-muted">{tr.toSend}</span>}</td>
              <td><button type="button" className="btn btn-link p-0 text-start corso-open" onClick={() => onOpen(r.id)}>{r.titolo}</button></td>
              <td>{r.ente}</td>
              <td className="text-nowrap">{r.inizio} – {r.fine}</td>
              <td>{r.richiesta_validazione || tr.no}</td>
              <td>{r.validato ? tr.yes : tr.no}</td>
              <td>{r.cancellato ? <span className="badge bg-secondary">{tr.cancelled}</span> : tr.no}</td>
              <td>{r.stato_etichetta}{r.in_attesa && <span className="badge bg-warning text-dark ms-1">{tr.pending}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The Finalità as its runs, each with its own element: never HTML from the data. */
export function Finalita({ segmenti }: { segmenti: SegmentoView[] }) {
  return (
    <p className="corso-finalita" style={{ whiteSpace: 'pre-wrap' }}>
      {segmenti.map((s, i) => {
        let node: JSX.Element = <span key={i}>{s.testo}</span>;
        if (s.sottolineato) node = <u key={i}>{node}</u>;
        if (s.corsivo) node = <em key={i}>{node}</em>;
        if (s.grassetto) node = <strong key={i}>{node}</strong>;
        return node;
      })}
    </p>
  );
}

function Sheet({ id, onChanged, onClose, onEdit, onDuplicate, onOpen }: {
  id: string; onChanged: () => void; onClose: () => void; onEdit: (s: CorsoScheda) => void;
  onDuplicate: (f: CorsoForm) => void; onOpen: (id: string) => void;
}) {
  const [s, setS] = useState<CorsoScheda | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [motivo, setMotivo] = useState('');
  const [asking, setAsking] = useState(false);
  useEffect(() => { backend.corsoScheda(id).then(setS, setError); }, [id]);
  if (!s) return <ErrorAlert error={error} />;
  const r = s.riga;
  const act = (azione: string) => {
    setError(null);
    backend.corsoAzione(id, azione, motivo).then((next) => {
      onChanged();
      if (next) { setS(next); setAsking(false); setMotivo(''); } else onClose();
    }, setError);
  };
  const can = (a: string) => s.azioni.includes(a);
  return (
    <section className="card" id="corso-sheet" data-id={r.id} data-stato={r.stato}>
      <div className="card-body">
        <div className="d-flex align-items-start gap-2">
          <h2 className="h5 flex-grow-1">{r.titolo}</h2>
          <button type="button" className="btn-close" aria-label={tr.close} onClick={onClose} />
        </div>
        <p className="mb-2">
          <span className="badge bg-primary me-2" id="corso-stato">{r.stato_etichetta}</span>
          {r.codice ? tr.code(r.codice) : tr.toSend}
          {r.in_attesa && <span className="badge bg-warning text-dark ms-2">{tr.pending}</span>}
          {s.utilizzabile && <span className="badge bg-success ms-2">{tr.usable}</span>}
        </p>
        {s.motivo_rinvio && <div className="alert alert-warning" id="corso-rinvio">{tr.sentBack(s.motivo_rinvio)}</div>}
        <ErrorAlert error={error} />
        <div className="d-flex flex-wrap gap-2 mb-3" id="corso-azioni">
          {can('salva') && <button type="button" className="btn btn-outline-primary btn-sm" id="corso-edit" onClick={() => onEdit(s)}>{tr.actions.modifica}</button>}
          {can('richiedi_validazione') && <button type="button" className="btn btn-primary btn-sm" id="corso-richiedi" onClick={() => act('richiedi_validazione')}>{tr.actions.richiedi}</button>}
          {can('valida') && <button type="button" className="btn btn-success btn-sm" id="corso-valida" onClick={() => act('valida')}>{tr.actions.valida}</button>}
          {can('rinvia') && <button type="button" className="btn btn-outline-warning btn-sm" id="corso-rinvia" onClick={() => setAsking(true)}>{tr.actions.rinvia}</button>}
          {can('duplica') && <button type="button" className="btn btn-outline-primary btn-sm" id="corso-duplica"
            onClick={() => backend.corsoDuplica(id).then(onDuplicate, setError)}>{tr.actions.duplica}</button>}
          {can('cancella') && <button type="button" className="btn btn-outline-danger btn-sm" id="corso-cancella" onClick={() => act('cancella')}>{tr.actions.cancella}</button>}
          {can('elimina') && <button type="button" className="btn btn-outline-danger btn-sm" id="corso-elimina" onClick={() => act('elimina')}>{tr.actions.elimina}</button>}
        </div>
        {asking && (
          <div className="mb-3" id="corso-rinvia-form">
            <label className="form-label" htmlFor="corso-motivo">{tr.motivo}</label>
            <textarea id="corso-motivo" className="form-control" rows={2} maxLength={1000} value={motivo} onChange={(e) => setMotivo(e.target.value)} />
            <button type="button" className="btn btn-warning btn-sm mt-2" id="corso-rinvia-conferma" disabled={!motivo.trim()} onClick={() => act('rinvia')}>{tr.actions.rinviaConferma}</button>
          </div>
        )}
        <dl className="row small mb-2" id="corso-campi">
          {[
            [t.corsi.fields.tipologia, r.tipologia], [t.corsi.fields.identificativo, r.identificativo],
            [t.corsi.fields.accreditamento, s.form.codice_accreditamento || '—'], [t.corsi.fields.ente, r.ente],
            [t.corsi.fields.comune, r.comune], [t.corsi.fields.periodo, `${r.inizio} – ${r.fine}`],
            [t.corsi.fields.ore, String(r.ore)], [t.corsi.fields.costo, `€ ${r.costo}`], [t.corsi.fields.esito, r.esito],
            [t.corsi.fields.richiesta, r.richiesta_validazione || '—'],
          ].map(([k, v]) => (
            <div className="col-12 col-md-6 d-flex" key={k}><dt className="me-2 fw-semibold">{k}</dt><dd className="mb-1">{v}</dd></div>
          ))}
        </dl>
        <h3 className="h6">{t.corsi.fields.finalita}</h3>
        <Finalita segmenti={s.form.finalita} />
        <h3 className="h6">{tr.history}</h3>
        <ul className="small" id="corso-storico">{s.storico.map((e) => <li key={e}>{e}</li>)}</ul>
        <button type="button" className="btn btn-link btn-sm p-0" onClick={() => onOpen(id)}>{tr.reload}</button>
      </div>
    </section>
  );
}

function Form({ id, initial, liste, onCancel, onSaved }: {
  id: string | null; initial: CorsoForm; liste: ListeCorsi; onCancel: () => void; onSaved: (s: CorsoScheda) => void;
}) {
  const [form, setForm] = useState<CorsoForm>(initial);
  const [problems, setProblems] = useState<ErrorItem<string>[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const handle = setTimeout(() => { backend.corsoProblemi(form).then(setProblems, setError); }, 200);
    return () => clearTimeout(handle);
  }, [form]);
  const set = (change: Partial<CorsoForm>) => setForm({ ...form, ...change });
  const tipo = liste.tipologie.find((x) => x.codice === form.tipologia);
  const esiti = liste.esiti.filter((e) => !tipo || tipo.esiti.includes(e.codice));
  const chooseType = (codice: string) => {
    const next = liste.tipologie.find((x) => x.codice === codice);
    // The type decides the outcomes: one allowed outcome is chosen for the operator.
    const esito = next && !next.esiti.includes(form.esito) ? (next.esiti.length === 1 ? next.esiti[0] : '') : form.esito;
    set({ tipologia: codice, esito });
  };
  const of = (field: string) => problems.filter((p) => p.code === field);
  const f = tr.fields;
  const input = (field: keyof CorsoForm, code: string, label: string, extra: { placeholder?: string; required?: boolean } = {}) => (
    <div className="col-12 col-md-6">
      <label className="form-label small" htmlFor={`cf-${code}`}>{label}{extra.required !== false && ' *'}</label>
      <input id={`cf-${code}`} className={`form-control form-control-sm ${of(code).length ? 'is-invalid' : ''}`}
        value={form[field] as string} placeholder={extra.placeholder} aria-describedby={of(code).length ? `cf-${code}-err` : undefined}
        onChange={(e) => set({ [field]: e.target.value } as Partial<CorsoForm>)} />
      {of(code).length > 0 && <div className="invalid-feedback" id={`cf-${code}-err`}>{of(code).map((p) => p.message).join(' ')}</div>}
    </div>
  );
  const save = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    backend.corsoSalva(id, form).then(onSaved, setError);
  };
  return (
    <form className="card" id="corso-form" onSubmit={save} noValidate>
      <div className="card-body row g-2">
        <h2 className="h5 col-12">{id ? tr.editTitle : tr.newTitle}</h2>
        <div className="col-12">
          <label className="form-label small" htmlFor="cf-tipologia">{f.tipologia} *</label>
          <select id="cf-tipologia" className={`form-select form-select-sm ${of('tipologia').length ? 'is-invalid' : ''}`} value={form.tipologia} onChange={(e) => chooseType(e.target.value)}>
            <option value="">{tr.choose}</option>
            {liste.tipologie.map((x) => <option key={x.codice} value={x.codice}>{x.descrizione}</option>)}
          </select>
        </div>
        {input('codice_accreditamento', 'codice_accreditamento', f.accreditamento, { required: tipo?.richiede_accreditamento ?? false })}
        {input('identificativo', 'identificativo', f.identificativo)}
        <div className="col-12">{input('titolo', 'titolo', f.titolo)}</div>
        {input('denominazione_ente', 'denominazione_ente', f.ente)}
        {input('indirizzo_ente', 'indirizzo_ente', f.indirizzo)}
        {input('comune', 'comune', f.comune, { placeholder: 'Padova (PD)' })}
        {input('cap', 'cap', f.cap)}
        {input('mail_ente', 'mail_ente', f.mail)}
        {input('telefono_ente', 'telefono_ente', f.telefono)}
        {input('ore', 'ore', f.ore)}
        {input('costo', 'costo_centesimi', f.costoEuro, { placeholder: '1.250,00' })}
        {input('inizio', 'inizio', f.inizio, { placeholder: 'GG/MM/AAAA' })}
        {input('fine', 'fine', f.fine, { placeholder: 'GG/MM/AAAA' })}
        <div className="col-12">
          <label className="form-label small" htmlFor="cf-esito">{f.esito} *</label>
          <select id="cf-esito" className={`form-select form-select-sm ${of('esito').length ? 'is-invalid' : ''}`} value={form.esito} onChange={(e) => set({ esito: e.target.value })}>
            <option value="">{tr.choose}</option>
            {esiti.map((x) => <option key={x.codice} value={x.codice}>{x.descrizione}</option>)}
          </select>
          {of('esito').length > 0 && <div className="invalid-feedback">{of('esito').map((p) => p.message).join(' ')}</div>}
        </div>
        <FinalitaEditor value={form.finalita} onChange={(finalita) => set({ finalita })} invalid={of('finalita').map((p) => p.message).join(' ')} />
        <ErrorAlert error={error} />
        <div className="col-12 d-flex gap-2">
          <button type="submit" className="btn btn-primary" id="corso-save" disabled={problems.length > 0}>{tr.save}</button>
          <button type="button" className="btn btn-outline-secondary" onClick={onCancel}>{tr.cancel}</button>
          {problems.length > 0 && <span className="small text-danger align-self-center" id="corso-problems" data-count={problems.length}>{tr.problems(problems.length)}</span>}
        </div>
      </div>
    </form>
  );
}

/** The Finalità as runs of text, each bold, italic or underlined as a whole: the
 * formatting is data, so nothing typed here can become markup on anyone's screen. */
function FinalitaEditor({ value, onChange, invalid }: { value: SegmentoView[]; onChange: (v: SegmentoView[]) => void; invalid: string }) {
  const runs = value.length ? value : [{ testo: '', grassetto: false, corsivo: false, sottolineato: false }];
  const change = (i: number, part: Partial<SegmentoView>) => onChange(runs.map((r, j) => (j === i ? { ...r, ...part } : r)));
  const toggle = (i: number, key: 'grassetto' | 'corsivo' | 'sottolineato', label: string, mark: string) => (
    <button type="button" className={`btn btn-sm ${runs[i][key] ? 'btn-secondary' : 'btn-outline-secondary'}`} aria-pressed={runs[i][key]}
      aria-label={label} title={label} onClick={() => change(i, { [key]: !runs[i][key] })}>{mark}</button>
  );
  return (
    <fieldset className="col-12" id="cf-finalita">
      <legend className="form-label small mb-1">{tr.fields.finalita} *</legend>
      {runs.map((r, i) => (
        <div className="d-flex gap-1 mb-1" key={i}>
          <textarea className={`form-control form-control-sm finalita-run ${invalid ? 'is-invalid' : ''}`} rows={2} value={r.testo}
            aria-label={tr.run(i + 1)} onChange={(e) => change(i, { testo: e.target.value })} />
          <div className="btn-group-vertical">
            {toggle(i, 'grassetto', tr.bold, 'G')}
            {toggle(i, 'corsivo', tr.italic, 'C')}
            {toggle(i, 'sottolineato', tr.underline, 'S')}
          </div>
          {runs.length > 1 && <button type="button" className="btn btn-sm btn-outline-danger" aria-label={tr.removeRun}
            onClick={() => onChange(runs.filter((_, j) => j !== i))}>×</button>}
        </div>
      ))}
      <button type="button" className="btn btn-link btn-sm p-0" id="cf-finalita-add"
        onClick={() => onChange([...runs, { testo: '', grassetto: false, corsivo: false, sottolineato: false }])}>{tr.addRun}</button>
      {invalid && <div className="text-danger small">{invalid}</div>}
      <div className="small text-muted mt-1">{tr.preview}</div>
      <Finalita segmenti={runs} />
    </fieldset>
  );
}

function Importa({ onDone }: { onDone: () => void }) {
  const [report, setReport] = useState<ImportazioneCorsi | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const m = tr.importa;
  const filters = [{ name: t.report.xlsxFilter, extensions: ['xlsx', 'xls', 'ods'] }];
  const template = async () => {
    setError(null);
    const path = await dialogs.save({ defaultPath: 'modello-corsi.xlsx', filters });
    if (!path) return;
    backend.corsiModello(path, true).then((d) => setNotice(m.templateSaved(d.file)), setError);
  };
  const importa = async () => {
    setError(null);
    setNotice(null);
    const path = await dialogs.open({ filters });
    if (!path) return;
    backend.corsiImporta(path).then((r) => { setReport(r); if (r.inserite > 0) onDone(); }, setError);
  };
  return (
    <details className="mb-3" id="corsi-import">
      <summary>{m.title}</summary>
      <p className="text-muted mt-2">{m.intro}</p>
      <div className="d-flex gap-2">
        <button type="button" className="btn btn-outline-primary btn-sm" id="corsi-template" onClick={() => void template()}>{m.template}</button>
        <button type="button" className="btn btn-primary btn-sm" id="corsi-import-file" onClick={() => void importa()}>{m.import}</button>
      </div>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success mt-2" role="status">{notice}</div>}
      {report && report.errori_totali > 0 && (
        <div className="mt-2" id="corsi-import-errors" data-count={report.errori_totali}>
          <div className="alert alert-danger" role="alert">{m.refused(report.errori_totali, report.righe)}</div>
          <table className="table table-sm">
            <thead><tr><th scope="col">{m.row}</th><th scope="col">{m.column}</th><th scope="col">{m.message}</th></tr></thead>
            <tbody>{report.errori.map((e, i) => <tr key={i}><td>{e.riga}</td><td>{e.colonna}</td><td>{e.messaggio}</td></tr>)}</tbody>
          </table>
        </div>
      )}
      {report && report.errori_totali === 0 && <div className="alert alert-success mt-2" role="status" id="corsi-import-done">{m.done(report.inserite)}</div>}
    </details>
  );
}
