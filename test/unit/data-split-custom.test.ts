// Drawing images: selection by index (remembered for the test split's indices), disjoint
// train and test draws, per-channel statistics worked by hand, the embedded MNIST's fixed
// halves, and a dataset from the user's files with its size checks.
import { describe, expect, it } from "vitest";
import { datasetFromFiles, splitCounts, splitSizeErrors, wholeSplitSizes } from "../../src/core/data/custom";
import type { FileDataset } from "../../src/core/data/readers";
import {
  channelStats,
  MNIST_RESERVE,
  mnistReserve,
  poolIndicesOf,
  selectImages,
  splitPool,
  splitReserved,
} from "../../src/core/data/split";
import { createRng } from "../../src/core/rng";
import type { ImageSet } from "../../src/core/types";

/** `count` images of `pixels` bytes: image i is filled with i, label i % 10. */
function pool(count: number, pixels = 2): ImageSet {
  return {
    images: Uint8Array.from({ length: count * pixels }, (_, j) => Math.floor(j / pixels)),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
    count,
  };
}

describe("selectImages", () => {
  it("copies the images and labels at the indices, in their order, and remembers them", () => {
    const selected = selectImages(pool(5), 2, [4, 1]);
    expect(selected.count).toBe(2);
    expect([...selected.images]).toEqual([4, 4, 1, 1]);
    expect([...selected.labels]).toEqual([4, 1]);
    expect([...(poolIndicesOf(selected) ?? [])]).toEqual([4, 1]);
    expect(poolIndicesOf(pool(1))).toBeUndefined();
  });
});

describe("splitPool", () => {
  it("draws disjoint train and test sets of the sizes asked, reproducibly by seed", () => {
    const { train, test } = splitPool(pool(20, 1), 1, 12, 6, createRng(3));
    expect([train.count, test.count]).toEqual([12, 6]);
    const drawn = [...train.images, ...test.images];
    expect(new Set(drawn).size).toBe(18);
    const again = splitPool(pool(20, 1), 1, 12, 6, createRng(3));
    expect([...again.train.images]).toEqual([...train.images]);
  });

  it("refuses more images than the pool holds, with the sum", () => {
    expect(() => splitPool(pool(10), 2, 8, 3, createRng(1))).toThrow(
      "trainSize + testSize = 8 + 3 = 11 exceeds the 10 images available",
    );
    expect(() => splitPool(pool(10), 2, 7, 3, createRng(1))).not.toThrow();
  });
});

describe("channelStats", () => {
  it("gives each channel's mean and population std of pixels / 255", () => {
    // Two pixels of two channels (HWC): channel 0 = 0 and 255, channel 1 = 51 and 51.
    const set = { images: Uint8Array.from([0, 51, 255, 51]), labels: Uint8Array.from([0]), count: 1 };
    const { mean, std } = channelStats(set, 2);
    expect(mean[0]).toBeCloseTo(0.5, 12);
    expect(std[0]).toBeCloseTo(0.5, 12);
    expect(mean[1]).toBeCloseTo(0.2, 12);
    expect(std[1]).toBeCloseTo(0, 6);
  });
});

describe("mnistReserve", () => {
  it("splits the pool into fixed halves of 8000 and the rest, whatever the run's seed", () => {
    const { train, test } = mnistReserve(10_000);
    expect([train.length, test.length]).toEqual([MNIST_RESERVE.trainDigits, 2000]);
    expect(new Set([...train, ...test]).size).toBe(10_000);
    expect([...mnistReserve(10_000).test]).toEqual([...test]);
  });

  it("gives a small pool wholly to training", () => {
    const { train, test } = mnistReserve(50);
    expect([train.length, test.length]).toEqual([50, 0]);
  });
});

