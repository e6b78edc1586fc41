import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { classAttentionMaps } from "../../src/core/analysis/attention";
import { chooseAttentionImages } from "../../src/core/analysis/attentionImages";
import { prepareDataset } from "../../src/core/data/prepare";
import { selectImages } from "../../src/core/data/split";
import { generateSynthetic } from "../../src/core/data/synthetic";
import { createVit } from "../../src/core/models";
import { classTokenAttention } from "../../src/core/models/attention";
import { createRng } from "../../src/core/rng";

describe("classTokenAttention", () => {
  it("is the softmax row of the class-token query over a 2-patch image", () => {
    // One image, T = 3 tokens (class, patch 1, patch 2), E = 2, one head of d = 2; W_q = W_k = I,
    // W_v = 0. Rows: class [1, 0], patch 1 [1, 0], patch 2 [0, 1]. Scores q_cls·k/√2 =
    // [1, 1, 0]/√2, so the row is [e^s, e^s, 1] / (2e^s + 1) with s = 1/√2.
    const x = tf.tensor2d([1, 0, 1, 0, 0, 1], [3, 2]);
    const qkv = tf.tensor2d([1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0], [6, 2]);
    const bias = tf.zeros([6]);
    const attention = classTokenAttention(x, qkv, bias, 3, 1);
    const s = Math.exp(1 / Math.sqrt(2));
    const expected = [s, s, 1].map((v) => v / (2 * s + 1));
    const row = (attention.arraySync() as number[][][])[0]![0]!;
    for (const [j, value] of row.entries()) expect(value).toBeCloseTo(expected[j]!, 6);
    tf.dispose([x, qkv, bias, attention]);
  });
});

describe("classAttentionMaps", () => {
  it("gives [image][head][patch] per block, the weight on the class token left out", () => {
    const vit = createVit({ depth: 2, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1);
    const x = tf.randomNormal([3, 8, 8, 1], 0, 1, "float32", 5) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const maps = classAttentionMaps(vit, {}, x);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(maps)).toEqual(["blocks.0.attn", "blocks.1.attn"]);
    const block = maps["blocks.0.attn"]!;
    expect([block.length, block[0]!.length, block[0]![0]!.length]).toEqual([3, 2, 4]);
    for (const head of block.flat()) {
      const total = head.reduce((sum, v) => sum + v, 0);
      expect(total).toBeGreaterThan(0);
      expect(total).toBeLessThan(1);
    }
    vit.dispose();
    x.dispose();
  });
});

describe("chooseAttentionImages", () => {
  it("spreads the images over the test set and maps them to the pool's order", () => {
    // A pool of 10 one-pixel images; the test set draws pool images 9, 7, 5, 3, 1, 0, 2, 4.
    const pool = { images: new Uint8Array(10), labels: new Uint8Array(10), count: 10 };
    const test = selectImages(pool, 1, [9, 7, 5, 3, 1, 0, 2, 4]);
    // floor(i·8/4) = 0, 2, 4, 6 → pool 9, 5, 1, 2
    expect(chooseAttentionImages(test, 4)).toEqual({ testIndices: [0, 2, 4, 6], fileIndices: [9, 5, 1, 2] });
    expect(chooseAttentionImages(test, 20).testIndices).toHaveLength(8);
    expect(chooseAttentionImages(test, 0)).toEqual({ testIndices: [], fileIndices: [] });
  });
});

describe("chooseAttentionImages on a prepared dataset", () => {
  it("logs indices at which the generated pool holds the very same images", () => {
    const config = { dataset: "synthetic", trainSize: 40, testSize: 12, seed: 3 };
    const dataset = prepareDataset(config, {});
    const pool = generateSynthetic(52, createRng(3));
    const pixels = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
    const { testIndices, fileIndices } = chooseAttentionImages(dataset.test, 4);
    expect(testIndices).toEqual([0, 3, 6, 9]);
    for (const [i, test] of testIndices.entries()) {
      const file = fileIndices[i]!;
      const drawn = dataset.test.images.subarray(test * pixels, (test + 1) * pixels);
      expect(pool.images.subarray(file * pixels, (file + 1) * pixels)).toEqual(drawn);
      expect(pool.labels[file]).toBe(dataset.test.labels[test]);
    }
  });
});
