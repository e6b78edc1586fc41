// A CIFAR-style ResNet (He et al. 2016: basic blocks, stages of width w, 2w, 4w) in one file,
// read top to bottom: its layout (§4.2), its parameters (torchvision's names; conv weights
// stored HWIO for tf.conv2d, `torchPermutation` turns them into PyTorch's OIHW), its forward
// pass, its dependency groups (DESIGN.md §2), and the Model that ties them together. The fast
// kernels it calls (conv2d in conv.ts, batchNorm in batchNorm.ts, linear in layers.ts) live in
// their own files.
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../rng";
import type { ForwardOptions, ForwardResult, GroupSet, Model, ResNetShape } from "../types";
import { disposeAll } from "../weights";
import { batchNorm } from "./batchNorm";
import { conv2d } from "./conv";
import { kaimingNormalConv, torchDefaultUniform } from "./init";
import { linear } from "./layers";
import { observeActivation } from "./observe";
import { addVariable, maskedWeight, type ParamRecord, requireParam } from "./params";

// ─── Layout ──────────────────────────────────────────────────────────────────────────────────

export interface ConvSpec {
  /** PyTorch name without ".weight", e.g. "layer2.0.conv1" or "layer2.0.downsample.0". */
  name: string;
  /** The batch norm that follows it, e.g. "layer2.0.bn1" or "layer2.0.downsample.1". */
  bn: string;
  kernel: number;
  inChannels: number;
  outChannels: number;
  stride: number;
  /** Symmetric zero padding (PyTorch's `padding`). */
  pad: number;
  /** Spatial size of the output, [height, width]. */
  outSize: [number, number];
}

export interface BlockSpec {
  /** e.g. "layer2.0" */
  name: string;
  /** The stage whose residual stream the block writes, e.g. "layer2". */
  stage: string;
  conv1: ConvSpec;
  conv2: ConvSpec;
  /** 1×1 conv (then BN) on the shortcut where the block changes the shape; null elsewhere. */
  downsample: ConvSpec | null;
}

export interface ResNetLayout {
  stem: ConvSpec;
  blocks: BlockSpec[];
  features: number;
  numClasses: number;
}

function convSpec(
  name: string,
  bn: string,
  kernel: number,
  inChannels: number,
  outChannels: number,
  stride: number,
  inSize: [number, number],
): ConvSpec {
  const pad = (kernel - 1) / 2;
  const out = (size: number) => Math.floor((size + 2 * pad - kernel) / stride) + 1;
  return {
    name,
    bn,
    kernel,
    inChannels,
    outChannels,
    stride,
    pad,
    outSize: [out(inSize[0]), out(inSize[1])],
  };
}

export function resnetLayout(
  shape: ResNetShape,
  imageShape: [number, number, number],
  numClasses: number,
): ResNetLayout {
  const { depth, width } = shape;
  const perStage = (depth - 2) / 6;
  if (!Number.isInteger(perStage) || perStage < 1) {
    throw new Error(`model.depth ${depth} is not 6n+2 (8, 14, 20, …)`);
  }
  if (!Number.isInteger(width) || width < 1)
    throw new Error(`model.width ${width} is not a positive integer`);
  const [height, imageWidth, channels] = imageShape;
  const stem = convSpec("conv1", "bn1", 3, channels, width, 1, [height, imageWidth]);
  const blocks: BlockSpec[] = [];
  let inChannels = width;
  let size = stem.outSize;
  for (let stage = 1; stage <= 3; stage++) {
    const outChannels = width * 2 ** (stage - 1);
    for (let b = 0; b < perStage; b++) {
      const name = `layer${stage}.${b}`;
      const stride = stage > 1 && b === 0 ? 2 : 1;
      const conv1 = convSpec(`${name}.conv1`, `${name}.bn1`, 3, inChannels, outChannels, stride, size);
      const conv2 = convSpec(`${name}.conv2`, `${name}.bn2`, 3, outChannels, outChannels, 1, conv1.outSize);
      const reshapes = stride !== 1 || inChannels !== outChannels;
      const downsample = reshapes
        ? convSpec(`${name}.downsample.0`, `${name}.downsample.1`, 1, inChannels, outChannels, stride, size)
        : null;
      blocks.push({ name, stage: `layer${stage}`, conv1, conv2, downsample });
      inChannels = outChannels;
      size = conv2.outSize;
    }
  }
  return { stem, blocks, features: inChannels, numClasses };
}

// ─── Parameters ──────────────────────────────────────────────────────────────────────────────

const HWIO_TO_OIHW = [3, 2, 0, 1];

interface ResNetState {
  params: ParamRecord;
  buffers: ParamRecord;
}

