import { useEffect, useState } from 'react';
import { backend, PadView } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { t } from '../i18n';

const tr = t.pad;

/** "Configurazione APL" (seed 001): which branches citizens may choose when they sign
 * the PAD. Super and master change it, one by one or all at once; everyone sees it. */
export function ConfigurazionePad() {
  const [view, setView] = useState<PadView | null>(null);
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const show = (v: PadView) => {
    setView(v);
    setChosen(Object.fromEntries(v.filiali.map((f) => [f.code, f.selezionabile])));
  };
  useEffect(() => { backend.configurazionePad().then(show, setError); }, []);

  if (!view) return <main className="container-fluid my-3"><ErrorAlert error={error} /></main>;
  const changed = view.filiali.filter((f) => chosen[f.code] !== f.selezionabile);
  const all = (flag: boolean) => setChosen(Object.fromEntries(view.filiali.map((f) => [f.code, flag])));
  const save = () => {
    setError(null);
    setNotice(null);
    backend.configurazionePadSalva(changed.map((f) => ({ code: f.code, selezionabile: chosen[f.code] })))
      .then((v) => { show(v); setNotice(tr.saved(changed.length)); }, setError);
  };

  return (
    <main className="container-fluid my-3" id="pad">
      <h1 className="h3">{tr.title}</h1>
      <p className="text-muted">{view.modificabile ? tr.intro : tr.readOnly}</p>
      {!view.in_linea && <p className="small" id="pad-offline">{tr.offline}</p>}
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="pad-notice">{notice}</div>}
      {view.province_scoperte.length > 0 && (
        <div className="alert alert-warning" role="alert" id="pad-warning">{tr.uncovered(view.province_scoperte.join(', '))}</div>
      )}
      {view.modificabile && (
        <div className="d-flex gap-2 mb-3">
          <button type="button" className="btn btn-outline-primary btn-sm" id="pad-all-on" onClick={() => all(true)}>{tr.allOn}</button>
          <button type="button" className="btn btn-outline-primary btn-sm" id="pad-all-off" onClick={() => all(false)}>{tr.allOff}</button>
        </div>
      )}
      <table className="table table-sm align-middle" id="pad-table">
        <thead>
          <tr>
            <th scope="col">{tr.columns.filiale}</th>
            <th scope="col">{tr.columns.sede}</th>
            <th scope="col">{tr.columns.selezionabile}</th>
            <th scope="col">{tr.columns.modifica}</th>
          </tr>
        </thead>
        <tbody>
          {view.filiali.map((f) => (
            <tr key={f.code} data-code={f.code} data-selezionabile={chosen[f.code]}>
              <td>{f.code} — {f.nome}</td>
              <td>{f.sede}</td>
              <td>
                {view.modificabile
                  ? (
                    <label>
                      <input type="checkbox" className="form-check-input me-2 pad-choice" checked={chosen[f.code] ?? false}
                        onChange={(e) => setChosen({ ...chosen, [f.code]: e.target.checked })} />
                      {chosen[f.code] ? tr.yes : tr.no}
                    </label>
                  )
                  : (f.selezionabile ? tr.yes : tr.no)}
              </td>
              <td className="small">{f.modifica}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.modificabile && (
        <button type="button" className="btn btn-primary" id="pad-save" disabled={changed.length === 0} onClick={save}>
          {tr.save(changed.length)}
        </button>
      )}
    </main>
  );
}
