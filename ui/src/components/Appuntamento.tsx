import { useState } from 'react';
import { backend, PrenotazioneView } from '../backend';
import { DocumentForm } from './DocumentForm';
import { ErrorAlert } from './ErrorAlert';
import { joinPath } from './ExportPanel';
import { t } from '../i18n';

const BADGE: Record<string, string> = {
  prenotato: 'bg-primary',
  svolto: 'bg-success',
  annullato: 'bg-secondary',
  spostato: 'bg-secondary',
  non_presentato: 'bg-warning text-dark',
};

/** One booking as the agenda and the sheet show it: when, where, who, its state, and
 * only what may be done now (cancel asks its reason, held its outcome); its receipt. */
export function Appuntamento({
  p,
  exportDir,
  showCitizen,
  onChanged,
  onOpenSheet,
  onMove,
}: {
  p: PrenotazioneView;
  exportDir: string | null;
  showCitizen: boolean;
  onChanged: (p: PrenotazioneView) => void;
  onOpenSheet?: (cf: string) => void;
  onMove?: (p: PrenotazioneView) => void;
}) {
  const tr = t.agenda;
  // The action asking a text (annulla, svolto), or none.
  const [asking, setAsking] = useState<string | null>(null);
  const [testo, setTesto] = useState('');
  const [receipt, setReceipt] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const cambia = (azione: string) => {
    setError(null);
    backend.agendaCambia({ id: p.id, azione, testo: azione === 'non_presentato' ? '' : testo }).then((n) => {
      setAsking(null);
      setTesto('');
      onChanged(n);
    }, setError);
  };
  const occupa = p.stato === 'prenotato';

  return (
    <li className="border-bottom py-2 appuntamento" data-prenotazione={p.id} data-stato={p.stato}>
      <div className="d-flex flex-wrap gap-2 align-items-center">
        <strong className="appuntamento-orario">{showCitizen ? p.orario : `${p.data} ${p.orario}`}</strong>
        <span>{p.sportello_nome}</span>
        {showCitizen && (onOpenSheet
          ? <button type="button" className="btn btn-link btn-sm p-0 appuntamento-cittadino" onClick={() => onOpenSheet(p.codice_fiscale)}>
              {p.cittadino || p.codice_fiscale}
            </button>
          : <span>{p.cittadino}</span>)}
        <span className="small">{p.tipo_etichetta} · {p.minuti} min</span>
        <span className={`badge ${BADGE[p.stato] ?? 'bg-primary'}`}>{p.stato_etichetta}</span>
        {p.in_attesa && <span className="badge bg-warning text-dark">{tr.pending}</span>}
        <span className="ms-auto d-flex flex-wrap gap-1">
        {p.azioni.includes('sposta') && onMove && (
          <button type="button" className="btn btn-xs btn-outline-primary appuntamento-sposta" onClick={() => onMove(p)}>{tr.actions.sposta}</button>
        )}
        {p.azioni.filter((a) => a !== 'sposta').map((a) => (
          <button key={a} type="button" className={`btn btn-xs btn-outline-${a === 'annulla' ? 'danger' : 'primary'} appuntamento-${a}`}
            onClick={() => (a === 'non_presentato' ? cambia(a) : (setAsking(a), setTesto('')))}>
            {tr.actions[a] ?? a}
          </button>
        ))}
        {occupa && (
          <button type="button" className="btn btn-xs btn-outline-secondary appuntamento-ricevuta" onClick={() => setReceipt(true)}>{tr.receipt}</button>
        )}
        </span>
      </div>
      {p.nota && <p className="small mb-1 appuntamento-nota">{p.nota}</p>}
      <ErrorAlert error={error} />
      {asking && (
        <form className="mt-2 d-flex flex-wrap gap-2 align-items-end" onSubmit={(e) => { e.preventDefault(); cambia(asking); }}>
          <div className="flex-grow-1">
            <label className="form-label small" htmlFor={`testo-${p.id}`}>{asking === 'annulla' ? tr.reason : tr.outcome}</label>
            <input id={`testo-${p.id}`} className="form-control form-control-sm appuntamento-testo" maxLength={2000}
              value={testo} onChange={(e) => setTesto(e.target.value)} />
          </div>
          <button type="submit" className="btn btn-sm btn-primary appuntamento-conferma" disabled={!testo.trim()}>{tr.confirm}</button>
          <button type="button" className="btn btn-sm btn-link" onClick={() => setAsking(null)}>{tr.back}</button>
        </form>
      )}
      {receipt && (
        <DocumentForm id={`ricevuta-${p.id}`} title={tr.receiptTitle} extension="pdf" filterName={t.documents.pdfFilter}
          defaultPath={joinPath(exportDir, tr.receiptName(p.codice_fiscale, p.data))} onClose={() => setReceipt(false)}
          onCreate={(path, overwrite) => backend.agendaRicevuta({ id: p.id, path, overwrite })} />
      )}
    </li>
  );
}
