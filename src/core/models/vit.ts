// A small Vision Transformer (timm's VisionTransformer, class-token pooling, pre-norm blocks)
// over plain tfjs ops, with parameters named as in timm so checkpoints load in PyTorch. The
// forward pass (vitForward.ts) runs on token-major rows; the group-set activations are
// reported batch-major, [B, T, ·], as the Model contract says.
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../rng";
import type { ForwardOptions, ForwardResult, Model, VitShape } from "../types";
import { disposeAll } from "../weights";
import { torchDefaultUniform, truncatedNormal } from "./init";
import { observeActivation } from "./observe";
import { addVariable, maskedWeight, type ParamRecord } from "./params";
import { type ObserveRows, type VitGeometry, vitLogits } from "./vitForward";
import { type VitDims, vitFlopsPerSample, vitGroupSets, vitPrunable } from "./vitStructure";

const TOKEN_STD = 0.02;

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
    const observe: ObserveRows = (name, rows) => observeRows(name, rows, tokens, options, activations);
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

/**
 * The group-set activation at this point of token-major rows [T·B, W], seen batch-major
 * [B, T, W] (the contract's layout) by the probe and the collector. Without a probe the rows
 * flow on untouched; with one, the probed activation is turned back into rows.
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
