import { FormEvent, ReactNode, useState } from 'react';
import { BackendError, DocumentReport, dialogs } from '../backend';
import { DocumentResult } from './DocumentResult';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

/** One document to write: the file (typed, or chosen in the save dialog), the options
 * given as `children`, then the result with "Apri file" / "Apri cartella". A file that
 * exists is replaced only when the operator says so (here or in the save dialog). */
export function DocumentForm({
  id,
  title,
  defaultPath,
  extension,
  filterName,
  children,
  onCreate,
  onClose,
}: {
  id: string;
  title: string;
  defaultPath: string;
  extension: 'pdf' | 'xml' | 'xlsx' | 'doc' | 'docx' | 'odt';
  filterName: string;
  children?: ReactNode;
  onCreate: (path: string, overwrite: boolean) => Promise<DocumentReport>;
  onClose: () => void;
}) {
  const [path, setPath] = useState(defaultPath);
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<DocumentReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const withExtension = (p: string) => (p.toLowerCase().endsWith(`.${extension}`) ? p : `${p}.${extension}`);

  async function browse() {
    const chosen = await dialogs.save({ defaultPath: path, filters: [{ name: filterName, extensions: [extension] }] });
    if (chosen) {
      setPath(withExtension(chosen));
      // The save dialog already asked before replacing a file.
      setOverwrite(true);
    }
  }

  async function create(replace: boolean) {
    setError(null);
    setReport(null);
    setBusy(true);
    try {
      setReport(await onCreate(withExtension(path.trim()), replace));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void create(overwrite);
  }

  const exists = error instanceof BackendError && error.code === 'file_esistente';
  return (
    <section className="card card-bg p-3 my-3 document-form" id={id} aria-labelledby={`${id}-title`}>
      <div className="d-flex justify-content-between">
        <h2 id={`${id}-title`} className="h5">{title}</h2>
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onClose}>{t.common.close}</button>
      </div>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-path`} className="form-label small fw-semibold mb-1">{t.documents.file}</label>
        <div className="d-flex gap-2 mb-3">
          <input id={`${id}-path`} className="form-control form-control-sm" value={path}
            onChange={(e) => { setPath(e.target.value); setOverwrite(false); }} />
          <button type="button" className="btn btn-outline-primary btn-sm" onClick={browse}>{t.documents.browse}</button>
        </div>
        {children}
        <button type="submit" id={`${id}-create`} className="btn btn-primary btn-sm mt-2" disabled={busy || path.trim() === ''}>
          {busy ? t.documents.creating : t.documents.create}
        </button>
      </form>
      <ErrorAlert error={error} />
      {exists && (
        <button type="button" className="btn btn-outline-danger btn-sm" id={`${id}-replace`} onClick={() => void create(true)}>
          {t.documents.replace}
        </button>
      )}
      {report && <DocumentResult id={`${id}-done`} file={report.file} text={t.documents.done(report.file, report.bytes)} />}
    </section>
  );
}