describe("splitReserved", () => {
  const reserve = { train: Int32Array.of(0, 2, 4, 6, 8), test: Int32Array.of(1, 3, 5) };

  it("draws training images from the training half only and test images from the test half only", () => {
    const { train, test } = splitReserved(pool(10, 1), 1, reserve, 3, 2, createRng(5));
    expect(train.count).toBe(3);
    expect(test.count).toBe(2);
    for (const image of train.images) expect([0, 2, 4, 6, 8]).toContain(image);
    for (const image of test.images) expect([1, 3, 5]).toContain(image);
    expect(new Set(train.images).size).toBe(3);
    expect(new Set(test.images).size).toBe(2);
    expect([...(poolIndicesOf(train) ?? [])]).toEqual([...train.images]);
    const again = splitReserved(pool(10, 1), 1, reserve, 3, 2, createRng(5));
    expect([...again.train.images, ...again.test.images]).toEqual([...train.images, ...test.images]);
  });

  it("takes each half whole, and refuses one image more, naming both limits", () => {
    const whole = splitReserved(pool(10, 1), 1, reserve, 5, 3, createRng(1));
    expect([...whole.train.images].sort()).toEqual([0, 2, 4, 6, 8]);
    expect([...whole.test.images].sort()).toEqual([1, 3, 5]);
    const message =
      "trainSize and testSize must be at most 5 and 3 (the fixed training and test halves of the pool), got ";
    expect(() => splitReserved(pool(10, 1), 1, reserve, 6, 3, createRng(1))).toThrow(`${message}6 and 3`);
    expect(() => splitReserved(pool(10, 1), 1, reserve, 5, 4, createRng(1))).toThrow(`${message}5 and 4`);
  });
});

describe("a dataset from files", () => {
  const files: FileDataset = {
    name: "idx",
    shape: [1, 2, 1],
    numClasses: 10,
    train: pool(8),
    test: pool(4),
    contentHash: "0",
  };

  it("counts each split, and takes each whole up to the limit of a run", () => {
    expect(splitCounts(files)).toEqual({ name: "idx", trainCount: 8, testCount: 4 });
    expect(wholeSplitSizes(splitCounts(files))).toEqual({ trainSize: 8, testSize: 4 });
    expect(wholeSplitSizes({ name: "big", trainCount: 70_000, testCount: 60_001 })).toEqual({
      trainSize: 60_000,
      testSize: 60_000,
    });
  });

  it("names each size over what the split holds; equal sizes and non-numbers pass", () => {
    expect(splitSizeErrors(splitCounts(files), { trainSize: 9, testSize: 5 })).toEqual([
      { key: "trainSize", message: "trainSize: must be at most the 8 training images of idx, got 9" },
      { key: "testSize", message: "testSize: must be at most the 4 test images of idx, got 5" },
    ]);
    expect(splitSizeErrors(splitCounts(files), { trainSize: 8, testSize: "5" })).toEqual([]);
  });

  it("draws the sizes asked from each split by seed, with the training set's statistics", () => {
    const dataset = datasetFromFiles(files, { trainSize: 6, testSize: 3, seed: 2 });
    expect([dataset.train.count, dataset.test.count]).toEqual([6, 3]);
    expect(dataset).toMatchObject({ name: "idx", shape: [1, 2, 1], numClasses: 10 });
    expect(new Set(dataset.train.labels).size).toBe(6);
    expect([...dataset.test.labels].every((label) => label < 4)).toBe(true);
    const stats = channelStats(dataset.train, 1);
    expect(dataset.mean).toEqual(stats.mean);
    expect(dataset.std).toEqual(stats.std);
    const again = datasetFromFiles(files, { trainSize: 6, testSize: 3, seed: 2 });
    expect([...again.train.labels]).toEqual([...dataset.train.labels]);
  });

  it("refuses sizes over the splits before drawing anything, naming both", () => {
    expect(() => datasetFromFiles(files, { trainSize: 9, testSize: 5, seed: 1 })).toThrow(
      "trainSize: must be at most the 8 training images of idx, got 9; testSize: must be at most the 4 test images of idx, got 5",
    );
  });
});
