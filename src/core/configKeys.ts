// The one table of config keys: for each key its validation (a zod schema), default, text
// codec (URL, share link, form), place and label in the form, hint, and what the reference
// PyTorch pipeline makes of it. The config types (types.ts), the defaults and the validator
// (config.ts), the form, the hints, the share link and the reference command derive from it.
// Data only: core must not import UI code.
import { z } from "./zod";

export const RESNET_DEPTHS = [8, 14, 20] as const;

/**
 * Upper bounds that keep a run inside a browser tab: past them a run would exhaust memory
 * (or patience) before it showed anything. `stepBytes` bounds estimateStepBytes.
 */
export const CONFIG_LIMITS = {
  vitDepth: 12,
  embedDim: 512,
  numHeads: 16,
  mlpRatio: 8,
  resnetWidth: 64,
  images: 60_000,
  epochs: 500,
  batchSize: 1024,
  pruningTimes: 100,
  criteriaBatches: 64,
  attentionImages: 16,
  stepBytes: 2 * 2 ** 30,
} as const;

/** The datasets that need no loading: the form always offers them. */
export const BUILT_IN_DATASETS = ["mnist", "synthetic"] as const;

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

/** How a key's value is written as text: in the URL, the share link, the form and sweep axes. */
export type TextCodec = "number" | "boolean" | "text";

/** The form's groups, in the order it shows them. */
export const FORM_GROUPS = [
  "Model",
  "Data",
  "Training",
  "Pruning",
  "RSST",
  "Final ticket",
  "Analysis",
] as const;
export type FormGroupTitle = (typeof FORM_GROUPS)[number];

export interface FormPlacement {
  group: FormGroupTitle;
  label: string;
  /** The step of a number field. */
  step?: number;
  /** Values a select offers for a key that is not a fixed choice (datasets, ResNet depths). */
  options?: readonly (string | number)[];
}

/** What the reference pipeline (main_imp_fillback.py, main_imp.py) makes of a key. */
export type ReferenceMapping =
  | {
      /** The flags the key sets, its value translated where `note` says so. */
      flags: readonly string[];
      /** Set when only main_imp_fillback.py has the flags (plain IMP runs main_imp.py). */
      only?: "main_imp_fillback.py";
      /** How the value is translated, or how the flag means something else there. */
      note?: string;
    }
  | {
      /** Why no flag sets it. */
      noFlag: string;
    };

export interface KeySpec<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  default: z.output<Schema>;
  /** The allowed values of a choice key, in the order the form lists them. */
  choices?: readonly z.output<Schema>[];
  text: TextCodec;
  form: FormPlacement;
  /** One sentence on what the key does, for the form and the docs. */
  hint: string;
  reference: ReferenceMapping;
}

type Described<Value> = Pick<KeySpec, "form" | "hint" | "reference"> & { default: Value };

const number = (requirement: string, holds: (value: number) => boolean) =>
  z.number().refine(holds, requirement);
const positiveInteger = number("must be a positive integer", (v) => Number.isInteger(v) && v >= 1);
const nonNegativeInteger = number("must be a non-negative integer", (v) => Number.isInteger(v) && v >= 0);
const nonNegative = number("must be ≥ 0", (v) => v >= 0);
const countUpTo = (max: number) => positiveInteger.refine((v) => v <= max, `must be at most ${max}`);

function numeric<const Spec extends Described<number>>(schema: z.ZodType<number>, spec: Spec) {
  return { ...spec, schema, text: "number" as const };
}
function choice<
  const Values extends readonly [string, ...string[]],
  const Spec extends Described<Values[number]>,
>(values: Values, spec: Spec) {
  return { ...spec, schema: z.enum(values), choices: values, text: "text" as const };
}
function toggle<const Spec extends Described<boolean>>(spec: Spec) {
  return { ...spec, schema: z.boolean(), text: "boolean" as const };
}
function words<const Spec extends Described<string>>(schema: z.ZodType<string>, spec: Spec) {
  return { ...spec, schema, text: "text" as const };
}

const MODEL_HAS_NO_FLAGS = "the reference's architectures have fixed shapes";

