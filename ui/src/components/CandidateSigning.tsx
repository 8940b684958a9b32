import { useEffect, useState } from 'react';
import { backend, DocumentoView, VoceView } from '../backend';
import { DocumentForm } from './DocumentForm';
import { ErrorAlert } from './ErrorAlert';
import { joinPath } from './ExportPanel';
import { t } from '../i18n';

/** "Documenti da firmare" on a candidate's sheet (seed 003): each document with its
 * trail as the seed prints it and only the steps its state allows; a new one, or one
 * replacing a practice; annulment asks its reason. Offline: steps leave with the sync. */
export function CandidateSigning({ codiceFiscale }: { codiceFiscale: string }) {
  const tr = t.firma;
  const [documenti, setDocumenti] = useState<DocumentoView[] | null>(null);
  const [tipi, setTipi] = useState<VoceView[]>([]);
  const [tipo, setTipo] = useState('');
  const [annulla, setAnnulla] = useState<string | null>(null);
  const [motivo, setMotivo] = useState('');
  const [stampa, setStampa] = useState<DocumentoView | null>(null);
  const [exportDir, setExportDir] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = () => backend.documentiElenco(codiceFiscale).then(setDocumenti, setError);
  useEffect(() => {
    load();
    backend.documentiTipi().then((l) => {
      setTipi(l);
      setTipo(l[0]?.codice ?? '');
    }, setError);
    backend.getSettings().then((s) => setExportDir(s.export_dir), () => setExportDir(null));
  }, [codiceFiscale]);

  const done = (p: Promise<DocumentoView>, message: (d: DocumentoView) => string) => {
    setError(null);
    setNotice(null);
    p.then((d) => {
      setNotice(message(d));
      setAnnulla(null);
      setMotivo('');
      load();
    }, setError);
  };
  const crea = (sostituisce: DocumentoView | null) =>
    done(backend.documentoNuovo({ codice_fiscale: codiceFiscale, tipo: sostituisce?.tipo ?? tipo, sostituisce: sostituisce?.id ?? null }),
      (d) => tr.created(d.tipo_etichetta));
  const passo = (d: DocumentoView, azione: string) =>
    done(backend.documentoAzione({ id: d.id, azione, motivo: azione === 'annulla' ? motivo : '' }),
      (n) => tr.stepDone(n.tipo_etichetta, tr.actions[azione] ?? azione));

  return (
    <section className="mt-4" id="candidate-signing" aria-labelledby="candidate-signing-title">
      <h2 className="h5" id="candidate-signing-title">{tr.title}</h2>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="signing-notice">{notice}</div>}
      <div className="d-flex flex-wrap gap-2 align-items-end mb-3">
        <div>
          <label className="form-label small" htmlFor="signing-type">{tr.type}</label>
          <select id="signing-type" className="form-select form-select-sm" value={tipo} onChange={(e) => setTipo(e.target.value)}>
            {tipi.map((v) => <option key={v.codice} value={v.codice}>{v.descrizione}</option>)}
          </select>
        </div>
        <button type="button" className="btn btn-outline-primary btn-sm" id="signing-new" disabled={!tipo} onClick={() => crea(null)}>
          {tr.create}
        </button>
      </div>
      {documenti && documenti.length === 0 && <p id="signing-none">{tr.none}</p>}
      {documenti && documenti.length > 0 && (
        <ul className="list-unstyled" id="signing-list">
          {documenti.map((d) => (
            <li key={d.id} className="border-bottom py-2 documento" data-documento={d.id} data-stato={d.stato}>
              <div className="d-flex flex-wrap gap-2 align-items-center">
                <strong>{d.tipo_etichetta}</strong>
                <span>{d.numero ? tr.practice(d.numero) : tr.toNumber}</span>
                <span className="small">{d.data}</span>
                <span className={`badge ${d.stato === 'annullato' ? 'bg-secondary' : d.stato === 'concluso' ? 'bg-success' : 'bg-primary'}`}>
                  {tr.states[d.stato] ?? d.stato}
                </span>
                {d.in_attesa && <span className="badge bg-warning text-dark">{tr.pending}</span>}
              </div>
              <p className="small mb-1 documento-traccia">{d.traccia}</p>
              <div className="d-flex flex-wrap gap-2">
                {d.azioni.filter((a) => a !== 'annulla' && a !== 'sostituisci').map((a) => (
                  <button key={a} type="button" className={`btn btn-sm btn-outline-primary documento-${a}`} onClick={() => passo(d, a)}>
                    {tr.actions[a] ?? a}
                  </button>
                ))}
                {d.azioni.includes('sostituisci') && (
                  <button type="button" className="btn btn-sm btn-outline-secondary documento-sostituisci" onClick={() => crea(d)}>
                    {tr.actions.sostituisci}
                  </button>
                )}
                {d.azioni.includes('annulla') && annulla !== d.id && (
                  <button type="button" className="btn btn-sm btn-outline-danger documento-annulla" onClick={() => { setAnnulla(d.id); setMotivo(''); }}>
                    {tr.actions.annulla}
                  </button>
                )}
                <button type="button" className="btn btn-sm btn-outline-secondary documento-pdf" onClick={() => setStampa(d)}>
                  {tr.pdf}
                </button>
              </div>
              {annulla === d.id && (
                <form className="mt-2 d-flex flex-wrap gap-2 align-items-end" onSubmit={(e) => { e.preventDefault(); passo(d, 'annulla'); }}>
                  <div className="flex-grow-1">
                    <label className="form-label small" htmlFor={`motivo-${d.id}`}>{tr.reason}</label>
                    <input id={`motivo-${d.id}`} className="form-control form-control-sm documento-motivo" maxLength={500}
                      value={motivo} onChange={(e) => setMotivo(e.target.value)} />
                  </div>
                  <button type="submit" className="btn btn-sm btn-danger documento-annulla-conferma" disabled={!motivo.trim()}>
                    {tr.confirmCancel}
                  </button>
                  <button type="button" className="btn btn-sm btn-link" onClick={() => setAnnulla(null)}>{tr.keep}</button>
                </form>
              )}
              {stampa?.id === d.id && (
                <DocumentForm id="signing-pdf-form" title={tr.pdfTitle(d.tipo_etichetta)} extension="pdf" filterName={t.documents.pdfFilter}
                  defaultPath={joinPath(exportDir, tr.pdfName(d.tipo, d.numero || 'nuovo', codiceFiscale))} onClose={() => setStampa(null)}
                  onCreate={(path, overwrite) => backend.documentoPdf({ id: d.id, path, overwrite })} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
