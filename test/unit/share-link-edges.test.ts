// The share link at its edges: a hash holding only model keys is a config, a hash with model
// keys and none other keeps the defaults' arch, a resnet draft takes the ResNet's model
// defaults, and writing the hash leaves the browser's history alone when nothing changed.
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import { decodeShareDraft, decodeShareHash, encodeShareHash, writeShareHash } from "../../src/lib/shareLink";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("decodeShareHash", () => {
  it("reads a hash of model keys alone as a config over the defaults", () => {
    const decoded = decodeShareHash("#model.depth=2");
    expect(decoded).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, model: { ...DEFAULT_CONFIG.model, depth: 2 } },
    });
  });

  it("reads a hash without model keys as the default model", () => {
    const decoded = decodeShareHash("epochs=2");
    expect(decoded?.ok && decoded.config.model).toEqual(DEFAULT_CONFIG.model);
    expect(decoded?.ok && decoded.config.epochs).toBe(2);
  });

  it("is null for keys that only end like a model key or contain one", () => {
    expect(decodeShareHash("#xmodel.depth=2")).toBeNull();
    expect(decodeShareHash("#depth.model.=2")).toBeNull();
  });
});

describe("decodeShareDraft", () => {
  it("takes the ResNet's model defaults for a resnet hash, the ViT's otherwise", () => {
    const resnet = decodeShareDraft("#arch=resnet&model.width=8");
    expect(resnet?.model).toMatchObject({ width: 8 });
    expect(resnet?.model).not.toHaveProperty("embedDim");
    const vit = decodeShareDraft("#model.depth=3");
    expect(vit?.model).toMatchObject({ ...DEFAULT_CONFIG.model, depth: 3 });
  });
});

describe("writeShareHash", () => {
  function page(hash: string) {
    const replaced: unknown[][] = [];
    vi.stubGlobal("window", {
      location: { hash },
      history: { state: { kept: true }, replaceState: (...args: unknown[]) => void replaced.push(args) },
    });
    return replaced;
  }

  it("replaces the hash, keeping the history's state, when the config changed", () => {
    const replaced = page("#epochs=1");
    writeShareHash(DEFAULT_CONFIG);
    expect(replaced).toEqual([[{ kept: true }, "", encodeShareHash(DEFAULT_CONFIG)]]);
  });

  it("does nothing when the hash already holds the config", () => {
    const replaced = page(encodeShareHash(DEFAULT_CONFIG));
    writeShareHash(DEFAULT_CONFIG);
    expect(replaced).toEqual([]);
  });
});
