// Group sets as coupled slices (DESIGN.md §2 "Groups"): heads, MLP neurons and conv channels
// are all described by `GroupSet.slices`, so every function here serves the three alike.
// Group g of a set covers indices [offset + g·width, offset + (g+1)·width) along `axis` of
// each slice's parameter, across all other axes. Slices are assumed not to overlap.
import * as tf from "@tensorflow/tfjs";
import type { GroupSet, GroupSlice, MaskSet } from "./types";

/** Anything with a shape, keyed by parameter name (masks, weights). */
export type ShapedByName = Record<string, { shape: number[] }>;

/** Index range [start, end) of group `group` along `slice.axis`. */
export function groupRange(set: GroupSet, slice: GroupSlice, group: number): [number, number] {
  const start = slice.offset + group * set.width;
  return [start, start + set.width];
}

/** The entry of `record` named `name`, or an error naming the group set that needed it. */
export function lookup<T>(record: Record<string, T>, name: string, setName: string): T {
  const value = record[name];
  if (value === undefined) throw new Error(`group set "${setName}" touches "${name}", which is missing`);
  return value;
}

function checkSliceFits(set: GroupSet, slice: GroupSlice, shape: number[]): void {
  const length = shape[slice.axis];
  const end = slice.offset + set.count * set.width;
  if (length === undefined || end > length) {
    throw new Error(
      `group set "${set.name}": slice of "${slice.param}" along axis ${slice.axis} ends at ${end}, ` +
        `beyond shape [${shape.join(", ")}]`,
    );
  }
}

/** Entries of one group in one slice: width × the product of the other axes. */
function entriesPerGroupInSlice(set: GroupSet, shape: number[], axis: number): number {
  return shape.reduce((product, length, i) => (i === axis ? product : product * length), set.width);
}

/** Entries of each group over all its slices (the same for every group of a set). */
export function groupSize(params: ShapedByName, set: GroupSet): number {
  let size = 0;
  for (const slice of set.slices) {
    const shape = lookup(params, slice.param, set.name).shape;
    checkSliceFits(set, slice, shape);
    size += entriesPerGroupInSlice(set, shape, slice.axis);
  }
  return size;
}

/** Sums `t` over every axis except `axis`: a vector along `axis`. */
function sumAlongAxis(t: tf.Tensor, axis: number): tf.Tensor1D {
  const others = t.shape.map((_, i) => i).filter((i) => i !== axis);
  return (others.length === 0 ? t : tf.sum(t, others)) as tf.Tensor1D;
}

/**
 * Per group, Σ over its slices of `entries(param)`, a tensor shaped like the parameter.
 * The reduction runs on the backend; only one vector per slice comes back to JS.
 */
function sumOverGroups(set: GroupSet, entries: (param: string) => tf.Tensor): number[] {
  for (const slice of set.slices) checkSliceFits(set, slice, entries(slice.param).shape);
  const alongAxes = tf.tidy(() =>
    tf.concat(set.slices.map((slice) => sumAlongAxis(entries(slice.param), slice.axis))),
  );
  const values = alongAxes.dataSync();
  alongAxes.dispose();
  const totals = new Array<number>(set.count).fill(0);
  let base = 0;
  for (const slice of set.slices) {
    for (let g = 0; g < set.count; g++) {
      const [start, end] = groupRange(set, slice, g);
      for (let i = start; i < end; i++) totals[g]! += values[base + i]!;
    }
    base += entries(slice.param).shape[slice.axis]!;
  }
  return totals;
}

/** Ones of M in each group's slices. */
export function groupRemain(masks: MaskSet, set: GroupSet): number[] {
  return sumOverGroups(set, (param) => lookup(masks, param, set.name));
}

/** Share of each group's entries kept by M: remain / entries. */
export function groupDensity(masks: MaskSet, set: GroupSet): number[] {
  const size = groupSize(masks, set);
  return groupRemain(masks, set).map((ones) => ones / size);
}

