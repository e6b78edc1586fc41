import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { addRsstPull, addRsstTerm, rsstPullMask } from "../../src/core/prune";

// w = [[1, 2, 3], [4, 5, 6]], M = [[1, 1, 0], [1, 1, 1]], R = [[1, 0, 0], [0, 1, 1]].
// (1 − R)·M = [[0, 1, 0], [1, 0, 0]]: only (0,1) and (1,0) are pulled; (0,2) has R = 0 but
// M = 0, so it is left alone. With λ = 0.5: g(0,1) += 0.5·2 = 1, g(1,0) += 0.5·4 = 2.
function fixture() {
  return {
    grads: { w: tf.fill([2, 3], 0.1), head: tf.tensor1d([7, 8]) },
    weights: { w: tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), head: tf.tensor1d([9, 9]) },
    masks: { w: tf.tensor2d([1, 1, 0, 1, 1, 1], [2, 3]) },
    structureMask: { w: tf.tensor2d([1, 0, 0, 0, 1, 1], [2, 3]) },
  };
}

function disposeFixture(f: ReturnType<typeof fixture>): void {
  for (const record of [f.grads, f.weights, f.masks, f.structureMask])
    for (const t of Object.values(record)) t.dispose();
}

describe("RSST gradient term", () => {
  it("rsstPullMask is (1 − R) ⊙ M", () => {
    const f = fixture();
    const pull = rsstPullMask(f.masks, f.structureMask);
    expect(pull.w!.arraySync()).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    pull.w!.dispose();
    disposeFixture(f);
  });

  it("adds λ·w exactly where R = 0 and M = 1; other names pass through", () => {
    const f = fixture();
    const before = tf.memory().numTensors;
    const out = addRsstTerm(f.grads, f.weights, f.masks, f.structureMask, 0.5);
    expect(tf.memory().numTensors).toBe(before + 1); // only the new gradient of w
    const expected = [0.1, 1.1, 0.1, 2.1, 0.1, 0.1];
    const actual = out.w!.dataSync();
    for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 6);
    expect(out.head).toBe(f.grads.head);
    expect(Array.from(f.grads.w.dataSync())).toEqual(new Array(6).fill(0.1).map((v) => Math.fround(v)));
    out.w!.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeFixture(f);
  });

  it("addRsstPull with a precomputed pull gives the same result", () => {
    const f = fixture();
    const pull = rsstPullMask(f.masks, f.structureMask);
    const before = tf.memory().numTensors;
    const out = addRsstPull(f.grads, f.weights, pull, 0.5);
    expect(tf.memory().numTensors).toBe(before + 1);
    const direct = addRsstTerm(f.grads, f.weights, f.masks, f.structureMask, 0.5);
    expect(Array.from(out.w!.dataSync())).toEqual(Array.from(direct.w!.dataSync()));
    for (const t of [out.w!, direct.w!, pull.w!]) t.dispose();
    disposeFixture(f);
  });
});
