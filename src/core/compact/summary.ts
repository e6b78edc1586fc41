// What compaction buys at the end of a run (issue 6): the pruned model made physically smaller,
// its parameters, FLOPs and measured inference latency against the masked-dense model it
// replaces, and its weights as a safetensors file.
import * as tf from "@tensorflow/tfjs";
import type { RunCheckpoint } from "../experiment";
import { structuredCut } from "../prune/refill";
import type { Arch, GroupKind, MaskSet, Model } from "../types";
import { cloneMasks, disposeAll } from "../weights";
import { encodeCompact } from "./export";
import { compactModel } from "./index";
import type { CompactModel } from "./types";

export interface GroupCount {
  /** Groups physically removed (a ResNet's "channel" counts block and residual channels alike). */
  removed: number;
  /** Groups of this kind in the model. */
  total: number;
}

export interface InferenceLatency {
  backend: string;
  batchSize: number;
  /** Median milliseconds of one forward pass of the batch, logits read back. */
  maskedMs: number;
  compactMs: number;
  /** maskedMs / compactMs */
  speedup: number;
}

export interface CompactionSummary {
  arch: Arch;
  /** Trainable entries of the dense model, which the masked model still stores and multiplies. */
  denseParams: number;
  compactParams: number;
  /** 2·MACs of one sample's forward pass. */
  denseFlopsPerSample: number;
  compactFlopsPerSample: number;
  /** Per kind of group: how many the compaction removed, of all in the model. */
  groups: Partial<Record<GroupKind, GroupCount>>;
  latency: InferenceLatency;
}

export interface CompactionResult {
  summary: CompactionSummary;
  /** The compacted weights (encodeCompact): PyTorch names and layout, kept indices in the metadata. */
  safetensors: Uint8Array;
}

export interface LatencyOptions {
  batchSize: number;
  /** Untimed passes of each model first (kernel compilation, allocation). */
  warmup: number;
  /** Timed passes of each model, alternating between the two. */
  repeats: number;
}

export const DEFAULT_LATENCY: LatencyOptions = { batchSize: 64, warmup: 2, repeats: 7 };

/** The middle value, or the mean of the two middle values of an even count. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds of `forward`, its result read back (so asynchronous backends have finished). */
async function timed(forward: () => tf.Tensor): Promise<number> {
  const start = tf.util.now();
  const logits = forward();
  await logits.data();
  const elapsed = tf.util.now() - start;
  logits.dispose();
  return elapsed;
}

function groupCounts(model: Model, compact: CompactModel): Partial<Record<GroupKind, GroupCount>> {
  const counts: Partial<Record<GroupKind, GroupCount>> = {};
  for (const set of model.groupSets) {
    const kept = compact.kept[set.name];
    if (kept === undefined) continue;
    const count = counts[set.kind] ?? { removed: 0, total: 0 };
    counts[set.kind] = { removed: count.removed + set.count - kept.length, total: count.total + set.count };
  }
  return counts;
}

/**
 * Params, FLOPs and inference latency of `compact` against `model` under `masks` (the masks
 * `compact` was made with), on the current backend, with a seeded random batch.
 */
export async function measureCompaction(
  model: Model,
  masks: MaskSet,
  compact: CompactModel,
  imageShape: [number, number, number],
  options: LatencyOptions = DEFAULT_LATENCY,
): Promise<CompactionSummary> {
  const x = tf.randomNormal([options.batchSize, ...imageShape], 0, 1, "float32", 1) as tf.Tensor4D;
  const masked = () => tf.tidy(() => model.forward(x, { training: false, masks }).logits);
  const compacted = () => compact.forward(x);
  const maskedTimes: number[] = [];
  const compactTimes: number[] = [];
  try {
    for (let i = 0; i < options.warmup; i++) {
      await timed(masked);
      await timed(compacted);
    }
    for (let i = 0; i < options.repeats; i++) {
      maskedTimes.push(await timed(masked));
      compactTimes.push(await timed(compacted));
    }
  } finally {
    x.dispose();
  }
  const maskedMs = median(maskedTimes);
  const compactMs = median(compactTimes);
  return {
    arch: model.arch,
    denseParams: Object.values(model.params).reduce((sum, p) => sum + p.size, 0),
    compactParams: compact.paramCount,
    denseFlopsPerSample: model.flopsPerSample,
    compactFlopsPerSample: compact.flopsPerSample,
    groups: groupCounts(model, compact),
    latency: {
      backend: tf.getBackend(),
      batchSize: options.batchSize,
      maskedMs,
      compactMs,
      speedup: maskedMs / compactMs,
    },
  };
}

/**
 * The structured model of a checkpoint, compacted, measured and encoded: for an iteration, its
 * trained weights under the mask they were trained with and every group outside R cut (as its
 * "structured" accuracy was measured); for the final ticket, its weights under the final mask.
 * Call it inside onCheckpoint, while the checkpoint is valid.
 */
export async function compactCheckpoint(
  checkpoint: RunCheckpoint,
  imageShape: [number, number, number],
  options: LatencyOptions = DEFAULT_LATENCY,
): Promise<CompactionResult> {
  const masks =
    checkpoint.kind === "final"
      ? cloneMasks(checkpoint.masks)
      : structuredCut(checkpoint.trainedMasks, checkpoint.structureMask);
  const compact = compactModel(checkpoint.model, masks, imageShape);
  try {
    const summary = await measureCompaction(checkpoint.model, masks, compact, imageShape, options);
    return { summary, safetensors: encodeCompact(compact) };
  } finally {
    compact.dispose();
    disposeAll(masks);
  }
}
