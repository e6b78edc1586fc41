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
  return mask === undefined ? weight : tf.mul(weight, mask);
}

export function countEntries(record: ParamRecord): number {
  let total = 0;
  for (const variable of Object.values(record)) total += variable.size;
  return total;
}
