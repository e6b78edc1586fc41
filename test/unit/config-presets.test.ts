import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { PRESETS, presetConfig } from "../../src/core/presets";

describe("presets", () => {
  it.each(Object.keys(PRESETS))("%s resolves to a valid config", (name) => {
    const result = resolveConfig(presetConfig(name));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("includes the presets the CLI, the UI and the end-to-end tests name", () => {
    for (const name of [
      "tiny-vit-synthetic",
      "vit-mnist-rsst",
      "vit-mnist-refill",
      "resnet-mnist-refill",
      "vit-mnist-dense",
    ]) {
      expect(PRESETS[name]?.description.length).toBeGreaterThan(0);
    }
  });

  it("keeps tiny-vit-synthetic tiny: 2 blocks of 4 heads, patch 4, 256 synthetic training images, Refill", () => {
    const result = resolveConfig(presetConfig("tiny-vit-synthetic"));
    if (!result.ok) throw new Error("tiny-vit-synthetic does not resolve");
    const { config } = result;
    expect(config.model).toEqual({ depth: 2, embedDim: 16, numHeads: 4, mlpRatio: 2, patchSize: 4 });
    expect([config.dataset, config.trainSize, config.testSize, config.epochs, config.batchSize]).toEqual([
      "synthetic",
      256,
      128,
      2,
      32,
    ]);
    expect([config.struct, config.pruningTimes, config.rate, config.criteria]).toEqual([
      "refill",
      3,
      0.3,
      "l1",
    ]);
  });

  it("hands out copies, so editing one does not change the preset", () => {
    const config = presetConfig("tiny-vit-synthetic");
    (config.model as Record<string, unknown>).depth = 99;
    expect(presetConfig("tiny-vit-synthetic").model).toMatchObject({ depth: 2 });
  });

  it("names an unknown preset and lists the known ones", () => {
    expect(() => presetConfig("huge")).toThrow(
      /unknown preset "huge" \(known presets: tiny-vit-synthetic, .*vit-mnist-dense/,
    );
    expect(() => presetConfig("toString")).toThrow(/unknown preset/);
  });
});
