// A small Vision Transformer (timm's VisionTransformer: class-token pooling, pre-norm blocks)
// in one file, read top to bottom: its shape, its parameters (named as in timm, so checkpoints
// load in PyTorch), its forward pass, its pruning structure (DESIGN.md §2), and the Model that
// ties them together. The fast kernels it calls (embedTokens, linear, layerNorm, gelu in
// layers.ts; attentionRows in attention.ts; the fused ops under fused/) live in their own files.
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../rng";
import type { ForwardOptions, ForwardResult, GroupSet, Model, VitShape } from "../types";
import { disposeAll } from "../weights";
import { attentionRows, classTokenAttention } from "./attention";
import { torchDefaultUniform, truncatedNormal } from "./init";
import { embedTokens, gelu, layerNorm, linear, residualLinear } from "./layers";
import { observeActivation } from "./observe";
import { addVariable, maskedWeight, type ParamRecord } from "./params";

// ─── Shape ───────────────────────────────────────────────────────────────────────────────────

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

function vitDims(shape: VitShape, imageShape: [number, number, number], numClasses: number): VitDims {
  const [height, width, channels] = imageShape;
  const { depth, embedDim, numHeads, mlpRatio, patchSize } = shape;
  if (height % patchSize !== 0 || width % patchSize !== 0) {
    throw new Error(`model.patchSize ${patchSize} does not divide the ${height}×${width} images`);
  }
  if (embedDim % numHeads !== 0) {
    throw new Error(`model.embedDim ${embedDim} is not divisible by model.numHeads ${numHeads}`);
  }
  const hidden = Math.floor(embedDim * mlpRatio);
  if (hidden < 1) throw new Error(`model.mlpRatio ${mlpRatio} leaves no MLP neurons`);
  const numPatches = (height / patchSize) * (width / patchSize);
  return { depth, embedDim, numHeads, hidden, patchSize, channels, numPatches, numClasses };
}

// ─── Parameters ──────────────────────────────────────────────────────────────────────────────

const TOKEN_STD = 0.02;

/** timm's initialization, in timm's state-dict order; one derived seed per random tensor. */
function initVitParams(dims: VitDims, seed: number): ParamRecord {
  const rng = createRng(seed);
  const { embedDim: e, hidden: h, patchSize: p, channels: c } = dims;
  const params: ParamRecord = {};
  const add = (name: string, init: tf.Tensor) => addVariable(params, name, init, true);
  const normal = (shape: number[]) => truncatedNormal(shape, TOKEN_STD, rng.seed());
  add("cls_token", normal([1, 1, e]));
  add("pos_embed", normal([1, dims.numPatches + 1, e]));
  // The patch embedding is an nn.Conv2d: PyTorch's default init, weight [E, C, p, p].
  const patchFanIn = c * p * p;
  add("patch_embed.proj.weight", torchDefaultUniform([e, c, p, p], patchFanIn, rng.seed()));
  add("patch_embed.proj.bias", torchDefaultUniform([e], patchFanIn, rng.seed()));
  const addLayerNorm = (prefix: string) => {
    add(`${prefix}.weight`, tf.ones([e]));
    add(`${prefix}.bias`, tf.zeros([e]));
  };
  const addLinear = (prefix: string, outFeatures: number, inFeatures: number) => {
    add(`${prefix}.weight`, normal([outFeatures, inFeatures]));
    add(`${prefix}.bias`, tf.zeros([outFeatures]));
  };
  for (let i = 0; i < dims.depth; i++) {
    const block = `blocks.${i}`;
    addLayerNorm(`${block}.norm1`);
    addLinear(`${block}.attn.qkv`, 3 * e, e);
    addLinear(`${block}.attn.proj`, e, e);
    addLayerNorm(`${block}.norm2`);
    addLinear(`${block}.mlp.fc1`, h, e);
    addLinear(`${block}.mlp.fc2`, e, h);
  }
  addLayerNorm("norm");
  addLinear("head", dims.numClasses, e);
  return params;
}

// ─── Forward pass ────────────────────────────────────────────────────────────────────────────
// Over tensors fetched by name, so that the trained model (masked weights) and its compacted
// form (fewer heads and MLP neurons per block, read off the shapes; compact/vit.ts) share it.
// Activations are 2-D token-major rows [T·B, E] (row t·B + b is token t of image b): every
// linear is a plain matMul and attention needs no transposes of its input.

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
  const tokens = geometry.numPatches + 1;
  let rows = embedTokens(
    x,
    geometry.patchSize,
    get("patch_embed.proj.weight"),
    get("patch_embed.proj.bias"),
    get("cls_token"),
    get("pos_embed"),
  );
  // timm normalizes every token and then reads the class token; only that one matters. So
  // unless something observes the activations, the last block computes only the class tokens'
  // rows past its keys and values (about a sixth of the model's FLOPs not done, same logits).
  const classOnly = observe === passThrough;
  for (let i = 0; i < geometry.depth; i++) {
    const last = classOnly && i === geometry.depth - 1;
    rows = block(rows, `blocks.${i}`, tokens, geometry, get, observe, attend, last);
  }
  // The class tokens are the first B rows.
  const clsOut = rows.shape[0] === batch ? rows : tf.slice(rows, [0, 0], [batch, geometry.embedDim]);
  const features = layerNorm(clsOut, get("norm.weight"), get("norm.bias"));
  return linear(features, get("head.weight"), get("head.bias")) as tf.Tensor2D;
}

