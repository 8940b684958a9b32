import { Fragment, useEffect, useState } from 'react';
import { CheckIssue, CheckReport, fdBackend } from '../../backend';
import { ErrorAlert } from '../../components/ErrorAlert';
import { t } from '../../i18n';

/** The problems of a check, one per line: row, column, severity, Italian message. */
export function IssueList({ issues }: { issues: CheckIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div className="fd-issues-scroller">
      <table className="table table-sm align-middle mb-0 fd-issues">
        <thead>
          <tr>
            <th scope="col" className="text-end">{t.fd.check.row}</th>
            <th scope="col">{t.fd.check.column}</th>
            <th scope="col">{t.fd.check.severity}</th>
            <th scope="col">{t.fd.check.message}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, n) => (
            <tr key={`${i.row}-${i.code}-${n}`} data-row={i.row} data-code={i.code} data-severity={i.severity}>
              <td className="text-end">{i.row}</td>
              <td>{i.column}</td>
              <td>
                <span className={`badge ${i.severity === 'error' ? 'bg-danger' : 'bg-warning text-dark'}`}>
                  {i.severity === 'error' ? t.fd.check.error : t.fd.check.warning}
                </span>
              </td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The totals of a check. */
export function CheckTotals({ report }: { report: CheckReport }) {
  const n = (v: number) => v.toLocaleString('it-IT');
  const categories = Object.entries(report.by_category);
  return (
    <div className="row g-3 mb-3" id="fd-check-totals" data-rows={report.rows_total} data-errors={report.rows_with_errors}
      data-warnings={report.rows_with_warnings}>
      <div className="col-12 col-md-4">
        <div className="border rounded h-100 px-3 py-2">
          <dl className="row mb-0 small">
            <dt className="col-8">{t.fd.check.rows}</dt><dd className="col-4 text-end mb-0">{n(report.rows_total)}</dd>
            <dt className="col-8">{t.fd.check.ok}</dt><dd className="col-4 text-end mb-0">{n(report.rows_ok)}</dd>
            <dt className="col-8">{t.fd.check.errors}</dt>
            <dd className={`col-4 text-end mb-0 ${report.rows_with_errors ? 'text-danger fw-bold' : ''}`} id="fd-check-errors">
              {n(report.rows_with_errors)}
            </dd>
            <dt className="col-8">{t.fd.check.warnings}</dt><dd className="col-4 text-end mb-0">{n(report.rows_with_warnings)}</dd>
          </dl>
        </div>
      </div>
      <div className="col-12 col-md-4">
        <div className="border rounded h-100 px-3 py-2">
          <h3 className="h6">{t.fd.check.declared}</h3>
          <dl className="row mb-0 small">
            <dt className="col-8">{t.fd.check.si}</dt><dd className="col-4 text-end mb-0" id="fd-check-si">{n(report.declared.SI)}</dd>
            <dt className="col-8">{t.fd.check.no}</dt><dd className="col-4 text-end mb-0">{n(report.declared.NO)}</dd>
            <dt className="col-8">{t.fd.check.notDeclared}</dt><dd className="col-4 text-end mb-0">{n(report.declared.non_indicato)}</dd>
          </dl>
        </div>
      </div>
      <div className="col-12 col-md-4">
        <div className="border rounded h-100 px-3 py-2">
          <h3 className="h6">{t.fd.check.byCategory}</h3>
          <dl className="row mb-0 small">
            {categories.map(([code, count]) => (
              <Fragment key={code}>
                <dt className="col-8">{code}</dt><dd className="col-4 text-end mb-0" data-category={code}>{n(count ?? 0)}</dd>
              </Fragment>
            ))}
          </dl>
        </div>
      </div>
    </div>
  );
}

/** Step 3: the check of the working copy as it would be uploaded. */
export function Controllo({
  anno,
  report,
  onReport,
  onUpload,
  onFix,
}: {
  anno: number | null;
  report: CheckReport | null;
  onReport: (r: CheckReport) => void;
  onUpload: () => void;
  onFix: () => void;
}) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run() {
    setRunning(true);
    setError(null);
    try {
      onReport(await fdBackend.check(anno));
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  }

  useEffect(() => {
    if (anno !== null && report === null) void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [anno]);

  if (anno === null) return <p id="fd-no-participants">{t.fd.noParticipants}</p>;
  const errors = report ? report.rows_with_errors + (report.refused ? 1 : 0) : 0;
  return (
    <section id="fd-controllo" aria-labelledby="fd-check-title">
      <div className="d-flex align-items-center gap-3 mb-2">
        <h2 className="h5 mb-0" id="fd-check-title">{t.fd.check.title}</h2>
        <button type="button" className="btn btn-outline-primary btn-sm" id="fd-check-run" disabled={running}
          onClick={() => void run()}>
          {running ? t.fd.check.running : t.fd.check.run}
        </button>
      </div>
      <ErrorAlert error={error} />
      {report && (
        <div id="fd-check" data-errors={errors} data-issues={report.issues.length}>
          {report.refused && (
            <div className="alert alert-danger" role="alert" data-code={report.refused.code}>
              <strong>{t.fd.check.refused}: </strong>{report.refused.message}
            </div>
          )}
          <CheckTotals report={report} />
          <h3 className="h6">{t.fd.check.issues}</h3>
          {report.issues.length === 0 ? (
            <p id="fd-check-clean">{t.fd.check.none}</p>
          ) : (
            <IssueList issues={report.issues} />
          )}
          <div className="d-flex flex-wrap align-items-center gap-3 mt-3">
            {errors > 0 && <span className="text-danger fw-semibold" id="fd-check-blocked">{t.fd.check.blocked(Math.max(report.rows_with_errors, 1))}</span>}
            {errors > 0 && (
              <button type="button" className="btn btn-outline-primary btn-sm" onClick={onFix}>{t.fd.check.goFix}</button>
            )}
            <button type="button" className="btn btn-primary btn-sm" id="fd-to-upload" disabled={errors > 0} onClick={onUpload}>
              {t.fd.check.goUpload} →
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
