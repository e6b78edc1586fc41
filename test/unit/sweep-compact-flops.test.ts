// The compacted model's FLOPs read from a run log: worked by hand on a tiny ViT, and equal to
// what compaction itself counts on the same model and mask.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { compactModel } from "../../src/core/compact";
import { resolveConfig } from "../../src/core/config";
import { aliveGroups, groupRange } from "../../src/core/groups";
import { createVit } from "../../src/core/models";
import { compactFlopsOfLog } from "../../src/core/sweep";
import type { GroupKind, MaskSet, Model, RunLog } from "../../src/core/types";

await tf.setBackend("cpu");

const SHAPE = { depth: 2, embedDim: 8, numHeads: 4, mlpRatio: 2, patchSize: 4 };
const IMAGE: [number, number, number] = [8, 8, 1];

function logWith(aliveGroups: Partial<Record<GroupKind, number>>, arch: "vit" | "resnet" = "vit"): RunLog {
  const resolved = resolveConfig(
    arch === "vit" ? { arch, model: SHAPE, dataset: "synthetic" } : { arch, dataset: "synthetic" },
  );
  if (!resolved.ok) throw new Error("config");
  return {
    format: "pruning-lab.run",
    version: 1,
    config: resolved.config,
    env: { backend: "cpu", startedAt: "2026-01-01T00:00:00Z", datasetShape: "8x8x1", datasetClasses: 3 },
    model: { arch, prunableParams: 1, groups: [] },
    iterations: [],
    final: { testAcc: 0.5, sparsity: 0.5, testAccCut: 0.4, finalTrain: "rewind", epochs: [], aliveGroups },
  };
}

/** Ones, with every slice of the dead groups zeroed. */
function masksRemoving(model: Model, dead: Record<string, number[]>): MaskSet {
  const values = Object.fromEntries(
    model.prunable.map((name) => [name, new Float32Array(model.params[name]!.size).fill(1)]),
  );
  for (const set of model.groupSets) {
    for (const slice of set.slices) {
      const data = values[slice.param];
      if (!data) continue;
      const shape = model.params[slice.param]!.shape;
      const stride = shape.slice(slice.axis + 1).reduce((a, b) => a * b, 1);
      for (const group of dead[set.name] ?? []) {
        const [start, end] = groupRange(set, slice, group);
        for (let i = 0; i < data.length; i++) {
          const along = Math.floor(i / stride) % shape[slice.axis]!;
          if (along >= start && along < end) data[i] = 0;
        }
      }
    }
  }
  return Object.fromEntries(
    model.prunable.map((name) => [name, tf.tensor(values[name]!, model.params[name]!.shape)]),
  );
}

describe("the compacted FLOPs of a run log", () => {
  it("is the dense count less each removed head's and neuron's MACs, worked by hand", () => {
    // T = 5 tokens, E = 8, d = 2, 16 neurons a block. Dense MACs: patches 4·16·8 = 512, head
    // 8·3 = 24, a block 5·8·24 + 2·25·8 + 5·8·8 + 2·5·8·16 = 2960: 6456 MACs, 12912 FLOPs.
    expect(compactFlopsOfLog(logWith({ head: 8, neuron: 32 }))).toBe(12912);
    // A head: 2·(3·5·8 + 2·25 + 5·8) = 420 MACs; a neuron 2·5·8 = 80: 3 heads and 5 neurons less.
    expect(compactFlopsOfLog(logWith({ head: 5, neuron: 27 }))).toBe(2 * (6456 - 3 * 420 - 5 * 80));
  });

  it("equals what compaction counts for the same model and final mask", () => {
    const model = createVit(SHAPE, IMAGE, 3, 1);
    const masks = masksRemoving(model, {
      "blocks.0.attn": [1, 3],
      "blocks.1.attn": [0],
      "blocks.0.mlp": [0, 5, 6],
      "blocks.1.mlp": [2, 9],
    });
    const compact = compactModel(model, masks, IMAGE);
    const alive = aliveGroups(masks, model.groupSets);
    const counts: Partial<Record<GroupKind, number>> = {};
    for (const set of model.groupSets) {
      counts[set.kind] = (counts[set.kind] ?? 0) + alive[set.name]!.filter(Boolean).length;
    }
    expect(counts).toEqual({ head: 5, neuron: 27 });
    expect(compactFlopsOfLog(logWith(counts))).toBe(compact.flopsPerSample);
    // Nothing removed: the model's own dense count (vitFlopsPerSample).
    expect(compactFlopsOfLog(logWith({ head: 8, neuron: 32 }))).toBe(model.flopsPerSample);
    compact.dispose();
    tf.dispose(Object.values(masks));
    model.dispose();
  });

  it("is null where the log cannot tell: a ResNet, no final record, no dataset shape", () => {
    expect(compactFlopsOfLog(logWith({ channel: 10 }, "resnet"))).toBeNull();
    expect(compactFlopsOfLog({ ...logWith({ head: 8, neuron: 32 }), final: null })).toBeNull();
    const log = logWith({ head: 8, neuron: 32 });
    expect(compactFlopsOfLog({ ...log, env: { backend: "cpu", startedAt: log.env.startedAt } })).toBeNull();
  });
});
