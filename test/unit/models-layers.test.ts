// The transformer primitives against hand-computed values and PyTorch's layouts.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { multiHeadAttention } from "../../src/core/models/attention";
import { gelu, layerNorm, linear, patchify } from "../../src/core/models/layers";

function expectClose(actual: tf.Tensor, expected: number[], digits = 5): void {
  const values = Array.from(actual.dataSync());
  expect(values).toHaveLength(expected.length);
  values.forEach((value, i) => {
    expect(value).toBeCloseTo(expected[i] ?? Number.NaN, digits);
  });
}

describe("layerNorm", () => {
  it("normalizes the last axis with the biased variance, then scales and shifts", () => {
    // x = [1, 2, 3, 4]: mean 2.5, biased var (2.25 + .25 + .25 + 2.25)/4 = 1.25,
    // x̂ = (x − 2.5)/√1.25 = [−1.341641, −0.447214, 0.447214, 1.341641]; y = 2·x̂ + 1.
    const y = tf.tidy(() => layerNorm(tf.tensor2d([[1, 2, 3, 4]]), tf.fill([4], 2), tf.ones([4]), 0));
    expectClose(y, [-1.683282, 0.105573, 1.894427, 3.683282]);
    y.dispose();
  });
});

describe("gelu", () => {
  it("is the exact x·Φ(x)", () => {
    // Φ(1) = 0.8413447, Φ(−1) = 0.1586553, Φ(2) = 0.9772499: gelu = x·Φ(x).
    const y = tf.tidy(() => gelu(tf.tensor1d([0, 1, -1, 2])));
    expectClose(y, [0, 0.8413447, -0.1586553, 1.9544997]);
    y.dispose();
  });
});

describe("linear", () => {
  it("multiplies by the out×in weight transposed and adds the bias, over leading axes", () => {
    // W = [[1, 0], [0, 1], [1, 1]] (3 out × 2 in), b = [0, 10, 100]:
    // [1, 2] → [1, 12, 103]; [3, 4] → [3, 14, 107].
    const y = tf.tidy(() =>
      linear(
        tf.tensor3d([[[1, 2]], [[3, 4]]]),
        tf.tensor2d([
          [1, 0],
          [0, 1],
          [1, 1],
        ]),
        tf.tensor1d([0, 10, 100]),
      ),
    );
    expect(y.shape).toEqual([2, 1, 3]);
    expectClose(y, [1, 12, 103, 3, 14, 107]);
    y.dispose();
  });
});

