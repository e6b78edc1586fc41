// The checkpoints a run writes, read back by content against the run log: per-layer zeros of
// mask.NAME are the log's sparsity.layers, refill.NAME kills exactly the groups the log calls
// dead, weights are zero wherever the training mask is, ResNet entries are OIHW, and the
// metadata says which run and iteration they are.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCheckpoint } from "../../src/core/checkpoint";
import { runCheckpointMeta } from "../../src/core/checkpointMeta";
import { resolveConfig } from "../../src/core/config";
import { prepareDataset } from "../../src/core/data/prepare";
import { type RunCheckpoint, runExperiment } from "../../src/core/experiment";
import { groupRemain } from "../../src/core/groups";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import type { ExperimentConfig, GroupSet, Model } from "../../src/core/types";

beforeAll(async () => {
  await tf.setBackend("wasm");
});

const VIT = {
  arch: "vit",
  model: { depth: 2, embedDim: 8, numHeads: 4, mlpRatio: 2, patchSize: 4 },
  vitPruneTarget: "both",
};
const RESNET = { arch: "resnet", model: { depth: 8, width: 4 } };

function config(shape: Record<string, unknown>): ExperimentConfig {
  const resolved = resolveConfig({
    ...shape,
    dataset: "synthetic",
    trainSize: 64,
    testSize: 32,
    batchSize: 16,
    epochs: 1,
    finalEpochs: 1,
    lr: 0.01,
    warmup: 0,
    augment: false,
    struct: "refill",
    pruningTimes: 2,
    rate: 0.4,
    seed: 5,
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

interface Written {
  iteration: number | "final";
  bytes: Uint8Array;
  /** The training mask as the model stores it (read before the callback returned). */
  training: Record<string, Float32Array>;
}

/** A decoded tensor in the model's own layout (ResNet convs back from OIHW to HWIO). */
function inModelLayout(model: Model, name: string, data: ArrayLike<number>, shape: number[]): tf.Tensor {
  const perm = model.torchPermutation[name];
  const t = tf.tensor(Array.from(data), shape);
  if (!perm) return t;
  const inverse = perm.map((_, i) => perm.indexOf(i));
  const back = tf.transpose(t, inverse);
  t.dispose();
  return back;
}

describe.each([
  ["ViT", VIT],
  ["ResNet", RESNET],
])("%s checkpoints by content", (_, shape) => {
  it("match the run log entry by entry", async () => {
    const cfg = config(shape);
    const dataset = prepareDataset(cfg, {});
    const meta = runCheckpointMeta(cfg, dataset, {});
    const written: Written[] = [];
    let model: Model | null = null;
    const onCheckpoint = async (checkpoint: RunCheckpoint) => {
      model = checkpoint.model;
      const training = checkpoint.kind === "iteration" ? checkpoint.trainedMasks : checkpoint.masks;
      written.push({
        iteration: checkpoint.kind === "final" ? "final" : checkpoint.iteration,
        bytes: await encodeCheckpoint(checkpoint, meta),
        training: Object.fromEntries(
          checkpoint.model.prunable.map((name) => [name, training[name]!.dataSync() as Float32Array]),
        ),
      });
    };
    const log = await runExperiment(cfg, dataset, { onEvent: () => {}, onCheckpoint });
    expect(written.map((w) => w.iteration)).toEqual([0, 1, "final"]);
    const m = model as unknown as Model;

    for (const { iteration, bytes, training } of written) {
      const { tensors, metadata } = decodeSafetensors(bytes);
      expect(metadata.iteration).toBe(String(iteration));
      expect(metadata.arch).toBe(cfg.arch);
      expect(JSON.parse(metadata.config!)).toEqual(JSON.parse(JSON.stringify(cfg)));
      expect(JSON.parse(metadata.mean!)).toEqual(dataset.mean);
      if (iteration === "final") continue;
      const record = log.iterations[iteration]!;
      for (const name of m.prunable) {
        const weight = tensors[name]!;
        const mask = tensors[`mask.${name}`]!;
        const modelShape = m.params[name]!.shape;
        // OIHW for convs: the stored shape is the model's HWIO permuted.
        const perm = m.torchPermutation[name];
        expect(weight.shape).toEqual(perm ? perm.map((axis) => modelShape[axis]!) : modelShape);
        const zeros = Array.from(mask.data).filter((v) => v === 0).length;
        expect(zeros / mask.data.length).toBeCloseTo(record.sparsity.layers[name]!, 12);
        // Weights as trained: zero wherever the training mask is (compared in the model's layout).
        const trainedWeight = inModelLayout(m, name, weight.data, weight.shape);
        const values = trainedWeight.dataSync();
        trainedWeight.dispose();
        training[name]!.forEach((keep, i) => {
          if (keep === 0) expect(Math.abs(values[i]!)).toBe(0);
        });
      }
      // refill.NAME: a group the log calls dead keeps no entry of R, an alive one keeps some.
      const refill = Object.fromEntries(
        m.prunable.map((name) => {
          const r = tensors[`refill.${name}`]!;
          return [name, inModelLayout(m, name, r.data, r.shape)];
        }),
      );
      for (const set of m.groupSets as GroupSet[]) {
        const alive = groupRemain(refill, set).map((ones) => ones > 0);
        expect(alive).toEqual(record.groups[set.name]!.alive);
      }
      tf.dispose(Object.values(refill));
    }
  }, 90_000);
});
