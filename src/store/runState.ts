// The state of one run, and the pure fold of the worker's events into it.

import type { CompactionResult } from "../core/compact/summary";
import { foldRunLog } from "../core/runlog";
import type { EpochRecord, ExperimentEvent, PullRecord, RunLog } from "../core/types";
import type { BackendReport } from "../lib/workerClient";
import { loggedProgress, NO_PROGRESS, type RunProgress, tick, withPaceMark } from "./runProgress";

export type RunStatus = "idle" | "running" | "paused" | "done" | "error";

/** One optimizer step of the iteration being trained. */
export interface LivePoint {
  /** Step within the iteration, 0-based. */
  step: number;
  loss: number;
  lambda: number;
  /** RSST: mean |w| of the pulled and the kept weights, on the steps that measured it. */
  pull?: PullRecord;
}

export interface RunState {
  status: RunStatus;
  /** True when the user stopped the run before its end. */
  stopped: boolean;
  errorMessage: string | null;
  backend: BackendReport | null;
  log: RunLog | null;
  /** Steps of iteration `liveIteration`, as they arrive. */
  live: LivePoint[];
  /** Epochs of iteration `liveIteration`, as they finish (the log holds them once it ends). */
  liveEpochs: EpochRecord[];
  liveIteration: number;
  progress: RunProgress;
  /** The pruned model compacted, sent once the final ticket is trained (null until then). */
  compaction: CompactionResult | null;
  /** The final ticket's epochs as they finish (the log holds them once the run is done). */
  finalEpochs: EpochRecord[];
}

export const IDLE_RUN: RunState = {
  status: "idle",
  stopped: false,
  errorMessage: null,
  backend: null,
  log: null,
  live: [],
  liveEpochs: [],
  liveIteration: 0,
  progress: NO_PROGRESS,
  compaction: null,
  finalEpochs: [],
};

export function startingRun(now: number): RunState {
  return { ...IDLE_RUN, status: "running", progress: { ...NO_PROGRESS, tickAt: now } };
}

/** A stored or imported run opened to view: its own log's standing, nothing running. */
export function shownRun(log: RunLog): RunState {
  return { ...IDLE_RUN, log, status: log.final ? "done" : "idle", progress: loggedProgress(log) };
}

function isActive(run: RunState): boolean {
  return run.status === "running" || run.status === "paused";
}

function liveFor(run: RunState, iteration: number): LivePoint[] {
  return run.liveIteration === iteration ? run.live : [];
}

function liveEpochsFor(run: RunState, iteration: number): EpochRecord[] {
  return run.liveIteration === iteration ? run.liveEpochs : [];
}

export function applyEvent(run: RunState, event: ExperimentEvent, now: number): RunState {
  const log = foldRunLog(run.log, event);
  const running = run.status === "running";
  switch (event.type) {
    case "started":
      return {
        ...run,
        log,
        live: [],
        liveEpochs: [],
        liveIteration: 0,
        finalEpochs: [],
        // Running time counts from here, without backend and data start-up; the ETA's pace
        // from the first step (withPaceMark).
        progress: {
          ...NO_PROGRESS,
          totalSteps: event.totalSteps,
          stepsPerEpoch: event.stepsPerEpoch,
          tickAt: running ? now : null,
        },
      };
    case "phase":
      return {
        ...run,
        log,
        live: liveFor(run, event.iteration),
        liveEpochs: liveEpochsFor(run, event.iteration),
        liveIteration: event.iteration,
        progress: { ...run.progress, iteration: event.iteration, phase: event.phase },
      };
    case "step": {
      const point = {
        step: event.epoch * run.progress.stepsPerEpoch + event.step,
        loss: event.loss,
        lambda: event.lambda,
        ...(event.pull ? { pull: event.pull } : {}),
      };
      return {
        ...run,
        log,
        live: [...liveFor(run, event.iteration), point],
        liveEpochs: liveEpochsFor(run, event.iteration),
        liveIteration: event.iteration,
        progress: withPaceMark({
          ...tick(run.progress, now, running),
          iteration: event.iteration,
          epoch: event.epoch,
          globalStep: event.globalStep,
          totalSteps: event.totalSteps,
        }),
      };
    }
    case "epoch":
      return {
        ...run,
        log,
        live: liveFor(run, event.iteration),
        liveEpochs: [...liveEpochsFor(run, event.iteration), event.record],
        liveIteration: event.iteration,
      };
    case "final-epoch":
      return { ...run, log, finalEpochs: [...run.finalEpochs, event.record] };
    case "iteration":
      return { ...run, log };
    case "done":
      return {
        ...run,
        log,
        status: isActive(run) ? "done" : run.status,
        progress: tick(run.progress, now, false),
      };
    case "error":
      return {
        ...run,
        log,
        status: "error",
        errorMessage: event.message,
        progress: tick(run.progress, now, false),
      };
  }
}

/** The run's promise settled with its log: the log is complete (done, or cut short by Stop). */
export function settleRun(run: RunState, finalLog: RunLog, now: number): RunState {
  if (run.status === "error") return run;
  return { ...run, log: finalLog, status: "done", progress: tick(run.progress, now, false) };
}

export function failRun(run: RunState, message: string, now: number): RunState {
  return {
    ...run,
    status: "error",
    errorMessage: run.errorMessage ?? message,
    progress: tick(run.progress, now, false),
  };
}

export function pauseRun(run: RunState, now: number): RunState {
  if (run.status !== "running") return run;
  return { ...run, status: "paused", progress: tick(run.progress, now, false) };
}

export function resumeRun(run: RunState, now: number): RunState {
  if (run.status !== "paused") return run;
  return { ...run, status: "running", progress: tick(run.progress, now, true) };
}

export function stopRun(run: RunState): RunState {
  return isActive(run) ? { ...run, stopped: true } : run;
}
