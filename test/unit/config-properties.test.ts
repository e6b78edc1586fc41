// Property tests of the one config validator: random inputs never crash it, every error
// names a real key (or the unknown key given), and every config it accepts builds a model
// that runs a forward pass on the dataset's images.
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CONFIG_CHOICES,
  CONFIG_LIMITS,
  DEFAULT_CONFIG,
  DEFAULT_RESNET_MODEL,
  DEFAULT_VIT_MODEL,
  estimateStepBytes,
  evaluationBatchSize,
  RESNET_DEPTHS,
  resolveConfig,
} from "../../src/core/config";
import { datasetInfo } from "../../src/core/data/catalog";
import { createModel } from "../../src/core/models";
import type { ExperimentConfig } from "../../src/core/types";
import { ONE_BLOCK_VIT } from "./fixtures/configs";

const TOP_KEYS = Object.keys(DEFAULT_CONFIG);
const MODEL_KEYS = [...new Set([...Object.keys(DEFAULT_VIT_MODEL), ...Object.keys(DEFAULT_RESNET_MODEL)])];
const KEY_PATHS = new Set(["config", ...TOP_KEYS, ...MODEL_KEYS.map((key) => `model.${key}`)]);

const wrongType = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const anyNumber = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.constantFrom(0, 1, 0.5, 1e-9, 1e9, -1, Number.MAX_SAFE_INTEGER + 2),
);
/** A small count (what the test can afford to run), a large one (above 10,000), or a fraction. */
const count = (small: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -1, max: small }), weight: 4 },
    { arbitrary: fc.integer({ min: 10_001, max: 1e9 }), weight: 1 },
    { arbitrary: fc.double({ min: 0, max: small, noNaN: true }), weight: 1 },
  );
const choice = (values: readonly string[]) => fc.constantFrom(...values, "bogus", "");

/** Right-typed values for each model key, mostly small enough to build and run quickly. */
const modelValues: Record<string, fc.Arbitrary<unknown>> = {
  depth: fc.oneof(fc.constantFrom(1, 2, 8, 14, 20), count(3)),
  embedDim: fc.oneof(fc.constantFrom(4, 6, 8, 12, 16), count(16)),
  numHeads: fc.oneof(fc.integer({ min: 1, max: 4 }), count(8)),
  mlpRatio: fc.oneof(fc.constantFrom(0.25, 0.5, 1, 1.5, 2), anyNumber),
  patchSize: fc.oneof(fc.constantFrom(1, 2, 4, 7, 8, 14, 16, 28), count(30)),
  width: fc.oneof(fc.integer({ min: 1, max: 4 }), count(8)),
};

/** Right-typed values for each top-level key, in and out of range. */
const topValues: Record<string, fc.Arbitrary<unknown>> = {
  arch: choice(CONFIG_CHOICES.arch),
  dataset: fc.constantFrom("mnist", "synthetic", "cifar10", ""),
  trainSize: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 70_000 }), count(64)),
  testSize: fc.oneof(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 0, max: 70_000 }), count(32)),
  epochs: count(4),
  batchSize: count(80),
  optimizer: choice(CONFIG_CHOICES.optimizer),
  lr: anyNumber,
  momentum: anyNumber,
  weightDecay: anyNumber,
  warmup: anyNumber,
  decreasingLr: fc.constantFrom("cosine", "none", "3,6", "6,3", "0", "step", ""),
  augment: fc.boolean(),
  struct: choice(CONFIG_CHOICES.struct),
  pruningTimes: count(4),
  rate: anyNumber,
  sortingMode: choice(CONFIG_CHOICES.sortingMode),
  criteria: choice(CONFIG_CHOICES.criteria),
  vitPruneTarget: choice(CONFIG_CHOICES.vitPruneTarget),
  headBudget: choice(CONFIG_CHOICES.headBudget),
  fillbackRate: anyNumber,
  rewindEpoch: count(4),
  regGranularityPrune: anyNumber,
  rstSchedule: choice(CONFIG_CHOICES.rstSchedule),
  exponents: anyNumber,
  criteriaBatches: count(4),
  seed: fc.oneof(fc.integer(), anyNumber),
  backend: choice(CONFIG_CHOICES.backend),
};

