import { FormEvent, useState } from 'react';
import { FdOverview, fdBackend, RequestDto, dialogs } from '../../backend';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';
import { italianDate, italianDateTime } from './format';

const STATE_CLASS: Record<string, string> = {
  da_inviare: 'bg-secondary',
  in_coda: 'bg-info',
  in_lavorazione: 'bg-info',
  pronto: 'bg-success',
  errore: 'bg-danger',
};

/** Step 1: ask FTWeb for the participants file and follow the requests. */
export function Richiesta({
  overview,
  onChanged,
  onNext,
}: {
  overview: FdOverview;
  onChanged: () => Promise<void> | void;
  onNext: () => void;
}) {
  const open = overview.storico.campagne.filter((c) => c.aperta && c.giorni_rimasti >= 0);
  const [tipologie, setTipologie] = useState<string[]>([]);
  const [anno, setAnno] = useState<number | null>(open[0]?.anno ?? overview.storico.campagne[0]?.anno ?? null);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const toggle = (code: string, on: boolean) =>
    setTipologie((old) => (on ? [...old, code] : old.filter((c) => c !== code)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (anno === null) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const r = await fdBackend.request({ tipologie, anno, email: email.trim() || null });
      setMessage(r.stato === 'da_inviare' ? t.fd.request.queued(r.anno) : t.fd.request.sent(r.anno));
      setTipologie([]);
      await onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function saveCopy(r: RequestDto) {
    setError(null);
    setMessage(null);
    const path = await dialogs.save({
      defaultPath: `partecipanti-${r.anno}.xlsx`,
      filters: [{ name: t.fd.grid.workbook, extensions: ['xlsx'] }],
    });
    if (!path) return;
    try {
      const file = await fdBackend.saveParticipantsFile({ id: r.id, path, overwrite: true });
      setMessage(t.fd.request.saved(file));
    } catch (err) {
      setError(err);
    }
  }

  const noLists = overview.tipologie.length === 0 || overview.storico.campagne.length === 0;
  return (
    <section id="fd-richiesta" aria-labelledby="fd-request-title">
      <div className="row g-4">
        <div className="col-12 col-xl-4">
          <form className="card card-bg p-3" onSubmit={submit}>
            <h2 className="h5" id="fd-request-title">{t.fd.request.title}</h2>
            {noLists ? (
              <p className="small" id="fd-no-lists">{t.fd.request.noLists}</p>
            ) : (
              <>
                <fieldset className="mb-3">
                  <legend className="form-label small fw-semibold">{t.fd.request.tipologie}</legend>
                  {overview.tipologie.map((tp) => (
                    <div className="form-check" key={tp.code}>
                      <input className="form-check-input" type="checkbox" id={`fd-tip-${tp.code}`}
                        checked={tipologie.includes(tp.code)} onChange={(e) => toggle(tp.code, e.target.checked)} />
                      <label className="form-check-label" htmlFor={`fd-tip-${tp.code}`}>{tp.label}</label>
                    </div>
                  ))}
                </fieldset>
                <label htmlFor="fd-request-year" className="form-label small fw-semibold">{t.fd.year}</label>
                <select id="fd-request-year" className="form-select form-select-sm mb-3" value={anno ?? ''}
                  onChange={(e) => setAnno(Number(e.target.value))}>
                  {overview.storico.campagne.map((c) => (
                    <option key={c.anno} value={c.anno}>
                      {t.fd.yearOption(c.anno, italianDate(c.scadenza), c.aperta && c.giorni_rimasti >= 0)}
                    </option>
                  ))}
                </select>
                <label htmlFor="fd-email" className="form-label small fw-semibold">{t.fd.request.email}</label>
                <input id="fd-email" type="email" className="form-control form-control-sm mb-3" value={email}
                  onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
                <button type="submit" className="btn btn-primary btn-sm" id="fd-request-submit"
                  disabled={busy || tipologie.length === 0 || anno === null}>
                  {t.fd.request.submit}
                </button>
              </>
            )}
          </form>
        </div>
        <div className="col-12 col-xl-8">
          <h2 className="h5">{t.fd.request.list}</h2>
          <p className="small text-muted">{t.fd.request.waitHint}</p>
          {message && <div className="alert alert-success py-2" role="status" id="fd-request-message">{message}</div>}
          <ErrorAlert error={error} />
          {overview.richieste.length === 0 ? (
            <p id="fd-requests-none">{t.fd.request.none}</p>
          ) : (
            <table className="table table-sm align-middle" id="fd-requests">
              <thead>
                <tr>
                  <th scope="col">{t.fd.request.requestedAt}</th>
                  <th scope="col">{t.fd.request.year}</th>
                  <th scope="col">{t.fd.request.tipologie}</th>
                  <th scope="col">{t.fd.request.state}</th>
                  <th scope="col" className="text-end">{t.fd.request.rows}</th>
                  <th scope="col">{t.fd.request.file}</th>
                </tr>
              </thead>
              <tbody>
                {overview.richieste.map((r) => (
                  <tr key={r.id} data-id={r.id} data-state={r.stato} data-downloaded={r.downloaded_at ? 'yes' : 'no'}
                    data-rows={r.righe ?? ''}>
                    <td className="text-nowrap">{italianDateTime(r.requested_at)}</td>
                    <td>{r.anno}</td>
                    <td className="small">{r.tipologie.join(', ')}</td>
                    <td>
                      <span className={`badge ${STATE_CLASS[r.stato] ?? 'bg-secondary'}`}>
                        {t.fd.requestState[r.stato] ?? r.stato}
                      </span>
                      {r.errore && <div className="small text-danger">{r.errore}</div>}
                    </td>
                    <td className="text-end">{r.righe ?? ''}</td>
                    <td className="small">
                      {r.downloaded_at && (
                        <div className="d-flex flex-wrap align-items-center gap-2">
                          <span>{t.fd.request.inStore(italianDateTime(r.downloaded_at))}</span>
                          <button type="button" className="btn btn-outline-primary btn-xs btn-sm py-0"
                            onClick={() => void saveCopy(r)}>
                            {t.fd.request.saveCopy}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {overview.anni.length > 0 && (
            <button type="button" className="btn btn-primary btn-sm" id="fd-go-compile" onClick={onNext}>
              {t.fd.step.compilazione} →
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
