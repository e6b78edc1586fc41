// The logged attention images found again, at the edges of their pools: the first and last
// image, one past each end, an index that is not a whole number, and a second run whose seed
// or pool size differs (the regenerated pool is kept for one run at a time, never reused for
// another).
import { describe, expect, it } from "vitest";
import type { MnistPool } from "../../src/core/data/mnist";
import { generateSynthetic } from "../../src/core/data/synthetic";
import { presetConfig } from "../../src/core/presets";
import { createRng } from "../../src/core/rng";
import { attentionImagePixels, mnistImagePixels } from "../../src/store/views/attentionImagePixels";
import { validConfig } from "./fixtures/configs";

describe("mnistImagePixels", () => {
  // Three 2×2 images whose pixels are 0–3, 4–7 and 8–11.
  const pool: MnistPool = {
    images: Uint8Array.from({ length: 12 }, (_, i) => i),
    labels: Uint8Array.from([0, 1, 2]),
    count: 3,
    rows: 2,
    cols: 2,
  };

  it("reads the first and the last image, rows × cols pixels each", () => {
    expect(mnistImagePixels(pool, 0)).toEqual({ pixels: Uint8Array.from([0, 1, 2, 3]), shape: [2, 2, 1] });
    expect(mnistImagePixels(pool, 2)).toEqual({ pixels: Uint8Array.from([8, 9, 10, 11]), shape: [2, 2, 1] });
  });

  it("has nothing past either end or between images", () => {
    for (const index of [-1, 3, 1.5, Number.NaN]) expect(mnistImagePixels(pool, index)).toBeNull();
  });
});

describe("attentionImagePixels", () => {
  const side = 16;
  const config = (seed: number, trainSize: number, testSize: number) =>
    validConfig({ ...presetConfig("tiny-vit-synthetic"), trainSize, testSize, batchSize: 8, seed });
  const imageOf = (seed: number, count: number, index: number) =>
    generateSynthetic(count, createRng(seed)).images.subarray(index * side * side, (index + 1) * side * side);

  it("regenerates the whole pool, training and test images, from the seed", () => {
    // 30 training + 10 test images: the pool holds 40, the last at index 39.
    expect(attentionImagePixels(config(4, 30, 10), 0)).toEqual({
      pixels: imageOf(4, 40, 0),
      shape: [side, side, 1],
    });
    expect(attentionImagePixels(config(4, 30, 10), 39)?.pixels).toEqual(imageOf(4, 40, 39));
    expect(attentionImagePixels(config(4, 30, 10), 40)).toBeNull();
    expect(attentionImagePixels(config(4, 30, 10), -1)).toBeNull();
  });

  it("does not reuse one run's pool for a run with another seed or pool size", () => {
    expect(attentionImagePixels(config(4, 30, 10), 5)?.pixels).toEqual(imageOf(4, 40, 5));
    expect(attentionImagePixels(config(5, 30, 10), 5)?.pixels).toEqual(imageOf(5, 40, 5));
    expect(attentionImagePixels(config(5, 50, 10), 55)?.pixels).toEqual(imageOf(5, 60, 55));
  });

  it("has nothing without a configuration", () => {
    expect(attentionImagePixels(null, 0)).toBeNull();
  });
});