/** Each key absent or present, mostly with a right-typed value, sometimes with a wrong type. */
function partialRecord(values: Record<string, fc.Arbitrary<unknown>>) {
  const fields = Object.fromEntries(
    Object.entries(values).map(([key, right]) => [
      key,
      fc.oneof({ arbitrary: right, weight: 5 }, { arbitrary: wrongType, weight: 1 }),
    ]),
  );
  return fc.record(fields, { requiredKeys: [] });
}

const unknownKeys = fc.dictionary(
  fc.string({ maxLength: 8 }).filter((key) => !TOP_KEYS.includes(key)),
  fc.jsonValue({ maxDepth: 1 }),
  { maxKeys: 1 },
);

const nearValidConfig = fc
  .tuple(
    partialRecord(topValues),
    fc.oneof(partialRecord(modelValues), wrongType),
    fc.oneof({ arbitrary: fc.constant({}), weight: 6 }, { arbitrary: unknownKeys, weight: 1 }),
  )
  .map(([top, model, extra]) => ({ ...top, model, ...extra }));

/** Valid by construction except for the batch size, which may exceed trainSize. */
const PATCH_SIZES: Record<string, number[]> = { mnist: [1, 2, 4, 7, 14, 28], synthetic: [1, 2, 4, 8, 16] };
const mostlyValidConfig = fc
  .record({
    arch: fc.constantFrom(...CONFIG_CHOICES.arch),
    dataset: fc.constantFrom("mnist", "synthetic"),
    trainSize: fc.integer({ min: 1, max: 64 }),
    batchSize: fc.integer({ min: 1, max: 16 }),
    epochs: fc.integer({ min: 1, max: 3 }),
    struct: fc.constantFrom(...CONFIG_CHOICES.struct),
    depth: fc.integer({ min: 1, max: 3 }),
    numHeads: fc.integer({ min: 1, max: 4 }),
    headDim: fc.integer({ min: 1, max: 4 }),
    mlpRatio: fc.constantFrom(1, 2, 3),
    patchChoice: fc.nat(),
    resnet: fc.record({ depth: fc.constantFrom(...RESNET_DEPTHS), width: fc.integer({ min: 1, max: 4 }) }),
  })
  .map(({ depth, numHeads, headDim, mlpRatio, patchChoice, resnet, ...rest }) => {
    const patchSizes = PATCH_SIZES[rest.dataset]!;
    const vit = {
      depth,
      numHeads,
      embedDim: numHeads * headDim,
      mlpRatio,
      patchSize: patchSizes[patchChoice % patchSizes.length],
    };
    return { ...rest, model: rest.arch === "resnet" ? resnet : vit };
  });

/** Which error keys are acceptable for an input: real key paths and the unknown keys it gave. */
function acceptableKeys(input: unknown): Set<string> {
  const keys = new Set(KEY_PATHS);
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    for (const key of Object.keys(input)) keys.add(key);
    const model = (input as Record<string, unknown>).model;
    if (typeof model === "object" && model !== null && !Array.isArray(model)) {
      for (const key of Object.keys(model)) keys.add(`model.${key}`);
    }
  }
  return keys;
}

function checkErrors(input: unknown): void {
  const result = resolveConfig(input);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  const acceptable = acceptableKeys(input);
  for (const error of result.errors) {
    expect(acceptable.has(error.key), `${error.key} for ${JSON.stringify(input)}`).toBe(true);
    expect(error.message.startsWith(`${error.key}: `)).toBe(true);
  }
}

/** An upper bound on the entries of the weights, from the config alone: checked before building. */
function parameterCount(config: ExperimentConfig, channels: number): number {
  if (config.arch === "resnet") return 9 * 21 * (4 * config.model.width) ** 2;
  const { depth, embedDim, mlpRatio, patchSize } = config.model;
  return embedDim * patchSize * patchSize * channels + depth * (4 + 2 * mlpRatio) * embedDim * embedDim;
}

