import { FormEvent, useState } from 'react';
import { backend, ExportProgress, ExportReport, FilterInput, SearchOptions, dialogs } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { ProgressBar } from './ProgressBar';
import { t } from '../i18n';

export function joinPath(dir: string | null, name: string): string {
  if (!dir) return name;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** "Esporta in Excel": file (typed or chosen in the save dialog), columns, the art. 9
 * opt-in, progress, and "Apri file" / "Apri cartella" at the end. */
export function ExportPanel({
  filter,
  sort,
  options,
  exportDir,
  onClose,
}: {
  filter: FilterInput;
  sort: string;
  options: SearchOptions;
  exportDir: string | null;
  onClose: () => void;
}) {
  const [path, setPath] = useState(joinPath(exportDir, t.export.defaultName));
  const [columns, setColumns] = useState<string[]>(
    options.export_columns.filter((c) => c.default).map((c) => c.code),
  );
  const [special, setSpecial] = useState(false);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [overwrite, setOverwrite] = useState(false);

  async function browse() {
    const chosen = await dialogs.save({
      defaultPath: path,
      filters: [{ name: t.export.filterName, extensions: ['xlsx'] }],
    });
    if (chosen) {
      setPath(chosen.endsWith('.xlsx') ? chosen : `${chosen}.xlsx`);
      // The save dialog already asked before replacing a file.
      setOverwrite(true);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setReport(null);
    setProgress({ written: 0, total: 0 });
    try {
      const ordered = options.export_columns.map((c) => c.code).filter((c) => columns.includes(c));
      setReport(
        await backend.exportCandidates(
          { filter, sort, columns: ordered, path, overwrite, include_special_categories: special },
          setProgress,
        ),
      );
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  }

  const toggle = (code: string, on: boolean) =>
    setColumns((old) => (on ? [...old, code] : old.filter((c) => c !== code)));

  return (
    <section className="export-panel card card-bg p-3 mb-3" aria-labelledby="export-title" id="export">
      <div className="d-flex justify-content-between">
        <h2 id="export-title" className="h5">{t.export.title}</h2>
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onClose}>{t.common.close}</button>
      </div>
      <form onSubmit={submit}>
        <label htmlFor="export-path" className="form-label small fw-semibold mb-1">{t.export.file}</label>
        <div className="d-flex gap-2 mb-3">
          <input id="export-path" className="form-control form-control-sm" value={path}
            onChange={(e) => { setPath(e.target.value); setOverwrite(false); }} />
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={browse}>{t.export.browse}</button>
        </div>
        <fieldset>
          <legend className="form-label small fw-semibold">{t.export.columns}</legend>
          <div className="export-columns">
            {options.export_columns.map((c) => (
              <div className="form-check" key={c.code}>
                <input className="form-check-input" type="checkbox" id={`export-col-${c.code}`}
                  checked={columns.includes(c.code)} onChange={(e) => toggle(c.code, e.target.checked)} />
                <label className="form-check-label small" htmlFor={`export-col-${c.code}`}>
                  {c.header}{c.special_category ? ' (art. 9)' : ''}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="form-check mt-2">
          <input className="form-check-input" type="checkbox" id="export-special" checked={special}
            onChange={(e) => setSpecial(e.target.checked)} />
          <label className="form-check-label small" htmlFor="export-special">{t.export.special}</label>
        </div>
        <button type="submit" id="export-start" className="btn btn-primary btn-sm mt-3" disabled={progress !== null || columns.length === 0}>
          {t.export.start}
        </button>
      </form>
      {progress && (
        <ProgressBar value={progress.written} max={progress.total} label={t.export.progress(progress.written, progress.total)} />
      )}
      <ErrorAlert error={error} />
      {report && (
        <div className="alert alert-success mt-3" role="status" id="export-done" data-file={report.file} data-rows={report.rows}>
          <p>{t.export.done(report.rows, report.file)}</p>
          <div className="d-flex gap-2">
            <button type="button" className="btn btn-success btn-sm" onClick={() => backend.openExport().catch(setError)}>{t.export.openFile}</button>
            <button type="button" className="btn btn-outline-success btn-sm" onClick={() => backend.revealExport().catch(setError)}>{t.export.openFolder}</button>
          </div>
        </div>
      )}
    </section>
  );
}
