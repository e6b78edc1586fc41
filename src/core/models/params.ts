// Named parameters and the masked view of a prunable weight.
import * as tf from "@tensorflow/tfjs";
import type { MaskSet } from "../types";

export type ParamRecord = Record<string, tf.Variable>;

/** Registers `init` (consumed) as a variable under `name` in `record`. */
export function addVariable(record: ParamRecord, name: string, init: tf.Tensor, trainable: boolean): void {
  if (name in record) throw new Error(`duplicate parameter name ${name}`);
  // No tfjs variable name: those are global, and several models may live side by side.
  record[name] = tf.variable(init, trainable);
  init.dispose();
}

export function requireParam(record: ParamRecord, name: string): tf.Variable {
  const variable = record[name];
  if (variable === undefined) throw new Error(`unknown parameter ${name}`);
  return variable;
}

/**
 * `W ⊙ M` for a prunable weight; a missing mask means all ones (and returns the variable
 * itself, so release the result through tf.tidy, never by dispose()).
 */
export function maskedWeight(record: ParamRecord, masks: MaskSet, name: string): tf.Tensor {
  const weight = requireParam(record, name);
  const mask = masks[name];
  if (mask === undefined) return weight;
  return mask.shape.length === weight.shape.length ? maskProduct(weight, mask) : tf.mul(weight, mask);
}

/**
 * W ⊙ M with ∂W = ∂y ⊙ M, one tape entry with M saved: a taped tf.mul would clone both W and M
 * for its backward pass and cast M there again (six kernels per masked weight, now four).
 */
function maskProduct(weight: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [w, save] = inputs as [tf.Tensor, tf.GradSaveFunc];
    save([mask]);
    return {
      value: tf.mul(w, mask),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]!),
    };
  });
  return op(weight);
}

export function countEntries(record: ParamRecord): number {
  let total = 0;
  for (const variable of Object.values(record)) total += variable.size;
  return total;
}
