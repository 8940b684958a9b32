import { FormEvent, useState } from 'react';
import { backend, SessionInfo, SyncStep } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { SyncProgressBar } from '../components/SyncProgressBar';
import { t } from '../i18n';

/** Masters and supervisors work on one branch or all of theirs. */
export function Scope({ session, onChosen }: { session: SessionInfo; onChosen: (scope: string[]) => void }) {
  // The scope remembered on the server (`filiale:CODE`), else all branches.
  const remembered = session.login?.server_scope?.startsWith('filiale:')
    ? session.login.server_scope.slice('filiale:'.length)
    : '';
  const [choice, setChoice] = useState<string>(remembered);
  const [error, setError] = useState<unknown>(null);
  const [step, setStep] = useState<SyncStep | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const scope = choice ? [choice] : [];
    setError(null);
    setStep({ phase: 'pushing', sent: 0, total: 0 });
    try {
      await backend.switchScope(scope, setStep);
      onChosen(scope);
    } catch (err) {
      setError(err);
      setStep(null);
    }
  }

  return (
    <main className="container my-5" style={{ maxWidth: '40rem' }} id="scope">
      <h1>{t.scope.title}</h1>
      <ErrorAlert error={error} />
      <form onSubmit={submit}>
        <fieldset>
          <legend className="h5">{t.scope.intro}</legend>
          {[{ code: '', label: t.scope.all }, ...session.branches].map((b) => (
            <div className="form-check" key={b.code || 'all'}>
              <input
                className="form-check-input"
                type="radio"
                name="scope"
                id={`scope-${b.code || 'all'}`}
                checked={choice === b.code}
                onChange={() => setChoice(b.code)}
              />
              <label className="form-check-label" htmlFor={`scope-${b.code || 'all'}`}>
                {b.label}
              </label>
            </div>
          ))}
        </fieldset>
        <button id="scope-submit" type="submit" className="btn btn-primary mt-3" disabled={step !== null}>
          {t.scope.submit}
        </button>
      </form>
      {step && <SyncProgressBar step={step} />}
    </main>
  );
}
