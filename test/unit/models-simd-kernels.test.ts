// The SIMD LayerNorm and GELU kernels (src/core/models/fused/simd.wat) on WASM: values worked by
// hand, float64 references, the op chains they replace (run on the CPU backend), the copying
// path, and what a step with them runs and leaves behind.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendKernels } from "../../bench/kernels";
import { backendHas } from "../../src/core/models/fused/heapKernel";
import { GELU, LAYER_NORM } from "../../src/core/models/fused/simdKernels";
import { runSimd } from "../../src/core/models/fused/simdModule";
import { gelu, layerNorm } from "../../src/core/models/layers";

beforeAll(async () => {
  await tf.setBackend("wasm");
});

afterAll(async () => {
  await tf.setBackend("cpu");
});

/** Runs `f` on `backend` on tensors made from `inputs`; its outputs' data. */
async function on(backend: string, inputs: Array<[number[], number[]]>, f: (ts: tf.Tensor[]) => tf.Tensor[]) {
  await tf.setBackend(backend);
  const made = inputs.map(([values, shape]) => tf.tensor(values, shape));
  const outs = f(made);
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose([...made, ...outs]);
  await tf.setBackend("wasm");
  return data;
}

/** y and the gradients of Σ y ⊙ dy with respect to each input. */
function withGrads(op: (...ts: tf.Tensor[]) => tf.Tensor, dy: tf.Tensor, xs: tf.Tensor[]): tf.Tensor[] {
  const loss = (...ts: tf.Tensor[]) => tf.sum(tf.mul(op(...ts), dy));
  return [op(...xs), ...tf.grads(loss)(xs)];
}

function maxAbs(a: Float32Array | number[], b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function randoms(n: number, seed: number, scale = 1, shift = 0): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return shift + scale * (s / 2147483648 - 0.5) * 2;
  });
}

/** Φ(x) in float64: erfc by its continued fraction in the tail, the series near 0. */
function cdf64(x: number): number {
  const u = Math.abs(x) / Math.SQRT2;
  let erfcU: number;
  if (u < 2) {
    let term = u;
    let sum = u;
    for (let k = 1; k < 60; k++) {
      term *= (-u * u) / k;
      sum += term / (2 * k + 1);
    }
    erfcU = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    let f = 0;
    for (let k = 80; k >= 1; k--) f = k / 2 / (u + f);
    erfcU = Math.exp(-u * u) / Math.sqrt(Math.PI) / (u + f);
  }
  return x < 0 ? erfcU / 2 : 1 - erfcU / 2;
}

const density64 = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

describe("the SIMD kernels' registration", () => {
  it("replaces LayerNorm and GELU on WASM only", async () => {
    expect(backendHas(LAYER_NORM)).toBe(true);
    expect(backendHas(GELU)).toBe(true);
    await tf.setBackend("cpu");
    expect(backendHas(LAYER_NORM)).toBe(false);
    await tf.setBackend("wasm");
  });
});

describe("SIMD LayerNorm", () => {
  it("normalizes a row worked by hand, and gives its gradients", () => {
    // Row [0, 3, 6]: μ = 3, σ² = 6, x̂ = [−3, 0, 3]/√6; dy = [1, 0, 0], γ = 1: mean g = ⅓,
    // mean g ⊙ x̂ = −1/√6, dx = (1/√6)·([1, 0, 0] − ⅓ − x̂·(−1/√6)) = [1, −2, 1]/(6√6).
    const r = 1 / Math.sqrt(6 + 1e-6);
    const x = tf.tensor2d([[0, 3, 6]]);
    const gamma = tf.tensor1d([1, 2, 3]);
    const beta = tf.tensor1d([0.5, 0, -1]);
    const y = layerNorm(x, gamma, beta);
    expect(maxAbs(y.dataSync() as Float32Array, [0.5 - 3 * r, 0, 9 * r - 1])).toBeLessThan(1e-6);
    const one = tf.onesLike(gamma);
    const dy = tf.tensor2d([[1, 0, 0]]);
    const [, dx, dGamma, dBeta] = withGrads((a, g, b) => layerNorm(a!, g!, b!), dy, [x, one, beta]);
    expect(maxAbs(dx!.dataSync() as Float32Array, [r / 6, -r / 3, r / 6])).toBeLessThan(1e-7);
    expect(maxAbs(dGamma!.dataSync() as Float32Array, [-3 * r, 0, 0])).toBeLessThan(1e-6);
    expect(Array.from(dBeta!.dataSync())).toEqual([1, 0, 0]);
    tf.dispose([x, gamma, beta, y, one, dy, dx!, dGamma!, dBeta!]);
  });

  it("gives the op chain's values and gradients on random rows (70 features: vectors and a tail)", async () => {
    const [rows, cols] = [37, 70];
    const inputs: Array<[number[], number[]]> = [
      [randoms(rows * cols, 1, 3, 1), [rows, cols]],
      [randoms(cols, 2, 0.5, 1), [cols]],
      [randoms(cols, 3, 0.5), [cols]],
      [randoms(rows * cols, 4), [rows, cols]],
    ];
    const run = ([x, g, b, dy]: tf.Tensor[]) =>
      withGrads((a, w, c) => layerNorm(a!, w!, c!), dy!, [x!, g!, b!]);
    const simd = await on("wasm", inputs, run);
    const chain = await on("cpu", inputs, run);
    // y, dx, dγ (sums over 37 rows), dβ: float32 rounding in either order of operations.
    const tolerances = [2e-6, 2e-6, 1e-5, 1e-5];
    simd.forEach((values, i) => {
      expect(maxAbs(values, chain[i]!)).toBeLessThan(tolerances[i]!);
    });
  });

  it("gives the same through its own memory as in the backend's heap", () => {
    const [rows, cols] = [5, 9];
    const x = Float32Array.from(randoms(rows * cols, 5, 2));
    const gamma = Float32Array.from(randoms(cols, 6));
    const beta = Float32Array.from(randoms(cols, 7));
    const t = [tf.tensor2d(x, [rows, cols]), tf.tensor1d(gamma), tf.tensor1d(beta)] as const;
    const inHeap = layerNorm(...t);
    const y = new Float32Array(rows * cols);
    const stats = new Float32Array(rows * 2);
    runSimd("layer_norm", [x, gamma, beta], [y, stats], [rows, cols, 1e-6], null);
    expect(Array.from(y)).toEqual(Array.from(inHeap.dataSync()));
    tf.dispose([...t, inHeap]);
  });
});

