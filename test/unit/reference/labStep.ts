// The lab's side of a cross-checked training step: one masked, RSST-pulled step of `model`,
// with what the reference needs to take the same step (all read out as float64).
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../../../src/core/data/batches";
import { createOptimizer, decays } from "../../../src/core/train/optimizer";
import { trainStep } from "../../../src/core/train/step";
import type { MaskSet, Model } from "../../../src/core/types";
import { toParams } from "./fixtures";
import type { Params } from "./vit";

export interface StepSettings {
  optimizer: "sgd" | "adamw";
  lr: number;
  lambda: number;
  weightDecay: number;
}

export interface LabStep {
  settings: StepSettings;
  before: Params;
  after: Params;
  maskParams: Params;
  pullParams: Params;
}

/** One step with momentum 0.9 under `masks`, pulling where `pull` is 1; the model is updated. */
export function labStep(
  model: Model,
  masks: MaskSet,
  pull: MaskSet,
  batch: Batch,
  settings: StepSettings,
): LabStep {
  const before = toParams(model.params);
  const maskParams = toParams(masks);
  const pullParams = toParams(pull);
  const optimizer = createOptimizer(model.params, {
    name: settings.optimizer,
    momentum: 0.9,
    weightDecay: settings.weightDecay,
  });
  const result = trainStep(model, masks, batch, optimizer, settings.lr, { lambda: settings.lambda, pull });
  tf.dispose([result.loss, result.correct]);
  optimizer.dispose();
  return { settings, before, after: toParams(model.params), maskParams, pullParams };
}

/** One parameter entry before the step: its value, gradient, pull (0 or 1) and weight decay. */
export interface StepEntry {
  name: string;
  i: number;
  value: number;
  g: number;
  p: number;
  decay: number;
}

/** Visits every entry of the parameters before `step`, with `grads` the reference's gradients. */
export function forEachEntry(
  step: LabStep,
  grads: Params,
  model: Model,
  visit: (entry: StepEntry) => void,
): void {
  for (const [name, w] of Object.entries(step.before)) {
    const decay = decays(name, model.params[name]!) ? step.settings.weightDecay : 0;
    const pulled = step.pullParams[name]?.data;
    w.data.forEach((value, i) => {
      visit({ name, i, value, g: grads[name]!.data[i]!, p: pulled ? pulled[i]! : 0, decay });
    });
  }
}
