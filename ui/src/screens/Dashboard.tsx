import { useCallback, useEffect, useState } from 'react';
import { backend, CvInScadenza, Overview, ReportSummary, SessionInfo } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { SyncPanel } from '../components/SyncPanel';
import { t } from '../i18n';
import { useOnSynced } from '../useBackgroundSync';

export function Dashboard({
  session,
  autoSync = false,
  onSynced = () => {},
  onOpenReport,
}: {
  session: SessionInfo;
  /** Sync once on arrival (right after signing in to a server). */
  autoSync?: boolean;
  onSynced?: () => void;
  /** Super and master: the Cruscotto shows the latest daily report. */
  onOpenReport?: (giorno: string) => void;
}) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);

  const [latest, setLatest] = useState<ReportSummary | null>(null);
  const [expiring, setExpiring] = useState<CvInScadenza[]>([]);
  const withReports = Boolean(onOpenReport);
  const load = useCallback(() => {
    backend.dashboard().then(setOverview, setError);
    backend.cvInScadenza().then(setExpiring, setError);
    if (withReports) backend.reportElenco().then((l) => setLatest(l[0] ?? null), setError);
  }, [withReports]);
  useEffect(load, [load]);
  useOnSynced(load);
  const synced = useCallback(() => {
    load();
    onSynced();
  }, [load, onSynced]);

  const fmt = (n: number) => n.toLocaleString('it-IT');
  return (
    <main className="container-fluid my-4" id="dashboard">
      <h1>{t.dashboard.title}</h1>
      <p className="lead">
        {session.demo && session.server
          ? t.dashboard.modeDemo(session.server)
          : session.login ? t.desk.modeServer : t.dashboard.modeLocal}
        <br />
        {t.dashboard.scope(session.scope.length ? session.scope.join(', ') : t.dashboard.allBranches)}
      </p>
      <SyncPanel autoSync={autoSync} onSynced={synced} />
      <ErrorAlert error={error} />
      {latest && onOpenReport && (
        <div className={`card card-bg mb-4 ${latest.letto ? '' : 'border border-primary'}`} id="dashboard-report">
          <div className="card-body d-flex flex-wrap align-items-center gap-3">
            <div>
              <h2 className="h5 mb-1">
                {t.report.card}: {latest.titolo}
                {!latest.letto && <span className="badge bg-primary ms-2">{t.report.unread}</span>}
              </h2>
              <p className="mb-0">{t.report.cardFigures(latest.cittadini_nuovi, latest.interessi_nuovi, latest.interessi_da_valutare)}</p>
            </div>
            <button type="button" className="btn btn-primary ms-auto" id="dashboard-report-open"
              onClick={() => onOpenReport(latest.giorno)}>{t.report.open}</button>
          </div>
        </div>
      )}
      {expiring.length > 0 && (
        <div className="card card-bg mb-4 border border-warning" id="dashboard-cv-expiring">
          <div className="card-body">
            <h2 className="h5">{t.cv.expiringTitle(expiring.length)}</h2>
            <p className="small">{t.cv.expiringHelp}</p>
            <ul className="mb-0">
              {expiring.map((s) => (
                <li key={s.cv.id} data-cv={s.cv.id}>
                  {s.cittadino} ({s.cv.codice_fiscale}) — {s.cv.descrizione || s.cv.nome_file}: {t.cv.expiresOn(s.cv.scadenza)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {overview && (
        <div className="row g-4">
          <div className="col-12 col-lg-6">
            <div className="card card-bg h-100">
              <div className="card-body">
                <h2 className="h5">{t.dashboard.candidates}</h2>
                <p className="display-4" id="dashboard-candidates">
                  {fmt(overview.candidates)}
                </p>
              </div>
            </div>
          </div>
          <div className="col-12 col-lg-6">
            <div className="card card-bg h-100">
              <div className="card-body">
                <h2 className="h5">{t.dashboard.branches}</h2>
                <table className="table table-sm mb-0">
                  <thead>
                    <tr>
                      <th scope="col">{t.dashboard.branch}</th>
                      <th scope="col" className="text-end">{t.dashboard.count}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.branches.map((b) => (
                      <tr key={b.code}>
                        <td>{b.code} – {b.name}</td>
                        <td className="text-end">{fmt(b.candidates)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
    </main>
  );
}
