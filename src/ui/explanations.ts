// Short explanations of the pruning options, written for a student meeting them first.

export const STRUCT_EXPLANATIONS: Record<string, string> = {
  imp: "Iterative magnitude pruning: train, remove the smallest weights, rewind the rest to their early values, repeat. The zeros end up scattered, so the network is sparse but not smaller in shape.",
  refill:
    "Refill: after magnitude pruning, whole heads (or neurons, channels) are ranked; the best ones are kept completely — their pruned weights are filled back in — and the others are removed completely. The network really gets smaller, but each cut is abrupt.",
  rsst: "RSST: like Refill it decides which heads should go, but instead of cutting them at once it trains the next round with a growing pull (λ) toward zero on exactly those weights, so the network learns to do without them before they are cut.",
};

export const CRITERIA_EXPLANATIONS: Record<string, string> = {
  remain: "remain: how many of the group's weights survived magnitude pruning.",
  magnitude: "magnitude: the sum of |w| over the group's weights.",
  l1: "l1: how strongly the group's output fires on average (mean |activation|) on test images.",
  l2: "l2: the root-mean-square of the group's output on test images.",
  saliency:
    "saliency: how much the loss would change if the group's output vanished (|activation × gradient|, a first-order Taylor estimate).",
};

export const SCHEDULE_EXPLANATIONS: Record<string, string> = {
  x: "λ grows in a straight line over the iteration.",
  "x^2": "λ grows slowly at first, then faster (quadratic).",
  "x^3": "λ stays small for longer, then rises steeply (cubic).",
  exp_custom: "λ grows exponentially from 0 to its maximum.",
  exp_custom_exponents:
    "λ stays near 0 for most of the iteration and shoots up at the end; a larger 'exponents' makes the rise later and sharper.",
};

export const HEAD_BUDGET_EXPLANATIONS: Record<string, string> = {
  density:
    "density: a layer keeps as many heads as its share of surviving weights suggests (plus the fill-back rate), as in Structure-LTH.",
  ratio: "ratio: every layer keeps the fraction (1 − rate) of its heads, whatever pruning left.",
};

export const TARGET_EXPLANATIONS: Record<string, string> = {
  head: "Attention heads are the units removed whole.",
  mlp: "MLP neurons are the units removed whole.",
  both: "Both attention heads and MLP neurons are removed whole.",
};

export const SORTING_EXPLANATIONS: Record<string, string> = {
  global: "global: the smallest weights of the whole network go first, so layers lose different amounts.",
  layerwise: "layerwise: every layer loses the same fraction of its weights.",
};

export const FIELD_HINTS: Record<string, string> = {
  rate: "Fraction of the remaining weights removed in each iteration.",
  pruningTimes: "How many train → prune → rewind rounds to run.",
  fillbackRate: "Extra share of the removed heads to give back when refilling (0 = none).",
  rewindEpoch:
    "0 rewinds to the initial weights; k rewinds to the weights after k epochs of the first round.",
  regGranularityPrune: "λmax: the strongest pull toward zero, reached at the end of an iteration.",
  exponents: "The exponent k of the exp_custom_exponents schedule.",
  criteriaBatches: "Test batches used to measure activation-based criteria.",
  decreasingLr: '"cosine", "none", or epochs where the learning rate drops ×0.1 ("6,9").',
  warmup: "Epochs of linearly rising learning rate at the start of each iteration.",
  backend: "auto tries WebGPU, then WebGL, WASM and CPU.",
};