/** torchvision's initialization, in state-dict order; one derived seed per random tensor. */
function initResNetParams(layout: ResNetLayout, seed: number): ResNetState {
  const rng = createRng(seed);
  const params: ParamRecord = {};
  const buffers: ParamRecord = {};
  const addConvAndBn = (conv: ConvSpec) => {
    const shape: [number, number, number, number] = [
      conv.kernel,
      conv.kernel,
      conv.inChannels,
      conv.outChannels,
    ];
    addVariable(params, `${conv.name}.weight`, kaimingNormalConv(shape, rng.seed()), true);
    addVariable(params, `${conv.bn}.weight`, tf.ones([conv.outChannels]), true);
    addVariable(params, `${conv.bn}.bias`, tf.zeros([conv.outChannels]), true);
    addVariable(buffers, `${conv.bn}.running_mean`, tf.zeros([conv.outChannels]), false);
    addVariable(buffers, `${conv.bn}.running_var`, tf.ones([conv.outChannels]), false);
  };
  addConvAndBn(layout.stem);
  for (const block of layout.blocks) {
    addConvAndBn(block.conv1);
    addConvAndBn(block.conv2);
    if (block.downsample !== null) addConvAndBn(block.downsample);
  }
  // nn.Linear keeps PyTorch's default init in torchvision's ResNet.
  const { features, numClasses } = layout;
  addVariable(params, "fc.weight", torchDefaultUniform([numClasses, features], features, rng.seed()), true);
  addVariable(params, "fc.bias", torchDefaultUniform([numClasses], features, rng.seed()), true);
  return { params, buffers };
}

// ─── Forward pass ────────────────────────────────────────────────────────────────────────────
// Over tensors fetched by name, so that the trained model (masked parameters, probes) and its
// compacted form (narrower convs, BNs and classifier; compact/resnet.ts) share it.

export interface ResNetTensors {
  /** The output of conv `spec` on x, before its batch norm. */
  conv(x: tf.Tensor4D, spec: ConvSpec): tf.Tensor4D;
  /** Batch-norm and classifier parameters by PyTorch name. */
  param(name: string): tf.Tensor;
  /** Running statistics by PyTorch name (assigned in training mode). */
  buffer(name: string): tf.Variable;
  /** The residual stream at the end of `stage` (after its last block's ReLU), as it flows on. */
  stageOutput(stage: string, h: tf.Tensor4D): tf.Tensor4D;
}

/** Logits [N, classes] of images x [N, H, W, C]. Caller owns the result (run inside a tidy). */
export function resnetLogits(
  x: tf.Tensor4D,
  layout: ResNetLayout,
  tensors: ResNetTensors,
  training: boolean,
): tf.Tensor2D {
  const convBn = (input: tf.Tensor4D, spec: ConvSpec) =>
    batchNorm(
      tensors.conv(input, spec),
      {
        weight: tensors.param(`${spec.bn}.weight`),
        bias: tensors.param(`${spec.bn}.bias`),
        runningMean: tensors.buffer(`${spec.bn}.running_mean`),
        runningVar: tensors.buffer(`${spec.bn}.running_var`),
      },
      training,
    );
  let h = tf.relu(convBn(x, layout.stem));
  layout.blocks.forEach((block, index) => {
    const inner = tf.relu(convBn(h, block.conv1));
    const residual = convBn(inner, block.conv2);
    const shortcut = block.downsample === null ? h : convBn(h, block.downsample);
    h = tf.relu(tf.add<tf.Tensor4D>(residual, shortcut));
    if (layout.blocks[index + 1]?.stage !== block.stage) h = tensors.stageOutput(block.stage, h);
  });
  const pooled = tf.mean(h, [1, 2]);
  return linear(pooled, tensors.param("fc.weight"), tensors.param("fc.bias")) as tf.Tensor2D;
}

// ─── Structure ───────────────────────────────────────────────────────────────────────────────

/** Every conv but the stem, in network (state-dict) order. */
export function prunableConvs(layout: ResNetLayout): ConvSpec[] {
  return layout.blocks.flatMap((block) =>
    block.downsample === null ? [block.conv1, block.conv2] : [block.conv1, block.conv2, block.downsample],
  );
}

/** The stages in network order, e.g. ["layer1", "layer2", "layer3"]. */
export function stageNames(layout: ResNetLayout): string[] {
  return [...new Set(layout.blocks.map((block) => block.stage))];
}

/**
 * The stage whose stream block `index` reads: the previous block's stage, and for the first
 * block the stem's output, which is stage 1's stream (stage 1 keeps the stem's width).
 */
export function streamRead(layout: ResNetLayout, index: number): string {
  const previous = layout.blocks[index - 1] ?? layout.blocks[index];
  if (previous === undefined) throw new Error(`no block ${index}`);
  return previous.stage;
}

/**
 * A block-internal group: conv1's output channel c goes through bn1 and ReLU into conv2
 * alone, so it is conv1's output c and conv2's input c, owning bn1's γ_c and β_c.
 */
function blockSet(block: BlockSpec): GroupSet {
  const { conv1, conv2 } = block;
  return {
    name: conv1.name,
    kind: "channel",
    count: conv1.outChannels,
    width: 1,
    slices: [
      { param: `${conv1.name}.weight`, axis: 3, offset: 0 },
      { param: `${conv2.name}.weight`, axis: 2, offset: 0 },
    ],
    owned: [
      { param: `${conv1.bn}.weight`, axis: 0, offset: 0 },
      { param: `${conv1.bn}.bias`, axis: 0, offset: 0 },
    ],
  };
}

