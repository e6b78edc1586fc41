// Compaction against the masked model it replaces: same logits (to float rounding), fewer
// entries, the removed groups gone from every tensor they touched.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { compactModel, encodeCompact } from "../../src/core/compact";
import { aliveGroups, ownedMask } from "../../src/core/groups";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import { createResNet, createVit } from "../../src/core/models";
import type { GroupSet, MaskSet, Model } from "../../src/core/types";

// Importing the WASM backend makes it the default; the tests run on the CPU backend except where
// they say otherwise.
await tf.setBackend("cpu");

const VIT_IMAGE: [number, number, number] = [8, 8, 1];
const RESNET_IMAGE: [number, number, number] = [8, 8, 2];

/** Every parameter and buffer redrawn (seeded), so no bias or statistic is a convenient 0 or 1. */
function scramble(model: Model, seed: number): void {
  let k = seed;
  for (const [name, v] of Object.entries({ ...model.params, ...model.buffers })) {
    const positive = name.endsWith("running_var");
    v.assign(
      tf.tidy(() =>
        positive
          ? tf.randomUniform(v.shape, 0.5, 2, "float32", k++)
          : tf.randomNormal(v.shape, 0, 0.5, "float32", k++),
      ),
    );
  }
}

function setOf(model: Model, name: string): GroupSet {
  const set = model.groupSets.find((s) => s.name === name);
  if (set === undefined) throw new Error(`no group set ${name}`);
  return set;
}

/** Ones with random zeros (about 1 in 5), then every slice of the `dead` groups zeroed. */
function masksRemoving(model: Model, dead: Record<string, number[]>): MaskSet {
  const values: Record<string, Float32Array> = {};
  let seed = 7;
  for (const name of model.prunable) {
    values[name] = tf
      .tidy(() =>
        tf.cast(
          tf.greater(tf.randomUniform(model.params[name]!.shape, 0, 1, "float32", seed++), 0.2),
          "float32",
        ),
      )
      .dataSync() as Float32Array;
  }
  for (const [setName, groups] of Object.entries(dead)) {
    const set = setOf(model, setName);
    for (const slice of set.slices) {
      const shape = model.params[slice.param]!.shape;
      const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
      const data = values[slice.param]!;
      for (let i = 0; i < data.length; i++) {
        const along = Math.floor(i / strides[slice.axis]!) % shape[slice.axis]!;
        const group = Math.floor((along - slice.offset) / set.width);
        if (along >= slice.offset && groups.includes(group)) data[i] = 0;
      }
    }
  }
  return Object.fromEntries(
    model.prunable.map((name) => [name, tf.tensor(values[name]!, model.params[name]!.shape)]),
  );
}

/** The masked model as the run loop cuts it: what the dead groups own is zeroed with them. */
function cutMasks(model: Model, masks: MaskSet): MaskSet {
  return { ...masks, ...ownedMask(model.params, model.groupSets, aliveGroups(masks, model.groupSets)) };
}

function maxDifference(model: Model, masks: MaskSet, imageShape: [number, number, number]): number {
  const compact = compactModel(model, masks, imageShape);
  const x = tf.randomNormal([3, ...imageShape], 0, 1, "float32", 11) as tf.Tensor4D;
  const cut = cutMasks(model, masks);
  const masked = tf.tidy(() => model.forward(x, { training: false, masks: cut }).logits);
  tf.dispose(Object.values(cut).filter((m) => !Object.values(masks).includes(m)));
  const fromCompact = compact.forward(x);
  const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(masked, fromCompact))).dataSync()[0] ?? Number.NaN);
  tf.dispose([x, masked, fromCompact]);
  compact.dispose();
  return difference;
}

