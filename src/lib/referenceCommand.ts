// "Copy as reference command": the command line of the PyTorch research pipeline that runs the
// same experiment at full scale. Refill and RSST run in `main_imp_fillback.py`; plain IMP in
// `main_imp.py`, which has no struct, criteria or RSST flags. Every config key that has a flag
// there is mapped flag by flag; which keys have flags, and their names, come from the table of
// keys (core/configKeys.ts). `notes` says plainly which lab keys have no flag and which
// flags mean something else there than the lab key of the same name; the UI shows the notes
// and the command text carries them as comments.
import { CONFIG_KEY_ENTRIES, CONFIG_KEYS, type ConfigKey } from "../core/configKeys";
import type { ExperimentConfig } from "../core/types";

/** A flag and its value; null for a switch (`--vit_structured`). */
export type ReferenceFlag = [flag: string, value: string | null];

export interface ReferenceCommand {
  script: "main_imp_fillback.py" | "main_imp.py";
  flags: ReferenceFlag[];
  /** Lab config keys that no reference flag sets. */
  keysWithoutFlag: string[];
  /** Reference flags given here whose meaning differs from the lab key they come from. */
  flagsThatDiffer: string[];
  /** What the command cannot say, one sentence each; the first two list the two above. */
  notes: string[];
}

type Reference<K extends ConfigKey> = (typeof CONFIG_KEYS)[K]["reference"];
/** The keys the table of keys gives reference flags. */
type FlaggedKey = {
  [K in ConfigKey]: Reference<K> extends { flags: readonly string[] } ? K : never;
}[ConfigKey];

// Keys no flag of either reference script sets, in the order the command lists them: the
// table says which keys these are, and a key it gives no flag fails to compile until listed.
const UNFLAGGED_ORDER: Record<Exclude<ConfigKey, FlaggedKey>, true> = {
  trainSize: true,
  testSize: true,
  optimizer: true,
  augment: true,
  criteriaBatches: true,
  sortingMode: true,
  finalTrain: true,
  finalEpochs: true,
  init: true,
  attentionImages: true,
  ablateAll: true,
  backend: true,
  headBudget: true,
};
const KEYS_WITHOUT_FLAG = ["model", ...Object.keys(UNFLAGGED_ORDER)];
/** Keys main_imp_fillback.py has flags for that main_imp.py (plain IMP) has not. */
const STRUCTURE_KEYS = CONFIG_KEY_ENTRIES.filter(
  ([, spec]) => "only" in spec.reference && spec.reference.only === "main_imp_fillback.py",
).map(([key]) => key);

/** Datasets the reference pipeline has loaders for (utils.setup_model_dataset). */
const REFERENCE_DATASETS = ["cifar10", "cifar100", "tiny-imagenet", "imagenet"];
/** Stands in for a dataset the reference cannot load: the closest 10-class image set. */
const STAND_IN_DATASET = "cifar10";

const REFERENCE_VITS = [
  { name: "vit_tiny", embedDim: 192, shape: "embed 192, depth 9, 3 heads, patch 4" },
  { name: "vit_small", embedDim: 384, shape: "embed 384, depth 12, 6 heads, patch 4" },
  { name: "vit_base", embedDim: 768, shape: "embed 768, depth 12, 12 heads, patch 4" },
] as const;

function number(value: number): string {
  return String(value);
}

/** The reference's ViT closest in width, and the ResNet it has for CIFAR-style inputs. */
function referenceArch(config: ExperimentConfig, notes: string[]): string {
  if (config.arch === "vit") {
    const { depth, embedDim, numHeads, patchSize, mlpRatio } = config.model;
    const vit = REFERENCE_VITS.find((v) => embedDim <= v.embedDim) ?? REFERENCE_VITS[2];
    notes.push(
      `model has no flags: the reference's ${vit.name} has its own shape (${vit.shape}); ` +
        `this run's ViT has embed ${embedDim}, depth ${depth}, ${numHeads} heads, patch ${patchSize}, MLP ratio ${mlpRatio}.`,
    );
    return vit.name;
  }
  const { depth, width } = config.model;
  if (depth !== 20 || width !== 16) {
    notes.push(
      `model has no flags: the reference's res20s is ResNet-20 of width 16; this run's is ResNet-${depth} of width ${width}.`,
    );
  }
  return "res20s";
}

