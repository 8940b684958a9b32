import { useCallback, useEffect, useState } from 'react';
import { backend, ColonnaReport, ReportSummary, ReportView } from '../backend';
import { DocumentForm } from '../components/DocumentForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { joinPath } from '../components/ExportPanel';
import { t } from '../i18n';
import { useOnSynced } from '../useBackgroundSync';

const tr = t.report;

/** The daily cross-branch reports of a super or master user (seed 001): the list kept
 * offline, one report as a page (a row per count, a column per branch, a chart per
 * branch), a past day asked of the server, exports to Excel and PDF. */
export function Report({ giorno, exportDir = null }: { giorno?: string; exportDir?: string | null }) {
  const [list, setList] = useState<ReportSummary[] | null>(null);
  const [view, setView] = useState<ReportView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [asked, setAsked] = useState('');

  // Opening marks the report read: the list follows without asking again.
  const open = (day: string) => {
    setError(null);
    backend.reportApri(day).then((v) => {
      setView(v);
      setList((l) => l && l.map((r) => (r.giorno === day ? { ...r, letto: true } : r)));
    }, setError);
  };
  const load = useCallback(() => backend.reportElenco().then(setList, setError), []);
  useEffect(() => {
    backend.reportElenco().then((l) => {
      setList(l);
      const first = giorno ?? l[0]?.giorno;
      if (first) open(first);
    }, setError);
  }, [giorno]);
  useOnSynced(load);
  const ask = () => {
    setError(null);
    backend.reportChiedi(asked).then((v) => { setView(v); void load(); }, setError);
  };

  return (
    <main className="container-fluid my-3" id="report">
      <h1 className="h3">{tr.title}</h1>
      <p className="text-muted">{tr.intro}</p>
      <ErrorAlert error={error} />
      <div className="row g-4">
        <div className="col-12 col-lg-3">
          <h2 className="h6">{tr.list}</h2>
          {list && list.length === 0 && <p id="report-none">{tr.none}</p>}
          <div className="list-group mb-3" id="report-list">
            {list?.map((r) => (
              <button type="button" key={r.giorno} data-giorno={r.giorno}
                className={`list-group-item list-group-item-action ${view?.giorno === r.giorno ? 'active' : ''}`}
                aria-current={view?.giorno === r.giorno ? 'true' : undefined} onClick={() => open(r.giorno)}>
                {r.titolo}
                {!r.programmato && <span className="small ms-1">({tr.onDemand})</span>}
                {!r.letto && <span className="badge bg-primary ms-2">{tr.unread}</span>}
              </button>
            ))}
          </div>
          <label className="form-label small" htmlFor="report-ask">{tr.ask}</label>
          <div className="d-flex gap-2">
            <input type="date" id="report-ask" className="form-control form-control-sm" value={asked}
              onChange={(e) => setAsked(e.target.value)} />
            <button type="button" className="btn btn-outline-primary btn-sm text-nowrap" id="report-ask-button"
              disabled={!asked} onClick={ask}>{tr.askButton}</button>
          </div>
        </div>
        <div className="col-12 col-lg-9">{view && <ReportPage key={view.giorno} view={view} exportDir={exportDir} />}</div>
      </div>
    </main>
  );
}

