// The fast paths the training step's speed rests on, each against what it replaces: the WASM
// kernel replacements, the depthwise-conv channel product, the hand-written gradients of
// attention, LayerNorm and GELU, and the flat optimizer update.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { attentionRows } from "../../src/core/models/attention";
import { batchNorm } from "../../src/core/models/batchNorm";
import { channelProduct } from "../../src/core/models/channelProduct";
import { affine } from "../../src/core/models/fused/affine";
import { joinColumns, splitColumns } from "../../src/core/models/fused/columns";
import { gelu, layerNorm } from "../../src/core/models/layers";
import { installWasmKernels } from "../../src/core/models/wasmKernels";
import { createOptimizer, decays } from "../../src/core/train/optimizer";

afterAll(async () => {
  await tf.setBackend("cpu");
});

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
}

describe("the WASM kernel replacements", () => {
  it("slice, split, clone and cast give the values of the kernels they replace", async () => {
    await tf.setBackend("wasm");
    installWasmKernels();
    // x[i, j, k] = 12i + 4j + k on [2, 3, 4].
    const x = tf.reshape(tf.range(0, 24), [2, 3, 4]);
    // Rows j = 0, 1 and columns k = 1, 2 of i = 1: 12 + {1, 2, 5, 6}.
    expect(Array.from(tf.slice(x, [1, 0, 1], [1, 2, 2]).dataSync())).toEqual([13, 14, 17, 18]);
    // The whole of i = 1: one contiguous run, 12..23.
    expect(Array.from(tf.slice(x, [1, 0, 0], [1, -1, -1]).dataSync())).toEqual(
      Array.from({ length: 12 }, (_, n) => 12 + n),
    );
    const [head, tail] = tf.split(tf.range(0, 10), [3, 7]);
    expect(Array.from(head!.dataSync())).toEqual([0, 1, 2]);
    expect(Array.from(tail!.dataSync())).toEqual([3, 4, 5, 6, 7, 8, 9]);
    // Along the last axis: columns 0..1 and 2..3 of each row.
    const [left] = tf.split(x, [2, 2], 2);
    expect(Array.from(left!.dataSync())).toEqual([0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21]);
    const values = tf.tensor1d([1.7, -1.7, 2.5]);
    expect(Array.from(tf.cast(values, "int32").dataSync())).toEqual([1, -1, 2]);
    expect(Array.from(tf.cast(values, "float32").dataSync())).toEqual(Array.from(values.dataSync()));
    const copy = values.clone();
    values.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1.7, -1.7, 2.5].map(Math.fround));
    tf.dispose([x, head, tail, left, copy] as tf.Tensor[]);
    await tf.setBackend("cpu");
  });
});

describe("the WASM kernels on operands of the model's rank", () => {
  it("affine and channelProduct give the reshaped shipped kernels' values, in one kernel each", async () => {
    await tf.setBackend("wasm");
    const x = tf.randomNormal<tf.Rank.R2>([5, 4], 0, 1, "float32", 1);
    const w = tf.randomNormal<tf.Rank.R2>([4, 3], 0, 1, "float32", 2);
    const bias = tf.randomNormal<tf.Rank.R1>([3], 0, 1, "float32", 3);
    const input = tf.randomNormal<tf.Rank.R3>([3, 4, 6], 0, 1, "float32", 4);
    const filter = tf.randomNormal<tf.Rank.R3>([4, 6, 2], 0, 1, "float32", 5);
    installWasmKernels();
    const shipped = [
      tf.add(tf.matMul(x, w), bias),
      tf.reshape(
        tf.depthwiseConv2d(
          tf.reshape<tf.Rank.R4>(input, [1, 3, 4, 6]),
          tf.reshape<tf.Rank.R4>(filter, [1, 4, 6, 2]),
          1,
          "valid",
        ),
        [3, 6, 2],
      ),
    ];
    const profile = await tf.profile(() => [affine(x, w, bias), channelProduct(input, filter)]);
    const [viewed, product] = profile.result as tf.Tensor[];
    expect(profile.kernels.map((k) => k.name)).toEqual(["LabAffine", "LabChannelProduct"]);
    expect(viewed!.shape).toEqual([5, 3]);
    expect(product!.shape).toEqual([3, 6, 2]);
    expect(maxDifference(viewed!, shipped[0]!)).toBeLessThan(1e-6);
    expect(maxDifference(product!, shipped[1]!)).toBeLessThan(1e-6);
    tf.dispose([x, w, bias, input, filter, ...shipped, viewed!, product!]);
    await tf.setBackend("cpu");
  });
});

