// A CIFAR-style ResNet (He et al. 2016: basic blocks, stages of width w, 2w, 4w) over plain
// tfjs ops, with torchvision's parameter names. Conv weights are stored HWIO for tf.conv2d;
// `torchPermutation` turns them into PyTorch's OIHW.
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../rng";
import type { ForwardOptions, ForwardResult, Model, ResNetShape } from "../types";
import { batchNorm } from "./batchNorm";
import { conv2d } from "./conv";
import { kaimingNormalConv, torchDefaultUniform } from "./init";
import { linear } from "./layers";
import { observeActivation } from "./observe";
import { addVariable, disposeAll, maskedWeight, type ParamRecord, requireParam } from "./params";
import {
  type ConvSpec,
  prunableConvs,
  type ResNetLayout,
  resnetFlopsPerSample,
  resnetGroupSets,
  resnetLayout,
} from "./resnetStructure";

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

export function createResNet(
  shape: ResNetShape,
  imageShape: [number, number, number],
  numClasses: number,
  seed: number,
): Model {
  const layout = resnetLayout(shape, imageShape, numClasses);
  const { params, buffers } = initResNetParams(layout, seed);
  const prunable = new Set(prunableConvs(layout).map((conv) => conv.name));

  /** conv → (probe, collect: prunable convs only) → batch norm. */
  function convBn(
    x: tf.Tensor4D,
    conv: ConvSpec,
    options: ForwardOptions,
    collected: Record<string, tf.Tensor>,
  ) {
    const weightName = `${conv.name}.weight`;
    const weight = prunable.has(conv.name)
      ? maskedWeight(params, options.masks, weightName)
      : requireParam(params, weightName);
    let out = conv2d(x, weight as tf.Tensor4D, conv.stride, conv.pad);
    if (prunable.has(conv.name)) out = observeActivation(conv.name, out, options, collected);
    return batchNorm(
      out,
      {
        weight: requireParam(params, `${conv.bn}.weight`),
        bias: requireParam(params, `${conv.bn}.bias`),
        runningMean: requireParam(buffers, `${conv.bn}.running_mean`),
        runningVar: requireParam(buffers, `${conv.bn}.running_var`),
      },
      options.training,
    );
  }

  function forward(x: tf.Tensor4D, options: ForwardOptions): ForwardResult {
    const activations: Record<string, tf.Tensor> = {};
    let h = tf.relu(convBn(x, layout.stem, options, activations));
    for (const block of layout.blocks) {
      const inner = tf.relu(convBn(h, block.conv1, options, activations));
      const residual = convBn(inner, block.conv2, options, activations);
      const shortcut = block.downsample === null ? h : convBn(h, block.downsample, options, activations);
      h = tf.relu(tf.add<tf.Tensor4D>(residual, shortcut));
    }
    const pooled = tf.mean(h, [1, 2]);
    const logits = linear(
      pooled,
      requireParam(params, "fc.weight"),
      requireParam(params, "fc.bias"),
    ) as tf.Tensor2D;
    return { logits, activations };
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
