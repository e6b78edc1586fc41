// Short explanations of each value of the choice keys, written for a student meeting them
// first; docs/algorithms.md states exactly what each one computes. The one-line hint of every
// key is in the table of keys (core/configKeys.ts).
import type { ChoiceKey, ConfigValue } from "../core/configKeys";

type Explained<K extends ChoiceKey> = Record<ConfigValue<K>, string>;

export const STRUCT_EXPLANATIONS: Explained<"struct"> = {
  imp: "Iterative magnitude pruning: train, remove the smallest weights, rewind the rest to their early values, repeat. The zeros end up scattered, so the network is sparse but not smaller in shape.",
  refill:
    "Refill: after magnitude pruning, whole heads (or neurons, channels) are ranked; the best ones are kept completely — their pruned weights are filled back in — and the others are removed completely. The network really gets smaller, but each cut is abrupt.",
  rsst: "RSST: like Refill it decides which heads should go, but instead of cutting them at once it trains the next round with a growing pull (λ) toward zero on exactly those weights, so the network learns to do without them before they are cut.",
};

export const CRITERIA_EXPLANATIONS: Explained<"criteria"> = {
  remain: "remain: how many of the group's weights survived magnitude pruning.",
  magnitude: "magnitude: the sum of |w| over the group's surviving weights.",
  l1: "l1: how strongly the group's output fires on average (mean |activation|) on training images.",
  l2: "l2: the root-mean-square of the group's output on training images.",
  saliency:
    "saliency: how much the loss would change if the group's output vanished (|activation × gradient| summed over training images, a first-order Taylor estimate).",
};

export const SCHEDULE_EXPLANATIONS: Explained<"rstSchedule"> = {
  x: "λ grows in a straight line over the iteration.",
  "x^2": "λ grows slowly at first, then faster (quadratic).",
  "x^3": "λ stays small for longer, then rises steeply (cubic).",
  exp_custom: "λ grows exponentially from 0 to its maximum.",
  exp_custom_exponents:
    "λ stays near 0 for most of the iteration and shoots up at the end; a larger exponent k makes the rise later and sharper.",
};

export const HEAD_BUDGET_EXPLANATIONS: Explained<"headBudget"> = {
  density:
    "density: a set keeps as many groups as its share of surviving weights suggests (plus the fill-back rate's share of the rest), as in Structure-LTH.",
  ratio: "ratio: every set keeps the fraction (1 − rate) of its groups, whatever pruning left.",
};

export const TARGET_EXPLANATIONS: Explained<"vitPruneTarget"> = {
  head: "Attention heads are the units removed whole.",
  mlp: "MLP neurons are the units removed whole.",
  both: "Both attention heads and MLP neurons are removed whole.",
};

export const SORTING_EXPLANATIONS: Explained<"sortingMode"> = {
  global: "global: the smallest weights of the whole network go first, so tensors lose different shares.",
  layerwise: "layerwise: every prunable tensor loses the same share of its weights.",
};

export const FINAL_TRAIN_EXPLANATIONS: Explained<"finalTrain"> = {
  rewind:
    "rewind: the final mask is retrained from the rewind point θ0 for the final epochs, as Structure-LTH retrains its ticket.",
  finetune: "finetune: the last trained weights, cut to the final mask, train on for the final epochs.",
  none: "none: the result is the hard cut of the last trained weights, untrained.",
};

export const INIT_EXPLANATIONS: Explained<"init"> = {
  scratch: "scratch: a fresh initialization drawn by the seed.",
  pretrained:
    "pretrained: the shipped MNIST model; only for the default ViT or ResNet-8 on mnist. Rewinding goes back to it.",
};

/** The explanations the form shows beside a choice key's chosen value. */
export const CHOICE_EXPLANATIONS: { [K in ChoiceKey]?: Explained<K> } = {
  struct: STRUCT_EXPLANATIONS,
  criteria: CRITERIA_EXPLANATIONS,
  rstSchedule: SCHEDULE_EXPLANATIONS,
  headBudget: HEAD_BUDGET_EXPLANATIONS,
  vitPruneTarget: TARGET_EXPLANATIONS,
  sortingMode: SORTING_EXPLANATIONS,
  finalTrain: FINAL_TRAIN_EXPLANATIONS,
  init: INIT_EXPLANATIONS,
};
