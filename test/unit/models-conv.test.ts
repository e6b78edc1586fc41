// The ResNet's building blocks: the conv with its hand-built gradient, and batch norm.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { batchNorm } from "../../src/core/models/batchNorm";
import { conv2d } from "../../src/core/models/conv";

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
}

describe("conv2d", () => {
  // [input height, input width, kernel, stride, padding]: the block convs, the strided ones on
  // even and odd inputs (28 → 14 → 7 → 4 on MNIST), the 1×1 strided shortcut, a wide image.
  const cases: [number, number, number, number, number][] = [
    [6, 6, 3, 1, 1],
    [6, 6, 3, 2, 1],
    [7, 7, 3, 2, 1],
    [6, 6, 1, 2, 0],
    [7, 7, 1, 2, 0],
    [5, 8, 3, 2, 1],
  ];
  for (const [height, width, kernel, stride, pad] of cases) {
    it(`matches tf.conv2d and its gradients (${height}×${width}, ${kernel}×${kernel}, stride ${stride}, pad ${pad})`, () => {
      const x = tf.randomNormal([2, height, width, 3], 0, 1, "float32", 1) as tf.Tensor4D;
      const w = tf.randomNormal([kernel, kernel, 3, 4], 0, 1, "float32", 2) as tf.Tensor4D;
      const reference = tf.conv2d(x, w, stride, pad);
      const dy = tf.randomNormal(reference.shape, 0, 1, "float32", 3);
      const weighted = (conv: typeof conv2d) => (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), dy));
      const ours = tf.grads(weighted(conv2d))([x, w]);
      const native = tf.grads(weighted((a, b, s, p) => tf.conv2d(a, b, s, p)))([x, w]);
      const output = conv2d(x, w, stride, pad);
      expect(output.shape).toEqual(reference.shape);
      expect(maxAbsDiff(output, reference)).toBeLessThan(1e-5);
      expect(maxAbsDiff(ours[0] as tf.Tensor, native[0] as tf.Tensor)).toBeLessThan(1e-4);
      expect(maxAbsDiff(ours[1] as tf.Tensor, native[1] as tf.Tensor)).toBeLessThan(1e-4);
      tf.dispose([x, w, reference, dy, output, ...ours, ...native]);
    });
  }
});

function freshState(channels: number) {
  return {
    weight: tf.tensor1d([2, 0.5].slice(0, channels)),
    bias: tf.tensor1d([1, -1].slice(0, channels)),
    runningMean: tf.variable(tf.zeros([channels]), false),
    runningVar: tf.variable(tf.ones([channels]), false),
  };
}

describe("batchNorm", () => {
  // One channel, values 1, 2, 3, 6 over N·H·W = 4: mean 3, biased var (4+1+0+9)/4 = 3.5,
  // unbiased var 14/3. Running stats after one step: mean 0.9·0 + 0.1·3 = 0.3,
  // var 0.9·1 + 0.1·14/3 = 1.3666….
  const x = tf.tensor4d([1, 2, 3, 6], [2, 2, 1, 1]);

  it("normalizes with batch statistics in training and updates the running ones", () => {
    const state = freshState(1);
    const y = tf.tidy(() => batchNorm(x, state, true));
    // y = 2·(x − 3)/√(3.5 + 1e-5) + 1
    const expected = [1, 2, 3, 6].map((v) => (2 * (v - 3)) / Math.sqrt(3.5 + 1e-5) + 1);
    Array.from(y.dataSync()).forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5);
    });
    expect(state.runningMean.dataSync()[0]).toBeCloseTo(0.3, 6);
    expect(state.runningVar.dataSync()[0]).toBeCloseTo(0.9 + 1.4 / 3, 6);
    tf.dispose([y, state.weight, state.bias, state.runningMean, state.runningVar]);
  });

  it("uses and keeps the running statistics in evaluation", () => {
    const state = freshState(1);
    state.runningMean.assign(tf.tensor1d([2]));
    state.runningVar.assign(tf.tensor1d([4]));
    const y = tf.tidy(() => batchNorm(x, state, false));
    // y = 2·(x − 2)/√(4 + 1e-5) + 1
    const expected = [1, 2, 3, 6].map((v) => (2 * (v - 2)) / Math.sqrt(4 + 1e-5) + 1);
    Array.from(y.dataSync()).forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 5);
    });
    expect(state.runningMean.dataSync()[0]).toBe(2);
    expect(state.runningVar.dataSync()[0]).toBe(4);
    tf.dispose([y, state.weight, state.bias, state.runningMean, state.runningVar]);
  });

  it("updates the running statistics inside tf.variableGrads, leaking nothing, with the usual gradients", () => {
    const state = freshState(2);
    const input = tf.randomNormal([3, 2, 2, 2], 0, 1, "float32", 4) as tf.Tensor4D;
    const weights = tf.randomNormal([3, 2, 2, 2], 0, 1, "float32", 5);
    const scale = tf.variable(tf.tensor1d([2, 0.5]));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(batchNorm(input, { ...state, weight: scale }, true), weights)) as tf.Scalar,
      [scale],
    );
    // The same loss written out by hand (biased batch variance, eps 1e-5), differentiated by tfjs.
    const manual = tf.grad((g: tf.Tensor) => {
      const { mean, variance } = tf.moments(input, [0, 1, 2]);
      const normalized = tf.div(tf.sub(input, mean), tf.sqrt(tf.add(variance, 1e-5)));
      return tf.sum(tf.mul(tf.add(tf.mul(normalized, g), state.bias), weights));
    })(scale);
    expect(maxAbsDiff(grads[scale.name] as tf.Tensor, manual)).toBeLessThan(1e-4);
    tf.dispose([value, manual, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    const batchMean = tf.tidy(() => tf.mul(tf.moments(input, [0, 1, 2]).mean, 0.1));
    expect(maxAbsDiff(state.runningMean, batchMean)).toBeLessThan(1e-6);
    tf.dispose([
      input,
      weights,
      scale,
      batchMean,
      state.weight,
      state.bias,
      state.runningMean,
      state.runningVar,
    ]);
  });
});
