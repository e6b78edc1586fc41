import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { groupDensity, groupIndicator, groupMagnitude, groupRemain, groupSize } from "../../src/core/groups";
import type { GroupSet } from "../../src/core/types";
import { convChannels, neuronSet, PROJ, QKV, TWO_HEADS } from "./fixtures/groups";

// Two heads of 32 entries each (fixtures/groups.ts): qkv.weight [12, 4], proj.weight [4, 4].
const heads = TWO_HEADS;

function headMasks(): Record<string, tf.Tensor> {
  const qkv = tf.buffer([12, 4]);
  const proj = tf.buffer([4, 4]);
  for (let r = 0; r < 12; r++) for (let c = 0; c < 4; c++) qkv.set(1, r, c);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) proj.set(1, r, c);
  for (let c = 0; c < 4; c++) qkv.set(0, 0, c); // row 0: 4 entries of head 0
  qkv.set(0, 6, 1); // head 1
  proj.set(0, 0, 3); // column 3: head 1
  proj.set(0, 2, 0); // column 0: head 0
  return { [QKV]: qkv.toTensor(), [PROJ]: proj.toTensor() };
}

function headWeights(): Record<string, tf.Tensor> {
  const qkv = tf.buffer([12, 4]);
  for (let r = 0; r < 12; r++) for (let c = 0; c < 4; c++) qkv.set(r === 2 ? -3 : 1, r, c);
  return { [QKV]: qkv.toTensor(), [PROJ]: tf.fill([4, 4], 0.5) };
}

function dispose(record: Record<string, tf.Tensor>): void {
  for (const t of Object.values(record)) t.dispose();
}

describe("group reductions over coupled slices", () => {
  it("counts entries, ones and density per head across q, k, v rows and proj columns", () => {
    const masks = headMasks();
    const before = tf.memory().numTensors;
    expect(groupSize(masks, heads)).toBe(32);
    // head 0 loses row 0 (4) and proj (2,0): 27; head 1 loses (6,1) and proj (0,3): 30.
    expect(groupRemain(masks, heads)).toEqual([27, 30]);
    expect(groupDensity(masks, heads)).toEqual([27 / 32, 30 / 32]);
    expect(tf.memory().numTensors).toBe(before);
    dispose(masks);
  });

  it("sums |w ⊙ m| per head", () => {
    const masks = headMasks();
    const weights = headWeights();
    const before = tf.memory().numTensors;
    // head 0: 24 qkv ones − 4 masked (row 0) = 20; proj 8·0.5 − 0.5 masked = 3.5 → 23.5.
    // head 1: row 2 is −3: 12, five rows of ones 20 − 1 masked = 19; proj 3.5 → 34.5.
    expect(groupMagnitude(weights, masks, heads)).toEqual([23.5, 34.5]);
    expect(tf.memory().numTensors).toBe(before);
    dispose(masks);
    dispose(weights);
  });

  it("builds 0/1 indicators over a head's rows and columns, shaped like each parameter", () => {
    const masks = headMasks();
    const before = tf.memory().numTensors;
    const indicator = groupIndicator(masks, heads, [false, true]);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(indicator[QKV]!.shape).toEqual([12, 4]);
    expect(indicator[PROJ]!.shape).toEqual([4, 4]);
    const rowsOfHead1 = [2, 3, 6, 7, 10, 11];
    const qkv = indicator[QKV]!.arraySync() as number[][];
    expect(qkv).toEqual(qkv.map((_, r) => new Array(4).fill(rowsOfHead1.includes(r) ? 1 : 0)));
    expect(indicator[PROJ]!.arraySync()).toEqual(new Array(4).fill([0, 0, 1, 1]));
    dispose(indicator);
    dispose(masks);
  });

  it("serves MLP neurons and HWIO conv channels with the same code", () => {
    const neurons = neuronSet(3);
    const masks = {
      fc1: tf.tensor2d([
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
      fc2: tf.tensor2d([
        [1, 1, 0],
        [0, 1, 1],
      ]),
    };
    // neuron n: row n of fc1 (2 entries) and column n of fc2 (2 entries).
    expect(groupRemain(masks, neurons)).toEqual([1 + 1, 2 + 2, 0 + 1]);
    const channels = convChannels(3);
    const conv = { "layer1.0.conv1.weight": tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]) };
    // HWIO: output channel c holds entries c and 3 + c.
    const convMask = { "layer1.0.conv1.weight": tf.ones([1, 1, 2, 3]) };
    expect(groupMagnitude(conv, convMask, channels)).toEqual([1 + 4, 2 + 5, 3 + 6]);
    const indicator = groupIndicator(conv, channels, [true, false, true]);
    expect(Array.from(indicator["layer1.0.conv1.weight"]!.dataSync())).toEqual([1, 0, 1, 1, 0, 1]);
    dispose(indicator);
    dispose(masks);
    dispose(conv);
    dispose(convMask);
  });

  it("rejects a slice that runs past its parameter", () => {
    const masks = headMasks();
    const tooWide: GroupSet = { ...heads, count: 3 };
    expect(() => groupRemain(masks, tooWide)).toThrow(/beyond shape/);
    expect(() => groupIndicator({}, heads, [true, true])).toThrow(/missing/);
    dispose(masks);
  });

  it("marks a parameter one set slices on two axes where either axis selects a group", () => {
    // A square 4×4 weight whose rows and columns both belong to the set's two groups (width 2).
    const square: GroupSet = {
      name: "square",
      kind: "neuron",
      count: 2,
      width: 2,
      slices: [
        { param: "w", axis: 0, offset: 0 },
        { param: "w", axis: 1, offset: 0 },
      ],
    };
    const weight = { w: tf.zeros([4, 4]) };
    const indicator = groupIndicator(weight, square, [true, false]);
    // Rows 0–1 or columns 0–1.
    expect(indicator.w?.arraySync()).toEqual([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
    ]);
    dispose(indicator);
    dispose(weight);
  });
});