describe("splitColumns and joinColumns", () => {
  for (const backend of ["wasm", "cpu"]) {
    it(`split a matrix's columns into shaped pieces and join them back (${backend})`, async () => {
      await tf.setBackend(backend);
      // x[r, c] = 10r + c on [4, 5]: pieces of 2 and 3 columns.
      const x = tf.tidy(
        () => tf.add(tf.mul(tf.range(0, 4).reshape([4, 1]), 10), tf.range(0, 5)) as tf.Tensor2D,
      );
      const [left, right] = splitColumns(
        x,
        [2, 3],
        [
          [2, 4],
          [4, 3, 1],
        ],
      );
      expect(left!.shape).toEqual([2, 4]);
      expect(Array.from(left!.dataSync())).toEqual([0, 1, 10, 11, 20, 21, 30, 31]);
      expect(right!.shape).toEqual([4, 3, 1]);
      expect(Array.from(right!.dataSync())).toEqual([2, 3, 4, 12, 13, 14, 22, 23, 24, 32, 33, 34]);
      const joined = joinColumns([left!, right!], 4);
      expect(joined.shape).toEqual([4, 5]);
      expect(Array.from(joined.dataSync())).toEqual(Array.from(x.dataSync()));
      tf.dispose([x, left!, right!, joined]);
      await tf.setBackend("cpu");
    });
  }
});

describe("channelProduct", () => {
  it("multiplies one small matrix pair per channel", () => {
    // Channel 0: in [[1, 2]] · f [[1], [1]] = 3; channel 1: in [[3, 4]] · f [[2], [−1]] = 2.
    // input [Y=1, W=2, C=2] holds in[0, w, c]; filter [W=2, C=2, Q=1] holds f[w, c, 0].
    const input = tf.tensor3d([
      [
        [1, 3],
        [2, 4],
      ],
    ]);
    const filter = tf.tensor3d([
      [[1], [2]],
      [[1], [-1]],
    ]);
    const product = channelProduct(input, filter);
    expect(product.shape).toEqual([1, 2, 1]);
    expect(Array.from(product.dataSync())).toEqual([3, 2]);
    tf.dispose([input, filter, product]);
  });
});

/** The reference: batched matMuls over [B·h, T, d] with tfjs's own gradients. */
function referenceAttention(
  x: tf.Tensor2D,
  weight: tf.Tensor,
  bias: tf.Tensor,
  tokens: number,
  heads: number,
) {
  const rows = x.shape[0];
  const width = weight.shape[0]! / 3;
  const d = width / heads;
  const batch = rows / tokens;
  const qkv = tf.add(tf.matMul(x, weight, false, true), bias);
  const toHeads = (t: tf.Tensor) =>
    tf.reshape(tf.transpose(tf.reshape(t, [tokens, batch, heads, d]), [1, 2, 0, 3]), [
      batch * heads,
      tokens,
      d,
    ]);
  const [q, k, v] = tf.split(qkv, 3, 1).map(toHeads) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const weights = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)));
  const out = tf.matMul(weights, v);
  return tf.reshape(tf.transpose(tf.reshape(out, [batch, heads, tokens, d]), [2, 0, 1, 3]), [rows, width]);
}

