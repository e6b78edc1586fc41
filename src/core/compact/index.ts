// Compaction (structured sparsity made physical): see types.ts, vit.ts and resnet.ts.
import type { MaskSet, Model } from "../types";
import { compactResNet } from "./resnet";
import type { CompactModel } from "./types";
import { compactVit } from "./vit";

export { type CompactExport, compactEntries, encodeCompact } from "./export";
export { keptGroups } from "./kept";
export type { CompactModel } from "./types";

/**
 * The model without the groups that `masks` (typically R, the structure mask) zero entirely: ViT
 * heads and MLP neurons, ResNet block and residual-stream channels. Its forward gives the
 * masked model's logits in evaluation mode, with the dead groups' owned entries zeroed (as the
 * run loop cuts them). `imageShape` is the input size (a compacted ResNet accepts only that one).
 */
export function compactModel(
  model: Model,
  masks: MaskSet,
  imageShape: [number, number, number],
): CompactModel {
  return model.arch === "vit" ? compactVit(model, masks) : compactResNet(model, masks, imageShape);
}
