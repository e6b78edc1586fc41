// The analysis at its edges: Spearman's ρ over unusable entries, which sets the ablation
// stacks and how it chunks the copies, the attention maps' refusals, and what an iteration's
// analysis holds for a ResNet, a ViT without images and a ViT with them.
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { ABLATION_GROUP_LIMIT, ablates, ablationDeltas } from "../../src/core/analysis/ablation";
import { vitGeometryOf } from "../../src/core/analysis/attention";
import { analyzeTrained } from "../../src/core/analysis/iterationAnalysis";
import { spearman } from "../../src/core/analysis/spearman";
import { stackedAblatedLosses, stacksOnActivation } from "../../src/core/analysis/stackedAblation";
import { createBatcher } from "../../src/core/data/batches";
import { createResNet, createVit } from "../../src/core/models";
import type { Dataset, GroupSet, Model } from "../../src/core/types";
import { disposeAll, onesMasks } from "../../src/core/weights";

await tf.setBackend("cpu");

describe("spearman's unusable entries", () => {
  it("leaves out pairs with NaN, ±Infinity or null on either side", () => {
    // Without the bad pairs: [1, 2, 3] against [1, 2, 3] → 1
    expect(spearman([1, Number.NaN, 2, 9, 3], [1, 5, 2, Number.POSITIVE_INFINITY, 3])).toBeCloseTo(1, 12);
    expect(spearman([1, null, 2, 3], [3, 0, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, Number.NEGATIVE_INFINITY], [2, 1, 0])).toBeCloseTo(-1, 12);
  });

  it("reads only the pairs both lists have, and is defined from two pairs", () => {
    expect(spearman([1, 2, 3, 4], [4, 3])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2], [2, 3])).toBeCloseTo(1, 12);
    expect(spearman([5, 5, 1], [1, 2, 3])).toBeCloseTo(-Math.sqrt(3) / 2, 12);
  });
});

