import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONFIG,
  DEFAULT_RESNET_MODEL,
  DEFAULT_VIT_MODEL,
  lrMilestones,
  resolveConfig,
} from "../../src/core/config";

function errorsOf(input: unknown, options?: Parameters<typeof resolveConfig>[1]) {
  const result = resolveConfig(input, options);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.errors;
}

describe("resolveConfig: accepted inputs", () => {
  it("resolves an empty input to the defaults", () => {
    expect(resolveConfig({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it("uses the ResNet default model for arch resnet, and merges a partial model over the arch's default", () => {
    const resnet = resolveConfig({ arch: "resnet" });
    expect(resnet.ok && resnet.config.model).toEqual(DEFAULT_RESNET_MODEL);
    const deeper = resolveConfig({ arch: "resnet", model: { depth: 14 } });
    expect(deeper.ok && deeper.config.model).toEqual({ depth: 14, width: 16 });
    const vit = resolveConfig({ model: { embedDim: 32 } });
    expect(vit.ok && vit.config.model).toEqual({ ...DEFAULT_VIT_MODEL, embedDim: 32 });
  });

  it("accepts milestone schedules, an image shape for a loaded dataset, and treats undefined as absent", () => {
    expect(resolveConfig({ decreasingLr: "6, 9" }).ok).toBe(true);
    expect(
      resolveConfig({ dataset: "fashion", model: { patchSize: 4 } }, { imageShape: [32, 32, 3] }).ok,
    ).toBe(true);
    expect(resolveConfig({ lr: undefined })).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });
});

// [input, offending key, a phrase the message must contain]
const rejected: [Record<string, unknown>, string, string][] = [
  [{ rate: 1.5 }, "rate", "rate: must be in (0, 1), got 1.5"],
  [{ rate: 0 }, "rate", "must be in (0, 1)"],
  [{ rate: "0.2" }, "rate", 'must be a number, got "0.2"'],
  [{ fillbackRate: -0.1 }, "fillbackRate", "must be in [0, 1], got -0.1"],
  [{ fillbackRate: 1.1 }, "fillbackRate", "must be in [0, 1]"],
  [{ model: { embedDim: 30, numHeads: 4 } }, "model.embedDim", "divisible by model.numHeads (4), got 30"],
  [{ model: { patchSize: 5 } }, "model.patchSize", "must divide the image size 28×28, got 5"],
  [{ dataset: "synthetic", model: { patchSize: 7 } }, "model.patchSize", "16×16"],
  [{ model: { patchSize: 7 }, dataset: "loaded" }, "dataset", 'unknown dataset "loaded"'],
  [{ model: { mlpRatio: 1.01 } }, "model.mlpRatio", "whole number"],
  [{ model: { depth: 2.5 } }, "model.depth", "positive integer"],
  [{ model: { heads: 4 } }, "model.heads", "unknown key"],
  [{ arch: "resnet", model: { depth: 10 } }, "model.depth", "must be 8, 14 or 20, got 10"],
  [{ arch: "resnet", model: { embedDim: 8 } }, "model.embedDim", "unknown key (known keys: depth, width)"],
  [{ arch: "resnet", model: { width: 0 } }, "model.width", "positive integer"],
  [{ arch: "cnn" }, "arch", 'must be one of "vit", "resnet", got "cnn"'],
  [{ model: 4 }, "model", "got 4"],
  [{ batchSize: 128, trainSize: 100 }, "batchSize", "at most trainSize (100), got 128"],
  [{ pruningTimes: 0 }, "pruningTimes", "positive integer, got 0"],
  [{ pruningTimes: 2.5 }, "pruningTimes", "positive integer"],
  [{ lr: -0.1 }, "lr", "got -0.1"],
  [{ weightDecay: -1 }, "weightDecay", "must be ≥ 0"],
  [{ regGranularityPrune: -1 }, "regGranularityPrune", "must be ≥ 0"],
  [{ exponents: -2 }, "exponents", "must be ≥ 0"],
  [{ epochs: 0 }, "epochs", "positive integer"],
  [{ epochs: 3, rewindEpoch: 3 }, "rewindEpoch", "less than epochs (3), got 3"],
  [{ struct: "lth" }, "struct", '"imp", "refill", "rsst"'],
  [{ criteria: "taylor" }, "criteria", '"remain", "magnitude", "l1", "l2", "saliency"'],
  [{ rstSchedule: "linear" }, "rstSchedule", '"x", "x^2", "x^3", "exp_custom", "exp_custom_exponents"'],
  [{ optimizer: "adam" }, "optimizer", '"sgd", "adamw"'],
  [{ sortingMode: "local" }, "sortingMode", '"global", "layerwise"'],
  [{ headBudget: "count" }, "headBudget", '"density", "ratio"'],
  [{ vitPruneTarget: "attn" }, "vitPruneTarget", '"head", "mlp", "both"'],
  [{ backend: "gpu" }, "backend", '"auto", "webgpu", "webgl", "wasm", "cpu"'],
  [{ decreasingLr: "step" }, "decreasingLr", 'got "step"'],
  [{ decreasingLr: "9,6" }, "decreasingLr", "increasing"],
  [{ decreasingLr: "0,6" }, "decreasingLr", "increasing positive"],
  [{ trainSize: 0 }, "trainSize", "positive integer"],
  [{ testSize: 10.5 }, "testSize", "positive integer"],
  [{ seed: 1.5 }, "seed", "must be an integer, got 1.5"],
  [{ criteriaBatches: 0 }, "criteriaBatches", "positive integer"],
  [{ augment: "yes" }, "augment", 'must be true or false, got "yes"'],
  [{ pruning_times: 3 }, "pruning_times", "unknown key (did you mean pruningTimes?)"],
  [{ colour: "red" }, "colour", "unknown key"],
];

describe("resolveConfig: rejected inputs name the key", () => {
  it.each(rejected)("%j is rejected on %s", (input, key, phrase) => {
    const errors = errorsOf(input);
    const error = errors.find((candidate) => candidate.key === key);
    expect(error, JSON.stringify(errors)).toBeDefined();
    expect(error?.message.startsWith(`${key}: `)).toBe(true);
    expect(error?.message).toContain(phrase);
  });

  it("rejects a non-object input", () => {
    expect(errorsOf([1, 2])).toEqual([{ key: "config", message: "config: must be an object, got an array" }]);
    expect(errorsOf(null)[0]?.key).toBe("config");
  });

  it("reports every invalid key at once, top level and model alike", () => {
    const keys = errorsOf({ rate: 2, struct: "x", model: { embedDim: "wide" } }).map((error) => error.key);
    expect(keys.sort()).toEqual(["model.embedDim", "rate", "struct"]);
  });

  it("checks the patch size against an explicit image shape first", () => {
    expect(errorsOf({ model: { patchSize: 7 } }, { imageShape: [32, 32, 3] })[0]?.key).toBe(
      "model.patchSize",
    );
  });
});

describe("lrMilestones", () => {
  it("parses increasing positive integers and refuses anything else", () => {
    expect(lrMilestones("91,136")).toEqual([91, 136]);
    expect(lrMilestones(" 3 ")).toEqual([3]);
    expect(lrMilestones("3,3")).toBeUndefined();
    expect(lrMilestones("cosine")).toBeUndefined();
    expect(lrMilestones("")).toBeUndefined();
    expect(lrMilestones("2.5")).toBeUndefined();
  });
});
