// What an iteration records about its trained weights besides accuracy: the ablation ground
// truth of every group, the class token's attention maps (ViT), and how well the criterion's
// importance ranks the groups as the ablation does.
import * as tf from "@tensorflow/tfjs";
import type { Batch, Batcher } from "../data/batches";
import { aliveGroups } from "../groups";
import type { AttentionRecord, GroupKind, GroupRecord, MaskSet, Model } from "../types";
import { ablationDeltas } from "./ablation";
import { classAttentionMaps } from "./attention";
import type { AttentionImageChoice } from "./attentionImages";
import { spearman } from "./spearman";

export interface TrainedAnalysis {
  /** Per ablated group set: Δ mean cross-entropy per group, null for dead groups. */
  ablation: Record<string, (number | null)[]>;
  /** ViT only, when images were chosen. */
  attention?: AttentionRecord;
}

/** Ablation and attention of the weights as trained under `trainingMasks`. */
export function analyzeTrained(
  model: Model,
  trainingMasks: MaskSet,
  batches: Batch[],
  batcher: Batcher,
  images: AttentionImageChoice,
  ablation: { ablateAll: boolean; targeted?: ReadonlySet<string> },
): TrainedAnalysis {
  const alive = aliveGroups(trainingMasks, model.groupSets);
  const deltas = ablationDeltas(model, trainingMasks, model.groupSets, batches, { alive, ...ablation });
  if (model.arch !== "vit" || images.testIndices.length === 0) return { ablation: deltas };
  const picked = images.testIndices.map((index) => batcher.testBatch(index, index + 1));
  const x = tf.concat(picked.map((batch) => batch.x)) as tf.Tensor4D;
  try {
    return {
      ablation: deltas,
      attention: { images: images.fileIndices, maps: classAttentionMaps(model, trainingMasks, x) },
    };
  } finally {
    tf.dispose([x, ...picked.flatMap((batch) => [batch.x, batch.y])]);
  }
}

/**
 * Per group kind, the mean over that kind's sets of Spearman's ρ between importance and
 * ablation (sets whose ρ is undefined are skipped; null when none is defined).
 */
export function criterionAgreement(
  groups: Record<string, GroupRecord>,
): Partial<Record<GroupKind, number | null>> {
  const perKind: Partial<Record<GroupKind, (number | null)[]>> = {};
  for (const group of Object.values(groups)) {
    if (!group.ablation) continue;
    const rho = spearman(group.importance, group.ablation);
    perKind[group.kind] = [...(perKind[group.kind] ?? []), rho];
  }
  const agreement: Partial<Record<GroupKind, number | null>> = {};
  for (const [kind, values] of Object.entries(perKind) as [GroupKind, (number | null)[]][]) {
    const defined = values.filter((rho): rho is number => rho !== null);
    agreement[kind] =
      defined.length === 0 ? null : defined.reduce((sum, rho) => sum + rho, 0) / defined.length;
  }
  return agreement;
}
