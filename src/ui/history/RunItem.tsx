// One stored run in the list: its name (click to show it), when, how, how far and how well,
// its status, and what can be done with it.
import { useState } from "react";
import { CONFIG_CHOICES } from "../../core/config";
import type { BackendChoice } from "../../core/types";
import type { StoredRun } from "../../lib/historyRecord";
import { historyActions } from "../../store/appStore";
import { isResumable, summarize } from "../../store/historySummary";
import { percent } from "../format";

interface RunItemProps {
  run: StoredRun;
  /** Trained by this page now. */
  live: boolean;
  /** Its log is the one on screen. */
  shown: boolean;
  picked: boolean;
  /** A run is active in this page, so nothing else can be shown or started. */
  busy: boolean;
}

// One formatter for every item: toLocaleString builds a new one per call, which cost ~10 ms a
// call here and ran for every item on every update of the list.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

export function RunItem({ run, live, shown, picked, busy }: RunItemProps) {
  const [renaming, setRenaming] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  // The backend it ran on, or another one after a crash or a lost GPU.
  const [resumeBackend, setResumeBackend] = useState<BackendChoice>(run.config.backend);
  const summary = summarize(run);
  const resumeFrom = run.savedIterations > 0 ? `from iteration ${run.savedIterations + 1}` : "from the start";

  return (
    <li
      className={`run-item${shown ? " run-shown" : ""}`}
      data-testid="run-item"
      data-run-id={run.id}
      data-status={run.status}
      data-iterations={summary.iterationsDone}
      data-saved={run.savedIterations}
    >
      <input
        type="checkbox"
        className="run-pick"
        data-testid="run-compare"
        checked={picked}
        disabled={!run.log}
        aria-label={`Compare ${run.name}`}
        title="Pick two or more runs to compare them"
        onChange={() => historyActions.toggleCompare(run.id)}
      />
      <div className="run-main">
        {renaming ? (
          <RenameForm name={run.name} onDone={() => setRenaming(false)} id={run.id} />
        ) : (
          <button
            type="button"
            className="run-name"
            data-testid="run-open"
            disabled={busy || !run.log || live}
            title={live ? "Running now: its charts are on screen" : "Show its charts and heatmap"}
            onClick={() => historyActions.open(run.id)}
          >
            {run.name}
          </button>
        )}
        <div className="run-meta">
          <span>{when(run.createdAt)}</span>
          <span className="run-struct">{run.config.struct}</span>
          <span>
            {run.config.arch} on {run.config.dataset}
          </span>
          <span>
            {summary.iterationsDone}/{summary.iterationsPlanned} iterations
          </span>
          {summary.accuracy !== null && <span>accuracy {percent(summary.accuracy)}</span>}
          {summary.sparsity !== null && <span>sparsity {percent(summary.sparsity)}</span>}
          {run.origin === "import" && <span>imported</span>}
        </div>
        {run.errorMessage && run.status !== "done" && <p className="run-error">{run.errorMessage}</p>}
      </div>
      <span className={`status run-status status-${run.status}`} data-testid="run-status">
        {run.status}
      </span>
      <div className="run-actions">
        {isResumable(run) && (
          <>
            <select
              aria-label="Backend to resume on"
              data-testid="run-resume-backend"
              value={resumeBackend}
              disabled={busy}
              onChange={(event) => {
                const picked = CONFIG_CHOICES.backend.find((backend) => backend === event.target.value);
                if (picked) setResumeBackend(picked);
              }}
            >
              {CONFIG_CHOICES.backend.map((backend) => (
                <option key={backend} value={backend}>
                  {backend}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="primary"
              data-testid="run-resume"
              disabled={busy}
              title={busy ? "Another run is active" : `Continue ${resumeFrom} on ${resumeBackend}`}
              onClick={() => void historyActions.resume(run.id, resumeBackend)}
            >
              Resume
            </button>
          </>
        )}
        <button type="button" data-testid="run-rename" onClick={() => setRenaming(true)} disabled={renaming}>
          Rename
        </button>
        {confirmingDelete ? (
          <>
            <button
              type="button"
              className="danger"
              data-testid="run-delete-confirm"
              onClick={() => void historyActions.remove(run.id)}
            >
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirmingDelete(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            data-testid="run-delete"
            disabled={live}
            title={live ? "Stop the run first" : undefined}
            onClick={() => setConfirmingDelete(true)}
          >
            Delete
          </button>
        )}
      </div>
    </li>
  );
}

function RenameForm({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
  const [text, setText] = useState(name);
  return (
    <form
      className="run-rename"
      onSubmit={(event) => {
        event.preventDefault();
        void historyActions.rename(id, text);
        onDone();
      }}
    >
      <input
        aria-label="Run name"
        data-testid="run-name-input"
        value={text}
        // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to rename
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onDone();
        }}
      />
      <button type="submit" disabled={text.trim() === ""}>
        Save
      </button>
    </form>
  );
}