/** The accepted config builds its model, which runs one training-mode forward pass. */
function checkRunnable(config: ExperimentConfig): void {
  expect(config.batchSize).toBeLessThanOrEqual(config.trainSize);
  expect(config.rewindEpoch).toBeLessThan(config.epochs);
  expect(config.pruningTimes).toBeLessThanOrEqual(CONFIG_LIMITS.pruningTimes);
  const info = datasetInfo(config.dataset);
  if (!info) throw new Error(`accepted an unknown dataset: ${config.dataset}`);
  if (config.dataset === "mnist") expect(config.trainSize + config.testSize).toBeLessThanOrEqual(10_000);
  expect(parameterCount(config, info.shape[2])).toBeLessThan(2e5);
  const model = createModel(config, info.shape, info.numClasses);
  try {
    tf.tidy(() => {
      const images = tf.randomNormal([2, ...info.shape]) as tf.Tensor4D;
      const { logits } = model.forward(images, { training: true, masks: {} });
      expect(logits.shape).toEqual([2, info.numClasses]);
      expect(tf.all(tf.isFinite(logits)).dataSync()[0]).toBe(1);
    });
  } finally {
    model.dispose();
  }
}

describe("resolveConfig under random input", () => {
  it("never throws on arbitrary JSON, and names only real or given keys", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())), (input) => {
        checkErrors(input);
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on near-valid configs; errors name real or given keys; accepted ones run", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(nearValidConfig, mostlyValidConfig), (input) => {
        checkErrors(input);
        const result = resolveConfig(input);
        if (!result.ok) return;
        accepted += 1;
        checkRunnable(result.config);
        expect(resolveConfig(result.config)).toEqual(result);
      }),
      { numRuns: 200 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});

// A valid tiny config; each entry below spoils exactly one of its keys.
const BASE = { ...ONE_BLOCK_VIT, batchSize: 16, epochs: 2, pruningTimes: 2 };

const fraction = fc.double({ min: 0.01, max: 100, noNaN: true }).filter((v) => !Number.isInteger(v));
const nonNumber = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant([1]),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
);
const below = (min: number) => fc.oneof(fc.double({ min: -1e9, max: min, noNaN: true }), nonNumber);
const notPositiveInteger = fc.oneof(fc.integer({ min: -1000, max: 0 }), fraction, nonNumber);
const badCount = (max: number) => fc.oneof(notPositiveInteger, fc.integer({ min: max + 1, max: 1e9 }));
const notOneOf = (values: readonly string[]) =>
  fc
    .oneof(fc.string({ maxLength: 8 }), nonNumber)
    .filter((v) => typeof v !== "string" || !values.includes(v));

const BAD_VALUES: [string, fc.Arbitrary<unknown>][] = [
  ["arch", notOneOf(CONFIG_CHOICES.arch)],
  ["model", fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant([BASE.model]))],
  ["model.depth", badCount(CONFIG_LIMITS.vitDepth)],
  // 8 is divisible by numHeads 2: an odd embedDim never is.
  [
    "model.embedDim",
    fc.oneof(
      badCount(CONFIG_LIMITS.embedDim),
      fc.integer({ min: 0, max: 255 }).map((k) => 2 * k + 1),
    ),
  ],
  ["model.numHeads", fc.oneof(badCount(CONFIG_LIMITS.numHeads), fc.constantFrom(3, 5, 6, 7, 9, 16))],
  [
    "model.mlpRatio",
    fc.oneof(below(0), fc.double({ min: 8.01, max: 1e6, noNaN: true }), fc.constantFrom(0.1, 0.3, 1.01)),
  ],
  ["model.patchSize", fc.oneof(notPositiveInteger, fc.constantFrom(3, 5, 6, 7, 9, 15, 17, 32))],
  ["model.heads", fc.integer()],
  [
    "dataset",
    fc.oneof(
      fc.constantFrom("", "cifar10", "MNIST"),
      nonNumber.filter((v) => typeof v !== "string"),
    ),
  ],
  ["trainSize", badCount(CONFIG_LIMITS.images)],
  ["testSize", badCount(CONFIG_LIMITS.images)],
  ["epochs", badCount(CONFIG_LIMITS.epochs)],
  [
    "batchSize",
    fc.oneof(badCount(CONFIG_LIMITS.batchSize), fc.integer({ min: 65, max: CONFIG_LIMITS.batchSize })),
  ],
  ["optimizer", notOneOf(CONFIG_CHOICES.optimizer)],
  ["lr", below(0)],
  ["momentum", fc.oneof(below(-1e-9), fc.double({ min: 1, max: 1e6, noNaN: true }))],
  ["weightDecay", below(-1e-9)],
  ["warmup", below(-1e-9)],
  [
    "decreasingLr",
    fc.oneof(fc.constantFrom("step", "9,6", "0,6", "", "2.5", "1,,2"), fc.integer(), fc.boolean()),
  ],
  ["augment", fc.oneof(fc.integer(), fc.string(), fc.constant(null))],
  ["struct", notOneOf(CONFIG_CHOICES.struct)],
  ["pruningTimes", badCount(CONFIG_LIMITS.pruningTimes)],
  ["rate", fc.oneof(below(0), fc.double({ min: 1, max: 1e6, noNaN: true }))],
  ["sortingMode", notOneOf(CONFIG_CHOICES.sortingMode)],
  ["criteria", notOneOf(CONFIG_CHOICES.criteria)],
  ["vitPruneTarget", notOneOf(CONFIG_CHOICES.vitPruneTarget)],
  ["headBudget", notOneOf(CONFIG_CHOICES.headBudget)],
  ["fillbackRate", fc.oneof(below(-1e-9), fc.double({ min: 1.001, max: 1e6, noNaN: true }))],
  [
    "rewindEpoch",
    fc.oneof(
      fc.integer({ min: BASE.epochs, max: 1e6 }),
      fc.integer({ min: -1e6, max: -1 }),
      fraction,
      nonNumber,
    ),
  ],
  ["regGranularityPrune", below(-1e-9)],
  ["rstSchedule", notOneOf(CONFIG_CHOICES.rstSchedule)],
  ["exponents", below(-1e-9)],
  ["criteriaBatches", badCount(CONFIG_LIMITS.criteriaBatches)],
  ["seed", fc.oneof(fraction, fc.constantFrom(2 ** 60, -(2 ** 60)), nonNumber)],
  ["backend", notOneOf(CONFIG_CHOICES.backend)],
  ["pruning_times", fc.integer()],
  ["", fc.jsonValue()],
];