describe("which sets are ablated, and how", () => {
  const set = (kind: GroupSet["kind"], count: number, name = "s"): GroupSet => ({
    name,
    kind,
    count,
    width: 1,
    slices: [],
  });

  it("neurons and channels up to the limit, heads always, and a targeted list narrows them", () => {
    expect(ablates(set("neuron", ABLATION_GROUP_LIMIT), {})).toBe(true);
    expect(ablates(set("neuron", ABLATION_GROUP_LIMIT + 1), {})).toBe(false);
    expect(ablates(set("channel", ABLATION_GROUP_LIMIT + 1), { ablateAll: true })).toBe(true);
    expect(ablates(set("head", 1000), {})).toBe(true);
    expect(ablates(set("channel", 4, "a"), { targeted: new Set(["b"]) })).toBe(false);
    expect(ablates(set("channel", 4, "a"), { targeted: new Set(["a"]) })).toBe(true);
  });

  const vit = createVit({ depth: 1, embedDim: 8, numHeads: 4, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1);
  const resnet = createResNet({ depth: 8, width: 4 }, [8, 8, 1], 3, 1);
  afterAll(() => {
    vit.dispose();
    resnet.dispose();
  });

  it("stacks on the ViT's attention and MLP activations only", () => {
    const named = (name: string) => ({ ...set("head", 2), name });
    expect(stacksOnActivation(vit, named("blocks.0.attn"))).toBe(true);
    expect(stacksOnActivation(vit, named("blocks.12.mlp"))).toBe(true);
    for (const name of ["xblocks.0.attn", "blocks.0.attn.qkv", "blocks.a.attn", "blocks.0.norm1"]) {
      expect(stacksOnActivation(vit, named(name))).toBe(false);
    }
    expect(stacksOnActivation(resnet, named("blocks.0.attn"))).toBe(false);
  });

  it("gives nothing without batches or without a set to ablate, and every group when none is dead", () => {
    const batch = {
      x: tf.randomNormal([4, 8, 8, 1], 0, 1, "float32", 1) as tf.Tensor4D,
      y: tf.tensor1d([0, 1, 2, 0], "int32"),
    };
    const attn = vit.groupSets.find((s) => s.name === "blocks.0.attn")!;
    const mlp = vit.groupSets.find((s) => s.name === "blocks.0.mlp")!;
    try {
      expect(ablationDeltas(vit, {}, [attn], [], { alive: {} })).toEqual({});
      expect(ablationDeltas(vit, {}, [mlp], [batch], { alive: {}, targeted: new Set() })).toEqual({});
      const deltas = ablationDeltas(vit, {}, [attn], [batch], { alive: {} });
      expect(deltas["blocks.0.attn"]).toHaveLength(4);
      expect(deltas["blocks.0.attn"]!.every((d) => typeof d === "number")).toBe(true);
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
  });

  it("splits the copies into passes of at most 512 images, and gives each group's loss", () => {
    // 128 images: 4 copies a pass, so 4 heads make exactly one pass and 8 neurons two.
    const x = tf.randomNormal([128, 8, 8, 1], 0, 1, "float32", 2) as tf.Tensor4D;
    const y = tf.tensor1d(
      Array.from({ length: 128 }, (_, i) => i % 3),
      "int32",
    );
    const attn = vit.groupSets.find((s) => s.name === "blocks.0.attn")!;
    const mlp = vit.groupSets.find((s) => s.name === "blocks.0.mlp")!;
    try {
      const before = tf.memory().numTensors;
      for (const s of [attn, mlp]) {
        const groups = Array.from({ length: s.count }, (_, g) => g);
        const stacked = stackedAblatedLosses(vit, {}, s, groups, x, y);
        const masked = ablationDeltas(vit, {}, [s], [{ x, y }], { alive: {}, stack: false })[s.name]!;
        const base = ablationDeltas(vit, {}, [s], [{ x, y }], { alive: {} })[s.name]!;
        expect(stacked.shape).toEqual([s.count]);
        const losses = Array.from(stacked.dataSync());
        stacked.dispose();
        // Each stacked loss minus the unablated loss is the masked path's rise.
        const offset = losses[0]! - masked[0]!;
        losses.forEach((loss, g) => {
          expect(loss - offset).toBeCloseTo(masked[g]!, 4);
          expect(base[g]).toBeCloseTo(masked[g]!, 4);
        });
      }
      expect(stackedAblatedLosses(vit, {}, attn, [], x, y).shape).toEqual([0]);
      expect(tf.memory().numTensors).toBe(before + 1);
    } finally {
      tf.dispose([x, y]);
    }
  });
});

describe("vitGeometryOf", () => {
  it("refuses a model that is not a ViT, or lacks a tensor it reads, by name", () => {
    const resnet = createResNet({ depth: 8, width: 4 }, [8, 8, 1], 3, 1);
    const vit = createVit({ depth: 2, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1);
    try {
      expect(() => vitGeometryOf(resnet)).toThrow("attention maps need a ViT");
      const noHeads: Model = { ...vit, groupSets: vit.groupSets.filter((s) => s.kind !== "head") };
      expect(() => vitGeometryOf(noHeads)).toThrow("attention maps need a ViT");
      const params = { ...vit.params };
      delete params.cls_token;
      expect(() => vitGeometryOf({ ...vit, params })).toThrow("attention maps: the model has no cls_token");
      expect(vitGeometryOf(vit)).toEqual({ depth: 2, embedDim: 8, headDim: 4, patchSize: 4, numPatches: 4 });
    } finally {
      resnet.dispose();
      vit.dispose();
    }
  });
});

describe("analyzeTrained", () => {
  function dataset(): Dataset {
    const count = 6;
    const pixels = 8 * 8;
    return {
      name: "hand",
      shape: [8, 8, 1],
      numClasses: 3,
      train: {
        images: Uint8Array.from({ length: count * pixels }, (_, j) => (j * 37) % 256),
        labels: Uint8Array.from({ length: count }, (_, i) => i % 3),
        count,
      },
      test: {
        images: Uint8Array.from({ length: count * pixels }, (_, j) => (j * 53) % 256),
        labels: Uint8Array.from({ length: count }, (_, i) => i % 3),
        count,
      },
      mean: [0.5],
      std: [0.25],
    };
  }

  it("a ViT with chosen images: the ablation, and each block's maps for those images", () => {
    const vit = createVit({ depth: 2, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1);
    const batcher = createBatcher(dataset());
    const batches = [batcher.testBatch(0, 6)];
    const masks = onesMasks(vit);
    try {
      const before = tf.memory().numTensors;
      const analysis = analyzeTrained(
        vit,
        masks,
        batches,
        batcher,
        { testIndices: [1, 4], fileIndices: [11, 44] },
        { ablateAll: false },
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(Object.keys(analysis.ablation).sort()).toEqual([
        "blocks.0.attn",
        "blocks.0.mlp",
        "blocks.1.attn",
        "blocks.1.mlp",
      ]);
      expect(analysis.attention?.images).toEqual([11, 44]);
      const maps = analysis.attention?.maps ?? {};
      expect(Object.keys(maps).sort()).toEqual(["blocks.0.attn", "blocks.1.attn"]);
      // [image][head][patch]: 2 images, 2 heads, 4 patches; the class token's own weight left out.
      const block0 = maps["blocks.0.attn"]!;
      expect([block0.length, block0[0]!.length, block0[0]![0]!.length]).toEqual([2, 2, 4]);
      const rowSum = block0[0]![0]!.reduce((s, v) => s + v, 0);
      expect(rowSum).toBeGreaterThan(0);
      expect(rowSum).toBeLessThan(1);
      // The maps are of images 1 and 4, in that order: image 4's maps equal those of a pass of it alone.
      const alone = analyzeTrained(
        vit,
        masks,
        batches,
        batcher,
        { testIndices: [4], fileIndices: [44] },
        { ablateAll: false },
      );
      const aloneMaps = alone.attention?.maps ?? {};
      expect(aloneMaps["blocks.1.attn"]![0]![1]![2]).toBeCloseTo(maps["blocks.1.attn"]![1]![1]![2]!, 5);
    } finally {
      tf.dispose(batches.flatMap((b) => [b.x, b.y]));
      disposeAll(masks);
      vit.dispose();
    }
  });

  it("a ViT without images, and a ResNet, give the ablation alone", () => {
    const vit = createVit({ depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1);
    const resnet = createResNet({ depth: 8, width: 4 }, [8, 8, 1], 3, 1);
    const batcher = createBatcher(dataset());
    const batches = [batcher.testBatch(0, 6)];
    const vitMasks = onesMasks(vit);
    const resnetMasks = onesMasks(resnet);
    try {
      const none = analyzeTrained(
        vit,
        vitMasks,
        batches,
        batcher,
        { testIndices: [], fileIndices: [] },
        { ablateAll: false },
      );
      expect(none.attention).toBeUndefined();
      expect(Object.keys(none.ablation).length).toBe(2);
      const conv = analyzeTrained(
        resnet,
        resnetMasks,
        batches,
        batcher,
        { testIndices: [0], fileIndices: [0] },
        { ablateAll: false },
      );
      expect(conv.attention).toBeUndefined();
      expect(Object.keys(conv.ablation).length).toBe(resnet.groupSets.length);
    } finally {
      tf.dispose(batches.flatMap((b) => [b.x, b.y]));
      disposeAll(vitMasks);
      disposeAll(resnetMasks);
      vit.dispose();
      resnet.dispose();
    }
  });
});
