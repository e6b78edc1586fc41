import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chooseAttentionImages } from "../../src/core/analysis/attentionImages";
import { parseMnistBin } from "../../src/core/data/mnist";
import { prepareDataset } from "../../src/core/data/prepare";
import { presetConfig } from "../../src/core/presets";
import type { IterationRecord, RunLog } from "../../src/core/types";
import { attentionImagePixels, mnistImagePixels } from "../../src/store/views/attentionImagePixels";
import {
  ablationShades,
  agreementText,
  criterionPoints,
  descendingRanks,
  headMaps,
  rhoUndefinedReason,
  slotChange,
} from "../../src/store/views/headViews";
import { epochPullPoints, livePullPoints } from "../../src/store/views/pullSeries";
import { validConfig } from "./fixtures/configs";

const record: IterationRecord = {
  index: 0,
  epochs: [
    { epoch: 0, trainLoss: 1, trainAcc: 0.5, testAcc: 0.5, lambda: 0.1, pull: { pulled: 0.4, kept: 0.5 } },
    { epoch: 1, trainLoss: 1, trainAcc: 0.5, testAcc: 0.5, lambda: 0.3, pull: { pulled: 0.2, kept: 0.5 } },
  ],
  sparsity: { overall: 0.2, layers: {} },
  trainedSparsity: 0,
  structuredSparsity: 0.2,
  testAccUnstructured: 0.5,
  testAccStructured: 0.4,
  groups: {
    "blocks.0.attn": {
      kind: "head",
      importance: [3, 1, 2],
      alive: [true, false, true],
      density: [1, 0, 1],
      ablation: [0.5, null, 0.1],
    },
  },
  criterionAgreement: { head: 1, neuron: null },
  attention: {
    images: [17],
    maps: {
      "blocks.0.attn": [
        [
          [0.5, 0.25],
          [0.1, 0.2],
          [0.3, 0.3],
        ],
      ],
    },
  },
  durationMs: 1,
};
const log = {
  model: { arch: "vit", prunableParams: 1, groups: [{ name: "blocks.0.attn", kind: "head", count: 3 }] },
  iterations: [record],
} as unknown as RunLog;

describe("head views", () => {
  it("ranks the largest value first and gives nulls no rank", () => {
    expect(descendingRanks([3, null, 2, 3])).toEqual([1, null, 3, 1]);
  });

  it("gives each head its map, importance, ablation and ranks", () => {
    const [layer] = headMaps(log, record, 0);
    expect(layer!.heads[0]).toEqual({
      head: 0,
      alive: true,
      attention: [0.5, 0.25],
      importance: 3,
      ablation: 0.5,
      importanceRank: 1,
      ablationRank: 1,
    });
    expect(layer!.heads[2]).toMatchObject({ importanceRank: 2, ablationRank: 2 });
    expect(layer!.heads[1]).toMatchObject({ alive: false, ablation: null, ablationRank: null });
  });

  it("pairs importance with ablation where both exist, by block", () => {
    expect(criterionPoints(log, record, "head")).toEqual([
      { set: "blocks.0.attn", block: 0, index: 0, importance: 3, ablation: 0.5 },
      { set: "blocks.0.attn", block: 0, index: 2, importance: 2, ablation: 0.1 },
    ]);
    expect(ablationShades(record, "blocks.0.attn")).toEqual([1, null, 0]);
    expect(agreementText(record)).toBe("criterion vs ablation: ρ head 1.00, neuron –");
  });

  it("marks cut and revived slots", () => {
    expect([slotChange(true, false), slotChange(false, true), slotChange(true, true)]).toEqual([
      "cut",
      "revived",
      null,
    ]);
  });
});

