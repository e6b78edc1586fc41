import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { prepareDataset } from "../../src/core/data/prepare";
import { mnistReserve } from "../../src/core/data/split";
import { PRESETS, presetConfig } from "../../src/core/presets";
import { inversePermutation } from "../../src/core/pretrained";
import type { ImageSet } from "../../src/core/types";

const realFile = new URL("../../public/data/mnist.bin", import.meta.url);
const PIXELS = 28 * 28;

function imageKeys(set: ImageSet): Set<string> {
  const keys = new Set<string>();
  for (let i = 0; i < set.count; i++) keys.add(set.images.subarray(i * PIXELS, (i + 1) * PIXELS).join(","));
  return keys;
}

describe("inversePermutation", () => {
  it("undoes HWIO → OIHW ([3, 2, 0, 1]) with [2, 3, 1, 0]", () => {
    expect(inversePermutation([3, 2, 0, 1])).toEqual([2, 3, 1, 0]);
  });
});

describe("mnistReserve", () => {
  it("splits 10,000 indices into 8,000 training and 2,000 test indices, disjoint and covering all", () => {
    const { train, test } = mnistReserve(10_000);
    expect([train.length, test.length]).toEqual([8000, 2000]);
    expect(new Set([...train, ...test]).size).toBe(10_000);
  });
});

describe.skipIf(!existsSync(realFile))("the pretrained models' training digits", () => {
  const mnist = new Uint8Array(readFileSync(realFile));
  // scripts/pretrain.ts trains on trainSize 8000 of mnist with seed 1: the whole training half.
  const pretrainTrain = imageKeys(
    prepareDataset({ dataset: "mnist", trainSize: 8000, testSize: 2000, seed: 1 }, { mnist }).train,
  );
  const mnistPresets = Object.keys(PRESETS).filter((name) => presetConfig(name).dataset === "mnist");

  it.each(mnistPresets)("are none of %s's test digits, under several seeds", (name) => {
    for (const seed of [1, 2, 7]) {
      const resolved = resolveConfig({ ...presetConfig(name), seed });
      if (!resolved.ok) throw new Error(`${name} invalid`);
      const { test } = prepareDataset(resolved.config, { mnist });
      const overlap = [...imageKeys(test)].filter((key) => pretrainTrain.has(key));
      expect(overlap).toEqual([]);
    }
  });
});
