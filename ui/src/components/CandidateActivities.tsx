import { useEffect, useState } from 'react';
import { Attivita, backend } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

/** The citizen's activity lists as seed 003 prints them, from the SAP's active
 * policies: "Elenco attività Garanzia Giovani" and "Elenco attività 150/percettori/RDC"
 * grouped by the interview that proposed them. */
export function CandidateActivities({ codiceFiscale }: { codiceFiscale: string }) {
  const tr = t.attivita;
  const [a, setA] = useState<Attivita | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { backend.attivitaListe(codiceFiscale).then(setA, setError); }, [codiceFiscale]);

  return (
    <section className="mt-4" id="candidate-activities" aria-labelledby="candidate-activities-title">
      <h2 className="h5" id="candidate-activities-title">{tr.title}</h2>
      <ErrorAlert error={error} />
      {a && (
        <>
          <h3 className="h6">{tr.gg}</h3>
          {a.garanzia_giovani.length === 0 ? <p className="small" id="activities-gg-none">{tr.none}</p> : (
            <div className="table-responsive">
              <table className="table table-sm" id="activities-gg">
                <thead><tr>{tr.ggColumns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
                <tbody>
                  {a.garanzia_giovani.map((r, i) => (
                    <tr key={i}><td>{r.data_proposta}</td><td>{r.azione}</td><td>{r.data_appuntamento}</td><td>{r.soggetto_erogatore}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3 className="h6">{tr.p150}</h3>
          {a.colloqui.length === 0 ? <p className="small" id="activities-150-none">{tr.none}</p> : (
            <div className="table-responsive">
              <table className="table table-sm" id="activities-150">
                <thead><tr>{tr.p150Columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
                <tbody>
                  {a.colloqui.flatMap((k) => k.attivita.map((r, i) => (
                    <tr key={`${k.colloquio}-${i}`}>
                      <td className="small">{i === 0 ? k.colloquio : ''}</td>
                      <td>{r.tipo_attivita}</td><td>{r.data_proposta}</td><td>{r.data_appuntamento}</td><td>{r.data_fine}</td>
                    </tr>
                  )))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
