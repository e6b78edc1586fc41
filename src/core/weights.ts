// Snapshots of a model's state (for rewinding) and masks as plain tensors.
import * as tf from "@tensorflow/tfjs";
import type { MaskSet, Model } from "./types";

/** Copies of every parameter and buffer; the caller owns them. */
export type Snapshot = Record<string, tf.Tensor>;

export function snapshot(model: Model): Snapshot {
  const copy: Snapshot = {};
  for (const [name, v] of Object.entries({ ...model.params, ...model.buffers })) copy[name] = tf.clone(v);
  return copy;
}

export function restore(model: Model, from: Snapshot): void {
  for (const [name, v] of Object.entries({ ...model.params, ...model.buffers })) {
    const saved = from[name];
    if (saved) v.assign(saved);
  }
}

export function onesMasks(model: Model): MaskSet {
  const masks: MaskSet = {};
  for (const name of model.prunable) masks[name] = tf.onesLike(model.params[name]!);
  return masks;
}

/** Copies of every mask; the caller owns them. */
export function cloneMasks(masks: MaskSet): MaskSet {
  return Object.fromEntries(Object.entries(masks).map(([name, m]) => [name, tf.clone(m)]));
}

/** Disposes every tensor (or variable) of each record given; a null record is skipped. */
export function disposeAll(...records: (Record<string, tf.Tensor> | null | undefined)[]): void {
  for (const record of records) if (record) tf.dispose(Object.values(record));
}

/** Number of entries in all prunable weights. */
export function prunableCount(model: Model): number {
  return model.prunable.reduce((n, name) => n + model.params[name]!.size, 0);
}
