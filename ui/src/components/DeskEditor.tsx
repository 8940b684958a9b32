import { FormEvent, useEffect, useState } from 'react';
import { backend, Choice, EccezioneForm, FasciaForm, SportelloForm, SportelloView, VoceView } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** A desk's contacts, weekly hours (each window with the interviews it serves) and
 * exceptions (a day closed, or open at other hours), for a new desk or an existing one.
 * Judged as the server judges it; saved offline, sent with the sync. */
export function DeskEditor({ id, branches, onSaved, onClose }: {
  id: string | null;
  branches: Choice[];
  onSaved: (s: SportelloView) => void;
  onClose: () => void;
}) {
  const tr = t.agenda.editor;
  const [form, setForm] = useState<SportelloForm | null>(null);
  const [tipi, setTipi] = useState<VoceView[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    backend.agendaSportelloForm({ id, filiale: branches[0]?.code ?? '' }).then(setForm, setError);
    backend.agendaTipi().then(setTipi, setError);
  }, [id]);
  if (!form) return <ErrorAlert error={error} />;

  const set = (patch: Partial<SportelloForm>) => setForm({ ...form, ...patch });
  const setFascia = (i: number, patch: Partial<FasciaForm>) =>
    set({ fasce: form.fasce.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const setEccezione = (i: number, patch: Partial<EccezioneForm>) =>
    set({ eccezioni: form.eccezioni.map((e, j) => (j === i ? { ...e, ...patch } : e)) });
  const salva = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    backend.agendaSportelloSalva({ id, form }).then(onSaved, setError);
  };
  const text = (key: 'nome' | 'indirizzo' | 'email' | 'telefono', label: string) => (
    <div className="col-md-6">
      <label className="form-label small" htmlFor={`desk-${key}`}>{label}</label>
      <input id={`desk-${key}`} className="form-control form-control-sm" value={form[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </div>
  );

  return (
    <form className="card card-body mb-3" id="desk-editor" onSubmit={salva}>
      <h2 className="h6">{id ? tr.edit : tr.create}</h2>
      <ErrorAlert error={error} />
      <div className="row g-2 mb-2">
        {!id && (
          <div className="col-md-6">
            <label className="form-label small" htmlFor="desk-filiale">{tr.branch}</label>
            <select id="desk-filiale" className="form-select form-select-sm" value={form.filiale} onChange={(e) => set({ filiale: e.target.value })}>
              {branches.map((b) => <option key={b.code} value={b.code}>{b.label}</option>)}
            </select>
          </div>
        )}
        {text('nome', tr.name)}
        {text('indirizzo', tr.address)}
        {text('email', tr.email)}
        {text('telefono', tr.phone)}
      </div>
      <fieldset className="mb-2">
        <legend className="form-label small fw-semibold">{tr.week}</legend>
        {form.fasce.map((f, i) => (
          <div key={i} className="d-flex flex-wrap gap-2 align-items-end mb-2 desk-fascia">
            <select aria-label={tr.day} className="form-select form-select-sm w-auto" value={f.giorno} onChange={(e) => setFascia(i, { giorno: Number(e.target.value) })}>
              {DAYS.map((d) => <option key={d} value={d}>{tr.days[d - 1]}</option>)}
            </select>
            <input aria-label={tr.from} type="time" className="form-control form-control-sm w-auto" value={f.dalle} onChange={(e) => setFascia(i, { dalle: e.target.value })} />
            <input aria-label={tr.to} type="time" className="form-control form-control-sm w-auto" value={f.alle} onChange={(e) => setFascia(i, { alle: e.target.value })} />
            {tipi.map((v) => (
              <div className="form-check" key={v.codice}>
                <input id={`fascia-${i}-${v.codice}`} type="checkbox" className="form-check-input" checked={f.eventi.includes(v.codice)}
                  onChange={(e) => setFascia(i, { eventi: e.target.checked ? [...f.eventi, v.codice] : f.eventi.filter((x) => x !== v.codice) })} />
                <label className="form-check-label small" htmlFor={`fascia-${i}-${v.codice}`}>{v.descrizione}</label>
              </div>
            ))}
            <button type="button" className="btn btn-xs btn-link" onClick={() => set({ fasce: form.fasce.filter((_, j) => j !== i) })}>{tr.remove}</button>
          </div>
        ))}
        <button type="button" className="btn btn-xs btn-outline-primary" id="desk-add-window"
          onClick={() => set({ fasce: [...form.fasce, { giorno: 1, dalle: '09:00', alle: '13:00', eventi: tipi.map((v) => v.codice) }] })}>
          {tr.addWindow}
        </button>
      </fieldset>
      <fieldset className="mb-2">
        <legend className="form-label small fw-semibold">{tr.exceptions}</legend>
        {form.eccezioni.map((e, i) => (
          <div key={i} className="d-flex flex-wrap gap-2 align-items-end mb-2 desk-eccezione">
            <input aria-label={tr.date} type="date" className="form-control form-control-sm w-auto" value={e.data} onChange={(ev) => setEccezione(i, { data: ev.target.value })} />
            <input aria-label={tr.from} type="time" className="form-control form-control-sm w-auto" value={e.dalle} onChange={(ev) => setEccezione(i, { dalle: ev.target.value })} />
            <input aria-label={tr.to} type="time" className="form-control form-control-sm w-auto" value={e.alle} onChange={(ev) => setEccezione(i, { alle: ev.target.value })} />
            <input aria-label={tr.reason} placeholder={tr.reason} className="form-control form-control-sm w-auto" value={e.motivo} onChange={(ev) => setEccezione(i, { motivo: ev.target.value })} />
            <button type="button" className="btn btn-xs btn-link" onClick={() => set({ eccezioni: form.eccezioni.filter((_, j) => j !== i) })}>{tr.remove}</button>
          </div>
        ))}
        <p className="small text-muted mb-1">{tr.closedHint}</p>
        <button type="button" className="btn btn-xs btn-outline-primary" id="desk-add-exception"
          onClick={() => set({ eccezioni: [...form.eccezioni, { data: '', dalle: '', alle: '', motivo: '' }] })}>
          {tr.addException}
        </button>
      </fieldset>
      <div className="d-flex gap-2">
        <button type="submit" className="btn btn-sm btn-primary" id="desk-save">{tr.save}</button>
        <button type="button" className="btn btn-sm btn-link" onClick={onClose}>{tr.cancel}</button>
      </div>
    </form>
  );
}
