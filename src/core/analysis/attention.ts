// The class token's attention over the patches, per block and head, of the ViT as trained
// under its masks: the softmax row of the class-token query with its weight on itself left
// out (so a row sums to 1 minus that weight).
import * as tf from "@tensorflow/tfjs";
import { maskedWeight } from "../models/params";
import { passThrough, type VitGeometry, vitLogits } from "../models/vit";
import type { MaskSet, Model } from "../types";

/** The ViT's geometry read off its parameter shapes and head sets. */
export function vitGeometryOf(model: Model): VitGeometry {
  const param = (name: string) => {
    const p = model.params[name];
    if (p === undefined) throw new Error(`attention maps: the model has no ${name}`);
    return p;
  };
  const headSets = model.groupSets.filter((set) => set.kind === "head");
  const headSet = headSets[0];
  if (model.arch !== "vit" || headSet === undefined) throw new Error("attention maps need a ViT");
  return {
    depth: headSets.length,
    embedDim: param("cls_token").shape[2]!,
    headDim: headSet.width,
    patchSize: param("patch_embed.proj.weight").shape[2]!,
    numPatches: param("pos_embed").shape[1]! - 1,
  };
}

/** Per attention set ("blocks.i.attn"): [image][head][patch] for the images x [N, H, W, C]. */
export function classAttentionMaps(
  model: Model,
  masks: MaskSet,
  x: tf.Tensor4D,
): Record<string, number[][][]> {
  const geometry = vitGeometryOf(model);
  const rows = tf.tidy(() => {
    const collected: Record<string, tf.Tensor> = {};
    const get = (name: string) => maskedWeight(model.params, masks, name);
    vitLogits(x, geometry, get, passThrough, (name, attention) => {
      const [batch, heads, tokens] = attention.shape;
      collected[name] = tf.slice(attention, [0, 0, 1], [batch, heads, tokens - 1]);
    });
    return collected;
  });
  try {
    const maps: Record<string, number[][][]> = {};
    for (const [name, t] of Object.entries(rows)) maps[name] = t.arraySync() as number[][][];
    return maps;
  } finally {
    tf.dispose(Object.values(rows));
  }
}
