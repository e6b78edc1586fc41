import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createBatcher, epochOrder } from "../../src/core/data/batches";
import { createRng, type Rng } from "../../src/core/rng";
import type { Dataset } from "../../src/core/types";

// Two 2×3×1 training images, mean 0.5, std 0.25: pixel v normalizes to (v/255 − 0.5)/0.25,
// so 0 → −2, 51 → −1.2, 102 → −0.4, 153 → 0.4, 204 → 1.2, 255 → 2.
const ramp = [0, 51, 102, 153, 204, 255];
const rampNormalized = [-2, -1.2, -0.4, 0.4, 1.2, 2];
const background = -2;

const dataset: Dataset = {
  name: "fixture",
  shape: [2, 3, 1],
  numClasses: 10,
  train: {
    images: new Uint8Array([...ramp, ...ramp.slice().reverse()]),
    labels: new Uint8Array([3, 7]),
    count: 2,
  },
  test: {
    images: new Uint8Array(Array.from({ length: 5 }, (_, i) => ramp.map(() => 51 * i)).flat()),
    labels: new Uint8Array([0, 1, 2, 3, 4]),
    count: 5,
  },
  mean: [0.5],
  std: [0.25],
};

/** An Rng whose int() replays `values`; trainBatch draws dx then dy per image from int(5) − 2. */
function replayRng(values: number[]): Rng {
  let next = 0;
  return {
    next: () => 0,
    int: () => values[next++]!,
    seed: () => 0,
    state: () => next,
  };
}

const refusingRng: Rng = {
  next: () => {
    throw new Error("drew a random number");
  },
  int: () => {
    throw new Error("drew a random number");
  },
  seed: () => 0,
  state: () => 0,
};

function expectAllClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 5);
}

function read(indices: number[], shift?: [number, number]): { x: number[]; y: number[]; shape: number[] } {
  const batcher = createBatcher(dataset);
  const augment = shift !== undefined;
  const rng = shift ? replayRng(indices.flatMap(() => [shift[0] + 2, shift[1] + 2])) : refusingRng;
  const { x, y } = batcher.trainBatch(indices, augment, rng);
  const result = { x: Array.from(x.dataSync()), y: Array.from(y.dataSync()), shape: x.shape };
  expect(y.dtype).toBe("int32");
  expect(x.dtype).toBe("float32");
  x.dispose();
  y.dispose();
  return result;
}

describe("trainBatch", () => {
  it("normalizes with the dataset's mean and std and keeps labels with their images, drawing no randomness unaugmented", () => {
    const { x, y, shape } = read([1, 0]);
    expect(shape).toEqual([2, 2, 3, 1]);
    expect(y).toEqual([7, 3]);
    const expected = [...rampNormalized.slice().reverse(), ...rampNormalized];
    expectAllClose(x, expected);
  });

  it("shifts by (dx, dy) = (1, 0): every row moves one pixel right, background enters on the left", () => {
    // Rows [a b c] [d e f] become [0 a b] [0 d e].
    const [a, b, , d, e] = rampNormalized as [number, number, number, number, number, number];
    const { x } = read([0], [1, 0]);
    expectAllClose(x, [background, a, b, background, d, e]);
  });

  it("shifts by (0, 1) and (−2, 0): down one row, left two columns", () => {
    const [a, b, c, , , f] = rampNormalized as [number, number, number, number, number, number];
    const down = read([0], [0, 1]).x;
    expectAllClose(down, [background, background, background, a, b, c]);
    const left = read([0], [-2, 0]).x;
    expectAllClose(left, [c, background, background, f, background, background]);
  });

  it("draws a separate shift for each image", () => {
    // Image 0 shifted by (1, 0), image 1 by (0, 0): image 1 comes out as its plain normalized pixels.
    const batcher = createBatcher(dataset);
    const { x, y } = batcher.trainBatch([0, 1], true, replayRng([3, 2, 2, 2]));
    const values = Array.from(x.dataSync());
    expect(values[0]).toBeCloseTo(background, 5);
    expectAllClose(values.slice(6), rampNormalized.slice().reverse());
    x.dispose();
    y.dispose();
  });

  it("refuses an index outside the training set, without leaking tensors", () => {
    const before = tf.memory().numTensors;
    expect(() => createBatcher(dataset).trainBatch([0, 2], false, refusingRng)).toThrow(
      /index 2 is outside 0\.\.1/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it("returns tensors that later batches do not overwrite", () => {
    const batcher = createBatcher(dataset);
    const first = batcher.trainBatch([0], false, refusingRng);
    const second = batcher.trainBatch([1], false, refusingRng);
    expect(first.x.dataSync()[0]).toBeCloseTo(-2, 5);
    expect(second.x.dataSync()[0]).toBeCloseTo(2, 5);
    tf.dispose([first.x, first.y, second.x, second.y]);
  });
});

describe("test batches", () => {
  it("cover the test set in order, in batches of the asked size, and leak nothing once disposed", () => {
    const before = tf.memory().numTensors;
    const sizes: number[] = [];
    const labels: number[] = [];
    const firstPixels: number[] = [];
    for (const { x, y } of createBatcher(dataset).testBatches(2)) {
      sizes.push(x.shape[0]);
      labels.push(...y.dataSync());
      const values = x.dataSync();
      for (let i = 0; i < x.shape[0]; i++) firstPixels.push(values[i * 6]!);
      tf.dispose([x, y]);
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(labels).toEqual([0, 1, 2, 3, 4]);
    // Test image i is all 51·i, normalized to (0.2·i − 0.5)/0.25 = 0.8·i − 2.
    expectAllClose(firstPixels, [-2, -1.2, -0.4, 0.4, 1.2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("testBatch(start, end) takes exactly that range", () => {
    const { x, y } = createBatcher(dataset).testBatch(3, 5);
    expect(Array.from(y.dataSync())).toEqual([3, 4]);
    expect(x.shape).toEqual([2, 2, 3, 1]);
    tf.dispose([x, y]);
  });
});

describe("epochOrder", () => {
  it("is a seeded permutation of 0..count-1", () => {
    const order = epochOrder(50, createRng(9));
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochOrder(50, createRng(9))).toEqual(order);
    expect(epochOrder(50, createRng(10))).not.toEqual(order);
  });
});
