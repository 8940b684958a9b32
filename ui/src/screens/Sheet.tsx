import { useEffect, useState } from 'react';
import { backend, CandidateSheet } from '../backend';
import { CandidateAppointments } from '../components/CandidateAppointments';
import { CandidateApplications } from '../components/CandidateApplications';
import { CandidateCv } from '../components/CandidateCv';
import { CandidateActivities } from '../components/CandidateActivities';
import { CandidateNotes } from '../components/CandidateNotes';
import { CandidateOffers } from '../components/CandidateOffers';
import { CandidateSigning } from '../components/CandidateSigning';
import { ErrorAlert } from '../components/ErrorAlert';
import { SheetDocuments } from '../components/SheetDocuments';
import { italianDate } from '../components/ResultsTable';
import { t } from '../i18n';

/** The SAP of one candidate, one tab per section. */
export function Sheet({ codiceFiscale, onBack, backLabel = t.sheet.back }: {
  codiceFiscale: string; onBack: () => void; backLabel?: string;
}) {
  const [sheet, setSheet] = useState<CandidateSheet | null>(null);
  const [tab, setTab] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [refusalAsked, setRefusalAsked] = useState(0);
  const [refusalsFiled, setRefusalsFiled] = useState(0);

  useEffect(() => {
    backend.candidateSheet(codiceFiscale).then(setSheet, setError);
  }, [codiceFiscale]);

  function keyNav(e: React.KeyboardEvent, count: number) {
    if (e.key === 'ArrowRight') setTab((tab + 1) % count);
    if (e.key === 'ArrowLeft') setTab((tab + count - 1) % count);
  }

  return (
    <main className="container-fluid my-3" id="sheet">
      <button type="button" className="btn btn-outline-primary btn-sm mb-3" onClick={onBack} id="sheet-back">
        ← {backLabel}
      </button>
      <ErrorAlert error={error} />
      {sheet && (
        <>
          <h1 className="h3">{t.sheet.title(sheet.surname, sheet.name)}</h1>
          <p className="text-muted">
            {sheet.codice_fiscale} · {sheet.branch} · {t.sheet.updated(italianDate(sheet.updated_at.slice(0, 10)))}
          </p>
          <SheetDocuments codiceFiscale={sheet.codice_fiscale} />
          <div role="tablist" aria-label={t.sheet.sections} className="nav nav-tabs" onKeyDown={(e) => keyNav(e, sheet.sections.length)}>
            {sheet.sections.map((s, i) => (
              <button key={s.id} role="tab" type="button" id={`tab-${s.id}`} aria-controls={`panel-${s.id}`}
                aria-selected={tab === i} tabIndex={tab === i ? 0 : -1}
                className={`nav-link ${tab === i ? 'active' : ''}`} onClick={() => setTab(i)}>
                {s.title}
              </button>
            ))}
          </div>
          {sheet.sections.map((s, i) => (
            <section key={s.id} role="tabpanel" id={`panel-${s.id}`} aria-labelledby={`tab-${s.id}`} hidden={tab !== i} className="pt-3">
              {s.fields.length === 0 && s.tables.length === 0 && <p>{t.sheet.empty}</p>}
              {s.fields.length > 0 && (
                <dl className="row">
                  {s.fields.map((f) => (
                    <div className="col-12 col-md-6 col-xxl-4 d-flex" key={f.label}>
                      <dt className="me-2">{f.label}:</dt>
                      <dd className="mb-1">{f.value}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {s.tables.map((tb) => (
                <div key={tb.title} className="table-responsive">
                  <table className="table table-sm">
                    <caption className="caption-top h6">{tb.title}</caption>
                    <thead>
                      <tr>{tb.headers.map((h) => <th scope="col" key={h}>{h}</th>)}</tr>
                    </thead>
                    <tbody>
                      {tb.rows.map((r, j) => (
                        <tr key={j}>{r.map((c, k) => <td key={k}>{c}</td>)}</tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
            </section>
          ))}
          <CandidateNotes codiceFiscale={sheet.codice_fiscale} refusalsFiled={refusalsFiled}
            onRefusal={() => setRefusalAsked((n) => n + 1)} />
          <CandidateAppointments codiceFiscale={sheet.codice_fiscale} branch={sheet.branch} />
          <CandidateSigning codiceFiscale={sheet.codice_fiscale} />
          <CandidateApplications codiceFiscale={sheet.codice_fiscale} branch={sheet.branch} />
          <CandidateCv codiceFiscale={sheet.codice_fiscale} />
          <CandidateActivities codiceFiscale={sheet.codice_fiscale} />
          <CandidateOffers codiceFiscale={sheet.codice_fiscale} refusalAsked={refusalAsked}
            onRefusalFiled={() => setRefusalsFiled((n) => n + 1)} />
        </>
      )}
    </main>
  );
}
