// Where a run stands and how long it has left: pure functions of the streamed counters.
import type { Phase } from "../core/types";

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
};

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

/** Estimated milliseconds left, from the average pace so far; null before there is a pace. */
export function remainingMs(progress: RunProgress): number | null {
  if (progress.globalStep <= 0 || progress.activeMs <= 0) return null;
  const left = Math.max(0, progress.totalSteps - progress.globalStep);
  return (progress.activeMs / progress.globalStep) * left;
}
