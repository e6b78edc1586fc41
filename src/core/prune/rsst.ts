// The RSST pull (DESIGN.md §2): an L2 pull toward zero on exactly the weights the structure
// will drop (R = 0, M = 1), and on what the cut groups own (BN γ/β, biases). With SGD it is
// λ·w added to the gradient; with AdamW it is decoupled, w ← w − lr·λ·w after the update.
import * as tf from "@tensorflow/tfjs";
import type { MaskSet, PullRecord } from "../types";
import { structuredCut } from "./refill";
import { withStructureMask } from "./structureMask";

/**
 * The coefficient (1 − R) ⊙ M per prunable weight, computed once per iteration so that each
 * step costs one multiply-add per weight. Caller owns the returned tensors.
 */
export function rsstPullMask(masks: MaskSet, structureMask: MaskSet): MaskSet {
  return withStructureMask("rsstPullMask", masks, structureMask, (mask, structure) =>
    tf.mul(tf.sub(1, structure), mask),
  );
}

/**
 * grads with g + λ·w·pull for every name in both `grads` and `pull`. Ownership: the result
 * holds NEW tensors (caller owns, dispose them) exactly for the names of `pull` present in
 * `grads`; every other entry is the input tensor itself. Inputs are never disposed.
 */
export function addRsstPull(
  grads: Record<string, tf.Tensor>,
  weights: Record<string, tf.Tensor>,
  pull: MaskSet,
  lambda: number,
): Record<string, tf.Tensor> {
  const result: Record<string, tf.Tensor> = { ...grads };
  tf.tidy(() => {
    const strength = tf.scalar(lambda);
    for (const [name, g] of Object.entries(grads)) {
      const coefficient = pull[name];
      if (coefficient === undefined) continue;
      const w = weights[name];
      if (w === undefined) throw new Error(`addRsstPull: no weight for "${name}"`);
      result[name] = tf.keep(tf.add(g, tf.mul(tf.mul(w, coefficient), strength)));
    }
  });
  return result;
}

/**
 * grads + λ·w·(1 − R)·M for every prunable name (the names of `masks`); same ownership as
 * `addRsstPull`. Prefer `rsstPullMask` once per iteration plus `addRsstPull` per step.
 */
export function addRsstTerm(
  grads: Record<string, tf.Tensor>,
  weights: Record<string, tf.Tensor>,
  masks: MaskSet,
  structureMask: MaskSet,
  lambda: number,
): Record<string, tf.Tensor> {
  const pull = rsstPullMask(masks, structureMask);
  try {
    return addRsstPull(grads, weights, pull, lambda);
  } finally {
    for (const t of Object.values(pull)) t.dispose();
  }
}

/** The decoupled pull: w ← w − strength·w on the pulled entries (strength = lr·λ), in place. */
export function decayPulled(params: Record<string, tf.Variable>, pull: MaskSet, strength: number): void {
  tf.tidy(() => {
    for (const [name, coefficient] of Object.entries(pull)) {
      const w = params[name];
      if (w === undefined) throw new Error(`decayPulled: no weight for "${name}"`);
      w.assign(tf.sub(w, tf.mul(tf.mul(w, coefficient), strength)));
    }
  });
}

/** What one RSST iteration pulls, and the entries it keeps, to measure the pull by. */
export interface RsstPull {
  /** Pull coefficients: (1 − R) ⊙ M on prunable weights, 1 − owned on what cut groups own. */
  coefficient: MaskSet;
  /** R ⊙ M on the prunable weights: the weights the structure keeps. */
  kept: MaskSet;
  /** Names of the prunable weights among `coefficient`'s. */
  prunable: string[];
}

/** The pull toward R for an iteration trained under M; `owned` is the owned mask of R's cut groups. */
export function rsstPullOf(masks: MaskSet, structureMask: MaskSet, owned: MaskSet): RsstPull {
  const coefficient = rsstPullMask(masks, structureMask);
  tf.tidy(() => {
    for (const [name, keep] of Object.entries(owned)) coefficient[name] = tf.keep(tf.sub(1, keep));
  });
  const kept = structuredCut(masks, structureMask);
  return { coefficient, kept, prunable: Object.keys(masks) };
}

export function disposePull(pull: RsstPull): void {
  tf.dispose([...Object.values(pull.coefficient), ...Object.values(pull.kept)]);
}

/** Mean |w| of the pulled (R = 0, M = 1) and of the kept (R = 1, M = 1) prunable weights. */
export function measurePull(weights: Record<string, tf.Tensor>, pull: RsstPull): PullRecord {
  const sums = tf.tidy(() => {
    const parts = pull.prunable.flatMap((name) => {
      const magnitude = tf.abs(weights[name]!);
      const pulled = pull.coefficient[name]!;
      const kept = pull.kept[name]!;
      return [
        tf.sum(tf.mul(magnitude, pulled)),
        tf.sum(pulled),
        tf.sum(tf.mul(magnitude, kept)),
        tf.sum(kept),
      ];
    });
    return tf.sum(tf.reshape(tf.stack(parts), [-1, 4]), 0);
  });
  const [pulledSum, pulledCount, keptSum, keptCount] = sums.dataSync();
  sums.dispose();
  return {
    pulled: pulledCount! > 0 ? pulledSum! / pulledCount! : 0,
    kept: keptCount! > 0 ? keptSum! / keptCount! : 0,
  };
}
