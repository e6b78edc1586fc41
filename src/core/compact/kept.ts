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

/**
 * t restricted to `indices` along `axis` (possibly none), gathered in JS into a new tensor.
 * Why not tf.gather: on WASM a gather's output keeps the buffer shape it was computed in
 * (rank 4), and WASM's fused matMul rejects such a tensor as a bias. Caller owns the result.
 */
export function takeAlong(t: tf.Tensor, axis: number, indices: number[]): tf.Tensor {
  const shape = t.shape.map((length, i) => (i === axis ? indices.length : length));
  const inner = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const length = t.shape[axis] ?? 1;
  const outer = t.size / (length * inner);
  const source = t.dataSync();
  const out = new Float32Array(outer * indices.length * inner);
  let offset = 0;
  for (let o = 0; o < outer; o++) {
    for (const index of indices) {
      const start = (o * length + index) * inner;
      out.set(source.subarray(start, start + inner), offset);
      offset += inner;
    }
  }
  return tf.tensor(out, shape);
}
