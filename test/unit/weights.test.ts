// Snapshots, restores and masks of a model's state (src/core/weights.ts), on a model of two
// parameters and one buffer with values small enough to read.
import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import type { Model } from "../../src/core/types";
import { cloneMasks, disposeAll, onesMasks, prunableCount, restore, snapshot } from "../../src/core/weights";
import { fakeModel } from "./fixtures/fakeModel";

function model(): Model {
  const params = {
    "a.weight": tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3])),
    "a.bias": tf.variable(tf.tensor1d([7, 8])),
    "b.weight": tf.variable(tf.tensor2d([9, 10], [1, 2])),
  };
  const buffers = { "bn.running_mean": tf.variable(tf.tensor1d([0.5]), false) };
  return fakeModel(
    params,
    () => {
      throw new Error("not used");
    },
    { prunable: ["a.weight", "b.weight"], buffers },
  );
}

const models: Model[] = [];
function made(): Model {
  const m = model();
  models.push(m);
  return m;
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe("snapshot and restore", () => {
  it("copies every parameter and buffer, so later training does not change the copy", () => {
    const m = made();
    const saved = snapshot(m);
    expect(Object.keys(saved).sort()).toEqual(["a.bias", "a.weight", "b.weight", "bn.running_mean"]);
    m.params["a.bias"]!.assign(tf.tensor1d([0, 0]));
    m.buffers["bn.running_mean"]!.assign(tf.tensor1d([9]));
    expect(values(saved["a.bias"]!)).toEqual([7, 8]);
    expect(values(saved["bn.running_mean"]!)).toEqual([0.5]);
    expect(saved["a.weight"]).not.toBe(m.params["a.weight"]);
    disposeAll(saved);
  });

  it("puts parameters and buffers back from a snapshot, leaving alone what it lacks", () => {
    const m = made();
    const saved = snapshot(m);
    m.params["a.bias"]!.assign(tf.tensor1d([0, 0]));
    m.params["b.weight"]!.assign(tf.tensor2d([0, 0], [1, 2]));
    m.buffers["bn.running_mean"]!.assign(tf.tensor1d([9]));
    const partial = { "a.bias": saved["a.bias"]!, "bn.running_mean": saved["bn.running_mean"]! };
    restore(m, partial);
    expect(values(m.params["a.bias"]!)).toEqual([7, 8]);
    expect(values(m.buffers["bn.running_mean"]!)).toEqual([0.5]);
    expect(values(m.params["b.weight"]!)).toEqual([0, 0]);
    disposeAll(saved);
  });
});

describe("masks", () => {
  it("onesMasks: ones shaped like each prunable weight, and nothing for the others", () => {
    const m = made();
    const masks = onesMasks(m);
    expect(Object.keys(masks)).toEqual(["a.weight", "b.weight"]);
    expect(masks["a.weight"]!.shape).toEqual([2, 3]);
    expect(values(masks["a.weight"]!)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(values(masks["b.weight"]!)).toEqual([1, 1]);
    disposeAll(masks);
  });

  it("cloneMasks: copies of each mask that outlive the originals", () => {
    const original = { x: tf.tensor1d([1, 0, 1]), y: tf.tensor2d([0, 1], [1, 2]) };
    const copy = cloneMasks(original);
    expect(Object.keys(copy)).toEqual(["x", "y"]);
    disposeAll(original);
    expect(values(copy.x!)).toEqual([1, 0, 1]);
    expect(copy.y!.shape).toEqual([1, 2]);
    disposeAll(copy);
  });
});

describe("disposeAll and prunableCount", () => {
  it("disposes every tensor of each record, skipping null and undefined", () => {
    const before = tf.memory().numTensors;
    const first = { a: tf.scalar(1), b: tf.scalar(2) };
    const second = { c: tf.scalar(3) };
    disposeAll(first, null, second, undefined);
    expect(tf.memory().numTensors).toBe(before);
    expect(first.a.isDisposed && first.b.isDisposed && second.c.isDisposed).toBe(true);
  });

  it("counts the entries of the prunable weights only: 6 + 2", () => {
    expect(prunableCount(made())).toBe(8);
  });
});
