import { SyncStep } from '../backend';
import { t } from '../i18n';

/** A sync's progress: sending has a known total; receiving only a running count, so
 * its bar moves without a percentage. */
export function SyncProgressBar({ step }: { step: SyncStep }) {
  let label: string = t.desk.syncing;
  let percent: number | null = null;
  if (step.phase === 'pushing' && step.total > 0) {
    label = t.desk.pushing(step.sent, step.total);
    percent = Math.round((step.sent / step.total) * 100);
  } else if (step.phase === 'pulling') {
    label = t.desk.pulling(step.records);
  } else if (step.phase === 'done') {
    percent = 100;
  }
  return (
    <div className="my-3" id="sync-progress" data-phase={step.phase}>
      <div className="progress" style={{ height: '1rem' }}>
        <div
          className={`progress-bar ${percent === null ? 'progress-bar-striped progress-bar-animated' : ''}`}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          aria-valuetext={label}
          style={{ width: `${percent ?? 100}%` }}
        />
      </div>
      <p className="small mt-1 mb-0" aria-live="polite" id="sync-progress-label">
        {label}
      </p>
    </div>
  );
}