function referenceDataset(config: ExperimentConfig, notes: string[]): string {
  if (REFERENCE_DATASETS.includes(config.dataset)) return config.dataset;
  notes.push(
    `dataset "${config.dataset}" has no loader in the reference; --dataset ${STAND_IN_DATASET} stands in for it.`,
  );
  return STAND_IN_DATASET;
}

/**
 * The reference multiplies the learning rate by 0.1 at each milestone (MultiStepLR) and has no
 * cosine schedule. A milestone at `epochs` is reached only after the last epoch of an iteration
 * (a fresh scheduler starts every iteration), so it means "no decay".
 */
function referenceMilestones(config: ExperimentConfig, notes: string[]): string {
  if (config.decreasingLr === "none") return number(config.epochs);
  if (config.decreasingLr === "cosine") {
    notes.push(
      "decreasingLr cosine has no equivalent: the reference only decays at milestones, so the command keeps the learning rate constant.",
    );
    return number(config.epochs);
  }
  return config.decreasingLr.replaceAll(" ", "");
}

/** `--prune_type lt` rewinds to the initialization; `rewind_lt` to the weights after k epochs. */
function rewindFlags(config: ExperimentConfig): ReferenceFlag[] {
  const [pruneType, rewindEpoch] = CONFIG_KEYS.rewindEpoch.reference.flags;
  if (config.rewindEpoch === 0) return [[pruneType, "lt"]];
  return [
    [pruneType, "rewind_lt"],
    [rewindEpoch, number(config.rewindEpoch)],
  ];
}

/** The one flag of a key that has one flag, named by the table. */
const flagOf = (key: Exclude<FlaggedKey, "rewindEpoch" | "vitPruneTarget">): string =>
  CONFIG_KEYS[key].reference.flags[0];

/** The key's value as its flag's value. */
const plain =
  (key: Exclude<FlaggedKey, "rewindEpoch" | "vitPruneTarget">) =>
  (config: ExperimentConfig): ReferenceFlag[] => [[flagOf(key), String(config[key])]];

/**
 * The flags of every key the table gives flags, in the command's order; the table's `only`
 * puts a key among main_imp_fillback.py's structure flags. A flagged key without an entry here
 * fails to compile.
 */
const FLAG_VALUES: { [K in FlaggedKey]: (config: ExperimentConfig, notes: string[]) => ReferenceFlag[] } = {
  arch: (config, notes) => [[flagOf("arch"), referenceArch(config, notes)]],
  dataset: (config, notes) => [[flagOf("dataset"), referenceDataset(config, notes)]],
  pruningTimes: plain("pruningTimes"),
  rate: plain("rate"),
  epochs: plain("epochs"),
  batchSize: plain("batchSize"),
  lr: plain("lr"),
  momentum: plain("momentum"),
  weightDecay: plain("weightDecay"),
  warmup: plain("warmup"),
  decreasingLr: (config, notes) => [[flagOf("decreasingLr"), referenceMilestones(config, notes)]],
  rewindEpoch: rewindFlags,
  seed: plain("seed"),
  struct: plain("struct"),
  criteria: plain("criteria"),
  fillbackRate: plain("fillbackRate"),
  regGranularityPrune: plain("regGranularityPrune"),
  rstSchedule: plain("rstSchedule"),
  exponents: plain("exponents"),
  vitPruneTarget: (config) => {
    const [structured, target] = CONFIG_KEYS.vitPruneTarget.reference.flags;
    return config.arch === "vit"
      ? [
          [structured, null],
          [target, config.vitPruneTarget],
        ]
      : [];
  },
};

const SORTING_MODE_FLAG: ReferenceFlag = ["--sorting_mode", "layer-wise"];

