// The models on the WASM backend (the one Node runs and CI measures): every kernel their
// training step needs exists there (WASM has no Conv2DBackpropFilter, see conv.ts), and the
// gradients agree with the CPU backend's.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { createResNet, createVit } from "../../src/core/models";
import type { Model } from "../../src/core/types";

afterAll(async () => {
  await tf.setBackend("cpu");
});

/** Loss and gradients of one training-mode step, as plain numbers keyed by parameter name. */
function gradientStep(model: Model, pixels: Float32Array, shape: [number, number, number, number]) {
  return tf.tidy(() => {
    const x = tf.tensor4d(pixels, shape);
    const names = Object.keys(model.params);
    const { value, grads } = tf.variableGrads(
      () => tf.mean(tf.square(model.forward(x, { training: true, masks: {} }).logits)) as tf.Scalar,
      names.map((name) => model.params[name] as tf.Variable),
    );
    const byName = Object.fromEntries(
      names.map((name) => [name, Array.from(grads[model.params[name]?.name ?? ""]?.dataSync() ?? [])]),
    );
    return { loss: value.dataSync()[0] ?? Number.NaN, grads: byName };
  });
}

async function onBackend(backend: string, build: () => Model, shape: [number, number, number, number]) {
  await tf.setBackend(backend);
  const pixels = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i * 0.37));
  const model = build();
  const before = tf.memory().numTensors;
  const step = gradientStep(model, pixels, shape);
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  return { ...step, leaked };
}

describe("on the WASM backend", () => {
  const builds: [string, () => Model, [number, number, number, number]][] = [
    [
      "ViT",
      () => createVit({ depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1),
      [2, 8, 8, 1],
    ],
    ["ResNet", () => createResNet({ depth: 8, width: 2 }, [7, 7, 1], 3, 1), [2, 7, 7, 1]],
  ];
  for (const [label, build, shape] of builds) {
    it(`the ${label} takes a gradient step that matches the CPU backend's, leaking nothing`, async () => {
      const wasm = await onBackend("wasm", build, shape);
      const cpu = await onBackend("cpu", build, shape);
      expect(wasm.leaked).toBe(0);
      expect(wasm.loss).toBeCloseTo(cpu.loss, 4);
      for (const [name, grad] of Object.entries(cpu.grads)) {
        const scale = Math.max(1e-3, ...grad.map(Math.abs));
        const wasmGrad = wasm.grads[name] ?? [];
        expect(wasmGrad).toHaveLength(grad.length);
        const worst = Math.max(0, ...grad.map((g, i) => Math.abs(g - (wasmGrad[i] ?? Number.NaN))));
        expect(worst / scale, name).toBeLessThan(1e-3);
      }
    });
  }
});
