import { useEffect, useState } from 'react';
import { backend, ContattoView } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

/** "Contatta CPI" (seed 003): the desk's inbox of citizens' requests when no slot fit,
 * each answered once by an operator; the answered ones on request. */
export function ContattiCpi({ active, onOpenSheet }: { active: boolean; onOpenSheet: (cf: string) => void }) {
  const tr = t.agenda.inbox;
  const [list, setList] = useState<ContattoView[] | null>(null);
  const [tutte, setTutte] = useState(false);
  const [answering, setAnswering] = useState<string | null>(null);
  const [testo, setTesto] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = () => backend.contattiElenco({ tutte }).then(setList, setError);
  useEffect(() => { if (active) load(); }, [tutte, active]);
  const rispondi = (id: string) => {
    setError(null);
    backend.contattoRispondi({ id, testo }).then((c) => {
      setNotice(tr.answered(c.cittadino || c.codice_fiscale));
      setAnswering(null);
      setTesto('');
      load();
    }, setError);
  };

  return (
    <section className="mb-4" id="contatti-cpi" aria-labelledby="contatti-cpi-title">
      <h2 className="h5" id="contatti-cpi-title">{tr.title}{list && list.some((c) => !c.risposta) && <span className="badge bg-primary ms-2">{list.filter((c) => !c.risposta).length}</span>}</h2>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="contatti-notice">{notice}</div>}
      <div className="form-check mb-2">
        <input id="contatti-tutte" type="checkbox" className="form-check-input" checked={tutte} onChange={(e) => setTutte(e.target.checked)} />
        <label className="form-check-label small" htmlFor="contatti-tutte">{tr.all}</label>
      </div>
      {list && list.length === 0 && <p className="small" id="contatti-none">{tr.none}</p>}
      <ul className="list-unstyled">
        {(list ?? []).map((c) => (
          <li key={c.id} className="border-bottom py-2 contatto" data-contatto={c.id}>
            <div className="d-flex flex-wrap gap-2 align-items-center">
              <span className="small">{c.scritto_il}</span>
              <button type="button" className="btn btn-link btn-sm p-0" onClick={() => onOpenSheet(c.codice_fiscale)}>{c.cittadino || c.codice_fiscale}</button>
              <span className="small">{c.tipo_etichetta}</span>
              {c.in_attesa && <span className="badge bg-warning text-dark">{t.agenda.pending}</span>}
            </div>
            <p className="mb-1 contatto-testo">{c.testo}</p>
            {c.risposta && <p className="small mb-0 contatto-risposta">{tr.answer(c.risposto)}: {c.risposta}</p>}
            {!c.risposta && answering !== c.id && (
              <button type="button" className="btn btn-xs btn-outline-primary contatto-rispondi" onClick={() => { setAnswering(c.id); setTesto(''); }}>{tr.reply}</button>
            )}
            {answering === c.id && (
              <form className="d-flex flex-wrap gap-2 align-items-end" onSubmit={(e) => { e.preventDefault(); rispondi(c.id); }}>
                <div className="flex-grow-1">
                  <label className="form-label small" htmlFor={`risposta-${c.id}`}>{tr.yourAnswer}</label>
                  <textarea id={`risposta-${c.id}`} className="form-control form-control-sm contatto-testo-risposta" maxLength={2000} rows={2}
                    value={testo} onChange={(e) => setTesto(e.target.value)} />
                </div>
                <button type="submit" className="btn btn-xs btn-primary contatto-invia" disabled={!testo.trim()}>{tr.send}</button>
                <button type="button" className="btn btn-xs btn-link" onClick={() => setAnswering(null)}>{t.agenda.back}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