describe("attentionRows", () => {
  for (const [label, heads, width] of [
    ["all 3 heads", 3, 6],
    ["2 heads kept of 3 (compacted)", 2, 4],
  ] as const) {
    it(`matches batched matMuls in value and in all three gradients (${label})`, () => {
      const tokens = 4;
      const x = tf.randomNormal([tokens * 2, 6], 0, 1, "float32", 1) as tf.Tensor2D;
      const weight = tf.randomNormal([3 * width, 6], 0, 0.5, "float32", 2);
      const bias = tf.randomNormal([3 * width], 0, 0.5, "float32", 3);
      const dy = tf.randomNormal([tokens * 2, width], 0, 1, "float32", 4);
      const loss =
        (f: typeof referenceAttention) =>
        (...[a, w, b]: tf.Tensor[]) =>
          tf.sum(tf.mul(f(a as tf.Tensor2D, w!, b!, tokens, heads), dy));
      const ours = tf.grads(loss(attentionRows))([x, weight, bias]);
      const reference = tf.grads(loss(referenceAttention))([x, weight, bias]);
      const value = attentionRows(x, weight, bias, tokens, heads);
      const expected = referenceAttention(x, weight, bias, tokens, heads);
      expect(maxDifference(value, expected)).toBeLessThan(1e-5);
      ours.forEach((grad, i) => {
        expect(grad.shape).toEqual(reference[i]!.shape);
        expect(maxDifference(grad, reference[i]!)).toBeLessThan(1e-5);
      });
      tf.dispose([x, weight, bias, dy, value, expected, ...ours, ...reference]);
    });
  }
});

describe("hand-written gradients", () => {
  it("LayerNorm's equal tfjs's derivation through moments and rsqrt", () => {
    const x = tf.randomNormal([3, 5], 0, 2, "float32", 5);
    const gamma = tf.randomNormal([5], 1, 0.5, "float32", 6);
    const beta = tf.randomNormal([5], 0, 0.5, "float32", 7);
    const dy = tf.randomNormal([3, 5], 0, 1, "float32", 8);
    const reference = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, 1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(a, mean), tf.rsqrt(tf.add(variance, 1e-6))), g), b);
    };
    const loss = (f: typeof reference) => (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(f(a, g, b), dy));
    const ours = tf.grads(loss(layerNorm))([x, gamma, beta]);
    const expected = tf.grads(loss(reference))([x, gamma, beta]);
    ours.forEach((grad, i) => {
      expect(maxDifference(grad, expected[i]!)).toBeLessThan(1e-5);
    });
    tf.dispose([x, gamma, beta, dy, ...ours, ...expected]);
  });

  it("BatchNorm's (training) equal tfjs's derivation through moments, for x, γ and β", () => {
    const x = tf.randomNormal([3, 2, 2, 4], 1, 2, "float32", 9) as tf.Tensor4D;
    const gamma = tf.randomNormal([4], 1, 0.5, "float32", 10);
    const beta = tf.randomNormal([4], 0, 0.5, "float32", 11);
    const dy = tf.randomNormal([3, 2, 2, 4], 0, 1, "float32", 12);
    const statistics = { runningMean: tf.variable(tf.zeros([4])), runningVar: tf.variable(tf.ones([4])) };
    const ours = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(batchNorm(a as tf.Tensor4D, { weight: g, bias: b, ...statistics }, true), dy)),
    )([x, gamma, beta]);
    const expected = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(a, [0, 1, 2]);
      const normalized = tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-5)));
      return tf.sum(tf.mul(tf.add(tf.mul(normalized, g), b), dy));
    })([x, gamma, beta]);
    ours.forEach((grad, i) => {
      expect(maxDifference(grad, expected[i]!)).toBeLessThan(1e-4);
    });
    tf.dispose([x, gamma, beta, dy, statistics.runningMean, statistics.runningVar, ...ours, ...expected]);
  });

  it("GELU's is Φ(x) + x·φ(x)", () => {
    // x = 1: Φ(1) + φ(1) = 0.8413447 + 0.2419707 = 1.0833155; x = −1: 0.1586553 − 0.2419707;
    // x = 0: Φ(0) = 0.5; x = 2: 0.9772499 + 2·0.0539910 = 1.0852319.
    const grad = tf.grad((x: tf.Tensor) => tf.sum(gelu(x)))(tf.tensor1d([1, -1, 0, 2]));
    const values = Array.from(grad.dataSync());
    expect(values).toEqual([1.0833155, -0.0833155, 0.5, 1.0852319].map((v) => expect.closeTo(v, 5)));
    grad.dispose();
  });
});

