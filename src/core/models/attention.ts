// Multi-head self-attention up to (not including) the output projection, as in timm's
// Attention: qkv rows are ordered [q | k | v], each third ordered head by head.
import * as tf from "@tensorflow/tfjs";
import { linear } from "./layers";

/**
 * x: [B, T, E] → the heads' outputs merged to [B, T, E], head h on channels h·d..(h+1)·d
 * (d = E / numHeads). Caller owns the result.
 */
export function multiHeadAttention(
  x: tf.Tensor3D,
  qkvWeight: tf.Tensor,
  qkvBias: tf.Tensor,
  numHeads: number,
): tf.Tensor3D {
  const [batch, tokens, embedDim] = x.shape;
  const headDim = embedDim / numHeads;
  const qkv = linear(x, qkvWeight, qkvBias); // [B, T, 3E]
  // Each third [B, T, E] → [B·h, T, d]: heads folded into the batch for 3-D matMuls. Rank-4
  // transposes only; WASM's rank-5 transpose is ~100× slower.
  const toHeads = (third: tf.Tensor) =>
    tf.reshape(tf.transpose(tf.reshape(third, [batch, tokens, numHeads, headDim]), [0, 2, 1, 3]), [
      batch * numHeads,
      tokens,
      headDim,
    ]);
  const [q, k, v] = tf.split(qkv, 3, 2).map(toHeads);
  if (q === undefined || k === undefined || v === undefined) throw new Error("qkv split failed");
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(headDim)); // [B·h, T, T]
  const heads = tf.matMul(tf.softmax(scores), v); // [B·h, T, d]
  const merged = tf.transpose(tf.reshape(heads, [batch, numHeads, tokens, headDim]), [0, 2, 1, 3]);
  return tf.reshape(merged, [batch, tokens, embedDim]);
}