/**
 * A stage's residual stream: the residual sums add channel c of every conv2 (and of the
 * downsample) of the stage into one channel c that every later block reads, so channel c is
 * cut from all of them or from none. It owns the BNs of those outputs, for stage 1 the stem
 * (whose output is the stream's start) and for the last stage the classifier's input column.
 */
function stageSet(layout: ResNetLayout, stage: string): GroupSet {
  const writers = layout.blocks.filter((block) => block.stage === stage);
  const first = writers[0];
  if (first === undefined) throw new Error(`no blocks in stage ${stage}`);
  const writes = writers.flatMap((block) =>
    block.downsample ? [block.conv2, block.downsample] : [block.conv2],
  );
  const reads = layout.blocks
    .filter((_, index) => streamRead(layout, index) === stage)
    .flatMap((block) => (block.downsample ? [block.conv1, block.downsample] : [block.conv1]));
  const startsAtStem = layout.blocks[0] === first;
  const normalized = startsAtStem ? [layout.stem, ...writes] : writes;
  const owned = [
    ...(startsAtStem ? [{ param: `${layout.stem.name}.weight`, axis: 3, offset: 0 }] : []),
    ...normalized.flatMap((conv) => [
      { param: `${conv.bn}.weight`, axis: 0, offset: 0 },
      { param: `${conv.bn}.bias`, axis: 0, offset: 0 },
    ]),
    ...(layout.blocks.at(-1)?.stage === stage ? [{ param: "fc.weight", axis: 1, offset: 0 }] : []),
  ];
  return {
    name: stage,
    kind: "channel",
    count: first.conv2.outChannels,
    width: 1,
    slices: [
      ...writes.map((conv) => ({ param: `${conv.name}.weight`, axis: 3, offset: 0 })),
      ...reads.map((conv) => ({ param: `${conv.name}.weight`, axis: 2, offset: 0 })),
    ],
    owned,
  };
}

/**
 * The channel groups as the dependency graph couples them (Torch-Pruning's DepGraph): per
 * stage, each block's conv1 set, then the stage's residual-stream set.
 */
export function resnetGroupSets(layout: ResNetLayout): GroupSet[] {
  return stageNames(layout).flatMap((stage) => [
    ...layout.blocks.filter((block) => block.stage === stage).map(blockSet),
    stageSet(layout, stage),
  ]);
}

/** 2·MACs of every conv and the classifier for one sample (BN, ReLU and pooling not counted). */
export function resnetFlopsPerSample(layout: ResNetLayout): number {
  const convMacs = (conv: ConvSpec) =>
    conv.outSize[0] * conv.outSize[1] * conv.kernel * conv.kernel * conv.inChannels * conv.outChannels;
  const convs = [layout.stem, ...prunableConvs(layout)];
  const total = convs.reduce((sum, conv) => sum + convMacs(conv), 0) + layout.features * layout.numClasses;
  return 2 * total;
}

// ─── The model ───────────────────────────────────────────────────────────────────────────────

export function createResNet(
  shape: ResNetShape,
  imageShape: [number, number, number],
  numClasses: number,
  seed: number,
): Model {
  const layout = resnetLayout(shape, imageShape, numClasses);
  const { params, buffers } = initResNetParams(layout, seed);
  const observed = new Set(layout.blocks.map((block) => block.conv1.name));

  function forward(x: tf.Tensor4D, options: ForwardOptions): ForwardResult {
    // Masks cover the prunable convs, and on a structured cut what dead groups own (BN γ and
    // β, the stem's output channels, the classifier's input columns): every one is applied.
    const masked = (name: string) => maskedWeight(params, options.masks, name);
    const activations: Record<string, tf.Tensor> = {};
    const tensors: ResNetTensors = {
      conv(input, spec) {
        const output = conv2d(input, masked(`${spec.name}.weight`) as tf.Tensor4D, spec.stride, spec.pad);
        return observed.has(spec.name) ? observeActivation(spec.name, output, options, activations) : output;
      },
      param: masked,
      buffer: (name) => requireParam(buffers, name),
      stageOutput: (stage, h) => observeActivation(stage, h, options, activations),
    };
    return { logits: resnetLogits(x, layout, tensors, options.training), activations };
  }

  const torchPermutation: Record<string, number[]> = {};
  for (const conv of [layout.stem, ...prunableConvs(layout)])
    torchPermutation[`${conv.name}.weight`] = HWIO_TO_OIHW;

  return {
    arch: "resnet",
    params,
    buffers,
    prunable: prunableConvs(layout).map((conv) => `${conv.name}.weight`),
    groupSets: resnetGroupSets(layout),
    torchPermutation,
    forward,
    flopsPerSample: resnetFlopsPerSample(layout),
    dispose: () => disposeAll(params, buffers),
  };
}
