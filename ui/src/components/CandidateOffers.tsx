import { useEffect, useState } from 'react';
import { backend, InteresseRiga, RifiutoRiga } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

/** On a candidate's sheet: their expressions of interest in offers and the refusals
 * filed for them (seed 001), from the local store. */
export function CandidateOffers({ codiceFiscale }: { codiceFiscale: string }) {
  const tr = t.offerte.scheda;
  const [interessi, setInteressi] = useState<InteresseRiga[] | null>(null);
  const [rifiuti, setRifiuti] = useState<RifiutoRiga[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    backend.interessiElenco(null, codiceFiscale).then(setInteressi, setError);
    backend.rifiutiElenco(null, codiceFiscale).then(setRifiuti, setError);
  }, [codiceFiscale]);
  return (
    <section className="mt-4" id="candidate-offers" aria-labelledby="candidate-offers-title">
      <h2 className="h5" id="candidate-offers-title">{tr.title}</h2>
      <ErrorAlert error={error} />
      {interessi && interessi.length === 0 && <p id="candidate-offers-none">{tr.noInterests}</p>}
      {interessi && interessi.length > 0 && (
        <table className="table table-sm" id="candidate-interests">
          <thead>
            <tr>
              <th scope="col">{t.offerte.columns.codice}</th>
              <th scope="col">{t.offerte.interessi.data}</th>
              <th scope="col">{t.offerte.interessi.origine}</th>
              <th scope="col">{t.offerte.interessi.stato}</th>
            </tr>
          </thead>
          <tbody>
            {interessi.map((i) => (
              <tr key={i.id}>
                <td>{i.codice_offerta || t.offerte.toSend}</td>
                <td>{i.data}</td>
                <td>{i.origine}</td>
                <td>{i.stato_etichetta}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rifiuti && rifiuti.length > 0 && (
        <>
          <h3 className="h6">{t.offerte.rifiuto.list}</h3>
          <ul id="candidate-refusals">
            {rifiuti.map((r) => (
              <li key={r.id}>
                {r.data} · {r.codice_offerta} · {r.motivo} · {t.offerte.rifiuto.trasmissione}: {r.trasmissione}
                {r.protocollo && ` (${t.offerte.rifiuto.protocollo(r.protocollo)})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
