// Ablation ground truth for the importance criteria: how much the mean cross-entropy on the
// evaluation batches rises when one group alone is zeroed (its prunable slices and what it
// owns, see GroupSet.owned), with every other weight as trained under its mask.
//
// The evaluation batches are concatenated into one batch. The ViT's heads and neurons are
// ablated on stacked copies of it, several groups per forward pass (stackedAblation.ts); any
// other group set (ResNet channels, new sets) costs one masked forward pass per group. Only
// one vector per group set is read back.
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../data/batches";
import { groupIndicator } from "../groups";
import { crossEntropy } from "../train/loss";
import type { GroupSet, MaskSet, Model } from "../types";
import { stackedAblatedLosses, stacksOnActivation } from "./stackedAblation";

/** Sets of more groups than this are ablated only when asked to (heads always are). */
export const ABLATION_GROUP_LIMIT = 256;

export interface AblationOptions {
  /** Per set, whether each group is alive under `masks`; dead groups get null. */
  alive: Record<string, boolean[]>;
  /** Ablate every set, neuron and channel sets beyond ABLATION_GROUP_LIMIT and untargeted ones too. */
  ablateAll?: boolean;
  /**
   * Names of the sets refill ranks (vitPruneTarget's, a ResNet's channel sets). Neuron and
   * channel sets outside it are not ablated: their ranking decides nothing, and 512 MLP neurons
   * cost a pretrained ViT's first heatmap most of its wait. Absent: every set counts as targeted.
   */
  targeted?: ReadonlySet<string>;
  /** Stack copies per pass where the model allows it (default true; false forces the masked path). */
  stack?: boolean;
}

/**
 * Whether `set` is ablated: heads always; neurons and channels when refill ranks them and they
 * are at most ABLATION_GROUP_LIMIT, or with ablateAll.
 */
export function ablates(set: GroupSet, options: Pick<AblationOptions, "ablateAll" | "targeted">): boolean {
  if (set.kind === "head" || options.ablateAll) return true;
  return set.count <= ABLATION_GROUP_LIMIT && (options.targeted?.has(set.name) ?? true);
}

/**
 * Per ablated set, for each group g: mean CE with g zeroed − mean CE of `masks` as they are,
 * or null for a group that is already dead. Sets that are not ablated are left out.
 */
export function ablationDeltas(
  model: Model,
  masks: MaskSet,
  sets: GroupSet[],
  batches: Batch[],
  options: AblationOptions,
): Record<string, (number | null)[]> {
  const chosen = sets.filter((set) => ablates(set, options));
  if (chosen.length === 0 || batches.length === 0) return {};
  const x = tf.concat(batches.map((batch) => batch.x)) as tf.Tensor4D;
  const y = tf.concat(batches.map((batch) => batch.y)) as tf.Tensor1D;
  const meanLoss = (withMasks: MaskSet): tf.Scalar =>
    tf.tidy(() => crossEntropy(model.forward(x, { training: false, masks: withMasks }).logits, y));
  try {
    const base = meanLoss(masks);
    try {
      const deltas: Record<string, (number | null)[]> = {};
      for (const set of chosen) {
        const alive = options.alive[set.name] ?? new Array<boolean>(set.count).fill(true);
        const alivePositions = alive.flatMap((isAlive, g) => (isAlive ? [g] : []));
        const rises =
          (options.stack ?? true) && stacksOnActivation(model, set)
            ? tf.tidy(
                () =>
                  tf.sub(stackedAblatedLosses(model, masks, set, alivePositions, x, y), base) as tf.Tensor1D,
              )
            : maskedRises(model, masks, set, alivePositions, (ablated) => tf.sub(meanLoss(ablated), base));
        deltas[set.name] = spread(set.count, alivePositions, rises);
      }
      return deltas;
    } finally {
      base.dispose();
    }
  } finally {
    tf.dispose([x, y]);
  }
}

/** The rises of `groups`, each zeroed through its masks in a forward pass of its own, stacked. */
function maskedRises(
  model: Model,
  masks: MaskSet,
  set: GroupSet,
  groups: number[],
  rise: (ablated: MaskSet) => tf.Tensor,
): tf.Tensor1D {
  const everything: GroupSet = { ...set, slices: [...set.slices, ...(set.owned ?? [])] };
  const rises: tf.Tensor[] = [];
  try {
    for (const g of groups) {
      const indicator = groupIndicator(model.params, everything, oneHot(set.count, g));
      rises.push(tf.tidy(() => rise(zeroedMasks(model, masks, indicator))));
      tf.dispose(Object.values(indicator));
    }
    return rises.length === 0 ? tf.tensor1d([]) : (tf.stack(rises) as tf.Tensor1D);
  } finally {
    tf.dispose(rises);
  }
}

/** The rises read back and placed at their groups; null for the others. Disposes `rises`. */
function spread(count: number, groups: number[], rises: tf.Tensor1D): (number | null)[] {
  const values = rises.dataSync();
  rises.dispose();
  const deltas = new Array<number | null>(count).fill(null);
  groups.forEach((g, i) => {
    deltas[g] = values[i]!;
  });
  return deltas;
}

/** `masks` with the indicated entries zeroed; parameters without a mask start from ones. */
function zeroedMasks(model: Model, masks: MaskSet, indicator: Record<string, tf.Tensor>): MaskSet {
  const zeroed: MaskSet = { ...masks };
  for (const [param, ones] of Object.entries(indicator)) {
    const keep = tf.sub(1, ones);
    const mask = masks[param];
    zeroed[param] = mask === undefined ? keep : tf.mul(mask, keep);
    if (model.params[param] === undefined) throw new Error(`ablation: unknown parameter ${param}`);
  }
  return zeroed;
}

function oneHot(count: number, index: number): boolean[] {
  return Array.from({ length: count }, (_, i) => i === index);
}
