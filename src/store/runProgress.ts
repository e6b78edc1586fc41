// Where a run stands and how long it has left: pure functions of the streamed counters, or
// of a stored run's log.
import { stepsPerEpoch, totalSteps } from "../core/config";
import type { Phase, RunLog } from "../core/types";

/** Steps done and running time at one moment. */
export interface PaceMark {
  globalStep: number;
  activeMs: number;
}

export interface RunProgress {
  /** The iteration in progress (0-based). */
  iteration: number;
  /** The epoch in progress within the iteration (0-based). */
  epoch: number;
  /** Optimizer steps completed in the whole experiment. */
  globalStep: number;
  totalSteps: number;
  stepsPerEpoch: number;
  phase: Phase | null;
  /** Milliseconds spent running (pauses excluded) up to `tickAt`. */
  activeMs: number;
  /** When `activeMs` was last brought up to date; null while not running. */
  tickAt: number | null;
  /**
   * The first step after the (re)start. The ETA counts steps and time from here: a resumed
   * run starts with the steps of its earlier iterations done but none of their time.
   */
  paceFrom: PaceMark | null;
}

export const NO_PROGRESS: RunProgress = {
  iteration: 0,
  epoch: 0,
  globalStep: 0,
  totalSteps: 0,
  stepsPerEpoch: 0,
  phase: null,
  activeMs: 0,
  tickAt: null,
  paceFrom: null,
};

/**
 * Where a stored run's log stands, with nothing running: its last completed iteration, and
 * the steps done and in all counted as the worker counts them.
 */
export function loggedProgress(log: RunLog): RunProgress {
  const { config } = log;
  const perEpoch = stepsPerEpoch(config);
  const completed = log.iterations.length;
  const finalEpochs = log.final?.epochs.length ?? 0;
  return {
    ...NO_PROGRESS,
    // The final ticket counts as the iteration after the last, as the loop reports it.
    iteration: finalEpochs > 0 ? completed : Math.max(0, completed - 1),
    epoch: finalEpochs > 0 ? finalEpochs - 1 : completed > 0 ? config.epochs - 1 : 0,
    globalStep: (completed * config.epochs + finalEpochs) * perEpoch,
    totalSteps: totalSteps(config),
    stepsPerEpoch: perEpoch,
  };
}

/** Brings the running time up to `now`; `running` says whether the clock keeps going. */
export function tick(progress: RunProgress, now: number, running: boolean): RunProgress {
  const activeMs = progress.tickAt === null ? progress.activeMs : progress.activeMs + (now - progress.tickAt);
  return { ...progress, activeMs, tickAt: running ? now : null };
}

/** 0–100 over the whole experiment; 100 only once the run is done. */
export function progressPercent(progress: RunProgress, finished: boolean): number {
  if (finished) return 100;
  if (progress.totalSteps <= 0) return 0;
  return Math.min(99, Math.floor((100 * progress.globalStep) / progress.totalSteps));
}

/** Marks the pace's starting point at the first step after the (re)start; later steps keep it. */
export function withPaceMark(progress: RunProgress): RunProgress {
  if (progress.paceFrom) return progress;
  return { ...progress, paceFrom: { globalStep: progress.globalStep, activeMs: progress.activeMs } };
}

/** Estimated milliseconds left, at the pace since `paceFrom`; null before there is a pace. */
export function remainingMs(progress: RunProgress): number | null {
  const from = progress.paceFrom;
  if (!from) return null;
  const steps = progress.globalStep - from.globalStep;
  const ms = progress.activeMs - from.activeMs;
  if (steps <= 0 || ms <= 0) return null;
  const left = Math.max(0, progress.totalSteps - progress.globalStep);
  return (ms / steps) * left;
}