describe("compacting a ViT", () => {
  // E = 8, 4 heads of d = 2, MLP 16, 2 blocks, 4 patches of 4×4: T = 5.
  const vit = createVit({ depth: 2, embedDim: 8, numHeads: 4, mlpRatio: 2, patchSize: 4 }, VIT_IMAGE, 3, 1);
  scramble(vit, 100);
  afterAll(() => vit.dispose());

  it("drops the q, k, v rows (and biases) and proj columns of removed heads, logits unchanged", () => {
    const masks = masksRemoving(vit, { "blocks.0.attn": [1, 3], "blocks.1.attn": [0] });
    expect(maxDifference(vit, masks, VIT_IMAGE)).toBeLessThan(1e-4);
    const compact = compactModel(vit, masks, VIT_IMAGE);
    expect(compact.kept["blocks.0.attn"]).toEqual([0, 2]);
    expect(compact.kept["blocks.1.attn"]).toEqual([1, 2, 3]);
    // 2 heads · d 2 = 4 channels per third: rows q0 q2 | k0 k2 | v0 v2.
    expect(compact.params["blocks.0.attn.qkv.weight"]?.shape).toEqual([12, 8]);
    expect(compact.params["blocks.0.attn.qkv.bias"]?.shape).toEqual([12]);
    expect(compact.params["blocks.0.attn.proj.weight"]?.shape).toEqual([8, 4]);
    const bias = Array.from(compact.params["blocks.0.attn.qkv.bias"]!.dataSync());
    const full = Array.from(vit.params["blocks.0.attn.qkv.bias"]!.dataSync());
    // Kept bias entries: heads 0 and 2 of each third, i.e. 0,1,4,5 | 8,9,12,13 | 16,17,20,21.
    expect(bias).toEqual([0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21].map((i) => full[i]));
    compact.dispose();
    tf.dispose(Object.values(masks));
  });

  it("drops the fc1 rows (and biases) and fc2 columns of removed neurons, logits unchanged", () => {
    const masks = masksRemoving(vit, { "blocks.0.mlp": [0, 5, 6, 15], "blocks.1.mlp": [3] });
    expect(maxDifference(vit, masks, VIT_IMAGE)).toBeLessThan(1e-4);
    const compact = compactModel(vit, masks, VIT_IMAGE);
    expect(compact.params["blocks.0.mlp.fc1.weight"]?.shape).toEqual([12, 8]);
    expect(compact.params["blocks.0.mlp.fc1.bias"]?.shape).toEqual([12]);
    expect(compact.params["blocks.0.mlp.fc2.weight"]?.shape).toEqual([8, 12]);
    expect(compact.params["blocks.1.mlp.fc2.weight"]?.shape).toEqual([8, 15]);
    compact.dispose();
    tf.dispose(Object.values(masks));
  });

  it("removes heads and neurons together, down to a block with none of either", () => {
    const masks = masksRemoving(vit, {
      "blocks.0.attn": [0, 1],
      "blocks.0.mlp": Array.from({ length: 8 }, (_, n) => 2 * n),
      "blocks.1.attn": [0, 1, 2, 3],
      "blocks.1.mlp": Array.from({ length: 16 }, (_, n) => n),
    });
    expect(maxDifference(vit, masks, VIT_IMAGE)).toBeLessThan(1e-4);
    const compact = compactModel(vit, masks, VIT_IMAGE);
    expect(compact.params["blocks.1.attn.qkv.weight"]?.shape).toEqual([0, 8]);
    expect(compact.params["blocks.1.mlp.fc1.weight"]?.shape).toEqual([0, 8]);
    compact.dispose();
    tf.dispose(Object.values(masks));
  });

  it("counts FLOPs of what is left: the model's with nothing removed, fewer by hand below", () => {
    const none = compactModel(vit, {}, VIT_IMAGE);
    expect(none.flopsPerSample).toBe(vit.flopsPerSample);
    expect(none.paramCount).toBe(Object.values(vit.params).reduce((n, p) => n + p.size, 0));
    none.dispose();
    // Half the heads (width 4) and half the neurons (8) in both blocks, T = 5, E = 8:
    // patch 4·16·8 = 512; per block qkv 5·8·12 = 480, scores+values 2·25·4 = 200, proj 5·4·8 = 160,
    // MLP 2·5·8·8 = 640 → 1480; head 8·3 = 24. Total 512 + 2·1480 + 24 = 3496 MACs.
    const masks = masksRemoving(vit, {
      "blocks.0.attn": [0, 1],
      "blocks.1.attn": [2, 3],
      "blocks.0.mlp": [0, 1, 2, 3, 4, 5, 6, 7],
      "blocks.1.mlp": [8, 9, 10, 11, 12, 13, 14, 15],
    });
    const half = compactModel(vit, masks, VIT_IMAGE);
    expect(half.flopsPerSample).toBe(2 * 3496);
    half.dispose();
    tf.dispose(Object.values(masks));
  });

  it("leaks no tensors: building, a forward pass, and disposing", () => {
    const masks = masksRemoving(vit, { "blocks.0.attn": [2] });
    const x = tf.randomNormal([2, ...VIT_IMAGE]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const compact = compactModel(vit, masks, VIT_IMAGE);
    const afterBuild = tf.memory().numTensors;
    compact.forward(x).dispose();
    compact.forward(x).dispose();
    expect(tf.memory().numTensors).toBe(afterBuild);
    compact.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...Object.values(masks)]);
  });
});