/**
 * One pre-norm block: norm1 → attention → residual, norm2 → MLP → residual. A block compacted
 * down to no heads (no neurons) adds only the bias of proj (fc2): what the removed heads
 * (neurons) contributed was zero. With `classOnly`, only the class tokens attend and go on:
 * the result is their B rows.
 */
function block(
  rows: tf.Tensor2D,
  prefix: string,
  tokens: number,
  geometry: VitGeometry,
  get: TensorSource,
  observe: ObserveRows,
  attend: AttentionSink | undefined,
  classOnly: boolean,
): tf.Tensor2D {
  const at = (name: string) => get(`${prefix}.${name}`);
  const norm = (name: string, x: tf.Tensor) => layerNorm(x, at(`${name}.weight`), at(`${name}.bias`));

  const qkvWeight = at("attn.qkv.weight");
  const heads = qkvWeight.shape[0]! / (3 * geometry.headDim);
  const normed = heads === 0 ? rows : (norm("norm1", rows) as tf.Tensor2D);
  if (attend && heads > 0) {
    attend(`${prefix}.attn`, classTokenAttention(normed, qkvWeight, at("attn.qkv.bias"), tokens, heads));
  }
  const residual = classOnly ? tf.slice(rows, [0, 0], [rows.shape[0] / tokens, rows.shape[1]]) : rows;
  // residualLinear(r, x, W, b) = r + x·Wᵀ + b
  const afterAttn =
    heads === 0
      ? (tf.add(residual, at("attn.proj.bias")) as tf.Tensor2D)
      : residualLinear(
          residual,
          observe(
            `${prefix}.attn`,
            attentionRows(normed, qkvWeight, at("attn.qkv.bias"), tokens, heads, classOnly ? 1 : tokens),
          ),
          at("attn.proj.weight"),
          at("attn.proj.bias"),
        );

  const fc1Weight = at("mlp.fc1.weight");
  if (fc1Weight.shape[0] === 0) return tf.add(afterAttn, at("mlp.fc2.bias")) as tf.Tensor2D;
  const hidden = gelu(linear(norm("norm2", afterAttn), fc1Weight, at("mlp.fc1.bias"))) as tf.Tensor2D;
  return residualLinear(
    afterAttn,
    observe(`${prefix}.mlp`, hidden),
    at("mlp.fc2.weight"),
    at("mlp.fc2.bias"),
  );
}

/**
 * The group-set activation at this point of token-major rows [T·B, W], seen batch-major
 * [B, T, W] (the Model contract's layout) by the probe and the collector. Without a probe the
 * rows flow on untouched; with one, the probed activation is turned back into rows.
 */
function observeRows(
  name: string,
  rows: tf.Tensor2D,
  tokens: number,
  options: ForwardOptions,
  collected: Record<string, tf.Tensor>,
): tf.Tensor2D {
  const probed = options.probes?.[name] !== undefined;
  if (!probed && !options.collect) return rows;
  const [count, width] = rows.shape;
  const batchMajor = tf.transpose(tf.reshape(rows, [tokens, count / tokens, width]), [1, 0, 2]);
  const observed = observeActivation(name, batchMajor, options, collected);
  return probed ? tf.reshape(tf.transpose(observed, [1, 0, 2]), [count, width]) : rows;
}

// ─── Structure ───────────────────────────────────────────────────────────────────────────────

export function vitPrunable(depth: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < depth; i++) {
    const block = `blocks.${i}`;
    names.push(`${block}.attn.qkv.weight`, `${block}.attn.proj.weight`);
    names.push(`${block}.mlp.fc1.weight`, `${block}.mlp.fc2.weight`);
  }
  return names;
}

/**
 * Per block: its heads, then its MLP neurons. A head is its q, k and v rows and its proj
 * columns, owning its q, k and v biases; a neuron is its fc1 row and fc2 column, owning its
 * fc1 bias.
 */
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

// ─── The model ───────────────────────────────────────────────────────────────────────────────

export function createVit(
  shape: VitShape,
  imageShape: [number, number, number],
  numClasses: number,
  seed: number,
): Model {
  const dims = vitDims(shape, imageShape, numClasses);
  const params = initVitParams(dims, seed);
  const geometry: VitGeometry = { ...dims, headDim: dims.embedDim / dims.numHeads };
  const tokens = dims.numPatches + 1;

  function forward(x: tf.Tensor4D, options: ForwardOptions): ForwardResult {
    // Masks cover the prunable weights, and on a structured cut what dead groups own (biases).
    const get = (name: string) => maskedWeight(params, options.masks, name);
    const activations: Record<string, tf.Tensor> = {};
    // passThrough itself when nothing is observed: vitLogits then skips the last block's other tokens.
    const observed = options.collect === true || options.probes !== undefined;
    const observe: ObserveRows = observed
      ? (name, rows) => observeRows(name, rows, tokens, options, activations)
      : passThrough;
    return { logits: vitLogits(x, geometry, get, observe), activations };
  }

  return {
    arch: "vit",
    params,
    buffers: {},
    prunable: vitPrunable(dims.depth),
    groupSets: vitGroupSets(dims),
    torchPermutation: {},
    forward,
    flopsPerSample: vitFlopsPerSample(dims),
    dispose: () => disposeAll(params),
  };
}
