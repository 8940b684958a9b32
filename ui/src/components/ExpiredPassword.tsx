import { FormEvent, useEffect, useState } from 'react';
import { backend, PasswordCheck } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { t } from '../i18n';

/** The change-password form for a password the server refused as expired: the policy
 * is shown and checked as the user types; `onChanged` gets the new password. */
export function ExpiredPassword({
  server,
  username,
  oldPassword,
  onChanged,
}: {
  server: string;
  username: string;
  oldPassword: string;
  onChanged: (newPassword: string) => void;
}) {
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [check, setCheck] = useState<PasswordCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    if (!next) {
      setCheck(null);
      return;
    }
    backend.checkPassword(username, next).then((c) => current && setCheck(c), setError);
    return () => {
      current = false;
    };
  }, [username, next]);

  const mismatch = repeat !== '' && repeat !== next;
  const ready = check?.acceptable === true && repeat === next;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await backend.changeExpiredPassword({
        server,
        username,
        old_password: oldPassword,
        new_password: next,
      });
      onChanged(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate id="expired" className="mt-4" aria-labelledby="expired-title">
      <h2 className="h4" id="expired-title">{t.desk.expiredTitle}</h2>
      <p className="small">{t.desk.policy}</p>
      <ErrorAlert error={error} />
      <div className="form-group mb-4">
        <label htmlFor="expired-new" className="active">{t.desk.newPassword}</label>
        <input id="expired-new" className="form-control" type="password" value={next}
          autoComplete="new-password" aria-describedby="expired-rules"
          onChange={(e) => setNext(e.target.value)} />
      </div>
      <div id="expired-rules" aria-live="polite" className="mb-4">
        {check && check.acceptable && <p className="text-success small" id="expired-ok">{t.password.ok}</p>}
        {check && !check.acceptable && (
          <>
            <p className="small fw-semibold mb-1">{t.password.rules}</p>
            <ul className="small text-danger" id="expired-problems">
              {check.problems.map((p) => <li key={p.code}>{p.message}</li>)}
            </ul>
          </>
        )}
      </div>
      <div className="form-group mb-4">
        <label htmlFor="expired-repeat" className="active">{t.desk.repeatPassword}</label>
        <input id="expired-repeat" className="form-control" type="password" value={repeat}
          autoComplete="new-password" aria-invalid={mismatch}
          onChange={(e) => setRepeat(e.target.value)} />
        {mismatch && <p className="small text-danger mt-1" id="expired-mismatch">{t.desk.mismatch}</p>}
      </div>
      <button id="expired-submit" type="submit" className="btn btn-primary" disabled={!ready || busy}>
        {busy ? t.desk.changing : t.desk.changeSubmit}
      </button>
    </form>
  );
}
