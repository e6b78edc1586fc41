// Per-group statistics of group-set activations (DESIGN.md §2 criteria l1, l2, saliency).
// A set's activation has its last axis split into `count` runs of `width` entries.
import * as tf from "@tensorflow/tfjs";
import type { GroupSet } from "../types";

/** The activation of `set` among a forward pass's activations, checked against the set. */
export function activationOf(activations: Record<string, tf.Tensor>, set: GroupSet): tf.Tensor {
  const activation = activations[set.name];
  if (activation === undefined) throw new Error(`the forward pass returned no activation for "${set.name}"`);
  const last = activation.shape[activation.rank - 1];
  if (last !== set.count * set.width) {
    throw new Error(
      `activation of "${set.name}" ends in ${last} entries, expected count·width = ${set.count * set.width}`,
    );
  }
  return activation;
}

/**
 * Reduces `entries` (shaped like the set's activation) to one value per group, over the
 * batch, tokens or positions and the group's width entries. Returns a [count] tensor.
 */
export function perGroup(entries: tf.Tensor, set: GroupSet, reduce: "mean" | "sum"): tf.Tensor1D {
  return tf.tidy(() => {
    const runs = tf.reshape(entries, [-1, set.count, set.width]);
    return (reduce === "mean" ? tf.mean(runs, [0, 2]) : tf.sum(runs, [0, 2])) as tf.Tensor1D;
  });
}

/**
 * Reads one [count] vector per set back to JS in a single transfer, keyed by set name.
 * Disposes the vectors.
 */
export function readPerSet(sets: GroupSet[], vectors: tf.Tensor1D[]): Record<string, number[]> {
  const joined = tf.concat(vectors);
  const values = joined.dataSync();
  joined.dispose();
  for (const v of vectors) v.dispose();
  const result: Record<string, number[]> = {};
  let base = 0;
  for (const set of sets) {
    result[set.name] = Array.from(values.subarray(base, base + set.count));
    base += set.count;
  }
  return result;
}
