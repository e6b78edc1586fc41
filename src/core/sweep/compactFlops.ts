// The compacted model's FLOPs per image, from a run log alone: the final record's alive
// counts are the groups compaction keeps (both use the same rule, a group with any entry left
// in the final mask), and a ViT's FLOPs are linear in its heads and MLP neurons, whichever
// block they are in. A ResNet's channels cost differently per stage, and the final record
// counts them only in total: its compacted FLOPs cannot be told from the log.
// The count is vitFlopsPerSample's (models/vit.ts), written out here because that module loads
// tfjs, which the page's main thread must not; the tests hold the two to compaction's own count.
import type { RunLog } from "../types";

function imageShape(text: unknown): [number, number, number] | null {
  if (typeof text !== "string") return null;
  const parts = text.split("x").map(Number);
  if (parts.length !== 3 || !parts.every((n) => Number.isInteger(n) && n > 0)) return null;
  return [parts[0]!, parts[1]!, parts[2]!];
}

/** 2·MACs of one image through the final ticket compacted; null when the log cannot tell. */
export function compactFlopsOfLog(log: RunLog): number | null {
  const { config, final, env } = log;
  if (config.arch !== "vit" || !final) return null;
  const shape = imageShape(env.datasetShape);
  const numClasses = env.datasetClasses;
  if (!shape || typeof numClasses !== "number") return null;
  const { depth, embedDim: e, numHeads, mlpRatio, patchSize } = config.model;
  const [height, width, channels] = shape;
  if (height % patchSize !== 0 || width % patchSize !== 0 || e % numHeads !== 0) return null;
  const numPatches = (height / patchSize) * (width / patchSize);
  const hidden = Math.floor(e * mlpRatio);
  const heads = final.aliveGroups.head;
  const neurons = final.aliveGroups.neuron;
  if (heads === undefined || neurons === undefined) return null;
  const tokens = numPatches + 1;
  const headDim = e / numHeads;
  const block = tokens * e * 3 * e + 2 * tokens * tokens * e + tokens * e * e + 2 * tokens * e * hidden;
  const dense = numPatches * channels * patchSize * patchSize * e + depth * block + e * numClasses;
  // A head's q, k, v rows, its scores and weighted values, and its proj columns; a neuron's fc1 row and fc2 column.
  const headMacs = headDim * (3 * tokens * e + 2 * tokens * tokens + tokens * e);
  const neuronMacs = 2 * tokens * e;
  const removed = (depth * numHeads - heads) * headMacs + (depth * hidden - neurons) * neuronMacs;
  return 2 * (dense - removed);
}
