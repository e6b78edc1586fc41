import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONFIG_CHOICES, DEFAULT_CONFIG, resolveConfig } from "../../src/core/config";
import { PRESETS } from "../../src/core/presets";
import type { ExperimentConfig } from "../../src/core/types";
import { decodeShareDraft, decodeShareHash, encodeShareHash, shareUrl } from "../../src/lib/shareLink";

function resolved(input: Record<string, unknown>): ExperimentConfig {
  const result = resolveConfig(input);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("; "));
  return result.config;
}

describe("the config in the URL hash", () => {
  it("round-trips every preset exactly", () => {
    for (const preset of Object.values(PRESETS)) {
      const config = resolved(preset.config);
      expect(decodeShareHash(encodeShareHash(config))).toEqual({ ok: true, config });
    }
  });

  it("round-trips arbitrary valid values: doubles, milestones, booleans, choices", () => {
    const configs = fc.record({
      rate: fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      lr: fc.double({ min: 1e-7, max: 10, noNaN: true }),
      seed: fc.integer({ min: -1_000_000, max: 1_000_000 }),
      augment: fc.boolean(),
      decreasingLr: fc.constantFrom("cosine", "none", "6,9", "1,2,3"),
      struct: fc.constantFrom(...CONFIG_CHOICES.struct),
      rstSchedule: fc.constantFrom(...CONFIG_CHOICES.rstSchedule),
      arch: fc.constantFrom(...CONFIG_CHOICES.arch),
    });
    fc.assert(
      fc.property(configs, (fields) => {
        const config = resolved({
          ...fields,
          model: fields.arch === "vit" ? undefined : { depth: 14, width: 8 },
        });
        expect(decodeShareHash(encodeShareHash(config))).toEqual({ ok: true, config });
      }),
      { numRuns: 60 },
    );
  });

  it("reads a short hand-written hash over the defaults", () => {
    const shared = decodeShareHash("#struct=imp&rate=0.5&model.depth=2&augment=false");
    expect(shared).toEqual({
      ok: true,
      config: {
        ...DEFAULT_CONFIG,
        struct: "imp",
        rate: 0.5,
        augment: false,
        model: { ...DEFAULT_CONFIG.model, depth: 2 },
      },
    });
  });

  it("names the key of a value that is invalid or of the wrong type", () => {
    const shared = decodeShareHash("#rate=1.5&epochs=many");
    expect(shared?.ok).toBe(false);
    const errors = shared && !shared.ok ? shared.errors.join("\n") : "";
    expect(errors).toMatch(/^rate: must be in \(0, 1\)/m);
    expect(errors).toMatch(/^epochs: /m);
  });

  it("gives the form every key, the invalid ones as written, over the arch's defaults", () => {
    const draft = decodeShareDraft("#arch=resnet&model.width=8&rate=1.5&epochs=many");
    expect(draft).toEqual({
      ...DEFAULT_CONFIG,
      arch: "resnet",
      model: { depth: 8, width: 8 },
      rate: 1.5,
      epochs: "many",
    });
    expect(decodeShareDraft("#top")).toBeNull();
  });

  it("is null for an empty hash or one that holds no config key", () => {
    expect(decodeShareHash("")).toBeNull();
    expect(decodeShareHash("#")).toBeNull();
    expect(decodeShareHash("#section-2")).toBeNull();
  });

  it("builds a link to this page with the config in its hash", () => {
    const config = resolved(PRESETS["tiny-vit-synthetic"]?.config ?? {});
    const url = shareUrl({ origin: "http://localhost:5173", pathname: "/lab/" }, config);
    expect(url.startsWith("http://localhost:5173/lab/#arch=vit&model.depth=2&")).toBe(true);
    expect(decodeShareHash(new URL(url).hash)).toEqual({ ok: true, config });
  });
});
