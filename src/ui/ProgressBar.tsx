// A progress bar from 0 to 100%. The fill is scaled, not resized: a new width would lay the
// page out again at every step of a run.
export function ProgressBar({ testId, label, percent }: { testId: string; label: string; percent: number }) {
  return (
    <div
      className="progress"
      data-testid={testId}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