/** The model's keys per architecture; in the form, the URL and error messages they are dotted ("model.depth"). */
export const MODEL_KEYS = {
  vit: {
    depth: numeric(countUpTo(CONFIG_LIMITS.vitDepth), {
      default: 4,
      form: { group: "Model", label: "Blocks", step: 1 },
      hint: "Transformer blocks, each with its attention heads and its MLP.",
      reference: { noFlag: MODEL_HAS_NO_FLAGS },
    }),
    embedDim: numeric(countUpTo(CONFIG_LIMITS.embedDim), {
      default: 64,
      form: { group: "Model", label: "Embedding size", step: 1 },
      hint: "Entries of every token; the heads split it evenly, so it must be divisible by their number.",
      reference: { noFlag: MODEL_HAS_NO_FLAGS },
    }),
    numHeads: numeric(countUpTo(CONFIG_LIMITS.numHeads), {
      default: 4,
      form: { group: "Model", label: "Heads per block", step: 1 },
      hint: "Attention heads in each block.",
      reference: { noFlag: MODEL_HAS_NO_FLAGS },
    }),
    mlpRatio: numeric(
      number(`must be in (0, ${CONFIG_LIMITS.mlpRatio}]`, (v) => v > 0 && v <= CONFIG_LIMITS.mlpRatio),
      {
        default: 2,
        form: { group: "Model", label: "MLP ratio", step: 0.5 },
        hint: "Neurons of each block's MLP as a multiple of the embedding size.",
        reference: { noFlag: MODEL_HAS_NO_FLAGS },
      },
    ),
    patchSize: numeric(positiveInteger, {
      default: 7,
      form: { group: "Model", label: "Patch size", step: 1 },
      hint: "Side in pixels of the square patches that become tokens; it must divide the image size.",
      reference: { noFlag: MODEL_HAS_NO_FLAGS },
    }),
  },
  resnet: {
    depth: numeric(
      number("must be 8, 14 or 20", (v) => RESNET_DEPTHS.some((depth) => depth === v)),
      {
        default: 8,
        form: { group: "Model", label: "Depth", options: RESNET_DEPTHS },
        hint: "8, 14 or 20 layers: 1, 2 or 3 basic blocks in each of the three stages.",
        reference: { noFlag: MODEL_HAS_NO_FLAGS },
      },
    ),
    width: numeric(countUpTo(CONFIG_LIMITS.resnetWidth), {
      default: 16,
      form: { group: "Model", label: "Width", step: 1 },
      hint: "Channels of the first stage; the second and third have twice and four times as many.",
      reference: { noFlag: MODEL_HAS_NO_FLAGS },
    }),
  },
} satisfies Record<"vit" | "resnet", Record<string, KeySpec>>;

