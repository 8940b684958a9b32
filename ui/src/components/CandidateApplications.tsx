import { FormEvent, useEffect, useState } from 'react';
import { backend, CandidaturaView, CvView, FiltroCandidature, OffertaRiga, VoceView } from '../backend';
import { DocumentForm } from './DocumentForm';
import { ErrorAlert } from './ErrorAlert';
import { joinPath } from './ExportPanel';
import { t } from '../i18n';

/** "Candidature" on a candidate's sheet (seed 003): the citizen's applications with
 * seed 003's filters (dates, outcome, "Includi Storico"), applying to a published offer
 * of the citizen's CPI with the requirement declared, the CPI's outcome with its note
 * ("Non inviata" asks why), the Excel export. Offline: changes leave with the sync. */
export function CandidateApplications({ codiceFiscale, branch }: { codiceFiscale: string; branch: string }) {
  const tr = t.candidature;
  const [list, setList] = useState<CandidaturaView[] | null>(null);
  const [esiti, setEsiti] = useState<VoceView[]>([]);
  const [offerte, setOfferte] = useState<OffertaRiga[]>([]);
  const [esito, setEsito] = useState('');
  const [storico, setStorico] = useState(false);
  const [dal, setDal] = useState('');
  const [al, setAl] = useState('');
  const [offerta, setOfferta] = useState('');
  const [dichiara, setDichiara] = useState(false);
  // The citizen's CVs, one of which may go with the application.
  const [cvs, setCvs] = useState<CvView[]>([]);
  const [cv, setCv] = useState('');
  // The application whose outcome is being set, the outcome and its note.
  const [editing, setEditing] = useState<{ id: string; esito: string } | null>(null);
  const [nota, setNota] = useState('');
  const [exporting, setExporting] = useState(false);
  const [exportDir, setExportDir] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const filtro: FiltroCandidature = {
    offerta: null, codice_fiscale: codiceFiscale, dal: dal || null, al: al || null, esito: esito || null, includi_storico: storico,
  };
  const load = () => backend.candidatureElenco(filtro).then(setList, setError);
  useEffect(() => { setError(null); load(); }, [codiceFiscale, esito, storico, dal, al]);
  useEffect(() => {
    backend.candidatureEsiti().then(setEsiti, setError);
    backend.candidatureOfferte(branch).then((o) => { setOfferte(o); setOfferta(o[0]?.id ?? ''); }, setError);
    backend.getSettings().then((s) => setExportDir(s.export_dir), () => setExportDir(null));
    backend.cvElenco(codiceFiscale).then(setCvs, setError);
  }, [codiceFiscale, branch]);

  const candida = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    backend.candidaturaNuova({ codice_fiscale: codiceFiscale, offerta, requisiti_dichiarati: dichiara, cv: cv || null }).then((c) => {
      setNotice(tr.applied(c.codice_offerta));
      setDichiara(false);
      load();
    }, setError);
  };
  const conferma = (id: string, next: string) => {
    setError(null);
    setNotice(null);
    backend.candidaturaEsito({ id, esito: next, nota }).then((c) => {
      setNotice(tr.outcomeSet(c.codice_offerta, c.esito_etichetta));
      setEditing(null);
      setNota('');
      load();
    }, setError);
  };
  const label = (code: string) => esiti.find((v) => v.codice === code)?.descrizione ?? code;

  return (
    <section className="mt-4" id="candidate-applications" aria-labelledby="candidate-applications-title">
      <h2 className="h5" id="candidate-applications-title">{tr.title}</h2>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="applications-notice">{notice}</div>}
      <div className="d-flex flex-wrap gap-2 align-items-end mb-2">
        <div>
          <label className="form-label small" htmlFor="applications-from">{tr.from}</label>
          <input id="applications-from" type="date" className="form-control form-control-sm" value={dal} onChange={(e) => setDal(e.target.value)} />
        </div>
        <div>
          <label className="form-label small" htmlFor="applications-to">{tr.to}</label>
          <input id="applications-to" type="date" className="form-control form-control-sm" value={al} onChange={(e) => setAl(e.target.value)} />
        </div>
        <div>
          <label className="form-label small" htmlFor="applications-outcome">{tr.outcome}</label>
          <select id="applications-outcome" className="form-select form-select-sm" value={esito} onChange={(e) => setEsito(e.target.value)}>
            <option value="">{tr.all}</option>
            {esiti.map((v) => <option key={v.codice} value={v.codice}>{v.descrizione}</option>)}
          </select>
        </div>
        <div className="form-check mb-1">
          <input id="applications-history" type="checkbox" className="form-check-input" checked={storico} onChange={(e) => setStorico(e.target.checked)} />
          <label className="form-check-label small" htmlFor="applications-history">{tr.history}</label>
        </div>
        <button type="button" className="btn btn-sm btn-outline-secondary" id="applications-export" onClick={() => setExporting(true)}>{tr.export}</button>
      </div>
      {exporting && (
        <DocumentForm id="applications-export-form" title={tr.exportTitle} extension="xlsx" filterName={tr.excelFilter}
          defaultPath={joinPath(exportDir, tr.exportName(codiceFiscale))} onClose={() => setExporting(false)}
          onCreate={(path, overwrite) => backend.candidatureEsporta({ filtro, path, overwrite })} />
      )}
      {list && list.length === 0 && <p id="applications-none">{tr.none}</p>}
      {list && list.length > 0 && (
        <div className="table-responsive">
          <table className="table table-sm" id="applications-table">
            <thead>
              <tr>{tr.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id} className="candidatura" data-candidatura={c.id} data-esito={c.esito}>
                  <td>{c.codice_offerta}</td>
                  <td>{c.filiale}</td>
                  <td>{c.data}</td>
                  <td>{c.profilo}</td>
                  <td>
                    {c.esito_etichetta}
                    {c.in_attesa && <span className="badge bg-warning text-dark ms-1">{tr.pending}</span>}
                    {c.nota && <div className="small candidatura-nota">{c.nota}</div>}
                    <details className="small"><summary>{tr.trail}</summary><ul className="mb-0">{c.storico.map((s) => <li key={s}>{s}</li>)}</ul></details>
                  </td>
                  <td>
                    <div className="d-flex flex-wrap gap-1">
                      {c.esiti.map((e) => (
                        <button key={e} type="button" className={`btn btn-xs btn-outline-primary candidatura-${e}`}
                          onClick={() => (e === 'preso_in_carico' ? conferma(c.id, e) : (setEditing({ id: c.id, esito: e }), setNota('')))}>
                          {label(e)}
                        </button>
                      ))}
                    </div>
                    {editing?.id === c.id && (
                      <form className="mt-1 d-flex flex-wrap gap-1 align-items-end" onSubmit={(ev) => { ev.preventDefault(); conferma(c.id, editing.esito); }}>
                        <div className="flex-grow-1">
                          <label className="form-label small" htmlFor={`nota-${c.id}`}>{editing.esito === 'non_inviata_azienda' ? tr.why : tr.note}</label>
                          <input id={`nota-${c.id}`} className="form-control form-control-sm candidatura-testo" maxLength={1000}
                            value={nota} onChange={(ev) => setNota(ev.target.value)} />
                        </div>
                        <button type="submit" className="btn btn-xs btn-primary candidatura-conferma"
                          disabled={editing.esito === 'non_inviata_azienda' && !nota.trim()}>{tr.confirm(label(editing.esito))}</button>
                        <button type="button" className="btn btn-xs btn-link" onClick={() => setEditing(null)}>{tr.back}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="h6 mt-3">{tr.apply}</h3>
      {offerte.length === 0 ? <p id="applications-no-offer">{tr.noOffer}</p> : (
        <form className="d-flex flex-wrap gap-2 align-items-end" onSubmit={candida}>
          <div>
            <label className="form-label small" htmlFor="application-offer">{tr.offer}</label>
            <select id="application-offer" className="form-select form-select-sm" value={offerta} onChange={(e) => setOfferta(e.target.value)}>
              {offerte.map((o) => <option key={o.id} value={o.id}>{o.codice} — {o.qualifica} ({tr.deadline(o.scadenza)})</option>)}
            </select>
          </div>
          <div>
            <label className="form-label small" htmlFor="application-cv">{tr.cv}</label>
            <select id="application-cv" className="form-select form-select-sm" value={cv} onChange={(e) => setCv(e.target.value)}>
              <option value="">{tr.noCv}</option>
              {cvs.map((c) => <option key={c.id} value={c.id}>{c.descrizione || c.nome_file} ({c.inserito_il})</option>)}
            </select>
          </div>
          <div className="form-check mb-1">
            <input id="application-declare" type="checkbox" className="form-check-input" checked={dichiara} onChange={(e) => setDichiara(e.target.checked)} />
            <label className="form-check-label small" htmlFor="application-declare">{tr.declare}</label>
          </div>
          <button type="submit" className="btn btn-sm btn-primary" id="application-send" disabled={!offerta || !dichiara}>{tr.send}</button>
        </form>
      )}
    </section>
  );
}
