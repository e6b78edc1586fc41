// One epoch of minibatch training under a fixed mask, optionally with RSST's growing pull.
import * as tf from "@tensorflow/tfjs";
import type { RunControl } from "../control";
import type { Batcher } from "../data/batches";
import { epochOrder } from "../data/batches";
import { rsstLambda } from "../prune/schedule";
import type { Rng } from "../rng";
import type { ExperimentConfig, ExperimentEvent, MaskSet, Model } from "../types";
import { checkStepLoss, classCount, NonFiniteWeightsError } from "./divergence";
import { learningRate, lrScheduleOf } from "./lrSchedule";
import type { Optimizer } from "./optimizer";
import { trainStep } from "./step";
import { yieldToEventLoop } from "./yield";

export { NonFiniteLossError, NonFiniteWeightsError } from "./divergence";

/**
 * Whether every parameter is finite. A step reads its loss before its update, so an update
 * that blows the weights up shows only in the next step's loss, and the epoch's last step has
 * none: 0·w sums to 0 exactly when no weight is NaN or ±Infinity.
 */
async function weightsAreFinite(model: Model): Promise<boolean> {
  // stack, not addN: WebGPU's AddN of ~40 inputs exceeds the shader's buffer bindings and fails.
  const total = tf.tidy(() => tf.sum(tf.stack(Object.values(model.params).map((w) => tf.sum(tf.mul(w, 0))))));
  const [value] = await total.data();
  total.dispose();
  return value === 0;
}

export interface EpochContext {
  config: ExperimentConfig;
  model: Model;
  masks: MaskSet;
  batcher: Batcher;
  optimizer: Optimizer;
  rng: Rng;
  control: RunControl;
  iteration: number;
  epoch: number;
  stepsPerEpoch: number;
  /** (1 − R) ⊙ M when RSST regularizes this iteration, else null. */
  pull: MaskSet | null;
  /** Global step counter across the experiment, advanced here. */
  counter: RunCounter;
  emit: (event: ExperimentEvent) => void;
}

/** What the steps of one run share across its epochs, iterations and phases. */
export interface RunCounter {
  globalStep: number;
  totalSteps: number;
  /** The loss of the run's first step, which the divergence bound scales with; set by it. */
  firstLoss?: number;
}

export interface EpochSummary {
  trainLoss: number;
  trainAcc: number;
  lambda: number;
}

export async function trainEpoch(ctx: EpochContext): Promise<EpochSummary> {
  const { config, stepsPerEpoch } = ctx;
  const order = epochOrder(config.trainSize, ctx.rng);
  const schedule = lrScheduleOf(config, stepsPerEpoch);
  const stepsInIteration = config.epochs * stepsPerEpoch;
  const numClasses = classCount(ctx.model);
  let lossSum = 0;
  let correctSum = 0;
  let seen = 0;
  let lambda = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    await ctx.control.gate();
    const stepInIteration = ctx.epoch * stepsPerEpoch + step;
    const lr = learningRate(schedule, stepInIteration);
    lambda = ctx.pull
      ? rsstLambda(
          config.rstSchedule,
          config.regGranularityPrune,
          config.exponents,
          stepInIteration,
          stepsInIteration,
        )
      : 0;
    const indices = order.subarray(step * config.batchSize, (step + 1) * config.batchSize);
    const batch = ctx.batcher.trainBatch(indices, config.augment, ctx.rng);
    const result = trainStep(
      ctx.model,
      ctx.masks,
      batch,
      ctx.optimizer,
      lr,
      ctx.pull ? { lambda, pull: ctx.pull } : null,
    );
    tf.dispose([batch.x, batch.y]);
    const packed = tf.tidy(() => tf.stack([result.loss, tf.cast(result.correct, "float32")]));
    tf.dispose([result.loss, result.correct]);
    const [loss, correct] = await packed.data();
    packed.dispose();
    ctx.counter.firstLoss ??= loss!;
    const place = { iteration: ctx.iteration, epoch: ctx.epoch, step };
    checkStepLoss(place, loss!, numClasses, ctx.counter.firstLoss);
    lossSum += loss! * indices.length;
    correctSum += correct!;
    seen += indices.length;
    ctx.counter.globalStep += 1;
    ctx.emit({
      type: "step",
      iteration: ctx.iteration,
      epoch: ctx.epoch,
      step,
      globalStep: ctx.counter.globalStep,
      totalSteps: ctx.counter.totalSteps,
      loss: loss!,
      lambda,
      lr,
    });
    await yieldToEventLoop();
  }
  if (!(await weightsAreFinite(ctx.model))) throw new NonFiniteWeightsError(ctx.iteration, ctx.epoch);
  return { trainLoss: lossSum / seen, trainAcc: correctSum / seen, lambda };
}
