// The ViT's forward pass over tensors fetched by name, shared by the trained model (masked
// weights) and its compacted form (fewer heads and MLP neurons per block, read off the shapes).
// Activations are 2-D token-major rows [T·B, E] (row t·B + b is token t of image b): every
// linear is a plain matMul and attention needs no transposes of its input.
import * as tf from "@tensorflow/tfjs";
import { attentionRows, classTokenAttention } from "./attention";
import { gelu, layerNorm, linear, patchify } from "./layers";

export interface VitGeometry {
  depth: number;
  embedDim: number;
  /** Width of one head: E / numHeads of the uncompacted model. */
  headDim: number;
  patchSize: number;
  /** Patches per image (tokens without the class token). */
  numPatches: number;
}

/** The tensor used as parameter `name` (for the model, W ⊙ M where a mask applies). */
export type TensorSource = (name: string) => tf.Tensor;

/** Sees a group-set activation (rows) and returns what flows on: the model's probe hook. */
export type ObserveRows = (name: string, rows: tf.Tensor2D) => tf.Tensor2D;

export const passThrough: ObserveRows = (_name, rows) => rows;

/** Receives each block's class-token attention [B, heads, T] (owned by the enclosing tidy). */
export type AttentionSink = (name: string, classAttention: tf.Tensor3D) => void;

/** Logits [B, classes] of images x [B, H, W, C]. Caller owns the result (run inside a tidy). */
export function vitLogits(
  x: tf.Tensor4D,
  geometry: VitGeometry,
  get: TensorSource,
  observe: ObserveRows,
  attend?: AttentionSink,
): tf.Tensor2D {
  const batch = x.shape[0];
  const { embedDim: e, numPatches } = geometry;
  const tokens = numPatches + 1;
  const patches = tf.transpose(patchify(x, geometry.patchSize), [1, 0, 2]);
  const patchRows = tf.reshape(patches, [numPatches * batch, -1]);
  const embedWeight = tf.reshape(get("patch_embed.proj.weight"), [e, -1]);
  const patchTokens = linear(patchRows, embedWeight, get("patch_embed.proj.bias"));
  // The class token repeated per image, as a broadcasting add: tf.broadcastTo's gradient (Tile's)
  // is one slice and one add per image.
  const cls = tf.add(tf.zeros([batch, e]), tf.reshape(get("cls_token"), [1, e]));
  const positioned = tf.add(
    tf.reshape(tf.concat([cls, patchTokens], 0), [tokens, batch, e]),
    tf.reshape(get("pos_embed"), [tokens, 1, e]),
  );
  let rows = tf.reshape<tf.Rank.R2>(positioned, [tokens * batch, e]);
  for (let i = 0; i < geometry.depth; i++)
    rows = block(rows, `blocks.${i}`, tokens, geometry, get, observe, attend);
  // timm normalizes every token and then reads the class token; only that one matters. The
  // class tokens are the first B rows.
  const clsOut = tf.slice(rows, [0, 0], [batch, e]);
  const features = layerNorm(clsOut, get("norm.weight"), get("norm.bias"));
  return linear(features, get("head.weight"), get("head.bias")) as tf.Tensor2D;
}

/**
 * One pre-norm block. A block compacted down to no heads (no neurons) adds only the bias of
 * proj (fc2): what the removed heads (neurons) contributed was zero.
 */
function block(
  rows: tf.Tensor2D,
  prefix: string,
  tokens: number,
  geometry: VitGeometry,
  get: TensorSource,
  observe: ObserveRows,
  attend: AttentionSink | undefined,
): tf.Tensor2D {
  const at = (name: string) => get(`${prefix}.${name}`);
  const norm = (name: string, x: tf.Tensor) => layerNorm(x, at(`${name}.weight`), at(`${name}.bias`));

  const qkvWeight = at("attn.qkv.weight");
  const heads = qkvWeight.shape[0]! / (3 * geometry.headDim);
  const normed = heads === 0 ? rows : (norm("norm1", rows) as tf.Tensor2D);
  if (attend && heads > 0) {
    attend(`${prefix}.attn`, classTokenAttention(normed, qkvWeight, at("attn.qkv.bias"), tokens, heads));
  }
  const attended =
    heads === 0
      ? at("attn.proj.bias")
      : linear(
          observe(`${prefix}.attn`, attentionRows(normed, qkvWeight, at("attn.qkv.bias"), tokens, heads)),
          at("attn.proj.weight"),
          at("attn.proj.bias"),
        );
  const afterAttn = tf.add(rows, attended);

  const fc1Weight = at("mlp.fc1.weight");
  if (fc1Weight.shape[0] === 0) return tf.add(afterAttn, at("mlp.fc2.bias")) as tf.Tensor2D;
  const hidden = gelu(linear(norm("norm2", afterAttn), fc1Weight, at("mlp.fc1.bias"))) as tf.Tensor2D;
  const mlp = linear(observe(`${prefix}.mlp`, hidden), at("mlp.fc2.weight"), at("mlp.fc2.bias"));
  return tf.add(afterAttn, mlp) as tf.Tensor2D;
}
