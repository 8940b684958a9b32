import { BackendError } from '../backend';
import { t } from '../i18n';

/** A failed command, explained: the catalogue's text for its code, or the backend's
 * Italian message where that is what explains it. */
export function errorText(error: unknown): string {
  if (!(error instanceof BackendError)) return String(error);
  const text = t.errors.codes[error.code];
  if (typeof text === 'function') return text(error.message);
  return text ?? error.message; // a code newer than this UI
}

export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const code = error instanceof BackendError ? error.code : 'errore_interno';
  const serverCode = error instanceof BackendError ? error.serverCode : null;
  return (
    <div
      className="alert alert-danger"
      role="alert"
      data-code={code}
      data-server-code={serverCode ?? undefined}
    >
      <strong>{t.errors.title}: </strong>
      <span className="error-message">{errorText(error)}</span>
    </div>
  );
}
