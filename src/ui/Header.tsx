// The page header: the title and the backend the worker trains on, with why it fell back;
// the badge's tooltip gives "auto"'s timings, and "measure again" forgets the remembered choice.
import { useState } from "react";
import { forgetBackendChoices } from "../../workers/backendChoiceStore";
import type { BackendReport } from "../lib/workerClient";
import { useLab } from "../store/appStore";

/** The badge's tooltip: every backend's timing or reason, or why the backend was forced. */
export function backendTooltip(report: BackendReport): string {
  if (report.summary) return `Chosen by timing training steps: ${report.summary}`;
  return `${report.backend}: the configured backend, not timed`;
}

export function Header() {
  const backend = useLab((s) => s.run.backend);
  // Which report "measure again" was pressed under: a new report makes the control live again.
  const [forgottenUnder, setForgottenUnder] = useState<BackendReport | null>(null);
  const forgotten = backend !== null && forgottenUnder === backend;
  const fallbacks = backend?.fallbacks ?? [];
  const measureAgain = () => {
    void forgetBackendChoices().then(() => setForgottenUnder(backend));
  };
  return (
    <header className="app-header">
      <div>
        <h1>Pruning Lab</h1>
        <p className="tagline">Train a tiny network in your browser and watch it being pruned.</p>
      </div>
      <div className="backend">
        {backend ? (
          <>
            <span
              className={`backend-badge backend-${backend.backend}`}
              data-testid="backend-badge"
              title={backendTooltip(backend)}
              aria-describedby="backend-timings"
            >
              {backend.backend}
            </span>
            <span id="backend-timings" className="sr-only">
              {backendTooltip(backend)}
            </span>
          </>
        ) : (
          <span className="backend-pending">backend chosen at Run</span>
        )}
        {backend?.timings && (
          <button
            type="button"
            className="link-button"
            data-testid="measure-again"
            onClick={measureAgain}
            disabled={forgotten}
          >
            {forgotten ? "next Run measures again" : "measure again"}
          </button>
        )}
        {fallbacks.length > 0 && (
          <ul className="backend-reasons" data-testid="backend-reason">
            {fallbacks.map((fallback) => (
              <li key={fallback.backend}>
                not {fallback.backend}: {fallback.reason}
              </li>
            ))}
          </ul>
        )}
      </div>
    </header>
  );
}