describe("rhoUndefinedReason", () => {
  const threeBlocks = {
    model: {
      arch: "vit",
      prunableParams: 1,
      groups: [
        { name: "blocks.0.attn", kind: "head", count: 3 },
        { name: "blocks.1.attn", kind: "head", count: 3 },
        { name: "blocks.2.attn", kind: "head", count: 3 },
      ],
    },
  } as unknown as RunLog;
  const head = (importance: number[], ablation: (number | null)[]) => ({
    kind: "head" as const,
    importance,
    alive: ablation.map((v) => v !== null),
    density: importance.map(() => 1),
    ablation,
  });
  const withGroups = (groups: IterationRecord["groups"]): IterationRecord => ({ ...record, groups });

  it("names, per block, the alive heads missing or the side that does not vary", () => {
    const iteration = withGroups({
      "blocks.0.attn": head([3, 1, 2], [0.5, null, null]),
      "blocks.1.attn": head([3, 1, 2], [null, 0.2, null]),
      "blocks.2.attn": head([2, 2, 1], [0.4, 0.1, null]),
    });
    expect(rhoUndefinedReason(threeBlocks, iteration, "head")).toBe(
      "ρ needs 2 or more alive heads per block, with unequal importance and Δloss; blocks 1, 2: one alive head; block 3: equal importance",
    );
    const flat = withGroups({ "blocks.0.attn": head([3, 1, 2], [0.2, 0.2, null]) });
    expect(rhoUndefinedReason(threeBlocks, flat, "head")).toMatch(/block 1: equal ablation Δloss$/);
    expect(rhoUndefinedReason(threeBlocks, withGroups({}), "head")).toBe(
      "no head set was ablated in this iteration",
    );
  });

  it("gives no reason when one block has a ρ", () => {
    const iteration = withGroups({
      "blocks.0.attn": head([3, 1, 2], [0.5, null, null]),
      "blocks.1.attn": head([3, 1, 2], [0.5, 0.1, null]),
    });
    expect(rhoUndefinedReason(threeBlocks, iteration, "head")).toBeNull();
  });
});

describe("pull series", () => {
  it("puts each epoch's pull at its last step, and keeps only live steps that measured it", () => {
    expect(epochPullPoints(record, 10)).toEqual([
      { step: 9, pulled: 0.4, kept: 0.5, lambda: 0.1 },
      { step: 19, pulled: 0.2, kept: 0.5, lambda: 0.3 },
    ]);
    const live = [
      { step: 0, loss: 1, lambda: 0 },
      { step: 4, loss: 1, lambda: 0.2, pull: { pulled: 0.3, kept: 0.6 } },
    ];
    expect(livePullPoints(live)).toEqual([{ step: 4, pulled: 0.3, kept: 0.6, lambda: 0.2 }]);
  });
});

describe("attentionImagePixels", () => {
  it("recomputes a synthetic run's logged image from its config, and nothing for other datasets", () => {
    const config = validConfig({
      ...presetConfig("tiny-vit-synthetic"),
      trainSize: 30,
      testSize: 10,
      batchSize: 8,
      seed: 4,
    });
    const dataset = prepareDataset(config, {});
    const { testIndices, fileIndices } = chooseAttentionImages(dataset.test, 2);
    const pixels = 16 * 16;
    const image = attentionImagePixels(config, fileIndices[1]!);
    expect(image?.shape).toEqual([16, 16, 1]);
    expect(image?.pixels).toEqual(
      dataset.test.images.subarray(testIndices[1]! * pixels, (testIndices[1]! + 1) * pixels),
    );
    expect(attentionImagePixels({ ...config, dataset: "mnist" }, 0)).toBeNull();
  });

  it("finds an MNIST run's logged images in the embedded file by their logged index", () => {
    const bytes = new Uint8Array(readFileSync("public/data/mnist.bin"));
    const config = validConfig({
      ...presetConfig("vit-mnist-refill"),
      trainSize: 40,
      testSize: 20,
      batchSize: 8,
      seed: 3,
    });
    const dataset = prepareDataset(config, { mnist: bytes });
    const { testIndices, fileIndices } = chooseAttentionImages(dataset.test, 3);
    const pool = parseMnistBin(bytes);
    const pixels = 28 * 28;
    fileIndices.forEach((fileIndex, i) => {
      const image = mnistImagePixels(pool, fileIndex);
      expect(image?.shape).toEqual([28, 28, 1]);
      expect(image?.pixels).toEqual(
        dataset.test.images.subarray(testIndices[i]! * pixels, (testIndices[i]! + 1) * pixels),
      );
    });
    expect(mnistImagePixels(pool, pool.count)).toBeNull();
    expect(mnistImagePixels(pool, -1)).toBeNull();
  });
});
