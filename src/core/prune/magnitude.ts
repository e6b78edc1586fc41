// Unstructured magnitude pruning of the mask M (DESIGN.md §2 "Global magnitude pruning").
import * as tf from "@tensorflow/tfjs";
import type { MaskSet, SortingMode } from "../types";
import { kthSmallest } from "./select";

/**
 * How many of `kept` entries a pruning step at `rate` removes: round(rate · kept) with ties to
 * even, as PyTorch's `prune` computes it for a float amount (Python's `round`; it too counts
 * only unpruned entries): 15 × 0.3 = 4.5 prunes 4.
 */
export function pruneCount(rate: number, kept: number): number {
  return Math.min(kept, Math.max(0, roundHalfToEven(rate * kept)));
}

function roundHalfToEven(x: number): number {
  const nearest = Math.round(x);
  const isTie = Math.abs(x - Math.trunc(x)) === 0.5;
  return isTie && nearest % 2 !== 0 ? nearest - 1 : nearest;
}

/** One tensor's |w| and its mask as flat arrays; `keep` is rewritten in place. */
interface Pool {
  magnitude: Float32Array;
  keep: Float32Array;
}

/**
 * Zeroes, in place, the `count` kept entries with the smallest magnitude across `pools`.
 * Ties at the threshold go to the lower flat index, earlier pool first.
 */
function pruneSmallest(pools: Pool[], count: number): void {
  if (count <= 0) return;
  const keptMagnitudes = new Float32Array(pools.reduce((sum, pool) => sum + keptCount(pool), 0));
  let filled = 0;
  for (const { magnitude, keep } of pools) {
    for (let i = 0; i < keep.length; i++) if (keep[i] === 1) keptMagnitudes[filled++] = magnitude[i]!;
  }
  const threshold = kthSmallest(keptMagnitudes, count - 1);
  let below = 0;
  for (const value of keptMagnitudes) if (value < threshold) below++;
  let tiesToPrune = count - below;
  for (const { magnitude, keep } of pools) {
    for (let i = 0; i < keep.length; i++) {
      if (keep[i] !== 1) continue;
      const value = magnitude[i]!;
      if (value < threshold) keep[i] = 0;
      else if (value === threshold && tiesToPrune > 0) {
        keep[i] = 0;
        tiesToPrune--;
      }
    }
  }
}

/** |w| and 0/1 keep flags as flat arrays (plain loops: typed-array `from` with a map is slow). */
function readPool(name: string, weight: tf.Tensor, mask: tf.Tensor): Pool {
  const w = weight.dataSync();
  const m = mask.dataSync();
  if (w.length !== m.length)
    throw new Error(`magnitudePrune: "${name}" has ${w.length} weights, ${m.length} mask entries`);
  const magnitude = new Float32Array(w.length);
  const keep = new Float32Array(m.length);
  for (let i = 0; i < w.length; i++) {
    magnitude[i] = Math.abs(w[i]!);
    keep[i] = m[i]! > 0.5 ? 1 : 0;
  }
  return { magnitude, keep };
}

function keptCount(pool: Pool): number {
  let kept = 0;
  for (const value of pool.keep) kept += value;
  return kept;
}

/**
 * Magnitude pruning: among the entries still kept by `masks`, zero the `rate` fraction
 * (see `pruneCount`) with the smallest |w|, ranked across all tensors together ("global")
 * or inside each tensor ("layerwise"). The tensors are those of `masks`, in its key order.
 * Returns new masks (caller owns); the inputs are untouched.
 */
export function magnitudePrune(
  weights: Record<string, tf.Tensor>,
  masks: MaskSet,
  rate: number,
  mode: SortingMode,
): MaskSet {
  const names = Object.keys(masks);
  const pools: Pool[] = names.map((name) => {
    const weight = weights[name];
    if (weight === undefined) throw new Error(`magnitudePrune: no weight for mask "${name}"`);
    return readPool(name, weight, masks[name]!);
  });
  if (mode === "global") {
    pruneSmallest(
      pools,
      pruneCount(
        rate,
        pools.reduce((sum, pool) => sum + keptCount(pool), 0),
      ),
    );
  } else {
    for (const pool of pools) pruneSmallest([pool], pruneCount(rate, keptCount(pool)));
  }
  return Object.fromEntries(names.map((name, i) => [name, tf.tensor(pools[i]!.keep, masks[name]!.shape)]));
}

/** Zeros of M / entries, overall and per tensor. */
export function maskSparsity(masks: MaskSet): { overall: number; layers: Record<string, number> } {
  const names = Object.keys(masks);
  if (names.length === 0) return { overall: 0, layers: {} };
  const onesTensor = tf.tidy(() => tf.stack(names.map((name) => tf.sum(masks[name]!))));
  const ones = onesTensor.dataSync();
  onesTensor.dispose();
  const layers: Record<string, number> = {};
  let zeros = 0;
  let entries = 0;
  names.forEach((name, i) => {
    const size = masks[name]!.size;
    layers[name] = size === 0 ? 0 : (size - ones[i]!) / size;
    zeros += size - ones[i]!;
    entries += size;
  });
  return { overall: entries === 0 ? 0 : zeros / entries, layers };
}