describe("compacting a ResNet", () => {
  // depth 8: one block per stage, widths 4, 8, 16; stages 2 and 3 have a downsample.
  const resnet = createResNet({ depth: 8, width: 4 }, RESNET_IMAGE, 3, 1);
  scramble(resnet, 200);
  afterAll(() => resnet.dispose());

  it("removes conv1 channels from conv1, bn1 and conv2's input, logits unchanged", () => {
    const masks = masksRemoving(resnet, {
      "layer1.0.conv1": [0, 2],
      "layer2.0.conv1": [1, 3, 4, 7],
      "layer3.0.conv1": [5],
    });
    expect(maxDifference(resnet, masks, RESNET_IMAGE)).toBeLessThan(1e-5);
    const compact = compactModel(resnet, masks, RESNET_IMAGE);
    expect(compact.kept["layer2.0.conv1"]).toEqual([0, 2, 5, 6]);
    expect(compact.kept.layer2).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(compact.params["layer2.0.conv1.weight"]?.shape).toEqual([3, 3, 4, 4]);
    expect(compact.params["layer2.0.bn1.weight"]?.shape).toEqual([4]);
    expect(compact.buffers["layer2.0.bn1.running_var"]?.shape).toEqual([4]);
    expect(compact.params["layer2.0.conv2.weight"]?.shape).toEqual([3, 3, 4, 8]);
    // bn1's kept γ are entries 0, 2, 5, 6 of the trained ones.
    const gamma = Array.from(resnet.params["layer2.0.bn1.weight"]!.dataSync());
    expect(Array.from(compact.params["layer2.0.bn1.weight"]!.dataSync())).toEqual(
      [0, 2, 5, 6].map((i) => gamma[i]),
    );
    compact.dispose();
    tf.dispose(Object.values(masks));
  });

  it("removes residual channels from the stem, every writer and reader of the stream, and fc", () => {
    const masks = masksRemoving(resnet, { layer1: [1], layer2: [0, 3], layer3: [2, 9, 15] });
    expect(maxDifference(resnet, masks, RESNET_IMAGE)).toBeLessThan(1e-5);
    const compact = compactModel(resnet, masks, RESNET_IMAGE);
    expect(compact.kept.layer1).toEqual([0, 2, 3]);
    expect(compact.kept.layer2).toEqual([1, 2, 4, 5, 6, 7]);
    const shapes = Object.fromEntries(
      Object.entries({ ...compact.params, ...compact.buffers }).map(([name, t]) => [name, t.shape]),
    );
    // Stage 1 (4 → 3): the stem's output and bn1, layer1.0.conv2's output and bn2, the input of
    // layer1.0.conv1, layer2.0.conv1 and layer2.0.downsample.0.
    expect(shapes["conv1.weight"]).toEqual([3, 3, 2, 3]);
    expect(shapes["bn1.bias"]).toEqual([3]);
    expect(shapes["bn1.running_mean"]).toEqual([3]);
    expect(shapes["layer1.0.conv1.weight"]).toEqual([3, 3, 3, 4]);
    expect(shapes["layer1.0.conv2.weight"]).toEqual([3, 3, 4, 3]);
    expect(shapes["layer1.0.bn2.weight"]).toEqual([3]);
    // Stage 2 (8 → 6) out of conv2 and the downsample; stage 1 (→ 3) into them.
    expect(shapes["layer2.0.conv1.weight"]).toEqual([3, 3, 3, 8]);
    expect(shapes["layer2.0.conv2.weight"]).toEqual([3, 3, 8, 6]);
    expect(shapes["layer2.0.downsample.0.weight"]).toEqual([1, 1, 3, 6]);
    expect(shapes["layer2.0.downsample.1.running_var"]).toEqual([6]);
    // Stage 3 (16 → 13) out of its convs and into fc; stage 2 (→ 6) into layer3.0.
    expect(shapes["layer3.0.conv1.weight"]).toEqual([3, 3, 6, 16]);
    expect(shapes["layer3.0.downsample.0.weight"]).toEqual([1, 1, 6, 13]);
    expect(shapes["layer3.0.bn2.bias"]).toEqual([13]);
    expect(shapes["fc.weight"]).toEqual([3, 13]);
    expect(shapes["fc.bias"]).toEqual([3]);
    compact.dispose();
    tf.dispose(Object.values(masks));
  });

  it("removes block and residual channels together, logits unchanged", () => {
    const masks = masksRemoving(resnet, {
      "layer1.0.conv1": [3],
      layer1: [0, 2],
      "layer2.0.conv1": [0, 1, 2, 3],
      layer2: [7],
      layer3: [0, 1, 2, 3, 4, 5, 6, 7],
    });
    expect(maxDifference(resnet, masks, RESNET_IMAGE)).toBeLessThan(1e-5);
    tf.dispose(Object.values(masks));
  });

  it("counts FLOPs of the narrower convs", () => {
    // Removing 2 of layer1.0.conv1's 4 channels on 8×8 maps halves conv1 (8·8·9·4·4 = 9216 MACs
    // → 8·8·9·4·2 = 4608) and conv2 (8·8·9·4·4 → 8·8·9·2·4 = 4608): 9216 fewer MACs, 18432 FLOPs.
    const masks = masksRemoving(resnet, { "layer1.0.conv1": [1, 2] });
    const compact = compactModel(resnet, masks, RESNET_IMAGE);
    expect(resnet.flopsPerSample - compact.flopsPerSample).toBe(18432);
    compact.dispose();
    tf.dispose(Object.values(masks));
    // Removing 2 of stage 1's 4 channels: the stem 8·8·9·2·4 → half (−2304 MACs), layer1.0.conv1's
    // input and conv2's output 8·8·9·4·4 → half (−4608 each), layer2.0.conv1's input 4·4·9·4·8
    // → half (−2304), the downsample's 4·4·4·8 → half (−256): 14080 fewer MACs, 28160 FLOPs.
    const residual = masksRemoving(resnet, { layer1: [0, 3] });
    const narrower = compactModel(resnet, residual, RESNET_IMAGE);
    expect(resnet.flopsPerSample - narrower.flopsPerSample).toBe(28160);
    narrower.dispose();
    tf.dispose(Object.values(residual));
  });

  it("accepts only the image size it was compacted for, and leaks nothing", () => {
    const masks = masksRemoving(resnet, { "layer1.0.conv1": [3], layer2: [1] });
    const before = tf.memory().numTensors;
    const compact = compactModel(resnet, masks, RESNET_IMAGE);
    const other = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    expect(() => compact.forward(other)).toThrow(/8×8/);
    compact.dispose();
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(masks));
  });
});

