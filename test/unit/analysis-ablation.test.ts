import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { ablates, ablationDeltas } from "../../src/core/analysis/ablation";
import type { Batch } from "../../src/core/data/batches";
import { createVit } from "../../src/core/models";
import { maskedWeight } from "../../src/core/models/params";
import type { GroupSet, Model } from "../../src/core/types";

const LN3 = Math.log(3);

/**
 * logits = W·x + b for x = the image's two pixels. W = diag(ln 3, ln 3), b = [0, ln 3], one
 * image x = [1, 0] of class 0: logits [ln 3, ln 3], CE = ln 2. Group g is row g of W and owns b[g].
 * Zeroing group 0: logits [0, ln 3], CE = ln 4, Δ = ln 2. Zeroing group 1: logits [ln 3, 0],
 * CE = ln(4/3), Δ = ln(2/3).
 */
function linearModel(): { model: Model; set: GroupSet; batch: Batch } {
  const params = {
    w: tf.variable(tf.tensor2d([LN3, 0, 0, LN3], [2, 2])),
    b: tf.variable(tf.tensor1d([0, LN3])),
  };
  const set: GroupSet = {
    name: "rows",
    kind: "neuron",
    count: 2,
    width: 1,
    slices: [{ param: "w", axis: 0, offset: 0 }],
    owned: [{ param: "b", axis: 0, offset: 0 }],
  };
  const model: Model = {
    arch: "vit",
    params,
    buffers: {},
    prunable: ["w"],
    groupSets: [set],
    torchPermutation: {},
    forward: (x, options) => {
      const rows = tf.reshape(x, [x.shape[0], 2]) as tf.Tensor2D;
      const w = maskedWeight(params, options.masks, "w");
      const logits = tf.add(tf.matMul(rows, w, false, true), maskedWeight(params, options.masks, "b"));
      return { logits: logits as tf.Tensor2D, activations: {} };
    },
    flopsPerSample: 4,
    dispose: () => tf.dispose(Object.values(params)),
  };
  const batch = { x: tf.tensor4d([1, 0], [1, 1, 1, 2]), y: tf.tensor1d([0], "int32") };
  return { model, set, batch };
}

describe("ablationDeltas on a hand-worked linear model", () => {
  const { model, set, batch } = linearModel();
  const masks = { w: tf.ones([2, 2]) };
  afterAll(() => {
    model.dispose();
    tf.dispose([batch.x, batch.y, masks.w]);
  });

  it("is the rise in cross-entropy with the group's slices and owned slices zeroed", () => {
    const deltas = ablationDeltas(model, masks, [set], [batch], { alive: { rows: [true, true] } });
    expect(deltas.rows![0]).toBeCloseTo(Math.log(2), 5);
    expect(deltas.rows![1]).toBeCloseTo(Math.log(2 / 3), 5);
  });

  it("gives null for a dead group, and leaves the tensor count as it was", () => {
    const before = tf.memory().numTensors;
    const deltas = ablationDeltas(model, masks, [set], [batch], { alive: { rows: [false, true] } });
    expect(deltas.rows![0]).toBeNull();
    expect(deltas.rows![1]).toBeCloseTo(Math.log(2 / 3), 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("skips neuron sets of more than 256 groups unless ablateAll", () => {
    const wide: GroupSet = { ...set, name: "wide", count: 257 };
    expect(ablationDeltas(model, masks, [wide], [batch], { alive: {} })).toEqual({});
  });

  it("skips neuron and channel sets refill does not rank, unless ablateAll; heads never", () => {
    const alive = { rows: [true, true] };
    const untargeted = { alive, targeted: new Set<string>() };
    expect(ablationDeltas(model, masks, [set], [batch], untargeted)).toEqual({});
    expect(
      Object.keys(ablationDeltas(model, masks, [set], [batch], { ...untargeted, ablateAll: true })),
    ).toEqual(["rows"]);
    expect(
      Object.keys(ablationDeltas(model, masks, [set], [batch], { alive, targeted: new Set(["rows"]) })),
    ).toEqual(["rows"]);
    expect(ablates({ ...set, kind: "head" }, { targeted: new Set<string>() })).toBe(true);
  });
});

describe("ablationDeltas on a ViT", () => {
  // 8×8×1 images, 4×4 patches; E = 8, two heads of width 4.
  const vit = createVit({ depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1);
  const batch = {
    x: tf.randomNormal([6, 8, 8, 1], 0, 1, "float32", 3) as tf.Tensor4D,
    y: tf.tensor1d([0, 1, 2, 0, 1, 2], "int32"),
  };
  afterAll(() => {
    vit.dispose();
    tf.dispose([batch.x, batch.y]);
  });

  it("is 0 for a head whose proj columns are zero, not for the other head", () => {
    const proj = vit.params["blocks.0.attn.proj.weight"]!;
    const columnMask = tf.tensor2d([1, 1, 1, 1, 0, 0, 0, 0], [1, 8]);
    proj.assign(tf.mul(proj, tf.sub(1, columnMask)));
    // The weights are large enough for head 1 to matter.
    proj.assign(tf.mul(proj, 50));
    columnMask.dispose();
    const attn = vit.groupSets.find((set) => set.name === "blocks.0.attn")!;
    const deltas = ablationDeltas(vit, {}, [attn], [batch], { alive: {} });
    expect(deltas["blocks.0.attn"]![0]).toBeCloseTo(0, 6);
    expect(Math.abs(deltas["blocks.0.attn"]![1]!)).toBeGreaterThan(1e-4);
  });
});

describe("stacked ablation on a ViT", () => {
  // depth 2, E = 8, 2 heads, 16 MLP neurons; 5 images per copy, so a pass holds up to 102 copies.
  const vit = createVit({ depth: 2, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 2);
  const batch = {
    x: tf.randomNormal([5, 8, 8, 1], 0, 1, "float32", 9) as tf.Tensor4D,
    y: tf.tensor1d([0, 1, 2, 0, 1], "int32"),
  };
  afterAll(() => {
    vit.dispose();
    tf.dispose([batch.x, batch.y]);
  });

  it("zeroing activation columns on stacked copies gives what zeroing the weights gives", () => {
    // Scaled up so that every group moves the loss measurably.
    for (const name of vit.prunable) vit.params[name]!.assign(tf.mul(vit.params[name]!, 20));
    const alive = { "blocks.1.mlp": Array.from({ length: 16 }, (_, g) => g !== 3) };
    const before = tf.memory().numTensors;
    const stacked = ablationDeltas(vit, {}, vit.groupSets, [batch], { alive });
    expect(tf.memory().numTensors).toBe(before);
    const masked = ablationDeltas(vit, {}, vit.groupSets, [batch], { alive, stack: false });
    expect(Object.keys(stacked)).toEqual(["blocks.0.attn", "blocks.0.mlp", "blocks.1.attn", "blocks.1.mlp"]);
    expect(stacked["blocks.1.mlp"]![3]).toBeNull();
    const sizes = Object.values(masked).flatMap((deltas) => deltas.map((d) => Math.abs(d ?? 0)));
    expect(Math.max(...sizes)).toBeGreaterThan(0.01);
    for (const [name, deltas] of Object.entries(masked)) {
      for (const [g, delta] of deltas.entries()) {
        if (delta === null) expect(stacked[name]![g]).toBeNull();
        else expect(stacked[name]![g]).toBeCloseTo(delta, 4);
      }
    }
  });
});
