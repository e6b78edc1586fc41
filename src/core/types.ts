// The shared vocabulary of the core: configuration, models, groups, events and the run log.
// Every other module speaks in these types; DESIGN.md §2 and §4 are their prose form.
import type * as tf from "@tensorflow/tfjs";
import type { ConfigKey, ConfigValue, ModelShape } from "./configKeys";

// ---------- configuration (DESIGN.md §4: the keys are pinned) ----------

// Each key is declared once, in configKeys.ts; these names are its values' types.
export type Arch = ConfigValue<"arch">;
export type Struct = ConfigValue<"struct">;
export type SortingMode = ConfigValue<"sortingMode">;
export type Criterion = ConfigValue<"criteria">;
export type VitPruneTarget = ConfigValue<"vitPruneTarget">;
export type HeadBudget = ConfigValue<"headBudget">;
export type RstSchedule = ConfigValue<"rstSchedule">;
export type OptimizerName = ConfigValue<"optimizer">;
export type BackendChoice = ConfigValue<"backend">;
export type BackendName = Exclude<BackendChoice, "auto">;
/** What the run ends with (DESIGN.md §2): retrain the final mask from θ0, fine-tune the cut, or keep the cut. */
export type FinalTrain = ConfigValue<"finalTrain">;
/** Where the weights start: a fresh initialization, or the lab's shipped pretrained model. */
export type InitName = ConfigValue<"init">;

export type VitShape = ModelShape<"vit">;
/** depth: 8, 14 or 20 (6n+2 with n basic blocks per stage); width: channels of the first stage. */
export type ResNetShape = ModelShape<"resnet">;

type CommonConfig = { [K in Exclude<ConfigKey, "arch">]: ConfigValue<K> };

export type ExperimentConfig =
  | (CommonConfig & { arch: "vit"; model: VitShape })
  | (CommonConfig & { arch: "resnet"; model: ResNetShape });

// ---------- data ----------

/** Images as uint8 pixels, row-major HWC per image, `count` images back to back. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface Dataset {
  name: string;
  /** [height, width, channels] */
  shape: [number, number, number];
  numClasses: number;
  train: ImageSet;
  test: ImageSet;
  /** Per-channel mean and std of the training pixels scaled to [0, 1]. */
  mean: number[];
  std: number[];
}

// ---------- models and groups ----------

/** Masks over the prunable weights: float32 0/1 tensors shaped like the weight, keyed by its name. */
export type MaskSet = Record<string, tf.Tensor>;

export type GroupKind = "head" | "neuron" | "channel";

/**
 * One slice family of a group set: group g covers indices
 * [offset + g·width, offset + (g+1)·width) along `axis` of parameter `param`.
 */
export interface GroupSlice {
  param: string;
  axis: number;
  offset: number;
}

/**
 * A set of coupled structural units that are removed together (the heads of one block,
 * the neurons of one MLP, the output channels of one conv). One refill serves them all.
 * The group set's activation (returned by the forward pass under `name`) has its last axis
 * split into `count` consecutive runs of `width` entries, one per group.
 */
export interface GroupSet {
  /** e.g. "blocks.0.attn", "blocks.0.mlp", "layer1.0.conv1" */
  name: string;
  kind: GroupKind;
  count: number;
  width: number;
  /** Slices of prunable weights: masks, importance and refill act on these. */
  slices: GroupSlice[];
  /**
   * Slices of what else the group owns (biases, batch-norm γ and β, a stem conv's output
   * channel, a classifier's input column): not masked by M, but zeroed with the group when
   * it is cut, so the cut model computes what the compacted model computes.
   */
  owned?: GroupSlice[];
}

export interface ForwardOptions {
  training: boolean;
  masks: MaskSet;
  /** Tensors added to the group-set activations (zeros), so that ∂L/∂probe = ∂L/∂activation. */
  probes?: Record<string, tf.Tensor>;
  /** Return the group-set activations keyed by group-set name. */
  collect?: boolean;
}

export interface ForwardResult {
  logits: tf.Tensor2D;
  activations: Record<string, tf.Tensor>;
}

