import { FormEvent, useState } from 'react';
import { backend } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { t } from '../i18n';

export function Lock({ user, onUnlocked }: { user: string; onUnlocked: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await backend.unlock(password);
      onUnlocked();
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="container my-5" style={{ maxWidth: '40rem' }} id="lock">
      <h1>{t.lock.title}</h1>
      <p>{t.lock.intro(user)}</p>
      <ErrorAlert error={error} />
      <form onSubmit={submit}>
        <div className="form-group mb-4">
          <label htmlFor="lock-password" className="active">
            {t.login.password}
          </label>
          <input
            id="lock-password"
            className="form-control"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            autoFocus
          />
        </div>
        <button id="lock-submit" type="submit" className="btn btn-primary" disabled={busy}>
          {t.lock.submit}
        </button>
      </form>
    </main>
  );
}