describe("linear's gradient", () => {
  it("equals tfjs's own gradient of x·Wᵀ + b for x, W and b", () => {
    const x = tf.randomNormal([2, 3, 4], 0, 1, "float32", 1);
    const weight = tf.randomNormal([5, 4], 0, 1, "float32", 2);
    const bias = tf.randomNormal([5], 0, 1, "float32", 3);
    const dy = tf.randomNormal([2, 3, 5], 0, 1, "float32", 4);
    const loss =
      (f: (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(f(a, w, b), dy));
    const ours = tf.grads(loss(linear))([x, weight, bias]);
    const reference = tf.grads(
      loss((a, w, b) => tf.add(tf.matMul(tf.reshape(a, [6, 4]), w, false, true).reshape([2, 3, 5]), b)),
    )([x, weight, bias]);
    ours.forEach((grad, i) => {
      const expected = reference[i] as tf.Tensor;
      expect(grad.shape).toEqual(expected.shape);
      expectClose(grad, Array.from(expected.dataSync()), 4);
    });
    tf.dispose([x, weight, bias, dy, ...ours, ...reference]);
  });
});

describe("patchify", () => {
  it("flattens each p×p patch in (c, i, j) order, patches row-major, as F.unfold on NCHW", () => {
    // Pixel (y, x, c) of a 4×4×2 image holds 100c + 10y + x. With p = 2, F.unfold gives patch
    // (row r, col q) = [100c + 10(2r + i) + (2q + j)] over c, then i, then j.
    const pixels: number[] = [];
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) for (let c = 0; c < 2; c++) pixels.push(100 * c + 10 * y + x);
    const patches = tf.tidy(() => patchify(tf.tensor4d(pixels, [1, 4, 4, 2]), 2));
    expect(patches.shape).toEqual([1, 4, 8]);
    const rows = patches.arraySync()[0];
    expect(rows?.[0]).toEqual([0, 1, 10, 11, 100, 101, 110, 111]);
    expect(rows?.[1]).toEqual([2, 3, 12, 13, 102, 103, 112, 113]);
    expect(rows?.[2]).toEqual([20, 21, 30, 31, 120, 121, 130, 131]);
    expect(rows?.[3]).toEqual([22, 23, 32, 33, 122, 123, 132, 133]);
    patches.dispose();
  });

  it("with a weight in PyTorch's [E, C, p, p] layout equals the conv it replaces", () => {
    // PyTorch OIHW → tfjs HWIO is the permutation [2, 3, 1, 0].
    const [tokens, conv] = tf.tidy(() => {
      const x = tf.randomNormal([2, 4, 6, 3], 0, 1, "float32", 1) as tf.Tensor4D;
      const weight = tf.randomNormal([5, 3, 2, 2], 0, 1, "float32", 2);
      const bias = tf.randomNormal([5], 0, 1, "float32", 3);
      const viaPatches = linear(patchify(x, 2), tf.reshape(weight, [5, -1]), bias);
      const hwio = tf.transpose(weight, [2, 3, 1, 0]) as tf.Tensor4D;
      const viaConv = tf.reshape(tf.add(tf.conv2d(x, hwio, 2, "valid"), bias), [2, 6, 5]);
      return [viaPatches, viaConv];
    });
    expect(tokens.shape).toEqual([2, 6, 5]);
    expectClose(tokens, Array.from(conv.dataSync()), 4);
    tf.dispose([tokens, conv]);
  });

  it("rejects images that the patch size does not divide", () => {
    expect(() => tf.tidy(() => patchify(tf.zeros([1, 6, 6, 1]) as tf.Tensor4D, 4))).toThrow(/not divisible/);
  });
});

describe("multiHeadAttention", () => {
  it("returns the value rows head by head when each token attends only to itself", () => {
    // One token: softmax over one score is 1, so the output is v = x·W_vᵀ + b_v exactly.
    // qkv rows are [q | k | v]; with E = 4 the v rows are 8..11.
    const out = tf.tidy(() => {
      const weight = tf.randomNormal([12, 4], 0, 1, "float32", 5);
      const bias = tf.randomNormal([12], 0, 1, "float32", 6);
      const x = tf.randomNormal([3, 1, 4], 0, 1, "float32", 7) as tf.Tensor3D;
      const attention = multiHeadAttention(x, weight, bias, 2);
      const v = linear(x, tf.slice(weight, [8, 0], [4, 4]), tf.slice(bias, [8], [4]));
      return tf.max(tf.abs(tf.sub(attention, v)));
    });
    expect(out.dataSync()[0]).toBeLessThan(1e-6);
    out.dispose();
  });

  it("averages the values uniformly when all scores are equal", () => {
    // q = k = 0 (zero q, k rows and biases) → every score 0 → weights 1/T → out = mean_t v_t.
    const [attention, meanV] = tf.tidy(() => {
      const vRows = tf.randomNormal([4, 4], 0, 1, "float32", 8);
      const weight = tf.concat([tf.zeros([8, 4]), vRows]);
      const x = tf.randomNormal([2, 3, 4], 0, 1, "float32", 9) as tf.Tensor3D;
      const result = multiHeadAttention(x, weight, tf.zeros([12]), 2);
      const v = linear(x, vRows, tf.zeros([4]));
      return [result, tf.broadcastTo(tf.mean(v, 1, true), [2, 3, 4])];
    });
    expectClose(attention, Array.from(meanV.dataSync()), 5);
    tf.dispose([attention, meanV]);
  });
});
