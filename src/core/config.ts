// The one config validator, shared by the UI form, the worker and the CLI: defaults, the
// allowed values, and resolveConfig, which merges an input over the defaults and checks it.
// Error messages name the offending key (dotted for the model: "model.embedDim").
import * as z from "zod";
import { datasetInfo } from "./data/catalog";
import type { ExperimentConfig, ResNetShape, VitShape } from "./types";

export const CONFIG_CHOICES = {
  arch: ["vit", "resnet"],
  optimizer: ["sgd", "adamw"],
  struct: ["imp", "refill", "rsst"],
  sortingMode: ["global", "layerwise"],
  criteria: ["remain", "magnitude", "l1", "l2", "saliency"],
  vitPruneTarget: ["head", "mlp", "both"],
  headBudget: ["density", "ratio"],
  rstSchedule: ["x", "x^2", "x^3", "exp_custom", "exp_custom_exponents"],
  backend: ["auto", "webgpu", "webgl", "wasm", "cpu"],
} as const;

export const RESNET_DEPTHS = [8, 14, 20] as const;

export const DEFAULT_VIT_MODEL: VitShape = { depth: 4, embedDim: 64, numHeads: 4, mlpRatio: 2, patchSize: 7 };
export const DEFAULT_RESNET_MODEL: ResNetShape = { depth: 8, width: 16 };

export const DEFAULT_CONFIG: ExperimentConfig = {
  arch: "vit",
  model: DEFAULT_VIT_MODEL,
  dataset: "mnist",
  trainSize: 8000,
  testSize: 2000,
  epochs: 12,
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
  regGranularityPrune: 1,
  rstSchedule: "exp_custom_exponents",
  exponents: 4,
  criteriaBatches: 1,
  seed: 1,
  backend: "auto",
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

/**
 * The epochs at which a milestone schedule ("6,9") multiplies the learning rate by 0.1, or
 * undefined when `decreasingLr` is not a list of increasing positive integers.
 */
export function lrMilestones(decreasingLr: string): number[] | undefined {
  const parts = decreasingLr.split(",").map((part) => part.trim());
  if (!parts.every((part) => /^\d+$/.test(part))) return undefined;
  const epochs = parts.map(Number);
  const increasing = epochs.every((epoch, i) => epoch >= 1 && (i === 0 || epoch > epochs[i - 1]!));
  return increasing ? epochs : undefined;
}

const number = (requirement: string, holds: (value: number) => boolean) =>
  z.number().refine(holds, requirement);
const positiveInteger = number("must be a positive integer", (v) => Number.isInteger(v) && v >= 1);
const nonNegativeInteger = number("must be a non-negative integer", (v) => Number.isInteger(v) && v >= 0);
const nonNegative = number("must be ≥ 0", (v) => v >= 0);

const commonSchema = z.strictObject({
  arch: z.enum(CONFIG_CHOICES.arch),
  model: z.unknown(),
  dataset: z.string().refine((name) => name.length > 0, "must not be empty"),
  trainSize: positiveInteger,
  testSize: positiveInteger,
  epochs: positiveInteger,
  batchSize: positiveInteger,
  optimizer: z.enum(CONFIG_CHOICES.optimizer),
  lr: number("must be > 0", (v) => v > 0),
  momentum: number("must be in [0, 1)", (v) => v >= 0 && v < 1),
  weightDecay: nonNegative,
  warmup: nonNegative,
  decreasingLr: z
    .string()
    .refine(
      (value) => value === "cosine" || value === "none" || lrMilestones(value) !== undefined,
      'must be "cosine", "none" or increasing positive epochs separated by commas (e.g. "6,9")',
    ),
  augment: z.boolean(),
  struct: z.enum(CONFIG_CHOICES.struct),
  pruningTimes: positiveInteger,
  rate: number("must be in (0, 1)", (v) => v > 0 && v < 1),
  sortingMode: z.enum(CONFIG_CHOICES.sortingMode),
  criteria: z.enum(CONFIG_CHOICES.criteria),
  vitPruneTarget: z.enum(CONFIG_CHOICES.vitPruneTarget),
  headBudget: z.enum(CONFIG_CHOICES.headBudget),
  fillbackRate: number("must be in [0, 1]", (v) => v >= 0 && v <= 1),
  rewindEpoch: nonNegativeInteger,
  regGranularityPrune: nonNegative,
  rstSchedule: z.enum(CONFIG_CHOICES.rstSchedule),
  exponents: nonNegative,
  criteriaBatches: positiveInteger,
  seed: number("must be an integer", (v) => Number.isSafeInteger(v)),
  backend: z.enum(CONFIG_CHOICES.backend),
});

const modelSchemas = {
  vit: z.strictObject({
    depth: positiveInteger,
    embedDim: positiveInteger,
    numHeads: positiveInteger,
    mlpRatio: number("must be > 0", (v) => v > 0),
    patchSize: positiveInteger,
  }),
  resnet: z.strictObject({
    depth: number("must be 8, 14 or 20", (v) => RESNET_DEPTHS.some((depth) => depth === v)),
    width: positiveInteger,
  }),
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

/** The input over DEFAULT_CONFIG, its model over the default model of its arch. */
function mergeOverDefaults(input: Record<string, unknown>): Record<string, unknown> {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  const arch = given.arch ?? DEFAULT_CONFIG.arch;
  const defaultModel = arch === "resnet" ? DEFAULT_RESNET_MODEL : DEFAULT_VIT_MODEL;
  const model = isPlainObject(given.model)
    ? { ...defaultModel, ...given.model }
    : (given.model ?? defaultModel);
  return { ...DEFAULT_CONFIG, ...given, arch, model };
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
  const shape = imageShape ?? datasetInfo(config.dataset)?.shape;
  if (!shape) {
    fail("dataset", `unknown dataset ${show(config.dataset)} (built in: mnist, synthetic; load it first)`);
  }
  if (config.arch === "vit") {
    const { embedDim, numHeads, mlpRatio, patchSize } = config.model;
    if (embedDim % numHeads !== 0) {
      fail("model.embedDim", `must be divisible by model.numHeads (${numHeads}), got ${embedDim}`);
    }
    if (!Number.isInteger(embedDim * mlpRatio)) {
      fail("model.mlpRatio", `embedDim × mlpRatio must be a whole number, got ${embedDim} × ${mlpRatio}`);
    }
    if (shape && (shape[0] % patchSize !== 0 || shape[1] % patchSize !== 0)) {
      fail("model.patchSize", `must divide the image size ${shape[0]}×${shape[1]}, got ${patchSize}`);
    }
  }
  return errors;
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
