// Which groups survive a structured mask, and the entries of a tensor that they cover.
import * as tf from "@tensorflow/tfjs";
import { groupRange, groupRemain } from "../groups";
import type { GroupSet, MaskSet } from "../types";

/**
 * Groups of `set` with at least one entry kept by `masks` (all-zero groups are removed). A
 * parameter without a mask is all ones: then every group is kept.
 */
export function keptGroups(masks: MaskSet, set: GroupSet): number[] {
  if (set.slices.some((slice) => masks[slice.param] === undefined)) {
    return Array.from({ length: set.count }, (_, g) => g);
  }
  return groupRemain(masks, set).flatMap((ones, g) => (ones > 0 ? [g] : []));
}

/**
 * Indices along each (parameter, axis) that the kept groups cover, over all slices of the
 * sets: e.g. the q, k and v rows of the kept heads of qkv.weight, in increasing order.
 */
export function keptIndices(
  sets: GroupSet[],
  kept: Record<string, number[]>,
): Map<string, Map<number, number[]>> {
  const byParam = new Map<string, Map<number, number[]>>();
  for (const set of sets) {
    const groups = kept[set.name] ?? [];
    for (const slice of set.slices) {
      const byAxis = byParam.get(slice.param) ?? new Map<number, number[]>();
      const indices = byAxis.get(slice.axis) ?? [];
      for (const g of groups) {
        const [start, end] = groupRange(set, slice, g);
        for (let i = start; i < end; i++) indices.push(i);
      }
      byAxis.set(
        slice.axis,
        indices.sort((a, b) => a - b),
      );
      byParam.set(slice.param, byAxis);
    }
  }
  return byParam;
}

/** t restricted to `indices` along `axis` (possibly none). Caller owns the result. */
export function takeAlong(t: tf.Tensor, axis: number, indices: number[]): tf.Tensor {
  if (indices.length === 0) return tf.zeros(t.shape.map((length, i) => (i === axis ? 0 : length)));
  return tf.gather(t, tf.tensor1d(indices, "int32"), axis);
}