/** Every key but `model`, whose keys are in MODEL_KEYS. The order is the config's own. */
export const CONFIG_KEYS = {
  arch: choice(["vit", "resnet"], {
    default: "vit",
    form: { group: "Model", label: "Architecture" },
    hint: "vit: a Vision Transformer (heads and MLP neurons can be removed); resnet: a CIFAR-style ResNet (channels can be removed).",
    reference: {
      flags: ["--arch"],
      note: "vit_tiny, vit_small or vit_base by embedDim; res20s for a ResNet",
    },
  }),
  dataset: words(
    z.string().refine((name) => name.length > 0, "must not be empty"),
    {
      default: "mnist",
      form: { group: "Data", label: "Dataset", options: BUILT_IN_DATASETS },
      hint: "mnist (embedded digits), synthetic (procedural 16×16 stripes, 4 classes), or a dataset you loaded.",
      reference: {
        flags: ["--dataset"],
        note: "cifar10 stands in for a dataset the reference has no loader for",
      },
    },
  ),
  trainSize: numeric(countUpTo(CONFIG_LIMITS.images), {
    default: 8000,
    form: { group: "Data", label: "Training images", step: 1 },
    hint: "Training images, drawn by the seed.",
    reference: { noFlag: "the reference uses the dataset's whole training split" },
  }),
  testSize: numeric(countUpTo(CONFIG_LIMITS.images), {
    default: 2000,
    form: { group: "Data", label: "Test images", step: 1 },
    hint: "Test images, drawn by the seed; no training step and no criterion sees them.",
    reference: { noFlag: "the reference uses the dataset's whole test split" },
  }),
  epochs: numeric(countUpTo(CONFIG_LIMITS.epochs), {
    default: 20,
    form: { group: "Training", label: "Epochs per iteration", step: 1 },
    hint: "Epochs of training in every iteration.",
    reference: { flags: ["--epochs"] },
  }),
  batchSize: numeric(countUpTo(CONFIG_LIMITS.batchSize), {
    default: 64,
    form: { group: "Training", label: "Batch size", step: 1 },
    hint: "Images per optimizer step; an epoch drops its last, partial batch.",
    reference: { flags: ["--batch_size"] },
  }),
  optimizer: choice(["sgd", "adamw"], {
    default: "adamw",
    form: { group: "Training", label: "Optimizer" },
    hint: "sgd (with momentum, PyTorch semantics) or adamw (decoupled weight decay).",
    reference: { noFlag: "the reference trains with SGD" },
  }),
  lr: numeric(
    number("must be > 0", (v) => v > 0),
    {
      default: 2e-3,
      form: { group: "Training", label: "Learning rate", step: 0.0001 },
      hint: "The learning rate after warm-up, before any decay.",
      reference: { flags: ["--lr"] },
    },
  ),
  momentum: numeric(
    number("must be in [0, 1)", (v) => v >= 0 && v < 1),
    {
      default: 0.9,
      form: { group: "Training", label: "Momentum", step: 0.01 },
      hint: "SGD's momentum; AdamW does not use it.",
      reference: { flags: ["--momentum"] },
    },
  ),
  weightDecay: numeric(nonNegative, {
    default: 0.05,
    form: { group: "Training", label: "Weight decay", step: 0.001 },
    hint: "Decay of weight matrices and conv kernels; biases, norms and tokens are not decayed.",
    reference: { flags: ["--weight_decay"], note: "the reference decays every parameter" },
  }),
  warmup: numeric(nonNegative, {
    default: 1,
    form: { group: "Training", label: "Warm-up epochs", step: 1 },
    hint: "Epochs of linearly rising learning rate at the start of each iteration.",
    reference: { flags: ["--warmup"], note: "read as an integer there" },
  }),
  decreasingLr: words(
    z
      .string()
      .refine(
        (value) => value === "cosine" || value === "none" || lrMilestones(value) !== undefined,
        'must be "cosine", "none" or increasing positive epochs separated by commas (e.g. "6,9")',
      ),
    {
      default: "cosine",
      form: { group: "Training", label: "LR schedule" },
      hint: '"cosine", "none", or epochs where the learning rate drops ×0.1 ("6,9").',
      reference: {
        flags: ["--decreasing_lr"],
        note: "milestones as they are; cosine (which it lacks) and none become `epochs`, no decay",
      },
    },
  ),
  augment: toggle({
    default: true,
    form: { group: "Data", label: "Shift images ±2 px" },
    hint: "Shifts every training image by a random 0–2 pixels in each direction.",
    reference: { noFlag: "the reference's data loaders decide augmentation" },
  }),
  struct: choice(["imp", "refill", "rsst"], {
    default: "rsst",
    form: { group: "Pruning", label: "Method" },
    hint: "The pruning method: imp leaves scattered zeros; refill keeps or cuts whole groups every iteration; rsst first pulls the groups refill would cut toward zero.",
    reference: {
      flags: ["--struct"],
      only: "main_imp_fillback.py",
      note: "imp runs main_imp.py, which has no struct, criteria or RSST flags",
    },
  }),
  pruningTimes: numeric(countUpTo(CONFIG_LIMITS.pruningTimes), {
    default: 5,
    form: { group: "Pruning", label: "Iterations", step: 1 },
    hint: "How many train → prune → rewind rounds to run.",
    reference: { flags: ["--pruning_times"] },
  }),
  rate: numeric(
    number("must be in (0, 1)", (v) => v > 0 && v < 1),
    {
      default: 0.2,
      form: { group: "Pruning", label: "Rate per iteration", step: 0.05 },
      hint: "Fraction of the remaining weights removed in each iteration.",
      reference: { flags: ["--rate"] },
    },
  ),
  sortingMode: choice(["global", "layerwise"], {
    default: "global",
    form: { group: "Pruning", label: "Ranking" },
    hint: "Whether magnitude pruning ranks the weights of all tensors together or of each tensor apart.",
    reference: {
      noFlag:
        "the reference always ranks weights globally; its --sorting_mode ranks heads and neurons, and is always layer-wise here",
    },
  }),
  criteria: choice(["remain", "magnitude", "l1", "l2", "saliency"], {
    default: "l1",
    form: { group: "Pruning", label: "Importance criterion" },
    hint: "How refill ranks the groups: their surviving weights, their magnitude, or their activations on training images.",
    reference: {
      flags: ["--criteria"],
      only: "main_imp_fillback.py",
      note: "the reference's ViT computes remain, magnitude and saliency otherwise",
    },
  }),
  vitPruneTarget: choice(["head", "mlp", "both"], {
    default: "head",
    form: { group: "Pruning", label: "Units removed whole" },
    hint: "Which of a ViT's groups refill keeps or removes whole.",
    reference: {
      flags: ["--vit_structured", "--vit_prune_target"],
      only: "main_imp_fillback.py",
      note: "for a ViT only; mlp exists there only as part of both",
    },
  }),
  headBudget: choice(["density", "ratio"], {
    default: "density",
    form: { group: "Pruning", label: "Units kept per layer" },
    hint: "How many groups of each set refill keeps: as many as the set's surviving density suggests, or the fraction 1 − rate.",
    reference: { noFlag: "the reference's ViT refill keeps groups by ratio, its ResNet refill by density" },
  }),
  fillbackRate: numeric(
    number("must be in [0, 1]", (v) => v >= 0 && v <= 1),
    {
      default: 0,
      form: { group: "Pruning", label: "Fill-back rate", step: 0.05 },
      hint: "With the density budget: the share of the groups beyond the density's count that are kept as well (0 = none).",
      reference: {
        flags: ["--fillback_rate"],
        only: "main_imp_fillback.py",
        note: "the reference's RSST hard-codes 0",
      },
    },
  ),
  rewindEpoch: numeric(nonNegativeInteger, {
    default: 0,
    form: { group: "Pruning", label: "Rewind to epoch", step: 1 },
    hint: "0 rewinds to the starting weights (the pretrained model with init pretrained); k to the weights after k epochs of the first round.",
    reference: {
      flags: ["--prune_type", "--rewind_epoch"],
      note: "0 is --prune_type lt, k is rewind_lt with --rewind_epoch k",
    },
  }),
  regGranularityPrune: numeric(nonNegative, {
    // With the default AdamW at lr 2e-3 and a linear λ, 5 leaves a pulled weight without gradient
    // at ~2% of its size after the default iteration (pulledWeightKept); 1 left 85%.
    default: 5,
    form: { group: "RSST", label: "λ max", step: 0.1 },
    hint: "λmax: the strongest pull toward zero, reached at the end of an iteration.",
    reference: {
      flags: ["--reg_granularity_prune"],
      only: "main_imp_fillback.py",
      note: "the reference's λ grows otherwise, so the same number is not the same pull",
    },
  }),
  rstSchedule: choice(["x", "x^2", "x^3", "exp_custom", "exp_custom_exponents"], {
    // Linear: a λ that rises only at the end meets a learning rate the cosine schedule has
    // already taken near zero, and hardly pulls (docs/heads.md).
    default: "x",
    form: { group: "RSST", label: "λ schedule" },
    hint: "How λ grows over an iteration.",
    reference: {
      flags: ["--RST_schedule"],
      only: "main_imp_fillback.py",
      note: "the reference's λ restarts every epoch",
    },
  }),
  exponents: numeric(nonNegative, {
    default: 4,
    form: { group: "RSST", label: "Exponent k", step: 1 },
    hint: "The exponent k of the exp_custom_exponents schedule.",
    reference: { flags: ["--exponents"], only: "main_imp_fillback.py", note: "read as an integer there" },
  }),
  criteriaBatches: numeric(countUpTo(CONFIG_LIMITS.criteriaBatches), {
    default: 1,
    form: { group: "Pruning", label: "Criterion batches", step: 1 },
    hint: "Batches of training images the activation criteria (l1, l2, saliency) and the ablation see.",
    reference: { noFlag: "the reference sets no number of criterion batches" },
  }),
  seed: numeric(
    number("must be an integer", (v) => Number.isSafeInteger(v)),
    {
      default: 1,
      form: { group: "Data", label: "Seed", step: 1 },
      hint: "Seeds the data split, the batch order, the shifts and the initialization.",
      reference: { flags: ["--seed"], note: "0 there means unseeded" },
    },
  ),
  backend: choice(["auto", "webgpu", "webgl", "wasm", "cpu"], {
    default: "auto",
    form: { group: "Training", label: "Backend" },
    hint: "auto tries WebGPU, then WebGL, WASM and CPU.",
    reference: { noFlag: "PyTorch chooses its own device" },
  }),
  finalTrain: choice(["rewind", "finetune", "none"], {
    default: "rewind",
    form: { group: "Final ticket", label: "Final training" },
    hint: "How the run trains its result, the final mask: rewind retrains it from θ0 (as Structure-LTH), finetune trains on from the last weights cut to it, none keeps the untrained hard cut.",
    reference: {
      noFlag: "the reference retrains its final ticket from θ0 in a separate script, main_eval_fillback.py",
    },
  }),
  finalEpochs: numeric(countUpTo(CONFIG_LIMITS.epochs), {
    default: 20,
    form: { group: "Final ticket", label: "Final epochs", step: 1 },
    hint: "Epochs of the final ticket's training (rewind or finetune); when not given, as many as epochs.",
    reference: {
      noFlag: "the reference trains its final ticket in a separate script, main_eval_fillback.py",
    },
  }),
  init: choice(["scratch", "pretrained"], {
    default: "scratch",
    form: { group: "Model", label: "Starting weights" },
    hint: "scratch: a fresh, seeded initialization; pretrained: the shipped MNIST model (only the default ViT or ResNet-8 on mnist).",
    reference: {
      noFlag: "the reference's --init is the path of its initialization file, not a choice of weights",
    },
  }),
  attentionImages: numeric(
    nonNegativeInteger.refine(
      (v) => v <= CONFIG_LIMITS.attentionImages,
      `must be at most ${CONFIG_LIMITS.attentionImages}`,
    ),
    {
      default: 4,
      form: { group: "Analysis", label: "Attention images", step: 1 },
      hint: "Test images whose class-token attention is logged after each iteration (ViT only; 0 = none).",
      reference: { noFlag: "neither reference script has a flag for it" },
    },
  ),
  ablateAll: toggle({
    default: false,
    form: { group: "Analysis", label: "Ablate large sets" },
    hint: "Ablate MLP neurons and ResNet channels also in sets of more than 256 groups (heads always are): one forward pass per group.",
    reference: { noFlag: "neither reference script has a flag for it" },
  }),
} satisfies Record<string, KeySpec>;

