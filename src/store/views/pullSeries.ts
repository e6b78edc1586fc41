// RSST's pull at work for the pull chart: mean |w| of the pulled (R = 0, M = 1) and the kept
// (R = 1, M = 1) weights with λ, over the steps of an iteration. Live steps carry the figures
// every few steps; a finished iteration has them once per epoch.
import type { IterationRecord } from "../../core/types";
import type { LivePoint } from "../runState";

export interface PullPoint {
  step: number;
  pulled: number;
  kept: number;
  lambda: number;
}

/** The live steps that measured the pull, in step order. */
export function livePullPoints(live: readonly LivePoint[]): PullPoint[] {
  return live.flatMap((point) =>
    point.pull
      ? [{ step: point.step, pulled: point.pull.pulled, kept: point.pull.kept, lambda: point.lambda }]
      : [],
  );
}

/** An iteration's epochs that measured the pull, each at its last step. */
export function epochPullPoints(record: IterationRecord | null, stepsPerEpoch: number): PullPoint[] {
  if (!record) return [];
  return record.epochs.flatMap((epoch) =>
    epoch.pull
      ? [
          {
            step: (epoch.epoch + 1) * stepsPerEpoch - 1,
            pulled: epoch.pull.pulled,
            kept: epoch.pull.kept,
            lambda: epoch.lambda,
          },
        ]
      : [],
  );
}