function ReportPage({ view, exportDir }: { view: ReportView; exportDir: string | null }) {
  const [exporting, setExporting] = useState<'xlsx' | 'pdf' | null>(null);
  const fmt = (n: number) => n.toLocaleString('it-IT');
  return (
    <section id="report-page" data-giorno={view.giorno}>
      <div className="d-flex flex-wrap align-items-baseline gap-3">
        <h2 className="h4 mb-0">{view.titolo}</h2>
        <span className="text-muted small">{tr.generated(view.generato)}{view.programmato ? '' : ` (${tr.onDemand})`}</span>
        <div className="ms-auto d-flex gap-2">
          <button type="button" className="btn btn-primary btn-sm" id="report-excel" onClick={() => setExporting('xlsx')}>{tr.excel}</button>
          <button type="button" className="btn btn-outline-primary btn-sm" id="report-pdf" onClick={() => setExporting('pdf')}>{tr.pdf}</button>
        </div>
      </div>
      {exporting && (
        <DocumentForm key={exporting} id={`report-${exporting}-form`} title={exporting === 'pdf' ? tr.pdf : tr.excel}
          extension={exporting} filterName={exporting === 'pdf' ? tr.pdfFilter : tr.xlsxFilter}
          defaultPath={joinPath(exportDir, tr.fileName(view.giorno, exporting))}
          onClose={() => setExporting(null)}
          onCreate={(path, overwrite) => backend.reportEsporta(view.giorno, exporting, path, overwrite)} />
      )}
      {view.campagna && <p className="mt-2 mb-0" id="report-campagna">{view.campagna}</p>}
      <div className="table-responsive mt-3">
        <table className="table table-sm table-striped" id="report-table">
          <thead>
            <tr>
              <th scope="col">{tr.voce}</th>
              {view.filiali.map((f) => <th scope="col" className="text-end" key={f.code} title={f.nome}>{f.code}</th>)}
              <th scope="col" className="text-end">{tr.totale}</th>
            </tr>
          </thead>
          <tbody>
            {view.voci.map((voce, i) => (
              <tr key={voce}>
                <th scope="row" className="fw-normal">{voce}</th>
                {view.filiali.map((f) => <td className="text-end" key={f.code}>{fmt(f.valori[i])}</td>)}
                <td className="text-end fw-semibold">{fmt(view.totale[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="h5 mt-4">{tr.trend}</h3>
      <p className="small">
        <span className="legend-swatch legend-citizens" /> {tr.citizens}
        <span className="legend-swatch legend-interests ms-3" /> {tr.interests}
      </p>
      <div className="row g-3">
        {view.filiali.map((f) => (
          <div className="col-12 col-xl-6" key={f.code}>
            <h4 className="h6">{tr.trendOf(f.code, f.nome)}</h4>
            <TrendChart colonna={f} />
          </div>
        ))}
      </div>
    </section>
  );
}

const W = 600;
const H = 140;
const BASE = H - 18;

/** New citizens and interests of each of the last 30 days, as paired bars scaled to
 * the highest value; every seventh day labelled. */
export function TrendChart({ colonna }: { colonna: ColonnaReport }) {
  const days = colonna.andamento;
  const max = Math.max(1, ...days.map((d) => Math.max(d.cittadini, d.interessi)));
  const slot = (W - 30) / Math.max(1, days.length);
  const bar = slot * 0.4;
  const h = (n: number) => ((BASE - 12) * n) / max;
  const sum = (k: 'cittadini' | 'interessi') => days.reduce((a, d) => a + d[k], 0);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="trend-chart" role="img" data-code={colonna.code}
      aria-label={tr.chartLabel(colonna.code, sum('cittadini'), sum('interessi'))}>
      <text x={0} y={12} className="trend-axis">{max}</text>
      <text x={0} y={BASE} className="trend-axis">0</text>
      <line x1={30} x2={W} y1={BASE} y2={BASE} className="trend-base" />
      {days.map((d, i) => {
        const x = 30 + i * slot + slot * 0.1;
        return (
          <g key={d.giorno}>
            <title>{`${d.giorno}: ${d.cittadini} ${tr.citizens.toLowerCase()}, ${d.interessi} ${tr.interests.toLowerCase()}`}</title>
            <rect x={x} y={BASE - h(d.cittadini)} width={bar} height={h(d.cittadini)} className="trend-citizens" />
            <rect x={x + bar} y={BASE - h(d.interessi)} width={bar} height={h(d.interessi)} className="trend-interests" />
            {(days.length - 1 - i) % 7 === 0 && <text x={x} y={H - 4} className="trend-axis">{d.giorno}</text>}
          </g>
        );
      })}
    </svg>
  );
}
