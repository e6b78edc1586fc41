// Writes the fixtures python/tests reads (into PYTHON_FIXTURES_DIR, default .python-fixtures/):
// a ViT, a compacted ViT and a ResNet as the lab writes them, with random weights everywhere
// (biases, norms and running statistics too, so no zero init hides a wrong name or layout),
// and beside each `<name>.expected.safetensors`: uint8 test images and the lab's logits on them.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { encodeCheckpoint } from "../../src/core/checkpoint";
import { type CheckpointMeta, metadataStrings, runCheckpointMeta } from "../../src/core/checkpointMeta";
import { compactModel, encodeCompact } from "../../src/core/compact";
import { resolveConfig } from "../../src/core/config";
import { prepareDataset } from "../../src/core/data";
import { groupIndicator } from "../../src/core/groups";
import { decodeSafetensors, encodeSafetensors } from "../../src/core/io/safetensors";
import { createModel } from "../../src/core/models";
import { structuredCut } from "../../src/core/prune/refill";
import type { Dataset, ExperimentConfig, MaskSet, Model } from "../../src/core/types";
import { disposeAll, onesMasks } from "../../src/core/weights";

const OUT = process.env.PYTHON_FIXTURES_DIR ?? ".python-fixtures";
const IMAGES = 8;

function setup(input: Record<string, unknown>): { config: ExperimentConfig; dataset: Dataset; model: Model } {
  const resolved = resolveConfig({
    dataset: "synthetic",
    trainSize: 40,
    testSize: 16,
    batchSize: 8,
    ...input,
  });
  if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join("; "));
  const { config } = resolved;
  const dataset = prepareDataset(config, {});
  const model = createModel(config, dataset.shape, dataset.numClasses);
  let seed = 7;
  for (const [name, v] of Object.entries({ ...model.params, ...model.buffers })) {
    const noise = tf.randomNormal(v.shape, 0, 0.3, "float32", seed++);
    const value = name.endsWith("running_var") ? tf.add(tf.abs(noise), 0.5) : tf.add(v, noise);
    (v as tf.Variable).assign(value);
    tf.dispose([noise, value]);
  }
  return { config, dataset, model };
}

/** The first IMAGES test images, normalized as the lab's batcher does. */
function testImages(dataset: Dataset): { pixels: Uint8Array; x: tf.Tensor4D } {
  const [h, w, c] = dataset.shape;
  const pixels = dataset.test.images.slice(0, IMAGES * h * w * c);
  const x = Float32Array.from(pixels, (v, i) => (v / 255 - dataset.mean[i % c]!) / (dataset.std[i % c] || 1));
  return { pixels, x: tf.tensor4d(x, [IMAGES, h, w, c]) };
}

function writeExpected(name: string, dataset: Dataset, pixels: Uint8Array, logits: tf.Tensor): void {
  const [h, w, c] = dataset.shape;
  const bytes = encodeSafetensors([
    { name: "images", dtype: "U8", shape: [IMAGES, h, w, c], data: pixels },
    { name: "logits", dtype: "F32", shape: logits.shape, data: Float32Array.from(logits.dataSync()) },
  ]);
  writeFileSync(join(OUT, `${name}.expected.safetensors`), bytes);
}

/** R keeping the first half of every group set. */
function halfStructureMask(model: Model): MaskSet {
  const structureMask: MaskSet = {};
  for (const set of model.groupSets) {
    const keep = Array.from({ length: set.count }, (_, g) => g < Math.ceil(set.count / 2));
    Object.assign(structureMask, groupIndicator(model.params, set, keep));
  }
  return structureMask;
}

async function writeDense(name: string, input: Record<string, unknown>): Promise<CheckpointMeta> {
  const { config, dataset, model } = setup(input);
  const meta = runCheckpointMeta(config, dataset, {});
  const masks = onesMasks(model);
  const bytes = await encodeCheckpoint({ kind: "final", iteration: 0, model, masks, owned: {} }, meta);
  writeFileSync(join(OUT, `${name}.safetensors`), bytes);
  const { pixels, x } = testImages(dataset);
  const logits = tf.tidy(() => model.forward(x, { training: false, masks }).logits);
  writeExpected(name, dataset, pixels, logits);
  tf.dispose([x, logits]);
  disposeAll(masks);
  model.dispose();
  return meta;
}

describe("python fixtures", () => {
  mkdirSync(OUT, { recursive: true });

  it("writes a ViT and a ResNet whose metadata describes them", async () => {
    const vit = await writeDense("vit", {
      arch: "vit",
      model: { depth: 2, embedDim: 16, numHeads: 4, mlpRatio: 2, patchSize: 4 },
    });
    const resnet = await writeDense("resnet", { arch: "resnet", model: { depth: 8, width: 4 } });
    expect([vit.arch, resnet.arch]).toEqual(["vit", "resnet"]);
    expect(vit.inputShape).toEqual({ hwc: [16, 16, 1], layout: "NCHW" });
  });

  it("writes a compacted ViT with half its heads and neurons", () => {
    const { config, dataset, model } = setup({
      arch: "vit",
      model: { depth: 2, embedDim: 16, numHeads: 4, mlpRatio: 2, patchSize: 4 },
    });
    const structureMask = halfStructureMask(model);
    const masks = structuredCut(onesMasks(model), structureMask);
    const compact = compactModel(model, masks, dataset.shape);
    const meta = runCheckpointMeta(config, dataset, {});
    const bytes = encodeCompact(compact, metadataStrings(meta, 0));
    writeFileSync(join(OUT, "vit-compact.safetensors"), bytes);
    const { pixels, x } = testImages(dataset);
    const logits = compact.forward(x);
    const masked = tf.tidy(() => model.forward(x, { training: false, masks }).logits);
    // The compacted model is the masked one made small: the same logits.
    expect(tf.max(tf.abs(tf.sub(logits, masked))).dataSync()[0]).toBeLessThan(1e-4);
    writeExpected("vit-compact", dataset, pixels, logits);
    // 2 of 4 heads per block: qkv keeps 3·2·4 of its 48 rows.
    expect(decodeSafetensors(bytes).tensors["blocks.0.attn.qkv.weight"]?.shape).toEqual([24, 16]);
    tf.dispose([x, logits, masked]);
    disposeAll(structureMask);
    disposeAll(masks);
    compact.dispose();
    model.dispose();
  });
});
