// Refill (DESIGN.md §2): per group set, keep the k most important groups whole and drop the
// rest, one function for heads, neurons and channels alike.
import * as tf from "@tensorflow/tfjs";
import { groupIndicator, groupRemain, groupSize } from "../groups";
import type { GroupSet, HeadBudget, MaskSet } from "../types";
import { withStructureMask } from "./structureMask";

export interface RefillOptions {
  rate: number;
  fillbackRate: number;
  headBudget: HeadBudget;
}

export interface RefillResult {
  /** R, the structure mask, for every parameter of the input masks (caller owns). */
  structureMask: MaskSet;
  /** Per group set: alive[g] is true when group g is kept whole in R. */
  alive: Record<string, boolean[]>;
  /** Per group set: share of each group's entries kept by M before refill. */
  density: Record<string, number[]>;
}

/**
 * Slack for floor(): ρ·n + fillbackRate·(n − ρ·n) is an integer in exact arithmetic in
 * cases like ρ = 1/7, n = 5, fillbackRate = 0.3 (exactly 2), yet evaluates to
 * 1.9999999999999998 in floating point. A true non-integer value sits at least
 * 1/(entries of the set) below the next integer, far above this slack for any model here.
 */
const FLOOR_SLACK = 1e-9;

/** k, the number of groups a set of `count` groups with overall density `density` keeps. */
export function keptGroupCount(density: number, count: number, options: RefillOptions): number {
  const target =
    options.headBudget === "density"
      ? density * count + options.fillbackRate * (count - density * count)
      : count * (1 - options.rate);
  return Math.min(count, Math.max(1, Math.floor(target + FLOOR_SLACK)));
}

/** alive[g] for the `k` groups of highest importance; ties go to the lower index. */
export function topGroups(importance: number[], k: number): boolean[] {
  const score = (g: number): number => {
    const value = importance[g]!;
    return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
  };
  const order = importance.map((_, g) => g).sort((a, b) => score(b) - score(a) || a - b);
  const alive = new Array<boolean>(importance.length).fill(false);
  for (const g of order.slice(0, k)) alive[g] = true;
  return alive;
}

/** Replaces each tensor of `into` by its elementwise maximum with the same-named one of `from`. */
function unionInto(into: Record<string, tf.Tensor>, from: Record<string, tf.Tensor>): void {
  for (const [name, t] of Object.entries(from)) {
    const previous = into[name];
    into[name] = previous === undefined ? t : tf.maximum(previous, t);
  }
}

/**
 * R from M: inside the slices of the targeted `sets`, each group is all ones (kept) or all
 * zeros (dropped) by its importance; everywhere else R = M. Pass only the targeted sets.
 */
export function refill(
  masks: MaskSet,
  sets: GroupSet[],
  importance: Record<string, number[]>,
  options: RefillOptions,
): RefillResult {
  const alive: Record<string, boolean[]> = {};
  const density: Record<string, number[]> = {};
  for (const set of sets) {
    const scores = importance[set.name];
    if (scores === undefined || scores.length !== set.count) {
      throw new Error(`refill: importance of "${set.name}" must have ${set.count} entries`);
    }
    const remain = groupRemain(masks, set);
    const size = groupSize(masks, set);
    const setDensity = remain.reduce((sum, ones) => sum + ones, 0) / (size * set.count);
    alive[set.name] = topGroups(scores, keptGroupCount(setDensity, set.count, options));
    density[set.name] = remain.map((ones) => ones / size);
  }
  const structureMask = tf.tidy(() => {
    const covered: Record<string, tf.Tensor> = {};
    const dropped: Record<string, tf.Tensor> = {};
    for (const set of sets) {
      const setAlive = alive[set.name]!;
      unionInto(
        covered,
        groupIndicator(
          masks,
          set,
          setAlive.map(() => true),
        ),
      );
      unionInto(
        dropped,
        groupIndicator(
          masks,
          set,
          setAlive.map((isAlive) => !isAlive),
        ),
      );
    }
    const result: MaskSet = {};
    for (const [name, mask] of Object.entries(masks)) {
      const inGroups = covered[name];
      const out = dropped[name];
      // R = M outside the slices; inside, 1 unless some group covering the entry is dropped.
      result[name] =
        inGroups === undefined || out === undefined
          ? mask.clone()
          : tf.sub(tf.add(tf.mul(mask, tf.sub(1, inGroups)), inGroups), out);
    }
    return result;
  });
  return { structureMask, alive, density };
}

/** The hard cut M ⊙ R: groups outside R zeroed, nothing re-filled. Caller owns the result. */
export function structuredCut(masks: MaskSet, structureMask: MaskSet): MaskSet {
  return withStructureMask("structuredCut", masks, structureMask, (mask, structure) =>
    tf.mul(mask, structure),
  );
}
