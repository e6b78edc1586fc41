import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { measureImportance } from "../../src/core/prune";
import type { ForwardOptions, ForwardResult, GroupSet, MaskSet, Model } from "../../src/core/types";

// A hand-written model: input x (one number per sample) → hidden h = x·w (6 units forming
// 3 groups of width 2, plus the probe) → logits z = W2·h + b.
//   w  = [0, 3 | 2, 2 | 4, 4]                       (groups g0 | g1 | g2)
//   W2 = [[1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0]]  (g2 feeds nothing: zero columns)
//   b  = [0, ln 3 − 1]
// For x = 1: h = w, z = [3, 3 + ln 3], softmax p = [1/4, 3/4]. With label 0,
// ∂L/∂z = p − e0 = [−3/4, 3/4], ∂L/∂h = W2ᵀ(p − e0) = [−¾, −¾, ¾, ¾, 0, 0].
const HIDDEN = "hidden.weight";
const hidden: GroupSet = {
  name: "hidden",
  kind: "neuron",
  count: 3,
  width: 2,
  slices: [{ param: HIDDEN, axis: 0, offset: 0 }],
};

function fakeModel(): Model {
  const params = {
    [HIDDEN]: tf.variable(tf.tensor2d([0, 3, 2, 2, 4, 4], [6, 1])),
    "head.weight": tf.variable(
      tf.tensor2d([
        [1, 1, 0, 0, 0, 0],
        [0, 0, 1, 1, 0, 0],
      ]),
    ),
    "head.bias": tf.variable(tf.tensor1d([0, Math.log(3) - 1])),
  };
  return {
    arch: "vit",
    params,
    buffers: {},
    prunable: [HIDDEN],
    groupSets: [hidden],
    torchPermutation: {},
    flopsPerSample: 0,
    forward(x: tf.Tensor4D, options: ForwardOptions): ForwardResult {
      if (options.training) throw new Error("criteria must run in eval mode");
      const input = tf.reshape(x, [-1, 1]) as tf.Tensor2D;
      const w = tf.mul(params[HIDDEN], options.masks[HIDDEN]!) as tf.Tensor2D;
      const h0 = tf.matMul(input, w, false, true);
      const probe = options.probes?.hidden;
      const h = probe ? tf.add(h0, probe) : h0;
      const logits = tf.add(
        tf.matMul(h, params["head.weight"], false, true),
        params["head.bias"],
      ) as tf.Tensor2D;
      return { logits, activations: options.collect ? { hidden: h } : {} };
    },
    dispose() {
      for (const v of Object.values(params)) v.dispose();
    },
  };
}

function batch(xs: number[], labels: number[]): { x: tf.Tensor4D; y: tf.Tensor1D } {
  return { x: tf.tensor4d(xs, [xs.length, 1, 1, 1]), y: tf.tensor1d(labels, "int32") };
}

const model = fakeModel();
const ones: MaskSet = { [HIDDEN]: tf.ones([6, 1]) };
const single = batch([1], [0]);
const negativeDouble = batch([-2], [0]);
const twice = batch([1, 1], [0, 0]);

afterAll(() => {
  model.dispose();
  for (const t of [ones[HIDDEN]!, single.x, single.y, negativeDouble.x, negativeDouble.y, twice.x, twice.y]) {
    t.dispose();
  }
});

function measure(
  criterion: Parameters<typeof measureImportance>[3],
  batches: { x: tf.Tensor4D; y: tf.Tensor1D }[],
  masks = ones,
) {
  const before = tf.memory().numTensors;
  const importance = measureImportance(model, masks, [hidden], criterion, batches);
  expect(tf.memory().numTensors).toBe(before);
  return importance.hidden!;
}

