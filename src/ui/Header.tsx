// The page header: the title and the backend the worker trains on, with why it fell back.
import { useExperiment } from "../store/appStore";

export function Header() {
  const backend = useExperiment((s) => s.run.backend);
  const fallbacks = backend?.fallbacks ?? [];
  return (
    <header className="app-header">
      <div>
        <h1>Pruning Lab</h1>
        <p className="tagline">Train a tiny network in your browser and watch it being pruned.</p>
      </div>
      <div className="backend">
        {backend ? (
          <span className={`backend-badge backend-${backend.backend}`} data-testid="backend-badge">
            {backend.backend}
          </span>
        ) : (
          <span className="backend-pending">backend chosen at Run</span>
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
