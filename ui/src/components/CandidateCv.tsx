import { FormEvent, useEffect, useState } from 'react';
import { backend, CvView, DatiCvForm, dialogs } from '../backend';
import { DocumentForm } from './DocumentForm';
import { ErrorAlert } from './ErrorAlert';
import { joinPath } from './ExportPanel';
import { t } from '../i18n';

const tr = t.cv;
const FORMATI = ['pdf', 'doc', 'docx', 'odt'] as const;
type Formato = (typeof FORMATI)[number];

/** "Curriculum Vitae" on a candidate's sheet (seed 003): the citizen's CVs as the seed
 * lists them, "Nuovo" and "Modifica" (the file read here first: a scan is refused at
 * once), "Storico Utilizzi", "Elimina" with its question, the file saved (downloaded if
 * only the server has it), and the agencies' requests to see the full CV with the
 * citizen's answer. Offline: changes leave with the sync. */
export function CandidateCv({ codiceFiscale }: { codiceFiscale: string }) {
  const [list, setList] = useState<CvView[] | null>(null);
  const [territori, setTerritori] = useState<string[]>([]);
  // `null`: no form; `''`: a new CV; an id: that CV's "Modifica".
  const [form, setForm] = useState<string | null>(null);
  const [saving, setSaving] = useState<CvView | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [exportDir, setExportDir] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = () => backend.cvElenco(codiceFiscale).then(setList, setError);
  useEffect(() => { setError(null); setForm(null); load(); }, [codiceFiscale]);
  useEffect(() => {
    backend.cvTerritori().then(setTerritori, setError);
    backend.getSettings().then((s) => setExportDir(s.export_dir), () => setExportDir(null));
  }, []);
  const done = (message: string) => { setNotice(message); setForm(null); load(); };
  const elimina = (id: string) => {
    setError(null);
    backend.cvElimina(id).then(() => { setDeleting(null); done(tr.deleted); }, setError);
  };
  const formato = (c: CvView): Formato => {
    const f = c.formato.toLowerCase();
    return (FORMATI as readonly string[]).includes(f) ? (f as Formato) : 'pdf';
  };

  return (
    <section className="mt-4" id="candidate-cv" aria-labelledby="candidate-cv-title">
      <div className="d-flex align-items-baseline gap-2">
        <h2 className="h5" id="candidate-cv-title">{tr.title}</h2>
        <button type="button" className="btn btn-sm btn-primary ms-auto" id="cv-new" onClick={() => { setNotice(null); setForm(''); }}>{tr.new}</button>
      </div>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="cv-notice">{notice}</div>}
      {form === '' && (
        <CvForm key="new" territori={territori} onCancel={() => setForm(null)}
          onSubmit={(dati, path, cpi) => backend.cvCarica({ codice_fiscale: codiceFiscale, path: path ?? '', dati, caricato_cpi: cpi })
            .then((c) => done(tr.saved(c.nome_file)))} />
      )}
      {list && list.length === 0 && <p id="cv-none">{tr.none}</p>}
      {list && list.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm" id="cv-table">
            <thead><tr>{tr.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id} className="cv" data-cv={c.id} data-consenso={c.consenso ? 'si' : 'no'}>
                  <td>{c.inserito_il}</td>
                  <td>
                    {c.descrizione || '—'}
                    {c.in_attesa && <span className="badge bg-warning text-dark ms-1">{tr.pending}</span>}
                  </td>
                  <td>
                    {c.nome_file} <span className="text-muted small">({c.formato}, {c.dimensione})</span>
                    {!c.file_locale && <span className="badge bg-light text-dark ms-1">{tr.notHere}</span>}
                  </td>
                  <td>{c.consenso ? tr.yes : tr.no}</td>
                  <td>{c.caricato_cpi ? tr.yes : tr.no}</td>
                  <td>
                    {c.scadenza}
                    {c.conservazione === 'in_scadenza' && <span className="badge bg-danger ms-1 cv-in-scadenza">{tr.expiring}</span>}
                  </td>
                  <td>
                    <div className="d-flex flex-wrap gap-1">
                      <button type="button" className="btn btn-xs btn-outline-primary cv-edit" onClick={() => { setNotice(null); setForm(c.id); }}>{tr.edit}</button>
                      <button type="button" className="btn btn-xs btn-outline-primary cv-save" onClick={() => setSaving(c)}>{tr.save}</button>
                      <button type="button" className="btn btn-xs btn-outline-danger cv-delete" onClick={() => setDeleting(c.id)}>{tr.delete}</button>
                    </div>
                    {deleting === c.id && (
                      <div className="mt-1 small" role="alertdialog" aria-label={tr.delete}>
                        {tr.deleteAsk}{' '}
                        <button type="button" className="btn btn-xs btn-danger cv-delete-yes" onClick={() => elimina(c.id)}>{tr.deleteYes}</button>
                        <button type="button" className="btn btn-xs btn-link" onClick={() => setDeleting(null)}>{tr.back}</button>
                      </div>
                    )}
                    <details className="small cv-history">
                      <summary>{tr.history}</summary>
                      <table className="table table-sm mb-0">
                        <thead><tr>{tr.historyColumns.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
                        <tbody>{c.storico.map((u, i) => <tr key={i}><td>{u.quando}</td><td>{u.tipo}</td><td>{u.note}</td></tr>)}</tbody>
                      </table>
                    </details>
                    <CvRequests cv={c} onChange={(message) => done(message)} onError={setError} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {form && list?.some((c) => c.id === form) && (
        <CvForm key={form} territori={territori} current={list.find((c) => c.id === form)} onCancel={() => setForm(null)}
          onSubmit={(dati, path) => backend.cvModifica({ id: form, dati, path }).then((c) => done(tr.saved(c.nome_file)))} />
      )}
      {saving && (
        <DocumentForm key={saving.id} id="cv-save-form" title={tr.saveTitle} extension={formato(saving)} filterName={tr.fileFilter}
          defaultPath={joinPath(exportDir, saving.nome_file)} onClose={() => setSaving(null)}
          onCreate={(path, overwrite) => backend.cvSalva({ id: saving.id, path, overwrite })} />
      )}
    </section>
  );
}

/** "Carica il nuovo curriculum" or its "Modifica": the file, the description, the
 * consent to search, the territories of interest. */
function CvForm({ territori, current, onSubmit, onCancel }: {
  territori: string[];
  current?: CvView;
  onSubmit: (dati: DatiCvForm, path: string | null, cpi: boolean) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [path, setPath] = useState('');
  const [descrizione, setDescrizione] = useState(current?.descrizione ?? '');
  const [consenso, setConsenso] = useState(current?.consenso ?? false);
  const [scelti, setScelti] = useState<string[]>(current?.territori ?? []);
  const [cpi, setCpi] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const prefix = current ? `cv-edit-${current.id}` : 'cv-form';

  const choose = async () => {
    const chosen = await dialogs.open({ filters: [{ name: tr.fileFilter, extensions: [...FORMATI] }] });
    if (chosen) setPath(chosen);
  };
  const toggle = (name: string) => setScelti((s) => (s.includes(name) ? s.filter((x) => x !== name) : [...s, name]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    // The territories in the seed's order, whatever order they were ticked in.
    const dati = { descrizione, consenso, territori: territori.filter((x) => scelti.includes(x)) };
    onSubmit(dati, path.trim() || null, cpi).then(() => setBusy(false), (err) => { setBusy(false); setError(err); });
  };

  return (
    <form className="border rounded p-3 mb-3" id={prefix} onSubmit={submit}>
      <h3 className="h6">{current ? `${tr.edit}: ${current.nome_file}` : tr.newTitle}</h3>
      <p className="small text-muted">{tr.retention}</p>
      <ErrorAlert error={error} />
      <label className="form-label small" htmlFor={`${prefix}-path`}>{current ? tr.newFile : tr.file}</label>
      <div className="d-flex gap-2 mb-1">
        <input id={`${prefix}-path`} className="form-control form-control-sm" value={path} onChange={(e) => setPath(e.target.value)} />
        <button type="button" className="btn btn-sm btn-outline-secondary text-nowrap" onClick={() => void choose()}>{tr.choose}</button>
      </div>
      <p className="small text-muted">{tr.fileHelp}</p>
      <label className="form-label small" htmlFor={`${prefix}-descrizione`}>{tr.description}</label>
      <input id={`${prefix}-descrizione`} className="form-control form-control-sm mb-2" maxLength={200} value={descrizione}
        onChange={(e) => setDescrizione(e.target.value)} />
      <fieldset className="mb-2">
        <legend className="form-label small mb-1">{tr.consent}</legend>
        <p className="small text-muted mb-1">{tr.consentHelp}</p>
        <div className="form-check form-check-inline">
          <input className="form-check-input" type="radio" id={`${prefix}-consenso-si`} name={`${prefix}-consenso`} checked={consenso} onChange={() => setConsenso(true)} />
          <label className="form-check-label small" htmlFor={`${prefix}-consenso-si`}>{tr.consentYes}</label>
        </div>
        <div className="form-check form-check-inline">
          <input className="form-check-input" type="radio" id={`${prefix}-consenso-no`} name={`${prefix}-consenso`} checked={!consenso} onChange={() => setConsenso(false)} />
          <label className="form-check-label small" htmlFor={`${prefix}-consenso-no`}>{tr.consentNo}</label>
        </div>
      </fieldset>
      <fieldset className="mb-2">
        <legend className="form-label small mb-1">
          {tr.territories}{' '}
          <button type="button" className="btn btn-xs btn-link p-0" onClick={() => setScelti(territori)}>{tr.allTerritories}</button>
        </legend>
        <div className="d-flex flex-wrap gap-3">
          {territori.map((name, i) => (
            <div className="form-check mt-0" key={name}>
              <input className="form-check-input" type="checkbox" id={`${prefix}-territorio-${i}`} checked={scelti.includes(name)} onChange={() => toggle(name)} />
              <label className="form-check-label small" htmlFor={`${prefix}-territorio-${i}`}>{name}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {!current && (
        <div className="form-check mb-2">
          <input className="form-check-input" type="checkbox" id={`${prefix}-cpi`} checked={cpi} onChange={(e) => setCpi(e.target.checked)} />
          <label className="form-check-label small" htmlFor={`${prefix}-cpi`}>{tr.byCpi}</label>
        </div>
      )}
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-sm btn-primary" id={`${prefix}-submit`} disabled={busy || (!current && !path.trim())}>{tr.submit}</button>
        <button type="button" className="btn btn-sm btn-link" onClick={onCancel}>{tr.back}</button>
      </div>
    </form>
  );
}

/** The agencies' requests to see the full CV (seed 003): the citizen accepts or refuses
 * a pending one, once; a new one only for a consenting CV. */
function CvRequests({ cv, onChange, onError }: { cv: CvView; onChange: (message: string) => void; onError: (e: unknown) => void }) {
  const [azienda, setAzienda] = useState('');
  const [posizione, setPosizione] = useState('');
  const answer = (richiesta: string, stato: string) =>
    backend.cvRisposta({ id: cv.id, richiesta, stato }).then(() => onChange(tr.answered(stato.toUpperCase())), onError);
  const request = (e: FormEvent) => {
    e.preventDefault();
    backend.cvRichiesta({ id: cv.id, azienda, posizione }).then(() => onChange(tr.requested(azienda.trim())), onError);
  };
  return (
    <details className="small cv-requests">
      <summary>{tr.requests} ({cv.richieste.length})</summary>
      {cv.richieste.length > 0 && (
        <table className="table table-sm mb-1">
          <thead><tr>{tr.requestColumns.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
          <tbody>
            {cv.richieste.map((r) => (
              <tr key={r.id} className="cv-richiesta" data-stato={r.stato}>
                <td>{r.data}</td><td>{r.azienda}</td><td>{r.posizione}</td><td>{r.stato}</td>
                <td>
                  {r.stato === 'RICHIESTA' && (
                    <div className="d-flex gap-1">
                      <button type="button" className="btn btn-xs btn-outline-success cv-accetta" onClick={() => void answer(r.id, 'accettata')}>✓ {tr.accept}</button>
                      <button type="button" className="btn btn-xs btn-outline-danger cv-rifiuta" onClick={() => void answer(r.id, 'rifiutata')}>⊘ {tr.refuse}</button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cv.consenso ? (
        <form className="d-flex flex-wrap gap-1 align-items-end" onSubmit={request}>
          <div>
            <label className="form-label small" htmlFor={`cv-azienda-${cv.id}`}>{tr.company}</label>
            <input id={`cv-azienda-${cv.id}`} className="form-control form-control-sm" maxLength={120} value={azienda} onChange={(e) => setAzienda(e.target.value)} />
          </div>
          <div>
            <label className="form-label small" htmlFor={`cv-posizione-${cv.id}`}>{tr.position}</label>
            <input id={`cv-posizione-${cv.id}`} className="form-control form-control-sm" maxLength={120} value={posizione} onChange={(e) => setPosizione(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-xs btn-outline-primary" disabled={!azienda.trim() || !posizione.trim()}>{tr.request}</button>
        </form>
      ) : <p className="mb-0 text-muted">{tr.noConsent}</p>}
    </details>
  );
}
