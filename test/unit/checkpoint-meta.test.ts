// The checkpoint metadata: test indices found by image (worked by hand), indices that select
// exactly the lab's test split, and strings that parse back to the run's description.
import { describe, expect, it } from "vitest";
import { metadataStrings, runCheckpointMeta } from "../../src/core/checkpointMeta";
import { resolveConfig } from "../../src/core/config";
import { prepareDataset } from "../../src/core/data";
import { selectImages } from "../../src/core/data/split";
import { generateSynthetic } from "../../src/core/data/synthetic";
import { createRng } from "../../src/core/rng";
import { findTestIndices } from "../../src/core/testSplit";
import type { ImageSet } from "../../src/core/types";

const set = (pixels: number[], labels: number[]): ImageSet => ({
  images: Uint8Array.from(pixels),
  labels: Uint8Array.from(labels),
  count: labels.length,
});

describe("findTestIndices", () => {
  // Four 2-pixel images; images 1 and 3 are equal pixels and label.
  const pool = set([0, 1, 5, 5, 9, 9, 5, 5], [0, 1, 2, 1]);

  it("gives each test image its place in the pool", () => {
    expect(findTestIndices(pool, set([9, 9, 0, 1], [2, 0]), 2)).toEqual([2, 0]);
  });

  it("gives two copies of one image two different indices", () => {
    expect(findTestIndices(pool, set([5, 5, 5, 5], [1, 1]), 2)).toEqual([1, 3]);
  });

  it("refuses an image the pool does not hold (same pixels, other label)", () => {
    expect(() => findTestIndices(pool, set([5, 5], [2]), 2)).toThrow("test image 0 is not in the pool");
  });
});

describe("runCheckpointMeta", () => {
  // Made in each test, not at load: Stryker credits a mutant only to the tests that run its code.
  function measuredRun() {
    const resolved = resolveConfig({
      dataset: "synthetic",
      model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 1, patchSize: 4 },
      trainSize: 40,
      testSize: 12,
      batchSize: 8,
      seed: 5,
    });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    const { config } = resolved;
    const dataset = prepareDataset(config, {});
    return { config, dataset, meta: runCheckpointMeta(config, dataset, {}) };
  }

  it("names test indices that select the lab's test images, in order", () => {
    const { dataset, meta } = measuredRun();
    const pool = generateSynthetic(52, createRng(5));
    const { indices, poolCount, source } = meta.testSplit;
    expect([source, poolCount, indices.length]).toEqual(["synthetic", 52, 12]);
    expect(selectImages(pool, 256, indices)).toEqual(dataset.test);
  });

  it("writes strings that parse back to the run", () => {
    const { config, dataset, meta } = measuredRun();
    const strings = metadataStrings(meta, 3);
    expect(strings.iteration).toBe("3");
    expect(JSON.parse(strings.config!)).toEqual(config);
    expect(JSON.parse(strings.inputShape!)).toEqual({ hwc: [16, 16, 1], layout: "NCHW" });
    expect(JSON.parse(strings.mean!)).toEqual(dataset.mean);
    expect(strings.numClasses).toBe("4");
    expect(JSON.parse(strings.testSplit!).indices).toEqual(meta.testSplit.indices);
    expect(metadataStrings(meta, "final").iteration).toBe("final");
  });
});
