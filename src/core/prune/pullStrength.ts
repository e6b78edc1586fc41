// How hard RSST pulls over one iteration, as one number: the share of its size a pulled weight
// keeps when nothing but the pull acts on it (zero gradient, no weight decay). λ alone does not
// say it: the pull acts through lr_t, so a λ that grows while a cosine schedule takes lr to zero
// barely moves a weight, and through SGD's momentum λ·w is amplified up to 1/(1 − μ).
import { stepsPerEpoch } from "../config";
import { learningRate, lrScheduleOf } from "../train/lrSchedule";
import type { ExperimentConfig } from "../types";
import { rsstLambda } from "./schedule";

type PullSettings = Pick<
  ExperimentConfig,
  | "optimizer"
  | "lr"
  | "momentum"
  | "warmup"
  | "decreasingLr"
  | "epochs"
  | "trainSize"
  | "batchSize"
  | "rstSchedule"
  | "regGranularityPrune"
  | "exponents"
>;

/**
 * The factor a pulled weight with no gradient is multiplied by over one RSST iteration: under
 * AdamW ∏ₛ(1 − lrₛ·λₛ) (the decoupled pull), under SGD the same weight stepped with d = λₛ·w
 * through the momentum buffer, as the training step does.
 */
export function pulledWeightKept(config: PullSettings): number {
  const perEpoch = stepsPerEpoch(config);
  const steps = config.epochs * perEpoch;
  const schedule = lrScheduleOf(config, perEpoch);
  let weight = 1;
  let velocity = 0;
  for (let step = 0; step < steps; step++) {
    const lr = learningRate(schedule, step);
    const lambda = rsstLambda(config.rstSchedule, config.regGranularityPrune, config.exponents, step, steps);
    if (config.optimizer === "adamw") {
      weight *= 1 - lr * lambda;
    } else {
      velocity = config.momentum * velocity + lambda * weight;
      weight -= lr * velocity;
    }
  }
  return weight;
}

/** One sentence for people: how much of a pulled weight the pull alone leaves per iteration. */
export function describePull(config: PullSettings): string {
  const kept = pulledWeightKept(config);
  const size = Math.abs(kept);
  const share = size >= 0.1 ? `${Math.round(size * 100)}%` : `${(size * 100).toFixed(1)}%`;
  let remark = "";
  if (kept > 0.5) remark = " — a weak pull: raise λ max or choose a λ that rises earlier";
  else if (kept < 0) remark = " — and past zero: lr·λ is too large a step, lower λ max";
  return `RSST's pull alone leaves a weight outside the structure at ${share} of its size over an iteration${remark}.`;
}