describe("measureImportance", () => {
  it("remain counts the kept entries of each group", () => {
    const masks = { [HIDDEN]: tf.tensor2d([1, 1, 0, 1, 0, 0], [6, 1]) };
    expect(measure("remain", [], masks)).toEqual([2, 1, 0]);
    masks[HIDDEN].dispose();
  });

  it("magnitude is Σ|w ⊙ m| and ranks the dead-end group g2 first", () => {
    expect(measure("magnitude", [])).toEqual([3, 4, 8]);
    const masks = { [HIDDEN]: tf.tensor2d([1, 0, 1, 1, 1, 0], [6, 1]) };
    expect(measure("magnitude", [], masks)).toEqual([0, 4, 4]);
    masks[HIDDEN].dispose();
  });

  it("l1 is mean |a| per group, averaged over batches", () => {
    // x = 1: g0 (0 + 3)/2 = 1.5, g1 2, g2 4; x = −2 doubles them: 3, 4, 8.
    expect(measure("l1", [single])).toEqual([1.5, 2, 4]);
    expect(measure("l1", [single, negativeDouble])).toEqual([2.25, 3, 6]);
    // the mask reaches the forward pass: zeroing w[4] leaves g2 = (0 + 4)/2 = 2
    const masks = { [HIDDEN]: tf.tensor2d([1, 1, 1, 1, 0, 1], [6, 1]) };
    expect(measure("l1", [single], masks)).toEqual([1.5, 2, 2]);
    masks[HIDDEN].dispose();
  });

  it("l2 is sqrt(mean a²), which ranks g0 above g1 where l1 does not", () => {
    // x = 1: mean a² = 4.5, 4, 16 → sqrt: 2.1213, 2, 4.
    const l2 = measure("l2", [single]);
    expect(l2[0]).toBeCloseTo(Math.sqrt(4.5), 6);
    expect(l2[1]).toBeCloseTo(2, 6);
    expect(l2[2]).toBeCloseTo(4, 6);
    // with x = −2 as well: mean a² averaged = (4.5 + 18)/2, (4 + 16)/2, (16 + 64)/2.
    const averaged = measure("l2", [single, negativeDouble]);
    expect(averaged[0]).toBeCloseTo(Math.sqrt(11.25), 5);
    expect(averaged[1]).toBeCloseTo(Math.sqrt(10), 5);
    expect(averaged[2]).toBeCloseTo(Math.sqrt(40), 5);
  });

  it("saliency is Σ|a ⊙ ∂L/∂a| with real gradients; a dead-end group scores exactly 0", () => {
    // a = [0, 3 | 2, 2 | 4, 4], ∂L/∂a = [−¾, −¾ | ¾, ¾ | 0, 0]:
    // g0 = 0 + 2.25 = 2.25, g1 = 1.5 + 1.5 = 3, g2 = 0 although its weights are the largest.
    const saliency = measure("saliency", [single]);
    expect(saliency[0]).toBeCloseTo(2.25, 5);
    expect(saliency[1]).toBeCloseTo(3, 5);
    expect(saliency[2]).toBe(0);
    // L is the batch mean: two copies of the sample halve each gradient and sum to the same.
    const sameSample = measure("saliency", [twice]);
    expect(sameSample[0]).toBeCloseTo(2.25, 5);
    expect(sameSample[1]).toBeCloseTo(3, 5);
    // summed over batches
    const summed = measure("saliency", [single, single]);
    expect(summed[0]).toBeCloseTo(4.5, 5);
    expect(summed[1]).toBeCloseTo(6, 5);
  });

  it("needs batches for activation criteria and the set's activation from the model", () => {
    expect(() => measureImportance(model, ones, [hidden], "l1", [])).toThrow(/evaluation batch/);
    // With no group set to rank (e.g. an unstructured run) there is nothing to evaluate.
    expect(measureImportance(model, ones, [], "l1", [])).toEqual({});
    const missing: GroupSet = { ...hidden, name: "other" };
    expect(() => measureImportance(model, ones, [missing], "l1", [single])).toThrow(
      /no activation for "other"/,
    );
  });
});
