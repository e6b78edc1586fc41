// "Copy as reference command": the command line of the PyTorch research pipeline that runs the
// same experiment at full scale. Refill and RSST run in `main_imp_fillback.py`; plain IMP in
// `main_imp.py`, which has no struct, criteria or RSST flags. Every config key that has a flag
// there is mapped flag by flag; what has none (or no equal value) is listed in `notes`.
import type { ExperimentConfig } from "../core/types";

/** A flag and its value; null for a switch (`--vit_structured`). */
export type ReferenceFlag = [flag: string, value: string | null];

export interface ReferenceCommand {
  script: "main_imp_fillback.py" | "main_imp.py";
  flags: ReferenceFlag[];
  /** What the command cannot say, one sentence each. */
  notes: string[];
}

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
  if (config.rewindEpoch === 0) return [["--prune_type", "lt"]];
  return [
    ["--prune_type", "rewind_lt"],
    ["--rewind_epoch", number(config.rewindEpoch)],
  ];
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

function structureNotes(config: ExperimentConfig, notes: string[]): void {
  const referenceBudget = config.arch === "vit" ? "ratio" : "density";
  if (config.headBudget !== referenceBudget) {
    notes.push(
      `headBudget ${config.headBudget} has no flag: the reference's ${config.arch === "vit" ? "ViT" : "ResNet"} refill keeps groups by ${referenceBudget}.`,
    );
  }
  if (config.sortingMode === "layerwise") {
    notes.push(
      "sortingMode layerwise: the reference always prunes weights by global magnitude; its --sorting_mode orders the head and neuron ranking.",
    );
  }
  if (config.arch === "vit" && config.vitPruneTarget === "mlp") {
    notes.push("the reference implements --vit_prune_target mlp only as part of both.");
  }
  integerNote("exponents", config.exponents, notes);
}

export function referenceCommand(config: ExperimentConfig): ReferenceCommand {
  const notes: string[] = [];
  const arch = referenceArch(config, notes);
  const dataset = referenceDataset(config, notes);
  const saveDir = `runs/${config.struct}_${arch}_${dataset}_seed${config.seed}`;
  const common: ReferenceFlag[] = [
    ["--arch", arch],
    ["--dataset", dataset],
    ["--pruning_times", number(config.pruningTimes)],
    ["--rate", number(config.rate)],
    ["--epochs", number(config.epochs)],
    ["--batch_size", number(config.batchSize)],
    ["--lr", number(config.lr)],
    ["--momentum", number(config.momentum)],
    ["--weight_decay", number(config.weightDecay)],
    ["--warmup", number(config.warmup)],
    ["--decreasing_lr", referenceMilestones(config, notes)],
    ...rewindFlags(config),
    ["--seed", number(config.seed)],
  ];
  // An explicit init file: the reference otherwise reuses whatever sits at its default path.
  const output: ReferenceFlag[] = [
    ["--save_dir", saveDir],
    ["--init", `${saveDir}/init.pth.tar`],
  ];
  unflaggedNotes(config, notes);

  if (config.struct === "imp") {
    notes.push(
      "struct imp runs in the reference's main_imp.py (plain iterative magnitude pruning); it has no struct, criteria or RSST flags.",
    );
    return { script: "main_imp.py", flags: [...common, ...output], notes };
  }

  structureNotes(config, notes);
  const structure: ReferenceFlag[] = [
    ["--struct", config.struct],
    ["--criteria", config.criteria],
    ["--fillback_rate", number(config.fillbackRate)],
    ["--sorting_mode", config.sortingMode === "layerwise" ? "layer-wise" : "global"],
    ["--reg_granularity_prune", number(config.regGranularityPrune)],
    ["--RST_schedule", config.rstSchedule],
    ["--exponents", number(config.exponents)],
  ];
  const vit: ReferenceFlag[] =
    config.arch === "vit"
      ? [
          ["--vit_structured", null],
          ["--vit_prune_target", config.vitPruneTarget],
        ]
      : [];
  return { script: "main_imp_fillback.py", flags: [...common, ...structure, ...vit, ...output], notes };
}

/** Quotes a shell word unless it is made of characters no shell treats specially. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._,/=+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command as a bash command line, one flag per continued line. */
export function formatReferenceCommand(command: ReferenceCommand): string {
  const lines = command.flags.map(([flag, value]) => (value === null ? flag : `${flag} ${shellWord(value)}`));
  return [`python ${command.script}`, ...lines].join(" \\\n  ");
}
