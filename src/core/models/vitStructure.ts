// The ViT's pruning structure (DESIGN.md §2) and its analytic cost; pure bookkeeping.
import type { GroupSet } from "../types";

export interface VitDims {
  depth: number;
  embedDim: number;
  numHeads: number;
  /** MLP hidden width, floor(embedDim·mlpRatio) as timm. */
  hidden: number;
  patchSize: number;
  channels: number;
  /** Patches per image (tokens without the class token). */
  numPatches: number;
  numClasses: number;
}

export function vitPrunable(depth: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < depth; i++) {
    const block = `blocks.${i}`;
    names.push(`${block}.attn.qkv.weight`, `${block}.attn.proj.weight`);
    names.push(`${block}.mlp.fc1.weight`, `${block}.mlp.fc2.weight`);
  }
  return names;
}

/** Per block: its heads (q, k, v rows and proj columns), then its MLP neurons. */
export function vitGroupSets(dims: VitDims): GroupSet[] {
  const { embedDim, numHeads, hidden } = dims;
  const sets: GroupSet[] = [];
  for (let i = 0; i < dims.depth; i++) {
    const qkv = `blocks.${i}.attn.qkv.weight`;
    sets.push({
      name: `blocks.${i}.attn`,
      kind: "head",
      count: numHeads,
      width: embedDim / numHeads,
      slices: [
        { param: qkv, axis: 0, offset: 0 },
        { param: qkv, axis: 0, offset: embedDim },
        { param: qkv, axis: 0, offset: 2 * embedDim },
        { param: `blocks.${i}.attn.proj.weight`, axis: 1, offset: 0 },
      ],
      owned: [0, embedDim, 2 * embedDim].map((offset) => ({
        param: `blocks.${i}.attn.qkv.bias`,
        axis: 0,
        offset,
      })),
    });
    sets.push({
      name: `blocks.${i}.mlp`,
      kind: "neuron",
      count: hidden,
      width: 1,
      slices: [
        { param: `blocks.${i}.mlp.fc1.weight`, axis: 0, offset: 0 },
        { param: `blocks.${i}.mlp.fc2.weight`, axis: 1, offset: 0 },
      ],
      owned: [{ param: `blocks.${i}.mlp.fc1.bias`, axis: 0, offset: 0 }],
    });
  }
  return sets;
}

/** 2·MACs of every matMul of one sample: patch embedding, q/k/v, scores, values, proj, MLP, head. */
export function vitFlopsPerSample(dims: VitDims): number {
  const { embedDim: e, hidden: h, numPatches: n } = dims;
  const tokens = n + 1;
  const patchEmbed = n * dims.channels * dims.patchSize * dims.patchSize * e;
  const attention = tokens * e * 3 * e + 2 * tokens * tokens * e + tokens * e * e;
  const mlp = 2 * tokens * e * h;
  const head = e * dims.numClasses;
  return 2 * (patchEmbed + dims.depth * (attention + mlp) + head);
}
