// When a run has diverged (docs/reliability.md): a step's loss that is not finite or is above
// the bound, or weights that are not finite at an epoch's end. Each ends the run at once,
// with a message that says where and what to change.
import type { Model } from "../types";

/** A loss this many times ln(classes) is far past chance (ln(classes)) for any useful run. */
export const CHANCE_LOSS_FACTOR = 100;
/** A loss this many times the run's first is growing without bound, whatever the task. */
export const FIRST_LOSS_FACTOR = 1000;

const ADVICE =
  "The run diverged: lower the learning rate (lr), reduce regGranularityPrune, or switch the optimizer (sgd ↔ adamw); a longer warm-up can help too.";

/** Where a step ran, as its messages name it. */
export interface StepPlace {
  iteration: number;
  epoch: number;
  step: number;
}

/** The run stopped because training diverged; every kind of divergence is one of these. */
export class DivergenceError extends Error {
  constructor(message: string) {
    super(`${message} ${ADVICE}`);
    this.name = "DivergenceError";
  }
}

export class NonFiniteLossError extends DivergenceError {
  constructor(place: StepPlace, loss: number) {
    super(
      `The training loss became ${loss} at iteration ${place.iteration}, epoch ${place.epoch}, step ${place.step}.`,
    );
    this.name = "NonFiniteLossError";
  }
}

export class LossAboveBoundError extends DivergenceError {
  constructor(place: StepPlace, loss: number, bound: number) {
    super(
      `The training loss reached ${loss.toPrecision(3)} at iteration ${place.iteration}, epoch ${place.epoch}, ` +
        `step ${place.step}, above the divergence bound of ${bound.toPrecision(3)}.`,
    );
    this.name = "LossAboveBoundError";
  }
}

export class NonFiniteWeightsError extends DivergenceError {
  constructor(iteration: number, epoch: number) {
    super(
      `The weights stopped being finite numbers in iteration ${iteration}, epoch ${epoch}, after the last step's update.`,
    );
    this.name = "NonFiniteWeightsError";
  }
}

/**
 * The largest loss a step may have: max(100 · ln(classes), 1000 × the run's first loss).
 * Fewer than two classes count as two, so that the bound is never 0.
 */
export function lossBound(numClasses: number, firstLoss: number): number {
  return Math.max(CHANCE_LOSS_FACTOR * Math.log(Math.max(2, numClasses)), FIRST_LOSS_FACTOR * firstLoss);
}

/** Throws the DivergenceError a step's loss calls for, if any. */
export function checkStepLoss(place: StepPlace, loss: number, numClasses: number, firstLoss: number): void {
  if (!Number.isFinite(loss)) throw new NonFiniteLossError(place, loss);
  const bound = lossBound(numClasses, firstLoss);
  if (loss > bound) throw new LossAboveBoundError(place, loss, bound);
}

/** The classes a model tells apart: the rows of its classifier (ViT's head, ResNet's fc). */
export function classCount(model: Model): number {
  const classifier = model.params["head.weight"] ?? model.params["fc.weight"];
  if (!classifier) throw new Error("the model has no classifier weight (head.weight or fc.weight)");
  return classifier.shape[0]!;
}
