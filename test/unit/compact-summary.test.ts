// The end-of-run compaction summary: counts worked out by hand for a one-block ViT with one of
// its two heads and half of its MLP neurons cut, latencies that are what they claim to be, the
// safetensors it encodes, and no tensor left behind.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { compactCheckpoint } from "../../src/core/compact/summary";
import type { IterationCheckpoint } from "../../src/core/experiment";
import { groupIndicator } from "../../src/core/groups";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import { createVit } from "../../src/core/models";
import type { MaskSet, Model } from "../../src/core/types";
import { disposeAll, onesMasks } from "../../src/core/weights";

const IMAGE: [number, number, number] = [8, 8, 1];
const LATENCY = { batchSize: 2, warmup: 0, repeats: 3 };

/** E = 8, 2 heads of d = 4, MLP hidden 16, 4 patches of 4×4, 3 classes. */
function tinyVit(): Model {
  return createVit({ depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, IMAGE, 3, 1);
}

/** R keeping head 0 and neurons 0–7: every prunable weight is touched by exactly one group set. */
function structureKeepingHalf(model: Model): MaskSet {
  const structureMask: MaskSet = {};
  for (const set of model.groupSets) {
    const selected = Array.from({ length: set.count }, (_, g) => g < set.count / 2);
    Object.assign(structureMask, groupIndicator(model.params, set, selected));
  }
  return structureMask;
}

function checkpointOf(model: Model, structureMask: MaskSet): IterationCheckpoint {
  const trained = onesMasks(model);
  return {
    kind: "iteration",
    iteration: 0,
    model,
    trainedMasks: trained,
    prunedMasks: trained,
    structureMask,
    owned: {},
  };
}

/** Runs `use` on a tiny ViT's checkpoint keeping half of every group set, then frees them all. */
async function withHalfKept(
  use: (checkpoint: IterationCheckpoint, model: Model) => Promise<void>,
): Promise<void> {
  const model = tinyVit();
  const structureMask = structureKeepingHalf(model);
  const checkpoint = checkpointOf(model, structureMask);
  try {
    await use(checkpoint, model);
  } finally {
    disposeAll(checkpoint.trainedMasks);
    disposeAll(structureMask);
    model.dispose();
  }
}

describe("compactCheckpoint", () => {
  it("counts the params, FLOPs and groups the cut removes", () =>
    withHalfKept(async (checkpoint, model) => {
      const { summary } = await compactCheckpoint(checkpoint, IMAGE, LATENCY);

      // Head 1 (d = 4): 3·4 qkv rows of 8 weights + 12 biases, and 4 proj columns of 8 = 140.
      // Neurons 8–15: 8 fc1 rows of 8 + 8 biases, and 8 fc2 columns of 8 = 136.
      const dense = Object.values(model.params).reduce((sum, p) => sum + p.size, 0);
      expect(summary.denseParams).toBe(dense);
      expect(summary.compactParams).toBe(dense - 140 - 136);
      // T = 5 tokens, E = 8. Per sample the block's MACs with heads of total width w and hidden h are
      // T·E·3w + 2·T²·w + T·w·E + 2·T·E·h: (w, h) = (8, 16) gives 2960, (4, 8) gives 1480.
      expect(summary.denseFlopsPerSample - summary.compactFlopsPerSample).toBe(2 * (2960 - 1480));
      expect(summary.groups).toEqual({ head: { removed: 1, total: 2 }, neuron: { removed: 8, total: 16 } });
    }));

  it("reports medians of real timings on the current backend, and their ratio", () =>
    withHalfKept(async (checkpoint) => {
      const { latency } = (await compactCheckpoint(checkpoint, IMAGE, LATENCY)).summary;
      expect(latency.backend).toBe(tf.getBackend());
      expect(latency.batchSize).toBe(2);
      expect(latency.maskedMs).toBeGreaterThan(0);
      expect(latency.compactMs).toBeGreaterThan(0);
      expect(latency.speedup).toBeCloseTo(latency.maskedMs / latency.compactMs, 10);
    }));

  it("encodes the compacted weights with the kept groups, and leaves no tensor behind", () =>
    withHalfKept(async (checkpoint) => {
      const before = tf.memory().numTensors;
      const { safetensors } = await compactCheckpoint(checkpoint, IMAGE, LATENCY);
      expect(tf.memory().numTensors).toBe(before);

      const file = decodeSafetensors(safetensors);
      expect(file.tensors["blocks.0.attn.qkv.weight"]?.shape).toEqual([12, 8]);
      expect(file.tensors["blocks.0.attn.proj.weight"]?.shape).toEqual([8, 4]);
      expect(file.tensors["blocks.0.mlp.fc1.weight"]?.shape).toEqual([8, 8]);
      expect(file.tensors["blocks.0.mlp.fc2.weight"]?.shape).toEqual([8, 8]);
      expect(file.metadata["kept.blocks.0.attn"]).toBe("[0]");
    }));
});