/** The flags of the keys main_imp_fillback.py alone has (`structure`) or both scripts have. */
function keyFlags(config: ExperimentConfig, notes: string[], structure: boolean): ReferenceFlag[] {
  const keys = Object.keys(FLAG_VALUES) as FlaggedKey[];
  return keys
    .filter((key) => STRUCTURE_KEYS.includes(key) === structure)
    .flatMap((key) => {
      const flags = FLAG_VALUES[key](config, notes);
      // The reference's flag ranks heads and neurons per block or across blocks; the lab ranks
      // them per block. The lab's sortingMode (its weight ranking) has no flag.
      return key === "fillbackRate" ? [...flags, SORTING_MODE_FLAG] : flags;
    });
}

function integerNote(key: string, value: number, notes: string[]): void {
  if (!Number.isInteger(value))
    notes.push(`the reference reads --${key} as an integer; ${value} is not one.`);
}

function unflaggedNotes(config: ExperimentConfig, notes: string[]): void {
  notes.push(
    `trainSize (${config.trainSize}) and testSize (${config.testSize}) have no flags: the reference uses the dataset's whole splits.`,
  );
  if (config.optimizer === "adamw") {
    notes.push(
      "optimizer adamw has no flag: the reference trains with SGD (--lr, --momentum, --weight_decay).",
    );
  }
  if (!config.augment)
    notes.push("augment false has no flag: the reference's data loaders decide augmentation.");
  if (config.criteriaBatches !== 1) {
    notes.push(`criteriaBatches (${config.criteriaBatches}) has no flag in the reference.`);
  }
  if (config.seed === 0) notes.push("the reference seeds only when --seed is not 0.");
  integerNote("warmup", config.warmup, notes);
}

/** What the lab's weight ranking and the final ticket are in the reference: neither has a flag. */
function weightAndFinalNotes(config: ExperimentConfig, notes: string[]): void {
  notes.push(
    `sortingMode ${config.sortingMode} (the lab's weight ranking) has no flag: the reference always ranks weights globally` +
      (config.sortingMode === "layerwise"
        ? ", so this run's per-layer weight ranking has no equivalent."
        : "."),
  );
  if (config.weightDecay > 0) {
    notes.push(
      "--weight_decay differs: the reference decays every parameter; the lab decays only weight matrices and conv kernels.",
    );
  }
  if (config.finalTrain === "rewind") {
    notes.push(
      "finalTrain rewind has no flag: the reference retrains its final ticket from θ0 in a separate script " +
        "(Structure-LTH's main_eval_fillback.py), which the lab's rewind mirrors; run that after this command.",
    );
  } else {
    notes.push(
      `finalTrain ${config.finalTrain} has no equivalent: the reference's final ticket is retrained from θ0 by a separate script (main_eval_fillback.py).`,
    );
  }
}

/** Notes on the structure flags: the ones that take the lab's value but mean something else. */
function structureNotes(config: ExperimentConfig, notes: string[], differ: string[]): void {
  const referenceBudget = config.arch === "vit" ? "ratio" : "density";
  if (config.headBudget !== referenceBudget) {
    notes.push(
      `headBudget ${config.headBudget} has no flag: the reference's ${config.arch === "vit" ? "ViT" : "ResNet"} refill keeps groups by ${referenceBudget}.`,
    );
  }
  notes.push(
    "--sorting_mode layer-wise is not the lab's sortingMode: in the reference it chooses whether heads and neurons " +
      "are ranked per block (layer-wise) or across blocks (global); the lab ranks them per block, hence layer-wise.",
  );
  differ.push("--sorting_mode");
  if (config.arch === "vit") criteriaNotes(config, notes, differ);
  if (config.arch === "vit" && config.vitPruneTarget === "mlp") {
    notes.push("the reference implements --vit_prune_target mlp only as part of both.");
  }
  if (config.struct === "rsst") {
    notes.push(
      `--reg_granularity_prune ${config.regGranularityPrune} differs: the lab's regGranularityPrune is λmax over an iteration, rising monotonically; ` +
        "the reference's exp_custom schedules update λ only while reg_granularity_prune·i < 1 (i the batch index), and its x, x^2, x^3 " +
        "add a per-step increment that accumulates across epochs, so the same number does not mean the same pull.",
      `--RST_schedule ${config.rstSchedule} differs: the reference's u = (i+1)/j runs over the batches of one epoch, so λ restarts ` +
        "every epoch; the lab's u runs over the steps of a whole iteration.",
    );
    differ.push("--reg_granularity_prune", "--RST_schedule");
    if (config.fillbackRate !== 0) {
      notes.push(
        `fillbackRate ${config.fillbackRate} has no effect there: the reference's RSST hard-codes a fill-back rate of 0.`,
      );
      differ.push("--fillback_rate");
    }
  }
  integerNote("exponents", config.exponents, notes);
}

