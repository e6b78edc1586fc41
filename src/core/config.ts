// The one config validator, shared by the UI form, the worker and the CLI: defaults, the
// allowed values, and resolveConfig, which merges an input over the defaults and checks it.
// Error messages name the offending key (dotted for the model: "model.embedDim").

import { CONFIG_KEYS, CONFIG_LIMITS, defaultsOf, MODEL_KEYS, schemasOf } from "./configKeys";
import { datasetInfo } from "./data/catalog";
import { MNIST_RESERVE } from "./data/split";
import { isPlainObject } from "./isPlainObject";
import type { ExperimentConfig, ResNetShape, VitShape } from "./types";
import { z } from "./zod";

export { CONFIG_CHOICES, CONFIG_LIMITS, lrMilestones, RESNET_DEPTHS } from "./configKeys";

/** Images in the built-in pools that are read, not generated (public/data/mnist.bin). */
const POOL_SIZES: Record<string, number> = { mnist: 10_000 };

/** Evaluation runs in batches of at least this many images, whatever the training batch. */
const MIN_EVALUATION_BATCH = 256;

export const DEFAULT_VIT_MODEL: VitShape = defaultsOf(MODEL_KEYS.vit);
export const DEFAULT_RESNET_MODEL: ResNetShape = defaultsOf(MODEL_KEYS.resnet);

// `model` second, as the config has always listed it; its default depends on `arch`.
const { arch: defaultArch, ...defaultCommon } = defaultsOf(CONFIG_KEYS);
export const DEFAULT_CONFIG: ExperimentConfig = {
  arch: defaultArch,
  model: DEFAULT_VIT_MODEL,
  ...defaultCommon,
};

export interface ConfigError {
  /** The offending key, dotted for nested ones ("model.embedDim"). */
  key: string;
  /** A human sentence that starts with the key: "rate: must be in (0, 1), got 1.5". */
  message: string;
}

export type ResolveResult = { ok: true; config: ExperimentConfig } | { ok: false; errors: ConfigError[] };

export interface ResolveOptions {
  /** [height, width, channels] of the dataset; needed for datasets that are not built in. */
  imageShape?: [number, number, number];
}

// `model` is checked against its arch's schema once `arch` is known.
const { arch: archSchema, ...commonSchemas } = schemasOf(CONFIG_KEYS);
const commonSchema = z.strictObject({ arch: archSchema, model: z.unknown(), ...commonSchemas });

const modelSchemas = {
  vit: z.strictObject(schemasOf(MODEL_KEYS.vit)),
  resnet: z.strictObject(schemasOf(MODEL_KEYS.resnet)),
};

export function resolveConfig(input: unknown, options: ResolveOptions = {}): ResolveResult {
  if (!isPlainObject(input)) {
    return {
      ok: false,
      errors: [{ key: "config", message: `config: must be an object, got ${show(input)}` }],
    };
  }
  const merged = mergeOverDefaults(input);
  const errors: ConfigError[] = [];
  const common = parsePart(commonSchema, merged, [], errors);
  let config: ExperimentConfig | undefined;
  if (merged.arch === "vit") {
    const model = parsePart(modelSchemas.vit, merged.model, ["model"], errors);
    if (common && model) config = { ...common, arch: "vit", model };
  } else if (merged.arch === "resnet") {
    const model = parsePart(modelSchemas.resnet, merged.model, ["model"], errors);
    if (common && model) config = { ...common, arch: "resnet", model };
  }
  if (!config) return { ok: false, errors };
  const crossErrors = crossFieldErrors(config, options.imageShape);
  return crossErrors.length > 0 ? { ok: false, errors: crossErrors } : { ok: true, config };
}

/** Parses one part of the config (the common keys or the model); on failure adds its errors and returns undefined. */
function parsePart<Schema extends z.ZodObject>(
  schema: Schema,
  value: unknown,
  parentPath: string[],
  errors: ConfigError[],
): z.output<Schema> | undefined {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const knownKeys = Object.keys(schema.shape);
  errors.push(...parsed.error.issues.flatMap((issue) => describeIssue(issue, parentPath, knownKeys)));
  return undefined;
}

/**
 * The input over DEFAULT_CONFIG, its model over the default model of its arch. Only absent
 * (or undefined) keys take defaults: a null is a value like any other, and is refused.
 */
