// One optimizer step and a test-set evaluation, leak-free.
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../data/batches";
import { installWasmKernels } from "../models/wasmKernels";
import { addRsstPull, decayPulled } from "../prune/rsst";
import type { MaskSet, Model } from "../types";
import { correctCount, crossEntropy } from "./loss";
import type { Optimizer } from "./optimizer";

export interface Regularization {
  lambda: number;
  /** (1 − R) ⊙ M per prunable name (and 1 − R over what cut groups own): the entries the structure will drop. */
  pull: MaskSet;
}

export interface StepResult {
  loss: tf.Scalar;
  correct: tf.Scalar;
}

/** Forward, backward, optional RSST pull, update. The caller owns the returned scalars. */
export function trainStep(
  model: Model,
  masks: MaskSet,
  batch: Batch,
  optimizer: Optimizer,
  lr: number,
  regularization: Regularization | null,
): StepResult {
  installWasmKernels();
  let logits: tf.Tensor2D | null = null;
  const names = Object.keys(model.params);
  const { value, grads: byVariable } = tf.variableGrads(
    () => {
      logits = tf.keep(model.forward(batch.x, { training: true, masks }).logits);
      return crossEntropy(logits, batch.y);
    },
    names.map((name) => model.params[name]!),
  );
  // Off the tape, where its ops clone no inputs for a backward pass that never comes.
  const correct = correctCount(logits!, batch.y);
  tf.dispose(logits!);
  // variableGrads keys gradients by tfjs's internal variable names; the rest speaks PyTorch names.
  const grads = Object.fromEntries(names.map((name) => [name, byVariable[model.params[name]!.name]!]));
  const pulling = regularization !== null && regularization.lambda > 0;
  if (pulling && optimizer.name === "sgd") {
    // SGD: λ·w joins the gradient, as in the reference pipeline.
    const pulled = addRsstPull(grads, model.params, regularization.pull, regularization.lambda);
    optimizer.apply(pulled, lr);
    tf.dispose(Object.values(pulled).filter((g) => !Object.values(grads).includes(g)));
  } else {
    optimizer.apply(grads, lr);
    // AdamW: decoupled, like its weight decay, so Adam's normalization does not rescale λ.
    if (pulling) decayPulled(model.params, regularization.pull, lr * regularization.lambda);
  }
  tf.dispose(Object.values(grads));
  return { loss: value, correct };
}

/** Accuracy over the given batches, in eval mode under `masks`; disposes each batch after use. */
export async function evaluate(model: Model, masks: MaskSet, batches: Iterable<Batch>): Promise<number> {
  let correct = 0;
  let total = 0;
  for (const batch of batches) {
    const count = tf.tidy(() =>
      correctCount(model.forward(batch.x, { training: false, masks }).logits, batch.y),
    );
    correct += (await count.data())[0]!;
    total += batch.y.shape[0];
    tf.dispose([count, batch.x, batch.y]);
  }
  return total === 0 ? 0 : correct / total;
}
