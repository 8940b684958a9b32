import { BackendError } from '../backend';
import { t } from '../i18n';

/** A failed command, explained: the catalogue's text for codes the UI knows, else the
 * backend's Italian message. */
export function errorText(error: unknown): string {
  if (error instanceof BackendError) return t.errors[error.code] ?? error.message;
  return String(error);
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