describe("SIMD GELU", () => {
  it("is x·Φ(x), with gradient Φ(x) + x·φ(x), at points worked out", () => {
    // Five entries: one vector of four and one in the tail.
    const x = tf.tensor1d([0, 1, -1, 2, -3]);
    const [y, dx] = withGrads((a) => gelu(a!), tf.onesLike(x), [x]);
    const values = [0, 0.8413447460685429, -0.15865525393145707, 1.9544997361036416, -0.00404969409489028];
    const slopes = [0.5, 1.0833154705876864, -0.08331547058768629, 1.085231801078197, -0.011945647204183929];
    expect(maxAbs(y!.dataSync() as Float32Array, values)).toBeLessThan(2e-7);
    expect(maxAbs(dx!.dataSync() as Float32Array, slopes)).toBeLessThan(2e-7);
    tf.dispose([x, y!, dx!]);
  });

  it("is within 1.2e-7·max(1, |x|) of float64 on [−10, 10], and keeps Φ's tail relative", () => {
    const n = 20001;
    const grid = Array.from({ length: n }, (_, i) => -10 + (20 * i) / (n - 1));
    const x = tf.tensor1d(grid);
    const [y, dx] = withGrads((a) => gelu(a!), tf.onesLike(x), [x]);
    const ys = y!.dataSync();
    const slopes = dx!.dataSync();
    grid.forEach((v, i) => {
      const xf = Math.fround(v);
      const exact = xf * cdf64(xf);
      expect(Math.abs(ys[i]! - exact)).toBeLessThan(1.2e-7 * Math.max(1, Math.abs(xf)));
      // Where ½ + ½·erf cancels (the CPU chain is 4% off at x = −5), relative.
      if (xf < 0 && xf > -5) expect(Math.abs(ys[i]! - exact)).toBeLessThan(3e-6 * Math.abs(exact));
      expect(Math.abs(slopes[i]! - (cdf64(xf) + xf * density64(xf)))).toBeLessThan(2e-7);
    });
    tf.dispose([x, y!, dx!]);
  });

  it("gives the op chain's values and gradients on random entries", async () => {
    const n = 1027;
    const inputs: Array<[number[], number[]]> = [
      [randoms(n, 8, 4), [n]],
      [randoms(n, 9), [n]],
    ];
    const run = ([x, dy]: tf.Tensor[]) => withGrads((a) => gelu(a!), dy!, [x!]);
    const [y, dx] = await on("wasm", inputs, run);
    const [chainY, chainDx] = await on("cpu", inputs, run);
    // The chain's Erf is Abramowitz–Stegun 7.1.26, 1.5e-7 off: the difference is mostly its.
    expect(maxAbs(y!, chainY!)).toBeLessThan(4e-7 * 4);
    expect(maxAbs(dx!, chainDx!)).toBeLessThan(4e-7);
  });
});

describe("a step through the SIMD kernels", () => {
  it("runs one kernel each way, clones only what it saves, and leaves no tensor behind", async () => {
    const x = tf.randomNormal([16, 8], 0, 1, "float32", 1);
    const gamma = tf.variable(tf.ones([8]));
    const beta = tf.variable(tf.zeros([8]));
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(gelu(layerNorm(x, gamma, beta))));
        return [value, ...Object.values(grads)];
      });
    tf.dispose(step());
    const before = tf.memory().numTensors;
    const info = await tf.profile(async () => tf.dispose(step()));
    expect(tf.memory().numTensors).toBe(before);
    // LayerNorm saves x and its stats (γ is a variable), GELU its input and Φ; the loss, a
    // plain tf.sum, runs Identity, Sum and, backward, Reshape and Multiply.
    expect(
      backendKernels(
        info.kernels.map((k) => k.name),
        "wasm",
      ),
    ).toEqual([
      "LabLayerNorm",
      "Identity",
      "Identity",
      "LabGelu",
      "Identity",
      "Identity",
      "Identity",
      "Sum",
      "Reshape",
      "Multiply",
      "LabGeluGrad",
      "LabLayerNormGrad",
    ]);
    tf.dispose([x, gamma, beta]);
  });
});
