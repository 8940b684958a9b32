import { FormEvent, useState } from 'react';
import { BackendError, BatchReport, FilterInput, SapBatchProgress, backend, dialogs } from '../backend';
import { DocumentResult } from './DocumentResult';
import { ErrorAlert } from './ErrorAlert';
import { joinPath } from './ExportPanel';
import { ProgressBar } from './ProgressBar';
import { t } from '../i18n';

type Mode = 'folder' | 'merged';

/** "SAP per tutti i risultati": the SAP of every match of the current search (within
 * the session's scope) into a folder, one PDF each, or into one PDF; progress,
 * "Annulla" (nothing is left behind), and a summary at the end. */
export function SapBatchPanel({ filter, sort, exportDir, onClose }: {
  filter: FilterInput;
  sort: string;
  exportDir: string | null;
  onClose: () => void;
}) {
  const tb = t.documents.batch;
  const [mode, setMode] = useState<Mode>('folder');
  const [folder, setFolder] = useState(joinPath(exportDir, tb.folderName));
  const [merged, setMerged] = useState(joinPath(exportDir, tb.mergedName));
  const [overwrite, setOverwrite] = useState(false);
  const [progress, setProgress] = useState<SapBatchProgress | null>(null);
  const [report, setReport] = useState<BatchReport | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function choose() {
    if (mode === 'folder') {
      const chosen = await dialogs.open({ directory: true, defaultPath: folder });
      if (typeof chosen === 'string') setFolder(chosen);
    } else {
      const chosen = await dialogs.save({ defaultPath: merged, filters: [{ name: t.documents.pdfFilter, extensions: ['pdf'] }] });
      if (chosen) {
        setMerged(chosen.toLowerCase().endsWith('.pdf') ? chosen : `${chosen}.pdf`);
        setOverwrite(true);
      }
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setReport(null);
    setCancelled(false);
    setProgress({ done: 0, total: 0 });
    try {
      setReport(
        await backend.sapBatch(
          {
            filter,
            sort,
            out_dir: mode === 'folder' ? folder.trim() : null,
            merged: mode === 'merged' ? merged.trim() : null,
            overwrite,
          },
          setProgress,
        ),
      );
    } catch (err) {
      if (err instanceof BackendError && err.code === 'operazione_annullata') setCancelled(true);
      else setError(err);
    } finally {
      setProgress(null);
    }
  }

  const path = mode === 'folder' ? folder : merged;
  const running = progress !== null;
  return (
    <section className="card card-bg p-3 mb-3" aria-labelledby="sap-batch-title" id="sap-batch">
      <div className="d-flex justify-content-between">
        <h2 id="sap-batch-title" className="h5">{tb.title}</h2>
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onClose} disabled={running}>
          {t.common.close}
        </button>
      </div>
      <p className="small">{tb.intro}</p>
      <form onSubmit={submit}>
        <fieldset className="mb-2" disabled={running}>
          <legend className="form-label small fw-semibold">{tb.mode}</legend>
          {(['folder', 'merged'] as const).map((m) => (
            <div className="form-check" key={m}>
              <input className="form-check-input" type="radio" name="sap-batch-mode" id={`sap-batch-${m}`}
                checked={mode === m} onChange={() => { setMode(m); setOverwrite(false); }} />
              <label className="form-check-label small" htmlFor={`sap-batch-${m}`}>
                {m === 'folder' ? tb.folderMode : tb.mergedMode}
              </label>
            </div>
          ))}
        </fieldset>
        <label htmlFor="sap-batch-path" className="form-label small fw-semibold mb-1">
          {mode === 'folder' ? tb.folder : tb.merged}
        </label>
        <div className="d-flex gap-2 mb-2">
          <input id="sap-batch-path" className="form-control form-control-sm" value={path} disabled={running}
            onChange={(e) => { (mode === 'folder' ? setFolder : setMerged)(e.target.value); setOverwrite(false); }} />
          <button type="button" className="btn btn-outline-primary btn-sm text-nowrap" onClick={choose} disabled={running}>
            {mode === 'folder' ? tb.chooseFolder : t.documents.browse}
          </button>
        </div>
        <div className="form-check">
          <input className="form-check-input" type="checkbox" id="sap-batch-overwrite" checked={overwrite} disabled={running}
            onChange={(e) => setOverwrite(e.target.checked)} />
          <label className="form-check-label small" htmlFor="sap-batch-overwrite">
            {mode === 'folder' ? tb.overwrite : tb.overwriteMerged}
          </label>
        </div>
        <div className="d-flex gap-2 mt-2">
          <button type="submit" id="sap-batch-start" className="btn btn-primary btn-sm" disabled={running || path.trim() === ''}>
            {tb.start}
          </button>
          {running && (
            <button type="button" id="sap-batch-cancel" className="btn btn-outline-danger btn-sm"
              onClick={() => backend.cancelSapBatch().catch(setError)}>
              {tb.cancel}
            </button>
          )}
        </div>
      </form>
      {progress && <ProgressBar value={progress.done} max={progress.total} label={tb.progress(progress.done, progress.total)} />}
      {cancelled && <div className="alert alert-warning mt-3" role="status" id="sap-batch-cancelled">{tb.cancelled}</div>}
      <ErrorAlert error={error} />
      {report && (
        <div id="sap-batch-summary" data-candidates={report.candidates}>
          {report.out_dir !== null && (
            <DocumentResult id="sap-batch-done" folder file={report.out_dir}
              text={tb.doneFolder(report.candidates, report.out_dir)} />
          )}
          {report.merged !== null && (
            <DocumentResult id="sap-batch-done" file={report.merged.file}
              text={tb.doneMerged(report.candidates, report.merged.file)} />
          )}
        </div>
      )}
    </section>
  );
}
