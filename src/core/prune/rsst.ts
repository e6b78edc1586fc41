// The RSST gradient term (DESIGN.md §2): λ·w added to the gradient of every weight with
// R = 0 and M = 1, an L2 pull toward zero on exactly the weights the structure will drop.
import * as tf from "@tensorflow/tfjs";
import type { MaskSet } from "../types";

/**
 * The coefficient (1 − R) ⊙ M per prunable weight, computed once per iteration so that each
 * step costs one multiply-add per weight. Caller owns the returned tensors.
 */
export function rsstPullMask(masks: MaskSet, refill: MaskSet): MaskSet {
  return tf.tidy(() => {
    const pull: MaskSet = {};
    for (const [name, mask] of Object.entries(masks)) {
      const r = refill[name];
      if (r === undefined) throw new Error(`rsstPullMask: no refill mask for "${name}"`);
      pull[name] = tf.mul(tf.sub(1, r), mask);
    }
    return pull;
  });
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
  refill: MaskSet,
  lambda: number,
): Record<string, tf.Tensor> {
  const pull = rsstPullMask(masks, refill);
  try {
    return addRsstPull(grads, weights, pull, lambda);
  } finally {
    for (const t of Object.values(pull)) t.dispose();
  }
}
