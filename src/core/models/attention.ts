// Multi-head self-attention up to (not including) the output projection, as in timm's
// Attention: qkv rows are ordered [q | k | v], each third ordered head by head. One tape entry
// with a hand-written gradient, whose per-head products are channel products (depthwise convs).
//
// Layout: rows are (token, image) pairs, token-major: [T·B, E] = [T, B, h, d], seen as [T, C, d]
// with C = B·h channels, one per (image, head).
import * as tf from "@tensorflow/tfjs";
import { channelProduct } from "./channelProduct";
import { affine } from "./fused/affine";
import { joinColumns, splitColumns } from "./fused/columns";
import { saveForBackward } from "./saved";

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
  const rows = tf.reshape<tf.Rank.R2>(tf.transpose(x, [1, 0, 2]), [tokens * batch, embedDim]);
  const heads = attentionRows(rows, qkvWeight, qkvBias, tokens, numHeads);
  return tf.transpose(tf.reshape<tf.Rank.R3>(heads, [tokens, batch, embedDim]), [1, 0, 2]) as tf.Tensor3D;
}

/** Rows i·width..(i+1)·width of the qkv weight: the q (0), k (1) or v (2) projection. */
function third(weight: tf.Tensor2D, i: number): tf.Tensor2D {
  const width = weight.shape[0] / 3;
  return tf.slice(weight, [i * width, 0], [width, weight.shape[1]]);
}

/** y = x·Wᵀ + b for the third `i` of the qkv weight and bias. */
function project(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D, i: number): tf.Tensor2D {
  const width = weight.shape[0] / 3;
  const b = tf.slice(bias, [i * width], [width]);
  return affine(x, tf.transpose(third(weight, i)), b);
}

/**
 * x: [T·B, E] token-major rows → every head's softmax(q·kᵀ/√d)·v, merged to [T·B, h·d] (head h
 * on channels h·d..(h+1)·d). qkvWeight is [3·h·d, E]: h·d = E for the model, less once heads
 * are compacted away. With `queryTokens` < T only the first queryTokens tokens attend (keys and
 * values still come from all T), and the result is their [queryTokens·B, h·d] rows: the last
 * block needs only the class token's. Caller owns the result.
 */
export function attentionRows(
  x: tf.Tensor2D,
  qkvWeight: tf.Tensor,
  qkvBias: tf.Tensor,
  tokens: number,
  numHeads: number,
  queryTokens = tokens,
): tf.Tensor2D {
  const rows = x.shape[0];
  const batch = rows / tokens;
  const queryRows = queryTokens * batch;
  const width = qkvWeight.shape[0] / 3;
  const headDim = width / numHeads;
  const scale = 1 / Math.sqrt(headDim);
  const perChannel: [number, number, number] = [tokens, batch * numHeads, headDim];
  const perQueryChannel: [number, number, number] = [queryTokens, batch * numHeads, headDim];
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, weight, bias, save] = inputs as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const [query, key, value] = queryKeyValue(input, weight, bias, perQueryChannel, perChannel);
    // scores [i, c, j] = Σ_e q[i, e, c]·k[e, c, j]; the softmax runs over j, the last axis.
    const scores = channelProduct(tf.transpose(query, [0, 2, 1]), tf.transpose(key, [2, 1, 0]));
    const weights = tf.softmax(tf.mul(scores, scale)) as tf.Tensor3D;
    // out [i, c, e] = Σ_j w[i, j, c]·v[j, c, e]
    const out = channelProduct(tf.transpose(weights, [0, 2, 1]), value);
    const restore = saveForBackward(save, [input, weight, query, key, value, weights]);
    return {
      value: tf.reshape<tf.Rank.R2>(out, [queryRows, width]),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sx, sw, sq, sk, sv, attn] = restore(saved) as [
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor3D,
        ];
        const dOut = tf.reshape<tf.Rank.R3>(dy, perQueryChannel);
        // ∂w [i, c, j] = Σ_e dOut[i, e, c]·v[e, c, j]; through softmax and the scale:
        // ∂scores = scale·w ⊙ (∂w − Σ_j w ⊙ ∂w)
        const dWeights = channelProduct(tf.transpose(dOut, [0, 2, 1]), tf.transpose(sv, [2, 1, 0]));
        const dScores = tf.mul(
          tf.mul(attn, tf.sub(dWeights, tf.sum(tf.mul(attn, dWeights), -1, true))),
          scale,
        ) as tf.Tensor3D;
        // ∂q [i, c, e] = Σ_j ∂s[i, j, c]·k[j, c, e]; ∂k [j, c, e] = Σ_i ∂s[j, i, c]·q[i, c, e];
        // ∂v [j, c, e] = Σ_i w[j, i, c]·dOut[i, c, e]
        const dQuery = channelProduct(tf.transpose(dScores, [0, 2, 1]), sk);
        const dKey = channelProduct(tf.transpose(dScores, [2, 0, 1]), sq);
        const dValue = channelProduct(tf.transpose(attn, [2, 0, 1]), dOut);
        // The rows that asked no query get no query gradient: zeros, so that the three stack.
        const dQueryRows =
          queryRows === rows
            ? dQuery
            : tf.pad(tf.reshape(dQuery, [queryRows, width]), [
                [0, rows - queryRows],
                [0, 0],
              ]);
        return projectionGradients(sx, sw, joinColumns([dQueryRows, dKey, dValue], rows));
      },
    };
  });
  return op(x, qkvWeight, qkvBias) as tf.Tensor2D;
}

