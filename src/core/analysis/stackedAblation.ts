// The ViT's batched ablation: several copies of the evaluation batch stacked into one forward
// pass, copy c with group g_c zeroed. In the ViT, zeroing a group's slices and what it owns is
// zeroing its columns of the group-set activation the forward observes: a head's output before
// proj (its q, k, v rows and qkv bias make only that output; its proj columns only read it), an
// MLP neuron after GELU (gelu(0) = 0; its fc2 column only reads it). So the copies can share the
// weights and differ only by a 0/1 multiplier on that activation.
import * as tf from "@tensorflow/tfjs";
import { maskedWeight } from "../models/params";
import { type ObserveRows, vitLogits } from "../models/vit";
import type { GroupSet, MaskSet, Model } from "../types";
import { vitGeometryOf } from "./attention";

/** Images per stacked pass, at most: copies = max(1, floor(this / batch)). */
const IMAGES_PER_PASS = 512;

/** Whether `set` is one of the ViT's observed activations (blocks.i.attn, blocks.i.mlp). */
export function stacksOnActivation(model: Model, set: GroupSet): boolean {
  return model.arch === "vit" && /^blocks\.\d+\.(attn|mlp)$/.test(set.name);
}

/**
 * Mean cross-entropy of x, y with each group of `groups` zeroed in turn, as one tensor
 * [groups.length]; copies of the batch share a pass. Caller owns the result.
 */
export function stackedAblatedLosses(
  model: Model,
  masks: MaskSet,
  set: GroupSet,
  groups: number[],
  x: tf.Tensor4D,
  y: tf.Tensor1D,
): tf.Tensor1D {
  if (groups.length === 0) return tf.tensor1d([]);
  const geometry = vitGeometryOf(model);
  const batch = x.shape[0];
  const copies = Math.max(1, Math.floor(IMAGES_PER_PASS / batch));
  const width = set.count * set.width;
  const get = (name: string) => maskedWeight(model.params, masks, name);
  const chunks: tf.Tensor1D[] = [];
  try {
    for (let start = 0; start < groups.length; start += copies) {
      const chunk = groups.slice(start, start + copies);
      chunks.push(
        tf.tidy(() => {
          const multiplier = tf.tensor3d(keepColumns(chunk, batch, width, set.width), [
            1,
            chunk.length * batch,
            width,
          ]);
          const observe: ObserveRows = (name, rows) => {
            if (name !== set.name) return rows;
            const tokens = rows.shape[0] / (chunk.length * batch);
            const perToken = tf.reshape(rows, [tokens, chunk.length * batch, width]);
            return tf.reshape(tf.mul(perToken, multiplier), rows.shape) as tf.Tensor2D;
          };
          const stacked = tf.tile(x, [chunk.length, 1, 1, 1]) as tf.Tensor4D;
          const logits = vitLogits(stacked, geometry, get, observe);
          const labels = tf.tile(y, [chunk.length]);
          const perImage = tf.neg(
            tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, logits.shape[1])), 1),
          );
          return tf.mean(tf.reshape(perImage, [chunk.length, batch]), 1) as tf.Tensor1D;
        }),
      );
    }
    return tf.concat(chunks);
  } finally {
    tf.dispose(chunks);
  }
}

/** [copies·batch, width] of ones, copy c zero over the columns of group chunk[c]. */
function keepColumns(chunk: number[], batch: number, width: number, groupWidth: number): Float32Array {
  const values = new Float32Array(chunk.length * batch * width).fill(1);
  chunk.forEach((group, copy) => {
    for (let b = 0; b < batch; b++) {
      const row = (copy * batch + b) * width;
      values.fill(0, row + group * groupWidth, row + (group + 1) * groupWidth);
    }
  });
  return values;
}
