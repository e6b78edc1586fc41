// The runs kept in this browser, newest first, with import by file or by dropping a run log
// onto the list, and what went wrong with storage or an import.
import { historyActions, useLab } from "../../store/appStore";
import { useFileDrop } from "../useFileDrop";
import { RunItem } from "./RunItem";
import "./history.css";

function importFirst(files: FileList | null): void {
  const file = files?.[0];
  if (file) void historyActions.importFile(file);
}

export function RunsPanel() {
  const runs = useLab((s) => s.runs);
  const ready = useLab((s) => s.historyReady);
  const liveIds = useLab((s) => s.liveIds);
  const shownId = useLab((s) => s.shownId);
  const compareIds = useLab((s) => s.compareIds);
  const importError = useLab((s) => s.importError);
  const storageError = useLab((s) => s.historyStorageError);
  const notice = useLab((s) => s.historyNotice);
  const busy = useLab((s) => s.run.status === "running" || s.run.status === "paused");
  const { dragging, dropTarget } = useFileDrop(importFirst);

  return (
    <section
      className={`panel runs-panel${dragging ? " runs-dragging" : ""}`}
      aria-label="Runs"
      data-testid="runs-panel"
      {...dropTarget}
    >
      <div className="panel-head">
        <h2>Runs</h2>
        <label className="button-like">
          Import run log…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            data-testid="import-json"
            onChange={(event) => {
              importFirst(event.currentTarget.files);
              event.currentTarget.value = "";
            }}
          />
        </label>
      </div>
      <p className="runs-hint">
        Every run is kept in this browser as it goes, with what it needs to resume after a reload. Drop a
        run-log JSON here (from this lab, <code>npm run lab</code> or a PyTorch pipeline) to view it.
      </p>
      {notice && <p className="runs-notice">{notice}</p>}
      {storageError && (
        <div className="error-message runs-alert" role="alert" data-testid="history-error">
          <span>{storageError}</span>
          <button type="button" onClick={historyActions.dismissStorageError}>
            Dismiss
          </button>
        </div>
      )}
      {importError && (
        <p className="error-message" role="alert" data-testid="import-error">
          {importError}
        </p>
      )}
      <ul className="runs-list" data-testid="runs-list">
        {runs.map((run) => (
          <RunItem
            key={run.id}
            run={run}
            live={liveIds.includes(run.id)}
            shown={shownId === run.id}
            picked={compareIds.includes(run.id)}
            busy={busy}
          />
        ))}
      </ul>
      {ready && runs.length === 0 && (
        <p className="chart-empty" data-testid="runs-empty">
          No runs yet: press Run, or import a run log.
        </p>
      )}
    </section>
  );
}
