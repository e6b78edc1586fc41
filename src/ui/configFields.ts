// The configuration form, derived from the table of keys (core/configKeys.ts): each key's
// group, label, input and hint come from there; this file says only when a field is shown.
import {
  CONFIG_KEY_ENTRIES,
  type ConfigKey,
  FORM_GROUPS,
  type FormGroupTitle,
  type KeySpec,
  MODEL_KEYS,
} from "../core/configKeys";
import type { Draft } from "../store/configDraft";
import { CHOICE_EXPLANATIONS } from "./explanations";

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
  /** A one-line explanation of what the key does. */
  hint: string;
  /** Shown only when this holds for the draft. */
  when?: (draft: Draft) => boolean;
}

export interface FieldGroup {
  title: FormGroupTitle;
  fields: FieldSpec[];
}

type Shown = "always" | ((draft: Draft) => boolean);

const isVit = (draft: Draft) => draft.arch !== "resnet";
const isResNet = (draft: Draft) => draft.arch === "resnet";

// Every key of the table must say when its field shows: a key added to the table without
// an entry here fails to compile.
const SHOWN = {
  arch: "always",
  dataset: "always",
  trainSize: "always",
  testSize: "always",
  epochs: "always",
  batchSize: "always",
  optimizer: "always",
  lr: "always",
  momentum: "always",
  weightDecay: "always",
  warmup: "always",
  decreasingLr: "always",
  augment: "always",
  struct: "always",
  pruningTimes: "always",
  rate: "always",
  sortingMode: "always",
  criteria: "always",
  vitPruneTarget: isVit,
  headBudget: "always",
  fillbackRate: "always",
  rewindEpoch: "always",
  regGranularityPrune: "always",
  rstSchedule: "always",
  exponents: "always",
  criteriaBatches: "always",
  seed: "always",
  backend: "always",
  finalTrain: "always",
  finalEpochs: "always",
  init: "always",
  attentionImages: isVit,
  ablateAll: "always",
} satisfies Record<ConfigKey, Shown>;

function inputOf(key: string, spec: KeySpec): FieldInput {
  const explain: Record<string, string> | undefined = (
    CHOICE_EXPLANATIONS as Record<string, Record<string, string>>
  )[key];
  if (spec.choices) return { type: "select", options: spec.choices as readonly string[], explain };
  if (spec.form.options) return { type: "select", options: spec.form.options };
  if (spec.text === "number") return { type: "number", step: spec.form.step };
  return spec.text === "boolean" ? { type: "checkbox" } : { type: "text" };
}

function field(key: string, spec: KeySpec, shown: Shown): FieldSpec {
  const base = { key, label: spec.form.label, input: inputOf(key, spec), hint: spec.hint };
  return shown === "always" ? base : { ...base, when: shown };
}

const placed = (key: string, spec: KeySpec, shown: Shown): [FormGroupTitle, FieldSpec] => [
  spec.form.group,
  field(key, spec, shown),
];
const modelFields = (keys: Record<string, KeySpec>, shown: Shown) =>
  Object.entries(keys).map(([key, spec]) => placed(`model.${key}`, spec, shown));

// The model's keys follow `arch`, as in the config.
const ALL_FIELDS: [FormGroupTitle, FieldSpec][] = CONFIG_KEY_ENTRIES.flatMap(([key, spec]) => [
  placed(key, spec, SHOWN[key]),
  ...(key === "arch"
    ? [...modelFields(MODEL_KEYS.vit, isVit), ...modelFields(MODEL_KEYS.resnet, isResNet)]
    : []),
]);

export const FIELD_GROUPS: FieldGroup[] = FORM_GROUPS.map((title) => ({
  title,
  fields: ALL_FIELDS.filter(([group]) => group === title).map(([, f]) => f),
}));
