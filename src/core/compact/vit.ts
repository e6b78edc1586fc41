// Compaction of a ViT: the removed heads leave qkv (their q, k and v rows and biases) and proj
// (their columns), the removed MLP neurons leave fc1 (rows and bias) and fc2 (columns). The
// forward pass is the model's own (models/vit.ts), reading the narrower tensors.
import * as tf from "@tensorflow/tfjs";
import { passThrough, type VitGeometry, vitLogits } from "../models/vit";
import type { MaskSet, Model } from "../types";
import { keptGroups, keptIndices, takeAlong } from "./kept";
import type { CompactModel } from "./types";

/** The model's layout, read off its parameters and head groups. */
function geometryOf(model: Model): VitGeometry {
  const shape = (name: string) => {
    const p = model.params[name];
    if (p === undefined) throw new Error(`compact: the ViT has no parameter "${name}"`);
    return p.shape;
  };
  const heads = model.groupSets.find((set) => set.kind === "head");
  const [embedDim = 0, , patchSize = 0] = shape("patch_embed.proj.weight");
  return {
    depth: model.groupSets.filter((set) => set.kind === "head").length,
    embedDim,
    headDim: heads?.width ?? embedDim,
    patchSize,
    numPatches: (shape("pos_embed")[1] ?? 1) - 1,
  };
}

/** 2·MACs of one sample, from the (compacted) tensor shapes. */
function flopsOf(params: Record<string, tf.Tensor>, geometry: VitGeometry): number {
  const rowsOf = (name: string) => params[name]?.shape[0] ?? 0;
  const tokens = geometry.numPatches + 1;
  const e = geometry.embedDim;
  const patchPixels = (params["patch_embed.proj.weight"]?.size ?? 0) / e;
  let macs = geometry.numPatches * patchPixels * e + e * rowsOf("head.weight");
  for (let i = 0; i < geometry.depth; i++) {
    const width = rowsOf(`blocks.${i}.attn.qkv.weight`) / 3;
    const hidden = rowsOf(`blocks.${i}.mlp.fc1.weight`);
    macs +=
      tokens * e * 3 * width + 2 * tokens * tokens * width + tokens * width * e + 2 * tokens * e * hidden;
  }
  return 2 * macs;
}

/**
 * The ViT without the heads and neurons that `masks` zero entirely, with W ⊙ M for what stays.
 * Its logits equal model.forward(x, { training: false, masks }): a removed head's value rows
 * are zero, so it adds bias_v times zero proj columns; a removed neuron adds gelu(bias) times a
 * zero fc2 column. Caller owns the result (dispose()).
 */
export function compactVit(model: Model, masks: MaskSet): CompactModel {
  const geometry = geometryOf(model);
  const sets = model.groupSets.filter((set) => set.kind === "head" || set.kind === "neuron");
  const kept = Object.fromEntries(sets.map((set) => [set.name, keptGroups(masks, set)]));
  const indices = keptIndices(sets, kept);
  const params = tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, variable] of Object.entries(model.params)) {
      const mask = masks[name];
      let t: tf.Tensor = mask === undefined ? variable : tf.mul(variable, mask);
      for (const [axis, along] of indices.get(name) ?? []) t = takeAlong(t, axis, along);
      out[name] = tf.keep(t === variable ? tf.clone(variable) : t);
    }
    // A linear's bias follows its weight's output rows.
    for (const [name, byAxis] of indices) {
      const rows = byAxis.get(0);
      const biasName = name.replace(/\.weight$/, ".bias");
      const bias = model.params[biasName];
      if (rows === undefined || biasName === name || bias === undefined) continue;
      out[biasName]?.dispose();
      out[biasName] = tf.keep(takeAlong(bias, 0, rows));
    }
    return out;
  });
  const paramCount = Object.values(params).reduce((sum, t) => sum + t.size, 0);
  const get = (name: string) => {
    const t = params[name];
    if (t === undefined) throw new Error(`compact ViT: no tensor "${name}"`);
    return t;
  };
  return {
    arch: "vit",
    params,
    buffers: {},
    kept,
    torchPermutation: {},
    paramCount,
    flopsPerSample: flopsOf(params, geometry),
    forward: (x) => tf.tidy(() => vitLogits(x, geometry, get, passThrough)),
    dispose: () => tf.dispose(Object.values(params)),
  };
}
