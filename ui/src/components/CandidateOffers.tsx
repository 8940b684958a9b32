import { useEffect, useRef, useState } from 'react';
import { backend, InteresseRiga, ListeOfferte, OffertaAdatta, RifiutoRiga, VoceView } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { Criteri, RefusalForm } from '../screens/Offerte';
import { t } from '../i18n';

/** On a candidate's sheet: their expressions of interest in offers, the refusals filed
 * for them (seed 001), the published offers that fit them, and the refusal form —
 * opened by the operator or when an annotation records a refusal (`refusalAsked`). */
export function CandidateOffers({ codiceFiscale, refusalAsked = 0, onRefusalFiled }: {
  codiceFiscale: string; refusalAsked?: number; onRefusalFiled?: () => void;
}) {
  const tr = t.offerte.scheda;
  const [interessi, setInteressi] = useState<InteresseRiga[] | null>(null);
  const [rifiuti, setRifiuti] = useState<RifiutoRiga[] | null>(null);
  const [adatte, setAdatte] = useState<OffertaAdatta[] | null>(null);
  const [liste, setListe] = useState<ListeOfferte | null>(null);
  const [refusalOpen, setRefusalOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refusal = useRef<HTMLDivElement>(null);

  const load = () => {
    backend.interessiElenco(null, codiceFiscale).then(setInteressi, setError);
    backend.rifiutiElenco(null, codiceFiscale).then(setRifiuti, setError);
    backend.offerteAdatte(codiceFiscale).then(setAdatte, setError);
  };
  useEffect(() => {
    load();
    backend.offerteListe().then(setListe, setError);
  }, [codiceFiscale]);
  useEffect(() => {
    if (refusalAsked > 0) setRefusalOpen(true);
  }, [refusalAsked]);
  useEffect(() => {
    if (refusalOpen) refusal.current?.scrollIntoView?.({ block: 'start' });
  }, [refusalOpen, refusalAsked]);

  const propose = (o: OffertaAdatta) => {
    setError(null);
    backend.offertaProponi(o.offerta.id, [codiceFiscale]).then(() => {
      setNotice(tr.proposed(o.offerta.codice || o.offerta.qualifica));
      load();
    }, setError);
  };

  // The offers a refusal may name: those the citizen was in touch with, then those that fit.
  const offerte: VoceView[] = [];
  const add = (codice: string, descrizione: string) => {
    if (!offerte.some((o) => o.codice === codice)) offerte.push({ codice, descrizione });
  };
  interessi?.forEach((i) => add(i.offerta, `${i.codice_offerta || t.offerte.toSend} — ${i.origine}`));
  adatte?.forEach((a) => add(a.offerta.id, `${a.offerta.codice || t.offerte.toSend} — ${a.offerta.qualifica}`));

  return (
    <section className="mt-4" id="candidate-offers" aria-labelledby="candidate-offers-title">
      <h2 className="h5" id="candidate-offers-title">{tr.title}</h2>
      <ErrorAlert error={error} />
      {notice && <div className="alert alert-success" role="status" id="candidate-offers-notice">{notice}</div>}
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
      {!refusalOpen && (
        <button type="button" className="btn btn-outline-primary btn-sm mb-3" id="candidate-refusal-open" onClick={() => setRefusalOpen(true)}>
          {tr.refusal}
        </button>
      )}
      {refusalOpen && liste && (
        <div ref={refusal} className="border rounded p-3 mb-3" id="candidate-refusal">
          <h3 className="h6">{tr.refusalTitle}</h3>
          <RefusalForm codiceFiscale={codiceFiscale} offerte={offerte} liste={liste}
            onFiled={() => {
              load();
              onRefusalFiled?.();
            }} />
        </div>
      )}

      <h3 className="h6 mt-3" id="candidate-fits-title">{tr.fitsTitle}</h3>
      <p className="small text-muted">{tr.fitsIntro}</p>
      {adatte && adatte.length === 0 && <p id="candidate-fits-none">{tr.noFits}</p>}
      {adatte && adatte.length > 0 && (
        <ul className="list-unstyled" id="candidate-fits" aria-labelledby="candidate-fits-title">
          {adatte.map((a) => (
            <li key={a.offerta.id} className="border-bottom py-2 offerta-adatta" data-offerta={a.offerta.id}>
              <div className="d-flex gap-2 align-items-center flex-wrap">
                <strong>{a.offerta.codice || t.offerte.toSend}</strong>
                <span>{a.offerta.qualifica}</span>
                <span className="small">{a.offerta.sedi}{a.distanza && ` · ${a.distanza}`} · {a.offerta.fine_pubblicazione}</span>
                {a.interessato
                  ? <span className="badge bg-secondary">{t.offerte.abbinamenti.already}</span>
                  : (
                    <button type="button" className="btn btn-outline-primary btn-sm offerta-proponi" onClick={() => propose(a)}>
                      {tr.propose}
                    </button>
                  )}
              </div>
              <Criteri criteri={a.criteri} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