/** A top-level config key other than `model`. */
export type ConfigKey = keyof typeof CONFIG_KEYS;
export type ConfigValue<K extends ConfigKey> = z.output<(typeof CONFIG_KEYS)[K]["schema"]>;

export type ModelArch = keyof typeof MODEL_KEYS;
export type ModelShape<A extends ModelArch> = {
  [K in keyof (typeof MODEL_KEYS)[A]]: (typeof MODEL_KEYS)[A][K] extends KeySpec<infer S>
    ? z.output<S>
    : never;
};
/** A key dotted as the form, the URL and error messages write it ("model.embedDim"). */
export type DottedKey =
  | ConfigKey
  | `model.${keyof (typeof MODEL_KEYS)["vit"] | keyof (typeof MODEL_KEYS)["resnet"]}`;

/** A key whose values are a fixed list (an enum). */
export type ChoiceKey = {
  [K in ConfigKey]: (typeof CONFIG_KEYS)[K] extends { choices: readonly string[] } ? K : never;
}[ConfigKey];

/** The allowed values of every choice key, from the table. */
export const CONFIG_CHOICES = Object.fromEntries(
  Object.entries(CONFIG_KEYS).flatMap(([key, spec]) => ("choices" in spec ? [[key, spec.choices]] : [])),
) as { [K in ChoiceKey]: (typeof CONFIG_KEYS)[K]["choices"] };

