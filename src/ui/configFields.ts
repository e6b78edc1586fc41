// The configuration form: every key of DESIGN.md §4, grouped as a student reads them.
import { CONFIG_CHOICES, RESNET_DEPTHS } from "../core/config";
import type { Draft } from "../store/configDraft";
import {
  CRITERIA_EXPLANATIONS,
  HEAD_BUDGET_EXPLANATIONS,
  SCHEDULE_EXPLANATIONS,
  SORTING_EXPLANATIONS,
  STRUCT_EXPLANATIONS,
  TARGET_EXPLANATIONS,
} from "./explanations";

export type FieldInput =
  | { type: "number"; step?: number }
  | { type: "text" }
  | { type: "checkbox" }
  | { type: "select"; options: readonly (string | number)[]; explain?: Record<string, string> };

export interface FieldSpec {
  /** Dotted config key. */
  key: string;
  label: string;
  input: FieldInput;
  /** Shown only when this holds for the draft. */
  when?: (draft: Draft) => boolean;
}

export interface FieldGroup {
  title: string;
  fields: FieldSpec[];
}

const isVit = (draft: Draft) => draft.arch !== "resnet";
const isResNet = (draft: Draft) => draft.arch === "resnet";
const num = (step?: number): FieldInput => ({ type: "number", step });
const select = (options: readonly (string | number)[], explain?: Record<string, string>): FieldInput => ({
  type: "select",
  options,
  explain,
});

export const FIELD_GROUPS: FieldGroup[] = [
  {
    title: "Model",
    fields: [
      { key: "arch", label: "Architecture", input: select(CONFIG_CHOICES.arch) },
      { key: "model.depth", label: "Blocks", input: num(1), when: isVit },
      { key: "model.embedDim", label: "Embedding size", input: num(1), when: isVit },
      { key: "model.numHeads", label: "Heads per block", input: num(1), when: isVit },
      { key: "model.mlpRatio", label: "MLP ratio", input: num(0.5), when: isVit },
      { key: "model.patchSize", label: "Patch size", input: num(1), when: isVit },
      { key: "model.depth", label: "Depth", input: select(RESNET_DEPTHS), when: isResNet },
      { key: "model.width", label: "Width", input: num(1), when: isResNet },
    ],
  },
  {
    title: "Data",
    fields: [
      { key: "dataset", label: "Dataset", input: select(["mnist", "synthetic"]) },
      { key: "trainSize", label: "Training images", input: num(1) },
      { key: "testSize", label: "Test images", input: num(1) },
      { key: "augment", label: "Shift images ±2 px", input: { type: "checkbox" } },
      { key: "seed", label: "Seed", input: num(1) },
    ],
  },
  {
    title: "Training",
    fields: [
      { key: "epochs", label: "Epochs per iteration", input: num(1) },
      { key: "batchSize", label: "Batch size", input: num(1) },
      { key: "optimizer", label: "Optimizer", input: select(CONFIG_CHOICES.optimizer) },
      { key: "lr", label: "Learning rate", input: num(0.0001) },
      { key: "momentum", label: "Momentum", input: num(0.01) },
      { key: "weightDecay", label: "Weight decay", input: num(0.001) },
      { key: "warmup", label: "Warm-up epochs", input: num(1) },
      { key: "decreasingLr", label: "LR schedule", input: { type: "text" } },
      { key: "backend", label: "Backend", input: select(CONFIG_CHOICES.backend) },
    ],
  },
  {
    title: "Pruning",
    fields: [
      { key: "struct", label: "Method", input: select(CONFIG_CHOICES.struct, STRUCT_EXPLANATIONS) },
      { key: "pruningTimes", label: "Iterations", input: num(1) },
      { key: "rate", label: "Rate per iteration", input: num(0.05) },
      {
        key: "sortingMode",
        label: "Ranking",
        input: select(CONFIG_CHOICES.sortingMode, SORTING_EXPLANATIONS),
      },
      {
        key: "criteria",
        label: "Importance criterion",
        input: select(CONFIG_CHOICES.criteria, CRITERIA_EXPLANATIONS),
      },
      { key: "criteriaBatches", label: "Criterion batches", input: num(1) },
      {
        key: "vitPruneTarget",
        label: "Units removed whole",
        input: select(CONFIG_CHOICES.vitPruneTarget, TARGET_EXPLANATIONS),
        when: isVit,
      },
      {
        key: "headBudget",
        label: "Units kept per layer",
        input: select(CONFIG_CHOICES.headBudget, HEAD_BUDGET_EXPLANATIONS),
      },
      { key: "fillbackRate", label: "Fill-back rate", input: num(0.05) },
      { key: "rewindEpoch", label: "Rewind to epoch", input: num(1) },
    ],
  },
  {
    title: "RSST",
    fields: [
      { key: "regGranularityPrune", label: "λ max", input: num(0.1) },
      {
        key: "rstSchedule",
        label: "λ schedule",
        input: select(CONFIG_CHOICES.rstSchedule, SCHEDULE_EXPLANATIONS),
      },
      { key: "exponents", label: "Exponent k", input: num(1) },
    ],
  },
];
