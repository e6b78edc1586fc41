// A CIFAR-style ResNet (He et al. 2016: basic blocks, stages of width w, 2w, 4w) over plain
// tfjs ops, with torchvision's parameter names. Conv weights are stored HWIO for tf.conv2d;
// `torchPermutation` turns them into PyTorch's OIHW.
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../rng";
import type { ForwardOptions, ForwardResult, Model, ResNetShape } from "../types";
import { disposeAll } from "../weights";
import { conv2d } from "./conv";
import { kaimingNormalConv, torchDefaultUniform } from "./init";
import { observeActivation } from "./observe";
import { addVariable, maskedWeight, type ParamRecord, requireParam } from "./params";
import { type ResNetTensors, resnetLogits } from "./resnetForward";
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
