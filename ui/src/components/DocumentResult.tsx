import { useState } from 'react';
import { backend } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

/** A document written: what and where, then "Apri file" / "Apri cartella" (a folder of
 * documents has only the latter, which opens the folder itself). */
export function DocumentResult({ id, text, file, folder = false }: {
  id: string;
  text: string;
  file: string;
  folder?: boolean;
}) {
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="alert alert-success mt-3" role="status" id={id} data-file={file}>
      <p className="text-break">{text}</p>
      <div className="d-flex gap-2">
        {!folder && (
          <button type="button" className="btn btn-success btn-sm document-open"
            onClick={() => backend.openDocument().catch(setError)}>
            {t.documents.openFile}
          </button>
        )}
        <button type="button" className="btn btn-outline-success btn-sm document-reveal"
          onClick={() => (folder ? backend.openDocument() : backend.revealDocument()).catch(setError)}>
          {t.documents.openFolder}
        </button>
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
