// The backend smoke test the worker runs before a run: one training step of the configured
// model, which must settle with no tensor left behind, or reject naming what went wrong.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it, vi } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { smokeTest } from "../../src/core/smoke";
import type { ExperimentConfig } from "../../src/core/types";

await tf.setBackend("cpu");

/** When set, the step's loss is replaced by this value (a backend that computes garbage). */
const stepLoss = vi.hoisted(() => ({ value: null as number | null }));
vi.mock("../../src/core/train/step", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/core/train/step")>();
  return {
    ...original,
    trainStep: (...args: Parameters<typeof original.trainStep>) => {
      const result = original.trainStep(...args);
      if (stepLoss.value === null) return result;
      result.loss.dispose();
      return { ...result, loss: tf.scalar(stepLoss.value) };
    },
  };
});

function config(shape: Record<string, unknown>): ExperimentConfig {
  const resolved = resolveConfig({ ...shape, dataset: "synthetic" });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

const VIT = config({ arch: "vit", model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 } });
const RESNET = config({ arch: "resnet", model: { depth: 8, width: 4 } });

describe("smokeTest", () => {
  it.each([
    ["ViT", VIT, [8, 8, 1]],
    ["ResNet", RESNET, [8, 8, 3]],
  ] as const)("runs one %s step and leaves no tensor behind", async (_, cfg, shape) => {
    const before = tf.memory().numTensors;
    await smokeTest(cfg, [...shape], 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects a step whose loss is not finite, with the loss, and still frees everything", async () => {
    const before = tf.memory().numTensors;
    stepLoss.value = Number.NaN;
    try {
      await expect(smokeTest(VIT, [8, 8, 1], 3)).rejects.toThrow("a test step gave a loss of NaN");
    } finally {
      stepLoss.value = null;
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
