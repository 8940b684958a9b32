import { useEffect, useState } from 'react';
import { FdOverview, fdBackend, ParticipantKey, UploadDto, dialogs } from '../../backend';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { italianDate, italianDateTime } from './format';

const STATE_CLASS: Record<string, string> = {
  da_inviare: 'bg-secondary',
  in_coda: 'bg-info',
  in_lavorazione: 'bg-info',
  elaborato: 'bg-success',
  errore: 'bg-danger',
};

/** Step 5: deadlines, every upload with its counts, and one upload's outcome with the
 * rejected rows, which open in the grid for correction. */
export function Esito({
  overview,
  selected,
  onSelect,
  onFix,
}: {
  overview: FdOverview;
  selected: string | null;
  onSelect: (id: string) => void;
  onFix: (keys: ParticipantKey[]) => void;
}) {
  const uploads = overview.storico.caricamenti;
  const current: UploadDto | null = uploads.find((u) => u.id === selected) ?? uploads[0] ?? null;
  const [detail, setDetail] = useState<UploadDto | null>(current);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  // The overview is followed by the parent; the detail follows it.
  useEffect(() => {
    setDetail(current);
  }, [current]);

  async function show(u: UploadDto) {
    onSelect(u.id);
    setMessage(null);
    setError(null);
    try {
      setDetail(await fdBackend.outcome(u.id));
    } catch (e) {
      setError(e);
    }
  }

  async function saveOutcome(u: UploadDto) {
    const path = await dialogs.save({
      defaultPath: t.fd.outcome.fileName(u.anno),
      filters: [{ name: t.fd.grid.workbook, extensions: ['xlsx'] }],
    });
    if (!path) return;
    setError(null);
    try {
      const file = await fdBackend.saveOutcome({
        id: u.id,
        path: path.endsWith('.xlsx') ? path : `${path}.xlsx`,
        overwrite: true,
      });
      setMessage(t.fd.outcome.saved(file));
    } catch (e) {
      setError(e);
    }
  }

  const processed = detail !== null && detail.stato === 'elaborato' && detail.acquisite !== null;
  return (
    <section id="fd-esito" aria-labelledby="fd-outcome-title">
      <h2 className="h5" id="fd-outcome-title">{t.fd.outcome.title}</h2>
      <div className="row g-4">
        <div className="col-12 col-xl-4">
          <h3 className="h6">{t.fd.outcome.deadlines}</h3>
          <ul className="list-unstyled" id="fd-deadlines">
            {overview.storico.campagne.map((c) => (
              <li key={c.anno} className={`border rounded p-2 mb-2 ${c.avviso && c.aperta ? 'border-danger' : ''}`}
                data-anno={c.anno} data-days={c.giorni_rimasti}>
                <strong>{c.anno}</strong> · {italianDate(c.scadenza)}
                {c.aperta && c.giorni_rimasti >= 0 && <> · {t.fd.outcome.daysLeft}: <strong>{c.giorni_rimasti}</strong></>}
                {c.avviso && <div className="small text-danger fw-semibold fd-deadline-warning">{c.avviso}</div>}
              </li>
            ))}
          </ul>
          <h3 className="h6">{t.fd.outcome.summary}</h3>
          <ul className="list-unstyled small" id="fd-summary">
            {Object.entries(overview.storico.riepilogo).map(([anno, s]) =>
              s ? (
                <li key={anno}>
                  <strong>{anno}</strong>: {t.fd.outcome.uploads(s.caricamenti)}
                  {s.ultimo_esito && <>, {t.fd.outcome.last(...s.ultimo_esito)}</>}
                </li>
              ) : null,
            )}
          </ul>
        </div>
        <div className="col-12 col-xl-8">
          <h3 className="h6">{t.fd.outcome.history}</h3>
          {uploads.length === 0 ? (
            <p id="fd-uploads-none">{t.fd.outcome.none}</p>
          ) : (
            <table className="table table-sm align-middle" id="fd-uploads">
              <thead>
                <tr>
                  <th scope="col">{t.fd.outcome.submittedAt}</th>
                  <th scope="col">{t.fd.request.year}</th>
                  <th scope="col">{t.fd.outcome.file}</th>
                  <th scope="col">{t.fd.outcome.state}</th>
                  <th scope="col" className="text-end">{t.fd.outcome.rows}</th>
                  <th scope="col" className="text-end">{t.fd.outcome.acquired}</th>
                  <th scope="col" className="text-end">{t.fd.outcome.rejected}</th>
                  <th scope="col"><span className="visually-hidden">{t.fd.outcome.show}</span></th>
                </tr>
              </thead>
              <tbody>
                {uploads.map((u) => (
                  <tr key={u.id} data-id={u.id} data-state={u.stato} className={u.id === detail?.id ? 'table-active' : ''}>
                    <td className="text-nowrap">{italianDateTime(u.submitted_at)}</td>
                    <td>{u.anno}</td>
                    <td className="small text-break">{u.file_name}</td>
                    <td>
                      <span className={`badge ${STATE_CLASS[u.stato] ?? 'bg-secondary'}`}>{t.fd.uploadState[u.stato] ?? u.stato}</span>
                    </td>
                    <td className="text-end">{u.righe ?? ''}</td>
                    <td className="text-end">{u.acquisite ?? ''}</td>
                    <td className="text-end">{u.scartate ?? ''}</td>
                    <td>
                      <button type="button" className="btn btn-outline-primary btn-sm py-0" onClick={() => void show(u)}>
                        {t.fd.outcome.show}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {message && <div className="alert alert-success py-2" role="status" id="fd-outcome-message">{message}</div>}
          <ErrorAlert error={error} />
          {detail && (
            <div className="border rounded p-3" id="fd-outcome" data-id={detail.id} data-state={detail.stato}
              data-acquired={detail.acquisite ?? ''} data-rejected={detail.scartate ?? ''} data-rows={detail.righe ?? ''}>
              <h3 className="h6">{t.fd.outcome.detail(detail.file_name)}</h3>
              {detail.errore && <div className="alert alert-danger py-2" role="alert">{detail.errore}</div>}
              {!processed && !detail.errore && <p className="mb-0" id="fd-outcome-waiting">{t.fd.outcome.waiting}</p>}
              {processed && (
                <>
                  <p className="mb-2">
                    {t.fd.outcome.rows}: <strong>{detail.righe}</strong> · {t.fd.outcome.acquired}:{' '}
                    <strong className="text-success">{detail.acquisite}</strong> · {t.fd.outcome.rejected}:{' '}
                    <strong className={detail.scartate ? 'text-danger' : ''}>{detail.scartate}</strong>
                  </p>
                  {detail.rejected.length === 0 ? (
                    <p className="text-success" id="fd-outcome-all">{t.fd.outcome.allAcquired}</p>
                  ) : (
                    <>
                      <h4 className="h6">{t.fd.outcome.rejectedRows}</h4>
                      <table className="table table-sm" id="fd-rejected">
                        <thead>
                          <tr>
                            <th scope="col">{t.fd.grid.columns.codice_fiscale}</th>
                            <th scope="col">{t.fd.grid.columns.codice_progetto}</th>
                            <th scope="col">{t.fd.outcome.reason}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {detail.rejected.map((r) => (
                            <tr key={`${r.codice_fiscale}|${r.codice_progetto}`}>
                              <td>{r.codice_fiscale}</td>
                              <td>{r.codice_progetto}</td>
                              <td>{r.motivo}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      <button type="button" className="btn btn-primary btn-sm me-2" id="fd-fix-rejected"
                        onClick={() => onFix(detail.rejected.map((r) => ({
                          codice_fiscale: r.codice_fiscale,
                          codice_progetto: r.codice_progetto,
                        })))}>
                        {t.fd.outcome.fix}
                      </button>
                    </>
                  )}
                  <div>
                    <button type="button" className="btn btn-outline-primary btn-sm" id="fd-save-outcome"
                      onClick={() => void saveOutcome(detail)}>
                      {t.fd.outcome.save}
                    </button>
                  </div>
                </>
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
