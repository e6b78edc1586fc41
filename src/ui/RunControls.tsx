// Run, Pause, Resume and Stop, the run's status, and where the run stands.
import { type ReactNode, useEffect } from "react";
import { historyActions, runActions, useLab } from "../store/appStore";
import { isResumable } from "../store/historySummary";
import { progressPercent, remainingMs } from "../store/runProgress";
import { explainPhase, pausedMoment } from "../store/views/phaseExplanation";
import { duration, phaseInWords } from "./format";
import { ProgressBar } from "./ProgressBar";

export function RunControls() {
  const status = useLab((s) => s.run.status);
  const valid = useLab((s) => s.config !== null);
  const errorMessage = useLab((s) => s.run.errorMessage);
  const active = status === "running" || status === "paused";
  useStepKey(active);

  return (
    <section className="run-controls" id="run-controls" aria-label="Run controls" tabIndex={-1}>
      {!active && <ResumeInterrupted />}
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="run-button"
          disabled={!valid || active}
          title={valid ? undefined : "Fix the highlighted fields first"}
          onClick={runActions.run}
        >
          Run
        </button>
        <ControlButton testId="pause-button" enabled={status === "running"} onClick={runActions.pause}>
          Pause
        </ControlButton>
        <ControlButton testId="resume-button" enabled={status === "paused"} onClick={runActions.resume}>
          Resume
        </ControlButton>
        <button
          type="button"
          data-testid="step-button"
          disabled={!active}
          title="Run to the end of the next phase and pause (S)"
          aria-keyshortcuts="s"
          onClick={runActions.step}
        >
          Step
        </button>
        <ControlButton testId="stop-button" enabled={active} onClick={runActions.stop}>
          Stop
        </ControlButton>
        <span className={`status status-${status}`} data-testid="status">
          {status}
        </span>
      </div>
      <RunProgressBar />
      <PhaseExplanationNote />
      {errorMessage && (
        <p className="error-message" data-testid="error-message" role="alert">
          {errorMessage}
        </p>
      )}
    </section>
  );
}

/** A plain button of the controls, enabled only in the states where its action applies. */
function ControlButton({
  testId,
  enabled,
  onClick,
  children,
}: {
  testId: string;
  enabled: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" data-testid={testId} disabled={!enabled} onClick={onClick}>
      {children}
    </button>
  );
}

function RunProgressBar() {
  const progress = useLab((s) => s.run.progress);
  const status = useLab((s) => s.run.status);
  const stopped = useLab((s) => s.run.stopped);
  const finished = useLab((s) => s.run.log?.final != null);
  const config = useLab((s) => s.run.log?.config ?? null);
  const value = progressPercent(progress, finished);
  const eta = status === "running" ? remainingMs(progress) : null;

  let words: string;
  if (status === "idle") words = "Press Run to start.";
  else if (status === "error") words = "The run failed.";
  else if (status === "done") words = stopped ? "Stopped; the results so far are kept." : "Finished.";
  else if (status === "paused") words = `Paused while ${phaseInWords(progress.phase)}.`;
  else words = `Now ${phaseInWords(progress.phase)}.`;

  return (
    <div className="progress-block">
      <ProgressBar testId="progress" label="Experiment progress" percent={value} />
      <div className="progress-text">
        <span>{value}%</span>
        {config && (
          <>
            {progress.iteration >= config.pruningTimes ? (
              // The loop reports the final ticket as the iteration after the last one.
              <>
                <span>final ticket</span>
                <span>
                  epoch {Math.min(progress.epoch + 1, config.finalEpochs)}/{config.finalEpochs}
                </span>
              </>
            ) : (
              <>
                <span>
                  iteration {progress.iteration + 1}/{config.pruningTimes}
                </span>
                <span>
                  epoch {Math.min(progress.epoch + 1, config.epochs)}/{config.epochs}
                </span>
              </>
            )}
            <span>
              step <span data-testid="step-counter">{progress.globalStep}</span>/{progress.totalSteps}
            </span>
          </>
        )}
        {eta !== null && <span>about {duration(eta)} left</span>}
      </div>
      <p className="phase" data-testid="phase">
        {words}
      </p>
    </div>
  );
}

/** Coming back to an interrupted run: Resume at the top, not only in the list of runs. */
function ResumeInterrupted() {
  const run = useLab((s) => {
    const shown = s.runs.find((stored) => stored.id === s.shownId);
    if (shown?.status === "interrupted" && isResumable(shown)) return shown;
    return s.runs.find((stored) => stored.status === "interrupted" && isResumable(stored)) ?? null;
  });
  if (!run) return null;
  return (
    <p className="resume-interrupted" data-testid="resume-interrupted">
      “{run.name}” was interrupted after {run.savedIterations} of {run.config.pruningTimes} iterations.{" "}
      <button
        type="button"
        data-testid="resume-interrupted-button"
        onClick={() => void historyActions.resume(run.id)}
      >
        Resume it
      </button>
    </p>
  );
}

/** S runs one phase, unless the key is typed into a field. */
function useStepKey(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable]");
      if (event.key.toLowerCase() === "s" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        runActions.step();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active]);
}

/** While paused, what the phase that just ended did (step mode's explanation). */
function PhaseExplanationNote() {
  const status = useLab((s) => s.run.status);
  const log = useLab((s) => s.run.log);
  const progress = useLab((s) => s.run.progress);
  const finalEpochs = useLab((s) => s.run.finalEpochs);
  const liveEpochs = useLab((s) => s.run.liveEpochs);
  const liveIteration = useLab((s) => s.run.liveIteration);
  if (status !== "paused") return null;
  const moment = pausedMoment({ progress, liveEpochs, liveIteration, finalEpochs });
  if (!log || !moment) {
    return (
      <p className="phase-explanation" data-testid="phase-explanation" aria-live="polite">
        Paused before the first phase: the backend is chosen and the data are loaded. Step trains the first
        epoch.
      </p>
    );
  }
  const explanation = explainPhase(log, moment);
  return (
    <p className="phase-explanation" data-testid="phase-explanation" aria-live="polite">
      {explanation.text} <span className="phase-chart">See the “{explanation.chart}” chart.</span>
    </p>
  );
}
