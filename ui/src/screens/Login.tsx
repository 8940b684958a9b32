import { FormEvent, useState } from 'react';
import { backend, BackendError, SessionInfo, StepProgress } from '../backend';
import { ErrorAlert } from '../components/ErrorAlert';
import { ExpiredPassword } from '../components/ExpiredPassword';
import { ProgressBar } from '../components/ProgressBar';
import { t } from '../i18n';

export function Login({
  server: initialServer,
  autoDemo,
  onSignedIn,
}: {
  server: string;
  autoDemo: boolean;
  onSignedIn: (s: SessionInfo) => void;
}) {
  const [server, setServer] = useState(initialServer);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<StepProgress | null>(null);
  const [autoStarted, setAutoStarted] = useState(false);
  // The password the server refused as expired, kept for the change form.
  const [expired, setExpired] = useState<string | null>(null);

  async function signIn(secret: string) {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await backend.signIn({ server, username, password: secret }));
    } catch (err) {
      const code = err instanceof BackendError ? err.code : null;
      if (code === 'password_scaduta') setExpired(secret);
      else if (code === 'server_non_raggiungibile') {
        setError(new BackendError(code, t.desk.unreachableNoStore));
      } else setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setExpired(null);
    await signIn(password);
  }

  async function startDemo() {
    setBusy(true);
    setError(null);
    setDemo({ step: 0, steps: 3, label: t.login.starting });
    try {
      onSignedIn(await backend.startDemo(setDemo));
    } catch (err) {
      setError(err);
      setDemo(null);
    } finally {
      setBusy(false);
    }
  }

  if (autoDemo && !autoStarted) {
    setAutoStarted(true);
    void startDemo();
  }

  return (
    <main className="container my-5" style={{ maxWidth: '40rem' }} id="login">
      <h1>{t.login.title}</h1>
      <p>{t.login.intro}</p>
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        <div className="form-group mb-4">
          <label htmlFor="login-server" className="active">
            {t.login.server}
          </label>
          <input
            id="login-server"
            className="form-control"
            type="url"
            value={server}
            onChange={(e) => setServer(e.target.value)}
            placeholder="https://"
            autoComplete="url"
          />
        </div>
        <div className="form-group mb-4">
          <label htmlFor="login-username" className="active">
            {t.login.username}
          </label>
          <input
            id="login-username"
            className="form-control"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
          />
        </div>
        <div className="form-group mb-4">
          <label htmlFor="login-password" className="active">
            {t.login.password}
          </label>
          <input
            id="login-password"
            className="form-control"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </div>
        <p className="small text-muted">{t.login.offline}</p>
        <div className="d-flex flex-wrap gap-3">
          <button id="login-submit" type="submit" className="btn btn-primary" disabled={busy}>
            {t.login.submit}
          </button>
          <button
            id="login-demo"
            type="button"
            className="btn btn-outline-primary"
            disabled={busy}
            onClick={startDemo}
          >
            {t.login.demo}
          </button>
        </div>
        <p className="small mt-2">{t.login.demoHint}</p>
      </form>
      {expired !== null && (
        <>
          <div className="alert alert-warning mt-4" role="alert" data-code="password_scaduta">
            {t.errors.codes.password_scaduta}
          </div>
          <ExpiredPassword server={server} username={username} oldPassword={expired}
            onChanged={(next) => {
              setExpired(null);
              void signIn(next);
            }} />
        </>
      )}
      {demo && <ProgressBar value={demo.step} max={demo.steps} label={demo.label} />}
    </main>
  );
}
