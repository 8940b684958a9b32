import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { backend, SyncOutcome, SyncState, SyncStep } from '../backend';
import { ErrorAlert } from './ErrorAlert';
import { SyncProgressBar } from './SyncProgressBar';
import { t } from '../i18n';
import { useOnSynced } from '../useBackgroundSync';

/** dd/mm/yyyy hh:mm in Italian, whatever the system's language. */
export function italianDateTime(iso: string): string {
  return new Date(iso).toLocaleString('it-IT', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The Cruscotto's sync card: online or not, last sync, the outbox, "Sincronizza ora".
 * `autoSync`: sync once as soon as the server answers (right after signing in). */
export function SyncPanel({ autoSync, onSynced }: { autoSync: boolean; onSynced: () => void }) {
  const [status, setStatus] = useState<SyncState | null>(null);
  const [step, setStep] = useState<SyncStep | null>(null);
  const [outcome, setOutcome] = useState<SyncOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);

  const refresh = useCallback(() => backend.syncStatus().then(setStatus, setError), []);

  const syncNow = useCallback(async () => {
    setError(null);
    setOutcome(null);
    setStep({ phase: 'pushing', sent: 0, total: 0 });
    try {
      setOutcome(await backend.syncNow(setStep));
      onSynced();
    } catch (err) {
      setError(err);
    } finally {
      setStep(null);
      await refresh();
    }
  }, [onSynced, refresh]);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useOnSynced(useCallback(() => void refresh(), [refresh]));

  const [resolving, setResolving] = useState(false);
  const [resolved, setResolved] = useState<string | null>(null);
  const resolve = useCallback(
    async (seq: number, keepMine: boolean) => {
      setError(null);
      setResolving(true);
      let done = false;
      try {
        await backend.resolveConflict({ seq, keep_mine: keepMine });
        done = true;
      } catch (err) {
        setError(err);
      }
      // The list is read again before the message appears: never "resolved" beside
      // the conflict it resolved.
      await refresh();
      setResolving(false);
      if (done) setResolved(keepMine ? t.desk.resolvedMine : t.desk.resolvedServer);
    },
    [refresh],
  );

  useEffect(() => {
    if (autoSync && !started.current && status?.online && status.connected) {
      started.current = true;
      void syncNow();
    }
  }, [autoSync, status, syncNow]);

  const fmt = (n: number) => n.toLocaleString('it-IT');
  if (!status) return <ErrorAlert error={error} />;
  const badge = !status.connected
    ? { cls: 'bg-secondary', text: t.desk.localOnly }
    : status.online
      ? { cls: 'bg-success', text: t.desk.online }
      : { cls: 'bg-danger', text: t.desk.offline };
  return (
    <section className="card card-bg mb-4" id="sync" aria-labelledby="sync-title"
      data-online={String(status.online)} data-pending={status.pending}>
      <div className="card-body">
        <div className="d-flex flex-wrap align-items-center gap-3 mb-2">
          <h2 className="h5 mb-0" id="sync-title">{t.desk.syncTitle}</h2>
          <span className={`badge ${badge.cls}`} id="sync-online">{badge.text}</span>
          <button type="button" id="sync-now" className="btn btn-primary btn-sm ms-auto"
            disabled={step !== null || !status.connected} onClick={() => void syncNow()}>
            {t.desk.syncNow}
          </button>
        </div>
        {status.connected && !status.online && (
          <div className="alert alert-warning" role="status" id="sync-offline">
            {t.desk.offlineNotice(t.desk.age(status.data_age_minutes ?? null))}
          </div>
        )}
        {!status.connected && <p className="mb-2">{t.desk.localNotice}</p>}
        <ErrorAlert error={error} />
        {step && <SyncProgressBar step={step} />}
        {outcome && (
          <div className="alert alert-success" role="status" id="sync-done" data-pulled={outcome.pulled}>
            {t.desk.synced(outcome.pulled, outcome.applied)}
            {outcome.conflicts > 0 && ` ${t.desk.syncedConflicts(outcome.conflicts)}`}
            {outcome.invalid > 0 && ` ${t.desk.syncedInvalid(outcome.invalid)}`}
            {outcome.set_aside > 0 && ` ${t.desk.syncedSetAside(outcome.set_aside)}`}
          </div>
        )}
        {outcome?.push_stopped && (
          <div className="alert alert-warning" role="status" id="sync-push-stopped">
            {t.desk.pushStopped(outcome.push_stopped)}
          </div>
        )}
        <dl className="row mb-0">
          {status.server && (
            <>
              <dt className="col-12 col-sm-5 col-md-4">{t.desk.server}</dt>
              <dd className="col-12 col-sm-7 col-md-8 text-break">{status.server}</dd>
            </>
          )}
          {status.scope && (
            <>
              <dt className="col-12 col-sm-5 col-md-4">{t.desk.scope}</dt>
              <dd className="col-12 col-sm-7 col-md-8">{status.scope === 'tutte' ? t.dashboard.allBranches : status.scope.replace('filiale:', '')}</dd>
            </>
          )}
          <dt className="col-12 col-sm-5 col-md-4">{t.desk.lastSync}</dt>
          <dd className="col-12 col-sm-7 col-md-8" id="sync-last">
            {status.last_sync_at ? `${italianDateTime(status.last_sync_at)} (${t.desk.age(status.data_age_minutes ?? null)})` : t.desk.never}
          </dd>
          <dt className="col-12 col-sm-5 col-md-4">{t.dashboard.pending}</dt>
          <dd className="col-12 col-sm-7 col-md-8" id="dashboard-pending">{fmt(status.pending)}</dd>
          <dt className="col-12 col-sm-5 col-md-4">{t.dashboard.rejected}</dt>
          <dd className="col-12 col-sm-7 col-md-8" id="sync-rejected">{fmt(status.rejected)}</dd>
          <dt className="col-12 col-sm-5 col-md-4">{t.dashboard.conflicts}</dt>
          <dd className="col-12 col-sm-7 col-md-8" id="sync-conflicts">{fmt(status.conflicts)}</dd>
        </dl>
        {resolved && (
          <div className="alert alert-info mt-3" role="status" id="conflict-resolved">{resolved}</div>
        )}
        {status.problems.length > 0 && (
          <div className="table-responsive mt-3">
            <table className="table table-sm" id="sync-problems">
              <caption className="caption-top h6">{t.desk.problems}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.desk.problemSeq}</th>
                  <th scope="col">{t.columns.codice_fiscale}</th>
                  <th scope="col">{t.desk.kind}</th>
                  <th scope="col">{t.desk.problemState}</th>
                  <th scope="col">{t.desk.problemReason}</th>
                </tr>
              </thead>
              <tbody>
                {status.problems.map((p) => (
                  <Fragment key={p.seq}>
                    <tr>
                      <td>{p.seq}</td>
                      <td>{p.codice_fiscale}</td>
                      <td>{t.desk.changeKinds[p.kind] ?? p.kind}</td>
                      <td>{p.state === 'conflict' ? t.desk.conflictState : t.desk.rejectedState}</td>
                      <td>{p.reason ?? ''}</td>
                    </tr>
                    {p.state === 'conflict' && (
                      <tr className="sync-conflict" id={`conflict-${p.seq}`}>
                        <td colSpan={5}>
                          <dl className="row mb-2">
                            <dt className="col-12 col-md-3">{t.desk.conflictMine}</dt>
                            <dd className="col-12 col-md-9">{p.mine ?? ''}</dd>
                            <dt className="col-12 col-md-3">{t.desk.conflictTheirs}</dt>
                            <dd className="col-12 col-md-9">{p.theirs ?? ''}</dd>
                          </dl>
                          <div className="d-flex flex-wrap gap-2">
                            <button type="button" className="btn btn-outline-primary btn-sm"
                              id={`keep-mine-${p.seq}`} disabled={resolving}
                              onClick={() => void resolve(p.seq, true)}>
                              {t.desk.keepMine}
                            </button>
                            <button type="button" className="btn btn-outline-secondary btn-sm"
                              id={`keep-server-${p.seq}`} disabled={resolving}
                              onClick={() => void resolve(p.seq, false)}>
                              {t.desk.keepServer}
                            </button>
                          </div>
                        </td>
                      </tr>
                    )}
                    {p.state === 'rejected' && (
                      <tr className="sync-rejected" id={`rejected-${p.seq}`}>
                        <td colSpan={5}>
                          <div className="d-flex flex-wrap gap-2">
                            <button type="button" className="btn btn-outline-primary btn-sm"
                              id={`retry-${p.seq}`} disabled={resolving}
                              onClick={() => void resolve(p.seq, true)}>
                              {t.desk.keepMine}
                            </button>
                            <button type="button" className="btn btn-outline-secondary btn-sm"
                              id={`discard-${p.seq}`} disabled={resolving}
                              onClick={() => void resolve(p.seq, false)}>
                              {t.desk.discardMine}
                            </button>
                          </div>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
