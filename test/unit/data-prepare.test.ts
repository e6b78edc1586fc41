import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { datasetInfo } from "../../src/core/data/catalog";
import { datasetFromPool, prepareDataset } from "../../src/core/data/prepare";
import { channelStats } from "../../src/core/data/split";
import { createRng } from "../../src/core/rng";
import type { ImageSet } from "../../src/core/types";

/** A pool of 1×1×1 images whose single pixel is the image's index: an image names itself. */
function selfNamingPool(count: number): ImageSet {
  const images = Uint8Array.from({ length: count }, (_, i) => i);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  return { images, labels, count };
}

const tinyInfo = { shape: [1, 1, 1] as [number, number, number], numClasses: 3 };

function split(seed: number, trainSize = 12, testSize = 5) {
  return datasetFromPool("tiny", tinyInfo, selfNamingPool(20), trainSize, testSize, createRng(seed));
}

describe("the seeded split", () => {
  it("has the asked sizes, disjoint parts, and labels that travel with their images", () => {
    const dataset = split(1);
    expect(dataset.train.count).toBe(12);
    expect(dataset.test.count).toBe(5);
    const train = Array.from(dataset.train.images);
    const test = Array.from(dataset.test.images);
    expect(new Set([...train, ...test]).size).toBe(17);
    expect(Array.from(dataset.train.labels)).toEqual(train.map((id) => id % 3));
    expect(Array.from(dataset.test.labels)).toEqual(test.map((id) => id % 3));
  });

  it("is the same under the same seed and different under another", () => {
    expect(split(4).train.images).toEqual(split(4).train.images);
    expect(split(4).train.images).not.toEqual(split(5).train.images);
  });

  it("refuses a pool smaller than trainSize + testSize, saying how many images there are", () => {
    expect(() => split(1, 16, 5)).toThrow(/has 20 images, fewer than trainSize \+ testSize = 16 \+ 5/);
  });
});

describe("channelStats", () => {
  it("matches a hand computation on two 1×2 images with 2 channels", () => {
    // Pixels in HWC: image A = [0, 255 | 255, 51], image B = [255, 102 | 0, 153].
    // Channel 0 over [0, 1, 1, 0]: mean 0.5, variance 0.25, std 0.5.
    // Channel 1 over [1, 0.2, 0.4, 0.6]: mean 0.55, mean of squares 1.56/4 = 0.39,
    // variance 0.39 − 0.3025 = 0.0875, std ≈ 0.295804.
    const set: ImageSet = {
      images: new Uint8Array([0, 255, 255, 51, 255, 102, 0, 153]),
      labels: new Uint8Array([0, 1]),
      count: 2,
    };
    const { mean, std } = channelStats(set, 2);
    expect(mean[0]).toBeCloseTo(0.5, 12);
    expect(mean[1]).toBeCloseTo(0.55, 12);
    expect(std[0]).toBeCloseTo(0.5, 12);
    expect(std[1]).toBeCloseTo(Math.sqrt(0.0875), 12);
  });

  it("is computed on the training part only", () => {
    const dataset = split(2);
    const trainMean = Array.from(dataset.train.images).reduce((sum, v) => sum + v / 255, 0) / 12;
    expect(dataset.mean[0]).toBeCloseTo(trainMean, 12);
  });
});

describe("prepareDataset", () => {
  it("generates trainSize + testSize synthetic images of the catalogued shape", () => {
    const config = { dataset: "synthetic", trainSize: 40, testSize: 24, seed: 3 };
    const dataset = prepareDataset(config, {});
    expect(dataset.shape).toEqual([16, 16, 1]);
    expect(dataset.numClasses).toBe(4);
    expect(dataset.train.images.length).toBe(40 * 256);
    expect(dataset.test.count).toBe(24);
    expect(prepareDataset(config, {}).train.images).toEqual(dataset.train.images);
  });

  it("names the problem for an unknown dataset or missing MNIST bytes", () => {
    expect(() => prepareDataset({ dataset: "cifar", trainSize: 1, testSize: 1, seed: 1 }, {})).toThrow(
      /"cifar" is not a built-in dataset/,
    );
    expect(() => prepareDataset({ dataset: "mnist", trainSize: 1, testSize: 1, seed: 1 }, {})).toThrow(
      /mnist\.bin were not provided/,
    );
  });

  it("catalogues the built-ins", () => {
    expect(datasetInfo("mnist")).toEqual({ shape: [28, 28, 1], numClasses: 10 });
    expect(datasetInfo("synthetic")).toEqual({ shape: [16, 16, 1], numClasses: 4 });
    expect(datasetInfo("toString")).toBeUndefined();
  });
});

const realFile = new URL("../../public/data/mnist.bin", import.meta.url);

describe.skipIf(!existsSync(realFile))("prepareDataset on the embedded MNIST", () => {
  const mnist = new Uint8Array(readFileSync(realFile));

  it("splits the 10,000 digits and has MNIST-like statistics", () => {
    const dataset = prepareDataset({ dataset: "mnist", trainSize: 8000, testSize: 2000, seed: 1 }, { mnist });
    expect(dataset.train.count).toBe(8000);
    expect(dataset.test.count).toBe(2000);
    expect(new Set(dataset.test.labels).size).toBe(10);
    // The full MNIST training set has mean ≈ 0.131 and std ≈ 0.308.
    expect(dataset.mean[0]).toBeGreaterThan(0.1);
    expect(dataset.mean[0]).toBeLessThan(0.16);
    expect(dataset.std[0]).toBeGreaterThan(0.27);
    expect(dataset.std[0]).toBeLessThan(0.34);
  });

  it("refuses a split larger than the 10,000-digit pool", () => {
    expect(() =>
      prepareDataset({ dataset: "mnist", trainSize: 9000, testSize: 2000, seed: 1 }, { mnist }),
    ).toThrow(/"mnist" has 10000 images, fewer than trainSize \+ testSize = 9000 \+ 2000/);
  });
});
