// The run slice: the run on screen, the live one or a stored log opened, and the iteration
// shown. Each worker event is folded into it here, once (runState's applyEvent); the history
// stores what this fold made by subscribing to it.
import { errorMessage } from "../core/errorMessage";
import type { ExperimentConfig, RunLog } from "../core/types";
import { type ExperimentRunner, type RunOptions, WorkerCrashedError } from "../lib/workerClient";
import type { SliceCreator } from "./labState";
import {
  applyEvent,
  failRun,
  IDLE_RUN,
  pauseRun,
  type RunState,
  resumeRun,
  settleRun,
  shownRun,
  startingRun,
  stopRun,
} from "./runState";

export interface StartOptions extends RunOptions {
  /** The stored run this start continues (for the run history; the worker ignores it). */
  historyId?: string;
}

export interface RunActions {
  /** Runs the form's configuration, when it is valid and no run is active. */
  run(): void;
  /** Runs `config` (a stored run's, shown in the form) with `options`; false while a run is active. */
  runWith(config: ExperimentConfig, options: StartOptions): boolean;
  /** Shows a stored or imported run log in the charts; false while a run is active. */
  showLog(log: RunLog): boolean;
  pause(): void;
  resume(): void;
  /** Step mode: runs to the end of the next phase, then shows the run paused. */
  step(): void;
  stop(): void;
  /** Shows iteration `index`; null follows the newest one. */
  selectIteration(index: number | null): void;
}

export interface RunSlice {
  run: RunState;
  selectedIteration: number | null;
  runActions: RunActions;
}

function isActive(run: RunState): boolean {
  return run.status === "running" || run.status === "paused";
}

export function createRunSlice(runner: ExperimentRunner, clock: () => number): SliceCreator<RunSlice> {
  return (set, get) => {
    // Events from an earlier run (late messages) must not touch the current one.
    let runId = 0;

    const updateRun = (id: number, change: (run: RunState) => RunState): void => {
      if (id === runId) set((state) => ({ run: change(state.run) }));
    };

    const start = (config: ExperimentConfig, options: StartOptions = {}): void => {
      runId += 1;
      const id = runId;
      set({ run: startingRun(clock()), selectedIteration: null });
      const recording = get().historyRecorder.begin(config, options.historyId ?? null);
      runner
        .start(
          config,
          {
            onEvent: (event) => updateRun(id, (current) => applyEvent(current, event, clock())),
            onBackend: (report) => updateRun(id, (current) => ({ ...current, backend: report })),
            onCompacted: (result) => updateRun(id, (current) => ({ ...current, compaction: result })),
            onSaved: (save) => recording.save(save),
          },
          { resume: options.resume ?? null },
        )
        .then(
          // Stored before the run shows as ended: whoever waits for the end finds it stored.
          async (log) => {
            await recording.end({ log });
            updateRun(id, (current) => settleRun(current, log, clock()));
          },
          async (error: unknown) => {
            const crashed = error instanceof WorkerCrashedError;
            await recording.end({ error, crashed });
            updateRun(id, (current) => {
              // A crash or a lost GPU names the cause; an error event sent before it, a symptom.
              const run = crashed ? { ...current, errorMessage: null } : current;
              return failRun(run, errorMessage(error), clock());
            });
          },
        );
    };

    const runActions: RunActions = {
      run() {
        const { config, run } = get();
        if (!config || isActive(run)) return;
        start(config);
      },

      runWith(config, options) {
        if (isActive(get().run)) return false;
        get().configActions.loadDraft({ ...config });
        start(config, options);
        return true;
      },

      showLog(log) {
        if (isActive(get().run)) return false;
        runId += 1;
        set({ run: shownRun(log), selectedIteration: null });
        return true;
      },

      pause() {
        if (get().run.status !== "running") return;
        runner.pause();
        set((state) => ({ run: pauseRun(state.run, clock()) }));
      },

      resume() {
        if (get().run.status !== "paused") return;
        runner.resume();
        set((state) => ({ run: resumeRun(state.run, clock()) }));
      },

      step() {
        // A runner without step mode is never told to go on, so the run must not show running.
        if (!runner.step || !isActive(get().run)) return;
        const stepping = runId;
        if (get().run.status === "paused") set((state) => ({ run: resumeRun(state.run, clock()) }));
        void runner.step().then(() => {
          if (runId === stepping) set((state) => ({ run: pauseRun(state.run, clock()) }));
        });
      },

      stop() {
        if (!isActive(get().run)) return;
        runner.cancel();
        set((state) => ({ run: stopRun(state.run) }));
      },

      selectIteration(index) {
        set({ selectedIteration: index });
      },
    };

    return { run: IDLE_RUN, selectedIteration: null, runActions };
  };
}