/** The table's entries in the config's order, typed for code that walks every key. */
export const CONFIG_KEY_ENTRIES = Object.entries(CONFIG_KEYS) as [ConfigKey, KeySpec][];

/**
 * The spec of a dotted key, or undefined for a key the config does not have. A model key is
 * looked up in the ViT's keys first, then the ResNet's ("model.depth" is both; its text is a
 * number either way).
 */
export function keySpec(key: string): KeySpec | undefined {
  const [table, name]: [Record<string, KeySpec>[], string] = key.startsWith("model.")
    ? [[MODEL_KEYS.vit, MODEL_KEYS.resnet], key.slice("model.".length)]
    : [[CONFIG_KEYS], key];
  return table.find((keys) => Object.hasOwn(keys, name))?.[name];
}

/** Each key's schema, for z.strictObject. */
export function schemasOf<T extends Record<string, KeySpec>>(keys: T): { [K in keyof T]: T[K]["schema"] } {
  return Object.fromEntries(Object.entries(keys).map(([key, spec]) => [key, spec.schema])) as {
    [K in keyof T]: T[K]["schema"];
  };
}

/** Each key's default. */
export function defaultsOf<T extends Record<string, KeySpec>>(keys: T): { [K in keyof T]: T[K]["default"] } {
  return Object.fromEntries(Object.entries(keys).map(([key, spec]) => [key, spec.default])) as {
    [K in keyof T]: T[K]["default"];
  };
}
