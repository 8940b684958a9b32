export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="my-3">
      <div className="progress" style={{ height: '1rem' }}>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label={label}
          aria-valuenow={percent}
          aria-valuemin={0}
          aria-valuemax={100}
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="small mt-1 mb-0" aria-live="polite">
        {label}
      </p>
    </div>
  );
}