describe("compaction on the WASM backend", () => {
  it("gives the masked ViT's logits there too (its fused matMul is strict about bias buffers)", async () => {
    await tf.setBackend("wasm");
    try {
      const vit = createVit(
        { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 },
        VIT_IMAGE,
        3,
        4,
      );
      scramble(vit, 300);
      const masks = masksRemoving(vit, { "blocks.0.attn": [1], "blocks.0.mlp": [2, 3, 9] });
      expect(maxDifference(vit, masks, VIT_IMAGE)).toBeLessThan(1e-4);
      tf.dispose(Object.values(masks));
      vit.dispose();
    } finally {
      await tf.setBackend("cpu");
    }
  });
});

describe("exporting a compacted model", () => {
  it("writes PyTorch names and layouts (convs OIHW) and the kept indices", () => {
    const resnet = createResNet({ depth: 8, width: 4 }, RESNET_IMAGE, 3, 3);
    const masks = masksRemoving(resnet, { "layer1.0.conv1": [1] });
    const compact = compactModel(resnet, masks, RESNET_IMAGE);
    const file = decodeSafetensors(encodeCompact(compact));
    expect(Object.keys(file.tensors).sort()).toEqual(
      Object.keys({ ...compact.params, ...compact.buffers }).sort(),
    );
    // HWIO [3, 3, 2, 4] → OIHW [4, 2, 3, 3]; entry (o=3, i=1, h=2, w=0) is HWIO (2, 0, 1, 3).
    const conv = file.tensors["layer1.0.conv1.weight"]!;
    expect(conv.shape).toEqual([3, 4, 3, 3]);
    const hwio = compact.params["layer1.0.conv1.weight"]!.arraySync() as number[][][][];
    expect(conv.data[((2 * 4 + 1) * 3 + 2) * 3 + 0]).toBeCloseTo(hwio[2]![0]![1]![2]!, 6);
    expect(JSON.parse(file.metadata["kept.layer1.0.conv1"] ?? "null")).toEqual([0, 2, 3]);
    expect(file.metadata.arch).toBe("resnet");
    compact.dispose();
    resnet.dispose();
    tf.dispose(Object.values(masks));
  });
});
