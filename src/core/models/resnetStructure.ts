// The CIFAR ResNet's layout (He et al. 2016, §4.2), its pruning structure and analytic cost.
import type { GroupSet, ResNetShape } from "../types";

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
      blocks.push({ name, conv1, conv2, downsample });
      inChannels = outChannels;
      size = conv2.outSize;
    }
  }
  return { stem, blocks, features: inChannels, numClasses };
}

/** Every conv but the stem, in network (state-dict) order. */
export function prunableConvs(layout: ResNetLayout): ConvSpec[] {
  return layout.blocks.flatMap((block) =>
    block.downsample === null ? [block.conv1, block.conv2] : [block.conv1, block.conv2, block.downsample],
  );
}

/** One set per prunable conv: its output channels (axis 3 of the HWIO weight). */
export function resnetGroupSets(layout: ResNetLayout): GroupSet[] {
  return prunableConvs(layout).map((conv) => ({
    name: conv.name,
    kind: "channel",
    count: conv.outChannels,
    width: 1,
    slices: [{ param: `${conv.name}.weight`, axis: 3, offset: 0 }],
  }));
}

/** 2·MACs of every conv and the classifier for one sample (BN, ReLU and pooling not counted). */
export function resnetFlopsPerSample(layout: ResNetLayout): number {
  const convMacs = (conv: ConvSpec) =>
    conv.outSize[0] * conv.outSize[1] * conv.kernel * conv.kernel * conv.inChannels * conv.outChannels;
  const convs = [layout.stem, ...prunableConvs(layout)];
  const total = convs.reduce((sum, conv) => sum + convMacs(conv), 0) + layout.features * layout.numClasses;
  return 2 * total;
}