export interface Model {
  arch: Arch;
  /** Trainable parameters by PyTorch/timm name. Linear weights are out×in. */
  params: Record<string, tf.Variable>;
  /** Non-trainable state (batch-norm running statistics), by PyTorch name. */
  buffers: Record<string, tf.Variable>;
  /** Names of the prunable weights, in a stable order. */
  prunable: string[];
  /** The structural group sets, in a stable order. */
  groupSets: GroupSet[];
  /**
   * Axis permutation that turns a stored parameter into PyTorch layout, for the parameters
   * not stored that way (ResNet convs are stored HWIO for tfjs and are OIHW in PyTorch).
   */
  torchPermutation: Record<string, number[]>;
  /** x: [batch, height, width, channels], normalized. */
  forward(x: tf.Tensor4D, options: ForwardOptions): ForwardResult;
  /** Multiply-accumulate count ×2 of one forward pass of one sample (dense). */
  flopsPerSample: number;
  dispose(): void;
}

// ---------- events (streamed by the experiment loop) ----------

export type Phase = "training" | "pruning" | "refilling" | "rewinding" | "evaluating" | "finalizing";

export interface GroupSummary {
  name: string;
  kind: GroupKind;
  count: number;
}

export interface ModelSummary {
  arch: Arch;
  prunableParams: number;
  groups: GroupSummary[];
}

export interface RunEnv {
  backend: string;
  startedAt: string;
  [key: string]: string | number | boolean;
}

/** RSST's pull at work: mean |w| of the weights with R = 0, M = 1 ("pulled") and R = 1, M = 1 ("kept"). */
export interface PullRecord {
  pulled: number;
  kept: number;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  testAcc: number;
  lambda: number;
  /** In RSST iterations with a pull: the pull figures at the end of the epoch. */
  pull?: PullRecord;
}

export interface GroupRecord {
  kind: GroupKind;
  importance: number[];
  alive: boolean[];
  density: number[];
  /** Rise in mean cross-entropy when group g alone is zeroed; null for a group already dead. */
  ablation?: (number | null)[];
}

/** The class token's attention over the patches after an iteration's training. */
export interface AttentionRecord {
  /** Indices of the images into the dataset's own file order. */
  images: number[];
  /** Per attention group set ("blocks.i.attn"): [image][head][patch]. */
  maps: Record<string, number[][][]>;
}

export interface IterationRecord {
  index: number;
  epochs: EpochRecord[];
  /** M after this iteration's magnitude pruning. */
  sparsity: { overall: number; layers: Record<string, number> };
  /** Sparsity of the mask this iteration trained under; testAccUnstructured was measured on it. */
  trainedSparsity: number;
  /** Sparsity of the training mask ⊙ R; testAccStructured was measured on it. */
  structuredSparsity: number;
  testAccUnstructured: number;
  testAccStructured: number;
  groups: Record<string, GroupRecord>;
  /** Spearman ρ between the criterion's importance and the ablation, per group kind. */
  criterionAgreement?: Partial<Record<GroupKind, number | null>>;
  attention?: AttentionRecord;
  /** Entries refill restored: R = 1 where M = 0. */
  refilled?: number;
  durationMs: number;
}

export interface FinalRecord {
  /** Test accuracy of the trained final ticket. */
  testAcc: number;
  /** Sparsity of the final ticket's mask. */
  sparsity: number;
  /** Test accuracy of the untrained hard cut the final ticket starts from. */
  testAccCut: number;
  finalTrain: FinalTrain;
  /** The final ticket's training curve (empty for "none"). */
  epochs: EpochRecord[];
  aliveGroups: Partial<Record<GroupKind, number>>;
}

export type ExperimentEvent =
  | {
      type: "started";
      config: ExperimentConfig;
      env: RunEnv;
      model: ModelSummary;
      /** Optimizer steps in the whole experiment. */
      totalSteps: number;
      stepsPerEpoch: number;
    }
  | { type: "phase"; iteration: number; phase: Phase }
  | {
      type: "step";
      iteration: number;
      epoch: number;
      step: number;
      globalStep: number;
      totalSteps: number;
      loss: number;
      lambda: number;
      lr: number;
      /** RSST iterations: the pull figures, measured every few steps. */
      pull?: PullRecord;
    }
  | { type: "epoch"; iteration: number; record: EpochRecord }
  /** An epoch of the final ticket's training (phase "finalizing"). */
  | { type: "final-epoch"; record: EpochRecord }
  | { type: "iteration"; record: IterationRecord }
  | { type: "done"; final: FinalRecord }
  | { type: "error"; message: string; iteration: number | null };

// ---------- run log (DESIGN.md §4: the fields are pinned) ----------

export interface RunLog {
  format: "pruning-lab.run";
  version: 1;
  config: ExperimentConfig;
  env: RunEnv;
  model: ModelSummary;
  iterations: IterationRecord[];
  final: FinalRecord | null;
}