/** Σ|w ⊙ m| over each group's slices. */
export function groupMagnitude(weights: Record<string, tf.Tensor>, masks: MaskSet, set: GroupSet): number[] {
  const product = new Map<string, tf.Tensor>();
  const maskedMagnitude = (param: string): tf.Tensor => {
    let t = product.get(param);
    if (t === undefined) {
      const w = lookup(weights, param, set.name);
      const m = lookup(masks, param, set.name);
      t = tf.tidy(() => tf.abs(tf.mul(w, m)));
      product.set(param, t);
    }
    return t;
  };
  try {
    return sumOverGroups(set, maskedMagnitude);
  } finally {
    for (const t of product.values()) t.dispose();
  }
}

/**
 * 0/1 tensors, one per parameter the set touches, shaped like that parameter: 1 over the
 * slices of every group g with `selected[g]`, 0 elsewhere. Caller owns the returned tensors.
 */
export function groupIndicator(
  params: ShapedByName,
  set: GroupSet,
  selected: boolean[],
): Record<string, tf.Tensor> {
  // One 0/1 vector per (parameter, axis); slices on the same axis (q, k, v thirds) share it.
  const vectors = new Map<string, { param: string; axis: number; values: Float32Array }>();
  for (const slice of set.slices) {
    const shape = lookup(params, slice.param, set.name).shape;
    checkSliceFits(set, slice, shape);
    const key = `${slice.param}\u0000${slice.axis}`;
    let entry = vectors.get(key);
    if (entry === undefined) {
      entry = { param: slice.param, axis: slice.axis, values: new Float32Array(shape[slice.axis]!) };
      vectors.set(key, entry);
    }
    for (let g = 0; g < set.count; g++) {
      if (selected[g]) entry.values.fill(1, ...groupRange(set, slice, g));
    }
  }
  return tf.tidy(() => {
    const indicator: Record<string, tf.Tensor> = {};
    for (const { param, axis, values } of vectors.values()) {
      const shape = lookup(params, param, set.name).shape;
      const broadcastShape = shape.map((length, i) => (i === axis ? length : 1));
      const full = tf.broadcastTo(tf.tensor(values, broadcastShape), shape);
      const previous = indicator[param];
      indicator[param] = previous === undefined ? full : tf.maximum(previous, full);
    }
    return indicator;
  });
}

/**
 * 0/1 masks over what the sets' groups own besides prunable weights (`GroupSet.owned`): 0 over
 * the owned slices of every group that is not `alive`, 1 elsewhere. One tensor per parameter
 * the sets own slices of, whether or not a group is dead (so the count of tensors a run holds
 * does not depend on which groups died). Caller owns them.
 */
export function ownedMask(params: ShapedByName, sets: GroupSet[], alive: Record<string, boolean[]>): MaskSet {
  const dead: Record<string, tf.Tensor> = {};
  for (const set of sets) {
    const setAlive = alive[set.name];
    if (!set.owned || set.owned.length === 0 || !setAlive) continue;
    const ownedOnly: GroupSet = { ...set, slices: set.owned };
    const indicator = groupIndicator(
      params,
      ownedOnly,
      setAlive.map((isAlive) => !isAlive),
    );
    for (const [param, t] of Object.entries(indicator)) {
      const previous = dead[param];
      if (previous === undefined) dead[param] = t;
      else {
        dead[param] = tf.maximum(previous, t);
        tf.dispose([previous, t]);
      }
    }
  }
  const masks: MaskSet = {};
  for (const [param, t] of Object.entries(dead)) {
    masks[param] = tf.sub(1, t);
    t.dispose();
  }
  return masks;
}

/** Per set, whether each group keeps any entry of `masks` (a group cut by R keeps none). */
export function aliveGroups(masks: MaskSet, sets: GroupSet[]): Record<string, boolean[]> {
  return Object.fromEntries(sets.map((set) => [set.name, groupRemain(masks, set).map((ones) => ones > 0)]));
}