function criteriaNotes(config: ExperimentConfig, notes: string[], differ: string[]): void {
  const meaning: Record<ExperimentConfig["criteria"], string | null> = {
    saliency: "the reference's ViT saliency falls back to magnitude",
    remain: "the reference's ViT remain counts the surviving qkv rows only",
    magnitude: "the reference's ViT magnitude sums the qkv rows only",
    l1: null,
    l2: null,
  };
  const differs = meaning[config.criteria];
  if (differs) {
    notes.push(`--criteria ${config.criteria} differs: ${differs}.`);
    differ.push("--criteria");
  } else {
    notes.push(
      `--criteria ${config.criteria}: the reference measures heads on the qkv output and neurons on fc1 before GELU.`,
    );
  }
}

export function referenceCommand(config: ExperimentConfig): ReferenceCommand {
  const notes: string[] = [];
  const arch = referenceArch(config, []);
  const dataset = referenceDataset(config, []);
  const saveDir = `runs/${config.struct}_${arch}_${dataset}_seed${config.seed}`;
  const common = keyFlags(config, notes, false);
  // An explicit init file: the reference otherwise reuses whatever sits at its default path.
  const output: ReferenceFlag[] = [
    ["--save_dir", saveDir],
    ["--init", `${saveDir}/init.pth.tar`],
  ];
  unflaggedNotes(config, notes);
  weightAndFinalNotes(config, notes);
  const differ = config.weightDecay > 0 ? ["--weight_decay"] : [];

  if (config.struct === "imp") {
    notes.push(
      "struct imp runs in the reference's main_imp.py (plain iterative magnitude pruning); it has no struct, criteria or RSST flags.",
    );
    const keys = [...KEYS_WITHOUT_FLAG, ...STRUCTURE_KEYS];
    return withSummary({
      script: "main_imp.py",
      flags: [...common, ...output],
      keysWithoutFlag: keys,
      flagsThatDiffer: differ,
      notes,
    });
  }

  structureNotes(config, notes, differ);
  const structure = keyFlags(config, notes, true);
  return withSummary({
    script: "main_imp_fillback.py",
    flags: [...common, ...structure, ...output],
    keysWithoutFlag: KEYS_WITHOUT_FLAG,
    flagsThatDiffer: differ,
    notes,
  });
}

/** Puts the two plain lists first among the notes. */
function withSummary(command: ReferenceCommand): ReferenceCommand {
  const summary = [`Lab keys with no reference flag: ${command.keysWithoutFlag.join(", ")}.`];
  if (command.flagsThatDiffer.length > 0) {
    summary.push(
      `Reference flags that mean something else than the lab key they come from: ${command.flagsThatDiffer.join(", ")}.`,
    );
  }
  return { ...command, notes: [...summary, ...command.notes] };
}

/** Quotes a shell word unless it is made of characters no shell treats specially. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._,/=+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command as a bash command line, one flag per continued line, after its notes as comments. */
export function formatReferenceCommand(command: ReferenceCommand): string {
  const lines = command.flags.map(([flag, value]) => (value === null ? flag : `${flag} ${shellWord(value)}`));
  const comments = command.notes.map((note) => `# ${note}\n`).join("");
  return comments + [`python ${command.script}`, ...lines].join(" \\\n  ");
}
