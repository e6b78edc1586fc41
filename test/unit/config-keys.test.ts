import { describe, expect, it } from "vitest";
import { CONFIG_CHOICES, DEFAULT_CONFIG, resolveConfig } from "../../src/core/config";

describe("the config derived from the table of keys", () => {
  it("has the defaults and the key order the config had before the table", () => {
    // Written out by hand from the hand-written DEFAULT_CONFIG the table replaced.
    const before = {
      arch: "vit",
      model: { depth: 4, embedDim: 64, numHeads: 4, mlpRatio: 2, patchSize: 7 },
      dataset: "mnist",
      trainSize: 8000,
      testSize: 2000,
      epochs: 20,
      batchSize: 64,
      optimizer: "adamw",
      lr: 2e-3,
      momentum: 0.9,
      weightDecay: 0.05,
      warmup: 1,
      decreasingLr: "cosine",
      augment: true,
      struct: "rsst",
      pruningTimes: 5,
      rate: 0.2,
      sortingMode: "global",
      criteria: "l1",
      vitPruneTarget: "head",
      headBudget: "density",
      fillbackRate: 0,
      rewindEpoch: 0,
      regGranularityPrune: 5,
      rstSchedule: "x",
      exponents: 4,
      criteriaBatches: 1,
      seed: 1,
      backend: "auto",
      finalTrain: "rewind",
      finalEpochs: 20,
      init: "scratch",
      attentionImages: 4,
      ablateAll: false,
    };
    expect(DEFAULT_CONFIG).toEqual(before);
    expect(Object.keys(DEFAULT_CONFIG)).toEqual(Object.keys(before));
    const resolved = resolveConfig({ arch: "resnet", epochs: 7 });
    expect(resolved.ok && Object.keys(resolved.config)).toEqual(Object.keys(before));
    expect(resolved.ok && resolved.config.model).toEqual({ depth: 8, width: 16 });
    expect(resolved.ok && resolved.config.finalEpochs).toBe(7);
  });

  it("lists the allowed values of every choice key", () => {
    expect(CONFIG_CHOICES).toEqual({
      arch: ["vit", "resnet"],
      optimizer: ["sgd", "adamw"],
      struct: ["imp", "refill", "rsst"],
      sortingMode: ["global", "layerwise"],
      criteria: ["remain", "magnitude", "l1", "l2", "saliency"],
      vitPruneTarget: ["head", "mlp", "both"],
      headBudget: ["density", "ratio"],
      rstSchedule: ["x", "x^2", "x^3", "exp_custom", "exp_custom_exponents"],
      backend: ["auto", "webgpu", "webgl", "wasm", "cpu"],
      finalTrain: ["rewind", "finetune", "none"],
      init: ["scratch", "pretrained"],
    });
  });

  it("names every known key, in the config's order, for an unknown one", () => {
    const result = resolveConfig({ colour: "red" });
    expect(result.ok ? "" : result.errors[0]?.message).toBe(
      "colour: unknown key (known keys: arch, model, dataset, trainSize, testSize, epochs, batchSize, optimizer, lr, " +
        "momentum, weightDecay, warmup, decreasingLr, augment, struct, pruningTimes, rate, sortingMode, criteria, " +
        "vitPruneTarget, headBudget, fillbackRate, rewindEpoch, regGranularityPrune, rstSchedule, exponents, " +
        "criteriaBatches, seed, backend, finalTrain, finalEpochs, init, attentionImages, ablateAll)",
    );
  });
});