function mergeOverDefaults(input: Record<string, unknown>): Record<string, unknown> {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const defaultModel = given.arch === "resnet" ? DEFAULT_RESNET_MODEL : DEFAULT_VIT_MODEL;
  const model = isPlainObject(given.model)
    ? { ...defaultModel, ...given.model }
    : given.model === undefined
      ? defaultModel
      : given.model;
  // The final ticket trains as long as an iteration unless told otherwise.
  const finalEpochs =
    given.finalEpochs === undefined ? (given.epochs ?? DEFAULT_CONFIG.epochs) : given.finalEpochs;
  return { ...DEFAULT_CONFIG, ...given, model, finalEpochs };
}

/** Rules that tie several keys together; run once every key is valid on its own. */
function crossFieldErrors(config: ExperimentConfig, imageShape?: [number, number, number]): ConfigError[] {
  const errors: ConfigError[] = [];
  const fail = (key: string, message: string) => errors.push({ key, message: `${key}: ${message}` });

  if (config.batchSize > config.trainSize) {
    fail("batchSize", `must be at most trainSize (${config.trainSize}), got ${config.batchSize}`);
  }
  if (config.rewindEpoch >= config.epochs) {
    fail("rewindEpoch", `must be less than epochs (${config.epochs}), got ${config.rewindEpoch}`);
  }
  const pool = imageShape ? undefined : POOL_SIZES[config.dataset];
  if (pool !== undefined && config.trainSize + config.testSize > pool) {
    fail(
      "trainSize",
      `trainSize + testSize must be at most the ${pool} images of ${config.dataset}, got ${config.trainSize} + ${config.testSize}`,
    );
  }
  if (pool !== undefined && config.dataset === "mnist" && config.trainSize + config.testSize <= pool) {
    // Train and test digits come from fixed halves of the pool (data/split.ts mnistReserve).
    if (config.trainSize > MNIST_RESERVE.trainDigits) {
      fail(
        "trainSize",
        `must be at most ${MNIST_RESERVE.trainDigits} on mnist (its training half), got ${config.trainSize}`,
      );
    }
    if (config.testSize > MNIST_RESERVE.testDigits) {
      fail(
        "testSize",
        `must be at most ${MNIST_RESERVE.testDigits} on mnist (its held-out half), got ${config.testSize}`,
      );
    }
  }
  if (config.init === "pretrained") {
    // public/models holds one model per arch, of the default shape, trained on the embedded MNIST.
    const defaultModel: Record<string, number> = {
      ...(config.arch === "vit" ? DEFAULT_VIT_MODEL : DEFAULT_RESNET_MODEL),
    };
    const model: Record<string, number> = { ...config.model };
    if (config.dataset !== "mnist" || imageShape) {
      fail(
        "init",
        `"pretrained" needs dataset "mnist" (the pretrained models learnt the embedded MNIST), got ${show(config.dataset)}`,
      );
    } else if (!Object.entries(defaultModel).every(([key, value]) => model[key] === value)) {
      fail(
        "init",
        `"pretrained" needs the default ${config.arch} model ${JSON.stringify(defaultModel)}, got ${JSON.stringify(model)}`,
      );
    }
  }
  const shape = imageShape ?? datasetInfo(config.dataset)?.shape;
  if (!shape) {
    fail("dataset", `unknown dataset ${show(config.dataset)} (built in: mnist, synthetic; load it first)`);
  }
  if (config.arch === "vit") {
    const { embedDim, numHeads, mlpRatio, patchSize } = config.model;
    if (embedDim % numHeads !== 0) {
      fail("model.embedDim", `must be divisible by model.numHeads (${numHeads}), got ${embedDim}`);
      fail("model.numHeads", `must divide model.embedDim (${embedDim}), got ${numHeads}`);
    }
    if (!Number.isInteger(embedDim * mlpRatio)) {
      fail("model.mlpRatio", `embedDim × mlpRatio must be a whole number, got ${embedDim} × ${mlpRatio}`);
    }
    if (shape && (shape[0] % patchSize !== 0 || shape[1] % patchSize !== 0)) {
      fail("model.patchSize", `must divide the image size ${shape[0]}×${shape[1]}, got ${patchSize}`);
    }
  }
  if (shape && errors.length === 0) {
    const bytes = estimateStepBytes(config, shape);
    if (bytes > CONFIG_LIMITS.stepBytes) fail("model", stepTooBigMessage(config, bytes));
  }
  return errors;
}

/** Optimizer steps in one epoch: the last, partial batch is dropped. */
export function stepsPerEpoch(config: Pick<ExperimentConfig, "trainSize" | "batchSize">): number {
  return Math.max(1, Math.floor(config.trainSize / config.batchSize));
}

/** Epochs the final ticket trains: none for `finalTrain: "none"`. */
export function finalTicketEpochs(config: Pick<ExperimentConfig, "finalTrain" | "finalEpochs">): number {
  // A config of a log from before the final ticket has neither key: no final training.
  return config.finalTrain === "none" ? 0 : (config.finalEpochs ?? 0);
}

