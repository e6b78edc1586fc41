// Every figure the loop logs is recomputed here from what it was measured on: the masks handed
// to the checkpoint writer and a direct evaluation of the weights under them. A pairing that
// sits one iteration off, a cut evaluated on R alone, or a final record built from the wrong
// mask fails these tests.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCheckpoint } from "../../src/core/checkpoint";
import { runCheckpointMeta } from "../../src/core/checkpointMeta";
import { evaluationBatchSize, resolveConfig } from "../../src/core/config";
import { createBatcher } from "../../src/core/data/batches";
import { prepareDataset } from "../../src/core/data/prepare";
import { type RunCheckpoint, runExperiment } from "../../src/core/experiment";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import { maskSparsity } from "../../src/core/prune/magnitude";
import { decayPulled } from "../../src/core/prune/rsst";
import { createOptimizer } from "../../src/core/train/optimizer";
import { evaluate } from "../../src/core/train/step";
import type { Dataset, ExperimentConfig, MaskSet, Struct } from "../../src/core/types";

beforeAll(async () => {
  await tf.setBackend("wasm");
});

function tinyConfig(overrides: Record<string, unknown>): ExperimentConfig {
  const resolved = resolveConfig({
    arch: "vit",
    dataset: "synthetic",
    model: { depth: 2, embedDim: 8, numHeads: 4, mlpRatio: 2, patchSize: 4 },
    trainSize: 64,
    testSize: 64,
    batchSize: 16,
    epochs: 2,
    finalEpochs: 1,
    optimizer: "adamw",
    lr: 0.01,
    warmup: 0,
    augment: false,
    pruningTimes: 3,
    rate: 0.3,
    seed: 3,
    ...overrides,
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  return resolved.config;
}

function product(a: MaskSet, b: MaskSet): MaskSet {
  return tf.tidy(() => Object.fromEntries(Object.keys(a).map((name) => [name, tf.mul(a[name]!, b[name]!)])));
}

function prunableOnly(masks: MaskSet, names: string[]): MaskSet {
  return Object.fromEntries(names.map((name) => [name, masks[name]!]));
}

interface Measured {
  trainedSparsity: number;
  structuredSparsity: number;
  prunedSparsity: number;
  accUnstructured: number;
  accStructured: number;
}

/** Runs the experiment and, at each checkpoint, measures what the log claims, independently. */
async function runAndMeasure(config: ExperimentConfig, dataset: Dataset) {
  const batcher = createBatcher(dataset);
  const tests = () => batcher.testBatches(evaluationBatchSize(config));
  const measured: Measured[] = [];
  const finals: { sparsity: number; acc: number; bytes: Uint8Array; prunable: string[] }[] = [];
  const onCheckpoint = async (checkpoint: RunCheckpoint) => {
    const { model } = checkpoint;
    if (checkpoint.kind === "iteration") {
      const training = prunableOnly(checkpoint.trainedMasks, model.prunable);
      const cut = product(training, checkpoint.structureMask);
      // The cut model: every group outside R zeroed, with what it owns (biases).
      const cutAll = { ...checkpoint.trainedMasks, ...cut, ...checkpoint.owned };
      for (const [name, owned] of Object.entries(checkpoint.owned)) {
        const before = checkpoint.trainedMasks[name];
        if (before) cutAll[name] = tf.mul(before, owned);
      }
      measured.push({
        trainedSparsity: maskSparsity(training).overall,
        structuredSparsity: maskSparsity(cut).overall,
        prunedSparsity: maskSparsity(checkpoint.prunedMasks).overall,
        accUnstructured: await evaluate(model, checkpoint.trainedMasks, tests()),
        accStructured: await evaluate(model, cutAll, tests()),
      });
      tf.dispose([
        ...Object.values(cut),
        ...Object.entries(checkpoint.owned)
          .filter(([n]) => checkpoint.trainedMasks[n])
          .map(([n]) => cutAll[n]!),
      ]);
    } else {
      finals.push({
        sparsity: maskSparsity(checkpoint.masks).overall,
        acc: await evaluate(model, { ...checkpoint.masks, ...checkpoint.owned }, tests()),
        bytes: await encodeCheckpoint(checkpoint, runCheckpointMeta(config, dataset, {})),
        prunable: model.prunable,
      });
    }
  };
  const log = await runExperiment(config, dataset, { onEvent: () => {}, onCheckpoint });
  expect(finals).toHaveLength(1);
  return { log, measured, final: finals[0]! };
}

const SHAPES = {
  ViT: {},
  ResNet: { arch: "resnet", model: { depth: 8, width: 4 } },
};

describe.each(
  (["imp", "refill", "rsst"] as Struct[]).flatMap((struct) =>
    (["ViT", "ResNet"] as const).map((arch) => [struct, arch] as const),
  ),
)("what a %s run of a %s logs", (struct, arch) => {
  it("pairs each accuracy with the sparsity of the weights it was measured on", async () => {
    const config = tinyConfig({ struct, regGranularityPrune: 1, ...SHAPES[arch] });
    const dataset = prepareDataset(config, {});
    const { log, measured, final } = await runAndMeasure(config, dataset);
    expect(log.iterations).toHaveLength(3);
    log.iterations.forEach((iteration, k) => {
      const direct = measured[k]!;
      expect(iteration.trainedSparsity).toBeCloseTo(direct.trainedSparsity, 12);
      expect(iteration.structuredSparsity).toBeCloseTo(direct.structuredSparsity, 12);
      expect(iteration.sparsity.overall).toBeCloseTo(direct.prunedSparsity, 12);
      expect(iteration.testAccUnstructured).toBe(direct.accUnstructured);
      expect(iteration.testAccStructured).toBe(direct.accStructured);
    });
    // Iteration 0 trains dense; IMP and RSST train iteration k under M of iteration k − 1.
    expect(log.iterations[0]!.trainedSparsity).toBe(0);
    if (struct !== "refill") {
      for (const k of [1, 2]) {
        expect(log.iterations[k]!.trainedSparsity).toBeCloseTo(log.iterations[k - 1]!.sparsity.overall, 12);
      }
    }

    // The final ticket: trained, at its mask's sparsity, the figure the checkpoint holds.
    const record = log.final!;
    expect(record.finalTrain).toBe("rewind");
    expect(record.epochs).toHaveLength(1);
    expect(record.testAcc).toBe(final.acc);
    expect(record.testAcc).toBe(record.epochs[0]!.testAcc);
    expect(record.sparsity).toBeCloseTo(final.sparsity, 12);
    expect(record.sparsity).toBeGreaterThanOrEqual(log.iterations[2]!.structuredSparsity - 1e-12);

    // final.safetensors: weights zero wherever its mask is, mask zeros = the logged sparsity.
    const { tensors } = decodeSafetensors(final.bytes);
    let zeros = 0;
    let entries = 0;
    for (const name of final.prunable) {
      const weight = tensors[name]!.data as Float32Array;
      const mask = tensors[`mask.${name}`]!.data as Uint8Array;
      expect(tensors[`refill.${name}`]).toBeUndefined();
      for (let i = 0; i < mask.length; i++) {
        if (mask[i] === 0) {
          zeros++;
          expect(Math.abs(weight[i]!)).toBe(0);
        }
      }
      entries += mask.length;
    }
    expect(zeros / entries).toBeCloseTo(record.sparsity, 12);
  }, 60_000);
});

describe("the final ticket", () => {
  it('"none" reports the untrained cut, "finetune" trains it from the last weights', async () => {
    const dataset = prepareDataset(tinyConfig({}), {});
    const none = await runExperiment(tinyConfig({ struct: "refill", finalTrain: "none" }), dataset, {
      onEvent: () => {},
    });
    expect(none.final!.epochs).toEqual([]);
    expect(none.final!.testAcc).toBe(none.final!.testAccCut);
    const finetune = await runExperiment(tinyConfig({ struct: "refill", finalTrain: "finetune" }), dataset, {
      onEvent: () => {},
    });
    // Same iterations, so the same cut; then one epoch of training from it.
    expect(finetune.final!.testAccCut).toBe(none.final!.testAccCut);
    expect(finetune.final!.epochs).toHaveLength(1);
    expect(finetune.final!.sparsity).toBe(none.final!.sparsity);
  }, 60_000);
});

describe("one meaning of λ", () => {
  it("AdamW's decoupled pull shrinks a weight with zero loss gradient by exactly ∏(1 − lr·λ)", () => {
    const w = tf.variable(
      tf.tensor2d([
        [0.5, -2],
        [1, 4],
      ]),
    );
    const optimizer = createOptimizer({ w }, { name: "adamw", momentum: 0, weightDecay: 0 });
    const pull = {
      w: tf.tensor2d([
        [1, 0],
        [1, 0],
      ]),
    };
    const schedule = [
      { lr: 0.1, lambda: 1 },
      { lr: 0.2, lambda: 2 },
      { lr: 0.3, lambda: 0.5 },
    ];
    for (const { lr, lambda } of schedule) {
      const zero = { w: tf.zerosLike(w) };
      optimizer.apply(zero, lr);
      decayPulled({ w }, pull, lr * lambda);
      tf.dispose(zero.w);
    }
    // (1 − 0.1)(1 − 0.4)(1 − 0.15) = 0.459; Adam's step is 0 for a zero gradient.
    const values = w.arraySync() as number[][];
    expect(values[0]![0]).toBeCloseTo(0.5 * 0.459, 6);
    expect(values[1]![0]).toBeCloseTo(1 * 0.459, 6);
    expect(values[0]![1]).toBe(-2);
    expect(values[1]![1]).toBe(4);
    optimizer.dispose();
    tf.dispose([w, pull.w]);
  });
});