/** BASE with `key` (dotted for the model) set to `value`. */
function spoil(key: string, value: unknown): Record<string, unknown> {
  if (key.startsWith("model."))
    return { ...BASE, model: { ...BASE.model, [key.slice("model.".length)]: value } };
  return { ...BASE, [key]: value };
}

describe("a single bad key", () => {
  it("the base config is valid", () => {
    expect(resolveConfig(BASE).ok).toBe(true);
  });

  it("is rejected with an error that names it", () => {
    const badInput = fc
      .constantFrom(...BAD_VALUES)
      .chain(([key, values]) => values.map((value): [string, unknown] => [key, value]));
    fc.assert(
      fc.property(badInput, ([key, value]) => {
        const result = resolveConfig(spoil(key, value));
        expect(result.ok).toBe(false);
        const keys = result.ok ? [] : result.errors.map((error) => error.key);
        expect(keys, JSON.stringify(value)).toContain(key);
      }),
      { numRuns: 300 },
    );
  });
});

// What the table in config.test.ts does not cover: limits, the MNIST pool, the memory
// estimate, non-finite numbers, null, and prototype keys. [input, key, phrase]
const refused: [unknown, string, string][] = [
  [{ model: { depth: 13 } }, "model.depth", "model.depth: must be at most 12, got 13"],
  [{ model: { embedDim: 1024, numHeads: 4 } }, "model.embedDim", "must be at most 512"],
  [{ model: { embedDim: 64, numHeads: 32 } }, "model.numHeads", "must be at most 16"],
  [{ model: { mlpRatio: 9 } }, "model.mlpRatio", "must be in (0, 8], got 9"],
  [{ model: { embedDim: 16, numHeads: 3 } }, "model.numHeads", "must divide model.embedDim (16), got 3"],
  [{ arch: "resnet", model: { width: 65 } }, "model.width", "must be at most 64"],
  [{ trainSize: 60_001 }, "trainSize", "must be at most 60000"],
  [{ trainSize: 9000, testSize: 2000 }, "trainSize", "at most the 10000 images of mnist, got 9000 + 2000"],
  [{ epochs: 501 }, "epochs", "must be at most 500"],
  [{ batchSize: 1025, trainSize: 4000 }, "batchSize", "must be at most 1024"],
  [{ pruningTimes: 101 }, "pruningTimes", "must be at most 100"],
  [{ criteriaBatches: 65 }, "criteriaBatches", "must be at most 64"],
  // 197 tokens of 64 dims: about 7 GB for one evaluation batch of 256 images.
  [{ model: { patchSize: 2 } }, "model", "one training step would hold about"],
  [{ arch: "resnet", model: { depth: 20, width: 64 }, batchSize: 256 }, "model", "lower model.width"],
  [{ rate: Number.NaN }, "rate", "rate: must be a number, got NaN"],
  [{ lr: Number.POSITIVE_INFINITY }, "lr", "must be a number, got Infinity"],
  [{ epochs: null }, "epochs", "must be a number, got null"],
  [{ arch: null }, "arch", "got null"],
  [{ model: null }, "model", "got null"],
  [{ struct: 3 }, "struct", '"imp", "refill", "rsst", got 3'],
  [JSON.parse('{"__proto__": {"rate": 5}}'), "__proto__", "unknown key"],
  [{ model: JSON.parse('{"constructor": 4}') }, "model.constructor", "unknown key"],
];

