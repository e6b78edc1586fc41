// Importance of every group under one criterion (DESIGN.md §2), measured on the weights as
// the model uses them (W ⊙ M) or on evaluation batches in eval mode.
import * as tf from "@tensorflow/tfjs";
import { groupMagnitude, groupRemain } from "../groups";
import type { Criterion, GroupSet, MaskSet, Model } from "../types";
import { activationOf, perGroup, readPerSet } from "./activations";
import { batchSaliency } from "./saliency";

export interface EvaluationBatch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
}

function addInto(total: Record<string, number[]>, batch: Record<string, number[]>): void {
  for (const [name, values] of Object.entries(batch)) {
    const sum = total[name] ?? new Array<number>(values.length).fill(0);
    total[name] = sum.map((s, g) => s + values[g]!);
  }
}

function mapValues(record: Record<string, number[]>, f: (value: number) => number): Record<string, number[]> {
  return Object.fromEntries(Object.entries(record).map(([name, values]) => [name, values.map(f)]));
}

/** Per batch, mean |a| ("l1") or mean a² ("l2") of each group's activation. */
function batchActivationMeans(
  model: Model,
  masks: MaskSet,
  sets: GroupSet[],
  x: tf.Tensor4D,
  statistic: "l1" | "l2",
): Record<string, number[]> {
  const vectors = tf.tidy(() => {
    const { activations } = model.forward(x, { training: false, masks, collect: true });
    return sets.map((set) => {
      const a = activationOf(activations, set);
      return perGroup(statistic === "l1" ? tf.abs(a) : tf.square(a), set, "mean");
    });
  });
  return readPerSet(sets, vectors);
}

/**
 * Importance of each group of `sets`, keyed by set name. remain: ones of M in the group's
 * slices; magnitude: Σ|w ⊙ m|; l1: mean |a|, averaged over batches; l2: sqrt of mean a²
 * averaged over batches; saliency: Σ|a ⊙ ∂L/∂a| summed over batches (L the mean softmax
 * cross-entropy of the batch). Activations come from forward passes with training: false.
 */
export function measureImportance(
  model: Model,
  masks: MaskSet,
  sets: GroupSet[],
  criterion: Criterion,
  batches: EvaluationBatch[],
): Record<string, number[]> {
  if (sets.length === 0) return {};
  if (criterion === "remain") {
    return Object.fromEntries(sets.map((set) => [set.name, groupRemain(masks, set)]));
  }
  if (criterion === "magnitude") {
    return Object.fromEntries(sets.map((set) => [set.name, groupMagnitude(model.params, masks, set)]));
  }
  if (batches.length === 0) throw new Error(`criterion "${criterion}" needs at least one evaluation batch`);
  const total: Record<string, number[]> = {};
  for (const { x, y } of batches) {
    addInto(
      total,
      criterion === "saliency"
        ? batchSaliency(model, masks, sets, x, y)
        : batchActivationMeans(model, masks, sets, x, criterion),
    );
  }
  if (criterion === "saliency") return total;
  const averaged = mapValues(total, (sum) => sum / batches.length);
  return criterion === "l2" ? mapValues(averaged, Math.sqrt) : averaged;
}