/**
 * q, k and v of x [N, E] per channel (the given shapes; q of the first rows only where
 * queryShape has fewer tokens): one product split three ways where every row asks a query,
 * else q apart and one product for k and v.
 */
function queryKeyValue(
  x: tf.Tensor2D,
  weight: tf.Tensor2D,
  bias: tf.Tensor1D,
  queryShape: [number, number, number],
  shape: [number, number, number],
): [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D] {
  const width = weight.shape[0] / 3;
  // Rows per token (the batch) first: the other order rounds (197 · (1/197) is 0.999…).
  const queryRows = (x.shape[0] / shape[0]!) * queryShape[0]!;
  if (queryRows === x.shape[0]) {
    const qkv = affine(x, tf.transpose(weight), bias);
    const [query, key, value] = splitColumns(qkv, [width, width, width], [queryShape, shape, shape]);
    return [query, key, value] as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  }
  const query = project(tf.slice(x, [0, 0], [queryRows, x.shape[1]]), weight, bias, 0);
  const keyValueWeight = tf.slice(weight, [width, 0], [2 * width, weight.shape[1]]);
  const keyValue = affine(x, tf.transpose(keyValueWeight), tf.slice(bias, [width], [2 * width]));
  const [key, value] = splitColumns(keyValue, [width, width], [shape, shape]);
  return [tf.reshape(query, queryShape), key as tf.Tensor3D, value as tf.Tensor3D];
}

/**
 * ∂x, ∂W, ∂b of the three projections y_i = x·W_iᵀ + b_i from their output gradients side by
 * side, [N, 3w], the gradient of the stacked product: one product each for ∂W and ∂x, one sum
 * for ∂b.
 */
function projectionGradients(x: tf.Tensor2D, weight: tf.Tensor2D, stacked: tf.Tensor2D): tf.Tensor[] {
  const stackedT = tf.transpose(stacked); // [3w, N]
  return [tf.matMul(stacked, weight), tf.matMul(stackedT, x), tf.sum(stackedT, 1)];
}

/**
 * The class token's attention: for each image and head, softmax(q_cls·kᵀ/√d) over all tokens,
 * [B, heads, T]. x: [T·B, E] token-major rows (the class tokens are the first B rows). Plain
 * ops without a gradient, for inspection only. Caller owns the result.
 */
export function classTokenAttention(
  x: tf.Tensor2D,
  qkvWeight: tf.Tensor,
  qkvBias: tf.Tensor,
  tokens: number,
  numHeads: number,
): tf.Tensor3D {
  return tf.tidy(() => {
    const batch = x.shape[0] / tokens;
    const width = qkvWeight.shape[0]! / 3;
    const headDim = width / numHeads;
    const weight = qkvWeight as tf.Tensor2D;
    const bias = qkvBias as tf.Tensor1D;
    const classRows = tf.slice(x, [0, 0], [batch, x.shape[1]]);
    // q [B·h, 1, d]; k [T, B, h, d] → [B·h, T, d]
    const query = tf.reshape(project(classRows, weight, bias, 0), [batch * numHeads, 1, headDim]);
    const key = tf.reshape(
      tf.transpose(tf.reshape(project(x, weight, bias, 1), [tokens, batch, numHeads, headDim]), [1, 2, 0, 3]),
      [batch * numHeads, tokens, headDim],
    );
    const scores = tf.mul(tf.matMul(query, key, false, true), 1 / Math.sqrt(headDim));
    return tf.reshape(tf.softmax(scores), [batch, numHeads, tokens]) as tf.Tensor3D;
  });
}