describe("resolveConfig refuses out-of-range and malformed values", () => {
  it.each(refused)("%j is refused on %s", (input, key, phrase) => {
    const result = resolveConfig(input);
    const error = result.ok ? undefined : result.errors.find((candidate) => candidate.key === key);
    expect(error?.message, JSON.stringify(result)).toContain(phrase);
  });

  it("leaves Object.prototype alone when the input carries a __proto__ key", () => {
    resolveConfig(
      JSON.parse('{"__proto__": {"polluted": true}, "model": {"__proto__": {"polluted": true}}}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("accepts the limits themselves and a loaded dataset beyond the MNIST pool", () => {
    expect(resolveConfig({ trainSize: 8000, testSize: 2000 }).ok).toBe(true);
    expect(resolveConfig({ model: { depth: 12 }, pruningTimes: 100, epochs: 500 }).ok).toBe(true);
    const cifar = { dataset: "cifar10", trainSize: 50_000, testSize: 10_000, model: { patchSize: 4 } };
    expect(resolveConfig(cifar, { imageShape: [32, 32, 3] }).ok).toBe(true);
  });
});

/** Bytes at the peak of `run`, above what was allocated before it. */
async function peakBytes(run: () => void): Promise<number> {
  const before = tf.memory().numBytes;
  const profile = await tf.profile(run);
  return profile.peakBytes - before;
}

describe("estimateStepBytes", () => {
  // The estimate stands between a config and a tab that runs out of memory: it should be
  // close to what a step really holds (fitted to within a few percent), never far below it
  // and not so far above that it refuses models that fit.
  const vit = { model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 } };
  const resnet = { arch: "resnet", model: { depth: 8, width: 2 } };
  it.each([
    ["a ViT training step", "training", { ...vit, batchSize: 128 }],
    ["a ViT evaluation batch", "evaluation", { ...vit, batchSize: 8 }],
    ["a ResNet training step", "training", { ...resnet, batchSize: 64 }],
    ["a ResNet evaluation batch", "evaluation", { ...resnet, batchSize: 8 }],
  ])("is within 0.8–4× of the measured peak bytes of %s", async (_name, mode, input) => {
    const resolved = resolveConfig({ dataset: "synthetic", trainSize: 512, testSize: 64, ...input });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
    const config = resolved.config;
    const info = datasetInfo("synthetic")!;
    const model = createModel(config, info.shape, info.numClasses);
    const batch = mode === "training" ? config.batchSize : evaluationBatchSize(config);
    const images = tf.randomNormal([batch, ...info.shape]) as tf.Tensor4D;
    const measured = await peakBytes(() => {
      if (mode === "evaluation") {
        tf.tidy(() => model.forward(images, { training: false, masks: {} }).logits.sum());
        return;
      }
      const forward = () =>
        model.forward(images, { training: true, masks: {} }).logits.square().mean() as tf.Scalar;
      const { value, grads } = tf.variableGrads(forward, Object.values(model.params));
      tf.dispose([value, ...Object.values(grads)]);
    });
    const estimate = estimateStepBytes(config, info.shape);
    expect(estimate).toBeGreaterThan(0.8 * measured);
    expect(estimate).toBeLessThan(4 * measured);
    images.dispose();
    model.dispose();
  });
});
