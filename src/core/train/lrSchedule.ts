// The learning rate over the steps of one iteration: optional linear warm-up, then cosine
// decay to zero, step decay at epoch milestones (×0.1 each, the reference's MultiStepLR), or
// constant.
import { lrMilestones } from "../config";

export interface LrSchedule {
  lr: number;
  warmupEpochs: number;
  /** "cosine" | "none" | "91,136" */
  decreasingLr: string;
  epochs: number;
  stepsPerEpoch: number;
}

/** The schedule of `config`'s iterations, `stepsPerEpoch` optimizer steps an epoch. */
export function lrScheduleOf(
  config: { lr: number; warmup: number; decreasingLr: string; epochs: number },
  stepsPerEpoch: number,
): LrSchedule {
  const { lr, warmup, decreasingLr, epochs } = config;
  return { lr, warmupEpochs: warmup, decreasingLr, epochs, stepsPerEpoch };
}

export function learningRate(schedule: LrSchedule, step: number): number {
  const { lr, warmupEpochs, decreasingLr, epochs, stepsPerEpoch } = schedule;
  const warmupSteps = Math.min(warmupEpochs, epochs) * stepsPerEpoch;
  if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
  const total = epochs * stepsPerEpoch;
  if (decreasingLr === "cosine") {
    const span = Math.max(1, total - warmupSteps);
    const progress = Math.min(1, (step - warmupSteps) / span);
    return 0.5 * lr * (1 + Math.cos(Math.PI * progress));
  }
  if (decreasingLr === "none" || decreasingLr.trim() === "") return lr;
  const epoch = Math.floor(step / stepsPerEpoch);
  const passed = (lrMilestones(decreasingLr) ?? []).filter((milestone) => epoch >= milestone).length;
  return lr * 0.1 ** passed;
}
