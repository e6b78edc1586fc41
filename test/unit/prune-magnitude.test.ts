import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { magnitudePrune, maskSparsity, pruneCount } from "../../src/core/prune";

// Two prunable tensors with distinct magnitudes (flat order shown):
//   a (2×3): 0.5, −0.1, 0.9, 0.3, −0.7, 0.2
//   b (2×2): 0.85, −0.8, 0.4, 0.6
function weights(): Record<string, tf.Tensor> {
  return {
    a: tf.tensor2d([0.5, -0.1, 0.9, 0.3, -0.7, 0.2], [2, 3]),
    b: tf.tensor2d([0.85, -0.8, 0.4, 0.6], [2, 2]),
  };
}

function ones(): Record<string, tf.Tensor> {
  return { a: tf.ones([2, 3]), b: tf.ones([2, 2]) };
}

function flat(masks: Record<string, tf.Tensor>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(masks).map(([name, t]) => [name, Array.from(t.dataSync())]));
}

function dispose(...records: Record<string, tf.Tensor>[]): void {
  for (const record of records) for (const t of Object.values(record)) t.dispose();
}

describe("pruneCount", () => {
  it("rounds rate · kept to the nearest, ties to even, as Python's round in PyTorch's prune", () => {
    expect(pruneCount(0.2, 10)).toBe(2);
    expect(pruneCount(0.2, 6)).toBe(1); // 1.2
    expect(pruneCount(0.25, 10)).toBe(2); // 2.5 → 2
    expect(pruneCount(0.5, 3)).toBe(2); // 1.5 → 2
    expect(pruneCount(0.3, 15)).toBe(4); // 4.5 → 4 (half up would prune 5)
    expect(pruneCount(0.5, 7)).toBe(4); // 3.5 → 4
    expect(pruneCount(0.2, 4)).toBe(1); // 0.8
    expect(pruneCount(0.26, 10)).toBe(3); // 2.6
  });
});

describe("magnitudePrune", () => {
  it("global: ranks all tensors together", () => {
    const w = weights();
    const m = ones();
    const before = tf.memory().numTensors;
    // 10 kept, rate 0.2 → 2: the two smallest |w| overall are a[1] = 0.1 and a[5] = 0.2;
    // b's smallest (0.4) survives.
    const pruned = magnitudePrune(w, m, 0.2, "global");
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(flat(pruned)).toEqual({ a: [1, 0, 1, 1, 1, 0], b: [1, 1, 1, 1] });
    expect(pruned.a!.shape).toEqual([2, 3]);
    expect(flat(m)).toEqual({ a: [1, 1, 1, 1, 1, 1], b: [1, 1, 1, 1] }); // input untouched
    dispose(w, m, pruned);
  });

  it("layerwise: ranks inside each tensor, unlike global", () => {
    const w = weights();
    const m = ones();
    // a: round(0.2·6) = 1 → a[1] (0.1); b: round(0.2·4) = 1 → b[2] (0.4).
    const pruned = magnitudePrune(w, m, 0.2, "layerwise");
    expect(flat(pruned)).toEqual({ a: [1, 0, 1, 1, 1, 1], b: [1, 1, 0, 1] });
    dispose(w, m, pruned);
  });

  it("does not count already-pruned entries, and keeps them pruned", () => {
    const w = weights();
    const m = { a: tf.tensor2d([1, 1, 0, 1, 1, 0], [2, 3]), b: tf.ones([2, 2]) };
    // 8 kept (a[2] = 0.9 and a[5] = 0.2 pruned), rate 0.25 → 2 (of all 10 it would be 3):
    // the smallest kept are a[1] = 0.1 and a[3] = 0.3.
    const pruned = magnitudePrune(w, m, 0.25, "global");
    expect(flat(pruned)).toEqual({ a: [1, 0, 0, 0, 1, 0], b: [1, 1, 1, 1] });
    dispose(w, m, pruned);
  });

  it("breaks ties by tensor order as given, then lower flat index", () => {
    const w = { b: tf.tensor1d([0.5, 0.5]), a: tf.tensor1d([0.5, 0.5, 0.5]) };
    const m = { b: tf.ones([2]), a: tf.ones([3]) };
    // 5 kept, rate 0.4 → 2, all equal: b[0], then b[1].
    const pruned = magnitudePrune(w, m, 0.4, "global");
    expect(flat(pruned)).toEqual({ b: [0, 0], a: [1, 1, 1] });
    const layerwise = magnitudePrune(w, m, 0.4, "layerwise");
    // b: round(0.8) = 1 → b[0]; a: round(1.2) = 1 → a[0].
    expect(flat(layerwise)).toEqual({ b: [0, 1], a: [0, 1, 1] });
    dispose(w, m, pruned, layerwise);
  });
});

describe("maskSparsity", () => {
  it("is zeros / entries overall and per tensor", () => {
    const m = { a: tf.tensor2d([1, 0, 0, 0, 1, 0], [2, 3]), b: tf.tensor2d([1, 1, 0, 1], [2, 2]) };
    const before = tf.memory().numTensors;
    const sparsity = maskSparsity(m);
    expect(tf.memory().numTensors).toBe(before);
    expect(sparsity.layers).toEqual({ a: 4 / 6, b: 1 / 4 });
    expect(sparsity.overall).toBe(5 / 10);
    dispose(m);
  });
});
