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
      "pretrained-vit-mnist",
      "pretrained-resnet-mnist",
      "tiny-vit-synthetic",
      "vit-mnist-rsst",
      "vit-mnist-refill",
      "resnet-mnist-refill",
      "vit-mnist-dense",
    ]) {
      expect(PRESETS[name]?.description.length).toBeGreaterThan(0);
    }
  });

  it("hands out copies, so editing one does not change the preset", () => {
    const config = presetConfig("tiny-vit-synthetic");
    (config.model as Record<string, unknown>).depth = 99;
    expect(presetConfig("tiny-vit-synthetic").model).toMatchObject({ depth: 2 });
  });

  it("names an unknown preset and lists the known ones", () => {
    expect(() => presetConfig("huge")).toThrow(
      /unknown preset "huge" \(known presets: pretrained-vit-mnist, pretrained-resnet-mnist, tiny-vit-synthetic, .*vit-mnist-dense/,
    );
    expect(() => presetConfig("toString")).toThrow(/unknown preset/);
  });
});
