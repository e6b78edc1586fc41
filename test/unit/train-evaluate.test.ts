// evaluate (the test-set accuracy) and the mode each phase runs the model in: a model that
// classifies by the sign of its one feature under its mask, and records how it was called.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import type { Batch } from "../../src/core/data/batches";
import { createOptimizer } from "../../src/core/train/optimizer";
import { evaluate, trainStep } from "../../src/core/train/step";
import type { MaskSet } from "../../src/core/types";
import { fakeModel } from "./fixtures/fakeModel";

/** logits = [0, x·w·m]: class 1 when x·w·m > 0. */
function signModel(weight: number) {
  const modes: boolean[] = [];
  const params = { "head.weight": tf.variable(tf.tensor2d([[weight]])) };
  const model = fakeModel(params, (x, { training, masks }) => {
    modes.push(training);
    const w = tf.mul(params["head.weight"], masks["head.weight"] ?? 1);
    const score = tf.matMul(tf.reshape(x, [x.shape[0], 1]), w);
    return { logits: tf.concat([tf.zerosLike(score), score], 1) as tf.Tensor2D, activations: {} };
  });
  return { model, modes };
}

function batch(xs: number[], labels: number[]): Batch {
  return { x: tf.tensor4d(xs, [xs.length, 1, 1, 1]), y: tf.tensor1d(labels, "int32") };
}

describe("evaluate", () => {
  it("is the fraction right over all batches, in eval mode, and disposes each batch", async () => {
    const { model, modes } = signModel(1);
    const masks: MaskSet = { "head.weight": tf.ones([1, 1]) };
    const before = tf.memory().numTensors;
    const batches = [batch([1, -1, 2], [1, 0, 0]), batch([-3, 4], [0, 1])];
    // right: 1, -1 | 2 is wrong | -3, 4 right → 4 of 5
    expect(await evaluate(model, masks, batches)).toBeCloseTo(0.8, 12);
    expect(modes).toEqual([false, false]);
    expect(batches.every((b) => b.x.isDisposed && b.y.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(masks["head.weight"]!);
    model.dispose();
  });

  it("evaluates under the masks it is given", async () => {
    const { model } = signModel(1);
    const cut: MaskSet = { "head.weight": tf.zeros([1, 1]) };
    // masked to 0: every score is 0, argmax picks class 0 → only the class-0 samples are right
    expect(await evaluate(model, cut, [batch([1, -1, 2, -2], [1, 0, 1, 0])])).toBeCloseTo(0.5, 12);
    tf.dispose(cut["head.weight"]!);
    model.dispose();
  });

  it("is 0 over no batches", async () => {
    const { model } = signModel(1);
    expect(await evaluate(model, {}, [])).toBe(0);
    model.dispose();
  });
});

describe("trainStep", () => {
  it("runs the model in training mode", () => {
    const { model, modes } = signModel(1);
    const optimizer = createOptimizer(model.params, { name: "sgd", momentum: 0, weightDecay: 0 });
    const b = batch([1, -1], [1, 0]);
    const result = trainStep(model, {}, b, optimizer, 0.1, null);
    expect(modes).toEqual([true]);
    expect(result.correct.dataSync()[0]).toBe(2);
    tf.dispose([result.loss, result.correct, b.x, b.y]);
    optimizer.dispose();
    model.dispose();
  });
});