/** Optimizer steps of a whole run: every epoch of every iteration, then the final ticket's. */
export function totalSteps(
  config: Pick<
    ExperimentConfig,
    "trainSize" | "batchSize" | "epochs" | "pruningTimes" | "finalTrain" | "finalEpochs"
  >,
): number {
  return (config.pruningTimes * config.epochs + finalTicketEpochs(config)) * stepsPerEpoch(config);
}

/** The batch size of test-set evaluation: never below MIN_EVALUATION_BATCH, for speed. */
export function evaluationBatchSize(config: ExperimentConfig): number {
  return Math.max(config.batchSize, MIN_EVALUATION_BATCH);
}

/**
 * Roughly the bytes one training step or one evaluation batch holds at its peak: the weights
 * with their gradients and two optimizer moments, plus every intermediate tensor of the
 * batch (tfjs keeps them all until the step ends). The per-sample counts are fitted to
 * tf.profile peaks of the cpu backend; training holds about 3× (ViT) or 6× (ResNet) what a
 * forward pass does. The ViT's were refitted when its layers stopped keeping the residual sums,
 * the embedding's pieces and clones of the weights (about 2.5× fewer bytes than before).
 */
export function estimateStepBytes(config: ExperimentConfig, imageShape: [number, number, number]): number {
  const [height, width, channels] = imageShape;
  let params: number;
  let forwardPerSample: number;
  let trainingFactor: number;
  if (config.arch === "vit") {
    const { depth, embedDim: e, numHeads, mlpRatio, patchSize: p } = config.model;
    const tokens = (height / p) * (width / p) + 1;
    const hidden = e * mlpRatio;
    params = e * p * p * channels + tokens * e + depth * (4 * e * e + 2 * e * hidden);
    forwardPerSample = depth * (11 * tokens * e + 3 * numHeads * tokens ** 2 + 4.5 * tokens * hidden);
    trainingFactor = 3;
  } else {
    const blocksPerStage = (config.model.depth - 2) / 6;
    const w = config.model.width;
    params = 9 * channels * w + 378 * blocksPerStage * w * w;
    forwardPerSample = height * width * w * (5 + 17.5 * blocksPerStage);
    trainingFactor = 6;
  }
  const training = config.batchSize * trainingFactor * forwardPerSample;
  const evaluation = evaluationBatchSize(config) * forwardPerSample;
  return 4 * (4 * params + Math.max(training, evaluation));
}

function stepTooBigMessage(config: ExperimentConfig, bytes: number): string {
  const gigabytes = (n: number) => `${(n / 2 ** 30).toFixed(1)} GB`;
  const smaller =
    config.arch === "vit"
      ? "lower model.depth, model.embedDim or model.mlpRatio, raise model.patchSize, or lower batchSize"
      : "lower model.width or model.depth, or lower batchSize";
  return (
    `one training step would hold about ${gigabytes(bytes)}, more than the ${gigabytes(CONFIG_LIMITS.stepBytes)} ` +
    `a browser tab can count on: ${smaller}`
  );
}

function describeIssue(issue: z.core.$ZodIssue, parentPath: string[], knownKeys: string[]): ConfigError[] {
  const path = [...parentPath, ...issue.path.map(String)];
  const at = (key: string, message: string): ConfigError => ({ key, message: `${key}: ${message}` });
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((unknownKey) =>
      at([...path, unknownKey].join("."), unknownKeyMessage(unknownKey, knownKeys)),
    );
  }
  const key = path.join(".");
  const got = `got ${show(issue.input)}`;
  if (issue.code === "invalid_type") return [at(key, `must be ${typeName(issue.expected)}, ${got}`)];
  if (issue.code === "invalid_value")
    return [at(key, `must be one of ${issue.values.map(show).join(", ")}, ${got}`)];
  return [at(key, `${issue.message}, ${got}`)];
}

/** Suggests the key meant when the input spells it like the reference pipeline's flags (pruning_times). */
function unknownKeyMessage(unknownKey: string, known: string[]): string {
  const plain = (key: string) => key.toLowerCase().replace(/[_-]/g, "");
  const meant = known.find((key) => plain(key) === plain(unknownKey));
  return meant ? `unknown key (did you mean ${meant}?)` : `unknown key (known keys: ${known.join(", ")})`;
}

function typeName(expected: string): string {
  const names: Record<string, string> = { number: "a number", string: "a string", boolean: "true or false" };
  return names[expected] ?? `of type ${expected}`;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (value !== null && typeof value === "object") return "an object";
  return String(value);
}
