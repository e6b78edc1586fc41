// R, the structure mask: the mask Refill builds from M, whole groups kept or dropped.
import * as tf from "@tensorflow/tfjs";
import type { MaskSet } from "../types";

/**
 * combine(M, R) for every weight of `masks`, in one tidy. `caller` names the function in the
 * error for a weight that R lacks. Caller owns the result.
 */
export function withStructureMask(
  caller: string,
  masks: MaskSet,
  structureMask: MaskSet,
  combine: (mask: tf.Tensor, structure: tf.Tensor) => tf.Tensor,
): MaskSet {
  return tf.tidy(() => {
    const result: MaskSet = {};
    for (const [name, mask] of Object.entries(masks)) {
      const structure = structureMask[name];
      if (structure === undefined) throw new Error(`${caller}: no structure mask for "${name}"`);
      result[name] = combine(mask, structure);
    }
    return result;
  });
}