describe("the flat optimizer update", () => {
  /** PyTorch's AdamW, one parameter at a time, in plain numbers. */
  function referenceAdamW(w: number[], grads: number[][], lr: number, decay: number, decaying: boolean) {
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const m = w.map(() => 0);
    const v = w.map(() => 0);
    grads.forEach((g, step) => {
      const t = step + 1;
      w.forEach((_, i) => {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        const mHat = m[i]! / (1 - b1 ** t);
        const vHat = v[i]! / (1 - b2 ** t);
        if (decaying) w[i] = w[i]! * (1 - lr * decay);
        w[i] = w[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
      });
    });
    return w;
  }

  it("gives each parameter AdamW's update over several steps, decaying matrices only", () => {
    const start = {
      matrix: [
        [0.5, -1],
        [2, 0.25],
      ],
      vector: [1, -3, 0.5],
    };
    const params = {
      matrix: tf.variable(tf.tensor2d(start.matrix)),
      vector: tf.variable(tf.tensor1d(start.vector)),
    };
    const gradients = [
      { matrix: [0.1, -0.2, 0.3, 0], vector: [1, 0.5, -2] },
      { matrix: [-0.4, 0.1, 0.2, 0.5], vector: [0.2, -0.1, 1] },
      { matrix: [0.3, 0.3, -0.1, 0.2], vector: [-1, 2, 0.1] },
    ];
    const optimizer = createOptimizer(params, { name: "adamw", momentum: 0, weightDecay: 0.1 });
    for (const g of gradients) {
      const step = { matrix: tf.tensor2d(g.matrix, [2, 2]), vector: tf.tensor1d(g.vector) };
      optimizer.apply(step, 0.05);
      tf.dispose(Object.values(step));
    }
    expect(decays("matrix", params.matrix)).toBe(true);
    expect(decays("vector", params.vector)).toBe(false);
    const matrix = referenceAdamW(
      start.matrix.flat(),
      gradients.map((g) => g.matrix),
      0.05,
      0.1,
      true,
    );
    const vector = referenceAdamW(
      start.vector,
      gradients.map((g) => g.vector),
      0.05,
      0.1,
      false,
    );
    expect(Array.from(params.matrix.dataSync())).toEqual(matrix.map((v) => expect.closeTo(v, 5)));
    expect(Array.from(params.vector.dataSync())).toEqual(vector.map((v) => expect.closeTo(v, 5)));
    optimizer.dispose();
    tf.dispose(Object.values(params));
  });

  it("refuses a missing or unknown gradient", () => {
    const params = { a: tf.variable(tf.zeros([2])), b: tf.variable(tf.zeros([2])) };
    const optimizer = createOptimizer(params, { name: "sgd", momentum: 0.9, weightDecay: 0 });
    const g = tf.ones([2]);
    expect(() => optimizer.apply({ a: g }, 0.1)).toThrow(/no gradient for parameter "b"/);
    expect(() => optimizer.apply({ a: g, b: g, c: g }, 0.1)).toThrow(/"c", which is not a parameter/);
    optimizer.dispose();
    tf.dispose([g, ...Object.values(params)]);
  });
});
