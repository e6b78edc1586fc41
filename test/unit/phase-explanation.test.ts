import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { presetConfig } from "../../src/core/presets";
import type { IterationRecord, RunLog } from "../../src/core/types";
import { explainPhase } from "../../src/store/views/phaseExplanation";

function config() {
  const resolved = resolveConfig(presetConfig("pretrained-vit-mnist"));
  if (!resolved.ok) throw new Error("preset invalid");
  return resolved.config;
}

const firstIteration: IterationRecord = {
  index: 0,
  epochs: [],
  sparsity: { overall: 0.2, layers: {} },
  trainedSparsity: 0,
  structuredSparsity: 0.25,
  testAccUnstructured: 0.953,
  testAccStructured: 0.912,
  groups: {
    "blocks.0.attn": {
      kind: "head",
      importance: [],
      alive: [true, true, true, true],
      density: [1, 0.9, 0.8, 0.7],
    },
    "blocks.1.attn": {
      kind: "head",
      importance: [],
      alive: [true, false, true, false],
      density: [0.9, 0.3, 0.8, 0.1],
    },
  },
  durationMs: 1,
};

const log: RunLog = {
  format: "pruning-lab.run",
  version: 1,
  config: config(),
  env: { backend: "wasm", startedAt: "2024-01-01T00:00:00.000Z" },
  model: { arch: "vit", prunableParams: 100_000, groups: [] },
  iterations: [firstIteration],
  final: null,
};

describe("explainPhase", () => {
  it("counts what pruning zeroed from the rate and the previous sparsity", () => {
    // Iteration 1: 20% already zero → 80,000 alive; 20% of them = 16,000; 36,000 of 100,000 zero.
    const { text, chart } = explainPhase(log, { phase: "pruning", iteration: 1, epoch: null, epochIndex: 0 });
    expect(text).toBe(
      "Pruning zeroed the 20% smallest remaining weights: 16,000 of 80,000 still alive (100,000 prunable in all). About 36.0% of the prunable weights are now zero.",
    );
    expect(chart).toBe("Mask heatmap");
  });

  it("gives an epoch's loss and accuracy with the weights that trained", () => {
    const epoch = { epoch: 0, trainLoss: 0.12345, trainAcc: 0.97, testAcc: 0.9504, lambda: 0 };
    const { text, chart } = explainPhase(log, { phase: "training", iteration: 1, epoch, epochIndex: 0 });
    expect(text).toBe(
      "Training epoch 1 of 2 updated the 80,000 unpruned weights on 3,200 digits: train loss 0.123, test accuracy 95.0%. The pruned weights stay at zero.",
    );
    expect(chart).toBe("Loss");
  });

  it("after rewinding, names the group set that lost the most and its weak heads", () => {
    // blocks.1.attn: mean density (0.9+0.3+0.8+0.1)/4 = 52.5%; heads 1 and 3 are under 0.4.
    const { text } = explainPhase(log, { phase: "rewinding", iteration: 0, epoch: null, epochIndex: 0 });
    expect(text).toBe(
      "Iteration 1 ended at 95.3% test accuracy with 0.0% of the weights zero, and 91.2% after the hard cut (25.0% zero). " +
        "blocks.1.attn lost the most (52.5% dense on average); heads 1 and 3 there are under 40% dense. " +
        "The weights were rewound to the pretrained model; the next iteration trains under the new mask.",
    );
  });
});
