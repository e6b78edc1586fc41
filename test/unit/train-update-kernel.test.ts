// The optimizers' one-kernel update on WASM: hand-worked steps, the same numbers as the op chain
// (run on the CPU backend, which has no such kernel), one kernel per step, nothing leaked.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { createOptimizer, type OptimizerSettings } from "../../src/core/train/optimizer";
import { ADAMW_KERNEL, SGD_KERNEL } from "../../src/core/train/updateKernel";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const ADAMW: OptimizerSettings = { name: "adamw", momentum: 0, weightDecay: 0.5 };
const SGD: OptimizerSettings = { name: "sgd", momentum: 0.9, weightDecay: 0.1 };

/** Parameters and three steps of gradients: a decaying matrix, a vector and a class token. */
function problem() {
  const values = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(seed + 1.7 * i));
  return {
    start: { matrix: values(6, 1), vector: values(3, 2), cls_token: values(4, 3) },
    grads: [0, 1, 2].map((step) => ({
      matrix: values(6, 10 + step),
      vector: values(3, 20 + step),
      cls_token: values(4, 30 + step),
    })),
  };
}

/** Runs the problem's steps on `backend`; the final weights, kernels per step, tensors leaked. */
async function train(backend: string, settings: OptimizerSettings) {
  await tf.setBackend(backend);
  const { start, grads } = problem();
  const params = {
    matrix: tf.variable(tf.tensor2d(start.matrix, [2, 3])),
    vector: tf.variable(tf.tensor1d(start.vector)),
    cls_token: tf.variable(tf.tensor3d(start.cls_token, [1, 1, 4])),
  };
  const optimizer = createOptimizer(params, settings);
  const kernels: string[][] = [];
  const before = tf.memory().numTensors;
  for (const g of grads) {
    const step = {
      matrix: tf.tensor2d(g.matrix, [2, 3]),
      vector: tf.tensor1d(g.vector),
      cls_token: tf.tensor3d(g.cls_token, [1, 1, 4]),
    };
    const profile = await tf.profile(() => optimizer.apply(step, 0.05));
    kernels.push(profile.kernels.map((k) => k.name));
    tf.dispose(Object.values(step));
  }
  optimizer.dispose();
  const leaked = tf.memory().numTensors - before;
  const weights = Object.fromEntries(
    Object.entries(params).map(([name, p]) => [name, Array.from(p.dataSync())]),
  );
  tf.dispose(Object.values(params));
  return { weights, kernels, leaked };
}

describe("the one-kernel optimizer update on WASM", () => {
  it("takes AdamW's hand-worked first two steps", async () => {
    await tf.setBackend("wasm");
    const w = tf.variable(tf.tensor2d([[1, -2]]));
    const optimizer = createOptimizer({ w }, { ...ADAMW, weightDecay: 0.5 });
    const steps = [tf.tensor2d([[0.5, -0.5]]), tf.tensor2d([[0.5, 0.5]])];
    // Step 1: m̂ = g, v̂ = g², so each weight moves by lr·sign(g) = ±0.1 after the decay
    // w·(1 − 0.1·0.5) = 0.95·w: [0.95 − 0.1, −1.9 + 0.1].
    optimizer.apply({ w: steps[0]! }, 0.1);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.85, 6), expect.closeTo(-1.8, 6)]);
    // Step 2: m = 0.9·0.05 + 0.1·0.5 = 0.095 and 0.9·(−0.05) + 0.05 = 0.005, m̂ = m/0.19 = 0.5
    // and 0.0263158; v = 0.999·0.00025 + 0.001·0.25, v̂ = v/0.001999 = 0.25 for both, √v̂ = 0.5:
    // steps 0.1·1 and 0.1·0.0526316. w = [0.85·0.95 − 0.1, −1.8·0.95 − 0.00526316].
    optimizer.apply({ w: steps[1]! }, 0.1);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.7075, 6), expect.closeTo(-1.71526316, 6)]);
    optimizer.dispose();
    tf.dispose([w, ...steps]);
  });

  it("takes SGD-momentum's hand-worked first two steps", async () => {
    await tf.setBackend("wasm");
    const w = tf.variable(tf.tensor2d([[1, -2]]));
    const optimizer = createOptimizer({ w }, { name: "sgd", momentum: 0.5, weightDecay: 0.1 });
    const g = tf.tensor2d([[0.5, 0.5]]);
    // v = g + 0.1·w = [0.6, 0.3]; w = [0.4, −2.3]
    optimizer.apply({ w: g }, 1);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.4, 6), expect.closeTo(-2.3, 6)]);
    // d = [0.54, 0.27]; v = 0.5·[0.6, 0.3] + d = [0.84, 0.42]; w = [−0.44, −2.72]
    optimizer.apply({ w: g }, 1);
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(-0.44, 6), expect.closeTo(-2.72, 6)]);
    optimizer.dispose();
    tf.dispose([w, g]);
  });

  for (const [settings, kernel] of [
    [ADAMW, ADAMW_KERNEL],
    [SGD, SGD_KERNEL],
  ] as const) {
    it(`${settings.name}: one kernel per step, the op chain's weights to 1e-6, nothing leaked`, async () => {
      const fused = await train("wasm", settings);
      const chain = await train("cpu", settings);
      expect(fused.kernels).toEqual([[kernel], [kernel], [kernel]]);
      expect(chain.kernels[0]).not.toContain(kernel);
      expect(fused.leaked).toBe(0);
      expect(chain.leaked).toBe(0);
      for (const [name, expected] of Object.entries(chain.weights)) {
        const actual = fused.weights[name]!;
        expect(actual).toHaveLength(expected.length);
        expected.forEach((value, i) => {
          expect(Math.abs(actual[i]! - value)).toBeLessThan(1e-6);
        });
      }
    });
  }
});
